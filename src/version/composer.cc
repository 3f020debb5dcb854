// SPDX-License-Identifier: Apache-2.0
//
// Packagist versions as Composer orders them: composer/semver 3.3 normalises both versions with
// VersionParser::normalize() and compares the normalised strings with Comparator (Constraint),
// i.e. with PHP's version_compare() (php-src ext/standard/versioning.c, PHP 8.2).
//
// Valid: every string normalize() accepts - an optional "v", one to five digits and up to three
// more ".digits" (missing ones read as 0), or a date-like run of 4+2n digits with ".", ":" or "-"
// between them; then an optional stability suffix (stable, alpha/a, beta/b, RC, patch/pl/p, each
// with optional numbers) and an optional "-dev"; or a numeric branch such as "1.x-dev" (x reads as
// 9999999). normalize() also trims blanks and NULs, drops "+build" metadata, an "@stability" flag
// and a " as alias" part, and so does this scheme.
//
// Invalid: what normalize() rejects, and - stricter than Composer, on purpose:
//  - branch names ("dev-main", "master"): Composer gives them no order (two different branches
//    are neither <, = nor > each other), so they cannot take part in a total order;
//  - a number above 2^63-1 anywhere in the normalised version: version_compare() reads numbers
//    with strtol(), which saturates, so Composer would call 1.99999999999999999999 and
//    1.99999999999999999998 equal.
//
// Order (version_compare on the normalised string): the parts are the runs of digits and of
// letters; numbers compare numerically; a word ranks dev < alpha < beta < RC < (number) < patch,
// "stable" (left by an upper-case "-STABLE") below them all; when one version runs out of parts,
// the other's next part decides: a number makes it greater, a word compares with the number rank.
#include <array>
#include <compare>
#include <optional>
#include <string_view>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::iequals;
using detail::is_digit;

// version_compare()'s ranks of the special forms; numbers rank as kNumberRank.
constexpr int kStableRank = -1;  // not a special form: below all of them
constexpr int kDevRank = 0;
constexpr int kAlphaRank = 1;
constexpr int kBetaRank = 2;
constexpr int kRcRank = 3;
constexpr int kNumberRank = 4;
constexpr int kPatchRank = 5;
constexpr int kNoStability = -2;

constexpr std::string_view kBranchNumber = "9999999";  // what normalizeBranch() makes of "x"

// PHP's trim() without a character list.
constexpr bool is_php_trim(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}

// PCRE's \s (ASCII, no UTF mode).
constexpr bool is_pcre_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

constexpr bool is_v(char c) {
  return c == 'v' || c == 'V';
}

