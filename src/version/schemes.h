// SPDX-License-Identifier: Apache-2.0
//
// The scheme objects, one per file in this folder. registry.cc puts them in the one table; nothing
// else should need these declarations, apart from a scheme's own extras below (used by its tests,
// and by the matchers that need them).
#pragma once

#include <compare>
#include <optional>
#include <string_view>

#include "upkeep/version.h"

namespace upkeep::version {

const Scheme& deb_scheme() noexcept;
const Scheme& maven_scheme() noexcept;
const Scheme& rpm_scheme() noexcept;
const Scheme& apk_scheme() noexcept;

// apk's fuzzy comparison (the '~' dependency operator, as in "busybox~1.36"): like apk_scheme()'s
// compare, except that `version` equals `prefix` when its leading tokens equal all of `prefix`'s
// (3.6.9 ~ 3.6, but not 3.60 ~ 3.6). nullopt when either side is invalid.
std::optional<std::strong_ordering> apk_fuzzy_compare(std::string_view version,
                                                      std::string_view prefix) noexcept;
const Scheme& go_scheme() noexcept;
// OSV's "Go" ecosystem: go_scheme() that also reads "1.2.3" as "v1.2.3".
const Scheme& go_osv_scheme() noexcept;
const Scheme& nuget_scheme() noexcept;
const Scheme& npm_scheme() noexcept;
const Scheme& cargo_scheme() noexcept;
const Scheme& pypi_scheme() noexcept;
const Scheme& rubygems_scheme() noexcept;
const Scheme& composer_scheme() noexcept;

}  // namespace upkeep::version
