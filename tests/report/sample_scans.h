// SPDX-License-Identifier: Apache-2.0
//
// Scan results built in code for the scan report tests: the sample inventories
// (sample_inventories.h) with fixture findings. The findings exercise what the renderers must map
// (aliases, CVSS v3.1 and v4.0 vectors, labels without a score, unknown severity, KEV and EPSS,
// fixes and advice, VEX and ignore-file suppressions, one vulnerability suppressed for one
// component and open for another, hostile strings). Their values are fixtures, not claims about
// these package versions.
#pragma once

#include <string>
#include <vector>

#include "upkeep/scan_report.h"

namespace upkeep::testing {

struct SampleScan {
  std::string name;  // "empty", "clean", "mixed", "debian-host", "hostile"
  report::ScanResult scan;
};

std::vector<SampleScan> sample_scans();
report::ScanResult sample_scan(std::string_view name);

// The options every sample is rendered with (fixed tool version and time).
report::ReportOptions sample_scan_options();

}  // namespace upkeep::testing
