// SPDX-License-Identifier: Apache-2.0
// endoflife.date product pages on arbitrary bytes (seeded from tests/fixtures/eol/product/): an
// error value or a product, never a crash or an exception; every cycle kept has a name, every
// purl identifier a key that parses again, every problem a message; cycle selection on the
// page's own cycle names finds a cycle; date-or-boolean fields survive their stored form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "upkeep/eol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = upkeep::eol::parse_product_page("fuzz", text);
  if (!parsed.is_ok()) {
    if (parsed.status().message().empty()) std::abort();
    return 0;
  }
  for (const auto& c : parsed->product.cycles) {
    if (c.cycle.empty()) std::abort();
    // A version spelt as a cycle name finds a cycle (select_cycle drops an epoch and a "v" from
    // versions, so only names without them are checked).
    if (c.cycle[0] >= '0' && c.cycle[0] <= '9' && c.cycle.find(':') == std::string::npos &&
        upkeep::eol::select_cycle(parsed->product.cycles, c.cycle) == nullptr) {
      std::abort();
    }
    for (const auto* f : {&c.eol, &c.eoas, &c.eoes, &c.lts, &c.discontinued}) {
      const auto back = upkeep::eol::DateOrBool::from_string(f->to_string());
      if (!back || !(*back == *f)) std::abort();
    }
  }
  for (const auto& id : parsed->product.identifiers) {
    if (id.kind == "purl" && !upkeep::purl::versionless(id.key).is_ok()) std::abort();
  }
  for (const auto& p : parsed->problems) {
    if (p.message.empty()) std::abort();
  }
  return 0;
}
