// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <chrono>
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
  return inventory_fixture_dir() + "/pom-xml/" + name;
}

// Runs pom.xml on one file of the multimodule tree, with the whole tree as the file system (the
// parents are read through it).
Extracted run_in_tree(const std::string& path) {
  auto fs = open_directory_fs(fixture("multimodule"));
  EXPECT_TRUE(fs.is_ok());
  return run_extractor("pom.xml", **fs, path);
}

bool has_warning(const Extracted& r, std::string_view text, uint64_t line = 0) {
  for (const Diagnostic& d : r.warnings) {
    if (d.message.find(text) != std::string::npos && (line == 0 || d.line == line)) return true;
  }
  return false;
}

TEST(PomXml, ParentsInTheTreeResolveVersionsAndProperties) {
  Extracted r = run_in_tree("/core/pom.xml");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 12 declared + slf4j-api inherited from the parent's <dependencies>.
  ASSERT_EQ(r.components.size(), 13u);
  for (const Component& c : r.components) {
    EXPECT_EQ(c.ecosystem, "Maven");
    EXPECT_EQ(c.relationship, Relationship::kDirect);
  }
  // Version from the parent's dependencyManagement, whose ${guava.version} the parent sets over
  // the grandparent's value.
  const Component* guava = r.find("com.google.guava:guava", "32.1.2-jre");
  ASSERT_NE(guava, nullptr);
  EXPECT_EQ(guava->purl, "pkg:maven/com.google.guava/guava@32.1.2-jre");
  EXPECT_EQ(guava->scope, Scope::kRuntime);
  EXPECT_EQ(guava->location, "/core/pom.xml");
  // Scope from management too.
  ASSERT_NE(r.find("org.junit.jupiter:junit-jupiter", "5.10.0"), nullptr);
  EXPECT_EQ(r.find("org.junit.jupiter:junit-jupiter", "5.10.0")->scope, Scope::kDevelopment);
  // The parent's ${jackson.version} is the child's property: interpolation after inheritance.
  EXPECT_NE(r.find("com.fasterxml.jackson.core:jackson-databind", "2.15.2"), nullptr);
  // Nested properties of the parent, inherited dependency.
  EXPECT_NE(r.find("org.slf4j:slf4j-api", "1.7.36"), nullptr);
  // groupId and version inherited from <parent>.
  EXPECT_EQ(r.find("org.example:util", "1.0.0")->purl, "pkg:maven/org.example/util@1.0.0");
  EXPECT_NE(r.find("org.example:api", "1.0.0"), nullptr);
  // provided is runtime (documented in pom_xml.cc); optional from the dependency only, as
  // Maven 3 does not manage it.
  EXPECT_EQ(r.find("jakarta.servlet:jakarta.servlet-api", "6.0.0")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("org.xerial.snappy:snappy-java", "1.1.10.5")->scope, Scope::kOptional);
  EXPECT_EQ(r.find("org.example:optional-by-management", "0.9")->scope, Scope::kRuntime);
  // Grandparent management (through relativePath "build", a directory), with a classifier.
  const Component* epoll = r.find("io.netty:netty-transport-native-epoll", "4.1.100.Final");
  ASSERT_NE(epoll, nullptr);
  EXPECT_EQ(
      epoll->purl,
      "pkg:maven/io.netty/netty-transport-native-epoll@4.1.100.Final?classifier=linux-x86_64");
  EXPECT_EQ(r.find("org.example:bom-like", "3")->purl, "pkg:maven/org.example/bom-like@3?type=pom");
  // Left open, and said why.
  EXPECT_EQ(r.find("org.example:from-env", "")->version_note,
            "unresolved property ${env.LIB_VERSION}");
  const Component* ranged = r.find("org.example:ranged", "");
  ASSERT_NE(ranged, nullptr);
  EXPECT_EQ(ranged->version_note, "version range [1.0,2.0)");
  EXPECT_EQ(ranged->purl, "pkg:maven/org.example/ranged");
}

TEST(PomXml, ParentWithOtherCoordinatesIsNotUsed) {
  Extracted r = run_in_tree("/app/pom.xml");
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].message,
            "the parent org.example:parent:2.0.0 is not the pom at ../pom.xml "
            "(org.example:parent:1.0.0); it is not used");
  ASSERT_EQ(r.components.size(), 3u);
  EXPECT_EQ(r.find("com.google.guava:guava", "")->version_note,
            "no version here; managed by the parent org.example:parent:2.0.0 (not in the tree)");
  // ${project.version} is the version inherited from the declared parent.
  EXPECT_NE(r.find("org.example:core", "2.0.0"), nullptr);
  EXPECT_EQ(r.find("org.example:tool", "")->version_note,
            "unresolved property ${tool.version} (the parent org.example:parent:2.0.0 is not in "
            "the tree)");
  EXPECT_TRUE(r.named("org.slf4j:slf4j-api").empty());  // the parent's, not inherited
}

