// SPDX-License-Identifier: Apache-2.0
//
// End of life and support: whether each component is still maintained upstream and by its
// distribution, from three public sources and the advisories.
//
//   endoflife.date           one Markdown page per product (products/<name>.md), YAML front
//                            matter: `releases` (release cycles with releaseDate, eol, eoas,
//                            eoes, lts, latest, ...) and `identifiers` (purls and CPEs)
//   distro-info-data         debian.csv and ubuntu.csv: every release with its end dates
//                            (eol, eol-lts, eol-elts; eol-server, eol-esm, eol-legacy)
//   debian-security-support  security-support-ended.debNN (packages whose security support
//                            ended before their release's) and security-support-limited
//   OSV (RustSec)            informational "unmaintained" advisories on crates
//
// Two libraries share this header. upkeep::eol_data holds the parsers (pure: text in, values
// out, never an exception), the dates and the in-memory DataSource; the advisory store imports
// with it and implements DataSource over its tables. upkeep::maintenance holds the evaluation
// (Evaluator, detect_runtimes), which reads a DataSource and, for the unmaintained advisories,
// a match::RecordSource.
//
// Everything here is thread-compatible: const functions of distinct objects may run at the same
// time; an Evaluator (it caches products) is used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/inventory.h"
#include "upkeep/match.h"
#include "upkeep/status.h"

namespace upkeep::eol {

// ---------------------------------------------------------------------------------------------
// Dates. The sources give calendar days without a time zone; so does everything here.

using Date = std::chrono::sys_days;

// "YYYY-MM-DD" with a valid month and day; nullopt otherwise (no other spelling is taken).
std::optional<Date> parse_date(std::string_view text);
// "YYYY-MM-DD" (years 0..9999; others are written with as many digits as they need).
std::string format_date(Date date);
// The UTC calendar day of a time point (what "today" is for a caller holding a clock).
Date day_of(std::chrono::system_clock::time_point t);

// A field of endoflife.date that is either a date or a boolean: eol, eoas, eoes, lts,
// discontinued. `true` without a date means "yes, date unknown" (for eol: already ended).
struct DateOrBool {
  enum class Kind : uint8_t { kAbsent, kFalse, kTrue, kDate };
  Kind kind = Kind::kAbsent;
  Date date{};

