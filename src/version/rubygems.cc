// SPDX-License-Identifier: Apache-2.0
//
// RubyGems versions as Gem::Version orders them (rubygems/version.rb, RubyGems 3.3 in Ruby 3.1).
//
// Valid: what Gem::Version.correct? accepts, i.e. ANCHORED_VERSION_PATTERN: optional ASCII
// whitespace ([ \t\n\v\f\r]), digits, then "."-separated alphanumeric segments, then optionally
// "-" and "."-separated segments of alphanumerics and "-", then optional whitespace. Invalid is
// everything else (any other byte, an empty segment, "1a" with a letter in the first segment),
// and also - stricter than RubyGems, which reads it as "0" - the empty or all-whitespace string,
// which is never a real version.
//
// Order: the version is stripped, every "-" becomes ".pre.", and the segments are the runs of
// digits (numbers of any size) and of letters. Canonical segments drop the zeros that end the
// numeric part before the first letter segment (and trailing zeros, which compare like the
// padding). Segments are compared pairwise, a missing one counting as 0: a letter segment (a
// prerelease) is below any number, letter segments compare as byte strings (case-sensitive).
#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <string_view>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

using detail::is_alnum;
using detail::is_alpha;
using detail::is_digit;

// Ruby's regexp \s (ASCII only).
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// A valid version reduced to what <=> looks at: canonical segments are the segments of
// text[0, numeric_end) followed by those of text[string_begin, end).
struct GemVersion {
  std::string_view text;  // stripped of surrounding whitespace
  size_t numeric_end = 0;
  size_t string_begin = 0;
};

// Checks the version against ANCHORED_VERSION_PATTERN. Returns an empty view on success, else
// what is wrong.
std::string_view parse_precise(std::string_view s, GemVersion& out) noexcept {
  if (s.empty()) return "version string is empty";
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && is_space(s[begin]))
    ++begin;
  while (end > begin && is_space(s[end - 1]))
    --end;
  if (begin == end) return "version is only whitespace";
  const std::string_view v = s.substr(begin, end - begin);
  if (!is_digit(v.front())) return "version does not start with a digit";

  // Release part: [0-9]+ (\.[0-9A-Za-z]+)*
  size_t i = 0;
  while (i < v.size() && is_digit(v[i]))
    ++i;
  if (i < v.size() && is_alpha(v[i])) return "letter in the first segment";
  while (i < v.size() && v[i] == '.') {
    const size_t seg = ++i;
    while (i < v.size() && is_alnum(v[i]))
      ++i;
    if (i == seg) return "empty segment";
  }
  // Prerelease part: -[0-9A-Za-z-]+ (\.[0-9A-Za-z-]+)*
  if (i < v.size() && v[i] == '-') {
    ++i;
    for (;;) {
      const size_t seg = i;
      while (i < v.size() && (is_alnum(v[i]) || v[i] == '-'))
        ++i;
      if (i == seg) return "empty segment after '-'";
      if (i == v.size() || v[i] != '.') break;
      ++i;
    }
  }
  if (i != v.size()) {
    return is_space(v[i]) ? std::string_view("whitespace inside version")
                          : std::string_view("invalid character in version");
  }

  out.text = v;
  // The first letter segment ("-" reads as the segment "pre").
  size_t first_string = 0;
  while (first_string < v.size() && !is_alpha(v[first_string]) && v[first_string] != '-')
    ++first_string;
  out.string_begin = first_string;
  // The numeric part without its trailing zero segments.
  out.numeric_end = 0;
  for (size_t k = 0; k < first_string;) {
    if (!is_digit(v[k])) {
      ++k;
      continue;
    }
    bool zero = true;
    for (; k < first_string && is_digit(v[k]); ++k)
      zero = zero && v[k] == '0';
    if (!zero) out.numeric_end = k;
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Fast path. Real versions have no whitespace and mostly only digits and dots ("2.14.3"), some a
// letter segment after the first ("3.1.0.dev", "1.0.0.rc1"). parse_fast() reads those in one pass
// and returns false when unsure (whitespace, a "-", any other byte, an empty segment, a letter in
// the first segment); parse_precise() then decides, so parse() accepts exactly what
// parse_precise() accepts. The versions it takes, [0-9]+(\.[0-9A-Za-z]+)* with no blank around,
// match ANCHORED_VERSION_PATTERN, and it computes the same GemVersion: the text is the whole
// string, the first letter starts the string part, and the numeric part ends after its last
// number that is not all zeros.

constexpr uint8_t kDigitByte = 1;
constexpr uint8_t kLetterByte = 2;
constexpr uint8_t kDotByte = 4;

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (is_digit(ch)) t[c] = kDigitByte;
    if (is_alpha(ch)) t[c] = kLetterByte;
    if (ch == '.') t[c] = kDotByte;
  }
  return t;
}();

