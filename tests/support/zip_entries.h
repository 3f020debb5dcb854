// SPDX-License-Identifier: Apache-2.0
//
// Reading the entries of a zip archive in tests (OSV's all.zip layout: one JSON file per record),
// with libarchive.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace upkeep::testing {

struct ZipEntry {
  std::string name;
  std::string data;
};

// Every regular file of the archive at `path`, in archive order. Empty when it cannot be read
// (`error`, when given, says why).
std::vector<ZipEntry> read_zip_entries(const std::string& path, std::string* error = nullptr);

}  // namespace upkeep::testing
