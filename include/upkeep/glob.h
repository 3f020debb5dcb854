// SPDX-License-Identifier: Apache-2.0
//
// Shell-style '*' globs over plain strings, as purl patterns use them (ignore files, owners
// files). Pure; thread-safe.
#pragma once

#include <string_view>

namespace upkeep {

// Whether `text` matches `pattern`, where '*' matches any run of characters (including none and
// including '/') and every other character matches itself. Iterative with one backtrack point:
// at worst quadratic in the lengths, never exponential, allocates nothing.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace upkeep
