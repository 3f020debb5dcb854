// SPDX-License-Identifier: Apache-2.0
//
// conan.lock, both formats:
// - Conan 2 ("version": "0.5"): flat lists of references in "requires" (libraries linked into
//   the product), "build_requires" (tools run while building: cmake, meson, pkgconf),
//   "python_requires" and "config_requires" (recipe code and configuration used by the build);
// - Conan 1 graph locks ("graph_lock": {"nodes": {...}}): one node per package with its "ref",
//   its "context" (host or build) and the node ids it "requires" / "build_requires"; node "0" is
//   the consumer (the project), so its requirements are the direct ones.
// A reference is name/version[@user[/channel]][#recipe_revision][%timestamp]; the purl is
// pkg:conan/name@version with the user, channel and recipe revision as the `user`, `channel` and
// `rrev` qualifiers (purl-spec, conan type).
//
// What counts as a component: each distinct reference once (Conan 2 repeats a library needed both
// by the product and by a build tool in both lists: it is then a runtime component). Build-time
// references get the development scope: they are not part of what ships. Conan 2 locks do not say
// which references are direct.
#include <map>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/json.h"
#include "inventory/lang/capped_warnings.h"
#include "upkeep/purl.h"

namespace upkeep::inventory {
namespace {

struct Reference {
  std::string name, version, user, channel, rrev;
};

// Parses a Conan reference; false when it has no name/version.
bool parse_reference(std::string_view ref, Reference& out) {
  out = Reference{};
  if (const size_t pct = ref.find('%'); pct != std::string_view::npos) ref = ref.substr(0, pct);
  // Conan 1 locks may append the package id (":id" and "#prev"); the recipe part ends there.
  if (const size_t colon = ref.find(':'); colon != std::string_view::npos) {
    ref = ref.substr(0, colon);
  }
  if (const size_t hash = ref.find('#'); hash != std::string_view::npos) {
    out.rrev = std::string(ref.substr(hash + 1));
    ref = ref.substr(0, hash);
  }
  if (const size_t at = ref.find('@'); at != std::string_view::npos) {
    std::string_view uc = ref.substr(at + 1);
    ref = ref.substr(0, at);
    const size_t slash = uc.find('/');
    out.user = std::string(uc.substr(0, slash));
    if (slash != std::string_view::npos) out.channel = std::string(uc.substr(slash + 1));
    if (out.user == "_") out.user.clear();
    if (out.channel == "_") out.channel.clear();
  }
  const size_t slash = ref.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == ref.size()) return false;
  out.name = std::string(ref.substr(0, slash));
  out.version = std::string(ref.substr(slash + 1));
  return out.name.find_first_of(" \t/") == std::string::npos &&
         out.version.find_first_of(" \t/") == std::string::npos;
}

struct Entry {
  Reference ref;
  Scope scope = Scope::kUnknown;
  Relationship relationship = Relationship::kUnknown;
  std::vector<std::string> dependencies;
};

class ConanLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "conan.lock"; }
  bool claims(const FileRef& file) const override { return file.name == "conan.lock"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    if (!name.ends_with(".lock") && !name.ends_with(".json")) return false;
    const bool v2 = head.find("\"requires\"") != std::string_view::npos &&
                    head.find("\"build_requires\"") != std::string_view::npos;
    const bool v1 = head.find("\"graph_lock\"") != std::string_view::npos;
    return v1 || v2;
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    formats::JsonDocument doc;
    if (!formats::read_json_object(file, ctx, max_file_size(), "conan.lock", doc)) return;
    std::vector<Entry> entries;
    CappedWarnings warnings(ctx);
    if (auto graph = formats::get_object(doc.root(), "graph_lock")) {
      read_graph_lock(*graph, warnings, entries);
    } else {
      read_v2(doc.root(), warnings, entries);
    }
    // One component per reference (name, version, user, channel, rrev); runtime wins.
    std::map<std::string, size_t> seen;
    std::vector<Entry> unique;
    for (Entry& e : entries) {
      const std::string key = e.ref.name + "/" + e.ref.version + "@" + e.ref.user + "/" +
                              e.ref.channel + "#" + e.ref.rrev;
      auto [it, inserted] = seen.try_emplace(key, unique.size());
      if (inserted) {
        unique.push_back(std::move(e));
        continue;
      }
      Entry& u = unique[it->second];
      if (e.scope == Scope::kRuntime) u.scope = Scope::kRuntime;
      if (e.relationship == Relationship::kDirect) u.relationship = Relationship::kDirect;
    }
    for (Entry& e : unique) {
      Component c;
      c.ecosystem = "ConanCenter";
      c.name = e.ref.name;
      c.version = e.ref.version;
      purl::Purl p{"conan", "", e.ref.name, e.ref.version, {}, ""};
      p.set_qualifier("user", e.ref.user);
      p.set_qualifier("channel", e.ref.channel);
      p.set_qualifier("rrev", e.ref.rrev);
      c.purl = purl::to_string(p);
      c.scope = e.scope;
      c.relationship = e.relationship;
      c.dependencies = std::move(e.dependencies);
      ctx.add(std::move(c));
    }
  }

 private:
  static void read_v2(simdjson::dom::element root, CappedWarnings& ctx,
                      std::vector<Entry>& entries) {
    for (const auto& [key, scope] :
         {std::pair<std::string_view, Scope>{"requires", Scope::kRuntime},
          {"build_requires", Scope::kDevelopment},
          {"python_requires", Scope::kDevelopment},
          {"config_requires", Scope::kDevelopment}}) {
      simdjson::dom::element list_element;
      if (root[key].get(list_element) != simdjson::SUCCESS) continue;
      simdjson::dom::array list;
      if (list_element.get(list) != simdjson::SUCCESS) {
        ctx.warn("not a valid conan.lock: \"" + std::string(key) + "\" is not an array");
        continue;
      }
      size_t i = 0;
      for (simdjson::dom::element item : list) {
        const std::string where = std::string(key) + "[" + std::to_string(i++) + "]";
        std::string_view s;
        Entry e;
        if (item.get(s) != simdjson::SUCCESS || !parse_reference(s, e.ref)) {
          ctx.warn("not a valid conan.lock: " + where +
                   " is not a \"name/version#revision\" "
                   "reference");
          continue;
        }
        e.scope = scope;
        entries.push_back(std::move(e));
      }
    }
  }

  static void read_graph_lock(simdjson::dom::object graph, CappedWarnings& ctx,
                              std::vector<Entry>& entries) {
    simdjson::dom::object nodes;
    if (graph["nodes"].get(nodes) != simdjson::SUCCESS) {
      ctx.warn("not a valid conan.lock: \"graph_lock\" has no \"nodes\" object");
      return;
    }
    // First the references of all nodes, so requirements can be named.
    std::map<std::string, Reference, std::less<>> refs;
    for (auto [id, node] : nodes) {
      const std::string_view ref = formats::get_string(node, "ref");
      Reference r;
      if (!ref.empty() && parse_reference(ref, r)) refs.emplace(std::string(id), std::move(r));
    }
    auto ids = [](simdjson::dom::element node, std::string_view key) {
      std::vector<std::string> out;
      if (auto a = formats::get_array(node, key)) {
        for (simdjson::dom::element x : *a) {
          std::string_view s;
          if (x.get(s) == simdjson::SUCCESS) out.emplace_back(s);
        }
      }
      return out;
    };
    std::map<std::string, Relationship, std::less<>> direct;
    simdjson::dom::element root_node;
    if (nodes["0"].get(root_node) == simdjson::SUCCESS) {
      for (const auto& key : {"requires", "build_requires"}) {
        for (const std::string& id : ids(root_node, key))
          direct[id] = Relationship::kDirect;
      }
    }
    for (auto [id, node] : nodes) {
      if (id == "0") continue;  // the project itself
      auto it = refs.find(id);
      if (it == refs.end()) {
        ctx.warn("not a valid conan.lock: node \"" + std::string(id) +
                 "\" has no \"name/version\" reference");
        continue;
      }
      Entry e;
      e.ref = it->second;
      e.scope =
          formats::get_string(node, "context") == "build" ? Scope::kDevelopment : Scope::kRuntime;
      e.relationship = direct.contains(id) ? Relationship::kDirect : Relationship::kTransitive;
      for (const auto& key : {"requires", "build_requires"}) {
        for (const std::string& dep : ids(node, key)) {
          if (auto d = refs.find(dep); d != refs.end()) e.dependencies.push_back(d->second.name);
        }
      }
      entries.push_back(std::move(e));
    }
  }
};

}  // namespace

const Extractor& conan_lock_extractor() {
  static const ConanLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
