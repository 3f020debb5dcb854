// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/cargo-lock/" + name;
}

TEST(CargoLock, WorkspaceMembersMarkDirectDependencies) {
  auto r = run_extractor_on_file("Cargo.lock", fixture("workspace_git.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 3u);  // the workspace member "app" is the project itself
  EXPECT_TRUE(r.named("app").empty());
  const Component* serde = r.find("serde", "1.0.100");
  ASSERT_NE(serde, nullptr);
  EXPECT_EQ(serde->purl, "pkg:cargo/serde@1.0.100");
  EXPECT_EQ(serde->ecosystem, "crates.io");
  EXPECT_EQ(serde->relationship, Relationship::kDirect);
  EXPECT_EQ(serde->dependencies, std::vector<std::string>{"serde_derive"});
  EXPECT_EQ(r.find("serde_derive", "1.0.100")->relationship, Relationship::kTransitive);
  const Component* git = r.find("mygit", "0.2.0");
  ASSERT_NE(git, nullptr);
  EXPECT_EQ(git->purl,
            "pkg:cargo/mygit@0.2.0?vcs_url=git%2Bhttps:%2F%2Fexample.com%2Fmygit.git%3Frev%3Dabc%23"
            "0123456789abcdef");
}

TEST(CargoLock, MalformedTomlNamesTheLine) {
  auto r = run_extractor_on_file("Cargo.lock", fixture("malformed.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 5u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("not a valid Cargo.lock"), std::string::npos);
}

TEST(CargoLock, WrongTypeIsReported) {
  auto r = run_extractor_on_file("Cargo.lock", fixture("package_not_array.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not an array"), std::string::npos);
}

TEST(CargoLock, BadEntryIsReportedAndTheRestKept) {
  auto r = run_extractor_on_file("Cargo.lock", fixture("missing_version.lock"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "fine");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 3u) << r.warnings_text();
}

TEST(CargoLock, EmptyFileHasNothing) {
  auto r = run_extractor_on_file("Cargo.lock", fixture("empty.lock"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

// ripgrep's lockfile: 63 [[package]] tables, 52 with a source (counted in the file; the 11
// without one are ripgrep's workspace crates, whose dependency lists name 39 crates).
TEST(CargoLock, RealRipgrepLockfile) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file("Cargo.lock", data + "/lockfiles/cargo/ripgrep-Cargo.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 52u);
  ASSERT_NE(r.find("aho-corasick", "1.1.5"), nullptr);
  EXPECT_EQ(r.find("aho-corasick", "1.1.5")->relationship, Relationship::kDirect);
  ASSERT_NE(r.find("anyhow", "1.0.104"), nullptr);
  ASSERT_NE(r.find("memchr", "2.8.3"), nullptr);
  EXPECT_EQ(r.find("serde", "1.0.229")->purl, "pkg:cargo/serde@1.0.229");
  ASSERT_NE(r.find("windows-sys", "0.61.2"), nullptr);
  EXPECT_EQ(r.find("windows-sys", "0.61.2")->relationship, Relationship::kTransitive);
}

}  // namespace
}  // namespace upkeep::inventory
