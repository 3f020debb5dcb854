// SPDX-License-Identifier: Apache-2.0
//
// The store on the real OSV zips and KEV catalogue of ../shared/data. Expected numbers were
// derived with python3's zipfile and json modules, independently of upkeep:
//   an entry counts as a record when json.loads() gives an object with a non-empty string "id";
//   a record counts for an ecosystem when one of its affected entries has a package with a
//   string ecosystem and name (base = the part before the first ":").
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "advisory/sqlite.h"
#include "advisory/store_internal.h"
#include "advisory/store_testing.h"
#include "support/inventory_testing.h"
#include "support/zip_entries.h"
#include "upkeep/advisory_store.h"

namespace upkeep::advisory {
namespace {

using upkeep::testing::TempDir;

class RealData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string data = upkeep::testing::shared_data_dir();
    if (data.empty()) return;
    dir_ = new TempDir();
    for (const char* zip : {"AlmaLinux.zip", "Bitnami.zip", "Go.zip", "PSF-CPython.zip", "PyPI.zip",
                            "alpine-sample.zip", "crates.io.zip", "debian-sample.zip",
                            "ghsa-sample.zip", "ubuntu-sample.zip"}) {
      files_.push_back(data + "/osv/" + zip);
    }
    files_.push_back(data + "/kev/known_exploited_vulnerabilities.json");
    auto r = import_files(db(), files_);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    report_ = new ImportReport(std::move(r).value());
  }
  static void TearDownTestSuite() {
    delete report_;
    delete dir_;
    report_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (report_ == nullptr) GTEST_SKIP() << "no shared data (set UPKEEP_SHARED_DATA)";
    auto s = Store::open(db());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    store_ = std::move(s).value();
  }
  static std::string db() { return *dir_ / "adv.db"; }
  static std::vector<std::string> ids(const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const auto& r : records)
      out.push_back(r.id);
    return out;
  }

  static inline TempDir* dir_ = nullptr;
  static inline std::vector<std::string> files_;
  static inline ImportReport* report_ = nullptr;
  std::unique_ptr<Store> store_;
};

TEST_F(RealData, RecordCountsPerZipAndEcosystem) {
  // Entries: AlmaLinux 5637, Bitnami 7444, Go 4291, PSF-CPython 132, PyPI 2661, crates.io 1206,
  // ghsa-sample 45, ubuntu-sample 4 (all records); alpine-sample 7 entries of which 5 secdb
  // files without "id", debian-sample 7 of which 3 security-tracker files without "id".
  // Records: 5637+7444+4291+132+2661+2+1206+4+45+4 = 21426, all ids distinct; 8 entries skipped.
  EXPECT_EQ(report_->records_read, 21426u);
  EXPECT_EQ(report_->records_added, 21426u);
  EXPECT_EQ(*store_->record_count(), 21426u);
  const size_t skipped = std::count_if(report_->problems.begin(), report_->problems.end(),
                                       [](const ImportProblem& p) { return p.skipped; });
  EXPECT_EQ(skipped, 8u);
  // "withdrawn" present: Go 17, PyPI 10, crates.io 13.
  EXPECT_EQ(report_->withdrawn, 40u);
  EXPECT_EQ(report_->kev_entries, 1404u);

  std::map<std::string, uint64_t> counts;
  auto sources = store_->sources();  // a local: a range-for over *temporary would dangle
  ASSERT_TRUE(sources.is_ok());
  for (const auto& s : *sources)
    counts[s.name] = s.records;
  // Go: 4291 GO-* plus 6 GHSA records with Go packages; Debian: 4 DSA/DLA/DTSA plus
  // CVE-2024-10524 from the Alpine sample (packages in Alpine and Debian).
  const std::map<std::string, uint64_t> expected = {
      {"AlmaLinux", 5637}, {"Bitnami", 7444},     {"Go", 4297},    {"PyPI", 2661},
      {"crates.io", 1206}, {"npm", 22},           {"Maven", 6},    {"NuGet", 5},
      {"RubyGems", 3},     {"Packagist", 3},      {"Debian", 5},   {"Alpine", 2},
      {"Ubuntu", 4},       {"GitHub Actions", 1}, {"SwiftURL", 1}, {"KEV", 1404}};
  EXPECT_EQ(counts, expected);
}

