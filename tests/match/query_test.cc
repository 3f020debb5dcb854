// SPDX-License-Identifier: Apache-2.0
//
// The query path: purls -> lookups (tests/fixtures/query/purls.txt), the prepared evaluation
// against Matcher::affecting (every fixture record, and the real records of ../shared/data/osv
// when present), and answers from a store imported from the fixtures.
#include "upkeep/query.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "advisory/store_testing.h"
#include "match/match_testing.h"
#include "support/inventory_testing.h"
#include "support/zip_entries.h"
#include "upkeep/advisory_store.h"
#include "upkeep/matcher.h"

namespace upkeep::match {
namespace {

using testing::fixture_path;
using testing::fixture_record;

std::string trim(std::string s) {
  const size_t b = s.find_first_not_of(" \t");
  const size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + sep.size())
    out.push_back(trim(s.substr(start, at - start)));
  out.push_back(trim(s.substr(start)));
  return out;
}

TEST(QueryForPurl, FixtureCases) {
  const std::string text =
      upkeep::testing::read_host_file(std::string(UPKEEP_FIXTURE_DIR) + "/query/purls.txt");
  ASSERT_FALSE(text.empty());
  std::istringstream in(text);
  std::string line;
  size_t accepted = 0, refused = 0;
  while (std::getline(in, line)) {
    if (trim(line).empty() || line.front() == '#') continue;
    const size_t ok = line.find(" -> ");
    const size_t bad = line.find(" !! ");
    if (ok != std::string::npos && (bad == std::string::npos || ok < bad)) {
      const std::string purl = trim(line.substr(0, ok));
      const auto fields = split(line.substr(ok + 4), " | ");
      ASSERT_EQ(fields.size() % 2, 1u) << line;
      auto q = query_for_purl(purl);
      ASSERT_TRUE(q.is_ok()) << purl << ": " << q.status().message();
      EXPECT_EQ(q->ecosystem, fields[0]) << purl;
      std::vector<std::string> got;
      for (const auto& n : q->names) {
        got.push_back(n.normalized);
        got.push_back(n.version);
      }
      EXPECT_EQ(got, std::vector<std::string>(fields.begin() + 1, fields.end())) << purl;
      ++accepted;
    } else {
      ASSERT_NE(bad, std::string::npos) << "fixture line without -> or !!: " << line;
      const std::string purl = trim(line.substr(0, bad));
      const std::string message = trim(line.substr(bad + 4));
      auto q = query_for_purl(purl);
      ASSERT_FALSE(q.is_ok()) << purl << " was accepted as " << q->ecosystem;
      EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument) << purl;
      EXPECT_NE(q.status().message().find(message), std::string::npos)
          << purl << ": " << q.status().message();
      ++refused;
    }
  }
  EXPECT_GE(accepted, 40u);
  EXPECT_GE(refused, 15u);
}

TEST(QueryForPurl, NotUtf8IsRefused) {
  for (const std::string& in :
       {std::string("pkg:pypi/caf\xe9@1.0"), std::string("pkg:pypi/django@3.2.1\xff"),
        std::string("pkg:deb/debian/x@1?distro=debian-12&arch=\xc0\x80")}) {
    auto q = query_for_purl(in);
    ASSERT_FALSE(q.is_ok()) << in;
    EXPECT_NE(q.status().message().find("UTF-8"), std::string::npos);
  }
  // Percent-encoded bytes that decode to no UTF-8 are the purl parser's to judge; whatever it
  // says, the answer is an answer.
  (void)query_for_purl("pkg:pypi/caf%E9@1.0");
}

