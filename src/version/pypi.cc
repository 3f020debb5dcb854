// SPDX-License-Identifier: Apache-2.0
//
// Python package versions (PEP 440) exactly as python3-packaging 23.0 orders them: the
// `packaging.version.Version` class, i.e. its VERSION_PATTERN regex (compiled by Python's `re`
// with VERBOSE | IGNORECASE and wrapped in ^\s* ... \s*$), _parse_letter_version,
// _parse_local_version and _cmpkey.
//
// A version is valid exactly when Version(s) succeeds under /usr/bin/python3 (3.11) with its
// default settings. That makes these invalid:
//   - anything the regex does not match: no release number, unknown or misplaced words, empty
//     segments ("1..0", "1.0."), "+" with an empty or malformed local label, inner whitespace;
//   - bytes that are not UTF-8 (Python never sees them as text), and every character the regex
//     cannot match: control characters other than whitespace, and all non-ASCII characters except
//     the Unicode whitespace that \s strips and the four letters IGNORECASE folds to ASCII
//     (U+0130 and U+0131 match 'i', U+017F matches 's', U+212A matches 'k');
//   - a number of more than 4300 characters: int() raises ValueError past Python's default
//     integer-string limit (sys.get_int_max_str_digits()), so packaging cannot construct it.
// Non-ASCII digits never match: the regex spells digits as [0-9].
//
// Comparison is _cmpkey's tuple order: epoch; release with trailing zeros ignored; pre-release
// (a < b < rc, a dev-only version below every pre-release, none above); post-release; dev
// release; local label (none first, then segment by segment: numbers above words, numbers by
// value, words case-insensitively). Numbers compare as digit strings, so any length is exact.
#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::compare_digits;
using detail::is_digit;

// Python's default limit on the length of a string int() converts (sys.int_info).
constexpr size_t kMaxIntDigits = 4300;

// The pre-release spellings after packaging's lower() and renaming, in the order of the strings
// they normalise to: "a" < "b" < "previ\u0307ew" < "prev\u0131ew" < "rc". The two odd ones
// come from "preview" spelt with U+0130 or U+0131: IGNORECASE matches them, but lower() does not
// turn them into "preview", so packaging keeps them as words of their own.
enum class PreKind : uint8_t { kAlpha, kBeta, kPreviewDottedI, kPreviewDotlessI, kRc };

// Likewise "post" spelt with U+017F stays "po\u017ft", which sorts after "post".
enum class PostKind : uint8_t { kPost, kPostLongS };

// A pre-, post- or dev-release part: present or not, its spelling's kind, its number.
struct Part {
  bool present = false;
  uint8_t kind = 0;
  std::string_view number;  // ASCII digits; empty means the implicit 0
};

struct PypiVersion {
  std::string_view epoch;    // digits; empty means 0
  std::string_view release;  // digits separated by single dots
  Part pre;
  Part post;
  Part dev;
  bool has_local = false;
  std::string_view local;  // segments of [a-z0-9] (and the four folded letters) split by . _ -
};

// ---------------------------------------------------------------------------------------------
// Characters. Python matches characters, not bytes: each helper reads one UTF-8 character at s[i]
// and returns its length in bytes, or 0 when it is not of the kind asked for.

// Python's \s in a str pattern: ASCII \t\n\v\f\r, \x1c-\x1f and space, and the Unicode spaces.
size_t space_len(std::string_view s, size_t i) noexcept {
  const auto b = [&](size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100;
  };
  const unsigned c = b(0);
  if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20)) return 1;
  if (c == 0xc2 && (b(1) == 0x85 || b(1) == 0xa0)) return 2;  // U+0085 U+00A0
  if (c == 0xe1 && b(1) == 0x9a && b(2) == 0x80) return 3;    // U+1680
  if (c == 0xe2 && b(1) == 0x80) {                            // U+2000-200A, U+2028, U+2029, U+202F
    const unsigned t = b(2);
    if ((t >= 0x80 && t <= 0x8a) || t == 0xa8 || t == 0xa9 || t == 0xaf) return 3;
  }
  if (c == 0xe2 && b(1) == 0x81 && b(2) == 0x9f) return 3;  // U+205F
  if (c == 0xe3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // U+3000
  return 0;
}

