// SPDX-License-Identifier: Apache-2.0
//
// debian-security-support's lists (/usr/share/debian-security-support/): which source packages
// lost security support before their release did (security-support-ended.debNN) and which are
// supported only in part (security-support-limited). Plain text, columns separated by blanks,
// "#" comments; the last column is free text.
#include <algorithm>

#include "upkeep/eol.h"

namespace upkeep::eol {
namespace {

constexpr size_t kMaxLineBytes = 4096;

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// The next blank-separated word of `rest`, which moves past it and the blanks after it.
std::string_view word(std::string_view& rest) {
  size_t i = 0;
  while (i < rest.size() && !blank(rest[i]))
    ++i;
  const std::string_view w = rest.substr(0, i);
  while (i < rest.size() && blank(rest[i]))
    ++i;
  rest.remove_prefix(i);
  return w;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

bool is_release(std::string_view s) {
  return s.size() > 3 && s.substr(0, 3) == "deb" &&
         std::all_of(s.begin() + 3, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::pair<SupportEntry::Kind, std::string>> support_list_name(
    std::string_view file_name) {
  if (const size_t slash = file_name.rfind('/'); slash != std::string_view::npos) {
    file_name.remove_prefix(slash + 1);
  }
  for (const auto& [prefix, kind] : {std::pair<std::string_view, SupportEntry::Kind>{
                                         "security-support-ended", SupportEntry::Kind::kEnded},
                                     {"security-support-limited", SupportEntry::Kind::kLimited}}) {
    if (file_name.substr(0, prefix.size()) != prefix) continue;
    const std::string_view rest = file_name.substr(prefix.size());
    if (rest.empty()) return std::pair{kind, std::string()};
    if (rest[0] == '.' && is_release(rest.substr(1)))
      return std::pair{kind, std::string(rest.substr(1))};
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<SupportEntry::Kind> support_list_kind(std::string_view head) {
  // The first non-empty line; the lists open with a blank line.
  while (!head.empty()) {
    const size_t nl = head.find('\n');
    const std::string_view line = trim(head.substr(0, nl));
    head = nl == std::string_view::npos ? "" : head.substr(nl + 1);
    if (line.empty()) continue;
    if (line.rfind("# List of packages whose security support ends", 0) == 0) {
      return SupportEntry::Kind::kEnded;
    }
    if (line.rfind("# List of packages where security support is limited", 0) == 0) {
      return SupportEntry::Kind::kLimited;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

SupportList parse_support_list(std::string_view text, SupportEntry::Kind kind,
                               std::string_view release) {
  SupportList out;
  out.kind = kind;
  out.release = std::string(release);
  uint64_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? "" : text.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    if (line.size() > kMaxLineBytes) {
      out.problems.push_back(
          {line_no, "a line longer than " + std::to_string(kMaxLineBytes) + " bytes: skipped"});
      continue;
    }
    SupportEntry e;
    e.kind = kind;
    e.release = out.release;
    e.line = line_no;
    e.package = std::string(word(line));
    if (kind == SupportEntry::Kind::kEnded) {
      e.last_version = std::string(word(line));
      const std::string_view date = word(line);
      if (e.last_version.empty() || date.empty()) {
        out.problems.push_back(
            {line_no, "expected a package, its last supported version and a date: skipped"});
        continue;
      }
      e.date = parse_date(date);
      if (!e.date) {
        out.problems.push_back(
            {line_no, "\"" + std::string(date) + "\" is not a date (YYYY-MM-DD): skipped"});
        continue;
      }
    }
    e.note = std::string(line);
    out.entries.push_back(std::move(e));
  }
  return out;
}

bool support_package_matches(std::string_view pattern, std::string_view name) {
  // Backtracking over the last ".*" only: linear in practice, and at most
  // |pattern| * |name| steps.
  size_t p = 0, n = 0;
  size_t star_p = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p + 1 < pattern.size() && pattern[p] == '.' && pattern[p + 1] == '*') {
      star_p = p + 2;
      star_n = n;
      p += 2;
      continue;
    }
    if (p < pattern.size() && (pattern[p] == '.' || pattern[p] == name[n])) {
      ++p;
      ++n;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    n = ++star_n;
  }
  while (p + 1 < pattern.size() && pattern[p] == '.' && pattern[p + 1] == '*')
    p += 2;
  return p == pattern.size();
}

}  // namespace upkeep::eol
