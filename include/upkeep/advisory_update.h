// SPDX-License-Identifier: Apache-2.0
//
// `upkeep db update`: fetches OSV's per-ecosystem all.zip, the CISA KEV catalogue and the EPSS
// scores from their public sources (or a mirror: a base URL or a local directory with the same
// layout) into a download cache beside the database, then imports what changed with
// import_files, in one atomic import.
//
// The download cache, "<db>.downloads/", has the mirror layout itself:
//   <Ecosystem>/all.zip   known_exploited_vulnerabilities.json   epss_scores-current.csv.gz
// plus "state" (per source: where it came from, its ETag / Last-Modified, whether the database
// holds it) and ".lock". Every file in it is written to a temporary name and renamed when
// complete, so a kill at any moment leaves the cache and the database usable, and a partial
// download is never imported.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/advisory_store.h"
#include "upkeep/fetch.h"
#include "upkeep/inventory.h"
#include "upkeep/status.h"

namespace upkeep::advisory {

// The public sources.
inline constexpr std::string_view kOsvBaseUrl =
    "https://osv-vulnerabilities.storage.googleapis.com";
inline constexpr std::string_view kKevUrl =
    "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";
inline constexpr std::string_view kEpssUrl =
    "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";
// File names in a mirror and in the download cache.
inline constexpr std::string_view kKevFileName = "known_exploited_vulnerabilities.json";
inline constexpr std::string_view kEpssFileName = "epss_scores-current.csv.gz";

// End-of-life sources (docs/eol.md). Public locations: GitHub's archive of endoflife.date's
// repository (its products/*.md), and the files of distro-info-data and debian-security-support
// in their Debian (salsa) repositories. In a mirror and in the cache they sit under "eol/", in
// the layout of ../shared/data/eol:
//   eol/endoflife-products.zip   eol/distro-info-data/<distro>.csv
//   eol/debian-security-support/security-support-ended.debNN, .../security-support-limited
inline constexpr std::string_view kEndoflifeUrl =
    "https://github.com/endoflife-date/endoflife.date/archive/refs/heads/master.zip";
inline constexpr std::string_view kDistroInfoBaseUrl =
    "https://salsa.debian.org/debian/distro-info-data/-/raw/main";
inline constexpr std::string_view kSecuritySupportBaseUrl =
    "https://salsa.debian.org/debian/debian-security-support/-/raw/master";
// The Debian releases whose security-support-ended list is fetched. A release without a list
// (404) is not a failure: lists appear when a release is published.
inline constexpr std::string_view kSupportListReleases[] = {"deb9", "deb10", "deb11", "deb12",
                                                            "deb13"};

// One thing to fetch.
struct UpdateSource {
  // "PyPI", "Debian:12", "KEV", "EPSS", "endoflife.date", "distro-info-data/debian",
  // "debian-security-support/deb12" (as Store::sources() names it)
  std::string name;
  std::string kind;           // "osv", "kev", "epss", "eol"
  std::string relative_path;  // in a mirror and in the cache: "PyPI/all.zip"
  std::string location;       // the URL or local path it is fetched from
  // Not published is no failure: a 404 (or a file missing from a directory mirror) means the
  // source does not exist (yet), e.g. the support list of a release that has none.
  bool optional = false;
};

// OSV's ecosystem names as OSV spells them (for canonical_ecosystem and help texts).
const std::vector<std::string_view>& known_osv_ecosystems();

// What a first update fetches when none are named: the language ecosystems the inventory reads
// (PyPI, npm, Go, crates.io, Maven, NuGet, RubyGems, Packagist), then the distribution of `host`
// when OSV covers it ("Debian" for Debian 12: the whole family, as OSV publishes it).
std::vector<std::string> default_osv_ecosystems(const inventory::OsRelease* host);

// The ecosystem as OSV spells it: a case-insensitive match of a known name ("pypi" -> "PyPI"),
// with a ":variant" kept ("debian:12" -> "Debian:12"); other names are kept as given (OSV adds
// ecosystems). InvalidArgument for an empty name or one that cannot be a directory name (a '/',
// a control character, "." or "..").
Result<std::string> canonical_ecosystem(std::string_view name);

// The sources to fetch: one per ecosystem (in the order given, duplicates dropped), then KEV and
// EPSS when asked, then the end-of-life sources when `eol` (endoflife.date, distro-info-data's
// debian and ubuntu tables, the support lists of kSupportListReleases, the limited list).
// `mirror`: empty for the public sources; an http(s) base URL; or a directory.
// InvalidArgument for a bad ecosystem name or a mirror that is neither a URL nor a directory.
Result<std::vector<UpdateSource>> plan_sources(const std::vector<std::string>& ecosystems, bool kev,
                                               bool epss, std::string_view mirror,
                                               bool eol = false);

// The download cache of the database at `db_path`: "<db_path>.downloads" (per database, so two
// databases in one directory never share state).
std::string downloads_dir(const std::string& db_path);

// What the cache knows of each source: the "state" file, one tab-separated line per source:
//   name  location  etag  last-modified  imported(0|1)  checked(Unix seconds)
// A line that does not parse is dropped (the source is then fetched unconditionally).
struct DownloadState {
  struct Entry {
    std::string name;
    std::string location;
    fetch::Validators validators;
    bool imported = false;  // the database holds this copy
    // When the origin last confirmed this copy current (downloaded it, or answered 304).
    int64_t checked = 0;
  };
  std::vector<Entry> entries;

