// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/gradle-lockfile/" + name;
}

TEST(GradleLockfile, ScopeFromConfigurations) {
  Extracted r = run_extractor_on_file("gradle.lockfile", fixture("gradle.lockfile"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 8u);  // the "empty=" line is not a component
  const Component* guava = r.find("com.google.guava:guava", "32.1.2-jre");
  ASSERT_NE(guava, nullptr);
  EXPECT_EQ(guava->ecosystem, "Maven");
  EXPECT_EQ(guava->purl, "pkg:maven/com.google.guava/guava@32.1.2-jre");
  EXPECT_EQ(guava->scope, Scope::kRuntime);
  // The lockfile does not say what is direct.
  EXPECT_EQ(guava->relationship, Relationship::kUnknown);
  EXPECT_EQ(r.find("org.junit.jupiter:junit-jupiter-api", "5.10.0")->scope, Scope::kDevelopment);
  // Benchmarks, checkers and annotation processors are not shipped.
  EXPECT_EQ(r.find("org.openjdk.jmh:jmh-core", "1.37")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("com.puppycrawl.tools:checkstyle", "10.12.0")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("com.google.errorprone:error_prone_core", "2.21.1")->scope, Scope::kDevelopment);
  // An Android variant's class path, and a configuration we do not know, count as runtime.
  EXPECT_EQ(r.find("androidx.core:core", "1.12.0")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("com.example:agent", "1.0")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("org.example:no-configurations", "1.0")->scope, Scope::kUnknown);
}

TEST(GradleLockfile, BuildscriptLockfileIsBuildTooling) {
  Extracted r = run_extractor_on_file("gradle.lockfile", fixture("buildscript-gradle.lockfile"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "com.github.johnrengelman:shadow");
  EXPECT_EQ(r.components[0].scope, Scope::kDevelopment);
}

TEST(GradleLockfile, PerConfigurationLockfiles) {
  auto fs = open_directory_fs(fixture("legacy"));
  ASSERT_TRUE(fs.is_ok());
  Options options;
  options.only_extractors = {"gradle.lockfile"};
  std::vector<Component> components;
  std::vector<Diagnostic> warnings;
  walk_and_extract(**fs, "/", nullptr, options, components, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(components.size(), 3u);
  sort_components(components);
  EXPECT_EQ(components[0].name, "junit:junit");
  EXPECT_EQ(components[0].scope, Scope::kDevelopment);
  EXPECT_EQ(components[1].name, "org.apache.commons:commons-lang3");
  EXPECT_EQ(components[1].location, "/gradle/dependency-locks/compileClasspath.lockfile");
  EXPECT_EQ(components[1].scope, Scope::kRuntime);
  EXPECT_EQ(components[2].location, "/gradle/dependency-locks/testRuntimeClasspath.lockfile");
  EXPECT_EQ(components[2].scope, Scope::kDevelopment);
}

TEST(GradleLockfile, MalformedLinesAreReportedAndTheRestKept) {
  Extracted r = run_extractor_on_file("gradle.lockfile", fixture("malformed.lockfile"));
  ASSERT_EQ(r.warnings.size(), 6u) << r.warnings_text();
  for (size_t i = 0; i < r.warnings.size(); ++i) {
    EXPECT_EQ(r.warnings[i].line, i + 3);  // lines 3 to 8
    EXPECT_NE(r.warnings[i].message.find("expected \"group:artifact:version=configurations\""),
              std::string::npos);
  }
  EXPECT_NE(r.warnings[0].message.find("found \"nonsense\""), std::string::npos);
  ASSERT_EQ(r.components.size(), 2u);  // CRLF line ends are fine
  EXPECT_EQ(r.find("org.slf4j:slf4j-api", "2.0.9")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("org.example:kept", "3.0")->scope, Scope::kDevelopment);
}

TEST(GradleLockfile, InvalidUtf8) {
  Extracted r = run_extractor_on_file("gradle.lockfile", fixture("invalid-utf8.lockfile"));
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 2u);
  EXPECT_EQ(r.warnings[0].message, "not valid UTF-8");
  EXPECT_EQ(r.warnings[1].line, 3u);
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "org.example:ok");
}

TEST(GradleLockfile, EmptyFile) {
  Extracted r = run_extractor_on_file("gradle.lockfile", fixture("empty.lockfile"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(GradleLockfile, HugeAndOddInput) {
  // 50,000 lines, one very long line and a line of 10,000 colons: linear, no crash.
  std::string text;
  for (int i = 0; i < 50000; ++i)
    text += "org.example:a" + std::to_string(i) + ":1.0=runtimeClasspath\n";
  text += "org.example:long:" + std::string(1 << 20, '1') + "=runtimeClasspath\n";
  text += std::string(10000, ':') + "\n";
  MemoryFs fs;
  fs.add_file("/gradle.lockfile", text);
  Extracted r = run_extractor("gradle.lockfile", fs, "/gradle.lockfile");
  EXPECT_EQ(r.components.size(), 50001u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 50002u);
  EXPECT_LT(r.warnings[0].message.size(), 300u);  // the line is quoted, not in full
}

TEST(GradleLockfile, ClaimsAndRecognizes) {
  const Extractor* e = find_extractor("gradle.lockfile");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->claims(FileRef{"/p/gradle.lockfile", "gradle.lockfile", {}}));
  EXPECT_TRUE(
      e->claims(FileRef{"/p/buildscript-gradle.lockfile", "buildscript-gradle.lockfile", {}}));
  EXPECT_TRUE(e->claims(FileRef{
      "/p/gradle/dependency-locks/compileClasspath.lockfile", "compileClasspath.lockfile", {}}));
  EXPECT_FALSE(e->claims(FileRef{"/p/other.lockfile", "other.lockfile", {}}));
  EXPECT_TRUE(e->recognizes("jabref-gradle.lockfile",
                            "# This is a Gradle generated file for dependency locking.\n"));
  EXPECT_FALSE(e->recognizes("Cargo.lock", "[[package]]\n"));
}

// JabRef's gradle.lockfile: 203 lines, 3 comments, one "empty=" line, so 199 components (every
// other line names one module; no module appears twice with the same version). Derived with
// grep: `grep -v '^#' | grep -v '^empty=' | wc -l` = 199, and 120 of them name an unprefixed
// main class path (`grep -cE '[=,](compile|compileClasspath|runtimeClasspath)(,|$)'`); the
// other 79 only test, jmh, checkstyle, modernizer, antlr, xjc, jacoco or annotation-processor
// configurations.
TEST(GradleLockfile, RealJabRefLockfile) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  Extracted r =
      run_extractor_on_file("gradle.lockfile", data + "/lockfiles/maven/jabref-gradle.lockfile");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 199u);
  size_t runtime = 0;
  for (const Component& c : r.components) {
    if (c.scope == Scope::kRuntime) ++runtime;
  }
  EXPECT_EQ(runtime, 120u);
  const Component* databind = r.find("com.fasterxml.jackson.core:jackson-databind", "2.13.3");
  ASSERT_NE(databind, nullptr);
  EXPECT_EQ(databind->purl, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.3");
  EXPECT_EQ(databind->scope, Scope::kRuntime);
  // Line 4: only the modernizer plugin's class path.
  EXPECT_EQ(r.find("classworlds:classworlds", "1.1-alpha-2")->scope, Scope::kDevelopment);
  // Lines 23-24: two versions of one module, one for the antlr4 tool, one shipped.
  EXPECT_EQ(r.find("com.ibm.icu:icu4j", "69.1")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("com.ibm.icu:icu4j", "71.1")->scope, Scope::kRuntime);
  // A JitPack commit as the version, kept as written.
  EXPECT_NE(r.find("com.github.sialcasa.mvvmFX:mvvmfx-validation", "f195849ca9"), nullptr);
  // Line 200: test and benchmark class paths only.
  EXPECT_EQ(r.find("org.xmlunit:xmlunit-core", "2.9.0")->scope, Scope::kDevelopment);
}

}  // namespace
}  // namespace upkeep::inventory