TEST_F(RealData, RecordsByPackage) {
  // python: PyPI records with a package whose PEP 503 name is "django": 116.
  EXPECT_EQ(store_->records_for("PyPI", "django")->size(), 116u);
  EXPECT_EQ(ids(*store_->records_for("PyPI", "jw-util")),
            std::vector<std::string>{"PYSEC-2020-341"});  // written "jw.util"
  // RustSec records for smallvec (lower case, "_" as "-").
  EXPECT_EQ(*store_->record_ids_for("crates.io", "smallvec"),
            (std::vector<std::string>{"RUSTSEC-2018-0003", "RUSTSEC-2018-0018", "RUSTSEC-2019-0009",
                                      "RUSTSEC-2019-0012", "RUSTSEC-2021-0003"}));
  // AlmaLinux 9 openssl errata: 15, the first ALSA-2022:6224; no entry says plain "AlmaLinux".
  auto alma = store_->record_ids_for("AlmaLinux:9", "openssl");
  ASSERT_EQ(alma->size(), 15u);
  EXPECT_EQ(alma->front(), "ALSA-2022:6224");
  EXPECT_TRUE(store_->record_ids_for("AlmaLinux", "openssl")->empty());
  // GO-2022-0969 (HTTP/2 in stdlib and x/net), modified "0001-01-01T00:00:00Z" as written.
  auto go = store_->record("GO-2022-0969");
  ASSERT_TRUE(go.is_ok()) << go.status().message();
  EXPECT_EQ(go->modified, "0001-01-01T00:00:00Z");
  ASSERT_EQ(go->affected.size(), 2u);
  EXPECT_EQ(go->affected[0].name, "stdlib");
  EXPECT_EQ(go->affected[1].name, "golang.org/x/net");
  auto stdlib = store_->record_ids_for("Go", "stdlib");
  EXPECT_TRUE(std::binary_search(stdlib->begin(), stdlib->end(), "GO-2022-0969"));
  // GHSA jackson-databind (Maven coordinates as the name).
  auto maven = store_->record_ids_for("Maven", "com.fasterxml.jackson.core:jackson-databind");
  EXPECT_TRUE(std::find(maven->begin(), maven->end(), "GHSA-jjjh-jjxp-wpff") != maven->end());
  // The word-wrap quirk of the sample (ecosystem "GitHub Actions"): not under npm.
  EXPECT_TRUE(store_->record_ids_for("npm", "word-wrap")->empty());
}

TEST_F(RealData, AliasesBothWays) {
  // python: records listing CVE-2020-11978 in "aliases": BIT-airflow-2020-11978, PYSEC-2020-14.
  EXPECT_EQ(*store_->aliases_of("CVE-2020-11978"),
            (std::vector<std::string>{"BIT-airflow-2020-11978", "PYSEC-2020-14"}));
  EXPECT_EQ(*store_->aliases_of("GO-2022-0969"),
            (std::vector<std::string>{"CVE-2022-27664", "GHSA-69cg-p879-7622"}));
  EXPECT_EQ(*store_->aliases_of("CVE-2022-42003"), std::vector<std::string>{"GHSA-jjjh-jjxp-wpff"});
}

