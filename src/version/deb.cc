// SPDX-License-Identifier: Apache-2.0
//
// Debian package versions ([epoch:]upstream[-revision]) as dpkg orders them: the algorithm of
// dpkg's lib/dpkg/version.c (verrevcmp) and the syntax checks of parseversion() in
// lib/dpkg/parsehelp.c. A version dpkg rejects with an error *or* a warning ("does not start with
// digit", "invalid character") is invalid here: dpkg refuses to install such packages, so they
// never occur in a status file or an advisory.
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

struct DebVersion {
  long epoch = 0;
  std::string_view upstream;
  std::string_view revision;
};

constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Byte classes for the fast path: which bytes may appear in an upstream version or a revision.
constexpr uint8_t kInUpstream = 1;  // alphanumerics and .-+~:
constexpr uint8_t kInRevision = 2;  // alphanumerics and .+~

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (is_alnum(ch) || ch == '.' || ch == '+' || ch == '~') t[c] = kInUpstream | kInRevision;
    if (ch == '-' || ch == ':') t[c] = kInUpstream;
  }
  return t;
}();

// The common case in one pass: no blanks, an epoch of at most 9 digits right at the start, every
// byte allowed where it stands. Returns false when unsure; parse_precise() then decides, so the
// two together accept exactly what parse_precise() alone accepts.
bool parse_fast(std::string_view s, DebVersion& out) noexcept {
  const size_t n = s.size();
  size_t i = 0;
  long epoch = 0;
  while (i < n && i < 9 && is_digit(s[i]))
    epoch = epoch * 10 + (s[i++] - '0');
  size_t start = 0;
  if (i > 0 && i < n && s[i] == ':') {
    start = i + 1;
  } else {
    epoch = 0;
  }
  size_t last_hyphen = std::string_view::npos;
  size_t last_colon = std::string_view::npos;
  for (size_t j = start; j < n; ++j) {
    const auto u = static_cast<unsigned char>(s[j]);
    if ((kByteClass[u] & kInUpstream) == 0) return false;
    if (u == '-') last_hyphen = j;
    if (u == ':') last_colon = j;
  }
  // A colon with no epoch before it is an epoch error; one after the last hyphen sits in the
  // revision, where it is not allowed.
  if (last_colon != std::string_view::npos &&
      (start == 0 || last_hyphen == std::string_view::npos || last_colon > last_hyphen)) {
    return false;
  }
  const size_t upstream_end = last_hyphen == std::string_view::npos ? n : last_hyphen;
  if (upstream_end <= start || !is_digit(s[start])) return false;  // empty or no leading digit
  if (last_hyphen + 1 == n) return false;                          // empty revision
  out.epoch = epoch;
  out.upstream = s.substr(start, upstream_end - start);
  out.revision =
      last_hyphen == std::string_view::npos ? std::string_view() : s.substr(last_hyphen + 1);
  return true;
}

