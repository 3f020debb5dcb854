// SPDX-License-Identifier: Apache-2.0
//
// CycloneDX 1.6 and SPDX 2.3 JSON documents of an inventory. (In progress.)
#include "upkeep/json_writer.h"
#include "upkeep/report.h"

namespace upkeep::report {

std::string inventory_cyclonedx(const inventory::Inventory& /*inventory*/,
                                const ReportOptions& /*options*/) {
  return {};
}

std::string inventory_spdx(const inventory::Inventory& /*inventory*/,
                           const ReportOptions& /*options*/) {
  return {};
}

}  // namespace upkeep::report