// The ASCII letter ('a'..'z') the character at s[i] matches under IGNORECASE, or 0. Sets `len`.
char folded_letter(std::string_view s, size_t i, size_t& len) noexcept {
  len = 0;
  if (i >= s.size()) return 0;
  const char c = s[i];
  if (detail::is_alpha(c)) {
    len = 1;
    return detail::to_lower(c);
  }
  const std::string_view rest = s.substr(i);
  if (rest.starts_with("\xc4\xb0") || rest.starts_with("\xc4\xb1")) {  // U+0130, U+0131
    len = 2;
    return 'i';
  }
  if (rest.starts_with("\xc5\xbf")) {  // U+017F LATIN SMALL LETTER LONG S
    len = 2;
    return 's';
  }
  if (rest.starts_with("\xe2\x84\xaa")) {  // U+212A KELVIN SIGN
    len = 3;
    return 'k';
  }
  return 0;
}

// Length of a character of the local label's alphabet ([a-z0-9] under IGNORECASE), or 0.
size_t local_char_len(std::string_view s, size_t i) noexcept {
  if (i < s.size() && is_digit(s[i])) return 1;
  size_t len = 0;
  folded_letter(s, i, len);
  return len;
}

constexpr bool is_separator(char c) noexcept {
  return c == '-' || c == '_' || c == '.';
}

size_t skip_digits(std::string_view s, size_t i) noexcept {
  while (i < s.size() && is_digit(s[i]))
    ++i;
  return i;
}

size_t skip_spaces(std::string_view s, size_t i) noexcept {
  while (size_t n = space_len(s, i))
    i += n;
  return i;
}

// Bytes of `word` (lowercase ASCII) matched case-insensitively at s[i], or 0 when it does not
// match.
size_t match_word(std::string_view s, size_t i, std::string_view word) noexcept {
  const size_t begin = i;
  for (char w : word) {
    size_t len = 0;
    if (folded_letter(s, i, len) != w) return 0;
    i += len;
  }
  return i - begin;
}

// ---------------------------------------------------------------------------------------------
// Matching. The part of the regex after the release number is a row of optional groups,
//   pre   [-_.]? (a|b|c|rc|alpha|beta|pre|preview) [-_.]? [0-9]*
//   post  -[0-9]+ | [-_.]? (post|rev|r) [-_.]? [0-9]*
//   dev   [-_.]? dev [-_.]? [0-9]*
//   local (\+ [a-z0-9]+ ([-_.][a-z0-9]+)*)?  then \s* and the end,
// and a string can match it in more than one way ("1.0a-1" is a1 with the "-" as the pre
// separator, or a0 with post -1). Python's backtracking engine takes the first success in
// priority order (optional groups and separators present before absent, alternatives left to
// right), so this matcher searches in that same order with continuations. Number runs are always
// taken whole: no element after a number can begin with a digit, so giving digits back never
// leads to a match. Everything before these groups (spaces, "v", epoch, release) and the local
// label after them are deterministic for the same reason.

struct Label {
  std::string_view word;
  uint8_t kind;
};

constexpr Label kPreLabels[] = {
    {"a", static_cast<uint8_t>(PreKind::kAlpha)},
    {"b", static_cast<uint8_t>(PreKind::kBeta)},
    {"c", static_cast<uint8_t>(PreKind::kRc)},
    {"rc", static_cast<uint8_t>(PreKind::kRc)},
    {"alpha", static_cast<uint8_t>(PreKind::kAlpha)},
    {"beta", static_cast<uint8_t>(PreKind::kBeta)},
    {"pre", static_cast<uint8_t>(PreKind::kRc)},
    {"preview", static_cast<uint8_t>(PreKind::kRc)},
};
constexpr Label kPostLabels[] = {
    {"post", static_cast<uint8_t>(PostKind::kPost)},
    {"rev", static_cast<uint8_t>(PostKind::kPost)},
    {"r", static_cast<uint8_t>(PostKind::kPost)},
};
constexpr Label kDevLabels[] = {{"dev", 0}};

// The kind of a matched spelling, for the few that lower() leaves unnormalised.
uint8_t spelling_kind(const Label& label, std::string_view text) noexcept {
  if (label.word == "preview") {
    if (text.find("\xc4\xb0") != std::string_view::npos)
      return static_cast<uint8_t>(PreKind::kPreviewDottedI);
    if (text.find("\xc4\xb1") != std::string_view::npos)
      return static_cast<uint8_t>(PreKind::kPreviewDotlessI);
  }
  if (label.word == "post" && text.find("\xc5\xbf") != std::string_view::npos)
    return static_cast<uint8_t>(PostKind::kPostLongS);
  return label.kind;
}

