// SPDX-License-Identifier: Apache-2.0
//
// Go module versions as the go command orders them: the rules of golang.org/x/mod/semver
// (IsValid, Compare). The grammar is vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]:
//   - the leading "v" is required;
//   - "v1" and "v1.2" are shorthands for v1.0.0 and v1.2.0 and take no prerelease or build;
//   - MAJOR, MINOR and PATCH are decimal numbers without leading zeros, of any length;
//   - PRERELEASE and BUILD are non-empty dot-separated identifiers of [0-9A-Za-z-]; numeric
//     prerelease identifiers have no leading zeros (build identifiers may);
//   - build metadata (including "+incompatible") takes no part in the order;
//   - pseudo-versions (v0.0.0-20210101000000-abcdef123456) are ordinary prereleases.
// Invalid is exactly what semver.IsValid rejects; nothing else. x/mod works on bytes, so any
// other byte (space, NUL, non-ASCII) makes a version invalid there and here.
//
// OSV's "Go" ecosystem writes module versions without the "v" ("1.2.3"); its variant reads a
// version without a leading "v" as if it had one, and is otherwise the same.
#include <compare>
#include <string_view>

#include "version/schemes.h"
#include "version/semver_common.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::is_alnum;
using detail::is_digit;

// The parts of a version: major; minor and patch ("0" for the shorthands vMAJOR and
// vMAJOR.MINOR); prerelease (without the leading '-', empty when there is none). The fast path
// also fills build, which parse_precise() leaves empty; neither takes part in the order.
using GoVersion = detail::SemverParts;

constexpr bool is_ident_char(char c) noexcept {
  return is_alnum(c) || c == '-';
}

constexpr bool is_all_digits(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Reads a MAJOR, MINOR or PATCH number at the front of `rest` and removes it. Returns an empty
// view on success, else `not_number` or `leading_zero`.
std::string_view take_number(std::string_view& rest, std::string_view& out,
                             std::string_view not_number, std::string_view leading_zero) noexcept {
  size_t i = 0;
  while (i < rest.size() && is_digit(rest[i]))
    ++i;
  if (i == 0) return not_number;
  if (rest[0] == '0' && i > 1) return leading_zero;
  out = rest.substr(0, i);
  rest.remove_prefix(i);
  return {};
}

// Checks a dot-separated list of identifiers (the text after '-' or '+').
std::string_view check_identifiers(std::string_view list, bool prerelease) noexcept {
  size_t start = 0;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size() && list[i] != '.') {
      if (!is_ident_char(list[i])) {
        return prerelease ? "invalid character in prerelease" : "invalid character in build";
      }
      continue;
    }
    const std::string_view ident = list.substr(start, i - start);
    if (ident.empty()) {
      return prerelease ? "empty prerelease identifier" : "empty build identifier";
    }
    if (prerelease && ident.size() > 1 && ident[0] == '0' && is_all_digits(ident)) {
      return "numeric prerelease identifier has a leading zero";
    }
    start = i + 1;
  }
  return {};
}

// The common case, a full vMAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], in one pass. Returns false
// when unsure (the shorthands, numbers longer than detail::kFastMaxDigits, anything invalid);
// parse_precise() then decides, so the two together accept exactly what parse_precise() alone
// accepts. After the "v", x/mod's full form is the grammar of detail::parse_semver() (numbers
// without leading zeros; non-empty [0-9A-Za-z-] identifiers; no leading zeros in numeric
// prerelease identifiers), so on true parse_precise() accepts too, with the same major, minor,
// patch and prerelease.
bool parse_fast(std::string_view s, bool v_optional, GoVersion& out) noexcept {
  if (!s.empty() && s.front() == 'v') {
    s.remove_prefix(1);
  } else if (!v_optional) {
    return false;
  }
  return detail::parse_semver_fast(s, out);
}

