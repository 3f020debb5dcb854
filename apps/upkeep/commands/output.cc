// SPDX-License-Identifier: Apache-2.0
#include "commands/output.h"

#include <fmt/core.h>
#include <sys/ioctl.h>
#include <unistd.h>

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
