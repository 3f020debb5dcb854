// SPDX-License-Identifier: Apache-2.0
#include "inventory/os/deb822.h"

namespace upkeep::inventory::os {
namespace {

// Real paragraphs have a few dozen fields; the bound keeps the duplicate check (a scan of the
// paragraph's fields) linear in the input whatever it holds.
constexpr size_t kMaxFields = 256;

constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_blank(s.front()) || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// A line holding only blanks ends a paragraph, as Policy allows parsers to accept.
bool is_blank_line(std::string_view line) {
  for (char c : line) {
    if (!is_blank(c) && c != '\r') return false;
  }
  return true;
}

}  // namespace

const Deb822Field* Deb822Paragraph::find(std::string_view name) const {
  for (const Deb822Field& f : fields) {
    if (iequals(f.name, name)) return &f;
  }
  return nullptr;
}

std::string_view Deb822Paragraph::get(std::string_view name) const {
  const Deb822Field* f = find(name);
  return f == nullptr ? std::string_view() : f->value;
}

std::string Deb822Paragraph::folded(std::string_view name) const {
  const Deb822Field* f = find(name);
  if (f == nullptr) return {};
  if (!f->multiline) return std::string(f->value);
  std::string out;
  std::string_view rest = f->raw;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view part = trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (part.empty()) continue;
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

void parse_deb822(std::string_view text,
                  const std::function<void(const Deb822Paragraph&)>& on_paragraph,
                  const std::function<void(const Deb822Error&)>& on_error) {
  Deb822Paragraph para;
  // Where the raw value of the last field starts (an offset into text), to extend it over its
  // continuation lines.
  size_t raw_start = 0;
  bool in_field = false;
  bool too_many = false;
  auto flush = [&] {
    if (!para.fields.empty()) on_paragraph(para);
    para.fields.clear();
    in_field = false;
    too_many = false;
  };
  uint64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(pos, nl - pos);
    const size_t line_start = pos;
    pos = nl + 1;
    ++line_no;
    if (is_blank_line(line)) {
      flush();
      continue;
    }
    if (is_blank(line.front())) {
      if (!in_field) {
        on_error({line_no, 1, "a continuation line outside any field"});
        continue;
      }
      Deb822Field& f = para.fields.back();
      f.multiline = true;
      f.raw = text.substr(raw_start, nl - raw_start);
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      on_error({line_no, 1, "a line that is not \"Field: value\""});
      in_field = false;
      continue;
    }
    const std::string_view name = line.substr(0, colon);
    if (name.empty() || name.find_first_of(" \t") != std::string_view::npos) {
      on_error({line_no, 1, "an invalid field name \"" + std::string(name.substr(0, 64)) + "\""});
      in_field = false;
      continue;
    }
    if (para.fields.empty()) para.line = line_no;
    if (para.fields.size() == kMaxFields) {
      if (!too_many) {
        on_error({line_no, 1,
                  "more than " + std::to_string(kMaxFields) +
                      " fields in one paragraph; the rest of it is ignored"});
      }
      too_many = true;
      in_field = false;
      continue;
    }
    if (para.find(name) != nullptr) {
      on_error({line_no, 1, "a second \"" + std::string(name) + "\" field in one paragraph"});
      in_field = false;
      continue;
    }
    raw_start = line_start + colon + 1;
    Deb822Field f;
    f.name = name;
    f.value = trim(line.substr(colon + 1));
    f.raw = text.substr(raw_start, nl - raw_start);
    f.line = line_no;
    para.fields.push_back(f);
    in_field = true;
  }
  flush();
}

}  // namespace upkeep::inventory::os
