// SPDX-License-Identifier: Apache-2.0
//
// The scheme objects, one per file in this folder. registry.cc puts them in the one table; nothing
// else should need these declarations.
#pragma once

#include "upkeep/version.h"

namespace upkeep::version {

const Scheme& deb_scheme() noexcept;
const Scheme& go_scheme() noexcept;
// OSV's "Go" ecosystem: go_scheme() that also reads "1.2.3" as "v1.2.3".
const Scheme& go_osv_scheme() noexcept;
const Scheme& nuget_scheme() noexcept;

}  // namespace upkeep::version
