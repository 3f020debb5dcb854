// SPDX-License-Identifier: Apache-2.0
//
// Version sprawl: components grouped by version-less purl, versions ordered by their ecosystem's
// scheme, the newest clean version picked to converge on.
#include "upkeep/sprawl.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "upkeep/purl.h"
#include "upkeep/version.h"

namespace upkeep::maintenance {
namespace {

// Newest first by `scheme`; versions it cannot read after the others, by text. A strict weak
// order as long as the scheme is a total order on the versions it reads.
void order_versions(std::vector<SprawlVersion>& versions, const version::Scheme* scheme) {
  const auto readable = [&](const SprawlVersion& v) {
    return scheme != nullptr && scheme->is_valid(v.version);
  };
  std::stable_sort(versions.begin(), versions.end(),
                   [&](const SprawlVersion& a, const SprawlVersion& b) {
                     const bool ra = readable(a), rb = readable(b);
                     if (ra != rb) return ra;
                     if (ra) {
                       const auto order = scheme->try_compare(a.version, b.version);
                       if (order && *order != std::strong_ordering::equal) {
                         return *order == std::strong_ordering::greater;
                       }
                     }
                     return a.version < b.version;
                   });
}

}  // namespace

Sprawl find_sprawl(const inventory::Inventory& inventory, std::span<const match::Finding> findings,
                   std::span<const match::ComponentAdvice> advice) {
  const auto& components = inventory.components;
  // Open vulnerabilities per component, by preferred id.
  std::vector<std::vector<std::string>> open(components.size());
  for (const auto& f : findings) {
    if (f.suppressed || f.component >= components.size()) continue;
    open[f.component].emplace_back(f.preferred_id());
  }
  std::vector<const match::ComponentAdvice*> advice_of(components.size(), nullptr);
  for (const auto& a : advice) {
    if (a.component < components.size()) advice_of[a.component] = &a;
  }

  // (ecosystem, key) -> version -> components. std::map: the output order is the keys' order.
  // The ecosystem keeps releases apart: openssl of Debian 11 and of Debian 12 are two packages
  // that no host can converge.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<size_t>>> by_key;
  for (size_t i = 0; i < components.size(); ++i) {
    const auto& c = components[i];
    if (c.version.empty() || c.purl.empty()) continue;
    auto key = purl::versionless(c.purl);
    if (!key.is_ok()) continue;
    by_key[{c.ecosystem, *key}][c.version].push_back(i);
  }

  Sprawl out;
  out.distinct_components = by_key.size();
  for (auto& [ecosystem_and_key, versions] : by_key) {
    out.distinct_versions += versions.size();
    if (versions.size() < 2) continue;
    SprawlEntry e;
    e.key = ecosystem_and_key.second;
    const auto& first = components[versions.begin()->second.front()];
    e.ecosystem = first.ecosystem;
    e.name = first.name;
    for (auto& [version, where] : versions) {
      SprawlVersion v;
      v.version = version;
      v.components = std::move(where);
      for (size_t i : v.components)
        v.open_findings.insert(v.open_findings.end(), open[i].begin(), open[i].end());
      std::sort(v.open_findings.begin(), v.open_findings.end());
      v.open_findings.erase(std::unique(v.open_findings.begin(), v.open_findings.end()),
                            v.open_findings.end());
      e.versions.push_back(std::move(v));
    }
    order_versions(e.versions, version::find_scheme(e.ecosystem));
    // Converging means moving every use to one version: the newest in use, when it is clean.
    // An older clean version would be a downgrade for some (and may lack their fixes).
    if (e.versions.front().open_findings.empty()) e.converge_on = 0;
    if (e.converge_on == SprawlEntry::kNone) {
      for (size_t i : e.versions.front().components) {
        const auto* a = advice_of[i];
        if (a != nullptr && a->kind == match::ComponentAdvice::Kind::kUpgrade) {
          e.upgrade_to = a->upgrade_to;
          break;
        }
      }
    }
    out.surplus_versions += e.versions.size() - 1;
    out.entries.push_back(std::move(e));
  }
  std::stable_sort(out.entries.begin(), out.entries.end(),
                   [](const SprawlEntry& a, const SprawlEntry& b) {
                     return a.versions.size() > b.versions.size();
                   });
  out.sprawling_components = out.entries.size();
  return out;
}

}  // namespace upkeep::maintenance
