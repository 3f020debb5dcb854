// SPDX-License-Identifier: Apache-2.0
//
// Calendar days as the end-of-life sources write them, and endoflife.date's date-or-boolean
// fields.
#include <charconv>
#include <cstdio>

#include "upkeep/eol.h"

namespace upkeep::eol {
namespace {

bool digits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int number(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  // Exactly YYYY-MM-DD: the sources never write anything else, and a lenient reading of a
  // mistyped date would silently move an end of life.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(number(y)),
                                        std::chrono::month(static_cast<unsigned>(number(m))),
                                        std::chrono::day(static_cast<unsigned>(number(d)))};
  if (!ymd.ok()) return std::nullopt;
  return Date(ymd);
}

std::string format_date(Date date) {
  const std::chrono::year_month_day ymd(date);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Date day_of(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<std::chrono::days>(t);
}

std::string DateOrBool::to_string() const {
  switch (kind) {
    case Kind::kAbsent:
      return "";
    case Kind::kFalse:
      return "false";
    case Kind::kTrue:
      return "true";
    case Kind::kDate:
      return format_date(date);
  }
  return "";
}

std::optional<DateOrBool> DateOrBool::from_string(std::string_view text) {
  DateOrBool out;
  if (text.empty()) return out;
  if (text == "false") {
    out.kind = Kind::kFalse;
  } else if (text == "true") {
    out.kind = Kind::kTrue;
  } else if (auto d = parse_date(text)) {
    out.kind = Kind::kDate;
    out.date = *d;
  } else {
    return std::nullopt;
  }
  return out;
}

}  // namespace upkeep::eol
