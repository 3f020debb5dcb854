// SPDX-License-Identifier: Apache-2.0
//
// How the reports show upstream maintenance (report::SupportView): one label per assessment, the
// JSON object every format that carries assessments writes, and which statuses are a gap.
#pragma once

#include <string>

#include "upkeep/eol.h"
#include "upkeep/json_writer.h"
#include "upkeep/scan_report.h"

namespace upkeep::report::detail {

// "end-of-life", "ends-soon (12 days)", "extended-support (LTS to 2028-06-30)", "supported", ...;
// " (upstream)" when only the upstream project's lifecycle says so (a distribution package the
// distribution may go on patching).
std::string support_label(const eol::Assessment& a);

// Whether the status is one a maintenance report lists as a gap: end of life, security support
// ended, unmaintained.
bool support_lapsed(const eol::Assessment& a);

// {"status", "source", "product", "cycle", dates (YYYY-MM-DD or null), "days_left",
// "extended_name", "latest", "upstream_only", "detail"}.
void write_assessment(JsonWriter& w, const eol::Assessment& a);

// "support": {"today", "has_data", "os": [...], "runtimes": [...]} of a view.
void write_support_summary(JsonWriter& w, const SupportView& view,
                           const inventory::Inventory& inventory);

// The line a report prints when the database has no end-of-life data.
inline constexpr const char* kNoSupportData =
    "no end-of-life data in the advisory database: run 'upkeep db update', or 'upkeep db import' "
    "the endoflife.date products zip and distro-info-data";

}  // namespace upkeep::report::detail