TEST(PomXml, EmptyRelativePathNeverLooksLocally) {
  Extracted r = run_in_tree("/standalone/pom.xml");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 2u);
  const Component* web = r.find("org.springframework.boot:spring-boot-starter-web", "");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->version_note,
            "no version here; managed by the parent "
            "org.springframework.boot:spring-boot-starter-parent:3.1.0 (not in the tree)");
  EXPECT_EQ(r.find("org.springframework.boot:spring-boot-starter-test", "")->scope,
            Scope::kDevelopment);
}

TEST(PomXml, WalkReportsEveryModule) {
  auto fs = open_directory_fs(fixture("multimodule"));
  ASSERT_TRUE(fs.is_ok());
  Options options;
  options.only_extractors = {"pom.xml"};
  std::vector<Component> components;
  std::vector<Diagnostic> warnings;
  walk_and_extract(**fs, "/", nullptr, options, components, warnings);
  // build-root: 0, parent: 1 (slf4j-api), core: 13, app: 3, standalone: 2.
  EXPECT_EQ(components.size(), 19u);
  EXPECT_EQ(warnings.size(), 1u);  // app's parent
}

TEST(PomXml, PropertyExpansion) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("properties.xml"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 5u);
  EXPECT_NE(r.find("org.example:nested", "3.1"), nullptr);
  // ${project.version} is the model's version, whatever a property of that name says.
  EXPECT_NE(r.find("org.example:own-version", "4.2"), nullptr);
  EXPECT_NE(r.find("org.example:deprecated-forms", "4.2-4.2"), nullptr);
  // Not an expression: kept as written, as Maven does.
  EXPECT_NE(r.find("org.example:unterminated", "1.${oops"), nullptr);
  // Character references and CDATA are text like any other.
  EXPECT_NE(r.find("org.example:entities", "1.0-cdata"), nullptr);
}

// What Maven refuses (cycles, invalid ids) or would take forever over: reported, bounded.
TEST(PomXml, PropertyExpansionFailures) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("properties-invalid.xml"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 4u);
  EXPECT_EQ(r.find("org.example:laughs", "")->version_note, "expansion of ${lol9} is too long");
  EXPECT_EQ(r.find("org.example:self-reference", "")->version_note,
            "property cycle through ${self}");
  const Component* cyclic = r.find("org.example:cyclic", "");
  ASSERT_NE(cyclic, nullptr);
  EXPECT_EQ(cyclic->version_note, "property cycle through ${cycle.a}");
  EXPECT_EQ(cyclic->purl, "pkg:maven/org.example/cyclic");
  const Component* unknown = r.find("${unknown.group}:unknown-group", "1.0");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->version_note, "unresolved property ${unknown.group}");
}

TEST(PomXml, OnlyDefaultProfilesAndNoPlugins) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("profiles.xml"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_NE(r.find("org.example:db-driver", "2.0"), nullptr);  // the profile's property wins
  EXPECT_NE(r.find("org.example:from-default-profile", "5"), nullptr);
}

TEST(PomXml, WithAndWithoutTheNamespace) {
  Extracted prefixed = run_extractor_on_file("pom.xml", fixture("namespace-prefix.xml"));
  EXPECT_TRUE(prefixed.warnings.empty()) << prefixed.warnings_text();
  ASSERT_EQ(prefixed.components.size(), 1u);
  EXPECT_EQ(prefixed.components[0].name, "org.example:dep");
  EXPECT_EQ(prefixed.components[0].version, "2.2");
  EXPECT_EQ(prefixed.components[0].scope, Scope::kDevelopment);

  Extracted plain = run_extractor_on_file("pom.xml", fixture("no-namespace.xml"));
  EXPECT_TRUE(plain.warnings.empty()) << plain.warnings_text();
  ASSERT_EQ(plain.components.size(), 2u);
  EXPECT_NE(plain.find("log4j:log4j", "1.2.17"), nullptr);  // white space trimmed
}

TEST(PomXml, EmptyFile) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("empty.xml"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not a valid pom.xml"), std::string::npos);
}

TEST(PomXml, TruncatedFileKeepsWhatCameBefore) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("truncated.xml"));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 16u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("not a valid pom.xml"), std::string::npos);
  // The dependency cut in the middle is not reported with a version it may not have.
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "org.example:before-the-cut");
}