TEST(QueryForPurl, HostileInputIsRefusedNotCrashed) {
  const std::vector<std::string> inputs = {
      std::string("pkg:pypi/dj\0ango@1.0", 21),
      std::string(100000, '@'),
      "pkg:" + std::string(100000, '/'),
      "pkg:pypi/" + std::string(70000, 'a') + "@1.0",
      "pkg:npm/%40@1.0",
      "pkg:npm/%40%40/%40@1.0",
      "pkg:deb/debian/x@1?distro=" + std::string(5000, '-'),
      "pkg:rpm/almalinux/x@1?distro=almalinux-9&epoch=" + std::string(3000, '9'),
      "pkg:deb/ubuntu/x@1?distro=esm-/",
      "pkg:deb/ubuntu/x@1?distro=esm-infra/",
      "pkg:deb/debian/x@1?distro=-",
      "pkg:apk/alpine/x@1?distro=alpine-",
      "\xff\xfe\xfd",
      "pkg:golang/%2F%2F@v1",
  };
  for (const auto& in : inputs) {
    auto q = query_for_purl(in);  // any answer; what matters is that it returns
    if (q.is_ok()) {
      EXPECT_FALSE(q->ecosystem.empty());
      EXPECT_FALSE(q->names.empty());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The prepared evaluation against Matcher::affecting.

// The versions worth asking about for one entry: its event and listed versions, neighbours of
// them, and a few invalid ones.
std::set<std::string> probe_versions(const advisory::Affected& a) {
  std::set<std::string> out = {"0",    "0.0.1",         "1", "1.0",     "1.0.0",
                               "99.0", "not a version", "",  "1:1.0-1", "v1.0.0"};
  auto add = [&](const std::string& v) {
    out.insert(v);
    out.insert(v + ".1");
    out.insert(v + "-0");
    out.insert(v + "~");
    out.insert(v + "rc1");
    out.insert("v" + v);
  };
  for (const auto& r : a.ranges) {
    for (const auto& e : r.events)
      add(e.version);
  }
  for (const auto& v : a.versions)
    add(v);
  return out;
}

// Every (ecosystem, name, probe version) of `records`: the engine must give what the matcher
// gives, unknown verdicts and their reasons included. Returns the number of points compared.
size_t expect_same_as_matcher(const std::vector<advisory::Record>& records, size_t max_points = 0) {
  MemoryIndex index;
  for (const auto& r : records)
    index.add(r);
  Matcher matcher(index);
  QueryEngine engine(index);
  std::map<std::pair<std::string, std::string>, std::set<std::string>> points;
  for (const auto& r : records) {
    for (const auto& a : r.affected) {
      auto& versions = points[{a.ecosystem, a.name}];
      auto probes = probe_versions(a);
      versions.insert(probes.begin(), probes.end());
    }
  }
  size_t compared = 0;
  for (const auto& [package, versions] : points) {
    for (const auto& v : versions) {
      if (max_points != 0 && compared >= max_points) return compared;
      std::vector<UnknownVerdict> want_unknown, got_unknown;
      auto want = matcher.affecting(package.first, package.second, v, &want_unknown);
      auto got = engine.affecting(package.first, package.second, v, &got_unknown);
      EXPECT_TRUE(want.is_ok() && got.is_ok());
      if (!want.is_ok() || !got.is_ok()) return compared;
      EXPECT_EQ(*got, *want) << package.first << " " << package.second << " " << v;
      EXPECT_EQ(got_unknown.size(), want_unknown.size())
          << package.first << " " << package.second << " " << v;
      for (size_t i = 0; i < std::min(got_unknown.size(), want_unknown.size()); ++i) {
        EXPECT_EQ(got_unknown[i].record, want_unknown[i].record);
        EXPECT_EQ(got_unknown[i].reason, want_unknown[i].reason);
      }
      ++compared;
    }
  }
  return compared;
}

TEST(QueryEngine, SameAsMatcherOnEveryFixtureRecord) {
  std::vector<advisory::Record> records;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_path(""))) {
    auto parsed =
        advisory::parse_osv_record(upkeep::testing::read_host_file(entry.path().string()));
    if (parsed.is_ok()) records.push_back(std::move(parsed->record));
  }
  ASSERT_GE(records.size(), 14u);
  EXPECT_GE(expect_same_as_matcher(records), 300u);
}

TEST(QueryEngine, SameAsMatcherOnRealRecords) {
  const std::string dir = upkeep::testing::shared_data_dir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not found";
  size_t total = 0;
  for (const char* zip : {"PyPI.zip", "Go.zip", "crates.io.zip", "AlmaLinux.zip", "Bitnami.zip",
                          "ghsa-sample.zip", "ubuntu-sample.zip", "debian-sample.zip"}) {
    std::string error;
    std::vector<advisory::Record> records;
    for (const auto& e : upkeep::testing::read_zip_entries(dir + "/osv/" + zip, &error)) {
      auto parsed = advisory::parse_osv_record(e.data);
      if (parsed.is_ok()) records.push_back(std::move(parsed->record));
    }
    // A bounded share of each zip keeps this under a few seconds (under ASan too); the
    // differential test covers the real data at scale.
    if (records.size() > 300) records.resize(300);
    total += expect_same_as_matcher(records, 20000);
  }
  if (total == 0) GTEST_SKIP() << "no OSV zips in " << dir << "/osv";
  EXPECT_GE(total, 10000u);
}

TEST(QueryEngine, WithdrawnRecordsAreNeverListed) {
  MemoryIndex index;
  index.add(fixture_record("withdrawn.json"));
  index.add(fixture_record("other_vuln.json"));
  QueryEngine engine(index);
  auto ids = engine.affecting("PyPI", "Example_Pkg", "1.0");
  ASSERT_TRUE(ids.is_ok());
  EXPECT_EQ(*ids, std::vector<std::string>{"GHSA-dddd-eeee-ffff"});
}

TEST(QueryEngine, UnknownVerdictsCarryTheirReason) {
  MemoryIndex index;
  index.add(fixture_record("invalid_event.json"));
  QueryEngine engine(index);
  std::vector<UnknownVerdict> unknowns;
  // 4.0.0: below the valid range, and the other range has an event semver rejects.
  auto ids = engine.affecting("Bitnami", "app", "4.0.0", &unknowns);
  ASSERT_TRUE(ids.is_ok());
  EXPECT_TRUE(ids->empty());
  ASSERT_EQ(unknowns.size(), 1u);
  EXPECT_EQ(unknowns[0].record, "BIT-example-2024-1");
  EXPECT_NE(unknowns[0].reason.find("nightly.2026-03-10.0"), std::string::npos);
  // 5.0.1 is in the valid range: affected, whatever the other range says.
  unknowns.clear();
  ids = engine.affecting("Bitnami", "app", "5.0.1", &unknowns);
  ASSERT_TRUE(ids.is_ok());
  EXPECT_EQ(*ids, std::vector<std::string>{"BIT-example-2024-1"});
  EXPECT_TRUE(unknowns.empty());
}

TEST(QueryEngine, AnswersStayTheSameWhenTheCacheOverflows) {
  MemoryIndex index;
  for (const char* f : {"pypi_ranges.json", "other_vuln.json", "later_vuln.json",
                        "ghsa_same_vuln.json", "go_stdlib.json", "unfixed.json"}) {
    index.add(fixture_record(f));
  }
  QueryEngine roomy(index);
  QueryEngine tight(index, QueryEngineOptions{1});
  const std::vector<std::tuple<std::string, std::string, std::string>> asks = {
      {"PyPI", "example-pkg", "1.1"}, {"Go", "stdlib", "v1.21.4"},
      {"PyPI", "example-pkg", "2.2"}, {"crates.io", "no_fix", "9.9.9"},
      {"Go", "stdlib", "1.20.12"},    {"PyPI", "example.pkg", "1.1"},
      {"PyPI", "absent", "1.0"},      {"PyPI", "example-pkg", "1.5"}};
  for (int round = 0; round < 2; ++round) {
    for (const auto& [eco, name, version] : asks) {
      auto a = roomy.affecting(eco, name, version);
      auto b = tight.affecting(eco, name, version);
      ASSERT_TRUE(a.is_ok() && b.is_ok());
      EXPECT_EQ(*a, *b) << eco << " " << name << " " << version;
    }
  }
  EXPECT_GT(tight.stats().cache_clears, 0u);
  EXPECT_EQ(roomy.stats().cache_clears, 0u);
  // The roomy engine looked each package up once ("example.pkg" is "example-pkg").
  EXPECT_EQ(roomy.stats().lookups, 4u);
  EXPECT_GT(tight.stats().lookups, roomy.stats().lookups);
}

// ---------------------------------------------------------------------------------------------
// Purls against a store imported from the fixtures.

class StoreQuery : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(fixture_path(""))) {
      files.push_back(entry.path().string());
    }
    auto report = advisory::import_files(dir_ / "adv.db", files);
    ASSERT_TRUE(report.is_ok()) << report.status().message();
    auto store = advisory::Store::open(dir_ / "adv.db");
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    store_ = std::move(*store);
    engine_ = std::make_unique<QueryEngine>(*store_);
    // The same store through the generic RecordSource path (records_for per package).
    generic_ = std::make_unique<QueryEngine>(static_cast<const RecordSource&>(*store_));
  }

  // The advisories for `purl`, or "error: ..." when it is refused.
  std::vector<std::string> ask(const std::string& purl) {
    auto q = query_for_purl(purl);
    if (!q.is_ok()) return {"error: " + q.status().message()};
    QueryAnswer answer, generic;
    Status s = engine_->answer(*q, answer);
    EXPECT_TRUE(s.is_ok()) << s.message();
    s = generic_->answer(*q, generic);
    EXPECT_TRUE(s.is_ok()) << s.message();
    EXPECT_EQ(answer.advisories, generic.advisories) << purl;
    EXPECT_EQ(answer.unknowns.size(), generic.unknowns.size()) << purl;
    std::vector<std::string> out = answer.advisories;
    for (const auto& u : answer.unknowns)
      out.push_back("unknown: " + u.record);
    return out;
  }

  upkeep::testing::TempDir dir_;
  std::unique_ptr<advisory::Store> store_;
  std::unique_ptr<QueryEngine> engine_;
  std::unique_ptr<QueryEngine> generic_;
};

