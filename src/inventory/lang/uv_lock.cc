// SPDX-License-Identifier: Apache-2.0
//
// uv.lock (version 1, any revision): one [[package]] table per locked distribution, with its
// `source`, its `dependencies`, the dependencies of each of its extras
// ([package.optional-dependencies]) and, for the project's own packages, its dependency groups
// ([package.dev-dependencies]).
//
// - The project's own packages are those whose source is `editable` or `virtual` at "." or that
//   [manifest] lists as workspace members (without either, every editable or virtual package).
//   They are not reported: they are the project, not something it depends on. Other packages
//   from a local directory (`directory`, `editable`, `virtual` sources) are local source too,
//   inventoried by walking that directory, and not reported either.
// - Direct: what a project package lists (dependencies, extras or groups). Scope: run time when
//   reachable from a project package's dependencies (through dependencies and the extras each
//   edge asks for), else optional when reachable from its extras, else development when
//   reachable from its groups.
// - Registry packages get a repository_url qualifier when the index is not PyPI; git and URL
//   sources get vcs_url and download_url.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/toml.h"
#include "inventory/lang/python_common.h"

namespace upkeep::inventory {
namespace {

constexpr std::string_view kPyPiIndex = "https://pypi.org/simple";

struct Edge {
  std::string key;  // PEP 503 name
  std::string name;
  std::string version;  // when the lock disambiguates between several locked versions
  std::vector<std::string> extras;
};

struct Node {
  std::string name;
  std::string key;
  std::string version;
  std::string source_kind;  // registry, git, url, path, directory, editable, virtual
  std::string source_value;
  uint64_t line = 0;
  std::vector<Edge> dependencies;
  std::map<std::string, std::vector<Edge>> extras;
  std::vector<Edge> groups;  // all dependency groups together
  bool local() const {
    return source_kind == "editable" || source_kind == "virtual" || source_kind == "directory";
  }
};

class UvLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "uv.lock"; }
  bool claims(const FileRef& file) const override { return file.name == "uv.lock"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    return name.ends_with(".lock") && head.find("[[package]]") != std::string_view::npos &&
           head.find("\nsource = { ") != std::string_view::npos &&
           (head.starts_with("version = ") ||
            head.find("\nrequires-python = ") != std::string_view::npos);
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    toml::table doc;
    if (!python::parse_lock_toml(*text, doc, ctx, "not a valid uv.lock")) return;
    const toml::array* packages = doc["package"].as_array();
    if (packages == nullptr) {
      if (doc.contains("package")) ctx.warn("\"package\" is not an array of tables");
      return;
    }
    std::vector<Node> nodes;
    nodes.reserve(packages->size());
    for (const toml::node& entry : *packages) {
      if (auto node = read_node(entry, ctx)) nodes.push_back(std::move(*node));
    }
    std::map<std::string, std::vector<size_t>> by_key;
    for (size_t i = 0; i < nodes.size(); ++i)
      by_key[nodes[i].key].push_back(i);

    // The project's own packages.
    std::set<std::string> members;
    if (const toml::array* list = doc["manifest"]["members"].as_array()) {
      for (const toml::node& m : *list)
        members.insert(python::name_key(m.value_or(std::string())));
    }
    std::vector<size_t> roots;
    for (size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      const bool project_source =
          (n.source_kind == "editable" || n.source_kind == "virtual") && n.source_value == ".";
      if (project_source || members.contains(n.key)) roots.push_back(i);
    }
    if (roots.empty()) {
      for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].source_kind == "editable" || nodes[i].source_kind == "virtual")
          roots.push_back(i);
      }
    }

    // Resolves an edge to the locked packages it means; warns once per missing name.
    std::set<std::string> reported_missing;
    auto resolve = [&](const Edge& e, const Node& from) {
      std::vector<size_t> out;
      auto it = by_key.find(e.key);
      if (it != by_key.end()) {
        for (size_t i : it->second) {
          if (e.version.empty() || nodes[i].version == e.version) out.push_back(i);
        }
      }
      if (out.empty() && reported_missing.insert(e.key + "@" + e.version).second) {
        ctx.warn("\"" + from.name + "\" depends on \"" + e.name +
                     (e.version.empty() ? "" : " " + e.version) + "\", which is not locked",
                 from.line);
      }
      return out;
    };

    // Scope by reachability: run time first, then optional, then development.
    std::vector<Scope> scope(nodes.size(), Scope::kUnknown);
    auto reach = [&](Scope s, auto&& starting_edges) {
      std::vector<bool> seen(nodes.size(), false);
      std::vector<std::set<std::string>> extras_seen(nodes.size());
      std::vector<std::pair<size_t, const Edge*>> work;
      for (size_t r : roots) {
        for (const Edge* e : starting_edges(nodes[r])) {
          for (size_t target : resolve(*e, nodes[r]))
            work.emplace_back(target, e);
        }
      }
      while (!work.empty()) {
        auto [i, via] = work.back();
        work.pop_back();
        if (scope[i] == Scope::kUnknown) scope[i] = s;
        std::vector<const Edge*> next;
        if (!seen[i]) {
          seen[i] = true;
          for (const Edge& e : nodes[i].dependencies)
            next.push_back(&e);
        }
        for (const std::string& extra : via->extras) {
          if (!extras_seen[i].insert(extra).second) continue;
          auto it = nodes[i].extras.find(extra);
          if (it == nodes[i].extras.end()) continue;
          for (const Edge& e : it->second)
            next.push_back(&e);
        }
        for (const Edge* e : next) {
          for (size_t target : resolve(*e, nodes[i]))
            work.emplace_back(target, e);
        }
      }
    };
    auto edges_of = [](const std::vector<Edge>& list) {
      std::vector<const Edge*> out;
      for (const Edge& e : list)
        out.push_back(&e);
      return out;
    };
    reach(Scope::kRuntime, [&](const Node& n) { return edges_of(n.dependencies); });
    reach(Scope::kOptional, [&](const Node& n) {
      std::vector<const Edge*> out;
      for (const auto& [extra, list] : n.extras) {
        for (const Edge& e : list)
          out.push_back(&e);
      }
      return out;
    });
    reach(Scope::kDevelopment, [&](const Node& n) { return edges_of(n.groups); });

    std::set<size_t> direct;
    for (size_t r : roots) {
      const Node& n = nodes[r];
      auto mark = [&](const std::vector<Edge>& list) {
        for (const Edge& e : list) {
          for (size_t target : resolve(e, n))
            direct.insert(target);
        }
      };
      mark(n.dependencies);
      for (const auto& [extra, list] : n.extras)
        mark(list);
      mark(n.groups);
    }

    for (size_t i = 0; i < nodes.size(); ++i) {
      Node& n = nodes[i];
      if (n.local()) continue;  // the project's own source (see above)
      if (n.version.empty()) {
        ctx.warn("\"" + n.name + "\" has no version", n.line);
        continue;
      }
      std::vector<std::pair<std::string, std::string>> qualifiers;
      if (n.source_kind == "git") {
        qualifiers.emplace_back("vcs_url", "git+" + n.source_value);
      } else if (n.source_kind == "url") {
        qualifiers.emplace_back("download_url", n.source_value);
      } else if (n.source_kind == "registry" && n.source_value != kPyPiIndex &&
                 !n.source_value.empty() && n.source_value.find("://") != std::string::npos) {
        qualifiers.emplace_back("repository_url", n.source_value);
      }
      Component c = python::make_component(n.name, n.version, std::move(qualifiers));
      c.scope = scope[i];
      // Without the project's own packages (a partial lock) nothing says what is direct.
      if (!roots.empty()) {
        c.relationship = direct.contains(i) ? Relationship::kDirect : Relationship::kTransitive;
      }
      for (const Edge& e : n.dependencies) {
        if (std::find(c.dependencies.begin(), c.dependencies.end(), e.name) == c.dependencies.end())
          c.dependencies.push_back(e.name);
      }
      ctx.add(std::move(c));
    }
  }

 private:
  static std::optional<Edge> read_edge(const toml::node& item, const std::string& owner,
                                       ExtractContext& ctx) {
    const toml::table* t = item.as_table();
    const uint64_t line = item.source().begin.line;
    if (t == nullptr) {
      ctx.warn("a dependency of \"" + owner + "\" is not a table", line);
      return std::nullopt;
    }
    Edge e;
    e.name = (*t)["name"].value_or(std::string());
    if (e.name.empty()) {
      ctx.warn("a dependency of \"" + owner + "\" has no name", line);
      return std::nullopt;
    }
    e.key = python::name_key(e.name);
    e.version = (*t)["version"].value_or(std::string());
    if (const toml::array* extras = (*t)["extra"].as_array()) {
      for (const toml::node& x : *extras)
        e.extras.push_back(x.value_or(std::string()));
    }
    return e;
  }

  static void read_edges(const toml::node& list, const std::string& owner, std::vector<Edge>& out,
                         ExtractContext& ctx) {
    const toml::array* a = list.as_array();
    if (a == nullptr) {
      ctx.warn("the dependencies of \"" + owner + "\" are not an array", list.source().begin.line);
      return;
    }
    for (const toml::node& item : *a) {
      if (auto e = read_edge(item, owner, ctx)) out.push_back(std::move(*e));
    }
  }

  static std::optional<Node> read_node(const toml::node& entry, ExtractContext& ctx) {
    const toml::table* t = entry.as_table();
    const uint64_t line = entry.source().begin.line;
    if (t == nullptr) {
      ctx.warn("a [[package]] entry is not a table", line);
      return std::nullopt;
    }
    Node n;
    n.line = line;
    n.name = (*t)["name"].value_or(std::string());
    if (!python::is_valid_name(n.name)) {
      ctx.warn(n.name.empty() ? "a [[package]] entry has no name (or it is not a string)"
                              : "\"" + n.name + "\" is not a valid package name",
               line);
      return std::nullopt;
    }
    n.key = python::name_key(n.name);
    n.version = (*t)["version"].value_or(std::string());
    if (const toml::table* source = (*t)["source"].as_table()) {
      // One key names the kind of source: { registry = "https://pypi.org/simple" }.
      for (const auto& [kind, value] : *source) {
        n.source_kind = std::string(kind.str());
        n.source_value = value.value_or(std::string());
        break;
      }
    } else if (t->contains("source")) {
      ctx.warn("the source of \"" + n.name + "\" is not a table", line);
    }
    if (const toml::node_view deps = (*t)["dependencies"]) {
      read_edges(*deps.node(), n.name, n.dependencies, ctx);
    }
    if (const toml::table* extras = (*t)["optional-dependencies"].as_table()) {
      for (const auto& [extra, list] : *extras)
        read_edges(list, n.name, n.extras[std::string(extra.str())], ctx);
    }
    if (const toml::table* groups = (*t)["dev-dependencies"].as_table()) {
      for (const auto& [group, list] : *groups)
        read_edges(list, n.name, n.groups, ctx);
    }
    return n;
  }
};

}  // namespace

const Extractor& uv_lock_extractor() {
  static const UvLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
