// SPDX-License-Identifier: Apache-2.0
//
// What the report-writing commands (inventory, scan) share: where the report goes and how a
// terminal changes it.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/report.h"

namespace upkeep::cli {

// Whether the report goes to a terminal: no -o file and stdout is a tty.
bool writes_to_terminal(const std::string& output_path);

// Report options for output to `output_path` ("" or "-": stdout): the tool version,
// SOURCE_DATE_EPOCH, colour and the terminal width when stdout is a terminal (NO_COLOR turns the
// colour off).
report::ReportOptions report_options_for(const std::string& output_path);

// Writes `text` to `path` ("-" or empty: stdout). Returns false after printing a message on
// failure.
bool write_output(const std::string& path, const std::string& text);

// A database age limit: a whole number with s, m, h or d ("36h", "7d"), or "0" for no limit.
// nullopt when it is none of these (or beyond a century).
std::optional<std::chrono::seconds> parse_age_limit(std::string_view text);

// --db-warn-age and --db-max-age, as given (parse_database_ages reads them).
struct DatabaseAgeFlags {
  std::string warn = "2d";
  std::string max = "7d";
};
// Adds --db-warn-age and --db-max-age to `cmd`, for the commands that read the advisory database.
void add_database_age_options(CLI::App& cmd, DatabaseAgeFlags& flags);

// --db-warn-age and --db-max-age (parse_age_limit) into `warn` and `max`; false after printing
// what they take.
bool parse_database_ages(const DatabaseAgeFlags& flags, std::chrono::seconds& warn,
                         std::chrono::seconds& max);

// A repeatable option that takes one value a use (--vex A --vex B), so that the positional
// targets after it stay targets.
CLI::Option* add_repeatable_option(CLI::App& cmd, const std::string& name,
                                   std::vector<std::string>& values, const std::string& help);

// Writes all of `data` to `fd`, retrying short writes and EINTR. False on any other failure
// (a closed pipe, a full disk).
bool write_all(int fd, std::string_view data);

// Checks --only ids against the extractor table; false after printing the unknown id and the
// known ones.
bool check_extractor_ids(const std::vector<std::string>& ids);

}  // namespace upkeep::cli