std::string_view php_trim(std::string_view s) {
  while (!s.empty() && is_php_trim(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_php_trim(s.back()))
    s.remove_suffix(1);
  return s;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

size_t digits_at(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && is_digit(s[j]))
    ++j;
  return j - i;
}

// A normalised version, as the parts version_compare() sees: the head numbers, then the digit
// runs of `runs` (date form), then the stability word and its numbers, then "dev".
struct ComposerVersion {
  std::array<std::string_view, 4> head;
  size_t head_count = 0;
  std::string_view runs;
  int stability = kNoStability;
  std::string_view stability_numbers;  // digit runs separated by '.' or '-'
  bool dev = false;
};

// What a modifier adds to a ComposerVersion (its last three members).
struct Modifier {
  int stability = kNoStability;
  std::string_view stability_numbers;
  bool dev = false;
};

void set_modifier(const Modifier& m, ComposerVersion& out) {
  out.stability = m.stability;
  out.stability_numbers = m.stability_numbers;
  out.dev = m.dev;
}

// The modifier regex of VersionParser, anchored at the end:
//   [._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$   (case-blind)
// On a match, stores normalize()'s reading of it in `out`, which comes in as Modifier{}.
bool match_modifier(std::string_view r, Modifier& out) {
  if (r.empty()) return true;  // the common case, as the loop below decides it: no word, no "dev"
  size_t i = 0;
  if (i < r.size() && (r[i] == '.' || r[i] == '_' || r[i] == '-')) ++i;
  // The rest of the modifier after the stability numbers: an optional [.-]?dev, then the end.
  auto dev_tail = [](std::string_view t, bool& dev) {
    dev = !t.empty();
    if (!t.empty() && (t.front() == '.' || t.front() == '-')) t.remove_prefix(1);
    return !dev || iequals(t, "dev");
  };
  static constexpr std::array<std::string_view, 9> kWords = {"stable", "beta",  "b",  "RC", "alpha",
                                                             "a",      "patch", "pl", "p"};
  for (std::string_view word : kWords) {
    if (!istarts_with(r.substr(i), word)) continue;
    // ((?:[.-]?\d+)*+): possessive, so the longest run of numbers, never given back.
    size_t k = i + word.size();
    for (;;) {
      size_t d = k;
      if (d < r.size() && (r[d] == '.' || r[d] == '-')) ++d;
      const size_t n = digits_at(r, d);
      if (n == 0) break;
      k = d + n;
    }
    bool dev = false;
    if (!dev_tail(r.substr(k), dev)) continue;
    const std::string_view matched = r.substr(i, word.size());
    if (matched == "stable") return true;  // exactly "stable": the plain version, even with -dev
    if (word == "stable") {  // "STABLE", "Stable": normalised to "-stable", unknown to PHP
      out.stability = kStableRank;
    } else if (word == "beta" || word == "b") {
      out.stability = kBetaRank;
    } else if (word == "RC") {
      out.stability = kRcRank;
    } else if (word == "alpha" || word == "a") {
      out.stability = kAlphaRank;
    } else {
      out.stability = kPatchRank;
    }
    out.stability_numbers = r.substr(i + word.size(), k - i - word.size());
    out.dev = dev;
    return true;
  }
  return dev_tail(r.substr(i), out.dev);
}

// ^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)? + modifier
bool match_classical(std::string_view s, ComposerVersion& out) {
  size_t i = (!s.empty() && is_v(s[0])) ? 1 : 0;
  const size_t major = digits_at(s, i);
  if (major == 0 || major > 5) return false;
  out.head = {s.substr(i, major), "0", "0", "0"};
  out.head_count = 4;
  i += major;
  for (size_t k = 1; k < 4 && i < s.size() && s[i] == '.'; ++k) {
    const size_t n = digits_at(s, i + 1);
    if (n == 0) break;
    out.head[k] = s.substr(i + 1, n);
    i += 1 + n;
  }
  Modifier m;
  if (!match_modifier(s.substr(i), m)) return false;
  set_modifier(m, out);
  return true;
}

constexpr bool is_date_separator(char c) {
  return c == '.' || c == ':' || c == '-';
}

// Whether `g[pos..]` ends the date group, `pairs` [.:-]?\d{2} pairs having been read: more pairs
// (one at least, six at most in all), then an optional [.:-]?\d{1,3}, then the end. Tries every
// split, as the regex engine would; `g` has at most 26 bytes.
bool match_date_tail(std::string_view g, size_t pos, int pairs) {
  auto group_at = [&](size_t p, size_t len) -> size_t {  // [.:-]?\d{len}: bytes used, or 0
    if (p < g.size() && is_date_separator(g[p])) ++p;
    if (digits_at(g, p) < len) return 0;
    return p + len;
  };
  if (pairs >= 1) {
    if (pos == g.size()) return true;
    for (size_t len = 1; len <= 3; ++len) {
      if (const size_t end = group_at(pos, len); end != 0 && end == g.size()) return true;
    }
  }
  if (pairs < 6) {
    if (const size_t end = group_at(pos, 2); end != 0) return match_date_tail(g, end, pairs + 1);
  }
  return false;
}

// ^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?) + modifier
bool match_date(std::string_view s, ComposerVersion& out) {
  size_t i = (!s.empty() && is_v(s[0])) ? 1 : 0;
  // The date group can only end where the modifier can begin: after the longest run of digits
  // joined by single separators.
  size_t end = i + digits_at(s, i);
  while (end + 1 < s.size() && is_date_separator(s[end]) && is_digit(s[end + 1]))
    end += 1 + digits_at(s, end + 1);
  const std::string_view group = s.substr(i, end - i);
  if (group.size() < 6 || group.size() > 4 + 6 * 3 + 4) return false;
  if (digits_at(group, 0) < 4 || !match_date_tail(group, 4, 0)) return false;
  Modifier m;
  if (!match_modifier(s.substr(end), m)) return false;
  out.head_count = 0;
  out.runs = group;
  set_modifier(m, out);
  return true;
}

// normalizeBranch(): ^v?(\d++)(\.(?:\d++|[xX*])){0,3}$ after trim(), as N.N.N.N-dev.
bool match_numeric_branch(std::string_view name, ComposerVersion& out) {
  name = php_trim(name);
  size_t i = (!name.empty() && is_v(name[0])) ? 1 : 0;
  const size_t first = digits_at(name, i);
  if (first == 0) return false;
  out.head = {name.substr(i, first), kBranchNumber, kBranchNumber, kBranchNumber};
  out.head_count = 4;
  i += first;
  for (size_t k = 1; k < 4 && i < name.size() && name[i] == '.'; ++k) {
    const size_t n = digits_at(name, i + 1);
    if (n > 0) {
      out.head[k] = name.substr(i + 1, n);
      i += 1 + n;
    } else if (i + 1 < name.size() &&
               (name[i + 1] == 'x' || name[i + 1] == 'X' || name[i + 1] == '*')) {
      i += 2;
    } else {
      break;
    }
  }
  out.dev = true;
  return i == name.size();
}

// normalize()'s "(.*?)[.-]?dev$" fallback: the branch name before "-dev". PCRE's '.' stops at a
// line feed and the match is not anchored at the start, so only the last line counts.
bool match_dev_suffix(std::string_view s, ComposerVersion& out) {
  if (s.size() < 3 || !iequals(s.substr(s.size() - 3), "dev")) return false;
  std::string_view name = s.substr(0, s.size() - 3);
  if (!name.empty() && (name.back() == '.' || name.back() == '-')) name.remove_suffix(1);
  if (const size_t nl = name.rfind('\n'); nl != std::string_view::npos) name.remove_prefix(nl + 1);
  return match_numeric_branch(name, out);
}

// `^([^,\s]++) ++as ++([^,\s]++)$`: returns the part before " as ", or `s` unchanged.
std::string_view strip_alias(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] != ',' && !is_pcre_space(s[i]))
    ++i;
  const std::string_view source = s.substr(0, i);
  if (i == 0 || i == s.size() || s[i] != ' ') return s;
  while (i < s.size() && s[i] == ' ')
    ++i;
  if (s.substr(i, 2) != "as") return s;
  i += 2;
  const size_t spaces = i;
  while (i < s.size() && s[i] == ' ')
    ++i;
  if (i == spaces || i == s.size()) return s;
  for (; i < s.size(); ++i) {
    if (s[i] == ',' || is_pcre_space(s[i])) return s;
  }
  return source;
}

