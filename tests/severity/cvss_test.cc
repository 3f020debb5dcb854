// SPDX-License-Identifier: Apache-2.0
//
// The CVSS calculator on published examples (tests/fixtures/severity/first_examples_v*.txt),
// refused vectors (invalid_vectors.txt), broken input, and properties the specifications state.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "upkeep/severity.h"

namespace upkeep::severity {
namespace {

std::string fixture(const std::string& name) {
  return std::string(UPKEEP_FIXTURE_DIR) + "/severity/" + name;
}

// The non-comment lines of a fixture, split at TABs (nothing trimmed: spaces are test data).
std::vector<std::vector<std::string>> read_rows(const std::string& name) {
  std::ifstream in(fixture(name));
  EXPECT_TRUE(in.good()) << fixture(name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(fields);
  }
  return rows;
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

void check_examples(const std::string& name, std::size_t expected_rows) {
  const auto rows = read_rows(name);
  EXPECT_EQ(rows.size(), expected_rows);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 2u) << row[0];
    const auto r = parse_cvss(row[0]);
    ASSERT_TRUE(r.is_ok()) << row[0] << ": " << r.status().to_string();
    EXPECT_EQ(one_decimal(r->overall()), row[1]) << row[0];
    EXPECT_EQ(r->rating, rating_of(r->base)) << row[0];
    EXPECT_TRUE(r->warning.empty()) << row[0];
  }
}

TEST(Cvss, FirstExamplesV3) {
  check_examples("first_examples_v3.txt", 24);
}

TEST(Cvss, FirstExamplesV4) {
  check_examples("first_examples_v4.txt", 9);
}

TEST(Cvss, RefusedVectors) {
  const auto rows = read_rows("invalid_vectors.txt");
  EXPECT_GE(rows.size(), 30u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u) << row[0];
    const auto r = parse_cvss(row[0]);
    ASSERT_FALSE(r.is_ok()) << "accepted: '" << row[0] << "'";
    EXPECT_EQ(r.status().code(),
              row[1] == "unsupported" ? StatusCode::kUnsupported : StatusCode::kInvalidArgument)
        << row[0] << ": " << r.status().to_string();
    EXPECT_NE(r.status().message().find(row[2]), std::string::npos)
        << "'" << row[0] << "': message '" << r.status().message() << "' lacks '" << row[2] << "'";
  }
}

