// SPDX-License-Identifier: Apache-2.0
//
// Alpine package versions as apk-tools 3 orders them (src/version.c of the v3.0 line; where apk
// 2.x differs, v3 wins). Grammar, token by token:
//
//   digits {.digits} [letter] {_suffix[digits]} [~hash] [-rdigits]
//
// letter is one of a-z; suffix is alpha, beta, pre, rc (before the release) or cvs, svn, git, hg,
// p (after it); hash is lowercase hex. Tokens compare pairwise in order: numbers numerically,
// except that a later dot-number with a leading zero on either side compares as a string (the
// Gentoo rule: 1.01 < 1.1), letters and hashes as strings, suffixes by the list above. When one
// version runs out of tokens or the kinds differ, a pre-release suffix is older than anything,
// otherwise the kinds rank as: dot-number > letter > suffix > suffix number > hash > revision >
// end (so 1.0.1 > 1.0a > 1.0_p1 > 1.0 > 1.0_rc1).
//
// Invalid is whatever apk_version_validate() rejects (empty, no leading digit, an unknown suffix,
// a token out of order, any other byte). upkeep is stricter in one place: apk reads numbers into a
// uint64_t and silently wraps past 2^64-1, so a number compared numerically that does not fit in
// 64 bits is invalid here rather than misordered (no real package has one).
#include <cstdint>
#include <string_view>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::is_digit;
using detail::is_lower;

// Token kinds in apk's order: a later kind may follow an earlier one, and at the first difference
// a version with the lower kind is the newer (pre-release suffixes apart).
enum class Token : uint8_t {
  kInitialDigit,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNo,
  kCommitHash,
  kRevisionNo,
  kEnd,
};

// Suffix ranks; kNone (no suffix) separates the pre-release ones from the post-release ones.
enum class Suffix : uint8_t { kAlpha, kBeta, kPre, kRc, kNone, kCvs, kSvn, kGit, kHg, kP };

struct Cursor {
  std::string_view rest;  // not yet read
  Token token = Token::kInitialDigit;
  Suffix suffix = Suffix::kNone;  // when token == kSuffix
  std::string_view value;         // the token's text (digits, letter, suffix name or hash)
};

constexpr bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}

// Whether a digit run's value fits in the uint64_t apk reads it into.
constexpr bool fits_u64(std::string_view digits) noexcept {
  digits = detail::strip_zeros(digits);
  constexpr std::string_view kMax = "18446744073709551615";
  return digits.size() < kMax.size() || (digits.size() == kMax.size() && digits <= kMax);
}

bool suffix_from_name(std::string_view name, Suffix& out) noexcept {
  static constexpr std::string_view kNames[] = {"alpha", "beta", "pre", "rc", "",
                                                "cvs",   "svn",  "git", "hg", "p"};
  if (name.empty()) return false;
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == name) {
      out = static_cast<Suffix>(i);
      return true;
    }
  }
  return false;
}

// Reads a digit run as token `kind`. A run that will be compared as a number must fit in 64 bits.
std::string_view read_digits(Cursor& c, Token kind) noexcept {
  size_t n = 0;
  while (n < c.rest.size() && is_digit(c.rest[n]))
    ++n;
  c.token = kind;
  c.value = c.rest.substr(0, n);
  c.rest.remove_prefix(n);
  if (n == 0) {
    if (kind == Token::kInitialDigit) return "version does not start with a digit";
    if (kind == Token::kRevisionNo) return "revision -r has no number";
    return "'.' is not followed by a number";
  }
  const bool string_compared = kind == Token::kDigit && c.value.front() == '0';
  if (!string_compared && !fits_u64(c.value)) return "number does not fit in 64 bits";
  return {};
}

