// SPDX-License-Identifier: Apache-2.0
// The OSV record parser on arbitrary bytes: an error value or a record, never a crash; every
// problem it reports names a place in the record. The import's lighter parse (parse_keys, with a
// parser reused across inputs) must agree with the full one: same error, same problems, same keys.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/advisory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = upkeep::advisory::parse_osv_record(text);
  static upkeep::advisory::OsvParser reused;  // state carried from input to input, on purpose
  auto keys = reused.parse_keys(text);
  if (parsed.is_ok() != keys.is_ok()) std::abort();
  if (!parsed.is_ok()) {
    if (parsed.status().message() != keys.status().message()) std::abort();
    return 0;
  }
  const auto& r = parsed->record;
  const auto& k = keys->keys;
  if (r.id.empty()) std::abort();
  for (const auto& p : parsed->problems) {
    if (p.message.empty()) std::abort();
  }
  if (parsed->problems.size() != keys->problems.size()) std::abort();
  for (size_t i = 0; i < parsed->problems.size(); ++i) {
    if (parsed->problems[i].pointer != keys->problems[i].pointer ||
        parsed->problems[i].message != keys->problems[i].message) {
      std::abort();
    }
  }
  if (k.id != r.id || k.modified != r.modified || k.withdrawn != r.withdrawn ||
      k.aliases != r.aliases || k.packages.size() != r.affected.size()) {
    std::abort();
  }
  for (size_t i = 0; i < k.packages.size(); ++i) {
    if (k.packages[i].ecosystem != r.affected[i].ecosystem ||
        k.packages[i].name != r.affected[i].name) {
      std::abort();
    }
  }
  return 0;
}
