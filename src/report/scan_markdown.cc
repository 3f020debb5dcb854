// SPDX-License-Identifier: Apache-2.0
//
// A scan as GitHub-flavoured Markdown, for pull-request comments: the counts, one table of every
// finding by severity, a section per vulnerable component with its upgrade advice, and the
// suppressed findings folded away.
#include <cmath>
#include <string>

#include "report/scan_model.h"
#include "upkeep/scan_report.h"

namespace upkeep::report {

using inventory::Component;
using match::Finding;

namespace {

// Untrusted text as literal Markdown (detail::markdown_text says how).
std::string md(std::string_view s) {
  return detail::markdown_text(s);
}

std::string link(std::string_view id) {
  // The URL is percent-encoded (vulnerability_url), so it cannot close the link early.
  return "[" + md(id) + "](" + detail::vulnerability_url(id) + ")";
}

std::string score(const Finding& f) {
  return f.cvss_score && std::isfinite(*f.cvss_score) ? detail::format_score(*f.cvss_score) : "";
}

std::string epss(const Finding& f) {
  if (!f.epss || !std::isfinite(*f.epss)) return "";
  std::string s = detail::format_epss(*f.epss);
  if (f.epss_percentile && std::isfinite(*f.epss_percentile)) {
    s += " (" + detail::format_percentile(*f.epss_percentile) + ")";
  }
  return s;
}

std::string kev(const Finding& f) {
  if (!f.kev) return "";
  return f.kev_due_date.empty() ? "yes" : "yes, due " + md(f.kev_due_date);
}

void table(std::string& out, const std::vector<const Finding*>& findings, const ScanResult& scan,
           bool suppressed) {
  const auto& components = scan.inventory.components;
  // With an owners file, who to talk to comes right after the package.
  const bool owners = !scan.owners.empty();
  out += suppressed ? "| Severity | Vulnerability | Package | Version | Status | Reason |\n"
                      "| --- | --- | --- | --- | --- | --- |\n"
         : owners
             ? "| Severity | Vulnerability | Package | Version | Group | Fixed in | CVSS | KEV | "
               "EPSS |\n| --- | --- | --- | --- | --- | --- | ---: | --- | ---: |\n"
             : "| Severity | Vulnerability | Package | Version | Fixed in | CVSS | KEV | "
               "EPSS |\n| --- | --- | --- | --- | --- | ---: | --- | ---: |\n";
  for (const Finding* f : findings) {
    if (f->suppressed != suppressed) continue;
    const Component& c = components[f->component];
    out += "| " + std::string(rating_name(effective_rating(*f))) + " | " +
           link(detail::preferred_id(*f)) + " | " + md(c.name) + " | " + md(c.version) + " | ";
    if (owners && !suppressed) {
      const std::string& group =
          f->component < scan.owners.size() ? scan.owners[f->component].group : std::string();
      out += (group.empty() ? std::string("(none)") : md(group)) + " | ";
    }
    if (suppressed) {
      out += md(f->suppression_status.empty() ? "suppressed" : f->suppression_status) + " | " +
             md(f->suppression_reason) + " |\n";
    } else {
      out += md(f->fixed_version.empty() ? "none known" : f->fixed_version) + " | " + score(*f) +
             " | " + kev(*f) + " | " + epss(*f) + " |\n";
    }
  }
}

}  // namespace

std::string scan_markdown(const ScanResult& scan, const ReportOptions& options) {
  const detail::ScanView view = detail::build_scan_view(scan);
  const auto& components = scan.inventory.components;
  const detail::ScanSummary& s = view.summary;
  std::string out = "## upkeep scan: " + md(detail::targets_label(scan.inventory)) + "\n\n";

  if (s.findings == 0) {
    out += "**No known vulnerabilities** in " + std::to_string(s.components) +
           (s.components == 1 ? " component.\n" : " components.\n");
  } else {
    out += "**" + std::to_string(s.findings) +
           (s.findings == 1 ? " vulnerability" : " vulnerabilities") + "** in " +
           std::to_string(s.vulnerable_components) + " of " + std::to_string(s.components) +
           " components: ";
    bool first = true;
    for (Rating r : {Rating::kCritical, Rating::kHigh, Rating::kMedium, Rating::kLow, Rating::kNone,
                     Rating::kUnknown}) {
      const uint64_t n = s.by_rating[static_cast<int>(r)];
      if (n == 0) continue;
      out += (first ? "" : ", ") + std::to_string(n) + " " + std::string(rating_name(r));
      first = false;
    }
    out += ".";
    if (s.kev > 0) out += " **" + std::to_string(s.kev) + " known exploited** (CISA KEV).";
    out += " " + std::to_string(s.fixable) + " fixable.\n";
  }
  if (s.suppressed > 0) out += std::to_string(s.suppressed) + " suppressed (listed below).\n";
  out += "\nAdvisory database " + md(detail::describe_database_age(scan.database, options)) +
         "; report of " + timestamp_utc(options).substr(0, 10) + ".\n";
  for (const auto& w : scan.warnings)
    out += "\n> **Warning:** " + md(w) + "\n";

  if (s.findings > 0) {
    out += "\n";
    table(out, view.findings, scan, false);
    out += "\n### By component\n";
    for (const auto& g : view.groups) {
      if (g.all_suppressed) continue;
      const Component& c = components[g.component];
      out += "\n#### " + md(g.label);
      if (!c.ecosystem.empty()) out += " (" + md(c.ecosystem) + ")";
      out += "\n\n";
      if (!c.location.empty()) out += "Found in " + md(c.location) + ".";
      if (const std::string a = detail::advice_text(g); !a.empty()) {
        out += (c.location.empty() ? "" : " ") + std::string("**") + md(a) + "**.";
      }
      out += "\n\n";
      for (const Finding* f : g.findings) {
        if (f->suppressed) continue;
        out += "- **" + std::string(rating_name(effective_rating(*f))) + "** " +
               link(detail::preferred_id(*f));
        if (f->ids.size() > 1) {
          out += " (also";
          for (size_t i = 1; i < f->ids.size(); ++i)
            out += (i > 1 ? ", " : " ") + md(f->ids[i]);
          out += ")";
        }
        out += ": " + md(detail::end_sentence(f->summary));
        out +=
            f->fixed_version.empty() ? "No fix known." : "Fixed in " + md(f->fixed_version) + ".";
        out += "\n";
      }
    }
  }
  if (s.suppressed > 0) {
    out += "\n<details><summary>" + std::to_string(s.suppressed) +
           (s.suppressed == 1 ? " suppressed finding" : " suppressed findings") + "</summary>\n\n";
    table(out, view.findings, scan, true);
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace upkeep::report
