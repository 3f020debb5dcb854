// SPDX-License-Identifier: Apache-2.0
//
// RPM versions ([EPOCH:]VERSION[-RELEASE]) as rpm 4.18 orders them: the string is split like
// parseEVR() in rpmio/rpmver.c (epoch = the leading digits when a ':' follows them, release =
// everything after the last '-'), and epoch, version and release are each compared with
// rpmvercmp() (rpmio/rpmvercmp.c): alternating runs of digits and ASCII letters, any other byte a
// separator; digits compare numerically at any length; a digit run is newer than a letter run;
// '~' sorts before everything, even the end of the string; '^' sorts after the end but before any
// further segment.
//
// A missing epoch is 0. A missing release is older than any release: the rule of python's
// rpm.labelCompare() with a release of None (rpmverCmp() in some rpm versions instead skips the
// release when one side lacks it, which makes "1.0" equal to both "1.0-1" and "1.0-2" and so is
// not an order at all).
//
// rpm itself compares any strings, so upkeep is stricter on purpose (tools/reference/refcmp.py
// applies the same rule to the reference): invalid are an empty version, an empty release after
// '-', an empty epoch before ':', and any character in the version or release that rpmbuild does
// not allow there (it allows ASCII letters, digits and "._+%{}~^"). Such strings never name a
// built package, so they can only be typos or garbage.
#include <array>
#include <cstdint>
#include <string_view>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::is_alnum;
using detail::is_alpha;
using detail::is_digit;

struct RpmVersion {
  std::string_view epoch;  // digits; empty means 0
  std::string_view version;
  std::string_view release;
  bool has_release = false;
};

// rpmbuild's ALLOWED_CHARS_VERREL plus alphanumerics.
constexpr bool is_verrel_char(char c) noexcept {
  return is_alnum(c) || std::string_view("._+%{}~^").find(c) != std::string_view::npos;
}

// Byte classes. rpmvercmp() reads a byte as a digit, a letter, '~', '^' or a separator; kInVerRel
// marks the bytes rpmbuild allows in a version or release (is_verrel_char()).
constexpr uint8_t kDigit = 1;
constexpr uint8_t kAlpha = 2;
constexpr uint8_t kTilde = 3;
constexpr uint8_t kCaret = 4;
constexpr uint8_t kSeparator = 5;  // any other byte; parse() lets only "._+%{}" through
constexpr uint8_t kKindMask = 7;
constexpr uint8_t kInVerRel = 8;

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    uint8_t kind = kSeparator;
    if (is_digit(ch)) kind = kDigit;
    if (is_alpha(ch)) kind = kAlpha;
    if (ch == '~') kind = kTilde;
    if (ch == '^') kind = kCaret;
    t[c] = static_cast<uint8_t>(kind | (is_verrel_char(ch) ? kInVerRel : 0));
  }
  return t;
}();

constexpr uint8_t byte_class(char c) noexcept {
  return kByteClass[static_cast<unsigned char>(c)];
}

// Whether the K bytes at p are all allowed in a version or release: one test for all of them.
template <size_t K>
bool all_verrel(const char* p) noexcept {
  uint8_t all = kInVerRel;
#pragma GCC unroll 8  // GCC's -O2 would keep the loop, with a test per byte
  for (size_t k = 0; k < K; ++k)
    all &= byte_class(p[k]);
  return all != 0;
}

// The common case in one pass: optional epoch digits and ':' at the start, then only rpmbuild's
// characters, with at most one '-' and non-empty parts on both sides of it. A second '-' or any
// ':' after the epoch would be an invalid character in the version or release, so there the
// fast path gives up. Returns false when unsure; parse_precise() then decides, so the two
// together accept exactly what parse_precise() alone accepts, and split the same way.
bool parse_fast(std::string_view s, RpmVersion& out) noexcept {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n && is_digit(s[i]))
    ++i;
  size_t start = 0;
  if (i > 0 && i < n && s[i] == ':') start = i + 1;
  size_t hyphen = std::string_view::npos;
  size_t j = start;
  for (;;) {
    // Eight or four bytes at a time while all of them are allowed, then byte by byte up to and
    // past the next byte that is not.
    while (j + 8 <= n && all_verrel<8>(s.data() + j))
      j += 8;
    if (j + 4 <= n && all_verrel<4>(s.data() + j)) j += 4;
    while (j < n && (byte_class(s[j]) & kInVerRel) != 0)
      ++j;
    if (j == n) break;
    if (s[j] != '-' || hyphen != std::string_view::npos) return false;
    hyphen = j++;
  }
  const size_t version_end = hyphen == std::string_view::npos ? n : hyphen;
  if (version_end == start) return false;                                 // empty version
  if (hyphen != std::string_view::npos && hyphen + 1 == n) return false;  // empty release
  out.epoch = start == 0 ? std::string_view() : s.substr(0, i);
  out.version = s.substr(start, version_end - start);
  out.has_release = hyphen != std::string_view::npos;
  out.release = out.has_release ? s.substr(hyphen + 1) : std::string_view();
  return true;
}

