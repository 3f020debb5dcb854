// SPDX-License-Identifier: Apache-2.0
//
// Shared SemVer 2.0.0 grammar and pre-release precedence; see semver_common.h.
#include "version/semver_common.h"

#include <array>

#include "version/util.h"

namespace upkeep::version::detail {
namespace {

constexpr bool is_identifier_char(char c) noexcept {
  return is_alnum(c) || c == '-';
}

enum Part { kMajor = 0, kMinor = 1, kPatch = 2 };

constexpr std::array<std::string_view, 3> kNotNumber = {"major version is not a number",
                                                        "minor version is not a number",
                                                        "patch version is not a number"};
constexpr std::array<std::string_view, 3> kLeadingZero = {"major version has a leading zero",
                                                          "minor version has a leading zero",
                                                          "patch version has a leading zero"};
constexpr std::array<std::string_view, 3> kMissingDot = {"expected '.' after major version",
                                                         "expected '.' after minor version", ""};

// Reads one of MAJOR, MINOR, PATCH starting at s[i]; moves i past it.
std::string_view read_number(std::string_view s, size_t& i, Part part,
                             std::string_view& out) noexcept {
  const size_t begin = i;
  while (i < s.size() && is_digit(s[i]))
    ++i;
  if (i == begin) return kNotNumber[part];
  if (i - begin > 1 && s[begin] == '0') return kLeadingZero[part];
  out = s.substr(begin, i - begin);
  return {};
}

// What went wrong in a list of identifiers; the pre-release list and the build list differ only in
// the leading-zero rule and in what may follow them.
struct ListErrors {
  std::string_view empty_list;
  std::string_view empty_identifier;
  std::string_view leading_zero;  // empty when leading zeros are allowed
};

constexpr ListErrors kPrereleaseErrors = {"pre-release after '-' is empty",
                                          "empty pre-release identifier",
                                          "numeric pre-release identifier has a leading zero"};
constexpr ListErrors kBuildErrors = {"build metadata after '+' is empty",
                                     "empty build metadata identifier", ""};

// Reads dot-separated identifiers starting at s[i] up to the first byte that cannot continue them.
std::string_view read_identifiers(std::string_view s, size_t& i, const ListErrors& errors,
                                  std::string_view& out) noexcept {
  const size_t list_begin = i;
  for (;;) {
    const size_t begin = i;
    while (i < s.size() && is_identifier_char(s[i]))
      ++i;
    if (i == begin) {
      const bool list_is_empty = i == list_begin && (i == s.size() || s[i] != '.');
      return list_is_empty ? errors.empty_list : errors.empty_identifier;
    }
    const std::string_view id = s.substr(begin, i - begin);
    if (!errors.leading_zero.empty() && id.size() > 1 && id[0] == '0' && all_digits(id)) {
      return errors.leading_zero;
    }
    if (i == s.size() || s[i] != '.') break;
    ++i;
  }
  out = s.substr(list_begin, i - list_begin);
  return {};
}

}  // namespace

std::string_view parse_semver(std::string_view s, SemverParts& out) noexcept {
  out = SemverParts{};
  size_t i = 0;
  const std::array<std::string_view*, 3> numbers = {&out.major, &out.minor, &out.patch};
  for (int part = kMajor; part <= kPatch; ++part) {
    if (const auto err = read_number(s, i, static_cast<Part>(part), *numbers[part]); !err.empty()) {
      return err;
    }
    if (part == kPatch) break;
    if (i == s.size() || s[i] != '.') return kMissingDot[part];
    ++i;
  }
  if (i < s.size() && s[i] == '-') {
    ++i;
    if (const auto err = read_identifiers(s, i, kPrereleaseErrors, out.prerelease); !err.empty()) {
      return err;
    }
    if (i < s.size() && s[i] != '+') return "invalid character in pre-release";
  }
  if (i < s.size() && s[i] == '+') {
    ++i;
    if (const auto err = read_identifiers(s, i, kBuildErrors, out.build); !err.empty()) {
      return err;
    }
    if (i < s.size()) return "invalid character in build metadata";
  }
  if (i < s.size()) return "unexpected character after patch version";
  return {};
}

std::strong_ordering compare_prerelease(std::string_view a, std::string_view b) noexcept {
  if (a.empty() || b.empty()) {
    // A release ranks above every pre-release of the same MAJOR.MINOR.PATCH.
    if (a.empty() && b.empty()) return std::strong_ordering::equal;
    return a.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  DotSplit left(a);
  DotSplit right(b);
  std::string_view x;
  std::string_view y;
  while (left.next(x)) {
    if (!right.next(y)) return std::strong_ordering::greater;
    const bool x_numeric = all_digits(x);
    const bool y_numeric = all_digits(y);
    std::strong_ordering order = std::strong_ordering::equal;
    if (x_numeric && y_numeric) {
      order = compare_digits(x, y);
    } else if (x_numeric || y_numeric) {
      return x_numeric ? std::strong_ordering::less : std::strong_ordering::greater;
    } else {
      order = compare_bytes(x, y);
    }
    if (std::is_neq(order)) return order;
  }
  return right.next(y) ? std::strong_ordering::less : std::strong_ordering::equal;
}

}  // namespace upkeep::version::detail
