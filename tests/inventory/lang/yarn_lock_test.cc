// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <chrono>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::read_host_file;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

constexpr std::string_view kId = "yarn.lock";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/yarn-lock/" + name;
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

bool has_warning(const Extracted& r, std::string_view text, uint64_t line) {
  for (const auto& w : r.warnings) {
    if (w.message.find(text) != std::string::npos && w.line == line) return true;
  }
  return false;
}

TEST(YarnLock, ClaimsAndRecognizes) {
  const Extractor* e = find_extractor(kId);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->claims(FileRef{"/a/yarn.lock", "yarn.lock", {}}));
  EXPECT_FALSE(e->claims(FileRef{"/a/Cargo.lock", "Cargo.lock", {}}));
  EXPECT_TRUE(e->recognizes("x-yarn.classic.lock", "# yarn lockfile v1\n\n\na@^1:\n"));
  EXPECT_TRUE(e->recognizes(
      "x-yarn.berry.lock", "__metadata:\n  version: 8\n\n\"a@npm:1\":\n  resolution: \"a@npm:1\""));
  EXPECT_FALSE(e->recognizes("Cargo.lock", "[[package]]\nname = \"a\"\n"));
}

// Classic, without a package.json: every entry is a component (multi-descriptor entries once,
// aliases under the real name, link: folders not at all); relationships and scopes unknown.
TEST(YarnLock, ClassicEntries) {
  auto r = run_extractor_on_file(kId, fixture("classic.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 10u);
  EXPECT_TRUE(r.named("local").empty());
  EXPECT_TRUE(r.named("string-width-cjs").empty());
  const Component& frame = get(r, "@babel/code-frame", "7.12.11");
  EXPECT_EQ(frame.purl, "pkg:npm/%40babel/code-frame@7.12.11");
  EXPECT_EQ(frame.relationship, Relationship::kUnknown);
  EXPECT_EQ(frame.scope, Scope::kUnknown);
  EXPECT_EQ(frame.dependencies, std::vector<std::string>{"@babel/highlight"});
  EXPECT_EQ(get(r, "watcher", "1.0.0").dependencies,
            (std::vector<std::string>{"chalk", "fsevents"}));
  EXPECT_EQ(get(r, "string-width", "4.2.3").purl, "pkg:npm/string-width@4.2.3");
  // The registry (as registry.yarnpkg.com) adds nothing; another host is a download_url without
  // yarn's "#sha1" suffix; git keeps its commit.
  EXPECT_EQ(get(r, "left-pad", "1.3.0").purl,
            "pkg:npm/left-pad@1.3.0?download_url=https:%2F%2Fnpm.example.com%2Fleft-pad%2F-%2Fleft-"
            "pad-1.3.0.tgz");
  EXPECT_EQ(get(r, "gitdep", "1.0.0").purl,
            "pkg:npm/gitdep@1.0.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fexample%2Fgitdep.git%"
            "230123456789abcdef0123456789abcdef01234567");
}

// The same lockfile in a project: package.json and its workspace packages/lib say what is
// declared, and the graph gives the scopes.
TEST(YarnLock, ClassicWithProjectManifests) {
  auto r = run_extractor_on_file(kId, fixture("classic-project/yarn.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 10u);
  auto expect = [&](std::string_view name, std::string_view version, Relationship rel,
                    Scope scope) {
    const Component& c = get(r, name, version);
    EXPECT_EQ(c.relationship, rel) << name;
    EXPECT_EQ(c.scope, scope) << name;
  };
  expect("@babel/code-frame", "7.12.11", Relationship::kDirect, Scope::kRuntime);
  expect("left-pad", "1.3.0", Relationship::kDirect, Scope::kRuntime);
  expect("watcher", "1.0.0", Relationship::kDirect, Scope::kDevelopment);
  expect("gitdep", "1.0.0", Relationship::kDirect, Scope::kOptional);
  expect("string-width", "4.2.3", Relationship::kDirect, Scope::kRuntime);  // packages/lib
  expect("@babel/highlight", "7.10.4", Relationship::kTransitive, Scope::kRuntime);
  expect("chalk", "2.4.2", Relationship::kTransitive, Scope::kRuntime);
  expect("js-tokens", "4.0.0", Relationship::kTransitive, Scope::kRuntime);
  expect("chalk", "4.1.2", Relationship::kTransitive, Scope::kDevelopment);
  // An optional dependency of a development one is needed only for development.
  expect("fsevents", "2.3.3", Relationship::kTransitive, Scope::kDevelopment);
}

// Windows line ends read the same.
TEST(YarnLock, ClassicWithCrlf) {
  std::string text = read_host_file(fixture("classic.lock"));
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  MemoryFs fs;
  fs.add_file("/yarn.lock", crlf);
  auto r = run_extractor(kId, fs, "/yarn.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 10u);
  EXPECT_NE(r.find("@babel/code-frame", "7.12.11"), nullptr);
}

TEST(YarnLock, BerryEntries) {
  auto r = run_extractor_on_file(kId, fixture("berry.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 13 entries: 2 workspaces and 1 link are the project's; the patched fsevents is fsevents.
  ASSERT_EQ(r.components.size(), 8u);
  EXPECT_TRUE(r.named("app").empty());
  EXPECT_TRUE(r.named("lib").empty());
  EXPECT_TRUE(r.named("local-tool").empty());
  EXPECT_EQ(r.named("fsevents").size(), 1u);
  // The workspaces' entries list what they declare: direct, with the scope unknown.
  for (const char* name : {"@babel/code-frame", "watcher", "gitdep", "string-width"}) {
    ASSERT_EQ(r.named(name).size(), 1u) << name;
    EXPECT_EQ(r.named(name)[0]->relationship, Relationship::kDirect) << name;
    EXPECT_EQ(r.named(name)[0]->scope, Scope::kUnknown) << name;
  }
  EXPECT_EQ(get(r, "react", "18.3.1").relationship, Relationship::kTransitive);
  EXPECT_EQ(get(r, "@babel/code-frame", "7.24.7").dependencies,
            (std::vector<std::string>{"@babel/highlight", "picocolors"}));
  // An optional peer is not a dependency; an optional dependency is.
  EXPECT_EQ(get(r, "watcher", "1.0.0").dependencies,
            (std::vector<std::string>{"fsevents", "react"}));
  // A git resolution, written the way npm writes one.
  EXPECT_EQ(get(r, "gitdep", "1.0.0").purl,
            "pkg:npm/gitdep@1.0.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fexample%2Fgitdep.git%"
            "230123456789abcdef0123456789abcdef01234567");
}

TEST(YarnLock, BerryWithProjectManifests) {
  auto r = run_extractor_on_file(kId, fixture("berry-project/yarn.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 8u);
  EXPECT_EQ(get(r, "@babel/code-frame", "7.24.7").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "picocolors", "1.0.1").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "gitdep", "1.0.0").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "string-width", "4.2.3").scope, Scope::kRuntime);
  EXPECT_EQ(get(r, "watcher", "1.0.0").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "react", "18.3.1").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "fsevents", "2.3.3").scope, Scope::kDevelopment);
  EXPECT_EQ(get(r, "react", "18.3.1").relationship, Relationship::kTransitive);
}

TEST(YarnLock, ClassicMalformedLinesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file(kId, fixture("classic_malformed.lock"));
  ASSERT_EQ(r.components.size(), 3u) << r.warnings_text();
  EXPECT_NE(r.find("good", "1.0.0"), nullptr);
  EXPECT_NE(r.find("odd-indent", "3.0.1"), nullptr);
  EXPECT_NE(r.find("after", "2.0.0"), nullptr);
  EXPECT_TRUE(has_warning(r, "unterminated string", 6)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "unexpected indentation", 10)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "\"noversion@^1.0.0\" has no version", 13)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "expected package descriptors and a colon", 16)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "bad \\u escape", 20)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "expected package descriptors and a colon", 22)) << r.warnings_text();
  EXPECT_TRUE(has_warning(r, "unexpected indentation", 28)) << r.warnings_text();
  EXPECT_EQ(r.warnings.size(), 8u) << r.warnings_text();
}

