// SPDX-License-Identifier: Apache-2.0
//
// The owners reports on the fixture project with a few findings: the gaps and counts in JSON,
// golden files of every format (tests/fixtures/maintenance/report/; UPKEEP_UPDATE_GOLDEN=1
// rewrites them after a deliberate change), and untrusted text kept harmless.
#include "upkeep/owners_report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "maintenance/eol_testing.h"
#include "support/inventory_testing.h"

namespace upkeep::report {
namespace {

const std::string kFixtures = UPKEEP_FIXTURE_DIR "/maintenance";

match::Finding finding(size_t component, const char* id, const char* rating, bool suppressed) {
  match::Finding f;
  f.component = component;
  f.ids = {id};
  f.rating = rating;
  f.suppressed = suppressed;
  return f;
}

size_t index_of(const inventory::Inventory& inv, std::string_view name) {
  for (size_t i = 0; i < inv.components.size(); ++i) {
    if (inv.components[i].name == name) return i;
  }
  ADD_FAILURE() << "no component " << name;
  return 0;
}

// The project fixture with its owners file; findings on express (high, and a suppressed
// critical), lodash (critical by CVSS score alone) and Django (medium). Locations are made
// relative so that the golden files do not depend on the checkout's path.
OwnersResult project() {
  OwnersResult r;
  auto target = inventory::parse_target(kFixtures + "/project");
  EXPECT_TRUE(target);
  EXPECT_TRUE(inventory::inventory_target(*target, {}, r.scan.inventory));
  inventory::sort_components(r.scan.inventory.components);
  auto& inv = r.scan.inventory;
  inv.targets[0].spec = "project";
  for (auto& c : inv.components)
    c.location = c.location.substr(c.location.rfind('/') + 1);
  auto fs = open_directory_fs(kFixtures + "/project");
  EXPECT_TRUE(fs);
  auto owners = maintenance::read_owners(**fs, "/upkeep-owners.toml", "upkeep-owners.toml");
  EXPECT_TRUE(owners) << owners.status().to_string();
  r.owners = std::move(owners).value();
  r.owners_path = "project/upkeep-owners.toml";
  auto a = maintenance::assign_owners(r.owners, inv);
  EXPECT_TRUE(a) << a.status().to_string();
  r.assignment = std::move(a).value();
  r.scan.findings = {finding(index_of(inv, "express"), "CVE-2024-0001", "high", false),
                     finding(index_of(inv, "express"), "CVE-2024-0002", "critical", true),
                     finding(index_of(inv, "lodash"), "CVE-2024-0003", "", false),
                     finding(index_of(inv, "Django"), "CVE-2024-0004", "medium", false)};
  r.scan.findings[2].cvss_score = 9.8;
  r.warnings = {"upkeep-owners.toml:3:7: key pattern \"pkg:npm/koa\" matches no component"};
  return r;
}

ReportOptions options() {
  ReportOptions o;
  o.tool_version = "0.1.0";
  o.timestamp = 1700000000;
  return o;
}

void expect_golden(const std::string& file, const std::string& actual) {
  const std::string path = kFixtures + "/report/" + file;
  if (const char* update = std::getenv("UPKEEP_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, testing::read_host_file(path)) << "golden file " << path;
}

TEST(OwnersReport, GoldenFiles) {
  const OwnersResult r = project();
  expect_golden("project.table", owners_table(r, options()));
  expect_golden("project.json", owners_json(r, options()));
  expect_golden("project.md", owners_markdown(r, options()));
  ReportOptions color = options();
  color.color = true;
  expect_golden("project.color.table", owners_table(r, color));
}

// The project with end-of-life assessments as the evaluation would give them (its rules are
// tested in eol_evaluate_test.cc; here only how the reports show them): lodash past its end of
// life, express supported, an OS release on LTS and one runtime.
OwnersResult project_with_support() {
  OwnersResult r = project();
  auto& inv = r.scan.inventory;
  inventory::OsRelease os;
  os.id = "debian";
  os.version_id = "12";
  os.pretty_name = "Debian GNU/Linux 12 (bookworm)";
  inv.targets[0].os = os;
  SupportView view;
  view.today = eol::testing::day("2026-11-27");
  view.has_data = true;
  view.components.resize(inv.components.size());
  eol::Assessment ended;
  ended.status = eol::SupportStatus::kEndOfLife;
  ended.source = "endoflife.date lodash 4";
  ended.product = "lodash";
  ended.cycle = "4";
  ended.support_end = eol::testing::day("2025-01-31");
  ended.days_left = -665;
  ended.detail = "regular security support ended 2025-01-31";
  view.components[index_of(inv, "lodash")] = {ended};
  eol::Assessment supported;
  supported.status = eol::SupportStatus::kSupported;
  supported.source = "endoflife.date express 4";
  supported.product = "express";
  supported.cycle = "4";
  supported.detail = "supported; no end of support announced";
  view.components[index_of(inv, "express")] = {supported};
  eol::Assessment lts;
  lts.status = eol::SupportStatus::kExtended;
  lts.source = "distro-info-data debian 12";
  lts.product = "debian";
  lts.cycle = "12";
  lts.support_end = eol::testing::day("2026-07-11");
  lts.extended_end = eol::testing::day("2028-06-30");
  lts.extended_name = "LTS";
  lts.days_left = 581;
  lts.detail = "regular security support ended 2026-07-11; LTS until 2028-06-30 (in 581 days)";
  view.os.push_back({0, lts});
  eol::RuntimeAssessment node;
  node.runtime.name = "Node.js";
  node.runtime.product = "nodejs";
  node.runtime.package = "nodejs";
  node.runtime.ecosystem = "Debian:12";
  node.runtime.version = "20.20.2";
  node.assessment = ended;
  node.assessment.source = "endoflife.date nodejs 20";
  node.assessment.upstream_only = true;
  view.runtimes.push_back(node);
  r.scan.support = std::move(view);
  return r;
}

TEST(OwnersReport, GoldenFilesWithSupport) {
  const OwnersResult r = project_with_support();
  expect_golden("project-support.table", owners_table(r, options()));
  expect_golden("project-support.json", owners_json(r, options()));
  expect_golden("project-support.md", owners_markdown(r, options()));
}

TEST(OwnersReport, LapsedSupportIsAGap) {
  const OwnersResult r = project_with_support();
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  const std::string text = owners_json(r, options());
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(uint64_t(doc["summary"]["support_lapsed"]), 1u);
  EXPECT_EQ(uint64_t(doc["summary"]["os_support_lapsed"]), 0u);
  simdjson::dom::array lapsed = doc["gaps"]["support_lapsed"];
  ASSERT_EQ(lapsed.size(), 1u);
  EXPECT_EQ(std::string_view(lapsed.at(0)["name"]), "lodash");
  EXPECT_EQ(std::string_view(lapsed.at(0)["group"]), "npm-community");
  EXPECT_EQ(std::string_view(lapsed.at(0)["assessment"]["support_end"]), "2025-01-31");
  EXPECT_EQ(std::string_view(doc["support"]["os"].at(0)["assessment"]["status"]),
            "extended-support");
  // Without an assessment the component's statements are an empty list.
  for (auto c : doc["components"].get_array()) {
    if (std::string_view(c["name"]) == "left-pad") {
      EXPECT_EQ(simdjson::dom::array(c["support"]).size(), 0u);
    }
  }
}

TEST(OwnersReport, JsonHasTheGapsAndCounts) {
  const OwnersResult r = project();
  const std::string text = owners_json(r, options());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text;
  EXPECT_EQ(std::string_view(doc["schema"]), "upkeep.owners/1");
  EXPECT_EQ(std::string_view(doc["owners_file"]), "project/upkeep-owners.toml");
  const auto summary = doc["summary"];
  EXPECT_EQ(uint64_t(summary["components"]), 7u);
  EXPECT_EQ(uint64_t(summary["without_group"]), 1u);
  EXPECT_EQ(uint64_t(summary["key"]), 2u);
  EXPECT_EQ(uint64_t(summary["key_without_group"]), 1u);
  EXPECT_EQ(uint64_t(summary["groups_with_open_findings"]), 1u);

  const auto gaps = doc["gaps"];
  simdjson::dom::array key_gaps = gaps["key_without_group"];
  ASSERT_EQ(key_gaps.size(), 1u);
  EXPECT_EQ(std::string_view(key_gaps.at(0)["name"]), "Django");
  EXPECT_EQ(uint64_t(key_gaps.at(0)["open_findings"]["medium"]), 1u);
  // npm-community: express (high; the critical is suppressed) and lodash (critical by score).
  simdjson::dom::array with_findings = gaps["groups_with_open_findings"];
  ASSERT_EQ(with_findings.size(), 1u);
  const auto npm = with_findings.at(0);
  EXPECT_EQ(std::string_view(npm["group"]), "npm-community");
  EXPECT_EQ(uint64_t(npm["vulnerable_components"]), 2u);
  EXPECT_EQ(uint64_t(npm["open_findings"]["total"]), 2u);
  EXPECT_EQ(uint64_t(npm["open_findings"]["critical"]), 1u);
  EXPECT_EQ(uint64_t(npm["open_findings"]["high"]), 1u);
  simdjson::dom::array unowned = gaps["without_group"]["components"];
  ASSERT_EQ(unowned.size(), 1u);
  EXPECT_EQ(std::string_view(unowned.at(0)), "pkg:pypi/django@4.2.1");

  for (simdjson::dom::element c : simdjson::dom::array(doc["components"])) {
    const std::string_view name = c["name"];
    if (name == "@acme/ui-utils") {
      EXPECT_EQ(std::string_view(c["group"]), "acme-ui-utils");
      EXPECT_EQ(std::string_view(c["claimed_by"]["pattern"]), "pkg:npm/@acme/ui-utils");
      EXPECT_EQ(uint64_t(c["claimed_by"]["line"]), 17u);
    }
    if (name == "Django") {
      EXPECT_TRUE(c["group"].is_null());
      EXPECT_TRUE(bool(c["key"]));
    }
  }
}

TEST(OwnersReport, GroupsWithFindingsMostSevereFirst) {
  OwnersResult r = project();
  const auto& inv = r.scan.inventory;
  // acme-web gets two medium findings: more findings, but npm-community's critical ranks first.
  r.scan.findings.push_back(finding(index_of(inv, "@acme/ui"), "CVE-2024-0005", "medium", false));
  r.scan.findings.push_back(finding(index_of(inv, "@acme/ui"), "CVE-2024-0006", "medium", false));
  r.scan.findings.push_back(finding(index_of(inv, "@acme/ui"), "CVE-2024-0007", "medium", false));
  const std::string text = owners_json(r, options());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  simdjson::dom::array groups = doc["gaps"]["groups_with_open_findings"];
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(std::string_view(groups.at(0)["group"]), "npm-community");
  EXPECT_EQ(std::string_view(groups.at(1)["group"]), "acme-web");
}

TEST(OwnersReport, UntrustedTextStaysText) {
  OwnersResult r = project();
  r.owners.groups[0].name = "web\x1b[31m|team";
  r.owners.groups[0].contact = "@web-team <script>";
  const std::string table = owners_table(r, options());
  EXPECT_EQ(table.find('\x1b'), std::string::npos);  // no escape sequence reaches a terminal
  const std::string md = owners_markdown(r, options());
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_NE(md.find("web\xEF\xBF\xBD\\[31m\\|team"), std::string::npos) << md;
  EXPECT_NE(md.find("@\xE2\x81\xA0web-team"), std::string::npos);  // no GitHub mention
  const std::string json = owners_json(r, options());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
}

TEST(OwnersReport, Formats) {
  EXPECT_EQ(*parse_owners_format("markdown"), OwnersFormat::kMarkdown);
  EXPECT_EQ(*parse_owners_format("json"), OwnersFormat::kJson);
  EXPECT_EQ(*parse_owners_format("table"), OwnersFormat::kTable);
  const auto bad = parse_owners_format("sarif");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.status().message(), "unknown format \"sarif\" (choose table, json or markdown)");
}

}  // namespace
}  // namespace upkeep::report
