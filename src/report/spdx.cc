// SPDX-License-Identifier: Apache-2.0
//
// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/) of an inventory: one package per
// distinct purl, the target as the root package the document describes. The mapping is
// documented in docs/formats/sbom.md.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "report/sbom_model.h"
#include "report/sha1.h"
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

constexpr std::string_view kDocumentId = "SPDXRef-DOCUMENT";
constexpr std::string_view kRootId = "SPDXRef-Root";
constexpr size_t kMaxIdName = 64;

// SPDX ids allow letters, digits, '.' and '-' only (SPDX 2.3 section 7.2).
std::string id_chars(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= kMaxIdName) break;
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-';
    out += ok ? c : '-';
  }
  return out;
}

// "SPDXRef-Package-<name>-<16 hex of the SHA-1 of the purl>": readable, stable when other
// components come and go, and unique (a clash, however unlikely, gets a counter).
std::string package_id(const SbomComponent& sc, std::set<std::string>& used) {
  std::string id =
      "SPDXRef-Package-" + id_chars(sc.first().name) + "-" + detail::sha1_hex(sc.ref).substr(0, 16);
  std::string unique = id;
  for (int n = 2; used.contains(unique); ++n)
    unique = id + "-" + std::to_string(n);
  used.insert(unique);
  return unique;
}

// The document namespace must be a unique absolute URI without '#' (SPDX 2.3 section 6.5): a
// name-based UUID under a host name that is reserved never to resolve.
std::string document_namespace(const SbomModel& model) {
  std::string name;
  for (char c : model.root_name) {
    if (name.size() >= kMaxIdName) break;
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_';
    if (ok && !(name.empty() && c == '.')) {
      name += c;
    } else if (!name.empty() && name.back() != '-') {
      name += '-';
    }
  }
  while (!name.empty() && name.back() == '-')
    name.pop_back();
  if (name.empty()) name = "inventory";
  return "https://upkeep.invalid/spdx/" + name + "-" + model.uuid;
}

void write_package(JsonWriter& w, const SbomComponent& sc, const std::string& id) {
  const Component& c = sc.first();
  w.begin_object();
  w.field("SPDXID", id).field("name", c.name.empty() ? sc.ref : c.name);
  if (!c.version.empty()) w.field("versionInfo", c.version);
  const std::string supplier = detail::distro_supplier(c);
  w.field("supplier", supplier.empty() ? "NOASSERTION" : "Organization: " + supplier);
  w.field("downloadLocation", "NOASSERTION").field("filesAnalyzed", false);
  if (!c.source_name.empty()) {
    std::string info = "built from source package " + c.source_name;
    if (!c.source_version.empty()) info += " " + c.source_version;
    w.field("sourceInfo", info);
  }
  w.field("licenseConcluded", "NOASSERTION");
  // The declared license when it is one valid expression; several declared licenses do not say
  // whether they combine with AND or OR, so they stay an assertion not made, and are quoted.
  std::optional<detail::SpdxLicense> declared;
  if (sc.licenses.size() == 1) declared = detail::parse_spdx_license(sc.licenses.front());
  w.field("licenseDeclared", declared ? declared->expression : std::string("NOASSERTION"));
  if (!declared && !sc.licenses.empty()) {
    std::string text = "declared: ";
    for (size_t i = 0; i < sc.licenses.size(); ++i)
      text += (i > 0 ? "; " : "") + sc.licenses[i];
    w.field("licenseComments", text);
  }
  w.field("copyrightText", "NOASSERTION");
  if (sc.purl_usable) {
    w.key("externalRefs").begin_array().begin_object();
    w.field("referenceCategory", "PACKAGE-MANAGER").field("referenceType", "purl");
    w.field("referenceLocator", c.purl).end_object().end_array();
  }
  std::string comment = "ecosystem " + c.ecosystem;
  if (sc.relationship != Relationship::kUnknown) {
    comment += "; " + std::string(inventory::relationship_name(sc.relationship));
  }
  if (sc.scope != Scope::kUnknown) comment += "; " + std::string(inventory::scope_name(sc.scope));
  if (!c.arch.empty()) comment += "; arch " + c.arch;
  if (!c.version_note.empty()) comment += "; version " + c.version_note;
  comment += "; found in";
  for (size_t i = 0; i < sc.locations.size(); ++i)
    comment += (i > 0 ? ", " : " ") + sc.locations[i];
  for (size_t i = 0; i < sc.layers.size(); ++i) {
    comment += (i > 0 ? ", " : (sc.layers.size() == 1 ? " (layer " : " (layers ")) + sc.layers[i];
  }
  if (!sc.layers.empty()) comment += ")";
  comment += " by";
  for (size_t i = 0; i < sc.extractors.size(); ++i)
    comment += (i > 0 ? ", " : " ") + sc.extractors[i];
  w.field("comment", comment);
  w.end_object();
}

