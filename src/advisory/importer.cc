// SPDX-License-Identifier: Apache-2.0
//
// `upkeep db import`: inputs detected by content, records streamed into a copy of the database
// beside the live file, which replaces it by rename() once complete and synced.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <simdjson.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "advisory/sqlite.h"
#include "advisory/store_internal.h"
#include "advisory/zip_reader.h"
#include "upkeep/advisory_store.h"
#include "upkeep/eol.h"

namespace upkeep::advisory {
namespace {

using detail::Db;
using detail::Stmt;

// zstd level for stored records: -1 compresses about 3:1 on OSV JSON at several hundred MB/s;
// positive levels gain a little size for several times the import time.
constexpr int kCompressionLevel = -1;
// Whole JSON files (a KEV catalogue, an array of records) and decompressed EPSS files.
constexpr uint64_t kMaxWholeFileBytes = 1ull << 30;
// distro-info-data tables and debian-security-support lists: a few KiB each.
constexpr uint64_t kMaxEolTextBytes = 16ull << 20;

std::string errno_text() {
  return std::strerror(errno);
}

enum class InputKind {
  kDirectory,
  kZip,
  kGzip,
  kJson,
  kEpss,
  kEolZip,       // endoflife.date product pages
  kDistroInfo,   // distro-info-data debian.csv / ubuntu.csv
  kSupportList,  // debian-security-support security-support-ended.debNN / -limited
};

// An input and what classify() learnt about it beyond its kind.
struct Input {
  explicit Input(InputKind k) : kind(k) {}
  InputKind kind;
  std::string distro;  // kDistroInfo: "debian" / "ubuntu" from the file name, or "" (the header)
  eol::SupportEntry::Kind support = eol::SupportEntry::Kind::kEnded;  // kSupportList
  std::string release;  // kSupportList: "deb12", or "" (a limited list that names no release)
};

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r'))
    s.remove_prefix(1);
  return s;
}

// The kind of a decompressed text: JSON (OSV or KEV) or EPSS CSV; nullopt otherwise.
std::optional<InputKind> text_kind(std::string_view head) {
  const std::string_view s = skip_bom_and_space(head);
  if (!s.empty() && (s[0] == '{' || s[0] == '[')) return InputKind::kJson;
  if (looks_like_epss(head)) return InputKind::kEpss;
  return std::nullopt;
}

// Whether a zip holds endoflife.date's product pages rather than OSV records: a page under a
// products/ directory (GitHub's archive of the repository; OSV zips have no directories), or
// more top-level *.md pages than JSON entries (a zip of the products directory). Decided on the
// central directory alone; a zip the fast reader does not take (damaged, unusual) stays an OSV
// zip, as before.
bool is_eol_zip(const std::string& path) {
  detail::ZipReader zip;
  if (!zip.open_file(path)) return false;
  detail::ZipReader::Entry e;
  uint64_t pages = 0, json = 0;
  while (zip.next(e)) {
    if (!e.regular) continue;
    if (eol::is_product_page_entry(e.name)) {
      if (e.name.find('/') != std::string::npos) return true;
      ++pages;
    } else if (e.name.size() > 5 && e.name.compare(e.name.size() - 5, 5, ".json") == 0) {
      // OSV zips hold hundreds of thousands of entries: no need to list them all.
      if (++json >= 64 && pages == 0) return false;
    }
  }
  return pages > json;
}

std::string base_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A debian-security-support list: its kind from its name or its first comment line, its release
// from its name, or from the name of the file a symbolic link leads to (Debian installs
// security-support-ended as a link to the .debNN file of the installed release).
Result<Input> classify_support_list(const std::string& path, std::string_view head) {
  Input in(InputKind::kSupportList);
  const auto by_name = eol::support_list_name(base_name(path));
  const auto by_content = eol::support_list_kind(head);
  if (!by_name && !by_content) return Status::not_found("");
  in.support = by_name ? by_name->first : *by_content;
  if (by_name) in.release = by_name->second;
  if (in.release.empty()) {
    std::error_code ec;
    const auto target = std::filesystem::canonical(path, ec);
    if (!ec) {
      if (const auto resolved = eol::support_list_name(target.filename().string())) {
        in.release = resolved->second;
      }
    }
  }
  if (in.release.empty() && in.support == eol::SupportEntry::Kind::kEnded) {
    return Status::invalid_argument(
        path +
        ": a debian-security-support list of ended packages, but its name does not say "
        "which Debian release it is for (name it security-support-ended.debNN)");
  }
  return in;
}

Result<Input> classify(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::not_found(path + ": " + errno_text());
  if (S_ISDIR(st.st_mode)) return Input(InputKind::kDirectory);
  if (!S_ISREG(st.st_mode)) return Status::invalid_argument(path + ": not a file or directory");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::io_error(path + ": " + errno_text());
  char buf[512];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n < 0) return Status::io_error(path + ": " + errno_text());
  const std::string_view head(buf, static_cast<size_t>(n));
  if (head.substr(0, 4) == "PK\x03\x04" || head.substr(0, 4) == "PK\x05\x06") {
    return Input(is_eol_zip(path) ? InputKind::kEolZip : InputKind::kZip);
  }
  if (head.substr(0, 2) == "\x1f\x8b") return Input(InputKind::kGzip);
  if (auto kind = text_kind(head)) return Input(*kind);
  if (eol::looks_like_distro_info(head)) {
    Input in(InputKind::kDistroInfo);
    const std::string name = base_name(path);
    if (name == "debian.csv" || name == "ubuntu.csv") in.distro = name.substr(0, 6);
    return in;
  }
  if (auto support = classify_support_list(path, head);
      support.is_ok() || support.status().code() != StatusCode::kNotFound) {
    return support;
  }
  return Status::invalid_argument(
      path +
      ": not an OSV zip, a JSON file (OSV record or KEV catalogue), an EPSS CSV, a directory, "
      "an endoflife.date products zip, a distro-info-data table or a debian-security-support "
      "list");
}

