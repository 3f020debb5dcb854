// SPDX-License-Identifier: Apache-2.0
//
// The end-of-life parsers on the fixtures of tests/fixtures/eol (hand-written pages, tables and
// lists, and broken ones), and the small pure helpers: dates, purl keys, cycle selection, the
// support lists' package patterns.
#include <gtest/gtest.h>

#include <string>

#include "maintenance/eol_testing.h"
#include "upkeep/eol.h"

namespace upkeep::eol {
namespace {

using testing::day;
using testing::fixture;

const ReleaseCycle* find_cycle(const Product& p, std::string_view cycle) {
  for (const ReleaseCycle& c : p.cycles) {
    if (c.cycle == cycle) return &c;
  }
  return nullptr;
}

std::string problems_text(const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems)
    out += "line " + std::to_string(p.line) + ": " + p.message + "\n";
  return out;
}

TEST(EolDate, ParsesOnlyValidCalendarDays) {
  EXPECT_EQ(format_date(day("2026-07-11")), "2026-07-11");
  EXPECT_EQ(format_date(day("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2023-02-29", "2026-13-01", "2026-00-10", "2026-7-11", "2026-07-11T00",
                          " 2026-07-11", "20260711", "", "abcd-ef-gh", "2026-07-32"}) {
    EXPECT_FALSE(parse_date(bad).has_value()) << bad;
  }
  EXPECT_EQ((day("2026-11-27") - day("2026-07-11")).count(), 139);
}

TEST(EolDate, DateOrBoolRoundTrips) {
  for (const char* text : {"", "true", "false", "2030-01-31"}) {
    const auto v = DateOrBool::from_string(text);
    ASSERT_TRUE(v.has_value()) << text;
    EXPECT_EQ(v->to_string(), text);
  }
  EXPECT_FALSE(DateOrBool::from_string("yes").has_value());
  EXPECT_FALSE(DateOrBool::from_string("2030-02-30").has_value());
}

TEST(EolProduct, ReadsEveryFieldOfAPage) {
  auto parsed = parse_product_page("tinydb", fixture("product/tinydb.md"));
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_TRUE(parsed->problems.empty()) << problems_text(parsed->problems);
  const Product& p = parsed->product;
  EXPECT_EQ(p.name, "tinydb");
  EXPECT_EQ(p.title, "TinyDB");
  EXPECT_EQ(p.category, "database");
  ASSERT_EQ(p.cycles.size(), 4u);
  EXPECT_EQ(p.cycles[0].cycle, "3.10");  // page order kept

  const ReleaseCycle* c = find_cycle(p, "3.1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->codename, "Lark");
  EXPECT_EQ(c->release_date, day("2023-03-01"));
  EXPECT_EQ(c->eol.to_string(), "2026-12-31");
  EXPECT_EQ(c->eoas.kind, DateOrBool::Kind::kFalse);
  EXPECT_EQ(c->eoes.to_string(), "2028-12-31");
  EXPECT_EQ(c->lts.kind, DateOrBool::Kind::kTrue);
  EXPECT_EQ(c->latest, "3.1.9");
  EXPECT_EQ(c->latest_date, day("2025-11-30"));
  EXPECT_EQ(c->line, 25u);  // "  - releaseCycle: "3.1"" in the page

  c = find_cycle(p, "3");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->eol.kind, DateOrBool::Kind::kTrue);
  EXPECT_EQ(c->eoes.kind, DateOrBool::Kind::kTrue);
  EXPECT_EQ(c->lts.to_string(), "2022-06-01");
  c = find_cycle(p, "2");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->discontinued.to_string(), "2021-01-01");
  EXPECT_FALSE(c->latest_date.has_value());
  EXPECT_EQ(c->eoas.kind, DateOrBool::Kind::kAbsent);

  // purls and CPEs; repology is not kept; purl keys drop qualifiers and decode %40.
  ASSERT_EQ(p.identifiers.size(), 4u);
  EXPECT_EQ(p.identifiers[0].key, "pkg:deb/debian/tinydb");
  EXPECT_EQ(p.identifiers[1].value, "pkg:npm/%40tiny/db");
  EXPECT_EQ(p.identifiers[1].key, "pkg:npm/%40tiny/db");
  EXPECT_EQ(p.identifiers[2].key, "pkg:generic/tinydb");
  EXPECT_EQ(p.identifiers[3].kind, "cpe");
  EXPECT_EQ(p.identifiers[3].key, "cpe:2.3:a:tiny:tinydb");
}

TEST(EolProduct, BadFieldsAreProblemsWithTheirLines) {
  auto parsed = parse_product_page("bad-fields", fixture("product/bad-fields.md"));
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  const std::string problems = problems_text(parsed->problems);
  // Kept: cycle "1" (its bad eol, eoas and latestReleaseDate dropped); skipped: no releaseCycle,
  // releaseDate not a date, not a mapping.
  ASSERT_EQ(parsed->product.cycles.size(), 1u) << problems;
  const ReleaseCycle& c = parsed->product.cycles[0];
  EXPECT_EQ(c.cycle, "1");
  EXPECT_TRUE(c.eol.absent());
  EXPECT_TRUE(c.eoas.absent());
  EXPECT_FALSE(c.latest_date.has_value());
  ASSERT_EQ(parsed->product.identifiers.size(), 1u);
  EXPECT_EQ(parsed->product.identifiers[0].key, "pkg:pypi/halfbroken");
  for (const char* expected :
       {"line 5: identifier not-a-purl", "line 7: an identifier is not a mapping",
        "line 9: release 1 has no releaseCycle", "line 12: cycle 2: releaseDate is not a date",
        "line 16: cycle 1: eol is neither a date", "line 17: cycle 1: eoas is neither a date",
        "line 18: cycle 1: latestReleaseDate is not a date",
        "line 19: release 4 is not a mapping"}) {
    EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n" << problems;
  }
  EXPECT_EQ(parsed->problems.size(), 8u) << problems;
}

TEST(EolProduct, BrokenPagesAreErrorsNamingTheLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"broken-no-front-matter.md", "line 1: no YAML front matter"},
      {"broken-unterminated.md", "line 1: the YAML front matter does not end"},
      {"broken-yaml.md", "not valid YAML"},
      {"broken-no-releases.md", "no `releases` list"},
      {"broken-not-a-mapping.md", "not a YAML mapping"},
  };
  for (const auto& [file, message] : cases) {
    auto parsed = parse_product_page("x", fixture(std::string("product/") + file));
    ASSERT_FALSE(parsed.is_ok()) << file;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << file;
    EXPECT_NE(parsed.status().message().find(message), std::string::npos)
        << file << ": " << parsed.status().message();
  }
  // Nesting deep enough to make yaml-cpp recurse is refused before it is parsed.
  std::string deep = "---\nreleases:\n";
  for (int i = 0; i < 200; ++i)
    deep += std::string(static_cast<size_t>(2 * i + 2), ' ') + "- \n";
  deep += "---\n";
  auto parsed = parse_product_page("deep", deep);
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_NE(parsed.status().message().find("nested deeper"), std::string::npos)
      << parsed.status().message();
}

