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
#include <compare>
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
std::string_view parse(std::string_view s, GemVersion& out) noexcept {
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