Result<std::string> read_whole(const std::string& path, uint64_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::io_error(path + ": " + errno_text());
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && static_cast<uint64_t>(st.st_size) > limit) {
    ::close(fd);
    return Status::invalid_argument(path + ": larger than " + std::to_string(limit) + " bytes");
  }
  out.resize(static_cast<size_t>(st.st_size));
  size_t off = 0;
  for (;;) {
    if (off == out.size()) {
      if (out.size() >= limit) break;
      out.resize(std::min<uint64_t>(limit, out.size() * 2 + 4096));
    }
    const ssize_t n = ::read(fd, out.data() + off, out.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Status::io_error(path + ": " + errno_text());
    }
    if (n == 0) break;
    off += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(off);
  return out;
}

// Decompresses a gzip file (libarchive's raw format), at most `limit` bytes.
Result<std::string> gunzip(const std::string& path, uint64_t limit) {
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_raw(a);
  std::string out;
  archive_entry* entry = nullptr;
  if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK ||
      archive_read_next_header(a, &entry) != ARCHIVE_OK) {
    Status s = Status::invalid_argument(
        path + ": not a gzip file: " + (archive_error_string(a) ? archive_error_string(a) : ""));
    archive_read_free(a);
    return s;
  }
  char buf[1 << 16];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buf, sizeof buf);
    if (n < 0) {
      Status s = Status::invalid_argument(
          path + ": " + (archive_error_string(a) ? archive_error_string(a) : "corrupt gzip data"));
      archive_read_free(a);
      return s;
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > limit) {
      archive_read_free(a);
      return Status::invalid_argument(path + ": decompresses to more than " +
                                      std::to_string(limit) + " bytes");
    }
    out.append(buf, static_cast<size_t>(n));
  }
  archive_read_free(a);
  return out;
}

// Everything the import writes, on the temporary copy.
class Writer {
 public:
  Writer(const ImportOptions& options, ImportReport& report) : options_(options), report_(report) {}

