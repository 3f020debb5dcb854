// SPDX-License-Identifier: Apache-2.0
#include "inventory/formats/parse_error.h"

#include "upkeep/inventory.h"

namespace upkeep::inventory::formats {

void locate(std::string_view text, uint64_t offset, uint64_t& line, uint64_t& column) {
  line = 1;
  column = 1;
  const size_t end = std::min<uint64_t>(offset, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

ParseError error_at(std::string_view text, uint64_t offset, std::string message) {
  ParseError e;
  e.message = std::move(message);
  e.offset = offset;
  locate(text, offset, e.line, e.column);
  return e;
}

void report(ExtractContext& ctx, std::string_view what, const ParseError& error) {
  std::string message(what);
  if (!error.message.empty()) {
    message += ": ";
    message += error.message;
  }
  ctx.warn(std::move(message), error.line, error.column);
}

}  // namespace upkeep::inventory::formats
