// SPDX-License-Identifier: Apache-2.0
// Debian changelogs and .deb archives on arbitrary bytes: the changelog parser and the CVE
// range, and the .deb reader (ar + data.tar + gzip) through an in-memory file system.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "upkeep/debian_security.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ds = upkeep::debian_security;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto entries = ds::parse_changelog(text);
  for (const auto& e : entries) {
    if (e.package.empty() || e.version.empty()) std::abort();
    for (const auto& id : e.cves) {
      if (id.rfind("CVE-", 0) != 0) std::abort();
    }
  }
  (void)ds::cves_between(entries, "1.0-1", "2.0-1");
  upkeep::MemoryFs fs;
  fs.add_file("/p.deb", std::string(text));
  auto reader = fs.open("/p.deb");
  if (reader.is_ok()) {
    auto changelog = ds::read_deb_changelog(std::move(reader.value()), 1 << 20);
    if (changelog.is_ok() && changelog->size() > (1u << 20)) std::abort();
  }
  return 0;
}
