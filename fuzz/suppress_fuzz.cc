// SPDX-License-Identifier: Apache-2.0
//
// The suppression readers on arbitrary bytes, one binary per reader (UPKEEP_FUZZ_SUPPRESS):
// openvex, cyclonedx, ignore, document (kind detection) and vers (a `vers:` range, a purl
// pattern and a version, one per line). Whatever the input: an error or warnings, never a crash,
// and lookups on what loaded stay safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "suppress/internal.h"
#include "upkeep/suppress.h"

namespace {

using upkeep::suppress::Date;
using upkeep::suppress::Suppressions;

void exercise(const Suppressions& s) {
  const Date today{2025, 6, 1};
  for (const char* purl :
       {"pkg:npm/lodash@4.17.20", "pkg:golang/golang.org/x/net@v0.7.0", "pkg:pypi/django@4.2.1",
        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0",
        "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12", "not a purl"}) {
    (void)s.lookup({"CVE-2023-44487", "GHSA-qppj-fm5r-hxr3", "CVE-2021-23337"}, purl, today);
  }
  (void)s.expired_entries(today);
  for (const auto& w : s.warnings())
    (void)w.to_string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string_view kind = UPKEEP_FUZZ_SUPPRESS;
  if (kind == "vers") {
    const size_t a = text.find('\n');
    const std::string_view range = text.substr(0, a);
    const std::string_view rest =
        a == std::string_view::npos ? std::string_view() : text.substr(a + 1);
    const size_t b = rest.find('\n');
    const std::string_view pattern = rest.substr(0, b);
    const std::string_view version =
        b == std::string_view::npos ? std::string_view() : rest.substr(b + 1);
    if (auto r = upkeep::suppress::VersRange::parse(range)) {
      (void)r->contains(version);
      (void)r->contains("1.0.0");
    }
    if (auto p = upkeep::suppress::detail::PurlPattern::parse(pattern, true)) {
      if (auto c = upkeep::purl::parse(version)) (void)p->matches(*c);
    }
    (void)Date::parse(version);
    (void)upkeep::suppress::detail::parse_timestamp(version);
    return 0;
  }
  Suppressions s;
  upkeep::Status status;
  if (kind == "openvex") {
    status = s.add_openvex(text, "fuzz.json");
  } else if (kind == "cyclonedx") {
    status = s.add_cyclonedx_vex(text, "fuzz.json");
  } else if (kind == "ignore") {
    status = s.add_ignore_file(text, ".upkeepignore");
  } else {
    status = s.add_document(text, "fuzz");
  }
  if (!status.is_ok() && s.size() != 0) __builtin_trap();  // a failed document adds nothing
  exercise(s);
  return 0;
}
