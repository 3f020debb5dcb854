// SPDX-License-Identifier: Apache-2.0
//
// package-lock.json and npm-shrinkwrap.json (the same format), lockfile versions 1, 2 and 3.
//
// Versions 2 and 3 list every installed copy in "packages", keyed by its folder:
// "node_modules/a", "node_modules/a/node_modules/@s/b" (the name is what follows the last
// "node_modules/", or the entry's "name" for an alias "npm:real@1.0.0"); "" is the project
// itself; keys without node_modules ("packages/app") are the project's own workspaces and
// file: folders, and "link": true entries point at them: none of those are components. The
// dev, optional and devOptional flags give the scope; the direct dependencies are those the
// root (and the workspaces) declare, resolved the way node resolves them. Version 2 also
// carries version 1's tree for old npm, which is ignored when "packages" is there.
//
// Version 1 nests copies in "dependencies" trees with the same flags. It does not say what the
// project declares: that comes from the package.json beside the lockfile when there is one
// (otherwise relationships stay unknown). Its "version" may be a git URL, a tarball URL or
// "npm:real@1.0.0" for aliases; a URL gives an empty version with a note (the lockfile does not
// say which version that commit or tarball holds).
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/json.h"
#include "inventory/lang/npm_common.h"

namespace upkeep::inventory {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// The scope npm's flags give: dev (also with optional: an optional dependency of a dev one) is
// development; optional or devOptional (optional in production, needed in development) optional.
Scope scope_from_flags(element entry) {
  if (formats::get_bool(entry, "dev")) return Scope::kDevelopment;
  if (formats::get_bool(entry, "optional") || formats::get_bool(entry, "devOptional")) {
    return Scope::kOptional;
  }
  return Scope::kRuntime;
}

// The names in a map of dependency ranges, aliases resolved to the real package name. A value
// of `key` that is not a map is reported (with `where`, the entry's description).
void add_dependency_names(element entry, std::string_view key, std::vector<std::string>& out,
                          const std::function<void(std::string)>& complain,
                          const object* skip = nullptr) {
  object deps;
  const auto field = entry[key];
  if (field.error() != simdjson::SUCCESS) return;
  if (field.get(deps) != simdjson::SUCCESS) {
    complain("\"" + std::string(key) + "\" is not an object");
    return;
  }
  for (auto [name, value] : deps) {
    element meta;
    if (skip != nullptr && (*skip)[name].get(meta) == simdjson::SUCCESS &&
        formats::get_bool(meta, "optional")) {
      continue;
    }
    std::string_view range;
    std::string_view real;
    if (value.get(range) == simdjson::SUCCESS) real = npm::alias_target(range);
    out.emplace_back(real.empty() ? name : real);
  }
}

// dependencies (or version 1's requires), optionalDependencies and the peers that are not
// optional.
std::vector<std::string> dependency_names(element entry, std::string_view deps_key,
                                          const std::function<void(std::string)>& complain) {
  std::vector<std::string> out;
  add_dependency_names(entry, deps_key, out, complain);
  add_dependency_names(entry, "optionalDependencies", out, complain);
  object meta;
  const bool has_meta = entry["peerDependenciesMeta"].get(meta) == simdjson::SUCCESS;
  add_dependency_names(entry, "peerDependencies", out, complain, has_meta ? &meta : nullptr);
  return out;
}

// The dependencies a manifest entry (the root "" or a workspace) declares.
std::vector<std::string> declared_names(element entry) {
  std::vector<std::string> out;
  for (std::string_view key :
       {"dependencies", "devDependencies", "optionalDependencies", "peerDependencies"}) {
    auto deps = formats::get_object(entry, key);
    if (!deps) continue;
    for (auto [name, value] : *deps)
      out.emplace_back(name);
  }
  return out;
}

class PackageLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "package-lock.json"; }
  bool claims(const FileRef& file) const override {
    return file.name == "package-lock.json" || file.name == "npm-shrinkwrap.json";
  }
  bool recognizes(std::string_view name, std::string_view head) const override {
    return name.ends_with(".json") && head.find("\"lockfileVersion\"") != std::string_view::npos &&
           (head.find("\"packages\"") != std::string_view::npos ||
            head.find("\"dependencies\"") != std::string_view::npos);
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    std::string text;
    if (!npm::read_text(file, max_file_size(), ctx, text)) return;
    formats::JsonDocument doc;
    if (auto err = doc.parse(text)) {
      formats::report(ctx, "not a valid package-lock.json", *err);
      return;
    }
    const element root = doc.root();
    if (!root.is_object()) {
      ctx.warn("not a package lockfile: the top level is not a JSON object");
      return;
    }
    npm::WarningBudget budget(ctx);
    npm::JsonKeyLocator locate(text);
    object packages;
    object tree;
    if (root["packages"].get(packages) == simdjson::SUCCESS) {
      from_packages(file, packages, ctx, budget, locate);
    } else if (root["dependencies"].get(tree) == simdjson::SUCCESS) {
      if (root["packages"].error() == simdjson::SUCCESS) {
        budget.warn("\"packages\" is not an object; reading the version 1 \"dependencies\"",
                    locate.line_of("packages", false));
      }
      from_tree(file, tree, ctx, budget, locate);
    } else if (root["packages"].error() == simdjson::SUCCESS) {
      budget.warn("\"packages\" is not an object", locate.line_of("packages", false));
    } else if (root["dependencies"].error() == simdjson::SUCCESS) {
      budget.warn("\"dependencies\" is not an object", locate.line_of("dependencies", false));
    }
    // Neither: a project without dependencies has neither key.
    budget.finish();
  }

 private:
  // Versions 2 and 3.
  static void from_packages(const FileRef& file, object packages, ExtractContext& ctx,
                            npm::WarningBudget& budget, npm::JsonKeyLocator& locate) {
    std::vector<npm::Node> nodes;
    std::unordered_map<std::string_view, size_t> by_key;  // installed copies by folder
    // The project's manifests: the root "" and its workspaces / file: folders, with what they
    // declare.
    std::vector<std::pair<std::string_view, std::vector<std::string>>> manifests;
    bool have_root = false;
    for (auto [key, entry] : packages) {
      // Every entry is located, in order, so that the search stays one pass (JsonKeyLocator).
      const uint64_t line = locate.line_of(key, entry.is_object());
      if (!entry.is_object()) {
        budget.warn("packages[\"" + std::string(key) + "\"] is not an object", line);
        continue;
      }
      const size_t nm = key.rfind("node_modules/");
      const bool installed = nm != std::string_view::npos && (nm == 0 || key[nm - 1] == '/');
      if (!installed) {
        if (key.empty()) have_root = true;
        manifests.emplace_back(key, declared_names(entry));
        continue;
      }
      if (formats::get_bool(entry, "link")) continue;  // the folder it points to is listed too
      npm::Node n;
      const std::string_view folder_name = key.substr(nm + 13);
      std::string_view name = folder_name;
      if (entry["name"].error() == simdjson::SUCCESS &&
          entry["name"].get(name) != simdjson::SUCCESS) {
        budget.warn("packages[\"" + std::string(key) + "\"]: \"name\" is not a string", line);
        continue;
      }
      const std::string where = "packages[\"" + std::string(key) + "\"]";
      auto complain = [&](std::string what) { budget.warn(where + ": " + what, line); };
      std::string_view version;
      if (name.empty()) {
        complain("no package name");
        continue;
      }
      if (entry["version"].error() != simdjson::SUCCESS) {
        complain("no version");
        continue;
      }
      if (entry["version"].get(version) != simdjson::SUCCESS || version.empty()) {
        complain("\"version\" is not a version string");
        continue;
      }
      n.name = std::string(name);
      n.version = std::string(version);
      n.source = std::string(formats::get_string(entry, "resolved"));
      n.scope = scope_from_flags(entry);
      n.dependencies = dependency_names(entry, "dependencies", complain);
      if (auto license = formats::get_string(entry, "license"); !license.empty()) {
        n.licenses.emplace_back(license);
      }
      by_key.emplace(key, nodes.size());
      nodes.push_back(std::move(n));
    }
    // A name declared by a manifest at `dir` resolves as node does: dir/node_modules/name, then
    // in each parent folder's node_modules, up to the project's.
    auto resolve = [&](std::string_view dir, std::string_view name) -> const size_t* {
      std::string candidate;
      for (;;) {
        candidate.assign(dir);
        if (!candidate.empty()) candidate += '/';
        candidate += "node_modules/";
        candidate += name;
        if (auto it = by_key.find(candidate); it != by_key.end()) return &it->second;
        if (dir.empty()) return nullptr;
        do {
          const size_t slash = dir.rfind('/');
          dir = slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
        } while (!dir.empty() && (dir == "node_modules" || dir.ends_with("/node_modules")));
      }
    };
    bool known = have_root;
    if (!have_root) {
      // A hand-made or truncated lockfile without the project entry: its package.json says.
      const std::string pj = join_path(parent_path(file.path), "package.json");
      if (auto json = npm::read_package_json(ctx.fs(), pj, &ctx)) {
        known = true;
        std::vector<std::string> names;
        for (const auto& d : json->dependencies)
          names.push_back(d.name);
        manifests.emplace_back("", std::move(names));
      }
    }
    for (const auto& [dir, names] : manifests) {
      for (const std::string& name : names) {
        if (const size_t* i = resolve(dir, name)) nodes[*i].direct = true;
      }
    }
    npm::emit(nodes, known, ctx);
  }

  // Version 1.
  static void from_tree(const FileRef& file, object tree, ExtractContext& ctx,
                        npm::WarningBudget& budget, npm::JsonKeyLocator& locate) {
    std::vector<npm::Node> nodes;
    const std::string pj = join_path(parent_path(file.path), "package.json");
    const std::optional<npm::PackageJson> project = npm::read_package_json(ctx.fs(), pj, &ctx);
    // JSON nesting is bounded by the parser's depth limit, so this recursion is too.
    std::function<void(object, bool)> walk = [&](object deps, bool top) {
      for (auto [key, entry] : deps) {
        const uint64_t line = locate.line_of(key, entry.is_object());
        if (!entry.is_object()) {
          budget.warn("dependencies[\"" + std::string(key) + "\"] is not an object", line);
          continue;
        }
        const std::string where = "dependencies[\"" + std::string(key) + "\"]";
        auto complain = [&](std::string what) { budget.warn(where + ": " + what, line); };
        std::string_view version;
        if (entry["version"].error() != simdjson::SUCCESS) {
          complain("no version");
        } else if (entry["version"].get(version) != simdjson::SUCCESS || version.empty()) {
          complain("\"version\" is not a version string");
        } else {
          npm::Node n;
          n.name = std::string(key);
          n.source = std::string(formats::get_string(entry, "resolved"));
          describe_v1_version(version, n);
          n.scope = scope_from_flags(entry);
          n.direct = top && project && project->find(key) != nullptr;
          n.dependencies = dependency_names(entry, "requires", complain);
          if (n.name.empty()) {
            complain("no package name");
          } else {
            nodes.push_back(std::move(n));
          }
        }
        object nested;
        if (entry["dependencies"].get(nested) == simdjson::SUCCESS) {
          walk(nested, false);
        } else if (entry["dependencies"].error() == simdjson::SUCCESS) {
          complain("\"dependencies\" is not an object");
        }
      }
    };
    walk(tree, true);
    npm::emit(nodes, project.has_value(), ctx);
  }

  // Version 1's "version": a version, or what was installed when there is none.
  static void describe_v1_version(std::string_view version, npm::Node& n) {
    if (version.starts_with("npm:")) {  // an alias: "npm:real@1.2.3"
      const auto [real, v] = npm::split_at_version(version.substr(4));
      n.name = std::string(real);
      n.version = std::string(v);
      return;
    }
    if (npm::is_git_source(version)) {
      n.source = std::string(version);
      n.version_note = "git dependency: the lockfile gives the commit, not a version";
      return;
    }
    if (version.starts_with("file:")) {
      const bool tarball =
          version.ends_with(".tgz") || version.ends_with(".tar.gz") || version.ends_with(".tar");
      // A folder is the project's own code, linked; a tarball is a package like any other.
      if (!tarball) n.report = false;
      n.version_note = "local tarball: the lockfile gives the file, not a version";
      return;
    }
    if (version.starts_with("http://") || version.starts_with("https://")) {
      n.source = std::string(version);
      n.version_note = "tarball dependency: the lockfile gives the URL, not a version";
      return;
    }
    n.version = std::string(version);
  }
};

}  // namespace

const Extractor& npm_package_lock_extractor() {
  static const PackageLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
