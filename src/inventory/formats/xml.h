// SPDX-License-Identifier: Apache-2.0
//
// XML input (pom.xml) through pugixml, whose parser is not recursive; errors get a line and
// column from the byte offset pugixml reports.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string_view>

#include "inventory/formats/parse_error.h"

namespace upkeep::inventory::formats {

std::optional<ParseError> parse_xml(std::string_view text, pugi::xml_document& out);

}  // namespace upkeep::inventory::formats
