// SPDX-License-Identifier: Apache-2.0
//
// Package URLs (https://github.com/package-url/purl-spec, ECMA-427): the name every component
// carries.
//
//   pkg:type/namespace/name@version?qualifiers#subpath
//
// to_string() writes the canonical form: the type lower-cased, the type's own normalisation
// (see normalize()), every component percent-encoded except A-Z a-z 0-9 . - _ ~ and ':',
// qualifier keys lower-cased and sorted, empty qualifier values dropped, subpath segments "",
// "." and ".." dropped.
//
// parse() is lenient in what it accepts (any case in the scheme, type and qualifier keys, one or
// more '/' after "pkg:", leading and trailing '/' around the namespace, name and subpath, a '+'
// or '@' in the version with or without percent-encoding, an unencoded '@' that starts an npm
// scope) and returns the components decoded and normalised, so that
// to_string(*parse(s)) is the canonical form of s and parse(to_string(p)) gives p back.
//
// Type-specific normalisation, from each type's definition in the purl-spec repository:
//   - lower-cased namespace and name: alpm, apk, bitbucket, composer, deb, github, hex,
//     luarocks, npm; lower-cased name only: bitnami, oci; namespace only: qpkg, rpm;
//     upper-cased namespace: cpan; lower-cased version: huggingface; mlflow names are
//     lower-cased when the repository_url is a Databricks one.
//   - pypi: the name per PEP 503 (lower case, runs of '-', '_' and '.' become one '-').
//   - pub: lower case, anything outside [a-z0-9_] becomes '_'.
//   - npm: the scope is the namespace and keeps its '@' ("@angular", written %40angular); a
//     name given as "@scope/name" with no namespace is split, and a scope without '@' gets one.
//   - maven: a name given as "group:artifact" with no namespace is split.
//   - golang, composer, github, bitbucket, swift: a name given as a path ("golang.org/x/net",
//     "vendor/package") with no namespace is split at its last '/'.
//   - rpm: an epoch written in the version ("1:3.0.7-27.el9") moves to the `epoch` qualifier.
// One deliberate departure from the golang definition, which says to lower-case namespace and
// name: Go module paths are case-sensitive (github.com/Azure/azure-sdk-for-go and
// github.com/azure/... are different modules to the go command, the module proxy and OSV), the
// definition itself notes that it predates modules, and lower-casing would make purls that no
// Go tool or advisory database resolves. golang purls keep the module path's case.
//
// Everything here is a pure function of its arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upkeep/status.h"

namespace upkeep::purl {

struct Purl {
  std::string type;  // "npm", "pypi", "deb", ...
  // "@angular", "debian", "org.apache.commons", "github.com/x" (segments joined by '/').
  std::string namespace_path;
  std::string name;
  std::string version;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // key, value (decoded)
  std::string subpath;                                          // segments joined by '/', decoded

  // Sets (or replaces) a qualifier; the key is lower-cased; an empty value removes it.
  void set_qualifier(std::string_view key, std::string_view value);
  // The value of a qualifier (key in any case), or an empty view.
  std::string_view qualifier(std::string_view key) const;

  bool operator==(const Purl&) const = default;
};

// Applies the canonical rules in place: lower-cased type and qualifier keys, qualifiers sorted by
// key with empty values and repeated keys (after the first) dropped, empty namespace and subpath
// segments dropped, and the type's own rules (see above). Idempotent. to_string() calls it on a
// copy.
void normalize(Purl& purl);

// Whether `purl` (normalised) is a valid purl: a type of ASCII letters, digits, '.' and '-'
// starting with a letter; a name; qualifier keys of lower-case letters, digits, '.', '-' and
// '_' starting with a letter, each once; no namespace for the types that have none (pypi, cargo,
// gem, nuget, pub, cocoapods, bitnami, oci, mlflow) and one for the types that require it
// (maven, composer, github, bitbucket, swift, deb, apk, alpm, qpkg). The error says which rule
// is broken.
Status validate(const Purl& purl);

// The canonical string of `purl` (normalised first). Never fails: an invalid purl (see
// validate) still gets a string, which parse() may refuse.
std::string to_string(const Purl& purl);

// The canonical string of the package `text` names, without its version, qualifiers and subpath
// ("pkg:deb/debian/python3.11" for any build of any version of it): what stays the same across a
// package's versions and places. An error when `text` does not parse.
Result<std::string> versionless(std::string_view text);

// Parses a purl string: splits it per the spec's "how to parse" (subpath from the right at '#',
// qualifiers at '?', the version at the last '@' that does not start a path segment), decodes
// every component, normalises and validates. An error names the input and what is wrong.
Result<Purl> parse(std::string_view text);

// The package's name as its ecosystem (and OSV) writes it: "@angular/core" for npm,
// "org.apache.commons:commons-text" for maven, the module path for golang, "vendor/package" for
// composer, the repository path for github, bitbucket, swift, huggingface and docker; the bare
// name for every other type (the namespace of deb, rpm, apk, ... is the vendor, not part of the
// name).
std::string package_name(const Purl& purl);

// Percent-encodes per the purl spec: everything but A-Z a-z 0-9 . - _ ~ and ':', as %XX with
// upper-case hex digits.
std::string percent_encode(std::string_view text);

// Decodes %XX sequences (either case of hex digits); an error for a malformed sequence. A '+'
// stays a '+' (purls are not form-encoded).
Result<std::string> percent_decode(std::string_view text);

}  // namespace upkeep::purl
