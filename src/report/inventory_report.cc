// SPDX-License-Identifier: Apache-2.0
//
// Inventory as a table and as upkeep's own JSON (docs/formats/inventory-json.md), and the format
// switch.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "upkeep/json_writer.h"
#include "upkeep/report.h"
#include "upkeep/utf8.h"

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
  out += '\n';
  return out;
}

namespace {

// A cell as the terminal will show it: every byte that is not printable, well-formed UTF-8
// becomes '?' (package names and paths come from untrusted files, and an escape sequence in a
// package name must not reach the terminal), and the width is counted in code points.
struct Cell {
  std::string text;
  size_t width = 0;
};

Cell make_cell(std::string_view s) {
  Cell c;
  c.text.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      c.text += (b < 0x20 || b == 0x7f) ? '?' : static_cast<char>(b);
      ++i;
    } else {
      const size_t n = utf8_sequence_length(s, i);
      // C1 controls (U+0080..U+009F, "\xC2\x80".."\xC2\x9F") act like escapes on some terminals.
      if (n == 0 || (n == 2 && b == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0)) {
        c.text += '?';
        i += n == 0 ? 1 : n;
      } else {
        c.text.append(s.substr(i, n));
        i += n;
      }
    }
    ++c.width;
  }
  return c;
}

// The first `width` code points of a sanitized cell (a '~' marks the cut), padded to `width`.
std::string fit_end(const Cell& c, size_t width, bool pad) {
  std::string out;
  if (c.width <= width) {
    out = c.text;
    if (pad) out.append(width - c.width, ' ');
    return out;
  }
  size_t i = 0;
  for (size_t n = 0; n + 1 < width; ++n)
    i += std::max<size_t>(1, utf8_sequence_length(c.text, i));
  out = c.text.substr(0, i);
  if (width > 0) out += '~';
  return out;
}

// The last `width` code points, a leading "..." marking the cut: the file name matters most.
std::string fit_start(const Cell& c, size_t width) {
  if (c.width <= width) return c.text;
  if (width <= 3) return std::string(width, '.');
  size_t skip = c.width - (width - 3), i = 0;
  for (size_t n = 0; n < skip; ++n)
    i += std::max<size_t>(1, utf8_sequence_length(c.text, i));
  return "..." + c.text.substr(i);
}

}  // namespace

std::string inventory_table(const Inventory& inventory, const ReportOptions& options) {
  // Packages of several architectures (dpkg multiarch: libc6 for amd64 and i386) would show as
  // identical lines: those, and only those, get ":arch" after the name, as dpkg-query writes it.
  std::map<std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>,
           std::set<std::string_view>>
      arches;
  for (const Component& c : inventory.components) {
    if (!c.arch.empty()) arches[{c.ecosystem, c.name, c.version, c.location}].insert(c.arch);
  }
  // The columns, in order; DEPENDENCY and LAYER only when some component has one. The location
  // is last and, when lines must be shortened, loses its start (the file name matters most).
  enum Column { kName, kVersion, kEcosystem, kDependency, kLayer, kLocation, kColumns };
  const char* const kTitles[kColumns] = {"NAME",       "VERSION", "ECOSYSTEM",
                                         "DEPENDENCY", "LAYER",   "LOCATION"};
  std::vector<std::array<Cell, kColumns>> rows;
  rows.reserve(inventory.components.size());
  bool shown[kColumns] = {true, true, true, false, false, true};
  for (const Component& c : inventory.components) {
    std::string name = c.name;
    if (!c.arch.empty() && arches[{c.ecosystem, c.name, c.version, c.location}].size() > 1) {
      name += ":" + c.arch;
    }
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
    // Layers by their short id, as docker shows image ids: 12 hex digits of the digest.
    std::string layer = c.layer;
    if (const size_t colon = layer.find(':'); colon != std::string::npos) {
      layer = layer.substr(colon + 1);
    }
    layer = layer.substr(0, 12);
    shown[kDependency] |= !kind.empty();
    shown[kLayer] |= !layer.empty();
    rows.push_back({make_cell(name), make_cell(version), make_cell(c.ecosystem), make_cell(kind),
                    make_cell(layer), make_cell(c.location)});
  }
  std::array<Cell, kColumns> header;
  for (int i = 0; i < kColumns; ++i)
    header[i] = make_cell(kTitles[i]);
  size_t w[kColumns];
  for (int i = 0; i < kColumns; ++i) {
    w[i] = header[i].width;
    for (const auto& r : rows)
      w[i] = std::max(w[i], r[i].width);
  }
  // No column but the location grows past kMaxColumn; on a terminal the location gives way
  // first, then the name, so that lines fit.
  constexpr size_t kMaxColumn = 48;
  constexpr size_t kGap = 2;
  for (int i = 0; i < kLocation; ++i)
    w[i] = std::min(w[i], kMaxColumn);
  if (options.terminal_width > 0) {
    auto total = [&] {
      size_t t = 0;
      for (int i = 0; i < kColumns; ++i)
        if (shown[i]) t += w[i] + (t > 0 ? kGap : 0);
      return t;
    };
    auto shrink = [&](int column, size_t min_width) {
      const size_t now = total();
      if (now <= options.terminal_width || w[column] <= min_width) return;
      const size_t excess = now - options.terminal_width;
      w[column] = excess >= w[column] - min_width ? min_width : w[column] - excess;
    };
    shrink(kLocation, 20);
    shrink(kName, 16);
    shrink(kVersion, 16);
  }
  std::string out;
  auto line = [&](const std::array<Cell, kColumns>& r, bool bold) {
    if (bold && options.color) out += "\x1b[1m";
    std::string text;
    for (int i = 0; i < kColumns; ++i) {
      if (!shown[i]) continue;
      if (!text.empty()) text.append(kGap, ' ');
      text += i == kLocation ? fit_start(r[i], w[i]) : fit_end(r[i], w[i], true);
    }
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out += text;
    if (bold && options.color) out += "\x1b[0m";
    out += '\n';
  };
  line(header, true);
  for (const auto& r : rows)
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
      // Components no ecosystem covers (pkg:generic from an SBOM) are counted too.
      out += (eco.empty() ? std::string("no ecosystem") : make_cell(eco).text) + ": " +
             std::to_string(n);
    }
    out += ")";
  }
  if (!inventory.warnings.empty()) {
    out += ", " + std::to_string(inventory.warnings.size()) +
           (inventory.warnings.size() == 1 ? " warning" : " warnings");
  }
  out += "\n";
  return out;
}

}  // namespace upkeep::report
