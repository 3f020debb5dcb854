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

constexpr std::string_view kId = "uv.lock";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/uv-lock/" + name;
}

TEST(UvLock, ProjectScopesFromReachability) {
  auto r = run_extractor_on_file(kId, fixture("project.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 11 packages: "app" is the project (editable "."), "sibling" a local directory.
  ASSERT_EQ(r.components.size(), 9u);
  EXPECT_TRUE(r.named("app").empty());
  EXPECT_TRUE(r.named("sibling").empty());

  const Component* httpx = r.find("httpx", "0.28.1");
  ASSERT_NE(httpx, nullptr);
  EXPECT_EQ(httpx->purl, "pkg:pypi/httpx@0.28.1");
  EXPECT_EQ(httpx->ecosystem, "PyPI");
  EXPECT_EQ(httpx->relationship, Relationship::kDirect);
  EXPECT_EQ(httpx->scope, Scope::kRuntime);
  EXPECT_EQ(httpx->dependencies, std::vector<std::string>{"idna"});
  // Reached through httpx's dependencies, and through the extra the project asks httpx for.
  EXPECT_EQ(r.find("idna", "3.10")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("idna", "3.10")->relationship, Relationship::kTransitive);
  EXPECT_EQ(r.find("h2", "4.2.0")->scope, Scope::kRuntime);
  // An extra nobody asks for.
  EXPECT_EQ(r.find("socksio", "1.0.0")->scope, Scope::kUnknown);
  EXPECT_EQ(r.find("socksio", "1.0.0")->relationship, Relationship::kTransitive);

  const Component* orjson = r.find("orjson", "3.10.15");
  ASSERT_NE(orjson, nullptr);
  EXPECT_EQ(orjson->scope, Scope::kOptional);
  EXPECT_EQ(orjson->relationship, Relationship::kDirect);
  EXPECT_EQ(orjson->purl,
            "pkg:pypi/orjson@3.10.15?repository_url=https:%2F%2Fmirror.example.com%2Fsimple");

  const Component* pytest = r.find("pytest", "8.3.5");
  ASSERT_NE(pytest, nullptr);
  EXPECT_EQ(pytest->scope, Scope::kDevelopment);
  EXPECT_EQ(pytest->relationship, Relationship::kDirect);
  EXPECT_EQ(pytest->dependencies, (std::vector<std::string>{"idna", "pluggy"}));
  EXPECT_EQ(pytest->purl,
            "pkg:pypi/pytest@8.3.5?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fpytest-dev%2Fpytest%"
            "3Frev%3D8.3.5%230123456789abcdef0123456789abcdef01234567");
  const Component* pluggy = r.find("pluggy", "1.5.0");
  ASSERT_NE(pluggy, nullptr);
  EXPECT_EQ(pluggy->scope, Scope::kDevelopment);
  EXPECT_EQ(pluggy->purl,
            "pkg:pypi/pluggy@1.5.0?download_url=https:%2F%2Ffiles.example.com%2Fpluggy-1.5.0-py3-"
            "none-any.whl");
  // Two versions of one name, each picked by version from the group.
  ASSERT_EQ(r.named("sphinx").size(), 2u);
  EXPECT_EQ(r.find("sphinx", "7.4.7")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("sphinx", "8.2.3")->scope, Scope::kDevelopment);
}

TEST(UvLock, WorkspaceMembersAreTheProject) {
  auto r = run_extractor_on_file(kId, fixture("workspace.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 3u);
  EXPECT_TRUE(r.named("core").empty());
  EXPECT_TRUE(r.named("web").empty());
  EXPECT_EQ(r.find("attrs", "25.1.0")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("flask", "3.1.0")->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("werkzeug", "3.1.3")->relationship, Relationship::kTransitive);
  EXPECT_EQ(r.find("werkzeug", "3.1.3")->scope, Scope::kRuntime);
}

TEST(UvLock, MalformedTomlKeepsThePackagesBeforeTheError) {
  auto r = run_extractor_on_file(kId, fixture("malformed.lock"));
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 10u);  // the unterminated string
  EXPECT_NE(r.warnings[0].message.find("not a valid uv.lock"), std::string::npos);
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "idna");
  // Without the project's package nothing says what is direct.
  EXPECT_EQ(r.components[0].relationship, Relationship::kUnknown);
}

TEST(UvLock, TruncatedFileKeepsCompletePackages) {
  auto r = run_extractor_on_file(kId, fixture("truncated.lock"));
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].line, 46u) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "httpx");
  EXPECT_EQ(r.components[0].relationship, Relationship::kDirect);
  // The packages cut off are named as missing.
  EXPECT_NE(r.warnings_text().find("\"idna\", which is not locked"), std::string::npos);
}

TEST(UvLock, WrongTypesAreReported) {
  auto r = run_extractor_on_file(kId, fixture("wrong_types.lock"));
  ASSERT_EQ(r.components.size(), 2u) << r.warnings_text();
  EXPECT_EQ(r.find("six", "1.17.0")->relationship, Relationship::kDirect);
  ASSERT_NE(r.find("bad-source", "1.0"), nullptr);
  ASSERT_EQ(r.warnings.size(), 7u) << r.warnings_text();
  struct Expected {
    uint64_t line;
    std::string_view text;
  };
  const Expected expected[] = {
      {9, "a dependency of \"app\" is not a table"},
      {10, "a dependency of \"app\" has no name"},
      {19, "has no name"},
      {26, "the source of \"bad-source\" is not a table"},
      {30, "the dependencies of \"bad-source\" are not an array"},
      {3, "\"app\" depends on \"ghost\", which is not locked"},
      {22, "\"no-version\" has no version"},
  };
  for (size_t i = 0; i < std::size(expected); ++i) {
    EXPECT_EQ(r.warnings[i].line, expected[i].line) << r.warnings[i].to_string();
    EXPECT_NE(r.warnings[i].message.find(expected[i].text), std::string::npos)
        << r.warnings[i].to_string();
  }
}