  bool absent() const { return kind == Kind::kAbsent; }
  bool is_date() const { return kind == Kind::kDate; }
  // The stored form: "" (absent), "false", "true" or "YYYY-MM-DD".
  std::string to_string() const;
  // The stored form back; nullopt for anything else.
  static std::optional<DateOrBool> from_string(std::string_view text);
  bool operator==(const DateOrBool&) const = default;
};

// Something wrong in an input that did not stop it: the line (from 1; 0 when the input has no
// lines, e.g. a YAML node without a mark) and what.
struct Problem {
  uint64_t line = 0;
  std::string message;
};

// ---------------------------------------------------------------------------------------------
// endoflife.date product pages.

struct ReleaseCycle {
  std::string cycle;     // releaseCycle: "3.11", "12", "20"
  std::string codename;  // codename, when given ("Bookworm")
  std::optional<Date> release_date;
  DateOrBool eol;           // end of life (end of security support)
  DateOrBool eoas;          // end of active support (bug fixes); security fixes go on to eol
  DateOrBool eoes;          // end of extended support (LTS, ESM, paid support): after eol
  DateOrBool lts;           // a long-term support release (true), or since that date
  DateOrBool discontinued;  // hardware and services: no longer sold or offered
  std::string latest;       // latest release of the cycle: "3.11.13"
  std::optional<Date> latest_date;
  uint64_t line = 0;  // where the cycle starts in the page
};

struct Identifier {
  std::string kind;   // "purl" or "cpe" (repology and other kinds are not kept)
  std::string value;  // as written
  // What lookups compare: for a purl, its canonical form without version, qualifiers and
  // subpath (purl::versionless); for a CPE the value as written.
  std::string key;
};

struct Product {
  std::string name;      // the page's name without ".md": "python", "debian", "nodejs"
  std::string title;     // "Python"
  std::string category;  // "lang", "os", "server-app", ...
  std::vector<Identifier> identifiers;
  std::vector<ReleaseCycle> cycles;  // in page order (endoflife.date lists newest first)
};

struct ParsedProduct {
  Product product;
  std::vector<Problem> problems;  // cycles or identifiers skipped, fields dropped
};

// Parses one product page: "---", the YAML front matter, "---", then Markdown (ignored).
// `name` is the page's base name without ".md". An error (InvalidArgument, the message naming
// the line) when there is no front matter, it is not YAML or not a mapping, or it has no
// `releases` list. A cycle without a releaseCycle, or whose releaseDate is not a date, is a
// problem and skipped; a date-or-boolean field that is neither is a problem and left absent; an
// identifier purl that does not parse is a problem and skipped. Input over 4 MiB or nested
// deeper than 32 levels is refused (an error), so a hostile page costs bounded time.
Result<ParsedProduct> parse_product_page(std::string_view name, std::string_view text);

// Whether a zip entry name is an endoflife.date product page: "<name>.md" at the top level (a
// zip of the products directory) or "<...>/products/<name>.md" (GitHub's archive of the
// repository). The product name (the base name without ".md") in `product` when given.
bool is_product_page_entry(std::string_view entry_name, std::string* product = nullptr);

// The cycle of `cycles` that `version` belongs to: the longest releaseCycle that `version`
// starts with at a boundary ("3.11" for "3.11.2-6+deb12u6", not "3.1"; "20" for "20.20.2"; a
// boundary is the end or any character but a digit), after dropping an epoch ("1:") and a
// leading "v". nullptr when none.
const ReleaseCycle* select_cycle(const std::vector<ReleaseCycle>& cycles, std::string_view version);

// ---------------------------------------------------------------------------------------------
// distro-info-data.

struct DistroRelease {
  std::string distro;    // "debian" or "ubuntu"
  std::string version;   // as written: "12", "22.04 LTS", "" for sid and experimental
  std::string codename;  // "Bookworm", "Jammy Jellyfish"
  std::string series;    // "bookworm", "jammy"
  std::optional<Date> created, release, eol;
  std::optional<Date> eol_lts, eol_elts;                // Debian: LTS, then ELTS (commercial)
  std::optional<Date> eol_server, eol_esm, eol_legacy;  // Ubuntu: server, ESM, Legacy (paid)
  uint64_t line = 0;

