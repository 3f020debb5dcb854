// SPDX-License-Identifier: Apache-2.0
//
// The evaluation on data parsed from the fixtures (eol::MemoryData, match::MemoryIndex): each
// status from the dates of a page, a table or a list, on days chosen around those dates; the
// support lists by source package, pattern and version; unmaintained advisories; runtimes.
#include <gtest/gtest.h>

#include <string>

#include "maintenance/eol_testing.h"
#include "upkeep/advisory.h"
#include "upkeep/eol.h"
#include "upkeep/matcher.h"

namespace upkeep::eol {
namespace {

using testing::day;
using testing::fixture;

inventory::Component component(std::string ecosystem, std::string name, std::string version,
                               std::string purl, std::string source = "") {
  inventory::Component c;
  c.ecosystem = std::move(ecosystem);
  c.name = std::move(name);
  c.version = std::move(version);
  c.purl = std::move(purl);
  c.source_name = std::move(source);
  return c;
}

class EvaluateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto product = parse_product_page("tinydb", fixture("product/tinydb.md"));
    ASSERT_TRUE(product.is_ok()) << product.status().message();
    data_.add_product(std::move(product->product));
    for (const char* distro : {"debian", "ubuntu"}) {
      auto info = parse_distro_info(fixture(std::string("distro-info/") + distro + ".csv"));
      ASSERT_TRUE(info.is_ok()) << info.status().message();
      data_.add_distro_info(std::move(*info));
    }
    data_.add_support_list(parse_support_list(fixture("support/security-support-ended.deb90"),
                                              SupportEntry::Kind::kEnded, "deb90"));
    data_.add_support_list(parse_support_list(fixture("support/security-support-limited"),
                                              SupportEntry::Kind::kLimited, ""));
    for (const char* record : {"osv/unmaintained.json", "osv/unsound.json"}) {
      auto parsed = advisory::parse_osv_record(fixture(record));
      ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
      advisories_.add(std::move(parsed->record));
    }
  }

  // The single assessment of `c`, or a failure.
  Assessment only(const inventory::Component& c, Date today, Options options = {}) {
    Evaluator evaluator(data_, &advisories_, options);
    auto all = evaluator.assess(c, today);
    EXPECT_TRUE(all.is_ok()) << all.status().message();
    if (!all.is_ok() || all->size() != 1) {
      ADD_FAILURE() << c.purl << ": " << (all.is_ok() ? all->size() : 0) << " assessments";
      return {};
    }
    return (*all)[0];
  }

  Assessment os(inventory::OsRelease release, Date today) {
    Evaluator evaluator(data_, nullptr);
    auto a = evaluator.assess_os(release, today);
    EXPECT_TRUE(a.is_ok()) << a.status().message();
    return a.is_ok() ? *a : Assessment{};
  }

  MemoryData data_;
  match::MemoryIndex advisories_;
};

const inventory::Component kNpmTiny =
    component("npm", "@tiny/db", "3.1.2", "pkg:npm/%40tiny/db@3.1.2");

TEST_F(EvaluateTest, EndoflifeCycleThroughItsPhases) {
  // Cycle 3.1: eol 2026-12-31, eoes 2028-12-31.
  Assessment a = only(kNpmTiny, day("2026-06-01"));
  EXPECT_EQ(a.status, SupportStatus::kSupported);
  EXPECT_EQ(a.source, "endoflife.date tinydb 3.1");
  EXPECT_EQ(a.product, "tinydb");
  EXPECT_EQ(a.cycle, "3.1");
  EXPECT_EQ(a.support_end, day("2026-12-31"));
  EXPECT_EQ(a.extended_end, day("2028-12-31"));
  EXPECT_EQ(a.days_left, 213);
  EXPECT_EQ(a.latest, "3.1.9");
  EXPECT_FALSE(a.upstream_only);
  EXPECT_EQ(a.detail,
            "security support until 2026-12-31 (in 213 days), then extended support until "
            "2028-12-31");

  a = only(kNpmTiny, day("2026-11-01"));
  EXPECT_EQ(a.status, SupportStatus::kEndsSoon);
  EXPECT_EQ(a.days_left, 60);
  Options narrow;
  narrow.ends_soon_days = 30;
  EXPECT_EQ(only(kNpmTiny, day("2026-11-01"), narrow).status, SupportStatus::kSupported);

  a = only(kNpmTiny, day("2026-12-31"));  // the eol day itself is past support
  EXPECT_EQ(a.status, SupportStatus::kExtended);
  a = only(kNpmTiny, day("2027-03-01"));
  EXPECT_EQ(a.status, SupportStatus::kExtended);
  EXPECT_EQ(a.detail,
            "regular security support ended 2026-12-31; extended support until 2028-12-31 (in 671 "
            "days)");
  a = only(kNpmTiny, day("2029-01-01"));
  EXPECT_EQ(a.status, SupportStatus::kEndOfLife);
  EXPECT_EQ(a.days_left, -1);
}

