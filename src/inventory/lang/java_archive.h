// SPDX-License-Identifier: Apache-2.0
//
// The java-archive extractor's bounds, and a way to build it with other bounds (tests exercise
// the zip-bomb limits with small numbers). registry.cc uses java_archive_extractor(), with the
// defaults below.
#pragma once

#include <cstdint>
#include <memory>

#include "upkeep/inventory.h"

namespace upkeep::inventory {

struct JavaArchiveLimits {
  // An archive up to this size (16 MiB: the scan keeps its peak memory near that) is read whole and
  // opened through its central directory (the authoritative list of entries, and skipping an entry
  // costs nothing); a larger one, or one whose size is not known, is read as a stream of local
  // entries.
  uint64_t max_in_memory = 16ull << 20;
  // Bytes decompressed over one file, nested archives included: what a zip bomb would inflate.
  uint64_t max_total_bytes = 1ull << 30;
  // Entries over one file, nested archives included.
  uint64_t max_entries = 1'000'000;
  // One pom.properties or MANIFEST.MF: metadata, a few hundred bytes in practice.
  uint64_t max_metadata_bytes = 1ull << 20;
  // Archives inside archives: an EAR holds WARs that hold JARs (depth 2); Spring Boot is 1.
  int max_depth = 4;
};

std::unique_ptr<Extractor> make_java_archive_extractor(const JavaArchiveLimits& limits);

}  // namespace upkeep::inventory
