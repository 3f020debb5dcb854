// SPDX-License-Identifier: Apache-2.0
//
// The extractor objects, one per file. registry.cc puts them in the one table; nothing else
// should need these declarations (tests and fuzz targets find extractors by id).
#pragma once

#include "upkeep/inventory.h"

namespace upkeep::inventory {

// os/
const Extractor& dpkg_status_extractor();
const Extractor& apk_installed_extractor();
const Extractor& rpm_db_extractor();

// lang/
const Extractor& cargo_lock_extractor();
const Extractor& pipfile_lock_extractor();
const Extractor& poetry_lock_extractor();
const Extractor& python_dist_info_extractor();
const Extractor& requirements_txt_extractor();
const Extractor& uv_lock_extractor();
const Extractor& go_mod_extractor();
const Extractor& go_binary_extractor();
const Extractor& gemfile_lock_extractor();
const Extractor& composer_lock_extractor();
const Extractor& nuget_lock_extractor();
const Extractor& conan_lock_extractor();
const Extractor& conanfile_txt_extractor();
const Extractor& vcpkg_json_extractor();
const Extractor& gradle_lockfile_extractor();
const Extractor& java_archive_extractor();
const Extractor& pom_xml_extractor();

// sbom/
const Extractor& sbom_extractor();
const Extractor& npm_package_lock_extractor();
const Extractor& yarn_lock_extractor();
const Extractor& pnpm_lock_extractor();
const Extractor& node_modules_extractor();

}  // namespace upkeep::inventory
