// SPDX-License-Identifier: Apache-2.0
//
// `upkeep owners --sprawl` reports: table, JSON ("upkeep.sprawl/1") and Markdown.
#include <string>
#include <vector>

#include "report/scan_model.h"
#include "upkeep/json_writer.h"
#include "upkeep/owners_report.h"

namespace upkeep::report {

using maintenance::SprawlEntry;
using maintenance::SprawlVersion;

namespace {

// How many places a table or Markdown report lists per version; JSON lists all.
constexpr size_t kPlacesShown = 5;

// The group of the entry's components when an owners file was given: the group of the first
// component that has one ("" when none does or no owners file was given).
std::string entry_group(const SprawlResult& r, const SprawlEntry& e) {
  for (const auto& v : e.versions) {
    for (size_t i : v.components) {
      if (i < r.scan.owners.size() && !r.scan.owners[i].group.empty()) {
        return r.scan.owners[i].group;
      }
    }
  }
  return {};
}

std::string converge_text(const SprawlEntry& e) {
  if (e.converge_on != SprawlEntry::kNone) return e.versions[e.converge_on].version;
  if (!e.upgrade_to.empty()) return e.upgrade_to + " (not in use yet)";
  return "none (no fixed version known)";
}

std::string summary_sentence(const maintenance::Sprawl& s) {
  return detail::plural(s.sprawling_components, "component", "components") +
         " in more than one version, of " +
         detail::plural(s.distinct_components, "distinct component", "distinct components") +
         " and " + detail::plural(s.distinct_versions, "distinct version", "distinct versions") +
         "; converging removes " + detail::plural(s.surplus_versions, "version", "versions") + ".";
}

// "a, b, c (+2 more)".
std::string places_text(const SprawlResult& r, const SprawlVersion& v) {
  std::string out;
  const auto& components = r.scan.inventory.components;
  for (size_t k = 0; k < v.components.size() && k < kPlacesShown; ++k) {
    if (!out.empty()) out += ", ";
    const auto& loc = components[v.components[k]].location;
    out += loc.empty() ? "(no location)" : loc;
  }
  if (v.components.size() > kPlacesShown) {
    out += " (+" + std::to_string(v.components.size() - kPlacesShown) + " more)";
  }
  return out;
}

std::string findings_text(const SprawlVersion& v) {
  if (v.open_findings.empty()) return {};
  std::string out = detail::plural(v.open_findings.size(), "open finding", "open findings") + " (";
  for (size_t k = 0; k < v.open_findings.size() && k < 3; ++k)
    out += (k == 0 ? "" : ", ") + v.open_findings[k];
  return out + (v.open_findings.size() > 3 ? ", ...)" : ")");
}

}  // namespace

std::string render_sprawl(const SprawlResult& result, OwnersFormat format,
                          const ReportOptions& options) {
  switch (format) {
    case OwnersFormat::kTable:
      return sprawl_table(result, options);
    case OwnersFormat::kJson:
      return sprawl_json(result, options);
    case OwnersFormat::kMarkdown:
      return sprawl_markdown(result, options);
  }
  return {};
}

std::string sprawl_json(const SprawlResult& r, const ReportOptions& options) {
  const auto& s = r.sprawl;
  const auto& components = r.scan.inventory.components;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  detail::json_head(w, "upkeep.sprawl/1", options);
  w.field("timestamp", timestamp_utc(options));
  if (!r.scan.owners_path.empty()) w.field("owners_file", r.scan.owners_path);
  w.key("targets").begin_array();
  for (const auto& t : r.scan.inventory.targets)
    w.begin_object().field("spec", t.spec).field("kind", t.kind).end_object();
  w.end_array();
  w.key("summary").begin_object();
  w.field("distinct_components", s.distinct_components);
  w.field("distinct_versions", s.distinct_versions);
  w.field("sprawling_components", s.sprawling_components);
  w.field("surplus_versions", s.surplus_versions);
  w.end_object();
  w.key("components").begin_array();
  for (const auto& e : s.entries) {
    w.begin_object().field("key", e.key).field("ecosystem", e.ecosystem).field("name", e.name);
    if (!r.scan.owners.empty()) {
      const std::string group = entry_group(r, e);
      w.key("group");
      if (group.empty()) {
        w.null();
      } else {
        w.value(group);
      }
    }
    w.key("converge_on");
    if (e.converge_on != SprawlEntry::kNone) {
      w.value(e.versions[e.converge_on].version);
    } else {
      w.null();
    }
    w.key("upgrade_to");
    if (e.upgrade_to.empty()) {
      w.null();
    } else {
      w.value(e.upgrade_to);
    }
    w.key("versions").begin_array();
    for (const auto& v : e.versions) {
      w.begin_object().field("version", v.version);
      w.key("open_findings").begin_array();
      for (const auto& id : v.open_findings)
        w.value(id);
      w.end_array();
      w.key("uses").begin_array();
      for (size_t i : v.components) {
        w.begin_object().field("index", static_cast<uint64_t>(i));
        w.field("purl", components[i].purl).field("location", components[i].location);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("warnings").begin_array();
  for (const auto& text : r.scan.warnings)
    w.value(text);
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

std::string sprawl_table(const SprawlResult& r, const ReportOptions& options) {
  const auto& s = r.sprawl;
  const bool groups = !r.scan.owners.empty();
  std::string head = "Version sprawl of " + detail::targets_label(r.scan.inventory);
  std::string out = detail::title_line(head, options);
  out += "  " + summary_sentence(s) + "\n";
  if (s.entries.empty()) return out;

  // The overview: one line per component, columns aligned.
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"COMPONENT", "ECOSYSTEM", "VERSIONS", "CONVERGE ON"});
  if (groups) rows.back().push_back("GROUP");
  for (const auto& e : s.entries) {
    rows.push_back({e.name, e.ecosystem, std::to_string(e.versions.size()), converge_text(e)});
    if (groups) {
      const std::string g = entry_group(r, e);
      rows.back().push_back(g.empty() ? "(none)" : g);
    }
  }
  out += "\n" + detail::aligned(rows, 0);

  // Then where each version is used.
  for (const auto& e : s.entries) {
    out += "\n" + detail::cell(e.name + " (" + e.ecosystem + ")").text + "\n";
    for (size_t k = 0; k < e.versions.size(); ++k) {
      const auto& v = e.versions[k];
      std::string line = "  " + v.version + (k == e.converge_on ? " (converge on)" : "") + ": " +
                         detail::plural(v.components.size(), "place", "places");
      if (const std::string f = findings_text(v); !f.empty()) line += "; " + f;
      out += detail::cell(line).text + "\n    " + detail::cell(places_text(r, v)).text + "\n";
    }
  }
  return out;
}

std::string sprawl_markdown(const SprawlResult& r, const ReportOptions& options) {
  (void)options;
  const auto& s = r.sprawl;
  const bool groups = !r.scan.owners.empty();
  const auto md = [](std::string_view text) { return detail::markdown_text(text); };
  std::string out = "## upkeep version sprawl: " + md(detail::targets_label(r.scan.inventory)) +
                    "\n\n" + md(summary_sentence(s)) + "\n";
  if (s.entries.empty()) return out;
  out +=
      std::string("\n| Component | Ecosystem | Versions | Converge on |") +
      (groups ? " Group |\n| --- | --- | ---: | --- | --- |\n" : "\n| --- | --- | ---: | --- |\n");
  for (const auto& e : s.entries) {
    out += "| " + md(e.name) + " | " + md(e.ecosystem) + " | " + std::to_string(e.versions.size()) +
           " | " + md(converge_text(e)) + " |";
    if (groups) {
      const std::string g = entry_group(r, e);
      out += " " + (g.empty() ? std::string("(none)") : md(g)) + " |";
    }
    out += "\n";
  }
  out += "\n<details><summary>Where each version is used</summary>\n\n";
  for (const auto& e : s.entries) {
    out += "**" + md(e.name) + "** (" + md(e.ecosystem) + ")\n\n";
    for (size_t k = 0; k < e.versions.size(); ++k) {
      const auto& v = e.versions[k];
      out += "- " + md(v.version) + (k == e.converge_on ? " (converge on)" : "") + ": " +
             md(detail::plural(v.components.size(), "place", "places"));
      if (const std::string f = findings_text(v); !f.empty()) out += "; " + md(f);
      out += " - " + md(places_text(r, v)) + "\n";
    }
    out += "\n";
  }
  out += "</details>\n";
  return out;
}

}  // namespace upkeep::report
