// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <chrono>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

constexpr std::string_view kId = "package-lock.json";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/package-lock/" + name;
}

// The component, which must exist.
const Component& get(const Extracted& r, std::string_view name, std::string_view version) {
  const Component* c = r.find(name, version);
  if (c == nullptr) {
    ADD_FAILURE() << "no " << name << "@" << version;
    static const Component kNone;
    return kNone;
  }
  return *c;
}

bool has_warning(const Extracted& r, std::string_view text, uint64_t line) {
  for (const auto& w : r.warnings) {
    if (w.message.find(text) != std::string::npos && w.line == line) return true;
  }
  return false;
}

TEST(PackageLock, ClaimsByNameAndRecognizesRenamedFiles) {
  const Extractor* e = find_extractor(kId);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->claims(FileRef{"/a/package-lock.json", "package-lock.json", {}}));
  EXPECT_TRUE(e->claims(FileRef{"/a/npm-shrinkwrap.json", "npm-shrinkwrap.json", {}}));
  EXPECT_FALSE(e->claims(FileRef{"/a/node_modules/.package-lock.json", ".package-lock.json", {}}));
  EXPECT_FALSE(e->claims(FileRef{"/a/package.json", "package.json", {}}));
  EXPECT_TRUE(e->recognizes("x-package-lock.v3.json",
                            "{\n  \"name\": \"x\",\n  \"lockfileVersion\": 3,\n  \"packages\": {"));
  EXPECT_FALSE(e->recognizes("composer.lock", "{\"packages\": [], \"lockfileVersion\": 1}"));
  EXPECT_FALSE(e->recognizes("package.json", "{\"name\": \"x\", \"dependencies\": {}}"));
}

// Version 1 with the project's package.json beside it: nested copies, aliases, git and tarball
// URLs as versions, a linked folder, and the flags.
TEST(PackageLock, Version1WithManifest) {
  auto r = run_extractor_on_file(kId, fixture("v1-project/package-lock.json"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 12 entries: the linked folder "localdir" is the project's own code.
  ASSERT_EQ(r.components.size(), 11u);
  EXPECT_TRUE(r.named("localdir").empty());

  const Component& express = get(r, "express", "4.17.1");
  EXPECT_EQ(express.purl, "pkg:npm/express@4.17.1");
  EXPECT_EQ(express.ecosystem, "npm");
  EXPECT_EQ(express.relationship, Relationship::kDirect);
  EXPECT_EQ(express.scope, Scope::kRuntime);
  EXPECT_EQ(express.dependencies, (std::vector<std::string>{"debug", "ms"}));
  // Nested copies are transitive and keep their own flags.
  EXPECT_EQ(get(r, "debug", "2.6.9").relationship, Relationship::kTransitive);
  EXPECT_EQ(get(r, "debug", "2.6.9").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "debug", "4.3.1").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "mocha", "9.2.2").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "mocha", "9.2.2").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "mocha", "9.2.2").dependencies,
            (std::vector<std::string>{"debug", "ms", "strip-ansi"}));  // alias resolved
  EXPECT_EQ(get(r, "fsevents", "2.3.2").scope, Scope::kOptional);
  EXPECT_EQ(get(r, "fsevents", "2.3.2").relationship, Relationship::kDirect);
  // Aliases are the real package: "my-lodash": "npm:lodash@4.17.20".
  EXPECT_EQ(get(r, "lodash", "4.17.20").purl, "pkg:npm/lodash@4.17.20");
  EXPECT_EQ(get(r, "lodash", "4.17.20").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "strip-ansi", "6.0.1").relationship, Relationship::kTransitive);
  // A git URL as the version: no version, a note, the source in the purl.
  const Component& git = get(r, "gitdep", "");
  EXPECT_FALSE(git.version_note.empty());
  EXPECT_EQ(git.purl,
            "pkg:npm/gitdep?vcs_url=git%2Bssh:%2F%2Fgit%40github.com%2Fexample%2Fgitdep.git%"
            "230123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(git.relationship, Relationship::kDirect);
  const Component& tarball = get(r, "private-tarball", "");
  EXPECT_EQ(tarball.purl,
            "pkg:npm/private-tarball?download_url=https:%2F%2Fnpm.example.com%2Fprivate-tarball%"
            "2F-%2Fprivate-tarball-1.0.0.tgz");
}