  Status open(const std::string& path, bool fresh) {
    if (auto s = db_.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX); !s) return s;
    // Atomicity comes from the rename, so the temporary file needs neither a journal nor syncs
    // while it is built; it is fsync()ed once before the rename. Memory stays bounded whatever
    // the number of records: 16 MiB of page cache, and sorting for the index build spills to
    // SQLite's temporary files past about as much (with temp_store=MEMORY it did not, and
    // 500,000 records took 195 MB; 16 MiB of cache rather than 32 costs nothing measurable).
    if (auto s = db_.exec(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
            "PRAGMA cache_size=-16384;");
        !s) {
      return s;
    }
    if (fresh) {
      if (auto s = db_.exec(detail::kSchemaSql); !s) return s;
      Stmt put;
      if (auto s = put.prepare(db_, "INSERT INTO meta VALUES('schema_version', ?1)"); !s) return s;
      if (auto s = put.bind(1, std::to_string(kStoreSchemaVersion)).run(); !s) return s;
    } else {
      Stmt get;
      if (!get.prepare(db_, "SELECT value FROM meta WHERE key = 'schema_version'") ||
          get.step() != SQLITE_ROW) {
        return Status::corruption("not an upkeep advisory database (no schema version)");
      }
      if (get.text(0) != std::to_string(kStoreSchemaVersion)) {
        return Status::corruption("the database has schema version " + std::string(get.text(0)) +
                                  "; this upkeep " + "writes version " +
                                  std::to_string(kStoreSchemaVersion) + ": import with --replace");
      }
    }
    if (auto s = db_.exec("BEGIN"); !s) return s;
    std::string rows = "INSERT OR IGNORE INTO affected VALUES(?, ?, ?, ?)";
    for (Stmt& insert : insert_affected_) {
      if (auto s = insert.prepare(db_, rows); !s) return s;
      rows += ", (?, ?, ?, ?)";
    }
    // Inserting with the lookup indexes in place costs a B-tree update per row; building them
    // once at the end is several times faster.
    if (auto s = db_.exec(detail::kDropIndexesSql); !s) return s;
    for (auto [stmt, sql] : {
             std::pair{&find_, "SELECT rid, modified FROM records WHERE id = ?1"},
             std::pair{&insert_,
                       "INSERT INTO records(id, modified, withdrawn, data) "
                       "VALUES(?1, ?2, ?3, ?4)"},
             std::pair{
                 &update_,
                 "UPDATE records SET modified = ?2, withdrawn = ?3, data = ?4 WHERE rid = ?1"},
             std::pair{&delete_affected_, "DELETE FROM affected WHERE rid = ?1"},
             std::pair{&delete_aliases_, "DELETE FROM aliases WHERE rid = ?1"},
             std::pair{&insert_alias_, "INSERT OR IGNORE INTO aliases VALUES(?1, ?2)"},
         }) {
      if (auto s = stmt->prepare(db_, sql); !s) return s;
    }
    return Status::ok();
  }

  void problem(const std::string& file, const std::string& entry, std::string location,
               std::string message, bool skipped = true) {
    report_.problems.push_back({file, entry, std::move(location), std::move(message), skipped});
  }

  // One OSV record's JSON text. Database errors are errors; a bad record is a problem.
  // `compressed`, when given, is `json` already compressed (by the zip reading thread).
  Status add_osv(std::string_view json, const std::string& file, const std::string& entry) {
    return add_parsed(parser_.parse_keys(json), json, file, entry, nullptr);
  }

  // A record parsed already (by the zip reading thread). Only its keys are read here; the
  // record itself is stored as `json` (or `compressed`, that text compressed already).
  Status add_parsed(const Result<ParsedKeys>& parsed, std::string_view json,
                    const std::string& file, const std::string& entry,
                    const std::string* compressed) {
    if (!parsed.is_ok()) {
      problem(file, entry, "", parsed.status().message());
      return Status::ok();
    }
    const RecordKeys& r = parsed->keys;
    for (const auto& p : parsed->problems)
      problem(file, entry, p.pointer, p.message, false);
    ++report_.records_read;
    if (r.is_withdrawn()) ++report_.withdrawn;
    std::string modified;
    if (auto t = detail::sortable_time(r.modified)) {
      modified = std::move(*t);
    } else {
      problem(file, entry, "/modified",
              "not an RFC 3339 time: \"" + r.modified + "\" (the record counts as oldest)", false);
    }

    int64_t rid = 0;
    find_.reset().bind_static(1, r.id);
    const int rc = find_.step();
    if (rc == SQLITE_ROW) {
      rid = find_.int64(0);
      const bool newer = modified > find_.text(1);
      find_.reset();
      if (!newer) {
        ++report_.records_kept;
        return Status::ok();
      }
      if (!compress(json, compressed)) return Status::internal("zstd compression failed");
      update_.reset().bind(1, rid).bind_static(2, modified).bind(3, int64_t{r.is_withdrawn()});
      update_.bind_blob_static(4, blob_->data(), blob_->size());
      if (auto s = update_.run(); !s) return s;
      if (auto s = delete_affected_.reset().bind(1, rid).run(); !s) return s;
      if (auto s = delete_aliases_.reset().bind(1, rid).run(); !s) return s;
      ++report_.records_replaced;
    } else if (rc == SQLITE_DONE) {
      find_.reset();
      if (!compress(json, compressed)) return Status::internal("zstd compression failed");
      insert_.reset().bind_static(1, r.id).bind_static(2, modified);
      insert_.bind(3, int64_t{r.is_withdrawn()}).bind_blob_static(4, blob_->data(), blob_->size());
      if (auto s = insert_.run(); !s) return s;
      rid = sqlite3_last_insert_rowid(db_.get());
      ++report_.records_added;
    } else {
      Status s = find_.error();
      find_.reset();
      return s;
    }

    // The package rows of a record in as few statements as possible: the statement's own cost
    // (reset, bind, step, halt) was most of a row's.
    names_.clear();
    for (const PackageKey& a : r.packages)
      names_.push_back(normalize_package_name(a.ecosystem, a.name));
    for (size_t first = 0; first < r.packages.size(); first += kRowsPerInsert) {
      const size_t n = std::min(kRowsPerInsert, r.packages.size() - first);
      Stmt& insert = insert_affected_[n - 1];
      insert.reset();
      for (size_t i = 0; i < n; ++i) {
        const PackageKey& a = r.packages[first + i];
        const int at = static_cast<int>(4 * i);
        insert.bind(at + 1, rid).bind_static(at + 2, a.ecosystem);
        insert.bind_static(at + 3, base_ecosystem(a.ecosystem))
            .bind_static(at + 4, names_[first + i]);
      }
      if (auto s = insert.run(); !s) return s;
    }
    for (const PackageKey& a : r.packages) {
      const std::string_view base = base_ecosystem(a.ecosystem);
      if (base == last_base_ && file == last_file_) continue;  // the usual case: nothing new
      auto it = touched_.try_emplace(std::string(base)).first;
      it->second.insert(file);
      last_base_ = it->first;
      last_file_ = file;
    }
    for (const std::string& alias : r.aliases) {
      if (alias == r.id) continue;
      if (auto s = insert_alias_.reset().bind(1, rid).bind_static(2, alias).run(); !s) return s;
    }
    return Status::ok();
  }

  Status add_kev(const Result<KevCatalog>& parsed, const std::string& file) {
    if (!parsed.is_ok()) {
      problem(file, "", "", parsed.status().message());
      return Status::ok();
    }
    for (const auto& p : parsed->problems)
      problem(file, "", p.pointer, p.message);
    const std::string stored = meta("kev_version");
    if (!stored.empty() && stored > parsed->version) {
      problem(file, "", "/catalogVersion",
              "catalogue " + parsed->version + " is older than the stored " + stored +
                  ": not imported");
      return Status::ok();
    }
    if (auto s = db_.exec("DELETE FROM kev"); !s) return s;
    Stmt put;
    if (auto s = put.prepare(db_, "INSERT OR REPLACE INTO kev VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"); !s)
      return s;
    for (const KevEntry& e : parsed->entries) {
      put.reset().bind_static(1, e.cve).bind_static(2, e.vendor).bind_static(3, e.product);
      put.bind_static(4, e.name).bind_static(5, e.date_added).bind_static(6, e.due_date);
      put.bind(7, int64_t{e.ransomware}).bind_static(8, e.required_action);
      if (auto s = put.run(); !s) return s;
    }
    report_.kev_entries = parsed->entries.size();
    if (auto s = set_meta("kev_version", parsed->version); !s) return s;
    if (auto s = set_meta("kev_released", parsed->date_released); !s) return s;
    return set_source("KEV", "kev", parsed->entries.size(), parsed->version, file);
  }

  Status add_epss(std::string_view text, const std::string& file) {
    auto parsed = parse_epss_csv(text);
    if (!parsed.is_ok()) {
      problem(file, "", "", parsed.status().message());
      return Status::ok();
    }
    for (const auto& p : parsed->problems)
      problem(file, "", p.pointer, p.message);
    const std::string stored = meta("epss_date");
    if (!stored.empty() && stored > parsed->score_date) {
      problem(file, "", "line 1",
              "scores of " + parsed->score_date + " are older than the stored " + stored +
                  ": not imported");
      return Status::ok();
    }
    if (auto s = db_.exec("DELETE FROM epss"); !s) return s;
    Stmt put;
    if (auto s = put.prepare(db_, "INSERT OR REPLACE INTO epss VALUES(?1, ?2, ?3)"); !s) return s;
    for (const EpssScore& e : parsed->scores) {
      put.reset().bind_static(1, e.cve).bind(2, e.score).bind(3, e.percentile);
      if (auto s = put.run(); !s) return s;
    }
    report_.epss_scores = parsed->scores.size();
    if (auto s = set_meta("epss_date", parsed->score_date); !s) return s;
    if (auto s = set_meta("epss_model", parsed->model_version); !s) return s;
    return set_source("EPSS", "epss", parsed->scores.size(), parsed->score_date, file);
  }

  // endoflife.date: the products of one zip replace every stored product (a snapshot, like KEV).
  // None read (every page broken): the stored products are kept.
  Status add_eol_products(const std::vector<eol::Product>& products, const std::string& file) {
    if (products.empty()) {
      problem(file, "", "", "no usable product page: the stored endoflife.date data is kept");
      return Status::ok();
    }
    for (const char* table : {"eol_products", "eol_cycles", "eol_identifiers"}) {
      if (auto s = db_.exec(std::string("DELETE FROM ") + table); !s) return s;
    }
    Stmt product, cycle, id;
    if (auto s = product.prepare(db_, "INSERT OR REPLACE INTO eol_products VALUES(?1, ?2, ?3)"); !s)
      return s;
    if (auto s = cycle.prepare(db_,
                               "INSERT OR REPLACE INTO eol_cycles "
                               "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
        !s) {
      return s;
    }
    if (auto s = id.prepare(db_, "INSERT OR IGNORE INTO eol_identifiers VALUES(?1, ?2, ?3, ?4)");
        !s)
      return s;
    std::string newest;
    uint64_t cycles = 0;
    for (const eol::Product& p : products) {
      // A page seen twice in one zip: the later one wins whole.
      for (const char* table : {"eol_cycles WHERE product", "eol_identifiers WHERE product"}) {
        Stmt del;
        if (auto s = del.prepare(db_, std::string("DELETE FROM ") + table + " = ?1"); !s) return s;
        if (auto s = del.bind(1, p.name).run(); !s) return s;
      }
      if (auto s = product.reset().bind(1, p.name).bind(2, p.title).bind(3, p.category).run(); !s)
        return s;
      int64_t position = 0;
      for (const eol::ReleaseCycle& c : p.cycles) {
        const auto day = [](const std::optional<eol::Date>& d) {
          return d ? eol::format_date(*d) : std::string();
        };
        cycle.reset().bind(1, p.name).bind(2, position++).bind(3, c.cycle).bind(4, c.codename);
        cycle.bind(5, day(c.release_date)).bind(6, c.eol.to_string()).bind(7, c.eoas.to_string());
        cycle.bind(8, c.eoes.to_string()).bind(9, c.lts.to_string());
        cycle.bind(10, c.discontinued.to_string()).bind(11, c.latest);
        cycle.bind(12, day(c.latest_date)).bind(13, static_cast<int64_t>(c.line));
        if (auto s = cycle.run(); !s) return s;
        // The data's own age: its latest release date (end dates lie in the future).
        if (const std::string d = day(c.latest_date); d > newest) newest = d;
        ++cycles;
      }
      for (const eol::Identifier& i : p.identifiers) {
        if (auto s =
                id.reset().bind(1, i.kind).bind(2, i.key).bind(3, p.name).bind(4, i.value).run();
            !s) {
          return s;
        }
      }
    }
    report_.eol_products = products.size();
    report_.eol_cycles = cycles;
    return set_source("endoflife.date", "eol", products.size(), newest, file);
  }

  // distro-info-data: one distribution's table replaces the stored one.
  Status add_distro_info(const eol::DistroInfo& info, const std::string& file) {
    for (const auto& p : info.problems)
      problem(file, "", "line " + std::to_string(p.line), p.message);
    if (info.releases.empty()) {
      problem(file, "", "", "no release read: the stored " + info.distro + " releases are kept");
      return Status::ok();
    }
    Stmt del, put;
    if (auto s = del.prepare(db_, "DELETE FROM distro_releases WHERE distro = ?1"); !s) return s;
    if (auto s = del.bind(1, info.distro).run(); !s) return s;
    if (auto s = put.prepare(db_,
                             "INSERT INTO distro_releases "
                             "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
        !s) {
      return s;
    }
    std::string newest;
    int64_t position = 0;
    for (const eol::DistroRelease& r : info.releases) {
      const auto day = [](const std::optional<eol::Date>& d) {
        return d ? eol::format_date(*d) : std::string();
      };
      put.reset().bind(1, info.distro).bind(2, position++).bind(3, r.version);
      put.bind(4, r.codename).bind(5, r.series).bind(6, day(r.created)).bind(7, day(r.release));
      put.bind(8, day(r.eol)).bind(9, day(r.eol_lts)).bind(10, day(r.eol_elts));
      put.bind(11, day(r.eol_server)).bind(12, day(r.eol_esm)).bind(13, day(r.eol_legacy));
      put.bind(14, static_cast<int64_t>(r.line));
      if (auto s = put.run(); !s) return s;
      // The newest series the table knows of: a newer table opens later ones.
      if (const std::string d = day(r.created); d > newest) newest = d;
    }
    report_.distro_releases += info.releases.size();
    return set_source("distro-info-data/" + info.distro, "eol", info.releases.size(), newest, file);
  }

  // debian-security-support: one list replaces the stored list of its kind and release.
  Status add_support_list(const eol::SupportList& list, const std::string& file) {
    for (const auto& p : list.problems)
      problem(file, "", "line " + std::to_string(p.line), p.message);
    const std::string kind = list.kind == eol::SupportEntry::Kind::kEnded ? "ended" : "limited";
    Stmt del, put;
    if (auto s =
            del.prepare(db_, "DELETE FROM support_entries WHERE kind = ?1 AND debian_release = ?2");
        !s) {
      return s;
    }
    if (auto s = del.bind(1, kind).bind(2, list.release).run(); !s) return s;
    if (auto s = put.prepare(db_, "INSERT INTO support_entries VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
        !s) {
      return s;
    }
    std::string newest;
    int64_t position = 0;
    for (const eol::SupportEntry& e : list.entries) {
      const std::string date = e.date ? eol::format_date(*e.date) : std::string();
      put.reset().bind(1, kind).bind(2, list.release).bind(3, position++).bind(4, e.package);
      put.bind(5, e.last_version).bind(6, date).bind(7, e.note);
      put.bind(8, static_cast<int64_t>(e.line));
      if (auto s = put.run(); !s) return s;
      if (date > newest) newest = date;
    }
    report_.support_entries += list.entries.size();
    // An empty list is a real answer ("none yet"), stored as such.
    const std::string name =
        list.kind == eol::SupportEntry::Kind::kEnded
            ? list.release
            : (list.release.empty() ? std::string("limited") : "limited." + list.release);
    return set_source("debian-security-support/" + name, "eol", list.entries.size(), newest, file);
  }

  // Lookup indexes, per-ecosystem counts, import time; then COMMIT and close.
  Status finish() {
    if (auto s = db_.exec(detail::kCreateIndexesSql); !s) return s;
    // Per base ecosystem: records and newest modified. Aggregated here rather than with GROUP BY,
    // which sorts all rows in a temporary B-tree: the rows come in rid order, so "distinct rid
    // per base" is "rid differs from the last one counted for that base".
    Stmt rows;
    if (auto s = rows.prepare(db_,
                              "SELECT a.rid, a.base, r.modified FROM affected a "
                              "JOIN records r ON r.rid = a.rid ORDER BY a.rid");
        !s) {
      return s;
    }
    struct Tally {
      uint64_t records = 0;
      int64_t last_rid = -1;
      std::string newest;
    };
    std::map<std::string, Tally, std::less<>> tallies;
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) {
      auto it = tallies.find(rows.text(1));
      if (it == tallies.end()) it = tallies.emplace(std::string(rows.text(1)), Tally()).first;
      Tally& t = it->second;
      if (t.last_rid == rows.int64(0)) continue;
      t.last_rid = rows.int64(0);
      ++t.records;
      if (rows.text(2) > t.newest) t.newest = rows.text(2);
    }
    if (rc != SQLITE_DONE) return rows.error();
    std::map<std::string, std::pair<uint64_t, std::string>, std::less<>> now_counts;
    for (const auto& [base, t] : tallies) {
      now_counts[base] = {t.records, detail::display_time(t.newest)};
    }
    // Sources of ecosystems not in this import keep their file and import time.
    std::map<std::string, std::pair<std::string, int64_t>, std::less<>> previous;
    Stmt old;
    if (auto s = old.prepare(db_, "SELECT name, file, imported_at FROM sources WHERE kind='osv'");
        !s) {
      return s;
    }
    while ((rc = old.step()) == SQLITE_ROW) {
      previous[std::string(old.text(0))] = {std::string(old.text(1)), old.int64(2)};
    }
    if (auto s = db_.exec("DELETE FROM sources WHERE kind = 'osv'"); !s) return s;
    for (const auto& [base, count] : now_counts) {
      auto touched = touched_.find(base);
      auto prev = previous.find(base);
      std::string file;
      int64_t at = import_time();
      if (touched != touched_.end()) {
        for (const std::string& f : touched->second)
          file += (file.empty() ? "" : ", ") + f;
      } else if (prev != previous.end()) {
        file = prev->second.first;
        at = prev->second.second;
      }
      if (auto s = put_source(base, "osv", count.first, count.second, file, at); !s) return s;
    }
    for (const auto& [base, file] : touched_)
      report_.ecosystems.push_back(base);
    if (auto s = set_meta("last_import", std::to_string(import_time())); !s) return s;
    for (Stmt* s :
         {&find_, &insert_, &update_, &delete_affected_, &delete_aliases_, &insert_alias_})
      s->finalize();
    for (Stmt& s : insert_affected_)
      s.finalize();
    if (auto s = db_.exec("COMMIT"); !s) return s;
    db_.close();
    return Status::ok();
  }

 private:
  bool compress(std::string_view json, const std::string* compressed) {
    if (compressed != nullptr) {
      blob_ = compressed;
      return true;
    }
    blob_ = &own_blob_;
    return compressor_.compress(json, own_blob_, kCompressionLevel);
  }
  int64_t import_time() const {
    return std::chrono::duration_cast<std::chrono::seconds>(options_.now.time_since_epoch())
        .count();
  }
  std::string meta(std::string_view key) {
    Stmt get;
    if (!get.prepare(db_, "SELECT value FROM meta WHERE key = ?1")) return {};
    get.bind(1, key);
    return get.step() == SQLITE_ROW ? std::string(get.text(0)) : std::string();
  }
  Status set_meta(std::string_view key, std::string_view value) {
    Stmt put;
    if (auto s = put.prepare(db_, "INSERT OR REPLACE INTO meta VALUES(?1, ?2)"); !s) return s;
    return put.bind(1, key).bind(2, value).run();
  }
  Status put_source(std::string_view name, std::string_view kind, uint64_t records,
                    std::string_view newest, std::string_view file, int64_t at) {
    Stmt put;
    if (auto s = put.prepare(db_, "INSERT OR REPLACE INTO sources VALUES(?1,?2,?3,?4,?5,?6)"); !s)
      return s;
    put.bind(1, name).bind(2, kind).bind(3, static_cast<int64_t>(records)).bind(4, newest);
    return put.bind(5, file).bind(6, at).run();
  }
  Status set_source(std::string_view name, std::string_view kind, uint64_t records,
                    std::string_view newest, std::string_view file) {
    return put_source(name, kind, records, newest, file, import_time());
  }

  const ImportOptions& options_;
  ImportReport& report_;
  Db db_;
  static constexpr size_t kRowsPerInsert = 8;
  Stmt find_, insert_, update_, delete_affected_, delete_aliases_, insert_alias_;
  Stmt insert_affected_[kRowsPerInsert];  // [n - 1] inserts n rows
  std::vector<std::string> names_;        // the normalised names of the record being added
  OsvParser parser_;
  detail::Compressor compressor_;
  std::string own_blob_;
  const std::string* blob_ = nullptr;  // the compressed record being written
  // base ecosystem -> the files of this import with records for it
  std::map<std::string, std::set<std::string>, std::less<>> touched_;
  std::string_view last_base_;  // the last (base, file) added to touched_ (a key of touched_)
  std::string last_file_;
};

// One zip entry handed from the reading thread to the writing one: the record compressed and
// its keys, or why it has none.
struct ZipEntry {
  std::string name;
  std::string compressed;                    // the entry's bytes as the store keeps them
  std::string problem;                       // non-empty: report this instead of importing
  bool file_problem = false;                 // the problem concerns the archive, not one entry
  std::optional<Result<ParsedKeys>> parsed;  // the entry parsed
};

// A bounded queue between the two threads of a zip import (inflating and compressing run beside
// parsing and inserting: on OSV data the two halves cost about the same). Entries travel in
// batches: one wake-up per record costs more than the record on a busy machine.
class EntryQueue {
 public:
  // Producer side. Blocks while kMaxBatches batches wait; false when the consumer cancelled.
  bool push(ZipEntry e) {
    pending_bytes_ += e.compressed.size();
    pending_.push_back(std::move(e));
    if (pending_bytes_ < kBatchBytes && pending_.size() < kBatchEntries) return true;
    return flush();
  }
  void close() {
    flush();
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_one();
  }

  // Consumer side.
  void cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    not_full_.notify_one();
  }
  // False when closed and drained.
  bool pop(ZipEntry& out) {
    if (next_ == current_.size()) {
      current_.clear();
      next_ = 0;
      std::unique_lock lock(mu_);
      not_empty_.wait(lock, [&] { return !batches_.empty() || closed_; });
      if (batches_.empty()) return false;
      current_ = std::move(batches_.front());
      batches_.pop_front();
      not_full_.notify_one();
    }
    out = std::move(current_[next_++]);
    return true;
  }

 private:
  static constexpr size_t kBatchBytes = 1u << 20, kBatchEntries = 256, kMaxBatches = 8;

  bool flush() {
    if (pending_.empty()) return true;
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return batches_.size() < kMaxBatches || cancelled_; });
    if (cancelled_) return false;
    batches_.push_back(std::move(pending_));
    pending_ = {};
    pending_bytes_ = 0;
    not_empty_.notify_one();
    return true;
  }

  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::vector<ZipEntry>> batches_;
  bool closed_ = false, cancelled_ = false;
  std::vector<ZipEntry> pending_;  // producer only
  size_t pending_bytes_ = 0;
  std::vector<ZipEntry> current_;  // consumer only
  size_t next_ = 0;
};