using Ids = std::vector<std::string>;

TEST_F(StoreQuery, LanguageEcosystems) {
  // "example.pkg", "Example_Pkg" and "example-pkg" are one PyPI project; the withdrawn record
  // is left out.
  EXPECT_EQ(ask("pkg:pypi/example-pkg@1.1"),
            (Ids{"GHSA-aaaa-bbbb-cccc", "GHSA-dddd-eeee-ffff", "PYSEC-9999-1"}));
  EXPECT_EQ(ask("pkg:pypi/Example.Pkg@1.5.1"), (Ids{"GHSA-gggg-hhhh-iiii"}));
  EXPECT_EQ(ask("pkg:pypi/example-pkg@1.6"), Ids{});
  EXPECT_EQ(ask("pkg:pypi/example-pkg@2.3"), (Ids{"PYSEC-9999-1"}));  // last_affected
  EXPECT_EQ(ask("pkg:golang/stdlib@v1.21.4"), (Ids{"GO-9999-0001"}));
  EXPECT_EQ(ask("pkg:golang/stdlib@1.21.5"), Ids{});
  EXPECT_EQ(ask("pkg:golang/stdlib@v1.20.11"), (Ids{"GO-9999-0001"}));
  EXPECT_EQ(ask("pkg:cargo/no-fix@100.0.0"), (Ids{"GHSA-nofx-nofx-nofx"}));
  // Below one of the limits is enough (2.0.0 or 3.5.0).
  EXPECT_EQ(ask("pkg:npm/limited@2.5.0"), (Ids{"GHSA-limt-limt-limt"}));
  EXPECT_EQ(ask("pkg:npm/limited@3.5.0"), Ids{});
  EXPECT_EQ(ask("pkg:npm/star-limit@0.9.0"), Ids{});
  EXPECT_EQ(ask("pkg:npm/star-limit@99.0.0"), (Ids{"GHSA-limt-limt-limt"}));
  EXPECT_EQ(ask("pkg:bitnami/app@5.0.1"), (Ids{"BIT-example-2024-1"}));
  EXPECT_EQ(ask("pkg:bitnami/app@4.0.0"), (Ids{"unknown: BIT-example-2024-1"}));
  EXPECT_EQ(ask("pkg:pypi/example-pkg@not%20a%20version"),
            (Ids{"unknown: GHSA-aaaa-bbbb-cccc", "unknown: GHSA-dddd-eeee-ffff",
                 "unknown: GHSA-gggg-hhhh-iiii", "unknown: PYSEC-9999-1"}));
  EXPECT_EQ(ask("pkg:pypi/nothing-known@1.0"), Ids{});
}

