// SPDX-License-Identifier: Apache-2.0
//
// upkeep scan TARGET...
#include <fmt/core.h>

#include <charconv>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands/commands.h"
#include "commands/output.h"
#include "commands/owners_input.h"
#include "upkeep/advisory_store.h"
#include "upkeep/inventory.h"
#include "upkeep/scan.h"
#include "upkeep/scan_report.h"
#include "upkeep/utf8.h"

namespace upkeep::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> targets;
  std::string format;
  std::string output;
  std::string db;
  std::string fail_on;
  std::vector<std::string> vex;
  std::vector<std::string> ignore;
  std::string debian_tracker;
  bool skip_db = false;
  bool no_debian_archive = false;
  DatabaseAgeFlags db_age;
  bool strict = false;
  std::vector<std::string> only;
  std::string owners;
};

int run_scan(const ScanFlags& flags) {
  const bool to_terminal = writes_to_terminal(flags.output);
  auto format = report::parse_scan_format(flags.format.empty() ? (to_terminal ? "table" : "json")
                                                               : flags.format);
  if (!format.is_ok()) {
    fmt::print(stderr, "upkeep: {}\n", format.status().message());
    return kExitUsage;
  }
  std::optional<report::FailOn> fail_on;
  if (!flags.fail_on.empty()) {
    auto parsed = report::parse_fail_on(flags.fail_on);
    if (!parsed.is_ok()) {
      fmt::print(stderr, "upkeep: --fail-on: {}\n", parsed.status().message());
      return kExitUsage;
    }
    fail_on = *parsed;
  }
  scan::Options options;
  if (!parse_database_ages(flags.db_age, options.warn_age, options.max_age)) {
    return kExitUsage;
  }
  options.use_database = !flags.skip_db;
  options.db_path = advisory::database_path(flags.db);
  options.debian_archive = !flags.no_debian_archive;
  options.debian_tracker = flags.debian_tracker;
  options.suppression_files = flags.vex;
  options.suppression_files.insert(options.suppression_files.end(), flags.ignore.begin(),
                                   flags.ignore.end());
  options.inventory.only_extractors = flags.only;
  if (!check_extractor_ids(flags.only)) return kExitUsage;
  std::vector<inventory::TargetSpec> targets;
  for (const auto& arg : flags.targets) {
    auto target = inventory::parse_target(arg);
    if (!target.is_ok()) {
      fmt::print(stderr, "upkeep: {}\n", target.status().message());
      return kExitUsage;
    }
    targets.push_back(std::move(*target));
  }

  // The owners file before the scan: a mistake in it is cheaper to report first.
  std::optional<OwnersSource> owners;
  if (!flags.owners.empty()) {
    auto found = find_owners(flags.owners, targets, /*required=*/true);
    if (!found) {
      fmt::print(stderr, "upkeep: {}\n", found.status().message());
      return kExitUsage;
    }
    owners = std::move(**found);
    if (!owners->file) {
      print_problems(owners->file.status().message());
      return kExitUsage;
    }
  }

  scan::Outcome outcome = scan::run(targets, options);
  if (outcome.failure) {
    fmt::print(stderr, "upkeep: {}\n", outcome.failure->message);
    return outcome.failure->kind == scan::FailureKind::kDatabase ? kExitDatabase : kExitUsage;
  }
  if (owners && !attach_owners(*owners->file, owners->path, outcome.result)) return kExitUsage;
  for (const auto& w : outcome.inventory_warnings) {
    fmt::print(stderr, "upkeep: {}: {}\n", flags.strict ? "error" : "warning",
               printable_text(w.to_string()));
  }
  // The report carries its own warnings; on a terminal they are in the table already.
  if (!to_terminal || *format != report::ScanFormat::kTable) {
    for (const auto& w : outcome.result.warnings)
      fmt::print(stderr, "upkeep: warning: {}\n", printable_text(w));
  }
  if (!write_output(flags.output, report::render_scan(outcome.result, *format,
                                                      report_options_for(flags.output)))) {
    return kExitUsage;
  }
  if (flags.strict && !(outcome.inventory_warnings.empty() && outcome.input_warnings.empty())) {
    return kExitUsage;
  }
  if (fail_on && report::any_reaches(outcome.result, *fail_on)) return kExitPolicyFailed;
  return kExitOk;
}

}  // namespace

void add_scan_command(CLI::App& root, CommandOutcome& outcome) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* cmd = root.add_subcommand(
      "scan",
      "Find the vulnerabilities of targets: a path (a lockfile, manifest, SBOM or directory), "
      "host or / (this machine), image:FILE, sbom:FILE");
  cmd->add_option("targets", flags->targets, "What to scan")->required();
  cmd->add_option("-f,--format", flags->format,
                  "table (default on a terminal), json (default otherwise), sarif, cyclonedx, "
                  "markdown, html");
  cmd->add_option("-o,--output", flags->output, "Write the report to FILE instead of stdout");
  cmd->add_option("--db", flags->db,
                  "The advisory database (default: $UPKEEP_DB, else "
                  "$XDG_CACHE_HOME/upkeep/advisories.db)");
  cmd->add_option("--fail-on", flags->fail_on,
                  "Exit 1 when a finding reaches low, medium, high, critical, or is in CISA "
                  "KEV (kev)");
  add_repeatable_option(*cmd, "--vex", flags->vex,
                        "An OpenVEX or CycloneDX VEX document, or an ignore file (repeatable)");
  add_repeatable_option(*cmd, "--ignore", flags->ignore,
                        "An ignore file (repeatable; .upkeepignore at the root of a scanned "
                        "directory is read too)");
  cmd->add_option("--debian-tracker", flags->debian_tracker,
                  "The Debian security tracker's JSON, for Debian hosts and images");
  cmd->add_flag("--skip-db", flags->skip_db,
                "Scan without the advisory database: only the distribution's own data (the apt "
                "archive's security suite, --debian-tracker)");
  cmd->add_flag("--no-debian-archive", flags->no_debian_archive,
                "Do not read pending security updates from the apt lists");
  add_database_age_options(*cmd, flags->db_age);
  cmd->add_flag("--strict", flags->strict, "Any warning about bad input makes the exit code 2");
  cmd->add_option("--owners", flags->owners,
                  "An owners file: each finding shows the maintenance group of its component");
  // Ids may also be separated by commas.
  add_repeatable_option(*cmd, "--only", flags->only,
                        "Run only these extractors (by id; repeatable, or comma-separated)")
      ->delimiter(',');
  cmd->callback([&outcome, flags] { outcome.exit_code = run_scan(*flags); });
}

}  // namespace upkeep::cli
