// SPDX-License-Identifier: Apache-2.0
//
// rpm's database of installed packages, in the three storage formats rpm has used; each keeps
// one header blob per package (rpm_header.h), and the format is told by the file's content:
//
// - SQLite (rpm >= 4.16: RHEL/Alma/Rocky 9, Fedora >= 33, Amazon Linux 2023): rpmdb.sqlite,
//   table Packages(hnum INTEGER PRIMARY KEY, blob BLOB). Read with SQLite from a copy in memory
//   (sqlite3_deserialize, read-only, defensive mode), so it too goes through the target's Fs.
// - NDB (rpm's own format, SUSE since 15 SP3): Packages.db, in the writer's byte order
//   (little-endian but on s390x). A 32-byte header
//   ("RpmP", version 0, generation, number of 4 KiB slot pages), then the slot pages: 16-byte
//   slots ("Slot", package index, block offset, block count; index 0 = free) up to the end of
//   the slot pages. A package's blob sits at block offset x 16: a 16-byte head ("BlbS", package
//   index, generation, blob length), the blob, padding, and a 12-byte tail (Adler-32 of
//   everything from the head up to the tail, blob length, "BlbE") ending the block count x 16
//   bytes.
// - Berkeley DB hash (rpm < 4.16: RHEL/CentOS 7 and 8, Amazon Linux 2): Packages. Page 0 is the
//   hash metadata page (magic 0x061561 at byte 12, in the writer's byte order, which tells the
//   byte order of the file; page size at 20; last page number at 32). Hash pages (type 13, or 2
//   in old versions) hold an array of 16-bit item offsets after their 26-byte page header, in
//   key/data pairs; an item is a type byte and its bytes (H_KEYDATA, 1) or a reference to a
//   chain of overflow pages (H_OFFPAGE, 3: page number, total length), whose pages (type 7) each
//   hold "high free offset" bytes after their header and link to the next. Keys are package
//   numbers; key 0 holds rpm's instance counter, not a package.
//
// Each package: name, [epoch:]version-release, arch, the source RPM (SOURCERPM "openssl-3.0.8-
// 1.amzn2023.0.4.src.rpm" -> source openssl at the package's epoch and 3.0.8-1.amzn2023.0.4: the
// source header is not installed, and rpm builds every binary package at the source package's
// epoch), the license, and the installed packages that provide what it requires (file paths and
// rpmlib() capabilities are not resolved). gpg-pubkey "packages" are the signing keys rpm has
// imported, not software, and are not reported.
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/os/distro.h"
#include "inventory/os/rpm_header.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

constexpr std::string_view kPaths[] = {
    "/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite",
    "/var/lib/rpm/Packages.db",  "/usr/lib/sysimage/rpm/Packages.db",
    "/var/lib/rpm/Packages",     "/usr/lib/sysimage/rpm/Packages",
};

// What one header says about its package.
struct RpmPackage {
  std::string name, version, release, arch, source_rpm, license;
  std::optional<uint32_t> epoch;
  std::vector<std::string> required, provided;
};

// A header blob found in the database; `where` names it in messages ("row hnum=12"), and
// `offset` is its byte offset in the file when the format has one.
using BlobSink =
    std::function<void(std::string_view blob, const std::string& where, std::optional<uint64_t>)>;

// ---------------------------------------------------------------------------------------------
// Little helpers for the binary formats.

uint32_t le32(std::string_view s, size_t at) {
  unsigned char b[4];
  std::memcpy(b, s.data() + at, 4);
  return uint32_t{b[0]} | (uint32_t{b[1]} << 8) | (uint32_t{b[2]} << 16) | (uint32_t{b[3]} << 24);
}

// Berkeley DB stores numbers in the byte order of the machine that wrote the file.
struct ByteOrder {
  bool big = false;
  uint32_t u32(std::string_view s, size_t at) const {
    const uint32_t v = le32(s, at);
    return big ? __builtin_bswap32(v) : v;
  }
  uint16_t u16(std::string_view s, size_t at) const {
    const auto lo = static_cast<unsigned char>(s[at]);
    const auto hi = static_cast<unsigned char>(s[at + 1]);
    return big ? static_cast<uint16_t>((lo << 8) | hi) : static_cast<uint16_t>((hi << 8) | lo);
  }
};

