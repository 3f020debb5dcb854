// SPDX-License-Identifier: Apache-2.0
//
// What the CycloneDX and SPDX writers share: the inventory folded into one entry per distinct
// purl (a package found in three files is one SBOM component with three occurrences), the
// dependency graph resolved from component names to entries, and identifiers derived from the
// content so the same inventory always gives the same document.
#pragma once

#include <string>
#include <vector>

#include "upkeep/inventory.h"

namespace upkeep::report::detail {

struct SbomComponent {
  // Unique key: the purl, or "upkeep:component:<ecosystem>/<name>@<version>" when there is none.
  std::string ref;
  // Every inventory component with this purl, in inventory order; the first speaks for the rest
  // in fields that are the same for all (name, version, ecosystem, purl).
  std::vector<const inventory::Component*> occurrences;
  // Direct when any occurrence is direct, else transitive when any is, else unknown.
  inventory::Relationship relationship = inventory::Relationship::kUnknown;
  // Runtime when any occurrence is needed at run time; unknown when any occurrence does not say;
  // else optional when any is optional; else development.
  inventory::Scope scope = inventory::Scope::kUnknown;
  std::vector<std::string> licenses;    // union of the declared licenses, sorted
  std::vector<std::string> locations;   // distinct files, sorted
  std::vector<std::string> layers;      // distinct image layers, sorted
  std::vector<std::string> extractors;  // distinct extractor ids, sorted
  std::vector<size_t> depends_on;       // indices into SbomModel::components, sorted
  // The purl can be written: it decodes to UTF-8 (a name of invalid UTF-8 from a broken file
  // percent-encodes into a purl that no purl parser accepts).
  bool purl_usable = false;
  // A file it was found in lists dependencies, so an empty depends_on means "none", not
  // "unknown".
  bool dependencies_known = false;

  const inventory::Component& first() const { return *occurrences.front(); }
};

// An operating system of a target (from its os-release).
struct SbomOs {
  std::string ref;  // "upkeep:os:debian-12"
  const inventory::OsRelease* os = nullptr;
  std::string osv_ecosystem;
  std::vector<size_t> packages;  // the components of its ecosystem
};

struct SbomModel {
  std::vector<SbomComponent> components;  // sorted by ref
  std::vector<SbomOs> systems;            // sorted by ref
  // The targets' specs joined by ", ": the name of the root element.
  std::string root_name;
  // "container" when every target is an image, "host" when one is the host and no target is an
  // image, else "application".
  std::string root_kind;
  // Components the targets depend on directly, sorted.
  std::vector<size_t> direct;
  // Name-based UUID of the inventory's content (targets, tool version, each component's purl,
  // location and layer): the same inventory gives the same identifier.
  std::string uuid;
  // Dependency names that matched several versions in the same file (left out of the graph).
  size_t ambiguous_dependencies = 0;
};

SbomModel build_sbom_model(const inventory::Inventory& inventory, std::string_view tool_version);

// The distribution name of a distro ecosystem ("Debian" for "Debian:12", "Rocky Linux" for
// "Rocky Linux:9"), empty for language ecosystems (purl types other than deb, rpm, apk, alpm).
std::string distro_supplier(const inventory::Component& component);

}  // namespace upkeep::report::detail
