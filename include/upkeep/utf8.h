// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace upkeep {

// Length (1 to 4) of the well-formed UTF-8 sequence starting at s[i], or 0 when the bytes there
// are not one (overlong forms, surrogates and code points past U+10FFFF are not).
size_t utf8_sequence_length(std::string_view s, size_t i) noexcept;

// True when all of `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s) noexcept;

// `s` as well-formed UTF-8 that is safe to show: each byte that is not part of a well-formed
// sequence becomes U+FFFD, and so does each control character (C0, DEL, C1), since an escape
// sequence in a package name or an advisory summary must not reach a terminal or a CI log; tab,
// CR and newline become a space (one line) unless `keep_newlines` keeps tab and newline.
std::string printable_text(std::string_view s, bool keep_newlines = false);

}  // namespace upkeep
