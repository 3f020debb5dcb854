// SPDX-License-Identifier: Apache-2.0
//
// Each command file adds its subcommands to the root app. Handlers only parse flags, call the
// library and turn the outcome into an exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace upkeep::advisory {
struct ImportReport;
}

namespace upkeep::cli {

// Exit codes of the design: the user-facing contract.
enum ExitCode : int {
  kExitOk = 0,
  kExitPolicyFailed = 1,  // findings at or above --fail-on, a review that breaks the rules
  kExitUsage = 2,         // usage or input error, with a message naming what is wrong
  kExitDatabase = 3,      // advisory database missing or stale past its limit
};

// Where a subcommand's handler leaves its exit code.
struct CommandOutcome {
  int exit_code = kExitOk;
};

void add_version_command(CLI::App& root, CommandOutcome& outcome);
void add_inventory_command(CLI::App& root, CommandOutcome& outcome);
void add_db_command(CLI::App& root, CommandOutcome& outcome);
void add_scan_command(CLI::App& root, CommandOutcome& outcome);
void add_query_command(CLI::App& root, CommandOutcome& outcome);
void add_owners_command(CLI::App& root, CommandOutcome& outcome);
void add_review_command(CLI::App& root, CommandOutcome& outcome);
// The `db update` subcommand of `db` (db_update_command.cc).
void add_db_update_command(CLI::App& db, CommandOutcome& outcome);
// The end-of-life part of an import's summary line; empty when the import held none
// (db_command.cc, shared with db update).
std::string eol_summary(const advisory::ImportReport& report);

}  // namespace upkeep::cli