uint32_t adler32(std::string_view data) {
  constexpr uint32_t kMod = 65521;
  uint32_t a = 1, b = 0;
  size_t i = 0;
  while (i < data.size()) {
    // 5552 bytes is the most that cannot overflow 32 bits before the modulo (zlib's NMAX).
    const size_t n = std::min<size_t>(5552, data.size() - i);
    for (size_t k = 0; k < n; ++k) {
      a += static_cast<unsigned char>(data[i + k]);
      b += a;
    }
    a %= kMod;
    b %= kMod;
    i += n;
  }
  return (b << 16) | a;
}

constexpr std::string_view kSqliteMagic = std::string_view("SQLite format 3\0", 16);
constexpr uint32_t kNdbMagic = 0x506d7052;      // "RpmP"
constexpr uint32_t kNdbSlotMagic = 0x746f6c53;  // "Slot"
constexpr uint32_t kNdbBlobHead = 0x53626c42;   // "BlbS"
constexpr uint32_t kNdbBlobTail = 0x45626c42;   // "BlbE"
constexpr uint32_t kBdbHashMagic = 0x00061561;
constexpr uint8_t kBdbHashMetaPage = 8;

enum class Format { kUnknown, kSqlite, kNdb, kBdb };

Format detect(std::string_view bytes) {
  if (bytes.starts_with(kSqliteMagic)) return Format::kSqlite;
  if (bytes.size() >= 4 &&
      (le32(bytes, 0) == kNdbMagic || __builtin_bswap32(le32(bytes, 0)) == kNdbMagic)) {
    return Format::kNdb;
  }
  if (bytes.size() >= 26) {
    const uint32_t m = le32(bytes, 12);
    if ((m == kBdbHashMagic || __builtin_bswap32(m) == kBdbHashMagic) &&
        static_cast<uint8_t>(bytes[25]) == kBdbHashMetaPage) {
      return Format::kBdb;
    }
  }
  return Format::kUnknown;
}

// ---------------------------------------------------------------------------------------------
// SQLite

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

// Bounds the work SQLite may do on a hostile file (a corrupt b-tree it cannot detect as such):
// far more than reading any real database takes.
constexpr int kSqliteProgressPeriod = 1000;
constexpr int kSqliteMaxProgressCalls = 200000;

void read_sqlite(std::string& bytes, const std::string& path, ExtractContext& ctx,
                 const BlobSink& sink) {
  // Byte 18 and 19 are the read and write format versions: 2 means write-ahead logging, which an
  // in-memory copy cannot do; as a rollback-journal database (1) the same pages read the same.
  if (bytes.size() >= 100 && (bytes[18] == 2 || bytes[19] == 2)) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    ctx.warn("cannot start SQLite: " + std::string(raw ? sqlite3_errmsg(raw) : "out of memory"));
    sqlite3_close(raw);
    return;
  }
  std::unique_ptr<sqlite3, SqliteCloser> db(raw);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  const int rc =
      sqlite3_deserialize(db.get(), "main", reinterpret_cast<unsigned char*>(bytes.data()),
                          static_cast<sqlite3_int64>(bytes.size()),
                          static_cast<sqlite3_int64>(bytes.size()), SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) {
    ctx.warn("not a readable SQLite database: " + std::string(sqlite3_errmsg(db.get())));
    return;
  }
  sqlite3_exec(db.get(), "PRAGMA cell_size_check = ON; PRAGMA query_only = ON;", nullptr, nullptr,
               nullptr);
  int progress_calls = 0;
  sqlite3_progress_handler(
      db.get(), kSqliteProgressPeriod,
      [](void* p) -> int { return ++*static_cast<int*>(p) > kSqliteMaxProgressCalls ? 1 : 0; },
      &progress_calls);
  sqlite3_stmt* raw_stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT hnum, blob FROM Packages", -1, &raw_stmt, nullptr) !=
      SQLITE_OK) {
    ctx.warn("not an rpm database (no Packages(hnum, blob) table): " +
             std::string(sqlite3_errmsg(db.get())));
    sqlite3_finalize(raw_stmt);
    return;
  }
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt(raw_stmt);
  for (;;) {
    const int step = sqlite3_step(stmt.get());
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) {
      ctx.warn("reading the Packages table stopped: " + std::string(sqlite3_errmsg(db.get())));
      break;
    }
    const std::string where =
        "Packages row hnum=" + std::to_string(sqlite3_column_int64(stmt.get(), 0));
    if (sqlite3_column_type(stmt.get(), 1) != SQLITE_BLOB) {
      ctx.warn(where + ": the blob column is not a BLOB");
      continue;
    }
    const void* data = sqlite3_column_blob(stmt.get(), 1);
    const int size = sqlite3_column_bytes(stmt.get(), 1);
    sink(std::string_view(static_cast<const char*>(data), data ? static_cast<size_t>(size) : 0),
         where, std::nullopt);
  }
  // A write-ahead log beside the database holds transactions not yet copied into it (rpm
  // checkpoints when it closes the database, so a non-empty one means rpm did not finish).
  const std::string wal = path + "-wal";
  if (auto info = ctx.fs().stat(wal); info.is_ok() && info->size > 0) {
    ctx.warn(wal + " holds " + std::to_string(info->size) +
             " bytes of changes not yet in the database, which are not read: packages installed "
             "or removed since may be missing or still listed");
  }
}

