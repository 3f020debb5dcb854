// SPDX-License-Identifier: Apache-2.0
//
// `upkeep scan`: inventory + matching + enrichment + suppressions, as one library call the CLI
// (and later the agent and the server) wraps.
//
//   1. inventory of each target;
//   2. findings from the Matcher over the advisory Store, from the Debian archive's security
//      suite (host and directory targets) and from the Debian tracker's JSON when given, merged
//      into one per vulnerability per component;
//   3. severity, KEV and EPSS from the store (advisory::enrich_findings);
//   4. VEX documents and ignore files mark findings suppressed;
//   5. one upgrade advice per component; the report model (report::ScanResult).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "upkeep/eol.h"
#include "upkeep/inventory.h"
#include "upkeep/scan_report.h"
#include "upkeep/status.h"
#include "upkeep/suppress.h"

namespace upkeep::scan {

struct Options {
  inventory::Options inventory;

  // The advisory database (advisory::database_path resolves the default). Without it
  // (use_database false) only the distribution's own data is used: the apt archive and a
  // tracker file.
  std::string db_path;
  bool use_database = true;
  // Database age limits, measured from its last import or update: past warn_age the scan says
  // so, past max_age it refuses (exit 3). Zero turns a limit off.
  std::chrono::seconds warn_age = std::chrono::hours(48);
  std::chrono::seconds max_age = std::chrono::hours(24 * 7);

  // Pending security updates from the apt lists of host and directory targets.
  bool debian_archive = true;
  // The Debian security tracker's JSON, when given.
  std::string debian_tracker;

  // VEX documents and ignore files (the kind is detected from the content), and whether an
  // `.upkeepignore` at the root of a directory target is read too.
  std::vector<std::string> suppression_files;
  bool read_target_ignore_files = true;

  // Upstream maintenance: the end-of-life status of every component, the OS releases and the
  // runtimes, from the end-of-life data in the advisory database (report::SupportView). Needs
  // the database.
  bool assess_support = false;
  eol::Options support;

  // The clock, injectable for tests: "now" for the database age, "today" for ignore expiry.
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::optional<suppress::Date> today;  // default: today_utc()
};

// What went wrong when a scan could not run at all.
enum class FailureKind : uint8_t {
  kInput,     // a target, a suppression file or the tracker file (exit 2)
  kDatabase,  // the advisory database is missing, unreadable or too old (exit 3)
};

struct Failure {
  FailureKind kind = FailureKind::kInput;
  std::string message;
};

struct Stats {
  size_t components = 0;
  size_t findings = 0;
  size_t suppressed = 0;
  size_t unknown_verdicts = 0;  // records whose ranges could not be evaluated for a version
  double seconds_inventory = 0;
  double seconds_match = 0;
};

struct Outcome {
  std::optional<Failure> failure;  // set: nothing else is meaningful
  report::ScanResult result;
  // Problems inside the targets (as `inventory` reports them).
  std::vector<inventory::Diagnostic> inventory_warnings;
  // Problems in the suppression and tracker files (statements skipped); also in the report's
  // warnings. --strict fails on these as on inventory warnings.
  std::vector<std::string> input_warnings;
  Stats stats;
};

Outcome run(const std::vector<inventory::TargetSpec>& targets, const Options& options);

}  // namespace upkeep::scan
