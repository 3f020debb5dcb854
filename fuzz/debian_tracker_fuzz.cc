// SPDX-License-Identifier: Apache-2.0
// The Debian security tracker parser on arbitrary bytes: an error value or a tracker, never a
// crash; every problem names a place; matching what was parsed against a small inventory works
// whatever the versions are.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/debian_security.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using upkeep::debian_security::DebianTracker;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tracker = DebianTracker::parse(text);
  if (!tracker.is_ok()) {
    if (tracker.status().message().empty()) std::abort();
    return 0;
  }
  for (const auto& p : tracker->problems()) {
    if (p.pointer.empty() || p.message.empty()) std::abort();
  }
  upkeep::inventory::Inventory inv;
  upkeep::inventory::Component c;
  c.ecosystem = "Debian:12";
  for (const char* name : {"openssl", "curl", "p", "a"}) {
    c.name = name;
    c.version = "1.0-1";
    inv.components.push_back(c);
  }
  for (const char* release : {"bookworm", "sid", "a"}) {
    auto findings = tracker->findings_for(inv, release);
    for (const auto& f : findings) {
      if (f.component >= inv.components.size() || f.ids.empty()) std::abort();
    }
  }
  return 0;
}
