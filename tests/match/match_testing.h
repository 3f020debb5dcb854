// SPDX-License-Identifier: Apache-2.0
//
// Helpers for the matcher tests: fixture records, components.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "support/inventory_testing.h"
#include "upkeep/advisory.h"
#include "upkeep/inventory.h"

namespace upkeep::match::testing {

inline std::string fixture_path(const std::string& name) {
  return std::string(UPKEEP_FIXTURE_DIR) + "/match/osv/" + name;
}

// The record of tests/fixtures/match/osv/<name>; a failed parse fails the test.
inline advisory::Record fixture_record(const std::string& name) {
  auto parsed = advisory::parse_osv_record(upkeep::testing::read_host_file(fixture_path(name)));
  EXPECT_TRUE(parsed.is_ok()) << name << ": " << parsed.status().message();
  if (!parsed.is_ok()) return {};
  return std::move(parsed->record);
}

inline inventory::Component component(std::string ecosystem, std::string name,
                                      std::string version) {
  inventory::Component c;
  c.ecosystem = std::move(ecosystem);
  c.name = std::move(name);
  c.version = std::move(version);
  return c;
}

}  // namespace upkeep::match::testing
