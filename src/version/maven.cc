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
// file compares without building them: see ItemStream below.
#include <cstddef>
#include <cstdint>
#include <iterator>
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
// ("the rest is a sub-list, one level deeper") and ended by kEnd.
enum class Kind : uint8_t { kNumber, kString, kOpen, kEnd };

// Qualifier ranks: the index in ComparableVersion's QUALIFIERS list, or kUnknown for anything
// else (unknown qualifiers sort after all known ones, among themselves as strings).
constexpr int kAlpha = 0;
constexpr int kBeta = 1;
constexpr int kMilestone = 2;
constexpr int kRc = 3;
constexpr int kRelease = 5;  // the empty qualifier "" (aliases ga, final, release)
constexpr int kUnknown = 7;

// Number classes: IntItem, LongItem and BigIntegerItem compare by class first, then by value.
constexpr int kMaxIntDigits = 9;
constexpr int kMaxLongDigits = 18;

struct Token {
  Kind kind = Kind::kEnd;
  std::string_view text;  // digits as written, or the qualifier as written (any case)
  int rank = 0;           // number class (0 int, 1 long, 2 big) or qualifier rank
};

bool is_scalar(const Token& t) {
  return t.kind == Kind::kNumber || t.kind == Kind::kString;
}

// The number class, from the digit count after leading zeros are stripped. ComparableVersion's
// stripLeadingZeroes() returns an all-zero string unchanged, so "0000000000" (ten zeros) is a
// LongItem zero, which sorts above every IntItem: that quirk is kept.
int number_class(std::string_view digits) {
  const std::string_view stripped = strip_zeros(digits);
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
  static constexpr std::string_view kKnown[] = {"alpha", "beta", "milestone", "rc", "snapshot"};
  for (size_t i = 0; i < std::size(kKnown); ++i) {
    if (detail::iequals(text, kKnown[i])) return static_cast<int>(i);
  }
  if (detail::iequals(text, "sp")) return 6;
  if (detail::iequals(text, "ga") || detail::iequals(text, "final") ||
      detail::iequals(text, "release")) {
    return kRelease;
  }
  if (detail::iequals(text, "cr")) return kRc;
  return kUnknown;
}

// Item.isNull(): a zero, or a qualifier equal to "" (a release).
bool is_null(const Token& t) {
  if (t.kind == Kind::kNumber) return strip_zeros(t.text).empty();
  return t.kind == Kind::kString && t.rank == kRelease;
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
  if (a.kind == Kind::kNumber) return compare_digits(a.text, b.text);
  if (a.rank == kUnknown) return compare_lowered(a.text, b.text);
  return std::strong_ordering::equal;
}

// ---------------------------------------------------------------------------------------------
// Lexer: ComparableVersion.parseVersion() as a generator of tokens.

class Lexer {
 public:
  explicit Lexer(std::string_view s) noexcept : s_(s) {}

  Token next() noexcept {
    while (head_ == count_) {
      head_ = count_ = 0;
      if (done_) return Token{};
      step();
    }
    return queue_[head_++];
  }

 private:
  // Consumes one character (or the end), queueing what parseVersion() adds to its lists then.
  void step() noexcept {
    if (pos_ == s_.size()) {
      if (pos_ > start_) {
        // "1.0.0.X1 < 1.0.0-X2": a trailing qualifier in a non-empty list gets its own sub-list.
        if (!digit_ && !list_empty_) open();
        item(s_.substr(start_), digit_, false);
      }
      done_ = true;
      return;
    }
    const char c = s_[pos_];
    if (c == '.' || c == '-') {
      // An empty part (".." or a leading '.') is IntItem.ZERO. The digit flag is left as is: the
      // next part sets it before it matters.
      if (pos_ == start_) {
        item("0", true, false);
      } else {
        item(s_.substr(start_, pos_ - start_), digit_, false);
      }
      start_ = pos_ + 1;
      if (c == '-') open();
    } else if (is_digit(c)) {
      if (!digit_ && pos_ > start_) {  // letters -> digit: the qualifier sits in its own list
        if (!list_empty_) open();
        item(s_.substr(start_, pos_ - start_), false, true);
        start_ = pos_;
        open();
      }
      digit_ = true;
    } else {
      if (digit_ && pos_ > start_) {  // digits -> letter
        item(s_.substr(start_, pos_ - start_), true, false);
        start_ = pos_;
        open();
      }
      digit_ = false;
    }
    ++pos_;
  }