TEST_F(StoreQuery, DistributionsByRelease) {
  // The epoch qualifier is part of the version: 1:3.0.7-26 is below the fix 1:3.0.7-27.
  EXPECT_EQ(ask("pkg:rpm/almalinux/openssl-libs@3.0.7-26.el9?distro=almalinux-9&epoch=1"),
            (Ids{"ALSA-9999:0001"}));
  EXPECT_EQ(ask("pkg:rpm/almalinux/openssl-libs@3.0.7-27.el9?distro=almalinux-9&epoch=1"), Ids{});
  EXPECT_EQ(ask("pkg:rpm/almalinux/openssl-libs@1:3.0.7-27.el9?distro=almalinux-9"), Ids{});
  // Without the epoch rpm reads epoch 0, which is below any 1: (as rpm itself would).
  EXPECT_EQ(ask("pkg:rpm/almalinux/openssl-libs@3.0.7-28.el9?distro=almalinux-9"),
            (Ids{"ALSA-9999:0001"}));
  // The AlmaLinux 8 entry of the same record, by release.
  EXPECT_EQ(ask("pkg:rpm/almalinux/openssl-libs@1.1.1k-12.el8_9?distro=almalinux-8.9&epoch=1"),
            Ids{});
  EXPECT_EQ(ask("pkg:rpm/almalinux/openssl-libs@1.1.1k-11.el8_9?distro=almalinux-8&epoch=1"),
            (Ids{"ALSA-9999:0001"}));
  EXPECT_EQ(ask("pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-12"),
            (Ids{"DEBIAN-CVE-9999-1000", "DSA-9999-1"}));
  EXPECT_EQ(ask("pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=bookworm"), Ids{});
  EXPECT_EQ(ask("pkg:deb/debian/openssl@1.1.1w-0+deb11u0?distro=debian-11"), (Ids{"DLA-9999-1"}));
  // A binary package asks by its source.
  EXPECT_EQ(ask("pkg:deb/debian/libssl3@3.0.11-1~deb12u1?distro=debian-12&upstream=openssl"),
            (Ids{"DEBIAN-CVE-9999-1000", "DSA-9999-1"}));
  EXPECT_EQ(ask("pkg:deb/debian/libssl3@3.0.11-1~deb12u1?distro=debian-12"), Ids{});
  ASSERT_EQ(ask("pkg:deb/debian/openssl@3.0.11-1~deb12u1").size(), 1u);
  EXPECT_EQ(ask("pkg:deb/debian/openssl@3.0.11-1~deb12u1")[0].rfind("error: ", 0), 0u);
}

