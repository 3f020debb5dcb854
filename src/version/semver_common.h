// SPDX-License-Identifier: Apache-2.0
//
// The part of SemVer 2.0.0 that node's semver package (strict mode) and Rust's semver crate
// implement identically: the MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] grammar and pre-release
// precedence. Everything on which the two tools differ (trimming, a leading "v", number limits,
// whether build metadata orders versions) stays in npm.cc and cargo.cc. go.cc uses the fast path
// and the pre-release precedence, which golang.org/x/mod/semver shares. Allocation-free.
#pragma once

#include <compare>
#include <string_view>

namespace upkeep::version::detail {

// A version split into its parts, as views into the parsed text.
struct SemverParts {
  std::string_view major;
  std::string_view minor;
  std::string_view patch;
  std::string_view prerelease;  // after '-', without it; empty when there is none
  std::string_view build;       // after '+', without it; empty when there is none
};

// Parses the whole of `s` as MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]:
//  - each of MAJOR, MINOR, PATCH is ASCII digits without a leading zero ("0" is fine);
//  - PRERELEASE and BUILD are non-empty dot-separated identifiers of [0-9A-Za-z-], none empty;
//  - a pre-release identifier of digits only has no leading zero; a build identifier may.
// Numbers may have any length here: each scheme applies its own limit. Returns an empty view on
// success, else a short lowercase reason.
std::string_view parse_semver(std::string_view s, SemverParts& out) noexcept;

// The fast path in front of parse_semver(), for the common shape of real versions: one pass, a
// byte-class table instead of per-character tests, no error text. Returns true only where
// parse_semver() succeeds, and then fills `out` exactly as parse_semver() would. Returns false
// ("unsure") for every version parse_semver() rejects and also, to keep the schemes' own limits
// out of it, for any MAJOR, MINOR, PATCH or numeric pre-release identifier longer than
// kFastMaxDigits: every number it accepts is then below 10^15, which is below both npm's
// Number.MAX_SAFE_INTEGER (2^53 - 1) and cargo's u64::MAX, so a scheme need not check its limit
// on this path. Callers fall back to their precise parser (and so to parse_semver()) on false.
inline constexpr size_t kFastMaxDigits = 15;
bool parse_semver_fast(std::string_view s, SemverParts& out) noexcept;

// Compares two numbers written without leading zeros (as parse_semver() leaves MAJOR, MINOR and
// PATCH, "0" included): the longer is larger, equal lengths compare byte by byte. Same answer as
// compare_digits() on such numbers, without the zero stripping and the memcmp() call.
constexpr std::strong_ordering compare_canonical_digits(std::string_view a,
                                                        std::string_view b) noexcept {
  if (a.size() != b.size()) return a.size() <=> b.size();
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return a[i] <=> b[i];  // digits: char order is value order
  }
  return std::strong_ordering::equal;
}

// SemVer 2.0.0 precedence of two parsed versions: MAJOR, MINOR and PATCH by value (as parsed:
// no leading zeros), then compare_prerelease(). Build metadata is not looked at: npm ignores it,
// cargo orders it afterwards.
std::strong_ordering compare_precedence(const SemverParts& a, const SemverParts& b) noexcept;

// Splits on '.' like Rust's str::split('.'): an empty string yields one empty identifier.
class DotSplit {
 public:
  explicit constexpr DotSplit(std::string_view s) noexcept : rest_(s) {}

  // Stores the next identifier in `id`; false when there are no more.
  constexpr bool next(std::string_view& id) noexcept {
    if (done_) return false;
    const size_t dot = rest_.find('.');
    if (dot == std::string_view::npos) {
      id = rest_;
      done_ = true;
    } else {
      id = rest_.substr(0, dot);
      rest_.remove_prefix(dot + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

// True when `id` is ASCII digits only (also for an empty `id`, as Rust's `all()` says).
constexpr bool all_digits(std::string_view id) noexcept {
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// SemVer 2.0.0 precedence of two pre-release strings (as parse_semver() leaves them: identifiers
// non-empty, numeric ones without leading zeros): no pre-release ranks above any; otherwise
// identifier by identifier, numeric ones by value (any length) and below alphanumeric ones,
// alphanumeric ones in ASCII order; when one list is a prefix of the other, the longer one ranks
// higher. This is also golang.org/x/mod/semver's comparePrerelease().
std::strong_ordering compare_prerelease(std::string_view a, std::string_view b) noexcept;

}  // namespace upkeep::version::detail
