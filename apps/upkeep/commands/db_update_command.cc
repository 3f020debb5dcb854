// SPDX-License-Identifier: Apache-2.0
//
// upkeep db update: downloading OSV zips, KEV and EPSS from their public sources (libcurl,
// conditional requests, --mirror URL|DIR) and importing them with advisory::import_files. Not
// written yet: this is its place. Until then the command says how to import files by hand.
#include <fmt/core.h>

#include "commands/commands.h"

namespace upkeep::cli {

void add_db_update_command(CLI::App& db, CommandOutcome& outcome) {
  CLI::App* update = db.add_subcommand(
      "update", "Download advisories from their public sources (not available in this build)");
  update->allow_extras();
  update->callback([&outcome] {
    fmt::print(stderr,
               "upkeep: db update is not available in this build; download OSV's "
               "<ecosystem>/all.zip, CISA's known_exploited_vulnerabilities.json and FIRST's "
               "epss_scores-current.csv.gz and run 'upkeep db import FILE...'\n");
    outcome.exit_code = kExitUsage;
  });
}

}  // namespace upkeep::cli
