// SPDX-License-Identifier: Apache-2.0
//
// What the store's writer and reader share: the schema, the record compression, timestamps.
#pragma once

#include <zstd.h>

#include <optional>
#include <string>
#include <string_view>

#include "upkeep/status.h"

namespace upkeep::advisory::detail {

// Schema version 2 (version 1 plus the end-of-life tables). `rid` is the records' integer key;
// the child tables are clustered by it (WITHOUT ROWID, primary key first on rid) so that
// replacing a record deletes a contiguous range and a bulk import appends. The lookup indexes
// are created after the bulk insert. records.modified is the record's `modified` as a sortable
// UTC string (see sortable_time), so "later wins" compares correctly across fraction digits and
// offsets; the record's own text is kept unchanged inside `data` (a zstd frame of the JSON bytes
// as imported).
//
// The end-of-life tables hold each source as a snapshot that an import of the same source
// replaces whole: eol_* (endoflife.date, one zip), distro_releases (per distribution),
// support_entries (per kind and Debian release; debian_release '' for a limited list that names
// none). Dates are "YYYY-MM-DD", date-or-boolean fields eol::DateOrBool's stored form, '' for
// absent; `position` keeps the order of the source (endoflife.date lists the newest cycle first).
inline constexpr std::string_view kSchemaSql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE records(
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  modified TEXT NOT NULL,
  withdrawn INTEGER NOT NULL,
  data BLOB NOT NULL);
CREATE TABLE affected(
  rid INTEGER NOT NULL,
  ecosystem TEXT NOT NULL,
  base TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY(rid, ecosystem, name)) WITHOUT ROWID;
CREATE TABLE aliases(
  rid INTEGER NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY(rid, alias)) WITHOUT ROWID;
CREATE TABLE kev(
  cve TEXT PRIMARY KEY, vendor TEXT, product TEXT, name TEXT, date_added TEXT, due_date TEXT,
  ransomware INTEGER NOT NULL, required_action TEXT) WITHOUT ROWID;
CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL)
  WITHOUT ROWID;
CREATE TABLE sources(
  name TEXT PRIMARY KEY, kind TEXT NOT NULL, records INTEGER NOT NULL, newest TEXT NOT NULL,
  file TEXT NOT NULL, imported_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE eol_products(
  name TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE eol_cycles(
  product TEXT NOT NULL, position INTEGER NOT NULL, cycle TEXT NOT NULL, codename TEXT NOT NULL,
  release_date TEXT NOT NULL, eol TEXT NOT NULL, eoas TEXT NOT NULL, eoes TEXT NOT NULL,
  lts TEXT NOT NULL, discontinued TEXT NOT NULL, latest TEXT NOT NULL, latest_date TEXT NOT NULL,
  line INTEGER NOT NULL, PRIMARY KEY(product, position)) WITHOUT ROWID;
CREATE TABLE eol_identifiers(
  kind TEXT NOT NULL, key TEXT NOT NULL, product TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY(kind, key, product)) WITHOUT ROWID;
CREATE TABLE distro_releases(
  distro TEXT NOT NULL, position INTEGER NOT NULL, version TEXT NOT NULL, codename TEXT NOT NULL,
  series TEXT NOT NULL, created TEXT NOT NULL, released TEXT NOT NULL, eol TEXT NOT NULL,
  eol_lts TEXT NOT NULL, eol_elts TEXT NOT NULL, eol_server TEXT NOT NULL, eol_esm TEXT NOT NULL,
  eol_legacy TEXT NOT NULL, line INTEGER NOT NULL, PRIMARY KEY(distro, position)) WITHOUT ROWID;
CREATE TABLE support_entries(
  kind TEXT NOT NULL, debian_release TEXT NOT NULL, position INTEGER NOT NULL,
  package TEXT NOT NULL, last_version TEXT NOT NULL, date TEXT NOT NULL, note TEXT NOT NULL,
  line INTEGER NOT NULL, PRIMARY KEY(kind, debian_release, position)) WITHOUT ROWID;
)sql";

inline constexpr std::string_view kCreateIndexesSql = R"sql(
CREATE INDEX IF NOT EXISTS affected_by_package ON affected(ecosystem, name, rid);
CREATE INDEX IF NOT EXISTS aliases_by_alias ON aliases(alias, rid);
)sql";

inline constexpr std::string_view kDropIndexesSql = R"sql(
DROP INDEX IF EXISTS affected_by_package;
DROP INDEX IF EXISTS aliases_by_alias;
)sql";

// An RFC 3339 time ("2024-05-03T20:15:03Z", "2024-05-03T20:15:03.123+02:00", a space for "T",
// lower-case "t"/"z") as "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" in UTC, which sorts as time does.
// nullopt when it is not such a time.
std::optional<std::string> sortable_time(std::string_view rfc3339);

// The sortable form back to RFC 3339 without trailing zero fractions ("...:03Z").
std::string display_time(std::string_view sortable);

class Compressor {
 public:
  Compressor() : ctx_(ZSTD_createCCtx()) {}
  ~Compressor() { ZSTD_freeCCtx(ctx_); }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
  // Compresses `in` into `out` (replacing its content); false on failure.
  bool compress(std::string_view in, std::string& out, int level);

 private:
  ZSTD_CCtx* ctx_;
};

class Decompressor {
 public:
  Decompressor() : ctx_(ZSTD_createDCtx()) {}
  ~Decompressor() { ZSTD_freeDCtx(ctx_); }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  // Decompresses one frame; Corruption when it is not a whole zstd frame of at most `limit`.
  Status decompress(std::string_view in, std::string& out, size_t limit = size_t{1} << 30);

 private:
  ZSTD_DCtx* ctx_;
};

}  // namespace upkeep::advisory::detail
