// SPDX-License-Identifier: Apache-2.0
//
// Target readers that are more than a directory walk. Internal to the inventory library.
#pragma once

#include "upkeep/inventory.h"

namespace upkeep::inventory::detail {

// `docker save` and OCI image layout archives (image.cc).
Status inventory_image(const TargetSpec& target, const Options& options, Inventory& out);

// The id of the extractor that reads CycloneDX and SPDX JSON documents, and whether the first
// bytes of a file look like one (for files whose name says nothing).
inline constexpr std::string_view kSbomExtractorId = "sbom";
bool looks_like_sbom(std::string_view head);

}  // namespace upkeep::inventory::detail
