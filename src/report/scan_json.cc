// SPDX-License-Identifier: Apache-2.0
//
// A scan as upkeep's own JSON: docs/formats/scan-json.md, schema docs/formats/scan.schema.json
// ("upkeep.scan/1").
#include <cmath>
#include <string>

#include "report/scan_model.h"
#include "upkeep/json_writer.h"
#include "upkeep/scan_report.h"

namespace upkeep::report {

using inventory::Component;
using match::Finding;

namespace {

void string_array(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.key(key).begin_array();
  for (const auto& v : values)
    w.value(v);
  w.end_array();
}

void write_finding(JsonWriter& w, const Finding& f) {
  w.begin_object();
  w.field("id", detail::preferred_id(f));
  string_array(w, "ids", f.ids);
  string_array(w, "records", f.records);
  string_array(w, "sources", f.sources);
  w.field("summary", f.summary);
  w.field("rating", rating_name(effective_rating(f)));
  if (f.cvss_score && std::isfinite(*f.cvss_score)) {
    w.key("cvss").begin_object().field("score", *f.cvss_score);
    if (!f.cvss_vector.empty()) w.field("vector", f.cvss_vector);
    w.end_object();
  }
  if (f.kev) {
    w.key("kev").begin_object();
    if (!f.kev_due_date.empty()) w.field("due_date", f.kev_due_date);
    w.end_object();
  }
  if (f.epss && std::isfinite(*f.epss)) {
    w.key("epss").begin_object().field("score", *f.epss);
    if (f.epss_percentile && std::isfinite(*f.epss_percentile))
      w.field("percentile", *f.epss_percentile);
    w.end_object();
  }
  if (!f.fixed_version.empty()) w.field("fixed_version", f.fixed_version);
  w.field("suppressed", f.suppressed);
  if (f.suppressed) {
    w.key("suppression").begin_object();
    w.field("status",
            f.suppression_status.empty() ? std::string("suppressed") : f.suppression_status);
    if (!f.suppression_source.empty()) w.field("source", f.suppression_source);
    if (!f.suppression_reason.empty()) w.field("reason", f.suppression_reason);
    w.end_object();
  }
  w.end_object();
}

void write_component(JsonWriter& w, const Component& c) {
  w.field("purl", c.purl).field("ecosystem", c.ecosystem).field("name", c.name);
  w.field("version", c.version);
  w.field("location", c.location);
  if (!c.layer.empty()) w.field("layer", c.layer);
  w.field("extractor", c.extractor);
  w.field("relationship", inventory::relationship_name(c.relationship));
  w.field("scope", inventory::scope_name(c.scope));
  if (!c.source_name.empty()) {
    w.key("source").begin_object().field("name", c.source_name);
    w.field("version", c.source_version).end_object();
  }
}

}  // namespace

std::string scan_json(const ScanResult& scan, const ReportOptions& options) {
  const detail::ScanView view = detail::build_scan_view(scan);
  const auto& inv = scan.inventory;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  detail::json_head(w, "upkeep.scan/1", options);
  w.field("timestamp", timestamp_utc(options));

  if (!scan.owners_path.empty()) w.field("owners_file", scan.owners_path);
  w.key("targets").begin_array();
  for (const auto& t : inv.targets) {
    w.begin_object().field("spec", t.spec).field("kind", t.kind);
    if (t.os) {
      w.key("os").begin_object();
      w.field("id", t.os->id).field("version_id", t.os->version_id);
      w.field("pretty_name", t.os->pretty_name);
      if (auto eco = t.os->osv_ecosystem(); !eco.empty()) w.field("osv_ecosystem", eco);
      w.end_object();
    }
    if (!t.image_name.empty()) w.field("image", t.image_name);
    w.end_object();
  }
  w.end_array();

  w.key("database").begin_object();
  if (!scan.database.path.empty()) w.field("path", scan.database.path);
  if (scan.database.updated) {
    w.field("updated", timestamp_utc(ReportOptions{{}, scan.database.updated, false, 0}));
  }
  if (auto days = detail::database_age_days(scan.database, options)) w.field("age_days", *days);
  w.key("sources").begin_array();
  for (const auto& s : scan.database.sources) {
    w.begin_object().field("name", s.name).field("records", s.records);
    if (s.updated) w.field("updated", timestamp_utc(ReportOptions{{}, s.updated, false, 0}));
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("components").begin_array();
  for (const auto& g : view.groups) {
    w.begin_object();
    w.field("index", static_cast<uint64_t>(g.component));
    write_component(w, inv.components[g.component]);
    if (g.component < scan.owners.size()) {
      const ComponentOwner& o = scan.owners[g.component];
      w.key("owner");
      if (o.group.empty()) {
        w.null();
      } else {
        w.begin_object().field("group", o.group).field("kind", o.kind);
        w.field("contact", o.contact).end_object();
      }
      w.field("key", o.key);
    }
    if (g.advice != nullptr) {
      w.key("advice").begin_object();
      if (!g.advice->upgrade_to.empty()) w.field("upgrade_to", g.advice->upgrade_to);
      w.field("no_single_upgrade", g.advice->no_single_upgrade());
      w.end_object();
    }
    w.key("findings").begin_array();
    for (const Finding* f : g.findings)
      write_finding(w, *f);
    w.end_array();
    w.end_object();
  }
  w.end_array();

  const detail::ScanSummary& s = view.summary;
  w.key("summary").begin_object();
  w.field("components", s.components);
  w.field("vulnerable_components", s.vulnerable_components);
  w.field("findings", s.findings);
  w.field("suppressed", s.suppressed);
  w.key("by_rating").begin_object();
  for (Rating r : {Rating::kCritical, Rating::kHigh, Rating::kMedium, Rating::kLow, Rating::kNone,
                   Rating::kUnknown}) {
    w.field(rating_name(r), s.by_rating[static_cast<int>(r)]);
  }
  w.end_object();
  w.field("kev", s.kev);
  w.field("fixable", s.fixable);
  if (view.dangling > 0) w.field("dropped_findings", view.dangling);
  w.end_object();

  w.key("warnings").begin_array();
  for (const auto& text : scan.warnings)
    w.begin_object().field("message", text).end_object();
  for (const auto& d : inv.warnings) {
    w.begin_object().field("message", d.message).field("file", d.file);
    if (d.line > 0) w.field("line", d.line);
    if (d.column > 0) w.field("column", d.column);
    if (d.offset) w.field("offset", *d.offset);
    if (!d.extractor.empty()) w.field("extractor", d.extractor);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace upkeep::report
