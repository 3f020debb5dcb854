// SPDX-License-Identifier: Apache-2.0
//
// The scheme objects, one per file in this folder. registry.cc puts them in the one table; nothing
// else should need these declarations.
#pragma once

#include "upkeep/version.h"

namespace upkeep::version {

const Scheme& deb_scheme() noexcept;
const Scheme& rubygems_scheme() noexcept;
const Scheme& composer_scheme() noexcept;

}  // namespace upkeep::version
