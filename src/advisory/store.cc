// SPDX-License-Identifier: Apache-2.0
//
// Reading the advisory store. The live file is never written in place (imports rename a new
// file over it), so it is opened immutable: no locks, no journal checks, and an open Store keeps
// reading the file it opened even after an import replaced it.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "advisory/sqlite.h"
#include "advisory/store_internal.h"
#include "upkeep/advisory_store.h"
#include "upkeep/advisory_update.h"

namespace upkeep::advisory {
namespace {

using detail::Stmt;

// "file:" URI of a path, percent-encoding what a URI would otherwise read as syntax.
std::string file_uri(const std::string& path) {
  std::string out = "file:";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "?immutable=1";
}

}  // namespace

struct Store::Impl {
  detail::Db db;
  Stmt by_package, ids_by_package, by_id, aliases_forward, aliases_backward, kev, epss;
  detail::Decompressor decompressor;
  OsvParser parser;  // reused: allocating simdjson's buffers per record costs more than parsing
  std::string buffer;
  std::string epss_date;
  std::optional<int64_t> last_import;
  std::string path;
  dev_t device = 0;
  ino_t inode = 0;

  Status prepare(Stmt& stmt, std::string_view sql) {
    return stmt.prepared() ? Status::ok() : stmt.prepare(db, sql);
  }

