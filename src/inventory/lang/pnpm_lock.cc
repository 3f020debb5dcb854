// SPDX-License-Identifier: Apache-2.0
//
// pnpm-lock.yaml, lockfile versions 5 to 9.
//
// "importers" lists, per workspace folder ("." is the root), what it declares: dependencies,
// devDependencies and optionalDependencies, each resolved to a reference (a version, a version
// with peers "1.0.0(react@18.2.0)", an alias "real@1.0.0", "link:../pkg" for the project's own
// packages). Lockfiles of a single project (versions 5 and 6) put those three maps at the top
// level instead.
//
// Versions 5 and 6 list each copy under "packages" with keys "/name/1.0.0_peer@2.0.0" (5) or
// "/name@1.0.0(peer@2.0.0)" (6), and flags: dev: true (only development), dev: false (only
// production), none (both), optional: true. Version 9 splits that: "packages" keyed
// "name@1.0.0" holds what a package is, "snapshots" keyed "name@1.0.0(peer@2.0.0)" holds each
// copy's resolved dependencies; there are no flags, so scopes follow the graph from the
// importers' three maps. Non-registry packages carry "name" and "version" fields, and their
// resolution says where they came from (tarball, git repository and commit, or a local folder,
// which is the project's own code).
//
// A component is one per distinct name, version and source (see npm_common.h): copies that
// differ only in their peers are one component.
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/yaml.h"
#include "inventory/lang/npm_common.h"

