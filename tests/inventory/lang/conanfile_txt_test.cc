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
  return inventory_fixture_dir() + "/conanfile-txt/" + name;
}

TEST(ConanfileTxt, RequirementSections) {
  auto r = run_extractor_on_file("conanfile.txt", fixture("full.txt"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 6u);
  for (const auto& c : r.components) {
    EXPECT_EQ(c.relationship, Relationship::kDirect);
    EXPECT_EQ(c.ecosystem, "ConanCenter");
  }
  EXPECT_EQ(r.find("zlib", "1.3.1")->purl, "pkg:conan/zlib@1.3.1");
  EXPECT_EQ(r.find("zlib", "1.3.1")->scope, Scope::kRuntime);
  const Component* openssl = r.find("openssl", "");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->purl, "pkg:conan/openssl");
  EXPECT_NE(openssl->version_note.find("[>=3.0 <4]"), std::string::npos);
  EXPECT_EQ(r.find("mylib", "2.0")->purl, "pkg:conan/mylib@2.0?channel=stable&user=mycompany");
  EXPECT_EQ(r.find("poco", "1.12.4")->purl,
            "pkg:conan/poco@1.12.4?rrev=ab12cd34ef56ab12cd34ef56ab12cd34");
  EXPECT_EQ(r.find("cmake", "3.29.6")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("gtest", "1.14.0")->scope, Scope::kDevelopment);
}

TEST(ConanfileTxt, ALockBesideItWins) {
  auto r = run_extractor_on_file("conanfile.txt", fixture("with_lock/conanfile.txt"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ConanfileTxt, BrokenInputs) {
  auto empty = run_extractor_on_file("conanfile.txt", fixture("empty.txt"));
  EXPECT_TRUE(empty.components.empty());
  EXPECT_TRUE(empty.warnings.empty());

  // "openssl/3." at the end: kept as written (Conan would refuse it at install).
  auto truncated = run_extractor_on_file("conanfile.txt", fixture("truncated.txt"));
  EXPECT_EQ(truncated.components.size(), 2u);

  auto wrong = run_extractor_on_file("conanfile.txt", fixture("wrong_types.txt"));
  ASSERT_EQ(wrong.components.size(), 2u);
  EXPECT_NE(wrong.find("good", "1.0"), nullptr);
  EXPECT_NE(wrong.find("after", "2.0"), nullptr);  // "[[[[..." is no section header: a bad line
  std::vector<uint64_t> lines;
  for (const auto& w : wrong.warnings)
    lines.push_back(w.line);
  EXPECT_EQ(lines, (std::vector<uint64_t>{2, 3, 5, 6})) << wrong.warnings_text();

  auto bad = run_extractor_on_file("conanfile.txt", fixture("invalid_utf8.txt"));
  EXPECT_EQ(bad.components.size(), 2u);
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_EQ(bad.warnings[0].line, 3u);
}

TEST(ConanfileTxt, HugeFileIsLinear) {
  std::string text = "[requires]\n";
  for (int i = 0; i < 100000; ++i)
    text += "pkg" + std::to_string(i) + "/1.0\n";
  MemoryFs fs;
  fs.add_file("/conanfile.txt", text);
  auto r = run_extractor("conanfile.txt", fs, "/conanfile.txt");
  EXPECT_EQ(r.components.size(), 100000u);
}

// PlotJuggler's conanfile.txt: 9 lines under [requires] and 1 under [tool_requires] (cmake);
// [options] and [generators] name no component (counted by reading the 32-line file).
TEST(ConanfileTxt, RealPlotJuggler) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r =
      run_extractor_on_file("conanfile.txt", data + "/lockfiles/conan/plotjuggler-conanfile.txt");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 10u);
  EXPECT_EQ(r.find("protobuf", "3.21.12")->purl, "pkg:conan/protobuf@3.21.12");
  EXPECT_EQ(r.find("abseil", "20230802.1")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("cmake", "3.31.8")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("arrow", "21.0.0")->relationship, Relationship::kDirect);
}

}  // namespace
}  // namespace upkeep::inventory
