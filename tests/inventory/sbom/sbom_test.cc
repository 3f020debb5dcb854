// SPDX-License-Identifier: Apache-2.0
//
// The "sbom" extractor: CycloneDX 1.4-1.6 and SPDX 2.2/2.3 JSON read back into components. The
// fixtures in tests/fixtures/inventory/sbom/ were written by hand following the specifications
// (and the shapes real generators emit: `npm sbom`, cyclonedx-npm, Trivy).
#include "inventory/sbom/sbom.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "inventory/targets.h"
#include "support/inventory_testing.h"
#include "upkeep/purl.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::read_host_file;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/sbom/" + name;
}

Extracted run(const std::string& name) {
  return run_extractor_on_file("sbom", fixture(name));
}

Extracted run_text(std::string text, const std::string& path = "/bom.json") {
  MemoryFs fs;
  fs.add_file(path, std::move(text));
  return run_extractor("sbom", fs, path);
}

// Line (from 1) of the first line of `text` containing `needle`, and the column of `at` in it.
std::pair<uint64_t, uint64_t> where(const std::string& text, std::string_view needle, char at) {
  const size_t pos = text.find(needle);
  const size_t start = text.rfind('\n', pos) + 1;  // npos + 1 == 0 on the first line
  uint64_t line = 1;
  for (size_t i = 0; i < start; ++i)
    line += text[i] == '\n';
  return {line, text.find(at, start) - start + 1};
}

const Component& get(const Extracted& r, std::string_view name, std::string_view version) {
  const Component* c = r.find(name, version);
  if (c == nullptr) {
    static const Component kNone;
    ADD_FAILURE() << "no component " << name << " " << version;
    return kNone;
  }
  return *c;
}

// ---------------------------------------------------------------------------------------------
// CycloneDX

TEST(SbomCycloneDx, ApplicationBom16) {
  Extracted r = run("app-1.6.cdx.json");
  // 12 components: 11 in the top-level array (the operating-system element without a purl is
  // not a package) plus jackson-core nested in jackson-databind. metadata.component (the
  // application itself) is the subject, not a component.
  ASSERT_EQ(r.components.size(), 12u);
  EXPECT_TRUE(r.named("shop-backend").empty());
  EXPECT_TRUE(r.named("debian").empty());

  const Component& express = get(r, "express", "4.18.2");
  EXPECT_EQ(express.purl, "pkg:npm/express@4.18.2");
  EXPECT_EQ(express.ecosystem, "npm");
  EXPECT_EQ(express.relationship, Relationship::kDirect);
  EXPECT_EQ(express.scope, Scope::kRuntime);
  EXPECT_EQ(express.licenses, std::vector<std::string>{"MIT"});
  EXPECT_EQ(express.dependencies, std::vector<std::string>{"body-parser"});
  EXPECT_EQ(express.extractor, "sbom");
  EXPECT_EQ(express.location, "/app-1.6.cdx.json");

  EXPECT_EQ(get(r, "body-parser", "1.20.1").relationship, Relationship::kTransitive);
  EXPECT_EQ(get(r, "body-parser", "1.20.1").scope, Scope::kUnknown);  // the document is silent

  const Component& types = get(r, "@types/node", "20.11.5");
  EXPECT_EQ(types.purl, "pkg:npm/%40types/node@20.11.5");
  EXPECT_EQ(types.scope, Scope::kDevelopment);  // "excluded"
  EXPECT_EQ(types.relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "fsevents", "2.3.3").scope, Scope::kOptional);

  const Component& databind = get(r, "com.fasterxml.jackson.core:jackson-databind", "2.15.2");
  EXPECT_EQ(databind.ecosystem, "Maven");
  EXPECT_EQ(databind.licenses, std::vector<std::string>{"Apache-2.0"});
  const Component& core = get(r, "com.fasterxml.jackson.core:jackson-core", "2.15.2");
  EXPECT_EQ(core.purl, "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.15.2");
  EXPECT_EQ(core.relationship, Relationship::kTransitive);

  const Component& requests = get(r, "Requests", "2.31.0");  // the name as the project spells it
  EXPECT_EQ(requests.purl, "pkg:pypi/requests@2.31.0");
  EXPECT_EQ(requests.ecosystem, "PyPI");

  const Component& text = get(r, "golang.org/x/text", "v0.14.0");
  EXPECT_EQ(text.ecosystem, "Go");
  EXPECT_EQ(text.relationship, Relationship::kUnknown);  // not in the graph

  const Component& ssl = get(r, "libssl3", "3.0.11-1~deb12u2");
  EXPECT_EQ(ssl.ecosystem, "Debian:12");
  EXPECT_EQ(ssl.arch, "amd64");
  EXPECT_EQ(ssl.source_name, "openssl");
  EXPECT_EQ(ssl.source_version, "3.0.11-1~deb12u2");
  EXPECT_EQ(ssl.purl,
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl");

  EXPECT_EQ(get(r, "musl", "1.2.4-r2").ecosystem, "Alpine:v3.18");
  const Component& rpm = get(r, "openssl-libs", "3.0.7-24.el9");
  EXPECT_EQ(rpm.ecosystem, "AlmaLinux:9");
  EXPECT_EQ(rpm.source_name, "openssl");
  EXPECT_EQ(rpm.source_version, "3.0.7-24.el9");
  EXPECT_EQ(rpm.arch, "x86_64");

  // Without a purl: kept, ecosystem unknown, and a warning that points at it.
  const Component& vendored = get(r, "vendored-lib", "0.1");
  EXPECT_EQ(vendored.ecosystem, "");
  EXPECT_EQ(vendored.purl, "pkg:generic/vendored-lib@0.1");
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  const auto [line, column] =
      where(read_host_file(fixture("app-1.6.cdx.json")), "vendored-lib", '{');
  EXPECT_EQ(r.warnings[0].line, line);
  EXPECT_EQ(r.warnings[0].column, column);
  EXPECT_NE(r.warnings[0].message.find("\"vendored-lib\" has no purl"), std::string::npos);
  EXPECT_NE(r.warnings[0].message.find("(at /components/10)"), std::string::npos);
}