TEST_F(EvaluateTest, EndoflifeBooleansAndUnknownCycles) {
  // Cycle "3": eol true (ended, no date), eoes true (extended support, no date).
  Assessment a =
      only(component("npm", "@tiny/db", "3.0.7", "pkg:npm/%40tiny/db@3.0.7"), day("2026-06-01"));
  EXPECT_EQ(a.status, SupportStatus::kExtended);
  EXPECT_FALSE(a.days_left.has_value());
  // Cycle "2": both phases over.
  a = only(component("npm", "@tiny/db", "2.4.1", "pkg:npm/%40tiny/db@2.4.1"), day("2026-06-01"));
  EXPECT_EQ(a.status, SupportStatus::kEndOfLife);
  EXPECT_EQ(a.detail,
            "regular security support ended 2021-06-01; extended support ended 2023-06-01");
  // Cycle 3.10 (3.10 is not 3.1): active support over, security support on.
  a = only(component("npm", "@tiny/db", "3.10.0", "pkg:npm/%40tiny/db@3.10.0"), day("2026-06-01"));
  EXPECT_EQ(a.cycle, "3.10");
  EXPECT_EQ(a.status, SupportStatus::kSupported);
  EXPECT_EQ(a.active_end, day("2026-02-01"));
  EXPECT_NE(a.detail.find("active support ended 2026-02-01"), std::string::npos) << a.detail;
  // A version of no cycle: the product is named, the status unknown.
  a = only(component("npm", "@tiny/db", "9.0.0", "pkg:npm/%40tiny/db@9.0.0"), day("2026-06-01"));
  EXPECT_EQ(a.status, SupportStatus::kUnknown);
  EXPECT_EQ(a.detail, "no release cycle of tinydb matches version \"9.0.0\"");
  // A package no identifier names: nothing known.
  Evaluator evaluator(data_, &advisories_);
  auto none = evaluator.assess(component("npm", "other", "1.0.0", "pkg:npm/other@1.0.0"),
                               day("2026-06-01"));
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(EvaluateTest, DebianSupportListsBySourcePackage) {
  // tinydb-server from source tinydb: listed in deb90 (ends 2033-01-01), and upstream's product
  // through the source package's purl.
  const inventory::Component server =
      component("Debian:90", "tinydb-server", "3.1.9-1+deb90u2",
                "pkg:deb/debian/tinydb-server@3.1.9-1%2Bdeb90u2?distro=debian-90", "tinydb");
  Evaluator evaluator(data_, &advisories_);
  auto all = evaluator.assess(server, day("2032-12-01"));
  ASSERT_TRUE(all.is_ok()) << all.status().message();
  ASSERT_EQ(all->size(), 2u);
  const Assessment& listed = (*all)[1];  // upstream's end of life is the more severe
  EXPECT_EQ(listed.status, SupportStatus::kEndsSoon);
  EXPECT_EQ(listed.source, "debian-security-support deb90");
  EXPECT_EQ(listed.product, "tinydb");
  EXPECT_EQ(listed.support_end, day("2033-01-01"));
  EXPECT_EQ(listed.days_left, 31);
  EXPECT_EQ(listed.detail,
            "security support ends 2033-01-01 (last supported version 3.1.9-1+deb90u2): Too "
            "complex to backport");
  const Assessment& upstream = (*all)[0];
  EXPECT_EQ(upstream.source, "endoflife.date tinydb 3.1");
  EXPECT_TRUE(upstream.upstream_only);
  EXPECT_EQ(upstream.status, SupportStatus::kEndOfLife);

  // Once ended: as severe as upstream's end of life, and the distribution's word comes first.
  all = evaluator.assess(server, day("2033-02-01"));
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].status, SupportStatus::kSecurityEnded);
  EXPECT_EQ((*all)[0].detail.rfind("security support ended 2033-01-01", 0), 0u);
  EXPECT_TRUE((*all)[1].upstream_only);

  // A newer version than the last supported one (a backport) is not what the entry is about.
  inventory::Component backport = server;
  backport.version = "3.1.9-1+deb90u3";
  all = evaluator.assess(backport, day("2033-02-01"));
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].source, "endoflife.date tinydb 3.1");

  // "webthing-.*" with last version "0": every version of every matching source package.
  Assessment a =
      only(component("Debian:90", "libwebthing-foo1", "5.0-1",
                     "pkg:deb/debian/libwebthing-foo1@5.0-1?distro=debian-90", "webthing-foo"),
           day("2032-07-01"));
  EXPECT_EQ(a.status, SupportStatus::kSecurityEnded);
  // Limited: the list without a release stands for deb90, which has none of its own.
  a = only(
      component("Debian:90", "sandboxd", "1.0-1", "pkg:deb/debian/sandboxd@1.0-1?distro=debian-90"),
      day("2032-07-01"));
  EXPECT_EQ(a.status, SupportStatus::kLimited);
  EXPECT_EQ(a.source, "debian-security-support limited");
  EXPECT_EQ(a.detail, "limited security support: Only suitable for trusted content");
  // The lists are Debian's: an Ubuntu package of the same name is not on them.
  all = evaluator.assess(component("Ubuntu:90.04:LTS", "sandboxd", "1.0-1",
                                   "pkg:deb/ubuntu/sandboxd@1.0-1?distro=ubuntu-90.04"),
                         day("2032-07-01"));
  ASSERT_TRUE(all.is_ok());
  EXPECT_TRUE(all->empty());
}

