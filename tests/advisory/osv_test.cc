// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/advisory.h"

namespace upkeep::advisory {
namespace {

std::string fixture(const std::string& name) {
  return std::string(UPKEEP_FIXTURE_DIR) + "/advisory/osv/" + name;
}

Result<ParsedRecord> parse_fixture(const std::string& name) {
  return parse_osv_record(upkeep::testing::read_host_file(fixture(name)));
}

bool has_problem(const ParsedRecord& r, std::string_view pointer, std::string_view text) {
  return std::any_of(r.problems.begin(), r.problems.end(), [&](const ParseProblem& p) {
    return p.pointer == pointer && p.message.find(text) != std::string::npos;
  });
}

TEST(OsvRecord, EveryFieldMatchingAndReportingNeed) {
  auto parsed = parse_fixture("full.json");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  const Record& r = parsed->record;
  // The reference without a url is dropped quietly: it can be neither shown nor followed.
  EXPECT_TRUE(parsed->problems.empty());
  EXPECT_EQ(r.id, "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(r.schema_version, "1.6.0");
  EXPECT_EQ(r.modified, "2024-05-03T20:15:03Z");
  EXPECT_EQ(r.published, "2024-02-28T22:57:26Z");
  EXPECT_FALSE(r.is_withdrawn());
  EXPECT_EQ(r.aliases, (std::vector<std::string>{"CVE-2024-0001", "PYSEC-2024-1"}));
  EXPECT_EQ(r.related, std::vector<std::string>{"CVE-2023-9999"});
  ASSERT_EQ(r.severity.size(), 1u);
  EXPECT_EQ(r.severity[0].type, "CVSS_V3");
  EXPECT_EQ(r.severity[0].score, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  EXPECT_EQ(r.label_severity, "MODERATE");
  ASSERT_EQ(r.affected.size(), 2u);
  const Affected& py = r.affected[0];
  EXPECT_EQ(py.ecosystem, "PyPI");
  EXPECT_EQ(py.name, "Example_Package");
  EXPECT_EQ(py.purl, "pkg:pypi/example-package");
  EXPECT_EQ(py.label_severity, "HIGH");
  EXPECT_EQ(py.versions, (std::vector<std::string>{"1.9.7", "2.0.0"}));
  ASSERT_EQ(py.ranges.size(), 2u);
  EXPECT_EQ(py.ranges[1].type, Range::Type::kEcosystem);
  ASSERT_EQ(py.ranges[1].events.size(), 2u);
  EXPECT_EQ(py.ranges[1].events[0].kind, Event::Kind::kIntroduced);
  EXPECT_EQ(py.ranges[1].events[0].version, "2.0.0");
  EXPECT_EQ(py.ranges[1].events[1].kind, Event::Kind::kFixed);
  EXPECT_EQ(py.ranges[1].events[1].version, "2.0.1");
  const Affected& go = r.affected[1];
  ASSERT_EQ(go.ranges.size(), 2u);
  EXPECT_EQ(go.ranges[0].type, Range::Type::kSemver);
  EXPECT_EQ(go.ranges[0].events[1].kind, Event::Kind::kLastAffected);
  EXPECT_EQ(go.ranges[1].type, Range::Type::kGit);
  EXPECT_EQ(go.ranges[1].repo, "https://example.com/mod.git");
  EXPECT_EQ(go.ranges[1].events[1].kind, Event::Kind::kLimit);
  ASSERT_EQ(r.references.size(), 1u);
  EXPECT_EQ(r.references[0].url, "https://example.com/advisory");
}

TEST(OsvRecord, WithdrawnIsKeptAndMarked) {
  auto parsed = parse_fixture("withdrawn.json");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_TRUE(parsed->record.is_withdrawn());
  EXPECT_EQ(parsed->record.withdrawn, "2024-01-02T00:00:00Z");
}

TEST(OsvRecord, BadEventsAndPackagesAreSkippedWithTheirPointer) {
  auto parsed = parse_fixture("bad_events.json");
  ASSERT_TRUE(parsed.is_ok());
  const Record& r = parsed->record;
  // Kept: "good", and the packages whose only range was dropped (they still have a name, and
  // a record with no usable range affects nothing, which matching decides).
  std::vector<std::string> names;
  for (const Affected& a : r.affected)
    names.push_back(a.name);
  EXPECT_EQ(names, (std::vector<std::string>{"good", "two-kinds", "no-kind", "empty-version",
                                             "odd-type"}));
  EXPECT_EQ(r.affected[0].ranges.size(), 1u);
  for (size_t i = 1; i < r.affected.size(); ++i)
    EXPECT_TRUE(r.affected[i].ranges.empty()) << r.affected[i].name;
  EXPECT_TRUE(has_problem(*parsed, "/affected/1/ranges/0/events/0", "more than one"));
  EXPECT_TRUE(has_problem(*parsed, "/affected/2/ranges/0/events/0", "without introduced"));
  EXPECT_TRUE(has_problem(*parsed, "/affected/3/ranges/0/events/0/fixed", "non-empty string"));
  EXPECT_TRUE(has_problem(*parsed, "/affected/4/ranges/0/type", "unknown range type \"NUMERIC\""));
  EXPECT_TRUE(has_problem(*parsed, "/affected/5/package", "needs an ecosystem and a name"));
  EXPECT_TRUE(has_problem(*parsed, "/affected/6/package", "only a repository range"));
}

TEST(OsvRecord, WrongTypesAreProblemsAndTheRestIsKept) {
  auto parsed = parse_fixture("wrong_types.json");
  ASSERT_TRUE(parsed.is_ok());
  const Record& r = parsed->record;
  EXPECT_TRUE(r.aliases.empty());
  EXPECT_EQ(r.related, std::vector<std::string>{"CVE-2099-2"});
  EXPECT_TRUE(r.summary.empty());
  ASSERT_EQ(r.affected.size(), 1u);
  EXPECT_EQ(r.affected[0].name, "kept");
  EXPECT_EQ(r.affected[0].versions, std::vector<std::string>{"1.0"});
  EXPECT_TRUE(has_problem(*parsed, "/aliases", "not an array"));
  EXPECT_TRUE(has_problem(*parsed, "/related/1", "not a string"));
  EXPECT_TRUE(has_problem(*parsed, "/summary", "not a string"));
  EXPECT_TRUE(has_problem(*parsed, "/severity", "not an array"));
  EXPECT_TRUE(has_problem(*parsed, "/affected/0/ranges", "not an array"));
  EXPECT_TRUE(has_problem(*parsed, "/affected/0/versions/2", "not a string"));
  EXPECT_TRUE(has_problem(*parsed, "/affected/1/package", "no package"));
}

TEST(OsvRecord, WhatIsNotARecordIsAnError) {
  for (const char* name : {"no_id.json", "not_object.json", "empty.json", "invalid_utf8.json"}) {
    EXPECT_FALSE(parse_fixture(name).is_ok()) << name;
  }
  auto truncated = parse_fixture("truncated.json");
  ASSERT_FALSE(truncated.is_ok());
  EXPECT_NE(truncated.status().message().find("line "), std::string::npos)
      << truncated.status().message();
  auto deep = parse_fixture("deep_nesting.json");
  ASSERT_FALSE(deep.is_ok());
  EXPECT_NE(deep.status().message().find("deep"), std::string::npos) << deep.status().message();
}

// The import reads only the keys (parse_keys); it must report exactly what a full parse reports,
// on every fixture, and a parser reused across records must give what a fresh one gives.
TEST(OsvParser, KeysAgreeWithTheFullParseAndReuseChangesNothing) {
  std::vector<std::string> files;
  for (const char* dir : {"/advisory/osv", "/advisory/store", "/match/osv"}) {
    std::error_code ec;
    for (const auto& e :
         std::filesystem::directory_iterator(UPKEEP_FIXTURE_DIR + std::string(dir), ec)) {
      if (e.path().extension() == ".json") files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 10u);
  OsvParser reused;
  size_t records = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& file : files) {
      const std::string text = upkeep::testing::read_host_file(file);
      auto fresh = parse_osv_record(text);
      auto full = reused.parse(text);
      auto keys = reused.parse_keys(text);
      ASSERT_EQ(full.is_ok(), fresh.is_ok()) << file;
      ASSERT_EQ(keys.is_ok(), fresh.is_ok()) << file;
      if (!fresh.is_ok()) {
        EXPECT_EQ(full.status().message(), fresh.status().message()) << file;
        EXPECT_EQ(keys.status().message(), fresh.status().message()) << file;
        continue;
      }
      ++records;
      auto same_problems = [](const std::vector<ParseProblem>& a,
                              const std::vector<ParseProblem>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
          return x.pointer == y.pointer && x.message == y.message;
        });
      };
      EXPECT_TRUE(same_problems(full->problems, fresh->problems)) << file;
      EXPECT_TRUE(same_problems(keys->problems, fresh->problems)) << file;
      const Record& r = fresh->record;
      EXPECT_EQ(full->record.details, r.details) << file;
      EXPECT_EQ(full->record.affected.size(), r.affected.size()) << file;
      const RecordKeys& k = keys->keys;
      EXPECT_EQ(k.id, r.id) << file;
      EXPECT_EQ(k.modified, r.modified) << file;
      EXPECT_EQ(k.withdrawn, r.withdrawn) << file;
      EXPECT_EQ(k.aliases, r.aliases) << file;
      ASSERT_EQ(k.packages.size(), r.affected.size()) << file;
      for (size_t i = 0; i < k.packages.size(); ++i) {
        EXPECT_EQ(k.packages[i].ecosystem, r.affected[i].ecosystem) << file;
        EXPECT_EQ(k.packages[i].name, r.affected[i].name) << file;
      }
    }
  }
  EXPECT_GT(records, 10u);
}

TEST(OsvRecord, PackageNamesAsTheIndexKeepsThem) {
  EXPECT_EQ(normalize_package_name("PyPI", "Example_Package.Name--x"), "example-package-name-x");
  EXPECT_EQ(normalize_package_name("crates.io", "Serde_JSON"), "serde-json");
  EXPECT_EQ(normalize_package_name("NuGet", "Newtonsoft.Json"), "newtonsoft.json");
  EXPECT_EQ(normalize_package_name("Packagist", "Symfony/HTTP-Kernel"), "symfony/http-kernel");
  EXPECT_EQ(normalize_package_name("npm", "JSONStream"), "JSONStream");
  EXPECT_EQ(normalize_package_name("Go", "github.com/BurntSushi/toml"),
            "github.com/BurntSushi/toml");
  EXPECT_EQ(normalize_package_name("Debian:12", "openssl"), "openssl");
  EXPECT_EQ(base_ecosystem("Ubuntu:22.04:LTS"), "Ubuntu");
  EXPECT_EQ(base_ecosystem("PyPI"), "PyPI");
}

}  // namespace
}  // namespace upkeep::advisory
