// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the scan reports: the input becomes a scan (lines are fields; an empty
// line starts the next component and its finding), which is rendered in every format. Names,
// paths, ids and summaries come from untrusted files and advisories, so beyond "no crash": every
// output is UTF-8, every JSON format parses, the table carries no control character, and neither
// the HTML nor the Markdown lets a tag through.
#include <simdjson.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "upkeep/scan_report.h"
#include "upkeep/utf8.h"

namespace {

using upkeep::inventory::Component;
using upkeep::match::Finding;

double number(std::string_view v) {
  uint32_t h = 2166136261u;
  for (char c : v)
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  // Mostly in range, sometimes out of it or not finite.
  switch (h % 16) {
    case 0:
      return -1.5;
    case 1:
      return 1e300;
    case 2:
      return NAN;
    default:
      return (h % 1001) / 100.0;
  }
}

upkeep::report::ScanResult make_scan(std::string_view in) {
  upkeep::report::ScanResult scan;
  upkeep::inventory::TargetInfo target;
  target.spec = "./fuzz";
  target.kind = "directory";
  scan.inventory.targets.push_back(target);
  Component c;
  Finding f;
  int field = 0;
  auto flush = [&] {
    if (field == 0) return;
    // Now and then an index past the inventory (a caller's bug the renderers must survive).
    f.component = scan.inventory.components.size() + (field % 7 == 6 ? 1 : 0);
    scan.inventory.components.push_back(std::move(c));
    scan.findings.push_back(f);
    if (field % 3 == 0) {
      scan.findings.push_back(f);  // the same finding twice
      scan.findings.back().suppressed = !f.suppressed;
    }
    scan.advice.push_back({f.component,
                           field % 2 == 0 ? upkeep::match::ComponentAdvice::Kind::kNoFix
                                          : upkeep::match::ComponentAdvice::Kind::kUpgrade,
                           f.fixed_version,
                           {}});
    c = Component{};
    f = Finding{};
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
    switch (field++ % 14) {
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
        f.ids.push_back(v);
        break;
      case 6:
        f.records.push_back(v);
        break;
      case 7:
        f.summary = v;
        break;
      case 8:
        f.fixed_version = v;
        break;
      case 9:
        f.rating = v;
        f.cvss_score = number(v);
        break;
      case 10:
        f.cvss_vector = v;
        f.kev = v.size() % 2 == 0;
        f.kev_due_date = v;
        break;
      case 11:
        f.epss = number(v);
        f.epss_percentile = number(v + "p");
        break;
      case 12:
        f.suppressed = true;
        f.suppression_status = v;
        break;
      case 13:
        f.suppression_reason = v;
        f.suppression_source = v;
        scan.warnings.push_back(v);
        break;
    }
  }
  flush();
  return scan;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;
  const auto scan = make_scan(std::string_view(reinterpret_cast<const char*>(data), size));
  upkeep::report::ReportOptions options;
  options.tool_version = "0.0.0";
  options.timestamp = 0;
  options.terminal_width = 80;
  static simdjson::dom::parser parser;
  using upkeep::report::ScanFormat;
  for (auto format : {ScanFormat::kTable, ScanFormat::kJson, ScanFormat::kSarif,
                      ScanFormat::kCycloneDx, ScanFormat::kMarkdown, ScanFormat::kHtml}) {
    const std::string out = upkeep::report::render_scan(scan, format, options);
    if (!upkeep::is_valid_utf8(out)) std::abort();
    switch (format) {
      case ScanFormat::kTable:
        for (char ch : out) {
          if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\n') || ch == 0x7f) std::abort();
        }
        break;
      case ScanFormat::kMarkdown:
        // Markdown writes no tag of its own but <details>/<summary>; any other '<' is from input.
        for (size_t i = out.find('<'); i != std::string::npos; i = out.find('<', i + 1)) {
          const std::string_view rest = std::string_view(out).substr(i);
          if (!rest.starts_with("<details>") && !rest.starts_with("</details>") &&
              !rest.starts_with("<summary>") && !rest.starts_with("</summary>")) {
            std::abort();
          }
        }
        break;
      case ScanFormat::kHtml: {
        size_t scripts = 0;
        for (size_t i = out.find("<script"); i != std::string::npos; i = out.find("<script", i + 1))
          ++scripts;
        if (scripts > 1) std::abort();
        break;
      }
      default:
        if (parser.parse(out).error()) std::abort();
    }
  }
  return 0;
}
