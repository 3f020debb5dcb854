// SPDX-License-Identifier: Apache-2.0
//
// The one table of extractors. Adding one means a file in os/ or lang/ (or here), one line in
// kExtractors, fixtures in tests/fixtures/inventory/<id>/ and a fuzz target.
#include <array>

#include "inventory/extractors.h"

namespace upkeep::inventory {
namespace {

const std::array kExtractors = {
    &cargo_lock_extractor(),
    &npm_package_lock_extractor(),
    &yarn_lock_extractor(),
    &pnpm_lock_extractor(),
    &node_modules_extractor(),
};

}  // namespace

std::span<const Extractor* const> all_extractors() {
  return kExtractors;
}

const Extractor* find_extractor(std::string_view id) {
  for (const Extractor* e : kExtractors) {
    if (e->id() == id) return e;
  }
  return nullptr;
}

}  // namespace upkeep::inventory
