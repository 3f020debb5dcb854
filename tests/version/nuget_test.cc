// SPDX-License-Identifier: Apache-2.0
//
// NuGet specifics beyond the fixture file. No .NET runs here, so the parse edge cases of
// NuGetVersion.TryParse are pinned down one by one, each with the message that names the fault.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& nuget() {
  return *find_scheme("nuget");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = nuget().validate(v);
  ASSERT_FALSE(s.is_ok()) << "\"" << v << "\" accepted";
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

std::strong_ordering cmp(std::string_view a, std::string_view b) {
  auto r = nuget().try_compare(a, b);
  EXPECT_TRUE(r.has_value()) << a << " / " << b;
  return r.value_or(std::strong_ordering::equal);
}

TEST(NuGet, EcosystemName) {
  EXPECT_EQ(find_scheme("NuGet"), &nuget());
  EXPECT_EQ(find_scheme("nuget"), &nuget());
}

TEST(NuGet, EmptyAndBlank) {
  expect_error("", "version string is empty");
  expect_error(" \t\r\n", "version string is empty");
  expect_error("-beta", "version number is empty");
  expect_error("+meta", "version number is empty");
}

TEST(NuGet, OneToFourParts) {
  EXPECT_TRUE(nuget().is_valid("1"));
  EXPECT_TRUE(nuget().is_valid("1.2"));
  EXPECT_TRUE(nuget().is_valid("1.2.3"));
  EXPECT_TRUE(nuget().is_valid("1.2.3.4"));
  expect_error("1.2.3.4.5", "more than four version parts");
  expect_error("1.2.3.4.5-beta", "more than four version parts");
  expect_error("1.2.3.4.", "version ends with a dot");
  expect_error("1.", "version ends with a dot");
  expect_error("1.2.3.", "version ends with a dot");
  expect_error("1..2", "version part is empty");
  expect_error(".1", "version part is empty");
  expect_error("1.2.x", "version part is not a number");
  expect_error("v1.0", "version part is not a number");
  expect_error("1.2x", "version part is not a number");
}

