// SPDX-License-Identifier: Apache-2.0
//
// upkeep review BASE HEAD
#include <fmt/core.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands/commands.h"
#include "commands/output.h"
#include "commands/owners_input.h"
#include "upkeep/advisory_store.h"
#include "upkeep/review.h"
#include "upkeep/review_report.h"
#include "upkeep/utf8.h"

namespace upkeep::cli {
namespace {

struct ReviewFlags {
  std::string base;
  std::string head;
  std::string format = "markdown";
  std::string output;
  std::string owners;
  std::string policy;
  std::string repo = ".";
  std::string db;
  bool skip_db = false;
  DatabaseAgeFlags db_age;
  std::vector<std::string> vex;
  std::vector<std::string> ignore;
};

int run_review(const ReviewFlags& flags) {
  auto format = report::parse_review_format(flags.format);
  if (!format) {
    fmt::print(stderr, "upkeep: {}\n", format.status().message());
    return kExitUsage;
  }
  review::Options options;
  if (!parse_database_ages(flags.db_age, options.scan.warn_age, options.scan.max_age)) {
    return kExitUsage;
  }
  options.scan.use_database = !flags.skip_db;
  options.scan.db_path = advisory::database_path(flags.db);
  options.scan.suppression_files = flags.vex;
  options.scan.suppression_files.insert(options.scan.suppression_files.end(), flags.ignore.begin(),
                                        flags.ignore.end());
  options.owners_path = flags.owners;
  options.policy_path = flags.policy;
  options.repo_dir = flags.repo;
  options.today = eol::day_of(options.scan.now);

  review::Outcome outcome = review::run(flags.base, flags.head, options);
  if (outcome.failure) {
    print_problems(outcome.failure->message);
    return outcome.failure->kind == scan::FailureKind::kDatabase ? kExitDatabase : kExitUsage;
  }
  // Package names and paths from the targets (git tree names included) are untrusted.
  for (const auto& w : outcome.inventory_warnings)
    fmt::print(stderr, "upkeep: warning: {}\n", printable_text(w.to_string()));
  for (const auto& w : outcome.result.warnings)
    fmt::print(stderr, "upkeep: warning: {}\n", printable_text(w));
  if (!write_output(flags.output, report::render_review(outcome.result, *format,
                                                        report_options_for(flags.output)))) {
    return kExitUsage;
  }
  if (outcome.result.passed()) return kExitOk;
  for (const auto& v : outcome.result.violations)
    fmt::print(stderr, "upkeep: review failed: {}\n", printable_text(v.message));
  return kExitPolicyFailed;
}

}  // namespace

void add_review_command(CLI::App& root, CommandOutcome& outcome) {
  auto flags = std::make_shared<ReviewFlags>();
  CLI::App* cmd = root.add_subcommand(
      "review",
      "Review the dependency change from BASE to HEAD (lockfiles, trees, SBOMs, or git:REV:PATH); "
      "exit 1 when it breaks the policy");
  cmd->add_option("base", flags->base, "The target before the change")->required();
  cmd->add_option("head", flags->head, "The target after the change")->required();
  cmd->add_option("-f,--format", flags->format, "markdown (default), json, sarif");
  cmd->add_option("-o,--output", flags->output, "Write the report to FILE instead of stdout");
  cmd->add_option("--owners", flags->owners,
                  "The owners file, a path or git:REV:PATH (default: upkeep-owners.toml at the "
                  "root of HEAD when it is a directory)");
  cmd->add_option("--policy", flags->policy,
                  "A TOML file whose [policy] table says what fails the review, a path or "
                  "git:REV:PATH (default: the owners file's [policy], else the defaults)");
  cmd->add_option("-C,--repo", flags->repo,
                  "The git repository git:REV:PATH targets are read from (default: .)");
  cmd->add_option("--db", flags->db,
                  "The advisory database (default: $UPKEEP_DB, else "
                  "$XDG_CACHE_HOME/upkeep/advisories.db)");
  cmd->add_flag("--skip-db", flags->skip_db,
                "Without the advisory database: no findings but the distribution's own data, "
                "no end-of-life status");
  add_database_age_options(*cmd, flags->db_age);
  add_repeatable_option(*cmd, "--vex", flags->vex,
                        "An OpenVEX or CycloneDX VEX document, or an ignore file (repeatable)");
  add_repeatable_option(*cmd, "--ignore", flags->ignore, "An ignore file (repeatable)");
  cmd->callback([&outcome, flags] { outcome.exit_code = run_review(*flags); });
}

}  // namespace upkeep::cli