namespace upkeep::inventory {
namespace {

uint64_t line_of(const YAML::Node& node) {
  return node.Mark().line >= 0 ? static_cast<uint64_t>(node.Mark().line) + 1 : 0;
}

// A child of a map node, or an undefined node (never throws, never an invalid node).
YAML::Node child(const YAML::Node& node, const char* key) {
  if (!node || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node c = node[key];
  return c ? c : YAML::Node(YAML::NodeType::Undefined);
}

bool is_map(const YAML::Node& node) {
  return node && node.IsMap();
}

// The key of the copy a dependency reference points at, as pnpm's refToRelative builds it for
// each lockfile version; empty for links to the project's own folders.
std::string ref_to_key(std::string_view name, std::string_view ref, int major) {
  if (ref.starts_with("link:")) return {};
  if (major >= 9) {
    if (ref.starts_with('@')) return std::string(ref);  // an alias to a scoped package
    const size_t at = ref.find('@');
    if (at != std::string_view::npos) {
      const size_t colon = ref.find(':');
      const size_t paren = ref.find('(');
      // "real@1.0.0" (an alias), not "1.0.0(peer@2.0.0)" nor "git+ssh://git@host/...".
      if ((colon == std::string_view::npos || at < colon) &&
          (paren == std::string_view::npos || at < paren)) {
        return std::string(ref);
      }
    }
    std::string key(name);
    key += '@';
    key += ref;
    return key;
  }
  if (ref.starts_with('/') || ref.starts_with("file:")) return std::string(ref);
  const std::string_view plain = ref.substr(0, ref.find('('));
  if (plain.find('/') != std::string_view::npos) return std::string(ref);  // "github.com/u/r/sha"
  std::string key = "/";
  key += name;
  key += major >= 6 ? '@' : '/';
  key += ref;
  return key;
}

// Name and version from a package key, for the lockfile's version.
std::pair<std::string, std::string> parse_key(std::string_view key, int major) {
  if (key.starts_with('/')) key.remove_prefix(1);
  if (major >= 6) {
    key = key.substr(0, key.find('('));
    const auto [name, version] = npm::split_at_version(key);
    return {std::string(name), std::string(version)};
  }
  // "@scope/name/1.0.0_peer@2.0.0+other@1.0.0": the version is the last segment, before '_'.
  const size_t slash = key.rfind('/');
  if (slash == std::string_view::npos) return {std::string(key), {}};
  std::string_view version = key.substr(slash + 1);
  version = version.substr(0, version.find('_'));
  return {std::string(key.substr(0, slash)), std::string(version)};
}

// Where a package came from, for the purl: a tarball URL, a git repository#commit, or nothing
// (the registry). `local`: a folder of the project.
std::string source_of(const YAML::Node& resolution, bool& local) {
  local = false;
  if (!is_map(resolution)) return {};
  if (std::string tarball = formats::yaml_string(resolution, "tarball"); !tarball.empty()) {
    if (tarball.starts_with("file:")) return {};
    return tarball;
  }
  const std::string type = formats::yaml_string(resolution, "type");
  if (type == "git") {
    std::string repo = formats::yaml_string(resolution, "repo");
    const std::string commit = formats::yaml_string(resolution, "commit");
    // As npm writes a git source: "git+https://host/repo.git#<commit>".
    if (repo.starts_with("http://") || repo.starts_with("https://")) repo = "git+" + repo;
    if (!commit.empty()) repo += "#" + commit;
    return repo;
  }
  if (type == "directory") local = true;
  return {};
}

// The document holding the lockfile: pnpm 9.7+ may put an environment lockfile first, as a
// separate YAML document. Returns the text of the last document and its first line's number.
std::string_view main_document(std::string_view text, uint64_t& first_line) {
  first_line = 1;
  std::string_view doc = text;
  uint64_t line = 1;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view l = text.substr(pos, eol - pos);
    if (l.ends_with('\r')) l.remove_suffix(1);
    if (l == "---" && pos > 0) {
      doc = text.substr(std::min(eol + 1, text.size()));
      first_line = line + 1;
    }
    pos = eol + 1;
    ++line;
  }
  return doc;
}

class PnpmLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "pnpm-lock.yaml"; }
  bool claims(const FileRef& file) const override { return file.name == "pnpm-lock.yaml"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    if (!name.ends_with(".yaml") && !name.ends_with(".yml")) return false;
    return head.starts_with("lockfileVersion:") ||
           head.find("\nlockfileVersion:") != std::string_view::npos;
  }
  bool self_contained() const override { return true; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    std::string text;
    if (!npm::read_text(file, max_file_size(), ctx, text)) return;
    uint64_t first_line = 1;
    std::string_view body = main_document(text, first_line);
    YAML::Node doc;
    if (auto err = formats::parse_yaml(body, doc)) {
      if (err->line > 0) err->line += first_line - 1;
      formats::report(ctx, "not a valid pnpm-lock.yaml", *err);
      return;
    }
    npm::WarningBudget budget(ctx);
    try {
      read(doc, first_line - 1, ctx, budget);
    } catch (const std::exception& ex) {
      budget.warn(std::string("reading stopped: ") + ex.what());
    }
    budget.finish();
  }