// Parses like dpkg's parseversion(). Returns an empty view on success, else what is wrong.
std::string_view parse_precise(std::string_view s, DebVersion& out) noexcept {
  if (s.empty()) return "version string is empty";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    // dpkg works on NUL-terminated text; control and non-ASCII bytes never form a valid version.
    if ((u < 0x20 && c != '\t') || u >= 0x7f) return "control or non-ASCII byte in version";
  }
  // dpkg trims leading and trailing blanks; blanks inside are an error.
  size_t begin = 0;
  while (begin < s.size() && is_blank(s[begin]))
    ++begin;
  size_t end = begin;
  while (end < s.size() && !is_blank(s[end]))
    ++end;
  for (size_t i = end; i < s.size(); ++i) {
    if (!is_blank(s[i])) return "version string has embedded spaces";
  }
  std::string_view v = s.substr(begin, end - begin);

  out.epoch = 0;
  if (const size_t colon = v.find(':'); colon != std::string_view::npos) {
    // strtol() semantics: an optional sign, then digits that must run up to the colon.
    size_t i = 0;
    bool negative = false;
    if (i < colon && (v[i] == '+' || v[i] == '-')) negative = v[i++] == '-';
    const size_t digits_begin = i;
    long epoch = 0;
    bool too_big = false;
    while (i < colon && is_digit(v[i])) {
      if (epoch > (2147483647L - (v[i] - '0')) / 10) too_big = true;
      if (!too_big) epoch = epoch * 10 + (v[i] - '0');
      ++i;
    }
    if (i == digits_begin) return "epoch in version is empty";
    if (i != colon) return "epoch in version is not number";
    if (negative && epoch != 0) return "epoch in version is negative";
    if (too_big) return "epoch in version is too big";
    if (colon + 1 == v.size()) return "nothing after colon in version number";
    out.epoch = epoch;
    v.remove_prefix(colon + 1);
  }

  out.upstream = v;
  out.revision = {};
  if (const size_t hyphen = v.rfind('-'); hyphen != std::string_view::npos) {
    out.upstream = v.substr(0, hyphen);
    out.revision = v.substr(hyphen + 1);
    if (out.revision.empty()) return "revision number is empty";
  }
  if (out.upstream.empty()) return "version number is empty";
  if (!is_digit(out.upstream.front())) return "version number does not start with digit";
  for (char c : out.upstream) {
    if (!is_alnum(c) && std::string_view(".-+~:").find(c) == std::string_view::npos) {
      return "invalid character in version number";
    }
  }
  for (char c : out.revision) {
    if (!is_alnum(c) && std::string_view(".+~").find(c) == std::string_view::npos) {
      return "invalid character in revision number";
    }
  }
  return {};
}

std::string_view parse(std::string_view s, DebVersion& out) noexcept {
  if (parse_fast(s, out)) return {};
  return parse_precise(s, out);
}

// dpkg's order(): digits sort as 0 (they end a non-digit run), letters by ASCII, '~' before
// everything including the end of the string, other characters after all letters.
constexpr int order(int c) noexcept {
  if (is_digit(static_cast<char>(c))) return 0;
  if (is_alpha(static_cast<char>(c))) return c;
  if (c == '~') return -1;
  if (c != 0) return c + 256;
  return 0;
}

// dpkg's verrevcmp() over views; the end of a view reads as NUL.
int verrevcmp(std::string_view a, std::string_view b) noexcept {
  size_t i = 0;
  size_t j = 0;
  auto at = [](std::string_view s, size_t k) -> int {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0;
  };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      const int ac = order(at(a, i));
      const int bc = order(at(b, j));
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0')
      ++i;
    while (j < b.size() && b[j] == '0')
      ++j;
    while (i < a.size() && j < b.size() && is_digit(a[i]) && is_digit(b[j])) {
      if (first_diff == 0) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < a.size() && is_digit(a[i])) return 1;
    if (j < b.size() && is_digit(b[j])) return -1;
    if (first_diff != 0) return first_diff;
  }
  return 0;
}

class DebScheme final : public Scheme {
 public:
  Status validate(std::string_view version) const override {
    DebVersion v;
    if (const auto err = parse(version, v); !err.empty()) {
      return detail::invalid_version("deb", version, err);
    }
    return Status::ok();
  }

  std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                  std::string_view b) const noexcept override {
    DebVersion va;
    DebVersion vb;
    if (!parse(a, va).empty() || !parse(b, vb).empty()) return std::nullopt;
    if (va.epoch != vb.epoch) return va.epoch <=> vb.epoch;
    if (const int c = verrevcmp(va.upstream, vb.upstream); c != 0) return detail::sign(c);
    return detail::sign(verrevcmp(va.revision, vb.revision));
  }
};

}  // namespace

const Scheme& deb_scheme() noexcept {
  static const DebScheme scheme;
  return scheme;
}

}  // namespace upkeep::version