// `@(?:stable|RC|beta|alpha|dev)$` (case-blind) is cut off.
std::string_view strip_stability_flag(std::string_view s) {
  for (std::string_view flag : {"stable", "RC", "beta", "alpha", "dev"}) {
    if (s.size() > flag.size() && s[s.size() - flag.size() - 1] == '@' &&
        iequals(s.substr(s.size() - flag.size()), flag)) {
      return s.substr(0, s.size() - flag.size() - 1);
    }
  }
  return s;
}

// `^([^,\s+]++)\+[^\s]++$`: returns the part before "+build", or `s` unchanged.
std::string_view strip_build_metadata(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] != ',' && s[i] != '+' && !is_pcre_space(s[i]))
    ++i;
  if (i == 0 || i + 1 >= s.size() || s[i] != '+') return s;
  for (size_t k = i + 1; k < s.size(); ++k) {
    if (is_pcre_space(s[k])) return s;
  }
  return s.substr(0, i);
}

struct Part {
  bool is_number = false;
  std::string_view digits;
  int rank = 0;
};

// Walks the parts of a normalised version as version_compare() splits them.
class PartReader {
 public:
  explicit PartReader(const ComposerVersion& v) : v_(v) {}

  // Goes on after the head numbers, as if next() had returned them.
  void skip_head() noexcept {
    stage_ = 1;
    index_ = 0;
  }

