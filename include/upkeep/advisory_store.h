// SPDX-License-Identifier: Apache-2.0
//
// The advisory store: one SQLite file holding OSV records (kept whole, zstd-compressed), an index
// of (ecosystem, normalised package name) -> record, aliases in both directions, the CISA KEV
// catalogue and EPSS scores.
//
// Writers never touch the live file: an import copies it to a temporary file in the same
// directory, adds to the copy, syncs it and rename()s it over the live one, so a crash (or
// SIGKILL) at any moment leaves either the old database or the new one, both whole. Importers
// serialise on a lock file beside the database; readers need no lock.
//
// The formats read here:
//   OSV     - a zip of one JSON record per entry (OSV's all.zip), a directory of *.json (searched
//             recursively), a JSON file holding one record or an array of records
//   KEV     - CISA's known_exploited_vulnerabilities.json (detected by content: an object with
//             "catalogVersion" and "vulnerabilities")
//   EPSS    - FIRST's CSV ("#model_version:...,score_date:..." then "cve,epss,percentile"),
//             plain or gzipped
//   end of life (include/upkeep/eol.h, docs/eol.md)
//           - endoflife.date's product pages as a zip (detected by its entries: *.md at the top
//             or under products/), distro-info-data's debian.csv / ubuntu.csv (by their header),
//             debian-security-support's security-support-ended.debNN and
//             security-support-limited (by name or first comment line)
// The Store is also the eol::DataSource the end-of-life evaluation reads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/eol.h"
#include "upkeep/match.h"
#include "upkeep/status.h"