TEST(UvLock, PackageNotAnArray) {
  auto r = run_extractor_on_file(kId, fixture("package_not_array.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not an array"), std::string::npos);
}

TEST(UvLock, InvalidUtf8KeepsThePackagesBefore) {
  auto r = run_extractor_on_file(kId, fixture("invalid_utf8.lock"));
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 9u);
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "ok");
}

TEST(UvLock, EmptyFileHasNothing) {
  auto r = run_extractor_on_file(kId, fixture("empty.lock"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(UvLock, DeepNestingIsRefused) {
  MemoryFs fs;
  fs.add_file("/uv.lock", "version = 1\nx = " + std::string(100000, '[') + "\n");
  auto r = run_extractor(kId, fs, "/uv.lock");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 2u) << r.warnings_text();
}

// A chain p0 -> p1 -> ... -> pN: the reachability walk is iterative and linear.
TEST(UvLock, HugeDependencyChain) {
  constexpr int kPackages = 50000;
  std::string text =
      "version = 1\n\n[[package]]\nname = \"root\"\nversion = \"0\"\nsource = { virtual = \".\" "
      "}\ndependencies = [{ name = \"p0\" }]\n";
  for (int i = 0; i < kPackages; ++i) {
    text += "\n[[package]]\nname = \"p" + std::to_string(i) +
            "\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    if (i + 1 < kPackages)
      text += "dependencies = [{ name = \"p" + std::to_string(i + 1) + "\" }]\n";
  }
  MemoryFs fs;
  fs.add_file("/uv.lock", std::move(text));
  auto r = run_extractor(kId, fs, "/uv.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.size();
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kPackages));
  EXPECT_EQ(r.find("p49999", "1.0")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("p49999", "1.0")->relationship, Relationship::kTransitive);
}

// pallets/flask's uv.lock. Derived with Python's tomllib: 83 [[package]] tables; one has a
// source other than a registry, flask itself ({ editable = "." }, the project, not reported):
// 82 components (sphinx and sphinx-autobuild are locked at two versions each). flask's
// dependencies are blinker, click, itsdangerous, jinja2, markupsafe, werkzeug; its extras ask for
// asgiref and python-dotenv; its dev-dependency groups name 20 distinct packages (asgiref and
// python-dotenv among them), 22 locked versions with the two sphinx pairs: 6 + 22 = 28 direct.
// Scopes by a breadth-first walk in Python (dependencies, plus the extras an edge asks for; run
// time from flask's dependencies, then optional from its extras, then development from its
// groups): 7 run time (the six and colorama, through click), 3 optional (asgiref, python-dotenv,
// typing-extensions through asgiref), 72 development.
TEST(UvLock, RealFlaskLockfile) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/pypi/flask-uv.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 82u);
  size_t direct = 0, runtime = 0, optional = 0, development = 0;
  for (const Component& c : r.components) {
    direct += c.relationship == Relationship::kDirect;
    runtime += c.scope == Scope::kRuntime;
    optional += c.scope == Scope::kOptional;
    development += c.scope == Scope::kDevelopment;
  }
  EXPECT_EQ(direct, 28u);
  EXPECT_EQ(runtime, 7u);
  EXPECT_EQ(optional, 3u);
  EXPECT_EQ(development, 72u);
  EXPECT_TRUE(r.named("flask").empty());
  const Component* werkzeug = r.find("werkzeug", "3.1.8");
  ASSERT_NE(werkzeug, nullptr);
  EXPECT_EQ(werkzeug->purl, "pkg:pypi/werkzeug@3.1.8");
  EXPECT_EQ(werkzeug->relationship, Relationship::kDirect);
  EXPECT_EQ(werkzeug->scope, Scope::kRuntime);
  EXPECT_EQ(werkzeug->dependencies, std::vector<std::string>{"markupsafe"});
  ASSERT_NE(r.find("colorama", "0.4.6"), nullptr);
  EXPECT_EQ(r.find("colorama", "0.4.6")->relationship, Relationship::kTransitive);
  EXPECT_EQ(r.find("colorama", "0.4.6")->scope, Scope::kRuntime);
  ASSERT_NE(r.find("asgiref", "3.11.1"), nullptr);
  EXPECT_EQ(r.find("asgiref", "3.11.1")->scope, Scope::kOptional);
  ASSERT_NE(r.find("sphinx", "8.1.3"), nullptr);
  ASSERT_NE(r.find("sphinx", "8.2.3"), nullptr);
  EXPECT_EQ(r.find("sphinx", "8.2.3")->scope, Scope::kDevelopment);
  ASSERT_NE(r.find("certifi", "2026.2.25"), nullptr);
  EXPECT_EQ(r.find("certifi", "2026.2.25")->relationship, Relationship::kTransitive);
}

}  // namespace
}  // namespace upkeep::inventory
