// SPDX-License-Identifier: Apache-2.0
//
// packages.lock.json (NuGet, lock file versions 1 and 2): per target framework (and per runtime,
// "net8.0/linux-x64"), each package with its "type" (Direct, Transitive, CentralTransitive,
// Project), its "resolved" version and its own "dependencies".
//
// What counts as a component: each package and resolved version once, however many frameworks
// list it (a package resolved to different versions for different frameworks is one component
// per version); direct when any framework asks for it directly. "Project" entries are other
// projects of the same build (no NuGet package, no resolved version) and are not reported.
// NuGet package ids are case-insensitive: entries that differ only in case are one component,
// named as first written.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/json.h"
#include "inventory/lang/capped_warnings.h"
#include "upkeep/purl.h"

namespace upkeep::inventory {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

class NugetLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "packages.lock.json"; }
  bool claims(const FileRef& file) const override { return file.name == "packages.lock.json"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    return name.ends_with(".json") && head.find("\"dependencies\"") != std::string_view::npos &&
           head.find("\"resolved\"") != std::string_view::npos &&
           (head.find("\"contentHash\"") != std::string_view::npos ||
            head.find("\"type\": \"Direct\"") != std::string_view::npos ||
            head.find("\"type\": \"Project\"") != std::string_view::npos);
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    formats::JsonDocument doc;
    if (!formats::read_json_object(file, ctx, max_file_size(), "packages.lock.json", doc)) return;
    simdjson::dom::object frameworks;
    simdjson::dom::element deps;
    if (doc.root()["dependencies"].get(deps) != simdjson::SUCCESS) return;  // nothing locked
    if (deps.get(frameworks) != simdjson::SUCCESS) {
      ctx.warn("not a valid packages.lock.json: \"dependencies\" is not an object");
      return;
    }
    struct Package {
      std::string name, version;
      bool direct = false;
      std::set<std::string> dependencies;
    };
    std::map<std::string, size_t> index;  // lower(name) + "@" + version -> packages
    std::vector<Package> packages;
    CappedWarnings warnings(ctx);
    for (auto [framework, entries_element] : frameworks) {
      simdjson::dom::object entries;
      if (entries_element.get(entries) != simdjson::SUCCESS) {
        warnings.warn("not a valid packages.lock.json: dependencies of \"" +
                      std::string(framework) + "\" is not an object");
        continue;
      }
      for (auto [name, entry] : entries) {
        const std::string_view type = formats::get_string(entry, "type");
        if (type == "Project") continue;
        const std::string_view resolved = formats::get_string(entry, "resolved");
        if (!entry.is_object() || resolved.empty() || name.empty()) {
          warnings.warn("not a valid packages.lock.json: \"" + std::string(name) + "\" of \"" +
                        std::string(framework) + "\" has no \"resolved\" version");
          continue;
        }
        const std::string key = lower(name) + "@" + std::string(resolved);
        auto [it, inserted] = index.try_emplace(key, packages.size());
        if (inserted) packages.push_back({std::string(name), std::string(resolved), false, {}});
        Package& p = packages[it->second];
        if (type == "Direct") p.direct = true;
        if (auto d = formats::get_object(entry, "dependencies")) {
          for (auto field : *d)
            p.dependencies.emplace(field.key);
        }
      }
    }
    for (Package& p : packages) {
      Component c;
      c.ecosystem = "NuGet";
      c.name = p.name;
      c.version = p.version;
      c.purl = purl::to_string(purl::Purl{"nuget", "", p.name, p.version, {}, ""});
      c.relationship = p.direct ? Relationship::kDirect : Relationship::kTransitive;
      c.dependencies.assign(p.dependencies.begin(), p.dependencies.end());
      ctx.add(std::move(c));
    }
  }
};

}  // namespace

const Extractor& nuget_lock_extractor() {
  static const NugetLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