class Matcher {
 public:
  Matcher(std::string_view s, PypiVersion& out) : s_(s), out_(out) {}

  // Matches everything after the release number, which ends at `p`.
  bool match_suffix(size_t p) {
    return pre(p, [&](size_t q) {
      return post(q, [&](size_t r) { return dev(r, [&](size_t t) { return tail(t); }); });
    });
  }

 private:
  // `[-_.]? LABEL [-_.]? [0-9]*` for each label in order, calling `next` after each way it
  // matches until one succeeds. Leaves `part` as the last attempt; the caller resets it.
  template <typename Next>
  bool lettered(size_t p, std::span<const Label> labels, Part& part, Next&& next) {
    for (const bool lead : {true, false}) {
      const size_t q = p + (lead ? 1 : 0);
      if (lead && !(p < s_.size() && is_separator(s_[p]))) continue;
      for (const Label& label : labels) {
        const size_t len = match_word(s_, q, label.word);
        if (len == 0) continue;
        const size_t r = q + len;
        for (const bool trail : {true, false}) {
          if (trail && !(r < s_.size() && is_separator(s_[r]))) continue;
          const size_t t = r + (trail ? 1 : 0);
          const size_t d = skip_digits(s_, t);
          part = {true, spelling_kind(label, s_.substr(q, len)), s_.substr(t, d - t)};
          if (next(d)) return true;
        }
      }
    }
    return false;
  }

  template <typename Next>
  bool pre(size_t p, Next&& next) {
    if (lettered(p, kPreLabels, out_.pre, next)) return true;
    out_.pre = {};
    return next(p);
  }

  template <typename Next>
  bool post(size_t p, Next&& next) {
    // The implicit form "-N" comes first in the alternation.
    if (p + 1 < s_.size() && s_[p] == '-' && is_digit(s_[p + 1])) {
      const size_t d = skip_digits(s_, p + 1);
      out_.post = {true, static_cast<uint8_t>(PostKind::kPost), s_.substr(p + 1, d - p - 1)};
      if (next(d)) return true;
    }
    if (lettered(p, kPostLabels, out_.post, next)) return true;
    out_.post = {};
    return next(p);
  }

  template <typename Next>
  bool dev(size_t p, Next&& next) {
    if (lettered(p, kDevLabels, out_.dev, next)) return true;
    out_.dev = {};
    return next(p);
  }

  // The optional local label, then trailing whitespace up to the end.
  bool tail(size_t p) {
    out_.has_local = false;
    out_.local = {};
    if (p < s_.size() && s_[p] == '+') {
      const size_t begin = p + 1;
      size_t i = begin;
      while (true) {
        const size_t segment = i;
        while (size_t n = local_char_len(s_, i))
          i += n;
        if (i == segment) return false;  // an empty segment: the group cannot match at all
        if (i < s_.size() && is_separator(s_[i]) && local_char_len(s_, i + 1) != 0) {
          ++i;
          continue;
        }
        break;
      }
      out_.has_local = true;
      out_.local = s_.substr(begin, i - begin);
      p = i;
    }
    return skip_spaces(s_, p) == s_.size();
  }

  std::string_view s_;
  PypiVersion& out_;
};

// Every byte must start a character the regex can match somewhere: printable ASCII, whitespace,
// or one of the four folded letters. Anything else (including bytes that are not UTF-8) makes
// the match fail wherever it sits, so rejecting up front changes no answer.
bool all_matchable(std::string_view s) noexcept {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      ++i;
      continue;
    }
    size_t n = space_len(s, i);
    if (n == 0) folded_letter(s, i, n);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Each dot-separated piece of `release`, and each numeric local segment, goes through int().
bool numbers_fit(const PypiVersion& v) noexcept {
  if (v.epoch.size() > kMaxIntDigits || v.pre.number.size() > kMaxIntDigits ||
      v.post.number.size() > kMaxIntDigits || v.dev.number.size() > kMaxIntDigits) {
    return false;
  }
  size_t run = 0;
  for (char c : v.release) {
    run = c == '.' ? 0 : run + 1;
    if (run > kMaxIntDigits) return false;
  }
  // A local segment goes through int() only when it is all digits.
  size_t i = 0;
  while (i < v.local.size()) {
    size_t end = i;
    bool numeric = true;
    while (end < v.local.size() && !is_separator(v.local[end])) {
      numeric = numeric && is_digit(v.local[end]);
      ++end;
    }
    if (numeric && end - i > kMaxIntDigits) return false;
    i = end + 1;
  }
  return true;
}