  bool next(Part& part) noexcept {
    for (;;) {
      switch (stage_) {
        case 0:
          if (index_ < v_.head_count) {
            part = {true, v_.head[index_++], kNumberRank};
            return true;
          }
          break;
        case 1:
          if (next_run(v_.runs, part)) return true;
          break;
        case 2:
          if (index_++ == 0 && v_.stability != kNoStability) {
            part = {false, {}, v_.stability};
            return true;
          }
          break;
        case 3:
          if (next_run(v_.stability_numbers, part)) return true;
          break;
        case 4:
          if (index_++ == 0 && v_.dev) {
            part = {false, {}, kDevRank};
            return true;
          }
          break;
        default:
          return false;
      }
      ++stage_;
      index_ = 0;
    }
  }

 private:
  // The next run of digits in `s` from index_ on.
  bool next_run(std::string_view s, Part& part) noexcept {
    while (index_ < s.size() && !is_digit(s[index_]))
      ++index_;
    if (index_ == s.size()) return false;
    const size_t n = digits_at(s, index_);
    part = {true, s.substr(index_, n), kNumberRank};
    index_ += n;
    return true;
  }

  const ComposerVersion& v_;
  int stage_ = 0;
  size_t index_ = 0;
};

// Whether strtol() would saturate on these digits (a value above LONG_MAX on LP64).
bool exceeds_long(std::string_view digits) {
  constexpr std::string_view kLongMax = "9223372036854775807";
  digits = detail::strip_zeros(digits);
  return digits.size() > kLongMax.size() || (digits.size() == kLongMax.size() && digits > kLongMax);
}

// A reason for a version normalize() rejects, for the error message.
std::string_view diagnose(std::string_view s) {
  size_t i = (!s.empty() && is_v(s[0])) ? 1 : 0;
  if (digits_at(s, i) == 0) return "does not start with a number (or dev- for a branch)";
  if (s.find_first_of(" \t\n\v\f\r") != std::string_view::npos) return "whitespace inside version";
  if (digits_at(s, i) > 5) return "first number has more than 5 digits and is not a date";
  size_t dots = 0;
  i += digits_at(s, i);
  while (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
    ++dots;
    i += 1 + digits_at(s, i + 1);
  }
  if (dots > 3) return "more than four numbers";
  return "invalid suffix (expected stable, alpha, beta, RC, patch with optional numbers, or dev)";
}

// Whether a number in the normalised version is above LONG_MAX (see exceeds_long()).
bool has_too_long_number(const ComposerVersion& v) noexcept {
  PartReader reader(v);
  for (Part part; reader.next(part);) {
    if (part.is_number && exceeds_long(part.digits)) return true;
  }
  return false;
}

