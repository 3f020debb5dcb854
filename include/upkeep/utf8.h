// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string_view>

namespace upkeep {

// Length (1 to 4) of the well-formed UTF-8 sequence starting at s[i], or 0 when the bytes there
// are not one (overlong forms, surrogates and code points past U+10FFFF are not).
size_t utf8_sequence_length(std::string_view s, size_t i) noexcept;

// True when all of `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s) noexcept;

}  // namespace upkeep
