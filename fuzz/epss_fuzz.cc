// SPDX-License-Identifier: Apache-2.0
// The EPSS CSV parser on arbitrary bytes: an error value or scores within 0..1, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/advisory_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)upkeep::advisory::looks_like_epss(text);
  auto epss = upkeep::advisory::parse_epss_csv(text);
  if (epss.is_ok()) {
    for (const auto& s : epss->scores) {
      if (!(s.score >= 0 && s.score <= 1 && s.percentile >= 0 && s.percentile <= 1)) std::abort();
      if (s.cve.rfind("CVE-", 0) != 0) std::abort();
    }
    if (epss->problems.size() > 101) std::abort();  // capped
  }
  return 0;
}
