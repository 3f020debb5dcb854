// SPDX-License-Identifier: Apache-2.0
//
// Maven versions as Maven orders them: the algorithm of ComparableVersion in maven-artifact 3.8.7
// (org.apache.maven.artifact.versioning; the jar Debian ships in libmaven3-core-java), which
// Maven uses to sort versions and to evaluate version ranges. The rules were read from that jar's
// bytecode: it already reads a trailing ".X" as "-X" (MNG-7644: 1.0.0.RC1 < 1.0.0-RC2), and it
// strips leading zeros before choosing int/long/BigInteger items. Later lines (3.9, 4.x) changed
// the rules again; the differential test checks this file against the jar.
//
// The order is not transitive: 31.1-jre > 31.1 > 31.1-0.alpha > 31.1-jre, because a sub-list
// sorts above a qualifier while a missing item sorts below "jre" and above a sub-list starting
// with "alpha". That is Maven's answer, so it is ours.
//
// ComparableVersion accepts every string. upkeep rejects what can never be a real Maven version:
//   - the empty string;
//   - control bytes (0x00-0x1f, 0x7f) and spaces;
//   - non-ASCII bytes: Java's Character.isDigit() would read non-ASCII digits as numbers and
//     toLowerCase(Locale.ENGLISH) would fold non-ASCII letters, neither of which real versions
//     rely on, and matching them would mean decoding UTF-16 semantics for no benefit;
//   - the characters \ / : " < > | ? *, which Maven's model validator refuses in a project
//     version (ILLEGAL_VERSION_CHARS), so no artifact with them can be built or deployed.
// Everything else is valid, including unknown qualifiers, which ComparableVersion itself compares
// as (lower-cased) strings after all known ones; that is the reference behaviour, matched here.
//
// The reference parses a version into nested lists and then trims trailing "null" items. This
// file compares without building them: see ItemStream below. Most comparisons never get there:
// leading dotted numbers decide them (compare_fast(), at the end).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::compare_digits;
using detail::is_digit;
using detail::strip_zeros;
using detail::to_lower;

// ---------------------------------------------------------------------------------------------
// Items

// One token of the parse. ComparableVersion's lists always nest as a chain: a sub-list is created
// as the last element of the current list and then becomes the current list, so the parent never
// gets another element. A version is therefore a sequence of scalar items interrupted by kOpen
// ("the rest is a sub-list, one level deeper") and ended by kEnd. kEnd is 0, so Token{} is the end.
enum class Kind : uint8_t { kEnd, kNumber, kString, kOpen };

// Qualifier ranks: the index in ComparableVersion's QUALIFIERS list, or kUnknown for anything
// else (unknown qualifiers sort after all known ones, among themselves as strings).
constexpr int kAlpha = 0;
constexpr int kBeta = 1;
constexpr int kMilestone = 2;
constexpr int kRc = 3;
constexpr int kSnapshot = 4;
constexpr int kRelease = 5;  // the empty qualifier "" (aliases ga, final, release)
constexpr int kSp = 6;
constexpr int kUnknown = 7;

// Number classes: IntItem, LongItem and BigIntegerItem compare by class first, then by value.
constexpr int kMaxIntDigits = 9;
constexpr int kMaxLongDigits = 18;

// A trivial type (no member initializers, no string_view member): arrays of tokens are filled
// before they are read, so they need no initialisation.
struct Token {
  Kind kind;
  bool null;         // Item.isNull(): a zero, or a qualifier equal to "" (a release)
  int rank;          // number class (0 int, 1 long, 2 big) or qualifier rank
  const char* data;  // the digits as written, or the qualifier as written (any case)
  size_t size;

  std::string_view text() const { return {data, size}; }
};

bool is_scalar(const Token& t) {
  return t.kind == Kind::kNumber || t.kind == Kind::kString;
}

// The number class, from the digit count after leading zeros are stripped. ComparableVersion's
// stripLeadingZeroes() returns an all-zero string unchanged, so "0000000000" (ten zeros) is a
// LongItem zero, which sorts above every IntItem: that quirk is kept. `stripped` is `digits`
// without its leading zeros.
int number_class(std::string_view digits, std::string_view stripped) {
  const size_t length = stripped.empty() ? digits.size() : stripped.size();
  if (length <= kMaxIntDigits) return 0;
  if (length <= kMaxLongDigits) return 1;
  return 2;
}

