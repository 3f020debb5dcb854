// SPDX-License-Identifier: Apache-2.0
// Range evaluation and the matcher on arbitrary records and versions. Input: a version, a
// newline, then an OSV record (JSON). Never a crash; an affected verdict's fix, when there is
// one, is above the version; the matcher finds exactly what evaluate() says.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "upkeep/advisory.h"
#include "upkeep/matcher.h"
#include "upkeep/version.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace upkeep;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  if (nl == std::string_view::npos) return 0;
  const std::string_view version = input.substr(0, nl);
  auto parsed = advisory::parse_osv_record(input.substr(nl + 1));
  if (!parsed.is_ok()) return 0;
  const advisory::Record& record = parsed->record;
  bool any_affected = false;
  for (const advisory::Affected& a : record.affected) {
    const match::Verdict v = match::evaluate(a, version);
    if (v.unknown() && v.reason.empty()) std::abort();
    if (!v.affected()) continue;
    any_affected = true;
    if (auto fixed = match::fixed_version_above(a, version)) {
      bool above = false;
      for (const advisory::Range& r : a.ranges) {
        const version::Scheme* s = match::scheme_for_range(a.ecosystem, r.type);
        if (s != nullptr && s->try_compare(*fixed, version) == std::strong_ordering::greater) {
          above = true;
        }
      }
      if (!above) std::abort();
    }
  }
  // The matcher over the first entry's package.
  if (!record.affected.empty() && !record.is_withdrawn()) {
    match::MemoryIndex index;
    index.add(record);
    const advisory::Affected& first = record.affected.front();
    auto ids = match::Matcher(index).affecting(first.ecosystem, first.name, version);
    if (!ids.is_ok()) std::abort();
    if (match::evaluate(first, version).affected() && ids->empty()) std::abort();
    inventory::Inventory inv;
    inventory::Component c;
    c.ecosystem = first.ecosystem;
    c.name = first.name;
    c.version = std::string(version);
    inv.components.push_back(c);
    auto result = match::Matcher(index).run(inv);
    if (!result.is_ok()) std::abort();
  }
  (void)any_affected;
  return 0;
}
