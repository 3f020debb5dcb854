// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "suppress/internal.h"

namespace upkeep::suppress::detail {
namespace {

bool matches(const char* pattern, const char* component, bool glob = true) {
  auto p = PurlPattern::parse(pattern, glob);
  EXPECT_TRUE(p) << pattern << ": " << p.status().to_string();
  auto c = purl::parse(component);
  EXPECT_TRUE(c) << component;
  return p && c && p->matches(*c);
}

TEST(PurlPattern, Globs) {
  EXPECT_TRUE(matches("pkg:npm/@babel/*", "pkg:npm/%40babel/core@7.24.0"));
  EXPECT_FALSE(matches("pkg:npm/@babel/*", "pkg:npm/babel-core@6.26.3"));
  // '*' crosses '/': every npm package, scoped or not.
  EXPECT_TRUE(matches("pkg:npm/*", "pkg:npm/@babel/core@7.24.0"));
  EXPECT_TRUE(matches("pkg:npm/*", "pkg:npm/lodash@4.17.21"));
  EXPECT_FALSE(matches("pkg:npm/*", "pkg:pypi/lodash@4.17.21"));
  EXPECT_TRUE(
      matches("pkg:maven/org.apache.*/*", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
  EXPECT_FALSE(matches("pkg:maven/org.apache.*/*",
                       "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.10.0"));
  // PEP 503 applies to the pattern too: Django_* is django-*.
  EXPECT_TRUE(matches("pkg:pypi/Django_*", "pkg:pypi/django-filter@23.5"));
  EXPECT_TRUE(matches("pkg:npm/semver@7.3.*", "pkg:npm/semver@7.3.8"));
  EXPECT_FALSE(matches("pkg:npm/semver@7.3.*", "pkg:npm/semver@7.30.0"));
  // Without globbing, '*' is a literal character.
  EXPECT_FALSE(matches("pkg:npm/*", "pkg:npm/lodash@4.17.21", false));
}

TEST(PurlPattern, VersionsCompareByTheirScheme) {
  EXPECT_TRUE(matches("pkg:pypi/django@4.2", "pkg:pypi/django@4.2.0"));
  EXPECT_FALSE(matches("pkg:pypi/django@4.2", "pkg:pypi/django@4.2.1"));
  EXPECT_TRUE(matches("pkg:maven/org.example/a@1.0", "pkg:maven/org.example/a@1.0.0"));
  // Types without version rules compare versions as strings.
  EXPECT_FALSE(matches("pkg:generic/zlib@1.2", "pkg:generic/zlib@1.2.0"));
  EXPECT_TRUE(matches("pkg:generic/zlib@1.2", "pkg:generic/zlib@1.2"));
  // Go module paths keep their case.
  EXPECT_FALSE(matches("pkg:golang/github.com/Azure/azure-sdk-for-go",
                       "pkg:golang/github.com/azure/azure-sdk-for-go@v68.0.0"));
}

TEST(PurlPattern, RpmEpochIsAQualifier) {
  // "1:3.0.7-27.el9" in the pattern moves to epoch=1, as it does in the component's purl.
  EXPECT_TRUE(matches("pkg:rpm/almalinux/openssl@1:3.0.7-27.el9",
                      "pkg:rpm/almalinux/openssl@3.0.7-27.el9?distro=almalinux-9&epoch=1"));
  EXPECT_FALSE(matches("pkg:rpm/almalinux/openssl@1:3.0.7-27.el9",
                       "pkg:rpm/almalinux/openssl@3.0.7-27.el9?distro=almalinux-9"));
}

TEST(PurlPattern, Errors) {
  for (const char* bad : {"", "npm/lodash", "pkg:", "pkg:npm", "pkg:npm/", "pkg:*/lodash",
                          "pkg:/lodash", "pkg:npm/lodash?x", "pkg:npm/lo%zzdash"}) {
    EXPECT_FALSE(PurlPattern::parse(bad, true)) << bad;
  }
}

TEST(Glob, Matching) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXXbYY"));
  EXPECT_TRUE(glob_match("**a", "a"));
  // Backtracking stays linear-ish: a long run against a pattern that must fail.
  EXPECT_FALSE(glob_match("*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST(JsonOffset, FollowsKeysAndIndexes) {
  const std::string_view text = "{\"a\": [1, {\"b\": \"x\\\"]\"}, [2]], \"c\": {\"d\": null}}";
  EXPECT_EQ(text.substr(json_offset(text, std::vector<PathStep>{key("c"), key("d")}), 4), "null");
  EXPECT_EQ(text.substr(json_offset(text, std::vector<PathStep>{key("a"), at(2)}), 3), "[2]");
  EXPECT_EQ(text.substr(json_offset(text, std::vector<PathStep>{key("a"), at(1), key("b")}), 3),
            "\"x\\");
  // A missing step stops at the value that lacks it.
  EXPECT_EQ(text.substr(json_offset(text, std::vector<PathStep>{key("a"), at(9)}), 2), "[1");
}

TEST(JsonLocator, AgreesWithAFullScan) {
  const std::string_view text =
      "{\"x\": 1,\n \"items\": [\n  {\"a\": 1},\n  {\"a\": [5,\n 6]}\n ]\n}";
  JsonLocator locator(text, "t.json");
  // items[1].a[1] is the 6 on line 5, column 2.
  const Location loc = locator.locate({key("items"), at(1), key("a"), at(1)});
  EXPECT_EQ(loc.to_string(), "t.json:5:2");
  EXPECT_EQ(locator.locate({key("items"), at(0)}).to_string(), "t.json:3:3");
  EXPECT_EQ(locator.locate({key("x")}).to_string(), "t.json:1:7");
  // Past the end of the array: the array itself.
  EXPECT_EQ(locator.locate({key("items"), at(7)}).to_string(), "t.json:2:11");
}

}  // namespace
}  // namespace upkeep::suppress::detail
