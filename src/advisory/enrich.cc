// SPDX-License-Identifier: Apache-2.0
//
// Severity, KEV and EPSS onto findings (include/upkeep/enrich.h).
#include "upkeep/enrich.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "upkeep/severity.h"

namespace upkeep::advisory {
namespace {

bool is_cve(std::string_view id) {
  return id.starts_with("CVE-");
}

std::string lower_rating(severity::Rating r) {
  std::string s(severity::rating_name(r));
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Reads records once per enrichment run: findings of many components share records.
class RecordCache {
 public:
  explicit RecordCache(const Store& store) : store_(store) {}

  const Record* get(const std::string& id) {
    auto [it, fresh] = cache_.try_emplace(id);
    if (fresh) {
      auto r = store_.record(id);
      if (r.is_ok()) it->second = std::move(*r);
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  const Store& store_;
  std::unordered_map<std::string, std::optional<Record>> cache_;
};

struct Best {
  std::optional<double> score;
  std::string vector;
  severity::Rating label = severity::Rating::kUnknown;
};

void consider_vector(const Severity& s, Best& best, EnrichStats& stats) {
  if (s.type != "CVSS_V3" && s.type != "CVSS_V4") {
    // Ubuntu's own priority and other words: a label.
    const severity::Rating r = severity::normalise_severity_label(s.score);
    if (r > best.label) best.label = r;
    return;
  }
  auto score = severity::parse_cvss(s.score);
  if (!score.is_ok()) {
    ++stats.invalid_vectors;
    return;
  }
  if (!best.score || score->base > *best.score) {
    best.score = score->base;
    best.vector = s.score;
  }
}

// Red Hat's errata, and the AlmaLinux and Rocky Linux ones made after them, state their
// severity only as the summary's first word: "Important: openssl security update".
severity::Rating errata_summary_rating(const Record& r) {
  bool rpm_errata = false;
  for (const Affected& a : r.affected) {
    const std::string_view base = base_ecosystem(a.ecosystem);
    rpm_errata = rpm_errata || base == "AlmaLinux" || base == "Rocky Linux" || base == "Red Hat";
  }
  const size_t colon = r.summary.find(':');
  if (!rpm_errata || colon == std::string::npos || colon > 16) return severity::Rating::kUnknown;
  return severity::normalise_severity_label(std::string_view(r.summary).substr(0, colon));
}

void consider_record(const Record& r, Best& best, EnrichStats& stats) {
  best.label = std::max(best.label, errata_summary_rating(r));
  for (const Severity& s : r.severity)
    consider_vector(s, best, stats);
  if (!r.label_severity.empty()) {
    best.label = std::max(best.label, severity::normalise_severity_label(r.label_severity));
  }
  for (const Affected& a : r.affected) {
    for (const Severity& s : a.severity)
      consider_vector(s, best, stats);
    if (!a.label_severity.empty()) {
      best.label = std::max(best.label, severity::normalise_severity_label(a.label_severity));
    }
  }
}

}  // namespace

EnrichStats enrich_findings(std::vector<match::Finding>& findings, const Store& store) {
  EnrichStats stats;
  RecordCache records(store);
  for (match::Finding& f : findings) {
    Best best;
    for (const std::string& id : f.records) {
      if (const Record* r = records.get(id)) consider_record(*r, best, stats);
    }
    if (!best.score) {
      // The same vulnerability under another name: a record whose id is one of ours, or one
      // that lists one of our ids as an alias.
      for (const std::string& id : f.ids) {
        if (std::find(f.records.begin(), f.records.end(), id) != f.records.end()) continue;
        if (const Record* r = records.get(id)) consider_record(*r, best, stats);
        auto others = store.aliases_of(id);
        if (!others.is_ok()) continue;
        for (const std::string& other : *others) {
          if (const Record* r = records.get(other)) consider_record(*r, best, stats);
        }
      }
    }
    if (best.score) {
      f.cvss_score = best.score;
      f.cvss_vector = best.vector;
      f.rating = lower_rating(severity::rating_of(*best.score));
      ++stats.scored;
    } else if (f.rating.empty() && best.label != severity::Rating::kUnknown) {
      f.rating = lower_rating(best.label);
      ++stats.labelled;
    }

    for (const std::string& id : f.ids) {
      if (!is_cve(id)) continue;
      if (auto kev = store.kev(id); kev.is_ok() && kev->has_value()) {
        f.kev = true;
        const std::string& due = (*kev)->due_date;
        if (!due.empty() && (f.kev_due_date.empty() || due < f.kev_due_date)) f.kev_due_date = due;
      }
      if (auto epss = store.epss(id); epss.is_ok() && epss->has_value()) {
        if (!f.epss || (*epss)->score > *f.epss) {
          f.epss = (*epss)->score;
          f.epss_percentile = (*epss)->percentile;
        }
      }
    }
    if (f.kev) ++stats.kev;
    if (f.epss) ++stats.epss;
  }
  return stats;
}

}  // namespace upkeep::advisory