TEST(SbomCycloneDx, ImageBom15FromAScanner) {
  Extracted r = run("image-1.5.cdx.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // The operating system and the lockfile "application" group packages; they are not packages.
  ASSERT_EQ(r.components.size(), 6u);
  const Component& libc = get(r, "libc6", "2.36-9+deb12u4");
  EXPECT_EQ(libc.ecosystem, "Debian:12");  // distro=debian-12.5
  EXPECT_EQ(libc.source_name, "glibc");
  EXPECT_EQ(libc.source_version, "2.36-9+deb12u4");
  EXPECT_EQ(libc.layer, "sha256:0000000000000000000000000000000000000000000000000000000000000abc");
  // Hanging off the (transparent) operating system element: direct.
  EXPECT_EQ(libc.relationship, Relationship::kDirect);
  const Component& zlib = get(r, "zlib1g", "1:1.2.13.dfsg-1");
  EXPECT_EQ(zlib.ecosystem, "Debian:12");  // distro=bookworm
  EXPECT_EQ(zlib.source_name, "zlib");
  EXPECT_EQ(zlib.source_version, "1:1.2.13.dfsg-1");
  EXPECT_EQ(zlib.dependencies, std::vector<std::string>{"libc6"});
  EXPECT_EQ(get(r, "ms", "2.1.3").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "semver", "7.6.0").scope, Scope::kDevelopment);  // cdx:npm:package:development
  EXPECT_EQ(get(r, "curl", "7.81.0-1ubuntu1.15").ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(get(r, "busybox", "1.36.1-r5").ecosystem, "Alpine:v3.19");  // distro=3.19.1
}

TEST(SbomCycloneDx, LanguageEcosystems14) {
  Extracted r = run("languages-1.4.cdx.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 9u);
  EXPECT_EQ(get(r, "serde", "1.0.193").ecosystem, "crates.io");
  EXPECT_EQ(get(r, "rails", "7.1.2").ecosystem, "RubyGems");
  EXPECT_EQ(get(r, "symfony/console", "v6.4.1").ecosystem, "Packagist");
  EXPECT_EQ(get(r, "Newtonsoft.Json", "13.0.3").ecosystem, "NuGet");
  EXPECT_EQ(get(r, "zlib", "1.3").ecosystem, "ConanCenter");
  const Component& typing = get(r, "typing_extensions", "4.9.0");
  EXPECT_EQ(typing.ecosystem, "PyPI");
  EXPECT_EQ(typing.purl, "pkg:pypi/typing-extensions@4.9.0");
  EXPECT_EQ(get(r, "phoenix", "1.7.10").ecosystem, "Hex");
  // The version only in the purl.
  EXPECT_EQ(get(r, "left-pad", "1.3.0").purl, "pkg:npm/left-pad@1.3.0");
  // No metadata.component: the document does not say what is direct.
  for (const Component& c : r.components)
    EXPECT_EQ(c.relationship, Relationship::kUnknown) << c.name;
  // A GitHub repository purl names no OSV ecosystem.
  EXPECT_EQ(get(r, "actions/checkout", "v4").ecosystem, "");
}

TEST(SbomCycloneDx, APackageListedTwiceIsOneComponent) {
  // cyclonedx-npm nests a package under each package whose node_modules holds a copy; the
  // reader reports it once, direct when any occurrence is, with the strongest stated scope.
  Extracted r = run_text(R"({"bomFormat":"CycloneDX","specVersion":"1.6",
    "metadata":{"component":{"bom-ref":"root","name":"root"}},
    "components":[
      {"bom-ref":"a","name":"a","version":"1","purl":"pkg:npm/a@1","scope":"optional",
       "components":[{"bom-ref":"a/ms","name":"ms","version":"2.1.3","purl":"pkg:npm/ms@2.1.3",
                      "scope":"optional"}]},
      {"bom-ref":"ms","name":"ms","version":"2.1.3","purl":"pkg:npm/ms@2.1.3","scope":"required"}],
    "dependencies":[{"ref":"root","dependsOn":["a"]},{"ref":"a","dependsOn":["a/ms","ms"]}]})");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 2u);
  const Component& ms = get(r, "ms", "2.1.3");
  EXPECT_EQ(ms.relationship, Relationship::kTransitive);
  EXPECT_EQ(ms.scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "a", "1").dependencies, std::vector<std::string>{"ms"});
  EXPECT_EQ(get(r, "a", "1").relationship, Relationship::kDirect);
}

