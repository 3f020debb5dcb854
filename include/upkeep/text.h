// SPDX-License-Identifier: Apache-2.0
//
// Small text helpers the parsers share. ASCII only, on purpose: the formats they serve (purls,
// os-release, TOML keys, distribution codenames) define case over ASCII, whatever the locale.
#pragma once

#include <string>
#include <string_view>

namespace upkeep {

// `s` with A-Z lower-cased; every other byte as it is.
std::string ascii_lower(std::string_view s);

}  // namespace upkeep