// parse()'s answer when the text after the release number does not match; validate() then asks
// explain_suffix() for a more precise message.
constexpr std::string_view kBadSuffix = "invalid text after the release number";

// Parses like Version.__init__. Returns an empty view on success, else what is wrong.
std::string_view parse_precise(std::string_view s, PypiVersion& out) noexcept {
  if (s.empty()) return "version string is empty";
  if (!all_matchable(s)) {
    return "control character, non-ASCII character or invalid UTF-8 in version";
  }
  out = PypiVersion{};
  size_t p = skip_spaces(s, 0);
  if (p == s.size()) return "version is only whitespace";
  if (s[p] == 'v' || s[p] == 'V') ++p;
  if (const size_t d = skip_digits(s, p); d > p && d < s.size() && s[d] == '!') {
    out.epoch = s.substr(p, d - p);
    p = d + 1;
    if (!(p < s.size() && is_digit(s[p]))) return "no release number after the epoch";
  }
  if (!(p < s.size() && is_digit(s[p]))) return "version does not start with a release number";
  const size_t release_begin = p;
  p = skip_digits(s, p);
  while (p + 1 < s.size() && s[p] == '.' && is_digit(s[p + 1]))
    p = skip_digits(s, p + 1);
  out.release = s.substr(release_begin, p - release_begin);
  // Most versions end with their release number: every optional group is then absent.
  if (p != s.size() && !Matcher(s, out).match_suffix(p)) return kBadSuffix;
  if (!numbers_fit(out)) {
    return "number longer than 4300 digits (Python's int() refuses it, so packaging does too)";
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Fast path. Real versions are plain ASCII in the normalised shapes: "1.2.3", "1.2.3rc1",
// "1.2.3.post1", "1.2.3.dev4", "2.0b1.dev3+local.7". parse_fast() reads those in one forward pass
// without the matcher's search and returns nullopt when unsure (any other byte, whitespace, a "v",
// a word it does not know, a word run into another word, ...); parse_precise() then decides, so
// parse() accepts exactly what parse_precise() accepts and gives the same PypiVersion.
//
// It accepts only  [N!] N(.N)* [[-_.]? PRE [-_.]? N*] [-N | [-_.]? POST [-_.]? N*]
// [[-_.]? dev [-_.]? N*] [+ L([-_.]L)*]  (N digits, L ASCII alphanumerics, each word the whole run
// of ASCII letters there), with at most 4300 bytes, so no number can be too long for int(). On
// such a string the matcher's first success takes the same choices:
//   - the epoch and release are read as parse_precise() reads them (a "!" after the first run);
//   - a separator before or after a word, and a number after it, are taken whenever present, which
//     is what the matcher tries first (lead, then trail, each present before absent);
//   - the matcher tries the labels in order, but the only ones matching before the whole word are
//     its proper prefixes ("a" of "alpha", "b" of "beta", "pre" of "preview"; "r" comes after
//     "rev"), and after them the text goes on with 'l', 'e' or 'v', where nothing that may follow
//     a group (a separator, p, r, d, '+', digits, the end) begins: those attempts fail;
//   - where a group is absent here, the text at that point is the end, '+', "-N" or a later
//     group's word, none of which an earlier group's labels match (no pre label begins "post",
//     "rev", "r" or "dev"; no post label begins "dev"), so the matcher skips the group too;
//   - "-N" is taken as the post-release whenever it stands there, as the matcher tries it first;
//   - the local label is deterministic and must run to the end.

// Byte classes for the fast path.
constexpr uint8_t kDigitByte = 1;
constexpr uint8_t kLetterByte = 2;     // ASCII letters only
constexpr uint8_t kSeparatorByte = 4;  // - _ and the dot
constexpr uint8_t kDotByte = 8;
static_assert(kDotByte == 8, "scan_release() shifts it down to 1");

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (is_digit(ch)) t[c] = kDigitByte;
    if (detail::is_alpha(ch)) t[c] = kLetterByte;
    if (is_separator(ch)) t[c] = kSeparatorByte;
    if (ch == '.') t[c] = kSeparatorByte | kDotByte;
  }
  return t;
}();