// Parses like x/mod's semver.parse(). With `v_optional`, a version without its leading "v" reads
// as if it had one (OSV's spelling). Returns an empty view on success, else what is wrong.
[[gnu::cold, gnu::noinline]] std::string_view parse_precise(std::string_view s, bool v_optional,
                                                            GoVersion& out) noexcept {
  if (s.empty()) return "version string is empty";
  std::string_view rest = s;
  if (rest[0] == 'v') {
    rest.remove_prefix(1);
  } else if (!v_optional) {
    return "version does not start with \"v\"";
  }

  if (auto err = take_number(rest, out.major, "major version is not a number",
                             "major version has a leading zero");
      !err.empty())
    return err;
  out.minor = "0";
  out.patch = "0";
  out.prerelease = {};
  out.build = {};
  if (rest.empty()) return {};  // vMAJOR
  if (rest[0] == '-' || rest[0] == '+') {
    return "shorthand version cannot have a prerelease or build suffix";
  }
  if (rest[0] != '.') return "unexpected character after major version";
  rest.remove_prefix(1);
  if (auto err = take_number(rest, out.minor, "minor version is not a number",
                             "minor version has a leading zero");
      !err.empty())
    return err;
  if (rest.empty()) return {};  // vMAJOR.MINOR
  if (rest[0] == '-' || rest[0] == '+') {
    return "shorthand version cannot have a prerelease or build suffix";
  }
  if (rest[0] != '.') return "unexpected character after minor version";
  rest.remove_prefix(1);
  if (auto err = take_number(rest, out.patch, "patch version is not a number",
                             "patch version has a leading zero");
      !err.empty())
    return err;

  if (!rest.empty() && rest[0] == '-') {
    const size_t plus = rest.find('+');
    out.prerelease = rest.substr(1, plus == std::string_view::npos ? plus : plus - 1);
    if (auto err = check_identifiers(out.prerelease, true); !err.empty()) return err;
    rest.remove_prefix(plus == std::string_view::npos ? rest.size() : plus);
  }
  if (!rest.empty() && rest[0] == '+') {
    // The build runs to the end, so any later character is checked as part of it.
    if (auto err = check_identifiers(rest.substr(1), false); !err.empty()) return err;
    rest = {};
  }
  if (!rest.empty()) return "unexpected character after patch version";
  return {};
}

// parse_fast(), and parse_precise() only when it is unsure. parse_precise() is kept out of line
// ([[gnu::cold, gnu::noinline]]) so that this stays small: no register spills on the fast path.
std::string_view parse(std::string_view s, bool v_optional, GoVersion& out) noexcept {
  if (parse_fast(s, v_optional, out)) return {};
  return parse_precise(s, v_optional, out);
}

class GoScheme final : public Scheme {
 public:
  explicit GoScheme(bool v_optional) : v_optional_(v_optional) {}

  Status validate(std::string_view version) const override {
    GoVersion v;
    if (const auto err = parse(version, v_optional_, v); !err.empty()) {
      return detail::invalid_version("go", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    GoVersion va;
    GoVersion vb;
    if (!parse(a, v_optional_, va).empty() || !parse(b, v_optional_, vb).empty()) {
      return std::nullopt;
    }
    // No leading zeros, so comparing digit strings by length then bytes is comparing values.
    using detail::compare_canonical_digits;
    if (auto c = compare_canonical_digits(va.major, vb.major); std::is_neq(c)) return c;
    if (auto c = compare_canonical_digits(va.minor, vb.minor); std::is_neq(c)) return c;
    if (auto c = compare_canonical_digits(va.patch, vb.patch); std::is_neq(c)) return c;
    // x/mod's comparePrerelease(): no prerelease sorts after any prerelease; identifiers compare
    // left to right, numeric ones by value and before alphanumeric ones, the rest byte-wise; a
    // shorter list of equal identifiers sorts first. That is SemVer precedence, shared with npm.
    return detail::compare_prerelease(va.prerelease, vb.prerelease);
  }

 private:
  bool v_optional_;
};

}  // namespace

const Scheme& go_scheme() noexcept {
  static const GoScheme scheme(/*v_optional=*/false);
  return scheme;
}

const Scheme& go_osv_scheme() noexcept {
  static const GoScheme scheme(/*v_optional=*/true);
  return scheme;
}

}  // namespace upkeep::version
