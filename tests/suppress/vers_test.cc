// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "suppress/internal.h"
#include "suppress/suppress_testing.h"

namespace upkeep::suppress {
namespace {

// Each case: a range, then versions inside (+) and outside (-). The expectations follow the
// spec's reading of each range, worked by hand.
struct Case {
  const char* range;
  std::vector<const char*> in;
  std::vector<const char*> out;
};

TEST(VersRange, Contains) {
  const Case cases[] = {
      {"vers:npm/>=1.2.0|<2.0.0", {"1.2.0", "1.9.9", "2.0.0-rc.1"}, {"1.1.9", "2.0.0", "3.0.0"}},
      // CycloneDX's VEX use case 5 writes its constraints unsorted; sorting gives >1.5.0|<7.0.0.
      {"vers:semver/<7.0.0|>1.5.0", {"1.5.1", "6.9.9"}, {"1.5.0", "7.0.0", "1.0.0"}},
      {"vers:semver/<=1.5.0|7.0.0", {"0.1.0", "1.5.0", "7.0.0"}, {"1.5.1", "6.0.0", "7.0.1"}},
      {"vers:pypi/*", {"0", "1.0.post1", "2!1.0"}, {}},
      {"vers:npm/>=1.0.0|!=1.2.3|<2.0.0", {"1.0.0", "1.2.4"}, {"1.2.3", "2.0.0"}},
      {"vers:pypi/>=1.0|<1.2|>=2.0|<2.1",
       {"1.0", "1.1.9", "2.0", "2.0.5"},
       {"0.9", "1.2", "1.5", "2.1", "3"}},
      // Open ends on both sides: <1.0 or >=3.0.
      {"vers:pypi/<1.0|>=3.0", {"0.9", "3.0", "10"}, {"1.0", "2.9"}},
      // dpkg rules: the backported fix +deb11u5 is not below +deb11u5; ~ sorts before anything.
      {"vers:deb/<1.1.1n-0+deb11u5",
       {"1.1.1n-0+deb11u4", "1.1.1n-0", "1.1.1n~rc1-0+deb11u5"},
       {"1.1.1n-0+deb11u5", "1.1.1o-0"}},
      {"vers:rpm/>=1:3.0.7-1.el9|<1:3.0.7-27.el9",
       {"1:3.0.7-26.el9"},
       {"3.0.7-26.el9", "1:3.0.7-27.el9"}},
      {"vers:golang/>=v0.0.0|<v0.17.0", {"v0.7.0", "v0.17.0-rc1"}, {"v0.17.0"}},
      {"vers:pypi/<1.0%2Blocal", {"1.0", "0.9"}, {"1.0+local", "1.1"}},
  };
  for (const Case& c : cases) {
    auto range = VersRange::parse(c.range);
    ASSERT_TRUE(range) << c.range << ": " << range.status().to_string();
    for (const char* v : c.in) {
      auto r = range->contains(v);
      ASSERT_TRUE(r) << c.range << " " << v << ": " << r.status().to_string();
      EXPECT_TRUE(*r) << v << " should be in " << c.range;
    }
    for (const char* v : c.out) {
      auto r = range->contains(v);
      ASSERT_TRUE(r) << c.range << " " << v << ": " << r.status().to_string();
      EXPECT_FALSE(*r) << v << " should not be in " << c.range;
    }
  }
}

TEST(VersRange, GemPrereleaseSortsBelowRelease) {
  // RubyGems: 1.0.0.a < 1.0.0, so ">=1.0.0|<1.0.0.a" sorts to <1.0.0.a|>=1.0.0: both open ends.
  auto range = VersRange::parse("vers:gem/>=1.0.0|<1.0.0.a");
  ASSERT_TRUE(range) << range.status().to_string();
  EXPECT_TRUE(*range->contains("0.9"));
  EXPECT_FALSE(*range->contains("1.0.0.b"));
  EXPECT_TRUE(*range->contains("1.0.0"));
}

TEST(VersRange, ParseErrors) {
  const std::pair<const char*, const char*> bad[] = {
      {"npm/<1.0.0", "must start with vers:"},
      {"vers:npm", "no '/'"},
      {"vers:npm/", "no constraints"},
      {"vers:npm/>=1.0.0|>=1.0.0", "more than once"},
      {"vers:npm/<=not.a.version", "not a valid npm version"},
      {"vers:npm/*|<1.0.0", "'*' must be the only"},
      {"vers:npm/>=1.0.0||<2.0.0", "empty constraint"},
      {"vers:npm/>=", "without a version"},
      {"vers:semver/>=1.0", "not a valid semver version"},
      {"vers:npm/<1.0.0%zz", "%-escape"},
  };
  for (const auto& [text, why] : bad) {
    auto r = VersRange::parse(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(r.status().message().find(why), std::string::npos) << r.status().to_string();
  }
  for (const char* scheme : {"vers:github/<1.0", "vers:generic/<1.0", "vers:conan/<1.0"}) {
    auto r = VersRange::parse(scheme);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().code(), StatusCode::kUnsupported) << r.status().to_string();
  }
}

TEST(VersRange, InvalidVersionIsAnErrorNotAnAnswer) {
  auto range = VersRange::parse("vers:npm/<2.0.0");
  ASSERT_TRUE(range);
  EXPECT_FALSE(range->contains("not-a-version"));
  EXPECT_FALSE(range->contains(""));
}

TEST(Date, Parse) {
  EXPECT_TRUE(Date::parse("2024-02-29"));
  EXPECT_FALSE(Date::parse("2023-02-29"));
  EXPECT_FALSE(Date::parse("2027-02-30"));
  EXPECT_FALSE(Date::parse("2027-1-31"));
  EXPECT_FALSE(Date::parse("2027-01-31T00:00:00Z"));
  EXPECT_FALSE(Date::parse("0000-01-01"));
  EXPECT_EQ(Date::parse("1900-02-28")->to_string(), "1900-02-28");
  EXPECT_FALSE(Date::parse("1900-02-29"));  // not a leap year (divisible by 100)
  EXPECT_TRUE(Date::parse("2000-02-29"));   // a leap year (divisible by 400)
  EXPECT_LT(*Date::parse("2026-12-31"), *Date::parse("2027-01-01"));
}

TEST(Timestamp, OffsetsAndFractions) {
  using detail::parse_timestamp;
  // OpenVEX's own example: 18:02:03.647787998 at -06:00 is 00:02:03.647787998 the next day, UTC.
  const auto a = parse_timestamp("2023-01-08T18:02:03.647787998-06:00");
  const auto b = parse_timestamp("2023-01-09T00:02:03.647787998Z");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  // 1970-01-01T00:00:00Z is second 0; 2024-06-01T12:30:00+02:00 is 1717237800 (date -d).
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z")->seconds, 0);
  EXPECT_EQ(parse_timestamp("2024-06-01T12:30:00+02:00")->seconds, 1717237800);
  EXPECT_LT(*parse_timestamp("2024-06-01T10:00:00.1Z"), *parse_timestamp("2024-06-01T10:00:00.2Z"));
  EXPECT_EQ(parse_timestamp("2024-06-01")->seconds,
            parse_timestamp("2024-06-01T00:00:00Z")->seconds);
  for (const char* bad :
       {"yesterday", "2024-06-01T25:00:00Z", "2024-06-01T10:00:00+2", "2024-06-01T10:00",
        "2024-06-01T10:00:00.Z", "2024-13-01T00:00:00Z", "2024-06-01T10:00:00Zjunk"}) {
    EXPECT_FALSE(parse_timestamp(bad)) << bad;
  }
}

}  // namespace
}  // namespace upkeep::suppress