// ---------------------------------------------------------------------------------------------
// SPDX

TEST(SbomSpdx, ApplicationDocument23) {
  Extracted r = run("app-2.3.spdx.json");
  // 9 packages: the described application is the subject, the operating system has no purl.
  ASSERT_EQ(r.components.size(), 7u) << r.warnings_text();
  EXPECT_TRUE(r.named("shop-backend").empty());
  EXPECT_TRUE(r.named("ubuntu").empty());
  const Component& express = get(r, "express", "4.18.2");
  EXPECT_EQ(express.relationship, Relationship::kDirect);
  EXPECT_EQ(express.scope, Scope::kRuntime);
  EXPECT_EQ(express.licenses, std::vector<std::string>{"MIT"});  // licenseDeclared
  EXPECT_EQ(express.dependencies, std::vector<std::string>{"body-parser"});
  const Component& body = get(r, "body-parser", "1.20.1");
  EXPECT_EQ(body.relationship, Relationship::kTransitive);
  EXPECT_EQ(body.licenses, std::vector<std::string>{"MIT"});  // licenseConcluded
  // A dev dependency and what it pulls in are development, unless also reached at run time.
  const Component& jest = get(r, "jest", "29.7.0");  // category PACKAGE_MANAGER
  EXPECT_EQ(jest.relationship, Relationship::kDirect);
  EXPECT_EQ(jest.scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "jest-cli", "29.7.0").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "jest-cli", "29.7.0").relationship, Relationship::kTransitive);
  EXPECT_EQ(get(r, "fsevents", "2.3.3").scope, Scope::kOptional);
  const Component& libc = get(r, "libc6", "2.35-0ubuntu3.6");
  EXPECT_EQ(libc.ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(libc.source_name, "glibc");
  EXPECT_EQ(libc.relationship, Relationship::kUnknown);  // CONTAINS is not a dependency
  EXPECT_EQ(libc.scope, Scope::kUnknown);
  const Component& mystery = get(r, "mystery-tool", "1.0");
  EXPECT_EQ(mystery.purl, "pkg:generic/mystery-tool@1.0");
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  const auto [line, column] =
      where(read_host_file(fixture("app-2.3.spdx.json")), "SPDXRef-mystery", '{');
  EXPECT_EQ(r.warnings[0].line, line);
  EXPECT_EQ(r.warnings[0].column, column);
}

