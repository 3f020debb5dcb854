// SPDX-License-Identifier: Apache-2.0
//
// The part of SemVer 2.0.0 that node's semver package (strict mode) and Rust's semver crate
// implement identically: the MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] grammar and pre-release
// precedence. Everything on which the two tools differ (trimming, a leading "v", number limits,
// whether build metadata orders versions) stays in npm.cc and cargo.cc. Allocation-free.
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

// SemVer 2.0.0 precedence of two pre-release strings (as parse_semver() leaves them): no
// pre-release ranks above any; otherwise identifier by identifier, numeric ones by value (any
// length) and below alphanumeric ones, alphanumeric ones in ASCII order; when one list is a prefix
// of the other, the longer one ranks higher.
std::strong_ordering compare_prerelease(std::string_view a, std::string_view b) noexcept;

}  // namespace upkeep::version::detail
