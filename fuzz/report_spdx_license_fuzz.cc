// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the SPDX license expression parser (declared licenses come from untrusted
// files): no crash at any nesting, and what it writes back parses again to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "report/spdx_license.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;
  using upkeep::report::detail::parse_spdx_license;
  const auto first =
      parse_spdx_license(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!first) return 0;
  const auto again = parse_spdx_license(first->expression);
  if (!again || again->expression != first->expression || again->single_id != first->single_id ||
      again->cyclonedx_id != first->cyclonedx_id) {
    std::abort();
  }
  return 0;
}
