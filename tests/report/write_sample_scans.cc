// SPDX-License-Identifier: Apache-2.0
//
// Writes every sample scan in every format, for the schema validation test:
//   write_sample_scans DIR    -> DIR/<sample>.{json,sarif,cdx.json,md,html,table}
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>

#include "report/sample_scans.h"
#include "upkeep/scan_report.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_sample_scans DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  const auto options = upkeep::testing::sample_scan_options();
  using upkeep::report::ScanFormat;
  for (const auto& sample : upkeep::testing::sample_scans()) {
    for (auto [format, ext] :
         {std::pair{ScanFormat::kJson, ".json"}, std::pair{ScanFormat::kSarif, ".sarif"},
          std::pair{ScanFormat::kCycloneDx, ".cdx.json"}, std::pair{ScanFormat::kMarkdown, ".md"},
          std::pair{ScanFormat::kHtml, ".html"}, std::pair{ScanFormat::kTable, ".table"}}) {
      std::ofstream out(dir + "/" + sample.name + ext, std::ios::binary);
      out << upkeep::report::render_scan(sample.scan, format, options);
      if (!out) {
        std::fprintf(stderr, "cannot write %s/%s%s\n", dir.c_str(), sample.name.c_str(), ext);
        return 1;
      }
    }
  }
  return 0;
}
