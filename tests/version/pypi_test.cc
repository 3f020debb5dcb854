// SPDX-License-Identifier: Apache-2.0
//
// PEP 440 specifics beyond the fixture file: error messages name what is wrong, the registry
// finds the scheme by its OSV name, Python's int() limit, and views without terminators.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& pypi() {
  return *find_scheme("pypi");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = pypi().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

char order(std::string_view a, std::string_view b) {
  const auto r = pypi().try_compare(a, b);
  if (!r) return '!';
  return *r < 0 ? '<' : (*r > 0 ? '>' : '=');
}

TEST(Pypi, FoundByOsvEcosystemName) {
  EXPECT_EQ(find_scheme("PyPI"), &pypi());
  EXPECT_EQ(find_scheme("pypi"), &pypi());
}

TEST(Pypi, ErrorMessagesNameWhatIsWrong) {
  expect_error("", "version string is empty");
  expect_error(" \t", "only whitespace");
  expect_error("abc", "does not start with a release number");
  expect_error(".1", "does not start with a release number");
  expect_error("1!", "no release number after the epoch");
  expect_error("1.0.", "empty segment in release number");
  expect_error("1..0", "empty segment in release number");
  expect_error("1.0 1", "whitespace inside version");
  expect_error("1.0+", "local version label after '+' is empty");
  expect_error("1.0+a..b", "empty segment in local version label");
  expect_error("1.0+a_", "empty segment in local version label");
  expect_error("1.0+a/b", "invalid character in local version label");
  expect_error("1.0foo", "invalid text after the release number");
  expect_error("1.0-", "invalid text after the release number");
  expect_error(std::string_view("1.0\0", 4), "control character");
  expect_error("1.\xd9\xa1", "non-ASCII");  // ARABIC-INDIC DIGIT ONE: the regex says [0-9]
  expect_error("1.0\xff", "invalid UTF-8");
}

TEST(Pypi, MessageQuotesTheVersion) {
  const Status s = pypi().validate("1.0+");
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message().rfind("invalid pypi version \"1.0+\": ", 0), 0u) << s.message();
}

TEST(Pypi, NumbersUpToPythonsIntLimit) {
  // int() refuses strings of more than 4300 characters, leading zeros included; packaging then
  // raises ValueError, so the version cannot be used. Up to the limit, numbers compare exactly.
  const std::string ok(4300, '9');
  const std::string too_long(4301, '9');
  const std::string zeros = std::string(4300, '0') + "1";
  EXPECT_TRUE(pypi().validate("1." + ok).is_ok());
  EXPECT_EQ(order("1." + ok, "1." + std::string(4299, '9')), '>');
  EXPECT_EQ(order(ok + "!1", "1"), '>');
  expect_error("1." + too_long, "longer than 4300 digits");
  expect_error(zeros, "longer than 4300 digits");
  expect_error(too_long + "!1", "longer than 4300 digits");
  expect_error("1.0a" + too_long, "longer than 4300 digits");
  expect_error("1.0.post" + too_long, "longer than 4300 digits");
  expect_error("1.0-" + too_long, "longer than 4300 digits");
  expect_error("1.0.dev" + too_long, "longer than 4300 digits");
  expect_error("1.0+a." + too_long, "longer than 4300 digits");
  // A local segment that is not all digits stays a string, whatever its length.
  EXPECT_TRUE(pypi().validate("1.0+a" + too_long).is_ok());
}

TEST(Pypi, RegexPriorityDecidesAmbiguousSpellings) {
  // Python's backtracking regex takes the first way that matches: the "-" after a pre-release
  // word is its separator, so "1.0a-1" is a1 rather than a0 with the implicit post-release 1.
  EXPECT_EQ(order("1.0a-1", "1.0a1"), '=');
  EXPECT_EQ(order("1.0a.post-1", "1.0a0.post1"), '=');
  // "pre" is tried before "preview", then the longer spelling when the rest fails.
  EXPECT_EQ(order("1.0preview", "1.0rc0"), '=');
  EXPECT_EQ(order("1.0prev", "1"), '!');
  // "rev" before "r": "1.0rev" is post 0, "1.0re" matches nothing.
  EXPECT_EQ(order("1.0rev", "1.0.post0"), '=');
  EXPECT_EQ(order("1.0re", "1"), '!');
  // A pre-release and a post-release word back to back.
  EXPECT_EQ(order("1.0ar", "1.0a0.post0"), '=');
}

TEST(Pypi, ViewsNeedNoTerminator) {
  const std::string buf = "1.0.post19999";
  EXPECT_EQ(*pypi().try_compare(std::string_view(buf).substr(0, 9), "1.0.post1"),
            std::strong_ordering::equal);
  const std::string local = "1.0+abc.99";
  EXPECT_EQ(*pypi().try_compare(std::string_view(local).substr(0, 9), "1.0+abc.9"),
            std::strong_ordering::equal);
}

}  // namespace
}  // namespace upkeep::version
