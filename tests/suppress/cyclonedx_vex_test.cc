// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "suppress/suppress_testing.h"

namespace upkeep::suppress {
namespace {

using testing::date;
using testing::load_fixtures;
using testing::warnings_text;

const Date kToday = date("2025-06-01");
constexpr const char* kJackson = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0";

TEST(CycloneDxVex, BomRefResolvesToTheComponentPurl) {
  const auto s = load_fixtures({"cyclonedx/webapp-1.6.cdx.json"});
  // The finding is known by its GHSA id, which the document lists under references.
  const auto hit = s.lookup({"GHSA-288c-cq4h-88gq"}, kJackson, kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, Kind::kCycloneDxVex);
  EXPECT_EQ(hit->vulnerability, "CVE-2020-25649");
  EXPECT_EQ(hit->status, "not_affected");
  EXPECT_TRUE(hit->suppresses);
  EXPECT_EQ(hit->justification, "code_not_reachable");
  EXPECT_EQ(hit->action, "will_not_fix, update");
  EXPECT_EQ(hit->detail,
            "DOMDeserializer is never used: XML input is not accepted anywhere in webapp");
  EXPECT_EQ(hit->timestamp, "2024-04-02T10:00:00Z");
  EXPECT_EQ(hit->where.line, 50u);  // vulnerabilities[0] opens on line 50
  // The ref's purl carries a version: another version is another component.
  EXPECT_FALSE(s.lookup({"CVE-2020-25649"},
                        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.1", kToday));
}

TEST(CycloneDxVex, ExploitableAndInTriageOnlyAnnotate) {
  const auto s = load_fixtures({"cyclonedx/webapp-1.6.cdx.json"});
  const auto hit = s.lookup({"CVE-2022-42003"}, kJackson, kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "exploitable");
  EXPECT_FALSE(hit->suppresses);
  EXPECT_EQ(hit->action, "update");
  // No analysis time: the metadata timestamp stands in.
  EXPECT_EQ(hit->timestamp, "2024-04-02T10:00:00Z");
}

TEST(CycloneDxVex, VersRangeNarrowsTheStatement) {
  const auto s = load_fixtures({"cyclonedx/webapp-1.6.cdx.json"});
  // false_positive for minimist in vers:npm/>=1.2.0|<1.2.6, whatever version the bom-ref has.
  for (const char* v : {"1.2.0", "1.2.5"}) {
    const auto hit = s.lookup({"CVE-2021-44906"}, std::string("pkg:npm/minimist@") + v, kToday);
    ASSERT_TRUE(hit) << v;
    EXPECT_EQ(hit->status, "false_positive");
    EXPECT_TRUE(hit->suppresses);
    EXPECT_EQ(hit->product, "pkg:npm/minimist vers:npm/>=1.2.0|<1.2.6");
  }
  for (const char* v : {"1.1.3", "1.2.6", "1.2.8"}) {
    EXPECT_FALSE(s.lookup({"GHSA-xvch-5gv4-984h"}, std::string("pkg:npm/minimist@") + v, kToday))
        << v;
  }
}

TEST(CycloneDxVex, VersionStatusesPerEntry) {
  const auto s = load_fixtures({"cyclonedx/webapp-1.6.cdx.json"});
  const std::vector<std::string> ids = {"GHSA-rv95-896h-c2vc"};
  // 4.18.2: listed with the default status (affected): the analysis (in_triage) holds.
  auto hit = s.lookup(ids, "pkg:npm/express@4.18.2", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "in_triage");
  EXPECT_FALSE(hit->suppresses);
  // vers:npm/>=4.0.0|<4.17.0 is declared unaffected.
  hit = s.lookup(ids, "pkg:npm/express@4.16.4", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "not_affected");
  EXPECT_TRUE(hit->suppresses);
  // 4.17.3: unknown.
  hit = s.lookup(ids, "pkg:npm/express@4.17.3", kToday);
  ASSERT_TRUE(hit);
  EXPECT_FALSE(hit->suppresses);
  EXPECT_FALSE(s.lookup(ids, "pkg:npm/express@4.17.0", kToday));
  EXPECT_FALSE(s.lookup(ids, "pkg:npm/express@4.19.2", kToday));
}

TEST(CycloneDxVex, BomLinksResolveThroughTheirFragment) {
  const auto s = load_fixtures({"cyclonedx/webapp-1.6.cdx.json"});
  // A fragment that is a (percent-decoded) purl.
  auto hit = s.lookup({"GHSA-jh3w-4vvf-mjgr"}, "pkg:pypi/django@4.2.3", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "resolved");
  EXPECT_TRUE(hit->suppresses);
  EXPECT_FALSE(s.lookup({"CVE-2023-36053"}, "pkg:pypi/django@4.2.2", kToday));
  // A fragment that is the bom-ref of a component nested inside another.
  hit = s.lookup({"CVE-2022-42004"}, "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.10.0",
                 kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "resolved_with_pedigree");
  EXPECT_TRUE(hit->suppresses);
}

TEST(CycloneDxVex, VulnerabilitiesWithoutAnalysisAreCountedNotRead) {
  const auto s = load_fixtures({"cyclonedx/webapp-1.6.cdx.json"});
  ASSERT_EQ(s.warnings().size(), 1u) << warnings_text(s);
  EXPECT_NE(s.warnings()[0].message.find("1 vulnerabilities without analysis.state"),
            std::string::npos);
  EXPECT_FALSE(s.lookup({"CVE-2021-3807"}, "pkg:npm/minimist@1.2.5", kToday));
  // Rules: one per affects entry or version entry: 1 + 1 + 1 + 1 + 1 + 3 = 8.
  EXPECT_EQ(s.size(), 8u);
}

TEST(CycloneDxVex, Version14RangesAndVersions) {
  const auto s = load_fixtures({"cyclonedx/webapp-1.4.cdx.json"});
  EXPECT_TRUE(s.warnings().empty()) << warnings_text(s);
  auto hit = s.lookup({"GHSA-9wx4-h78v-vm56"}, "pkg:pypi/requests@2.31.0", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->justification, "requires_configuration");
  EXPECT_TRUE(hit->suppresses);
  EXPECT_FALSE(s.lookup({"CVE-2024-35195"}, "pkg:pypi/requests@2.32.0", kToday));
  hit = s.lookup({"PYSEC-2023-74"}, "pkg:pypi/requests@2.31.0", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "resolved");
  // PEP 440: 2.31 is 2.31.0.
  EXPECT_TRUE(s.lookup({"PYSEC-2023-74"}, "pkg:pypi/requests@2.31", kToday));
}

TEST(CycloneDxVex, LatestAnalysisWinsAcrossDocuments) {
  for (const auto& order : {std::vector<std::string>{"cyclonedx/webapp-1.6.cdx.json",
                                                     "cyclonedx/later-triage-1.5.cdx.json"},
                            std::vector<std::string>{"cyclonedx/later-triage-1.5.cdx.json",
                                                     "cyclonedx/webapp-1.6.cdx.json"}}) {
    const auto s = load_fixtures(order);
    // not_affected (lastUpdated 2024-04-02) then in_triage (lastUpdated 2024-08-30).
    auto hit = s.lookup({"CVE-2020-25649", "GHSA-288c-cq4h-88gq"}, kJackson, kToday);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->status, "in_triage");
    EXPECT_FALSE(hit->suppresses);
    // exploitable (metadata 2024-04-02) is newer than not_affected (lastUpdated 2024-01-01).
    hit = s.lookup({"CVE-2022-42003"}, kJackson, kToday);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->status, "exploitable");
  }
}

TEST(CycloneDxVex, MixedWithOpenVexTheLatestStatementWins) {
  // later-triage (2024-08-30, in_triage) against an OpenVEX statement? None names jackson; the
  // OpenVEX x/net statements stay independent of the CycloneDX ones.
  const auto s = load_fixtures({"cyclonedx/webapp-1.6.cdx.json", "openvex/webapp.openvex.json"});
  EXPECT_TRUE(s.lookup({"CVE-2020-25649"}, kJackson, kToday)->suppresses);
  EXPECT_EQ(s.lookup({"GO-2023-2102"}, "pkg:golang/golang.org/x/net@v0.7.0", kToday)->kind,
            Kind::kOpenVex);
}

TEST(CycloneDxVex, BadStatementsAreSkippedWithWarnings) {
  const auto s = load_fixtures({"cyclonedx/bad-statements.cdx.json"});
  EXPECT_EQ(s.size(), 1u);
  ASSERT_EQ(s.warnings().size(), 7u) << warnings_text(s);
  const auto& w = s.warnings();
  const char* expected[] = {"analysis.state \"safe\"",
                            "names no component",
                            "without a purl",
                            "not supported",
                            "not a valid npm version",
                            "no id",
                            "no affects"};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_NE(w[i].message.find(expected[i]), std::string::npos) << w[i].to_string();
    EXPECT_EQ(w[i].where.line, 9 + i) << w[i].to_string();  // one vulnerability per line from 9
  }
  EXPECT_TRUE(s.lookup({"CVE-2018-25032"}, "pkg:npm/zlib@1.0.5", kToday));
}

}  // namespace
}  // namespace upkeep::suppress
