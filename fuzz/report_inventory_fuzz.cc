// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the inventory reports: the input becomes an inventory (each line a field
// of a component, in Component's order, components separated by empty lines), which is rendered
// in every format. Component fields come from untrusted files, so beyond "no crash": every JSON
// format parses, every output is UTF-8, and the table carries no control character.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/inventory.h"
#include "upkeep/report.h"
#include "upkeep/utf8.h"

namespace {

using upkeep::inventory::Component;

upkeep::inventory::Inventory make_inventory(std::string_view in) {
  upkeep::inventory::Inventory inv;
  upkeep::inventory::TargetInfo target;
  target.spec = "fuzz";
  target.kind = "directory";
  inv.targets.push_back(target);
  Component c;
  int field = 0;
  auto flush = [&] {
    if (field > 0) inv.components.push_back(std::move(c));
    c = Component{};
    field = 0;
  };
  while (!in.empty()) {
    const size_t nl = in.find('\n');
    const std::string_view line = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    if (line.empty()) {
      flush();
      continue;
    }
    const std::string v(line);
    switch (field++ % 12) {
      case 0:
        c.ecosystem = v;
        break;
      case 1:
        c.name = v;
        break;
      case 2:
        c.version = v;
        break;
      case 3:
        c.purl = v;
        break;
      case 4:
        c.location = v;
        break;
      case 5:
        c.layer = v;
        break;
      case 6:
        c.licenses.push_back(v);
        break;
      case 7:
        c.dependencies.push_back(v);
        break;
      case 8:
        c.source_name = v;
        break;
      case 9:
        c.arch = v;
        break;
      case 10:
        c.relationship = static_cast<upkeep::inventory::Relationship>(v[0] % 3);
        c.scope = static_cast<upkeep::inventory::Scope>(v.size() % 4);
        break;
      case 11:
        c.version_note = v;
        break;
    }
  }
  flush();
  upkeep::inventory::sort_components(inv.components);
  return inv;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;
  const auto inv = make_inventory(std::string_view(reinterpret_cast<const char*>(data), size));
  upkeep::report::ReportOptions options;
  options.tool_version = "0.0.0";
  options.timestamp = 0;
  options.terminal_width = 80;
  static simdjson::dom::parser parser;
  using upkeep::report::InventoryFormat;
  for (auto format : {InventoryFormat::kJson, InventoryFormat::kCycloneDx, InventoryFormat::kSpdx,
                      InventoryFormat::kTable}) {
    const std::string out = upkeep::report::render_inventory(inv, format, options);
    if (!upkeep::is_valid_utf8(out)) std::abort();
    if (format == InventoryFormat::kTable) {
      for (char ch : out) {
        if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\n') || ch == 0x7f) std::abort();
      }
    } else if (parser.parse(out).error()) {
      std::abort();
    }
  }
  return 0;
}
