// SPDX-License-Identifier: Apache-2.0
//
// Dates, times, locations, globs and purl patterns: the pieces every reader uses.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "suppress/internal.h"
#include "upkeep/version.h"

namespace upkeep::suppress {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `n` digits at text[i]; false when they are not there.
bool digits(std::string_view text, size_t i, size_t n, int& out) {
  if (i + n > text.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!is_digit(text[i + k])) return false;
    v = v * 10 + (text[i + k] - '0');
  }
  out = v;
  return true;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

bool valid_date(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

}  // namespace

Result<Date> Date::parse(std::string_view text) {
  Date d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 0, 4, d.year) ||
      !digits(text, 5, 2, d.month) || !digits(text, 8, 2, d.day)) {
    return Status::invalid_argument("\"" + std::string(text) +
                                    "\" is not a date of the form YYYY-MM-DD");
  }
  if (!valid_date(d.year, d.month, d.day)) {
    return Status::invalid_argument("\"" + std::string(text) + "\" is not a day of the calendar");
  }
  return d;
}

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Date today_utc() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{now};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string Location::to_string() const {
  std::string out = source;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::to_string() const {
  return where.to_string() + ": " + message;
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kOpenVex:
      return "openvex";
    case Kind::kCycloneDxVex:
      return "cyclonedx-vex";
    case Kind::kIgnoreFile:
      return "ignore-file";
  }
  return "unknown";
}

