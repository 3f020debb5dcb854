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
  return inventory_fixture_dir() + "/go-mod/" + name;
}

TEST(GoMod, EveryDirective) {
  auto r = run_extractor_on_file("go.mod", fixture("full/go.mod"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // Seven requires and stdlib; the module itself, exclude, retract, godebug and tool are not
  // components, nor go.sum's example.com/only-in-sum, nor the replacement of a module that is not
  // required (example.com/unused).
  ASSERT_EQ(r.components.size(), 8u);
  EXPECT_TRUE(r.named("example.com/app").empty());
  EXPECT_TRUE(r.named("example.com/only-in-sum").empty());
  EXPECT_TRUE(r.named("example.com/elsewhere").empty());

  const Component* single = r.find("example.com/single", "v1.0.0");
  ASSERT_NE(single, nullptr);
  EXPECT_EQ(single->ecosystem, "Go");
  EXPECT_EQ(single->purl, "pkg:golang/example.com/single@v1.0.0");
  EXPECT_EQ(single->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("example.com/direct", "v1.2.3")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("example.com/indirect", "v0.4.0")->relationship, Relationship::kTransitive);
  // go.mod also requires what only the tests import, direct or "// indirect", in the same way:
  // no require can be called runtime (cdxgen calls the indirect ones optional, which they are not).
  for (const Component& c : r.components) {
    if (c.name != "stdlib") {
      EXPECT_EQ(c.scope, Scope::kUnknown) << c.name;
    }
  }
  const Component* quoted = r.find("example.com/quoted", "v2.0.0+incompatible");
  ASSERT_NE(quoted, nullptr);
  EXPECT_EQ(quoted->purl, "pkg:golang/example.com/quoted@v2.0.0%2Bincompatible");

  // replace by a module: the replacement is what is built; "// indirect; ..." still counts.
  EXPECT_TRUE(r.named("example.com/forked").empty());
  const Component* fork = r.find("example.com/fork", "v1.5.1-fixed");
  ASSERT_NE(fork, nullptr);
  EXPECT_EQ(fork->relationship, Relationship::kTransitive);
  // A replacement of the exact version wins over one of every version.
  ASSERT_NE(r.find("example.com/pinned", "v1.1.9"), nullptr);
  EXPECT_TRUE(r.named("example.com/other").empty());
  // replace by a directory: no version, and the note says why.
  const Component* local = r.find("example.com/local", "");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->purl, "pkg:golang/example.com/local");
  EXPECT_EQ(local->version_note,
            "replaced by the directory ../local (was v0.0.0-20240101000000-abcdefabcdef)");

  // The standard library, with the minimum in the note and no version (see go_mod.cc).
  const Component* stdlib = r.find("stdlib", "");
  ASSERT_NE(stdlib, nullptr);
  EXPECT_EQ(stdlib->purl, "pkg:golang/stdlib");
  EXPECT_EQ(stdlib->scope, Scope::kRuntime);  // every Go program links the runtime package
  EXPECT_NE(stdlib->version_note.find("Go 1.21 or later (toolchain go1.22.3 suggested)"),
            std::string::npos)
      << stdlib->version_note;
}

TEST(GoMod, WithoutGoSumNothingIsChecked) {
  auto r = run_extractor_on_file("go.mod", fixture("nosum/go.mod"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 8u);
}

TEST(GoMod, GoSumProblemsAreWarnings) {
  auto r = run_extractor_on_file("go.mod", fixture("badsum/go.mod"));
  ASSERT_EQ(r.components.size(), 2u);  // no go directive: no stdlib
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].file, "/go.sum");
  EXPECT_EQ(r.warnings[0].line, 2u);
  EXPECT_EQ(r.warnings[1].file, "/go.mod");
  EXPECT_EQ(r.warnings[1].line, 5u);
  EXPECT_NE(r.warnings[1].message.find("no checksum for example.com/b v1.0.0"), std::string::npos);
}

