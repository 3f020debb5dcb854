// SPDX-License-Identifier: Apache-2.0
//
// Image archives (`docker save` and OCI image layouts) merged into an in-memory tree. Internal
// to the inventory library; exposed so tests and the fuzz target can look at the merged tree
// itself, not only at the components found in it.
//
// The archive is read as a stream with libarchive and nothing of it is written to disk. Layers
// are applied in order with their whiteouts; the merged tree keeps only the files that some
// extractor claims (and the few files they read beside them, such as os-release and go.sum),
// each with the layer that last wrote it. Files claimed by self-contained extractors (JARs, Go
// binaries) are extracted while the layer streams by, and their components are dropped again
// when a later layer deletes or replaces the file.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/fs.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory::detail {

// Where the archive's bytes come from: a file on disk (opened again for each pass over it), or
// a buffer in memory (fuzzing, tests).
struct ArchiveSource {
  std::string path;         // a file, when not empty
  std::string_view memory;  // else these bytes; must outlive the read
  std::string display;      // how messages name the archive
};

// One image of an archive with its layers applied.
struct MergedImage {
  TargetInfo info;  // kind "image", layers (diff ids in order), image_name, platform
  MemoryFs fs;      // the kept files and every symbolic link
  // Path of each kept file -> diff id ("sha256:...") of the layer that last wrote it.
  std::map<std::string, std::string, std::less<>> layer_of;
  // Found by self-contained extractors while streaming, already tagged with location and layer;
  // only those whose file is still present in the merged image.
  std::vector<Component> components;
};

// Test and fuzzing seams; the defaults are what a scan uses.
struct MergeOptions {
  // Extractors to decide what is kept and to run while streaming; empty: the registry.
  std::vector<const Extractor*> extractors;
  // Paths kept in the merged tree although no extractor claims them.
  std::function<bool(std::string_view path)> also_keep;
};

// Reads every image of the archive (one for a single-image archive; one per entry of a docker
// manifest.json or of an OCI index, with one platform chosen from a multi-platform index) and
// calls `on_image` for each, one at a time. Problems inside the archive (a bad layer, a refused
// name, a bound reached) become `warnings`; an error only when the archive cannot be read at
// all or describes no image.
Status read_image_archive(const ArchiveSource& source, const Options& options,
                          std::vector<Diagnostic>& warnings,
                          const std::function<void(MergedImage&)>& on_image,
                          const MergeOptions& merge = {});

// Runs the extractors over a merged image (with the os-release found in it) and appends its
// target, components (each tagged with its layer) and warnings to `out`.
void extract_merged_image(MergedImage& image, const Options& options, Inventory& out);

// read_image_archive + extract_merged_image for every image; `spec` names the target.
Status inventory_image_source(const ArchiveSource& source, const std::string& spec,
                              const Options& options, Inventory& out);

}  // namespace upkeep::inventory::detail