namespace detail {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<Instant> parse_timestamp(std::string_view t) {
  int y = 0, mo = 0, d = 0;
  if (t.size() < 10 || t[4] != '-' || t[7] != '-' || !digits(t, 0, 4, y) || !digits(t, 5, 2, mo) ||
      !digits(t, 8, 2, d) || !valid_date(y, mo, d)) {
    return std::nullopt;
  }
  Instant out;
  int64_t seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  if (t.size() == 10) {
    out.seconds = seconds;
    return out;
  }
  if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
  int h = 0, mi = 0, s = 0;
  if (t.size() < 19 || t[13] != ':' || t[16] != ':' || !digits(t, 11, 2, h) ||
      !digits(t, 14, 2, mi) || !digits(t, 17, 2, s) || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  seconds += h * 3600 + mi * 60 + s;
  size_t i = 19;
  if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
    ++i;
    const size_t start = i;
    int64_t nanos = 0;
    size_t n = 0;
    while (i < t.size() && is_digit(t[i])) {
      if (n < 9) nanos = nanos * 10 + (t[i] - '0');
      ++n;
      ++i;
    }
    if (i == start) return std::nullopt;
    for (; n < 9; ++n)
      nanos *= 10;
    out.nanos = static_cast<int32_t>(nanos);
  }
  if (i < t.size()) {
    if (t[i] == 'Z' || t[i] == 'z') {
      ++i;
    } else if (t[i] == '+' || t[i] == '-') {
      int oh = 0, om = 0;
      if (i + 6 != t.size() || t[i + 3] != ':' || !digits(t, i + 1, 2, oh) ||
          !digits(t, i + 4, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      const int64_t offset = oh * 3600 + om * 60;
      seconds += t[i] == '+' ? -offset : offset;  // local time minus offset is UTC
      i += 6;
    } else {
      return std::nullopt;
    }
  }
  if (i != t.size()) return std::nullopt;
  out.seconds = seconds;
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

namespace {

// The version rules of a purl type, or nullptr (then versions compare as strings).
const version::Scheme* scheme_of_type(std::string_view type) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"npm", "npm"},     {"pypi", "pypi"},    {"maven", "maven"}, {"golang", "go"},
      {"cargo", "cargo"}, {"gem", "rubygems"}, {"nuget", "nuget"}, {"composer", "composer"},
      {"deb", "deb"},     {"rpm", "rpm"},      {"apk", "apk"},
  };
  for (const auto& [t, scheme] : kTypes) {
    if (t == type) return version::find_scheme(scheme);
  }
  return nullptr;
}

bool versions_equal(std::string_view type, std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (const version::Scheme* s = scheme_of_type(type)) {
    const auto order = s->try_compare(a, b);
    return order && *order == std::strong_ordering::equal;
  }
  return false;
}

Result<std::string> decode(std::string_view text, std::string_view whole) {
  auto decoded = purl::percent_decode(text);
  if (!decoded) return Status::invalid_argument("\"" + std::string(whole) + "\": bad %-escape");
  return std::move(decoded).value();
}

}  // namespace

Result<PurlPattern> PurlPattern::parse(std::string_view text, bool allow_glob) {
  PurlPattern out;
  out.text = std::string(text);
  out.glob = allow_glob && text.find('*') != std::string_view::npos;
  const auto bad = [&](std::string_view why) {
    return Status::invalid_argument("\"" + std::string(text) +
                                    "\" is not a purl: " + std::string(why));
  };
  std::string_view rest = text;
  if (rest.size() < 4 || upper(rest.substr(0, 4)) != "PKG:") return bad("it must start with pkg:");
  rest.remove_prefix(4);
  while (!rest.empty() && rest.front() == '/')
    rest.remove_prefix(1);
  purl::Purl p;
  if (const size_t hash = rest.rfind('#'); hash != std::string_view::npos) {
    auto sub = decode(rest.substr(hash + 1), text);
    if (!sub) return sub.status();
    p.subpath = *sub;
    rest = rest.substr(0, hash);
  }
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!qs.empty()) {
      const size_t amp = qs.find('&');
      const std::string_view pair = qs.substr(0, amp);
      qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || eq == 0) return bad("a qualifier without key=value");
      auto value = decode(pair.substr(eq + 1), text);
      if (!value) return value.status();
      p.set_qualifier(pair.substr(0, eq), *value);
    }
  }
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return bad("no type/name");
  p.type = std::string(rest.substr(0, slash));
  for (char& c : p.type)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!std::all_of(p.type.begin(), p.type.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-' || c == '+';
      })) {
    return bad("the type \"" + p.type + "\" has characters a type cannot have");
  }
  rest = rest.substr(slash + 1);
  // The version starts at the last '@' that does not open a path segment (an npm scope).
  for (size_t at = rest.rfind('@'); at != std::string_view::npos && at > 0;
       at = rest.rfind('@', at - 1)) {
    if (rest[at - 1] == '/') continue;
    auto v = decode(rest.substr(at + 1), text);
    if (!v) return v.status();
    p.version = *v;
    rest = rest.substr(0, at);
    break;
  }
  while (!rest.empty() && rest.back() == '/')
    rest.remove_suffix(1);
  while (!rest.empty() && rest.front() == '/')
    rest.remove_prefix(1);
  if (rest.empty()) return bad("no name");
  std::string ns;
  std::string_view name = rest;
  if (const size_t last = rest.rfind('/'); last != std::string_view::npos) {
    // Segments are decoded one by one: an encoded '/' inside one stays part of it.
    std::string_view nsv = rest.substr(0, last);
    while (!nsv.empty()) {
      const size_t s = nsv.find('/');
      auto seg = decode(nsv.substr(0, s), text);
      if (!seg) return seg.status();
      if (!seg->empty()) {
        if (!ns.empty()) ns += '/';
        ns += *seg;
      }
      nsv = s == std::string_view::npos ? std::string_view() : nsv.substr(s + 1);
    }
    name = rest.substr(last + 1);
  }
  auto decoded_name = decode(name, text);
  if (!decoded_name) return decoded_name.status();
  if (decoded_name->empty()) return bad("no name");
  p.namespace_path = ns;
  p.name = *decoded_name;
  purl::normalize(p);
  out.type = p.type;
  out.path = p.namespace_path.empty() ? p.name : p.namespace_path + "/" + p.name;
  out.version = p.version;
  out.qualifiers = p.qualifiers;
  out.subpath = p.subpath;
  return out;
}

