// SPDX-License-Identifier: Apache-2.0
// The KEV catalogue parser on arbitrary bytes: an error value or a catalogue, never a crash;
// every entry kept has a CVE id, every problem names a place.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/advisory_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)upkeep::advisory::looks_like_kev(text);
  auto kev = upkeep::advisory::parse_kev(text);
  if (kev.is_ok()) {
    for (const auto& e : kev->entries) {
      if (e.cve.rfind("CVE-", 0) != 0) std::abort();
    }
    for (const auto& p : kev->problems) {
      if (p.message.empty()) std::abort();
    }
  } else if (kev.status().message().empty()) {
    std::abort();
  }
  return 0;
}