// Normalises like VersionParser::normalize(). Returns an empty view on success, else what is
// wrong.
std::string_view parse_precise(std::string_view s, ComposerVersion& out) noexcept {
  if (s.empty()) return "version string is empty";
  std::string_view v = php_trim(s);
  if (v.empty()) return "version is only whitespace";
  v = strip_stability_flag(strip_alias(v));
  if (v == "master" || v == "trunk" || v == "default" || istarts_with(v, "dev-")) {
    return "branch name: Composer gives branches no order";
  }
  // PCRE's '$' also matches before a final line feed (one can be left by "1.0\n@dev").
  if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
  v = strip_build_metadata(v);

  out = ComposerVersion{};
  bool ok = match_classical(v, out);
  if (!ok) {
    out = ComposerVersion{};
    ok = match_date(v, out);
  }
  if (!ok) {
    out = ComposerVersion{};
    ok = match_dev_suffix(v, out);
  }
  if (!ok) return diagnose(v);

  if (has_too_long_number(out)) {
    return "number above 9223372036854775807 (PHP's version_compare saturates it)";
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Fast path. Real versions are short and plain: "1.2.3", "v5.4.51", "2.5-dev", "1.0.0-beta2",
// "2.x-dev". parse_fast() skips the clean-up steps of parse_precise() when they cannot apply, reads
// the numbers in one pass and runs the same modifier and branch matchers, returning nullopt when
// unsure; parse_precise() then decides, so parse() accepts exactly what parse_precise() accepts
// and gives the same ComposerVersion.
//
// It takes only strings of at most 18 bytes, ASCII letters, digits and . - _ * that start with a
// digit or with a "v" and a digit. On those, parse_precise()'s steps before the matchers change
// nothing: there is no blank, NUL or line feed to trim, no space for " as ", no "@" flag, no "+"
// build metadata, and no branch name ("master", "trunk", "default", "dev-...") starts that way.
// Then:
//   - match_classical() is parse_precise()'s first matcher: when it succeeds, so does
//     parse_precise(), with the same result (parse_fast() reads it in its own way, below);
//   - it fails on every string with an x, X or * (no modifier word has one). If the first number
//     has fewer than 4 digits, match_date() fails as well (a date starts with 4 digits), so
//     parse_precise() goes on with match_dev_suffix(), as here;
//   - anything else is left to parse_precise().
// No number of at most 18 digits is above LONG_MAX, so the check for those is not needed.

// Bytes the fast path takes: ASCII letters, digits, . - _ and * (kFastByte); x, X and *, a
// branch's wildcard, are also kWildcardByte.
constexpr uint8_t kFastByte = 1;
constexpr uint8_t kWildcardByte = 2;

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (detail::is_alnum(ch) || ch == '.' || ch == '-' || ch == '_') t[c] = kFastByte;
    if (ch == 'x' || ch == 'X' || ch == '*') t[c] = kFastByte | kWildcardByte;
  }
  return t;
}();