// ---------------------------------------------------------------------------------------------
// NDB

void read_ndb(std::string_view bytes, ExtractContext& ctx, const BlobSink& sink) {
  constexpr size_t kHeaderSize = 32, kSlotSize = 16, kPageSize = 4096, kBlockSize = 16;
  constexpr size_t kBlobHeadSize = 16, kBlobTailSize = 12;
  if (bytes.size() < kHeaderSize) {
    ctx.warn_at_offset("an NDB database shorter than its 32-byte header", bytes.size());
    return;
  }
  // In the byte order of the machine that wrote it (big-endian on s390x).
  ByteOrder order;
  order.big = le32(bytes, 0) != kNdbMagic;
  if (const uint32_t version = order.u32(bytes, 4); version != 0) {
    ctx.warn_at_offset("NDB version " + std::to_string(version) + " is not the known version 0", 4);
    return;
  }
  const uint64_t slot_pages = order.u32(bytes, 12);
  uint64_t slots_end = slot_pages * kPageSize;
  if (slot_pages == 0) {
    ctx.warn_at_offset("an NDB database without slot pages", 12);
    return;
  }
  if (slots_end > bytes.size()) {
    ctx.warn_at_offset("the " + std::to_string(slot_pages) +
                           " slot pages run past the end of the file (truncated?)",
                       12);
    slots_end = bytes.size() - bytes.size() % kSlotSize;
  }
  // rpm gives each package its own blocks: more block bytes than the file has means slots share
  // blocks, which would have every one of them checksummed and parsed again.
  uint64_t block_bytes = 0;
  for (uint64_t at = kHeaderSize; at + kSlotSize <= slots_end; at += kSlotSize) {
    if (order.u32(bytes, at) != kNdbSlotMagic) {
      ctx.warn_at_offset("a slot without its \"Slot\" magic; the slots after it are not read", at);
      return;
    }
    const uint32_t pkg = order.u32(bytes, at + 4);
    if (pkg == 0) continue;  // a free slot
    const uint64_t start = uint64_t{order.u32(bytes, at + 8)} * kBlockSize;
    const uint64_t size = uint64_t{order.u32(bytes, at + 12)} * kBlockSize;
    const std::string where = "package index " + std::to_string(pkg);
    if (size < kBlobHeadSize + kBlobTailSize || start + size > bytes.size() || start < slots_end) {
      ctx.warn_at_offset(where + ": its slot points outside the blob area", at);
      continue;
    }
    block_bytes += size;
    if (block_bytes > bytes.size()) {
      ctx.warn_at_offset(where +
                             ": its blocks overlap other packages'; the slots from here on "
                             "are not read",
                         at);
      return;
    }
    if (order.u32(bytes, start) != kNdbBlobHead || order.u32(bytes, start + 4) != pkg) {
      ctx.warn_at_offset(where + ": no blob head for this package where its slot points", start);
      continue;
    }
    const uint64_t blob_len = order.u32(bytes, start + 12);
    const uint64_t tail = start + size - kBlobTailSize;
    if (kBlobHeadSize + blob_len + kBlobTailSize > size) {
      ctx.warn_at_offset(where + ": a blob of " + std::to_string(blob_len) +
                             " bytes does not fit its " + std::to_string(size) + "-byte block",
                         start);
      continue;
    }
    if (order.u32(bytes, tail + 8) != kNdbBlobTail || order.u32(bytes, tail + 4) != blob_len) {
      ctx.warn_at_offset(where + ": the blob's tail is missing or disagrees on its length", tail);
      continue;
    }
    if (adler32(bytes.substr(start, tail - start)) != order.u32(bytes, tail)) {
      // Reported, and the blob still read: the header checks its own structure.
      ctx.warn_at_offset(where + ": the blob's checksum does not match (a damaged database)",
                         start);
    }
    sink(bytes.substr(start + kBlobHeadSize, blob_len), where, start + kBlobHeadSize);
  }
}

