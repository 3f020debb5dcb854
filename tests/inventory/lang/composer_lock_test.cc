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
  return inventory_fixture_dir() + "/composer-lock/" + name;
}

TEST(ComposerLock, RuntimeDevAndDirectFromComposerJson) {
  auto r = run_extractor_on_file("composer.lock", fixture("project/composer.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 7u);
  const Component* monolog = r.find("monolog/monolog", "3.5.0");
  ASSERT_NE(monolog, nullptr);
  EXPECT_EQ(monolog->ecosystem, "Packagist");
  EXPECT_EQ(monolog->purl, "pkg:composer/monolog/monolog@3.5.0");
  EXPECT_EQ(monolog->scope, Scope::kRuntime);
  EXPECT_EQ(monolog->relationship, Relationship::kDirect);
  // Platform requirements (php, ext-json) are no packages.
  EXPECT_EQ(monolog->dependencies, std::vector<std::string>{"psr/log"});
  EXPECT_EQ(monolog->licenses, std::vector<std::string>{"MIT"});
  EXPECT_EQ(r.find("psr/log", "3.0.0")->relationship, Relationship::kTransitive);
  // Versions as written: "v6.4.1", a branch "dev-main"; names lower-cased in the purl only.
  EXPECT_EQ(r.find("symfony/console", "v6.4.1")->purl, "pkg:composer/symfony/console@v6.4.1");
  const Component* widget = r.find("Acme/Widget", "dev-main");
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(widget->purl, "pkg:composer/acme/widget@dev-main");
  EXPECT_EQ(widget->relationship, Relationship::kDirect);  // "acme/widget" in composer.json
  const Component* phpunit = r.find("phpunit/phpunit", "10.5.3");
  ASSERT_NE(phpunit, nullptr);
  EXPECT_EQ(phpunit->scope, Scope::kDevelopment);
  EXPECT_EQ(phpunit->relationship, Relationship::kDirect);
  EXPECT_EQ(r.find("sebastian/diff", "5.1.0")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("sebastian/diff", "5.1.0")->relationship, Relationship::kTransitive);
}

TEST(ComposerLock, WithoutComposerJsonTheRelationshipIsUnknown) {
  auto r = run_extractor_on_file("composer.lock", fixture("nomanifest.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 5u);  // "packages-dev": null
  for (const auto& c : r.components)
    EXPECT_EQ(c.relationship, Relationship::kUnknown) << c.name;
}

TEST(ComposerLock, BrokenComposerJsonIsNamed) {
  MemoryFs fs;
  fs.add_file("/app/composer.lock",
              R"({"packages": [{"name": "a/b", "version": "1.0.0"}], "packages-dev": []})");
  fs.add_file("/app/composer.json", "{\n  \"require\": {\n    \"a/b\": \n}");
  auto r = run_extractor("composer.lock", fs, "/app/composer.lock");
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].relationship, Relationship::kUnknown);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].file, "/app/composer.json");
  EXPECT_EQ(r.warnings[0].line, 4u);
}

TEST(ComposerLock, EmptyFileIsNotJson) {
  auto r = run_extractor_on_file("composer.lock", fixture("empty.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not a valid composer.lock"), std::string::npos);
}

TEST(ComposerLock, TruncatedNamesTheLine) {
  auto r = run_extractor_on_file("composer.lock", fixture("truncated.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 11u) << r.warnings_text();
}

TEST(ComposerLock, WrongTypesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file("composer.lock", fixture("wrong_types.lock"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_NE(r.find("good/one", "1.0.0"), nullptr);
  EXPECT_TRUE(r.components[0].dependencies.empty());  // "require" was a list
  ASSERT_EQ(r.warnings.size(), 5u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("packages[0]"), std::string::npos);
  EXPECT_NE(r.warnings[3].message.find("packages[4]"), std::string::npos);
  EXPECT_NE(r.warnings[4].message.find("\"packages-dev\" is not an array"), std::string::npos);
}

TEST(ComposerLock, InvalidUtf8NamesTheLine) {
  auto r = run_extractor_on_file("composer.lock", fixture("invalid_utf8.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 4u);
  EXPECT_NE(r.warnings[0].message.find("UTF-8"), std::string::npos);
}

TEST(ComposerLock, DeepNestingIsRefused) {
  auto r = run_extractor_on_file("composer.lock", fixture("deep_nesting.lock"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("nested deeper"), std::string::npos);
}

TEST(ComposerLock, HugeFileIsLinear) {
  std::string text = R"({"content-hash": "x", "packages": [)";
  constexpr int kPackages = 100000;
  for (int i = 0; i < kPackages; ++i) {
    if (i) text += ",";
    text += R"({"name": "vendor/p)" + std::to_string(i) + R"(", "version": "1.0.)" +
            std::to_string(i) + R"(", "require": {"php": ">=8", "vendor/p0": "*"}})";
  }
  text += "]}";
  MemoryFs fs;
  fs.add_file("/composer.lock", text);
  auto r = run_extractor("composer.lock", fs, "/composer.lock");
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kPackages));
}

// composer/composer's own lock: 30 "packages" and 6 "packages-dev" (python3:
// len(json.load(f)['packages']), len(...['packages-dev'])); no composer.json beside the saved
// copy, so the relationship is unknown.
TEST(ComposerLock, RealComposerLock) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r =
      run_extractor_on_file("composer.lock", data + "/lockfiles/packagist/composer-composer.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 36u);
  size_t dev = 0;
  for (const auto& c : r.components) {
    if (c.scope == Scope::kDevelopment) ++dev;
    EXPECT_EQ(c.relationship, Relationship::kUnknown);
  }
  EXPECT_EQ(dev, 6u);
  const Component* console = r.find("symfony/console", "v5.4.47");
  ASSERT_NE(console, nullptr);
  EXPECT_EQ(console->purl, "pkg:composer/symfony/console@v5.4.47");
  EXPECT_EQ(console->scope, Scope::kRuntime);
  const Component* ca = r.find("composer/ca-bundle", "1.5.12");
  ASSERT_NE(ca, nullptr);
  EXPECT_EQ(ca->licenses, std::vector<std::string>{"MIT"});
  EXPECT_TRUE(ca->dependencies.empty());  // ext-openssl, ext-pcre and php only
  const Component* cmg = r.find("composer/class-map-generator", "1.7.3");
  ASSERT_NE(cmg, nullptr);
  EXPECT_EQ(cmg->dependencies, (std::vector<std::string>{"composer/pcre", "symfony/finder"}));
  const Component* phpstan = r.find("phpstan/phpstan", "1.12.33");
  ASSERT_NE(phpstan, nullptr);
  EXPECT_EQ(phpstan->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("marc-mabe/php-enum", "v4.7.2")->purl, "pkg:composer/marc-mabe/php-enum@v4.7.2");
  EXPECT_EQ(r.find("symfony/phpunit-bridge", "v7.3.4")->scope, Scope::kDevelopment);
}

}  // namespace
}  // namespace upkeep::inventory
