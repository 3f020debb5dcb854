// SPDX-License-Identifier: Apache-2.0
//
// OSV range evaluation and the matcher: which records affect a component's exact version, merged
// into one Finding per vulnerability, with fix advice per finding and per component.
//
// Evaluation follows the OSV schema's own pseudo-code
// (https://ossf.github.io/osv-schema/#evaluation) exactly, with the version rules of the record's
// ecosystem (include/upkeep/version.h):
//   - a version is affected by an `affected` entry when it is in one of its ECOSYSTEM or SEMVER
//     ranges (a union), or when it is written exactly as one of the `versions`;
//   - a range's events are sorted by version ("introduced": "0" first, equal versions keep the
//     record's order); walking them, `introduced` <= v turns affected on, `fixed` <= v and
//     `last_affected` < v turn it off; when the range has `limit` events, v must also be below
//     one of them ("*" is no limit);
//   - GIT ranges say nothing about package versions: only their `versions` list counts.
// A version or an event version that the scheme rejects is never compared as a string: the
// verdict is kUnknown with the reason, unless another range or the `versions` list settles it.
//
// Everything here is thread-compatible: const methods may run concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/inventory.h"
#include "upkeep/match.h"
#include "upkeep/status.h"
#include "upkeep/version.h"

namespace upkeep::match {

struct Verdict {
  enum class Kind : uint8_t { kNotAffected, kAffected, kUnknown };
  Kind kind = Kind::kNotAffected;
  // Why, for kUnknown ("version \"x\" is not valid for PyPI: ..."); empty otherwise.
  std::string reason;

  bool affected() const { return kind == Kind::kAffected; }
  bool unknown() const { return kind == Kind::kUnknown; }
};

std::string_view verdict_name(Verdict::Kind kind);  // "not_affected", "affected", "unknown"

// The scheme that orders the versions of one range: SEMVER ranges of Go, npm and crates.io use
// their ecosystem's own semver rules (Go versions with or without the "v"); other SEMVER ranges
// (Bitnami, ...) node's semver (SemVer 2.0.0); ECOSYSTEM ranges the ecosystem's scheme. nullptr
// when there is none (a GIT range, or an ecosystem without version rules here).
const version::Scheme* scheme_for_range(std::string_view ecosystem, advisory::Range::Type type);

// Whether `version` of the package of `affected` is affected. `affected.ecosystem` chooses the
// version rules. Never fails: an undecidable case is a kUnknown verdict.
Verdict evaluate(const advisory::Affected& affected, std::string_view version);

// The smallest `fixed` version above `version` among the ranges of `affected` that contain it
// (or, when only the `versions` list names it, among all its ranges). nullopt when there is none
// or the versions cannot be compared.
std::optional<std::string> fixed_version_above(const advisory::Affected& affected,
                                               std::string_view version);

// An in-memory RecordSource: records indexed by (ecosystem as written, normalized name) of each
// affected entry. For tests, and for `query` over files that were not imported.
class MemoryIndex : public RecordSource {
 public:
  // Adds a record (withdrawn ones too: the matcher drops them, and tests want to see that).
  void add(advisory::Record record);
  size_t size() const { return records_.size(); }

  Result<std::vector<advisory::Record>> records_for(
      std::string_view ecosystem, std::string_view normalized_name) const override;
  // Without copies.
  Status for_each_record(std::string_view ecosystem, std::string_view normalized_name,
                         const std::function<void(const advisory::Record&)>& fn) const override;

 private:
  std::vector<advisory::Record> records_;
  // "ecosystem\0normalized name" -> indexes into records_, each record once per key.
  std::unordered_map<std::string, std::vector<size_t>> index_;
};

// A record whose verdict for a component was kUnknown.
struct UnknownVerdict {
  size_t component = 0;
  std::string record;
  std::string reason;
};

struct MatchStats {
  size_t components = 0;          // in the inventory
  size_t matched_components = 0;  // with an ecosystem, a name and a version we could query
  size_t skipped_components = 0;  // without ecosystem or version, or with no version rules
  size_t lookups = 0;             // RecordSource queries (one per distinct package)
  size_t records_evaluated = 0;
  size_t withdrawn_skipped = 0;
  size_t unknown_verdicts = 0;
};

struct MatchResult {
  std::vector<Finding> findings;        // by component, then preferred id
  std::vector<ComponentAdvice> advice;  // one per component with findings
  std::vector<UnknownVerdict> unknowns;
  MatchStats stats;
};

// How a component is looked up: the ecosystem and names its records are filed under, and the
// version to evaluate. Distribution packages (deb, rpm and apk ecosystems) use their release's
// ecosystem only ("Debian:12") and their source package (and source version) where the
// distribution's advisories name source packages (Debian, Ubuntu, Alpine); RPM distributions'
// OSV data (AlmaLinux, Rocky) names binary packages, so both the binary and the source name are
// asked there.
struct Query {
  std::string ecosystem;
  struct Name {
    std::string normalized;
    std::string version;
  };
  std::vector<Name> names;
};
// nullopt when the component cannot be matched (no ecosystem, no version, no version rules).
std::optional<Query> query_for(const inventory::Component& component);

class Matcher {
 public:
  // `source` must outlive the matcher.
  explicit Matcher(const RecordSource& source) : source_(source) {}

  // Findings for every component of `inventory`: one per vulnerability per component (records
  // whose ids or aliases overlap are one vulnerability; for Debian and Ubuntu records, `related`
  // and `upstream` ids count as aliases, since that is where they name their CVE). An error only
  // when the record source fails.
  Result<MatchResult> run(const inventory::Inventory& inventory) const;

  // run(), findings only.
  Result<std::vector<Finding>> match(const inventory::Inventory& inventory) const;

  // The ids of the records (not merged) that affect one package version: what `query` prints.
  // `unknowns`, when given, receives the records whose verdict was kUnknown.
  Result<std::vector<std::string>> affecting(std::string_view ecosystem, std::string_view name,
                                             std::string_view version,
                                             std::vector<UnknownVerdict>* unknowns = nullptr) const;

 private:
  const RecordSource& source_;
};

// Findings of several sources (the matcher's, the Debian archive's, the Debian tracker's) merged
// into one per vulnerability per component: findings of the same component that share any id are
// one vulnerability. The merged finding has the union of ids (the preferred one first: a CVE when
// there is one), records, sources and notes, the smaller comparable fixed version (by the
// component's version rules), the highest score and EPSS, KEV when any says so. Ordered by
// component, then preferred id.
std::vector<Finding> merge_findings(std::vector<Finding> findings,
                                    const inventory::Inventory& inventory);

}  // namespace upkeep::match