constexpr uint8_t byte_class(char c) noexcept {
  return kByteClass[static_cast<unsigned char>(c)];
}

// The end of the release number D+(.D+)* that starts with the digit at s[begin], as
// parse_precise() finds it, or npos when unsure. One loop over digits and dots with a single exit
// (a loop that stops at each dot mispredicts a branch per number): a run of digits and single
// dots is the release, less a final dot, which belongs to what follows (".post1").
size_t scan_release(std::string_view s, size_t begin) noexcept {
  size_t i = begin;
  unsigned double_dot = 0;
  unsigned after_dot = 0;
  for (; i < s.size(); ++i) {
    const uint8_t k = byte_class(s[i]);
    if ((k & (kDigitByte | kDotByte)) == 0) break;
    const unsigned dot = k >> 3;  // kDotByte is 8
    double_dot |= after_dot & dot;
    after_dot = dot;
  }
  if (double_dot != 0) return std::string_view::npos;
  return i - after_dot;
}

// A word of up to 7 lowercase ASCII letters packed into an integer, to switch on.
constexpr uint64_t pack(std::string_view word) noexcept {
  uint64_t key = 0;
  for (char c : word)
    key = key << 8 | static_cast<unsigned char>(c);
  return key;
}

// A lettered group as the fast path sees it at `begin`: an optional separator, then the whole run
// of ASCII letters, lower-cased and packed (0 when there are none or more than 7).
struct FastWord {
  uint64_t key = 0;
  size_t end = 0;  // just after the letters
};

FastWord read_word(std::string_view s, size_t begin) noexcept {
  size_t i = begin;
  if (i < s.size() && (byte_class(s[i]) & kSeparatorByte) != 0) ++i;
  const size_t letters = i;
  uint64_t key = 0;
  while (i < s.size() && byte_class(s[i]) == kLetterByte) {
    key = key << 8 | static_cast<unsigned char>(s[i] | 0x20);  // ASCII lower case
    ++i;
  }
  if (i - letters > 7) key = 0;
  return {key, i};
}

// The rest of a lettered group after its word: an optional separator, then the number. Stores the
// part and returns the index after it.
size_t read_number(std::string_view s, size_t i, uint8_t kind, Part& part) noexcept {
  if (i < s.size() && (byte_class(s[i]) & kSeparatorByte) != 0) ++i;
  const size_t end = skip_digits(s, i);
  part = {true, kind, s.substr(i, end - i)};
  return end;
}

std::optional<PypiVersion> parse_fast(std::string_view s) noexcept {
  const size_t n = s.size();
  if (n == 0 || n > kMaxIntDigits || !is_digit(s[0])) return std::nullopt;
  std::string_view epoch;
  size_t release_begin = 0;
  size_t i = scan_release(s, 0);
  if (i < n && s[i] == '!') {
    epoch = s.substr(0, i);
    if (epoch.find('.') != std::string_view::npos) return std::nullopt;
    release_begin = ++i;
    if (i == n || !is_digit(s[i])) return std::nullopt;
    i = scan_release(s, i);
  }
  if (i == std::string_view::npos) return std::nullopt;
  const std::string_view release = s.substr(release_begin, i - release_begin);
  // Built whole at the end rather than cleared first: clearing the struct costs more than
  // reading a short version.
  if (i == n) return PypiVersion{epoch, release, {}, {}, {}, false, {}};

  Part pre;
  Part post;
  Part dev;
  FastWord word = read_word(s, i);
  switch (word.key) {
    case pack("a"):
    case pack("alpha"):
      i = read_number(s, word.end, static_cast<uint8_t>(PreKind::kAlpha), pre);
      break;
    case pack("b"):
    case pack("beta"):
      i = read_number(s, word.end, static_cast<uint8_t>(PreKind::kBeta), pre);
      break;
    case pack("c"):
    case pack("rc"):
    case pack("pre"):
    case pack("preview"):
      i = read_number(s, word.end, static_cast<uint8_t>(PreKind::kRc), pre);
      break;
    default:
      break;
  }
  if (pre.present) word = read_word(s, i);
  if (i + 1 < n && s[i] == '-' && is_digit(s[i + 1])) {
    const size_t end = skip_digits(s, i + 2);
    post = {true, static_cast<uint8_t>(PostKind::kPost), s.substr(i + 1, end - i - 1)};
    i = end;
    word = read_word(s, i);
  } else if (word.key == pack("post") || word.key == pack("rev") || word.key == pack("r")) {
    i = read_number(s, word.end, static_cast<uint8_t>(PostKind::kPost), post);
    word = read_word(s, i);
  }
  if (word.key == pack("dev")) i = read_number(s, word.end, 0, dev);
  bool has_local = false;
  std::string_view local;
  if (i < n && s[i] == '+') {
    const size_t begin = ++i;
    while (true) {
      const size_t segment = i;
      while (i < n && (byte_class(s[i]) & (kDigitByte | kLetterByte)) != 0)
        ++i;
      if (i == segment) return std::nullopt;
      if (i == n) break;
      if ((byte_class(s[i]) & kSeparatorByte) == 0) return std::nullopt;
      ++i;
    }
    has_local = true;
    local = s.substr(begin);
  }
  if (i != n) return std::nullopt;
  return PypiVersion{epoch, release, pre, post, dev, has_local, local};
}