std::string archive_error(archive* a, const char* fallback) {
  const char* e = archive_error_string(a);
  return e != nullptr ? e : fallback;
}

// What the reading thread makes of one entry's bytes: its keys and the stored form. Compressing
// and parsing there rather than in the writing thread balances the two threads' work (SQLite's
// inserts are the rest).
class EntryMaker {
 public:
  void make(ZipEntry& e, std::string_view data) {
    e.parsed.emplace(parser_.parse_keys(data));
    // A record that is no record is reported, not stored: no need to compress it.
    if (e.parsed->is_ok() && !compressor_.compress(data, e.compressed, kCompressionLevel)) {
      e.problem = "zstd compression failed";
    }
  }

 private:
  detail::Compressor compressor_;
  OsvParser parser_;
};

std::string too_large(uint64_t size, uint64_t max_bytes) {
  return "entry of " + std::to_string(size) + " bytes is larger than the limit of " +
         std::to_string(max_bytes);
}

// Every entry of a zip that ZipReader took, in order, into `queue`.
void read_zip_directory(detail::ZipReader& zip, uint64_t max_bytes, EntryQueue& queue) {
  EntryMaker maker;
  detail::ZipReader::Entry entry;
  std::string data;  // the entry being read; one buffer for all
  while (zip.next(entry)) {
    if (!entry.regular) continue;
    ZipEntry e;
    e.name = std::move(entry.name);
    if (entry.size > max_bytes) {
      e.problem = too_large(entry.size, max_bytes);
    } else if (auto s = zip.read(entry, data); !s) {
      e.problem = "cannot read the entry: " + s.message();
    } else {
      maker.make(e, data);
    }
    if (!queue.push(std::move(e))) break;
  }
  if (zip.failed()) {
    queue.push(
        {"", "", "the zip changed while it was read; the rest is skipped", true, std::nullopt});
  }
}