TEST(SbomSpdx, DescribedLeavesAreComponents22) {
  // Some tools list every package in documentDescribes: packages that contain or depend on
  // nothing are then components, not subjects.
  Extracted r = run("describes-all-2.2.spdx.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 3u);
  EXPECT_EQ(get(r, "Jinja2", "3.1.2").purl, "pkg:pypi/jinja2@3.1.2");
  EXPECT_EQ(get(r, "github.com/gin-gonic/gin", "v1.9.1").ecosystem, "Go");
}

// ---------------------------------------------------------------------------------------------
// Bad input

TEST(SbomBroken, EmptyFile) {
  Extracted r = run("empty.json");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("empty file"), std::string::npos);
}

TEST(SbomBroken, TruncatedNamesTheLine) {
  Extracted r = run("truncated.cdx.json");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(r.warnings[0].line, 18u) << r.warnings_text();  // where the text stops
}

TEST(SbomBroken, WrongTypesAreReportedAndTheRestKept) {
  Extracted r = run("wrong-types.cdx.json");
  ASSERT_EQ(r.components.size(), 2u) << r.warnings_text();
  EXPECT_NE(r.find("fine", "1.0.0"), nullptr);
  // An invalid purl: kept under a generic purl, with the reason.
  ASSERT_NE(r.find("bad-purl", "2.0"), nullptr);
  EXPECT_EQ(r.find("bad-purl", "2.0")->purl, "pkg:generic/bad-purl@2.0");
  std::set<std::pair<uint64_t, std::string>> got;
  for (const auto& w : r.warnings)
    got.emplace(w.line, w.message.substr(0, w.message.find(" (at ")));
  const std::set<std::pair<uint64_t, std::string>> expected = {
      {5, "a component is not an object"},
      {6, "\"name\" is not a string"},
      {6, "\"purl\" is not a string"},
      {6, "a package with neither purl nor name is skipped"},
      {7, "\"components\" is not an array"},
      {8,
       "invalid purl \"npm/bad-purl@2.0\": does not start with \"pkg:\"; reported as pkg:generic"},
      {9, "a package with neither purl nor name is skipped"},
      {11, "\"dependencies\" is not an array"},
  };
  EXPECT_EQ(got, expected) << r.warnings_text();
}

TEST(SbomBroken, WrongTypesInSpdx) {
  Extracted r = run("wrong-types.spdx.json");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 4u);
  EXPECT_NE(r.warnings[0].message.find("\"packages\" is not an array"), std::string::npos);
  EXPECT_EQ(r.warnings[1].line, 5u);
}

TEST(SbomBroken, InvalidUtf8NamesTheLine) {
  Extracted r = run("invalid-utf8.cdx.json");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 2u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("UTF-8"), std::string::npos) << r.warnings_text();
}

TEST(SbomBroken, NotAnSbomAndXml) {
  Extracted r = run("not-an-sbom.json");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not a CycloneDX or SPDX JSON document"), std::string::npos);
  r = run("bom.xml");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("JSON only"), std::string::npos);
  r = run_text(R"({"bomFormat": "SomethingElse", "components": []})");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("is not CycloneDX"), std::string::npos);
}

TEST(SbomBroken, DeepNesting) {
  // Components nested 60 deep are read (each level is an object and an array: depth 121)...
  auto nested = [](int levels) {
    std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[)";
    for (int k = 0; k < levels; ++k) {
      text += R"({"name":"n)" + std::to_string(k) + R"(","version":"1","purl":"pkg:npm/n)" +
              std::to_string(k) + R"(@1","components":[)";
    }
    for (int k = 0; k < levels; ++k)
      text += "]}";
    return text + "]}";
  };
  Extracted r = run_text(nested(60));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 60u);
  // ...past the depth limit the document is refused with a position, not a crash.
  r = run_text(nested(5000));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(r.warnings[0].line, 1u);
  EXPECT_GT(r.warnings[0].column, 1000u);
}