  void item(std::string_view text, bool digits, bool followed_by_digit) noexcept {
    if (digits) {
      queue_[count_++] = Token{Kind::kNumber, text, number_class(text)};
    } else {
      queue_[count_++] = Token{Kind::kString, text, qualifier_rank(text, followed_by_digit)};
    }
    list_empty_ = false;
  }

  void open() noexcept {
    queue_[count_++] = Token{Kind::kOpen, {}, 0};
    list_empty_ = true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t start_ = 0;        // where the current part began
  bool digit_ = false;      // the current part is digits
  bool list_empty_ = true;  // the current (innermost) list has no element yet
  bool done_ = false;
  Token queue_[3];  // one step adds at most three: sub-list, qualifier, sub-list
  uint8_t head_ = 0;
  uint8_t count_ = 0;
};

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
class ItemStream {
 public:
  explicit ItemStream(std::string_view s) noexcept : lexer_(s) {
    Lexer scan(s);
    for (size_t n = 1;; ++n) {
      const Token t = scan.next();
      if (t.kind == Kind::kEnd) break;
      if (is_scalar(t) && !is_null(t)) last_non_null_ = n;
    }
  }

  Token next() noexcept {
    if (done_) return Token{};
    Token t = lexer_.next();
    ++ordinal_;
    if (is_scalar(t) && is_null(t) && ordinal_ >= keep_until_ && ordinal_ < last_non_null_) {
      // Look ahead within this list for a non-null scalar.
      Lexer ahead = lexer_;
      size_t n = ordinal_;
      for (;;) {
        const Token u = ahead.next();
        ++n;
        if (is_scalar(u) && !is_null(u)) {
          keep_until_ = n;  // this null and the ones up to u are kept
          return t;
        }
        if (!is_scalar(u)) {  // only nulls until the list ends: skip them
          lexer_ = ahead;
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
  Lexer lexer_;
  size_t ordinal_ = 0;        // tokens taken from lexer_, 1-based
  size_t last_non_null_ = 0;  // ordinal of the last non-null scalar; 0 when there is none
  size_t keep_until_ = 0;     // nulls before this ordinal are known to be kept
  bool done_ = false;
};

// ListItem.compareTo(null) for what remains of a version: the first item that is not equal to a
// missing one decides.
std::strong_ordering rest_with_null(Token t, ItemStream& rest) {
  for (; t.kind != Kind::kEnd; t = rest.next()) {
    if (is_scalar(t)) {
      if (const auto c = compare_with_null(t); c != 0) return c;
    }
  }
  return std::strong_ordering::equal;
}

// ListItem.compareTo(ListItem), level by level. Both streams descend together (kOpen on both
// sides); a sub-list is below a number and above a qualifier; a missing item compares as null.
std::strong_ordering compare_streams(ItemStream& a, ItemStream& b) {
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
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "control byte in version";
    if (u >= 0x80) return "non-ASCII byte in version";
    if (c == ' ') return "space in version";
    if (std::string_view("\\/:\"<>|?*").find(c) != std::string_view::npos) {
      return "character Maven forbids in versions (one of \\/:\"<>|?*)";
    }
  }
  return {};
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
    if (!check(a).empty() || !check(b).empty()) return std::nullopt;
    ItemStream sa(a);
    ItemStream sb(b);
    return compare_streams(sa, sb);
  }
};

}  // namespace

const Scheme& maven_scheme() noexcept {
  static const MavenScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
