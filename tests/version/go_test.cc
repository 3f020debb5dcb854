// SPDX-License-Identifier: Apache-2.0
//
// Go specifics beyond the fixture file: error messages, and the OSV "Go" variant that reads
// versions without their leading "v".
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& go() {
  return *find_scheme("go");
}

const Scheme& osv_go() {
  return *find_scheme("Go");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = go().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

TEST(Go, ErrorMessagesNameWhatIsWrong) {
  expect_error("", "version string is empty");
  expect_error("1.2.3", "does not start with \"v\"");
  expect_error("vx", "major version is not a number");
  expect_error("v1.x", "minor version is not a number");
  expect_error("v1.2.", "patch version is not a number");
  expect_error("v01.2.3", "major version has a leading zero");
  expect_error("v1.02.3", "minor version has a leading zero");
  expect_error("v1.2.03", "patch version has a leading zero");
  expect_error("v1-rc1", "shorthand version cannot have a prerelease or build suffix");
  expect_error("v1.2+meta", "shorthand version cannot have a prerelease or build suffix");
  expect_error("v1x", "unexpected character after major version");
  expect_error("v1.2x", "unexpected character after minor version");
  expect_error("v1.2.3.4", "unexpected character after patch version");
  expect_error("v1.2.3-", "empty prerelease identifier");
  expect_error("v1.2.3-a..b", "empty prerelease identifier");
  expect_error("v1.2.3-a_b", "invalid character in prerelease");
  expect_error("v1.2.3-01", "numeric prerelease identifier has a leading zero");
  expect_error("v1.2.3+", "empty build identifier");
  expect_error("v1.2.3+a+b", "invalid character in build");
}

TEST(Go, MessageQuotesTheVersion) {
  const Status s = go().validate("v1.2.3-01");
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(),
            "invalid go version \"v1.2.3-01\": numeric prerelease identifier has a leading zero");
}

TEST(Go, ViewsNeedNoTerminator) {
  const std::string buf = "v1.2.3-rc.19999";
  EXPECT_EQ(go().try_compare(std::string_view(buf).substr(0, 11), "v1.2.3-rc.1"),
            std::strong_ordering::equal);
  EXPECT_EQ(go().try_compare(std::string_view(buf).substr(0, 6), "v1.2.3"),
            std::strong_ordering::equal);
}

TEST(Go, ShortNameIsStrictEcosystemIsTheOsvVariant) {
  EXPECT_NE(&go(), &osv_go());
  EXPECT_EQ(find_scheme("go"), &go());
  EXPECT_EQ(find_scheme("GO"), &osv_go());
  EXPECT_FALSE(go().is_valid("1.2.3"));
  EXPECT_TRUE(osv_go().is_valid("1.2.3"));
}

TEST(GoOsv, VersionsWithoutTheLeadingV) {
  const Scheme& s = osv_go();
  EXPECT_EQ(s.try_compare("1.2.3", "v1.2.3"), std::strong_ordering::equal);
  EXPECT_EQ(s.try_compare("1.2.3", "1.2.4"), std::strong_ordering::less);
  EXPECT_EQ(s.try_compare("1.2", "1.2.0"), std::strong_ordering::equal);
  EXPECT_EQ(s.try_compare("0", "0.0.0"), std::strong_ordering::equal);  // OSV's "introduced: 0"
  EXPECT_EQ(s.try_compare("0.0.0-20210101000000-abcdef123456", "0.0.1"),
            std::strong_ordering::less);
  EXPECT_EQ(s.try_compare("0.9.1-0.20170424173420-06e7a29f36a3", "0.9.1"),
            std::strong_ordering::less);
  EXPECT_EQ(s.try_compare("2.0.0+incompatible", "2.0.0"), std::strong_ordering::equal);
  // Everything else is x/mod's rules unchanged.
  EXPECT_FALSE(s.is_valid(""));
  EXPECT_FALSE(s.is_valid("v"));
  EXPECT_FALSE(s.is_valid("vv1.2.3"));
  EXPECT_FALSE(s.is_valid("V1.2.3"));
  EXPECT_FALSE(s.is_valid("01.2.3"));
  EXPECT_FALSE(s.is_valid("1.2.3-01"));
  EXPECT_FALSE(s.is_valid(" 1.2.3"));
  const Status st = s.validate("1.2.3-");
  ASSERT_FALSE(st.is_ok());
  EXPECT_EQ(st.message(), "invalid go version \"1.2.3-\": empty prerelease identifier");
}

// The variant on "X" must answer exactly as the strict scheme on "vX", for any X without a
// leading "v": random strings over the characters that matter.
TEST(GoOsv, AgreesWithStrictSchemeOnPrefixedVersions) {
  static constexpr std::string_view kAlphabet = "0123456789.-+abzAZv_ ";
  std::mt19937_64 rng(4711);
  auto random_version = [&] {
    std::string v;
    const size_t n = rng() % 14;
    for (size_t i = 0; i < n; ++i)
      v += kAlphabet[rng() % kAlphabet.size()];
    if (!v.empty() && v[0] == 'v') v[0] = '1';
    return v;
  };
  size_t valid = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string a = random_version();
    const std::string b = rng() % 4 == 0 ? a : random_version();
    const auto strict = go().try_compare("v" + a, "v" + b);
    const auto variant = osv_go().try_compare(a, b);
    ASSERT_EQ(strict.has_value(), variant.has_value()) << a << " / " << b;
    if (strict) {
      ++valid;
      ASSERT_EQ(*strict, *variant) << a << " / " << b;
    }
    ASSERT_EQ(osv_go().validate(a).is_ok(), go().validate("v" + a).is_ok()) << a;
  }
  EXPECT_GT(valid, 1000u);
}

}  // namespace
}  // namespace upkeep::version
