// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "support/inventory_testing.h"
#include "upkeep/advisory_store.h"

namespace upkeep::advisory {
namespace {

std::string fixture(const std::string& name) {
  return upkeep::testing::read_host_file(std::string(UPKEEP_FIXTURE_DIR) + "/advisory/" + name);
}

TEST(Kev, EntriesWithTheirFieldsAndBrokenOnesReported) {
  const std::string text = fixture("kev/small.json");
  EXPECT_TRUE(looks_like_kev(text));
  auto kev = parse_kev(text);
  ASSERT_TRUE(kev.is_ok()) << kev.status().message();
  EXPECT_EQ(kev->version, "2024.06.01");
  EXPECT_EQ(kev->date_released, "2024-06-01T12:00:00.0000Z");
  ASSERT_EQ(kev->entries.size(), 2u);
  const KevEntry& log4j = kev->entries[0];
  EXPECT_EQ(log4j.cve, "CVE-2021-44228");
  EXPECT_EQ(log4j.vendor, "Apache");
  EXPECT_EQ(log4j.product, "Log4j2");
  EXPECT_EQ(log4j.date_added, "2021-12-10");
  EXPECT_EQ(log4j.due_date, "2021-12-24");
  EXPECT_TRUE(log4j.ransomware);
  EXPECT_FALSE(kev->entries[1].ransomware);  // "Unknown"
  ASSERT_EQ(kev->problems.size(), 2u);
  EXPECT_EQ(kev->problems[0].pointer, "/vulnerabilities/2/cveID");
  EXPECT_EQ(kev->problems[1].pointer, "/vulnerabilities/3");
}

TEST(Kev, BrokenInputsAreErrorsOrProblemsNeverCrashes) {
  for (const char* name : {"kev/empty.json", "kev/truncated.json", "kev/not_catalog.json",
                           "kev/deep_nesting.json", "kev/invalid_utf8.json"}) {
    auto kev = parse_kev(fixture(name));
    EXPECT_FALSE(kev.is_ok()) << name;
    EXPECT_FALSE(kev.status().message().empty()) << name;
  }
  EXPECT_NE(parse_kev(fixture("kev/truncated.json")).status().message().find("line"),
            std::string::npos);
  // A cveID of the wrong type skips the entry; other fields of the wrong type stay empty.
  auto wrong = parse_kev(fixture("kev/wrong_types.json"));
  ASSERT_TRUE(wrong.is_ok()) << wrong.status().message();
  ASSERT_EQ(wrong->entries.size(), 1u);
  EXPECT_EQ(wrong->entries[0].cve, "CVE-2024-0001");
  EXPECT_EQ(wrong->entries[0].vendor, "");
  EXPECT_FALSE(wrong->entries[0].ransomware);
  EXPECT_EQ(wrong->problems.size(), 1u);
}

TEST(Kev, RealCatalogue) {
  const std::string dir = upkeep::testing::shared_data_dir();
  if (dir.empty()) GTEST_SKIP() << "no shared data";
  auto kev =
      parse_kev(upkeep::testing::read_host_file(dir + "/kev/known_exploited_vulnerabilities.json"));
  ASSERT_TRUE(kev.is_ok()) << kev.status().message();
  // The data README and the file's "count": 1404; python3 json: 293 with
  // knownRansomwareCampaignUse == "Known", 1404 distinct cveIDs.
  EXPECT_EQ(kev->version, "2025.08.25");
  EXPECT_EQ(kev->entries.size(), 1404u);
  EXPECT_TRUE(kev->problems.empty());
  size_t known = 0;
  for (const auto& e : kev->entries)
    known += e.ransomware;
  EXPECT_EQ(known, 293u);
}

TEST(Epss, ScoresWithModelAndDate) {
  const std::string text = fixture("epss/small.csv");
  EXPECT_TRUE(looks_like_epss(text));
  auto epss = parse_epss_csv(text);
  ASSERT_TRUE(epss.is_ok()) << epss.status().message();
  EXPECT_EQ(epss->model_version, "v2023.03.01");
  EXPECT_EQ(epss->score_date, "2024-06-01T00:00:00+0000");
  ASSERT_EQ(epss->scores.size(), 4u);
  EXPECT_EQ(epss->scores[1].cve, "CVE-2021-44228");
  EXPECT_DOUBLE_EQ(epss->scores[1].score, 0.97565);
  EXPECT_DOUBLE_EQ(epss->scores[1].percentile, 0.99996);
  EXPECT_TRUE(epss->problems.empty());
}

TEST(Epss, BadRowsAreReportedByLine) {
  auto epss = parse_epss_csv(fixture("epss/bad_rows.csv"));
  ASSERT_TRUE(epss.is_ok()) << epss.status().message();
  ASSERT_EQ(epss->scores.size(), 2u);
  EXPECT_EQ(epss->scores[1].cve, "CVE-2021-44235");
  // Lines 4 (score 1.5), 5 (not a CVE), 6 (two fields), 7 (abc), 8 (four fields), 9 ("+0.1"),
  // 10 (nan); line 11 is empty and ignored.
  ASSERT_EQ(epss->problems.size(), 7u);
  EXPECT_EQ(epss->problems[0].pointer, "line 4");
  EXPECT_EQ(epss->problems[6].pointer, "line 10");
}

TEST(Epss, CrlfHeaderlessAndBrokenFiles) {
  auto crlf = parse_epss_csv(fixture("epss/crlf.csv"));
  ASSERT_TRUE(crlf.is_ok()) << crlf.status().message();
  ASSERT_EQ(crlf->scores.size(), 1u);
  EXPECT_DOUBLE_EQ(crlf->scores[0].percentile, 0.6);
  for (const char* name : {"epss/no_header.csv", "epss/empty.csv", "epss/truncated.csv"}) {
    EXPECT_FALSE(parse_epss_csv(fixture(name)).is_ok()) << name;
  }
  auto utf8 = parse_epss_csv(fixture("epss/invalid_utf8.csv"));
  ASSERT_TRUE(utf8.is_ok());
  EXPECT_TRUE(utf8->scores.empty());
  EXPECT_EQ(utf8->problems.size(), 1u);
}

TEST(Epss, HugeGeneratedFileAndProblemCap) {
  // 300,000 rows (the real file has about 270,000), every 1000th one broken.
  std::string text =
      "#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000\n"
      "cve,epss,percentile\n";
  for (int i = 0; i < 300000; ++i) {
    if (i % 1000 == 999) {
      text += "CVE-2024-" + std::to_string(10000 + i) + ",x,y\n";
    } else {
      text +=
          "CVE-2024-" + std::to_string(10000 + i) + ",0." + std::to_string(i % 100000) + ",0.5\n";
    }
  }
  auto epss = parse_epss_csv(text);
  ASSERT_TRUE(epss.is_ok());
  EXPECT_EQ(epss->scores.size(), 300000u - 300u);
  // 300 broken rows: 100 reported, then one line counting the other 200.
  ASSERT_EQ(epss->problems.size(), 101u);
  EXPECT_NE(epss->problems.back().message.find("200 more"), std::string::npos);
}

}  // namespace
}  // namespace upkeep::advisory
