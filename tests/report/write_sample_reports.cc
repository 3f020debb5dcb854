// SPDX-License-Identifier: Apache-2.0
//
// Writes every sample inventory in every format, for the schema validation test:
//   write_sample_reports DIR    -> DIR/<sample>.{json,cdx.json,spdx.json,table}
#include <cstdio>
#include <fstream>
#include <string>

#include "report/sample_inventories.h"
#include "upkeep/report.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_sample_reports DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  upkeep::report::ReportOptions options;
  options.tool_version = "0.1.0";
  options.timestamp = 1700000000;
  for (const auto& sample : upkeep::testing::sample_inventories()) {
    using upkeep::report::InventoryFormat;
    for (auto [format, ext] : {std::pair{InventoryFormat::kJson, ".json"},
                               std::pair{InventoryFormat::kCycloneDx, ".cdx.json"},
                               std::pair{InventoryFormat::kSpdx, ".spdx.json"},
                               std::pair{InventoryFormat::kTable, ".table"}}) {
      std::ofstream out(dir + "/" + sample.name + ext, std::ios::binary);
      out << upkeep::report::render_inventory(sample.inventory, format, options);
      if (!out) {
        std::fprintf(stderr, "cannot write %s/%s%s\n", dir.c_str(), sample.name.c_str(), ext);
        return 1;
      }
    }
  }
  return 0;
}
