// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for one extractor (UPKEEP_FUZZ_EXTRACTOR names it, UPKEEP_FUZZ_PATH is where
// the input goes in an in-memory tree; fuzz/extractors.txt lists them). Beyond "no crash, no
// sanitizer report", every component reported must be usable: a name and a pkg: purl.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "upkeep/fs.h"
#include "upkeep/inventory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  static const upkeep::inventory::Extractor* extractor =
      upkeep::inventory::find_extractor(UPKEEP_FUZZ_EXTRACTOR);
  if (extractor == nullptr) std::abort();
  upkeep::MemoryFs fs;
  fs.add_file(UPKEEP_FUZZ_PATH, std::string(reinterpret_cast<const char*>(data), size));
  std::vector<upkeep::inventory::Component> components;
  std::vector<upkeep::inventory::Diagnostic> warnings;
  upkeep::inventory::ExtractContext ctx(fs, nullptr, components, warnings);
  ctx.set_current(UPKEEP_FUZZ_PATH, extractor->id());
  auto info = fs.stat(UPKEEP_FUZZ_PATH);
  const upkeep::inventory::FileRef ref{UPKEEP_FUZZ_PATH, upkeep::base_name(UPKEEP_FUZZ_PATH),
                                       *info};
  extractor->extract(ref, ctx);
  for (const auto& c : components) {
    if (c.name.empty() || c.purl.rfind("pkg:", 0) != 0) std::abort();
  }
  return 0;
}