// StringItem's constructor: "a", "b", "m" directly followed by a digit mean alpha, beta,
// milestone; then the aliases ga/final/release -> "" and cr -> rc.
int qualifier_rank(std::string_view text, bool followed_by_digit) {
  if (followed_by_digit && text.size() == 1) {
    switch (to_lower(text[0])) {
      case 'a':
        return kAlpha;
      case 'b':
        return kBeta;
      case 'm':
        return kMilestone;
      default:
        break;
    }
  }
  // QUALIFIERS = alpha, beta, milestone, rc, snapshot, "", sp; then the aliases. Only names of
  // the same length can match, so the length picks the candidates.
  using detail::iequals;
  switch (text.size()) {
    case 2:
      if (iequals(text, "rc") || iequals(text, "cr")) return kRc;
      if (iequals(text, "sp")) return kSp;
      if (iequals(text, "ga")) return kRelease;
      break;
    case 4:
      if (iequals(text, "beta")) return kBeta;
      break;
    case 5:
      if (iequals(text, "alpha")) return kAlpha;
      if (iequals(text, "final")) return kRelease;
      break;
    case 7:
      if (iequals(text, "release")) return kRelease;
      break;
    case 8:
      if (iequals(text, "snapshot")) return kSnapshot;
      break;
    case 9:
      if (iequals(text, "milestone")) return kMilestone;
      break;
    default:
      break;
  }
  return kUnknown;
}

// The tokens of a number (IntItem, LongItem or BigIntegerItem) and of a qualifier (StringItem),
// with Item.isNull() worked out once.
Token number_token(std::string_view digits) {
  const std::string_view stripped = strip_zeros(digits);
  return Token{Kind::kNumber, stripped.empty(), number_class(digits, stripped), digits.data(),
               digits.size()};
}

Token string_token(std::string_view text, bool followed_by_digit) {
  const int rank = qualifier_rank(text, followed_by_digit);
  return Token{Kind::kString, rank == kRelease, rank, text.data(), text.size()};
}

bool is_null(const Token& t) {
  return t.null;
}

// Item.compareTo(null): how an item compares with a missing one ("1.1" > "1", "1-rc" < "1").
std::strong_ordering compare_with_null(const Token& t) {
  if (t.kind == Kind::kNumber) {
    return is_null(t) ? std::strong_ordering::equal : std::strong_ordering::greater;
  }
  return t.rank <=> kRelease;  // sp and unknown qualifiers sort above a release
}

// Java's String.compareTo on the lower-cased texts (ASCII, so bytes order like UTF-16 units).
std::strong_ordering compare_lowered(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(to_lower(a[i]));
    const auto y = static_cast<unsigned char>(to_lower(b[i]));
    if (x != y) return x <=> y;
  }
  return a.size() <=> b.size();
}

// Two scalar items: a number is above any qualifier; numbers by class then value; qualifiers by
// rank, unknown ones by text.
std::strong_ordering compare_scalars(const Token& a, const Token& b) {
  if (a.kind != b.kind) {
    return a.kind == Kind::kNumber ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  if (a.rank != b.rank) return a.rank <=> b.rank;
  if (a.kind == Kind::kNumber) return compare_digits(a.text(), b.text());
  if (a.rank == kUnknown) return compare_lowered(a.text(), b.text());
  return std::strong_ordering::equal;
}

// ---------------------------------------------------------------------------------------------
// Byte classes: what parseVersion() does with a byte, and which bytes check() lets through.

constexpr uint8_t kForbidden = 0;  // check() rejects it
constexpr uint8_t kSeparator = 1;  // '.' or '-'
constexpr uint8_t kDigit = 2;
constexpr uint8_t kOther = 3;  // any other allowed byte: part of a qualifier

// Maven's ILLEGAL_VERSION_CHARS.
constexpr bool is_illegal_char(char c) noexcept {
  return std::string_view("\\/:\"<>|?*").find(c) != std::string_view::npos;
}

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0x21; c < 0x7f; ++c) {  // no control bytes, space or non-ASCII bytes
    const char ch = static_cast<char>(c);
    if (is_illegal_char(ch)) continue;
    t[c] = ch == '.' || ch == '-' ? kSeparator : (is_digit(ch) ? kDigit : kOther);
  }
  return t;
}();

