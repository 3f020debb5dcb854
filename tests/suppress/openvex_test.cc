// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "suppress/suppress_testing.h"

namespace upkeep::suppress {
namespace {

using testing::date;
using testing::load_fixtures;
using testing::warnings_text;

const Date kToday = date("2025-06-01");

TEST(OpenVex, LaterStatementByTimeWinsOverFileOrder) {
  // webapp.openvex.json has two statements for CVE-2023-44487 on x/net v0.7.0: not_affected at
  // 2024-06-01T10:00Z (first in the file) and under_investigation at 2024-03-01 (second).
  const auto s = load_fixtures({"openvex/webapp.openvex.json"});
  EXPECT_TRUE(s.warnings().empty()) << warnings_text(s);
  // The finding is known by its GHSA id; the statement names CVE-2023-44487 with that alias.
  const auto hit = s.lookup({"GHSA-qppj-fm5r-hxr3"}, "pkg:golang/golang.org/x/net@v0.7.0", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, Kind::kOpenVex);
  EXPECT_EQ(hit->status, "not_affected");
  EXPECT_TRUE(hit->suppresses);
  EXPECT_EQ(hit->vulnerability, "CVE-2023-44487");
  EXPECT_EQ(hit->justification, "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(hit->detail,
            "webapp never starts an HTTP/2 server; x/net is used for its HTML tokenizer only");
  EXPECT_EQ(hit->timestamp, "2024-06-01T10:00:00Z");
  // statements[0] opens on line 11, column 5 of the fixture.
  EXPECT_EQ(hit->where.line, 11u);
  EXPECT_EQ(hit->where.column, 5u);
  EXPECT_NE(hit->where.source.find("webapp.openvex.json"), std::string::npos);
  // Other version, other module: nothing.
  EXPECT_FALSE(s.lookup({"CVE-2023-44487"}, "pkg:golang/golang.org/x/net@v0.8.0", kToday));
  EXPECT_FALSE(s.lookup({"CVE-2023-44487"}, "pkg:golang/golang.org/x/crypto@v0.7.0", kToday));
  // An id the documents do not mention.
  EXPECT_FALSE(s.lookup({"CVE-2099-0001"}, "pkg:golang/golang.org/x/net@v0.7.0", kToday));
}

TEST(OpenVex, AliasesMatchInEitherDirectionAndAnyCase) {
  const auto s = load_fixtures({"openvex/webapp.openvex.json"});
  for (const char* id :
       {"CVE-2023-44487", "cve-2023-44487", "GO-2023-2102", "ghsa-qppj-fm5r-hxr3"}) {
    const auto hit = s.lookup({"PYSEC-0000-0", id}, "pkg:golang/golang.org/x/net@v0.7.0", kToday);
    ASSERT_TRUE(hit) << id;
    EXPECT_TRUE(hit->suppresses) << id;
  }
}

TEST(OpenVex, SubcomponentsAreWhatTheStatementSpeaksOf) {
  const auto s = load_fixtures({"openvex/webapp.openvex.json"});
  // lodash by @id, lodash.template by identifiers.purl, both inside the webapp image.
  for (const char* purl : {"pkg:npm/lodash@4.17.20", "pkg:npm/lodash.template@4.5.0"}) {
    const auto hit = s.lookup({"CVE-2021-23337", "GHSA-35jh-r3h4-6jhm"}, purl, kToday);
    ASSERT_TRUE(hit) << purl;
    EXPECT_TRUE(hit->suppresses);
    EXPECT_EQ(hit->justification, "vulnerable_code_cannot_be_controlled_by_adversary");
    EXPECT_NE(hit->product.find(" in pkg:oci/webapp@sha256"), std::string::npos) << hit->product;
  }
  // The image itself is not what the statement is about, nor another lodash version.
  EXPECT_FALSE(
      s.lookup({"CVE-2021-23337"},
               "pkg:oci/webapp@sha256%3A3c4a2b1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8"
               "a7f6e5d4c3b?repository_url=registry.example.com/apps",
               kToday));
  EXPECT_FALSE(s.lookup({"CVE-2021-23337"}, "pkg:npm/lodash@4.17.21", kToday));
}

TEST(OpenVex, ProductWithoutVersionMatchesEveryVersion) {
  const auto s = load_fixtures({"openvex/webapp.openvex.json"});
  // The product is "pkg:pypi/Django": PEP 503 names compare lower-cased.
  for (const char* purl : {"pkg:pypi/django@4.2.1", "pkg:pypi/Django@3.2", "pkg:pypi/django"}) {
    const auto hit = s.lookup({"PYSEC-2023-100"}, purl, kToday);
    ASSERT_TRUE(hit) << purl;
    EXPECT_EQ(hit->status, "fixed");
    EXPECT_TRUE(hit->suppresses);
    EXPECT_EQ(hit->detail, "EmailValidator/URLValidator patched in our fork");
  }
  EXPECT_FALSE(s.lookup({"PYSEC-2023-100"}, "pkg:pypi/djangorestframework@3.14.0", kToday));
  EXPECT_FALSE(s.lookup({"PYSEC-2023-100"}, "pkg:npm/django@4.2.1", kToday));
}

TEST(OpenVex, QualifiersOfTheProductMustBeInTheComponent) {
  const auto s = load_fixtures({"openvex/webapp.openvex.json"});
  const std::vector<std::string> ids = {"CVE-2023-5678"};
  const auto hit =
      s.lookup(ids, "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->detail,
            "DH key generation with excessively long X9.42 parameters is not reachable: no DH is "
            "configured");
  EXPECT_FALSE(s.lookup(ids, "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64", kToday));
  EXPECT_FALSE(s.lookup(ids, "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-11", kToday));
  EXPECT_FALSE(s.lookup(ids, "pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-12", kToday));
}

TEST(OpenVex, AffectedAnnotatesWithoutSuppressing) {
  const auto s = load_fixtures({"openvex/webapp.openvex.json"});
  const auto hit =
      s.lookup({"CVE-2024-24790", "GO-2024-2887"}, "pkg:golang/stdlib@v1.21.0", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "affected");
  EXPECT_FALSE(hit->suppresses);
  EXPECT_EQ(hit->action, "Rebuild with Go 1.21.11 or later");
}

TEST(OpenVex, LaterDocumentWinsByTimeWhicheverOrderTheyLoad) {
  // later-document.openvex.json (2024-09-15) says GO-2023-2102 affects x/net v0.7.0; webapp's
  // not_affected is from 2024-06-01.
  for (const auto& order : {std::vector<std::string>{"openvex/webapp.openvex.json",
                                                     "openvex/later-document.openvex.json"},
                            std::vector<std::string>{"openvex/later-document.openvex.json",
                                                     "openvex/webapp.openvex.json"}}) {
    const auto s = load_fixtures(order);
    const auto hit = s.lookup({"CVE-2023-44487", "GHSA-qppj-fm5r-hxr3", "GO-2023-2102"},
                              "pkg:golang/golang.org/x/net@v0.7.0", kToday);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->status, "affected");
    EXPECT_FALSE(hit->suppresses);
    EXPECT_EQ(hit->timestamp, "2024-09-15T00:00:00Z");
  }
}

TEST(OpenVex, SameTimeLaterStatementInTheDocumentWins) {
  // Both statements carry only the document's timestamp: the second (not_affected) wins.
  const auto s = load_fixtures({"openvex/same-time.openvex.json"});
  const auto hit = s.lookup({"CVE-2022-25883"}, "pkg:npm/semver@7.3.8", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "not_affected");
  EXPECT_EQ(hit->where.line, 14u);
}

TEST(OpenVex, BadStatementsAreSkippedWithWarningsAndGoodOnesLoad) {
  const auto s = load_fixtures({"openvex/bad-statements.openvex.json"});
  // Seven statements: six unusable (unknown status, bare not_affected, no products, a product
  // that is not a purl, a vulnerability without a name, a string), one good with a bad time.
  EXPECT_EQ(s.size(), 1u);
  ASSERT_EQ(s.warnings().size(), 7u) << warnings_text(s);
  const auto& w = s.warnings();
  EXPECT_NE(w[0].message.find("status \"maybe\""), std::string::npos) << w[0].to_string();
  EXPECT_EQ(w[0].where.line, 11u);  // "status": "maybe"
  EXPECT_EQ(w[0].where.column, 17u);
  EXPECT_NE(w[1].message.find("without a justification"), std::string::npos);
  EXPECT_EQ(w[1].where.line, 16u);
  EXPECT_NE(w[2].message.find("no products"), std::string::npos);
  EXPECT_EQ(w[2].where.line, 18u);
  EXPECT_NE(w[3].message.find("not a purl"), std::string::npos);
  EXPECT_EQ(w[3].where.line, 24u);
  EXPECT_NE(w[4].message.find("no name"), std::string::npos);
  EXPECT_EQ(w[4].where.line, 28u);
  EXPECT_NE(w[5].message.find("JSON object"), std::string::npos);
  EXPECT_EQ(w[5].where.line, 32u);
  EXPECT_NE(w[6].message.find("\"yesterday\""), std::string::npos);
  EXPECT_NE(w[6].to_string().find("bad-statements.openvex.json:"), std::string::npos);
  const auto hit = s.lookup({"CVE-2022-24999"}, "pkg:npm/qs@6.5.3", kToday);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, "fixed");
  EXPECT_FALSE(s.lookup({"CVE-2022-24999"}, "pkg:npm/qs@6.5.2", kToday));
}

TEST(OpenVex, LegacyDocumentsWithStringVulnerabilitiesAndProducts) {
  const auto s = load_fixtures({"openvex/legacy-v0.0.2.openvex.json"});
  EXPECT_EQ(s.size(), 2u) << warnings_text(s);
  for (const char* id : {"CVE-2023-12345", "CVE-2023-12346"}) {
    const auto hit = s.lookup({id}, "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64", kToday);
    ASSERT_TRUE(hit) << id;
    EXPECT_TRUE(hit->suppresses);
  }
  EXPECT_FALSE(s.lookup({"CVE-2023-12345"}, "pkg:apk/wolfi/git@2.39.0-r1?arch=aarch64", kToday));
}

}  // namespace
}  // namespace upkeep::suppress
