// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>

#include "advisory/sqlite.h"
#include "advisory/store_internal.h"
#include "advisory/store_testing.h"
#include "support/inventory_testing.h"
#include "upkeep/advisory_store.h"

namespace upkeep::advisory {
namespace {

using upkeep::testing::make_gzip;
using upkeep::testing::make_zip;
using upkeep::testing::read_host_file;
using upkeep::testing::store_fixture;
using upkeep::testing::TempDir;
using upkeep::testing::write_file;

std::unique_ptr<Store> open_store(const std::string& path) {
  auto store = Store::open(path);
  EXPECT_TRUE(store.is_ok()) << store.status().message();
  return store.is_ok() ? std::move(store).value() : nullptr;
}

std::vector<std::string> ids_of(const std::vector<Record>& records) {
  std::vector<std::string> out;
  for (const auto& r : records)
    out.push_back(r.id);
  return out;
}

size_t skipped(const ImportReport& r) {
  return static_cast<size_t>(std::count_if(r.problems.begin(), r.problems.end(),
                                           [](const ImportProblem& p) { return p.skipped; }));
}

TEST(SortableTime, UtcWithNineFractionDigits) {
  EXPECT_EQ(detail::sortable_time("2024-01-01T00:00:00Z"), "2024-01-01T00:00:00.000000000Z");
  EXPECT_EQ(detail::sortable_time("2024-01-01T00:00:00.5Z"), "2024-01-01T00:00:00.500000000Z");
  EXPECT_EQ(detail::sortable_time("2024-01-01T01:00:00+02:00"), "2023-12-31T23:00:00.000000000Z");
  EXPECT_EQ(detail::sortable_time("2024-02-29t23:30:00-01:00"), "2024-03-01T00:30:00.000000000Z");
  EXPECT_EQ(detail::sortable_time("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00.000000000Z");
  for (const char* bad :
       {"", "yesterday", "2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z",
        "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zjunk", "2024-02-30T00:00:00Z"}) {
    EXPECT_FALSE(detail::sortable_time(bad).has_value()) << bad;
  }
  EXPECT_EQ(detail::display_time("2024-01-01T00:00:00.500000000Z"), "2024-01-01T00:00:00.5Z");
  EXPECT_EQ(detail::display_time("2024-01-01T00:00:00.000000000Z"), "2024-01-01T00:00:00Z");
}

TEST(DatabasePath, FlagThenEnvironmentThenXdgThenHome) {
  auto env = [](std::map<std::string, std::string> vars) {
    return [vars](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  };
  EXPECT_EQ(database_path("x.db", env({{"UPKEEP_DB", "/e.db"}})), "x.db");
  EXPECT_EQ(database_path("", env({{"UPKEEP_DB", "/e.db"}, {"XDG_CACHE_HOME", "/c"}})), "/e.db");
  EXPECT_EQ(database_path("", env({{"XDG_CACHE_HOME", "/c"}, {"HOME", "/h"}})),
            "/c/upkeep/advisories.db");
  // A relative XDG_CACHE_HOME is invalid per the XDG spec and ignored.
  EXPECT_EQ(database_path("", env({{"XDG_CACHE_HOME", "rel"}, {"HOME", "/h"}})),
            "/h/.cache/upkeep/advisories.db");
}

TEST(Store, MissingDatabaseIsNotFound) {
  TempDir dir;
  auto store = Store::open(dir / "none.db");
  ASSERT_FALSE(store.is_ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  write_file(dir / "junk.db", "not a database at all, but long enough to look like a file......");
  auto junk = Store::open(dir / "junk.db");
  ASSERT_FALSE(junk.is_ok());
  EXPECT_EQ(junk.status().code(), StatusCode::kCorruption);
}

TEST(Store, LaterModifiedWinsWhateverTheOrder) {
  TempDir dir;
  const std::string db = dir / "adv.db";
  // new, then old, then an offset time that is older in UTC: the new one stays.
  auto r1 = import_files(db, {store_fixture("store/pkg_new.json")});
  ASSERT_TRUE(r1.is_ok()) << r1.status().message();
  EXPECT_EQ(r1->records_added, 1u);
  auto r2 = import_files(
      db, {store_fixture("store/pkg_old.json"), store_fixture("store/pkg_older_offset.json")});
  ASSERT_TRUE(r2.is_ok()) << r2.status().message();
  EXPECT_EQ(r2->records_kept, 2u);
  EXPECT_EQ(r2->records_replaced, 0u);
  auto store = open_store(db);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->record("TEST-2024-1")->modified, "2024-01-01T00:00:00.5Z");
  EXPECT_EQ(store->record_ids_for("npm", "Baz")->size(), 1u);
  EXPECT_TRUE(store->record_ids_for("PyPI", "foo-bar")->empty());

  // old first, then new in the same import: replaced, and its index rows and aliases follow.
  const std::string db2 = dir / "adv2.db";
  auto r3 = import_files(db2, {store_fixture("store/pkg_old.json")});
  ASSERT_TRUE(r3.is_ok());
  {
    auto s = open_store(db2);
    EXPECT_EQ(ids_of(*s->records_for("PyPI", "foo-bar")), std::vector<std::string>{"TEST-2024-1"});
    EXPECT_EQ(*s->aliases_of("CVE-2024-0001"), std::vector<std::string>{"TEST-2024-1"});
  }
  auto r4 = import_files(db2, {store_fixture("store/pkg_new.json")});
  ASSERT_TRUE(r4.is_ok());
  EXPECT_EQ(r4->records_replaced, 1u);
  auto s = open_store(db2);
  EXPECT_TRUE(s->records_for("PyPI", "foo-bar")->empty());
  EXPECT_EQ(ids_of(*s->records_for("npm", "Baz")), std::vector<std::string>{"TEST-2024-1"});
  EXPECT_TRUE(s->aliases_of("CVE-2024-0001")->empty());
  EXPECT_EQ(*s->aliases_of("TEST-2024-1"), std::vector<std::string>{"CVE-2024-0002"});
  EXPECT_EQ(*s->record_count(), 1u);
}

// A second handle (for another thread) reads the same file, and is refused once an import has
// renamed a new file over the path: the two threads would answer from different data.
TEST(Store, OpenAgainReadsTheSameFileOrNothing) {
  TempDir dir;
  const std::string db = dir / "adv.db";
  ASSERT_TRUE(import_files(db, {store_fixture("store/pkg_old.json")}).is_ok());
  auto store = open_store(db);
  ASSERT_TRUE(store);
  auto again = store->open_again();
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(ids_of(*(*again)->records_for("PyPI", "foo-bar")),
            std::vector<std::string>{"TEST-2024-1"});
  ASSERT_TRUE(import_files(db, {store_fixture("store/pkg_new.json")}).is_ok());
  auto after = store->open_again();
  ASSERT_FALSE(after.is_ok());
  EXPECT_NE(after.status().message().find("replaced"), std::string::npos);
  // Both earlier handles still read the file they opened.
  EXPECT_EQ(store->records_for("PyPI", "foo-bar")->size(), 1u);
  EXPECT_EQ((*again)->records_for("PyPI", "foo-bar")->size(), 1u);
}

TEST(Store, LookupsByVariantAliasesAndRecordText) {
  TempDir dir;
  const std::string db = dir / "adv.db";
  auto r =
      import_files(db, {store_fixture("store/pkg_old.json"), store_fixture("store/debian.json"),
                        store_fixture("store/withdrawn.json")});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->records_added, 3u);
  EXPECT_EQ(r->withdrawn, 1u);
  EXPECT_EQ(r->ecosystems, (std::vector<std::string>{"Debian", "PyPI", "crates.io"}));
  auto store = open_store(db);
  ASSERT_TRUE(store);
  // Names are looked up normalised: "Foo_Bar" is stored as PEP 503's "foo-bar".
  EXPECT_EQ(ids_of(*store->records_for("PyPI", "foo-bar")),
            std::vector<std::string>{"TEST-2024-1"});
  EXPECT_TRUE(store->records_for("PyPI", "Foo_Bar")->empty());
  // Exact variants: Debian:12 and Debian:11 each find the record, plain Debian and Debian:10 not.
  EXPECT_EQ(store->records_for("Debian:12", "openssl")->size(), 1u);
  EXPECT_EQ(store->records_for("Debian:11", "openssl")->size(), 1u);
  EXPECT_TRUE(store->records_for("Debian", "openssl")->empty());
  EXPECT_TRUE(store->records_for("Debian:10", "openssl")->empty());
  // Withdrawn records are returned (flagged); the matcher drops them.
  auto withdrawn = store->records_for("crates.io", "small-vec");
  ASSERT_EQ(withdrawn->size(), 1u);
  EXPECT_TRUE((*withdrawn)[0].is_withdrawn());
  // Aliases both ways: CVE-2024-0001 is listed by two records.
  EXPECT_EQ(*store->aliases_of("CVE-2024-0001"),
            (std::vector<std::string>{"TEST-2024-1", "TEST-2024-2"}));
  EXPECT_EQ(*store->aliases_of("TEST-2024-2"), std::vector<std::string>{"CVE-2024-0001"});
  EXPECT_TRUE(store->aliases_of("CVE-1999-9999")->empty());
  // The stored text is the imported bytes.
  EXPECT_EQ(*store->record_json("TEST-2024-2"), read_host_file(store_fixture("store/debian.json")));
  EXPECT_EQ(store->record("NOPE-1").status().code(), StatusCode::kNotFound);
  // db status: one source per base ecosystem.
  auto sources = store->sources();
  ASSERT_TRUE(sources.is_ok());
  ASSERT_EQ(sources->size(), 3u);
  EXPECT_EQ((*sources)[0].name, "Debian");
  EXPECT_EQ((*sources)[0].records, 1u);
  EXPECT_EQ((*sources)[0].newest, "2024-02-01T00:00:00Z");
  EXPECT_EQ((*sources)[0].file, store_fixture("store/debian.json"));
}

TEST(Store, ArraysDirectoriesAndBrokenFilesAreReportedNotFatal) {
  TempDir dir;
  const std::string db = dir / "adv.db";
  auto r = import_files(
      db, {store_fixture("store/array.json"), store_fixture("store/dir"),
           store_fixture("store/not_a_record.json"), store_fixture("store/bad_modified.json")});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  // array: 2 of 3 elements; dir: a.json and sub/b.json, sub/broken.json reported, README.md
  // ignored; not_a_record: reported; bad_modified: kept, with a problem.
  EXPECT_EQ(r->records_added, 5u);
  EXPECT_EQ(skipped(*r), 3u);
  const auto broken = std::find_if(r->problems.begin(), r->problems.end(), [](const auto& p) {
    return p.file.find("broken.json") != std::string::npos;
  });
  ASSERT_NE(broken, r->problems.end());
  EXPECT_NE(broken->message.find("line"), std::string::npos) << broken->message;
  const auto bad_time = std::find_if(r->problems.begin(), r->problems.end(),
                                     [](const auto& p) { return p.location == "/modified"; });
  ASSERT_NE(bad_time, r->problems.end());
  EXPECT_FALSE(bad_time->skipped);
  auto store = open_store(db);
  EXPECT_EQ(store->records_for("Maven", "org.example:lib")->size(), 2u);
  EXPECT_EQ(store->records_for("NuGet", "newtonsoft.json")->size(), 1u);
  EXPECT_EQ(store->records_for("Packagist", "guzzle/guzzle")->size(), 1u);
  EXPECT_EQ(store->records_for("RubyGems", "rack")->size(), 1u);
}

TEST(Store, UnknownOrMissingInputLeavesTheDatabaseUntouched) {
  TempDir dir;
  const std::string db = dir / "adv.db";
  ASSERT_TRUE(import_files(db, {store_fixture("store/pkg_old.json")}).is_ok());
  const std::string before = read_host_file(db);
  auto unknown =
      import_files(db, {store_fixture("store/debian.json"), store_fixture("store/unknown.txt")});
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("unknown.txt"), std::string::npos);
  auto missing = import_files(db, {store_fixture("store/debian.json"), dir / "nope.zip"});
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(read_host_file(db), before);
  // No temporary file is left behind.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    files += e.path().filename().string().find(".tmp-") != std::string::npos;
  }
  EXPECT_EQ(files, 0u);
}

TEST(Store, ZipEntriesByContentWithBrokenHugeAndHostileNames) {
  TempDir dir;
  const std::string good = read_host_file(store_fixture("store/pkg_old.json"));
  const std::string debian = read_host_file(store_fixture("store/debian.json"));
  std::string huge = read_host_file(store_fixture("store/withdrawn.json"));
  huge.insert(huge.size() - 2, ", \"details\": \"" + std::string(3 << 20, 'x') + "\"");
  write_file(dir / "feed.zip",
             make_zip({{"dir/", ""},
                       {"TEST-2024-1.json", good},
                       {"broken.json", good.substr(0, good.size() / 2)},
                       {"../../../../tmp/upkeep-zip-slip.json", debian},  // a name, nothing more
                       {"/etc/absolute.json", "[1, 2"},
                       {"huge.json", huge},
                       {"empty.json", ""},
                       {"invalid-utf8.json", "{\"id\": \"X\xff\"}"}}));
  ImportOptions options;
  options.max_record_bytes = 1 << 20;
  auto r = import_files(dir / "adv.db", {dir / "feed.zip"}, options);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->records_added, 2u);  // TEST-2024-1, and TEST-2024-2 whatever its entry's name
  EXPECT_EQ(skipped(*r), 5u);       // broken, absolute, huge, empty, invalid UTF-8
  const auto huge_problem = std::find_if(r->problems.begin(), r->problems.end(),
                                         [](const auto& p) { return p.entry == "huge.json"; });
  ASSERT_NE(huge_problem, r->problems.end());
  EXPECT_NE(huge_problem->message.find("limit"), std::string::npos);
  struct stat st {};
  EXPECT_NE(::stat("/tmp/upkeep-zip-slip.json", &st), 0);
  auto store = open_store(dir / "adv.db");
  EXPECT_EQ(store->records_for("Debian:12", "openssl")->size(), 1u);

