// SPDX-License-Identifier: Apache-2.0
//
// `upkeep review BASE HEAD`: the dependency review of a change (a pull request). Two targets -
// lockfiles, trees, SBOMs, or "git:REV:PATH" read from the repository's history
// (upkeep/git_target.h) - are inventoried and scanned; the components added, removed and changed
// between them are listed, and every added or changed one gets its open findings (which of them
// are new), its maintenance group, its end-of-life status and the version that fixes it. A
// policy (the [policy] table of the owners file, or a file of its own; docs/review.md) says what
// fails the review.
//
// The parts are pure functions over inventories and findings (diff_inventories,
// attribute_to_direct, evaluate_policy, parse_policy) so they are tested on their own; run()
// wires them to the scan pipeline, the owners file and the end-of-life data. Thread-safe: nothing
// here keeps state between calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/eol.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"
#include "upkeep/match.h"
#include "upkeep/scan.h"
#include "upkeep/scan_report.h"
#include "upkeep/status.h"

namespace upkeep::review {

// ---------------------------------------------------------------------------------------------
// The policy: what fails a review.

struct Policy {
  // A new open finding rated this or worse fails; nullopt ("none") turns the rule off. Findings
  // of unknown severity never reach it (nothing says they are that bad); fail_on_kev still
  // catches the exploited ones.
  std::optional<report::Rating> fail_on_severity = report::Rating::kHigh;
  bool fail_on_kev = true;                      // an open finding in CISA KEV (new or not)
  bool fail_on_key_without_group = true;        // needs an owners file
  bool fail_on_end_of_life = false;             // end of life, security support ended, unmaintained
  bool fail_on_no_group = false;                // an added component without a group (owners file)
  std::optional<uint64_t> max_new_transitive;   // unset: no limit
  std::vector<std::string> allow;               // advisory ids accepted (any id of a finding)
  std::vector<inventory::Scope> ignore_scopes;  // components of these scopes never fail it
};

// The [policy] table of a TOML document (an owners file, or a file of its own). nullopt when the
// document has no [policy] table (keys outside it are not looked at: the owners file reader
// checks those). On error (kInvalidArgument) one line per problem, in file order, each
// "source:line:column: what is wrong": TOML syntax, an unknown key, a value of the wrong type, a
// severity that is none of critical/high/medium/low/none, a negative max_new_transitive, a scope
// that is none of runtime/development/optional/unknown.
Result<std::optional<Policy>> parse_policy(std::string_view text, std::string_view source);

// Reads `path` from `fs` (at most 4 MiB) and parses its [policy] table, naming the file `source`
// (fs.describe(path) when empty).
Result<std::optional<Policy>> read_policy(const Fs& fs, std::string_view path,
                                          std::string_view source = {});

// ---------------------------------------------------------------------------------------------
// The diff.

enum class ChangeKind : uint8_t { kAdded, kUpgraded, kDowngraded, kChanged, kRemoved };

// "added", "upgraded", "downgraded", "changed" (versions that do not compare), "removed".
inline std::string_view change_kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kUpgraded:
      return "upgraded";
    case ChangeKind::kDowngraded:
      return "downgraded";
    case ChangeKind::kChanged:
      return "changed";
    case ChangeKind::kRemoved:
      break;
  }
  return "removed";
}

struct Change {
  ChangeKind kind = ChangeKind::kAdded;
  std::string key;             // inventory::package_key() of both sides
  std::optional<size_t> base;  // index into the BASE inventory's components (not for kAdded)
  std::optional<size_t> head;  // index into the HEAD inventory's components (not for kRemoved)
};

// The changes from `base` to `head`. Per package key, the versions on each side are a multiset
// (a lockfile may hold several copies of one package); versions on both sides are unchanged.
// The rest pair up from the highest down on each side, ordered by the ecosystem's version scheme
// (versions it cannot parse after those it can, by text): a pair is an upgrade, a downgrade, or a
// change when the two do not compare; what is left over is added or removed. Ordered by key,
// then kind (added, upgraded, downgraded, changed, removed), then versions: deterministic.
std::vector<Change> diff_inventories(const inventory::Inventory& base,
                                     const inventory::Inventory& head);

// For each of `components` (indexes into inventory.components): the direct dependency whose
// dependency closure reaches it - the first in inventory order among the components whose
// relationship is kDirect, following Component::dependencies by name inside the same file and
// ecosystem - or nullopt when no direct dependency is known to reach it. A direct component is
// its own answer.
std::vector<std::optional<size_t>> attribute_to_direct(const inventory::Inventory& inventory,
                                                       const std::vector<size_t>& components);

// ---------------------------------------------------------------------------------------------
// The result.

