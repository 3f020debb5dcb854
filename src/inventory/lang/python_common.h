// SPDX-License-Identifier: Apache-2.0
//
// What the Python extractors share: PEP 508 requirement strings (requirements files, pyproject
// dependency lists), PEP 503 name keys for matching names written in different spellings
// ("typing_extensions" in one place, "Typing-Extensions" in another), pypi purls, and the direct
// dependencies a project manifest (pyproject.toml, Pipfile) declares beside a lockfile.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inventory/formats/toml.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory::python {

// A PEP 508 dependency specification, as written.
struct Requirement {
  std::string name;
  std::vector<std::string> extras;
  // Version clauses in order: operator ("==", "~=", ...) and version.
  std::vector<std::pair<std::string, std::string>> clauses;
  std::string specifier;  // the clauses as written, without parentheses ("" when none)
  std::string url;        // after "@" (a direct reference), else empty
  std::string marker;     // after ";", else empty
};

// Where a requirement string stops being PEP 508 and why.
struct RequirementError {
  size_t offset = 0;  // into the text given to parse_requirement
  std::string message;
};

// Parses one PEP 508 requirement ("name[extra]>=1,<2; python_version < '3.8'",
// "name @ https://..."). Never throws; on error says where and what.
std::optional<Requirement> parse_requirement(std::string_view text, RequirementError& error);

// The version a requirement pins exactly: "1.2" for "==1.2" or "===1.2", empty for ranges,
// wildcards ("==1.*") and no specifier at all.
std::string pinned_version(const Requirement& req);

// Whether `name` is a valid distribution name per PEP 508 (ASCII letters and digits, with
// '.', '-', '_' inside).
bool is_valid_name(std::string_view name);

// The PEP 503 normalised name ("Typing_Extensions" -> "typing-extensions"), from the purl
// library so that matching uses exactly the rule purls are written with.
std::string name_key(std::string_view name);

// "pkg:pypi/<normalised name>@<version>" with the given qualifiers (empty ones dropped).
std::string purl_for(std::string_view name, std::string_view version,
                     std::vector<std::pair<std::string, std::string>> qualifiers = {});

// A new PyPI component with name, version and purl set.
Component make_component(std::string_view name, std::string_view version,
                         std::vector<std::pair<std::string, std::string>> qualifiers = {});

// Direct dependencies a manifest beside a lockfile declares, as PEP 503 keys.
struct DirectDependencies {
  std::set<std::string> runtime;      // [project] dependencies, [tool.poetry.dependencies], ...
  std::set<std::string> optional;     // extras: [project.optional-dependencies]
  std::set<std::string> development;  // dev groups: [tool.poetry.group.*], [dependency-groups]
  bool contains(const std::string& key) const {
    return runtime.contains(key) || optional.contains(key) || development.contains(key);
  }
};

// Reads `dir`/pyproject.toml through ctx.fs(): PEP 621 [project] dependencies and
// optional-dependencies, PEP 735 [dependency-groups], and Poetry's [tool.poetry.dependencies],
// [tool.poetry.dev-dependencies] and [tool.poetry.group.<name>.dependencies]. nullopt when
// there is no such file; a file that is not valid TOML gets a warning (in that file) and
// nullopt.
std::optional<DirectDependencies> read_pyproject(ExtractContext& ctx, std::string_view dir);

// Parses a TOML lockfile. On a syntax error, reports it ("<what>: ...", with line and column)
// and, so that the packages before the error are still reported, parses the text again up to the
// [[package]] header that precedes the error. False when nothing could be parsed.
bool parse_lock_toml(std::string_view text, toml::table& doc, ExtractContext& ctx,
                     std::string_view what);

// Splits `text` into lines without their terminator ("\n" or "\r\n"); a UTF-8 byte order mark
// at the start is dropped.
std::vector<std::string_view> split_lines(std::string_view text);

std::string_view trim(std::string_view s);

}  // namespace upkeep::inventory::python