// ---------------------------------------------------------------------------------------------
// Berkeley DB hash

void read_bdb(std::string_view bytes, ExtractContext& ctx, const BlobSink& sink) {
  constexpr size_t kPageHeader = 26;
  constexpr uint8_t kPageHash = 13, kPageHashUnsorted = 2, kPageOverflow = 7;
  constexpr uint8_t kItemKeyData = 1, kItemOffPage = 3;
  if (bytes.size() < 72) {
    ctx.warn_at_offset("a Berkeley DB file shorter than its metadata page", bytes.size());
    return;
  }
  ByteOrder order;
  order.big = le32(bytes, 12) != kBdbHashMagic;
  const uint32_t page_size = order.u32(bytes, 20);
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) {
    ctx.warn_at_offset("a Berkeley DB page size of " + std::to_string(page_size), 20);
    return;
  }
  if (bytes[24] != 0) {
    ctx.warn_at_offset("an encrypted Berkeley DB database cannot be read", 24);
    return;
  }
  uint64_t pages = uint64_t{order.u32(bytes, 32)} + 1;
  if (pages * page_size > bytes.size()) {
    ctx.warn_at_offset("the database has " + std::to_string(pages) + " pages of " +
                           std::to_string(page_size) + " bytes, but the file ends at page " +
                           std::to_string(bytes.size() / page_size) + " (truncated?)",
                       32);
    pages = bytes.size() / page_size;
  }
  auto page_at = [&](uint64_t n) { return bytes.substr(n * page_size, page_size); };
  // An overflow page belongs to one item: items sharing a chain would copy it again and again.
  std::vector<bool> used(pages, false);
  std::string value;
  for (uint64_t n = 1; n < pages; ++n) {
    const std::string_view page = page_at(n);
    const auto type = static_cast<uint8_t>(page[25]);
    if (type != kPageHash && type != kPageHashUnsorted) continue;
    const uint16_t entries = order.u16(page, 20);
    const uint64_t page_offset = n * page_size;
    if (kPageHeader + uint64_t{entries} * 2 > page_size) {
      ctx.warn_at_offset("hash page " + std::to_string(n) + " claims " + std::to_string(entries) +
                             " items, more than fit in a page",
                         page_offset + 20);
      continue;
    }
    const size_t items_start = kPageHeader + size_t{entries} * 2;
    // Items are laid out from the end of the page down: item i ends where item i-1 starts.
    auto item = [&](size_t i) -> std::optional<std::string_view> {
      const size_t off = order.u16(page, kPageHeader + i * 2);
      const size_t stop = i == 0 ? page_size : order.u16(page, kPageHeader + (i - 1) * 2);
      if (off < items_start || off >= stop || stop > page_size) return std::nullopt;
      return page.substr(off, stop - off);
    };
    for (size_t i = 0; i + 1 < entries; i += 2) {
      const std::string where = "page " + std::to_string(n) + " item " + std::to_string(i / 2);
      const auto key = item(i);
      const auto data = item(i + 1);
      if (!key || !data) {
        ctx.warn_at_offset(where + ": an item offset outside the page",
                           page_offset + kPageHeader + i * 2);
        continue;
      }
      // Key 0 is rpm's counter of package numbers.
      if (key->size() == 5 && static_cast<uint8_t>((*key)[0]) == kItemKeyData &&
          le32(*key, 1) == 0) {
        continue;
      }
      const auto data_type = static_cast<uint8_t>((*data)[0]);
      if (data_type == kItemKeyData) {
        sink(data->substr(1), where, page_offset + (data->data() - page.data()) + 1);
        continue;
      }
      if (data_type != kItemOffPage || data->size() < 12) {
        ctx.warn_at_offset(
            where + ": an item of type " + std::to_string(data_type) + ", not a package header",
            page_offset + (data->data() - page.data()));
        continue;
      }
      uint64_t next = order.u32(*data, 4);
      const uint64_t total = order.u32(*data, 8);
      value.clear();
      uint64_t first = next;
      bool ok = true;
      while (next != 0) {
        // Each page at most once, which also ends a chain that loops.
        if (next >= pages || used[next]) {
          ok = false;
          break;
        }
        used[next] = true;
        const std::string_view ov = page_at(next);
        const uint16_t used = order.u16(ov, 22);
        if (static_cast<uint8_t>(ov[25]) != kPageOverflow || kPageHeader + used > page_size ||
            value.size() + used > total) {
          ok = false;
          break;
        }
        value.append(ov.substr(kPageHeader, used));
        next = order.u32(ov, 16);
      }
      if (!ok || value.size() != total) {
        ctx.warn_at_offset(where + ": its overflow pages (from page " + std::to_string(first) +
                               ") do not hold the " + std::to_string(total) + " bytes it claims",
                           page_offset + (data->data() - page.data()));
        continue;
      }
      sink(value, where, first * page_size + kPageHeader);
    }
    if (entries % 2 != 0) {
      ctx.warn_at_offset("hash page " + std::to_string(n) + " has an odd number of items",
                         page_offset + 20);
    }
  }
}

