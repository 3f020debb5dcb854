// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/gemfile-lock/" + name;
}

TEST(GemfileLock, SourcesPlatformsAndDirectDependencies) {
  auto r = run_extractor_on_file("Gemfile.lock", fixture("sources.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 2 GIT + 1 PATH (vendor/gems/helper) + 6 GEM lines; the PATH "." gem is the project itself.
  ASSERT_EQ(r.components.size(), 9u);
  EXPECT_TRUE(r.named("myapp").empty());

  // One component per platform variant, the platform as a qualifier.
  ASSERT_EQ(r.named("nokogiri").size(), 3u);
  std::vector<std::string> purls;
  for (const Component* c : r.named("nokogiri")) {
    purls.push_back(c->purl);
    EXPECT_EQ(c->version, "1.16.0");
    EXPECT_EQ(c->relationship, Relationship::kDirect);
    EXPECT_EQ(c->dependencies, std::vector<std::string>{"racc"});
    EXPECT_EQ(c->ecosystem, "RubyGems");
  }
  std::sort(purls.begin(), purls.end());
  EXPECT_EQ(purls, (std::vector<std::string>{"pkg:gem/nokogiri@1.16.0",
                                             "pkg:gem/nokogiri@1.16.0?platform=arm64-darwin",
                                             "pkg:gem/nokogiri@1.16.0?platform=x86_64-linux"}));

  const Component* rails = r.find("rails", "7.2.0.alpha");
  ASSERT_NE(rails, nullptr);
  EXPECT_EQ(rails->relationship, Relationship::kDirect);  // "rails!"
  EXPECT_EQ(rails->purl,
            "pkg:gem/rails@7.2.0.alpha?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Frails%2Frails.git%"
            "400123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(rails->dependencies, std::vector<std::string>{"actionpack"});
  EXPECT_EQ(r.find("actionpack", "7.2.0.alpha")->relationship, Relationship::kTransitive);
  EXPECT_EQ(r.find("helper", "1.0.0")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("helper", "1.0.0")->purl, "pkg:gem/helper@1.0.0");
  EXPECT_EQ(r.find("rack", "3.0.8")->relationship, Relationship::kTransitive);
  EXPECT_EQ(r.find("rspec", "3.12.0")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("rspec", "3.12.0")->scope, Scope::kUnknown);  // groups are not locked
}

TEST(GemfileLock, EmptyFileHasNothing) {
  auto r = run_extractor_on_file("Gemfile.lock", fixture("empty.lock"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(GemfileLock, TruncatedLineIsReportedAndTheRestKept) {
  auto r = run_extractor_on_file("Gemfile.lock", fixture("truncated.lock"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_NE(r.find("actionpack", "7.2.0.alpha"), nullptr);
  // No DEPENDENCIES section was reached: nothing says what is direct.
  EXPECT_EQ(r.components[0].relationship, Relationship::kUnknown);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 8u);
  EXPECT_EQ(r.warnings[0].column, 5u);
}

TEST(GemfileLock, WrongShapesNameTheLine) {
  auto r = run_extractor_on_file("Gemfile.lock", fixture("wrong_types.lock"));
  ASSERT_EQ(r.components.size(), 2u);
  const Component* good = r.find("good", "1.0.0");
  ASSERT_NE(good, nullptr);
  // The dependency line under the rejected "unclosed" gem does not go to "good".
  EXPECT_TRUE(good->dependencies.empty());
  EXPECT_NE(r.find("after", "2.0.0"), nullptr);
  std::vector<uint64_t> lines;
  for (const auto& w : r.warnings)
    lines.push_back(w.line);
  EXPECT_EQ(lines, (std::vector<uint64_t>{5, 6, 7, 9})) << r.warnings_text();
}

TEST(GemfileLock, InvalidUtf8AndCrlf) {
  auto r = run_extractor_on_file("Gemfile.lock", fixture("invalid_utf8_crlf.lock"));
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_EQ(r.find("good", "1.0.0")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("after", "2.0.0")->relationship, Relationship::kTransitive);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 5u);
  EXPECT_NE(r.warnings[0].message.find("invalid UTF-8"), std::string::npos);
}

TEST(GemfileLock, DeepIndentationIsCappedInWarnings) {
  // 200 lines indented ever deeper: the first 20 are named, then one line counts the rest.
  auto r = run_extractor_on_file("Gemfile.lock", fixture("deep_nesting.lock"));
  EXPECT_EQ(r.components.size(), 2u);
  ASSERT_EQ(r.warnings.size(), 21u);
  EXPECT_EQ(r.warnings[0].line, 5u);
  EXPECT_NE(r.warnings[20].message.find("180 more problems"), std::string::npos);
}

TEST(GemfileLock, HugeFileIsLinear) {
  std::string text = "GEM\n  remote: https://rubygems.org/\n  specs:\n";
  constexpr int kGems = 100000;
  for (int i = 0; i < kGems; ++i) {
    text += "    gem" + std::to_string(i) + " (1." + std::to_string(i % 7) + ")\n";
    text += "      gem" + std::to_string(i + 1) + " (>= 1.0)\n";
  }
  text += "\nDEPENDENCIES\n  gem0\n";
  MemoryFs fs;
  fs.add_file("/Gemfile.lock", text);
  auto r = run_extractor("Gemfile.lock", fs, "/Gemfile.lock");
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kGems));
}

// endoflife.date's Gemfile.lock: one GEM source, 91 four-space spec lines (64 gems; ffi,
// google-protobuf, nokogiri and sass-embedded are locked for several platforms), no GIT or PATH
// source. Counted with
//   grep -cP '^    \S+ \(.*\)$' endoflife-date-Gemfile.lock                         -> 91
//   grep -P '^    \S+ \(' endoflife-date-Gemfile.lock | awk '{print $1}' | sort -u | wc -l -> 64
// DEPENDENCIES names 13 gems; tzinfo-data has no spec line (Bundler locks it only for Windows
// platforms, none of which is listed), and each of the other 12 has exactly one spec line, so 12
// components are direct (python3: the DEPENDENCIES names against the spec lines -> 12).
TEST(GemfileLock, RealEndoflifeDateLockfile) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file("Gemfile.lock",
                                 data + "/lockfiles/rubygems/endoflife-date-Gemfile.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 91u);
  std::set<std::string> names;
  size_t direct = 0;
  for (const auto& c : r.components) {
    names.insert(c.name);
    if (c.relationship == Relationship::kDirect) ++direct;
  }
  EXPECT_EQ(names.size(), 64u);
  // The 12 DEPENDENCIES with a spec line have one spec line each (none is platform-specific).
  EXPECT_EQ(direct, 12u);
  EXPECT_TRUE(r.named("tzinfo-data").empty());
  EXPECT_EQ(r.named("ffi").size(), 8u);
  EXPECT_EQ(r.named("nokogiri").size(), 8u);
  bool found = false;
  for (const Component* c : r.named("ffi")) {
    if (c->purl == "pkg:gem/ffi@1.17.4?platform=x86_64-linux-gnu") found = true;
    EXPECT_EQ(c->version, "1.17.4");
  }
  EXPECT_TRUE(found);
  const Component* jekyll = r.find("jekyll", "4.4.1");
  ASSERT_NE(jekyll, nullptr);
  EXPECT_EQ(jekyll->purl, "pkg:gem/jekyll@4.4.1");
  EXPECT_EQ(jekyll->relationship, Relationship::kDirect);
  const Component* as = r.find("activesupport", "8.1.3.1");
  ASSERT_NE(as, nullptr);
  EXPECT_EQ(as->relationship, Relationship::kTransitive);
  EXPECT_EQ(as->dependencies.size(), 12u);  // the 12 six-space lines under it
  EXPECT_EQ(as->dependencies.front(), "base64");
  EXPECT_NE(r.find("webrick", "1.9.2"), nullptr);
  EXPECT_EQ(r.find("webrick", "1.9.2")->relationship, Relationship::kDirect);
}

}  // namespace
}  // namespace upkeep::inventory
