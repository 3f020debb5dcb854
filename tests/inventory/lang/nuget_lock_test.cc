// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/nuget-lock/" + name;
}

TEST(NugetLock, FrameworksAreMergedAndProjectsLeftOut) {
  auto r = run_extractor_on_file("packages.lock.json", fixture("packages.lock.json"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // Newtonsoft.Json 13.0.3 (net8.0) and 13.0.1 (net48, also as "newtonsoft.json"), Serilog,
  // System.Memory (three frameworks, one version), Azure.Core; MyCompany.Shared is a project.
  ASSERT_EQ(r.components.size(), 5u);
  EXPECT_TRUE(r.named("MyCompany.Shared").empty());
  EXPECT_TRUE(r.named("newtonsoft.json").empty());
  const Component* nj = r.find("Newtonsoft.Json", "13.0.3");
  ASSERT_NE(nj, nullptr);
  EXPECT_EQ(nj->ecosystem, "NuGet");
  EXPECT_EQ(nj->purl, "pkg:nuget/Newtonsoft.Json@13.0.3");
  EXPECT_EQ(nj->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("Newtonsoft.Json", "13.0.1")->relationship, Relationship::kDirect);
  // Transitive for net8.0 but asked for directly by net48: direct.
  EXPECT_EQ(r.find("System.Memory", "4.5.5")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("Azure.Core", "1.36.0")->relationship, Relationship::kTransitive);
  EXPECT_EQ(r.find("Serilog", "3.1.1")->dependencies, std::vector<std::string>{"System.Memory"});
}

TEST(NugetLock, NoPackagesIsFine) {
  auto r = run_extractor_on_file("packages.lock.json", fixture("no_packages.json"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(NugetLock, EmptyFileIsNotJson) {
  auto r = run_extractor_on_file("packages.lock.json", fixture("empty.json"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
}

TEST(NugetLock, TruncatedNamesTheLine) {
  auto r = run_extractor_on_file("packages.lock.json", fixture("truncated.json"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 11u) << r.warnings_text();
}

TEST(NugetLock, WrongTypesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file("packages.lock.json", fixture("wrong_types.json"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_NE(r.find("Good", "1.0.0"), nullptr);
  ASSERT_EQ(r.warnings.size(), 3u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("\"NoResolved\" of \"net8.0\""), std::string::npos);
  EXPECT_NE(r.warnings[2].message.find("\"net9.0\" is not an object"), std::string::npos);

  auto top = run_extractor_on_file("packages.lock.json", fixture("dependencies_not_object.json"));
  EXPECT_TRUE(top.components.empty());
  ASSERT_EQ(top.warnings.size(), 1u);
  EXPECT_NE(top.warnings[0].message.find("\"dependencies\" is not an object"), std::string::npos);
}

TEST(NugetLock, InvalidUtf8AndDeepNesting) {
  auto bad = run_extractor_on_file("packages.lock.json", fixture("invalid_utf8.json"));
  EXPECT_TRUE(bad.components.empty());
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_EQ(bad.warnings[0].column, 48u);
  auto deep = run_extractor_on_file("packages.lock.json", fixture("deep_nesting.json"));
  EXPECT_TRUE(deep.components.empty());
  ASSERT_EQ(deep.warnings.size(), 1u);
  EXPECT_NE(deep.warnings[0].message.find("nested deeper"), std::string::npos);
}

TEST(NugetLock, HugeFileIsLinear) {
  std::string text = R"({"version": 1, "dependencies": {"net8.0": {)";
  constexpr int kPackages = 100000;
  for (int i = 0; i < kPackages; ++i) {
    if (i) text += ",";
    text += "\"P" + std::to_string(i) + R"(": {"type": "Transitive", "resolved": "1.0.0"})";
  }
  text += "}}}";
  MemoryFs fs;
  fs.add_file("/packages.lock.json", text);
  auto r = run_extractor("packages.lock.json", fs, "/packages.lock.json");
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kPackages));
}

// Qowaiv.Specs' lock: three frameworks (net8.0, net9.0, net10.0) of 33 entries each, the same
// 33 names and versions in each; 5 are "Project" entries (Qowaiv, Qowaiv.TestTools, ...), so 28
// packages, 13 of them "Direct" (python3: the set of (name.lower(), resolved) over all
// frameworks without type Project -> 28; with type Direct -> 13).
TEST(NugetLock, RealQowaivLockfile) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file("packages.lock.json",
                                 data + "/lockfiles/nuget/qowaiv-specs-packages.lock.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 28u);
  size_t direct = 0;
  for (const auto& c : r.components)
    direct += c.relationship == Relationship::kDirect;
  EXPECT_EQ(direct, 13u);
  EXPECT_TRUE(r.named("Qowaiv").empty());
  const Component* nunit = r.find("NUnit", "4.6.1");
  ASSERT_NE(nunit, nullptr);
  EXPECT_EQ(nunit->purl, "pkg:nuget/NUnit@4.6.1");
  EXPECT_EQ(nunit->relationship, Relationship::kDirect);
  const Component* sql = r.find("System.Data.SqlClient", "4.8.6");
  ASSERT_NE(sql, nullptr);
  EXPECT_EQ(sql->relationship, Relationship::kTransitive);  // CentralTransitive
  const Component* sonar = r.find("SonarAnalyzer.CSharp", "10.29.0.143774");
  ASSERT_NE(sonar, nullptr);
  EXPECT_EQ(sonar->purl, "pkg:nuget/SonarAnalyzer.CSharp@10.29.0.143774");
  const Component* sdk = r.find("Microsoft.NET.Test.Sdk", "18.8.1");
  ASSERT_NE(sdk, nullptr);
  EXPECT_EQ(sdk->dependencies, (std::vector<std::string>{"Microsoft.CodeCoverage",
                                                         "Microsoft.TestPlatform.TestHost"}));
  EXPECT_EQ(r.find("Microsoft.CodeCoverage", "18.8.1")->relationship, Relationship::kTransitive);
}

}  // namespace
}  // namespace upkeep::inventory
