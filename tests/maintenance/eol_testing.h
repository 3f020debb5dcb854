// SPDX-License-Identifier: Apache-2.0
//
// Helpers of the end-of-life tests: the fixtures of tests/fixtures/eol and dates.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "support/inventory_testing.h"
#include "upkeep/eol.h"

namespace upkeep::eol::testing {

inline std::string fixture_path(const std::string& name) {
  return std::string(UPKEEP_FIXTURE_DIR) + "/eol/" + name;
}

// The bytes of a fixture (empty when it cannot be read: the test then fails on its content).
inline std::string fixture(const std::string& name) {
  return upkeep::testing::read_host_file(fixture_path(name));
}

// A date the test writes as text; a failure when it is none.
inline Date day(const char* text) {
  auto d = parse_date(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Date{});
}

}  // namespace upkeep::eol::testing
