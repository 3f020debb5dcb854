// SPDX-License-Identifier: Apache-2.0
#include "upkeep/status.h"

#include <gtest/gtest.h>

#include <string>

namespace upkeep {
namespace {

TEST(Status, OkCarriesNothing) {
  Status s;
  EXPECT_TRUE(s.is_ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.to_string(), "ok");
  EXPECT_TRUE(s.with_context("ignored").is_ok());
}

TEST(Status, ErrorsKeepCodeAndMessage) {
  Status s = Status::io_error("cannot read x");
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.to_string(), "I/O error: cannot read x");
  Status wrapped = s.with_context("loading db");
  EXPECT_EQ(wrapped.code(), StatusCode::kIoError);
  EXPECT_EQ(wrapped.message(), "loading db: cannot read x");
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.is_ok());
  EXPECT_EQ(*good, 7);
  EXPECT_TRUE(good.status().is_ok());

  Result<std::string> bad = Status::not_found("nothing at /x");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(bad.status().message(), "nothing at /x");
}

TEST(Result, MovesValueOut) {
  Result<std::string> r = std::string(100, 'x');
  std::string taken = std::move(r).value();
  EXPECT_EQ(taken.size(), 100u);
}

}  // namespace
}  // namespace upkeep
