// SPDX-License-Identifier: Apache-2.0
//
// Reads the version fixture files of tests/fixtures/version/<scheme>.txt:
//   A < B      A = B      A > B      ! V      # comment
// Tokens are separated by blanks; "\xNN" stands for a byte and "" for the empty string.
#pragma once

#include <string>
#include <vector>

#include "upkeep/status.h"

namespace upkeep::testing {

struct VersionCase {
  int line = 0;
  char op = '!';  // '<', '=', '>' for an ordered pair; '!' for an invalid version in `a`
  std::string a;
  std::string b;
};

// Decodes one token ("" -> empty, \xNN -> byte).
Result<std::string> unescape_token(std::string_view token);

// Loads every case of a fixture file; an unreadable file or malformed line is an error.
Result<std::vector<VersionCase>> load_version_cases(const std::string& path);

// Directory of the version fixtures (set by the build).
std::string version_fixture_dir();

}  // namespace upkeep::testing
