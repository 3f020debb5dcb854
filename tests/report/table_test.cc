// SPDX-License-Identifier: Apache-2.0
//
// The table: golden output for fixture inventories (tests/fixtures/report/*.table; set
// UPKEEP_UPDATE_GOLDEN=1 to rewrite them after a deliberate change), host scale, terminal
// fitting and hostile strings.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "report/sample_inventories.h"
#include "support/inventory_testing.h"
#include "upkeep/report.h"
#include "upkeep/utf8.h"

namespace upkeep::report {
namespace {

using upkeep::testing::sample_inventory;

std::string golden_path(const std::string& name) {
  return upkeep::testing::inventory_fixture_dir() + "/../report/" + name + ".table";
}

void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = golden_path(name);
  if (const char* update = std::getenv("UPKEEP_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, upkeep::testing::read_host_file(path)) << "golden file " << path;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

// Code points, which is what a terminal column counts for the text used here.
size_t display_width(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += std::max<size_t>(1, utf8_sequence_length(s, i)))
    ++n;
  return n;
}

TEST(Table, MixedEcosystemsGolden) {
  expect_golden("mixed", inventory_table(sample_inventory("mixed"), ReportOptions{}));
}

TEST(Table, DebianHostGolden) {
  // libc6 is there for amd64 and i386: those two lines say which is which, as dpkg-query does.
  const std::string out = inventory_table(sample_inventory("debian-host"), ReportOptions{});
  expect_golden("debian-host", out);
  EXPECT_NE(out.find("libc6:amd64"), std::string::npos);
  EXPECT_NE(out.find("libc6:i386"), std::string::npos);
  EXPECT_EQ(out.find("bash:amd64"), std::string::npos);
}

TEST(Table, ImageGolden) {
  expect_golden("image", inventory_table(sample_inventory("image"), ReportOptions{}));
}

TEST(Table, EmptyInventory) {
  EXPECT_EQ(inventory_table(sample_inventory("empty"), ReportOptions{}),
            "NAME  VERSION  ECOSYSTEM  LOCATION\n\n0 components\n");
}

TEST(Table, TwoThousandHostPackagesFitTheTerminal) {
  const auto inv = upkeep::testing::debian_host_inventory(2000);
  ReportOptions o;
  o.terminal_width = 100;
  const auto out = lines(inventory_table(inv, o));
  ASSERT_EQ(out.size(), 2000u + 3u);  // header, rows, blank, summary
  EXPECT_EQ(out.back(), "2000 components (Debian:12: 2000)");
  for (size_t i = 0; i + 2 < out.size(); ++i) {
    EXPECT_LE(display_width(out[i]), 100u) << out[i];
  }
  // Columns line up: every row's VERSION starts where the header's does.
  const size_t version_col = out[0].find("VERSION");
  EXPECT_EQ(out[0].find("DEPENDENCY"), std::string::npos);  // no host package says
  for (size_t i = 1; i + 2 < out.size(); ++i) {
    EXPECT_EQ(out[i][version_col - 1], ' ');
    EXPECT_NE(out[i][version_col], ' ') << out[i];
  }
}

TEST(Table, NarrowTerminalCutsTheStartOfLongLocations) {
  auto inv = sample_inventory("image");
  ReportOptions o;
  o.terminal_width = 80;
  const auto out = lines(inventory_table(inv, o));
  for (size_t i = 0; i + 2 < out.size(); ++i)
    EXPECT_LE(display_width(out[i]), 80u) << out[i];
  // The file name survives; the start of the path gives way.
  ASSERT_NE(out[3].find("Flask"), std::string::npos);
  EXPECT_NE(out[3].find("..."), std::string::npos) << out[3];
  EXPECT_TRUE(out[3].ends_with("dist-info/METADATA")) << out[3];
}

// Found by report_inventory_fuzz: a terminal narrower than the other columns need took more
// from the name than it had, and the width wrapped around.
TEST(Table, TerminalNarrowerThanTheColumns) {
  auto inv = sample_inventory("mixed");
  for (size_t width : {1, 10, 40, 60}) {
    ReportOptions o;
    o.terminal_width = width;
    const auto out = lines(inventory_table(inv, o));
    ASSERT_EQ(out.size(), inv.components.size() + 3);
    EXPECT_TRUE(out[0].starts_with("NAME")) << out[0];
  }
}

TEST(Table, HostileStringsCannotDriveTheTerminal) {
  const std::string out = inventory_table(sample_inventory("hostile"), ReportOptions{});
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos);  // C1 CSI
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_NE(out.find("evil?[31mred?[0m"), std::string::npos) << out;
  EXPECT_NE(out.find(", 1 warning\n"), std::string::npos);
  // A 303-character name is cut at 48 columns, on a character boundary.
  for (const auto& l : lines(out))
    EXPECT_TRUE(is_valid_utf8(l));
}

TEST(Table, ColourOnlyWhenAsked) {
  ReportOptions o;
  o.color = true;
  EXPECT_EQ(inventory_table(sample_inventory("empty"), o).rfind("\x1b[1mNAME", 0), 0u);
  EXPECT_EQ(inventory_table(sample_inventory("empty"), ReportOptions{}).find('\x1b'),
            std::string::npos);
}

}  // namespace
}  // namespace upkeep::report
