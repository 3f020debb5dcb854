// SPDX-License-Identifier: Apache-2.0
//
// The review's [policy] table on arbitrary bytes (seeded from tests/fixtures/review/policy/): an
// error naming the file and a position, or a policy that is evaluated over a small review and
// rendered in every format. Never a crash; every violation points at an entry that exists.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "upkeep/review.h"
#include "upkeep/review_report.h"

namespace {

using upkeep::review::ChangeKind;
using upkeep::review::ReviewEntry;

// Added, changed and removed entries; direct and transitive; a key one without a group; an
// unmaintained one; findings new and old, KEV and not.
upkeep::review::ReviewResult sample_review() {
  upkeep::review::ReviewResult r;
  r.base_target = "base/package-lock.json";
  r.head_target = "head/package-lock.json";
  r.owners_path = "upkeep-owners.toml";
  const struct {
    ChangeKind kind;
    const char* name;
    upkeep::inventory::Relationship rel;
    upkeep::inventory::Scope scope;
    const char* rating;
    bool kev;
    bool is_new;
  } rows[] = {
      {ChangeKind::kAdded, "lodash", upkeep::inventory::Relationship::kDirect,
       upkeep::inventory::Scope::kRuntime, "critical", false, true},
      {ChangeKind::kAdded, "minimist", upkeep::inventory::Relationship::kTransitive,
       upkeep::inventory::Scope::kDevelopment, "high", true, true},
      {ChangeKind::kUpgraded, "semver", upkeep::inventory::Relationship::kDirect,
       upkeep::inventory::Scope::kRuntime, "medium", false, false},
      {ChangeKind::kRemoved, "left-pad", upkeep::inventory::Relationship::kTransitive,
       upkeep::inventory::Scope::kOptional, "", false, true},
  };
  for (const auto& row : rows) {
    ReviewEntry e;
    e.change.kind = row.kind;
    e.component.ecosystem = "npm";
    e.component.name = row.name;
    e.component.purl = std::string("pkg:npm/") + row.name + "@1.0.0";
    e.component.location = "head/package-lock.json";
    e.component.relationship = row.rel;
    e.component.scope = row.scope;
    e.head_version = row.kind == ChangeKind::kRemoved ? "" : "1.0.0";
    e.base_version = row.kind == ChangeKind::kAdded ? "" : "0.9.0";
    e.key = true;
    e.eol_status = upkeep::eol::SupportStatus::kUnmaintained;
    if (row.rel == upkeep::inventory::Relationship::kTransitive) e.introduced_by = "lodash 1.0.0";
    if (*row.rating != '\0') {
      upkeep::review::ReviewFinding f;
      f.finding.ids = {std::string("GHSA-") + row.name, "CVE-2021-23337"};
      f.finding.rating = row.rating;
      f.finding.kev = row.kev;
      f.is_new = row.is_new;
      e.findings.push_back(std::move(f));
    }
    r.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto policy = upkeep::review::parse_policy(text, "fuzz.toml");
  if (!policy) {
    if (!policy.status().message().starts_with("fuzz.toml:")) std::abort();
    return 0;
  }
  if (!*policy) return 0;
  static const upkeep::review::ReviewResult sample = sample_review();
  upkeep::review::ReviewResult result = sample;
  result.policy = std::move(**policy);
  for (auto& e : result.entries) {
    for (auto& f : e.findings) {
      f.allowed = false;
      for (const auto& id : f.finding.ids) {
        for (const auto& allowed : result.policy.allow)
          f.allowed = f.allowed || id == allowed;
      }
    }
  }
  upkeep::review::evaluate_policy(result);
  for (const auto& v : result.violations) {
    if (v.entry && *v.entry >= result.entries.size()) std::abort();
    if (v.message.empty()) std::abort();
  }
  upkeep::report::ReportOptions options;
  options.timestamp = 0;
  for (auto format : {upkeep::report::ReviewFormat::kMarkdown, upkeep::report::ReviewFormat::kJson,
                      upkeep::report::ReviewFormat::kSarif}) {
    (void)upkeep::report::render_review(result, format, options);
  }
  return 0;
}
