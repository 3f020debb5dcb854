// SPDX-License-Identifier: Apache-2.0
//
// Running extractors in tests: on fixture files from disk, on in-memory trees, and on the real
// data in ../shared/data.
#pragma once

#include <string>
#include <vector>

#include "upkeep/fs.h"
#include "upkeep/inventory.h"

namespace upkeep::testing {

struct Extracted {
  std::vector<inventory::Component> components;
  std::vector<inventory::Diagnostic> warnings;

  // The components with this name (any version); nullptr-free convenience for assertions.
  std::vector<const inventory::Component*> named(std::string_view name) const;
  // The single component with this name and version, or nullptr.
  const inventory::Component* find(std::string_view name, std::string_view version) const;
  // All warnings, one per line, for failure messages.
  std::string warnings_text() const;
};

// Runs the extractor `id` on the file at `path` inside `fs`, as a walk would (claims() is not
// consulted). `os` is the target's distribution, if any.
Extracted run_extractor(std::string_view id, const Fs& fs, std::string_view path,
                        const inventory::OsRelease* os = nullptr);

// Runs it on a file on disk: the file's directory becomes the Fs root.
Extracted run_extractor_on_file(std::string_view id, const std::string& host_path,
                                const inventory::OsRelease* os = nullptr);

// tests/fixtures/inventory (set by the build).
std::string inventory_fixture_dir();
// ../shared/data, or $UPKEEP_SHARED_DATA; empty when neither exists (tests then skip).
std::string shared_data_dir();

// Reads a whole file from disk (test fixtures); empty on error.
std::string read_host_file(const std::string& path);

}  // namespace upkeep::testing
