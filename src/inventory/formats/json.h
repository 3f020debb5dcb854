// SPDX-License-Identifier: Apache-2.0
//
// JSON input for extractors: simdjson for speed, and on failure a small scanner of our own that
// finds where the text stops being JSON, since simdjson does not say.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "inventory/formats/parse_error.h"

namespace upkeep::inventory::formats {

// A parsed document. Elements stay valid while the JsonDocument lives and is not re-parsed.
class JsonDocument {
 public:
  // Parses `text`; nesting deeper than `max_depth` is an error.
  std::optional<ParseError> parse(std::string_view text, size_t max_depth = 256);
  simdjson::dom::element root() const { return root_; }

 private:
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

// The first syntax error of `text` as JSON (RFC 8259, plus the depth limit), or nullopt when it
// is valid. Iterative: any nesting is safe.
std::optional<ParseError> find_json_error(std::string_view text, size_t max_depth);

// Convenience accessors that never throw: the string at `key` of an object, or empty.
std::string_view get_string(simdjson::dom::element element, std::string_view key);
std::optional<simdjson::dom::object> get_object(simdjson::dom::element element,
                                                std::string_view key);
std::optional<simdjson::dom::array> get_array(simdjson::dom::element element, std::string_view key);
bool get_bool(simdjson::dom::element element, std::string_view key, bool fallback = false);

}  // namespace upkeep::inventory::formats
