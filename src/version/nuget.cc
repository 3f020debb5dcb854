// SPDX-License-Identifier: Apache-2.0
//
// NuGet package versions as NuGet orders them: NuGetVersion.TryParse (NuGetVersionFactory.cs,
// SemanticVersionFactory.cs) and VersionComparer.Default (VersionComparer.cs) of
// NuGet.Versioning, reimplemented from NuGet/NuGet.Client and checked against its tests. The
// parser is the current one (TryGetNormalizedVersion, which replaced System.Version.TryParse and
// reads white space around each number); int.TryParse is taken in a culture whose negative sign
// is '-' (invariant, en-US: what NuGet runs under on build machines).
//
// Syntax, as TryParse reads it:
//   - surrounding white space is trimmed; the rest splits at the first '-' or '+' into the version
//     numbers, then release labels up to the next '+', then build metadata;
//   - 1 to 4 dot-separated numbers, each decimal digits (leading zeros allowed: 1.01 is 1.1) with
//     a value of at most 2147483647 (int32), optionally padded with white space on either side
//     ("1 .2" is 1.2); missing numbers are 0 (1 == 1.0 == 1.0.0.0); no sign, no "v" prefix, no
//     empty number, no trailing dot;
//   - release labels and metadata identifiers are non-empty, of [0-9A-Za-z-]; an all-digit
//     release label has no leading zero (metadata may).
// Order (VersionComparer.Default): the four numbers; then a version without release labels after
// one with them; then labels left to right, where a label int.TryParse reads as an int32 ("12",
// also "-1") compares by value and before any other, and other labels compare ordinal
// ignore-case; a shorter list of equal labels first. Metadata is ignored.
//
// Invalid is what TryParse rejects, and also (stricter, on purpose) any non-ASCII byte: .NET
// trims and skips Unicode white space (U+00A0, U+2000, ...) around numbers, which no published
// version contains; upkeep reads bytes, not UTF-16, and refuses them rather than decode them.
#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <string_view>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::is_alnum;
using detail::is_digit;

constexpr uint64_t kInt32Max = 2147483647;

struct NuGetVersion {
  std::array<uint32_t, 4> numbers = {0, 0, 0, 0};  // major, minor, patch, revision
  std::string_view labels;                         // release labels joined by '.'; empty when none
};

// char.IsWhiteSpace on ASCII: TAB, LF, VT, FF, CR and space.
constexpr bool is_space(char c) noexcept {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

constexpr bool is_label_char(char c) noexcept {
  return is_alnum(c) || c == '-';
}

// The numbers part, as TryGetNormalizedVersion reads it: up to four sections "ws* digits ws*"
// separated by '.', with no trailing '.'; a section after the last one read is 0.
std::string_view parse_numbers(std::string_view s, NuGetVersion& out) noexcept {
  if (s.empty()) return "version number is empty";
  size_t pos = 0;
  for (uint32_t& number : out.numbers) {
    number = 0;
    if (pos == s.size()) continue;  // a missing part is 0
    while (pos < s.size() && is_space(s[pos]))
      ++pos;
    uint64_t value = 0;
    size_t digits = 0;
    while (pos < s.size() && is_digit(s[pos])) {
      value = value * 10 + static_cast<uint64_t>(s[pos] - '0');
      if (value > kInt32Max) return "version part is larger than 2147483647";
      ++digits;
      ++pos;
    }
    if (digits == 0) {
      if (pos < s.size() && s[pos] == '.') return "version part is empty";
      return "version part is not a number";
    }
    while (pos < s.size() && is_space(s[pos]))
      ++pos;
    if (pos < s.size()) {
      if (s[pos] != '.') {
        return is_digit(s[pos]) ? "space inside a version part" : "version part is not a number";
      }
      ++pos;
      if (pos == s.size()) return "version ends with a dot";
    }
    number = static_cast<uint32_t>(value);
  }
  if (pos != s.size()) return "more than four version parts";
  return {};
}

// Checks dot-separated identifiers (release labels, or metadata when `labels` is false).
std::string_view check_identifiers(std::string_view list, bool labels) noexcept {
  size_t start = 0;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size() && list[i] != '.') {
      if (!is_label_char(list[i])) {
        return labels ? "invalid character in release label" : "invalid character in metadata";
      }
      continue;
    }
    const std::string_view part = list.substr(start, i - start);
    if (part.empty()) return labels ? "empty release label" : "empty metadata identifier";
    if (labels && part.size() > 1 && part[0] == '0') {
      bool all_digits = true;
      for (char c : part)
        all_digits = all_digits && is_digit(c);
      if (all_digits) return "numeric release label has a leading zero";
    }
    start = i + 1;
  }
  return {};
}

// Byte classes for the fast path.
constexpr uint8_t kIdentifierChar = 1;  // [0-9A-Za-z-]: in a release label or metadata identifier

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (is_label_char(static_cast<char>(c))) t[c] = kIdentifierChar;
  }
  return t;
}();

// Checks the dot-separated identifiers at s[i...] up to the end or, for release labels, a '+'
// (where it stops). Like check_identifiers(), except that it gives up (false) where that one
// would say what is wrong.
bool identifiers_fast(std::string_view s, size_t& i, bool labels) noexcept {
  for (;;) {
    const size_t begin = i;
    bool all_digits = true;
    for (; i < s.size() && kByteClass[static_cast<unsigned char>(s[i])] != 0; ++i)
      all_digits = all_digits && is_digit(s[i]);
    if (i == begin) return false;                                                // empty
    if (labels && all_digits && s[begin] == '0' && i - begin > 1) return false;  // leading zero
    if (i == s.size() || s[i] != '.') return i == s.size() || (labels && s[i] == '+');
    ++i;
  }
}

