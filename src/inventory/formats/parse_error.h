// SPDX-License-Identifier: Apache-2.0
//
// Where a parser stopped and why, in the terms a user can act on: line and column (from 1) and
// the byte offset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace upkeep::inventory {
class ExtractContext;
}

namespace upkeep::inventory::formats {

struct ParseError {
  std::string message;
  uint64_t offset = 0;
  uint64_t line = 0;
  uint64_t column = 0;
};

// Line and column (from 1) of a byte offset in `text`; columns count bytes.
void locate(std::string_view text, uint64_t offset, uint64_t& line, uint64_t& column);

// A ParseError at `offset` in `text`.
ParseError error_at(std::string_view text, uint64_t offset, std::string message);

// Reports `error` as a warning on the current file of `ctx`, prefixed with `what`
// ("not valid JSON", "not a valid pnpm lockfile", ...).
void report(ExtractContext& ctx, std::string_view what, const ParseError& error);

}  // namespace upkeep::inventory::formats
