// SPDX-License-Identifier: Apache-2.0
//
// Package URLs (https://github.com/package-url/purl-spec): the name every component carries.
// to_string() writes the canonical form: type-specific normalisation (PyPI names per PEP 503,
// lower-cased types, ...), percent-encoding of everything but A-Z a-z 0-9 . - _ ~ and ':',
// qualifiers sorted by key with empty values dropped.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upkeep/status.h"

namespace upkeep::purl {

struct Purl {
  std::string type;  // "npm", "pypi", "deb", ...
  std::string
      namespace_path;  // "@angular", "debian", "org.apache.commons", "github.com/x" (may hold '/')
  std::string name;
  std::string version;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // key, value (decoded)
  std::string subpath;

  // Sets (or replaces) a qualifier; an empty value removes it.
  void set_qualifier(std::string_view key, std::string_view value);
  // The value of a qualifier, or an empty view.
  std::string_view qualifier(std::string_view key) const;
};

// Applies the type's normalisation rules in place (lower-casing where the type is case
// insensitive, PEP 503 names for pypi, ...). to_string() calls it on a copy.
void normalize(Purl& purl);

// The canonical string.
std::string to_string(const Purl& purl);

// Parses a purl string; percent-encoded parts are decoded. An error names what is wrong.
Result<Purl> parse(std::string_view text);

// Percent-encodes per the purl spec: everything but A-Z a-z 0-9 . - _ ~ and ':'.
std::string percent_encode(std::string_view text);

// Decodes %XX sequences; an error for a malformed sequence.
Result<std::string> percent_decode(std::string_view text);

}  // namespace upkeep::purl