TEST(EolProduct, ZipEntryNames) {
  std::string name;
  EXPECT_TRUE(is_product_page_entry("python.md", &name));
  EXPECT_EQ(name, "python");
  EXPECT_TRUE(is_product_page_entry("endoflife.date-master/products/nodejs.md", &name));
  EXPECT_EQ(name, "nodejs");
  EXPECT_TRUE(is_product_page_entry("products/go.md", &name));
  EXPECT_EQ(name, "go");
  EXPECT_FALSE(is_product_page_entry("endoflife.date-master/README.md"));
  EXPECT_FALSE(is_product_page_entry("products/python.json"));
  EXPECT_FALSE(is_product_page_entry(".md"));
  EXPECT_FALSE(is_product_page_entry("products/.md"));
  EXPECT_FALSE(is_product_page_entry("GHSA-xxxx.json"));
}

TEST(EolProduct, PurlKeys) {
  EXPECT_EQ(
      *purl::versionless("pkg:deb/debian/python3.11@3.11.2-6+deb12u6?arch=amd64&distro=debian-12"),
      "pkg:deb/debian/python3.11");
  EXPECT_EQ(*purl::versionless("pkg:PyPI/Django_Rest@1.0#sub/path"), "pkg:pypi/django-rest");
  EXPECT_FALSE(purl::versionless("python3.11").is_ok());
}

TEST(EolProduct, SelectCycleByVersion) {
  std::vector<ReleaseCycle> cycles;
  for (const char* c : {"3.12", "3.11", "3.1", "3", "20", "2"}) {
    ReleaseCycle cycle;
    cycle.cycle = c;
    cycles.push_back(cycle);
  }
  const auto pick = [&](std::string_view v) {
    const ReleaseCycle* c = select_cycle(cycles, v);
    return c == nullptr ? std::string("(none)") : c->cycle;
  };
  EXPECT_EQ(pick("3.11.2-6+deb12u6"), "3.11");
  EXPECT_EQ(pick("3.1.4"), "3.1");
  EXPECT_EQ(pick("3.10.1"), "3");  // not "3.1": the next character is a digit
  EXPECT_EQ(pick("20.20.2-1nodesource1"), "20");
  EXPECT_EQ(pick("2:20.1"), "20");  // epoch dropped
  EXPECT_EQ(pick("v3.12.0"), "3.12");
  EXPECT_EQ(pick("2"), "2");
  EXPECT_EQ(pick("21.0"), "(none)");
  EXPECT_EQ(pick(""), "(none)");
}

