// SPDX-License-Identifier: Apache-2.0
//
// A scan as one standalone HTML page: inline CSS, no external resource, readable without
// JavaScript (a few lines of inline script add a filter box). Every string from the inventory or
// the advisories goes through html_escape.
#include <cmath>
#include <string>

#include "report/scan_model.h"
#include "upkeep/scan_report.h"

namespace upkeep::report {

using inventory::Component;
using match::Finding;

namespace {

constexpr std::string_view kStyle = R"css(
:root { --critical: #a4161a; --high: #dc5f00; --medium: #c99700; --low: #3a6ea5;
        --none: #6c757d; --unknown: #6c757d; --fg: #1d2327; --muted: #5f6b73; --line: #dde3e8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--fg); background: #f6f8fa; }
header { background: #1d2327; color: #fff; padding: 24px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 2px 0; color: #c7d0d8; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px;
          margin: 0 0 20px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 16px 0 4px; }
.badges { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 20px; }
.badge { border-radius: 8px; padding: 10px 16px; color: #fff; min-width: 110px; }
.badge b { display: block; font-size: 24px; line-height: 1.1; }
.sev { display: inline-block; border-radius: 4px; padding: 0 8px; color: #fff; font-size: 12px;
       font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.critical { background: var(--critical); } .high { background: var(--high); }
.medium { background: var(--medium); } .low { background: var(--low); }
.none, .unknown { background: var(--none); } .kevb { background: #6a1b9a; }
.okb { background: #2e7d32; } .supb { background: #8c959f; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f3f6; font-weight: 600; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; }
.muted, .aliases { color: var(--muted); font-size: 13px; }
.kev { color: #6a1b9a; font-weight: 600; }
.advice { margin: 4px 0 8px; font-weight: 600; }
.warn { background: #fff8e1; border-color: #f3d27a; }
details > summary { cursor: pointer; font-weight: 600; }
a { color: #0b5cad; }
#filter { margin: 0 0 12px; padding: 6px 10px; width: 320px; max-width: 100%;
          border: 1px solid var(--line); border-radius: 6px; font: inherit; }
@media print { header { background: none; color: #000; } th { position: static; } #filter { display: none; } }
)css";

// Filters the findings table by the text typed in the box; without it the page is complete.
constexpr std::string_view kScript = R"js(
document.getElementById('filter').hidden = false;
document.getElementById('filter').addEventListener('input', function (e) {
  var q = e.target.value.toLowerCase();
  document.querySelectorAll('#findings tbody tr').forEach(function (tr) {
    tr.hidden = q !== '' && tr.textContent.toLowerCase().indexOf(q) < 0;
  });
});
)js";

using detail::html_escape;

std::string sev_badge(Rating r) {
  const std::string name(rating_name(r));
  return "<span class=\"sev " + name + "\">" + name + "</span>";
}

std::string id_link(std::string_view id) {
  return "<a href=\"" + html_escape(detail::vulnerability_url(id)) + "\">" + html_escape(id) +
         "</a>";
}

std::string aliases(const Finding& f) {
  if (f.ids.size() < 2) return {};
  std::string out = "<div class=\"aliases\">";
  for (size_t i = 1; i < f.ids.size(); ++i)
    out += (i > 1 ? ", " : "") + html_escape(f.ids[i]);
  return out + "</div>";
}

std::string epss_cell(const Finding& f) {
  if (!f.epss || !std::isfinite(*f.epss)) return "";
  std::string s = detail::format_epss(*f.epss);
  if (f.epss_percentile && std::isfinite(*f.epss_percentile)) {
    s += " <span class=\"muted\">" + detail::format_percentile(*f.epss_percentile) + "</span>";
  }
  return s;
}

std::string kev_cell(const Finding& f) {
  if (!f.kev) return "";
  std::string s = "<span class=\"kev\">KEV</span>";
  if (!f.kev_due_date.empty())
    s += " <span class=\"muted\">due " + html_escape(f.kev_due_date) + "</span>";
  return s;
}

std::string score_cell(const Finding& f) {
  if (!f.cvss_score || !std::isfinite(*f.cvss_score)) return "";
  std::string s = detail::format_score(*f.cvss_score);
  if (!f.cvss_vector.empty()) {
    s = "<span title=\"" + html_escape(f.cvss_vector) + "\">" + s + "</span>";
  }
  return s;
}

void findings_table(std::string& out, const std::vector<const Finding*>& findings,
                    const std::vector<Component>& components, bool suppressed, bool with_id) {
  out += std::string("<table") + (with_id ? " id=\"findings\"" : "") + ">\n<thead><tr>";
  out += suppressed ? "<th>Severity</th><th>Vulnerability</th><th>Package</th><th>Version</th>"
                      "<th>Status</th><th>Reason</th><th>Decided by</th>"
                    : "<th>Severity</th><th>Vulnerability</th><th>Package</th><th>Installed</th>"
                      "<th>Fixed in</th><th>CVSS</th><th>KEV</th><th>EPSS</th><th>Summary</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const Finding* f : findings) {
    if (f->suppressed != suppressed) continue;
    const Component& c = components[f->component];
    out += "<tr><td>" + sev_badge(effective_rating(*f)) + "</td><td>" +
           id_link(detail::preferred_id(*f)) + aliases(*f) + "</td><td>" + html_escape(c.name) +
           "<div class=\"muted\">" + html_escape(c.ecosystem) + "</div></td><td>" +
           html_escape(c.version) + "</td>";
    if (suppressed) {
      out += "<td>" +
             html_escape(f->suppression_status.empty() ? "suppressed" : f->suppression_status) +
             "</td><td>" + html_escape(f->suppression_reason) + "</td><td>" +
             html_escape(f->suppression_source) + "</td>";
    } else {
      out += "<td>" +
             (f->fixed_version.empty() ? std::string("<span class=\"muted\">none known</span>")
                                       : html_escape(f->fixed_version)) +
             "</td><td class=\"num\">" + score_cell(*f) + "</td><td>" + kev_cell(*f) +
             "</td><td class=\"num\">" + epss_cell(*f) + "</td><td>" + html_escape(f->summary) +
             "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

std::string badge(std::string_view css, uint64_t n, std::string_view label) {
  return "<div class=\"badge " + std::string(css) + "\"><b>" + std::to_string(n) + "</b>" +
         std::string(label) + "</div>\n";
}

}  // namespace

std::string scan_html(const ScanResult& scan, const ReportOptions& options) {
  const detail::ScanView view = detail::build_scan_view(scan);
  const auto& components = scan.inventory.components;
  const detail::ScanSummary& s = view.summary;
  const std::string targets = html_escape(detail::targets_label(scan.inventory));

  std::string out;
  out.reserve(8192 + view.findings.size() * 600);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"upkeep " + html_escape(options.tool_version) + "\">\n";
  out += "<title>upkeep scan: " + targets + "</title>\n<style>" + std::string(kStyle) +
         "</style>\n</head>\n<body>\n";

  out += "<header>\n<h1>Vulnerability report: " + targets + "</h1>\n";
  out += "<p>Scanned " + timestamp_utc(options) + " by upkeep " +
         html_escape(options.tool_version) + "</p>\n";
  out += "<p>Advisory database " +
         html_escape(detail::describe_database_age(scan.database, options)) +
         "</p>\n</header>\n<main>\n";

  out += "<div class=\"badges\">\n";
  static constexpr Rating kRatings[] = {Rating::kCritical, Rating::kHigh, Rating::kMedium,
                                        Rating::kLow,      Rating::kNone, Rating::kUnknown};
  for (Rating r : kRatings) {
    const uint64_t n = s.by_rating[static_cast<int>(r)];
    if (n == 0 && (r == Rating::kNone || r == Rating::kUnknown)) continue;
    out += badge(rating_name(r), n, rating_name(r));
  }
  if (s.kev > 0) out += badge("kevb", s.kev, "known exploited");
  out += badge("okb", s.fixable, "fixable");
  if (s.suppressed > 0) out += badge("supb", s.suppressed, "suppressed");
  out += "</div>\n";

  if (!scan.warnings.empty()) {
    out += "<section class=\"warn\"><h2>Warnings</h2><ul>\n";
    for (const auto& w : scan.warnings)
      out += "<li>" + html_escape(w) + "</li>\n";
    out += "</ul></section>\n";
  }

  out += "<section>\n<h2>Findings</h2>\n";
  if (s.findings == 0) {
    out += "<p>No known vulnerabilities in " + std::to_string(s.components) +
           (s.components == 1 ? " component" : " components") + ".</p>\n";
  } else {
    out += "<p>" + std::to_string(s.findings) + (s.findings == 1 ? " finding" : " findings") +
           " in " + std::to_string(s.vulnerable_components) + " of " +
           std::to_string(s.components) +
           " components, most severe first.</p>\n<input id=\"filter\" type=\"search\" "
           "placeholder=\"Filter findings\" aria-label=\"Filter findings\" hidden>\n";
    findings_table(out, view.findings, components, false, true);
  }
  out += "</section>\n";

  if (s.findings > 0) {
    out += "<section>\n<h2>By component</h2>\n";
    for (const auto& g : view.groups) {
      if (g.all_suppressed) continue;
      const Component& c = components[g.component];
      out += "<h3>" + html_escape(g.label) + " <span class=\"muted\">" + html_escape(c.ecosystem) +
             "</span></h3>\n";
      const std::string owner = detail::owner_label(scan, g.component);
      out += "<div class=\"muted\">" + html_escape(c.purl) +
             (c.location.empty() ? std::string() : " in " + html_escape(c.location)) +
             (owner.empty() ? std::string() : "; " + html_escape(owner)) + "</div>\n";
      if (const std::string a = detail::advice_text(g); !a.empty()) {
        out += "<p class=\"advice\">" + html_escape(a) + "</p>\n";
      }
      out += "<ul>\n";
      for (const Finding* f : g.findings) {
        if (f->suppressed) continue;
        out += "<li>" + sev_badge(effective_rating(*f)) + " " + id_link(detail::preferred_id(*f));
        if (!f->summary.empty()) out += ": " + html_escape(f->summary);
        out +=
            f->fixed_version.empty()
                ? std::string(" <span class=\"muted\">(no fix known)</span>")
                : " <span class=\"muted\">(fixed in " + html_escape(f->fixed_version) + ")</span>";
        out += "</li>\n";
      }
      out += "</ul>\n";
    }
    out += "</section>\n";
  }

  if (s.suppressed > 0) {
    out += "<section>\n<details>\n<summary>" + std::to_string(s.suppressed) +
           (s.suppressed == 1 ? " suppressed finding" : " suppressed findings") + "</summary>\n";
    findings_table(out, view.findings, components, true, false);
    out += "</details>\n</section>\n";
  }

  out += "<section>\n<h2>Advisory database</h2>\n";
  if (!scan.database.path.empty()) {
    out += "<p class=\"muted\">" + html_escape(scan.database.path) + "</p>\n";
  }
  if (scan.database.sources.empty()) {
    out += "<p>No source information.</p>\n";
  } else {
    out +=
        "<table>\n<thead><tr><th>Source</th><th>Records</th><th>Updated</th></tr></thead>\n"
        "<tbody>\n";
    for (const auto& src : scan.database.sources) {
      out += "<tr><td>" + html_escape(src.name) + "</td><td class=\"num\">" +
             std::to_string(src.records) + "</td><td>" +
             (src.updated ? detail::format_date(*src.updated) : std::string("unknown")) +
             "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n</main>\n";
  if (s.findings > 0) out += "<script>" + std::string(kScript) + "</script>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace upkeep::report