TEST(SbomBroken, HugeDocumentIsLinear) {
  // 200,000 components and a dependency graph over all of them.
  constexpr int kCount = 200000;
  std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":)"
                     R"({"bom-ref":"root","name":"root"}},"components":[)";
  for (int k = 0; k < kCount; ++k) {
    const std::string n = std::to_string(k);
    text += (k ? "," : "") + std::string(R"({"bom-ref":"r)") + n + R"(","name":"p)" + n +
            R"(","version":"1.0.)" + n + R"(","purl":"pkg:npm/p)" + n + "@1.0." + n + "\"}";
  }
  text += R"(],"dependencies":[{"ref":"root","dependsOn":["r0"]})";
  for (int k = 0; k + 1 < kCount; ++k) {
    text += R"(,{"ref":"r)" + std::to_string(k) + R"(","dependsOn":["r)" + std::to_string(k + 1) +
            "\"]}";
  }
  text += "]}";
  const auto start = std::chrono::steady_clock::now();
  Extracted r = run_text(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(get(r, "p0", "1.0.0").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "p199999", "1.0.199999").relationship, Relationship::kTransitive);
  // Reported, not asserted: CI never fails on a wall-clock number (docs/performance.md).
  RecordProperty("seconds", std::to_string(seconds));
}

TEST(SbomBroken, ManyProblemsAreCapped) {
  std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[)";
  for (int k = 0; k < 150; ++k)
    text += (k ? "," : "") + std::string("\n{\"name\":\"x") + std::to_string(k) + "\"}";
  text += "]}";
  Extracted r = run_text(text);
  EXPECT_EQ(r.components.size(), 150u);
  ASSERT_EQ(r.warnings.size(), sbom::Problems::kMaxListed + 1);
  EXPECT_EQ(r.warnings[0].line, 2u);
  EXPECT_EQ(r.warnings[99].line, 101u);
  EXPECT_NE(r.warnings.back().message.find("50 more problems"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Recognition, and the pieces

TEST(SbomExtractor, ClaimsAndRecognizes) {
  const Extractor* e = find_extractor("sbom");
  ASSERT_NE(e, nullptr);
  auto claims = [&](std::string_view name) { return e->claims(FileRef{name, name, FileInfo{}}); };
  EXPECT_TRUE(claims("bom.json"));
  EXPECT_TRUE(claims("sbom.json"));
  EXPECT_TRUE(claims("app.cdx.json"));
  EXPECT_TRUE(claims("image.spdx.json"));
  EXPECT_TRUE(claims("app.cyclonedx.json"));
  EXPECT_FALSE(claims("package.json"));
  EXPECT_FALSE(claims("bom.xml"));
  EXPECT_TRUE(detail::looks_like_sbom("\xEF\xBB\xBF  {\"bomFormat\": \"CycloneDX\"}"));
  EXPECT_TRUE(detail::looks_like_sbom("{\n \"spdxVersion\": \"SPDX-2.3\""));
  EXPECT_FALSE(detail::looks_like_sbom("[{\"bomFormat\": 1}]"));
  EXPECT_FALSE(detail::looks_like_sbom("{\"name\": \"x\"}"));
  EXPECT_TRUE(e->recognizes("inventory.json", read_host_file(fixture("app-2.3.spdx.json"))));
  EXPECT_TRUE(e->recognizes("x.xml", read_host_file(fixture("bom.xml"))));
}

TEST(SbomExtractor, SbomTargetForcesTheReader) {
  Inventory inv;
  auto t = parse_target("sbom:" + fixture("not-an-sbom.json"));
  ASSERT_TRUE(t.is_ok());
  ASSERT_TRUE(inventory_target(*t, Options{}, inv).is_ok());
  ASSERT_EQ(inv.warnings.size(), 1u);
  EXPECT_EQ(inv.warnings[0].file, fixture("not-an-sbom.json"));
  // A file whose name says nothing is recognised by content.
  inv = Inventory{};
  auto plain = parse_target(fixture("image-1.5.cdx.json"));
  ASSERT_TRUE(inventory_target(*plain, Options{}, inv).is_ok());
  EXPECT_EQ(inv.components.size(), 6u);
  ASSERT_EQ(inv.targets.size(), 1u);
  EXPECT_EQ(inv.targets[0].kind, "sbom");
}

TEST(SbomPurl, EcosystemOfEachType) {
  auto eco = [](std::string_view text) {
    auto p = purl::parse(text);
    EXPECT_TRUE(p.is_ok()) << text;
    return p.is_ok() ? sbom::osv_ecosystem(*p) : std::string("?");
  };
  EXPECT_EQ(eco("pkg:npm/x@1"), "npm");
  EXPECT_EQ(eco("pkg:pypi/x@1"), "PyPI");
  EXPECT_EQ(eco("pkg:golang/github.com/a/b@v1"), "Go");
  EXPECT_EQ(eco("pkg:cargo/x@1"), "crates.io");
  EXPECT_EQ(eco("pkg:maven/g/a@1"), "Maven");
  EXPECT_EQ(eco("pkg:gem/x@1"), "RubyGems");
  EXPECT_EQ(eco("pkg:composer/a/b@1"), "Packagist");
  EXPECT_EQ(eco("pkg:nuget/x@1"), "NuGet");
  EXPECT_EQ(eco("pkg:deb/debian/x@1?distro=debian-11"), "Debian:11");
  EXPECT_EQ(eco("pkg:deb/debian/x@1?distro=debian-12.5"), "Debian:12");
  EXPECT_EQ(eco("pkg:deb/debian/x@1?distro=bullseye"), "Debian:11");
  EXPECT_EQ(eco("pkg:deb/debian/x@1"), "Debian");
  EXPECT_EQ(eco("pkg:deb/ubuntu/x@1?distro=ubuntu-20.04"), "Ubuntu:20.04:LTS");
  EXPECT_EQ(eco("pkg:deb/ubuntu/x@1?distro=ubuntu-23.10"), "Ubuntu:23.10");
  EXPECT_EQ(eco("pkg:deb/ubuntu/x@1?distro=jammy"), "Ubuntu:22.04:LTS");
  EXPECT_EQ(eco("pkg:apk/alpine/x@1?distro=alpine-3.19.1"), "Alpine:v3.19");
  EXPECT_EQ(eco("pkg:apk/alpine/x@1?distro=3.18.4"), "Alpine:v3.18");
  EXPECT_EQ(eco("pkg:apk/wolfi/x@1"), "Wolfi");
  EXPECT_EQ(eco("pkg:rpm/almalinux/x@1?distro=almalinux-8.9"), "AlmaLinux:8");
  EXPECT_EQ(eco("pkg:rpm/rocky/x@1?distro=rocky-9.3"), "Rocky Linux:9");
  EXPECT_EQ(eco("pkg:rpm/redhat/x@1?distro=rhel-9.3"), "Red Hat");
  EXPECT_EQ(eco("pkg:rpm/opensuse/x@1?distro=opensuse-leap-15.5"), "openSUSE:Leap 15.5");
  EXPECT_EQ(eco("pkg:rpm/fedora/x@1?distro=fedora-39"), "");  // OSV has no Fedora ecosystem
  EXPECT_EQ(eco("pkg:generic/x@1"), "");
  EXPECT_EQ(eco("pkg:oci/x@sha256%3Aabc"), "");
}

TEST(SbomPointers, LocatesValuesInOnePass) {
  const std::string text = "{\"a\": [1, {\"b\": \"x\"}, [true]],\n \"c\": {\"d\": null}}";
  const auto at =
      sbom::locate_json_pointers(text, {"", "/a", "/a/1", "/a/1/b", "/a/2/0", "/c/d", "/missing"});
  EXPECT_EQ(at.at(""), 0u);
  EXPECT_EQ(at.at("/a"), text.find('['));
  EXPECT_EQ(at.at("/a/1"), text.find("{\"b\""));
  EXPECT_EQ(at.at("/a/1/b"), text.find("\"x\""));
  EXPECT_EQ(at.at("/a/2/0"), text.find("true"));
  EXPECT_EQ(at.at("/c/d"), text.find("null"));
  EXPECT_FALSE(at.contains("/missing"));
}

}  // namespace
}  // namespace upkeep::inventory