TEST_F(EvaluateTest, UnmaintainedAdvisories) {
  // "old_crate" and "old-crate" are one crate; the advisory covers versions below 2.0.0.
  Assessment a = only(component("crates.io", "old-crate", "1.5.0", "pkg:cargo/old-crate@1.5.0"),
                      day("2026-06-01"));
  EXPECT_EQ(a.status, SupportStatus::kUnmaintained);
  EXPECT_EQ(a.source, "TEST-UNMAINTAINED-1");
  EXPECT_EQ(a.detail, "oldcrate is unmaintained; use newcrate (published 2024-01-01)");
  // The fixed version, and the unsound notice, are not unmaintained.
  Evaluator evaluator(data_, &advisories_);
  auto all = evaluator.assess(
      component("crates.io", "old_crate", "2.0.0", "pkg:cargo/old_crate@2.0.0"), day("2026-06-01"));
  ASSERT_TRUE(all.is_ok());
  EXPECT_TRUE(all->empty());
  // Without advisories, nothing is said.
  Evaluator no_advisories(data_, nullptr);
  all = no_advisories.assess(
      component("crates.io", "old_crate", "1.0.0", "pkg:cargo/old_crate@1.0.0"), day("2026-06-01"));
  ASSERT_TRUE(all.is_ok());
  EXPECT_TRUE(all->empty());
}

TEST(EolOsv, InformationalFromTheEntryOrTheRecord) {
  auto entry = advisory::parse_osv_record(fixture("osv/unmaintained.json"));
  ASSERT_TRUE(entry.is_ok());
  ASSERT_EQ(entry->record.affected.size(), 1u);
  EXPECT_EQ(entry->record.affected[0].informational, "unmaintained");
  // RustSec writes it per affected entry; a record-level one stands for entries without theirs.
  auto record = advisory::parse_osv_record(fixture("osv/unsound.json"));
  ASSERT_TRUE(record.is_ok());
  ASSERT_EQ(record->record.affected.size(), 1u);
  EXPECT_EQ(record->record.affected[0].informational, "unsound");
  EXPECT_TRUE(record->problems.empty());
}

