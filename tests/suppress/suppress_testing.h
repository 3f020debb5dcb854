// SPDX-License-Identifier: Apache-2.0
//
// Fixture access for the suppression tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "upkeep/suppress.h"

namespace upkeep::testing {

// tests/fixtures/suppress/<relative>.
inline std::string suppress_fixture(const std::string& relative) {
  return std::string(UPKEEP_FIXTURE_DIR) + "/suppress/" + relative;
}

// Loads fixture files in order; fails the test on an error.
inline suppress::Suppressions load_fixtures(const std::vector<std::string>& relatives) {
  std::vector<std::string> paths;
  for (const auto& r : relatives)
    paths.push_back(suppress_fixture(r));
  auto loaded = suppress::Suppressions::load(paths);
  EXPECT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  if (!loaded) return {};
  return std::move(loaded).value();
}

inline std::string warnings_text(const suppress::Suppressions& s) {
  std::string out;
  for (const auto& w : s.warnings())
    out += w.to_string() + "\n";
  return out;
}

inline suppress::Date date(const char* text) {
  return *suppress::Date::parse(text);
}

}  // namespace upkeep::testing
