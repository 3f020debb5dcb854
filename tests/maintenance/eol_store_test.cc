// SPDX-License-Identifier: Apache-2.0
//
// `db import` of end-of-life inputs made from the fixtures of tests/fixtures/eol: how each is
// recognised (zip entries, CSV header, list name or first line), what a later import replaces,
// and the problems a broken input leaves (file, entry, line).
#include <gtest/gtest.h>

#include <filesystem>

#include "advisory/store_testing.h"
#include "maintenance/eol_testing.h"
#include "support/inventory_testing.h"
#include "upkeep/advisory_store.h"
#include "upkeep/eol.h"

namespace upkeep::eol {
namespace {

namespace fs = std::filesystem;
using upkeep::testing::make_zip;
using upkeep::testing::read_host_file;
using upkeep::testing::TempDir;
using upkeep::testing::write_file;

using testing::fixture;
using testing::fixture_path;

class EolStoreTest : public ::testing::Test {
 protected:
  Result<advisory::ImportReport> import(const std::vector<std::string>& files) {
    return advisory::import_files(db_, files);
  }
  std::unique_ptr<advisory::Store> open() {
    auto store = advisory::Store::open(db_);
    EXPECT_TRUE(store.is_ok()) << store.status().message();
    return store.is_ok() ? std::move(*store) : nullptr;
  }
  std::string problems_text(const advisory::ImportReport& r) {
    std::string out;
    for (const auto& p : r.problems) {
      out += p.file + " | " + p.entry + " | " + p.location + " | " + p.message +
             (p.skipped ? " (skipped)\n" : "\n");
    }
    return out;
  }

  TempDir dir_;
  std::string db_ = dir_ / "adv.db";
};

TEST_F(EolStoreTest, ProductsZipOfPagesWithProblems) {
  const std::string zip = dir_ / "products.zip";
  write_file(zip, make_zip({{"tinydb.md", fixture("product/tinydb.md")},
                            {"bad-fields.md", fixture("product/bad-fields.md")},
                            {"broken-yaml.md", fixture("product/broken-yaml.md")}}));
  auto r = import({zip});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->eol_products, 2u);
  EXPECT_EQ(r->eol_cycles, 5u);
  EXPECT_EQ(r->records_read, 0u);
  const std::string problems = problems_text(*r);
  EXPECT_NE(problems.find(zip + " | broken-yaml.md |  | line 5, column 4: not valid YAML"),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find(zip + " | bad-fields.md | line 16 | cycle 1: eol is neither"),
            std::string::npos)
      << problems;
  EXPECT_EQ(r->problems.size(), 9u) << problems;

  auto store = open();
  ASSERT_NE(store, nullptr);
  auto tiny = store->product("tinydb");
  ASSERT_TRUE(tiny.is_ok() && tiny->has_value());
  // What was stored reads back as it was parsed.
  auto parsed = parse_product_page("tinydb", fixture("product/tinydb.md"));
  ASSERT_TRUE(parsed.is_ok());
  ASSERT_EQ((*tiny)->cycles.size(), parsed->product.cycles.size());
  for (size_t i = 0; i < parsed->product.cycles.size(); ++i) {
    const ReleaseCycle &a = (*tiny)->cycles[i], &b = parsed->product.cycles[i];
    EXPECT_EQ(a.cycle, b.cycle);
    EXPECT_EQ(a.codename, b.codename);
    EXPECT_EQ(a.release_date, b.release_date);
    EXPECT_EQ(a.eol, b.eol);
    EXPECT_EQ(a.eoas, b.eoas);
    EXPECT_EQ(a.eoes, b.eoes);
    EXPECT_EQ(a.lts, b.lts);
    EXPECT_EQ(a.discontinued, b.discontinued);
    EXPECT_EQ(a.latest, b.latest);
    EXPECT_EQ(a.latest_date, b.latest_date);
    EXPECT_EQ(a.line, b.line);
  }
  auto by_purl = store->products_for("purl", "pkg:npm/%40tiny/db");
  ASSERT_TRUE(by_purl.is_ok());
  EXPECT_EQ(*by_purl, std::vector<std::string>{"tinydb"});
  auto sources = store->sources();
  ASSERT_TRUE(sources.is_ok());
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].name, "endoflife.date");
  EXPECT_EQ((*sources)[0].kind, "eol");
  EXPECT_EQ((*sources)[0].records, 2u);
  EXPECT_EQ((*sources)[0].newest, "2026-05-01");  // the latest release date in the data
}

TEST_F(EolStoreTest, GithubArchiveLayoutAndZipKinds) {
  // GitHub's archive of the repository: only products/*.md are pages.
  const std::string archive = dir_ / "master.zip";
  write_file(
      archive,
      make_zip({{"endoflife.date-master/", ""},
                {"endoflife.date-master/README.md", "# endoflife.date\n"},
                {"endoflife.date-master/package.json", "{}"},
                {"endoflife.date-master/products/", ""},
                {"endoflife.date-master/products/tinydb.md", fixture("product/tinydb.md")}}));
  auto r = import({archive});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->eol_products, 1u);
  EXPECT_TRUE(r->problems.empty()) << problems_text(*r);

  // A zip of OSV records that happens to hold a Markdown file is still an OSV zip.
  const std::string osv = dir_ / "osv.zip";
  write_file(osv,
             make_zip({{"README.md", "# not a product\n"},
                       {"TEST-1.json", read_host_file(fixture_path("osv/unmaintained.json"))}}));
  r = import({osv});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->records_read, 1u);
  EXPECT_EQ(r->eol_products, 0u);
  auto store = open();
  ASSERT_NE(store, nullptr);
  auto tiny = store->product("tinydb");  // the earlier products are still there
  ASSERT_TRUE(tiny.is_ok());
  EXPECT_TRUE(tiny->has_value());
}