// The common case in one pass: 1 to 4 numbers of at most 9 digits (below int32's limit) joined by
// single dots, then optionally '-' and release labels, then optionally '+' and metadata, with no
// white space or other byte. Returns false when unsure; parse_precise() then decides, so the two
// together accept exactly what parse_precise() alone accepts, and read the same numbers and
// labels.
bool parse_fast(std::string_view s, NuGetVersion& out) noexcept {
  const size_t n = s.size();
  size_t i = 0;
  size_t k = 0;
  out.numbers = {0, 0, 0, 0};  // a missing part is 0
  for (;;) {
    const size_t begin = i;
    uint32_t value = 0;
    for (; i < n && is_digit(s[i]); ++i)
      value = value * 10 + static_cast<uint32_t>(s[i] - '0');  // wraps past 9 digits, unused
    if (i == begin || i - begin > 9) return false;
    out.numbers[k++] = value;
    if (i == n || s[i] == '-' || s[i] == '+') break;
    if (s[i] != '.' || k == out.numbers.size()) return false;
    ++i;
  }
  out.labels = {};
  if (i < n && s[i] == '-') {
    const size_t begin = ++i;
    if (!identifiers_fast(s, i, true)) return false;
    out.labels = s.substr(begin, i - begin);
  }
  if (i < n) {  // at the '+' before metadata
    ++i;
    if (!identifiers_fast(s, i, false)) return false;
  }
  return true;
}

// Parses like NuGetVersion.TryParse. Returns an empty view on success, else what is wrong.
std::string_view parse_precise(std::string_view s, NuGetVersion& out) noexcept {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return "non-ASCII byte in version";
  }
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  if (s.empty()) return "version string is empty";

  // ParseSections: numbers up to the first '-' or '+'; after a '-', labels up to the next '+';
  // after that '+', metadata to the end (where a second '+' is an invalid character).
  const size_t sep = s.find_first_of("-+");
  if (auto err = parse_numbers(s.substr(0, sep), out); !err.empty()) return err;
  out.labels = {};
  if (sep == std::string_view::npos) return {};
  std::string_view rest = s.substr(sep + 1);
  if (s[sep] == '-') {
    const size_t plus = rest.find('+');
    out.labels = rest.substr(0, plus);
    if (auto err = check_identifiers(out.labels, true); !err.empty()) return err;
    if (plus == std::string_view::npos) return {};
    rest.remove_prefix(plus + 1);
  }
  return check_identifiers(rest, false);
}

std::string_view parse(std::string_view s, NuGetVersion& out) noexcept {
  if (parse_fast(s, out)) return {};
  return parse_precise(s, out);
}

// int.TryParse on a label (invariant culture, NumberStyles.Integer): an optional '-' and digits
// whose value fits in an int32. Labels hold no white space or '+', the other forms it accepts.
bool label_as_int(std::string_view label, int64_t& out) noexcept {
  const bool negative = !label.empty() && label[0] == '-';
  if (negative) label.remove_prefix(1);
  if (label.empty()) return false;
  uint64_t value = 0;
  for (char c : label) {
    if (!is_digit(c)) return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > kInt32Max + 1) return false;
  }
  if (!negative && value > kInt32Max) return false;
  out = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

// StringComparer.OrdinalIgnoreCase: both sides upper-cased, then compared as unsigned chars.
std::strong_ordering compare_ignore_case(std::string_view a, std::string_view b) noexcept {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const auto ca = static_cast<unsigned char>(detail::is_lower(a[i]) ? a[i] - 'a' + 'A' : a[i]);
    const auto cb = static_cast<unsigned char>(detail::is_lower(b[i]) ? b[i] - 'a' + 'A' : b[i]);
    if (ca != cb) return ca <=> cb;
  }
  return a.size() <=> b.size();
}

// VersionComparer.CompareRelease.
std::strong_ordering compare_label(std::string_view a, std::string_view b) noexcept {
  int64_t na = 0;
  int64_t nb = 0;
  const bool a_numeric = label_as_int(a, na);
  const bool b_numeric = label_as_int(b, nb);
  if (a_numeric && b_numeric) return na <=> nb;
  if (a_numeric != b_numeric) {
    return a_numeric ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  return compare_ignore_case(a, b);
}

// VersionComparer.CompareReleaseLabels over two non-empty dot-joined label lists.
std::strong_ordering compare_labels(std::string_view x, std::string_view y) noexcept {
  size_t i = 0;
  size_t j = 0;
  for (;;) {
    const size_t ie = std::min(x.find('.', i), x.size());
    const size_t je = std::min(y.find('.', j), y.size());
    if (auto c = compare_label(x.substr(i, ie - i), y.substr(j, je - j)); std::is_neq(c)) return c;
    const bool x_more = ie < x.size();
    const bool y_more = je < y.size();
    if (!x_more || !y_more) {
      if (x_more == y_more) return std::strong_ordering::equal;
      return x_more ? std::strong_ordering::greater : std::strong_ordering::less;
    }
    i = ie + 1;
    j = je + 1;
  }
}

class NuGetScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    NuGetVersion v;
    if (const auto err = parse(version, v); !err.empty()) {
      return detail::invalid_version("nuget", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    NuGetVersion va;
    NuGetVersion vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    if (va.numbers != vb.numbers) return va.numbers <=> vb.numbers;  // element by element
    const bool a_pre = !va.labels.empty();
    const bool b_pre = !vb.labels.empty();
    if (a_pre != b_pre) return a_pre ? std::strong_ordering::less : std::strong_ordering::greater;
    if (!a_pre) return std::strong_ordering::equal;
    return compare_labels(va.labels, vb.labels);
  }
};

}  // namespace

const Scheme& nuget_scheme() noexcept {
  static const NuGetScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
