// SPDX-License-Identifier: Apache-2.0
//
// The diff of two inventories (upkeep/review.h): per package key, the multiset of versions on
// each side; what both have is unchanged, the rest pairs up from the highest version down.
#include <algorithm>
#include <compare>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "upkeep/review.h"
#include "upkeep/version.h"

namespace upkeep::review {
namespace {

struct Side {
  std::vector<size_t> base;  // component indexes
  std::vector<size_t> head;
};

// Versions in the scheme's order, the ones it cannot parse after (by text), so that pairing is
// deterministic whatever the input.
struct VersionOrder {
  const version::Scheme* scheme = nullptr;

  std::weak_ordering operator()(std::string_view a, std::string_view b) const {
    const bool va = scheme != nullptr && scheme->is_valid(a);
    const bool vb = scheme != nullptr && scheme->is_valid(b);
    if (va && vb) {
      if (auto c = scheme->try_compare(a, b); c && *c != 0) return *c;
      return a <=> b;  // equal in the scheme ("1.0" and "1.0.0"): text keeps the order total
    }
    if (va != vb) return va ? std::weak_ordering::less : std::weak_ordering::greater;
    return a <=> b;
  }
};

}  // namespace

std::vector<Change> diff_inventories(const inventory::Inventory& base,
                                     const inventory::Inventory& head) {
  std::map<std::string, Side> sides;
  for (size_t i = 0; i < base.components.size(); ++i)
    sides[inventory::package_key(base.components[i])].base.push_back(i);
  for (size_t i = 0; i < head.components.size(); ++i)
    sides[inventory::package_key(head.components[i])].head.push_back(i);

  std::vector<Change> out;
  for (auto& [key, side] : sides) {
    const std::string& ecosystem = !side.head.empty()
                                       ? head.components[side.head.front()].ecosystem
                                       : base.components[side.base.front()].ecosystem;
    const VersionOrder order{version::find_scheme(ecosystem)};
    auto sort_by_version = [&](std::vector<size_t>& indexes, const inventory::Inventory& inv) {
      std::stable_sort(indexes.begin(), indexes.end(), [&](size_t a, size_t b) {
        return order(inv.components[a].version, inv.components[b].version) < 0;
      });
    };
    sort_by_version(side.base, base);
    sort_by_version(side.head, head);
    // What both sides have, as a multiset: a sorted merge.
    std::vector<size_t> only_base;
    std::vector<size_t> only_head;
    size_t b = 0;
    size_t h = 0;
    while (b < side.base.size() || h < side.head.size()) {
      if (h == side.head.size()) {
        only_base.push_back(side.base[b++]);
        continue;
      }
      if (b == side.base.size()) {
        only_head.push_back(side.head[h++]);
        continue;
      }
      const std::string& bv = base.components[side.base[b]].version;
      const std::string& hv = head.components[side.head[h]].version;
      if (bv == hv) {
        ++b;
        ++h;
      } else if (order(bv, hv) < 0) {
        only_base.push_back(side.base[b++]);
      } else {
        only_head.push_back(side.head[h++]);
      }
    }
    // Pairs from the highest down: an upgrade of the newest copy is the likely story.
    std::vector<Change> changes;
    while (!only_base.empty() && !only_head.empty()) {
      const size_t bi = only_base.back();
      const size_t hi = only_head.back();
      only_base.pop_back();
      only_head.pop_back();
      const std::string& bv = base.components[bi].version;
      const std::string& hv = head.components[hi].version;
      ChangeKind kind = ChangeKind::kChanged;
      if (order.scheme != nullptr) {
        if (auto c = order.scheme->try_compare(bv, hv)) {
          kind = *c < 0   ? ChangeKind::kUpgraded
                 : *c > 0 ? ChangeKind::kDowngraded
                          : ChangeKind::kChanged;  // equal in the scheme, spelt differently
        }
      }
      changes.push_back({kind, key, bi, hi});
    }
    for (size_t hi : only_head)
      changes.push_back({ChangeKind::kAdded, key, std::nullopt, hi});
    for (size_t bi : only_base)
      changes.push_back({ChangeKind::kRemoved, key, bi, std::nullopt});
    auto version_of = [&](const Change& c) -> const std::string& {
      return c.head ? head.components[*c.head].version : base.components[*c.base].version;
    };
    std::stable_sort(changes.begin(), changes.end(), [&](const Change& x, const Change& y) {
      if (x.kind != y.kind) return x.kind < y.kind;
      return order(version_of(x), version_of(y)) < 0;
    });
    out.insert(out.end(), changes.begin(), changes.end());
  }
  return out;
}

}  // namespace upkeep::review