std::string_view parse(std::string_view s, PypiVersion& out) noexcept {
  if (const auto v = parse_fast(s)) {
    out = *v;
    return {};
  }
  return parse_precise(s, out);
}

// Says more precisely why the text after the release number failed to match. Only for messages:
// the matcher alone decides validity.
std::string_view explain_suffix(std::string_view s) {
  size_t p = skip_spaces(s, 0);
  if (p < s.size() && (s[p] == 'v' || s[p] == 'V')) ++p;
  if (const size_t d = skip_digits(s, p); d > p && d < s.size() && s[d] == '!') p = d + 1;
  p = skip_digits(s, p);
  while (p + 1 < s.size() && s[p] == '.' && is_digit(s[p + 1]))
    p = skip_digits(s, p + 1);
  // Inner whitespace: a space followed by anything but more space.
  for (size_t i = p; i < s.size(); ++i) {
    if (space_len(s, i) != 0) {
      if (skip_spaces(s, i) != s.size()) return "whitespace inside version";
      break;
    }
  }
  if (p < s.size() && s[p] == '.' && (p + 1 == s.size() || s[p + 1] == '.')) {
    return "empty segment in release number";
  }
  if (const size_t plus = s.find('+', p); plus != std::string_view::npos) {
    // The label runs up to the trailing whitespace.
    size_t end = plus + 1;
    while (end < s.size() && !(space_len(s, end) != 0 && skip_spaces(s, end) == s.size()))
      ++end;
    const std::string_view label = s.substr(plus + 1, end - plus - 1);
    if (label.empty()) return "local version label after '+' is empty";
    size_t i = 0;
    bool segment_empty = true;
    while (i < label.size()) {
      if (is_separator(label[i])) {
        if (segment_empty) return "empty segment in local version label";
        segment_empty = true;
        ++i;
      } else if (const size_t n = local_char_len(label, i)) {
        segment_empty = false;
        i += n;
      } else {
        return "invalid character in local version label (only letters, digits and . _ -)";
      }
    }
    if (segment_empty) return "empty segment in local version label";
  }
  return "invalid text after the release number (expected a pre-release a/b/rc, a post-release "
         ".postN or -N, a dev release .devN, or a +local label)";
}

// ---------------------------------------------------------------------------------------------
// Comparison, following _cmpkey.

// The next dot- (or, for local labels, separator-) delimited piece of `s` from `i`; returns false
// past the end. `i` moves past the piece and its separator.
template <typename IsSep>
bool next_piece(std::string_view s, size_t& i, std::string_view& piece, IsSep is_sep) noexcept {
  if (i > s.size()) return false;
  size_t end = i;
  while (end < s.size() && !is_sep(s[end]))
    ++end;
  piece = s.substr(i, end - i);
  i = end + 1;
  return true;
}

// Reads a local word segment as str.lower() would give it, one UTF-8 byte at a time. Byte order
// of UTF-8 is code point order, which is how Python compares strings.
class LoweredBytes {
 public:
  explicit LoweredBytes(std::string_view s) : s_(s) {}