constexpr uint8_t byte_class(char c) noexcept {
  return kByteClass[static_cast<unsigned char>(c)];
}

// ---------------------------------------------------------------------------------------------
// Lexer: ComparableVersion.parseVersion() as a generator of tokens.

class Lexer {
 public:
  explicit Lexer(std::string_view s) noexcept : s_(s) {}

  // The next token (Token{} at the end), one step at a time.
  Token next() noexcept {
    while (head_ == count_) {
      head_ = count_ = 0;
      if (done_) return Token{};
      step(queue_, count_);
    }
    return queue_[head_++];
  }

  // All the tokens at once into `out` (`count` of them), while they fit in `capacity`; false when
  // they don't.
  bool lex_all(Token* out, size_t capacity, size_t& count) noexcept {
    count = 0;
    while (!done_) {
      if (capacity - count < kMaxPerStep) return false;
      step(out, count);
    }
    return true;
  }

 private:
  static constexpr size_t kMaxPerStep = 3;  // sub-list, qualifier, sub-list

  // Consumes one character (or the end), appending to out[count...] what parseVersion() adds to
  // its lists then.
  void step(Token* out, size_t& count) noexcept {
    // A digit in a part of digits, or another non-separator in a part without digits, changes
    // nothing (see below): skip those at once.
    const uint8_t same = digit_ ? kDigit : kOther;
    while (pos_ < s_.size() && byte_class(s_[pos_]) == same)
      ++pos_;
    if (pos_ == s_.size()) {
      if (pos_ > start_) {
        // "1.0.0.X1 < 1.0.0-X2": a trailing qualifier in a non-empty list gets its own sub-list.
        if (!digit_ && !list_empty_) open(out, count);
        item(out, count, s_.substr(start_), digit_, false);
      }
      done_ = true;
      return;
    }
    const char c = s_[pos_];
    if (c == '.' || c == '-') {
      // An empty part (".." or a leading '.') is IntItem.ZERO. The digit flag is left as is: the
      // next part sets it before it matters.
      if (pos_ == start_) {
        item(out, count, "0", true, false);
      } else {
        item(out, count, s_.substr(start_, pos_ - start_), digit_, false);
      }
      start_ = pos_ + 1;
      if (c == '-') open(out, count);
    } else if (is_digit(c)) {
      if (!digit_ && pos_ > start_) {  // letters -> digit: the qualifier sits in its own list
        if (!list_empty_) open(out, count);
        item(out, count, s_.substr(start_, pos_ - start_), false, true);
        start_ = pos_;
        open(out, count);
      }
      digit_ = true;
    } else {
      if (digit_ && pos_ > start_) {  // digits -> letter
        item(out, count, s_.substr(start_, pos_ - start_), true, false);
        start_ = pos_;
        open(out, count);
      }
      digit_ = false;
    }
    ++pos_;
  }

  void item(Token* out, size_t& count, std::string_view text, bool digits,
            bool followed_by_digit) noexcept {
    out[count++] = digits ? number_token(text) : string_token(text, followed_by_digit);
    list_empty_ = false;
  }

