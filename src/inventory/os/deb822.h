// SPDX-License-Identifier: Apache-2.0
//
// Debian control-file syntax (deb822, Debian Policy 5.1), the format of dpkg's status file:
// paragraphs separated by blank lines, each a list of "Field: value" lines where lines starting
// with a space or tab continue the previous field. Internal to the inventory library.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace upkeep::inventory::os {

struct Deb822Field {
  std::string_view name;
  std::string_view value;  // the value on the field's own line, without surrounding blanks
  std::string_view raw;    // everything after the colon up to the end of the field's last line
  uint64_t line = 0;       // from 1
  bool multiline = false;  // continued on following lines
};

struct Deb822Paragraph {
  uint64_t line = 0;  // of its first field
  std::vector<Deb822Field> fields;

  // The field with this name (field names are case-insensitive), or nullptr.
  const Deb822Field* find(std::string_view name) const;
  // Its one-line value, or an empty view.
  std::string_view get(std::string_view name) const;
  // Its value with continuation lines joined by single spaces (for folded fields such as
  // Depends, which tools may wrap); empty when absent.
  std::string folded(std::string_view name) const;
};

// A malformed line: where (line and column from 1) and what.
struct Deb822Error {
  uint64_t line = 0;
  uint64_t column = 0;
  std::string message;
};

// Calls `on_paragraph` for every paragraph of `text`, in order, and `on_error` for every line that
// is neither a field, a continuation nor blank (the line is skipped; the paragraph goes on). A
// duplicate field is reported and its first value kept. Linear in the size of the text; the
// views handed out point into `text` and live as long as it.
void parse_deb822(std::string_view text,
                  const std::function<void(const Deb822Paragraph&)>& on_paragraph,
                  const std::function<void(const Deb822Error&)>& on_error);

}  // namespace upkeep::inventory::os