TEST(EolDistroInfo, ReadsDebianAndUbuntuTables) {
  auto debian = parse_distro_info(fixture("distro-info/debian.csv"));
  ASSERT_TRUE(debian.is_ok()) << debian.status().message();
  EXPECT_EQ(debian->distro, "debian");
  EXPECT_TRUE(debian->problems.empty()) << problems_text(debian->problems);
  ASSERT_EQ(debian->releases.size(), 4u);
  const DistroRelease& buster = debian->releases[0];
  EXPECT_EQ(buster.version, "10");
  EXPECT_EQ(buster.codename, "Buster");
  EXPECT_EQ(buster.series, "buster");
  EXPECT_EQ(buster.release, day("2019-07-06"));
  EXPECT_EQ(buster.eol, day("2022-09-10"));
  EXPECT_EQ(buster.eol_lts, day("2024-06-30"));
  EXPECT_EQ(buster.eol_elts, day("2029-06-30"));
  EXPECT_EQ(buster.line, 2u);
  // Trailing fields left out are absent dates; sid has no version.
  EXPECT_FALSE(debian->releases[2].release.has_value());
  EXPECT_EQ(debian->releases[3].version, "");
  EXPECT_EQ(debian->releases[3].series, "sid");

  auto ubuntu = parse_distro_info(fixture("distro-info/ubuntu.csv"));
  ASSERT_TRUE(ubuntu.is_ok()) << ubuntu.status().message();
  EXPECT_EQ(ubuntu->distro, "ubuntu");
  ASSERT_EQ(ubuntu->releases.size(), 3u);
  const DistroRelease& tern = ubuntu->releases[1];
  EXPECT_EQ(tern.version, "90.04 LTS");
  EXPECT_EQ(tern.version_number(), "90.04");
  EXPECT_EQ(tern.eol_server, day("2035-04-20"));
  EXPECT_EQ(tern.eol_esm, day("2040-04-20"));
  EXPECT_EQ(tern.eol_legacy, day("2042-04-20"));
  EXPECT_EQ(ubuntu->releases[0].eol_server, day("2011-06-01"));

  // The caller's word beats the header's.
  auto named = parse_distro_info(fixture("distro-info/no-distro.csv"), "debian");
  ASSERT_TRUE(named.is_ok());
  EXPECT_EQ(named->distro, "debian");
}

TEST(EolDistroInfo, BrokenTablesAndRows) {
  auto bad = parse_distro_info(fixture("distro-info/bad-rows.csv"));
  ASSERT_TRUE(bad.is_ok()) << bad.status().message();
  ASSERT_EQ(bad->releases.size(), 1u) << problems_text(bad->problems);
  EXPECT_EQ(bad->releases[0].series, "bookworm");
  const std::string problems = problems_text(bad->problems);
  for (const char* expected :
       {"line 3: 9 fields where the header has 8", "line 4: release \"soon\" is not a date",
        "line 5: a release without a series", "line 6: 1 fields"}) {
    EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n" << problems;
  }
  auto header = parse_distro_info(fixture("distro-info/broken-header.csv"));
  ASSERT_FALSE(header.is_ok());
  EXPECT_NE(header.status().message().find("line 1: not a distro-info-data table"),
            std::string::npos);
  auto neither = parse_distro_info(fixture("distro-info/no-distro.csv"));
  ASSERT_FALSE(neither.is_ok());
  EXPECT_NE(neither.status().message().find("neither Debian"), std::string::npos);
  EXPECT_FALSE(parse_distro_info("").is_ok());
  EXPECT_TRUE(looks_like_distro_info("version,codename,series,created,release,eol\n"));
  EXPECT_FALSE(looks_like_distro_info("version,codename,series,created,release,eolx"));
}

