// SPDX-License-Identifier: Apache-2.0
//
// The matcher on fixture records: aliases merged, withdrawn records dropped, distribution
// packages matched by source package against their own release only, fix advice.
#include "upkeep/matcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "match/match_testing.h"

namespace upkeep::match {
namespace {

using testing::component;
using testing::fixture_record;

MemoryIndex index_of(const std::vector<std::string>& names) {
  MemoryIndex index;
  for (const std::string& n : names)
    index.add(fixture_record(n));
  return index;
}

std::vector<std::string> S(std::initializer_list<const char*> l) {
  return {l.begin(), l.end()};
}

TEST(MemoryIndex, IndexedByEcosystemAndNormalizedName) {
  MemoryIndex index = index_of({"pypi_ranges.json", "ghsa_same_vuln.json", "alma.json"});
  EXPECT_EQ(index.size(), 3u);
  // "Example_Pkg" and "example.pkg" are both example-pkg (PEP 503).
  auto r = index.records_for("PyPI", "example-pkg");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->size(), 2u);
  EXPECT_EQ(index.records_for("PyPI", "Example_Pkg")->size(), 0u);  // callers normalize
  EXPECT_EQ(index.records_for("AlmaLinux:9", "openssl-libs")->size(), 1u);
  EXPECT_EQ(index.records_for("AlmaLinux", "openssl-libs")->size(), 0u);  // no widening
}

TEST(Matcher, AliasesMergeIntoOneFindingWithEveryIdAndRecord) {
  MemoryIndex index =
      index_of({"pypi_ranges.json", "ghsa_same_vuln.json", "other_vuln.json", "withdrawn.json"});
  inventory::Inventory inv;
  inv.components.push_back(component("PyPI", "example_pkg", "1.1"));
  Matcher matcher(index);
  auto result = matcher.run(inv);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  // PYSEC-9999-1 ([1.0,1.2)) and GHSA-aaaa ([1.0,1.1.1)) share CVE-9999-0001: one finding.
  // GHSA-dddd ([0,1.5)) only names it as `related`: a finding of its own. The withdrawn record
  // (introduced 0) is not reported.
  ASSERT_EQ(result->findings.size(), 2u);
  const Finding& first = result->findings[0];
  EXPECT_EQ(first.ids, S({"CVE-9999-0001", "GHSA-aaaa-bbbb-cccc", "PYSEC-9999-1"}));
  EXPECT_EQ(first.records, S({"GHSA-aaaa-bbbb-cccc", "PYSEC-9999-1"}));
  EXPECT_EQ(first.sources, S({"osv"}));
  // Smallest fix above 1.1 among the records: 1.1.1 (GHSA) < 1.2 (PYSEC).
  EXPECT_EQ(first.fixed_version, "1.1.1");
  const Finding& second = result->findings[1];
  EXPECT_EQ(second.ids, S({"CVE-9999-0002", "GHSA-dddd-eeee-ffff"}));
  EXPECT_EQ(second.fixed_version, "1.5");
  EXPECT_EQ(result->stats.withdrawn_skipped, 1u);

  // One upgrade clears both: the highest fix, 1.5, which no record affects (GHSA-dddd is fixed
  // there, PYSEC's ranges end at 1.2 and 2.0-2.3).
  ASSERT_EQ(result->advice.size(), 1u);
  EXPECT_EQ(result->advice[0].kind, ComponentAdvice::Kind::kUpgrade);
  EXPECT_EQ(result->advice[0].upgrade_to, "1.5");
  EXPECT_TRUE(result->advice[0].remaining.empty());
}

TEST(Matcher, UpgradeStepsOverAVulnerabilityOfTheNewerVersion) {
  MemoryIndex index = index_of({"pypi_ranges.json", "other_vuln.json", "later_vuln.json"});
  inventory::Inventory inv;
  inv.components.push_back(component("PyPI", "Example-Pkg", "1.1"));
  auto result = Matcher(index).run(inv);
  ASSERT_TRUE(result.is_ok());
  // 1.5 clears the current findings but is in GHSA-gggg's [1.5, 1.6); 1.6 is clean.
  ASSERT_EQ(result->advice.size(), 1u);
  EXPECT_EQ(result->advice[0].upgrade_to, "1.6");
  EXPECT_TRUE(result->advice[0].remaining.empty());
}

TEST(Matcher, NoFixKnown) {
  MemoryIndex index = index_of({"unfixed.json"});
  inventory::Inventory inv;
  inv.components.push_back(component("crates.io", "No-Fix", "1.0.0"));  // crates: - == _
  auto result = Matcher(index).run(inv);
  ASSERT_TRUE(result.is_ok());
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].fixed_version, "");
  ASSERT_EQ(result->advice.size(), 1u);
  EXPECT_EQ(result->advice[0].kind, ComponentAdvice::Kind::kNoFix);
  EXPECT_EQ(result->advice[0].remaining, S({"CVE-9999-0009"}));
}