// Every entry of a zip read as a stream by libarchive, in order, into `queue`: the zips that
// ZipReader does not take, among them damaged ones, whose entries before the damage are kept.
void read_zip_stream(const std::string& path, uint64_t max_bytes, EntryQueue& queue) {
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK) {
    queue.push(
        {"", "", "not a readable zip: " + archive_error(a, "unknown error"), true, std::nullopt});
    archive_read_free(a);
    return;
  }
  archive_entry* entry = nullptr;
  char buf[1 << 16];
  EntryMaker maker;
  std::string data;  // the entry being read; one buffer for all
  for (;;) {
    const int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      // A truncated or corrupt archive: what was read so far is kept.
      queue.push({"", "",
                  "the zip is damaged; the rest is skipped: " + archive_error(a, "unknown error"),
                  true, std::nullopt});
      break;
    }
    ZipEntry e;
    const char* raw_name = archive_entry_pathname(entry);
    e.name = raw_name != nullptr ? raw_name : "";
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const bool sized = archive_entry_size_is_set(entry);
    const auto size = static_cast<uint64_t>(archive_entry_size(entry));
    if (sized && size > max_bytes) {
      e.problem = too_large(size, max_bytes);
      if (!queue.push(std::move(e))) break;
      continue;  // the next header skips the data
    }
    data.clear();
    if (sized) data.reserve(static_cast<size_t>(size));
    bool fatal = false;
    for (;;) {
      const la_ssize_t n = archive_read_data(a, buf, sizeof buf);
      if (n < 0) {
        e.problem = "cannot read the entry: " + archive_error(a, "unknown error");
        fatal = n == ARCHIVE_FATAL;
        break;
      }
      if (n == 0) break;
      if (data.size() + static_cast<size_t>(n) > max_bytes) {
        e.problem = "entry larger than the limit of " + std::to_string(max_bytes) + " bytes";
        break;
      }
      data.append(buf, static_cast<size_t>(n));
    }
    if (e.problem.empty()) maker.make(e, data);
    if (!queue.push(std::move(e)) || fatal) break;
  }
  archive_read_free(a);
}

