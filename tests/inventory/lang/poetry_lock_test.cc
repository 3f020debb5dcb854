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

constexpr std::string_view kId = "poetry.lock";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/poetry-lock/" + name;
}

TEST(PoetryLock, Lock21WithPyprojectGivesScopeAndDirectness) {
  auto r = run_extractor_on_file(kId, fixture("project/poetry.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // Eight [[package]] tables; "sibling" comes from a local directory (the project's source).
  ASSERT_EQ(r.components.size(), 7u);
  EXPECT_TRUE(r.named("sibling").empty());

  const Component* requests = r.find("requests", "2.32.3");
  ASSERT_NE(requests, nullptr);
  EXPECT_EQ(requests->ecosystem, "PyPI");
  EXPECT_EQ(requests->purl, "pkg:pypi/requests@2.32.3");
  EXPECT_EQ(requests->scope, Scope::kRuntime);
  EXPECT_EQ(requests->relationship, Relationship::kDirect);
  // "charset_normalizer" in the dependency table is the locked "charset-normalizer".
  EXPECT_EQ(requests->dependencies, (std::vector<std::string>{"certifi", "charset-normalizer"}));

  const Component* certifi = r.find("certifi", "2024.8.30");
  ASSERT_NE(certifi, nullptr);
  EXPECT_EQ(certifi->scope, Scope::kRuntime);  // groups main and dev
  EXPECT_EQ(certifi->relationship, Relationship::kTransitive);

  const Component* pytest = r.find("pytest", "8.3.3");
  ASSERT_NE(pytest, nullptr);
  EXPECT_EQ(pytest->scope, Scope::kDevelopment);
  EXPECT_EQ(pytest->relationship, Relationship::kDirect);

  const Component* mysql = r.find("PyMySQL", "1.1.1");
  ASSERT_NE(mysql, nullptr);
  EXPECT_EQ(mysql->purl, "pkg:pypi/pymysql@1.1.1");
  EXPECT_EQ(mysql->scope, Scope::kOptional);
  EXPECT_EQ(mysql->relationship, Relationship::kDirect);

  const Component* git = r.find("mylib", "0.9.0");
  ASSERT_NE(git, nullptr);
  EXPECT_EQ(git->purl,
            "pkg:pypi/mylib@0.9.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fexample%2Fmylib.git%"
            "400123456789abcdef0123456789abcdef01234567");
  const Component* internal = r.find("internal-tool", "1.4.0");
  ASSERT_NE(internal, nullptr);
  EXPECT_EQ(internal->purl,
            "pkg:pypi/internal-tool@1.4.0?repository_url=https:%2F%2Fpypi.example.com%2Fsimple");
  EXPECT_EQ(internal->scope, Scope::kDevelopment);
}

TEST(PoetryLock, Lock1xCategories) {
  auto r = run_extractor_on_file(kId, fixture("v1.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 4u);
  EXPECT_EQ(r.find("click", "8.1.7")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("click", "8.1.7")->dependencies, std::vector<std::string>{"colorama"});
  EXPECT_EQ(r.find("colorama", "0.4.6")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("black", "23.12.1")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("psycopg2", "2.9.9")->scope, Scope::kOptional);
  // No pyproject.toml beside it: the lock alone does not say what is direct.
  for (const Component& c : r.components)
    EXPECT_EQ(c.relationship, Relationship::kUnknown) << c.name;
}

TEST(PoetryLock, Lock20HasNoScope) {
  auto r = run_extractor_on_file(kId, fixture("v20.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].scope, Scope::kUnknown);
}

TEST(PoetryLock, BrokenPyprojectIsReportedInItsFile) {
  auto r = run_extractor_on_file(kId, fixture("bad-pyproject/poetry.lock"));
  EXPECT_EQ(r.components.size(), 7u);
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].file, "/pyproject.toml");
  EXPECT_EQ(r.warnings[0].line, 1u);
  for (const Component& c : r.components)
    EXPECT_EQ(c.relationship, Relationship::kUnknown) << c.name;
}

TEST(PoetryLock, MalformedTomlKeepsThePackagesBeforeTheError) {
  auto r = run_extractor_on_file(kId, fixture("malformed.lock"));
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 5u);
  EXPECT_NE(r.warnings[0].message.find("not a valid poetry.lock"), std::string::npos);
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "ok");
}

TEST(PoetryLock, TruncatedFileKeepsCompletePackages) {
  auto r = run_extractor_on_file(kId, fixture("truncated.lock"));
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 14u);
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "requests");
}

