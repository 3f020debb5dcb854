// SPDX-License-Identifier: Apache-2.0
//
// The scan reports: golden output of every format for the sample scans
// (tests/fixtures/report/scan/; UPKEEP_UPDATE_GOLDEN=1 rewrites them after a deliberate change),
// then the properties each format must keep whatever the input: report order, severity and
// --fail-on, SARIF's GitHub fields, CycloneDX's references, escaping of hostile strings.
#include "upkeep/scan_report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "report/sample_inventories.h"
#include "report/sample_scans.h"
#include "support/inventory_testing.h"
#include "upkeep/utf8.h"

namespace upkeep::report {
namespace {

using match::Finding;
using upkeep::testing::sample_scan;
using upkeep::testing::sample_scan_options;

std::string golden_path(const std::string& file) {
  return upkeep::testing::inventory_fixture_dir() + "/../report/scan/" + file;
}

void expect_golden(const std::string& file, const std::string& actual) {
  const std::string path = golden_path(file);
  if (const char* update = std::getenv("UPKEEP_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, upkeep::testing::read_host_file(path)) << "golden file " << path;
}

constexpr std::pair<ScanFormat, const char*> kFormats[] = {
    {ScanFormat::kTable, ".table"}, {ScanFormat::kJson, ".json"},
    {ScanFormat::kSarif, ".sarif"}, {ScanFormat::kCycloneDx, ".cdx.json"},
    {ScanFormat::kMarkdown, ".md"}, {ScanFormat::kHtml, ".html"}};

TEST(ScanReport, GoldenFiles) {
  for (const auto& sample : upkeep::testing::sample_scans()) {
    for (const auto& [format, ext] : kFormats) {
      SCOPED_TRACE(sample.name + ext);
      expect_golden(sample.name + ext, render_scan(sample.scan, format, sample_scan_options()));
    }
  }
  // The table on a colour terminal 100 columns wide.
  ReportOptions o = sample_scan_options();
  o.color = true;
  o.terminal_width = 100;
  expect_golden("mixed.color.table", scan_table(sample_scan("mixed"), o));
}

TEST(ScanReport, OutputDoesNotDependOnTheOrderOfFindings) {
  ScanResult scan = sample_scan("mixed");
  std::vector<std::string> before;
  for (const auto& [format, ext] : kFormats)
    before.push_back(render_scan(scan, format, sample_scan_options()));
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(scan.findings.begin(), scan.findings.end(), rng);
    std::shuffle(scan.advice.begin(), scan.advice.end(), rng);
    for (size_t i = 0; i < std::size(kFormats); ++i)
      EXPECT_EQ(render_scan(scan, kFormats[i].first, sample_scan_options()), before[i]);
  }
}

TEST(ScanReport, ParseFormat) {
  for (const auto& [name, format] :
       {std::pair{"table", ScanFormat::kTable}, std::pair{"json", ScanFormat::kJson},
        std::pair{"sarif", ScanFormat::kSarif}, std::pair{"cyclonedx", ScanFormat::kCycloneDx},
        std::pair{"markdown", ScanFormat::kMarkdown}, std::pair{"html", ScanFormat::kHtml}}) {
    auto r = parse_scan_format(name);
    ASSERT_TRUE(r.is_ok()) << name;
    EXPECT_EQ(*r, format);
  }
  auto bad = parse_scan_format("spdx");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("table, json, sarif, cyclonedx, markdown, html"),
            std::string::npos);
}

Finding with(std::string rating, std::optional<double> score = std::nullopt) {
  Finding f;
  f.ids = {"CVE-2024-0001"};
  f.rating = std::move(rating);
  f.cvss_score = score;
  return f;
}

TEST(Severity, EffectiveRating) {
  // CVSS v3.1 specification, table 14: the qualitative scale's bounds.
  EXPECT_EQ(effective_rating(with("", 10.0)), Rating::kCritical);
  EXPECT_EQ(effective_rating(with("", 9.0)), Rating::kCritical);
  EXPECT_EQ(effective_rating(with("", 8.9)), Rating::kHigh);
  EXPECT_EQ(effective_rating(with("", 7.0)), Rating::kHigh);
  EXPECT_EQ(effective_rating(with("", 6.9)), Rating::kMedium);
  EXPECT_EQ(effective_rating(with("", 4.0)), Rating::kMedium);
  EXPECT_EQ(effective_rating(with("", 3.9)), Rating::kLow);
  EXPECT_EQ(effective_rating(with("", 0.1)), Rating::kLow);
  EXPECT_EQ(effective_rating(with("", 0.0)), Rating::kNone);
  EXPECT_EQ(effective_rating(with("")), Rating::kUnknown);
  EXPECT_EQ(effective_rating(with("", std::nan(""))), Rating::kUnknown);
  // The label wins over the score; ecosystems' own words map onto the scale.
  EXPECT_EQ(effective_rating(with("LOW", 9.8)), Rating::kLow);
  EXPECT_EQ(effective_rating(with("Moderate")), Rating::kMedium);
  EXPECT_EQ(effective_rating(with("important")), Rating::kHigh);
  EXPECT_EQ(effective_rating(with("whatever", 5.0)), Rating::kMedium);
}

TEST(Severity, FailOn) {
  for (const auto& [name, value] :
       {std::pair{"low", FailOn::kLow}, std::pair{"medium", FailOn::kMedium},
        std::pair{"high", FailOn::kHigh}, std::pair{"critical", FailOn::kCritical},
        std::pair{"kev", FailOn::kKev}}) {
    auto r = parse_fail_on(name);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(*r, value);
  }
  EXPECT_FALSE(parse_fail_on("HIGH").is_ok());
  EXPECT_FALSE(parse_fail_on("").is_ok());

  // rating -> the thresholds it reaches (low, medium, high, critical).
  struct Case {
    Finding f;
    bool low, medium, high, critical;
  };
  const Case cases[] = {
      {with("critical"), true, true, true, true},
      {with("high"), true, true, true, false},
      {with("medium"), true, true, false, false},
      {with("low"), true, false, false, false},
      {with("none"), false, false, false, false},
      // Unknown severity: a known vulnerability, so the lowest bar, and only that one.
      {with(""), true, false, false, false},
      {with("", 9.0), true, true, true, true},
      {with("", 6.9), true, true, false, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.f.rating);
    EXPECT_EQ(reaches(c.f, FailOn::kLow), c.low);
    EXPECT_EQ(reaches(c.f, FailOn::kMedium), c.medium);
    EXPECT_EQ(reaches(c.f, FailOn::kHigh), c.high);
    EXPECT_EQ(reaches(c.f, FailOn::kCritical), c.critical);
    EXPECT_FALSE(reaches(c.f, FailOn::kKev));
    Finding suppressed = c.f;
    suppressed.suppressed = true;
    suppressed.kev = true;
    for (FailOn t : {FailOn::kLow, FailOn::kMedium, FailOn::kHigh, FailOn::kCritical, FailOn::kKev})
      EXPECT_FALSE(reaches(suppressed, t));
  }
  Finding kev = with("low");
  kev.kev = true;
  EXPECT_TRUE(reaches(kev, FailOn::kKev));
  EXPECT_FALSE(reaches(kev, FailOn::kMedium));

  // The samples: mixed has a critical in KEV; its high lodash finding is open for one copy only.
  const ScanResult mixed = sample_scan("mixed");
  EXPECT_TRUE(any_reaches(mixed, FailOn::kCritical));
  EXPECT_TRUE(any_reaches(mixed, FailOn::kKev));
  const ScanResult clean = sample_scan("clean");
  EXPECT_FALSE(any_reaches(clean, FailOn::kLow));
  ScanResult only_suppressed = mixed;
  for (auto& f : only_suppressed.findings)
    f.suppressed = true;
  EXPECT_FALSE(any_reaches(only_suppressed, FailOn::kLow));
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& text) {
  simdjson::dom::element doc;
  EXPECT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text.substr(0, 400);
  return doc;
}

TEST(ScanJson, SummaryAndSuppressedFindings) {
  const std::string out = scan_json(sample_scan("mixed"), sample_scan_options());
  simdjson::dom::parser parser;
  const auto doc = parse(parser, out);
  EXPECT_EQ(std::string_view(doc["schema"]), "upkeep.scan/1");
  // 8 findings in the fixture, 2 of them suppressed (lodash's lockfile copy by VEX, Newtonsoft
  // by the ignore file): 6 open, in 5 components (Django has 2).
  const auto summary = doc["summary"];
  EXPECT_EQ(uint64_t(summary["findings"]), 6u);
  EXPECT_EQ(uint64_t(summary["suppressed"]), 2u);
  EXPECT_EQ(uint64_t(summary["vulnerable_components"]), 5u);
  EXPECT_EQ(uint64_t(summary["by_rating"]["critical"]), 1u);
  EXPECT_EQ(uint64_t(summary["by_rating"]["high"]), 2u);     // Django, lodash (installed)
  EXPECT_EQ(uint64_t(summary["by_rating"]["medium"]), 2u);   // Django "moderate", rails
  EXPECT_EQ(uint64_t(summary["by_rating"]["unknown"]), 1u);  // serde
  EXPECT_EQ(uint64_t(summary["kev"]), 1u);
  EXPECT_EQ(uint64_t(summary["fixable"]), 4u);
  // The first component is the one with the critical finding; the last ones only suppressed.
  const auto components = doc["components"].get_array().value();
  EXPECT_EQ(std::string_view(components.at(0)["name"]), "org.openjdk:nashorn-core");
  size_t suppressed = 0;
  for (auto c : components) {
    for (auto f : c["findings"].get_array()) {
      if (bool(f["suppressed"])) {
        ++suppressed;
        EXPECT_FALSE(f["suppression"]["status"].get_string().value().empty());
      }
    }
  }
  EXPECT_EQ(suppressed, 2u);
  EXPECT_EQ(std::string_view(components.at(components.size() - 1)["name"]), "Newtonsoft.Json");
}

TEST(ScanJson, DanglingComponentIndexIsCountedNotRendered) {
  ScanResult scan = sample_scan("mixed");
  Finding bad = scan.findings.front();
  bad.component = scan.inventory.components.size() + 5;
  scan.findings.push_back(bad);
  scan.advice.push_back(
      {scan.inventory.components.size() + 9, match::ComponentAdvice::Kind::kUpgrade, "1", {}});
  for (const auto& [format, ext] : kFormats) {
    SCOPED_TRACE(ext);
    EXPECT_FALSE(render_scan(scan, format, sample_scan_options()).empty());
  }
  simdjson::dom::parser parser;
  const auto doc = parse(parser, scan_json(scan, sample_scan_options()));
  EXPECT_EQ(uint64_t(doc["summary"]["dropped_findings"]), 1u);
}

TEST(ScanSarif, GitHubFields) {
  const std::string out = scan_sarif(sample_scan("mixed"), sample_scan_options());
  simdjson::dom::parser parser;
  const auto doc = parse(parser, out);
  EXPECT_EQ(std::string_view(doc["version"]), "2.1.0");
  const auto run = doc["runs"].at(0);
  const auto rules = run["tool"]["driver"]["rules"].get_array().value();
  // One rule per vulnerability: 7 distinct preferred ids among the 8 findings (CVE-2020-8203
  // twice).
  EXPECT_EQ(rules.size(), 7u);
  std::map<std::string, std::string> severity;
  for (auto r : rules) {
    std::string_view sev;
    if (r["properties"]["security-severity"].get(sev) == simdjson::SUCCESS) {
      severity[std::string(r["id"].get_string().value())] = sev;
    }
  }
  EXPECT_EQ(severity["CVE-2021-44228"], "10.0");
  EXPECT_EQ(severity["CVE-2024-39614"], "5.5");  // "moderate" without a score: the band's middle
  EXPECT_EQ(severity.count("RUSTSEC-2023-0999"), 0u);  // unknown: none given
  const auto results = run["results"].get_array().value();
  EXPECT_EQ(results.size(), 8u);
  std::set<std::string> fingerprints;
  size_t suppressed = 0;
  for (auto r : results) {
    const std::string_view rule = r["ruleId"];
    const std::string_view level = r["level"];
    if (rule == "CVE-2021-44228") {
      EXPECT_EQ(level, "error");
    }
    if (rule == "CVE-2024-26143") {
      EXPECT_EQ(level, "warning");
    }
    if (rule == "RUSTSEC-2023-0999") {
      EXPECT_EQ(level, "warning");
    }
    const std::string_view uri =
        r["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"];
    // Relative to the target "./app": "./app/pom.xml" is "pom.xml".
    EXPECT_FALSE(uri.starts_with("/") || uri.starts_with("./") || uri.starts_with("app/")) << uri;
    EXPECT_EQ(int64_t(r["locations"].at(0)["physicalLocation"]["region"]["startLine"]), 1);
    fingerprints.insert(
        std::string(r["partialFingerprints"]["upkeepFinding/v1"].get_string().value()));
    simdjson::dom::array s;
    if (r["suppressions"].get(s) == simdjson::SUCCESS) {
      ++suppressed;
      EXPECT_EQ(std::string_view(s.at(0)["kind"]), "external");
    }
  }
  EXPECT_EQ(fingerprints.size(), 8u);  // distinct per (id, purl, location)
  EXPECT_EQ(suppressed, 2u);
  // And stable: the same finding in another scan gets the same fingerprint.
  EXPECT_EQ(scan_sarif(sample_scan("mixed"), sample_scan_options()), out);
}

TEST(ScanCycloneDx, VulnerabilitiesReferenceComponents) {
  const ScanResult scan = sample_scan("mixed");
  const std::string out = scan_cyclonedx(scan, sample_scan_options());
  simdjson::dom::parser parser;
  const auto doc = parse(parser, out);
  std::set<std::string> refs;
  for (auto c : doc["components"].get_array())
    refs.insert(std::string(c["bom-ref"].get_string().value()));
  std::map<std::string, int> entries;
  std::set<std::string> vuln_refs;
  for (auto v : doc["vulnerabilities"].get_array()) {
    ++entries[std::string(v["id"].get_string().value())];
    EXPECT_TRUE(vuln_refs.insert(std::string(v["bom-ref"].get_string().value())).second);
    for (auto a : v["affects"].get_array())
      EXPECT_TRUE(refs.contains(std::string(a["ref"].get_string().value())));
  }
  // 7 vulnerabilities; CVE-2020-8203 is two entries: open for the installed copy, not_affected
  // (by VEX) for the lockfile's.
  EXPECT_EQ(entries.size(), 7u);
  EXPECT_EQ(entries["CVE-2020-8203"], 2);
  // The document is the inventory's SBOM plus the vulnerabilities, under its own serial number.
  const std::string inventory = inventory_cyclonedx(scan.inventory, sample_scan_options());
  simdjson::dom::parser p2;
  const auto inv = parse(p2, inventory);
  EXPECT_EQ(doc["components"].get_array().size(), inv["components"].get_array().size());
  EXPECT_NE(std::string_view(doc["serialNumber"]), std::string_view(inv["serialNumber"]));
  EXPECT_NE(out.find("\"state\": \"not_affected\""), std::string::npos);
  EXPECT_NE(out.find("\"justification\": \"code_not_reachable\""), std::string::npos);
  EXPECT_NE(out.find("\"method\": \"CVSSv4\""), std::string::npos);
  EXPECT_NE(out.find("\"method\": \"CVSSv31\""), std::string::npos);
}

TEST(ScanTable, ColourOnlyWhenAskedAndLinesFit) {
  const ScanResult scan = sample_scan("mixed");
  ReportOptions o = sample_scan_options();
  const std::string plain = scan_table(scan, o);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  o.color = true;
  EXPECT_NE(scan_table(scan, o).find("\x1b[1;31mCRITICAL"), std::string::npos);
  o.color = false;
  o.terminal_width = 80;
  std::istringstream in(scan_table(scan, o));
  for (std::string line; std::getline(in, line);) {
    size_t width = 0;
    for (size_t i = 0; i < line.size(); i += std::max<size_t>(1, utf8_sequence_length(line, i)))
      ++width;
    // Finding lines fit; the summary and target lines are prose and may wrap.
    if (line.starts_with("  ")) {
      EXPECT_LE(width, 80u) << line;
    }
  }
}

TEST(ScanReport, HostileStringsAreEscapedInEveryFormat) {
  const ScanResult scan = sample_scan("hostile");
  for (const auto& [format, ext] : kFormats) {
    SCOPED_TRACE(ext);
    const std::string out = render_scan(scan, format, sample_scan_options());
    EXPECT_TRUE(is_valid_utf8(out));
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
    EXPECT_EQ(out.find('\x07'), std::string::npos);
    if (format == ScanFormat::kTable || format == ScanFormat::kMarkdown ||
        format == ScanFormat::kHtml) {
      // C1 controls: JSON keeps them as the text they are; what people read does not.
      EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos);
    }
    if (format == ScanFormat::kHtml || format == ScanFormat::kMarkdown) {
      EXPECT_EQ(out.find("<script>alert"), std::string::npos);
      EXPECT_EQ(out.find("<img"), std::string::npos);
      EXPECT_EQ(out.find("<b>bold"), std::string::npos);
      EXPECT_EQ(out.find("</td> "), std::string::npos);
    }
    if (format == ScanFormat::kMarkdown) {
      EXPECT_EQ(out.find("@octocat"), std::string::npos);  // no mention
      EXPECT_NE(out.find("\\| pipe \\|"), std::string::npos);
      // Exactly one </details> per <details> (the suppressed section).
      size_t open = 0, close = 0;
      for (size_t i = out.find("<details>"); i != std::string::npos;
           i = out.find("<details>", i + 1))
        ++open;
      for (size_t i = out.find("</details>"); i != std::string::npos;
           i = out.find("</details>", i + 1))
        ++close;
      EXPECT_EQ(open, close);
    }
    if (format == ScanFormat::kHtml) {
      // Standalone: nothing loaded from elsewhere.
      EXPECT_EQ(out.find("<link"), std::string::npos);
      EXPECT_EQ(out.find(" src=\""), std::string::npos);
      EXPECT_EQ(out.find("url("), std::string::npos);
    }
    if (format != ScanFormat::kTable && format != ScanFormat::kMarkdown &&
        format != ScanFormat::kHtml) {
      simdjson::dom::parser parser;
      simdjson::dom::element doc;
      EXPECT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS);
    }
  }
}

