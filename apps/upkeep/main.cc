// SPDX-License-Identifier: Apache-2.0
//
// upkeep: the command line. Wiring only; the work is in the libraries.
#include <fmt/core.h>

#include <cstdio>
#include <exception>

#include "commands/commands.h"

namespace {

using namespace upkeep::cli;

int run(int argc, char** argv) {
  CLI::App app{
      "upkeep: what software we run, who maintains it, whether it is vulnerable, how fast we patch",
      "upkeep"};
  app.set_version_flag("--version", "upkeep " UPKEEP_VERSION_STRING);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 clean, 1 policy failed, 2 usage or input error, 3 advisory database missing "
      "or stale.");

  CommandOutcome outcome;
  add_inventory_command(app, outcome);
  add_version_command(app, outcome);
  add_db_command(app, outcome);
  add_scan_command(app, outcome);
  add_query_command(app, outcome);
  add_owners_command(app, outcome);
  add_review_command(app, outcome);

  // CLI11 reports a mistyped command only as "A subcommand is required"; name it instead.
  const auto is_command = [&](const CLI::App* sub) { return sub->check_name(argv[1]); };
  if (argc > 1 && argv[1][0] != '-' && app.get_subcommands(is_command).empty()) {
    fmt::print(stderr, "upkeep: unknown command '{}'\nRun 'upkeep --help' for usage.\n", argv[1]);
    return kExitUsage;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "upkeep: {}\nRun 'upkeep --help' for usage.\n", e.what());
    return kExitUsage;
  }
  return outcome.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  // Libraries return errors as values; what still throws here (allocation failure, a bug) is
  // reported on stderr rather than as an abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upkeep: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "upkeep: internal error\n");
  }
  return kExitUsage;
}
