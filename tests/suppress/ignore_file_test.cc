// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "suppress/suppress_testing.h"

namespace upkeep::suppress {
namespace {

using testing::date;
using testing::load_fixtures;
using testing::warnings_text;

// The YAML and the line form of the same four entries behave the same.
class IgnoreFile : public ::testing::TestWithParam<const char*> {};

TEST_P(IgnoreFile, GlobPatternAndAliases) {
  const auto s = load_fixtures({GetParam()});
  EXPECT_TRUE(s.warnings().empty()) << warnings_text(s);
  EXPECT_EQ(s.size(), 4u);
  const auto hit = s.lookup({"CVE-2023-44487", "GHSA-qppj-fm5r-hxr3"},
                            "pkg:golang/golang.org/x/net@v0.7.0", date("2025-06-01"));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, Kind::kIgnoreFile);
  EXPECT_EQ(hit->status, "ignored");
  EXPECT_TRUE(hit->suppresses);
  EXPECT_EQ(hit->detail,
            "HTTP/2 rapid reset; the service sits behind the edge proxy, which terminates HTTP/2");
  EXPECT_EQ(hit->product, "pkg:golang/golang.org/x/*");
  ASSERT_TRUE(hit->expires);
  EXPECT_EQ(hit->expires->to_string(), "2027-01-31");
  EXPECT_TRUE(s.lookup({"GHSA-qppj-fm5r-hxr3"}, "pkg:golang/golang.org/x/crypto@v0.1.0",
                       date("2025-06-01")));
  EXPECT_FALSE(s.lookup({"GHSA-qppj-fm5r-hxr3"}, "pkg:golang/google.golang.org/grpc@v1.56.2",
                        date("2025-06-01")));
}

TEST_P(IgnoreFile, ExpiryIsInclusiveThenAnnotatesOnly) {
  const auto s = load_fixtures({GetParam()});
  const std::vector<std::string> ids = {"GHSA-qppj-fm5r-hxr3"};
  const char* purl = "pkg:golang/golang.org/x/net@v0.7.0";
  EXPECT_TRUE(s.lookup(ids, purl, date("2027-01-31"))->suppresses);
  const auto after = s.lookup(ids, purl, date("2027-02-01"));
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->suppresses);
  EXPECT_TRUE(after->expired);
  EXPECT_EQ(s.expired_entries(date("2027-01-31")).size(), 1u);  // semver's, 2024-12-31
  const auto expired = s.expired_entries(date("2027-02-01"));
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_NE(expired[0].message.find("expired on 2027-01-31"), std::string::npos)
      << expired[0].to_string();
}

TEST_P(IgnoreFile, VersionGlob) {
  const auto s = load_fixtures({GetParam()});
  EXPECT_TRUE(s.lookup({"CVE-2022-25883"}, "pkg:npm/semver@7.3.8", date("2024-06-01"))->suppresses);
  EXPECT_FALSE(s.lookup({"CVE-2022-25883"}, "pkg:npm/semver@7.5.2", date("2024-06-01")));
  EXPECT_FALSE(s.lookup({"CVE-2022-25883"}, "pkg:npm/semver@7.30.0", date("2024-06-01")));
  EXPECT_TRUE(s.lookup({"CVE-2022-25883"}, "pkg:npm/semver@7.3.8", date("2025-01-01"))->expired);
}

TEST_P(IgnoreFile, EntryWithoutPatternAppliesToEveryComponent) {
  const auto s = load_fixtures({GetParam()});
  for (const char* purl : {"pkg:pypi/django@4.2.1", "pkg:npm/anything@1.0.0", "not a purl", ""}) {
    const auto hit = s.lookup({"PYSEC-2023-100"}, purl, date("2030-01-01"));
    ASSERT_TRUE(hit) << purl;
    EXPECT_TRUE(hit->suppresses);
    EXPECT_FALSE(hit->expires);
  }
}