TEST_F(StoreQuery, EachRecordIsReadOnceFromTheStore) {
  // ALSA-9999:0001 names openssl-libs for AlmaLinux 8 and 9: two packages, one record read.
  ask("pkg:rpm/almalinux/openssl-libs@3.0.7-26.el9?distro=almalinux-9&epoch=1");
  ask("pkg:rpm/almalinux/openssl-libs@1.1.1k-11.el8_9?distro=almalinux-8&epoch=1");
  ask("pkg:rpm/almalinux/openssl-libs@1.1.1k-10.el8_9?distro=almalinux-8&epoch=1");
  EXPECT_EQ(engine_->stats().lookups, 2u);
  EXPECT_EQ(engine_->stats().records_prepared, 1u);
  EXPECT_EQ(generic_->stats().records_prepared, 2u);
  EXPECT_EQ(engine_->stats().evaluations, 3u);
}

TEST_F(StoreQuery, EachNameOfAnRpmIsAskedOnce) {
  // Binary and source name both asked; the record lists the binary.
  EXPECT_EQ(ask("pkg:rpm/almalinux/openssl-libs@3.0.7-26.el9?distro=almalinux-9&epoch=1&"
                "upstream=openssl-3.0.7-26.el9.src.rpm"),
            (Ids{"ALSA-9999:0001"}));
}

