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
#include "upkeep/advisory_store.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"
#include "upkeep/owners.h"
#include "upkeep/owners_report.h"
#include "upkeep/scan.h"

namespace upkeep::cli {
namespace {

// Owners file problems come one a line: each gets the prefix, as one message each would.
void print_problems(std::string_view message) {
  while (!message.empty()) {
    const size_t end = message.find('\n');
    fmt::print(stderr, "upkeep: {}\n", message.substr(0, end));
    message = end == std::string_view::npos ? std::string_view() : message.substr(end + 1);
  }
}

struct OwnersFlags {
  std::vector<std::string> targets;
  std::string owners;
  std::string format;
  std::string output;
  std::string db;
  bool skip_db = false;
};

struct OwnersSource {
  std::string path;  // as messages and the report name it
  Result<maintenance::OwnersFile> file = Status::not_found("no owners file");
};

// Reads `name` inside the directory `dir`, naming it `shown`.
Result<maintenance::OwnersFile> read_in(const std::string& dir, std::string_view name,
                                        const std::string& shown) {
  auto fs = open_directory_fs(dir);
  if (!fs) return fs.status().with_context("reading the owners file " + shown);
  return maintenance::read_owners(**fs, "/" + std::string(name), shown);
}

// --owners FILE, else the upkeep-owners.toml at the root of the one directory target that has
// one. nullopt after printing why there is none to use.
std::optional<OwnersSource> find_owners(const OwnersFlags& flags,
                                        const std::vector<inventory::TargetSpec>& targets) {
  if (!flags.owners.empty()) {
    const std::string_view base = base_name(flags.owners);
    const size_t cut = flags.owners.size() - base.size();
    const std::string dir = cut == 0 ? "." : flags.owners.substr(0, cut);
    return OwnersSource{flags.owners, read_in(dir, base, flags.owners)};
  }
  std::vector<std::pair<std::string, std::string>> found;  // directory, shown path
  for (const auto& t : targets) {
    if (t.kind != inventory::TargetSpec::Kind::kPath) continue;
    auto fs = open_directory_fs(t.path);
    if (!fs) continue;  // not a directory: a lockfile, an SBOM
    auto info = (*fs)->stat("/" + std::string(maintenance::kOwnersFileName));
    if (!info || info->type != FileType::kRegular) continue;
    std::string shown = t.path;
    if (!shown.ends_with('/')) shown += '/';
    found.emplace_back(t.path, shown + std::string(maintenance::kOwnersFileName));
  }
  if (found.empty()) {
    fmt::print(stderr,
               "upkeep: no owners file: give --owners FILE, or put {} at the root of a directory "
               "target\n",
               maintenance::kOwnersFileName);
    return std::nullopt;
  }
  if (found.size() > 1) {
    fmt::print(stderr, "upkeep: {} and {} are both owners files: choose one with --owners\n",
               found[0].second, found[1].second);
    return std::nullopt;
  }
  fmt::print(stderr, "upkeep: owners from {}\n", found[0].second);
  return OwnersSource{found[0].second,
                      read_in(found[0].first, maintenance::kOwnersFileName, found[0].second)};
}

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
  // The owners file first: a mistake in it is cheaper to report than after a scan.
  auto source = find_owners(flags, targets);
  if (!source) return kExitUsage;
  if (!source->file) {
    print_problems(source->file.status().message());
    return kExitUsage;
  }

  scan::Options options;
  options.use_database = !flags.skip_db;
  options.db_path = advisory::database_path(flags.db);
  scan::Outcome outcome = scan::run(targets, options);
  if (outcome.failure) {
    fmt::print(stderr, "upkeep: {}\n", outcome.failure->message);
    return outcome.failure->kind == scan::FailureKind::kDatabase ? kExitDatabase : kExitUsage;
  }
  for (const auto& w : outcome.inventory_warnings)
    fmt::print(stderr, "upkeep: warning: {}\n", w.to_string());

  report::OwnersResult result;
  result.owners_path = source->path;
  result.owners = std::move(source->file).value();
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
      fmt::print(stderr, "upkeep: warning: {}\n", w);
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
  cmd->callback([&outcome, flags] { outcome.exit_code = run_owners(*flags); });
}

}  // namespace upkeep::cli
