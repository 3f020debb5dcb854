// SPDX-License-Identifier: Apache-2.0
//
// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/) of an inventory. The mapping, and the
// upkeep:* property names, are documented in docs/formats/sbom.md.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "report/sbom_model.h"
#include "report/spdx_license.h"
#include "upkeep/json_writer.h"
#include "upkeep/report.h"

namespace upkeep::report {
namespace {

using detail::SbomComponent;
using detail::SbomModel;
using inventory::Component;
using inventory::Relationship;
using inventory::Scope;

constexpr std::string_view kRootRef = "upkeep:target";

// CycloneDX has a group for the ecosystems whose names have one: npm scopes ("@babel/core"),
// Maven groups ("org.slf4j:slf4j-api") and Packagist vendors ("symfony/console").
std::pair<std::string, std::string> group_and_name(const Component& c) {
  const std::string& n = c.name;
  if (c.ecosystem == "npm" && n.starts_with('@')) {
    if (const size_t slash = n.find('/'); slash != std::string::npos && slash + 1 < n.size()) {
      return {n.substr(0, slash), n.substr(slash + 1)};
    }
  } else if (c.ecosystem == "Maven") {
    if (const size_t colon = n.find(':');
        colon != std::string::npos && colon > 0 && colon + 1 < n.size()) {
      return {n.substr(0, colon), n.substr(colon + 1)};
    }
  } else if (c.ecosystem == "Packagist") {
    if (const size_t slash = n.find('/');
        slash != std::string::npos && slash > 0 && slash + 1 < n.size()) {
      return {n.substr(0, slash), n.substr(slash + 1)};
    }
  }
  return {{}, n};
}

std::string_view cyclonedx_scope(Scope scope) {
  switch (scope) {
    case Scope::kRuntime:
      return "required";
    case Scope::kOptional:
      return "optional";
    case Scope::kDevelopment:
      return "excluded";  // "for test and other non-runtime purposes" (CycloneDX 1.6)
    case Scope::kUnknown:
      break;
  }
  return {};
}

void property(JsonWriter& w, std::string_view name, std::string_view value) {
  w.begin_object().field("name", name).field("value", value).end_object();
}

// Either one SPDX expression, or a list of licenses (by id when the CycloneDX schema knows the
// id, else by name): the two forms CycloneDX allows, and they cannot be mixed.
void write_licenses(JsonWriter& w, const std::vector<std::string>& licenses) {
  if (licenses.empty()) return;
  w.key("licenses").begin_array();
  if (licenses.size() == 1) {
    if (auto spdx = detail::parse_spdx_license(licenses.front());
        spdx && !(spdx->single_id && spdx->cyclonedx_id)) {
      w.begin_object().field("expression", spdx->expression).end_object();
      w.end_array();
      return;
    }
  }
  for (const std::string& text : licenses) {
    w.begin_object().key("license").begin_object();
    auto spdx = detail::parse_spdx_license(text);
    if (spdx && spdx->single_id && spdx->cyclonedx_id) {
      w.field("id", spdx->expression);
    } else {
      w.field("name", text);
    }
    w.end_object().end_object();
  }
  w.end_array();
}

void write_component(JsonWriter& w, const SbomComponent& sc) {
  const Component& c = sc.first();
  w.begin_object();
  w.field("type", "library").field("bom-ref", sc.ref);
  auto [group, name] = group_and_name(c);
  if (!group.empty()) w.field("group", group);
  w.field("name", name.empty() ? sc.ref : name);
  if (!c.version.empty()) w.field("version", c.version);
  if (const auto scope = cyclonedx_scope(sc.scope); !scope.empty()) w.field("scope", scope);
  if (const std::string supplier = detail::distro_supplier(c); !supplier.empty()) {
    w.key("supplier").begin_object().field("name", supplier).end_object();
  }
  write_licenses(w, sc.licenses);
  if (sc.purl_usable) w.field("purl", c.purl);

  w.key("properties").begin_array();
  property(w, "upkeep:ecosystem", c.ecosystem);
  if (sc.relationship != Relationship::kUnknown) {
    property(w, "upkeep:relationship", inventory::relationship_name(sc.relationship));
  }
  if (sc.scope != Scope::kUnknown) property(w, "upkeep:scope", inventory::scope_name(sc.scope));
  if (!c.version_note.empty()) property(w, "upkeep:version-note", c.version_note);
  if (!c.source_name.empty()) {
    property(w, "upkeep:source-package", c.source_name);
    if (!c.source_version.empty()) property(w, "upkeep:source-version", c.source_version);
  }
  if (!c.arch.empty()) property(w, "upkeep:arch", c.arch);
  for (const auto& e : sc.extractors)
    property(w, "upkeep:extractor", e);
  for (const auto& l : sc.locations)
    property(w, "upkeep:location", l);
  for (const auto& l : sc.layers)
    property(w, "upkeep:layer", l);
  w.end_array();

  // Where it was found: one occurrence per file (and layer).
  w.key("evidence").begin_object().key("occurrences").begin_array();
  std::vector<std::pair<std::string_view, std::string_view>> seen;
  for (const Component* o : sc.occurrences) {
    const std::pair<std::string_view, std::string_view> key{o->location, o->layer};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    w.begin_object().field("location", o->location.empty() ? "(unknown)" : o->location);
    std::string context = "found by " + o->extractor;
    if (!o->layer.empty()) context += " in layer " + o->layer;
    w.field("additionalContext", context).end_object();
  }
  w.end_array().end_object();
  w.end_object();
}

void write_os(JsonWriter& w, const detail::SbomOs& s) {
  w.begin_object();
  w.field("type", "operating-system").field("bom-ref", s.ref).field("name", s.os->id);
  if (!s.os->version_id.empty()) w.field("version", s.os->version_id);
  if (!s.os->pretty_name.empty()) w.field("description", s.os->pretty_name);
  w.key("properties").begin_array();
  if (!s.osv_ecosystem.empty()) property(w, "upkeep:ecosystem", s.osv_ecosystem);
  if (!s.os->version_codename.empty()) property(w, "upkeep:os:codename", s.os->version_codename);
  w.end_array();
  w.end_object();
}

void depends(JsonWriter& w, std::string_view ref, const std::vector<std::string_view>& on) {
  w.begin_object().field("ref", ref).key("dependsOn").begin_array();
  for (auto r : on)
    w.value(r);
  w.end_array().end_object();
}

}  // namespace

std::string inventory_cyclonedx(const inventory::Inventory& inventory,
                                const ReportOptions& options) {
  const SbomModel model = detail::build_sbom_model(inventory, options.tool_version);
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
  w.field("bomFormat", "CycloneDX").field("specVersion", "1.6");
  w.field("serialNumber", "urn:uuid:" + model.uuid).field("version", 1);

  w.key("metadata").begin_object();
  w.field("timestamp", timestamp_utc(options));
  w.key("tools").begin_object().key("components").begin_array();
  w.begin_object().field("type", "application").field("name", "upkeep");
  if (!options.tool_version.empty()) w.field("version", options.tool_version);
  w.end_object();
  w.end_array().end_object();
  w.key("component").begin_object();
  w.field("type", model.root_kind == "container" ? "container" : "application");
  w.field("bom-ref", kRootRef).field("name", model.root_name);
  if (!inventory.targets.empty()) {
    w.key("properties").begin_array();
    for (const auto& t : inventory.targets) {
      property(w, "upkeep:target", t.kind + " " + t.spec);
      if (!t.image_name.empty()) property(w, "upkeep:image", t.image_name);
      for (const auto& layer : t.layers)
        property(w, "upkeep:image:layer", layer);
    }
    w.end_array();
  }
  w.end_object();
  w.end_object();

  // Components sorted by bom-ref: purls ("pkg:...") first, then the operating systems.
  w.key("components").begin_array();
  for (const SbomComponent& sc : model.components)
    write_component(w, sc);
  for (const auto& s : model.systems)
    write_os(w, s);
  w.end_array();

  // The graph where the sources give it: the target depends on its direct components and its
  // operating systems, an operating system on its packages, a component on what its file says.
  w.key("dependencies").begin_array();
  std::vector<std::string_view> on;
  for (size_t i : model.direct)
    on.push_back(model.components[i].ref);
  for (const auto& s : model.systems)
    on.push_back(s.ref);
  if (!on.empty()) depends(w, kRootRef, on);
  for (const SbomComponent& sc : model.components) {
    if (!sc.dependencies_known && sc.depends_on.empty()) continue;
    on.clear();
    for (size_t i : sc.depends_on)
      on.push_back(model.components[i].ref);
    depends(w, sc.ref, on);
  }
  for (const auto& s : model.systems) {
    if (s.packages.empty()) continue;
    on.clear();
    for (size_t i : s.packages)
      on.push_back(model.components[i].ref);
    depends(w, s.ref, on);
  }
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace upkeep::report