  // The version without " LTS": "22.04".
  std::string version_number() const;
};

struct DistroInfo {
  std::string distro;  // "debian" or "ubuntu"
  std::vector<DistroRelease> releases;
  std::vector<Problem> problems;
};

// True when `head` starts with distro-info-data's header line
// ("version,codename,series,created,release,eol").
bool looks_like_distro_info(std::string_view head);

// Parses debian.csv or ubuntu.csv. The distribution is `distro` when given, else told by the
// header's columns (eol-lts/eol-elts: debian; eol-server/eol-esm: ubuntu). An error when the
// header is not distro-info-data's or names neither distribution. A row with another number of
// fields than the header, no series, or a field that is not a date where a date belongs is a
// problem and skipped.
Result<DistroInfo> parse_distro_info(std::string_view text, std::string_view distro = "");

// ---------------------------------------------------------------------------------------------
// debian-security-support.

struct SupportEntry {
  enum class Kind : uint8_t { kEnded, kLimited };
  Kind kind = Kind::kEnded;
  std::string release;  // "deb12"; empty: a limited list not tied to a release
  // The source package, or a pattern of them ("php-horde.*", "golang.*"): see
  // support_package_matches.
  std::string package;
  std::string last_version;  // ended: the last version with support ("0": none named)
  std::optional<Date> date;  // ended: when support ended or ends
  std::string note;          // the rest of the line: a reason, a URL
  uint64_t line = 0;
};

struct SupportList {
  SupportEntry::Kind kind = SupportEntry::Kind::kEnded;
  std::string release;  // "deb12"; empty for a limited list without a release in its name
  std::vector<SupportEntry> entries;
  std::vector<Problem> problems;
};

// The kind and release a support list's file name says: "security-support-ended.deb12" ->
// (ended, "deb12"), "security-support-limited" -> (limited, ""),
// "security-support-limited.deb12" -> (limited, "deb12"). nullopt for other names (only the
// base name is looked at).
std::optional<std::pair<SupportEntry::Kind, std::string>> support_list_name(
    std::string_view file_name);

// The kind a support list's text says in its first comment line ("# List of packages whose
// security support ends ..." / "... where security support is limited"); nullopt otherwise.
std::optional<SupportEntry::Kind> support_list_kind(std::string_view head);

// Parses one list. `kind` and `release` come from the caller (support_list_name and
// support_list_kind). Columns are separated by blanks; "#" lines and blank lines are skipped.
// Ended: package, last version, date, optional note. Limited: package, optional note. A line
// with too few columns or a date that is not one is a problem and skipped. Never fails: a text
// that is no list gives problems and no entries.
SupportList parse_support_list(std::string_view text, SupportEntry::Kind kind,
                               std::string_view release);

// Whether a package field of a support list names `source_package`. The field is matched whole,
// as the lists write it: ".*" any run of characters, "." any one character, everything else
// (including "+", common in Debian names) literally.
bool support_package_matches(std::string_view pattern, std::string_view source_package);

// ---------------------------------------------------------------------------------------------
// Where evaluation reads the data: the advisory store (advisory::Store), or MemoryData.

class DataSource {
 public:
  virtual ~DataSource() = default;
  // Names of the products with an identifier of that kind and key, sorted.
  virtual Result<std::vector<std::string>> products_for(std::string_view kind,
                                                        std::string_view key) const = 0;
  // The product with its cycles (identifiers may be left out); nullopt when unknown.
  virtual Result<std::optional<Product>> product(std::string_view name) const = 0;
  // The releases of "debian" or "ubuntu", in file order; empty when none were imported.
  virtual Result<std::vector<DistroRelease>> distro_releases(std::string_view distro) const = 0;
  // The support entries that concern packages of `release` ("deb12"): its ended list and its
  // limited list (or, when it has none, the limited list without a release).
  virtual Result<std::vector<SupportEntry>> support_entries(std::string_view release) const = 0;
};

// A DataSource in memory, filled from parsed inputs (tests, and callers that did not import).
class MemoryData : public DataSource {
 public:
  void add_product(Product product);        // replaces a product of the same name
  void add_distro_info(DistroInfo info);    // replaces that distribution's releases
  void add_support_list(SupportList list);  // replaces the list of that kind and release

  Result<std::vector<std::string>> products_for(std::string_view kind,
                                                std::string_view key) const override;
  Result<std::optional<Product>> product(std::string_view name) const override;
  Result<std::vector<DistroRelease>> distro_releases(std::string_view distro) const override;
  Result<std::vector<SupportEntry>> support_entries(std::string_view release) const override;

