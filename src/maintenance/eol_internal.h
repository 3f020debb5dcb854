// SPDX-License-Identifier: Apache-2.0
//
// What the evaluation and the runtime table share.
#pragma once

#include <optional>
#include <string_view>

#include "upkeep/inventory.h"

namespace upkeep::eol::detail {

struct RuntimeMatch {
  std::string_view name;     // "Python"
  std::string_view product;  // "python"
};

// The runtime a component is (a distribution package of Python, Node.js, OpenJDK, ...; Go's
// stdlib), by the table in eol_runtimes.cc; nullopt for anything else.
std::optional<RuntimeMatch> runtime_of(const inventory::Component& component);

// Whether the component is a distribution package (deb, rpm, apk purl).
bool is_distribution_package(const inventory::Component& component);

}  // namespace upkeep::eol::detail
