// SPDX-License-Identifier: Apache-2.0
//
// A scan as SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: one rule per vulnerability,
// one result per (vulnerability, component), each located in the file that lists the component.
// The mapping, and what GitHub shows of it, is in docs/formats/sarif.md.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "report/scan_model.h"
#include "report/sha1.h"
#include "upkeep/json_writer.h"
#include "upkeep/scan_report.h"

namespace upkeep::report {

using inventory::Component;
using match::Finding;

namespace {

// Where the project documents itself until it has a public home; GitHub links the tool name to
// it.
constexpr std::string_view kInformationUri = "https://upkeep.invalid/docs/formats/sarif.md";

// GitHub's shortDescription limit (longer ones are cut by the upload).
constexpr size_t kMaxShort = 1000;

// Cuts at a code point boundary (the JSON writer would turn a cut sequence into U+FFFD anyway).
std::string shorten(std::string_view text, size_t max) {
  const std::string clean = detail::clean_text(text);
  if (clean.size() <= max) return clean;
  size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80)
    --cut;
  return clean.substr(0, cut) + "...";
}

// A URI reference for the file that lists the component, relative to the scanned target: GitHub
// resolves it against the repository root, which is where `upkeep scan .` runs in a workflow.
// Bytes outside RFC 3986's unreserved set and '/' are percent-encoded.
std::string artifact_uri(const Component& c, const inventory::Inventory& inv) {
  std::string_view loc = c.location;
  for (const auto& t : inv.targets) {
    std::string_view spec = t.spec;
    while (spec.size() > 1 && spec.back() == '/')
      spec.remove_suffix(1);
    if (t.kind == "directory" && !spec.empty() && loc.size() > spec.size() &&
        loc.starts_with(spec) && loc[spec.size()] == '/') {
      loc.remove_prefix(spec.size() + 1);
      break;
    }
  }
  return detail::sarif_uri(loc, c.extractor);
}

struct Rule {
  std::string id;
  const Finding* first = nullptr;  // the first in report order speaks for the rule's texts
  std::optional<double> score;     // the highest finite score among its findings
  Rating rating = Rating::kUnknown;
  std::vector<std::string> aliases;  // every id of every finding, sorted, the rule id left out
  bool kev = false;
  size_t index = 0;
};

std::string result_message(const Finding& f, const Component& c) {
  std::string m = detail::component_label(c);
  if (!c.ecosystem.empty()) m += " (" + c.ecosystem + ")";
  m += " is affected by " + std::string(detail::preferred_id(f));
  const Rating r = effective_rating(f);
  m += " (" + std::string(rating_name(r));
  if (f.cvss_score && std::isfinite(*f.cvss_score)) {
    m += ", CVSS " + detail::format_score(*f.cvss_score);
  }
  if (f.kev) m += ", known exploited";
  m += ")";
  m += f.summary.empty() ? std::string(". ") : ": " + detail::end_sentence(f.summary);
  m += f.fixed_version.empty() ? "No fixed version is known." : "Fixed in " + f.fixed_version + ".";
  return detail::clean_text(m);
}

}  // namespace

