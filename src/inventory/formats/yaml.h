// SPDX-License-Identifier: Apache-2.0
//
// YAML input (pnpm-lock.yaml, yarn berry lockfiles) through yaml-cpp, guarded: yaml-cpp recurses
// once per nesting level and has no limit of its own, so nesting is measured first and a document
// deeper than `max_depth` is refused before it can exhaust the stack. Exceptions stop here.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "inventory/formats/parse_error.h"

namespace upkeep::inventory::formats {

std::optional<ParseError> parse_yaml(std::string_view text, YAML::Node& out, size_t max_depth = 64);

// The scalar at `key` of a map node, or empty (never throws).
std::string yaml_string(const YAML::Node& node, std::string_view key);

}  // namespace upkeep::inventory::formats