TEST(EolSupport, NamesAndFirstLines) {
  auto n = support_list_name("/usr/share/debian-security-support/security-support-ended.deb12");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->first, SupportEntry::Kind::kEnded);
  EXPECT_EQ(n->second, "deb12");
  n = support_list_name("security-support-limited");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->first, SupportEntry::Kind::kLimited);
  EXPECT_EQ(n->second, "");
  EXPECT_TRUE(support_list_name("security-support-ended").has_value());
  EXPECT_FALSE(support_list_name("security-support-ended.deb").has_value());
  EXPECT_FALSE(support_list_name("security-support-ended.txt").has_value());
  EXPECT_FALSE(support_list_name("debian.csv").has_value());

  EXPECT_EQ(support_list_kind(fixture("support/security-support-ended.deb90")),
            SupportEntry::Kind::kEnded);
  EXPECT_EQ(support_list_kind(fixture("support/security-support-limited")),
            SupportEntry::Kind::kLimited);
  EXPECT_FALSE(support_list_kind("\n\npackage 1.0 2020-01-01\n").has_value());
}

TEST(EolSupport, ReadsEndedAndLimitedLists) {
  const SupportList ended = parse_support_list(fixture("support/security-support-ended.deb90"),
                                               SupportEntry::Kind::kEnded, "deb90");
  EXPECT_TRUE(ended.problems.empty()) << problems_text(ended.problems);
  ASSERT_EQ(ended.entries.size(), 4u);
  const SupportEntry& old = ended.entries[0];
  EXPECT_EQ(old.package, "oldlib");
  EXPECT_EQ(old.last_version, "1.2-3");
  EXPECT_EQ(old.date, day("2032-01-15"));
  EXPECT_EQ(old.note, "https://bugs.example/1; unmaintained upstream");
  EXPECT_EQ(old.release, "deb90");
  EXPECT_EQ(old.line, 10u);
  EXPECT_EQ(ended.entries[2].package, "webthing-.*");
  EXPECT_EQ(ended.entries[2].last_version, "0");
  EXPECT_EQ(ended.entries[3].note, "");

  const SupportList limited = parse_support_list(fixture("support/security-support-limited"),
                                                 SupportEntry::Kind::kLimited, "");
  EXPECT_TRUE(limited.problems.empty()) << problems_text(limited.problems);
  ASSERT_EQ(limited.entries.size(), 3u);
  EXPECT_EQ(limited.entries[0].package, "sandboxd");
  EXPECT_EQ(limited.entries[0].note, "Only suitable for trusted content");
  EXPECT_FALSE(limited.entries[0].date.has_value());
  EXPECT_EQ(limited.entries[2].package, "bare");
  EXPECT_EQ(limited.entries[2].note, "");
}

TEST(EolSupport, BrokenLinesAreProblems) {
  const SupportList list = parse_support_list(fixture("support/security-support-ended.deb98"),
                                              SupportEntry::Kind::kEnded, "deb98");
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_EQ(list.entries[0].package, "good");
  const std::string problems = problems_text(list.problems);
  for (const char* expected : {"line 5: expected a package", "line 6: \"2030-02-30\" is not a date",
                               "line 7: expected a package"}) {
    EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n" << problems;
  }
  // Not a list at all: nothing read, never an error.
  const SupportList junk = parse_support_list("\x01\x02 zz\n", SupportEntry::Kind::kEnded, "deb1");
  EXPECT_TRUE(junk.entries.empty());
  EXPECT_EQ(junk.problems.size(), 1u);
}

TEST(EolSupport, PackagePatterns) {
  EXPECT_TRUE(support_package_matches("wolfssl", "wolfssl"));
  EXPECT_FALSE(support_package_matches("wolfssl", "wolfssl2"));
  EXPECT_TRUE(support_package_matches("php-horde.*", "php-horde-imp"));
  EXPECT_TRUE(support_package_matches("php-horde.*", "php-horde"));
  EXPECT_FALSE(support_package_matches("php-horde.*", "php-hord"));
  EXPECT_TRUE(support_package_matches("golang.*", "golang-1.19"));
  EXPECT_TRUE(support_package_matches("node-.*", "node-lodash"));
  EXPECT_FALSE(support_package_matches("node-.*", "nodejs"));
  EXPECT_TRUE(support_package_matches("a.*b.*c", "axxbyyc"));
  EXPECT_FALSE(support_package_matches("a.*b.*c", "axxbyy"));
  EXPECT_TRUE(support_package_matches("python3.11", "python3.11"));
  EXPECT_TRUE(support_package_matches("python3.11", "python3x11"));  // "." is any character
  EXPECT_TRUE(support_package_matches("gtk+2.0", "gtk+2.0"));        // "+" is literal
  EXPECT_FALSE(support_package_matches("gtk+2.0", "gtkk2.0"));
  EXPECT_FALSE(support_package_matches("", "x"));
}

}  // namespace
}  // namespace upkeep::eol