std::string scan_sarif(const ScanResult& scan, const ReportOptions& options) {
  const detail::ScanView view = detail::build_scan_view(scan);
  const auto& components = scan.inventory.components;

  // Rules in id order, so that a result's ruleIndex does not depend on severities.
  std::map<std::string, Rule> rules;
  for (const Finding* f : view.findings) {
    Rule& rule = rules[std::string(detail::preferred_id(*f))];
    if (rule.first == nullptr) {
      rule.id = detail::preferred_id(*f);
      rule.first = f;
    }
    if (f->cvss_score && std::isfinite(*f->cvss_score) &&
        (!rule.score || *f->cvss_score > *rule.score)) {
      rule.score = f->cvss_score;
    }
    rule.rating = std::min(rule.rating, effective_rating(*f));
    rule.kev |= f->kev;
    for (const auto& id : f->ids) {
      if (id != rule.id) rule.aliases.push_back(id);
    }
  }
  size_t next = 0;
  for (auto& [id, rule] : rules) {
    rule.index = next++;
    std::sort(rule.aliases.begin(), rule.aliases.end());
    rule.aliases.erase(std::unique(rule.aliases.begin(), rule.aliases.end()), rule.aliases.end());
  }

  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.field("name", "upkeep");
  w.field("informationUri", kInformationUri);
  if (!options.tool_version.empty()) w.field("semanticVersion", options.tool_version);
  if (!options.tool_version.empty()) w.field("version", options.tool_version);
  w.key("rules").begin_array();
  for (const auto& [id, rule] : rules) {
    const Finding& f = *rule.first;
    w.begin_object();
    w.field("id", rule.id);
    w.field("name", "Vulnerability");
    const std::string title = f.summary.empty() ? rule.id : f.summary;
    w.key("shortDescription").begin_object().field("text", shorten(title, kMaxShort)).end_object();
    std::string full = rule.id + ": " + detail::clean_text(title);
    if (!rule.aliases.empty()) {
      full += " Also known as ";
      for (size_t i = 0; i < rule.aliases.size(); ++i)
        full += (i > 0 ? ", " : "") + detail::clean_text(rule.aliases[i]);
      full += ".";
    }
    w.key("fullDescription").begin_object().field("text", full).end_object();
    w.field("helpUri", detail::vulnerability_url(rule.id));
    std::string help = full + "\nDetails: " + detail::vulnerability_url(rule.id);
    w.key("help").begin_object().field("text", help).end_object();
    w.key("defaultConfiguration")
        .begin_object()
        .field("level", detail::sarif_level(rule.rating))
        .end_object();
    w.key("properties").begin_object();
    if (auto sev = detail::sarif_security_severity(rule.score, rule.rating); !sev.empty()) {
      w.field("security-severity", sev);
    }
    w.key("tags").begin_array().value("security").value("vulnerability");
    w.value(rating_name(rule.rating));
    if (rule.kev) w.value("known-exploited");
    w.end_array();
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_object();  // driver, tool

  w.key("results").begin_array();
  for (const Finding* f : view.findings) {
    const Component& c = components[f->component];
    const Rule& rule = rules[std::string(detail::preferred_id(*f))];
    w.begin_object();
    w.field("ruleId", rule.id).field("ruleIndex", static_cast<uint64_t>(rule.index));
    w.field("level", detail::sarif_level(effective_rating(*f)));
    w.key("message").begin_object().field("text", result_message(*f, c)).end_object();
    const std::string uri = artifact_uri(c, scan.inventory);
    w.key("locations").begin_array().begin_object();
    w.key("physicalLocation").begin_object();
    w.key("artifactLocation").begin_object().field("uri", uri).end_object();
    w.key("region").begin_object().field("startLine", 1).end_object();
    w.end_object();
    w.key("message").begin_object().field("text", detail::clean_text(c.purl)).end_object();
    w.end_object().end_array();
    // Stable across runs and upkeep versions: the vulnerability, the package and its file.
    const std::string fingerprint =
        detail::sha1_hex(rule.id + "\n" + c.purl + "\n" + c.location + "\n" + c.layer);
    w.key("partialFingerprints").begin_object().field("upkeepFinding/v1", fingerprint).end_object();
    if (f->suppressed) {
      std::string why = f->suppression_status.empty() ? "suppressed" : f->suppression_status;
      if (!f->suppression_reason.empty()) why += ": " + f->suppression_reason;
      if (!f->suppression_source.empty()) why += " (" + f->suppression_source + ")";
      w.key("suppressions").begin_array().begin_object();
      w.field("kind", "external").field("status", "accepted");
      w.field("justification", detail::clean_text(why));
      w.end_object().end_array();
    }
    w.key("properties").begin_object();
    w.field("purl", c.purl).field("ecosystem", c.ecosystem);
    w.field("package", c.name).field("version", c.version);
    if (f->component < scan.owners.size() && !scan.owners[f->component].group.empty()) {
      w.field("group", scan.owners[f->component].group);
    }
    if (!f->fixed_version.empty()) w.field("fixedVersion", f->fixed_version);
    if (f->cvss_score && std::isfinite(*f->cvss_score)) {
      w.field("cvssScore", *f->cvss_score);
    }
    if (!f->cvss_vector.empty()) w.field("cvssVector", f->cvss_vector);
    if (f->kev) w.field("kev", true);
    if (!f->kev_due_date.empty()) w.field("kevDueDate", f->kev_due_date);
    if (f->epss && std::isfinite(*f->epss)) w.field("epss", *f->epss);
    if (f->epss_percentile && std::isfinite(*f->epss_percentile)) {
      w.field("epssPercentile", *f->epss_percentile);
    }
    w.key("aliases").begin_array();
    for (const auto& id : f->ids)
      w.value(id);
    w.end_array();
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_array();  // run, runs
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace upkeep::report
