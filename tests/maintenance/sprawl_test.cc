// SPDX-License-Identifier: Apache-2.0
//
// Version sprawl (src/maintenance/sprawl.cc) over the components of
// tests/fixtures/maintenance/sprawl/components.purls: grouping by version-less purl, versions in
// their ecosystem's order, the version to converge on, and the counts.
#include "upkeep/sprawl.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "upkeep/inventory.h"
#include "upkeep/match.h"
#include "upkeep/purl.h"

namespace upkeep::maintenance {
namespace {

inventory::Inventory fixture_inventory() {
  std::ifstream in(UPKEEP_FIXTURE_DIR "/maintenance/sprawl/components.purls");
  EXPECT_TRUE(in.good());
  inventory::Inventory inv;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto p = purl::parse(line);
    EXPECT_TRUE(p) << line;
    if (!p) continue;
    auto c = inventory::component_from_purl(*p);
    c.location = "place-" + std::to_string(++n);
    inv.components.push_back(std::move(c));
  }
  inventory::sort_components(inv.components);
  return inv;
}

size_t index_of(const inventory::Inventory& inv, std::string_view name, std::string_view version) {
  for (size_t i = 0; i < inv.components.size(); ++i) {
    if (inv.components[i].name == name && inv.components[i].version == version) return i;
  }
  ADD_FAILURE() << name << "@" << version << " not in the fixture";
  return 0;
}

match::Finding finding(size_t component, std::string id, bool suppressed = false) {
  match::Finding f;
  f.component = component;
  f.ids = {std::move(id)};
  f.suppressed = suppressed;
  return f;
}

const SprawlEntry* entry(const Sprawl& s, std::string_view key) {
  for (const auto& e : s.entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::vector<std::string> versions_of(const SprawlEntry& e) {
  std::vector<std::string> out;
  for (const auto& v : e.versions)
    out.push_back(v.version);
  return out;
}

TEST(Sprawl, GroupsByVersionlessPurlAndCounts) {
  const auto inv = fixture_inventory();
  const Sprawl s = find_sprawl(inv, {}, {});
  // django and lodash sprawl; express has one version; openssl is one version on each of two
  // Debian releases; left-pad has none.
  EXPECT_EQ(s.sprawling_components, 2u);
  EXPECT_EQ(s.entries.size(), 2u);
  EXPECT_EQ(s.distinct_components, 5u);
  EXPECT_EQ(s.distinct_versions, 4u + 3u + 1u + 1u + 1u);
  EXPECT_EQ(s.surplus_versions, 3u + 2u);
  // Most versions first.
  EXPECT_EQ(s.entries.front().key, "pkg:pypi/django");
  EXPECT_EQ(entry(s, "pkg:npm/express"), nullptr);
  EXPECT_EQ(entry(s, "pkg:deb/debian/openssl"), nullptr);
}

TEST(Sprawl, VersionsNewestFirstByTheEcosystemsScheme) {
  const auto inv = fixture_inventory();
  const Sprawl s = find_sprawl(inv, {}, {});
  const SprawlEntry* django = entry(s, "pkg:pypi/django");
  ASSERT_NE(django, nullptr);
  EXPECT_EQ(versions_of(*django), (std::vector<std::string>{"2.0", "1.10", "1.9", "1.9rc1"}));
  EXPECT_EQ(django->versions.front().components.size(), 2u);  // 2.0 in two places
  // A version the scheme cannot read goes last.
  const SprawlEntry* lodash = entry(s, "pkg:npm/lodash");
  ASSERT_NE(lodash, nullptr);
  EXPECT_EQ(versions_of(*lodash),
            (std::vector<std::string>{"4.17.21", "4.17.15", "not-a-version"}));
  // Without findings the newest is the one to converge on.
  EXPECT_EQ(django->converge_on, 0u);
}

TEST(Sprawl, ConvergesOnTheNewestVersionWhenItIsClean) {
  const auto inv = fixture_inventory();
  const size_t django_1_9 = index_of(inv, "django", "1.9");
  std::vector<match::Finding> findings = {
      finding(django_1_9, "CVE-2099-0001"),
      finding(django_1_9, "CVE-2099-0001"),  // the same vulnerability twice counts once
      finding(index_of(inv, "django", "2.0"), "CVE-2099-0002", /*suppressed=*/true),
  };
  // A finding without ids counts by its record id.
  findings.push_back(finding(index_of(inv, "django", "1.10"), ""));
  findings.back().ids.clear();
  findings.back().records = {"PYSEC-2099-1"};
  const Sprawl s = find_sprawl(inv, findings, {});
  const SprawlEntry* django = entry(s, "pkg:pypi/django");
  ASSERT_NE(django, nullptr);
  // 2.0's only finding is suppressed: it is clean, and the newest.
  EXPECT_TRUE(django->versions[0].open_findings.empty());
  EXPECT_EQ(django->converge_on, 0u);
  EXPECT_EQ(django->versions[1].open_findings, (std::vector<std::string>{"PYSEC-2099-1"}));
  EXPECT_EQ(django->versions[2].open_findings, (std::vector<std::string>{"CVE-2099-0001"}));
}

TEST(Sprawl, NeverConvergesDownOnAnOlderCleanVersion) {
  const auto inv = fixture_inventory();
  const std::vector<match::Finding> findings = {
      finding(index_of(inv, "django", "2.0"), "CVE-2099-0001")};
  const Sprawl s = find_sprawl(inv, findings, {});
  const SprawlEntry* django = entry(s, "pkg:pypi/django");
  ASSERT_NE(django, nullptr);
  EXPECT_TRUE(django->versions[1].open_findings.empty());  // 1.10 is clean, and older
  EXPECT_EQ(django->converge_on, SprawlEntry::kNone);
  EXPECT_TRUE(django->upgrade_to.empty());  // no advice given: no fix known
}

TEST(Sprawl, EveryVersionVulnerableGivesTheNewestOnesUpgrade) {
  const auto inv = fixture_inventory();
  const size_t newest = index_of(inv, "lodash", "4.17.21");
  std::vector<match::Finding> findings = {
      finding(newest, "GHSA-aaaa"),
      finding(index_of(inv, "lodash", "4.17.15"), "GHSA-bbbb"),
      finding(index_of(inv, "lodash", "not-a-version"), "GHSA-cccc"),
  };
  match::ComponentAdvice advice;
  advice.component = newest;
  advice.kind = match::ComponentAdvice::Kind::kUpgrade;
  advice.upgrade_to = "4.17.22";
  const std::vector<match::ComponentAdvice> advices = {advice};
  const Sprawl s = find_sprawl(inv, findings, advices);
  const SprawlEntry* lodash = entry(s, "pkg:npm/lodash");
  ASSERT_NE(lodash, nullptr);
  EXPECT_EQ(lodash->converge_on, SprawlEntry::kNone);
  EXPECT_EQ(lodash->upgrade_to, "4.17.22");
}

}  // namespace
}  // namespace upkeep::maintenance
