// SPDX-License-Identifier: Apache-2.0
//
// Shared SemVer 2.0.0 grammar and pre-release precedence; see semver_common.h.
#include "version/semver_common.h"

#include <algorithm>
#include <array>
#include <cstdint>

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

// Byte classes for parse_semver_fast().
constexpr uint8_t kIdentifier = 1;  // may appear in a pre-release or build identifier: [0-9A-Za-z-]
constexpr uint8_t kNotDigit = 2;    // an identifier byte that makes the identifier alphanumeric

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (is_identifier_char(ch)) t[c] = is_digit(ch) ? kIdentifier : kIdentifier | kNotDigit;
  }
  return t;
}();

// read_number() for the fast path: at most kFastMaxDigits digits, no leading zero, else false.
bool scan_number(const char*& p, const char* end, std::string_view& out) noexcept {
  const char* begin = p;
  while (p != end && is_digit(*p))
    ++p;
  const auto len = static_cast<size_t>(p - begin);
  if (len == 0 || len > kFastMaxDigits || (len > 1 && *begin == '0')) return false;
  out = std::string_view(begin, len);
  return true;
}

// read_identifiers() for the fast path: the same loop, with the classes from the table. A numeric
// pre-release identifier with a leading zero (an error) or more than kFastMaxDigits digits (a
// scheme's limit may apply) gives false. Returns where the list ends, nullptr when unsure.
template <bool kPrerelease>
const char* scan_identifiers(const char* p, const char* end) noexcept {
  for (;;) {
    const char* begin = p;
    uint8_t seen = 0;  // the classes of the identifier's bytes, or-ed
    while (p != end) {
      const uint8_t c = kByteClass[static_cast<unsigned char>(*p)];
      if ((c & kIdentifier) == 0) break;
      seen |= c;
      ++p;
    }
    const auto len = static_cast<size_t>(p - begin);
    if (len == 0) return nullptr;  // an empty list or identifier
    if (kPrerelease && (seen & kNotDigit) == 0 &&
        ((len > 1 && *begin == '0') || len > kFastMaxDigits)) {
      return nullptr;
    }
    if (p == end || *p != '.') return p;
    ++p;
  }
}

}  // namespace

// The same grammar as parse_semver() below, step by step, with "return false" wherever
// parse_semver() returns an error (and where a number is longer than kFastMaxDigits).
bool parse_semver_fast(std::string_view s, SemverParts& out) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
  if (!scan_number(p, end, out.major) || p == end || *p++ != '.') return false;
  if (!scan_number(p, end, out.minor) || p == end || *p++ != '.') return false;
  if (!scan_number(p, end, out.patch)) return false;
  out.prerelease = {};
  out.build = {};
  if (p != end && *p == '-') {
    const char* begin = ++p;
    if ((p = scan_identifiers<true>(p, end)) == nullptr) return false;
    out.prerelease = std::string_view(begin, static_cast<size_t>(p - begin));
  }
  // After a pre-release only '+' or the end may follow; after PATCH also '-', handled above.
  if (p != end && *p == '+') {
    const char* begin = ++p;
    if ((p = scan_identifiers<false>(p, end)) == nullptr) return false;
    out.build = std::string_view(begin, static_cast<size_t>(p - begin));
  }
  return p == end;
}

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
  // One pass instead of identifier by identifier. The identifiers that lie wholly inside the
  // common prefix of a and b are equal in both lists, so the order is that of the identifiers
  // around the first differing byte k: both start after the last '.' before k (the same place in
  // both lists), share the bytes up to k, and differ from k on.
  const size_t n = std::min(a.size(), b.size());
  size_t k = 0;
  while (k < n && a[k] == b[k])
    ++k;
  // The byte at k within each identifier, or -1 where the identifier ends (at '.' or the end).
  const auto at_k = [k](std::string_view s) -> int {
    return k < s.size() && s[k] != '.' ? static_cast<unsigned char>(s[k]) : -1;
  };
  const int ca = at_k(a);
  const int cb = at_k(b);
  if (ca < 0 && cb < 0) {
    // Both identifiers end at k: they are equal, and so are the lists up to here. The list that
    // goes on (a '.' at k) ranks higher; when neither does, a == b.
    return (k < a.size()) <=> (k < b.size());
  }
  // The identifiers differ. Each is numeric when the shared part and its own rest are digits.
  size_t start = k;
  bool shared_digits = true;
  while (start > 0 && a[start - 1] != '.')
    shared_digits &= is_digit(a[--start]);
  const auto digits_from_k = [k](std::string_view s) {  // its rest: digits up to '.' or the end?
    for (size_t i = k; i < s.size() && s[i] != '.'; ++i) {
      if (!is_digit(s[i])) return false;
    }
    return true;
  };
  const bool x_numeric = shared_digits && digits_from_k(a);
  const bool y_numeric = shared_digits && digits_from_k(b);
  if (x_numeric != y_numeric) {
    return x_numeric ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  if (x_numeric) {
    // Numbers without leading zeros: the longer is larger; at equal lengths the first differing
    // digit, at k, decides.
    const auto end_of = [k](std::string_view s) {
      size_t i = k;
      while (i < s.size() && s[i] != '.')
        ++i;
      return i;
    };
    if (const size_t ea = end_of(a), eb = end_of(b); ea != eb) return ea <=> eb;
    return ca <=> cb;
  }
  // Alphanumeric identifiers in byte order: the first differing byte decides, and one that ends
  // at k (-1) is a prefix of the other, so it ranks lower.
  return ca <=> cb;
}

std::strong_ordering compare_precedence(const SemverParts& a, const SemverParts& b) noexcept {
  if (const auto c = compare_canonical_digits(a.major, b.major); std::is_neq(c)) return c;
  if (const auto c = compare_canonical_digits(a.minor, b.minor); std::is_neq(c)) return c;
  if (const auto c = compare_canonical_digits(a.patch, b.patch); std::is_neq(c)) return c;
  return compare_prerelease(a.prerelease, b.prerelease);
}

}  // namespace upkeep::version::detail
