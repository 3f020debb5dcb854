// SPDX-License-Identifier: Apache-2.0
// debian-security-support lists on arbitrary bytes (seeded from tests/fixtures/eol/support/):
// the first byte picks ended or limited, the rest is the list. Never a crash; every ended entry
// has a package, a last version and a date; the package patterns match themselves when they
// hold no '.'.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/eol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using Kind = upkeep::eol::SupportEntry::Kind;
  const Kind kind = (data[0] & 1) != 0 ? Kind::kLimited : Kind::kEnded;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)upkeep::eol::support_list_kind(text);
  const auto list = upkeep::eol::parse_support_list(text, kind, "deb12");
  for (const auto& e : list.entries) {
    if (e.package.empty() || e.line == 0) std::abort();
    if (kind == Kind::kEnded && (e.last_version.empty() || !e.date)) std::abort();
    if (e.package.find('.') == std::string_view::npos &&
        !upkeep::eol::support_package_matches(e.package, e.package)) {
      std::abort();
    }
    (void)upkeep::eol::support_package_matches(e.package, text.substr(0, 64));
  }
  for (const auto& p : list.problems) {
    if (p.message.empty() || p.line == 0) std::abort();
  }
  return 0;
}