TEST_F(EvaluateTest, OsReleasesFromDistroInfo) {
  inventory::OsRelease debian;
  debian.id = "debian";
  debian.version_id = "90";
  // Released 2031-06-10; eol 2034-06-10, LTS to 2036-06-30, ELTS (paid) to 2039-06-30.
  Assessment a = os(debian, day("2032-01-01"));
  EXPECT_EQ(a.status, SupportStatus::kSupported);
  EXPECT_EQ(a.source, "distro-info-data debian 90");
  EXPECT_EQ(a.support_end, day("2034-06-10"));
  EXPECT_EQ(a.extended_end, day("2036-06-30"));
  EXPECT_EQ(a.extended_name, "LTS");
  EXPECT_EQ(a.paid_end, day("2039-06-30"));
  a = os(debian, day("2034-07-01"));
  EXPECT_EQ(a.status, SupportStatus::kExtended);
  EXPECT_EQ(a.detail,
            "regular security support ended 2034-06-10; LTS until 2036-06-30 (in 730 days); paid "
            "ELTS until 2039-06-30");
  a = os(debian, day("2037-01-01"));
  EXPECT_EQ(a.status, SupportStatus::kEndOfLife);  // ELTS is sold, not given
  // Not released yet; found by codename where os-release has no VERSION_ID (testing).
  inventory::OsRelease testing;
  testing.id = "debian";
  testing.version_codename = "future";
  a = os(testing, day("2032-01-01"));
  EXPECT_EQ(a.status, SupportStatus::kUnknown);
  EXPECT_EQ(a.cycle, "91");
  EXPECT_NE(a.detail.find("not released yet"), std::string::npos) << a.detail;

  inventory::OsRelease ubuntu;
  ubuntu.id = "ubuntu";
  ubuntu.version_id = "90.04";
  a = os(ubuntu, day("2036-01-01"));
  EXPECT_EQ(a.status, SupportStatus::kExtended);
  EXPECT_EQ(a.extended_name, "ESM (Ubuntu Pro)");
  EXPECT_EQ(a.extended_end, day("2040-04-20"));
  // 6.06: the server's standard support (eol-server) outlived the desktop's (eol).
  ubuntu.version_id = "6.06";
  a = os(ubuntu, day("2010-01-01"));
  EXPECT_EQ(a.status, SupportStatus::kSupported);
  EXPECT_EQ(a.support_end, day("2011-06-01"));

  inventory::OsRelease alpine;
  alpine.id = "alpine";
  alpine.version_id = "3.19.1";
  alpine.pretty_name = "Alpine Linux v3.19";
  a = os(alpine, day("2026-01-01"));
  EXPECT_EQ(a.status, SupportStatus::kUnknown);
  EXPECT_EQ(a.detail, "no end-of-life data for Alpine Linux v3.19");
}

TEST(EolRuntimes, DetectedBySourcePackage) {
  inventory::Inventory inv;
  const auto deb = [](std::string name, std::string version, std::string source) {
    return component("Debian:12", name, version,
                     "pkg:deb/debian/" + name + "@" + version + "?distro=debian-12",
                     std::move(source));
  };
  inv.components = {
      deb("python3.11-minimal", "3.11.2-6", "python3.11"),
      deb("libpython3.11-stdlib", "3.11.2-6", "python3.11"),
      deb("python3", "3.11.2-1+b1", "python3-defaults"),  // the default, not a runtime itself
      deb("nodejs", "18.19.0+dfsg-6~deb12u2", ""),
      deb("openjdk-17-jre-headless", "17.0.15+6-1~deb12u1", "openjdk-17"),
      deb("postgresql-15", "15.18-0+deb12u1", ""),
      deb("postgresql", "15+248", "postgresql-common"),
      deb("bash", "5.2.15-2+b2", ""),
      component("Go", "stdlib", "1.21.3", "pkg:golang/stdlib@1.21.3"),
      component("PyPI", "python", "1.0", "pkg:pypi/python@1.0"),  // a PyPI package named so
  };
  const std::vector<Runtime> runtimes = detect_runtimes(inv);
  std::vector<std::string> seen;
  for (const Runtime& r : runtimes)
    seen.push_back(r.name + " " + r.product + " " + r.package + " " + r.version);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "Python python python3.11 3.11.2-6",
                      "Node.js nodejs nodejs 18.19.0+dfsg-6~deb12u2",
                      "OpenJDK eclipse-temurin openjdk-17 17.0.15+6-1~deb12u1",
                      "PostgreSQL postgresql postgresql-15 15.18-0+deb12u1",
                      "Go go stdlib 1.21.3",
                  }));
  EXPECT_EQ(runtimes[0].components, (std::vector<size_t>{0, 1}));
}

}  // namespace
}  // namespace upkeep::eol