// Reads the next token after c.token, checking that it may follow it (apk's token_next()).
// Returns an empty view on success (c.token == kEnd at the end), else what is wrong.
std::string_view read_next(Cursor& c) noexcept {
  if (c.rest.empty()) {
    c.token = Token::kEnd;
    return {};
  }
  const char ch = c.rest.front();
  if (is_lower(ch)) {
    if (c.token > Token::kDigit) {
      return c.token == Token::kCommitHash ? "commit hash after '~' is not lowercase hex"
                                           : "a letter may only follow a number";
    }
    c.token = Token::kLetter;
    c.value = c.rest.substr(0, 1);
    c.rest.remove_prefix(1);
    return {};
  }
  if (ch == '.') {
    if (c.token > Token::kDigit) return "'.' after a letter, suffix, hash or revision";
    c.rest.remove_prefix(1);
    return read_digits(c, Token::kDigit);
  }
  if (is_digit(ch)) {
    // Digits directly after a number were read with it; only a suffix name may take one.
    if (c.token != Token::kSuffix) return "a number may not follow a letter without '.'";
    return read_digits(c, Token::kSuffixNo);
  }
  if (ch == '_') {
    if (c.token > Token::kSuffixNo) return "suffix after a commit hash or revision";
    c.rest.remove_prefix(1);
    size_t n = 0;
    while (n < c.rest.size() && is_lower(c.rest[n]))
      ++n;
    c.value = c.rest.substr(0, n);
    c.rest.remove_prefix(n);
    if (!suffix_from_name(c.value, c.suffix)) {
      return "unknown suffix (known: alpha, beta, pre, rc, cvs, svn, git, hg, p)";
    }
    c.token = Token::kSuffix;
    return {};
  }
  if (ch == '~') {
    if (c.token >= Token::kCommitHash) return "'~' after a commit hash or revision";
    c.rest.remove_prefix(1);
    size_t n = 0;
    while (n < c.rest.size() && is_hex(c.rest[n]))
      ++n;
    if (n == 0) return "commit hash after '~' is empty or not lowercase hex";
    c.token = Token::kCommitHash;
    c.value = c.rest.substr(0, n);
    c.rest.remove_prefix(n);
    return {};
  }
  if (ch == '-') {
    if (c.token >= Token::kRevisionNo) return "more than one revision";
    if (c.rest.size() < 2 || c.rest[1] != 'r') return "'-' is not followed by a revision -rN";
    c.rest.remove_prefix(2);
    return read_digits(c, Token::kRevisionNo);
  }
  if (c.token == Token::kCommitHash) return "commit hash after '~' is not lowercase hex";
  return "invalid character in version";
}

std::string_view read_first(Cursor& c, std::string_view s) noexcept {
  c = Cursor{};
  c.rest = s;
  return read_digits(c, Token::kInitialDigit);
}

// apk_version_validate(), with a reason.
std::string_view validate_tokens(std::string_view s) noexcept {
  if (s.empty()) return "version string is empty";
  Cursor c;
  if (auto err = read_first(c, s); !err.empty()) return err;
  while (c.token != Token::kEnd) {
    if (auto err = read_next(c); !err.empty()) return err;
  }
  return {};
}

// apk's token_cmp() for two tokens of the same kind.
std::strong_ordering compare_token(const Cursor& a, const Cursor& b) noexcept {
  switch (a.token) {
    case Token::kDigit:
      if (a.value.front() == '0' || b.value.front() == '0') {
        return detail::compare_bytes(a.value, b.value);
      }
      return detail::compare_digits(a.value, b.value);
    case Token::kInitialDigit:
    case Token::kSuffixNo:
    case Token::kRevisionNo:
      return detail::compare_digits(a.value, b.value);
    case Token::kSuffix:
      return a.suffix <=> b.suffix;
    case Token::kLetter:
    case Token::kCommitHash:
    case Token::kEnd:
      break;
  }
  return detail::compare_bytes(a.value, b.value);
}

// The order of two versions whose tokens agree up to tokens of kinds ka and kb (suffixes sa and
// sb when they are suffixes) that differ or are both the end.
std::strong_ordering compare_kinds(Token ka, Suffix sa, Token kb, Suffix sb, bool fuzzy) noexcept {
  if (ka == kb) return std::strong_ordering::equal;
  if (fuzzy && kb == Token::kEnd) return std::strong_ordering::equal;
  // A pre-release suffix is older than anything (the end included); otherwise the lower token
  // kind is the newer version.
  if (ka == Token::kSuffix && sa < Suffix::kNone) return std::strong_ordering::less;
  if (kb == Token::kSuffix && sb < Suffix::kNone) return std::strong_ordering::greater;
  return kb <=> ka;
}

// apk_version_compare_fuzzy() on two valid versions. With `fuzzy`, `b` matching a prefix of `a`'s
// tokens counts as equal (apk's '~' dependency operator).
std::strong_ordering compare_valid(std::string_view a, std::string_view b, bool fuzzy) noexcept {
  Cursor ta;
  Cursor tb;
  read_first(ta, a);
  read_first(tb, b);
  while (ta.token == tb.token && ta.token != Token::kEnd) {
    if (const auto c = compare_token(ta, tb); c != 0) return c;
    read_next(ta);
    read_next(tb);
  }
  return compare_kinds(ta.token, ta.suffix, tb.token, tb.suffix, fuzzy);
}

