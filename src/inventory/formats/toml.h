// SPDX-License-Identifier: Apache-2.0
//
// TOML input (Cargo.lock, poetry.lock, uv.lock) through toml++; errors carry line and column.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string_view>

#include "inventory/formats/parse_error.h"

namespace upkeep::inventory::formats {

std::optional<ParseError> parse_toml(std::string_view text, toml::table& out);

}  // namespace upkeep::inventory::formats