TEST(NuGet, Int32Parts) {
  EXPECT_TRUE(nuget().is_valid("2147483647.2147483647.2147483647.2147483647"));
  expect_error("2147483648", "version part is larger than 2147483647");
  expect_error("1.2147483648", "version part is larger than 2147483647");
  expect_error("1.1.2147483648", "version part is larger than 2147483647");
  expect_error("1.1.1.2147483648", "version part is larger than 2147483647");
  expect_error("1.4294967297", "version part is larger than 2147483647");  // wraps to 1 in 32 bits
  expect_error("1.99999999999999999999999999999", "version part is larger than 2147483647");
  // Leading zeros do not count towards the limit, however many there are.
  EXPECT_EQ(cmp(std::string(100, '0') + "2147483647", "2147483647"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1.0000000000000000000000001", "1.1"), std::strong_ordering::equal);
}

TEST(NuGet, WhiteSpace) {
  EXPECT_EQ(cmp(" 1.0 ", "1.0"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("\t\v\f\r\n1.0\n", "1.0"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1 . 2 . 3 . 4", "1.2.3.4"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1.0 -rc", "1.0-rc"), std::strong_ordering::equal);
  expect_error("1 2", "space inside a version part");
  expect_error("1. .2", "version part is empty");
  expect_error("1.0- rc", "invalid character in release label");
  expect_error("1.0-rc +meta", "invalid character in release label");
  expect_error("1.0+ meta", "invalid character in metadata");
  // U+001C..U+001F are not white space to .NET (they are to Python and Java).
  expect_error(
      "\x1c"
      "1.0",
      "version part is not a number");
}

TEST(NuGet, NonAsciiIsRejected) {
  // Stricter than .NET, which would trim U+00A0 (no-break space) and U+3000.
  expect_error(
      "\xc2\xa0"
      "1.0",
      "non-ASCII byte in version");
  expect_error("1.0\xe3\x80\x80", "non-ASCII byte in version");
  expect_error("1.0-\xc3\xa9", "non-ASCII byte in version");
}

TEST(NuGet, Labels) {
  expect_error("1.0-", "empty release label");
  expect_error("1.0-+meta", "empty release label");
  expect_error("1.0-a..b", "empty release label");
  expect_error("1.0-a.", "empty release label");
  expect_error("1.0-.a", "empty release label");
  expect_error("1.0-a_b", "invalid character in release label");
  expect_error(std::string_view("1.0-a\0b", 7), "invalid character in release label");
  expect_error("1.0-01", "numeric release label has a leading zero");
  expect_error("1.0-a.00", "numeric release label has a leading zero");
  EXPECT_TRUE(nuget().is_valid("1.0-0"));
  EXPECT_TRUE(nuget().is_valid("1.0-01a"));
  EXPECT_TRUE(nuget().is_valid("1.0--01"));  // "-01" does not start with '0'
  EXPECT_TRUE(nuget().is_valid("1.0-a-.-.--"));
}

TEST(NuGet, Metadata) {
  expect_error("1.0+", "empty metadata identifier");
  expect_error("1.0+a..b", "empty metadata identifier");
  expect_error("1.0-rc+", "empty metadata identifier");
  expect_error("1.0+a+b", "invalid character in metadata");
  expect_error("1.0+a_b", "invalid character in metadata");
  EXPECT_TRUE(nuget().is_valid("1.0+01.00"));
  EXPECT_TRUE(nuget().is_valid("1.0+-"));
  EXPECT_EQ(cmp("1.0+zzz", "1.0+aaa"), std::strong_ordering::equal);
}

TEST(NuGet, NumericLabelsFollowIntTryParse) {
  // Numeric labels come first and compare by value, as int32.
  EXPECT_EQ(cmp("1.0-9", "1.0-10"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0-2147483647", "1.0-0"), std::strong_ordering::greater);
  // A leading '-' makes a negative number; "-01" is -1.
  EXPECT_EQ(cmp("1.0--5", "1.0--1"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0--01", "1.0--1"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1.0--0", "1.0-0"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1.0--2147483648", "1.0--2147483647"), std::strong_ordering::less);
  // Past int32 a label is text: after every number, and ordered as a string.
  EXPECT_EQ(cmp("1.0-2147483648", "1.0-2147483647"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0-2147483648", "1.0-3"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0-10000000000", "1.0-9999999999"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0--2147483649", "1.0-0"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0--2147483649", "1.0--"), std::strong_ordering::greater);
  // A lone '-' is text.
  EXPECT_EQ(cmp("1.0--", "1.0-0"), std::strong_ordering::greater);
}

TEST(NuGet, TextLabelsCompareOrdinalIgnoreCase) {
  EXPECT_EQ(cmp("1.0-ALPHA", "1.0-alpha"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1.0-a", "1.0-B"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0-Z", "1.0-a"), std::strong_ordering::greater);  // 'Z' vs 'A', not 'Z' < 'a'
  EXPECT_EQ(cmp("1.0-a-", "1.0-a0"), std::strong_ordering::less);   // '-' before digits
  EXPECT_EQ(cmp("1.0-9a", "1.0-a"), std::strong_ordering::less);    // digits before letters
  EXPECT_EQ(cmp("1.0-ab", "1.0-abc"), std::strong_ordering::less);
}

TEST(NuGet, FourthPart) {
  EXPECT_EQ(cmp("1.0.0.1", "1.0.0"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0.0.1-beta", "1.0.0"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0.0.0-beta", "1.0.0"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0.0.0", "1.0.0"), std::strong_ordering::equal);
}

TEST(NuGet, MessageQuotesAndEscapesTheVersion) {
  const Status s = nuget().validate(std::string_view("1.0-a\x01", 6));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(),
            "invalid nuget version \"1.0-a\\x01\": invalid character in release label");
}

TEST(NuGet, ViewsNeedNoTerminator) {
  const std::string buf = "1.0.0-rc.19999";
  EXPECT_EQ(cmp(std::string_view(buf).substr(0, 10), "1.0.0-rc.1"), std::strong_ordering::equal);
  EXPECT_EQ(cmp(std::string_view(buf).substr(0, 5), "1.0.0"), std::strong_ordering::equal);
}

}  // namespace
}  // namespace upkeep::version