TEST(YarnLock, ClassicEmptyTruncatedAndInvalidUtf8) {
  auto empty = run_extractor_on_file(kId, fixture("classic_empty.lock"));
  EXPECT_TRUE(empty.components.empty());
  EXPECT_TRUE(empty.warnings.empty()) << empty.warnings_text();

  // Cut inside the fsevents entry: what came before is kept, the cut line and the entry that
  // needs a package the file no longer lists are reported.
  auto cut = run_extractor_on_file(kId, fixture("classic_truncated.lock"));
  EXPECT_EQ(cut.components.size(), 5u);
  EXPECT_NE(cut.find("fsevents", "2.3.3"), nullptr);
  EXPECT_TRUE(has_warning(cut, "expected a key and a value", 29)) << cut.warnings_text();
  EXPECT_TRUE(has_warning(cut, "needs \"js-tokens@^4.0.0\", which the lockfile does not list", 12))
      << cut.warnings_text();

  auto utf8 = run_extractor_on_file(kId, fixture("classic_invalid_utf8.lock"));
  ASSERT_EQ(utf8.warnings.size(), 1u) << utf8.warnings_text();
  EXPECT_EQ(utf8.warnings[0].line, 9u);
  EXPECT_EQ(utf8.warnings[0].column, 5u);
  EXPECT_EQ(utf8.components.size(), 4u);
  EXPECT_NE(utf8.find("caf\xC3\xA9", "1.0.0"), nullptr);
}

