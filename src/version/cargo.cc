// SPDX-License-Identifier: Apache-2.0
//
// Cargo versions (crates.io, RustSec) as Rust's `semver` crate 1.0 parses and orders them:
// `Version::parse` (src/parse.rs: numeric_identifier, identifier) and the `Ord` of `Version`
// (derived: major, minor, patch, pre, build; src/impls.rs for Prerelease and BuildMetadata).
// Checked against the crate as Debian packages it (librust-semver-dev 1.0.14).
//
// Valid means what `Version::parse` accepts, exactly MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (see
// semver_common.h) with:
//  - MAJOR, MINOR and PATCH each fitting a u64 (at most 18446744073709551615);
//  - nothing around it: no leading "v" or "=", no whitespace, no other byte (non-ASCII included).
// The crate accepts every such version and so does this scheme; nothing here is stricter.
//
// Order (unlike SemVer 2.0.0 and npm, build metadata takes part, after everything else):
//  - MAJOR, MINOR, PATCH numerically;
//  - pre-release precedence; a release ranks above its pre-releases;
//  - build metadata: no build metadata ranks lowest; then identifier by identifier, numeric ones
//    below alphanumeric ones, numeric ones by value and, at equal value, the shorter one first
//    (0 < 00 < 1 < 01 < 001 < 2), alphanumeric ones in ASCII order; a longer list ranks higher
//    when the shorter is its prefix. So "1.0.0+1" < "1.0.0+01" and "1.0.0" < "1.0.0+0".
#include <compare>
#include <cstdint>
#include <string_view>

#include "version/schemes.h"
#include "version/semver_common.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::SemverParts;

// The common case in one pass: what detail::parse_semver_fast() accepts. Returns false when
// unsure; parse_precise() then decides, so the two together accept exactly what parse_precise()
// alone accepts. On true, parse_precise() accepts too with the same parts: parse_semver() does,
// and the fast path's numbers are below 10^15, so they fit a u64.
bool parse_fast(std::string_view s, SemverParts& out) noexcept {
  return detail::parse_semver_fast(s, out);
}

// Parses like semver's Version::parse(). Returns an empty view on success, else what is wrong.
// MAJOR, MINOR and PATCH stay digit strings (without leading zeros, so they compare as numbers
// with detail::compare_canonical_digits()); only their u64 limit is checked here.
[[gnu::cold, gnu::noinline]] std::string_view parse_precise(std::string_view s,
                                                            SemverParts& out) noexcept {
  if (s.empty()) return "version string is empty";
  if (const auto err = detail::parse_semver(s, out); !err.empty()) return err;
  uint64_t value = 0;
  if (!detail::parse_u64(out.major, value)) return "major version exceeds u64::MAX";
  if (!detail::parse_u64(out.minor, value)) return "minor version exceeds u64::MAX";
  if (!detail::parse_u64(out.patch, value)) return "patch version exceeds u64::MAX";
  return {};
}

// parse_fast(), and parse_precise() only when it is unsure. parse_precise() is kept out of line
// ([[gnu::cold, gnu::noinline]]) so that this stays small: no register spills on the fast path.
std::string_view parse(std::string_view s, SemverParts& out) noexcept {
  if (parse_fast(s, out)) return {};
  return parse_precise(s, out);
}

// BuildMetadata's Ord in src/impls.rs. Splitting like str::split('.'), an absent build is one
// empty identifier, which counts as numeric and so ranks below every non-empty build.
std::strong_ordering compare_build(std::string_view a, std::string_view b) noexcept {
  detail::DotSplit left(a);
  detail::DotSplit right(b);
  std::string_view x;
  std::string_view y;
  while (left.next(x)) {
    if (!right.next(y)) return std::strong_ordering::greater;
    const bool x_numeric = detail::all_digits(x);
    const bool y_numeric = detail::all_digits(y);
    std::strong_ordering order = std::strong_ordering::equal;
    if (x_numeric && y_numeric) {
      order = detail::compare_digits(x, y);  // by value, then the fewer leading zeros first
      if (std::is_eq(order)) order = x.size() <=> y.size();
    } else if (x_numeric || y_numeric) {
      return x_numeric ? std::strong_ordering::less : std::strong_ordering::greater;
    } else {
      order = detail::compare_bytes(x, y);
    }
    if (std::is_neq(order)) return order;
  }
  return right.next(y) ? std::strong_ordering::less : std::strong_ordering::equal;
}

class CargoScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    SemverParts v;
    if (const auto err = parse(version, v); !err.empty()) {
      return detail::invalid_version("cargo", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    SemverParts va;
    SemverParts vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    if (const auto c = detail::compare_precedence(va, vb); std::is_neq(c)) return c;
    return compare_build(va.build, vb.build);
  }
};

}  // namespace

const Scheme& cargo_scheme() noexcept {
  static const CargoScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
