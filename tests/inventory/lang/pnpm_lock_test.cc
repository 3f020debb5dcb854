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

constexpr std::string_view kId = "pnpm-lock.yaml";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/pnpm-lock/" + name;
}

const Component& get(const Extracted& r, std::string_view name, std::string_view version) {
  const Component* c = r.find(name, version);
  if (c == nullptr) {
    ADD_FAILURE() << "no " << name << "@" << version;
    static const Component kNone;
    return kNone;
  }
  return *c;
}

void expect(const Extracted& r, std::string_view name, std::string_view version, Relationship rel,
            Scope scope) {
  const Component& c = get(r, name, version);
  EXPECT_EQ(c.relationship, rel) << name << "@" << version;
  EXPECT_EQ(c.scope, scope) << name << "@" << version;
}

TEST(PnpmLock, ClaimsAndRecognizes) {
  const Extractor* e = find_extractor(kId);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->claims(FileRef{"/a/pnpm-lock.yaml", "pnpm-lock.yaml", {}}));
  EXPECT_FALSE(e->claims(FileRef{"/a/pnpm-workspace.yaml", "pnpm-workspace.yaml", {}}));
  EXPECT_TRUE(e->recognizes("x-pnpm-lock.yaml", "lockfileVersion: '9.0'\n\nsettings:\n"));
  EXPECT_TRUE(e->recognizes("x.yaml", "---\nlockfileVersion: '9.0'\n"));
  EXPECT_FALSE(e->recognizes("x.yaml", "version: 2\nservices:\n"));
  EXPECT_TRUE(e->self_contained());
}

