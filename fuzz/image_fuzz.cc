// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for image archives: the input is the archive (docker save or OCI layout),
// read from memory with small bounds, merged and inventoried. Beyond "no crash, no sanitizer
// report": every component has a name and a pkg: purl, and every kept file of the merged tree
// names the layer that wrote it. Seeds: tests/fixtures/inventory/image/ (tools/gen/image_seeds.py).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "inventory/image.h"
#include "upkeep/inventory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  using upkeep::inventory::detail::ArchiveSource;
  using upkeep::inventory::detail::MergedImage;
  ArchiveSource source;
  source.memory = std::string_view(reinterpret_cast<const char*>(data), size);
  source.display = "fuzz.tar";
  upkeep::inventory::Options options;
  options.max_entry_bytes = 4 << 20;
  options.max_total_bytes = 16 << 20;
  options.max_entries = 10000;
  upkeep::inventory::Inventory out;
  auto status = upkeep::inventory::detail::read_image_archive(
      source, options, out.warnings, [&](MergedImage& image) {
        const auto& layers = image.info.layers;
        for (const auto& [path, layer] : image.layer_of) {
          if (std::find(layers.begin(), layers.end(), layer) == layers.end()) std::abort();
          if (!image.fs.lstat(path).is_ok()) std::abort();
        }
        upkeep::inventory::detail::extract_merged_image(image, options, out);
      });
  (void)status;
  for (const auto& c : out.components) {
    if (c.name.empty() || c.purl.rfind("pkg:", 0) != 0) std::abort();
  }
  return 0;
}