TEST_F(EolStoreTest, AProductsZipReplacesTheStoredProducts) {
  const std::string first = dir_ / "first.zip", second = dir_ / "second.zip",
                    broken = dir_ / "broken.zip";
  write_file(first, make_zip({{"tinydb.md", fixture("product/tinydb.md")}}));
  write_file(second, make_zip({{"halfbroken.md", fixture("product/bad-fields.md")}}));
  write_file(broken, make_zip({{"a.md", fixture("product/broken-no-releases.md")}}));
  ASSERT_TRUE(import({first}).is_ok());
  ASSERT_TRUE(import({second}).is_ok());
  auto store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(store->product("tinydb")->has_value());
  EXPECT_TRUE(store->product("halfbroken")->has_value());
  EXPECT_TRUE(store->products_for("purl", "pkg:deb/debian/tinydb")->empty());
  // A zip without one usable page keeps what is stored.
  auto r = import({broken});
  ASSERT_TRUE(r.is_ok());
  EXPECT_NE(problems_text(*r).find("no usable product page"), std::string::npos);
  store = open();
  EXPECT_TRUE(store->product("halfbroken")->has_value());
}

TEST_F(EolStoreTest, DistroInfoTablesByHeader) {
  // Named as distro-info-data names them, or anything else (the header tells).
  const std::string ubuntu = dir_ / "some-table.csv";
  fs::copy_file(fixture_path("distro-info/ubuntu.csv"), ubuntu);
  auto r = import(
      {fixture_path("distro-info/debian.csv"), ubuntu, fixture_path("distro-info/bad-rows.csv")});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  // bad-rows.csv is a Debian table too: it replaced debian.csv's rows.
  EXPECT_EQ(r->distro_releases, 4u + 3u + 1u);
  const std::string problems = problems_text(*r);
  EXPECT_NE(problems.find(fixture_path("distro-info/bad-rows.csv") + " |  | line 3 | 9 fields"),
            std::string::npos)
      << problems;
  auto store = open();
  ASSERT_NE(store, nullptr);
  auto debian = store->distro_releases("debian");
  ASSERT_TRUE(debian.is_ok());
  ASSERT_EQ(debian->size(), 1u);
  EXPECT_EQ((*debian)[0].series, "bookworm");
  auto releases = store->distro_releases("ubuntu");
  ASSERT_TRUE(releases.is_ok());
  ASSERT_EQ(releases->size(), 3u);
  EXPECT_EQ((*releases)[1].version, "90.04 LTS");
  EXPECT_EQ(format_date(*(*releases)[1].eol_legacy), "2042-04-20");
  auto sources = store->sources();
  ASSERT_TRUE(sources.is_ok());
  std::vector<std::string> names;
  for (const auto& s : *sources)
    names.push_back(s.name + " " + std::to_string(s.records) + " " + s.newest);
  EXPECT_EQ(names, (std::vector<std::string>{"distro-info-data/debian 1 2021-08-14",
                                             "distro-info-data/ubuntu 3 2030-04-20"}));
  // A table whose header names neither distribution is a problem; nothing is replaced.
  r = import({fixture_path("distro-info/no-distro.csv")});
  ASSERT_TRUE(r.is_ok());
  EXPECT_NE(problems_text(*r).find("neither Debian"), std::string::npos);
}

TEST_F(EolStoreTest, SupportListsByNameAndFirstLine) {
  auto r = import({fixture_path("support/security-support-ended.deb90"),
                   fixture_path("support/security-support-limited"),
                   fixture_path("support/security-support-ended.deb98")});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->support_entries, 4u + 3u + 1u);
  EXPECT_EQ(r->problems.size(), 3u) << problems_text(*r);
  auto store = open();
  ASSERT_NE(store, nullptr);
  auto deb90 = store->support_entries("deb90");
  ASSERT_TRUE(deb90.is_ok());
  ASSERT_EQ(deb90->size(), 4u + 3u);  // its ended list and the limited list without a release
  EXPECT_EQ((*deb90)[0].package, "oldlib");
  EXPECT_EQ((*deb90)[0].line, 10u);

  // Debian installs security-support-ended as a link to the installed release's list: the
  // release comes from the link's target.
  const std::string target = dir_ / "security-support-ended.deb91";
  fs::copy_file(fixture_path("support/security-support-ended.deb90"), target);
  const std::string link = dir_ / "security-support-ended";
  fs::create_symlink(target, link);
  r = import({link});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  store = open();
  EXPECT_EQ(store->support_entries("deb91")->size(), 4u + 3u);

  // Renamed beyond recognition, a list is still found by its first line; but an ended list
  // must say its release.
  const std::string renamed = dir_ / "limited.txt";
  fs::copy_file(fixture_path("support/security-support-limited"), renamed);
  r = import({renamed});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->support_entries, 3u);
  const std::string nameless = dir_ / "ended.txt";
  fs::copy_file(fixture_path("support/security-support-ended.deb90"), nameless);
  const auto before = fs::last_write_time(db_);
  r = import({fixture_path("distro-info/debian.csv"), nameless});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("security-support-ended.debNN"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(fs::last_write_time(db_), before);  // nothing imported, not even debian.csv
}

TEST_F(EolStoreTest, UnknownTextIsStillAnError) {
  const std::string text = dir_ / "notes.txt";
  write_file(text, "just some notes\n");
  auto r = import({text});
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("a distro-info-data table or a debian-security-support list"),
            std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace upkeep::eol
