// SPDX-License-Identifier: Apache-2.0
//
// Image archives: `docker save` and OCI image layouts, read with libarchive. (In progress.)
#include "inventory/targets.h"

namespace upkeep::inventory::detail {

Status inventory_image(const TargetSpec& target, const Options& /*options*/, Inventory& /*out*/) {
  return Status::unsupported(target.original + ": image archives are not read yet");
}

bool looks_like_sbom(std::string_view head) {
  return head.find("\"bomFormat\"") != std::string_view::npos ||
         head.find("\"spdxVersion\"") != std::string_view::npos;
}

}  // namespace upkeep::inventory::detail
