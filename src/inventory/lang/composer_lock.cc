// SPDX-License-Identifier: Apache-2.0
//
// composer.lock (PHP Composer): "packages" are what the project runs with, "packages-dev" what
// it develops and tests with (installed unless --no-dev). Each entry names "vendor/name" and the
// version as Composer resolved it ("1.2.3", "v1.2.3", a branch "dev-main"), kept as written.
// Which packages the project asked for itself is in composer.json beside the lock ("require" and
// "require-dev"); without it the relationship is unknown.
//
// What counts as a component: every entry of both lists. Platform requirements ("php",
// "ext-json", "lib-openssl", "composer-plugin-api": names without a '/') are not packages and are
// left out of the dependency lists.
#include <algorithm>
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

// The keys of composer.json's "require" or "require-dev" (lower-cased: Composer's names are
// case-insensitive).
std::set<std::string> requirement_names(simdjson::dom::element root, std::string_view key) {
  std::set<std::string> out;
  if (auto obj = formats::get_object(root, key)) {
    for (auto field : *obj)
      out.insert(lower(field.key));
  }
  return out;
}

class ComposerLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "composer.lock"; }
  bool claims(const FileRef& file) const override { return file.name == "composer.lock"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    return (name.ends_with(".lock") || name.ends_with(".json")) &&
           head.find("\"packages\"") != std::string_view::npos &&
           (head.find("\"content-hash\"") != std::string_view::npos ||
            head.find("getcomposer.org") != std::string_view::npos);
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    formats::JsonDocument doc;
    if (!formats::read_json_object(file, ctx, max_file_size(), "composer.lock", doc)) return;

    // composer.json beside it says which packages are direct.
    bool have_manifest = false;
    std::set<std::string> direct_runtime, direct_dev;
    const std::string manifest = join_path(parent_path(file.path), "composer.json");
    if (auto info = ctx.fs().stat(manifest); info.is_ok() && info->type == FileType::kRegular) {
      auto mtext = ctx.fs().read_file(manifest, 16ull << 20);
      formats::JsonDocument mdoc;
      if (!mtext.is_ok()) {
        ctx.warn_in(manifest, mtext.status().message());
      } else if (auto err = mdoc.parse(*mtext)) {
        ctx.warn_in(manifest, "not a valid composer.json: " + err->message, err->line, err->column);
      } else if (!mdoc.root().is_object()) {
        ctx.warn_in(manifest, "not a valid composer.json: the document is not an object");
      } else {
        have_manifest = true;
        direct_runtime = requirement_names(mdoc.root(), "require");
        direct_dev = requirement_names(mdoc.root(), "require-dev");
      }
    }

    CappedWarnings warnings(ctx);
    for (const auto& [key, scope] :
         {std::pair<std::string_view, Scope>{"packages", Scope::kRuntime},
          {"packages-dev", Scope::kDevelopment}}) {
      simdjson::dom::element list;
      if (doc.root()[key].get(list) != simdjson::SUCCESS || list.is_null()) continue;
      simdjson::dom::array packages;
      if (list.get(packages) != simdjson::SUCCESS) {
        warnings.warn("not a valid composer.lock: \"" + std::string(key) + "\" is not an array");
        continue;
      }
      size_t index = 0;
      for (simdjson::dom::element entry : packages) {
        const std::string where = std::string(key) + "[" + std::to_string(index++) + "]";
        const std::string_view name = formats::get_string(entry, "name");
        const std::string_view version = formats::get_string(entry, "version");
        if (!entry.is_object() || name.empty() || version.empty()) {
          warnings.warn("not a valid composer.lock: " + where +
                        " has no \"name\" and \"version\" strings");
          continue;
        }
        Component c;
        c.ecosystem = "Packagist";
        c.name = std::string(name);
        c.version = std::string(version);
        purl::Purl p;
        p.type = "composer";
        if (const size_t slash = name.find('/'); slash != std::string_view::npos) {
          p.namespace_path = std::string(name.substr(0, slash));
          p.name = std::string(name.substr(slash + 1));
        } else {
          p.name = std::string(name);
        }
        p.version = c.version;
        c.purl = purl::to_string(p);
        c.scope = scope;
        if (have_manifest) {
          const std::string n = lower(name);
          c.relationship = direct_runtime.contains(n) || direct_dev.contains(n)
                               ? Relationship::kDirect
                               : Relationship::kTransitive;
        }
        if (auto req = formats::get_object(entry, "require")) {
          for (auto field : *req) {
            if (field.key.find('/') != std::string_view::npos)
              c.dependencies.emplace_back(field.key);
          }
        }
        if (auto lic = formats::get_array(entry, "license")) {
          for (simdjson::dom::element l : *lic) {
            std::string_view s;
            if (l.get(s) == simdjson::SUCCESS) c.licenses.emplace_back(s);
          }
        }
        ctx.add(std::move(c));
      }
    }
  }
};

}  // namespace

const Extractor& composer_lock_extractor() {
  static const ComposerLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