TEST(PackageLock, Version1WithoutManifestHasUnknownRelationships) {
  auto r = run_extractor_on_file(kId, fixture("v1_no_manifest.json"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 11u);
  for (const auto& c : r.components)
    EXPECT_EQ(c.relationship, Relationship::kUnknown) << c.name;
  EXPECT_EQ(get(r, "mocha", "9.2.2").scope, Scope::kDevelopment);  // the flags still say
}

// Version 3 with workspaces, links, aliases, nested and duplicated copies, every flag, git and
// private-registry sources.
TEST(PackageLock, Version3Workspaces) {
  auto r = run_extractor_on_file(kId, fixture("v3-workspaces/package-lock.json"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 20 entries under node_modules, less the link to the workspace, and ms@2.1.3 twice.
  ASSERT_EQ(r.components.size(), 18u);
  EXPECT_TRUE(r.named("app").empty());  // the workspace itself
  EXPECT_TRUE(r.named("alias-a").empty());
  const Component& is_number = get(r, "is-number", "7.0.0");
  EXPECT_EQ(is_number.relationship, Relationship::kDirect);
  EXPECT_EQ(is_number.licenses, std::vector<std::string>{"MIT"});
  // The workspace's own dependency, in its own node_modules, is direct.
  EXPECT_EQ(get(r, "chalk", "4.1.2").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "chalk", "4.1.2").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "chalk", "5.3.0").relationship, Relationship::kTransitive);
  EXPECT_EQ(get(r, "chalk", "5.3.0").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "gitpkg", "2.0.0").relationship, Relationship::kDirect);  // hoisted
  EXPECT_EQ(get(r, "gitpkg", "2.0.0").purl,
            "pkg:npm/gitpkg@2.0.0?vcs_url=git%2Bssh:%2F%2Fgit%40github.com%2Fexample%2Fgitpkg.git%"
            "230123456789abcdef0123456789abcdef01234567");
  // Credentials in a resolved URL never reach the purl.
  EXPECT_EQ(get(r, "left-pad", "1.3.0").purl,
            "pkg:npm/left-pad@1.3.0?download_url=https:%2F%2Fnpm.example.com%2Fleft-pad%2F-%2Fleft-"
            "pad-1.3.0.tgz");
  EXPECT_EQ(get(r, "typescript", "5.4.5").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "typescript", "5.4.5").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "fsevents", "2.3.3").scope, Scope::kOptional);
  EXPECT_EQ(get(r, "devopt", "1.0.0").scope, Scope::kOptional);
  EXPECT_EQ(get(r, "react", "18.3.1").relationship, Relationship::kDirect);  // a root peer
  EXPECT_EQ(get(r, "react", "18.3.1").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "loose-envify", "1.4.0").relationship, Relationship::kTransitive);
  EXPECT_EQ(get(r, "bundled-thing", "1.0.0").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "extraneous-pkg", "0.1.0").relationship, Relationship::kTransitive);
  // One copy is dev, the other not: the component is runtime.
  EXPECT_EQ(get(r, "ms", "2.1.3").scope, Scope::kRuntime);
  // An optional peer is not a dependency.
  EXPECT_EQ(get(r, "debug", "4.3.4").dependencies, std::vector<std::string>{"ms"});
}

TEST(PackageLock, Version2ReadsPackagesNotTheOldTree) {
  auto r = run_extractor_on_file(kId, fixture("v2_both_sections.json"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "a");
}

TEST(PackageLock, WrongTypesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file(kId, fixture("wrong_types.json"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "good");
  EXPECT_EQ(r.components[0].relationship, Relationship::kDirect);
  ASSERT_EQ(r.warnings.size(), 5u) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "is not an object", 9)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "\"version\" is not a version string", 12)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "\"name\" is not a string", 15)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "no version", 19)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "\"dependencies\" is not an object", 22)) << r.warnings_text();
}

