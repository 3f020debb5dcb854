// SPDX-License-Identifier: Apache-2.0
// What db update reads that it did not write itself in this run: the download cache's state file
// (it may be damaged) and HTTP response header lines. Arbitrary bytes never crash either parser;
// the state survives a format/parse round trip unchanged; a parsed header name is a lower-case
// token.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/advisory_update.h"
#include "upkeep/fetch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto state = upkeep::advisory::parse_download_state(text);
  const auto again =
      upkeep::advisory::parse_download_state(upkeep::advisory::format_download_state(state));
  if (again.entries.size() != state.entries.size()) std::abort();
  for (size_t i = 0; i < state.entries.size(); ++i) {
    const auto& a = state.entries[i];
    const auto& b = again.entries[i];
    if (a.name.empty() || a.name != b.name || a.location != b.location ||
        !(a.validators == b.validators) || a.imported != b.imported || a.checked != b.checked ||
        a.checked < 0) {
      std::abort();
    }
  }
  // Each line as a header line, the way libcurl hands them over.
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view line =
        rest.substr(0, nl == std::string_view::npos ? rest.size() : nl + 1);
    rest.remove_prefix(line.size());
    if (auto h = upkeep::fetch::parse_header_line(line)) {
      if (h->first.empty()) std::abort();
      for (const char c : h->first) {
        if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) <= ' ') std::abort();
      }
    }
  }
  return 0;
}