// Reads every entry of an OSV zip, in order, into `queue`, then closes it. Names are reported,
// never used as paths; entries over the size limit are skipped unread.
void read_zip(const std::string& path, uint64_t max_bytes, EntryQueue& queue) {
  detail::ZipReader zip;
  if (zip.open_file(path)) {
    read_zip_directory(zip, max_bytes, queue);
  } else {
    read_zip_stream(path, max_bytes, queue);
  }
  queue.close();
}

Status import_zip(Writer& w, const std::string& path, const ImportOptions& options) {
  EntryQueue queue;
  std::thread reader(read_zip, std::cref(path), options.max_record_bytes, std::ref(queue));
  Status status;
  ZipEntry e;
  while (queue.pop(e)) {
    if (!status) continue;  // drain after a database error
    if (!e.problem.empty()) {
      w.problem(path, e.file_problem ? "" : e.name, "", e.problem);
      continue;
    }
    status = w.add_parsed(*e.parsed, {}, path, e.name, &e.compressed);
    if (!status) queue.cancel();
  }
  reader.join();
  return status;
}

// A JSON text: a KEV catalogue, one OSV record, or an array of them.
Status import_json(Writer& w, std::string_view text, const std::string& path) {
  if (looks_like_kev(text)) {
    // An OSV record that merely mentions both keys (in its details) is not a catalogue.
    auto kev = parse_kev(text);
    if (kev.is_ok() || kev.status().message().rfind("not a KEV", 0) != 0) {
      return w.add_kev(kev, path);
    }
  }
  const std::string_view s = skip_bom_and_space(text);
  if (s.empty() || s[0] != '[') return w.add_osv(text, path, "");
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  if (parser.parse(s.data(), s.size()).get(list) != simdjson::SUCCESS) {
    return w.add_osv(text, path, "");  // reports the syntax error with line and column
  }
  size_t i = 0;
  for (simdjson::dom::element item : list) {
    if (auto st = w.add_osv(simdjson::to_string(item), path, "[" + std::to_string(i++) + "]"); !st)
      return st;
  }
  return Status::ok();
}

