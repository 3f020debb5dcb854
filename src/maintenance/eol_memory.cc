// SPDX-License-Identifier: Apache-2.0
//
// MemoryData: the DataSource of parsed inputs, with the same answers as the store's.
#include <algorithm>

#include "upkeep/eol.h"

namespace upkeep::eol {

void MemoryData::add_product(Product product) {
  std::string name = product.name;
  products_.insert_or_assign(std::move(name), std::move(product));
}

void MemoryData::add_distro_info(DistroInfo info) {
  distros_.insert_or_assign(info.distro, std::move(info.releases));
}

void MemoryData::add_support_list(SupportList list) {
  list.problems.clear();
  for (SupportList& held : lists_) {
    if (held.kind == list.kind && held.release == list.release) {
      held = std::move(list);
      return;
    }
  }
  lists_.push_back(std::move(list));
}

Result<std::vector<std::string>> MemoryData::products_for(std::string_view kind,
                                                          std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [name, product] : products_) {
    for (const Identifier& id : product.identifiers) {
      if (id.kind == kind && id.key == key) {
        out.push_back(name);
        break;
      }
    }
  }
  return out;  // the map iterates in name order: sorted
}

Result<std::optional<Product>> MemoryData::product(std::string_view name) const {
  const auto it = products_.find(name);
  if (it == products_.end()) return std::optional<Product>();
  return std::optional<Product>(it->second);
}

Result<std::vector<DistroRelease>> MemoryData::distro_releases(std::string_view distro) const {
  const auto it = distros_.find(distro);
  return it == distros_.end() ? std::vector<DistroRelease>() : it->second;
}

Result<std::vector<SupportEntry>> MemoryData::support_entries(std::string_view release) const {
  std::vector<SupportEntry> out;
  const bool own_limited = std::any_of(lists_.begin(), lists_.end(), [&](const SupportList& l) {
    return l.kind == SupportEntry::Kind::kLimited && l.release == release;
  });
  for (const SupportList& l : lists_) {
    const bool wanted = l.release == release || (l.kind == SupportEntry::Kind::kLimited &&
                                                 l.release.empty() && !own_limited);
    if (wanted) out.insert(out.end(), l.entries.begin(), l.entries.end());
  }
  return out;
}

}  // namespace upkeep::eol
