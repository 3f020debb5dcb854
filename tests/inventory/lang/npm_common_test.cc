// SPDX-License-Identifier: Apache-2.0
#include "inventory/lang/npm_common.h"

#include <gtest/gtest.h>

#include "support/inventory_testing.h"

namespace upkeep::inventory::npm {
namespace {

TEST(NpmPurl, NamesScopesAndVersions) {
  EXPECT_EQ(make_purl("lodash", "4.17.21", ""), "pkg:npm/lodash@4.17.21");
  EXPECT_EQ(make_purl("@babel/core", "7.24.0", ""), "pkg:npm/%40babel/core@7.24.0");
  EXPECT_EQ(make_purl("@types/node", "20.0.0-beta.1+build", ""),
            "pkg:npm/%40types/node@20.0.0-beta.1%2Bbuild");
  EXPECT_EQ(make_purl("gitdep", "", ""), "pkg:npm/gitdep");
}

TEST(NpmPurl, SourcesBecomeQualifiersLikeCycloneDxNpm) {
  // The public registry, under either name, adds nothing; nor does a local file.
  EXPECT_EQ(make_purl("a", "1.0.0", "https://registry.npmjs.org/a/-/a-1.0.0.tgz"),
            "pkg:npm/a@1.0.0");
  EXPECT_EQ(make_purl("a", "1.0.0", "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz"),
            "pkg:npm/a@1.0.0");
  EXPECT_EQ(make_purl("a", "1.0.0", "file:../a-1.0.0.tgz"), "pkg:npm/a@1.0.0");
  // Another registry or host: download_url, without credentials.
  EXPECT_EQ(make_purl("a", "1.0.0", "https://user:token@npm.example.com/a/-/a-1.0.0.tgz"),
            "pkg:npm/a@1.0.0?download_url=https:%2F%2Fnpm.example.com%2Fa%2F-%2Fa-1.0.0.tgz");
  EXPECT_EQ(make_purl("a", "1.0.0", "https://token@npm.example.com/a.tgz"),
            "pkg:npm/a@1.0.0?download_url=https:%2F%2Fnpm.example.com%2Fa.tgz");
  // Near misses of the registry's name are other hosts.
  EXPECT_EQ(make_purl("a", "1.0.0", "https://registry.npmjs.org.evil.example/a.tgz"),
            "pkg:npm/a@1.0.0?download_url=https:%2F%2Fregistry.npmjs.org.evil.example%2Fa.tgz");
  // git: vcs_url; an ssh user stays (it is how the host is reached), a password does not.
  EXPECT_EQ(make_purl("g", "1.0.0", "git+ssh://git@github.com/u/g.git#abc"),
            "pkg:npm/g@1.0.0?vcs_url=git%2Bssh:%2F%2Fgit%40github.com%2Fu%2Fg.git%23abc");
  EXPECT_EQ(make_purl("g", "1.0.0", "git+ssh://git:pw@example.com/g.git"),
            "pkg:npm/g@1.0.0?vcs_url=git%2Bssh:%2F%2Fgit%40example.com%2Fg.git");
  EXPECT_EQ(make_purl("g", "1.0.0", "git+https://tok:x-oauth@github.com/u/g.git#abc"),
            "pkg:npm/g@1.0.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fu%2Fg.git%23abc");
  EXPECT_EQ(make_purl("g", "1.0.0", "github:u/g#abc"),
            "pkg:npm/g@1.0.0?vcs_url=github:u%2Fg%23abc");
}

TEST(NpmNames, GitSources) {
  EXPECT_TRUE(is_git_source("git+https://github.com/u/r.git"));
  EXPECT_TRUE(is_git_source("git://github.com/u/r"));
  EXPECT_TRUE(is_git_source("ssh://git@host/r"));
  EXPECT_TRUE(is_git_source("https://github.com/u/r.git#commit=abc"));
  EXPECT_TRUE(is_git_source("https://example.com/r.git"));
  EXPECT_TRUE(is_git_source("GitHub:u/r"));
  EXPECT_FALSE(is_git_source("https://example.com/r.tgz"));
  EXPECT_FALSE(is_git_source("https://example.com/r.gitx"));
  EXPECT_FALSE(is_git_source("npm:^1.0.0"));
  EXPECT_FALSE(is_git_source(""));
}

TEST(NpmNames, DescriptorsAndAliases) {
  EXPECT_EQ(split_at_version("lodash@^4.17.0").first, "lodash");
  EXPECT_EQ(split_at_version("lodash@^4.17.0").second, "^4.17.0");
  EXPECT_EQ(split_at_version("@babel/core@npm:7.0.0").first, "@babel/core");
  EXPECT_EQ(split_at_version("@babel/core@npm:7.0.0").second, "npm:7.0.0");
  EXPECT_EQ(split_at_version("@scope/only").first, "@scope/only");
  EXPECT_EQ(split_at_version("@scope/only").second, "");
  EXPECT_EQ(alias_target("npm:string-width@^4.2.0"), "string-width");
  EXPECT_EQ(alias_target("npm:@scope/real@1.0.0"), "@scope/real");
  EXPECT_EQ(alias_target("npm:^4.2.0"), "");  // berry's spelling of a plain range
  EXPECT_EQ(alias_target("^4.2.0"), "");
  EXPECT_EQ(alias_target("workspace:*"), "");
}

TEST(NpmScopes, PropagateTakesTheWidestPath) {
  // r(runtime root) -> a -> b;  r -opt-> o -> c;  d(dev root) -> a, e;  f unreachable.
  std::vector<Node> nodes(8);
  enum { r, a, b, o, c, d, e, f };
  nodes[r].edges = {{a, false}, {o, true}};
  nodes[a].edges = {{b, false}};
  nodes[o].edges = {{c, false}};
  nodes[d].edges = {{a, false}, {e, false}};
  propagate_scopes(nodes, {{r, Scope::kRuntime}, {d, Scope::kDevelopment}});
  EXPECT_EQ(nodes[r].scope, Scope::kRuntime);
  EXPECT_EQ(nodes[a].scope, Scope::kRuntime);
  EXPECT_EQ(nodes[b].scope, Scope::kRuntime);
  EXPECT_EQ(nodes[o].scope, Scope::kOptional);
  EXPECT_EQ(nodes[c].scope, Scope::kOptional);
  EXPECT_EQ(nodes[d].scope, Scope::kDevelopment);
  EXPECT_EQ(nodes[e].scope, Scope::kDevelopment);
  EXPECT_EQ(nodes[f].scope, Scope::kUnknown);
}

TEST(NpmScopes, EmitMergesCopiesByPurl) {
  std::vector<Node> nodes(3);
  nodes[0] = Node{"ms", "2.1.3", "", "", true, false, Scope::kDevelopment, {"x"}, {}, {}};
  nodes[1] = Node{"ms", "2.1.3", "", "", true, true, Scope::kRuntime, {"y"}, {}, {}};
  nodes[2] = Node{"app", "1.0.0", "", "", false, true, Scope::kRuntime, {}, {}, {}};
  std::vector<Component> out;
  std::vector<Diagnostic> warnings;
  MemoryFs fs;
  ExtractContext ctx(fs, nullptr, out, warnings);
  ctx.set_current("/package-lock.json", "package-lock.json");
  emit(nodes, true, ctx);
  ASSERT_EQ(out.size(), 1u);  // the project's own package is not a component
  EXPECT_EQ(out[0].relationship, Relationship::kDirect);
  EXPECT_EQ(out[0].scope, Scope::kRuntime);
  EXPECT_EQ(out[0].dependencies, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(out[0].location, "/package-lock.json");
  EXPECT_EQ(out[0].ecosystem, "npm");
}

TEST(NpmJson, KeyLocatorFindsEntriesInOrder) {
  const std::string text =
      "{\n \"requires\": {\"a\": \"^1\"},\n \"a\": {\n  \"b\": {}\n },\n \"b\": {}\n}\n";
  JsonKeyLocator locate(text);
  EXPECT_EQ(locate.line_of("a"), 3u);  // not the "a" of the requires map: its value is a string
  EXPECT_EQ(locate.line_of("b"), 4u);
  EXPECT_EQ(locate.line_of("b"), 6u);
  EXPECT_EQ(locate.line_of("missing"), 0u);
  EXPECT_EQ(locate.line_of("requires", false), 0u);  // behind the cursor
}

TEST(NpmWarnings, BudgetCapsAFlood) {
  std::vector<Component> out;
  std::vector<Diagnostic> warnings;
  MemoryFs fs;
  ExtractContext ctx(fs, nullptr, out, warnings);
  WarningBudget budget(ctx, 100);
  for (int i = 0; i < 250; ++i)
    budget.warn("bad", static_cast<uint64_t>(i + 1));
  budget.finish();
  ASSERT_EQ(warnings.size(), 101u);
  EXPECT_EQ(warnings.back().message, "150 more problems in this file not shown");
}

TEST(NpmUtf8, MalformedBytesReadAsReplacementCharacters) {
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(replace_invalid_utf8("a\xFF"
                                 "b\xC3"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
}

}  // namespace
}  // namespace upkeep::inventory::npm