// Version 9: importers (a workspace with a link, an alias, a tarball, git and a local folder),
// packages and snapshots (one package with two sets of peers).
TEST(PnpmLock, Version9) {
  auto r = run_extractor_on_file(kId, fixture("v9.yaml"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 14 packages, less the local folder; the two snapshots of @scope/util are one component.
  ASSERT_EQ(r.components.size(), 12u);
  EXPECT_TRUE(r.named("local-dir").empty());
  EXPECT_TRUE(r.named("lib").empty());
  EXPECT_EQ(r.named("@scope/util").size(), 1u);
  expect(r, "react", "18.3.1", Relationship::kDirect, Scope::kRuntime);
  expect(r, "react-dom", "18.3.1", Relationship::kDirect, Scope::kRuntime);
  expect(r, "string-width", "4.2.3", Relationship::kDirect, Scope::kRuntime);  // the alias
  expect(r, "typescript", "5.4.5", Relationship::kDirect, Scope::kDevelopment);
  expect(r, "tarball-pkg", "1.0.0", Relationship::kDirect, Scope::kDevelopment);
  expect(r, "fsevents", "2.3.3", Relationship::kDirect, Scope::kOptional);
  // packages/lib's dependencies are direct too; @scope/util is also reached from a dev package.
  expect(r, "@scope/util", "1.0.0", Relationship::kDirect, Scope::kRuntime);
  expect(r, "gitdep", "1.0.0", Relationship::kDirect, Scope::kRuntime);
  expect(r, "react", "17.0.2", Relationship::kTransitive, Scope::kRuntime);
  expect(r, "scheduler", "0.23.2", Relationship::kTransitive, Scope::kRuntime);
  expect(r, "loose-envify", "1.4.0", Relationship::kTransitive, Scope::kRuntime);
  expect(r, "js-tokens", "4.0.0", Relationship::kTransitive, Scope::kRuntime);
  EXPECT_EQ(get(r, "@scope/util", "1.0.0").purl, "pkg:npm/%40scope/util@1.0.0");
  EXPECT_EQ(get(r, "react-dom", "18.3.1").dependencies,
            (std::vector<std::string>{"loose-envify", "react", "scheduler"}));
  EXPECT_EQ(get(r, "gitdep", "1.0.0").purl,
            "pkg:npm/gitdep@1.0.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fexample%2Fgitdep.git%"
            "230123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(
      get(r, "tarball-pkg", "1.0.0").purl,
      "pkg:npm/tarball-pkg@1.0.0?download_url=https:%2F%2Fexample.com%2Ftarball-pkg-1.0.0.tgz");
}

// Version 6: one project (no importers), keys "/name@version(peers)", the dev and optional flags.
TEST(PnpmLock, Version6) {
  auto r = run_extractor_on_file(kId, fixture("v6.yaml"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 9u);
  expect(r, "react-dom", "18.3.1", Relationship::kDirect, Scope::kRuntime);
  expect(r, "string-width", "4.2.3", Relationship::kDirect,
         Scope::kRuntime);  // "/string-width@..."
  expect(r, "gitdep", "1.0.0", Relationship::kDirect, Scope::kRuntime);
  expect(r, "typescript", "5.4.5", Relationship::kDirect, Scope::kDevelopment);
  expect(r, "fsevents", "2.3.3", Relationship::kTransitive, Scope::kDevelopment);  // dev+optional
  expect(r, "react", "18.3.1", Relationship::kTransitive, Scope::kRuntime);
  expect(r, "js-tokens", "4.0.0", Relationship::kTransitive, Scope::kRuntime);
  EXPECT_EQ(get(r, "typescript", "5.4.5").dependencies, std::vector<std::string>{"fsevents"});
  EXPECT_EQ(get(r, "gitdep", "1.0.0").purl,
            "pkg:npm/gitdep@1.0.0?download_url=https:%2F%2Fcodeload.github.com%2Fexample%2Fgitdep%"
            "2Ftar.gz%2F0123456789abcdef0123456789abcdef01234567");
}

// Version 5: keys "/name/version_peers", importers' versions as plain strings.
TEST(PnpmLock, Version5) {
  auto r = run_extractor_on_file(kId, fixture("v5.yaml"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 6u);
  expect(r, "@types/react", "17.0.80", Relationship::kDirect, Scope::kDevelopment);
  expect(r, "csstype", "3.1.3", Relationship::kTransitive, Scope::kDevelopment);
  expect(r, "react-dom", "17.0.2", Relationship::kDirect, Scope::kRuntime);
  expect(r, "react", "17.0.2", Relationship::kTransitive, Scope::kRuntime);
  expect(r, "loose-envify", "1.4.0", Relationship::kTransitive, Scope::kRuntime);
  EXPECT_EQ(get(r, "@types/react", "17.0.80").purl, "pkg:npm/%40types/react@17.0.80");
}

// pnpm 9.7+ may put its own environment lockfile first, as another YAML document.
TEST(PnpmLock, EnvironmentDocumentIsNotTheProject) {
  auto r = run_extractor_on_file(kId, fixture("multi_document.yaml"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  expect(r, "ms", "2.1.3", Relationship::kDirect, Scope::kRuntime);
}

TEST(PnpmLock, BrokenInputs) {
  auto empty = run_extractor_on_file(kId, fixture("empty.yaml"));
  EXPECT_TRUE(empty.components.empty());
  EXPECT_TRUE(empty.warnings.empty()) << empty.warnings_text();

  auto bad = run_extractor_on_file(kId, fixture("malformed.yaml"));
  EXPECT_TRUE(bad.components.empty());
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_EQ(bad.warnings[0].line, 8u);
  EXPECT_NE(bad.warnings[0].message.find("not a valid pnpm-lock.yaml"), std::string::npos);

  auto deep = run_extractor_on_file(kId, fixture("deep_nesting.yaml"));
  EXPECT_TRUE(deep.components.empty());
  ASSERT_EQ(deep.warnings.size(), 1u);
  EXPECT_NE(deep.warnings[0].message.find("nested deeper than 64 levels"), std::string::npos);
  EXPECT_EQ(deep.warnings[0].line, 6u);

  // A file cut short can still be valid YAML: the importers then name packages it lacks.
  auto cut = run_extractor_on_file(kId, fixture("truncated.yaml"));
  EXPECT_TRUE(cut.components.empty());
  ASSERT_EQ(cut.warnings.size(), 1u) << cut.warnings_text();
  EXPECT_EQ(cut.warnings[0].line, 14u);
  EXPECT_NE(cut.warnings[0].message.find("needs \"react@18.3.1\""), std::string::npos);

  auto utf8 = run_extractor_on_file(kId, fixture("invalid_utf8.yaml"));
  ASSERT_EQ(utf8.warnings.size(), 1u) << utf8.warnings_text();
  EXPECT_EQ(utf8.warnings[0].line, 8u);
  EXPECT_EQ(utf8.components.size(), 2u);

  auto version = run_extractor_on_file(kId, fixture("unknown_version.yaml"));
  ASSERT_EQ(version.warnings.size(), 1u);
  EXPECT_EQ(version.warnings[0].line, 1u);
  EXPECT_EQ(version.components.size(), 1u);
}

TEST(PnpmLock, WrongTypesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file(kId, fixture("wrong_types.yaml"));
  ASSERT_EQ(r.components.size(), 1u);
  expect(r, "good", "1.0.0", Relationship::kDirect, Scope::kDevelopment);
  ASSERT_EQ(r.warnings.size(), 4u) << r.warnings_text();
  auto has = [&](std::string_view text, uint64_t line) {
    for (const auto& w : r.warnings) {
      if (w.message.find(text) != std::string::npos && w.line == line) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("packages[\"scalar@1.0.0\"] is not a map", 17)) << r.warnings_text();
  EXPECT_TRUE(has("packages[\"justaname\"] has no package name and version", 19))
      << r.warnings_text();
  EXPECT_TRUE(has("snapshots[\"good@1.0.0\"]: \"dependencies\" is not a map", 28))
      << r.warnings_text();
  EXPECT_TRUE(has("importers[\".\"]: \"dependencies\" is not a map", 7)) << r.warnings_text();
}

TEST(PnpmLock, HugeLockfile) {
  constexpr int kCount = 5000;
  std::string text =
      "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      p0:\n"
      "        specifier: ^1.0.0\n        version: 1.0.0\n\npackages:\n\n";
  std::string snapshots = "snapshots:\n\n";
  for (int i = 0; i < kCount; ++i) {
    const std::string n = "p" + std::to_string(i);
    text += "  " + n + "@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n\n";
    snapshots += "  " + n + "@1.0.0:\n";
    if (i + 1 < kCount)
      snapshots += "    dependencies:\n      p" + std::to_string(i + 1) + ": 1.0.0\n";
    snapshots += "\n";
  }
  MemoryFs fs;
  fs.add_file("/pnpm-lock.yaml", text + snapshots);
  const auto start = std::chrono::steady_clock::now();
  auto r = run_extractor(kId, fs, "/pnpm-lock.yaml");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kCount));
  // A chain of 5,000: the scope reaches its end (iteratively).
  expect(r, "p4999", "1.0.0", Relationship::kTransitive, Scope::kRuntime);
  ::testing::Test::RecordProperty("seconds",
                                  std::to_string(std::chrono::duration<double>(elapsed).count()));
}

// vuejs/core, lockfileVersion 9.0, a workspace of 18 importers.
// 620 keys under "packages" (one component each; the 621 snapshots add a second set of peers
// for one of them):
//   awk '/^packages:/{p=1;next} /^snapshots:/{p=0} p && /^  [^ ]/' FILE | wc -l     -> 620
// Direct: 70 distinct packages named by the importers (links to workspace folders excluded):
//   python3 -c 'import yaml,sys; y=yaml.safe_load(open(sys.argv[1])); print(len({(n,
//     d["version"].split("(")[0]) for i in y["importers"].values() for f in ("dependencies",
//     "devDependencies", "optionalDependencies") for n, d in (i.get(f) or {}).items()
//     if not d["version"].startswith("link:")}))' FILE                            -> 70
// Scopes by a breadth-first walk of the snapshots from the importers' maps: 32 runtime, 1
// optional (@types/trusted-types: a devDependency of packages/runtime-dom and an optional
// dependency of dompurify, which is runtime), 587 development.
TEST(PnpmLock, RealVueCore) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/npm/vuejs-core-pnpm-lock.yaml");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 620u);
  size_t direct = 0;
  size_t runtime = 0;
  size_t development = 0;
  for (const auto& c : r.components) {
    direct += c.relationship == Relationship::kDirect ? 1 : 0;
    runtime += c.scope == Scope::kRuntime ? 1 : 0;
    development += c.scope == Scope::kDevelopment ? 1 : 0;
  }
  EXPECT_EQ(direct, 70u);
  EXPECT_EQ(runtime, 32u);
  EXPECT_EQ(development, 587u);
  expect(r, "@types/trusted-types", "2.0.7", Relationship::kDirect, Scope::kOptional);
  // packages/compiler-core: dependencies '@babel/parser' catalog: -> 7.29.8.
  expect(r, "@babel/parser", "7.29.8", Relationship::kDirect, Scope::kRuntime);
  EXPECT_EQ(get(r, "@babel/parser", "7.29.8").purl, "pkg:npm/%40babel/parser@7.29.8");
  // The root's devDependencies.
  expect(r, "@rollup/plugin-alias", "6.0.0", Relationship::kDirect, Scope::kDevelopment);
  // typescript 5.6.3 in packages/vue's dependencies, 6.0.3 in the root's devDependencies.
  expect(r, "typescript", "5.6.3", Relationship::kDirect, Scope::kRuntime);
  expect(r, "typescript", "6.0.3", Relationship::kDirect, Scope::kDevelopment);
  EXPECT_EQ(r.named("ansi-regex").size(), 3u);  // 5.0.1, 6.0.1, 6.2.2
  expect(r, "ansi-regex", "6.2.2", Relationship::kTransitive, Scope::kDevelopment);
}

TEST(PnpmLock, RenamedFileIsRecognizedAsTarget) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto target = parse_target(data + "/lockfiles/npm/vuejs-core-pnpm-lock.yaml");
  ASSERT_TRUE(target.is_ok());
  Inventory inv;
  ASSERT_TRUE(inventory_target(*target, Options{}, inv).is_ok());
  ASSERT_EQ(inv.components.size(), 620u);
  EXPECT_EQ(inv.components[0].extractor, kId);
}

}  // namespace
}  // namespace upkeep::inventory