// ---------------------------------------------------------------------------------------------
// Fast path: versions of the common shape digits{.digits}[letter][-rdigits] (1.2.3, 2.4.1-r2,
// 1.0.2u-r0), with a few numbers of at most 19 digits. validate_tokens() accepts every such
// version (each token may follow the one before, and 19 digits always fit in 64 bits), so
// parse_fast() needs no messages: it returns false when unsure, and the precise path decides.

constexpr size_t kMaxFastNumbers = 8;
constexpr size_t kMaxFastDigits = 19;

struct FastVersion {
  size_t count;  // numbers, the initial one included
  uint64_t value[kMaxFastNumbers];
  const char* text[kMaxFastNumbers];  // the digits as written, for the leading-zero rule
  size_t size[kMaxFastNumbers];
  char letter;  // 0 when there is none
  bool has_revision;
  uint64_t revision;
};

bool parse_fast(std::string_view s, FastVersion& v) noexcept {
  const size_t n = s.size();
  size_t i = 0;
  auto read_number = [&](uint64_t& value) {
    const size_t begin = i;
    uint64_t x = 0;  // wraps past kMaxFastDigits digits, when it is not used
    for (; i < n && is_digit(s[i]); ++i)
      x = x * 10 + static_cast<uint64_t>(s[i] - '0');
    value = x;
    return i > begin && i - begin <= kMaxFastDigits;
  };
  v.count = 0;
  for (;;) {
    if (v.count == kMaxFastNumbers) return false;
    const size_t begin = i;
    if (!read_number(v.value[v.count])) return false;
    v.text[v.count] = s.data() + begin;
    v.size[v.count] = i - begin;
    ++v.count;
    if (i == n || s[i] != '.') break;
    ++i;
  }
  v.letter = i < n && is_lower(s[i]) ? s[i++] : 0;
  v.has_revision = false;
  if (i == n) return true;
  if (n - i < 3 || s[i] != '-' || s[i + 1] != 'r') return false;
  i += 2;
  v.has_revision = true;
  return read_number(v.revision) && i == n;
}

// compare_valid() on two versions of the common shape: the same rules, on the tokens they have.
std::strong_ordering compare_fast(const FastVersion& a, const FastVersion& b, bool fuzzy) noexcept {
  const size_t common = a.count < b.count ? a.count : b.count;
  for (size_t k = 0; k < common; ++k) {
    // A dot-number (not the initial one) with a leading zero on either side is a string.
    if (k > 0 && (a.text[k][0] == '0' || b.text[k][0] == '0')) {
      const auto c = detail::compare_bytes({a.text[k], a.size[k]}, {b.text[k], b.size[k]});
      if (c != 0) return c;
    } else if (a.value[k] != b.value[k]) {
      return a.value[k] <=> b.value[k];
    }
  }
  // The kinds of the tokens after the numbers they have in common.
  auto after_numbers = [common](const FastVersion& v) {
    if (v.count > common) return Token::kDigit;
    if (v.letter != 0) return Token::kLetter;
    return v.has_revision ? Token::kRevisionNo : Token::kEnd;
  };
  Token ka = after_numbers(a);
  Token kb = after_numbers(b);
  if (ka == Token::kLetter && kb == Token::kLetter) {
    if (a.letter != b.letter) return a.letter <=> b.letter;  // both 'a' to 'z'
    ka = a.has_revision ? Token::kRevisionNo : Token::kEnd;
    kb = b.has_revision ? Token::kRevisionNo : Token::kEnd;
  }
  if (ka == Token::kRevisionNo && kb == Token::kRevisionNo) {
    if (a.revision != b.revision) return a.revision <=> b.revision;
    ka = kb = Token::kEnd;
  }
  return compare_kinds(ka, Suffix::kNone, kb, Suffix::kNone, fuzzy);
}

// apk_version_compare_fuzzy(), or nullopt when either version is invalid.
std::optional<std::strong_ordering> compare_checked(std::string_view a, std::string_view b,
                                                    bool fuzzy) noexcept {
  FastVersion fa;
  FastVersion fb;
  if (parse_fast(a, fa) && parse_fast(b, fb)) return compare_fast(fa, fb, fuzzy);
  if (!validate_tokens(a).empty() || !validate_tokens(b).empty()) return std::nullopt;
  return compare_valid(a, b, fuzzy);
}

class ApkScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    if (const auto err = validate_tokens(version); !err.empty()) {
      return detail::invalid_version("apk", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    return compare_checked(a, b, false);
  }
};

}  // namespace

const Scheme& apk_scheme() noexcept {
  static const ApkScheme scheme;
  return scheme;
}

std::optional<std::strong_ordering> apk_fuzzy_compare(std::string_view version,
                                                      std::string_view prefix) noexcept {
  return compare_checked(version, prefix, true);
}

}  // namespace upkeep::version