  // The next byte, or -1 at the end.
  int next() noexcept {
    if (pending_ != nullptr) {
      const int c = static_cast<unsigned char>(pending_[0]);
      pending_ = pending_[1] != '\0' ? pending_ + 1 : nullptr;
      return c;
    }
    if (i_ >= s_.size()) return -1;
    const std::string_view rest = s_.substr(i_);
    if (rest.starts_with("\xc4\xb0")) {  // U+0130 lowers to "i" + U+0307 COMBINING DOT ABOVE
      i_ += 2;
      pending_ = "\xcc\x87";
      return 'i';
    }
    if (rest.starts_with("\xe2\x84\xaa")) {  // U+212A KELVIN SIGN lowers to "k"
      i_ += 3;
      return 'k';
    }
    // ASCII lowers as usual; U+0131 and U+017F are already lower case, so their bytes stay.
    return static_cast<unsigned char>(detail::to_lower(s_[i_++]));
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
  const char* pending_ = nullptr;
};

std::strong_ordering compare_words(std::string_view a, std::string_view b) noexcept {
  LoweredBytes x(a);
  LoweredBytes y(b);
  while (true) {
    const int cx = x.next();
    const int cy = y.next();
    if (cx != cy || cx < 0) return cx <=> cy;
  }
}

bool all_digits(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Local labels: segment by segment; a number beats a word; the shorter label is lower when the
// other starts with it.
std::strong_ordering compare_local(std::string_view a, std::string_view b) noexcept {
  size_t i = 0;
  size_t j = 0;
  while (true) {
    std::string_view x;
    std::string_view y;
    const bool has_x = next_piece(a, i, x, is_separator);
    const bool has_y = next_piece(b, j, y, is_separator);
    if (!has_x || !has_y) return has_x <=> has_y;
    const bool x_num = all_digits(x);
    const bool y_num = all_digits(y);
    std::strong_ordering c = std::strong_ordering::equal;
    if (x_num && y_num) {
      c = compare_digits(x, y);
    } else if (x_num != y_num) {
      c = x_num <=> y_num;
    } else {
      c = compare_words(x, y);
    }
    if (c != 0) return c;
  }
}

// _cmpkey's pre element: -inf for a dev release with neither pre nor post, +inf with no pre.
int pre_rank(const PypiVersion& v) noexcept {
  if (v.pre.present) return 0;
  return !v.post.present && v.dev.present ? -1 : 1;
}

std::strong_ordering compare_versions(const PypiVersion& a, const PypiVersion& b) noexcept {
  if (const auto c = detail::compare_digits(a.epoch, b.epoch); c != 0) return c;
  if (const auto c = detail::compare_dotted_numbers(a.release, b.release); c != 0) return c;
  if (const auto c = pre_rank(a) <=> pre_rank(b); c != 0) return c;
  if (a.pre.present) {
    if (const auto c = a.pre.kind <=> b.pre.kind; c != 0) return c;
    if (const auto c = detail::compare_digits(a.pre.number, b.pre.number); c != 0) return c;
  }
  // No post release sorts first.
  if (const auto c = a.post.present <=> b.post.present; c != 0) return c;
  if (a.post.present) {
    if (const auto c = a.post.kind <=> b.post.kind; c != 0) return c;
    if (const auto c = detail::compare_digits(a.post.number, b.post.number); c != 0) return c;
  }
  // No dev release sorts last.
  if (const auto c = b.dev.present <=> a.dev.present; c != 0) return c;
  if (a.dev.present) {
    if (const auto c = detail::compare_digits(a.dev.number, b.dev.number); c != 0) return c;
  }
  // No local label sorts first.
  if (const auto c = a.has_local <=> b.has_local; c != 0) return c;
  if (a.has_local) return compare_local(a.local, b.local);
  return std::strong_ordering::equal;
}

class PypiScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    PypiVersion v;
    std::string_view err = parse(version, v);
    if (err.empty()) return Status::ok();
    if (err == kBadSuffix) err = explain_suffix(version);
    return detail::invalid_version("pypi", version, err);
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    // Both on the fast path without a PypiVersion to clear; else parse() decides.
    if (const auto va = parse_fast(a)) {
      if (const auto vb = parse_fast(b)) return compare_versions(*va, *vb);
    }
    PypiVersion va;
    PypiVersion vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    return compare_versions(va, vb);
  }
};

}  // namespace

const Scheme& pypi_scheme() noexcept {
  static const PypiScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
