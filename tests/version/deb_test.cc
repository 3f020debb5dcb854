// SPDX-License-Identifier: Apache-2.0
//
// Debian specifics beyond the fixture file: error messages name what dpkg would say.
#include <gtest/gtest.h>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

const Scheme& deb() {
  return *find_scheme("deb");
}

void expect_error(std::string_view v, std::string_view what) {
  const Status s = deb().validate(v);
  ASSERT_FALSE(s.is_ok()) << v;
  EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
}

TEST(Deb, ErrorMessagesFollowDpkg) {
  expect_error("", "version string is empty");
  expect_error("1.0 1", "embedded spaces");
  expect_error("x:1", "epoch in version is empty");  // strtol() reads no digits
  expect_error("1x:1", "epoch in version is not number");
  expect_error(":1", "epoch in version is empty");
  expect_error("-3:1", "epoch in version is negative");
  expect_error("99999999999:1", "epoch in version is too big");
  expect_error("1:", "nothing after colon");
  expect_error("1.0-", "revision number is empty");
  expect_error("1:-1", "version number is empty");
  expect_error("v1.0", "does not start with digit");
  expect_error("1.0#", "invalid character in version number");
  expect_error("1.0-a_b", "invalid character in revision number");
}

TEST(Deb, MessageQuotesAndEscapesTheVersion) {
  const Status s = deb().validate(std::string_view("1.0\x01", 4));
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(), "invalid deb version \"1.0\\x01\": control or non-ASCII byte in version");
}

TEST(Deb, CompareReportsTheInvalidSide) {
  auto r = deb().compare("1.0", "1.0-");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("\"1.0-\""), std::string::npos) << r.status().message();
}

TEST(Deb, ViewsNeedNoTerminator) {
  // The comparison must stop at the end of the view, not at a NUL.
  const std::string buf = "1.0-19999";
  EXPECT_EQ(*deb().try_compare(std::string_view(buf).substr(0, 5), "1.0-1"),
            std::strong_ordering::equal);
}

}  // namespace
}  // namespace upkeep::version