// A QueryPool shares a batch out over several engines, each on its own thread and its own
// handle on the store; the answers must be those of one engine, each record still read once
// (packages are not split between engines, and these records name one release's packages), and
// a cache too small for a batch must not lose any.
TEST(QueryPool, SameAnswersOnSeveralThreadsOverRealRecords) {
  const std::string dir = upkeep::testing::shared_data_dir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data not found";
  // AlmaLinux: records naming hundreds of packages; crates.io: one package each.
  const std::vector<std::string> zips = {dir + "/osv/AlmaLinux.zip", dir + "/osv/crates.io.zip"};
  for (const auto& z : zips) {
    if (!std::filesystem::exists(z)) GTEST_SKIP() << z << " not found";
  }
  upkeep::testing::TempDir tmp;
  auto report = advisory::import_files(tmp / "adv.db", zips);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  auto opened = advisory::Store::open(tmp / "adv.db");
  ASSERT_TRUE(opened.is_ok()) << opened.status().message();
  const advisory::Store& store = **opened;

  // Up to 6,000 queries per zip from every other record's entries: a few of its event versions
  // and their neighbours.
  std::vector<Query> queries;
  std::string error;
  for (const auto& z : zips) {
    const size_t end = queries.size() + 6000;
    size_t n = 0;
    for (const auto& e : upkeep::testing::read_zip_entries(z, &error)) {
      if (n++ % 2 != 0) continue;
      auto parsed = advisory::parse_osv_record(e.data);
      if (!parsed.is_ok()) continue;
      for (const auto& a : parsed->record.affected) {
        const std::string name = advisory::normalize_package_name(a.ecosystem, a.name);
        size_t probes = 0;
        for (const auto& v : probe_versions(a)) {
          if (probes++ == 3 || queries.size() == end) break;
          queries.push_back(Query{a.ecosystem, {{name, v}}});
        }
      }
    }
  }
  ASSERT_GT(queries.size(), 7000u);

  QueryEngine one(store);
  QueryPool pool(store, 3);
  QueryPool tight(store, 2, QueryEngineOptions{.max_cached_records = 400});
  ASSERT_EQ(pool.threads(), 3u);
  ASSERT_EQ(tight.threads(), 2u);
  QueryAnswer want;
  std::vector<QueryAnswer> got, got_tight;
  size_t affected = 0;
  constexpr size_t kBatch = 1500;
  for (size_t begin = 0; begin < queries.size(); begin += kBatch) {
    const std::span<const Query> batch(queries.data() + begin,
                                       std::min(kBatch, queries.size() - begin));
    ASSERT_TRUE(pool.answer(batch, got).is_ok());
    ASSERT_TRUE(tight.answer(batch, got_tight).is_ok());
    ASSERT_EQ(got.size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      ASSERT_TRUE(one.answer(batch[i], want).is_ok());
      EXPECT_EQ(got[i].advisories, want.advisories)
          << batch[i].ecosystem << " " << batch[i].names[0].normalized;
      EXPECT_EQ(got_tight[i].advisories, want.advisories);
      ASSERT_EQ(got[i].unknowns.size(), want.unknowns.size());
      for (size_t u = 0; u < want.unknowns.size(); ++u) {
        EXPECT_EQ(got[i].unknowns[u].record, want.unknowns[u].record);
        EXPECT_EQ(got[i].unknowns[u].reason, want.unknowns[u].reason);
      }
      affected += !want.advisories.empty();
    }
  }
  EXPECT_GT(affected, 500u);
  EXPECT_EQ(pool.stats().lookups, one.stats().lookups);
  EXPECT_EQ(pool.stats().evaluations, one.stats().evaluations);
  EXPECT_GT(pool.stats().records_prepared, 0u);
  EXPECT_GT(tight.stats().cache_clears, 0u);
}

}  // namespace
}  // namespace upkeep::match
