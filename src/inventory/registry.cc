// SPDX-License-Identifier: Apache-2.0
//
// The one table of extractors. Adding one means a file in os/ or lang/ (or here), one line in
// kExtractors, fixtures in tests/fixtures/inventory/<id>/ and a fuzz target.
#include <array>

#include "inventory/extractors.h"

namespace upkeep::inventory {
namespace {

// One extractor per line.
// clang-format off
const std::array kExtractors = {
    &dpkg_status_extractor(),
    &apk_installed_extractor(),
    &rpm_db_extractor(),
    &cargo_lock_extractor(),
    &pipfile_lock_extractor(),
    &poetry_lock_extractor(),
    &python_dist_info_extractor(),
    &requirements_txt_extractor(),
    &uv_lock_extractor(),
    &go_mod_extractor(),
    &go_binary_extractor(),
    &gemfile_lock_extractor(),
    &composer_lock_extractor(),
    &nuget_lock_extractor(),
    &conan_lock_extractor(),
    &conanfile_txt_extractor(),
    &vcpkg_json_extractor(),
    &gradle_lockfile_extractor(),
    &java_archive_extractor(),
    &pom_xml_extractor(),
    &sbom_extractor(),
    &npm_package_lock_extractor(),
    &yarn_lock_extractor(),
    &pnpm_lock_extractor(),
    &node_modules_extractor(),
};
// clang-format on

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
