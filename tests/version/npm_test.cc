// SPDX-License-Identifier: Apache-2.0
//
// npm specifics beyond the fixture file: error messages, node's length limit in UTF-16 code units,
// the stricter pre-release number limit, and the OSV ecosystem name.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& npm() {
  return *find_scheme("npm");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = npm().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

std::strong_ordering order(std::string_view a, std::string_view b) {
  auto r = npm().compare(a, b);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : std::strong_ordering::equal;
}

TEST(Npm, OsvEcosystemName) {
  EXPECT_EQ(find_scheme("npm"), &npm());
  EXPECT_EQ(find_scheme("NPM"), &npm());
}

TEST(Npm, ErrorMessagesNameWhatIsWrong) {
  expect_error("", "version string is empty");
  expect_error(" \t ", "version is only whitespace");
  expect_error("1.2", "expected '.' after minor version");
  expect_error("=1.2.3", "major version is not a number");
  expect_error("01.2.3", "major version has a leading zero");
  expect_error("1.2.03", "patch version has a leading zero");
  expect_error("1.2.3a", "unexpected character after patch version");
  expect_error("1.2.3-", "pre-release after '-' is empty");
  expect_error("1.2.3-a..b", "empty pre-release identifier");
  expect_error("1.2.3-01", "numeric pre-release identifier has a leading zero");
  expect_error("1.2.3-a_b", "invalid character in pre-release");
  expect_error("1.2.3+", "build metadata after '+' is empty");
  expect_error("1.2.3+a.", "empty build metadata identifier");
  expect_error("1.2.3+a+b", "invalid character in build metadata");
  expect_error("9007199254740992.0.0", "major version is above Number.MAX_SAFE_INTEGER");
  expect_error("0.0.9007199254740992", "patch version is above Number.MAX_SAFE_INTEGER");
  expect_error("1.2.3\xc3\xa9", "non-ASCII character");
  expect_error("1.0.0-" + std::string(251, 'a'), "longer than 256 characters");
}

TEST(Npm, MessageQuotesAndEscapesTheVersion) {
  const Status s = npm().validate(std::string_view("1.0.0\x01", 6));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(),
            "invalid npm version \"1.0.0\\x01\": unexpected character after patch version");
}

TEST(Npm, LengthIsCountedInUtf16UnitsBeforeTrimming) {
  const std::string body = "1.0.0-" + std::string(249, 'a');  // 255 characters
  EXPECT_TRUE(npm().is_valid(body + " "));
  EXPECT_FALSE(npm().is_valid(body + "  "));
  // U+3000 is three bytes of UTF-8 but one UTF-16 code unit, as node counts.
  EXPECT_TRUE(npm().is_valid("\xe3\x80\x80" + body));
  EXPECT_FALSE(npm().is_valid("\xe3\x80\x80\xe3\x80\x80" + body));
}

TEST(Npm, OnlyWhitespaceAroundTheVersionIsTrimmed) {
  EXPECT_EQ(order("\xc2\xa0 v1.2.3\r\n", "1.2.3"), std::strong_ordering::equal);
  EXPECT_FALSE(
      npm().is_valid("1.2.3\xc2\xa0"
                     "1"));  // not around it
  EXPECT_FALSE(
      npm().is_valid("\xe2\x80\x8b"
                     "1.2.3"));  // U+200B is not whitespace to node
  EXPECT_FALSE(npm().is_valid("v 1.2.3"));
}

TEST(Npm, BuildMetadataDoesNotOrder) {
  EXPECT_EQ(order("1.0.0+a", "1.0.0+b"), std::strong_ordering::equal);
  EXPECT_EQ(order("1.0.0+1", "1.0.0+01"), std::strong_ordering::equal);
  EXPECT_EQ(order("1.0.0+zzz", "1.0.0"), std::strong_ordering::equal);
}

TEST(Npm, PreReleaseNumbersPastMaxSafeIntegerAreInvalid) {
  // node would call these two equal; upkeep refuses to order them at all.
  expect_error("1.0.0-9007199254740993.a", "imprecisely");
  expect_error("1.0.0-9007199254740992.b", "imprecisely");
  EXPECT_EQ(order("1.0.0-9007199254740991", "1.0.0-9007199254740990"),
            std::strong_ordering::greater);
  // Build identifiers are never compared, so their numbers have no limit.
  EXPECT_TRUE(npm().is_valid("1.0.0+99999999999999999999999"));
}

TEST(Npm, ViewsNeedNoTerminator) {
  const std::string buf = "1.0.0-10";
  EXPECT_EQ(*npm().try_compare(std::string_view(buf).substr(0, 5), "1.0.0"),
            std::strong_ordering::equal);
  EXPECT_EQ(*npm().try_compare(std::string_view(buf).substr(0, 7), "1.0.0-2"),
            std::strong_ordering::less);
}

}  // namespace
}  // namespace upkeep::version
