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

// Splits like rpm's parseEVR() and applies upkeep's validity rules. Returns an empty view on
// success, else what is wrong.
std::string_view parse(std::string_view s, RpmVersion& out) noexcept {
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

// rpmvercmp() over views. The end of a view plays the role of rpm's NUL terminator; parse() has
// already rejected NUL bytes, so the two can't be confused.
int rpmvercmp(std::string_view a, std::string_view b) noexcept {
  if (a == b) return 0;
  size_t i = 0;
  size_t j = 0;
  auto at = [](std::string_view s, size_t k) -> char { return k < s.size() ? s[k] : '\0'; };
  auto is_separator = [](char c) { return c != '\0' && !is_alnum(c) && c != '~' && c != '^'; };
  while (i < a.size() || j < b.size()) {
    while (is_separator(at(a, i)))
      ++i;
    while (is_separator(at(b, j)))
      ++j;
    const char ca = at(a, i);
    const char cb = at(b, j);

    // '~' sorts before everything else, the end of the string included.
    if (ca == '~' || cb == '~') {
      if (ca != '~') return 1;
      if (cb != '~') return -1;
      ++i;
      ++j;
      continue;
    }
    // '^' is like '~', except that the end of the string (the base version) sorts before it.
    if (ca == '^' || cb == '^') {
      if (ca == '\0') return -1;
      if (cb == '\0') return 1;
      if (ca != '^') return 1;
      if (cb != '^') return -1;
      ++i;
      ++j;
      continue;
    }
    if (ca == '\0' || cb == '\0') break;

    // One run of digits or of letters, its kind set by `a`.
    const bool numeric = is_digit(ca);
    auto run_end = [numeric](std::string_view s, size_t k) {
      while (k < s.size() && (numeric ? is_digit(s[k]) : is_alpha(s[k])))
        ++k;
      return k;
    };
    const size_t i_end = run_end(a, i);
    const size_t j_end = run_end(b, j);
    // `b` has the other kind of run here: a number is newer than letters.
    if (j_end == j) return numeric ? 1 : -1;
    const std::string_view ra = a.substr(i, i_end - i);
    const std::string_view rb = b.substr(j, j_end - j);
    const auto c = numeric ? detail::compare_digits(ra, rb) : detail::compare_bytes(ra, rb);
    if (c != 0) return c < 0 ? -1 : 1;
    i = i_end;
    j = j_end;
  }
  // Every segment matched: the side with anything left (separators don't count) is newer.
  if (i >= a.size() && j >= b.size()) return 0;
  return i < a.size() ? 1 : -1;
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
