// SPDX-License-Identifier: Apache-2.0
//
// RPM specifics beyond the fixture file: how the string is split, the missing-release rule, and
// error messages that name the part that is wrong.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& rpm() {
  return *find_scheme("rpm");
}

std::strong_ordering cmp(std::string_view a, std::string_view b) {
  auto r = rpm().compare(a, b);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : std::strong_ordering::equal;
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = rpm().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

TEST(Rpm, OsvEcosystemsUseTheRpmScheme) {
  for (const char* eco : {"Red Hat", "Red Hat:enterprise_linux:9", "AlmaLinux:9", "Rocky Linux:8",
                          "openSUSE:Leap 15.5", "SUSE:Linux Enterprise Server 15 SP5", "Mageia:9",
                          "openEuler:22.03-LTS", "Photon OS:5.0", "Azure Linux:3"}) {
    EXPECT_EQ(find_scheme(eco), &rpm()) << eco;
  }
}

TEST(Rpm, ErrorMessagesNameThePart) {
  expect_error("", "version string is empty");
  expect_error("1.0-", "release after '-' is empty");
  expect_error("-1", "version is empty");
  expect_error("1:", "version is empty");
  expect_error(":1.0", "epoch before ':' is empty");
  expect_error("a:1.0", "invalid ':' in version");
  expect_error("1:2:3", "invalid ':' in version");
  expect_error("1.0 1", "invalid character in version");
  expect_error("1.0-1-2", "invalid character in version");  // the version is "1.0-1"
  expect_error("1.0-1@2", "invalid character in release");
}

TEST(Rpm, MessageQuotesAndEscapesTheVersion) {
  const Status s = rpm().validate(std::string_view("1.0\0", 4));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(), "invalid rpm version \"1.0\\x00\": invalid character in version");
}

TEST(Rpm, SplitsLikeParseEvr) {
  // The epoch is the leading digits before ':'; the release is after the last '-'.
  EXPECT_EQ(cmp("10:1", "9:2"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("007:1", "7:1"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1.0_2-3", "1.0.2-3"), std::strong_ordering::equal);
  EXPECT_EQ(cmp("1:1.0-2.el9", "1:1.0-10.el9"), std::strong_ordering::less);
  // The release does not spill into the version: 1.0-2 < 1.0.1-1 although "1.0-2" > "1.0.1".
  EXPECT_EQ(cmp("1.0-2", "1.0.1-1"), std::strong_ordering::less);
}

TEST(Rpm, MissingReleaseIsOlderThanAnyRelease) {
  // labelCompare() semantics: a total order, unlike rpmverCmp() skipping the release.
  EXPECT_EQ(cmp("1.0", "1.0-0"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0", "1.0-~"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0-1", "1.0"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0", "1.0"), std::strong_ordering::equal);
}

TEST(Rpm, TildeAndCaretAroundTheEnd) {
  EXPECT_EQ(cmp("1.0~", "1.0"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0^", "1.0"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1.0^", "1.0.0"), std::strong_ordering::less);
  EXPECT_EQ(cmp("1.0~", "1.0^"), std::strong_ordering::less);
}

TEST(Rpm, NumbersOfAnyLength) {
  const std::string big(300, '9');
  EXPECT_EQ(cmp(big, "1" + std::string(300, '0')), std::strong_ordering::less);
  EXPECT_EQ(cmp(big + ":1", "1:1"), std::strong_ordering::greater);
  EXPECT_EQ(cmp("1." + std::string(100, '0') + "7", "1.7"), std::strong_ordering::equal);
}

TEST(Rpm, ViewsNeedNoTerminator) {
  const std::string buf = "1.0-19999";
  EXPECT_EQ(*rpm().try_compare(std::string_view(buf).substr(0, 5), "1.0-1"),
            std::strong_ordering::equal);
  EXPECT_EQ(*rpm().try_compare(std::string_view(buf).substr(0, 3), "1.0"),
            std::strong_ordering::equal);
}

}  // namespace
}  // namespace upkeep::version
