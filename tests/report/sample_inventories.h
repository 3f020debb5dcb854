// SPDX-License-Identifier: Apache-2.0
//
// Inventories built in code for the report tests: each exercises what the writers must map (a
// Debian host with multiarch and source packages, a mix of ecosystems with scopes, licenses,
// groups and a dependency graph, an image with layers, hostile strings). The unit tests assert on
// them, and write_sample_reports writes them in every format for the schema validation test.
#pragma once

#include <string>
#include <vector>

#include "upkeep/inventory.h"

namespace upkeep::testing {

struct SampleInventory {
  std::string name;  // "empty", "debian-host", "mixed", "image", "hostile"
  inventory::Inventory inventory;
};

std::vector<SampleInventory> sample_inventories();
inventory::Inventory sample_inventory(std::string_view name);

// A Debian 12 host with `n` packages (for the table at host scale).
inventory::Inventory debian_host_inventory(size_t n);

}  // namespace upkeep::testing