 private:
  static void read(const YAML::Node& doc, uint64_t line_offset, ExtractContext& ctx,
                   npm::WarningBudget& budget) {
    if (!doc.IsMap()) {
      if (!doc.IsNull()) budget.warn("not a pnpm lockfile: the top level is not a map", 1);
      return;
    }
    auto line = [&](const YAML::Node& n) {
      const uint64_t l = line_of(n);
      return l == 0 ? 0 : l + line_offset;
    };
    const std::string version_text = formats::yaml_string(doc, "lockfileVersion");
    const int major = std::atoi(version_text.c_str());
    if (major < 5 || major > 9) {
      budget.warn("lockfileVersion \"" + version_text +
                      "\" is not one this reader knows (5 to 9); reading it as 9",
                  line(child(doc, "lockfileVersion")));
    }
    const int format = major < 5 || major > 9 ? 9 : major;

    std::vector<npm::Node> nodes;
    std::unordered_map<std::string, size_t> by_key;
    const YAML::Node packages = child(doc, "packages");
    const YAML::Node snapshots = child(doc, "snapshots");
    if (packages && !packages.IsMap() && !packages.IsNull()) {
      budget.warn("\"packages\" is not a map", line(packages));
    }
    if (snapshots && !snapshots.IsMap() && !snapshots.IsNull()) {
      budget.warn("\"snapshots\" is not a map", line(snapshots));
    }

    // What a package is: name, version, source (and for versions 5 and 6, its copy's flags).
    struct Info {
      std::string name, version, source;
      bool local = false;
      Scope scope = Scope::kUnknown;
    };
    auto describe = [&](const std::string& key, const YAML::Node& entry, Info& info) {
      auto [name, version] = parse_key(key, format);
      info.name = formats::yaml_string(entry, "name");
      if (info.name.empty()) info.name = std::move(name);
      info.version = formats::yaml_string(entry, "version");
      if (info.version.empty()) info.version = std::move(version);
      info.source = source_of(child(entry, "resolution"), info.local);
      if (format < 9) {
        const std::string dev = formats::yaml_string(entry, "dev");
        const bool optional = formats::yaml_string(entry, "optional") == "true";
        info.scope = dev == "true" ? Scope::kDevelopment
                     : optional    ? Scope::kOptional
                                   : Scope::kRuntime;
      }
    };
    auto add_node = [&](const std::string& key, const Info& info) {
      npm::Node n;
      n.name = info.name;
      n.version = info.version;
      n.source = info.source;
      n.report = !info.local;
      n.scope = info.scope;
      by_key.emplace(key, nodes.size());
      nodes.push_back(std::move(n));
    };
    std::unordered_map<std::string, Info> infos;  // version 9: packages by key
    struct Copy {
      size_t node;
      std::string where;  // "packages[...]" or "snapshots[...]", for messages
      YAML::Node entry;   // with its dependencies
    };
    std::vector<Copy> copies;
    if (is_map(packages)) {
      for (auto it = packages.begin(); it != packages.end(); ++it) {
        if (!it->first.IsScalar()) {
          budget.warn("a package key is not a string", line(it->first));
          continue;
        }
        const std::string key = it->first.Scalar();
        if (!it->second.IsMap()) {
          budget.warn("packages[\"" + key + "\"] is not a map", line(it->first));
          continue;
        }
        Info info;
        describe(key, it->second, info);
        if (info.name.empty() || info.version.empty()) {
          budget.warn("packages[\"" + key + "\"] has no package name and version", line(it->first));
          continue;
        }
        if (format >= 9) {
          infos.emplace(key, std::move(info));
        } else {
          copies.push_back({nodes.size(), "packages[\"" + key + "\"]", it->second});
          add_node(key, info);
        }
      }
    }
    if (format >= 9) {
      std::unordered_set<std::string> snapshotted;  // package keys that have a snapshot
      if (is_map(snapshots)) {
        for (auto it = snapshots.begin(); it != snapshots.end(); ++it) {
          if (!it->first.IsScalar()) {
            budget.warn("a snapshot key is not a string", line(it->first));
            continue;
          }
          const std::string key = it->first.Scalar();
          if (!it->second.IsMap() && !it->second.IsNull()) {
            budget.warn("snapshots[\"" + key + "\"] is not a map", line(it->first));
            continue;
          }
          std::string package_key = key.substr(0, key.find('('));
          Info info;
          if (auto p = infos.find(package_key); p != infos.end()) {
            info = p->second;
          } else {
            describe(key, YAML::Node(YAML::NodeType::Undefined), info);
            if (info.name.empty() || info.version.empty()) {
              budget.warn("snapshots[\"" + key + "\"] has no package name and version",
                          line(it->first));
              continue;
            }
          }
          snapshotted.insert(std::move(package_key));
          copies.push_back({nodes.size(), "snapshots[\"" + key + "\"]", it->second});
          add_node(key, info);
        }
      }
      // A package without a snapshot (a lockfile edited by hand) is still installed.
      if (is_map(packages)) {
        for (auto it = packages.begin(); it != packages.end(); ++it) {
          if (!it->first.IsScalar()) continue;
          const std::string key = it->first.Scalar();
          auto p = infos.find(key);
          if (p != infos.end() && !snapshotted.contains(key)) add_node(key, p->second);
        }
      }
    }

    // Edges and dependency names. References to copies the lockfile does not list mean it is
    // inconsistent or cut short (a truncated YAML file can still be valid YAML): counted, and
    // reported once with the first of them.
    size_t dangling = 0;
    std::string first_dangling;
    uint64_t first_dangling_line = 0;
    auto note_dangling = [&](const std::string& where, const std::string& key, uint64_t at) {
      if (dangling++ == 0) {
        first_dangling = where + " needs \"" + key + "\"";
        first_dangling_line = at;
      }
    };
    for (const Copy& copy : copies) {
      for (const char* field : {"dependencies", "optionalDependencies"}) {
        const YAML::Node deps = child(copy.entry, field);
        if (!deps) continue;
        if (!deps.IsMap()) {
          budget.warn(copy.where + ": \"" + field + "\" is not a map", line(deps));
          continue;
        }
        const bool optional = std::string_view(field) == "optionalDependencies";
        for (auto d = deps.begin(); d != deps.end(); ++d) {
          if (!d->first.IsScalar() || !d->second.IsScalar()) continue;
          const std::string dep = d->first.Scalar();
          const std::string key = ref_to_key(dep, d->second.Scalar(), format);
          auto to = key.empty() ? by_key.end() : by_key.find(key);
          if (to != by_key.end()) {
            nodes[copy.node].edges.push_back({to->second, optional});
            nodes[copy.node].dependencies.push_back(nodes[to->second].name);
          } else {
            if (!key.empty()) note_dangling(copy.where, key, line(d->first));
            nodes[copy.node].dependencies.push_back(dep);
          }
        }
      }
    }

    // The importers (or, for a single project, the top level) declare the direct dependencies.
    std::vector<std::pair<size_t, Scope>> roots;
    bool known = false;
    auto read_importer = [&](const std::string& where, const YAML::Node& importer) {
      known = true;
      static constexpr std::pair<const char*, Scope> kMaps[] = {
          {"dependencies", Scope::kRuntime},
          {"devDependencies", Scope::kDevelopment},
          {"optionalDependencies", Scope::kOptional}};
      for (const auto& [field, scope] : kMaps) {
        const YAML::Node deps = child(importer, field);
        if (!deps) continue;
        if (!deps.IsMap()) {
          budget.warn(where + ": \"" + field + "\" is not a map", line(deps));
          continue;
        }
        for (auto d = deps.begin(); d != deps.end(); ++d) {
          if (!d->first.IsScalar()) continue;
          // Versions 6 and 9: {specifier, version}; version 5: the version itself.
          const std::string ref = d->second.IsScalar() ? d->second.Scalar()
                                                       : formats::yaml_string(d->second, "version");
          const std::string key = ref_to_key(d->first.Scalar(), ref, format);
          if (key.empty()) continue;
          if (auto to = by_key.find(key); to != by_key.end()) {
            nodes[to->second].direct = true;
            roots.emplace_back(to->second, scope);
          } else {
            note_dangling(where, key, line(d->first));
          }
        }
      }
    };
    const YAML::Node importers = child(doc, "importers");
    if (is_map(importers)) {
      for (auto it = importers.begin(); it != importers.end(); ++it) {
        const std::string name = it->first.IsScalar() ? it->first.Scalar() : std::string();
        read_importer("importers[\"" + name + "\"]", it->second);
      }
    } else {
      if (importers) budget.warn("\"importers\" is not a map", line(importers));
      if (child(doc, "dependencies") || child(doc, "devDependencies") ||
          child(doc, "optionalDependencies") || child(doc, "specifiers")) {
        read_importer("the project", doc);
      }
    }
    if (dangling > 0) {
      budget.warn(first_dangling + ", which the lockfile does not list" +
                      (dangling > 1 ? " (and " + std::to_string(dangling - 1) + " more such)"
                                    : std::string()) +
                      ": it is incomplete or inconsistent",
                  first_dangling_line);
    }
    npm::propagate_scopes(nodes, roots);
    npm::emit(nodes, known, ctx);
  }
};

}  // namespace

const Extractor& pnpm_lock_extractor() {
  static const PnpmLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