  // A truncated zip: the entries before the cut are kept, the damage reported.
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 50; ++i) {
    std::string rec = good;
    rec.replace(rec.find("TEST-2024-1"), 11, "TEST-9-" + std::to_string(i));
    many.emplace_back("r" + std::to_string(i) + ".json", rec);
  }
  const std::string zip = make_zip(many);
  write_file(dir / "cut.zip", zip.substr(0, zip.size() / 2));
  auto cut = import_files(dir / "cut.db", {dir / "cut.zip"});
  ASSERT_TRUE(cut.is_ok()) << cut.status().message();
  EXPECT_GT(cut->records_added, 10u);
  EXPECT_LT(cut->records_added, 50u);
  EXPECT_GE(skipped(*cut), 1u);
}

TEST(Store, KevAndEpssImportedReplacedAndNeverDowngraded) {
  TempDir dir;
  const std::string db = dir / "adv.db";
  auto r = import_files(db, {store_fixture("kev/small.json"), store_fixture("epss/small.csv")});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->kev_entries, 2u);
  EXPECT_EQ(r->epss_scores, 4u);
  EXPECT_EQ(skipped(*r), 2u);  // the two broken KEV entries
  {
    auto store = open_store(db);
    auto kev = store->kev("CVE-2021-44228");
    ASSERT_TRUE(kev.is_ok() && kev->has_value());
    EXPECT_EQ((*kev)->due_date, "2021-12-24");
    EXPECT_TRUE((*kev)->ransomware);
    EXPECT_FALSE(store->kev("CVE-1999-0001")->has_value());
    auto epss = store->epss("CVE-2023-4966");
    ASSERT_TRUE(epss.is_ok() && epss->has_value());
    EXPECT_DOUBLE_EQ((*epss)->score, 0.96803);
    EXPECT_EQ((*epss)->date, "2024-06-01T00:00:00+0000");
  }
  // Older catalogue and scores: refused with a problem, the stored ones kept.
  auto older = import_files(db, {store_fixture("kev/older.json"), store_fixture("epss/older.csv")});
  ASSERT_TRUE(older.is_ok());
  EXPECT_EQ(older->kev_entries, 0u);
  EXPECT_EQ(older->epss_scores, 0u);
  {
    auto store = open_store(db);
    EXPECT_FALSE(store->kev("CVE-2022-0001")->has_value());
    EXPECT_DOUBLE_EQ((*store->epss("CVE-2021-44228"))->score, 0.97565);
  }
  // Newer scores (gzipped) replace the whole set.
  write_file(dir / "epss.csv.gz", make_gzip(read_host_file(store_fixture("epss/bad_rows.csv"))));
  auto newer = import_files(db, {dir / "epss.csv.gz"});
  ASSERT_TRUE(newer.is_ok()) << newer.status().message();
  EXPECT_EQ(newer->epss_scores, 2u);
  auto store = open_store(db);
  EXPECT_FALSE(store->epss("CVE-2023-4966")->has_value());
  EXPECT_TRUE(store->epss("CVE-2021-44235")->has_value());
  auto sources = store->sources();
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].name, "EPSS");
  EXPECT_EQ((*sources)[0].newest, "2024-06-02T00:00:00+0000");
  EXPECT_EQ((*sources)[1].name, "KEV");
  EXPECT_EQ((*sources)[1].records, 2u);
}

