// SPDX-License-Identifier: Apache-2.0
//
// What the JavaScript extractors (package-lock.json, yarn.lock, pnpm-lock.yaml, node-modules)
// share: npm names and purls, the project's package.json, the dependency graph that tells
// runtime from development packages when the lockfile does not say, and the one rule for what
// a component is.
//
// A component is one resolved package per lockfile: one per distinct purl (name, version and
// the source qualifiers), however many times the lockfile installs it (npm nests copies at
// several node_modules paths, pnpm repeats a package once per set of peers). Merged copies are
// direct if any copy is, and take the widest scope (runtime over optional over development).
// This is the set of distinct purls @cyclonedx/cyclonedx-npm reports for the same lockfile
// (it lists one component per path; tests/differential/npm_inventory_test.py compares sets).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upkeep/inventory.h"

namespace upkeep::inventory::npm {

// The OSV ecosystem of every component here.
inline constexpr std::string_view kEcosystem = "npm";

// Splits "name@range" (a yarn descriptor, a pnpm key): the '@' that separates is the first one
// after a leading scope '@'. No '@' gives {spec, ""}.
std::pair<std::string_view, std::string_view> split_at_version(std::string_view spec);

// For an npm alias range "npm:real@1.2.3" (or "npm:@scope/real@^1"): the real package name;
// empty when `range` is not an alias (berry's "npm:^1.2.0" is a plain range).
std::string_view alias_target(std::string_view range);

// The purl of an npm package: pkg:npm/%40scope/name@version. `source` is where the lockfile
// says the package came from (npm's `resolved`): a git source becomes `vcs_url`, a tarball
// from another host than the public registry becomes `download_url` (as cyclonedx-npm does);
// `file:` sources and the public registry add nothing. Credentials in URLs are removed.
std::string make_purl(std::string_view name, std::string_view version, std::string_view source);

// True for git sources: "git+https://...", "git://...", "github:user/repo", "...x.git#ref".
bool is_git_source(std::string_view source);

// A dependency the project itself declares in a package.json.
struct DeclaredDependency {
  std::string name;               // the key: an alias name when the range is "npm:real@..."
  std::string range;              // as written: "^1.2.0", "npm:real@^1", "workspace:*", "file:../x"
  Scope scope = Scope::kRuntime;  // dependencies and peerDependencies: runtime; dev, optional
};

struct PackageJson {
  std::string name;
  std::string version;
  bool is_private = false;
  std::vector<DeclaredDependency> dependencies;
  std::vector<std::string> workspaces;  // the patterns of "workspaces" (array or .packages)

  // The declaration of `name`, widest scope first (runtime over optional over development);
  // nullptr when the project does not declare it.
  const DeclaredDependency* find(std::string_view name) const;
};

// Reads the package.json at `path`. nullopt when there is none; when it cannot be used, also
// nullopt, with a warning in `warn_ctx` (naming that file) unless `warn_ctx` is null.
std::optional<PackageJson> read_package_json(const Fs& fs, std::string_view path,
                                             ExtractContext* warn_ctx);

// The package.json files of the project whose lockfile is in `dir`: the root one first, then
// those of its workspaces (patterns "dir/*" and plain paths are expanded; others are not).
struct ProjectManifest {
  std::string path;  // of the package.json
  std::string dir;   // its directory, relative to the lockfile's: "" for the root
  PackageJson json;
};
std::vector<ProjectManifest> read_project_manifests(const Fs& fs, std::string_view dir,
                                                    ExtractContext& ctx);

// One installed copy of a package, as a lockfile lists it.
struct Node {
  std::string name;
  std::string version;
  std::string version_note;
  std::string source;  // resolved URL or reference, for make_purl
  bool report = true;  // false for the project's own packages (links, workspaces)
  bool direct = false;
  Scope scope = Scope::kUnknown;
  std::vector<std::string> dependencies;  // names, for Component::dependencies
  std::vector<std::string> licenses;      // as declared
  struct Edge {
    size_t to;
    bool optional;
  };
  std::vector<Edge> edges;  // resolved dependencies, for propagate_scopes
};

// Gives every node of unknown scope the widest scope it is reachable with from `roots`:
// runtime through non-optional edges from runtime roots, optional through an optional edge or
// from optional roots, development from development roots. Linear in nodes and edges.
void propagate_scopes(std::vector<Node>& nodes, const std::vector<std::pair<size_t, Scope>>& roots);

// Adds one component per distinct purl of the reported nodes, in first-seen order (see the top
// of this file). `relationships_known`: whether `direct` was determined (otherwise every
// component's relationship is unknown).
void emit(const std::vector<Node>& nodes, bool relationships_known, ExtractContext& ctx);

// The offset of the first byte that is not well-formed UTF-8, or npos.
size_t first_invalid_utf8(std::string_view text);

// Replaces every byte that is not part of well-formed UTF-8 with U+FFFD.
std::string replace_invalid_utf8(std::string_view text);

// Reads the file being extracted into `out` as node, npm, yarn and pnpm read it: as UTF-8, with
// malformed bytes decoded to U+FFFD. Such bytes get one warning (line and column of the first),
// and the rest of the file is still read, as those tools would. False, with a warning, when the
// file cannot be read.
bool read_text(const FileRef& file, uint64_t max_bytes, ExtractContext& ctx, std::string& out);

// Caps the warnings of one file: a broken or hostile lockfile must not produce millions of
// lines. After `limit` warnings, one more says how many were left out (call finish()).
class WarningBudget {
 public:
  explicit WarningBudget(ExtractContext& ctx, size_t limit = 100) : ctx_(ctx), limit_(limit) {}
  void warn(std::string message, uint64_t line = 0, uint64_t column = 0);
  // Whether another warning would still be shown (to skip costly locating when not).
  bool open() const { return count_ < limit_; }
  void finish();

 private:
  ExtractContext& ctx_;
  size_t limit_;
  size_t count_ = 0;
};

// Finds the line of an object key in JSON text, for warnings about entries that parsed but make
// no sense (simdjson keeps no positions). Searches forward from the last key found: asked for
// every entry in document order, it finds each where it is, in one pass over the text overall.
// Returns 0 when it cannot find the key.
// `object_value`: only a key whose value is an object counts (skips the same name as a key of
// a "requires" or "dependencies" map of ranges).
class JsonKeyLocator {
 public:
  explicit JsonKeyLocator(std::string_view text) : text_(text) {}
  uint64_t line_of(std::string_view key, bool object_value = true);

 private:
  std::string_view text_;
  size_t cursor_ = 0;
  uint64_t line_ = 1;  // line of cursor_
};

}  // namespace upkeep::inventory::npm
