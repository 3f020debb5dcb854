// SPDX-License-Identifier: Apache-2.0
//
// The policy over review entries: each rule on its own, with and without an owners file, the
// allow list, ignored scopes and the summary counts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "upkeep/review.h"

namespace upkeep::review {
namespace {

ReviewEntry entry(ChangeKind kind, std::string name, std::string version,
                  inventory::Relationship rel = inventory::Relationship::kDirect) {
  ReviewEntry e;
  e.change.kind = kind;
  e.component.ecosystem = "npm";
  e.component.name = std::move(name);
  e.component.version = version;
  e.component.relationship = rel;
  e.component.scope = inventory::Scope::kRuntime;
  e.head_version = version;
  return e;
}

ReviewFinding finding(std::string id, std::string rating, bool is_new = true, bool kev = false) {
  ReviewFinding f;
  f.finding.ids = {std::move(id)};
  f.finding.rating = std::move(rating);
  f.finding.kev = kev;
  f.is_new = is_new;
  return f;
}

std::vector<std::string> rules(const ReviewResult& r) {
  std::vector<std::string> out;
  for (const auto& v : r.violations)
    out.push_back(v.rule + " " + (v.advisory.empty() ? v.message : v.advisory));
  return out;
}

TEST(Evaluate, ANewHighFindingFailsByDefault) {
  ReviewResult r;
  auto e = entry(ChangeKind::kAdded, "lodash", "4.17.15");
  e.findings = {finding("GHSA-jf85-cpcp-j695", "critical"), finding("GHSA-low", "medium")};
  r.entries.push_back(e);
  evaluate_policy(r);
  EXPECT_FALSE(r.passed());
  EXPECT_EQ(rules(r), (std::vector<std::string>{"new-finding GHSA-jf85-cpcp-j695"}));
  EXPECT_EQ(r.summary.added, 1u);
  EXPECT_EQ(r.summary.open_findings, 2u);
  EXPECT_EQ(r.summary.new_findings, 2u);
}

TEST(Evaluate, AFindingBaseAlreadyHadIsNotNew) {
  ReviewResult r;
  auto e = entry(ChangeKind::kUpgraded, "lodash", "4.17.19");
  e.findings = {finding("GHSA-jf85-cpcp-j695", "critical", /*is_new=*/false)};
  r.entries.push_back(e);
  evaluate_policy(r);
  EXPECT_TRUE(r.passed()) << rules(r).front();
  EXPECT_EQ(r.summary.new_findings, 0u);
}

TEST(Evaluate, TheThresholdAndNone) {
  ReviewResult r;
  auto e = entry(ChangeKind::kAdded, "x", "1.0.0");
  e.findings = {finding("A", "medium"), finding("B", ""), finding("C", "low")};
  r.entries.push_back(e);
  r.policy.fail_on_severity = report::Rating::kMedium;
  evaluate_policy(r);
  EXPECT_EQ(rules(r), (std::vector<std::string>{"new-finding A"}));  // unknown never reaches
  r.policy.fail_on_severity = report::Rating::kLow;
  evaluate_policy(r);
  EXPECT_EQ(rules(r), (std::vector<std::string>{"new-finding A", "new-finding C"}));
  r.policy.fail_on_severity.reset();
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());
}

TEST(Evaluate, KevFailsEvenWhenNotNew) {
  ReviewResult r;
  auto e = entry(ChangeKind::kUpgraded, "x", "1.0.1");
  e.findings = {finding("CVE-1", "low", /*is_new=*/false, /*kev=*/true)};
  r.entries.push_back(e);
  evaluate_policy(r);
  EXPECT_EQ(rules(r), (std::vector<std::string>{"kev CVE-1"}));
  EXPECT_EQ(r.summary.kev, 1u);
  r.policy.fail_on_kev = false;
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());
}

TEST(Evaluate, AllowedAndSuppressedFindingsDoNotFail) {
  ReviewResult r;
  auto e = entry(ChangeKind::kAdded, "x", "1.0.0");
  auto allowed = finding("GHSA-a", "critical", true, true);
  allowed.allowed = true;
  auto suppressed = finding("GHSA-b", "critical");
  suppressed.finding.suppressed = true;
  e.findings = {allowed, suppressed};
  r.entries.push_back(e);
  evaluate_policy(r);
  EXPECT_TRUE(r.passed()) << rules(r).front();
  EXPECT_EQ(r.summary.open_findings, 1u);
  EXPECT_EQ(r.summary.new_findings, 0u);
}

TEST(Evaluate, GroupRulesNeedAnOwnersFile) {
  ReviewResult r;
  auto key = entry(ChangeKind::kAdded, "express", "4.21.0");
  key.key = true;
  r.entries.push_back(key);
  r.policy.fail_on_no_group = true;
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());  // no owners file: nothing to say about groups
  r.owners_path = "upkeep-owners.toml";
  evaluate_policy(r);
  EXPECT_EQ(rules(r), (std::vector<std::string>{
                          "key-without-group express 4.21.0 is a key component without a "
                          "maintenance group",
                          "no-group express 4.21.0 is added without a maintenance group"}));
  r.entries[0].group = "web";
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());
}

TEST(Evaluate, EndOfLifeOnlyWhenAsked) {
  ReviewResult r;
  auto e = entry(ChangeKind::kAdded, "request", "2.88.2");
  e.eol_status = eol::SupportStatus::kUnmaintained;
  r.entries.push_back(e);
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());
  r.policy.fail_on_end_of_life = true;
  evaluate_policy(r);
  EXPECT_EQ(rules(r), (std::vector<std::string>{"end-of-life request 2.88.2 is unmaintained"}));
}

TEST(Evaluate, MaxNewTransitiveCountsAddedTransitiveOnes) {
  ReviewResult r;
  r.entries.push_back(entry(ChangeKind::kAdded, "a", "1.0.0"));
  r.entries.push_back(
      entry(ChangeKind::kAdded, "b", "1.0.0", inventory::Relationship::kTransitive));
  r.entries.push_back(
      entry(ChangeKind::kAdded, "c", "1.0.0", inventory::Relationship::kTransitive));
  r.entries.push_back(
      entry(ChangeKind::kUpgraded, "d", "1.0.0", inventory::Relationship::kTransitive));
  r.entries.push_back(entry(ChangeKind::kAdded, "e", "1.0.0", inventory::Relationship::kUnknown));
  r.policy.max_new_transitive = 2;
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(r.summary.new_transitive, 2u);
  r.policy.max_new_transitive = 1;
  evaluate_policy(r);
  EXPECT_EQ(rules(r), (std::vector<std::string>{
                          "max-new-transitive 2 new transitive dependencies, more than the 1 "
                          "allowed"}));
}

TEST(Evaluate, IgnoredScopesNeverFail) {
  ReviewResult r;
  auto e = entry(ChangeKind::kAdded, "jest", "29.0.0");
  e.component.scope = inventory::Scope::kDevelopment;
  e.findings = {finding("GHSA-x", "critical", true, true)};
  r.entries.push_back(e);
  r.policy.ignore_scopes = {inventory::Scope::kDevelopment};
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(r.summary.open_findings, 1u);  // still counted and shown
}

TEST(Evaluate, RemovedComponentsNeverFail) {
  ReviewResult r;
  auto e = entry(ChangeKind::kRemoved, "lodash", "");
  e.base_version = "4.17.15";
  e.findings = {finding("GHSA-jf85-cpcp-j695", "critical")};
  r.entries.push_back(e);
  evaluate_policy(r);
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(r.summary.removed, 1u);
}

}  // namespace
}  // namespace upkeep::review
