// SPDX-License-Identifier: Apache-2.0
//
// normalise_severity_label() over the words the advisory sources use
// (tests/fixtures/severity/labels.txt says where each comes from).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "upkeep/severity.h"

namespace upkeep::severity {
namespace {

TEST(SeverityLabels, Fixture) {
  std::ifstream in(std::string(UPKEEP_FIXTURE_DIR) + "/severity/labels.txt");
  ASSERT_TRUE(in.good());
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.rfind('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string label = line.substr(0, tab);
    EXPECT_EQ(rating_name(normalise_severity_label(label)), line.substr(tab + 1))
        << "'" << label << "'";
    ++rows;
  }
  EXPECT_EQ(rows, 29);
}

TEST(SeverityLabels, Unusual) {
  EXPECT_EQ(normalise_severity_label(""), Rating::kUnknown);
  EXPECT_EQ(normalise_severity_label("   "), Rating::kUnknown);
  EXPECT_EQ(normalise_severity_label("**"), Rating::kUnknown);
  EXPECT_EQ(normalise_severity_label("\xff\xfe"), Rating::kUnknown);
  EXPECT_EQ(normalise_severity_label(std::string(100000, 'h')), Rating::kUnknown);
  EXPECT_EQ(normalise_severity_label("\tCRITICAL\n"), Rating::kCritical);
}

}  // namespace
}  // namespace upkeep::severity
