// SPDX-License-Identifier: Apache-2.0
//
// Version rules per ecosystem. Each scheme orders versions exactly as its ecosystem's own tool
// does (dpkg, rpm, apk-tools, python packaging, node semver, ...) or reports the version as
// invalid; no scheme ever falls back to comparing strings.
//
// Schemes are immutable and thread-safe; the objects returned here live for the whole program.
#pragma once

#include <compare>
#include <optional>
#include <span>
#include <string_view>

#include "upkeep/status.h"

namespace upkeep::version {

class Scheme {
 public:
  virtual ~Scheme() = default;

  // Returns OK when `version` is valid in this scheme. Otherwise kInvalidArgument with a message
  // that quotes the version and says what is wrong with it.
  virtual Status validate(std::string_view version) const = 0;

  // Compares `a` with `b`. Returns nullopt when either side is invalid. Allocates nothing; safe
  // on any bytes (no NUL termination is assumed).
  virtual std::optional<std::strong_ordering> try_compare(std::string_view a,
                                                          std::string_view b) const noexcept = 0;

  // Like try_compare, but an invalid side yields the validation error of the first invalid one.
  Result<std::strong_ordering> compare(std::string_view a, std::string_view b) const;

  bool is_valid(std::string_view version) const noexcept {
    return try_compare(version, version).has_value();
  }
};

// One row of the scheme table.
struct SchemeInfo {
  std::string_view name;       // short name: "deb", "pypi", ...
  std::string_view rules_of;   // whose rules: "dpkg (Debian, Ubuntu)"
  std::string_view reference;  // the tool it is checked against
  const Scheme* scheme;
};

// Every scheme, in a fixed order.
std::span<const SchemeInfo> all_schemes() noexcept;

// Looks a scheme up by short name ("deb", "cargo") or by OSV ecosystem name ("Debian:12",
// "PyPI", "crates.io", "Alpine:v3.19", "Ubuntu:22.04:LTS"); ecosystem names match without regard
// to case. Returns nullptr when nothing matches.
const Scheme* find_scheme(std::string_view name_or_ecosystem) noexcept;

// Like find_scheme, with an error naming the known schemes when nothing matches.
Result<const Scheme*> scheme_for(std::string_view name_or_ecosystem);

}  // namespace upkeep::version