TEST(PomXml, NotAPom) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("wrong-root.xml"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].message,
            "not a Maven POM: the root element is <settings>, not <project>");
  EXPECT_EQ(r.warnings[0].line, 2u);
}

TEST(PomXml, WrongTypesAreReportedWithTheirLine) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("wrong-types.xml"));
  EXPECT_TRUE(has_warning(r, "a <dependency> without groupId or artifactId", 8));
  EXPECT_TRUE(has_warning(r, "unexpected <plugin> in <dependencies>", 11));
  EXPECT_TRUE(has_warning(r, "unknown scope \"bogus\", taken as compile", 15));
  EXPECT_TRUE(has_warning(r, "scope \"import\" outside dependencyManagement", 21));
  EXPECT_TRUE(has_warning(r, "invalid dependency coordinates \"org example:spaced\"", 27));
  // An element where text belongs: no groupId.
  EXPECT_TRUE(has_warning(r, "a <dependency> without groupId or artifactId", 32));
  EXPECT_EQ(r.warnings.size(), 6u) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_EQ(r.find("org.example:odd-scope", "1")->scope, Scope::kRuntime);
  EXPECT_NE(r.find("org.example:fine", "1.0"), nullptr);
}

TEST(PomXml, InvalidUtf8) {
  Extracted r = run_extractor_on_file("pom.xml", fixture("invalid-utf8.xml"));
  EXPECT_TRUE(has_warning(r, "the version is not valid UTF-8", 7)) << r.warnings_text();
  // Maven allows only [A-Za-z0-9_.-] in ids.
  EXPECT_TRUE(has_warning(r, "invalid dependency coordinates", 12)) << r.warnings_text();
  EXPECT_EQ(r.warnings.size(), 2u);
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_EQ(r.find("org.example:bad-version", "")->version_note, "version not valid UTF-8");
  EXPECT_NE(r.find("org.example:ok", "2"), nullptr);
}

TEST(PomXml, DeepNestingIsHarmless) {
  // pugixml's parser is not recursive and we only look at fixed depths.
  std::string text =
      "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>"
      "<dependencies><dependency><groupId>org.example</groupId><artifactId>deep</artifactId>"
      "<version>1</version></dependency></dependencies><build>";
  constexpr int kDepth = 200000;
  for (int i = 0; i < kDepth; ++i)
    text += "<x>";
  for (int i = 0; i < kDepth; ++i)
    text += "</x>";
  text += "</build></project>";
  MemoryFs fs;
  fs.add_file("/pom.xml", text);
  Extracted r = run_extractor("pom.xml", fs, "/pom.xml");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "org.example:deep");
}

TEST(PomXml, HugeFileIsLinear) {
  // 20,000 dependencies, each version a chain of two properties, and a management entry each.
  std::string props, deps, managed;
  constexpr int kCount = 20000;
  for (int i = 0; i < kCount; ++i) {
    const std::string n = std::to_string(i);
    props += "<v" + n + ">${base}." + n + "</v" + n + ">";
    deps += "<dependency><groupId>org.example</groupId><artifactId>a" + n +
            "</artifactId></dependency>";
    managed += "<dependency><groupId>org.example</groupId><artifactId>a" + n +
               "</artifactId><version>${v" + n + "}</version></dependency>";
  }
  const std::string text =
      "<project><groupId>g</groupId><artifactId>a</artifactId>"
      "<version>1</version><properties><base>1</base>" +
      props + "</properties><dependencyManagement><dependencies>" + managed +
      "</dependencies></dependencyManagement><dependencies>" + deps + "</dependencies></project>";
  MemoryFs fs;
  fs.add_file("/pom.xml", text);
  const auto start = std::chrono::steady_clock::now();
  Extracted r = run_extractor("pom.xml", fs, "/pom.xml");
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kCount));
  EXPECT_NE(r.find("org.example:a19999", "1.19999"), nullptr);
  // Well under a second optimised, under 20 s with sanitizers; work quadratic in the
  // dependencies (4e8 steps) would take far longer.
  ::testing::Test::RecordProperty("seconds", std::to_string(seconds));
}

