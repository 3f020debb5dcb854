// SPDX-License-Identifier: Apache-2.0
//
// Which direct dependency brings a transitive one in (upkeep/review.h): a breadth-first walk of
// each direct dependency's closure over Component::dependencies, by name, inside the file that
// lists both. Direct dependencies are walked in inventory order and the first to reach a
// component keeps it, so the answer does not depend on anything but the inventory.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "upkeep/review.h"

namespace upkeep::review {

std::vector<std::optional<size_t>> attribute_to_direct(const inventory::Inventory& inventory,
                                                       const std::vector<size_t>& components) {
  const auto& all = inventory.components;
  // (location, ecosystem, name) -> the components of that name in that file (several versions).
  using Where = std::tuple<std::string_view, std::string_view, std::string_view>;
  std::map<Where, std::vector<size_t>> by_name;
  for (size_t i = 0; i < all.size(); ++i)
    by_name[{all[i].location, all[i].ecosystem, all[i].name}].push_back(i);

  // Names resolved once into an index graph: every walk below is over integers.
  std::vector<std::vector<size_t>> edges(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    for (const std::string& dep : all[i].dependencies) {
      auto it = by_name.find({all[i].location, all[i].ecosystem, dep});
      if (it != by_name.end())
        edges[i].insert(edges[i].end(), it->second.begin(), it->second.end());
    }
  }

  std::vector<std::optional<size_t>> owner(all.size());
  // Which walk last saw each component (walk d marks d + 1), so no walk clears a vector.
  std::vector<size_t> seen_by(all.size(), 0);
  std::vector<size_t> queue;
  for (size_t d = 0; d < all.size(); ++d) {
    if (all[d].relationship != inventory::Relationship::kDirect) continue;
    owner[d] = d;
    queue.assign(1, d);
    seen_by[d] = d + 1;
    for (size_t next = 0; next < queue.size(); ++next) {
      for (size_t target : edges[queue[next]]) {
        if (seen_by[target] == d + 1) continue;
        seen_by[target] = d + 1;
        if (!owner[target]) owner[target] = d;
        queue.push_back(target);
      }
    }
  }
  std::vector<std::optional<size_t>> out;
  out.reserve(components.size());
  for (size_t i : components)
    out.push_back(i < owner.size() ? owner[i] : std::nullopt);
  return out;
}

}  // namespace upkeep::review
