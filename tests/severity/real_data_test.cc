// SPDX-License-Identifier: Apache-2.0
//
// The calculator on the real data in ../shared/data: every CVSS vector of the OSV zips must
// parse, and where a source states its own severity or score next to a vector, compare.
// The expected counts were taken with a Python script over the same zips (json + zipfile); the
// comments say what each number is.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/severity.h"

namespace upkeep::severity {
namespace {

// Calls `fn(name, bytes)` for each regular file in the zip at `path`.
void for_each_entry(const std::string& path,
                    const std::function<void(const std::string&, const std::string&)>& fn) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  ASSERT_EQ(archive_read_open_filename(a.get(), path.c_str(), 1 << 16), ARCHIVE_OK) << path;
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    std::string bytes(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    const auto n = archive_read_data(a.get(), bytes.data(), bytes.size());
    ASSERT_EQ(n, static_cast<la_ssize_t>(bytes.size()))
        << path << ": " << archive_entry_pathname(entry);
    fn(archive_entry_pathname(entry), bytes);
  }
}

std::string shared_or_skip() {
  return upkeep::testing::shared_data_dir();
}

struct Vector {
  std::string type;   // CVSS_V3, CVSS_V4, Ubuntu, ...
  std::string score;  // the vector (or the label, for non-CVSS types)
};

// severity[] of the record and of each affected[] entry.
std::vector<Vector> severities(simdjson::dom::element record) {
  std::vector<Vector> out;
  auto collect = [&out](simdjson::dom::element holder) {
    simdjson::dom::array list;
    if (holder["severity"].get(list) != simdjson::SUCCESS) return;
    for (simdjson::dom::element s : list) {
      std::string_view type, score;
      if (s["type"].get(type) == simdjson::SUCCESS && s["score"].get(score) == simdjson::SUCCESS) {
        out.push_back({std::string(type), std::string(score)});
      }
    }
  };
  collect(record);
  simdjson::dom::array affected;
  if (record["affected"].get(affected) == simdjson::SUCCESS) {
    for (simdjson::dom::element a : affected)
      collect(a);
  }
  return out;
}

TEST(RealData, EveryOsvVectorParses) {
  const std::string shared = shared_or_skip();
  if (shared.empty()) GTEST_SKIP() << "../shared/data not found";
  std::map<std::string, int> per_zip;
  int total = 0, warnings = 0;
  std::vector<std::string> failures;
  simdjson::dom::parser parser;
  for (const auto& file : std::filesystem::directory_iterator(shared + "/osv")) {
    if (file.path().extension() != ".zip") continue;
    const std::string zip = file.path().filename().string();
    for_each_entry(file.path().string(), [&](const std::string& name, const std::string& bytes) {
      simdjson::dom::element record;
      if (parser.parse(simdjson::padded_string(bytes)).get(record) != simdjson::SUCCESS) return;
      for (const auto& s : severities(record)) {
        if (s.type == "CVSS_V3" || s.type == "CVSS_V4") {
          ++total;
          ++per_zip[zip];
          const auto r = parse_cvss(s.score);
          if (!r) {
            failures.push_back(zip + "/" + name + ": " + r.status().to_string());
            continue;
          }
          if (!r->warning.empty()) ++warnings;
          // The OSV type names the major version.
          EXPECT_EQ(s.type == "CVSS_V4", r->version == CvssVersion::kV4_0) << name;
        } else if (s.type == "Ubuntu") {
          // Ubuntu's priority in the severity list (ubuntu-sample.zip has one, "medium").
          EXPECT_NE(normalise_severity_label(s.score), Rating::kUnknown) << name << " " << s.score;
        }
      }
    });
  }
  for (const auto& [zip, n] : per_zip)
    std::printf("  %s: %d CVSS vectors\n", zip.c_str(), n);
  EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
  // Bitnami 6,729 CVSS_V3 + 704 CVSS_V4, PyPI 202, crates.io 360 + 57, ghsa-sample 39 + 3,
  // alpine-sample 1, ubuntu-sample 1 (severity entries, top level and per affected package).
  EXPECT_EQ(total, 8096);
  EXPECT_EQ(per_zip["Bitnami.zip"], 7433);
  // GHSA-f5pg-7wfw-84q9's vector ends in '/': accepted with the warning.
  EXPECT_EQ(warnings, 1);
}

// Bitnami states a severity word for each record (database_specific.severity) computed from its
// CVSS vector: the rating of our score must be that word for every record. Bitnami rates a v4.0
// vector by its full score (CVSS-BT: its vectors carry E:U on 41 records, which lowers them).
TEST(RealData, BitnamiSeverityMatchesOurRating) {
  const std::string shared = shared_or_skip();
  if (shared.empty()) GTEST_SKIP() << "../shared/data not found";
  int compared = 0;
  std::vector<std::string> mismatches;
  simdjson::dom::parser parser;
  for_each_entry(shared + "/osv/Bitnami.zip", [&](const std::string& name,
                                                  const std::string& bytes) {
    simdjson::dom::element record;
    ASSERT_EQ(parser.parse(simdjson::padded_string(bytes)).get(record), simdjson::SUCCESS) << name;
    std::string_view label;
    if (record["database_specific"]["severity"].get(label) != simdjson::SUCCESS) return;
    const auto list = severities(record);
    const Vector* chosen = nullptr;
    for (const auto& s : list) {
      if (s.type == "CVSS_V3" && chosen == nullptr) chosen = &s;
    }
    for (const auto& s : list) {
      if (s.type == "CVSS_V4" && chosen == nullptr) chosen = &s;
    }
    if (chosen == nullptr) return;
    const auto r = parse_cvss(chosen->score);
    ASSERT_TRUE(r.is_ok()) << name;
    ++compared;
    if (rating_of(r->overall()) != normalise_severity_label(label)) {
      mismatches.push_back(name + ": " + std::string(label) + " vs " + chosen->score);
    }
  });
  // 7,444 records, 11 without a CVSS vector.
  EXPECT_EQ(compared, 7433);
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << ", first: " << mismatches.front();
}

// GitHub's reviewed advisories state a severity word too, chosen by a person: it follows the
// CVSS v3 rating on 37 of the 39 sample records with a v3 vector. The two others:
// GHSA-f5pg-7wfw-84q9 says MODERATE for a 9.8 base vector (E:P/RL:O temporal 8.8 is still High)
// and GHSA-v778-237x-gjrc says HIGH for AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N, whose base score is
// 6.42 x 0.8064 = 5.1771 + 3.8870 = 9.0641 -> 9.1, Critical.
TEST(RealData, GhsaSeverityMostlyMatchesOurRating) {
  const std::string shared = shared_or_skip();
  if (shared.empty()) GTEST_SKIP() << "../shared/data not found";
  int compared = 0;
  std::vector<std::string> mismatches;
  simdjson::dom::parser parser;
  for_each_entry(shared + "/osv/ghsa-sample.zip", [&](const std::string& name,
                                                      const std::string& bytes) {
    simdjson::dom::element record;
    ASSERT_EQ(parser.parse(simdjson::padded_string(bytes)).get(record), simdjson::SUCCESS) << name;
    std::string_view label;
    if (record["database_specific"]["severity"].get(label) != simdjson::SUCCESS) return;
    for (const auto& s : severities(record)) {
      if (s.type != "CVSS_V3") continue;
      const auto r = parse_cvss(s.score);
      ASSERT_TRUE(r.is_ok()) << name;
      ++compared;
      if (r->rating != normalise_severity_label(label)) mismatches.push_back(name);
      break;
    }
  });
  EXPECT_EQ(compared, 39);
  EXPECT_EQ(mismatches,
            (std::vector<std::string>{"GHSA-f5pg-7wfw-84q9.json", "GHSA-v778-237x-gjrc.json"}));
}

// The Node.js security WG's records pair a vector with a score typed by hand (cvss_vector,
// cvss_score): 458 pairs, all vectors parse, 435 scores equal ours. The 23 others are the data's
// own slips, e.g. vuln/npm/363.json states 9.3 for CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N,
// which is 6.42 x 0.56 = 3.5952 + 8.22 x 0.85 x 0.77 x 0.85 x 0.85 = 3.8870 -> Roundup(7.4822) =
// 7.5; ae-cvss-calculator and @pandatix/js-cvss give 7.5 too (differential.cvss).
TEST(RealData, NodejsSecurityWgScores) {
  const std::string shared = shared_or_skip();
  if (shared.empty()) GTEST_SKIP() << "../shared/data not found";
  int pairs = 0, equal = 0;
  std::vector<std::string> refused;
  simdjson::dom::parser parser;
  for_each_entry(shared + "/nodejs/security-wg-vuln.zip", [&](const std::string& name,
                                                              const std::string& bytes) {
    if (!name.ends_with(".json")) return;
    simdjson::dom::element record;
    if (parser.parse(simdjson::padded_string(bytes)).get(record) != simdjson::SUCCESS) return;
    std::string_view vector;
    double stated = 0;
    if (record["cvss_vector"].get(vector) != simdjson::SUCCESS || vector.empty()) return;
    if (record["cvss_score"].get(stated) != simdjson::SUCCESS) {
      int64_t whole = 0;
      if (record["cvss_score"].get(whole) != simdjson::SUCCESS) return;
      stated = static_cast<double>(whole);
    }
    ++pairs;
    const auto r = parse_cvss(vector);
    if (!r) {
      refused.push_back(name);
      return;
    }
    equal += std::fabs(r->base - stated) < 1e-9;
  });
  EXPECT_EQ(pairs, 458);
  EXPECT_EQ(refused, std::vector<std::string>{"vuln/npm/504.json"});
  EXPECT_EQ(equal, 435);
}

// RustSec's own advisories (Markdown with TOML front matter) carry `cvss = "CVSS:3.x/..."`: 420
// advisories, every vector parses.
TEST(RealData, RustsecVectorsParse) {
  const std::string shared = shared_or_skip();
  if (shared.empty()) GTEST_SKIP() << "../shared/data not found";
  int found = 0;
  for_each_entry(shared + "/rustsec/advisory-db.zip",
                 [&](const std::string& name, const std::string& text) {
                   std::size_t pos = 0;
                   while ((pos = text.find("\ncvss", pos)) != std::string::npos) {
                     pos += 5;
                     const auto eol = text.find('\n', pos);
                     std::string_view line(text.data() + pos,
                                           (eol == std::string::npos ? text.size() : eol) - pos);
                     const auto open = line.find('"');
                     const auto close = line.rfind('"');
                     if (line.find('=') == std::string_view::npos || open == close) continue;
                     const auto r = parse_cvss(line.substr(open + 1, close - open - 1));
                     EXPECT_TRUE(r.is_ok()) << name << ": " << r.status().to_string();
                     ++found;
                   }
                 });
  EXPECT_EQ(found, 420);
}

}  // namespace
}  // namespace upkeep::severity
