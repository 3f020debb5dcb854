// SPDX-License-Identifier: Apache-2.0
//
// Inventory as a table and as upkeep's own JSON (docs/formats/inventory-json.md), and the format
// switch.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>

#include "upkeep/json_writer.h"
#include "upkeep/report.h"

namespace upkeep::report {

using inventory::Component;
using inventory::Inventory;

Result<InventoryFormat> parse_inventory_format(std::string_view name) {
  if (name == "table") return InventoryFormat::kTable;
  if (name == "json") return InventoryFormat::kJson;
  if (name == "cyclonedx") return InventoryFormat::kCycloneDx;
  if (name == "spdx") return InventoryFormat::kSpdx;
  return Status::invalid_argument("unknown format \"" + std::string(name) +
                                  "\" (table, json, cyclonedx, spdx)");
}

std::optional<int64_t> source_date_epoch() {
  const char* v = std::getenv("SOURCE_DATE_EPOCH");
  if (v == nullptr || *v == '\0') return std::nullopt;
  char* end = nullptr;
  const long long t = std::strtoll(v, &end, 10);
  if (end == nullptr || *end != '\0' || t < 0) return std::nullopt;
  return static_cast<int64_t>(t);
}

std::string timestamp_utc(const ReportOptions& options) {
  const std::time_t t =
      options.timestamp ? static_cast<std::time_t>(*options.timestamp)
                        : std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string render_inventory(const Inventory& inventory, InventoryFormat format,
                             const ReportOptions& options) {
  switch (format) {
    case InventoryFormat::kTable:
      return inventory_table(inventory, options);
    case InventoryFormat::kJson:
      return inventory_json(inventory, options);
    case InventoryFormat::kCycloneDx:
      return inventory_cyclonedx(inventory, options);
    case InventoryFormat::kSpdx:
      return inventory_spdx(inventory, options);
  }
  return {};
}

std::string inventory_json(const Inventory& inventory, const ReportOptions& options) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("schema", "upkeep.inventory/1");
  w.key("tool")
      .begin_object()
      .field("name", "upkeep")
      .field("version", options.tool_version)
      .end_object();
  w.key("targets").begin_array();
  for (const auto& t : inventory.targets) {
    w.begin_object().field("spec", t.spec).field("kind", t.kind);
    if (t.os) {
      w.key("os").begin_object();
      w.field("id", t.os->id).field("version_id", t.os->version_id);
      if (!t.os->version_codename.empty()) w.field("version_codename", t.os->version_codename);
      w.field("pretty_name", t.os->pretty_name);
      if (auto eco = t.os->osv_ecosystem(); !eco.empty()) w.field("osv_ecosystem", eco);
      w.end_object();
    }
    if (!t.image_name.empty()) w.field("image", t.image_name);
    if (!t.platform.empty()) w.field("platform", t.platform);
    if (!t.layers.empty()) {
      w.key("layers").begin_array();
      for (const auto& l : t.layers)
        w.value(l);
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("components").begin_array();
  for (const Component& c : inventory.components) {
    w.begin_object();
    w.field("purl", c.purl).field("ecosystem", c.ecosystem).field("name", c.name);
    w.field("version", c.version);
    if (!c.version_note.empty()) w.field("version_note", c.version_note);
    w.field("location", c.location);
    if (!c.layer.empty()) w.field("layer", c.layer);
    w.field("extractor", c.extractor);
    w.field("relationship", inventory::relationship_name(c.relationship));
    w.field("scope", inventory::scope_name(c.scope));
    if (!c.source_name.empty()) {
      w.key("source").begin_object().field("name", c.source_name);
      w.field("version", c.source_version).end_object();
    }
    if (!c.arch.empty()) w.field("arch", c.arch);
    if (!c.licenses.empty()) {
      w.key("licenses").begin_array();
      for (const auto& l : c.licenses)
        w.value(l);
      w.end_array();
    }
    if (!c.dependencies.empty()) {
      w.key("dependencies").begin_array();
      for (const auto& d : c.dependencies)
        w.value(d);
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("warnings").begin_array();
  for (const auto& d : inventory.warnings) {
    w.begin_object().field("file", d.file);
    if (d.line > 0) w.field("line", d.line);
    if (d.column > 0) w.field("column", d.column);
    if (d.offset) w.field("offset", *d.offset);
    w.field("message", d.message);
    if (!d.extractor.empty()) w.field("extractor", d.extractor);
    w.end_object();
  }
  w.end_array();
  std::map<std::string, uint64_t> by_ecosystem;
  for (const Component& c : inventory.components)
    ++by_ecosystem[c.ecosystem];
  w.key("summary").begin_object();
  w.field("components", static_cast<uint64_t>(inventory.components.size()));
  w.key("by_ecosystem").begin_object();
  for (const auto& [eco, n] : by_ecosystem)
    w.field(eco, n);
  w.end_object();
  w.field("warnings", static_cast<uint64_t>(inventory.warnings.size()));
  w.end_object();
  w.end_object();
  return out;
}

std::string inventory_table(const Inventory& inventory, const ReportOptions& options) {
  struct Row {
    std::string name, version, ecosystem, kind, location;
  };
  std::vector<Row> rows;
  rows.reserve(inventory.components.size());
  for (const Component& c : inventory.components) {
    std::string kind;
    if (c.relationship != inventory::Relationship::kUnknown) {
      kind = inventory::relationship_name(c.relationship);
    }
    if (c.scope == inventory::Scope::kDevelopment || c.scope == inventory::Scope::kOptional) {
      if (!kind.empty()) kind += ", ";
      kind += c.scope == inventory::Scope::kDevelopment ? "dev" : "optional";
    }
    std::string version = c.version.empty() ? "(" + c.version_note + ")" : c.version;
    if (c.version.empty() && c.version_note.empty()) version = "(none)";
    std::string location = c.location;
    if (!c.layer.empty())
      location += " [" + c.layer.substr(0, std::min<size_t>(c.layer.size(), 19)) + "]";
    rows.push_back(Row{c.name, version, c.ecosystem, kind, location});
  }
  const Row header{"NAME", "VERSION", "ECOSYSTEM", "DEPENDENCY", "LOCATION"};
  size_t w[4] = {header.name.size(), header.version.size(), header.ecosystem.size(),
                 header.kind.size()};
  for (const Row& r : rows) {
    w[0] = std::max(w[0], r.name.size());
    w[1] = std::max(w[1], r.version.size());
    w[2] = std::max(w[2], r.ecosystem.size());
    w[3] = std::max(w[3], r.kind.size());
  }
  constexpr size_t kMaxColumn = 48;
  for (auto& x : w)
    x = std::min(x, kMaxColumn);
  auto cell = [](std::string s, size_t width) {
    if (s.size() > width) s = s.substr(0, width - 1) + "~";
    s.resize(width, ' ');
    return s;
  };
  std::string out;
  auto line = [&](const Row& r, bool bold) {
    if (bold && options.color) out += "\x1b[1m";
    out += cell(r.name, w[0]) + "  " + cell(r.version, w[1]) + "  " + cell(r.ecosystem, w[2]) +
           "  " + cell(r.kind, w[3]) + "  " + r.location;
    while (!out.empty() && out.back() == ' ')
      out.pop_back();
    if (bold && options.color) out += "\x1b[0m";
    out += '\n';
  };
  line(header, true);
  for (const Row& r : rows)
    line(r, false);
  out += "\n" + std::to_string(inventory.components.size()) + " components";
  std::map<std::string, uint64_t> by_ecosystem;
  for (const Component& c : inventory.components)
    ++by_ecosystem[c.ecosystem];
  if (!by_ecosystem.empty()) {
    out += " (";
    bool first = true;
    for (const auto& [eco, n] : by_ecosystem) {
      if (!first) out += ", ";
      first = false;
      out += eco + ": " + std::to_string(n);
    }
    out += ")";
  }
  if (!inventory.warnings.empty()) {
    out += ", " + std::to_string(inventory.warnings.size()) + " warnings";
  }
  out += "\n";
  return out;
}

}  // namespace upkeep::report