TEST(GoMod, EmptyFileHasNothing) {
  auto r = run_extractor_on_file("go.mod", fixture("empty.mod"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(GoMod, TruncatedBlockIsReportedAndItsLinesKept) {
  auto r = run_extractor_on_file("go.mod", fixture("truncated.mod"));
  // example.com/a and stdlib; "example.com/b v1." is cut in the middle of its version.
  EXPECT_NE(r.find("example.com/a", "v1.0.0"), nullptr);
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 7u);
  EXPECT_NE(r.warnings[0].message.find("\"v1.\" is not a module version"), std::string::npos);
  EXPECT_EQ(r.warnings[1].line, 5u);
  EXPECT_NE(r.warnings[1].message.find("block is not closed"), std::string::npos);
}

TEST(GoMod, WrongShapesNameTheLine) {
  auto r = run_extractor_on_file("go.mod", fixture("wrong_types.mod"));
  // Only the well-formed requires survive; a non-semver version is kept as written but warned.
  ASSERT_EQ(r.components.size(), 2u) << r.warnings_text();
  EXPECT_NE(r.find("example.com/fine", "v1.0.0"), nullptr);
  EXPECT_NE(r.find("example.com/notsemver", "1.2.3"), nullptr);
  std::vector<uint64_t> lines;
  for (const auto& w : r.warnings)
    lines.push_back(w.line);
  EXPECT_EQ(lines, (std::vector<uint64_t>{2, 3, 4, 5, 6, 7, 8, 10})) << r.warnings_text();
  EXPECT_NE(r.warnings[4].message.find("unknown directive \"frobnicate\""), std::string::npos);
  EXPECT_NE(r.warnings[7].message.find("unterminated string"), std::string::npos);
}

TEST(GoMod, InvalidUtf8LineIsSkipped) {
  auto r = run_extractor_on_file("go.mod", fixture("invalid_utf8.mod"));
  EXPECT_EQ(r.components.size(), 2u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 5u);
  EXPECT_EQ(r.warnings[0].column, 14u);
  EXPECT_NE(r.warnings[0].message.find("invalid UTF-8"), std::string::npos);
}

TEST(GoMod, DeepNestingIsRefusedLineByLine) {
  // "require ((((..." 5000 deep: go.mod has no nesting, so each such line is one warning.
  auto r = run_extractor_on_file("go.mod", fixture("deep_nesting.mod"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_NE(r.find("example.com/b", "v1.0.0"), nullptr);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].line, 3u);
}

TEST(GoMod, HugeFileIsLinear) {
  std::string text = "module example.com/huge\n\ngo 1.22\n\nrequire (\n";
  constexpr int kModules = 200000;
  std::string sum;
  for (int i = 0; i < kModules; ++i) {
    const std::string path = "example.com/m" + std::to_string(i);
    text +=
        "\t" + path + " v1." + std::to_string(i % 100) + ".0" + (i % 2 ? " // indirect\n" : "\n");
    sum += path + " v1." + std::to_string(i % 100) + ".0 h1:AAAA=\n";
  }
  text += ")\n";
  MemoryFs fs;
  fs.add_file("/src/go.mod", text);
  fs.add_file("/src/go.sum", sum);
  auto r = run_extractor("go.mod", fs, "/src/go.mod");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text().substr(0, 500);
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kModules) + 1);
}

TEST(GoMod, WarningsAreCapped) {
  // A problem on each of 1000 lines: the first 20 are named, one more warning counts the rest,
  // and the good line at the end is still read.
  std::string text;
  for (int i = 0; i < 1000; ++i)
    text += "frobnicate " + std::to_string(i) + "\n";
  text += "require example.com/fine v1.0.0\n";
  MemoryFs fs;
  fs.add_file("/go.mod", text);
  auto r = run_extractor("go.mod", fs, "/go.mod");
  ASSERT_EQ(r.components.size(), 1u);
  ASSERT_EQ(r.warnings.size(), 21u);
  EXPECT_EQ(r.warnings[19].line, 20u);
  EXPECT_EQ(r.warnings[20].message, "980 more problems in this file were not listed");
}

// golang/vulndb's go.mod: 85 requires, 33 in the first block and 52 "// indirect" in the second,
// no replace/exclude/retract (counted with
//   grep -cP '^\t\S+ v\S+$' vulndb-go.mod        -> 33
//   grep -cP '^\t\S+ v\S+ // indirect$' ...     -> 52),
// plus stdlib (go 1.26.0, toolchain go1.26.2). Its go.sum (vulndb-go.sum, 250 lines for 140
// modules) has a checksum for each of the 85, so there is no warning; the 55 modules only go.sum
// names are not components.
TEST(GoMod, RealVulndbGoMod) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file("go.mod", data + "/lockfiles/go/vulndb-go.mod");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 86u);
  size_t direct = 0, transitive = 0;
  for (const auto& c : r.components) {
    if (c.name == "stdlib") continue;
    (c.relationship == Relationship::kDirect ? direct : transitive)++;
  }
  EXPECT_EQ(direct, 33u);
  EXPECT_EQ(transitive, 52u);
  const Component* pq = r.find("github.com/lib/pq", "v1.10.9");
  ASSERT_NE(pq, nullptr);
  EXPECT_EQ(pq->purl, "pkg:golang/github.com/lib/pq@v1.10.9");
  EXPECT_EQ(pq->relationship, Relationship::kDirect);
  const Component* packagestest =
      r.find("golang.org/x/tools/go/packages/packagestest", "v0.1.1-deprecated");
  ASSERT_NE(packagestest, nullptr);
  EXPECT_EQ(packagestest->purl,
            "pkg:golang/golang.org/x/tools/go/packages/packagestest@v0.1.1-deprecated");
  const Component* yaml = r.find("gopkg.in/yaml.v3", "v3.0.1");
  ASSERT_NE(yaml, nullptr);
  EXPECT_EQ(yaml->purl, "pkg:golang/gopkg.in/yaml.v3@v3.0.1");
  const Component* genproto =
      r.find("google.golang.org/genproto/googleapis/rpc", "v0.0.0-20260727163830-6c54dddc4772");
  ASSERT_NE(genproto, nullptr);
  EXPECT_EQ(genproto->relationship, Relationship::kTransitive);
  const Component* mergo = r.find("dario.cat/mergo", "v1.0.2");
  ASSERT_NE(mergo, nullptr);
  EXPECT_EQ(mergo->purl, "pkg:golang/dario.cat/mergo@v1.0.2");
  const Component* stdlib = r.find("stdlib", "");
  ASSERT_NE(stdlib, nullptr);
  EXPECT_NE(stdlib->version_note.find("1.26.0"), std::string::npos);
  EXPECT_NE(stdlib->version_note.find("go1.26.2"), std::string::npos);
}

}  // namespace
}  // namespace upkeep::inventory
