// SPDX-License-Identifier: Apache-2.0
//
// Cargo specifics beyond the fixture file: error messages, u64 limits, and build metadata taking
// part in the order (where cargo and npm disagree on the same strings).
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& cargo() {
  return *find_scheme("cargo");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = cargo().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

std::strong_ordering order(const Scheme& scheme, std::string_view a, std::string_view b) {
  auto r = scheme.compare(a, b);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : std::strong_ordering::equal;
}

TEST(Cargo, OsvEcosystemName) {
  EXPECT_EQ(find_scheme("crates.io"), &cargo());
  EXPECT_EQ(find_scheme("Crates.IO"), &cargo());
}

TEST(Cargo, ErrorMessagesNameWhatIsWrong) {
  expect_error("", "version string is empty");
  expect_error("v1.0.0", "major version is not a number");
  expect_error("1", "expected '.' after major version");
  expect_error("1.x.0", "minor version is not a number");
  expect_error("1.0.0.0", "unexpected character after patch version");
  expect_error("1.00.0", "minor version has a leading zero");
  expect_error("18446744073709551616.0.0", "major version exceeds u64::MAX");
  expect_error("0.18446744073709551616.0", "minor version exceeds u64::MAX");
  expect_error("0.0.18446744073709551616", "patch version exceeds u64::MAX");
  expect_error("1.0.0-", "pre-release after '-' is empty");
  expect_error("1.0.0-a..b", "empty pre-release identifier");
  expect_error("1.0.0-00", "numeric pre-release identifier has a leading zero");
  expect_error("1.0.0+", "build metadata after '+' is empty");
  expect_error("1.0.0+a..b", "empty build metadata identifier");
  expect_error("1.0.0+a+b", "invalid character in build metadata");
  expect_error(" 1.0.0", "major version is not a number");
}

TEST(Cargo, NumbersFillAllOf64Bits) {
  EXPECT_EQ(order(cargo(), "18446744073709551615.0.0", "9223372036854775808.0.0"),
            std::strong_ordering::greater);
  EXPECT_TRUE(cargo().is_valid("1.0.0-184467440737095516160000"));  // no limit on identifiers
  EXPECT_TRUE(cargo().is_valid("1.0.0+000"));  // leading zeros are fine in build metadata
}

TEST(Cargo, BuildMetadataOrdersWhereNpmIgnoresIt) {
  const Scheme& npm = *find_scheme("npm");
  for (const auto& [a, b] : {std::pair{"1.0.0+a", "1.0.0+b"}, std::pair{"1.0.0", "1.0.0+0"},
                             std::pair{"1.0.0+1", "1.0.0+01"}}) {
    EXPECT_EQ(order(cargo(), a, b), std::strong_ordering::less) << a << " vs " << b;
    EXPECT_EQ(order(npm, a, b), std::strong_ordering::equal) << a << " vs " << b;
  }
  // Pre-release still decides before build metadata does.
  EXPECT_EQ(order(cargo(), "1.0.0-a+z", "1.0.0-b+a"), std::strong_ordering::less);
}

TEST(Cargo, ViewsNeedNoTerminator) {
  const std::string buf = "1.0.0+10";
  EXPECT_EQ(*cargo().try_compare(std::string_view(buf).substr(0, 5), "1.0.0"),
            std::strong_ordering::equal);
  EXPECT_EQ(*cargo().try_compare(std::string_view(buf).substr(0, 7), "1.0.0+1"),
            std::strong_ordering::equal);
}

}  // namespace
}  // namespace upkeep::version