  // The entry of `name`, or nullptr / a new empty one. REQUIRES: the pointer or reference is
  // not used after the next upsert (entries is a vector).
  const Entry* find(std::string_view name) const;
  Entry& upsert(std::string_view name);
};
DownloadState parse_download_state(std::string_view text);
// Values holding tabs or line breaks are written empty (validators are then just not sent).
std::string format_download_state(const DownloadState& state);

// When the origin last confirmed each source the database holds as current (`db update`
// downloaded it or got a 304), from the download cache; a source never updated that way, or
// whose cached copy the database does not hold, is absent. A 304 leaves the database file alone,
// so its import time (SourceStatus::imported_at) stays old: staleness checks take the later of
// the two. Empty when there is no cache.
std::map<std::string, std::chrono::system_clock::time_point> confirmed_current(
    const std::string& db_path);

// What happened to one source.
struct SourceUpdate {
  UpdateSource source;
  fetch::Fetched fetched;  // outcome, failure, error, bytes
  // Not tried: an earlier source on the same host was unreachable (fetched.failure says so).
  bool skipped = false;
  // An optional source that is not published (UpdateSource::optional): no failure.
  bool absent = false;
  // Its cached file went into this update's import (downloaded now, or held but not yet in the
  // database).
  bool imported = false;
};

struct UpdateOptions {
  // OSV ecosystems; empty: the OSV sources already in the database, and when it holds none,
  // `first_ecosystems` (default_osv_ecosystems() is the usual choice).
  std::vector<std::string> ecosystems;
  std::vector<std::string> first_ecosystems;
  bool kev = true;
  bool epss = true;
  bool eol = true;  // the end-of-life sources
  // Empty: the public sources. Else a base URL or a directory with the mirror layout.
  std::string mirror;
  ImportOptions import;
  // Called before and after each source is fetched (for progress output); may be empty.
  std::function<void(const UpdateSource&)> on_fetch;
  std::function<void(const SourceUpdate&)> on_fetched;
  // Called once before the import starts, with the files to import; may be empty.
  std::function<void(const std::vector<std::string>& files)> on_import;
};

struct UpdateReport {
  std::vector<SourceUpdate> sources;   // in plan order
  bool used_first_ecosystems = false;  // none named, none held: UpdateOptions::first_ecosystems
  bool imported = false;               // an import ran and succeeded
  ImportReport import;                 // when imported
  // The import's error when it failed (the database is then as it was); OK otherwise.
  Status import_status;

  size_t failures() const;  // sources that failed (absent optional ones are no failure)
  bool complete() const { return failures() == 0 && import_status.is_ok(); }
};

// Updates the database at `db_path`: fetches every planned source with `client` (conditional on
// the cached copy), then imports every cached file the database does not hold yet (downloaded
// now, or held from an earlier run whose import did not finish, or all of them when the database
// is missing) in one import_files call. A source that fails leaves its cached copy and its part
// of the database as they were; the others go on. Sources on a host found unreachable are not
// tried again in the same update.
// Errors (nothing fetched or imported): InvalidArgument for a bad ecosystem or mirror, or when
// no ecosystem is named, the database has none and first_ecosystems is empty; Corruption when the
// database exists but cannot be read; IoError when the cache cannot be created or locked. Not
// thread-safe with itself on the same database within one process (the cache lock is a flock, which
// serialises processes).
Result<UpdateReport> update_database(const std::string& db_path, const UpdateOptions& options,
                                     fetch::Client& client);

}  // namespace upkeep::advisory
