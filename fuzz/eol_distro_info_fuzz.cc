// SPDX-License-Identifier: Apache-2.0
// distro-info-data tables on arbitrary bytes (seeded from tests/fixtures/eol/distro-info/): an
// error value or releases, never a crash; every release kept has a series and a line, every
// problem a line and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/eol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)upkeep::eol::looks_like_distro_info(text);
  auto info = upkeep::eol::parse_distro_info(text);
  if (!info.is_ok()) {
    if (info.status().message().empty()) std::abort();
    return 0;
  }
  if (info->distro != "debian" && info->distro != "ubuntu") std::abort();
  for (const auto& r : info->releases) {
    if (r.series.empty() || r.line < 2) std::abort();
  }
  for (const auto& p : info->problems) {
    if (p.message.empty() || p.line < 2) std::abort();
  }
  return 0;
}