  Result<Record> decode(std::string_view id, std::string_view blob) {
    if (auto s = decompressor.decompress(blob, buffer); !s) {
      return s.with_context("record " + std::string(id));
    }
    auto parsed = parser.parse(buffer);
    if (!parsed.is_ok()) {
      return Status::corruption("record " + std::string(id) + ": " + parsed.status().message());
    }
    return std::move(parsed->record);
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& db_path) {
  struct stat st {};
  if (::stat(db_path.c_str(), &st) != 0) {
    return Status::not_found("no advisory database at " + db_path + " (" + std::strerror(errno) +
                             "): run 'upkeep db update' or 'upkeep db import FILE...'");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = db_path;
  impl->device = st.st_dev;
  impl->inode = st.st_ino;
  if (auto s = impl->db.open(file_uri(db_path),
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX);
      !s) {
    return s.with_context(db_path);
  }
  Stmt meta;
  if (!meta.prepare(impl->db, "SELECT key, value FROM meta")) {
    return Status::corruption(db_path + ": not an upkeep advisory database");
  }
  std::string version;
  int rc;
  while ((rc = meta.step()) == SQLITE_ROW) {
    if (meta.text(0) == "schema_version") version = std::string(meta.text(1));
    if (meta.text(0) == "epss_date") impl->epss_date = std::string(meta.text(1));
    if (meta.text(0) == "last_import") {
      const std::string_view v = meta.text(1);
      int64_t seconds = 0;
      if (std::from_chars(v.data(), v.data() + v.size(), seconds).ec == std::errc()) {
        impl->last_import = seconds;
      }
    }
  }
  if (rc != SQLITE_DONE) return Status::corruption(db_path + ": " + meta.error().message());
  if (version != std::to_string(kStoreSchemaVersion)) {
    return Status::corruption(db_path + ": schema version " +
                              (version.empty() ? std::string("(none)") : version) +
                              ", this upkeep reads " + std::to_string(kStoreSchemaVersion) +
                              ": import again with 'upkeep db import --replace'");
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<std::unique_ptr<Store>> Store::open_again() const {
  auto other = open(impl_->path);
  if (!other.is_ok()) return other.status();
  // An import renames a new file over the path: the second handle must read the same file.
  if ((*other)->impl_->device != impl_->device || (*other)->impl_->inode != impl_->inode) {
    return Status::unsupported(impl_->path + ": replaced since it was opened (an import ran)");
  }
  return other;
}

Result<std::vector<Record>> Store::records_for(std::string_view ecosystem,
                                               std::string_view normalized_name) const {
  Impl& m = *impl_;
  if (auto s = m.prepare(m.by_package,
                         "SELECT r.id, r.data FROM affected a JOIN records r ON r.rid = a.rid "
                         "WHERE a.ecosystem = ?1 AND a.name = ?2 ORDER BY r.id");
      !s) {
    return s;
  }
  m.by_package.reset().bind_static(1, ecosystem).bind_static(2, normalized_name);
  std::vector<Record> out;
  int rc;
  while ((rc = m.by_package.step()) == SQLITE_ROW) {
    auto record = m.decode(m.by_package.text(0), m.by_package.blob(1));
    if (!record.is_ok()) {
      m.by_package.reset();
      return record.status();
    }
    out.push_back(std::move(record).value());
  }
  Status s = rc == SQLITE_DONE ? Status::ok() : m.by_package.error();
  m.by_package.reset();
  if (!s) return s;
  return out;
}

Status Store::for_each_record_of(
    std::string_view ecosystem, std::string_view normalized_name,
    const std::function<bool(std::string_view id)>& want,
    const std::function<void(std::string_view id, Record* record)>& fn) const {
  Impl& m = *impl_;
  if (auto s = m.prepare(m.by_package,
                         "SELECT r.id, r.data FROM affected a JOIN records r ON r.rid = a.rid "
                         "WHERE a.ecosystem = ?1 AND a.name = ?2 ORDER BY r.id");
      !s) {
    return s;
  }
  m.by_package.reset().bind_static(1, ecosystem).bind_static(2, normalized_name);
  int rc;
  while ((rc = m.by_package.step()) == SQLITE_ROW) {
    // The id is copied: decoding reuses the statement's buffers.
    const std::string id(m.by_package.text(0));
    if (!want(id)) {
      fn(id, nullptr);
      continue;
    }
    auto record = m.decode(id, m.by_package.blob(1));
    if (!record.is_ok()) {
      m.by_package.reset();
      return record.status();
    }
    fn(id, &*record);
  }
  Status s = rc == SQLITE_DONE ? Status::ok() : m.by_package.error();
  m.by_package.reset();
  return s;
}

Result<std::vector<std::string>> Store::record_ids_for(std::string_view ecosystem,
                                                       std::string_view normalized_name) const {
  Impl& m = *impl_;
  if (auto s = m.prepare(m.ids_by_package,
                         "SELECT r.id FROM affected a JOIN records r ON r.rid = a.rid "
                         "WHERE a.ecosystem = ?1 AND a.name = ?2 ORDER BY r.id");
      !s) {
    return s;
  }
  m.ids_by_package.reset().bind_static(1, ecosystem).bind_static(2, normalized_name);
  std::vector<std::string> out;
  int rc;
  while ((rc = m.ids_by_package.step()) == SQLITE_ROW)
    out.emplace_back(m.ids_by_package.text(0));
  Status s = rc == SQLITE_DONE ? Status::ok() : m.ids_by_package.error();
  m.ids_by_package.reset();
  if (!s) return s;
  return out;
}

Result<std::string> Store::record_json(std::string_view id) const {
  Impl& m = *impl_;
  if (auto s = m.prepare(m.by_id, "SELECT data FROM records WHERE id = ?1"); !s) return s;
  m.by_id.reset().bind_static(1, id);
  const int rc = m.by_id.step();
  if (rc != SQLITE_ROW) {
    Status s =
        rc == SQLITE_DONE ? Status::not_found("no record " + std::string(id)) : m.by_id.error();
    m.by_id.reset();
    return s;
  }
  std::string out;
  Status s = m.decompressor.decompress(m.by_id.blob(0), out);
  m.by_id.reset();
  if (!s) return s.with_context("record " + std::string(id));
  return out;
}

Result<Record> Store::record(std::string_view id) const {
  auto json = record_json(id);
  if (!json.is_ok()) return json.status();
  auto parsed = impl_->parser.parse(*json);
  if (!parsed.is_ok()) {
    return Status::corruption("record " + std::string(id) + ": " + parsed.status().message());
  }
  return std::move(parsed->record);
}

Result<std::vector<std::string>> Store::aliases_of(std::string_view id) const {
  Impl& m = *impl_;
  if (auto s = m.prepare(m.aliases_forward,
                         "SELECT a.alias FROM records r JOIN aliases a ON a.rid = r.rid "
                         "WHERE r.id = ?1");
      !s) {
    return s;
  }
  if (auto s = m.prepare(m.aliases_backward,
                         "SELECT r.id FROM aliases a JOIN records r ON r.rid = a.rid "
                         "WHERE a.alias = ?1");
      !s) {
    return s;
  }
  std::vector<std::string> out;
  for (Stmt* stmt : {&m.aliases_forward, &m.aliases_backward}) {
    stmt->reset().bind_static(1, id);
    int rc;
    while ((rc = stmt->step()) == SQLITE_ROW)
      out.emplace_back(stmt->text(0));
    Status s = rc == SQLITE_DONE ? Status::ok() : stmt->error();
    stmt->reset();
    if (!s) return s;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  out.erase(std::remove(out.begin(), out.end(), id), out.end());
  return out;
}

Result<std::optional<KevInfo>> Store::kev(std::string_view cve) const {
  Impl& m = *impl_;
  if (auto s = m.prepare(m.kev,
                         "SELECT vendor, product, name, date_added, due_date, ransomware "
                         "FROM kev WHERE cve = ?1");
      !s) {
    return s;
  }
  m.kev.reset().bind_static(1, cve);
  const int rc = m.kev.step();
  std::optional<KevInfo> out;
  if (rc == SQLITE_ROW) {
    out =
        KevInfo{std::string(cve),           std::string(m.kev.text(0)), std::string(m.kev.text(1)),
                std::string(m.kev.text(2)), std::string(m.kev.text(3)), std::string(m.kev.text(4)),
                m.kev.int64(5) != 0};
  }
  Status s = rc == SQLITE_ROW || rc == SQLITE_DONE ? Status::ok() : m.kev.error();
  m.kev.reset();
  if (!s) return s;
  return out;
}

Result<std::optional<EpssInfo>> Store::epss(std::string_view cve) const {
  Impl& m = *impl_;
  if (auto s = m.prepare(m.epss, "SELECT score, percentile FROM epss WHERE cve = ?1"); !s) return s;
  m.epss.reset().bind_static(1, cve);
  const int rc = m.epss.step();
  std::optional<EpssInfo> out;
  if (rc == SQLITE_ROW) out = EpssInfo{m.epss.real(0), m.epss.real(1), m.epss_date};
  Status s = rc == SQLITE_ROW || rc == SQLITE_DONE ? Status::ok() : m.epss.error();
  m.epss.reset();
  if (!s) return s;
  return out;
}

Result<std::vector<SourceStatus>> Store::sources() const {
  Stmt q;
  if (auto s = q.prepare(impl_->db,
                         "SELECT name, kind, records, newest, file, imported_at FROM sources "
                         "ORDER BY kind <> 'osv', kind, name");
      !s) {
    return s;
  }
  std::vector<SourceStatus> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    SourceStatus s;
    s.name = q.text(0);
    s.kind = q.text(1);
    s.records = static_cast<uint64_t>(q.int64(2));
    s.newest = q.text(3);
    s.file = q.text(4);
    s.imported_at = std::chrono::system_clock::time_point(std::chrono::seconds(q.int64(5)));
    out.push_back(std::move(s));
  }
  if (rc != SQLITE_DONE) return q.error();
  return out;
}

std::optional<std::chrono::seconds> Store::age(std::chrono::system_clock::time_point now) const {
  if (!impl_->last_import) return std::nullopt;
  const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(*impl_->last_import));
  return std::chrono::duration_cast<std::chrono::seconds>(now - at);
}

Result<uint64_t> Store::record_count() const {
  Stmt q;
  if (auto s = q.prepare(impl_->db, "SELECT COUNT(*) FROM records"); !s) return s;
  if (q.step() != SQLITE_ROW) return q.error();
  return static_cast<uint64_t>(q.int64(0));
}

// ---------------------------------------------------------------------------------------------
// End of life: the tables written by the import, read back as eol's types. Few and small
// queries, so the statements are prepared per call.

namespace {

std::optional<eol::Date> stored_date(std::string_view text) {
  return eol::parse_date(text);
}

eol::DateOrBool stored_date_or_bool(std::string_view text) {
  return eol::DateOrBool::from_string(text).value_or(eol::DateOrBool{});
}

}  // namespace

Result<std::vector<std::string>> Store::products_for(std::string_view kind,
                                                     std::string_view key) const {
  Stmt q;
  if (auto s = q.prepare(impl_->db,
                         "SELECT product FROM eol_identifiers WHERE kind = ?1 AND key = ?2 "
                         "ORDER BY product");
      !s) {
    return s;
  }
  q.bind(1, kind).bind(2, key);
  std::vector<std::string> out;
  if (Status s = q.each_row([&] { out.emplace_back(q.text(0)); }); !s) return s;
  return out;
}

Result<std::optional<eol::Product>> Store::product(std::string_view name) const {
  Stmt p, c, i;
  if (auto s = p.prepare(impl_->db, "SELECT title, category FROM eol_products WHERE name = ?1");
      !s) {
    return s;
  }
  p.bind(1, name);
  int rc = p.step();
  if (rc == SQLITE_DONE) return std::optional<eol::Product>();
  if (rc != SQLITE_ROW) return p.error();
  eol::Product out;
  out.name = std::string(name);
  out.title = p.text(0);
  out.category = p.text(1);
  if (auto s =
          c.prepare(impl_->db,
                    "SELECT cycle, codename, release_date, eol, eoas, eoes, lts, discontinued, "
                    "latest, latest_date, line FROM eol_cycles WHERE product = ?1 "
                    "ORDER BY position");
      !s) {
    return s;
  }
  c.bind(1, name);
  if (Status s = c.each_row([&] {
        eol::ReleaseCycle r;
        r.cycle = c.text(0);
        r.codename = c.text(1);
        r.release_date = stored_date(c.text(2));
        r.eol = stored_date_or_bool(c.text(3));
        r.eoas = stored_date_or_bool(c.text(4));
        r.eoes = stored_date_or_bool(c.text(5));
        r.lts = stored_date_or_bool(c.text(6));
        r.discontinued = stored_date_or_bool(c.text(7));
        r.latest = c.text(8);
        r.latest_date = stored_date(c.text(9));
        r.line = static_cast<uint64_t>(c.int64(10));
        out.cycles.push_back(std::move(r));
      });
      !s) {
    return s;
  }
  if (auto s = i.prepare(impl_->db,
                         "SELECT kind, value, key FROM eol_identifiers WHERE product = ?1 "
                         "ORDER BY kind, key");
      !s) {
    return s;
  }
  i.bind(1, name);
  if (Status s = i.each_row([&] {
        out.identifiers.push_back(
            {std::string(i.text(0)), std::string(i.text(1)), std::string(i.text(2))});
      });
      !s) {
    return s;
  }
  return std::optional<eol::Product>(std::move(out));
}

Result<std::vector<eol::DistroRelease>> Store::distro_releases(std::string_view distro) const {
  Stmt q;
  if (auto s = q.prepare(impl_->db,
                         "SELECT version, codename, series, created, released, eol, eol_lts, "
                         "eol_elts, eol_server, eol_esm, eol_legacy, line FROM distro_releases "
                         "WHERE distro = ?1 ORDER BY position");
      !s) {
    return s;
  }
  q.bind(1, distro);
  std::vector<eol::DistroRelease> out;
  if (Status s = q.each_row([&] {
        eol::DistroRelease r;
        r.distro = std::string(distro);
        r.version = q.text(0);
        r.codename = q.text(1);
        r.series = q.text(2);
        r.created = stored_date(q.text(3));
        r.release = stored_date(q.text(4));
        r.eol = stored_date(q.text(5));
        r.eol_lts = stored_date(q.text(6));
        r.eol_elts = stored_date(q.text(7));
        r.eol_server = stored_date(q.text(8));
        r.eol_esm = stored_date(q.text(9));
        r.eol_legacy = stored_date(q.text(10));
        r.line = static_cast<uint64_t>(q.int64(11));
        out.push_back(std::move(r));
      });
      !s) {
    return s;
  }
  return out;
}

Result<std::vector<eol::SupportEntry>> Store::support_entries(std::string_view release) const {
  // The release's own lists; a limited list that names no release stands in for the release's
  // own limited list when there is none (as eol::MemoryData does).
  Stmt q;
  if (auto s = q.prepare(impl_->db,
                         "SELECT kind, debian_release, package, last_version, date, note, line "
                         "FROM support_entries WHERE debian_release = ?1 OR (kind = 'limited' "
                         "AND debian_release = '' AND NOT EXISTS (SELECT 1 FROM support_entries "
                         "WHERE kind = 'limited' AND debian_release = ?1)) "
                         "ORDER BY kind, debian_release, position");
      !s) {
    return s;
  }
  q.bind(1, release);
  std::vector<eol::SupportEntry> out;
  if (Status s = q.each_row([&] {
        eol::SupportEntry e;
        e.kind = q.text(0) == "ended" ? eol::SupportEntry::Kind::kEnded
                                      : eol::SupportEntry::Kind::kLimited;
        e.release = q.text(1);
        e.package = q.text(2);
        e.last_version = q.text(3);
        e.date = stored_date(q.text(4));
        e.note = q.text(5);
        e.line = static_cast<uint64_t>(q.int64(6));
        // An ended entry without its date cannot be judged; the import never writes one.
        if (e.kind == eol::SupportEntry::Kind::kEnded && !e.date) return;
        out.push_back(std::move(e));
      });
      !s) {
    return s;
  }
  return out;
}

std::optional<std::pair<std::chrono::seconds, std::string>> oldest_osv_import(
    const Store& store, const std::string& db_path, std::chrono::system_clock::time_point now) {
  auto sources = store.sources();
  if (!sources.is_ok()) return std::nullopt;
  const auto confirmed = confirmed_current(db_path);
  std::optional<std::pair<std::chrono::seconds, std::string>> oldest;
  for (const SourceStatus& s : *sources) {
    if (s.kind != "osv") continue;
    auto current = s.imported_at;
    if (auto it = confirmed.find(s.name); it != confirmed.end() && it->second > current) {
      current = it->second;
    }
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - current);
    if (!oldest || age > oldest->first) oldest = {age, s.name};
  }
  return oldest;
}

}  // namespace upkeep::advisory
