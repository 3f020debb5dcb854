// SPDX-License-Identifier: Apache-2.0
//
// The import's zip reader (src/advisory/zip_reader.cc) on the fixtures of
// tools/gen/osv_zip_fixtures.py, against the tests' own libarchive reader; and the import on the
// zips it refuses (read by libarchive instead) or whose entries are broken.
#include "advisory/zip_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "advisory/store_testing.h"
#include "support/inventory_testing.h"
#include "support/zip_entries.h"
#include "upkeep/advisory_store.h"

namespace upkeep::advisory {
namespace {

using detail::ZipReader;
using upkeep::testing::TempDir;

std::string zip_fixture(const std::string& name) {
  return upkeep::testing::store_fixture("zip/" + name);
}

struct Read {
  std::vector<std::string> names;     // every entry
  std::vector<std::string> regular;   // regular entries
  std::vector<std::string> contents;  // their data, or "error: ..."
};

Read read_all(ZipReader& zip) {
  Read out;
  ZipReader::Entry e;
  std::string data;
  while (zip.next(e)) {
    out.names.push_back(e.name);
    if (!e.regular) continue;
    out.regular.push_back(e.name);
    const Status s = zip.read(e, data);
    out.contents.push_back(s ? data : "error: " + s.message());
  }
  return out;
}

TEST(ZipReader, ReadsWhatLibarchiveReads) {
  for (const char* name : {"plain.zip", "data_descriptors.zip", "zip64.zip", "comment.zip"}) {
    ZipReader zip;
    const Status opened = zip.open_file(zip_fixture(name));
    ASSERT_TRUE(opened) << name << ": " << opened.message();
    const Read got = read_all(zip);
    EXPECT_FALSE(zip.failed()) << name;
    std::vector<std::string> names, contents;
    for (const auto& e : upkeep::testing::read_zip_entries(zip_fixture(name))) {
      names.push_back(e.name);
      contents.push_back(e.data);
    }
    ASSERT_FALSE(names.empty()) << name;
    EXPECT_EQ(got.regular, names) << name;
    EXPECT_EQ(got.contents, contents) << name;
    EXPECT_EQ(zip.entries(), got.names.size()) << name;
  }
  // The directory and the symbolic link are entries, but not regular ones.
  ZipReader zip;
  ASSERT_TRUE(zip.open_file(zip_fixture("plain.zip")));
  EXPECT_EQ(
      read_all(zip).names,
      (std::vector<std::string>{"records/", "records/ZIP-2024-1.json", "records/ZIP-2024-2.json",
                                "records/link.json", "records/ZIP-2024-3.json"}));
  ZipReader empty;
  ASSERT_TRUE(empty.open_file(zip_fixture("empty.zip")));
  EXPECT_EQ(empty.entries(), 0u);
}

TEST(ZipReader, LeavesOtherLayoutsToLibarchive) {
  for (const char* name :
       {"truncated.zip", "bzip2.zip", "encrypted_flag.zip", "stub_before.zip", "wrong_count.zip"}) {
    ZipReader zip;
    const Status s = zip.open_file(zip_fixture(name));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << name << ": " << s.message();
  }
  ZipReader missing;
  EXPECT_EQ(missing.open_file(zip_fixture("no-such.zip")).code(), StatusCode::kIoError);
  for (const std::string& bytes :
       {std::string(), std::string("PK\x05\x06"), std::string(21, 'x')}) {
    ZipReader zip;
    EXPECT_FALSE(zip.open_memory(bytes));
  }
}

TEST(ZipReader, BrokenEntriesAreErrorsOfTheirOwn) {
  ZipReader crc;
  ASSERT_TRUE(crc.open_file(zip_fixture("bad_crc.zip")));
  const Read a = read_all(crc);
  ASSERT_EQ(a.contents.size(), 3u);
  EXPECT_EQ(a.contents[0].rfind("{\"id\": \"ZIP-2024-1\"", 0), 0u) << a.contents[0];
  EXPECT_EQ(a.contents[1], "error: CRC-32 mismatch");
  EXPECT_EQ(a.contents[2].rfind("{\"id\": \"ZIP-2024-3\"", 0), 0u) << a.contents[2];
  ZipReader deflate;
  ASSERT_TRUE(deflate.open_file(zip_fixture("bad_deflate.zip")));
  const Read b = read_all(deflate);
  ASSERT_EQ(b.contents.size(), 3u);
  EXPECT_EQ(b.contents[0], "error: corrupt deflate data");
  EXPECT_EQ(b.contents[1].rfind("{\"id\": \"ZIP-2024-2\"", 0), 0u) << b.contents[1];
}

// The same zips through `db import`: broken entries are problems naming the entry, the others
// imported; zips the reader leaves alone are read by libarchive as before.
TEST(ZipReader, ImportKeepsTheSoundEntries) {
  TempDir dir;
  auto r = import_files(dir / "a.db", {zip_fixture("bad_crc.zip"), zip_fixture("zip64.zip")});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->records_added, 3u);  // ZIP-2024-1..3 (2 from zip64.zip: bad in bad_crc.zip)
  EXPECT_EQ(r->records_kept, 2u);   // 1 and 3 again
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].entry, "records/ZIP-2024-2.json");
  EXPECT_EQ(r->problems[0].message, "cannot read the entry: CRC-32 mismatch");
  EXPECT_TRUE(r->problems[0].skipped);

  auto other = import_files(dir / "b.db", {zip_fixture("bzip2.zip"), zip_fixture("truncated.zip")});
  ASSERT_TRUE(other.is_ok()) << other.status().message();
  // bzip2.zip: 1 and 2; truncated.zip: the entries before the cut (1 and 2 again), and the one
  // it cuts reported.
  EXPECT_EQ(other->records_added, 2u);
  EXPECT_EQ(other->records_kept, 2u);
  EXPECT_TRUE(std::any_of(other->problems.begin(), other->problems.end(), [&](const auto& p) {
    return p.file == zip_fixture("truncated.zip") && p.entry == "records/ZIP-2024-3.json" &&
           p.message.find("cannot read the entry") != std::string::npos;
  }));
  auto store = Store::open(dir / "b.db");
  ASSERT_TRUE(store.is_ok());
  EXPECT_EQ(*(*store)->record_ids_for("PyPI", "pkg-1"), std::vector<std::string>{"ZIP-2024-1"});
}

// Every OSV zip of ../shared/data is read by ZipReader, not by the slower fallback.
TEST(ZipReader, TakesTheRealZips) {
  const std::string data = upkeep::testing::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no shared data (set UPKEEP_SHARED_DATA)";
  size_t zips = 0;
  for (const auto& e : std::filesystem::directory_iterator(data + "/osv")) {
    if (e.path().extension() != ".zip") continue;
    ZipReader zip;
    const Status s = zip.open_file(e.path().string());
    EXPECT_TRUE(s) << e.path() << ": " << s.message();
    ++zips;
  }
  EXPECT_GE(zips, 10u);
}

}  // namespace
}  // namespace upkeep::advisory