// endoflife.date's product pages out of a zip (the products directory, or GitHub's archive of the
// repository): every page parsed, then all of them stored as one snapshot.
Status import_eol_zip(Writer& w, const std::string& path, const ImportOptions& options) {
  detail::ZipReader zip;
  if (auto s = zip.open_file(path); !s) return Status::invalid_argument(path + ": " + s.message());
  std::vector<eol::Product> products;
  detail::ZipReader::Entry entry;
  std::string data;
  while (zip.next(entry)) {
    std::string name;
    if (!entry.regular || !eol::is_product_page_entry(entry.name, &name)) continue;
    if (entry.size > options.max_record_bytes) {
      w.problem(path, entry.name, "", too_large(entry.size, options.max_record_bytes));
      continue;
    }
    if (auto s = zip.read(entry, data); !s) {
      w.problem(path, entry.name, "", "cannot read the entry: " + s.message());
      continue;
    }
    auto parsed = eol::parse_product_page(name, data);
    if (!parsed.is_ok()) {
      w.problem(path, entry.name, "", parsed.status().message());
      continue;
    }
    for (const auto& p : parsed->problems)
      w.problem(path, entry.name, "line " + std::to_string(p.line), p.message, false);
    products.push_back(std::move(parsed->product));
  }
  if (zip.failed()) {
    // Part of the products would replace all of them: keep what is stored.
    w.problem(path, "", "", "the zip changed while it was read: the stored data is kept");
    return Status::ok();
  }
  return w.add_eol_products(products, path);
}

Status import_eol_text(Writer& w, const std::string& path, const Input& in) {
  auto text = read_whole(path, kMaxEolTextBytes);
  if (!text.is_ok()) return text.status();
  if (in.kind == InputKind::kDistroInfo) {
    auto info = eol::parse_distro_info(*text, in.distro);
    if (!info.is_ok()) {
      w.problem(path, "", "", info.status().message());
      return Status::ok();
    }
    return w.add_distro_info(*info, path);
  }
  return w.add_support_list(eol::parse_support_list(*text, in.support, in.release), path);
}

