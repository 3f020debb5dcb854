// SPDX-License-Identifier: Apache-2.0
//
// Which group maintains each component: the most specific claim that matches its purl.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "upkeep/owners.h"

namespace upkeep::maintenance {
namespace {

constexpr size_t kMaxProblems = 50;

struct Candidate {
  size_t group = 0;
  size_t claim = 0;
  const Pattern* pattern = nullptr;
  Specificity specificity;
  size_t flat = 0;  // index among all claims, for the used flags
};

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// Two claims of different groups tied on at least one component.
struct Tie {
  const Candidate* first = nullptr;
  const Candidate* second = nullptr;
  std::string component;  // the first component they tie on
  size_t more = 0;        // further components they tie on
};

}  // namespace

size_t Assignment::without_group() const {
  return static_cast<size_t>(std::count_if(components.begin(), components.end(),
                                           [](const Owner& o) { return !o.has_group(); }));
}

size_t Assignment::key_without_group() const {
  return static_cast<size_t>(std::count_if(components.begin(), components.end(),
                                           [](const Owner& o) { return o.key && !o.has_group(); }));
}

Result<Assignment> assign_owners(const OwnersFile& owners, const inventory::Inventory& inventory) {
  // Claims by purl type: a component is only compared with the patterns of its own type.
  std::vector<Candidate> all;
  for (size_t g = 0; g < owners.groups.size(); ++g) {
    const auto& claims = owners.groups[g].claims;
    for (size_t c = 0; c < claims.size(); ++c) {
      all.push_back({g, c, &claims[c], claims[c].specificity(), all.size()});
    }
  }
  std::map<std::string_view, std::vector<const Candidate*>> by_type;
  for (const Candidate& c : all)
    by_type[c.pattern->type].push_back(&c);

  std::vector<bool> claim_used(all.size(), false);
  std::vector<bool> key_used(owners.key.size(), false);
  std::map<std::pair<size_t, size_t>, Tie> ties;  // by the two claims' flat indexes

  Assignment out;
  out.components.resize(inventory.components.size());
  for (size_t i = 0; i < inventory.components.size(); ++i) {
    const std::string& text = inventory.components[i].purl;
    if (text.empty()) continue;
    const auto parsed = purl::parse(text);
    if (!parsed) continue;  // nothing can claim a component without a usable purl
    Owner& owner = out.components[i];
    for (size_t k = 0; k < owners.key.size(); ++k) {
      if (owners.key[k].matches(*parsed)) {
        owner.key = true;
        key_used[k] = true;
      }
    }
    const auto candidates = by_type.find(parsed->type);
    if (candidates == by_type.end()) continue;
    const Candidate* best = nullptr;
    const Candidate* tied = nullptr;  // another group's claim as specific as `best`
    for (const Candidate* c : candidates->second) {
      if (!c->pattern->matches(*parsed)) continue;
      claim_used[c->flat] = true;
      if (best == nullptr || c->specificity > best->specificity) {
        best = c;
        tied = nullptr;
      } else if (c->specificity == best->specificity && c->group != best->group) {
        tied = c;
      }
    }
    if (best == nullptr) continue;
    if (tied != nullptr) {
      auto [it, added] = ties.try_emplace({best->flat, tied->flat}, Tie{best, tied, text, 0});
      if (!added) ++it->second.more;
      continue;
    }
    owner.group = best->group;
    owner.claim = best->claim;
  }

  if (!ties.empty()) {
    std::vector<const Tie*> sorted;
    for (const auto& [pair, tie] : ties)
      sorted.push_back(&tie);
    // Reported at the later pattern of each pair, in file order.
    std::sort(sorted.begin(), sorted.end(), [](const Tie* a, const Tie* b) {
      return std::tie(a->second->pattern->line, a->second->pattern->column, a->first->flat) <
             std::tie(b->second->pattern->line, b->second->pattern->column, b->first->flat);
    });
    std::string message;
    for (size_t i = 0; i < sorted.size() && i < kMaxProblems; ++i) {
      const Tie& t = *sorted[i];
      const Pattern& a = *t.first->pattern;
      const Pattern& b = *t.second->pattern;
      if (i > 0) message += '\n';
      message += owners.where(b.line, b.column) + ": pattern " + quoted(b.text) + " of group " +
                 quoted(owners.groups[t.second->group].name) + " and pattern " + quoted(a.text) +
                 " of group " + quoted(owners.groups[t.first->group].name) + " (line " +
                 std::to_string(a.line) + ", column " + std::to_string(a.column) +
                 ") are equally specific for " + t.component;
      if (t.more > 0) {
        message += " and " + std::to_string(t.more) +
                   (t.more == 1 ? " more component" : " more components");
      }
      message += ": make one of them more specific";
    }
    if (sorted.size() > kMaxProblems) {
      message +=
          "\n" + owners.source + ": " + std::to_string(sorted.size() - kMaxProblems) + " more ties";
    }
    return Status::invalid_argument(message);
  }

  for (const Candidate& c : all) {
    if (!claim_used[c.flat]) out.unused_claims.push_back({c.group, c.claim});
  }
  for (size_t k = 0; k < owners.key.size(); ++k) {
    if (!key_used[k]) out.unused_key.push_back(k);
  }
  return out;
}

Status check_claims_used(const OwnersFile& owners, const Assignment& assignment) {
  std::string message;
  for (const ClaimRef& ref : assignment.unused_claims) {
    if (ref.group >= owners.groups.size() || ref.claim >= owners.groups[ref.group].claims.size()) {
      continue;  // not from this file
    }
    const Group& g = owners.groups[ref.group];
    const Pattern& p = g.claims[ref.claim];
    if (!message.empty()) message += '\n';
    message += owners.where(p.line, p.column) + ": pattern " + quoted(p.text) + " of group " +
               quoted(g.name) + " claims no component of the inventory";
  }
  return message.empty() ? Status::ok() : Status::invalid_argument(message);
}

}  // namespace upkeep::maintenance
