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

// Compares two strings of ASCII digits as non-negative integers of any length. A plain loop: the
// numbers in versions are a few digits long, where a memcmp() call costs more than it saves.
constexpr std::strong_ordering compare_digits(std::string_view a, std::string_view b) noexcept {
  a = strip_zeros(a);
  b = strip_zeros(b);
  if (a.size() != b.size()) return a.size() <=> b.size();
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return a[i] <=> b[i];  // digits: byte order is value order
  }
  return std::strong_ordering::equal;
}

// Compares two runs of numbers joined by single dots ("1.02.3"; each number ASCII digits, at
// least one) as the sequences of their values padded with zeros: "1.0" == "1" and "1.10" > "1.9".
// Equal leading bytes are equal numbers, so the common prefix is skipped back to the start of the
// number it ends in; then per number, leading zeros are skipped and the digits walked side by
// side: the one with digits left over is the longer number, else the first differing digit
// decides. A run that has ended reads as 0.
constexpr std::strong_ordering compare_dotted_numbers(std::string_view a,
                                                      std::string_view b) noexcept {
  const size_t common = a.size() < b.size() ? a.size() : b.size();
  size_t k = 0;
  while (k < common && a[k] == b[k])
    ++k;
  if (k == a.size() && k == b.size()) return std::strong_ordering::equal;
  while (k > 0 && a[k - 1] != '.')
    --k;
  size_t i = k;
  size_t j = k;
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && a[i] == '0')
      ++i;
    while (j < b.size() && b[j] == '0')
      ++j;
    int first_diff = 0;
    while (i < a.size() && a[i] != '.' && j < b.size() && b[j] != '.') {
      if (first_diff == 0) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < a.size() && a[i] != '.') return std::strong_ordering::greater;
    if (j < b.size() && b[j] != '.') return std::strong_ordering::less;
    if (first_diff != 0) return sign(first_diff);
    if (i < a.size()) ++i;  // the dot, which a digit always follows
    if (j < b.size()) ++j;
  }
  return std::strong_ordering::equal;
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