// Splits like rpm's parseEVR() and applies upkeep's validity rules. Returns an empty view on
// success, else what is wrong.
std::string_view parse_precise(std::string_view s, RpmVersion& out) noexcept {
  if (s.empty()) return "version string is empty";
  size_t i = 0;
  while (i < s.size() && is_digit(s[i]))
    ++i;
  out.epoch = {};
  std::string_view rest = s;
  if (i < s.size() && s[i] == ':') {
    if (i == 0) return "epoch before ':' is empty";
    out.epoch = s.substr(0, i);
    rest = s.substr(i + 1);
  }
  // parseEVR searches for the last '-' after the epoch digits; a '-' can't be among them.
  out.version = rest;
  out.release = {};
  out.has_release = false;
  if (const size_t hyphen = rest.rfind('-'); hyphen != std::string_view::npos) {
    out.version = rest.substr(0, hyphen);
    out.release = rest.substr(hyphen + 1);
    out.has_release = true;
    if (out.release.empty()) return "release after '-' is empty";
  }
  if (out.version.empty()) return "version is empty";
  for (char c : out.version) {
    if (!is_verrel_char(c)) {
      return c == ':' ? "invalid ':' in version (an epoch is digits, and comes first)"
                      : "invalid character in version";
    }
  }
  for (char c : out.release) {
    if (!is_verrel_char(c)) return "invalid character in release";
  }
  return {};
}

std::string_view parse(std::string_view s, RpmVersion& out) noexcept {
  if (parse_fast(s, out)) return {};
  return parse_precise(s, out);
}

// rpmvercmp() over views. The end of a view plays the role of rpm's NUL terminator; parse() has
// already rejected NUL bytes, so the two can't be confused.
int rpmvercmp(std::string_view a, std::string_view b) noexcept {
  const size_t na = a.size();
  const size_t nb = b.size();
  // Start after the common prefix, backed up to the start of the alphanumeric stretch it ends in.
  // rpmvercmp() reaches that position on both sides at once: everything before it reads the
  // same, a run of digits or letters ends at the latest at the non-alphanumeric byte before it,
  // and separators skipped from there on are skipped the same from here.
  size_t i = 0;
  const size_t common = na < nb ? na : nb;
  while (i < common && a[i] == b[i])
    ++i;
  if (i == na && i == nb) return 0;
  while (i > 0 && is_alnum(a[i - 1]))
    --i;
  size_t j = i;
  for (;;) {
    while (i < na && (byte_class(a[i]) & kKindMask) == kSeparator)
      ++i;
    while (j < nb && (byte_class(b[j]) & kKindMask) == kSeparator)
      ++j;
    constexpr uint8_t kEnd = 0;
    const uint8_t ca = i < na ? byte_class(a[i]) & kKindMask : kEnd;
    const uint8_t cb = j < nb ? byte_class(b[j]) & kKindMask : kEnd;

    // '~' sorts before everything else, the end of the string included.
    if (ca == kTilde || cb == kTilde) {
      if (ca != kTilde) return 1;
      if (cb != kTilde) return -1;
      ++i;
      ++j;
      continue;
    }
    // '^' is like '~', except that the end of the string (the base version) sorts before it.
    if (ca == kCaret || cb == kCaret) {
      if (ca == kEnd) return -1;
      if (cb == kEnd) return 1;
      if (ca != kCaret) return 1;
      if (cb != kCaret) return -1;
      ++i;
      ++j;
      continue;
    }
    if (ca == kEnd || cb == kEnd) break;

    // One run of digits or of letters, its kind set by `a`; when `b` has the other kind of run
    // here, a number is newer than letters.
    if (ca != cb) return ca == kDigit ? 1 : -1;
    if (ca == kDigit) {
      // Numerically: leading zeros skipped, then the longer run is larger, else the first
      // differing digit decides.
      while (i < na && a[i] == '0')
        ++i;
      while (j < nb && b[j] == '0')
        ++j;
      size_t ie = i;
      size_t je = j;
      while (ie < na && is_digit(a[ie]))
        ++ie;
      while (je < nb && is_digit(b[je]))
        ++je;
      if (ie - i != je - j) return ie - i < je - j ? -1 : 1;
      for (; i < ie; ++i, ++j) {
        if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
      }
    } else {
      // As bytes: the first difference decides, else the shorter run is smaller.
      for (;;) {
        const bool a_more = i < na && is_alpha(a[i]);
        const bool b_more = j < nb && is_alpha(b[j]);
        if (!a_more || !b_more) {
          if (a_more != b_more) return a_more ? 1 : -1;
          break;
        }
        if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
        ++i;
        ++j;
      }
    }
  }
  // Every segment matched: the side with anything left (separators don't count) is newer.
  if (i >= na && j >= nb) return 0;
  return i < na ? 1 : -1;
}

class RpmScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    RpmVersion v;
    if (const auto err = parse(version, v); !err.empty()) {
      return detail::invalid_version("rpm", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    RpmVersion va;
    RpmVersion vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    // Epochs are digits only, so rpmvercmp() on them is a numeric comparison.
    if (const auto c = detail::compare_digits(va.epoch, vb.epoch); c != 0) return c;
    if (const int c = rpmvercmp(va.version, vb.version); c != 0) return detail::sign(c);
    if (va.has_release && vb.has_release) return detail::sign(rpmvercmp(va.release, vb.release));
    return va.has_release <=> vb.has_release;
  }
};

}  // namespace

const Scheme& rpm_scheme() noexcept {
  static const RpmScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