// Real upstream poms whose parents are not in the tree. What counts: the project's
// <dependencies>; the project itself, its parent and imported BOMs are not components.
//
// commons-text 1.10.0 (parent org.apache.commons:commons-parent:54, not here). Derived with
// python3 xml.etree: 10 <dependency> under project/dependencies; 9 with a <version> (4 of them
// ${...} properties defined in the file's own <properties>: commons.mockito.version=4.8.0,
// graalvm.version=22.0.0.2 twice, commons.rng.version=1.4, jmh.version=1.35 twice), one without
// (junit-jupiter, managed by the parent); one without <scope> (commons-lang3), nine test.
TEST(PomXml, RealCommonsText) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  Extracted r =
      run_extractor_on_file("pom.xml", data + "/lockfiles/maven/commons-text-1.10.0-pom.xml");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 10u);
  size_t development = 0, unresolved = 0;
  for (const Component& c : r.components) {
    if (c.scope == Scope::kDevelopment) ++development;
    if (c.version.empty()) ++unresolved;
    EXPECT_EQ(c.relationship, Relationship::kDirect);
  }
  EXPECT_EQ(development, 9u);
  EXPECT_EQ(unresolved, 1u);
  const Component* lang3 = r.find("org.apache.commons:commons-lang3", "3.12.0");
  ASSERT_NE(lang3, nullptr);
  EXPECT_EQ(lang3->purl, "pkg:maven/org.apache.commons/commons-lang3@3.12.0");
  EXPECT_EQ(lang3->scope, Scope::kRuntime);
  EXPECT_NE(r.find("org.mockito:mockito-inline", "4.8.0"), nullptr);
  EXPECT_NE(r.find("org.graalvm.js:js", "22.0.0.2"), nullptr);
  EXPECT_NE(r.find("org.graalvm.js:js-scriptengine", "22.0.0.2"), nullptr);
  EXPECT_NE(r.find("org.apache.commons:commons-rng-simple", "1.4"), nullptr);
  EXPECT_NE(r.find("org.openjdk.jmh:jmh-generator-annprocess", "1.35"), nullptr);
  EXPECT_EQ(r.find("commons-io:commons-io", "2.11.0")->scope, Scope::kDevelopment);
  // Exactly this one is left open: its version is in the parent's dependencyManagement.
  const Component* junit = r.find("org.junit.jupiter:junit-jupiter", "");
  ASSERT_NE(junit, nullptr);
  EXPECT_EQ(junit->version_note,
            "no version here; managed by the parent org.apache.commons:commons-parent:54 (not in "
            "the tree)");
  EXPECT_EQ(junit->purl, "pkg:maven/org.junit.jupiter/junit-jupiter");
}

// jackson-core 2.15.2 (parent com.fasterxml.jackson:jackson-base:2.15.2, not here; imports
// org.junit:junit-bom:5.9.2 in its dependencyManagement). Derived with python3 xml.etree: 3
// <dependency> under project/dependencies: fastdoubleparser 0.9.0 (no scope), and
// junit-vintage-engine and junit-jupiter (test, no <version>). The ${version.plugin.surefire}
// and friends are plugin versions, not dependencies.
TEST(PomXml, RealJacksonCore) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  Extracted r =
      run_extractor_on_file("pom.xml", data + "/lockfiles/maven/jackson-core-2.15.2-pom.xml");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 3u);
  const Component* fdp = r.find("ch.randelshofer:fastdoubleparser", "0.9.0");
  ASSERT_NE(fdp, nullptr);
  EXPECT_EQ(fdp->purl, "pkg:maven/ch.randelshofer/fastdoubleparser@0.9.0");
  EXPECT_EQ(fdp->scope, Scope::kRuntime);
  const std::string note =
      "no version here; managed by the parent com.fasterxml.jackson:jackson-base:2.15.2 (not in "
      "the tree); or by the imported BOM org.junit:junit-bom:5.9.2 (not read)";
  for (const char* name :
       {"org.junit.vintage:junit-vintage-engine", "org.junit.jupiter:junit-jupiter"}) {
    const Component* c = r.find(name, "");
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->version_note, note);
    EXPECT_EQ(c->scope, Scope::kDevelopment);
  }
  EXPECT_TRUE(r.named("org.junit:junit-bom").empty());
}

TEST(PomXml, RecognizesPomsByContent) {
  const Extractor* e = find_extractor("pom.xml");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->recognizes("commons-text-1.10.0-pom.xml",
                            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"));
  EXPECT_TRUE(e->recognizes("x.pom", "<project><modelVersion>4.0.0</modelVersion>"));
  EXPECT_TRUE(
      e->recognizes("x.xml", "<pom:project xmlns:pom=\"http://maven.apache.org/POM/4.0.0\">"));
  EXPECT_FALSE(
      e->recognizes("x.xml", "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">"));
  EXPECT_FALSE(e->recognizes("x.json", "<project><modelVersion>4.0.0</modelVersion>"));
  FileRef pom{"/a/pom.xml", "pom.xml", {}};
  FileRef cached{"/m2/g/a/1/a-1.pom", "a-1.pom", {}};
  EXPECT_TRUE(e->claims(pom));
  EXPECT_FALSE(e->claims(cached));
}

}  // namespace
}  // namespace upkeep::inventory
