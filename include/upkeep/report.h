// SPDX-License-Identifier: Apache-2.0
//
// Reports: what upkeep found, in the formats people and tools read. Every renderer is a pure
// function of its input (and of ReportOptions), so the same scan gives byte-identical output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "upkeep/inventory.h"
#include "upkeep/status.h"

namespace upkeep::report {

enum class InventoryFormat : uint8_t { kTable, kJson, kCycloneDx, kSpdx };

// "table", "json", "cyclonedx", "spdx".
Result<InventoryFormat> parse_inventory_format(std::string_view name);

struct ReportOptions {
  std::string tool_version;  // "0.1.0"
  // Seconds since the epoch for document timestamps (CycloneDX metadata.timestamp, SPDX
  // created). Unset means now; SOURCE_DATE_EPOCH sets it for reproducible output.
  std::optional<int64_t> timestamp;
  bool color = false;         // ANSI colours in table output
  size_t terminal_width = 0;  // 0: do not fit columns to a width
};

// Reads SOURCE_DATE_EPOCH when set and valid.
std::optional<int64_t> source_date_epoch();

std::string render_inventory(const inventory::Inventory& inventory, InventoryFormat format,
                             const ReportOptions& options);

// The individual renderers.
std::string inventory_table(const inventory::Inventory& inventory, const ReportOptions& options);
std::string inventory_json(const inventory::Inventory& inventory, const ReportOptions& options);
std::string inventory_cyclonedx(const inventory::Inventory& inventory,
                                const ReportOptions& options);
std::string inventory_spdx(const inventory::Inventory& inventory, const ReportOptions& options);

// ISO 8601 UTC ("2026-11-26T12:00:00Z") of `options.timestamp`, or of now.
std::string timestamp_utc(const ReportOptions& options);

}  // namespace upkeep::report
