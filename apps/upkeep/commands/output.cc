// SPDX-License-Identifier: Apache-2.0
#include "commands/output.h"

#include <fmt/core.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "upkeep/inventory.h"

namespace upkeep::cli {

bool writes_to_terminal(const std::string& output_path) {
  return (output_path.empty() || output_path == "-") && ::isatty(STDOUT_FILENO) == 1;
}

report::ReportOptions report_options_for(const std::string& output_path) {
  report::ReportOptions options;
  options.tool_version = UPKEEP_VERSION_STRING;
  options.timestamp = report::source_date_epoch();
  const bool terminal = writes_to_terminal(output_path);
  options.color = terminal && std::getenv("NO_COLOR") == nullptr;
  if (winsize ws{}; terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
    options.terminal_width = ws.ws_col;  // tables fit their lines to the terminal
  }
  return options;
}

bool write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() &&
           std::fflush(stdout) == 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    fmt::print(stderr, "upkeep: cannot write {}\n", path);
    return false;
  }
  return true;
}

std::optional<std::chrono::seconds> parse_age_limit(std::string_view text) {
  if (text == "0") return std::chrono::seconds(0);
  if (text.size() < 2) return std::nullopt;
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return std::nullopt;
  }
  text.remove_suffix(1);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // A century is more than any real limit and keeps the product far from overflow.
  constexpr int64_t kCentury = 36500LL * 86400;
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0 ||
      value > kCentury / unit) {
    return std::nullopt;
  }
  return std::chrono::seconds(value * unit);
}

void add_database_age_options(CLI::App& cmd, DatabaseAgeFlags& flags) {
  cmd.add_option("--db-warn-age", flags.warn,
                 "Warn when the database is older than this (default 2d; 0: never)");
  cmd.add_option("--db-max-age", flags.max,
                 "Refuse to run (exit 3) when the database is older than this (default 7d; 0: "
                 "never)");
}

CLI::Option* add_repeatable_option(CLI::App& cmd, const std::string& name,
                                   std::vector<std::string>& values, const std::string& help) {
  return cmd.add_option(name, values, help)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

bool parse_database_ages(const DatabaseAgeFlags& flags, std::chrono::seconds& warn,
                         std::chrono::seconds& max) {
  const auto parsed_warn = parse_age_limit(flags.warn);
  const auto parsed_max = parse_age_limit(flags.max);
  if (!parsed_warn || !parsed_max) {
    fmt::print(stderr,
               "upkeep: --db-warn-age and --db-max-age take a number with s, m, h or d (\"36h\", "
               "\"7d\"), or 0 for no limit\n");
    return false;
  }
  warn = *parsed_warn;
  max = *parsed_max;
  return true;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool check_extractor_ids(const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    if (inventory::find_extractor(id) != nullptr) continue;
    std::string known;
    for (const inventory::Extractor* e : inventory::all_extractors()) {
      known += known.empty() ? "" : ", ";
      known += e->id();
    }
    fmt::print(stderr, "upkeep: no extractor \"{}\" (known: {})\n", id, known);
    return false;
  }
  return true;
}

}  // namespace upkeep::cli