TEST(Store, LargeGzippedEpss) {
  TempDir dir;
  std::string text =
      "#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\n"
      "cve,epss,percentile\n";
  for (int i = 0; i < 250000; ++i) {
    text += "CVE-2024-" + std::to_string(100000 + i) + ",0.0" + std::to_string(i % 1000) + ",0." +
            std::to_string(i % 100) + "\n";
  }
  write_file(dir / "epss.csv.gz", make_gzip(text));
  auto r = import_files(dir / "adv.db", {dir / "epss.csv.gz"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->epss_scores, 250000u);
  auto store = open_store(dir / "adv.db");
  auto e = store->epss("CVE-2024-100023");  // i = 23: "0.0" "23", "0." "23"
  ASSERT_TRUE(e.is_ok() && e->has_value());
  EXPECT_DOUBLE_EQ((*e)->score, 0.023);
  EXPECT_DOUBLE_EQ((*e)->percentile, 0.23);
}

TEST(Store, AgeAndImportTimeArePinned) {
  TempDir dir;
  ImportOptions options;
  options.now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  ASSERT_TRUE(import_files(dir / "adv.db", {store_fixture("store/pkg_old.json")}, options).is_ok());
  auto store = open_store(dir / "adv.db");
  const auto later = options.now + std::chrono::hours(50);
  EXPECT_EQ(store->age(later), std::chrono::seconds(50 * 3600));
  EXPECT_EQ((*store->sources())[0].imported_at, options.now);
}

TEST(Store, ReplaceStartsEmptyAndOtherSchemasAreRefused) {
  TempDir dir;
  const std::string db = dir / "adv.db";
  ASSERT_TRUE(import_files(db, {store_fixture("store/pkg_old.json")}).is_ok());
  ImportOptions replace;
  replace.replace = true;
  ASSERT_TRUE(import_files(db, {store_fixture("store/debian.json")}, replace).is_ok());
  auto store = open_store(db);
  EXPECT_EQ(*store->record_count(), 1u);
  EXPECT_EQ(store->record("TEST-2024-1").status().code(), StatusCode::kNotFound);
  // A database of another kind is not written over unless asked.
  write_file(dir / "other.db", read_host_file(db));
  {
    detail::Db raw;
    ASSERT_TRUE(raw.open(dir / "other.db", SQLITE_OPEN_READWRITE).is_ok());
    ASSERT_TRUE(raw.exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'").is_ok());
  }
  EXPECT_EQ(Store::open(dir / "other.db").status().code(), StatusCode::kCorruption);
  auto refused = import_files(dir / "other.db", {store_fixture("store/pkg_old.json")});
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.status().message().find("--replace"), std::string::npos);
  EXPECT_TRUE(
      import_files(dir / "other.db", {store_fixture("store/pkg_old.json")}, replace).is_ok());
}

}  // namespace
}  // namespace upkeep::advisory
