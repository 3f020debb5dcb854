// SPDX-License-Identifier: Apache-2.0
//
// The extractor objects, one per file. registry.cc puts them in the one table; nothing else
// should need these declarations (tests and fuzz targets find extractors by id).
#pragma once

#include "upkeep/inventory.h"

namespace upkeep::inventory {

// lang/
const Extractor& cargo_lock_extractor();
const Extractor& npm_package_lock_extractor();
const Extractor& yarn_lock_extractor();
const Extractor& pnpm_lock_extractor();
const Extractor& node_modules_extractor();

}  // namespace upkeep::inventory