namespace upkeep::advisory {

// ---------------------------------------------------------------------------------------------
// KEV and EPSS parsers (pure: text in, values out).

struct KevEntry {
  std::string cve;  // "CVE-2021-44228"
  std::string vendor;
  std::string product;
  std::string name;         // vulnerabilityName
  std::string date_added;   // YYYY-MM-DD
  std::string due_date;     // YYYY-MM-DD
  bool ransomware = false;  // knownRansomwareCampaignUse == "Known"
  std::string required_action;
};

struct KevCatalog {
  std::string version;        // catalogVersion, "2025.08.25"
  std::string date_released;  // dateReleased as written
  std::vector<KevEntry> entries;
  std::vector<ParseProblem> problems;  // entries skipped (JSON pointer + what is wrong)
};

// Parses the KEV catalogue. An error when the text is not JSON (line and column named) or not a
// catalogue (no "catalogVersion" string and "vulnerabilities" array). An entry without a
// well-formed cveID is a problem and skipped; missing optional fields stay empty.
Result<KevCatalog> parse_kev(std::string_view json);

// True when `json` looks like a KEV catalogue (cheap: parses only when the keys appear).
bool looks_like_kev(std::string_view json);

struct EpssScore {
  std::string cve;
  double score = 0;       // probability of exploitation in the next 30 days, 0..1
  double percentile = 0;  // 0..1
};

struct EpssFile {
  std::string model_version;  // "v2023.03.01", or empty when the comment line is absent
  std::string score_date;     // as written, "2023-03-05T00:00:00+0000"; empty when absent
  std::vector<EpssScore> scores;
  std::vector<ParseProblem> problems;  // pointer "line N"
};

// Parses FIRST's EPSS CSV (already decompressed). An error when there is no "cve,epss,
// percentile" header; a row that is not a CVE id and two numbers in 0..1 is a problem and skipped.
Result<EpssFile> parse_epss_csv(std::string_view text);

// True when `text` starts like an EPSS CSV (the model comment or the header line).
bool looks_like_epss(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Where the database lives.

// `flag` when non-empty; else $UPKEEP_DB; else $XDG_CACHE_HOME/upkeep/advisories.db; else
// $HOME/.cache/upkeep/advisories.db. `getenv` is injectable for tests.
std::string database_path(std::string_view flag,
                          const std::function<const char*(const char*)>& getenv = nullptr);

// ---------------------------------------------------------------------------------------------
// Import.

// Something wrong with one input that did not stop the import.
struct ImportProblem {
  std::string file;      // the path given (or found in a directory)
  std::string entry;     // zip entry name as stored (never trusted, only reported); may be empty
  std::string location;  // "line 3, column 7", a JSON pointer "/affected/0", "line 12" (CSV)
  std::string message;
  bool skipped = true;  // the record was skipped (false: a field was dropped, the record kept)
};

struct ImportOptions {
  // Start from an empty database instead of adding to the existing one.
  bool replace = false;
  // The import time written to the database (tests pin it).
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  // Largest record (zip entry or JSON file) read; bigger ones are skipped as problems.
  uint64_t max_record_bytes = 32ull << 20;
  // Called after each input file (for progress output); may be empty.
  std::function<void(const std::string& file)> on_file;
};

struct ImportReport {
  uint64_t records_read = 0;      // OSV records parsed
  uint64_t records_added = 0;     // ids not in the database before
  uint64_t records_replaced = 0;  // ids present with an older `modified`
  uint64_t records_kept = 0;      // ids present with the same or a newer `modified`: unchanged
  uint64_t withdrawn = 0;         // records read that are withdrawn (stored, flagged)
  uint64_t kev_entries = 0;       // KEV entries stored (0 when no catalogue was given)
  uint64_t epss_scores = 0;       // EPSS rows stored
  uint64_t eol_products = 0;      // endoflife.date products stored (0: no products zip given)
  uint64_t eol_cycles = 0;        // their release cycles
  uint64_t distro_releases = 0;   // distro-info-data rows stored
  uint64_t support_entries = 0;   // debian-security-support entries stored
  std::vector<std::string> ecosystems;  // base ecosystems touched, sorted
  std::vector<ImportProblem> problems;
};

// Imports `files` (zips, directories, JSON files, KEV JSON, EPSS CSV/gz, end-of-life data;
// detected by content)
// into the database at `db_path`, atomically. The directory of `db_path` is created when needed.
// Returns an error (and leaves the database as it was) when an input cannot be opened or is of
// no known kind, or the database cannot be written; broken records inside an input are problems
// in the report, never errors. A record id seen again: the one with the later `modified` wins
// (first seen wins on a tie). A KEV catalogue or an EPSS file replaces the stored one unless
// the stored one is newer (catalogVersion / score_date). An end-of-life input replaces what is
// stored of the same source (the products, one distribution's releases, one support list).
Result<ImportReport> import_files(const std::string& db_path, const std::vector<std::string>& files,
                                  const ImportOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Reading.

// One line of `db status`.
struct SourceStatus {
  // Base ecosystem ("PyPI", "Debian"), "KEV", "EPSS", or an end-of-life source:
  // "endoflife.date", "distro-info-data/debian", "debian-security-support/deb12",
  // "debian-security-support/limited".
  std::string name;
  std::string kind;  // "osv", "kev", "epss", "eol"
  // OSV records with a package of that ecosystem; KEV entries; EPSS rows; endoflife.date
  // products; distribution releases; support list entries.
  uint64_t records = 0;
  // Newest `modified` (OSV), catalogVersion (KEV), score_date (EPSS); for end-of-life sources
  // the newest date of the data itself: the latest release date (endoflife.date), the newest
  // series' creation (distro-info-data), the latest entry (support lists; "" when empty).
  std::string newest;
  std::string file;  // the file last imported for it
  std::chrono::system_clock::time_point imported_at;
};

struct KevInfo {
  std::string cve;
  std::string vendor;
  std::string product;
  std::string name;
  std::string date_added;
  std::string due_date;
  bool ransomware = false;
};

struct EpssInfo {
  double score = 0;
  double percentile = 0;
  std::string date;
};

// A read-only view of the database. Thread-compatible: one Store per thread (it caches prepared
// statements and a decompression context). Because imports rename a new file over the old one,
// an open Store keeps reading the database as it was when opened.
class Store : public match::RecordSource, public eol::DataSource {
 public:
  // Opens `db_path` read-only. NotFound when the file does not exist; Corruption when it is not
  // an upkeep database or has another schema version.
  static Result<std::unique_ptr<Store>> open(const std::string& db_path);

  // Another handle on the file this one reads, for a second thread (a Store is not thread-safe:
  // its statements and buffers are its own). Unsupported when an import has replaced the
  // file at the path since this one was opened.
  Result<std::unique_ptr<Store>> open_again() const;

  ~Store() override;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Records with an affected entry for exactly `ecosystem` (variant included: "Debian:12" finds
  // only "Debian:12" entries) and `normalized_name` (advisory::normalize_package_name), in id
  // order. Withdrawn records included (the matcher drops them).
  Result<std::vector<Record>> records_for(std::string_view ecosystem,
                                          std::string_view normalized_name) const override;

  // Only the ids of those records (no decompression or parsing): `upkeep query` without details.
  Result<std::vector<std::string>> record_ids_for(std::string_view ecosystem,
                                                  std::string_view normalized_name) const;

  // records_for() in one pass, decoding only what the caller wants: `fn` is called with each
  // record's id, in the same order, and with the record when `want(id)` said yes (nullptr
  // otherwise; nothing is decompressed or parsed for it). For callers that keep decoded records
  // by id across packages (`upkeep query`: an AlmaLinux advisory names hundreds of packages).
  Status for_each_record_of(
      std::string_view ecosystem, std::string_view normalized_name,
      const std::function<bool(std::string_view id)>& want,
      const std::function<void(std::string_view id, Record* record)>& fn) const;

  // The record with that id; NotFound when absent.
  Result<Record> record(std::string_view id) const;
  // The stored JSON of that record, byte for byte as imported; NotFound when absent.
  Result<std::string> record_json(std::string_view id) const;

  // Aliases in both directions: the aliases the record `id` lists, and the ids of records that
  // list `id` as an alias (so a CVE finds its GHSA and PYSEC records). Sorted, unique, without
  // `id` itself; empty when nothing is known.
  Result<std::vector<std::string>> aliases_of(std::string_view id) const;

  // KEV entry for a CVE, or nullopt.
  Result<std::optional<KevInfo>> kev(std::string_view cve) const;
  // EPSS score for a CVE, or nullopt.
  Result<std::optional<EpssInfo>> epss(std::string_view cve) const;

  // Per source: record count, newest data, file, import time. OSV sources first (by name), then
  // KEV and EPSS when present.
  Result<std::vector<SourceStatus>> sources() const;

  // Time since the most recent import into this database (what `scan` compares with its
  // staleness limits); nullopt when nothing was ever imported.
  std::optional<std::chrono::seconds> age(
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;

  // Number of records stored (withdrawn included).
  Result<uint64_t> record_count() const;

  // eol::DataSource over the end-of-life tables (empty answers when nothing was imported).
  Result<std::vector<std::string>> products_for(std::string_view kind,
                                                std::string_view key) const override;
  Result<std::optional<eol::Product>> product(std::string_view name) const override;
  Result<std::vector<eol::DistroRelease>> distro_releases(std::string_view distro) const override;
  Result<std::vector<eol::SupportEntry>> support_entries(std::string_view release) const override;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The age that staleness limits compare: the time since the oldest OSV source was last made
// current, with that source's name. A source is current from its last import, or from the last
// time `db update` heard from its origin that it had not changed (a 304 leaves the database file
// alone; advisory::confirmed_current reads that from the download cache beside `db_path`). A
// later import of KEV or EPSS alone does not make old advisories new. nullopt when the database
// holds no OSV source (or cannot list them).
std::optional<std::pair<std::chrono::seconds, std::string>> oldest_osv_import(
    const Store& store, const std::string& db_path,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The schema version this build reads and writes.
inline constexpr int kStoreSchemaVersion = 2;

}  // namespace upkeep::advisory
