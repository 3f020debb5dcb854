// SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by the version schemes. Everything here is allocation-free except
// invalid_version(), which runs only on the error path.
#pragma once

#include <compare>
#include <string_view>

#include "upkeep/status.h"

namespace upkeep::version::detail {

// ASCII-only classification: versions are compared byte-wise by every reference tool, and the
// <cctype> functions depend on the locale.
constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
constexpr bool is_lower(char c) noexcept {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}
constexpr bool is_alpha(char c) noexcept {
  return is_lower(c) || is_upper(c);
}
constexpr bool is_alnum(char c) noexcept {
  return is_digit(c) || is_alpha(c);
}
constexpr char to_lower(char c) noexcept {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr std::strong_ordering sign(int v) noexcept {
  return v < 0 ? std::strong_ordering::less
               : (v > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// Strips leading '0' characters (an all-zero string becomes empty, i.e. the number 0).
constexpr std::string_view strip_zeros(std::string_view digits) noexcept {
  size_t i = 0;
  while (i < digits.size() && digits[i] == '0')
    ++i;
  return digits.substr(i);
}

// Compares two strings of ASCII digits as non-negative integers of any length.
constexpr std::strong_ordering compare_digits(std::string_view a, std::string_view b) noexcept {
  a = strip_zeros(a);
  b = strip_zeros(b);
  if (a.size() != b.size()) return a.size() <=> b.size();
  return a.compare(b) <=> 0;
}

// Compares two strings byte by byte as unsigned chars (memcmp order).
constexpr std::strong_ordering compare_bytes(std::string_view a, std::string_view b) noexcept {
  return a.compare(b) <=> 0;
}

// Case-insensitive (ASCII) equality.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

// Parses a string of ASCII digits into `out` when it fits in a uint64_t.
constexpr bool parse_u64(std::string_view digits, uint64_t& out) noexcept {
  if (digits.empty()) return false;
  uint64_t v = 0;
  for (char c : digits) {
    if (!is_digit(c)) return false;
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

// The error for an invalid version: `invalid <scheme> version "<v>": <what>`, with control and
// non-ASCII bytes escaped so the message is safe to print.
Status invalid_version(std::string_view scheme, std::string_view version, std::string_view what);

}  // namespace upkeep::version::detail
