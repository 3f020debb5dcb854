// SPDX-License-Identifier: Apache-2.0
//
// Reading SBOMs back into components: CycloneDX JSON (1.2 to 1.6) and SPDX JSON (2.2, 2.3).
// Internal to the inventory library (the extractor is in sbom_extractor.cc).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/inventory.h"
#include "upkeep/purl.h"

namespace upkeep::inventory::sbom {

// The OSV ecosystem of a package named by `p`: npm, PyPI, Go, crates.io, Maven, RubyGems,
// Packagist, NuGet, ...; for deb, apk and rpm the distribution release from the `distro`
// qualifier (or the namespace): "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.19", "AlmaLinux:9".
// Empty when OSV has no ecosystem for it.
std::string osv_ecosystem(const purl::Purl& p);

// Problems found while reading a document, each about the JSON value at a JSON Pointer
// ("/components/3"). Flushed at the end with the line and column of each value, found in one
// pass over the text (DOM values do not know where they were).
class Problems {
 public:
  void add(std::string pointer, std::string message);
  bool empty() const { return items_.empty(); }
  // Reports every problem to `ctx` (at most kMaxListed, then a count of the rest).
  void flush(std::string_view text, ExtractContext& ctx);

  static constexpr size_t kMaxListed = 100;

 private:
  struct Item {
    std::string pointer, message;
  };
  std::vector<Item> items_;
};

// Byte offsets of the values at `pointers` in the valid JSON `text` (keys in the pointers are
// plain: no "~" escapes). One pass; pointers not found are absent from the result.
std::map<std::string, uint64_t> locate_json_pointers(std::string_view text,
                                                     const std::set<std::string>& pointers);

// What an SBOM says of one package.
struct PackageFields {
  std::string_view purl;
  std::string_view name;
  std::string_view group;  // CycloneDX group (Maven groupId, npm scope)
  std::string_view version;
  // Not a software package (an operating system, a file, a container...): skipped quietly when
  // it has no purl.
  bool non_software = false;
};

// The component for `fields`: name, version, purl (canonical), ecosystem, and for distribution
// packages arch and source package from the purl. Without a usable purl it is kept with an
// empty ecosystem and a pkg:generic purl, and a problem is noted. nullopt when there is nothing
// to name it by (or it is a non-software element without a purl).
std::optional<Component> make_component(const PackageFields& fields, const std::string& pointer,
                                        Problems& problems);

// Adds `components` to `ctx`, one per purl: a package a document lists several times (nested
// under several parents, as cyclonedx-npm does) is reported once, as direct if any occurrence
// is, with the strongest scope any occurrence states and all their dependencies.
void add_merged(std::vector<Component> components, ExtractContext& ctx);

// Read a parsed document; components go to `ctx`, problems to `problems`.
void read_cyclonedx(simdjson::dom::element root, Problems& problems, ExtractContext& ctx);
void read_spdx(simdjson::dom::element root, Problems& problems, ExtractContext& ctx);

// The string at `key`, or empty; a problem when it is there but not a string.
std::string_view string_field(simdjson::dom::element element, std::string_view key,
                              const std::string& pointer, Problems& problems);

}  // namespace upkeep::inventory::sbom
