// SPDX-License-Identifier: Apache-2.0
//
// The extractor objects, one per file. registry.cc puts them in the one table; nothing else
// should need these declarations (tests and fuzz targets find extractors by id).
#pragma once

#include "upkeep/inventory.h"

namespace upkeep::inventory {

// lang/
const Extractor& cargo_lock_extractor();

// sbom/
const Extractor& sbom_extractor();

}  // namespace upkeep::inventory