TEST(YarnLock, BerryBrokenInputs) {
  auto bad = run_extractor_on_file(kId, fixture("berry_malformed.lock"));
  EXPECT_TRUE(bad.components.empty());
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_EQ(bad.warnings[0].line, 7u);
  EXPECT_NE(bad.warnings[0].message.find("not a valid yarn.lock"), std::string::npos);

  auto types = run_extractor_on_file(kId, fixture("berry_wrong_types.lock"));
  EXPECT_TRUE(has_warning(types, "\"scalar@npm:^1.0.0\" is not a map", 4)) << types.warnings_text();
  EXPECT_TRUE(has_warning(types, "has no resolution", 6)) << types.warnings_text();
  EXPECT_TRUE(has_warning(types, "\"no-version@npm:^1.0.0\" has no version", 9))
      << types.warnings_text();
  EXPECT_TRUE(has_warning(types, "dependencies is not a map", 16)) << types.warnings_text();
  EXPECT_EQ(types.warnings.size(), 4u) << types.warnings_text();
  EXPECT_EQ(types.components.size(), 3u);
  EXPECT_NE(types.find("good", "2.0.0"), nullptr);
  EXPECT_NE(types.find("list-deps", "1.0.0"), nullptr);
  EXPECT_NE(types.find("no-resolution", "1.0.0"), nullptr);

  auto deep = run_extractor_on_file(kId, fixture("berry_deep.lock"));
  EXPECT_TRUE(deep.components.empty());
  ASSERT_EQ(deep.warnings.size(), 1u);
  EXPECT_NE(deep.warnings[0].message.find("nested deeper than 64 levels"), std::string::npos);
  EXPECT_EQ(deep.warnings[0].line, 7u);

  auto utf8 = run_extractor_on_file(kId, fixture("berry_invalid_utf8.lock"));
  ASSERT_EQ(utf8.warnings.size(), 1u) << utf8.warnings_text();
  EXPECT_EQ(utf8.warnings[0].line, 8u);
  EXPECT_EQ(utf8.components.size(), 2u);
}

// Deep indentation in a classic file is not recursion: each such line is one capped warning.
TEST(YarnLock, ClassicDeepIndentation) {
  std::string text = "a@^1:\n  version \"1.0.0\"\n  dependencies:\n";
  for (int i = 0; i < 500; ++i)
    text += std::string(static_cast<size_t>(6 + 2 * i), ' ') + "x \"1\"\n";
  MemoryFs fs;
  fs.add_file("/yarn.lock", std::move(text));
  auto r = run_extractor(kId, fs, "/yarn.lock");
  EXPECT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.warnings.size(), 101u);
}