TEST(ScanReport, LargeScanRendersInEveryFormat) {
  // 2000 host packages, 3 findings each: every format renders, and the JSON counts them all.
  ScanResult scan;
  scan.inventory = upkeep::testing::debian_host_inventory(2000);
  for (size_t i = 0; i < scan.inventory.components.size(); ++i) {
    for (int k = 0; k < 3; ++k) {
      Finding f;
      f.component = i;
      f.ids = {"CVE-2024-" + std::to_string(10000 + i * 3 + k)};
      f.records = {"DEBIAN-" + f.ids[0]};
      f.cvss_score = (i * 3 + k) % 101 / 10.0;
      f.fixed_version = k == 2 ? "" : "9.9";
      scan.findings.push_back(f);
    }
  }
  for (const auto& [format, ext] : kFormats) {
    SCOPED_TRACE(ext);
    EXPECT_GT(render_scan(scan, format, sample_scan_options()).size(), 6000u * 20);
  }
  simdjson::dom::parser parser;
  const std::string json = scan_json(scan, sample_scan_options());
  const auto doc = parse(parser, json);
  EXPECT_EQ(uint64_t(doc["summary"]["findings"]), 6000u);
  EXPECT_EQ(uint64_t(doc["summary"]["fixable"]), 4000u);
}

}  // namespace
}  // namespace upkeep::report
