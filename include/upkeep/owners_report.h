// SPDX-License-Identifier: Apache-2.0
//
// The maintenance view of `upkeep owners`: every component with its group and key flag, then the
// gaps - key components with no group, groups whose components have open findings, components
// with no group - as a terminal table, upkeep's own JSON ("upkeep.owners/1", docs/owners.md) or
// Markdown.
//
// Every renderer is a pure function of the OwnersResult and the ReportOptions. Text from the
// inventory and the owners file is untrusted and escaped for each format, as in scan reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/owners.h"
#include "upkeep/report.h"
#include "upkeep/scan_report.h"
#include "upkeep/sprawl.h"
#include "upkeep/status.h"

namespace upkeep::report {

struct OwnersResult {
  std::string owners_path;  // the owners file used, as the user would recognise it
  maintenance::OwnersFile owners;
  // From maintenance::assign_owners over scan.inventory: one Owner per component.
  maintenance::Assignment assignment;
  // The inventory and its findings; open findings are the unsuppressed ones.
  ScanResult scan;
  // Shown with the report: key patterns that match nothing, the scan's own warnings.
  std::vector<std::string> warnings;
};

enum class OwnersFormat : uint8_t { kTable, kJson, kMarkdown };

// "table", "json", "markdown"; an InvalidArgument naming the choices otherwise.
Result<OwnersFormat> parse_owners_format(std::string_view name);

std::string render_owners(const OwnersResult& result, OwnersFormat format,
                          const ReportOptions& options);

std::string owners_table(const OwnersResult& result, const ReportOptions& options);
std::string owners_json(const OwnersResult& result, const ReportOptions& options);
std::string owners_markdown(const OwnersResult& result, const ReportOptions& options);

// `upkeep owners --sprawl`: the components in more than one version across the targets.
struct SprawlResult {
  maintenance::Sprawl sprawl;
  // The inventory and findings it was computed from; scan.owners holds the groups when an owners
  // file was found (none is needed).
  ScanResult scan;
};

// The same formats as the owners report; JSON is "upkeep.sprawl/1" (docs/owners.md).
std::string render_sprawl(const SprawlResult& result, OwnersFormat format,
                          const ReportOptions& options);
std::string sprawl_table(const SprawlResult& result, const ReportOptions& options);
std::string sprawl_json(const SprawlResult& result, const ReportOptions& options);
std::string sprawl_markdown(const SprawlResult& result, const ReportOptions& options);

}  // namespace upkeep::report