TEST(PackageLock, PackagesOfTheWrongTypeFallsBackToTheTree) {
  auto r = run_extractor_on_file(kId, fixture("packages_not_object.json"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "kept");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(has_warning(r, "\"packages\" is not an object", 3)) << r.warnings_text();
}

TEST(PackageLock, EmptyTruncatedDeepAndInvalidUtf8) {
  auto empty = run_extractor_on_file(kId, fixture("empty.json"));
  EXPECT_TRUE(empty.components.empty());
  ASSERT_EQ(empty.warnings.size(), 1u);
  EXPECT_NE(empty.warnings[0].message.find("unexpected end of text"), std::string::npos);

  auto truncated = run_extractor_on_file(kId, fixture("truncated.json"));
  EXPECT_TRUE(truncated.components.empty());
  ASSERT_EQ(truncated.warnings.size(), 1u);
  EXPECT_EQ(truncated.warnings[0].line, 31u) << truncated.warnings_text();
  EXPECT_NE(truncated.warnings[0].message.find("not a valid package-lock.json"), std::string::npos);

  auto deep = run_extractor_on_file(kId, fixture("deep_nesting.json"));
  EXPECT_TRUE(deep.components.empty());
  ASSERT_EQ(deep.warnings.size(), 1u);
  EXPECT_NE(deep.warnings[0].message.find("nested deeper than 256 levels"), std::string::npos);
  EXPECT_EQ(deep.warnings[0].line, 1u);

  // Read as npm reads it: the bad byte becomes U+FFFD, one warning, both entries kept.
  auto utf8 = run_extractor_on_file(kId, fixture("invalid_utf8.json"));
  ASSERT_EQ(utf8.warnings.size(), 1u);
  EXPECT_EQ(utf8.warnings[0].line, 5u);
  EXPECT_EQ(utf8.warnings[0].column, 22u);
  EXPECT_NE(utf8.find("caf\xC3\xA9", "1.0.0"), nullptr);
  EXPECT_NE(utf8.find("bad\xEF\xBF\xBD", "1.0.0"), nullptr);
}

// 50,000 entries: linear, and every one reported.
TEST(PackageLock, HugeLockfile) {
  constexpr int kCount = 50000;
  std::string text =
      "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"dependencies\": {\"p0\": \"1\"}}";
  for (int i = 0; i < kCount; ++i) {
    text += ",\n\"node_modules/p" + std::to_string(i) + "\": {\"version\": \"1.0." +
            std::to_string(i) + "\", \"dependencies\": {\"p" + std::to_string(i + 1) +
            "\": \"*\"}}";
  }
  text += "}}";
  MemoryFs fs;
  fs.add_file("/package-lock.json", std::move(text));
  const auto start = std::chrono::steady_clock::now();
  auto r = run_extractor(kId, fs, "/package-lock.json");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(get(r, "p0", "1.0.0").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "p49999", "1.0.49999").relationship, Relationship::kTransitive);
  // Generous (sanitizers, a shared machine): a quadratic reader takes minutes here.
  ::testing::Test::RecordProperty("seconds",
                                  std::to_string(std::chrono::duration<double>(elapsed).count()));
}

// Many broken entries: warnings are capped, the good entries all kept.
TEST(PackageLock, FloodOfBadEntriesIsCapped) {
  std::string text =
      "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/ok\": {\"version\": \"1\"}";
  for (int i = 0; i < 1000; ++i)
    text +=
        ",\n\"node_modules/b" + std::to_string(i) + "\": {\"version\": " + std::to_string(i) + "}";
  text += "}}";
  MemoryFs fs;
  fs.add_file("/package-lock.json", std::move(text));
  auto r = run_extractor(kId, fs, "/package-lock.json");
  ASSERT_EQ(r.components.size(), 1u);
  ASSERT_EQ(r.warnings.size(), 101u);
  EXPECT_EQ(r.warnings[0].line, 2u);
  EXPECT_EQ(r.warnings[99].line, 101u);
  EXPECT_EQ(r.warnings[100].message, "900 more problems in this file not shown");
}

// ---------------------------------------------------------------------------------------------
// Real lockfiles. A component is one distinct (name, version) per lockfile (npm_common.h): the
// copies npm nests at several node_modules paths are one component, as cyclonedx-npm's set of
// purls has them. Aliases count under the real name; links and workspaces are not components.

// nodejs/security-wg, lockfileVersion 1, no package.json beside it (relationships unknown).
// 760 entries in the nested "dependencies" trees, 525 distinct (name, version), counted with
//   python3 -c 'import json,sys; s=set()
//   def w(d): [(s.add((k, v["version"])), w(v.get("dependencies", {}))) for k, v in d.items()]
//   w(json.load(open(sys.argv[1]))["dependencies"]); print(len(s))' FILE
// (no alias versions in this file). Widest scope per (name, version) from the "dev" and
// "optional" flags of its copies: 435 development, 90 runtime.
TEST(PackageLock, RealSecurityWgVersion1) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r =
      run_extractor_on_file(kId, data + "/lockfiles/npm/nodejs-security-wg-package-lock.v1.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 525u);
  size_t dev = 0;
  for (const auto& c : r.components) {
    EXPECT_EQ(c.relationship, Relationship::kUnknown);
    dev += c.scope == Scope::kDevelopment ? 1 : 0;
  }
  EXPECT_EQ(dev, 435u);
  // "@babel/core": {"version": "7.12.10", "dev": true, ...} at the top.
  EXPECT_EQ(get(r, "@babel/core", "7.12.10").purl, "pkg:npm/%40babel/core@7.12.10");
  EXPECT_EQ(get(r, "@babel/core", "7.12.10").scope, Scope::kDevelopment);
  // "path-key" 2.0.1 at the top without flags; 3.1.1 nested under jest-changed-files, dev.
  EXPECT_EQ(get(r, "path-key", "2.0.1").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "path-key", "3.1.1").scope, Scope::kDevelopment);
  // semver 7.3.4: under jest-snapshot (dev) and node-notifier (dev, optional): development.
  EXPECT_EQ(get(r, "semver", "7.3.4").scope, Scope::kDevelopment);
  // ansi-regex: 3.0.0 (top, no flags), 4.1.0 (under strip-ansi, no flags), 5.0.0 (dev copies).
  EXPECT_EQ(r.named("ansi-regex").size(), 3u);
  EXPECT_EQ(get(r, "ansi-regex", "4.1.0").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "ansi-regex", "5.0.0").scope, Scope::kDevelopment);
}

