// SPDX-License-Identifier: Apache-2.0
//
// YAML input (pnpm-lock.yaml, yarn berry lockfiles) through yaml-cpp, guarded: yaml-cpp recurses
// once per nesting level, so nesting is estimated first (from above) and a document deeper than
// `max_depth` is refused with the place where it gets too deep. yaml-cpp's own recursion guard
// (0.7: about 500 levels, then YAML::DeepRecursion) stays the hard limit for whatever the estimate
// misses; it is reported the same way. Only UTF-8 is read (yaml-cpp would transcode UTF-16 and
// UTF-32, which the estimate cannot follow). Exceptions stop here.
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
