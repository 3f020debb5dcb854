// SPDX-License-Identifier: Apache-2.0
//
// OSV range evaluation on fixture records: each expectation follows from the schema's
// pseudo-code applied by hand to the fixture (the derivation is in the comment beside it).
#include <gtest/gtest.h>

#include <string>

#include "match/match_testing.h"
#include "upkeep/matcher.h"

namespace upkeep::match {
namespace {

using testing::fixture_record;

Verdict::Kind kind(const advisory::Affected& a, std::string_view v) {
  return evaluate(a, v).kind;
}

constexpr auto kIn = Verdict::Kind::kAffected;
constexpr auto kOut = Verdict::Kind::kNotAffected;
constexpr auto kUnknown = Verdict::Kind::kUnknown;

TEST(Evaluate, RangesAreAUnionAndEventsAreSortedFirst) {
  const advisory::Record r = fixture_record("pypi_ranges.json");
  ASSERT_EQ(r.affected.size(), 1u);
  const advisory::Affected& a = r.affected[0];
  // Range 1, written {fixed 1.2, introduced 1.0}, sorted to [1.0, 1.2): 1.0 in, 1.1.9 in, 1.2 out.
  EXPECT_EQ(kind(a, "0.9"), kOut);
  EXPECT_EQ(kind(a, "1.0"), kIn);
  EXPECT_EQ(kind(a, "1.0.0"), kIn);  // PEP 440: 1.0.0 == 1.0
  EXPECT_EQ(kind(a, "1.1.9"), kIn);
  EXPECT_EQ(kind(a, "1.2rc1"), kIn);  // a pre-release of 1.2 sorts before 1.2
  EXPECT_EQ(kind(a, "1.2"), kOut);
  EXPECT_EQ(kind(a, "1.9"), kOut);
  // Range 2, [2.0, 2.3] with last_affected: 2.3 in, 2.3.post1 and 2.3.1 out.
  EXPECT_EQ(kind(a, "2.0"), kIn);
  EXPECT_EQ(kind(a, "2.3"), kIn);
  EXPECT_EQ(kind(a, "2.3.post1"), kOut);
  EXPECT_EQ(kind(a, "2.3.1"), kOut);
  // Only through the versions list (as written): 0.9b1 is below every range.
  EXPECT_EQ(kind(a, "0.9b1"), kIn);
  EXPECT_EQ(kind(a, "0.9b2"), kOut);
}

TEST(Evaluate, InvalidInstalledVersionIsUnknownWithAReason) {
  const advisory::Record r = fixture_record("pypi_ranges.json");
  const Verdict v = evaluate(r.affected[0], "not a version");
  EXPECT_EQ(v.kind, kUnknown);
  EXPECT_NE(v.reason.find("not a version"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("PyPI"), std::string::npos) << v.reason;
}

TEST(Evaluate, LimitsBoundTheRange) {
  const advisory::Record r = fixture_record("semver_limit.json");
  ASSERT_EQ(r.affected.size(), 2u);
  // introduced 0 with limits 2.0.0 and 3.5.0: below one of them is enough (BeforeLimits).
  EXPECT_EQ(kind(r.affected[0], "1.9.9"), kIn);
  EXPECT_EQ(kind(r.affected[0], "3.4.0"), kIn);
  EXPECT_EQ(kind(r.affected[0], "3.5.0"), kOut);
  EXPECT_EQ(kind(r.affected[0], "4.0.0"), kOut);
  // limit "*" is no limit.
  EXPECT_EQ(kind(r.affected[1], "0.9.0"), kOut);
  EXPECT_EQ(kind(r.affected[1], "1.0.0"), kIn);
  EXPECT_EQ(kind(r.affected[1], "99.0.0"), kIn);
}

TEST(Evaluate, InvalidEventVersionIsUnknownUnlessAnotherRangeSettlesIt) {
  const advisory::Record r = fixture_record("invalid_event.json");
  const advisory::Affected& a = r.affected[0];
  // Range 1 cannot be evaluated ("nightly.2026-03-10.0" is no semver); range 2 is [5.0.0, 5.1.0).
  EXPECT_EQ(kind(a, "5.0.3"), kIn);
  const Verdict v = evaluate(a, "4.0.0");
  EXPECT_EQ(v.kind, kUnknown);
  EXPECT_NE(v.reason.find("nightly.2026-03-10.0"), std::string::npos) << v.reason;
}

TEST(Evaluate, GitRangesCountOnlyThroughVersions) {
  const advisory::Record r = fixture_record("git_only.json");
  EXPECT_EQ(kind(r.affected[0], "3.1.0"), kIn);
  EXPECT_EQ(kind(r.affected[0], "3.0.0"), kOut);
  EXPECT_EQ(kind(r.affected[0], "0"), kOut);
}

TEST(Evaluate, GoVersionsWithAndWithoutV) {
  const advisory::Record r = fixture_record("go_stdlib.json");
  const advisory::Affected& a = r.affected[0];
  // [0, 1.20.12) and [1.21.0-0, 1.21.5).
  EXPECT_EQ(kind(a, "v1.20.11"), kIn);
  EXPECT_EQ(kind(a, "1.20.11"), kIn);
  EXPECT_EQ(kind(a, "v1.20.12"), kOut);
  EXPECT_EQ(kind(a, "v1.21.0-rc.1"), kIn);  // prerelease above 1.21.0-0
  EXPECT_EQ(kind(a, "v1.21.4"), kIn);
  EXPECT_EQ(kind(a, "v1.21.5"), kOut);
  EXPECT_EQ(kind(a, "go1.21.4"), kUnknown);  // the toolchain's spelling is no module version
}

TEST(Evaluate, DistributionVersionRules) {
  const advisory::Record deb = fixture_record("debian12_openssl.json");
  // dpkg: ~ sorts before everything, so ~deb12u1 < ~deb12u2 and 3.0.11-1 > 3.0.11-1~deb12u2.
  EXPECT_EQ(kind(deb.affected[0], "3.0.11-1~deb12u1"), kIn);
  EXPECT_EQ(kind(deb.affected[0], "3.0.11-1~deb12u2"), kOut);
  EXPECT_EQ(kind(deb.affected[0], "3.0.11-1"), kOut);
  const advisory::Record alma = fixture_record("alma.json");
  // rpm: a missing epoch is 0, so 3.0.7-28.el9 (epoch 0) is below 1:3.0.7-27.el9.
  EXPECT_EQ(kind(alma.affected[0], "3.0.7-28.el9"), kIn);
  EXPECT_EQ(kind(alma.affected[0], "1:3.0.7-26.el9"), kIn);
  EXPECT_EQ(kind(alma.affected[0], "1:3.0.7-27.el9"), kOut);
}

TEST(Evaluate, MalformedPartsAreSkippedByTheParserAndTheRestStillCounts) {
  const advisory::Record r = fixture_record("malformed.json");
  ASSERT_FALSE(r.affected.empty());
  // The event with two kinds and the range of unknown type are dropped; [2.0, 2.1) remains.
  EXPECT_EQ(kind(r.affected[0], "2.0.5"), kIn);
  EXPECT_EQ(kind(r.affected[0], "2.1"), kOut);
}

TEST(Evaluate, NoRangesNoVersionsIsNotAffected) {
  advisory::Affected a;
  a.ecosystem = "PyPI";
  a.name = "x";
  EXPECT_EQ(kind(a, "1.0"), kOut);
}

TEST(Evaluate, UnknownEcosystemIsUnknown) {
  advisory::Affected a;
  a.ecosystem = "NoSuchEcosystem";
  a.ranges.push_back(
      {advisory::Range::Type::kEcosystem, "", {{advisory::Event::Kind::kIntroduced, "0"}}});
  const Verdict v = evaluate(a, "1.0");
  EXPECT_EQ(v.kind, kUnknown);
  EXPECT_NE(v.reason.find("NoSuchEcosystem"), std::string::npos);
}

TEST(FixedVersionAbove, SmallestFixAboveTheInstalledVersion) {
  const advisory::Record go = fixture_record("go_stdlib.json");
  EXPECT_EQ(fixed_version_above(go.affected[0], "v1.19.0"), "1.20.12");
  // 1.21.1 is in the second range: its fix is 1.21.5, not 1.20.12 (which is below it).
  EXPECT_EQ(fixed_version_above(go.affected[0], "v1.21.1"), "1.21.5");
  const advisory::Record pypi = fixture_record("pypi_ranges.json");
  EXPECT_EQ(fixed_version_above(pypi.affected[0], "1.1"), "1.2");
  // last_affected gives no fixed version.
  EXPECT_EQ(fixed_version_above(pypi.affected[0], "2.1"), std::nullopt);
  // Listed only (0.9b1): any fix above it.
  EXPECT_EQ(fixed_version_above(pypi.affected[0], "0.9b1"), "1.2");
  const advisory::Record none = fixture_record("unfixed.json");
  EXPECT_EQ(fixed_version_above(none.affected[0], "1.0.0"), std::nullopt);
}

}  // namespace
}  // namespace upkeep::match
