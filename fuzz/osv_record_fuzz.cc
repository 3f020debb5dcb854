// SPDX-License-Identifier: Apache-2.0
// The OSV record parser on arbitrary bytes: an error value or a record, never a crash; every
// problem it reports names a place in the record.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/advisory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = upkeep::advisory::parse_osv_record(text);
  if (parsed.is_ok()) {
    if (parsed->record.id.empty()) std::abort();
    for (const auto& p : parsed->problems) {
      if (p.message.empty()) std::abort();
    }
  }
  return 0;
}