TEST_P(IgnoreFile, QualifierInPattern) {
  const auto s = load_fixtures({GetParam()});
  const auto today = date("2025-06-01");
  EXPECT_TRUE(s.lookup({"CVE-2023-5678"},
                       "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                       today));
  EXPECT_FALSE(
      s.lookup({"CVE-2023-5678"}, "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64", today));
  EXPECT_FALSE(s.lookup({"CVE-2023-5678"}, "not a purl", today));
}

INSTANTIATE_TEST_SUITE_P(Forms, IgnoreFile,
                         ::testing::Values("ignore/upkeepignore.yaml", "ignore/upkeepignore.txt"));

TEST(IgnoreFileLines, EntriesPointAtTheirLine) {
  const auto yaml = load_fixtures({"ignore/upkeepignore.yaml"});
  const auto hit = yaml.lookup({"CVE-2022-25883"}, "pkg:npm/semver@7.3.8", date("2024-01-01"));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->where.line, 8u);  // "  - id: CVE-2022-25883"
  EXPECT_EQ(hit->where.column, 5u);
  const auto text = load_fixtures({"ignore/upkeepignore.txt"});
  const auto line = text.lookup({"CVE-2023-5678"}, "pkg:deb/debian/openssl@3?distro=debian-12",
                                date("2024-01-01"));
  ASSERT_TRUE(line);
  EXPECT_EQ(line->where.line, 6u);
  EXPECT_EQ(line->where.column, 2u);  // after a tab
  EXPECT_EQ(line->detail, "no DH configured anywhere on these hosts");
}

TEST(IgnoreFileBad, YamlEntriesSkippedWithWarnings) {
  const auto s = load_fixtures({"ignore/bad-entries.yaml"});
  EXPECT_EQ(s.size(), 1u);
  // No reason; 2027-02-30; a pattern without pkg:; a string; a list as id; an unknown key (the
  // entry is kept); no id.
  ASSERT_EQ(s.warnings().size(), 7u) << warnings_text(s);
  const auto& w = s.warnings();
  const std::pair<const char*, uint64_t> expected[] = {{"needs a reason", 2},
                                                       {"not a day of the calendar", 4},
                                                       {"must start with pkg:", 7},
                                                       {"is a mapping", 10},
                                                       {"is a single value", 11},
                                                       {"unknown key \"owner\"", 15},
                                                       {"without a vulnerability id", 16}};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_NE(w[i].message.find(expected[i].first), std::string::npos) << w[i].to_string();
    EXPECT_EQ(w[i].where.line, expected[i].second) << w[i].to_string();
  }
  EXPECT_TRUE(s.lookup({"CVE-2021-45046"}, "pkg:maven/x/y@1", date("2025-01-01")));
}

TEST(IgnoreFileBad, LineEntriesSkippedWithWarnings) {
  const auto s = load_fixtures({"ignore/bad-entries.txt"});
  EXPECT_EQ(s.size(), 1u);
  ASSERT_EQ(s.warnings().size(), 4u) << warnings_text(s);
  const auto& w = s.warnings();
  EXPECT_NE(w[0].message.find("needs a reason"), std::string::npos);
  EXPECT_NE(w[1].message.find("YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(w[2].message.find("no type"), std::string::npos) << w[2].to_string();
  EXPECT_NE(w[3].message.find("without a date"), std::string::npos);
  for (size_t i = 0; i < 4; ++i)
    EXPECT_EQ(w[i].where.line, i + 1);
  const auto hit = s.lookup({"CVE-2021-45046"}, "", date("2025-01-01"));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->detail, "kept");
}

TEST(Precedence, IgnoreEntryWinsOverAnyVexStatement) {
  // later-document says affected (2024-09-15); the ignore file's entry still decides.
  const auto s = load_fixtures({"openvex/webapp.openvex.json",
                                "openvex/later-document.openvex.json", "ignore/upkeepignore.yaml"});
  const auto hit = s.lookup({"GO-2023-2102", "GHSA-qppj-fm5r-hxr3"},
                            "pkg:golang/golang.org/x/net@v0.7.0", date("2025-06-01"));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, Kind::kIgnoreFile);
  // Once it has expired, the latest VEX statement decides again.
  const auto later = s.lookup({"GO-2023-2102", "GHSA-qppj-fm5r-hxr3"},
                              "pkg:golang/golang.org/x/net@v0.7.0", date("2027-06-01"));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->kind, Kind::kOpenVex);
  EXPECT_EQ(later->status, "affected");
}

}  // namespace
}  // namespace upkeep::suppress
