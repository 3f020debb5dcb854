// SPDX-License-Identifier: Apache-2.0
//
// The matcher: for each component one lookup per package name (cached across components), the
// records evaluated entry by entry, the affecting records merged into vulnerabilities through
// their ids and aliases (union-find), and fix advice per finding and per component.
#include "upkeep/matcher.h"

#include <algorithm>
#include <compare>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/version.h"

namespace upkeep::match {
namespace {

using advisory::Affected;
using advisory::Record;

enum class Family : uint8_t { kLanguage, kDeb, kRpm, kApk };

Family family_of(std::string_view ecosystem) {
  const version::Scheme* scheme = version::find_scheme(ecosystem);
  if (scheme == nullptr) return Family::kLanguage;
  if (scheme == version::find_scheme("deb")) return Family::kDeb;
  if (scheme == version::find_scheme("rpm")) return Family::kRpm;
  if (scheme == version::find_scheme("apk")) return Family::kApk;
  return Family::kLanguage;
}

// The scheme that orders fixed versions of an ecosystem (for advice): its ECOSYSTEM scheme, else
// the SEMVER one (Bitnami).
const version::Scheme* order_scheme(std::string_view ecosystem) {
  if (const auto* s = scheme_for_range(ecosystem, advisory::Range::Type::kEcosystem)) return s;
  return scheme_for_range(ecosystem, advisory::Range::Type::kSemver);
}

bool less_version(const version::Scheme& s, std::string_view a, std::string_view b) {
  return s.try_compare(a, b) == std::strong_ordering::less;
}

// Debian and Ubuntu records name the CVE they are about in `related` / `upstream`.
bool related_are_aliases(const Record& r) {
  for (const Affected& a : r.affected) {
    const std::string_view base = advisory::base_ecosystem(a.ecosystem);
    if (base == "Debian" || base == "Ubuntu") return true;
  }
  return false;
}

// One record's verdict for one package version.
struct Hit {
  const Record* record = nullptr;
  Verdict verdict;
  std::string fixed;  // smallest fixed version above, over the record's matching entries
};

struct Evaluated {
  std::vector<Hit> hits;  // affected or unknown
};

// Entries of `r` for exactly this package (the store returns whole records).
template <typename F>
void for_matching_entries(const Record& r, std::string_view ecosystem, std::string_view normalized,
                          F&& f) {
  for (const Affected& a : r.affected) {
    if (a.ecosystem != ecosystem) continue;
    if (advisory::normalize_package_name(a.ecosystem, a.name) != normalized) continue;
    f(a);
  }
}

Verdict record_verdict(const Record& r, std::string_view ecosystem, std::string_view normalized,
                       std::string_view version, std::string* fixed) {
  Verdict out;
  const version::Scheme* order = order_scheme(ecosystem);
  for_matching_entries(r, ecosystem, normalized, [&](const Affected& a) {
    Verdict v = evaluate(a, version);
    if (v.affected()) {
      if (!out.affected()) out = Verdict{Verdict::Kind::kAffected, {}};
      if (fixed != nullptr) {
        if (auto f = fixed_version_above(a, version)) {
          if (fixed->empty() || (order != nullptr && less_version(*order, *f, *fixed))) {
            *fixed = *f;
          }
        }
      }
    } else if (v.unknown() && out.kind == Verdict::Kind::kNotAffected) {
      out = std::move(v);
    }
  });
  return out;
}

// Union-find over strings.
class Groups {
 public:
  size_t id(const std::string& s) {
    auto [it, inserted] = ids_.try_emplace(s, parent_.size());
    if (inserted) parent_.push_back(parent_.size());
    return it->second;
  }
  size_t find(size_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void unite(size_t a, size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::unordered_map<std::string, size_t> ids_;
  std::vector<size_t> parent_;
};

bool is_cve(std::string_view id) {
  return id.starts_with("CVE-");
}

// All the ids of one record that name its vulnerability.
std::vector<std::string> names_of(const Record& r) {
  std::vector<std::string> out{r.id};
  out.insert(out.end(), r.aliases.begin(), r.aliases.end());
  if (related_are_aliases(r)) {
    out.insert(out.end(), r.related.begin(), r.related.end());
    out.insert(out.end(), r.upstream.begin(), r.upstream.end());
  }
  return out;
}

std::vector<Finding> merge(size_t component, const std::vector<const Hit*>& hits,
                           const version::Scheme* order) {
  Groups groups;
  for (const Hit* h : hits) {
    const size_t root = groups.id(h->record->id);
    for (const std::string& n : names_of(*h->record))
      groups.unite(root, groups.id(n));
  }
  std::map<size_t, std::vector<const Hit*>> by_group;
  for (const Hit* h : hits)
    by_group[groups.find(groups.id(h->record->id))].push_back(h);

  std::vector<Finding> out;
  for (auto& [root, members] : by_group) {
    Finding f;
    f.component = component;
    std::vector<std::string> ids;
    for (const Hit* h : members) {
      f.records.push_back(h->record->id);
      for (std::string& n : names_of(*h->record))
        ids.push_back(std::move(n));
      if (f.summary.empty()) f.summary = h->record->summary;
      if (!h->fixed.empty() &&
          (f.fixed_version.empty() ||
           (order != nullptr && less_version(*order, h->fixed, f.fixed_version)))) {
        f.fixed_version = h->fixed;
      }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::sort(f.records.begin(), f.records.end());
    f.records.erase(std::unique(f.records.begin(), f.records.end()), f.records.end());
    // The preferred id first: a CVE when there is one, else the first record id.
    auto cve = std::find_if(ids.begin(), ids.end(), [](const std::string& s) { return is_cve(s); });
    std::string preferred = cve != ids.end() ? *cve : f.records.front();
    f.ids.push_back(preferred);
    for (std::string& s : ids) {
      if (s != preferred) f.ids.push_back(std::move(s));
    }
    f.sources = {"osv"};
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const Finding& a, const Finding& b) { return a.ids.front() < b.ids.front(); });
  return out;
}

}  // namespace

std::optional<Query> query_for(const inventory::Component& c) {
  if (c.ecosystem.empty() || c.name.empty() || c.version.empty()) return std::nullopt;
  Query q;
  q.ecosystem = c.ecosystem;
  auto add = [&](const std::string& name, const std::string& version) {
    if (name.empty() || version.empty()) return;
    std::string normalized = advisory::normalize_package_name(c.ecosystem, name);
    for (const Query::Name& n : q.names) {
      if (n.normalized == normalized && n.version == version) return;
    }
    q.names.push_back({std::move(normalized), version});
  };
  switch (family_of(c.ecosystem)) {
    case Family::kDeb:
    case Family::kApk:
      // Debian, Ubuntu and Alpine advisories name source packages.
      add(c.source_name.empty() ? c.name : c.source_name,
          c.source_version.empty() ? c.version : c.source_version);
      break;
    case Family::kRpm:
      // AlmaLinux's and Rocky's OSV data name binary packages, other RPM distributions source
      // ones: both are asked, each with its own version.
      add(c.name, c.version);
      if (!c.source_name.empty()) {
        add(c.source_name, c.source_version.empty() ? c.version : c.source_version);
      }
      break;
    case Family::kLanguage:
      add(c.name, c.version);
      break;
  }
  if (q.names.empty()) return std::nullopt;
  return q;
}

Result<std::vector<std::string>> Matcher::affecting(std::string_view ecosystem,
                                                    std::string_view name, std::string_view version,
                                                    std::vector<UnknownVerdict>* unknowns) const {
  const std::string normalized = advisory::normalize_package_name(ecosystem, name);
  std::vector<std::string> out;
  Status s = source_.for_each_record(ecosystem, normalized, [&](const Record& r) {
    if (r.is_withdrawn()) return;
    Verdict v = record_verdict(r, ecosystem, normalized, version, nullptr);
    if (v.affected()) {
      out.push_back(r.id);
    } else if (v.unknown() && unknowns != nullptr) {
      unknowns->push_back({0, r.id, std::move(v.reason)});
    }
  });
  if (!s.is_ok()) return s;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<MatchResult> Matcher::run(const inventory::Inventory& inventory) const {
  MatchResult result;
  result.stats.components = inventory.components.size();

  // Records per package, fetched once for all the components that share it.
  std::unordered_map<std::string, std::shared_ptr<const std::vector<Record>>> records_cache;
  auto records_for = [&](const std::string& ecosystem,
                         const std::string& normalized) -> Result<const std::vector<Record>*> {
    std::string key = ecosystem + '\0' + normalized;
    auto it = records_cache.find(key);
    if (it == records_cache.end()) {
      auto fetched = source_.records_for(ecosystem, normalized);
      if (!fetched.is_ok()) {
        return fetched.status().with_context("looking up " + ecosystem + " " + normalized);
      }
      ++result.stats.lookups;
      it = records_cache
               .emplace(std::move(key),
                        std::make_shared<const std::vector<Record>>(std::move(*fetched)))
               .first;
    }
    return it->second.get();
  };

  for (size_t ci = 0; ci < inventory.components.size(); ++ci) {
    const inventory::Component& c = inventory.components[ci];
    std::optional<Query> q = query_for(c);
    if (!q) {
      ++result.stats.skipped_components;
      continue;
    }
    ++result.stats.matched_components;

    // Hits over all names of the component; a record found under two names counts once.
    std::vector<Hit> hits;
    struct Asked {
      const std::vector<Record>* records;
      const Query::Name* name;
    };
    std::vector<Asked> asked;
    for (const Query::Name& n : q->names) {
      auto records = records_for(q->ecosystem, n.normalized);
      if (!records.is_ok()) return records.status();
      asked.push_back({*records, &n});
      for (const Record& r : **records) {
        if (r.is_withdrawn()) {
          ++result.stats.withdrawn_skipped;
          continue;
        }
        if (std::any_of(hits.begin(), hits.end(),
                        [&](const Hit& h) { return h.record->id == r.id; })) {
          continue;
        }
        ++result.stats.records_evaluated;
        Hit h;
        h.record = &r;
        h.verdict = record_verdict(r, q->ecosystem, n.normalized, n.version, &h.fixed);
        if (h.verdict.unknown()) {
          ++result.stats.unknown_verdicts;
          result.unknowns.push_back({ci, r.id, h.verdict.reason});
        } else if (h.verdict.affected()) {
          hits.push_back(std::move(h));
        }
      }
    }
    if (hits.empty()) continue;

    const version::Scheme* order = order_scheme(q->ecosystem);
    std::vector<const Hit*> hit_ptrs;
    for (const Hit& h : hits)
      hit_ptrs.push_back(&h);
    std::vector<Finding> findings = merge(ci, hit_ptrs, order);

    // The one upgrade that clears them all.
    ComponentAdvice advice;
    advice.component = ci;
    for (const Finding& f : findings) {
      if (f.fixed_version.empty()) advice.remaining.push_back(f.ids.front());
    }
    if (!advice.remaining.empty()) {
      advice.kind = ComponentAdvice::Kind::kNoFix;
    } else if (order == nullptr) {
      advice.kind = ComponentAdvice::Kind::kUnordered;
    } else {
      // Candidates: every fixed version of the package's records at or above the highest fix of
      // a finding, smallest first; the first that no affecting record still affects wins, and
      // one that no record at all affects is preferred.
      std::string floor;
      for (const Finding& f : findings) {
        if (floor.empty() || less_version(*order, floor, f.fixed_version)) floor = f.fixed_version;
      }
      std::vector<std::string> candidates{floor};
      for (const Asked& a : asked) {
        for (const Record& r : *a.records) {
          if (r.is_withdrawn()) continue;
          for_matching_entries(r, q->ecosystem, a.name->normalized, [&](const Affected& e) {
            for (const advisory::Range& range : e.ranges) {
              for (const advisory::Event& ev : range.events) {
                if (ev.kind == advisory::Event::Kind::kFixed &&
                    order->try_compare(ev.version, floor) == std::strong_ordering::greater) {
                  candidates.push_back(ev.version);
                }
              }
            }
          });
        }
      }
      std::stable_sort(
          candidates.begin(), candidates.end(),
          [&](const std::string& x, const std::string& y) { return less_version(*order, x, y); });
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      std::optional<std::pair<std::string, std::vector<std::string>>> clears_findings;
      for (const std::string& candidate : candidates) {
        std::vector<std::string> still;
        bool clears = true;
        for (const Asked& a : asked) {
          for (const Record& r : *a.records) {
            if (r.is_withdrawn()) continue;
            Verdict v = record_verdict(r, q->ecosystem, a.name->normalized, candidate, nullptr);
            if (!v.affected()) continue;
            still.push_back(r.id);
            if (std::any_of(hits.begin(), hits.end(),
                            [&](const Hit& h) { return h.record->id == r.id; })) {
              clears = false;
            }
          }
        }
        if (!clears) continue;
        std::sort(still.begin(), still.end());
        still.erase(std::unique(still.begin(), still.end()), still.end());
        if (still.empty()) {
          clears_findings = {candidate, {}};
          break;
        }
        if (!clears_findings) clears_findings = {candidate, std::move(still)};
      }
      if (clears_findings) {
        advice.kind = ComponentAdvice::Kind::kUpgrade;
        advice.upgrade_to = clears_findings->first;
        advice.remaining = std::move(clears_findings->second);
      } else {
        // No fixed version of these records leaves them all behind.
        advice.kind = ComponentAdvice::Kind::kNoFix;
      }
    }
    result.advice.push_back(std::move(advice));
    for (Finding& f : findings)
      result.findings.push_back(std::move(f));
  }
  return result;
}

Result<std::vector<Finding>> Matcher::match(const inventory::Inventory& inventory) const {
  auto result = run(inventory);
  if (!result.is_ok()) return result.status();
  return std::move(result->findings);
}

}  // namespace upkeep::match