// endoflife-date/endoflife.date, lockfileVersion 2: 7 "node_modules/" keys under "packages", all
// "dev": true; the root "" declares only devDependencies netlify-plugin-submit-sitemap.
//   jq '[.packages | to_entries[] | select(.key | test("(^|/)node_modules/"))
//        | select(.value.link != true)] | length' FILE          -> 7 (also 7 unique name@version)
TEST(PackageLock, RealEndoflifeVersion2) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/npm/endoflife-date-package-lock.v2.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 7u);
  for (const auto& c : r.components)
    EXPECT_EQ(c.scope, Scope::kDevelopment) << c.name;
  const Component& direct = get(r, "netlify-plugin-submit-sitemap", "0.4.0");
  EXPECT_EQ(direct.relationship, Relationship::kDirect);
  EXPECT_EQ(direct.purl, "pkg:npm/netlify-plugin-submit-sitemap@0.4.0");
  EXPECT_EQ(get(r, "node-fetch", "3.2.10").relationship, Relationship::kTransitive);
  EXPECT_EQ(get(r, "fetch-blob", "3.2.0").dependencies,
            (std::vector<std::string>{"node-domexception", "web-streams-polyfill"}));
}

// nodejs/security-wg, lockfileVersion 3: 54 "node_modules/" keys (same jq as above; 54 unique),
// no "dev" flag anywhere (grep -c '"dev": true' -> 0); the root declares @pkgjs/nv, joi, semver.
TEST(PackageLock, RealSecurityWgVersion3) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r =
      run_extractor_on_file(kId, data + "/lockfiles/npm/nodejs-security-wg-package-lock.v3.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 54u);
  size_t direct = 0;
  for (const auto& c : r.components) {
    EXPECT_EQ(c.scope, Scope::kRuntime) << c.name;
    direct += c.relationship == Relationship::kDirect ? 1 : 0;
  }
  EXPECT_EQ(direct, 3u);
  EXPECT_EQ(get(r, "@pkgjs/nv", "0.2.2").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "@pkgjs/nv", "0.2.2").purl, "pkg:npm/%40pkgjs/nv@0.2.2");
  EXPECT_EQ(get(r, "joi", "17.13.3").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "semver", "7.6.3").relationship, Relationship::kDirect);
  const Component& hoek = get(r, "@hapi/hoek", "9.3.0");
  EXPECT_EQ(hoek.relationship, Relationship::kTransitive);
  EXPECT_EQ(hoek.licenses, std::vector<std::string>{"BSD-3-Clause"});
  EXPECT_EQ(get(r, "keyv", "4.5.2").relationship, Relationship::kTransitive);
}

// The shared files are named so that nothing claims them: content recognition picks this
// extractor for a file given directly.
TEST(PackageLock, RenamedFilesAreRecognizedAsTargets) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  for (const char* name :
       {"nodejs-security-wg-package-lock.v1.json", "endoflife-date-package-lock.v2.json",
        "nodejs-security-wg-package-lock.v3.json"}) {
    auto target = parse_target(data + "/lockfiles/npm/" + name);
    ASSERT_TRUE(target.is_ok());
    Inventory inv;
    ASSERT_TRUE(inventory_target(*target, Options{}, inv).is_ok()) << name;
    ASSERT_FALSE(inv.components.empty()) << name;
    for (const auto& c : inv.components)
      EXPECT_EQ(c.extractor, kId) << name;
  }
}

}  // namespace
}  // namespace upkeep::inventory
