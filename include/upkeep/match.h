// SPDX-License-Identifier: Apache-2.0
//
// Matching components against advisories: which OSV records affect a component's exact version,
// merged into one finding per vulnerability (all its ids, every source that reported it), with
// the smallest fixed version above the installed one.
//
// The interfaces between the parts of the vulnerability pipeline live here:
//   RecordSource  - where candidate records come from (the SQLite store, or an in-memory index)
//   Finding       - what the matcher produces and enrichment (severity, KEV, EPSS, suppressions)
//                   and the reports consume.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/status.h"

namespace upkeep::match {

// Candidate records for one package. `ecosystem` is the component's OSV ecosystem with its
// variant ("Debian:12", "PyPI"); `normalized_name` is advisory::normalize_package_name of it.
// Returns every record with an affected entry for that package in that ecosystem (for a variant
// ecosystem, entries of exactly that variant; the matcher does not widen "Debian:12" to
// "Debian"). Withdrawn records may be returned; the matcher drops them.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  virtual Result<std::vector<advisory::Record>> records_for(
      std::string_view ecosystem, std::string_view normalized_name) const = 0;

  // Calls `fn` with each record records_for() would return, in the same order, without copying
  // them where the source can (the default copies through records_for(); defined in
  // src/advisory/record_source.cc). The matcher's per-purl path (`query`) uses this.
  virtual Status for_each_record(std::string_view ecosystem, std::string_view normalized_name,
                                 const std::function<void(const advisory::Record&)>& fn) const;
};

// One vulnerability of one component.
struct Finding {
  size_t component = 0;  // index into the Inventory's components

  // The vulnerability's ids: the preferred one first (a CVE when there is one, else the first
  // record id), then every other id and alias, sorted and unique.
  std::vector<std::string> ids;
  std::vector<std::string> records;  // ids of the OSV (or other) records that matched
  std::vector<std::string> sources;  // "osv", "debian-archive", "debian-tracker", ...

  // The id to show and to count by: the first id, else the first record id (a finding built by
  // hand may have no ids), else "(unknown)". Never empty.
  std::string_view preferred_id() const {
    if (!ids.empty() && !ids.front().empty()) return ids.front();
    if (!records.empty() && !records.front().empty()) return records.front();
    return "(unknown)";
  }
  std::string summary;

  // The smallest fixed version above the installed one among the matching records; empty when
  // no fix is known.
  std::string fixed_version;

  // Severity, filled by enrichment: the highest CVSS base score among the records' vectors (and
  // that vector), else the rating from the ecosystem's own label.
  std::optional<double> cvss_score;
  std::string cvss_vector;
  std::string rating;  // "critical", "high", "medium", "low", "none", or "" when unknown

  // Exploitation and likelihood, filled by enrichment.
  bool kev = false;
  std::string kev_due_date;  // YYYY-MM-DD from CISA KEV
  std::optional<double> epss;
  std::optional<double> epss_percentile;

  // Suppression (VEX, ignore file): suppressed findings stay in JSON output, marked.
  bool suppressed = false;
  std::string suppression_status;  // "not_affected", "fixed", "false_positive", "ignored", ...
  std::string suppression_source;  // file and statement that decided it
  std::string suppression_reason;

  // What the source says beyond the fields above, as "key:value" words a report can show:
  // "debian-urgency:unimportant", "debian-status:open", "debian-nodsa:postponed", "end-of-life".
  std::vector<std::string> notes;
};

// The one upgrade of a component that clears all its findings, or why there is none.
struct ComponentAdvice {
  size_t component = 0;  // index into the Inventory's components
  enum class Kind : uint8_t {
    kUpgrade,    // upgrade_to clears every finding
    kNoFix,      // some finding has no fixed version above the installed one
    kUnordered,  // the fixed versions could not be compared (invalid versions)
  };
  Kind kind = Kind::kNoFix;
  std::string upgrade_to;  // the smallest version that fixes every finding; empty when none
  // For kUpgrade: records of this package that would affect upgrade_to (new vulnerabilities in
  // the newer version) - empty when a clean version was found. For kNoFix: the findings without
  // a fix (their preferred ids).
  std::vector<std::string> remaining;

  bool no_single_upgrade() const { return kind != Kind::kUpgrade || upgrade_to.empty(); }
};

}  // namespace upkeep::match
