// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for one version scheme (UPKEEP_FUZZ_SCHEME names it; one binary per scheme).
// Input: "A<TAB>B", or just A (compared with itself and with "1"). Beyond "no crash, no sanitizer
// report", it checks the scheme's own contract: validate() and try_compare() agree on validity,
// comparison is antisymmetric and reflexive.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/version.h"

namespace {

int sign(std::strong_ordering o) {
  return o < 0 ? -1 : (o > 0 ? 1 : 0);
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // versions are short; keep iterations fast
  static const upkeep::version::Scheme* scheme = upkeep::version::find_scheme(UPKEEP_FUZZ_SCHEME);
  check(scheme != nullptr);
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t tab = in.find('\t');
  const std::string_view a = in.substr(0, tab);
  const std::string_view b =
      tab == std::string_view::npos ? std::string_view("1") : in.substr(tab + 1);

  const bool a_valid = scheme->validate(a).is_ok();
  const bool b_valid = scheme->validate(b).is_ok();
  const auto ab = scheme->try_compare(a, b);
  const auto ba = scheme->try_compare(b, a);
  check(ab.has_value() == (a_valid && b_valid));
  check(ba.has_value() == ab.has_value());
  if (ab) check(sign(*ab) == -sign(*ba));
  const auto aa = scheme->try_compare(a, a);
  check(aa.has_value() == a_valid);
  if (aa) check(*aa == std::strong_ordering::equal);
  auto full = scheme->compare(a, b);
  check(full.is_ok() == ab.has_value());
  return 0;
}
