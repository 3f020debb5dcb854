// SPDX-License-Identifier: Apache-2.0
#include "inventory/formats/toml.h"

#include <string>

namespace upkeep::inventory::formats {

std::optional<ParseError> parse_toml(std::string_view text, toml::table& out) {
  try {
    out = toml::parse(text);
  } catch (const toml::parse_error& e) {
    ParseError err;
    err.message = std::string(e.description());
    err.line = e.source().begin.line;
    err.column = e.source().begin.column;
    return err;
  } catch (const std::exception& e) {
    return ParseError{e.what(), 0, 0, 0};
  }
  return std::nullopt;
}

}  // namespace upkeep::inventory::formats
