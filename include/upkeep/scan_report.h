// SPDX-License-Identifier: Apache-2.0
//
// Scan reports: an inventory with its vulnerability findings, in the formats people and tools
// read (a terminal table, upkeep's own JSON, SARIF 2.1.0 for code scanning, CycloneDX 1.6 with
// vulnerabilities, Markdown for pull-request comments, a standalone HTML page).
//
// Every renderer is a pure function of the ScanResult and the ReportOptions: the same scan gives
// byte-identical output (timestamps come from options.timestamp / SOURCE_DATE_EPOCH). All text
// from the inventory and the advisories is untrusted (package names, paths and summaries come
// from files anyone can write); every format escapes it for its own syntax, replaces bytes that
// are not UTF-8, and keeps terminal control sequences out of the table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/eol.h"
#include "upkeep/inventory.h"
#include "upkeep/match.h"
#include "upkeep/report.h"
#include "upkeep/status.h"

namespace upkeep::report {

// One source of the advisory database ("osv:PyPI", "kev", "epss", "debian-archive", ...).
struct DatabaseSource {
  std::string name;
  uint64_t records = 0;
  // When its data was last imported or downloaded (seconds since the epoch); unset if unknown.
  std::optional<int64_t> updated;
};

struct DatabaseInfo {
  std::string path;  // the SQLite file, as the user would recognise it
  std::vector<DatabaseSource> sources;
  // The oldest `updated` among the sources that matter for this scan (what "age" means in the
  // reports); unset when unknown.
  std::optional<int64_t> updated;
};

// What `upkeep scan` produced: the inventory, its findings, the advice per component, where the
// advisories came from, and anything the user should know about the scan itself.
// Upstream maintenance of what was scanned (scan::Options::assess_support): what the end-of-life
// sources in the advisory database say on `today`.
struct SupportView {
  eol::Date today{};
  // Whether the database holds end-of-life data at all: without it every status is unknown, and
  // the reports say how to get it rather than "unknown" everywhere.
  bool has_data = false;
  // One list per inventory component (same index), most severe first; empty: nothing known.
  std::vector<std::vector<eol::Assessment>> components;
  struct OsRelease {
    size_t target = 0;  // index into inventory.targets
    eol::Assessment assessment;
  };
  std::vector<OsRelease> os;
  std::vector<eol::RuntimeAssessment> runtimes;

  // The most severe assessment of component `i`, or nullptr when nothing is known.
  const eol::Assessment* worst(size_t i) const {
    return i < components.size() && !components[i].empty() ? &components[i].front() : nullptr;
  }
};

// The maintenance group of a component, from an owners file (`scan --owners`).
struct ComponentOwner {
  std::string group;  // empty: no group claims it
  std::string kind;   // "internal", "vendor", ...
  std::string contact;
  bool key = false;
};

struct ScanResult {
  inventory::Inventory inventory;
  // Any order: the renderers sort. Each finding's `component` indexes inventory.components.
  std::vector<match::Finding> findings;
  std::vector<match::ComponentAdvice> advice;
  DatabaseInfo database;
  std::vector<std::string> warnings;   // "the advisory database is 9 days old", ...
  std::optional<SupportView> support;  // when assessed
  // One per inventory component (same index) when an owners file was given; empty otherwise.
  std::vector<ComponentOwner> owners;
  std::string owners_path;  // the owners file, as the user would recognise it
};

enum class ScanFormat : uint8_t { kTable, kJson, kSarif, kCycloneDx, kMarkdown, kHtml };

// "table", "json", "sarif", "cyclonedx", "markdown", "html"; an InvalidArgument naming the
// choices otherwise.
Result<ScanFormat> parse_scan_format(std::string_view name);

std::string render_scan(const ScanResult& scan, ScanFormat format, const ReportOptions& options);

// The individual renderers (docs/formats/scan-json.md, docs/formats/sarif.md, docs/formats/).
std::string scan_table(const ScanResult& scan, const ReportOptions& options);
std::string scan_json(const ScanResult& scan, const ReportOptions& options);
std::string scan_sarif(const ScanResult& scan, const ReportOptions& options);
std::string scan_cyclonedx(const ScanResult& scan, const ReportOptions& options);
std::string scan_markdown(const ScanResult& scan, const ReportOptions& options);
std::string scan_html(const ScanResult& scan, const ReportOptions& options);

// ---------------------------------------------------------------------------------------------
// Severity and the --fail-on policy

// Ratings from most to least severe; kUnknown when neither a rating nor a CVSS score is known.
enum class Rating : uint8_t { kCritical, kHigh, kMedium, kLow, kNone, kUnknown };

// "critical", "high", "medium", "low", "none", "unknown".
std::string_view rating_name(Rating rating);

// The finding's rating: its `rating` label when set (case-insensitive), else the CVSS
// qualitative rating of its score (9.0-10.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low,
// 0.0 none), else kUnknown.
Rating effective_rating(const match::Finding& finding);

// --fail-on low|medium|high|critical|kev.
enum class FailOn : uint8_t { kLow, kMedium, kHigh, kCritical, kKev };
Result<FailOn> parse_fail_on(std::string_view name);

// Whether `finding` reaches the --fail-on threshold (so `scan` exits 1). Suppressed findings
// never do. kKev: the finding is in CISA's Known Exploited Vulnerabilities catalogue, whatever its
// rating. A rating threshold: the effective rating is that one or more severe; a finding of
// unknown severity reaches kLow only (it is a known vulnerability, so the lowest bar fails on
// it, but nothing says it is worse), and a rating of "none" reaches nothing.
bool reaches(const match::Finding& finding, FailOn threshold);

// Whether any finding of the scan reaches the threshold.
bool any_reaches(const ScanResult& scan, FailOn threshold);

}  // namespace upkeep::report
