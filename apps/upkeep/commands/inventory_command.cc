// SPDX-License-Identifier: Apache-2.0
//
// upkeep inventory TARGET...
#include <fmt/core.h>

#include <memory>
#include <string>
#include <vector>

#include "commands/commands.h"
#include "commands/output.h"
#include "upkeep/inventory.h"
#include "upkeep/report.h"
#include "upkeep/utf8.h"

namespace upkeep::cli {
namespace {

struct InventoryFlags {
  std::vector<std::string> targets;
  std::string format;
  std::string output;
  bool strict = false;
  std::vector<std::string> only;
};

int run_inventory(const InventoryFlags& flags) {
  const bool to_terminal = writes_to_terminal(flags.output);
  std::string format_name = flags.format;
  if (format_name.empty()) format_name = to_terminal ? "table" : "json";
  auto format = report::parse_inventory_format(format_name);
  if (!format.is_ok()) {
    fmt::print(stderr, "upkeep: {}\n", format.status().message());
    return kExitUsage;
  }
  inventory::Options options;
  options.only_extractors = flags.only;
  if (!check_extractor_ids(flags.only)) return kExitUsage;
  inventory::Inventory inv;
  for (const auto& arg : flags.targets) {
    auto target = inventory::parse_target(arg);
    if (!target.is_ok()) {
      fmt::print(stderr, "upkeep: {}\n", target.status().message());
      return kExitUsage;
    }
    if (Status s = inventory::inventory_target(*target, options, inv); !s.is_ok()) {
      fmt::print(stderr, "upkeep: {}\n", s.message());
      return kExitUsage;
    }
  }
  inventory::sort_components(inv.components);
  for (const auto& w : inv.warnings) {
    fmt::print(stderr, "upkeep: {}: {}\n", flags.strict ? "error" : "warning",
               printable_text(w.to_string()));
  }
  const report::ReportOptions ropts = report_options_for(flags.output);
  if (!write_output(flags.output, report::render_inventory(inv, *format, ropts))) {
    return kExitUsage;
  }
  if (flags.strict && !inv.warnings.empty()) return kExitUsage;
  return kExitOk;
}

}  // namespace

void add_inventory_command(CLI::App& root, CommandOutcome& outcome) {
  auto flags = std::make_shared<InventoryFlags>();
  CLI::App* cmd = root.add_subcommand(
      "inventory",
      "List the components of targets: a path (a lockfile, manifest, SBOM or directory), host "
      "or / (this machine), image:FILE (docker save or OCI archive), sbom:FILE");
  cmd->add_option("targets", flags->targets, "What to inventory")->required();
  cmd->add_option("-f,--format", flags->format,
                  "table (default on a terminal), json (default otherwise), cyclonedx, spdx");
  cmd->add_option("-o,--output", flags->output, "Write the report to FILE instead of stdout");
  cmd->add_flag("--strict", flags->strict, "Any warning about bad input makes the exit code 2");
  // One value per flag (repeat it or separate ids by commas), so targets after it stay targets.
  add_repeatable_option(*cmd, "--only", flags->only,
                        "Run only these extractors (by id; repeatable, or comma-separated)")
      ->delimiter(',');
  cmd->callback([&outcome, flags] { outcome.exit_code = run_inventory(*flags); });
}

}  // namespace upkeep::cli
