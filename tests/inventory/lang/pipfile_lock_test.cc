// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "support/inventory_testing.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

constexpr std::string_view kId = "Pipfile.lock";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/pipfile-lock/" + name;
}

TEST(PipfileLock, SectionsScopesAndThePipfile) {
  auto r = run_extractor_on_file(kId, fixture("project/Pipfile.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 7 + 3 + 2 entries: "example" and "vendored" are local paths (skipped); certifi and
  // requests are locked at the same version in two sections (one component each).
  ASSERT_EQ(r.components.size(), 9u);

  const Component* requests = r.find("requests", "2.32.3");
  ASSERT_NE(requests, nullptr);
  EXPECT_EQ(requests->purl, "pkg:pypi/requests@2.32.3");
  EXPECT_EQ(requests->scope, Scope::kRuntime);  // default wins over the "docs" category
  EXPECT_EQ(requests->relationship, Relationship::kDirect);

  const Component* certifi = r.find("certifi", "2024.8.30");
  ASSERT_NE(certifi, nullptr);
  EXPECT_EQ(certifi->scope, Scope::kRuntime);  // default wins over develop
  EXPECT_EQ(certifi->relationship, Relationship::kTransitive);

  // Different versions in default and develop: two components.
  ASSERT_NE(r.find("Typing_Extensions", "4.12.2"), nullptr);
  EXPECT_EQ(r.find("Typing_Extensions", "4.12.2")->purl, "pkg:pypi/typing-extensions@4.12.2");
  EXPECT_EQ(r.find("Typing_Extensions", "4.12.2")->scope, Scope::kRuntime);
  ASSERT_NE(r.find("Typing-Extensions", "4.11.0"), nullptr);
  EXPECT_EQ(r.find("Typing-Extensions", "4.11.0")->scope, Scope::kDevelopment);

  EXPECT_EQ(r.find("pytest", "8.3.3")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("pytest", "8.3.3")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("sphinx", "7.4.7")->scope, Scope::kOptional);  // a pipenv category

  const Component* git = r.find("mylib", "");
  ASSERT_NE(git, nullptr);
  EXPECT_EQ(git->purl,
            "pkg:pypi/mylib?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fexample%2Fmylib.git%400123abcd");
  EXPECT_EQ(git->version_note,
            "direct reference: git+https://github.com/example/mylib.git@0123abcd");
  const Component* archived = r.find("archived", "");
  ASSERT_NE(archived, nullptr);
  EXPECT_EQ(archived->purl,
            "pkg:pypi/archived?download_url=https:%2F%2Ffiles.example.com%2Farchived-1.0.tar.gz");
  EXPECT_EQ(r.find("loose", "")->version_note, "not pinned: *");
  EXPECT_TRUE(r.named("example").empty());
  EXPECT_TRUE(r.named("vendored").empty());
}

TEST(PipfileLock, WithoutPipfileDirectnessIsUnknown) {
  auto r = run_extractor_on_file(kId, fixture("no_pipfile.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].relationship, Relationship::kUnknown);
  EXPECT_EQ(r.components[0].scope, Scope::kRuntime);
}

TEST(PipfileLock, WrongTypesAreReportedWithTheirLines) {
  auto r = run_extractor_on_file(kId, fixture("wrong_types.lock"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "six");
  ASSERT_EQ(r.warnings.size(), 5u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 5u);
  EXPECT_NE(r.warnings[0].message.find("\"version\" is not a string"), std::string::npos);
  EXPECT_EQ(r.warnings[1].line, 6u);
  EXPECT_NE(r.warnings[1].message.find("not an object"), std::string::npos);
  EXPECT_EQ(r.warnings[2].line, 7u);
  EXPECT_NE(r.warnings[2].message.find("not a valid package name"), std::string::npos);
  EXPECT_EQ(r.warnings[3].line, 8u);
  EXPECT_EQ(r.warnings[4].line, 10u);
  EXPECT_NE(r.warnings[4].message.find("section \"develop\" is not an object"), std::string::npos);
}

TEST(PipfileLock, MalformedJsonNamesTheLine) {
  auto r = run_extractor_on_file(kId, fixture("malformed.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  // The "idna" object is never closed: the text ends (line 8) with the outer object open.
  EXPECT_EQ(r.warnings[0].line, 8u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("not a valid Pipfile.lock: unexpected end of text"),
            std::string::npos);
}

TEST(PipfileLock, TruncatedJson) {
  auto r = run_extractor_on_file(kId, fixture("truncated.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("unexpected end of text"), std::string::npos)
      << r.warnings_text();
}

TEST(PipfileLock, EmptyFileIsNotJson) {
  auto r = run_extractor_on_file(kId, fixture("empty.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("unexpected end of text"), std::string::npos)
      << r.warnings_text();
}

TEST(PipfileLock, TopLevelNotAnObject) {
  auto r = run_extractor_on_file(kId, fixture("top_array.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not an object"), std::string::npos);
}

TEST(PipfileLock, InvalidUtf8) {
  auto r = run_extractor_on_file(kId, fixture("invalid_utf8.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 1u);
  EXPECT_NE(r.warnings[0].message.find("UTF-8"), std::string::npos) << r.warnings_text();
}

TEST(PipfileLock, DeepNestingIsRefused) {
  MemoryFs fs;
  fs.add_file("/Pipfile.lock", "{\"default\": " + std::string(100000, '['));
  auto r = run_extractor(kId, fs, "/Pipfile.lock");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("nested deeper"), std::string::npos) << r.warnings_text();
}

TEST(PipfileLock, HugeLockfile) {
  constexpr int kPackages = 100000;
  std::string text = "{\"_meta\": {}, \"default\": {";
  for (int i = 0; i < kPackages; ++i) {
    if (i > 0) text += ',';
    text += "\"p" + std::to_string(i) + "\": {\"hashes\": [], \"version\": \"==1.0\"}";
  }
  text += "}, \"develop\": {}}";
  MemoryFs fs;
  fs.add_file("/Pipfile.lock", std::move(text));
  auto r = run_extractor(kId, fs, "/Pipfile.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.size();
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kPackages));
}

// pypa/pipenv's own Pipfile.lock. Derived with Python's json module:
//   d = json.load(open("pipenv-Pipfile.lock")); len(d["default"]) = 10, len(d["develop"]) = 100
//   pairs = {(name, entry["version"]) for each section and entry}: 105 distinct pairs, since
//   iniconfig, pluggy, pytest, setuptools and typing-extensions are locked at the same version
//   in both sections, while exceptiongroup (1.3.1 / 1.1.0), packaging (26.3 / 26.2) and pygments
//   (2.21.0 / 2.20.0) differ. All entries have "==" versions; no other section exists.
// A component per distinct (name, version): 105; the 10 default ones are run time, the other
// 95 development. No Pipfile beside it, so directness is unknown.
TEST(PipfileLock, RealPipenvLockfile) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/pypi/pipenv-Pipfile.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 105u);
  size_t runtime = 0;
  for (const Component& c : r.components)
    runtime += c.scope == Scope::kRuntime;
  EXPECT_EQ(runtime, 10u);
  ASSERT_NE(r.find("exceptiongroup", "1.3.1"), nullptr);
  EXPECT_EQ(r.find("exceptiongroup", "1.3.1")->scope, Scope::kRuntime);
  ASSERT_NE(r.find("exceptiongroup", "1.1.0"), nullptr);
  EXPECT_EQ(r.find("exceptiongroup", "1.1.0")->scope, Scope::kDevelopment);
  ASSERT_NE(r.find("pytest", "9.0.3"), nullptr);
  EXPECT_EQ(r.find("pytest", "9.0.3")->scope, Scope::kRuntime);
  ASSERT_NE(r.find("pytz", "2026.1.post1"), nullptr);
  ASSERT_NE(r.find("jaraco.classes", "3.4.0"), nullptr);
  EXPECT_EQ(r.find("jaraco.classes", "3.4.0")->purl, "pkg:pypi/jaraco-classes@3.4.0");
  ASSERT_NE(r.find("coverage", "7.13.5"), nullptr);
  EXPECT_EQ(r.find("coverage", "7.13.5")->relationship, Relationship::kUnknown);
}

}  // namespace
}  // namespace upkeep::inventory
