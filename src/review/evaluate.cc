// SPDX-License-Identifier: Apache-2.0
//
// The policy over a review's entries (upkeep/review.h): the summary counts and one violation
// per rule broken, in entry order.
#include <algorithm>
#include <string>

#include "upkeep/review.h"

namespace upkeep::review {
namespace {

std::string label(const ReviewEntry& e) {
  const std::string& version = e.head_version.empty() ? e.base_version : e.head_version;
  return e.component.name + (version.empty() ? "" : " " + version);
}

bool is_end_of_life(eol::SupportStatus status) {
  return status == eol::SupportStatus::kEndOfLife || status == eol::SupportStatus::kSecurityEnded ||
         status == eol::SupportStatus::kUnmaintained;
}

}  // namespace

void evaluate_policy(ReviewResult& result) {
  const Policy& policy = result.policy;
  Summary& s = result.summary;
  s.added = s.removed = s.upgraded = s.downgraded = s.changed = 0;
  s.new_transitive = s.open_findings = s.new_findings = s.kev = 0;
  uint64_t counted_transitive = 0;  // new transitive ones outside ignore_scopes: the limit's count
  result.violations.clear();
  const bool have_owners = !result.owners_path.empty();

  for (size_t i = 0; i < result.entries.size(); ++i) {
    const ReviewEntry& e = result.entries[i];
    switch (e.change.kind) {
      case ChangeKind::kAdded:
        ++s.added;
        if (e.is_transitive()) ++s.new_transitive;
        break;
      case ChangeKind::kUpgraded:
        ++s.upgraded;
        break;
      case ChangeKind::kDowngraded:
        ++s.downgraded;
        break;
      case ChangeKind::kChanged:
        ++s.changed;
        break;
      case ChangeKind::kRemoved:
        ++s.removed;
        continue;
    }
    s.open_findings += e.open_findings();
    s.new_findings += e.new_open_findings();
    const bool ignored = std::find(policy.ignore_scopes.begin(), policy.ignore_scopes.end(),
                                   e.component.scope) != policy.ignore_scopes.end();
    for (const ReviewFinding& rf : e.findings) {
      const match::Finding& f = rf.finding;
      if (f.suppressed) continue;
      if (f.kev) ++s.kev;
      if (ignored || rf.allowed) continue;
      const report::Rating rating = report::effective_rating(f);
      const std::string id(f.preferred_id());
      // Ratings are ordered most severe first; kUnknown and kNone sort after every threshold.
      if (rf.is_new && policy.fail_on_severity && rating <= *policy.fail_on_severity) {
        result.violations.push_back(
            {"new-finding",
             label(e) + " brings " + id + " (" + std::string(report::rating_name(rating)) + ")", i,
             id, rating});
      }
      if (f.kev && policy.fail_on_kev) {
        result.violations.push_back(
            {"kev", label(e) + " has " + id + ", a known exploited vulnerability (CISA KEV)", i, id,
             rating});
      }
    }
    if (ignored) continue;
    if (e.change.kind == ChangeKind::kAdded && e.is_transitive()) ++counted_transitive;
    if (have_owners && policy.fail_on_key_without_group && e.key && e.group.empty()) {
      result.violations.push_back({"key-without-group",
                                   label(e) + " is a key component without a maintenance group", i,
                                   "", report::Rating::kUnknown});
    }
    if (have_owners && policy.fail_on_no_group && e.change.kind == ChangeKind::kAdded &&
        e.group.empty()) {
      result.violations.push_back({"no-group", label(e) + " is added without a maintenance group",
                                   i, "", report::Rating::kUnknown});
    }
    if (policy.fail_on_end_of_life && is_end_of_life(e.eol_status)) {
      result.violations.push_back({"end-of-life",
                                   label(e) + " is " + std::string(eol::status_name(e.eol_status)) +
                                       (e.eol_detail.empty() ? "" : ": " + e.eol_detail),
                                   i, "", report::Rating::kUnknown});
    }
  }
  if (policy.max_new_transitive && counted_transitive > *policy.max_new_transitive) {
    result.violations.push_back({"max-new-transitive",
                                 std::to_string(counted_transitive) +
                                     " new transitive dependencies, more than the " +
                                     std::to_string(*policy.max_new_transitive) + " allowed",
                                 std::nullopt, "", report::Rating::kUnknown});
  }
}

}  // namespace upkeep::review
