// SPDX-License-Identifier: Apache-2.0
//
// Version sprawl: the components present in more than one version across the targets, where each
// version is used, and the version to converge on. Fewer versions of a thing means fewer patches
// to roll out and fewer places a fixed vulnerability can hide.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "upkeep/inventory.h"
#include "upkeep/match.h"

namespace upkeep::maintenance {

struct SprawlVersion {
  std::string version;
  std::vector<size_t> components;  // inventory indexes: every place this version is used
  // Distinct vulnerabilities open (not suppressed) in this version, by preferred id.
  std::vector<std::string> open_findings;
};

struct SprawlEntry {
  std::string key;  // the purl without version, qualifiers and subpath: "pkg:npm/lodash"
  std::string ecosystem;
  std::string name;
  // Newest first, by the ecosystem's version scheme; versions the scheme cannot read come last,
  // by text.
  std::vector<SprawlVersion> versions;
  // The version to converge on (index into versions): the newest one in use, when it has no
  // open findings; none otherwise (an older clean version would be a downgrade for the uses of
  // the newer ones, and may lack their fixes).
  static constexpr size_t kNone = static_cast<size_t>(-1);
  size_t converge_on = kNone;
  // When the newest version in use has open findings: the smallest version that fixes every
  // finding of it (from the matcher's advice), "" when none is known.
  std::string upgrade_to;
};

struct Sprawl {
  // Components in more than one version: most versions first, then by key.
  std::vector<SprawlEntry> entries;
  uint64_t distinct_components = 0;   // keys over the whole inventory (with a version)
  uint64_t distinct_versions = 0;     // (key, version) pairs over the whole inventory
  uint64_t sprawling_components = 0;  // entries.size()
  // Versions that converging would remove: the sum over entries of (versions - 1).
  uint64_t surplus_versions = 0;
};

// Groups the inventory's components by ecosystem and purl without version (components without a
// version or a purl are left out; the ecosystem keeps distribution releases apart) and keeps
// those with more than one version.
Sprawl find_sprawl(const inventory::Inventory& inventory, std::span<const match::Finding> findings,
                   std::span<const match::ComponentAdvice> advice);

}  // namespace upkeep::maintenance