  void open(Token* out, size_t& count) noexcept {
    out[count++] = Token{Kind::kOpen, false, 0, nullptr, 0};
    list_empty_ = true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t start_ = 0;        // where the current part began
  bool digit_ = false;      // the current part is digits
  bool list_empty_ = true;  // the current (innermost) list has no element yet
  bool done_ = false;
  Token queue_[kMaxPerStep] = {};
  size_t head_ = 0;
  size_t count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Token sources: the Lexer itself (lazy, for any length), or the tokens of a version lexed into an
// array once (TokenList, for versions of up to kMaxTokens tokens: all real ones). The ItemStream
// below copies its source to look ahead, which on an array is copying a pointer.

constexpr size_t kMaxTokens = 32;

struct TokenList {
  Token tokens[kMaxTokens];  // the first `size` are set
  size_t size = 0;
  size_t last_non_null = 0;  // ordinal (1-based) of the last non-null scalar; 0 when none
};

// Lexes all of `s` into `out`; false when its tokens don't fit.
bool lex_into(std::string_view s, TokenList& out) noexcept {
  Lexer lexer(s);
  if (!lexer.lex_all(out.tokens, kMaxTokens, out.size)) return false;
  out.last_non_null = out.size;
  while (out.last_non_null > 0) {
    const Token& t = out.tokens[out.last_non_null - 1];
    if (is_scalar(t) && !is_null(t)) break;
    --out.last_non_null;
  }
  return true;
}

class TokenCursor {
 public:
  explicit TokenCursor(const TokenList& list) noexcept
      : next_(list.tokens), end_(list.tokens + list.size) {}

  Token next() noexcept { return next_ == end_ ? Token{} : *next_++; }

 private:
  const Token* next_;
  const Token* end_;
};

// The ordinal of the last non-null scalar of `s` (0 when there is none), for a lazy stream.
size_t last_non_null_of(std::string_view s) noexcept {
  Lexer scan(s);
  size_t last = 0;
  for (size_t n = 1;; ++n) {
    const Token t = scan.next();
    if (t.kind == Kind::kEnd) return last;
    if (is_scalar(t) && !is_null(t)) last = n;
  }
}

// ---------------------------------------------------------------------------------------------
// ItemStream: the tokens of the *normalised* lists, still without building them.
//
// ListItem.normalize() runs innermost list first and drops, from the end of each list, null
// scalars and empty sub-lists (it steps over a non-empty sub-list and stops at the first non-null
// scalar). On a chain of lists that comes to two rules, both decided by looking ahead:
//   - a null scalar is dropped when only nulls follow it before its list ends (the next kOpen or
//     the end): one look-ahead per run of nulls, so the whole stream stays linear;
//   - a sub-list survives exactly when some non-null scalar follows anywhere after it; a pre-pass
//     finds the last non-null scalar, and a kOpen after it is the end of the version.
template <class Source>
class ItemStream {
 public:
  // `last_non_null`: the ordinal of the last non-null scalar in `source`, 0 when there is none.
  ItemStream(Source source, size_t last_non_null) noexcept
      : source_(source), last_non_null_(last_non_null) {}

  Token next() noexcept {
    if (done_) return Token{};
    Token t = source_.next();
    ++ordinal_;
    if (is_scalar(t) && is_null(t) && ordinal_ >= keep_until_ && ordinal_ < last_non_null_) {
      // Look ahead within this list for a non-null scalar.
      Source ahead = source_;
      size_t n = ordinal_;
      for (;;) {
        const Token u = ahead.next();
        ++n;
        if (is_scalar(u) && !is_null(u)) {
          keep_until_ = n;  // this null and the ones up to u are kept
          return t;
        }
        if (!is_scalar(u)) {  // only nulls until the list ends: skip them
          source_ = ahead;
          ordinal_ = n;
          t = u;
          break;
        }
      }
    }
    // Past the last non-null scalar, the rest of every list is null and every sub-list empty.
    if (t.kind == Kind::kEnd || ordinal_ >= last_non_null_ + (is_scalar(t) ? 1 : 0)) {
      done_ = true;
      return Token{};
    }
    return t;
  }

 private:
  Source source_;
  size_t ordinal_ = 0;  // tokens taken from source_, 1-based
  size_t last_non_null_;
  size_t keep_until_ = 0;  // nulls before this ordinal are known to be kept
  bool done_ = false;
};

// ListItem.compareTo(null) for what remains of a version: the first item that is not equal to a
// missing one decides.
template <class Stream>
std::strong_ordering rest_with_null(Token t, Stream& rest) {
  for (; t.kind != Kind::kEnd; t = rest.next()) {
    if (is_scalar(t)) {
      if (const auto c = compare_with_null(t); c != 0) return c;
    }
  }
  return std::strong_ordering::equal;
}

// ListItem.compareTo(ListItem), level by level. Both streams descend together (kOpen on both
// sides); a sub-list is below a number and above a qualifier; a missing item compares as null.
template <class StreamA, class StreamB>
std::strong_ordering compare_streams(StreamA& a, StreamB& b) {
  for (;;) {
    const Token x = a.next();
    const Token y = b.next();
    if (x.kind == Kind::kEnd && y.kind == Kind::kEnd) return std::strong_ordering::equal;
    if (x.kind == Kind::kEnd) return 0 <=> rest_with_null(y, b);
    if (y.kind == Kind::kEnd) return rest_with_null(x, a);
    if (x.kind == Kind::kOpen && y.kind == Kind::kOpen) continue;
    if (x.kind == Kind::kOpen) {
      return y.kind == Kind::kNumber ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    if (y.kind == Kind::kOpen) {
      return x.kind == Kind::kNumber ? std::strong_ordering::greater : std::strong_ordering::less;
    }
    if (const auto c = compare_scalars(x, y); c != 0) return c;
  }
}

// Returns an empty view when `s` is a valid Maven version, else what is wrong with it.
std::string_view check(std::string_view s) noexcept {
  if (s.empty()) return "version string is empty";
  for (char c : s) {
    if (byte_class(c) != kForbidden) continue;
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "control byte in version";
    if (u >= 0x80) return "non-ASCII byte in version";
    if (c == ' ') return "space in version";
    return "character Maven forbids in versions (one of \\/:\"<>|?*)";
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Fast path: leading dotted numbers.
//
// Most comparisons are decided by dotted numbers at the start ("3.12.0" vs "3.8.7", "4.0-alpha"
// vs "3.1"). While both versions read as numbers of 1 to 9 digits (IntItems, compared by value)
// separated by single dots, their top-level lists hold those numbers at the same positions (a
// number is a top-level item whatever byte ends it); a version that has ended reads as 0, which is
// how a missing item compares with an IntItem. At the first pair that differs, the larger number
// x decides, whatever follows on either side: x is not null, so normalize() keeps it and
// everything before it; on the other side normalize() may drop trailing zeros, but only those
// followed by nothing but nulls and sub-lists, and an IntItem is above both a sub-list and a
// missing item. When the numbers run out together the versions are equal. Anything else (no
// leading digit, an empty part, a longer number, a '-' or a letter before a decision) is left to
// the full comparison.

bool all_allowed(std::string_view s) noexcept {
  for (char c : s) {
    if (byte_class(c) == kForbidden) return false;
  }
  return true;
}

// Reads the digits at s[i...] into `value`, moving `i` past them; false unless there are 1 to 9.
inline bool read_int(std::string_view s, size_t& i, uint32_t& value) noexcept {
  const size_t begin = i;
  uint32_t v = 0;  // wraps past 9 digits, when it is not used
  for (; i < s.size() && is_digit(s[i]); ++i)
    v = v * 10 + static_cast<uint32_t>(s[i] - '0');
  value = v;
  return i > begin && i - begin <= kMaxIntDigits;
}

// At the end, or at a '.' followed by more (which it moves past).
bool at_end_or_past_dot(std::string_view s, size_t& i) noexcept {
  if (i == s.size()) return true;
  if (s[i] != '.' || i + 1 == s.size()) return false;
  ++i;
  return true;
}

// The order when the dotted numbers decide it, else nullopt (unsure).
std::optional<std::strong_ordering> compare_fast(std::string_view a, std::string_view b) noexcept {
  if (a.empty() || b.empty()) return std::nullopt;
  size_t i = 0;
  size_t j = 0;
  for (;;) {
    uint32_t x = 0;
    uint32_t y = 0;
    if (i < a.size() && !read_int(a, i, x)) return std::nullopt;
    if (j < b.size() && !read_int(b, j, y)) return std::nullopt;
    if (x != y) {
      // Decided, if the rest of each version is valid; otherwise check() says why not.
      if (!all_allowed(a.substr(i)) || !all_allowed(b.substr(j))) return std::nullopt;
      return x <=> y;
    }
    if (!at_end_or_past_dot(a, i) || !at_end_or_past_dot(b, j)) return std::nullopt;
    if (i == a.size() && j == b.size()) return std::strong_ordering::equal;
  }
}

class MavenScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    if (const auto err = check(version); !err.empty()) {
      return detail::invalid_version("maven", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    if (const auto fast = compare_fast(a, b)) return fast;
    if (!check(a).empty() || !check(b).empty()) return std::nullopt;
    TokenList la;
    TokenList lb;
    if (lex_into(a, la) && lex_into(b, lb)) {
      ItemStream sa(TokenCursor(la), la.last_non_null);
      ItemStream sb(TokenCursor(lb), lb.last_non_null);
      return compare_streams(sa, sb);
    }
    ItemStream sa(Lexer(a), last_non_null_of(a));
    ItemStream sb(Lexer(b), last_non_null_of(b));
    return compare_streams(sa, sb);
  }
};

}  // namespace

const Scheme& maven_scheme() noexcept {
  static const MavenScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
