// SPDX-License-Identifier: Apache-2.0
// apt list files on arbitrary bytes: the Release and Packages parsers, and the decompressors
// (the first byte picks the format), with a small output limit so bombs are refused, not
// allocated.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/debian_security.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ds = upkeep::debian_security;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto release = ds::parse_release(text);
  (void)release.is_security();
  ds::parse_packages(
      text,
      [](ds::IndexPackage p) {
        if (p.name.empty() || p.version.empty() || p.arch.empty() || p.source_name.empty() ||
            p.source_version.empty()) {
          std::abort();
        }
      },
      [](uint64_t, std::string message) {
        if (message.empty()) std::abort();
      });
  if (size == 0) return 0;
  static constexpr std::string_view kNames[] = {"P.lz4", "P.gz", "P.xz", "P.zst", "P"};
  std::string_view name = kNames[data[0] % 5];
  auto out = ds::decompress_list(name, text.substr(1), 1 << 20);
  if (out.is_ok() && out->size() > (1u << 20)) std::abort();
  return 0;
}