Status import_one(Writer& w, const std::string& path, const Input& in,
                  const ImportOptions& options) {
  switch (in.kind) {
    case InputKind::kEolZip:
      return import_eol_zip(w, path, options);
    case InputKind::kDistroInfo:
    case InputKind::kSupportList:
      return import_eol_text(w, path, in);
    case InputKind::kZip:
      return import_zip(w, path, options);
    case InputKind::kDirectory: {
      std::vector<std::string> files;
      std::error_code ec;
      namespace fs = std::filesystem;
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".json") {
          files.push_back(it->path().string());
        }
      }
      if (ec) w.problem(path, "", "", "reading the directory: " + ec.message());
      std::sort(files.begin(), files.end());
      for (const std::string& f : files) {
        auto text = read_whole(f, options.max_record_bytes);
        if (!text.is_ok()) {
          w.problem(f, "", "", text.status().message());
          continue;
        }
        if (auto s = import_json(w, *text, f); !s) return s;
      }
      return Status::ok();
    }
    case InputKind::kJson: {
      auto text = read_whole(path, kMaxWholeFileBytes);
      if (!text.is_ok()) return text.status();
      return import_json(w, *text, path);
    }
    case InputKind::kEpss: {
      auto text = read_whole(path, kMaxWholeFileBytes);
      if (!text.is_ok()) return text.status();
      return w.add_epss(*text, path);
    }
    case InputKind::kGzip: {
      auto text = gunzip(path, kMaxWholeFileBytes);
      if (!text.is_ok()) return text.status();
      const auto inner = text_kind(std::string_view(*text).substr(0, 512));
      if (inner == InputKind::kEpss) return w.add_epss(*text, path);
      if (inner == InputKind::kJson) return import_json(w, *text, path);
      return Status::invalid_argument(path + ": a gzip file holding neither EPSS CSV nor JSON");
    }
  }
  return Status::internal("unknown input kind");
}

// Holds the importers' lock file and the temporary database; removes the temporary file unless
// it was renamed into place.
class TempDatabase {
 public:
  ~TempDatabase() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
  }

  Status create(const std::string& db_path, bool copy_live) {
    namespace fs = std::filesystem;
    const fs::path live(db_path);
    fs::path dir = live.parent_path();
    if (dir.empty()) dir = ".";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::io_error(dir.string() + ": " + ec.message());
    dir_ = dir.string();
    const std::string lock = db_path + ".lock";
    lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) return Status::io_error(lock + ": " + errno_text());
    while (::flock(lock_fd_, LOCK_EX) != 0) {
      if (errno != EINTR) return Status::io_error(lock + ": " + errno_text());
    }
    // Temporary files of an import that was killed: no importer holds them (we hold the lock).
    const std::string prefix = live.filename().string() + ".tmp-";
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.path().filename().string().rfind(prefix, 0) == 0) fs::remove(e.path(), ec);
    }
    std::string pattern = db_path + ".tmp-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) return Status::io_error(pattern + ": " + errno_text());
    temp_ = pattern;
    ::fchmod(fd_, 0644);
    fresh_ = true;
    if (copy_live) {
      const int src = ::open(db_path.c_str(), O_RDONLY | O_CLOEXEC);
      if (src < 0 && errno != ENOENT) return Status::io_error(db_path + ": " + errno_text());
      if (src >= 0) {
        struct stat st {};
        ::fstat(src, &st);
        fresh_ = st.st_size == 0;
        off_t left = st.st_size;
        while (left > 0) {
          ssize_t n = ::copy_file_range(src, nullptr, fd_, nullptr, static_cast<size_t>(left), 0);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) {
            // copy_file_range is refused across some file systems: plain copy.
            char buf[1 << 16];
            n = ::read(src, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0 || ::write(fd_, buf, static_cast<size_t>(n)) != n) {
              ::close(src);
              return Status::io_error("copying " + db_path + ": " + errno_text());
            }
          }
          left -= n;
        }
        ::close(src);
      }
    }
    return Status::ok();
  }

  const std::string& path() const { return temp_; }
  bool fresh() const { return fresh_; }

  // fsync, rename over the live file, fsync the directory so the rename is durable.
  Status commit(const std::string& db_path) {
    if (::fsync(fd_) != 0) return Status::io_error(temp_ + ": fsync: " + errno_text());
    ::close(fd_);
    fd_ = -1;
    if (::rename(temp_.c_str(), db_path.c_str()) != 0) {
      return Status::io_error("renaming " + temp_ + " to " + db_path + ": " + errno_text());
    }
    temp_.clear();
    const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return Status::ok();
  }

 private:
  std::string dir_, temp_;
  int fd_ = -1, lock_fd_ = -1;
  bool fresh_ = true;
};

}  // namespace

Result<ImportReport> import_files(const std::string& db_path, const std::vector<std::string>& files,
                                  const ImportOptions& options) {
  // Every input is checked before anything is written: a typo in the last name must not leave
  // the first ones imported.
  std::vector<Input> inputs;
  for (const std::string& f : files) {
    auto input = classify(f);
    if (!input.is_ok()) return input.status();
    inputs.push_back(std::move(*input));
  }
  TempDatabase temp;
  if (auto s = temp.create(db_path, !options.replace); !s) return s;
  ImportReport report;
  Writer w(options, report);
  if (auto s = w.open(temp.path(), temp.fresh()); !s) return s.with_context(db_path);
  for (size_t i = 0; i < files.size(); ++i) {
    if (auto s = import_one(w, files[i], inputs[i], options); !s) return s;
    if (options.on_file) options.on_file(files[i]);
  }
  if (auto s = w.finish(); !s) return s.with_context(db_path);
  if (auto s = temp.commit(db_path); !s) return s;
  return report;
}

std::string database_path(std::string_view flag,
                          const std::function<const char*(const char*)>& getenv) {
  if (!flag.empty()) return std::string(flag);
  auto env = [&](const char* name) -> std::string {
    const char* v = getenv ? getenv(name) : std::getenv(name);
    return v != nullptr ? std::string(v) : std::string();
  };
  if (std::string v = env("UPKEEP_DB"); !v.empty()) return v;
  if (std::string v = env("XDG_CACHE_HOME"); !v.empty() && v[0] == '/') {
    return v + "/upkeep/advisories.db";  // XDG: relative paths are invalid and ignored
  }
  if (std::string home = env("HOME"); !home.empty()) return home + "/.cache/upkeep/advisories.db";
  return "advisories.db";
}

}  // namespace upkeep::advisory