std::optional<ComposerVersion> parse_fast(std::string_view s) noexcept {
  constexpr size_t kMaxSafeDigits = 18;  // 10^18 - 1 < LONG_MAX
  if (s.empty() || s.size() > kMaxSafeDigits) return std::nullopt;
  const size_t start = is_v(s[0]) ? 1 : 0;
  if (start >= s.size() || !is_digit(s[start])) return std::nullopt;

  // The run of digits and dots after the "v", in one loop (a loop that stops at each dot
  // mispredicts a branch per number), noting where the first four dots are.
  std::array<size_t, 4> dot_at{};
  size_t dots = 0;
  unsigned after_dot = 0;
  unsigned double_dot = 0;
  size_t i = start;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    const unsigned dot = c == '.';
    if (!is_digit(c) && dot == 0) break;
    dot_at[dots & 3] = i;  // kept when it is a dot: `dots` moves on; later ones may wrap around
    dots += dot;
    double_dot |= after_dot & dot;
    after_dot = dot;
  }
  // The rest: letters, digits and . - _ * only.
  unsigned all = kFastByte;
  unsigned any = 0;
  for (size_t k = i; k < s.size(); ++k) {
    const uint8_t c = kByteClass[static_cast<unsigned char>(s[k])];
    all &= c;
    any |= c;
  }
  if (all == 0) return std::nullopt;
  if ((any & kWildcardByte) != 0) {
    // No modifier word has an x, so this is a numeric branch ("2.x-dev") or nothing.
    if (digits_at(s, start) >= 4) return std::nullopt;  // might be a date
    std::optional<ComposerVersion> v(std::in_place);
    if (!match_dev_suffix(s, *v)) return std::nullopt;
    return v;
  }

  // match_classical(), or unsure when the run has an empty number ("1..dev") or more than four.
  // Otherwise the run is what match_classical() reads as numbers, but for a final dot (no digit
  // after it), which both leave to the modifier.
  const size_t head_end = i - after_dot;
  const size_t inner_dots = dots - after_dot;
  if (double_dot != 0 || inner_dots > 3) return std::nullopt;
  std::array<std::string_view, 4> head = {{{}, "0", "0", "0"}};
  size_t begin = start;
  for (size_t k = 0; k <= inner_dots; ++k) {
    const size_t end = k < inner_dots ? dot_at[k] : head_end;
    head[k] = s.substr(begin, end - begin);
    begin = end + 1;
  }
  if (head[0].size() > 5) return std::nullopt;
  Modifier m;
  if (!match_modifier(s.substr(head_end), m)) return std::nullopt;
  // Built whole rather than cleared and filled: clearing a ComposerVersion costs as much as
  // reading a short version.
  return ComposerVersion{head, 4, {}, m.stability, m.stability_numbers, m.dev};
}

std::string_view parse(std::string_view s, ComposerVersion& out) noexcept {
  if (const auto v = parse_fast(s)) {
    out = *v;
    return {};
  }
  return parse_precise(s, out);
}

std::strong_ordering compare_parts(const Part& a, const Part& b) noexcept {
  if (a.is_number && b.is_number) return detail::compare_digits(a.digits, b.digits);
  return a.rank <=> b.rank;  // a number has kNumberRank
}

// Whether the parts after the head numbers are none.
bool only_head(const ComposerVersion& v) noexcept {
  return v.runs.empty() && v.stability == kNoStability && v.stability_numbers.empty() && !v.dev;
}

std::strong_ordering compare_versions(const ComposerVersion& a, const ComposerVersion& b) noexcept {
  PartReader ra(a);
  PartReader rb(b);
  // The usual case: four head numbers on both sides, which are the first four parts.
  if (a.head_count == 4 && b.head_count == 4) {
    for (size_t k = 0; k < 4; ++k) {
      if (const auto c = detail::compare_digits(a.head[k], b.head[k]); std::is_neq(c)) return c;
    }
    if (only_head(a) && only_head(b)) return std::strong_ordering::equal;
    ra.skip_head();
    rb.skip_head();
  }
  for (;;) {
    Part pa;
    Part pb;
    const bool has_a = ra.next(pa);
    const bool has_b = rb.next(pb);
    if (!has_a && !has_b) return std::strong_ordering::equal;
    // When one side runs out, the other's next part decides: a number wins, a word is compared
    // with the rank of a number.
    if (!has_b) return pa.is_number ? std::strong_ordering::greater : pa.rank <=> kNumberRank;
    if (!has_a) return pb.is_number ? std::strong_ordering::less : kNumberRank <=> pb.rank;
    if (const auto c = compare_parts(pa, pb); std::is_neq(c)) return c;
  }
}

class ComposerScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    ComposerVersion v;
    if (const auto err = parse(version, v); !err.empty()) {
      return detail::invalid_version("composer", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    // Both on the fast path without a ComposerVersion to clear; else parse() decides.
    if (const auto va = parse_fast(a)) {
      if (const auto vb = parse_fast(b)) return compare_versions(*va, *vb);
    }
    ComposerVersion va;
    ComposerVersion vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    return compare_versions(va, vb);
  }
};

}  // namespace

const Scheme& composer_scheme() noexcept {
  static const ComposerScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