 private:
  std::map<std::string, Product, std::less<>> products_;
  std::map<std::string, std::vector<DistroRelease>, std::less<>> distros_;
  std::vector<SupportList> lists_;
};

// ---------------------------------------------------------------------------------------------
// Evaluation (upkeep::maintenance).

enum class SupportStatus : uint8_t {
  kUnknown,        // nothing says: no product, no cycle for the version, no dates
  kSupported,      // the current support phase goes on past the warning window
  kEndsSoon,       // the current support phase ends within the window (Options::ends_soon_days)
  kExtended,       // regular support ended; extended support (LTS, ESM, eoes) goes on
  kEndOfLife,      // every free support phase has ended
  kSecurityEnded,  // the distribution ended security support for this package early
  kLimited,        // the distribution supports it only in part (trusted input, client only, ...)
  kUnmaintained,   // an advisory says the project is unmaintained
};
// "unknown", "supported", "ends-soon", "extended-support", "end-of-life",
// "security-support-ended", "limited", "unmaintained".
std::string_view status_name(SupportStatus status);
// How bad it is, for ordering: unmaintained, end of life and security ended first.
int status_severity(SupportStatus status);

// One statement about a component, a runtime or an OS release, and who makes it.
struct Assessment {
  SupportStatus status = SupportStatus::kUnknown;
  // Who says so: "endoflife.date python 3.11", "distro-info-data debian 12",
  // "debian-security-support deb12", "RUSTSEC-2020-0036".
  std::string source;
  std::string product;  // endoflife.date product, "debian"/"ubuntu", or the package
  std::string cycle;    // "3.11", "12"; empty when none applies
  std::optional<Date> release_date;
  std::optional<Date> active_end;    // end of active support (bug fixes), when given
  std::optional<Date> support_end;   // end of regular security support
  std::optional<Date> extended_end;  // end of free extended support (Debian LTS, Ubuntu ESM, eoes)
  std::string extended_name;         // "LTS", "ESM", "extended support"
  std::optional<Date> paid_end;      // Debian ELTS, Ubuntu Legacy: commercial, not counted
  // Days from `today` to the end of the current phase (negative: ended that long ago); nullopt
  // when no date applies.
  std::optional<int64_t> days_left;
  std::string latest;  // the cycle's latest release (endoflife.date)
  // The upstream project's lifecycle of a distribution package: the distribution may well go
  // on patching it (its own word is the support lists and its release's dates).
  bool upstream_only = false;
  std::string detail;  // one sentence a report can print
};

struct Options {
  int ends_soon_days = 90;  // the warning window of kEndsSoon
};

// A language runtime or server the inventory holds, as a product of endoflife.date.
struct Runtime {
  std::string name;     // "Python", "Node.js", "OpenJDK", "PostgreSQL", "Go", ...
  std::string product;  // endoflife.date product: "python", "nodejs", "eclipse-temurin"
  std::string package;  // the package that carries it (source package for distributions)
  std::string ecosystem;
  std::string version;             // the component's version
  std::vector<size_t> components;  // indexes into the inventory's components
};

// The runtimes of an inventory: distribution packages by source package (python3.11,
// nodejs, openjdk-17, postgresql-15, php8.2, ruby3.1, perl, golang-1.19, rustc) and language
// ecosystems where the inventory has the runtime (Go's `stdlib` in binaries). One per runtime,
// package and version, in inventory order. Pure (src/maintenance/eol_runtimes.cc is the table).
std::vector<Runtime> detect_runtimes(const inventory::Inventory& inventory);

struct RuntimeAssessment {
  Runtime runtime;
  Assessment assessment;
};

class Evaluator {
 public:
  // `data` and `advisories` (may be null: no unmaintained advisories then) must outlive it.
  Evaluator(const DataSource& data, const match::RecordSource* advisories, Options options = {});

  // Everything known about one component on `today`, most severe first: the support lists of
  // its distribution release (by source package; Debian only), the endoflife.date product its
  // purl (version-less) or its source package's purl maps to, with the cycle its version falls
  // in, and informational "unmaintained" advisories that affect its version. Empty when nothing
  // is known. An error only when a source fails.
  Result<std::vector<Assessment>> assess(const inventory::Component& component, Date today) const;

  // The OS release: Debian and Ubuntu from distro-info-data (matched by VERSION_ID, else by
  // VERSION_CODENAME), others from the endoflife.date product of the distribution. An
  // Assessment with kUnknown (and a detail saying why) when nothing matches.
  Result<Assessment> assess_os(const inventory::OsRelease& os, Date today) const;

  // detect_runtimes() and the endoflife.date status of each.
  Result<std::vector<RuntimeAssessment>> assess_runtimes(const inventory::Inventory& inventory,
                                                         Date today) const;

  // The status of `product`'s cycle for `version` (the cycle select_cycle picks); kUnknown
  // when the product or the cycle is unknown.
  Result<Assessment> assess_product(std::string_view product, std::string_view version,
                                    Date today) const;

 private:
  Result<const Product*> cached_product(std::string_view name) const;

  const DataSource& data_;
  const match::RecordSource* advisories_;
  Options options_;
  mutable std::map<std::string, std::optional<Product>, std::less<>> products_;
  mutable std::map<std::string, std::vector<SupportEntry>, std::less<>> support_;
};

}  // namespace upkeep::eol