TEST(Matcher, DebianPackagesMatchBySourceAgainstTheirReleaseOnly) {
  MemoryIndex index = index_of({"debian12_openssl.json", "debian11_openssl.json",
                                "debian_cve_openssl.json", "upstream_openssl.json"});
  inventory::Inventory inv;
  inventory::Component libssl = component("Debian:12", "libssl3", "3.0.11-1~deb12u1");
  libssl.source_name = "openssl";
  inv.components.push_back(libssl);
  inventory::Component fixed = component("Debian:12", "libssl3", "3.0.11-1~deb12u2");
  fixed.source_name = "openssl";
  inv.components.push_back(fixed);
  inventory::Component old = component("Debian:11", "libssl1.1", "1.1.1n-0+deb11u5");
  old.source_name = "openssl";
  inv.components.push_back(old);
  auto result = Matcher(index).run(inv);
  ASSERT_TRUE(result.is_ok());
  // Component 0: DSA-9999-1 and DEBIAN-CVE-9999-1000 (Debian:12), one vulnerability through
  // related/upstream CVE-9999-1000. Never GHSA-upst (OSS-Fuzz and bare "Debian" entries) nor
  // DLA-9999-1 (Debian:11). Component 1 is fixed (~deb12u2). Component 2: DLA-9999-1 only, the
  // backport 1.1.1n-0+deb11u5 being below 1.1.1w-0+deb11u1.
  ASSERT_EQ(result->findings.size(), 2u);
  EXPECT_EQ(result->findings[0].component, 0u);
  EXPECT_EQ(result->findings[0].records, S({"DEBIAN-CVE-9999-1000", "DSA-9999-1"}));
  EXPECT_EQ(result->findings[0].ids, S({"CVE-9999-1000", "DEBIAN-CVE-9999-1000", "DSA-9999-1"}));
  EXPECT_EQ(result->findings[0].fixed_version, "3.0.11-1~deb12u2");
  EXPECT_EQ(result->findings[1].component, 2u);
  EXPECT_EQ(result->findings[1].records, S({"DLA-9999-1"}));
}

TEST(Matcher, AlmaLinuxReleasesAreSeparateAndBinaryNamesAreAsked) {
  MemoryIndex index = index_of({"alma.json"});
  inventory::Inventory inv;
  inventory::Component nine = component("AlmaLinux:9", "openssl-libs", "1:3.0.7-26.el9");
  nine.source_name = "openssl";
  nine.source_version = "1:3.0.7-26.el9";
  inv.components.push_back(nine);
  // The same version string on AlmaLinux 8: the :8 entry's fix 1:1.1.1k-12.el8_9 is below it.
  inventory::Component eight = component("AlmaLinux:8", "openssl-libs", "1:3.0.7-26.el9");
  inv.components.push_back(eight);
  auto result = Matcher(index).run(inv);
  ASSERT_TRUE(result.is_ok());
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].component, 0u);
  EXPECT_EQ(result->findings[0].ids, S({"ALSA-9999:0001"}));
  EXPECT_EQ(result->findings[0].fixed_version, "1:3.0.7-27.el9");
}

TEST(Matcher, UnknownVerdictsAreCountedNotReported) {
  MemoryIndex index = index_of({"invalid_event.json"});
  inventory::Inventory inv;
  inv.components.push_back(component("Bitnami", "app", "4.0.0"));
  inv.components.push_back(component("Bitnami", "app", "5.0.1"));
  inv.components.push_back(component("Bitnami", "app", ""));  // no version: skipped
  auto result = Matcher(index).run(inv);
  ASSERT_TRUE(result.is_ok());
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].component, 1u);
  EXPECT_EQ(result->stats.unknown_verdicts, 1u);
  ASSERT_EQ(result->unknowns.size(), 1u);
  EXPECT_EQ(result->unknowns[0].component, 0u);
  EXPECT_EQ(result->unknowns[0].record, "BIT-example-2024-1");
  EXPECT_EQ(result->stats.skipped_components, 1u);
  EXPECT_EQ(result->stats.lookups, 1u);  // one package, asked once
}

TEST(Matcher, AffectingListsRecordsNotMerged) {
  MemoryIndex index = index_of({"pypi_ranges.json", "ghsa_same_vuln.json", "withdrawn.json"});
  Matcher matcher(index);
  auto ids = matcher.affecting("PyPI", "EXAMPLE.PKG", "1.0.5");
  ASSERT_TRUE(ids.is_ok());
  EXPECT_EQ(*ids, S({"GHSA-aaaa-bbbb-cccc", "PYSEC-9999-1"}));
  EXPECT_TRUE(matcher.affecting("PyPI", "example-pkg", "3.0")->empty());
}

class FailingSource : public RecordSource {
 public:
  Result<std::vector<advisory::Record>> records_for(std::string_view,
                                                    std::string_view) const override {
    return Status::io_error("database is locked");
  }
};

TEST(Matcher, SourceErrorsAreReturned) {
  FailingSource source;
  inventory::Inventory inv;
  inv.components.push_back(component("npm", "x", "1.0.0"));
  auto result = Matcher(source).match(inv);
  ASSERT_FALSE(result.is_ok());
  EXPECT_NE(result.status().message().find("database is locked"), std::string::npos);
}

}  // namespace
}  // namespace upkeep::match
