// SPDX-License-Identifier: Apache-2.0
//
// What the OS package extractors (dpkg, apk, rpm) share: which distribution a package database
// belongs to, and how that names its packages (OSV ecosystem, purl namespace and `distro`
// qualifier). Internal to the inventory library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "upkeep/inventory.h"

namespace upkeep::inventory::os {

// The distribution of a package database, as its components are named.
struct Distro {
  // OSV ecosystem ("Debian:12", "Alpine:v3.19", "AlmaLinux:9"); empty when OSV has none for this
  // distribution (Amazon Linux, Fedora, ...).
  std::string ecosystem;
  // purl namespace: the os-release ID ("debian", "ubuntu", "alpine", "amzn", "sles").
  std::string purl_namespace;
  // purl `distro` qualifier ("debian-12", "alpine-3.19.1"); empty when the release is unknown.
  std::string purl_distro;
};

// The os-release of the system a package database at `db_path` belongs to: the target's (the
// root file system's /etc/os-release), else an `os-release` file in the database's own directory
// (a database copied out of a system together with its os-release, as a file target), else none.
std::optional<OsRelease> find_os_release(const ExtractContext& ctx, std::string_view db_path);

// Names for the packages of `os`. Without an os-release, `family` is used as the namespace and
// `family_ecosystem` ("Debian", "Alpine"; may be empty) as the ecosystem, and there is no
// distro qualifier: the release is not guessed.
Distro distro_from(const std::optional<OsRelease>& os, std::string_view family,
                   std::string_view family_ecosystem);

// Collects the names of a package's dependencies in the order found, each once, in time linear
// in their number (a hostile database may list thousands).
class DependencyList {
 public:
  explicit DependencyList(std::string_view self) : self_(self) {}
  void add(std::string_view name) {
    if (name != self_ && seen_.insert(name).second) names_.emplace_back(name);
  }
  std::vector<std::string> take() { return std::move(names_); }

 private:
  std::string_view self_;
  std::unordered_set<std::string_view> seen_;
  std::vector<std::string> names_;
};

}  // namespace upkeep::inventory::os
