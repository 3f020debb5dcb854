// SPDX-License-Identifier: Apache-2.0
//
// A scan as CycloneDX 1.6 JSON: the inventory's SBOM (cyclonedx.cc, unchanged: the same
// components and bom-refs as `upkeep inventory --format cyclonedx`) plus `vulnerabilities[]`.
// The mapping is in docs/formats/sbom.md ("Vulnerabilities").
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "report/sbom_model.h"
#include "report/scan_model.h"
#include "report/sha1.h"
#include "upkeep/json_writer.h"
#include "upkeep/purl.h"
#include "upkeep/scan_report.h"

namespace upkeep::report {

using inventory::Component;
using match::Finding;

namespace {

// uuid5(NAMESPACE_URL, "https://upkeep.invalid/scan"): the namespace of scan document ids.
constexpr std::array<uint8_t, 16> kScanNamespace = {0x3c, 0x0b, 0x4e, 0x2f, 0x6a, 0x51, 0x5d, 0x8e,
                                                    0x9b, 0x47, 0x1d, 0x36, 0x0e, 0x9a, 0x73, 0x52};

struct IdSource {
  std::string_view name;
  std::string url;
};

// Who assigns an id, and its page: CVE ids at NVD, GHSA at GitHub, the rest at OSV (which
// also knows PYSEC, GO, RUSTSEC, DSA, ALSA, ... ids).
IdSource id_source(std::string_view id) {
  if (id.starts_with("CVE-")) {
    return {"NVD", "https://nvd.nist.gov/vuln/detail/" + purl::percent_encode(id)};
  }
  if (id.starts_with("GHSA-")) {
    return {"GitHub", "https://github.com/advisories/" + purl::percent_encode(id)};
  }
  return {"OSV", detail::vulnerability_url(id)};
}

std::string_view cvss_method(std::string_view vector) {
  if (vector.starts_with("CVSS:3.1/")) return "CVSSv31";
  if (vector.starts_with("CVSS:3.0/")) return "CVSSv3";
  if (vector.starts_with("CVSS:4.0/")) return "CVSSv4";
  if (vector.starts_with("AV:") || vector.starts_with("(AV:")) return "CVSSv2";
  return "other";
}

std::string_view cdx_severity(Rating r) {
  switch (r) {
    case Rating::kCritical:
      return "critical";
    case Rating::kHigh:
      return "high";
    case Rating::kMedium:
      return "medium";
    case Rating::kLow:
      return "low";
    case Rating::kNone:
      return "none";
    case Rating::kUnknown:
      break;
  }
  return "unknown";
}

struct Analysis {
  std::string_view state;
  std::string_view justification;  // only for not_affected
  std::string_view response;
};

// The suppression's status as a CycloneDX analysis state. An ignore-file entry (or any status
// CycloneDX has no word for) says the vulnerability applies and the organisation will not fix
// it: "exploitable" with the response "will_not_fix".
Analysis analysis_of(const Finding& f) {
  Analysis a;
  const std::string& s = f.suppression_status;
  if (s == "not_affected") {
    a.state = "not_affected";
  } else if (s == "fixed" || s == "resolved") {
    a.state = "resolved";
  } else if (s == "false_positive") {
    a.state = "false_positive";
  } else if (s == "under_investigation" || s == "in_triage") {
    a.state = "in_triage";
  } else {
    a.state = "exploitable";
    a.response = "will_not_fix";
  }
  if (a.state != "not_affected") return a;
  // OpenVEX justifications (and CycloneDX's own) at the start of the reason, mapped as CISA's
  // "Minimum Requirements for VEX" pairs them.
  static constexpr std::pair<std::string_view, std::string_view> kJustifications[] = {
      {"component_not_present", "code_not_present"},
      {"vulnerable_code_not_present", "code_not_present"},
      {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
      {"vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"},
      {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
      {"code_not_present", "code_not_present"},
      {"code_not_reachable", "code_not_reachable"},
      {"requires_configuration", "requires_configuration"},
      {"requires_dependency", "requires_dependency"},
      {"requires_environment", "requires_environment"},
      {"protected_by_compiler", "protected_by_compiler"},
      {"protected_at_runtime", "protected_at_runtime"},
      {"protected_at_perimeter", "protected_at_perimeter"},
      {"protected_by_mitigating_control", "protected_by_mitigating_control"},
  };
  const std::string_view reason = f.suppression_reason;
  for (const auto& [token, cdx] : kJustifications) {
    if (reason.starts_with(token) && (reason.size() == token.size() ||
                                      reason[token.size()] == ':' || reason[token.size()] == ' ')) {
      a.justification = cdx;
      break;
    }
  }
  return a;
}

void property(JsonWriter& w, std::string_view name, std::string_view value) {
  w.begin_object().field("name", name).field("value", value).end_object();
}

// One vulnerabilities[] entry: the findings of one vulnerability that share a suppression
// state (CycloneDX's analysis belongs to the entry, not to each affected component).
struct Entry {
  std::string id;
  std::vector<const Finding*> findings;
};

void write_entry(JsonWriter& w, const Entry& e, std::string_view bom_ref,
                 const std::map<const Component*, std::string>& refs,
                 const inventory::Inventory& inv) {
  const Finding& first = *e.findings.front();
  w.begin_object();
  w.field("bom-ref", bom_ref);
  w.field("id", e.id);
  const IdSource src = id_source(e.id);
  w.key("source").begin_object().field("name", src.name).field("url", src.url).end_object();

  std::set<std::string> aliases;
  std::set<std::string> sources, records;
  for (const Finding* f : e.findings) {
    for (const auto& id : f->ids)
      if (id != e.id) aliases.insert(id);
    sources.insert(f->sources.begin(), f->sources.end());
    records.insert(f->records.begin(), f->records.end());
  }
  if (!aliases.empty()) {
    w.key("references").begin_array();
    for (const auto& id : aliases) {
      const IdSource s = id_source(id);
      w.begin_object().field("id", id);
      w.key("source").begin_object().field("name", s.name).field("url", s.url).end_object();
      w.end_object();
    }
    w.end_array();
  }

  // One rating per distinct (vector, score), else the label alone (score -1: none; NaN would
  // break the set's ordering).
  std::set<std::tuple<std::string, double, int>> ratings;
  for (const Finding* f : e.findings) {
    const Rating r = effective_rating(*f);
    if (f->cvss_score && std::isfinite(*f->cvss_score)) {
      ratings.insert({f->cvss_vector, *f->cvss_score, static_cast<int>(r)});
    } else if (r != Rating::kUnknown) {
      ratings.insert({f->cvss_vector, -1.0, static_cast<int>(r)});
    }
  }
  if (!ratings.empty()) {
    w.key("ratings").begin_array();
    for (const auto& [vector, score, r] : ratings) {
      w.begin_object();
      if (score >= 0) w.field("score", score);
      w.field("severity", cdx_severity(static_cast<Rating>(r)));
      w.field("method", cvss_method(vector));
      if (!vector.empty()) w.field("vector", vector);
      w.end_object();
    }
    w.end_array();
  }
  if (!first.summary.empty()) w.field("description", first.summary);

  std::set<std::string> advice;
  for (const Finding* f : e.findings) {
    if (f->fixed_version.empty()) continue;
    advice.insert("Upgrade " + inv.components[f->component].name + " to " + f->fixed_version);
  }
  if (!advice.empty()) {
    std::string text;
    for (const auto& a : advice)
      text += (text.empty() ? "" : "; ") + a;
    w.field("recommendation", text + ".");
  }
  w.key("advisories").begin_array();
  for (const auto& r : records)
    w.begin_object().field("title", r).field("url", detail::vulnerability_url(r)).end_object();
  w.end_array();

  if (first.suppressed) {
    const Analysis a = analysis_of(first);
    w.key("analysis").begin_object().field("state", a.state);
    if (!a.justification.empty()) w.field("justification", a.justification);
    if (!a.response.empty()) w.key("response").begin_array().value(a.response).end_array();
    std::string detail = first.suppression_status.empty() ? "suppressed" : first.suppression_status;
    if (!first.suppression_reason.empty()) detail += ": " + first.suppression_reason;
    if (!first.suppression_source.empty()) detail += " (" + first.suppression_source + ")";
    w.field("detail", detail);
    w.end_object();
  }

  // Affected components by bom-ref, each with the versions found.
  std::map<std::string, std::set<std::string>> affects;
  for (const Finding* f : e.findings) {
    const Component& c = inv.components[f->component];
    auto it = refs.find(&c);
    if (it == refs.end()) continue;
    if (!c.version.empty()) {
      affects[it->second].insert(c.version);
    } else {
      affects[it->second];
    }
  }
  w.key("affects").begin_array();
  for (const auto& [ref, versions] : affects) {
    w.begin_object().field("ref", ref);
    if (!versions.empty()) {
      w.key("versions").begin_array();
      for (const auto& v : versions) {
        w.begin_object().field("version", v).field("status", "affected").end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();

  w.key("properties").begin_array();
  bool kev = false;
  std::string due;
  std::optional<double> epss, percentile;
  for (const Finding* f : e.findings) {
    kev |= f->kev;
    if (!f->kev_due_date.empty()) due = f->kev_due_date;
    if (f->epss && std::isfinite(*f->epss)) epss = std::max(epss.value_or(0.0), *f->epss);
    if (f->epss_percentile && std::isfinite(*f->epss_percentile)) {
      percentile = std::max(percentile.value_or(0.0), *f->epss_percentile);
    }
  }
  auto number = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.5f", std::clamp(v, 0.0, 1.0));
    return std::string(buf);
  };
  if (kev) property(w, "upkeep:kev", "true");
  if (!due.empty()) property(w, "upkeep:kev:due-date", due);
  if (epss) property(w, "upkeep:epss", number(*epss));
  if (percentile) property(w, "upkeep:epss:percentile", number(*percentile));
  for (const auto& s : sources)
    property(w, "upkeep:source", s);
  w.end_array();
  w.end_object();
}

}  // namespace

std::string scan_cyclonedx(const ScanResult& scan, const ReportOptions& options) {
  // The inventory's document as `upkeep inventory` writes it, with vulnerabilities[] added as
  // its last member: the components and their bom-refs stay exactly the same.
  std::string out = inventory_cyclonedx(scan.inventory, options);
  const detail::SbomModel model = detail::build_sbom_model(scan.inventory, options.tool_version);
  std::map<const Component*, std::string> refs;
  for (const auto& sc : model.components) {
    for (const Component* c : sc.occurrences)
      refs[c] = sc.ref;
  }
  const detail::ScanView view = detail::build_scan_view(scan);

  // Entries by (id, suppression), in report order of their first finding.
  std::vector<Entry> entries;
  std::map<std::tuple<std::string, bool, std::string, std::string, std::string>, size_t> index;
  for (const Finding* f : view.findings) {
    const auto key = std::make_tuple(std::string(detail::preferred_id(*f)), f->suppressed,
                                     f->suppressed ? f->suppression_status : std::string(),
                                     f->suppressed ? f->suppression_reason : std::string(),
                                     f->suppressed ? f->suppression_source : std::string());
    auto [it, fresh] = index.emplace(key, entries.size());
    if (fresh) entries.push_back(Entry{std::get<0>(key), {}});
    entries[it->second].findings.push_back(f);
  }

  std::string vulns;
  {
    JsonWriter w(vulns);
    w.begin_object().key("vulnerabilities").begin_array();
    std::map<std::string, int> seen;
    for (const Entry& e : entries) {
      const int n = seen[e.id]++;
      const std::string ref =
          "upkeep:vulnerability:" + e.id + (n == 0 ? std::string() : "#" + std::to_string(n + 1));
      write_entry(w, e, ref, refs, scan.inventory);
    }
    w.end_array().end_object();
  }
  // `vulns` is "{\n  \"vulnerabilities\": [...]\n}": its member goes before the document's
  // closing brace ("\n}\n"), at the same depth as the others.
  const size_t close = out.rfind("\n}");
  if (close == std::string::npos || vulns.size() < 4) return out;
  out.insert(close, "," + vulns.substr(1, vulns.size() - 3));

  // The inventory document's serial number names the inventory; this document also carries the
  // findings, so it gets its own, derived from both.
  const std::string old_serial = "urn:uuid:" + model.uuid;
  const std::string new_serial =
      "urn:uuid:" + detail::uuid_v5(kScanNamespace, model.uuid + "\n" + vulns);
  if (const size_t at = out.find(old_serial); at != std::string::npos) {
    out.replace(at, old_serial.size(), new_serial);
  }
  return out;
}

}  // namespace upkeep::report
