// SPDX-License-Identifier: Apache-2.0
//
// Advisories in the OSV schema (https://ossf.github.io/osv-schema/), as upkeep holds them: the
// fields matching and reporting need, with versions and names exactly as the record writes them.
// Parsing never guesses: a field of the wrong type is a problem reported with its JSON pointer,
// the rest of the record is kept when it is still meaningful, and a record without an id or
// with nothing usable is an error value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/status.h"

namespace upkeep::advisory {

// One event of a range. OSV: exactly one of introduced / fixed / last_affected / limit.
struct Event {
  enum class Kind : uint8_t { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string version;  // "0" for introduced means "from the first version"
};

struct Range {
  enum class Type : uint8_t { kEcosystem, kSemver, kGit };
  Type type = Type::kEcosystem;
  std::string repo;  // GIT ranges only
  std::vector<Event> events;
};

// A severity entry: type as OSV names it ("CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu") and its
// score (a vector for CVSS, a label otherwise).
struct Severity {
  std::string type;
  std::string score;
};

struct Affected {
  std::string ecosystem;  // as written: "PyPI", "Debian:12", "AlmaLinux:9", "Alpine:v3.19"
  std::string name;       // as written
  std::string purl;       // optional in OSV
  std::vector<Range> ranges;
  std::vector<std::string> versions;  // explicit affected versions
  std::vector<Severity> severity;     // per-package severity (Bitnami, Ubuntu)
  // A textual severity the database attaches to this package where no vector exists
  // (ecosystem_specific.severity / database_specific.severity: "HIGH", "moderate", "low").
  std::string label_severity;
  // database_specific.informational (RustSec: "unmaintained", "unsound", "notice"): the record
  // is a notice rather than a vulnerability; the record's own database_specific when the entry
  // has none.
  std::string informational;
};

struct Reference {
  std::string type;  // "ADVISORY", "FIX", "WEB", ...
  std::string url;
};

struct Record {
  std::string id;  // "GHSA-xxxx-xxxx-xxxx", "PYSEC-2021-1", "GO-2023-1234", "DLA-3000-1"
  std::string schema_version;
  std::string modified;   // RFC 3339 as written
  std::string published;  // RFC 3339 as written, or empty
  std::string withdrawn;  // RFC 3339 as written; non-empty: the record must be ignored
  std::vector<std::string> aliases;
  std::vector<std::string> related;  // Debian/Ubuntu list their CVE here rather than in aliases
  std::vector<std::string> upstream;
  std::string summary;
  std::string details;
  std::vector<Severity> severity;
  // database_specific.severity of the record (GHSA: "MODERATE"), when no vector is given.
  std::string label_severity;
  std::vector<Affected> affected;
  std::vector<Reference> references;

  bool is_withdrawn() const { return !withdrawn.empty(); }
};

// A problem found while parsing a record that did not stop it: where (a JSON pointer such as
// "/affected/2/ranges/0/events/1") and what.
struct ParseProblem {
  std::string pointer;
  std::string message;
};

struct ParsedRecord {
  Record record;
  std::vector<ParseProblem> problems;
};

// Parses one OSV record (JSON text). An error when the text is not JSON (the message names the
// line and column), is not an object, or has no string "id". Everything else that is wrong is a
// ParseProblem and that part is skipped: an affected entry without a package or ecosystem, a
// range without events or of an unknown type, an event with none or several of its kinds.
// A convenience for one record: OsvParser does the same without allocating a parser each time.
Result<ParsedRecord> parse_osv_record(std::string_view json);

// What the advisory store indexes of a record.
struct PackageKey {
  std::string ecosystem;  // as written
  std::string name;       // as written
};

struct RecordKeys {
  std::string id;
  std::string modified;
  std::string withdrawn;
  std::vector<std::string> aliases;
  std::vector<PackageKey> packages;  // the affected entries a full parse keeps, in order

  bool is_withdrawn() const { return !withdrawn.empty(); }
};

struct ParsedKeys {
  RecordKeys keys;
  std::vector<ParseProblem> problems;
};

// Parses OSV records one after the other, reusing its buffers (allocating a JSON parser per
// record costs more than parsing an OSV-sized record). Not thread-safe: one per thread.
class OsvParser {
 public:
  OsvParser();
  ~OsvParser();
  OsvParser(OsvParser&&) noexcept;
  OsvParser& operator=(OsvParser&&) noexcept;

  // As parse_osv_record.
  Result<ParsedRecord> parse(std::string_view json);

  // Only the keys, for importing: the same checks, the same errors and the same problems (same
  // pointers, same order) as parse(), and keys equal to those of parse()'s record, but nothing
  // else is copied out of the document.
  Result<ParsedKeys> parse_keys(std::string_view json);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OSV ecosystem of an "Ecosystem:variant" string: "Debian:12" -> "Debian",
// "Ubuntu:22.04:LTS" -> "Ubuntu", "PyPI" -> "PyPI".
std::string_view base_ecosystem(std::string_view ecosystem);

// A package name as the store indexes it, so that every spelling the ecosystem treats as the
// same package finds the same records: PyPI per PEP 503 (lower case, runs of "-", "_", "."
// as one "-"); crates.io lower case with "_" as "-" (the registry refuses names differing only
// so); NuGet and Packagist lower case (case-insensitive registries); everything else as written
// (npm, Go module paths, Maven coordinates and distribution packages are case-sensitive).
std::string normalize_package_name(std::string_view ecosystem, std::string_view name);

}  // namespace upkeep::advisory
