// SPDX-License-Identifier: Apache-2.0
//
// What go.mod and Go binaries have in common: module purls, and the Go toolchain as the
// `stdlib` package of OSV's Go ecosystem. Internal to the inventory library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace upkeep::inventory::golang {

// OSV's Go ecosystem lists standard library vulnerabilities under this package name.
inline constexpr std::string_view kStdlib = "stdlib";

// pkg:golang/<module path>@<version>: the path up to its last '/' is the namespace, the rest the
// name (so "/" stays a separator, not %2F); the version keeps its "v".
std::string module_purl(std::string_view module_path, std::string_view version);

// The semantic version of a Go toolchain as OSV's Go ecosystem writes stdlib versions, with the
// "v" modules have: "go1.21.5" -> "v1.21.5", "go1.20" -> "v1.20.0", "go1.21rc2" ->
// "v1.21.0-rc.2", "go1.18beta1" -> "v1.18.0-beta.1"; a GOEXPERIMENT suffix (" X:...") is
// dropped. nullopt for what is no release ("devel go1.23-abc...", garbage).
std::optional<std::string> toolchain_semver(std::string_view go_version);

// Whether `v` is a canonical module version: "v" MAJOR.MINOR.PATCH, an optional pre-release
// and build suffix ("v1.2.3-rc.1", "v0.0.0-20240101000000-abcdefabcdef", "v2.0.0+incompatible").
bool is_module_version(std::string_view v);

// Whether the right side of a `replace` (or a binary's "=>") is a directory, not a module:
// "./x", "../x", "/abs", "C:\x" (as x/mod's modfile.IsDirectoryPath decides).
bool is_directory_path(std::string_view path);

}  // namespace upkeep::inventory::golang
