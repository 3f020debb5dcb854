// SPDX-License-Identifier: Apache-2.0
//
// JSON input for extractors: simdjson for speed, and on failure a small scanner of our own that
// finds where the text stops being JSON, since simdjson does not say.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "inventory/formats/parse_error.h"

namespace upkeep::inventory {
struct FileRef;
}

namespace upkeep::inventory::formats {

// A parsed document. Elements stay valid while the JsonDocument lives and is not re-parsed.
class JsonDocument {
 public:
  // Parses `text` (a leading UTF-8 byte order mark is skipped); nesting deeper than `max_depth`
  // is an error. The error's offset, line and column are those of `text`.
  std::optional<ParseError> parse(std::string_view text, size_t max_depth = 256);
  simdjson::dom::element root() const { return root_; }

 private:
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

// The first error of `text` as JSON, or nullopt when it is valid: RFC 8259 (a byte order mark
// is an error), plus what simdjson refuses beyond it: nesting deeper than `max_depth`, invalid
// UTF-8, unpaired UTF-16 surrogates in \u escapes, integers outside int64/uint64 and numbers
// that overflow a double. Agrees with simdjson on validity for every input. Iterative: any
// nesting is safe. The offset is that of the offending byte (or token).
std::optional<ParseError> find_json_error(std::string_view text, size_t max_depth);

// The usual start of a JSON extractor: reads `file` (at most `max_bytes`) and parses it into
// `doc` as a JSON object. On failure it warns on the current file of `ctx` ("not a valid
// <what>: ..." with the line and column, or the read error) and returns false.
bool read_json_object(const FileRef& file, ExtractContext& ctx, uint64_t max_bytes,
                      std::string_view what, JsonDocument& doc);

// Convenience accessors that never throw: the string at `key` of an object, or empty.
std::string_view get_string(simdjson::dom::element element, std::string_view key);
std::optional<simdjson::dom::object> get_object(simdjson::dom::element element,
                                                std::string_view key);
std::optional<simdjson::dom::array> get_array(simdjson::dom::element element, std::string_view key);
bool get_bool(simdjson::dom::element element, std::string_view key, bool fallback = false);

}  // namespace upkeep::inventory::formats
