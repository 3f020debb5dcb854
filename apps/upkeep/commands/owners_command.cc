// SPDX-License-Identifier: Apache-2.0
//
// upkeep owners TARGET...
#include <fmt/core.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands/commands.h"
#include "commands/output.h"
#include "commands/owners_input.h"
#include "upkeep/advisory_store.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"
#include "upkeep/owners.h"
#include "upkeep/owners_report.h"
#include "upkeep/scan.h"
#include "upkeep/sprawl.h"
#include "upkeep/utf8.h"

namespace upkeep::cli {
namespace {

struct OwnersFlags {
  std::vector<std::string> targets;
  std::string owners;
  std::string format;
  std::string output;
  std::string db;
  bool skip_db = false;
  int ends_soon_days = 90;
  bool sprawl = false;
};

int run_owners(const OwnersFlags& flags) {
  const bool to_terminal = writes_to_terminal(flags.output);
  auto format = report::parse_owners_format(flags.format.empty() ? (to_terminal ? "table" : "json")
                                                                 : flags.format);
  if (!format) {
    fmt::print(stderr, "upkeep: {}\n", format.status().message());
    return kExitUsage;
  }
  std::vector<inventory::TargetSpec> targets;
  for (const auto& arg : flags.targets) {
    auto target = inventory::parse_target(arg);
    if (!target) {
      fmt::print(stderr, "upkeep: {}\n", target.status().message());
      return kExitUsage;
    }
    targets.push_back(std::move(*target));
  }
  // The owners file first: a mistake in it is cheaper to report than after a scan. Without one
  // the report still shows end of life and the findings, every component without a group.
  auto found = find_owners(flags.owners, targets, /*required=*/false);
  if (!found) {
    fmt::print(stderr, "upkeep: {}\n", found.status().message());
    return kExitUsage;
  }
  std::optional<OwnersSource>& source = *found;
  if (source && !source->file) {
    print_problems(source->file.status().message());
    return kExitUsage;
  }

  scan::Options options;
  options.use_database = !flags.skip_db;
  // End of life comes from the same database: without it there is nothing to say.
  options.assess_support = !flags.skip_db && !flags.sprawl;
  options.support.ends_soon_days = flags.ends_soon_days;
  options.db_path = advisory::database_path(flags.db);
  scan::Outcome outcome = scan::run(targets, options);
  if (outcome.failure) {
    fmt::print(stderr, "upkeep: {}\n", outcome.failure->message);
    return outcome.failure->kind == scan::FailureKind::kDatabase ? kExitDatabase : kExitUsage;
  }
  for (const auto& w : outcome.inventory_warnings)
    fmt::print(stderr, "upkeep: warning: {}\n", printable_text(w.to_string()));

  if (flags.sprawl) {
    report::SprawlResult sprawl;
    sprawl.scan = std::move(outcome.result);
    if (source && !attach_owners(*source->file, source->path, sprawl.scan)) return kExitUsage;
    sprawl.sprawl =
        maintenance::find_sprawl(sprawl.scan.inventory, sprawl.scan.findings, sprawl.scan.advice);
    if (!to_terminal || *format != report::OwnersFormat::kTable) {
      for (const auto& w : sprawl.scan.warnings)
        fmt::print(stderr, "upkeep: warning: {}\n", printable_text(w));
    }
    const bool written = write_output(
        flags.output, report::render_sprawl(sprawl, *format, report_options_for(flags.output)));
    return written ? kExitOk : kExitUsage;
  }

  report::OwnersResult result;
  if (source) {
    result.owners_path = source->path;
    result.owners = std::move(source->file).value();
  } else {
    result.warnings.push_back(fmt::format(
        "no owners file (--owners FILE, or {} at the root of a directory target): no component "
        "has a group",
        maintenance::kOwnersFileName));
  }
  auto assignment = maintenance::assign_owners(result.owners, outcome.result.inventory);
  if (!assignment) {
    print_problems(assignment.status().message());
    return kExitUsage;
  }
  // A claim that matches nothing is most likely a typo that leaves its components unowned.
  if (Status used = maintenance::check_claims_used(result.owners, *assignment); !used) {
    print_problems(used.message());
    return kExitUsage;
  }
  result.assignment = std::move(assignment).value();
  for (size_t k : result.assignment.unused_key) {
    const auto& p = result.owners.key[k];
    result.warnings.push_back(result.owners.where(p.line, p.column) + ": key pattern \"" + p.text +
                              "\" matches no component");
  }
  result.warnings.insert(result.warnings.end(), outcome.result.warnings.begin(),
                         outcome.result.warnings.end());
  result.scan = std::move(outcome.result);
  // On a terminal the table shows the warnings itself.
  if (!to_terminal || *format != report::OwnersFormat::kTable) {
    for (const auto& w : result.warnings)
      fmt::print(stderr, "upkeep: warning: {}\n", printable_text(w));
  }
  if (!write_output(flags.output,
                    report::render_owners(result, *format, report_options_for(flags.output)))) {
    return kExitUsage;
  }
  return result.assignment.key_without_group() > 0 ? kExitPolicyFailed : kExitOk;
}

}  // namespace

void add_owners_command(CLI::App& root, CommandOutcome& outcome) {
  auto flags = std::make_shared<OwnersFlags>();
  CLI::App* cmd = root.add_subcommand(
      "owners",
      "Who maintains each component of targets (a path, host, image:FILE, sbom:FILE), from an "
      "owners file; exit 1 when a key component has no group");
  cmd->add_option("targets", flags->targets, "What to inventory")->required();
  cmd->add_option("--owners", flags->owners,
                  "The owners file (default: upkeep-owners.toml at the root of a directory "
                  "target)");
  cmd->add_option("-f,--format", flags->format,
                  "table (default on a terminal), json (default otherwise), markdown");
  cmd->add_option("-o,--output", flags->output, "Write the report to FILE instead of stdout");
  cmd->add_option("--db", flags->db,
                  "The advisory database for open findings (default: $UPKEEP_DB, else "
                  "$XDG_CACHE_HOME/upkeep/advisories.db)");
  cmd->add_flag("--skip-db", flags->skip_db,
                "Without the advisory database: open findings only from the distribution's own "
                "data");
  cmd->add_option("--ends-soon", flags->ends_soon_days,
                  "Days before an end of support that count as \"ends soon\" (default 90)")
      ->check(CLI::Range(0, 3650));
  cmd->add_flag("--sprawl", flags->sprawl,
                "Version sprawl instead: components in more than one version across the "
                "targets, where each version is used and the version to converge on (the owners "
                "file is optional)");
  cmd->callback([&outcome, flags] { outcome.exit_code = run_owners(*flags); });
}

}  // namespace upkeep::cli
