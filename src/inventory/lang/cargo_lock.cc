// SPDX-License-Identifier: Apache-2.0
//
// Cargo.lock (lockfile versions 1 to 4): one [[package]] table per crate. Crates with a
// `source` come from a registry or git; crates without one are the workspace's own members,
// which are not reported themselves but tell which crates are direct dependencies.
#include <set>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/toml.h"
#include "upkeep/purl.h"

namespace upkeep::inventory {
namespace {

class CargoLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "Cargo.lock"; }
  bool claims(const FileRef& file) const override { return file.name == "Cargo.lock"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    return name.ends_with(".lock") && head.find("[[package]]") != std::string_view::npos &&
           head.find("\nname = \"") != std::string_view::npos;
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    toml::table doc;
    if (auto err = formats::parse_toml(*text, doc)) {
      formats::report(ctx, "not a valid Cargo.lock", *err);
      return;
    }
    const toml::array* packages = doc["package"].as_array();
    if (packages == nullptr) {
      if (doc.contains("package")) ctx.warn("\"package\" is not an array of tables");
      return;
    }
    struct Crate {
      std::string name, version, source;
      std::vector<std::string> dependencies;  // crate names
      int line = 0;
    };
    std::vector<Crate> crates;
    std::set<std::string> direct;
    for (const toml::node& node : *packages) {
      const toml::table* t = node.as_table();
      const int line = static_cast<int>(node.source().begin.line);
      if (t == nullptr) {
        ctx.warn("a [[package]] entry is not a table", line);
        continue;
      }
      Crate c;
      c.line = line;
      c.name = (*t)["name"].value_or(std::string());
      c.version = (*t)["version"].value_or(std::string());
      c.source = (*t)["source"].value_or(std::string());
      if (c.name.empty() || c.version.empty()) {
        ctx.warn("a [[package]] entry has no name or version", line);
        continue;
      }
      if (const toml::array* deps = (*t)["dependencies"].as_array()) {
        for (const toml::node& d : *deps) {
          // "name", "name version" or "name version (source)".
          const std::string spec = d.value_or(std::string());
          c.dependencies.push_back(spec.substr(0, spec.find(' ')));
        }
      }
      if (c.source.empty()) direct.insert(c.dependencies.begin(), c.dependencies.end());
      crates.push_back(std::move(c));
    }
    for (const Crate& c : crates) {
      if (c.source.empty()) continue;  // a workspace member: the project itself
      Component comp;
      comp.ecosystem = "crates.io";
      comp.name = c.name;
      comp.version = c.version;
      purl::Purl p{"cargo", "", c.name, c.version, {}, ""};
      if (c.source.starts_with("git+")) p.set_qualifier("vcs_url", c.source);
      comp.purl = purl::to_string(p);
      comp.relationship =
          direct.contains(c.name) ? Relationship::kDirect : Relationship::kTransitive;
      comp.dependencies = c.dependencies;
      ctx.add(std::move(comp));
    }
  }
};

}  // namespace

const Extractor& cargo_lock_extractor() {
  static const CargoLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