TEST(Cvss, BrokenInput) {
  EXPECT_EQ(parse_cvss("").status().code(), StatusCode::kInvalidArgument);
  // Truncated at every byte: each prefix of a valid vector that lacks a base metric is refused.
  const std::string full = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  for (std::size_t n = 0; n + 1 < full.size(); ++n) {
    EXPECT_FALSE(parse_cvss(full.substr(0, n)).is_ok()) << full.substr(0, n);
  }
  // Invalid UTF-8 and NUL bytes in a value, and in a metric name.
  EXPECT_FALSE(parse_cvss("CVSS:3.1/AV:\xff/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").is_ok());
  EXPECT_FALSE(
      parse_cvss(std::string("CVSS:3.1/AV:N\0/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 45)).is_ok());
  EXPECT_FALSE(
      parse_cvss("CVSS:4.0/\xc3\x28:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").is_ok());
  // Huge input, generated: refused by length before any work, and the message stays short.
  std::string huge = full;
  while (huge.size() < 1'000'000)
    huge += "/E:X";
  const auto r = parse_cvss(huge);
  ASSERT_FALSE(r.is_ok());
  EXPECT_LT(r.status().message().size(), 200u);
  // Many fields, under the length limit: the duplicate is found.
  EXPECT_NE(parse_cvss(full + "/E:X/E:X").status().message().find("duplicate"), std::string::npos);
}

TEST(Cvss, TrailingSlashIsTheOneLeniency) {
  // GHSA-f5pg-7wfw-84q9 (../shared/data/osv/ghsa-sample.zip) carries this exact vector.
  const auto r = parse_cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->warning, "trailing '/' ignored");
  EXPECT_EQ(r->canonical, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C");
  // 9.8 x 0.94 x 0.95 x 1 = 8.7514 -> Roundup 8.8
  EXPECT_EQ(one_decimal(*r->temporal), "8.8");
}

TEST(Cvss, OrderDoesNotMatter) {
  const auto a = parse_cvss("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H");
  const auto b = parse_cvss("CVSS:3.1/A:H/I:H/C:H/S:C/UI:N/PR:L/AC:L/AV:N");
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->base, b->base);
  EXPECT_EQ(a->canonical, b->canonical);
  // The out-of-order GHSA vector of github/advisory-database issue #7448 and its canonical form.
  const auto c = parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N");
  const auto d = parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_TRUE(c.is_ok() && d.is_ok());
  EXPECT_EQ(c->base, d->base);
  EXPECT_EQ(c->canonical, "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
}

TEST(Cvss, NotDefinedMetrics) {
  // X everywhere optional: no temporal/environmental score, canonical drops the X metrics.
  const auto r = parse_cvss(
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/"
      "MPR:X/MUI:X/MS:X/MC:X/MI:X/MA:X");
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->temporal.has_value());
  EXPECT_FALSE(r->environmental.has_value());
  EXPECT_EQ(r->canonical, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  // A v4.0 vector from Bitnami's data with every optional metric X: CVSS-B, no full score.
  const auto v4 = parse_cvss(
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X/"
      "MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X");
  ASSERT_TRUE(v4.is_ok());
  EXPECT_FALSE(v4->full.has_value());
  EXPECT_EQ(v4->nomenclature, "CVSS-B");
  // Supplemental metrics never change the score nor the nomenclature.
  const auto supp = parse_cvss(
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N/S:P/AU:Y/R:I/V:C/RE:H/"
      "U:Red");
  ASSERT_TRUE(supp.is_ok());
  EXPECT_EQ(supp->base, v4->base);
  EXPECT_EQ(supp->nomenclature, "CVSS-B");
}

TEST(Cvss, V4MacroVectorAndNomenclature) {
  // EQ1 0 (AV:N, PR:N, UI:N), EQ2 0 (AC:L, AT:N), EQ3 2 (no H among VC/VI/VA), EQ4 2 (no H
  // among SC/SI/SA), EQ5 0 (E defaults to A), EQ6 1 (no H impact to pair with a requirement).
  const auto r = parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->macro_vector, "002201");
  EXPECT_EQ(r->nomenclature, "CVSS-B");
  const auto t = parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:U");
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(t->nomenclature, "CVSS-BT");
  EXPECT_EQ(t->macro_vector, "002201");  // of the base metrics
  const auto e = parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/CR:L");
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->nomenclature, "CVSS-BE");
  const auto te =
      parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:P/MSI:S");
  ASSERT_TRUE(te.is_ok());
  EXPECT_EQ(te->nomenclature, "CVSS-BTE");
  ASSERT_TRUE(te->full.has_value());
  EXPECT_GT(*te->full, te->base);  // MSI:S (safety) raises EQ4 to its top level
}

// Every one of the 104,976 v4.0 base vectors: a score in [0, 10] with one decimal, 0.0 exactly
// when nothing is impacted, and (section 2: threat and environmental metrics default to the
// highest severity) the same score when E:A/CR:H/IR:H/AR:H are written out.
TEST(Cvss, V4WholeBaseSpace) {
  const char* av = "NALP";
  const char* two[] = {"LH", "NP"};
  const char* pr = "NLH";
  const char* ui = "NPA";
  const char* cia = "HLN";
  std::size_t count = 0;
  for (int i = 0; i < 4 * 2 * 2 * 3 * 3 * 729; ++i) {
    int k = i;
    auto pick = [&k](const char* values, int n) {
      const char c = values[k % n];
      k /= n;
      return c;
    };
    std::string v = "CVSS:4.0/AV:";
    v += pick(av, 4);
    v += std::string("/AC:") + pick(two[0], 2) + "/AT:" + pick(two[1], 2) + "/PR:" + pick(pr, 3) +
         "/UI:" + pick(ui, 3);
    bool impact = false;
    for (const char* m : {"VC", "VI", "VA", "SC", "SI", "SA"}) {
      const char c = pick(cia, 3);
      impact = impact || c != 'N';
      v += std::string("/") + m + ":" + c;
    }
    const auto r = parse_cvss(v);
    ASSERT_TRUE(r.is_ok()) << v;
    ASSERT_TRUE(r->base >= 0.0 && r->base <= 10.0) << v;
    ASSERT_DOUBLE_EQ(r->base, std::round(r->base * 10) / 10) << v;
    ASSERT_EQ(r->base == 0.0, !impact) << v << " " << r->base;
    const auto worst = parse_cvss(v + "/E:A/CR:H/IR:H/AR:H");
    ASSERT_TRUE(worst.is_ok() && worst->full.has_value()) << v;
    ASSERT_EQ(*worst->full, r->base) << v;
    ++count;
  }
  EXPECT_EQ(count, 104'976u);
}

// v3: temporal metrics at their neutral values (E:H, RL:U, RC:C, all weighing 1) leave the base
// score unchanged; so do environmental metrics that restate nothing (requirements M) when the
// scope is unchanged.
TEST(Cvss, V3NeutralOptionalMetrics) {
  const char* vectors[] = {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",
                           "CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:L",
                           "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H"};
  for (const char* v : vectors) {
    const auto base = parse_cvss(v);
    const auto t = parse_cvss(std::string(v) + "/E:H/RL:U/RC:C");
    ASSERT_TRUE(base.is_ok() && t.is_ok()) << v;
    EXPECT_EQ(*t->temporal, base->base) << v;
  }
  for (const char* v : {vectors[1], vectors[2]}) {
    const auto base = parse_cvss(v);
    const auto e = parse_cvss(std::string(v) + "/CR:M/IR:M/AR:M");
    ASSERT_TRUE(base.is_ok() && e.is_ok()) << v;
    EXPECT_EQ(*e->environmental, base->base) << v;
  }
  // Scope changed under v3.1: the environmental equation is not the base one (section 7.3 uses
  // [MISS x 0.9731 - 0.02]^13 where the base uses [ISS - 0.02]^15), so the same metrics score
  // 10.0 instead of 9.9: M.Impact = 7.52 x 0.885816 - 3.25 x 0.870207^13 = 6.128026,
  // M.Exploitability = 3.109634, 1.08 x 9.237660 = 9.976673 -> 10.0 (the base: Impact 6.047730,
  // 1.08 x 9.157365 = 9.889954 -> 9.9).
  const auto e = parse_cvss(std::string(vectors[0]) + "/CR:M/IR:M/AR:M");
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->base, 9.9);
  EXPECT_EQ(*e->environmental, 10.0);
}

TEST(Cvss, RoundupDiffersBetweenV30AndV31) {
  // The scores of a vector under 3.0 and 3.1 differ only by Roundup: 3.0 takes ceil(x * 10) / 10
  // on the raw double, 3.1 first rounds to 5 decimals (Appendix A). Over the 2,592 base vectors
  // the two agree on every base score (the spec's reason for Appendix A is values like
  // 4.000000000000001 that do not occur in the base equations' products) -- a property of the
  // data, checked here so that a change to either Roundup shows.
  std::size_t differ = 0, total = 0;
  const char* vals[] = {"NALP", "LH", "NLH", "NR", "UC", "HLN", "HLN", "HLN"};
  const char* names[] = {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};
  const int sizes[] = {4, 2, 3, 2, 2, 3, 3, 3};
  for (int i = 0; i < 4 * 2 * 3 * 2 * 2 * 27; ++i) {
    int k = i;
    std::string body;
    for (int m = 0; m < 8; ++m) {
      body += std::string("/") + names[m] + ":" + vals[m][k % sizes[m]];
      k /= sizes[m];
    }
    const auto a = parse_cvss("CVSS:3.0" + body);
    const auto b = parse_cvss("CVSS:3.1" + body);
    ASSERT_TRUE(a.is_ok() && b.is_ok()) << body;
    differ += a->base != b->base;
    ++total;
  }
  EXPECT_EQ(total, 2592u);
  EXPECT_EQ(differ, 0u);
}

TEST(Rating, Boundaries) {
  EXPECT_EQ(rating_of(0.0), Rating::kNone);
  EXPECT_EQ(rating_of(0.1), Rating::kLow);
  EXPECT_EQ(rating_of(3.9), Rating::kLow);
  EXPECT_EQ(rating_of(4.0), Rating::kMedium);
  EXPECT_EQ(rating_of(6.9), Rating::kMedium);
  EXPECT_EQ(rating_of(7.0), Rating::kHigh);
  EXPECT_EQ(rating_of(8.9), Rating::kHigh);
  EXPECT_EQ(rating_of(9.0), Rating::kCritical);
  EXPECT_EQ(rating_of(10.0), Rating::kCritical);
  EXPECT_EQ(rating_of(-0.1), Rating::kUnknown);
  EXPECT_EQ(rating_of(10.1), Rating::kUnknown);
  EXPECT_EQ(rating_of(std::nan("")), Rating::kUnknown);
  EXPECT_EQ(rating_name(Rating::kMedium), "Medium");
  EXPECT_LT(Rating::kUnknown, Rating::kNone);
  EXPECT_LT(Rating::kHigh, Rating::kCritical);
}

}  // namespace
}  // namespace upkeep::severity
