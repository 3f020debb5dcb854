// SPDX-License-Identifier: Apache-2.0
#include "inventory/formats/xml.h"

namespace upkeep::inventory::formats {

std::optional<ParseError> parse_xml(std::string_view text, pugi::xml_document& out) {
  const pugi::xml_parse_result r =
      out.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
  if (r) return std::nullopt;
  return error_at(text, static_cast<uint64_t>(r.offset), r.description());
}

}  // namespace upkeep::inventory::formats