// yaml-cpp reads about 1 MB/s, so berry gets fewer entries than classic.
TEST(YarnLock, HugeClassicAndBerry) {
  constexpr int kCount = 20000;
  constexpr int kBerryCount = 5000;
  std::string classic = "# yarn lockfile v1\n\n";
  std::string berry = "__metadata:\n  version: 8\n\n";
  for (int i = 0; i < kCount; ++i) {
    const std::string n = "p" + std::to_string(i);
    const std::string next = "p" + std::to_string(i + 1);
    classic += n + "@^1.0.0, " + n + "@^1.0.1:\n  version \"1.0." + std::to_string(i) +
               "\"\n  dependencies:\n    " + next + " \"^1.0.0\"\n\n";
    if (i >= kBerryCount) continue;
    const std::string bnext = i + 1 < kBerryCount ? next : "missing";
    berry += "\"" + n + "@npm:^1.0.0\":\n  version: 1.0." + std::to_string(i) +
             "\n  resolution: \"" + n + "@npm:1.0." + std::to_string(i) +
             "\"\n  dependencies:\n    " + bnext +
             ": \"npm:^1.0.0\"\n  languageName: node\n  linkType: hard\n\n";
  }
  MemoryFs fs;
  fs.add_file("/classic/yarn.lock", std::move(classic));
  fs.add_file("/berry/yarn.lock", std::move(berry));
  const auto start = std::chrono::steady_clock::now();
  auto c = run_extractor(kId, fs, "/classic/yarn.lock");
  auto b = run_extractor(kId, fs, "/berry/yarn.lock");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(c.components.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(b.components.size(), static_cast<size_t>(kBerryCount));
  // The last entry needs a package that is not there: one warning each.
  EXPECT_EQ(c.warnings.size(), 1u) << c.warnings_text();
  EXPECT_EQ(b.warnings.size(), 1u) << b.warnings_text();
  ::testing::Test::RecordProperty("seconds",
                                  std::to_string(std::chrono::duration<double>(elapsed).count()));
}

// ---------------------------------------------------------------------------------------------
// Real lockfiles (prettier/prettier, two commits). A component is one distinct (name, version):
// entries list several descriptors at once, and berry keeps a patched copy of a package beside
// the original (same name and version, one component). No package.json is beside them.

// Classic: 938 entries, each with one "  version" line (grep -c '^  version ' FILE -> 938), no
// link:, portal: or workspace: descriptors (grep -c -> 0), 938 distinct name@version:
//   awk '/^[^ #]/{split($1,a,"@"); n=($1 ~ /^"?@/) ? "@" a[2] : a[1]; gsub(/"/,"",n)}
//        /^  version /{print n, $2}' FILE | sort -u | wc -l
TEST(YarnLock, RealPrettierClassic) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/npm/prettier-yarn.classic.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 938u);
  for (const auto& c : r.components)
    ASSERT_EQ(c.relationship, Relationship::kUnknown) << c.name;
  // "@babel/code-frame@7.0.0": version "7.0.0"; and five descriptors resolved to 7.18.6.
  EXPECT_NE(r.find("@babel/code-frame", "7.0.0"), nullptr);
  EXPECT_EQ(get(r, "@babel/code-frame", "7.18.6").purl, "pkg:npm/%40babel/code-frame@7.18.6");
  EXPECT_EQ(get(r, "@babel/code-frame", "7.18.6").dependencies,
            std::vector<std::string>{"@babel/highlight"});
  EXPECT_EQ(get(r, "@ampproject/remapping", "2.2.0").dependencies,
            (std::vector<std::string>{"@jridgewell/gen-mapping", "@jridgewell/trace-mapping"}));
  EXPECT_EQ(r.named("ansi-regex").size(), 4u);  // 3.0.1, 4.1.1, 5.0.1, 6.0.1
  // "parse-srcset@ikatyang/parse-srcset#54eb9c1...": a GitHub tarball from codeload.
  EXPECT_EQ(get(r, "parse-srcset", "1.0.2").purl,
            "pkg:npm/parse-srcset@1.0.2?download_url=https:%2F%2Fcodeload.github.com%2Fikatyang%"
            "2Fparse-srcset%2Ftar.gz%2F54eb9c1cb21db5c62b4d0e275d7249516df6f0ee");
}

// Berry: 1052 entries with a resolution (grep -c '^  resolution: ' -> 1052), one of them the
// workspace "prettier@workspace:." (grep -c '^  linkType: soft' -> 1), and 1049 distinct
// name@version among the 1051 others (fsevents 2.3.3 and typescript 6.0.3 each also have a
// patch: copy):
//   awk '/^  version: /{v=$2} /^  resolution: /{r=$2; gsub(/"/,"",r);
//        sub(/@(npm|patch|workspace|https?|git|file|link|portal)[:].*/,"",r)}
//        /^  linkType: hard/{print r, v}' FILE | sort -u | wc -l
// The workspace's entry declares 149 dependencies, all distinct packages: 149 direct.
TEST(YarnLock, RealPrettierBerry) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/npm/prettier-yarn.berry.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 1049u);
  size_t direct = 0;
  for (const auto& c : r.components)
    direct += c.relationship == Relationship::kDirect ? 1 : 0;
  EXPECT_EQ(direct, 149u);
  // The workspace "prettier@workspace:." is the project; "prettier@npm:3.9.6" a dependency.
  ASSERT_EQ(r.named("prettier").size(), 1u);
  EXPECT_EQ(r.named("prettier")[0]->version, "3.9.6");
  EXPECT_EQ(get(r, "@angular/compiler", "22.0.8").purl, "pkg:npm/%40angular/compiler@22.0.8");
  EXPECT_EQ(get(r, "@angular/compiler", "22.0.8").relationship, Relationship::kDirect);
  EXPECT_EQ(get(r, "@angular/compiler", "22.0.8").dependencies, std::vector<std::string>{"tslib"});
  EXPECT_EQ(r.named("fsevents").size(), 1u);
  EXPECT_EQ(get(r, "typescript", "6.0.3").purl, "pkg:npm/typescript@6.0.3");
  // "path-key@npm:^3.0.0, path-key@npm:^3.1.0" -> 3.1.1; "path-key@npm:^4.0.0" -> 4.0.0.
  EXPECT_NE(r.find("path-key", "3.1.1"), nullptr);
  EXPECT_NE(r.find("path-key", "4.0.0"), nullptr);
  EXPECT_EQ(get(r, "path-key", "3.1.1").relationship, Relationship::kTransitive);
}

TEST(YarnLock, RenamedFilesAreRecognizedAsTargets) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  for (const char* name : {"prettier-yarn.classic.lock", "prettier-yarn.berry.lock"}) {
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
