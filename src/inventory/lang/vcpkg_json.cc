// SPDX-License-Identifier: Apache-2.0
//
// vcpkg.json: the manifest of a vcpkg (C and C++) project. Its "dependencies" are ports, each a
// name or an object {"name", "features", "host", "platform", "version>="}; its "overrides" pin a
// port to one version. vcpkg writes no lockfile: a port's version is chosen at install time from
// the "builtin-baseline" commit of the registry, at least the "version>=" constraint. So:
//
// - every dependency is a direct component; an override gives its exact version;
// - otherwise the version is empty and version_note says what decides it (never a guess);
// - "host": true marks a tool run during the build (development scope), as vcpkg's own
//   host/target triplet split does;
// - an override of a port that is not a dependency pins a transitive port: reported as a
//   transitive component with that version, since it is what will be installed if anything
//   depends on it (vcpkg refuses nothing here).
//
// vcpkg has no OSV ecosystem and no purl type of its own: ecosystem "vcpkg", purl
// pkg:generic/vcpkg/<port>, so a component is still named uniquely and matchable by name.
#include <map>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/json.h"
#include "inventory/lang/capped_warnings.h"
#include "upkeep/purl.h"

namespace upkeep::inventory {
namespace {

// The version fields vcpkg accepts (one per entry), in the order it documents them.
constexpr std::string_view kVersionFields[] = {"version", "version-semver", "version-date",
                                               "version-string"};

std::string_view version_of(simdjson::dom::element entry) {
  for (std::string_view field : kVersionFields) {
    if (std::string_view v = formats::get_string(entry, field); !v.empty()) return v;
  }
  return {};
}

struct Port {
  std::string name;
  std::string version;      // from an override, else empty
  std::string minimum;      // "version>="
  bool dependency = false;  // listed in "dependencies" (else only overridden)
  bool host_only = true;
};

class VcpkgJsonExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "vcpkg.json"; }
  bool claims(const FileRef& file) const override { return file.name == "vcpkg.json"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    // A manifest's tell-tale fields: a baseline, version>=, or the vcpkg schema reference.
    return name.ends_with(".json") && head.find("\"dependencies\"") != std::string_view::npos &&
           (name.ends_with("vcpkg.json") ||
            head.find("\"builtin-baseline\"") != std::string_view::npos ||
            head.find("\"version>=\"") != std::string_view::npos ||
            head.find("vcpkg.schema.json") != std::string_view::npos);
  }
  uint64_t max_file_size() const override { return 16ull << 20; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    formats::JsonDocument doc;
    if (!formats::read_json_object(file, ctx, max_file_size(), "vcpkg.json", doc)) return;
    CappedWarnings warnings(ctx);
    std::map<std::string, Port> ports;  // by name: vcpkg port names are unique lower-case
    auto port = [&](std::string_view name) -> Port& {
      Port& p = ports[std::string(name)];
      p.name = std::string(name);
      return p;
    };
    simdjson::dom::element deps;
    if (doc.root()["dependencies"].get(deps) == simdjson::SUCCESS) {
      simdjson::dom::array deps_array;
      if (deps.get(deps_array) != simdjson::SUCCESS) {
        warnings.warn("not a valid vcpkg.json: \"dependencies\" is not an array");
      } else {
        size_t index = 0;
        for (simdjson::dom::element entry : deps_array) {
          const std::string where = " (dependency " + std::to_string(index++) + ")";
          std::string_view name;
          bool host = false;
          std::string_view minimum;
          if (entry.is_string()) {
            name = entry.get_string().value_unsafe();
          } else if (entry.is_object()) {
            name = formats::get_string(entry, "name");
            host = formats::get_bool(entry, "host");
            minimum = formats::get_string(entry, "version>=");
          }
          if (name.empty()) {
            warnings.warn("not a valid vcpkg.json: a dependency without a port name" + where);
            continue;
          }
          Port& p = port(name);
          p.dependency = true;
          if (!host) p.host_only = false;
          if (!minimum.empty()) p.minimum = std::string(minimum);
        }
      }
    }
    simdjson::dom::element overrides;
    if (doc.root()["overrides"].get(overrides) == simdjson::SUCCESS) {
      simdjson::dom::array overrides_array;
      if (overrides.get(overrides_array) != simdjson::SUCCESS) {
        warnings.warn("not a valid vcpkg.json: \"overrides\" is not an array");
      } else {
        size_t index = 0;
        for (simdjson::dom::element entry : overrides_array) {
          const std::string where = " (override " + std::to_string(index++) + ")";
          const std::string_view name = formats::get_string(entry, "name");
          const std::string_view version = version_of(entry);
          if (name.empty() || version.empty()) {
            warnings.warn("not a valid vcpkg.json: an override needs a port name and a version" +
                          where);
            continue;
          }
          port(name).version = std::string(version);
        }
      }
    }
    const std::string_view baseline = formats::get_string(doc.root(), "builtin-baseline");
    for (auto& [name, p] : ports) {
      Component c;
      c.ecosystem = "vcpkg";
      c.name = p.name;
      c.version = p.version;
      if (p.version.empty()) {
        c.version_note = "not pinned: vcpkg chooses it at install from ";
        c.version_note += baseline.empty() ? std::string("the registry's current ports")
                                           : "the baseline " + std::string(baseline);
        if (!p.minimum.empty()) c.version_note += ", at least " + p.minimum;
      }
      c.purl = purl::to_string(purl::Purl{"generic", "vcpkg", p.name, p.version, {}, ""});
      c.relationship = p.dependency ? Relationship::kDirect : Relationship::kTransitive;
      if (p.dependency) c.scope = p.host_only ? Scope::kDevelopment : Scope::kRuntime;
      ctx.add(std::move(c));
    }
  }
};

}  // namespace

const Extractor& vcpkg_json_extractor() {
  static const VcpkgJsonExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
