// SPDX-License-Identifier: Apache-2.0
//
// npm versions as node's `semver` package (7.x, strict mode: loose=false) parses and orders them:
// the constructor of classes/semver.js with the FULL pattern of internal/re.js, and
// SemVer.compare() (compareMain, then comparePre with internal/identifiers.js). npm itself,
// `npm install` and the GitHub advisory database's npm ranges all go through that package.
//
// Valid means what `new SemVer(v)` accepts:
//  - at most 256 UTF-16 code units (MAX_LENGTH), counted before trimming;
//  - surrounding whitespace as String.prototype.trim() removes it: ASCII \t \n \v \f \r and space,
//    and U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF (UTF-8);
//  - then one optional lowercase "v" (not "=", not "V": those are loose mode only);
//  - then MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (see semver_common.h), each of MAJOR, MINOR and
//    PATCH at most Number.MAX_SAFE_INTEGER (2^53 - 1).
// Anything else, any other non-ASCII byte included, is invalid.
//
// One rule is stricter than node, on purpose: a numeric pre-release identifier above
// Number.MAX_SAFE_INTEGER is invalid. node keeps such an identifier as a string but compares it
// with `+a`, a double, so distinct identifiers collapse ("1.0.0-9007199254740993.a" ==
// "1.0.0-9007199254740992.b" in node): no answer there would agree with node and be a true order.
// The same limit node applies to MAJOR, MINOR and PATCH. tools/reference/npm/compare.js applies it
// in a marked block.
//
// Order: MAJOR, MINOR, PATCH numerically, then pre-release precedence (a release ranks above its
// pre-releases). The leading "v", the whitespace and build metadata never affect the order:
// "v1.2.3+x" == "1.2.3".
#include <array>
#include <compare>
#include <string_view>

#include "version/schemes.h"
#include "version/semver_common.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::SemverParts;

constexpr size_t kMaxLength = 256;  // MAX_LENGTH in internal/constants.js
constexpr std::string_view kMaxSafeInteger = "9007199254740991";  // Number.MAX_SAFE_INTEGER

// UTF-8 forms of the non-ASCII characters String.prototype.trim() removes (ECMAScript WhiteSpace
// and LineTerminator). Each is one UTF-16 code unit for the length limit.
constexpr std::array<std::string_view, 19> kUnicodeSpaces = {
    "\xc2\xa0",      // U+00A0 no-break space
    "\xe1\x9a\x80",  // U+1680 ogham space mark
    "\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84",
    "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87", "\xe2\x80\x88", "\xe2\x80\x89",
    "\xe2\x80\x8a",  // U+2000..U+200A en quad .. hair space
    "\xe2\x80\xa8",  // U+2028 line separator
    "\xe2\x80\xa9",  // U+2029 paragraph separator
    "\xe2\x80\xaf",  // U+202F narrow no-break space
    "\xe2\x81\x9f",  // U+205F medium mathematical space
    "\xe3\x80\x80",  // U+3000 ideographic space
    "\xef\xbb\xbf",  // U+FEFF byte order mark
};

constexpr bool is_ascii_space(char c) noexcept {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// Bytes of the whitespace character that `s` starts with (from_end: ends with); 0 if none.
size_t space_at(std::string_view s, bool from_end) noexcept {
  if (s.empty()) return 0;
  const char edge = from_end ? s.back() : s.front();
  if (is_ascii_space(edge)) return 1;
  // Every byte of a UTF-8 encoded non-ASCII character is >= 0x80: an ASCII edge ends the search.
  if (static_cast<unsigned char>(edge) < 0x80) return 0;
  for (const std::string_view space : kUnicodeSpaces) {
    if (from_end ? s.ends_with(space) : s.starts_with(space)) return space.size();
  }
  return 0;
}

bool exceeds_max_safe(std::string_view digits) noexcept {
  return std::is_gt(detail::compare_digits(digits, kMaxSafeInteger));
}

// The common case: no whitespace, an optional "v", then what detail::parse_semver_fast() accepts.
// Returns false when unsure; parse_precise() then decides, so the two together accept exactly
// what parse_precise() alone accepts. On true, parse_precise() would accept too and leave the
// same parts: every byte of an accepted `s` is in [0-9A-Za-z.+-], so there is nothing to trim
// (ASCII whitespace is not in that set, and the UTF-8 forms of the Unicode spaces start and end
// with bytes >= 0x80), no non-ASCII byte, and node's length is s.size(), at most kMaxLength; the
// fast path's digit limit keeps MAJOR, MINOR, PATCH and the numeric pre-release identifiers
// below Number.MAX_SAFE_INTEGER.
bool parse_fast(std::string_view s, SemverParts& out) noexcept {
  if (s.size() > kMaxLength) return false;
  if (!s.empty() && s.front() == 'v') s.remove_prefix(1);
  return detail::parse_semver_fast(s, out);
}

// Parses like node-semver's SemVer constructor (strict). Empty view on success, else the reason.
[[gnu::cold, gnu::noinline]] std::string_view parse_precise(std::string_view s,
                                                            SemverParts& out) noexcept {
  if (s.empty()) return "version string is empty";
  size_t code_units = 0;  // what node's version.length counts
  while (const size_t n = space_at(s, false)) {
    s.remove_prefix(n);
    ++code_units;
  }
  while (const size_t n = space_at(s, true)) {
    s.remove_suffix(n);
    ++code_units;
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return "non-ASCII character in version";
  }
  code_units += s.size();
  if (code_units > kMaxLength) return "version is longer than 256 characters";
  if (s.empty()) return "version is only whitespace";
  if (s.front() == 'v') s.remove_prefix(1);
  if (const auto err = detail::parse_semver(s, out); !err.empty()) return err;
  if (exceeds_max_safe(out.major)) return "major version is above Number.MAX_SAFE_INTEGER";
  if (exceeds_max_safe(out.minor)) return "minor version is above Number.MAX_SAFE_INTEGER";
  if (exceeds_max_safe(out.patch)) return "patch version is above Number.MAX_SAFE_INTEGER";
  detail::DotSplit ids(out.prerelease);
  for (std::string_view id; !out.prerelease.empty() && ids.next(id);) {
    if (detail::all_digits(id) && exceeds_max_safe(id)) {
      return "numeric pre-release identifier is above Number.MAX_SAFE_INTEGER (node orders it "
             "imprecisely)";
    }
  }
  return {};
}

// parse_fast(), and parse_precise() only when it is unsure. parse_precise() is kept out of line
// ([[gnu::cold, gnu::noinline]]) so that this stays small: no register spills on the fast path.
std::string_view parse(std::string_view s, SemverParts& out) noexcept {
  if (parse_fast(s, out)) return {};
  return parse_precise(s, out);
}

class NpmScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    SemverParts v;
    if (const auto err = parse(version, v); !err.empty()) {
      return detail::invalid_version("npm", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    SemverParts va;
    SemverParts vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    return detail::compare_precedence(va, vb);
  }
};

}  // namespace

const Scheme& npm_scheme() noexcept {
  static const NpmScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
