// SPDX-License-Identifier: Apache-2.0
//
// Composer specifics beyond the fixture file: what normalisation keeps and drops, the two places
// where upkeep is stricter than Composer, and error messages.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& composer() {
  return *find_scheme("composer");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = composer().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

void expect_equal(std::string_view a, std::string_view b) {
  const auto r = composer().try_compare(a, b);
  ASSERT_TRUE(r.has_value()) << a << " / " << b;
  EXPECT_EQ(*r, std::strong_ordering::equal) << a << " / " << b;
}

TEST(Composer, FoundByOsvEcosystemName) {
  EXPECT_EQ(find_scheme("Packagist"), &composer());
  EXPECT_EQ(find_scheme("composer"), &composer());
}

TEST(Composer, NormalisationDropsWhatComposerDrops) {
  expect_equal("v1.2", "1.2.0.0");
  expect_equal("1.2+build.7", "1.2");
  expect_equal("1.2@beta", "1.2");
  expect_equal("1.2 as 3.0", "1.2");
  expect_equal(std::string_view(" 1.2\0", 5), "1.2");
  expect_equal("1.2-b.1", "1.2.0.0-beta1");
  expect_equal("1.2-pl3", "1.2-patch3");
  expect_equal("1.2-stable-dev", "1.2");  // exactly "stable" ends normalisation
  expect_equal("1.2.x-dev", "1.2.9999999.9999999-dev");
  expect_equal("2020-01-02", "2020:01:02");  // a date keeps its parts, whatever joins them
  // ... but "2020.1.2" is a classical version, 2020.1.2.0: one more part, so greater.
  EXPECT_EQ(*composer().try_compare("2020-01-02", "2020.1.2"), std::strong_ordering::less);
}

TEST(Composer, BranchesAreRejectedOnPurpose) {
  // Comparator gives two different branches no order, so they have no place in a total order.
  expect_error("dev-main", "branch name");
  expect_error("DEV-feature/x", "branch name");
  expect_error("master", "branch name");
  expect_error("trunk@dev", "branch name");
}

TEST(Composer, NumbersPastLongMaxAreRejectedOnPurpose) {
  // strtol() in version_compare saturates: PHP calls these two equal.
  expect_error("1.99999999999999999999", "above 9223372036854775807");
  expect_error("1.0-beta9223372036854775808", "above 9223372036854775807");
  EXPECT_TRUE(composer().validate("1.9223372036854775807").is_ok());
  EXPECT_TRUE(composer().validate("1.0009223372036854775807").is_ok());
}

TEST(Composer, ErrorMessagesSayWhatIsWrong) {
  expect_error("", "version string is empty");
  expect_error(" \t", "only whitespace");
  expect_error("x1.0", "does not start with a number");
  expect_error("1.0 beta", "whitespace inside version");
  expect_error("123456789.1", "more than 5 digits");
  expect_error("1.0.0.0.0", "more than four numbers");
  expect_error("1.0-gamma", "invalid suffix");
}

TEST(Composer, ViewsNeedNoTerminator) {
  const std::string buf = "1.0-beta2";
  EXPECT_EQ(*composer().try_compare(std::string_view(buf).substr(0, 8), "1.0-beta"),
            std::strong_ordering::equal);
  EXPECT_EQ(*composer().try_compare(std::string_view(buf).substr(0, 3), "1.0-beta"),
            std::strong_ordering::greater);
}

}  // namespace
}  // namespace upkeep::version