bool PurlPattern::matches(const purl::Purl& c) const {
  if (c.type != type) return false;
  const std::string cpath = c.namespace_path.empty() ? c.name : c.namespace_path + "/" + c.name;
  if (glob ? !glob_match(path, cpath) : path != cpath) return false;
  if (range) {
    const auto in = range->contains(c.version);
    if (!in || !*in) return false;
  } else if (!version.empty()) {
    if (glob && version.find('*') != std::string::npos) {
      if (!glob_match(version, c.version)) return false;
    } else if (!versions_equal(type, version, c.version)) {
      return false;
    }
  }
  for (const auto& [k, v] : qualifiers) {
    if (c.qualifier(k) != v) return false;
  }
  if (!subpath.empty() && subpath != c.subpath) return false;
  return true;
}

// ---- places in JSON text ----

namespace {

size_t skip_ws(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
    ++i;
  return i;
}

size_t skip_string(std::string_view t, size_t i) {
  ++i;
  while (i < t.size() && t[i] != '"')
    i += t[i] == '\\' ? 2 : 1;
  return std::min(i + 1, t.size());
}

size_t skip_value(std::string_view t, size_t i) {
  if (i >= t.size()) return i;
  if (t[i] == '"') return skip_string(t, i);
  if (t[i] == '{' || t[i] == '[') {
    size_t depth = 0;
    while (i < t.size()) {
      const char c = t[i];
      if (c == '"') {
        i = skip_string(t, i);
        continue;
      }
      ++i;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i;
    }
    return i;
  }
  while (i < t.size() && std::string_view(",}] \t\r\n").find(t[i]) == std::string_view::npos)
    ++i;
  return i;
}

}  // namespace

uint64_t json_offset_from(std::string_view t, uint64_t start, std::span<const PathStep> path) {
  size_t i = skip_ws(t, start);
  for (const PathStep& step : path) {
    if (i >= t.size()) return i;
    if (!step.is_index && t[i] == '{') {
      size_t j = skip_ws(t, i + 1);
      bool found = false;
      while (j < t.size() && t[j] == '"') {
        const size_t end = skip_string(t, j);
        const std::string_view k = t.substr(j + 1, end - j - 2);
        j = skip_ws(t, end);
        if (j < t.size() && t[j] == ':') j = skip_ws(t, j + 1);
        if (k == step.key) {
          found = true;
          break;
        }
        j = skip_ws(t, skip_value(t, j));
        if (j < t.size() && t[j] == ',') j = skip_ws(t, j + 1);
      }
      if (!found) return i;
      i = j;
    } else if (step.is_index && t[i] == '[') {
      size_t j = skip_ws(t, i + 1);
      for (size_t n = 0; n < step.index && j < t.size() && t[j] != ']'; ++n) {
        j = skip_ws(t, skip_value(t, j));
        if (j < t.size() && t[j] == ',') j = skip_ws(t, j + 1);
      }
      if (j >= t.size() || t[j] == ']') return i;
      i = j;
    } else {
      return i;
    }
  }
  return i;
}

uint64_t json_offset(std::string_view t, std::span<const PathStep> path) {
  return json_offset_from(t, t.starts_with("\xEF\xBB\xBF") ? 3 : 0, path);
}

Location JsonLocator::at_offset(uint64_t offset) {
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }
  offset = std::min<uint64_t>(offset, text_.size());
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<uint64_t>(next - line_starts_.begin());  // from 1
  return Location{std::string(source_), line, offset - *(next - 1) + 1};
}

Location JsonLocator::locate(std::span<const PathStep> path) {
  if (path.size() >= 2 && !path[0].is_index && path[1].is_index) {
    if (!indexed_ || array_key_ != path[0].key) {
      indexed_ = true;
      array_key_ = std::string(path[0].key);
      elements_.clear();
      const PathStep first = key(path[0].key);
      size_t i = json_offset(text_, std::span<const PathStep>(&first, 1));
      if (i < text_.size() && text_[i] == '[') {
        i = skip_ws(text_, i + 1);
        while (i < text_.size() && text_[i] != ']') {
          elements_.push_back(i);
          i = skip_ws(text_, skip_value(text_, i));
          if (i < text_.size() && text_[i] == ',') i = skip_ws(text_, i + 1);
        }
      }
    }
    if (path[1].index < elements_.size()) {
      return at_offset(json_offset_from(text_, elements_[path[1].index], path.subspan(2)));
    }
  }
  return at_offset(json_offset(text_, path));
}

}  // namespace detail
}  // namespace upkeep::suppress