struct ReviewFinding {
  match::Finding finding;  // as the scan of HEAD gave it (component: a HEAD index)
  bool is_new = true;      // BASE did not have this vulnerability for this package
  bool allowed = false;    // one of its ids is in the policy's allow list
};

enum class FixKind : uint8_t {
  kNotNeeded,  // no open finding
  kUpgrade,    // fixed_in clears every open finding
  kPartial,    // no one version clears them all; fixed_in is the highest fix known
  kNoFix,      // no fixed version is known
};

struct ReviewEntry {
  Change change;
  // The component: HEAD's for added and changed entries, BASE's for removed ones.
  inventory::Component component;
  std::string base_version;  // empty for kAdded
  std::string head_version;  // empty for kRemoved
  // Added and changed entries only: every finding of the HEAD component (suppressed ones too,
  // marked), in report order (open before suppressed, most severe first, then id).
  std::vector<ReviewFinding> findings;
  std::string group;  // the maintenance group's name; empty: none (or no owners file)
  bool key = false;   // matches a key pattern of the owners file
  eol::SupportStatus eol_status = eol::SupportStatus::kUnknown;  // the worst assessment
  std::string eol_detail;
  FixKind fix = FixKind::kNotNeeded;
  std::string fixed_in;
  // For a transitive dependency: the label ("name version") of the direct one that brings it in,
  // "(unattributed)" when none is known; empty for the others (direct, or the source does not
  // say).
  std::string introduced_by;

  bool is_direct() const { return component.relationship == inventory::Relationship::kDirect; }
  bool is_transitive() const {
    return component.relationship == inventory::Relationship::kTransitive;
  }
  // Inline: the renderers (upkeep::report) use them without linking upkeep::review.
  size_t open_findings() const {
    size_t n = 0;
    for (const auto& f : findings)
      n += f.finding.suppressed ? 0 : 1;
    return n;
  }
  // Open, new and not allowed.
  size_t new_open_findings() const {
    size_t n = 0;
    for (const auto& f : findings)
      n += !f.finding.suppressed && f.is_new && !f.allowed ? 1 : 0;
    return n;
  }
};

struct Violation {
  // "new-finding", "kev", "key-without-group", "no-group", "end-of-life", "max-new-transitive".
  std::string rule;
  std::string message;          // one line, for stderr and the reports
  std::optional<size_t> entry;  // the entry concerned (none for max-new-transitive)
  std::string advisory;         // the finding's preferred id for new-finding and kev
  report::Rating rating = report::Rating::kUnknown;
};

struct Summary {
  uint64_t base_components = 0;
  uint64_t head_components = 0;
  uint64_t added = 0;
  uint64_t removed = 0;
  uint64_t upgraded = 0;
  uint64_t downgraded = 0;
  uint64_t changed = 0;
  uint64_t new_transitive = 0;  // added entries that are transitive dependencies
  uint64_t open_findings = 0;   // over the added and changed entries
  uint64_t new_findings = 0;    // open, new, not allowed
  uint64_t kev = 0;             // open findings in KEV
};

struct ReviewResult {
  std::string base_target;  // as given
  std::string head_target;
  // Entries: added and changed ones by key, then the removed ones by key.
  std::vector<ReviewEntry> entries;
  Summary summary;
  std::string owners_path;  // empty: no owners file (no groups, key rules not applied)
  Policy policy;
  std::string policy_source;  // the file the policy came from, or "defaults"
  std::vector<Violation> violations;
  std::vector<std::string> warnings;
  report::DatabaseInfo database;  // of HEAD's scan

  bool passed() const { return violations.empty(); }
};

// Fills the summary and the violations of `result` from its entries and policy (replacing what
// was there). Components whose scope the policy ignores never fail it; findings in the allow
// list are not new findings and not KEV violations. Violations come in entry order, a finding's
// before the component's own.
void evaluate_policy(ReviewResult& result);

// ---------------------------------------------------------------------------------------------
// The whole review.

struct Options {
  // The scan of both sides: database, age limits, suppressions, today.
  scan::Options scan;
  // --owners; empty: upkeep-owners.toml at the root of HEAD when HEAD is a directory (or a tree
  // read from git), else no owners file.
  std::string owners_path;
  // --policy; empty: the owners file's [policy] table, else the defaults.
  std::string policy_path;
  // The repository "git:" targets are read from.
  std::string repo_dir = ".";
  eol::Date today{};  // for end-of-life dates (the CLI passes the UTC day)
};

struct Outcome {
  std::optional<scan::Failure> failure;  // set: nothing else is meaningful
  ReviewResult result;
  std::vector<inventory::Diagnostic> inventory_warnings;  // of both targets
};

// Reviews the change from `base` to `head` (target arguments: a path, sbom:FILE, image:FILE, or
// git:REV:PATH).
Outcome run(std::string_view base, std::string_view head, const Options& options);

}  // namespace upkeep::review
