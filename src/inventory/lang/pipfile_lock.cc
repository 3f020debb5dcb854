// SPDX-License-Identifier: Apache-2.0
//
// Pipfile.lock (pipenv, "pipfile-spec": 6): a JSON object whose "default" section holds what
// the project runs with, "develop" what it is developed with, and any other key but "_meta" a
// named package category that pipenv installs only on request (`--categories`), reported as
// optional. Each entry maps a name to {"version": "==1.2.3", "hashes": [...], "markers": ...}.
//
// - A package locked at the same version in several sections is one component, with the scope
//   of the section that matters most (default, then categories, then develop); at different
//   versions each is its own component.
// - Direct or transitive: the lock does not say. When a Pipfile sits beside it, the packages it
//   declares (in any category) are direct and the rest transitive; otherwise unknown.
// - Git entries ({"git": URL, "ref": ...}) and "file" entries (an archive URL) have no release
//   version: reported with vcs_url or download_url and a version_note. "path" entries are local
//   source ({"path": ".", "editable": true} is the project itself), inventoried by walking that
//   directory: not reported, since a pypi purl would claim a PyPI package.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/json.h"
#include "inventory/formats/toml.h"
#include "inventory/lang/python_common.h"

namespace upkeep::inventory {
namespace {

constexpr size_t kLocatedWarnings = 100;

// The line where `"name"` first appears after `"section"`: simdjson keeps no positions, and
// this is only needed for the rare warning.
uint64_t line_of(std::string_view text, std::string_view section, std::string_view name) {
  size_t at = text.find("\"" + std::string(section) + "\"");
  if (at == std::string_view::npos) return 0;
  const size_t key = text.find("\"" + std::string(name) + "\"", at);
  if (key != std::string_view::npos) at = key;
  uint64_t line = 0;
  uint64_t column = 0;
  formats::locate(text, at, line, column);
  return line;
}

// The names a Pipfile declares, as PEP 503 keys; nullopt without a (valid) Pipfile.
std::optional<std::set<std::string>> read_pipfile(ExtractContext& ctx, std::string_view dir) {
  const std::string path = join_path(dir, "Pipfile");
  auto info = ctx.fs().stat(path);
  if (!info.is_ok() || info->type != FileType::kRegular) return std::nullopt;
  auto text = ctx.fs().read_file(path, 16u << 20);
  if (!text.is_ok()) {
    ctx.warn_in(path, "cannot read: " + text.status().message());
    return std::nullopt;
  }
  toml::table doc;
  if (auto err = formats::parse_toml(*text, doc)) {
    ctx.warn_in(path, "not a valid Pipfile: " + err->message, err->line, err->column);
    return std::nullopt;
  }
  std::set<std::string> out;
  for (const auto& [key, value] : doc) {
    const std::string_view k = key.str();
    if (k == "source" || k == "requires" || k == "pipenv" || k == "scripts") continue;
    if (const toml::table* packages = value.as_table()) {
      for (const auto& [name, spec] : *packages)
        out.insert(python::name_key(name.str()));
    }
  }
  return out;
}

class PipfileLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "Pipfile.lock"; }
  bool claims(const FileRef& file) const override { return file.name == "Pipfile.lock"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    return (name.ends_with(".lock") || name.ends_with(".json")) &&
           head.find("\"_meta\"") != std::string_view::npos &&
           head.find("\"pipfile-spec\"") != std::string_view::npos;
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    formats::JsonDocument doc;
    if (auto err = doc.parse(*text)) {
      formats::report(ctx, "not a valid Pipfile.lock", *err);
      return;
    }
    simdjson::dom::object root;
    if (doc.root().get(root) != simdjson::SUCCESS) {
      ctx.warn("not a valid Pipfile.lock: the top level is not an object", 1, 1);
      return;
    }
    const std::optional<std::set<std::string>> declared = read_pipfile(ctx, parent_path(file.path));

    // One component per (name, version); the section order decides the scope.
    std::map<std::pair<std::string, std::string>, size_t> index;
    std::vector<Component> found;
    size_t located = 0;
    for (auto [section_key, section_value] : root) {
      const std::string_view section = section_key;
      if (section == "_meta") continue;
      simdjson::dom::object entries;
      if (section_value.get(entries) != simdjson::SUCCESS) {
        ctx.warn("section \"" + std::string(section) + "\" is not an object",
                 line_of(*text, section, section));
        continue;
      }
      const Scope scope = section == "default"   ? Scope::kRuntime
                          : section == "develop" ? Scope::kDevelopment
                                                 : Scope::kOptional;
      for (auto [entry_name, entry] : entries) {
        const std::string name(entry_name);
        auto warn = [&](const std::string& what) {
          // Locating costs a scan of the text: only for the first warnings.
          const uint64_t line = ++located <= kLocatedWarnings ? line_of(*text, section, name) : 0;
          ctx.warn("\"" + name + "\" in \"" + std::string(section) + "\": " + what, line);
        };
        if (!python::is_valid_name(name)) {
          warn("not a valid package name");
          continue;
        }
        if (!entry.is_object()) {
          warn("the entry is not an object");
          continue;
        }
        Component c;
        if (simdjson::dom::element v; entry["version"].get(v) == simdjson::SUCCESS) {
          std::string_view spec;
          if (v.get(spec) != simdjson::SUCCESS) {
            warn("\"version\" is not a string");
            continue;
          }
          std::string_view version = spec;
          if (version.starts_with("===")) {
            version.remove_prefix(3);
          } else if (version.starts_with("==") && version.find('*') == std::string_view::npos) {
            version.remove_prefix(2);
          } else {
            version = {};
          }
          c = python::make_component(name, python::trim(version));
          if (c.version.empty()) c.version_note = "not pinned: " + std::string(spec);
        } else if (std::string_view git = formats::get_string(entry, "git"); !git.empty()) {
          std::string vcs = "git+" + std::string(git);
          if (std::string_view ref = formats::get_string(entry, "ref"); !ref.empty()) {
            vcs += "@" + std::string(ref);
          }
          c = python::make_component(name, "", {{"vcs_url", vcs}});
          c.version_note = "direct reference: " + vcs;
        } else if (std::string_view url = formats::get_string(entry, "file"); !url.empty()) {
          c = python::make_component(name, "", {{"download_url", std::string(url)}});
          c.version_note = "direct reference: " + std::string(url);
        } else if (!formats::get_string(entry, "path").empty()) {
          continue;  // local source (see above)
        } else {
          warn("no \"version\", \"git\", \"file\" or \"path\"");
          continue;
        }
        c.scope = scope;
        if (declared) {
          c.relationship = declared->contains(python::name_key(name)) ? Relationship::kDirect
                                                                      : Relationship::kTransitive;
        }
        auto [it, inserted] =
            index.emplace(std::make_pair(python::name_key(name), c.version), found.size());
        if (!inserted) {
          Component& earlier = found[it->second];
          earlier.scope = wider_scope(earlier.scope, scope);
          continue;
        }
        found.push_back(std::move(c));
      }
    }
    for (Component& c : found)
      ctx.add(std::move(c));
  }
};

}  // namespace

const Extractor& pipfile_lock_extractor() {
  static const PipfileLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
