// SPDX-License-Identifier: Apache-2.0
//
// The one table of version schemes, and the map from OSV ecosystem names to them. Adding a scheme
// means one file in this folder, one row in kSchemes and its ecosystems in kEcosystems.
#include <array>
#include <string>

#include "version/schemes.h"
#include "version/util.h"

namespace upkeep::version {
namespace {

const std::array kSchemes = {
    SchemeInfo{"deb", "dpkg: Debian, Ubuntu", "libdpkg (dpkg --compare-versions)", &deb_scheme()},
    SchemeInfo{"rpm", "rpm 4.18: Red Hat, AlmaLinux, Rocky, SUSE, ...",
               "python3-rpm (rpm.labelCompare)", &rpm_scheme()},
    SchemeInfo{"apk", "apk-tools 3: Alpine, Wolfi", "apk-tools' test data (version.data)",
               &apk_scheme()},
    SchemeInfo{"pypi", "PEP 440 as packaging does it: PyPI", "python3-packaging 23.0 (Version)",
               &pypi_scheme()},
    SchemeInfo{"npm", "node semver, strict: npm", "node semver 7.8.6 (semver.compare)",
               &npm_scheme()},
    SchemeInfo{"cargo", "Rust semver crate: crates.io", "semver crate 1.0.14 (Version::parse, Ord)",
               &cargo_scheme()},
    SchemeInfo{"go", "golang.org/x/mod/semver: Go modules", "x/mod/semver 0.7.0 (IsValid, Compare)",
               &go_scheme()},
    SchemeInfo{"maven", "ComparableVersion: Maven", "maven-artifact 3.8.7 (ComparableVersion)",
               &maven_scheme()},
    SchemeInfo{"rubygems", "Gem::Version: RubyGems", "RubyGems 3.3 (correct?, <=>)",
               &rubygems_scheme()},
    SchemeInfo{"composer", "composer/semver: Packagist",
               "composer/semver 3.3 (normalize, Comparator)", &composer_scheme()},
    SchemeInfo{"nuget", "NuGet.Versioning: NuGet", "NuGet's own tests (no .NET here)",
               &nuget_scheme()},
};

struct EcosystemRow {
  std::string_view ecosystem;  // OSV name without its ":release" suffix
  const Scheme* scheme;        // usually one of kSchemes; an ecosystem may need a variant
};

// OSV ecosystem names (https://ossf.github.io/osv-schema/#defined-ecosystems) whose version
// rules we implement. Release suffixes ("Debian:12", "Alpine:v3.19") are stripped before lookup.
const std::array kEcosystems = {
    EcosystemRow{"Debian", &deb_scheme()},
    EcosystemRow{"Ubuntu", &deb_scheme()},
    EcosystemRow{"Maven", &maven_scheme()},
    // RPM distributions.
    EcosystemRow{"Red Hat", &rpm_scheme()},
    EcosystemRow{"AlmaLinux", &rpm_scheme()},
    EcosystemRow{"Rocky Linux", &rpm_scheme()},
    EcosystemRow{"openSUSE", &rpm_scheme()},
    EcosystemRow{"SUSE", &rpm_scheme()},
    EcosystemRow{"Mageia", &rpm_scheme()},
    EcosystemRow{"openEuler", &rpm_scheme()},
    EcosystemRow{"Photon OS", &rpm_scheme()},
    EcosystemRow{"Azure Linux", &rpm_scheme()},
    // apk distributions.
    EcosystemRow{"Alpine", &apk_scheme()},
    EcosystemRow{"Wolfi", &apk_scheme()},
    EcosystemRow{"Chainguard", &apk_scheme()},
    EcosystemRow{"MinimOS", &apk_scheme()},
    EcosystemRow{"Go", &go_osv_scheme()},  // OSV writes Go versions without the "v"
    EcosystemRow{"NuGet", &nuget_scheme()},
    EcosystemRow{"npm", &npm_scheme()},
    EcosystemRow{"crates.io", &cargo_scheme()},
    EcosystemRow{"PyPI", &pypi_scheme()},
    EcosystemRow{"RubyGems", &rubygems_scheme()},
    EcosystemRow{"Packagist", &composer_scheme()},
};

const SchemeInfo* find_by_short_name(std::string_view name) noexcept {
  for (const auto& info : kSchemes) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace

std::span<const SchemeInfo> all_schemes() noexcept {
  return kSchemes;
}

const Scheme* find_scheme(std::string_view name) noexcept {
  if (const auto* info = find_by_short_name(name)) return info->scheme;
  // "Ubuntu:22.04:LTS" -> "Ubuntu"; "Rocky Linux:9" -> "Rocky Linux".
  const std::string_view base = name.substr(0, name.find(':'));
  for (const auto& row : kEcosystems) {
    if (detail::iequals(row.ecosystem, base)) return row.scheme;
  }
  return nullptr;
}

Result<const Scheme*> scheme_for(std::string_view name) {
  if (const Scheme* scheme = find_scheme(name)) return scheme;
  std::string known;
  for (const auto& info : kSchemes) {
    if (!known.empty()) known += ", ";
    known += info.name;
  }
  return Status::invalid_argument("no version scheme for ecosystem \"" + std::string(name) +
                                  "\" (short names: " + known +
                                  "; or an OSV ecosystem name such as Debian:12 or PyPI)");
}

Result<std::strong_ordering> Scheme::compare(std::string_view a, std::string_view b) const {
  if (auto order = try_compare(a, b)) return *order;
  if (Status s = validate(a); !s.is_ok()) return s;
  if (Status s = validate(b); !s.is_ok()) return s;
  return Status::internal("version comparison failed although both versions are valid");
}

}  // namespace upkeep::version
