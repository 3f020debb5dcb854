// SPDX-License-Identifier: Apache-2.0
//
// RubyGems specifics beyond the fixture file: error messages say which part of
// Gem::Version's pattern the version breaks, and comparisons read views without a terminator.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& gems() {
  return *find_scheme("rubygems");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = gems().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

TEST(RubyGems, FoundByOsvEcosystemName) {
  EXPECT_EQ(find_scheme("RubyGems"), &gems());
  EXPECT_EQ(find_scheme("rubygems"), &gems());
}

TEST(RubyGems, ErrorMessagesNameTheBrokenRule) {
  expect_error("", "version string is empty");
  expect_error(" \t\n", "only whitespace");  // RubyGems reads it as "0"; upkeep does not
  expect_error("v1.0", "does not start with a digit");
  expect_error("1a", "letter in the first segment");
  expect_error("1..0", "empty segment");
  expect_error("1.0.", "empty segment");
  expect_error("1-", "empty segment after '-'");
  expect_error("1-a..b", "empty segment after '-'");
  expect_error("1.0 1", "whitespace inside version");
  expect_error("1.0_1", "invalid character");
  expect_error(std::string_view("1.0\0", 4), "invalid character");
}

TEST(RubyGems, MessageQuotesAndEscapesTheVersion) {
  const Status s = gems().validate("1.0\x7f");
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(), "invalid rubygems version \"1.0\\x7f\": invalid character in version");
}

TEST(RubyGems, DashIsThePrereleaseSegmentPre) {
  EXPECT_EQ(*gems().try_compare("1.0-1", "1.0.pre.1"), std::strong_ordering::equal);
  EXPECT_EQ(*gems().try_compare("1.0-1", "1.0"), std::strong_ordering::less);
  EXPECT_EQ(*gems().try_compare("1--a", "1.pre.pre.a"), std::strong_ordering::equal);
}

TEST(RubyGems, NumbersOfAnyLength) {
  const std::string big(400, '9');
  EXPECT_EQ(*gems().try_compare("1." + big, "1." + big + "0"), std::strong_ordering::less);
  EXPECT_EQ(*gems().try_compare("1.000" + big, "1." + big), std::strong_ordering::equal);
}

TEST(RubyGems, ViewsNeedNoTerminator) {
  const std::string buf = "1.0.a9";
  EXPECT_EQ(*gems().try_compare(std::string_view(buf).substr(0, 5), "1.a"),
            std::strong_ordering::equal);
  EXPECT_EQ(*gems().try_compare(std::string_view(buf).substr(0, 3), "1"),
            std::strong_ordering::equal);
}

}  // namespace
}  // namespace upkeep::version