// ---------------------------------------------------------------------------------------------

// "openssl-3.0.8-1.amzn2023.0.4.src.rpm" -> name, version, release.
bool split_source_rpm(std::string_view s, std::string& name, std::string& version,
                      std::string& release) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (s.ends_with(suffix)) {
      s.remove_suffix(suffix.size());
      break;
    }
  }
  const size_t r = s.rfind('-');
  if (r == std::string_view::npos || r == 0) return false;
  const size_t v = s.rfind('-', r - 1);
  if (v == std::string_view::npos || v == 0 || v + 1 == r || r + 1 == s.size()) return false;
  name = std::string(s.substr(0, v));
  version = std::string(s.substr(v + 1, r - v - 1));
  release = std::string(s.substr(r + 1));
  return true;
}

bool plausible(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

class RpmDbExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "rpm-db"; }

  std::span<const std::string_view> fixed_locations() const override { return kPaths; }
  bool claims(const FileRef& file) const override {
    return std::find(std::begin(kPaths), std::end(kPaths), file.path) != std::end(kPaths);
  }

  // A database given directly: SQLite with a Packages table, NDB by its magic, and a Berkeley DB
  // hash only under rpm's name for it (rpm's index files are Berkeley DB hashes too).
  bool recognizes(std::string_view name, std::string_view head) const override {
    switch (detect(head)) {
      case Format::kSqlite:
        return head.find("Packages") != std::string_view::npos &&
               head.find("hnum") != std::string_view::npos;
      case Format::kNdb:
        return true;
      case Format::kBdb:
        return name.starts_with("Packages");
      case Format::kUnknown:
        break;
    }
    return false;
  }

  // rpm databases of large servers reach a few hundred megabytes.
  uint64_t max_file_size() const override { return 1ull << 30; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto bytes = ctx.fs().read_file(file.path, max_file_size());
    if (!bytes.is_ok()) {
      ctx.warn(bytes.status().message());
      return;
    }
    std::vector<RpmPackage> packages;
    auto sink = [&](std::string_view blob, const std::string& where,
                    std::optional<uint64_t> offset) {
      auto warn = [&](const std::string& message) {
        if (offset) {
          ctx.warn_at_offset(where + ": " + message, *offset);
        } else {
          ctx.warn(where + ": " + message);
        }
      };
      auto header = rpm::Header::parse(blob);
      if (!header.is_ok()) {
        warn("not a package header: " + header.status().message());
        return;
      }
      for (const std::string& p : header->problems())
        warn("header " + p);
      RpmPackage p;
      p.name = std::string(header->string(rpm::kTagName).value_or(""));
      p.version = std::string(header->string(rpm::kTagVersion).value_or(""));
      p.release = std::string(header->string(rpm::kTagRelease).value_or(""));
      if (p.name.empty() || p.version.empty() || p.release.empty()) {
        warn("a header without a name, version or release");
        return;
      }
      if (p.name == "gpg-pubkey") return;
      if (!plausible(p.name) || !plausible(p.version) || !plausible(p.release)) {
        warn("package " + (is_valid_utf8(p.name) ? p.name.substr(0, 80) : "(not valid UTF-8)") +
             " has an invalid name, version or release");
        if (!is_valid_utf8(p.name)) return;
      }
      p.epoch = header->int32(rpm::kTagEpoch);
      p.arch = std::string(header->string(rpm::kTagArch).value_or(""));
      p.source_rpm = std::string(header->string(rpm::kTagSourceRpm).value_or(""));
      if (p.source_rpm == "(none)") p.source_rpm.clear();
      p.license = std::string(header->string(rpm::kTagLicense).value_or(""));
      for (std::string_view r : header->string_array(rpm::kTagRequireName)) {
        if (!r.empty() && r.front() != '/' && !r.starts_with("rpmlib(")) p.required.emplace_back(r);
      }
      for (std::string_view r : header->string_array(rpm::kTagProvideName))
        p.provided.emplace_back(r);
      packages.push_back(std::move(p));
    };
    switch (detect(*bytes)) {
      case Format::kSqlite:
        read_sqlite(*bytes, std::string(file.path), ctx, sink);
        break;
      case Format::kNdb:
        read_ndb(*bytes, ctx, sink);
        break;
      case Format::kBdb:
        read_bdb(*bytes, ctx, sink);
        break;
      case Format::kUnknown:
        ctx.warn("not an rpm database: neither SQLite, NDB nor a Berkeley DB hash");
        return;
    }
    add_components(packages, file.path, ctx);
  }

 private:
  static void add_components(const std::vector<RpmPackage>& packages, std::string_view path,
                             ExtractContext& ctx) {
    const os::Distro distro = os::distro_from(os::find_os_release(ctx, path), "", "");
    std::unordered_map<std::string_view, std::string_view> satisfier;
    for (const RpmPackage& p : packages)
      satisfier.emplace(p.name, p.name);
    for (const RpmPackage& p : packages) {
      for (const std::string& n : p.provided)
        satisfier.emplace(n, p.name);
    }
    for (const RpmPackage& p : packages) {
      const std::string epoch = p.epoch ? std::to_string(*p.epoch) : std::string();
      const std::string prefix = p.epoch ? epoch + ":" : std::string();
      Component c;
      c.ecosystem = distro.ecosystem;
      c.name = p.name;
      c.version = prefix + p.version + "-" + p.release;
      c.arch = p.arch;
      std::string src_name, src_version, src_release;
      if (!p.source_rpm.empty() &&
          split_source_rpm(p.source_rpm, src_name, src_version, src_release)) {
        c.source_name = src_name;
        c.source_version = prefix + src_version + "-" + src_release;
      } else {
        if (!p.source_rpm.empty()) {
          ctx.warn("package " + p.name + " has a source RPM \"" +
                   (is_valid_utf8(p.source_rpm) ? p.source_rpm.substr(0, 80) : "(not UTF-8)") +
                   "\" that is not name-version-release.src.rpm");
        }
        c.source_name = p.name;
        c.source_version = c.version;
      }
      if (!p.license.empty()) c.licenses.push_back(p.license);
      purl::Purl purl{"rpm", distro.purl_namespace, p.name, p.version + "-" + p.release, {}, ""};
      purl.set_qualifier("arch", p.arch);
      purl.set_qualifier("epoch", epoch);
      purl.set_qualifier("distro", distro.purl_distro);
      c.purl = purl::to_string(purl);
      os::DependencyList deps(p.name);
      for (const std::string& r : p.required) {
        if (auto it = satisfier.find(r); it != satisfier.end()) deps.add(it->second);
      }
      c.dependencies = deps.take();
      ctx.add(std::move(c));
    }
  }
};

}  // namespace

const Extractor& rpm_db_extractor() {
  static const RpmDbExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