constexpr uint8_t byte_class(char c) noexcept {
  return kByteClass[static_cast<unsigned char>(c)];
}

bool parse_fast(std::string_view s, GemVersion& out) noexcept {
  const size_t n = s.size();
  if (n == 0 || !is_digit(s[0])) return false;
  // Digits and dots, with one exit from the loop (stopping at each dot costs a mispredicted branch
  // per number): a dot after a dot is an empty segment.
  size_t i = 1;
  unsigned double_dot = 0;
  unsigned after_dot = 0;
  for (; i < n; ++i) {
    const uint8_t k = byte_class(s[i]);
    if ((k & (kDigitByte | kDotByte)) == 0) break;
    const unsigned dot = k >> 2;  // kDotByte is 4
    double_dot |= after_dot & dot;
    after_dot = dot;
  }
  const size_t first_string = i;
  if (i < n) {
    // A letter segment: not in the first segment, then alphanumerics and single dots to the end.
    if (byte_class(s[i]) != kLetterByte) return false;
    if (std::string_view(s.data(), i).find('.') == std::string_view::npos) return false;
    after_dot = 0;
    for (++i; i < n; ++i) {
      const uint8_t k = byte_class(s[i]);
      if (k == 0) return false;
      const unsigned dot = k >> 2;
      double_dot |= after_dot & dot;
      after_dot = dot;
    }
  }
  if (double_dot != 0 || after_dot != 0) return false;  // an empty segment
  // The numeric part ends with the digit run of its last digit that is not '0'.
  size_t numeric_end = first_string;
  while (numeric_end > 0 && (s[numeric_end - 1] == '0' || s[numeric_end - 1] == '.'))
    --numeric_end;
  while (numeric_end > 0 && numeric_end < first_string && is_digit(s[numeric_end]))
    ++numeric_end;
  out.text = s;
  out.string_begin = first_string;
  out.numeric_end = numeric_end;
  return true;
}

std::string_view parse(std::string_view s, GemVersion& out) noexcept {
  if (parse_fast(s, out)) return {};
  return parse_precise(s, out);
}

struct Segment {
  bool is_number = false;
  std::string_view text;  // digits, or letters ("pre" for a '-')
};

// Walks the canonical segments of a parsed version.
class SegmentReader {
 public:
  explicit SegmentReader(const GemVersion& v) : v_(v), end_(v.numeric_end) {}

  // Stores the next segment in `seg`; false at the end.
  bool next(Segment& seg) noexcept {
    for (;;) {
      while (pos_ < end_ && v_.text[pos_] == '.')
        ++pos_;
      if (pos_ < end_) break;
      if (in_strings_ || v_.string_begin >= v_.text.size()) return false;
      in_strings_ = true;
      pos_ = v_.string_begin;
      end_ = v_.text.size();
    }
    const std::string_view t = v_.text;
    if (t[pos_] == '-') {
      ++pos_;
      seg = {false, "pre"};
      return true;
    }
    const size_t start = pos_;
    const bool digits = is_digit(t[pos_]);
    while (pos_ < end_ && (digits ? is_digit(t[pos_]) : is_alpha(t[pos_])))
      ++pos_;
    seg = {digits, t.substr(start, pos_ - start)};
    return true;
  }

 private:
  const GemVersion& v_;
  size_t pos_ = 0;
  size_t end_;
  bool in_strings_ = false;
};

std::strong_ordering compare_versions(const GemVersion& a, const GemVersion& b) noexcept {
  // Without letter segments the canonical segments are the numbers of the numeric parts, and a
  // missing one counts as 0.
  if (a.string_begin == a.text.size() && b.string_begin == b.text.size()) {
    return detail::compare_dotted_numbers(a.text.substr(0, a.numeric_end),
                                          b.text.substr(0, b.numeric_end));
  }
  SegmentReader ra(a);
  SegmentReader rb(b);
  const Segment zero{true, "0"};
  for (;;) {
    Segment sa;
    Segment sb;
    const bool has_a = ra.next(sa);
    const bool has_b = rb.next(sb);
    if (!has_a && !has_b) return std::strong_ordering::equal;
    if (!has_a) sa = zero;
    if (!has_b) sb = zero;
    if (sa.is_number != sb.is_number) {
      return sa.is_number ? std::strong_ordering::greater : std::strong_ordering::less;
    }
    const auto c = sa.is_number ? detail::compare_digits(sa.text, sb.text)
                                : detail::compare_bytes(sa.text, sb.text);
    if (std::is_neq(c)) return c;
  }
}

class RubyGemsScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    GemVersion v;
    if (const auto err = parse(version, v); !err.empty()) {
      return detail::invalid_version("rubygems", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    GemVersion va;
    GemVersion vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    return compare_versions(va, vb);
  }
};

}  // namespace

const Scheme& rubygems_scheme() noexcept {
  static const RubyGemsScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