TEST(PoetryLock, WrongTypesAreReported) {
  auto r = run_extractor_on_file(kId, fixture("wrong_types.lock"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "fine");
  EXPECT_EQ(r.components[0].dependencies, std::vector<std::string>{"nothing"});
  ASSERT_EQ(r.warnings.size(), 5u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 1u);  // name = 42
  EXPECT_EQ(r.warnings[1].line, 5u);  // no version
  EXPECT_EQ(r.warnings[2].line, 8u);  // "has space"
  EXPECT_NE(r.warnings[2].message.find("not a valid package name"), std::string::npos);
  EXPECT_NE(r.warnings[3].message.find("groups"), std::string::npos);
  EXPECT_NE(r.warnings[4].message.find("\"optional\""), std::string::npos);
}

TEST(PoetryLock, PackageNotAnArray) {
  auto r = run_extractor_on_file(kId, fixture("package_not_array.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not an array"), std::string::npos);
}

TEST(PoetryLock, InvalidUtf8) {
  auto r = run_extractor_on_file(kId, fixture("invalid_utf8.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 2u) << r.warnings_text();
}

TEST(PoetryLock, EmptyFileHasNothing) {
  auto r = run_extractor_on_file(kId, fixture("empty.lock"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(PoetryLock, DeepNestingIsRefused) {
  MemoryFs fs;
  fs.add_file("/poetry.lock",
              "[[package]]\nname = \"a\"\nversion = \"1\"\nx = " + std::string(100000, '[') + "\n");
  auto r = run_extractor(kId, fs, "/poetry.lock");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 4u);
  EXPECT_NE(r.warnings[0].message.find("nested"), std::string::npos) << r.warnings_text();
}

TEST(PoetryLock, HugeLockfile) {
  constexpr int kPackages = 50000;
  std::string text;
  for (int i = 0; i < kPackages; ++i) {
    text += "[[package]]\nname = \"p" + std::to_string(i) + "\"\nversion = \"1.0\"\n";
    text += "optional = false\ngroups = [\"main\"]\nfiles = []\n\n[package.dependencies]\np" +
            std::to_string(i + 1) + " = \"*\"\n\n";
  }
  MemoryFs fs;
  fs.add_file("/poetry.lock", std::move(text));
  auto r = run_extractor(kId, fs, "/poetry.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.size();
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kPackages));
}

// python-poetry/poetry's own poetry.lock (lock-version 2.1). Derived with Python's tomllib:
//   p = tomllib.load(open("poetry-poetry.lock", "rb"))["package"]
//   len(p) = 78; sum("main" in x["groups"] for x in p) = 53 (run time, the other 25 only in
//   development groups); no package is optional; one has a source: poetry-core from git at
//   e3998b0e111dc03e4aa721fd054c48e5c7de6fc5. Samples: cachecontrol 0.14.4 groups ["main"]
//   depends on filelock, msgpack, requests; pytest 9.0.3 groups ["github-actions", "test"];
//   keyring 25.7.0 depends on "SecretStorage" (locked as "secretstorage").
// Every package is a component; without pyproject.toml beside it, directness is unknown.
TEST(PoetryLock, RealPoetryLockfile) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/pypi/poetry-poetry.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 78u);
  size_t runtime = 0;
  for (const Component& c : r.components) {
    runtime += c.scope == Scope::kRuntime;
    EXPECT_EQ(c.relationship, Relationship::kUnknown);
  }
  EXPECT_EQ(runtime, 53u);
  const Component* cachecontrol = r.find("cachecontrol", "0.14.4");
  ASSERT_NE(cachecontrol, nullptr);
  EXPECT_EQ(cachecontrol->purl, "pkg:pypi/cachecontrol@0.14.4");
  EXPECT_EQ(cachecontrol->scope, Scope::kRuntime);
  EXPECT_EQ(cachecontrol->dependencies,
            (std::vector<std::string>{"filelock", "msgpack", "requests"}));
  ASSERT_NE(r.find("pytest", "9.0.3"), nullptr);
  EXPECT_EQ(r.find("pytest", "9.0.3")->scope, Scope::kDevelopment);
  const Component* core = r.named("poetry-core").at(0);
  EXPECT_EQ(core->purl.substr(core->purl.find('?')),
            "?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fpython-poetry%2Fpoetry-core.git%"
            "40e3998b0e111dc03e4aa721fd054c48e5c7de6fc5");
  const Component* keyring = r.find("keyring", "25.7.0");
  ASSERT_NE(keyring, nullptr);
  EXPECT_NE(std::find(keyring->dependencies.begin(), keyring->dependencies.end(), "secretstorage"),
            keyring->dependencies.end());
}

}  // namespace
}  // namespace upkeep::inventory
