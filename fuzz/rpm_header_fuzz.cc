// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the rpm header blob parser (src/inventory/os/rpm_header.h), the one piece
// of the OS package readers that interprets untrusted binary offsets and counts. Beyond "no crash,
// no sanitizer report": every value handed out lies inside the input, and strings hold no NUL.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "inventory/os/rpm_header.h"

namespace {

void check_inside(std::string_view input, std::string_view part) {
  if (part.empty()) return;
  if (part.data() < input.data() || part.data() + part.size() > input.data() + input.size()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace upkeep::inventory::rpm;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto header = Header::parse(input);
  if (!header.is_ok()) return 0;
  if (header->problems().size() > 9) std::abort();
  for (int32_t tag : {kTagName, kTagVersion, kTagRelease, kTagEpoch, kTagArch, kTagSourceRpm,
                      kTagLicense, kTagSummary, kTagProvideName, kTagRequireName, kTagSigMd5,
                      kTagSize, kTagLongSize, kTagHeaderI18nTable}) {
    if (auto s = header->string(tag)) {
      check_inside(input, *s);
      if (s->find('\0') != std::string_view::npos) std::abort();
    }
    for (std::string_view s : header->string_array(tag)) {
      check_inside(input, s);
      if (s.find('\0') != std::string_view::npos) std::abort();
    }
    if (auto b = header->bin(tag)) check_inside(input, *b);
    (void)header->int32(tag);
    (void)header->int64(tag);
  }
  return 0;
}