// The import against the full parser, record by record, with the zips read by the tests' own
// libarchive reader: every record's stored bytes, `modified` and withdrawn flag; the package
// index and the alias rows as whole sets, and record_ids_for for every package; the problems, in
// order. It holds whatever the import does inside (its zip reader, its lighter parse, threads),
// so it is what an optimised import must keep passing.
TEST_F(RealData, ImportStoresWhatTheFullParserReads) {
  struct Expected {
    std::string data, modified;
    bool withdrawn = false;
  };
  std::map<std::string, Expected> records;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> affected;
  std::set<std::pair<std::string, std::string>> aliases;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_package;
  std::vector<std::string> problems;
  auto problem = [&](const std::string& file, const std::string& entry, const std::string& where,
                     const std::string& message, bool skipped) {
    problems.push_back(file + " | " + entry + " | " + where + " | " + message +
                       (skipped ? " | skipped" : ""));
  };
  for (const std::string& file : files_) {
    if (file.ends_with(".json")) continue;  // the KEV catalogue
    std::string error;
    const auto entries = upkeep::testing::read_zip_entries(file, &error);
    ASSERT_FALSE(entries.empty()) << file << ": " << error;
    for (const auto& e : entries) {
      auto parsed = parse_osv_record(e.data);
      if (!parsed.is_ok()) {
        problem(file, e.name, "", parsed.status().message(), true);
        continue;
      }
      for (const auto& p : parsed->problems)
        problem(file, e.name, p.pointer, p.message, false);
      const Record& r = parsed->record;
      auto modified = detail::sortable_time(r.modified);
      if (!modified) {
        problem(file, e.name, "/modified",
                "not an RFC 3339 time: \"" + r.modified + "\" (the record counts as oldest)",
                false);
      }
      ASSERT_TRUE(
          records.emplace(r.id, Expected{e.data, modified.value_or(""), r.is_withdrawn()}).second)
          << r.id;  // the real ids are distinct (RecordCountsPerZipAndEcosystem)
      for (const Affected& a : r.affected) {
        const std::string name = normalize_package_name(a.ecosystem, a.name);
        if (affected.emplace(r.id, a.ecosystem, std::string(base_ecosystem(a.ecosystem)), name)
                .second) {
          by_package[{a.ecosystem, name}].push_back(r.id);
        }
      }
      for (const std::string& alias : r.aliases) {
        if (alias != r.id) aliases.emplace(r.id, alias);
      }
    }
  }
  ASSERT_EQ(records.size(), 21426u);

  detail::Db raw;
  ASSERT_TRUE(raw.open(db(), SQLITE_OPEN_READONLY));
  detail::Stmt q;
  ASSERT_TRUE(q.prepare(raw, "SELECT id, modified, withdrawn, data FROM records"));
  detail::Decompressor decompressor;
  std::string json;
  size_t stored = 0;
  while (q.step() == SQLITE_ROW) {
    ++stored;
    const std::string id(q.text(0));
    auto it = records.find(id);
    ASSERT_NE(it, records.end()) << id;
    EXPECT_EQ(q.text(1), it->second.modified) << id;
    EXPECT_EQ(q.int64(2) != 0, it->second.withdrawn) << id;
    ASSERT_TRUE(decompressor.decompress(q.blob(3), json)) << id;
    EXPECT_TRUE(json == it->second.data) << id << ": stored bytes differ";
  }
  EXPECT_EQ(stored, records.size());

  std::set<std::tuple<std::string, std::string, std::string, std::string>> stored_affected;
  ASSERT_TRUE(q.prepare(raw,
                        "SELECT r.id, a.ecosystem, a.base, a.name FROM affected a "
                        "JOIN records r ON r.rid = a.rid"));
  while (q.step() == SQLITE_ROW) {
    stored_affected.emplace(q.text(0), q.text(1), q.text(2), q.text(3));
  }
  EXPECT_TRUE(stored_affected == affected)
      << stored_affected.size() << " package rows stored, " << affected.size() << " expected";
  std::set<std::pair<std::string, std::string>> stored_aliases;
  ASSERT_TRUE(
      q.prepare(raw, "SELECT r.id, a.alias FROM aliases a JOIN records r ON r.rid = a.rid"));
  while (q.step() == SQLITE_ROW)
    stored_aliases.emplace(q.text(0), q.text(1));
  EXPECT_TRUE(stored_aliases == aliases)
      << stored_aliases.size() << " alias rows stored, " << aliases.size() << " expected";

  // What `scan` and `query` read: the ids per package, through the index.
  size_t mismatched = 0;
  for (auto& [key, ids] : by_package) {
    std::sort(ids.begin(), ids.end());
    auto got = store_->record_ids_for(key.first, key.second);
    ASSERT_TRUE(got.is_ok()) << got.status().message();
    if (*got != ids && ++mismatched <= 5) ADD_FAILURE() << key.first << " " << key.second;
  }
  EXPECT_EQ(mismatched, 0u);

  std::vector<std::string> reported;
  for (const ImportProblem& p : report_->problems) {
    if (p.file.ends_with(".json")) continue;
    reported.push_back(p.file + " | " + p.entry + " | " + p.location + " | " + p.message +
                       (p.skipped ? " | skipped" : ""));
  }
  EXPECT_EQ(reported, problems);
}

TEST_F(RealData, Kev) {
  auto log4j = store_->kev("CVE-2021-44228");
  ASSERT_TRUE(log4j.is_ok() && log4j->has_value());
  EXPECT_EQ((*log4j)->vendor, "Apache");
  EXPECT_EQ((*log4j)->product, "Log4j2");
  EXPECT_EQ((*log4j)->date_added, "2021-12-10");
  EXPECT_EQ((*log4j)->due_date, "2021-12-24");
  EXPECT_TRUE((*log4j)->ransomware);
}

TEST_F(RealData, ReimportIsIdempotent) {
  const std::string copy = *dir_ / "again.db";
  std::filesystem::copy_file(db(), copy);
  auto r = import_files(copy, files_);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->records_added, 0u);
  EXPECT_EQ(r->records_replaced, 0u);
  EXPECT_EQ(r->records_kept, 21426u);
  auto again = Store::open(copy);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*(*again)->record_count(), 21426u);
  EXPECT_EQ(*(*again)->record_ids_for("AlmaLinux:9", "openssl"),
            *store_->record_ids_for("AlmaLinux:9", "openssl"));
  EXPECT_EQ((*again)->sources()->size(), store_->sources()->size());
}

}  // namespace
}  // namespace upkeep::advisory
