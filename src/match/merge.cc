// SPDX-License-Identifier: Apache-2.0
//
// Merging findings of several sources (OSV records, the Debian archive, the Debian tracker) into
// one per vulnerability per component: two findings of a component are one vulnerability when
// they share an id (the matcher already merged OSV records through their aliases; here a CVE that
// the archive read from a changelog meets the OSV record that lists it).
#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/matcher.h"
#include "upkeep/version.h"

namespace upkeep::match {
namespace {

bool is_cve(std::string_view id) {
  return id.starts_with("CVE-");
}

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const std::string& s : from) {
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
  }
}

size_t find_root(std::vector<size_t>& parent, size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

// Folds `from` into `into` (both of one component and one vulnerability).
void fold(Finding& into, Finding&& from, const version::Scheme* order) {
  add_unique(into.ids, from.ids);
  add_unique(into.records, from.records);
  add_unique(into.sources, from.sources);
  add_unique(into.notes, from.notes);
  if (into.summary.empty()) into.summary = std::move(from.summary);
  // The smaller fix wins when both are comparable; a known fix beats none.
  const bool smaller_fix =
      !from.fixed_version.empty() &&
      (into.fixed_version.empty() ||
       (order != nullptr &&
        order->try_compare(from.fixed_version, into.fixed_version) == std::strong_ordering::less));
  if (smaller_fix) into.fixed_version = std::move(from.fixed_version);
  if (from.cvss_score && (!into.cvss_score || *from.cvss_score > *into.cvss_score)) {
    into.cvss_score = from.cvss_score;
    into.cvss_vector = std::move(from.cvss_vector);
  }
  if (into.rating.empty()) into.rating = std::move(from.rating);
  into.kev = into.kev || from.kev;
  if (into.kev_due_date.empty()) into.kev_due_date = std::move(from.kev_due_date);
  if (from.epss && (!into.epss || *from.epss > *into.epss)) {
    into.epss = from.epss;
    into.epss_percentile = from.epss_percentile;
  }
}

// Preferred id first (a CVE when there is one, else the first id as it was), the rest sorted.
void order_ids(Finding& f) {
  if (f.ids.empty()) return;
  auto cve = std::find_if(f.ids.begin(), f.ids.end(), [](const auto& s) { return is_cve(s); });
  std::string preferred = cve != f.ids.end() ? *cve : f.ids.front();
  std::vector<std::string> rest;
  for (std::string& s : f.ids) {
    if (s != preferred) rest.push_back(std::move(s));
  }
  std::sort(rest.begin(), rest.end());
  rest.erase(std::unique(rest.begin(), rest.end()), rest.end());
  f.ids.clear();
  f.ids.push_back(std::move(preferred));
  for (std::string& s : rest)
    f.ids.push_back(std::move(s));
  std::sort(f.records.begin(), f.records.end());
  std::sort(f.sources.begin(), f.sources.end());
}

}  // namespace

std::vector<Finding> merge_findings(std::vector<Finding> findings,
                                    const inventory::Inventory& inventory) {
  std::vector<size_t> parent(findings.size());
  std::iota(parent.begin(), parent.end(), 0);
  // (component, id) -> first finding seen with it.
  std::map<std::pair<size_t, std::string_view>, size_t> owner;
  for (size_t i = 0; i < findings.size(); ++i) {
    for (const std::string& id : findings[i].ids) {
      auto [it, fresh] = owner.try_emplace({findings[i].component, id}, i);
      if (!fresh) parent[find_root(parent, i)] = find_root(parent, it->second);
    }
  }
  std::vector<Finding> out;
  std::vector<size_t> slot(findings.size(), SIZE_MAX);
  std::vector<size_t> root_of(findings.size());
  for (size_t i = 0; i < findings.size(); ++i)
    root_of[i] = find_root(parent, i);
  for (size_t i = 0; i < findings.size(); ++i) {
    const size_t r = root_of[i];
    if (slot[r] == SIZE_MAX) {
      slot[r] = out.size();
      out.push_back(std::move(findings[i]));
      continue;
    }
    Finding& into = out[slot[r]];
    const version::Scheme* order = nullptr;
    if (into.component < inventory.components.size()) {
      order = version::find_scheme(inventory.components[into.component].ecosystem);
    }
    fold(into, std::move(findings[i]), order);
  }
  for (Finding& f : out)
    order_ids(f);
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.component != b.component) return a.component < b.component;
    return a.ids.front() < b.ids.front();
  });
  return out;
}

}  // namespace upkeep::match