void relationship(JsonWriter& w, std::string_view from, std::string_view type,
                  std::string_view to) {
  w.begin_object().field("spdxElementId", from).field("relationshipType", type);
  w.field("relatedSpdxElement", to).end_object();
}

}  // namespace

std::string inventory_spdx(const inventory::Inventory& inventory, const ReportOptions& options) {
  const SbomModel model = detail::build_sbom_model(inventory, options.tool_version);
  std::set<std::string> used = {std::string(kDocumentId), std::string(kRootId)};
  std::vector<std::string> ids;
  ids.reserve(model.components.size());
  for (const SbomComponent& sc : model.components)
    ids.push_back(package_id(sc, used));
  std::vector<std::string> os_ids;
  for (const auto& s : model.systems) {
    std::string id = "SPDXRef-OperatingSystem-" + id_chars(s.os->purl_distro());
    for (int n = 2; used.contains(id); ++n)
      id = "SPDXRef-OperatingSystem-" + id_chars(s.os->purl_distro()) + "-" + std::to_string(n);
    used.insert(id);
    os_ids.push_back(id);
  }

  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("spdxVersion", "SPDX-2.3").field("dataLicense", "CC0-1.0");
  w.field("SPDXID", kDocumentId).field("name", model.root_name);
  w.field("documentNamespace", document_namespace(model));
  w.key("creationInfo").begin_object();
  w.field("created", timestamp_utc(options));
  w.key("creators").begin_array();
  w.value("Tool: upkeep-" + (options.tool_version.empty() ? "unknown" : options.tool_version));
  w.end_array();
  w.end_object();

  w.key("packages").begin_array();
  // The root: what was inventoried.
  w.begin_object().field("SPDXID", kRootId).field("name", model.root_name);
  w.field("downloadLocation", "NOASSERTION").field("filesAnalyzed", false);
  if (model.root_kind == "container") w.field("primaryPackagePurpose", "CONTAINER");
  if (model.root_kind == "host") w.field("primaryPackagePurpose", "OPERATING_SYSTEM");
  std::string targets;
  for (const auto& t : inventory.targets) {
    targets += (targets.empty() ? "targets: " : "; ") + t.kind + " " + t.spec;
    if (!t.image_name.empty()) targets += " (" + t.image_name + ")";
  }
  if (!targets.empty()) w.field("comment", targets);
  w.end_object();
  for (size_t i = 0; i < model.components.size(); ++i)
    write_package(w, model.components[i], ids[i]);
  for (size_t i = 0; i < model.systems.size(); ++i) {
    const auto& s = model.systems[i];
    w.begin_object().field("SPDXID", os_ids[i]).field("name", s.os->id);
    if (!s.os->version_id.empty()) w.field("versionInfo", s.os->version_id);
    w.field("downloadLocation", "NOASSERTION").field("filesAnalyzed", false);
    if (!s.os->pretty_name.empty()) w.field("description", s.os->pretty_name);
    w.field("primaryPackagePurpose", "OPERATING_SYSTEM").end_object();
  }
  w.end_array();

  // The document describes the root; the root depends on its direct components (dev and
  // optional ones as such) and contains the rest; components depend on what their files say.
  w.key("relationships").begin_array();
  relationship(w, kDocumentId, "DESCRIBES", kRootId);
  for (size_t i = 0; i < model.components.size(); ++i) {
    const SbomComponent& sc = model.components[i];
    if (sc.relationship != Relationship::kDirect) {
      relationship(w, kRootId, "CONTAINS", ids[i]);
    } else if (sc.scope == Scope::kDevelopment) {
      relationship(w, ids[i], "DEV_DEPENDENCY_OF", kRootId);
    } else if (sc.scope == Scope::kOptional) {
      relationship(w, ids[i], "OPTIONAL_DEPENDENCY_OF", kRootId);
    } else {
      relationship(w, kRootId, "DEPENDS_ON", ids[i]);
    }
  }
  for (size_t i = 0; i < model.systems.size(); ++i)
    relationship(w, kRootId, "CONTAINS", os_ids[i]);
  for (size_t i = 0; i < model.components.size(); ++i) {
    for (size_t j : model.components[i].depends_on)
      relationship(w, ids[i], "DEPENDS_ON", ids[j]);
  }
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace upkeep::report
