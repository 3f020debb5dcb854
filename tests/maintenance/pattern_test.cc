// SPDX-License-Identifier: Apache-2.0
//
// Purl patterns of owners files: normalised as purls are, '*' across '/', narrowing by version and
// qualifiers, what makes one more specific than another, and what is refused.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/owners.h"

namespace upkeep::maintenance {
namespace {

Pattern pattern(const char* text) {
  auto p = Pattern::parse(text);
  EXPECT_TRUE(p) << text << ": " << p.status().to_string();
  return p ? *p : Pattern{};
}

bool matches(const char* pattern_text, const char* component) {
  const auto c = purl::parse(component);
  EXPECT_TRUE(c) << component;
  return c && pattern(pattern_text).matches(*c);
}

TEST(Pattern, SpellingsOfOnePatternHaveOneKey) {
  // The npm scope with '@', percent-encoded, or without it; PyPI names PEP 503-normalised; the
  // type in any case.
  EXPECT_EQ(pattern("pkg:npm/@acme/*").key(), "pkg:npm/@acme/*");
  EXPECT_EQ(pattern("pkg:npm/%40acme/*").key(), "pkg:npm/@acme/*");
  EXPECT_EQ(pattern("pkg:npm/acme/*").key(), "pkg:npm/@acme/*");
  EXPECT_EQ(pattern("pkg:PyPI/Django_Rest.Framework").key(), "pkg:pypi/django-rest-framework");
  EXPECT_EQ(pattern("pkg:pypi/Django_*").key(), "pkg:pypi/django-*");
  EXPECT_EQ(pattern("pkg:deb/debian/*?distro=debian-12").key(),
            "pkg:deb/debian/*?distro=debian-12");
  // Go module paths keep their case.
  EXPECT_EQ(pattern("pkg:golang/github.com/Azure/*").key(), "pkg:golang/github.com/Azure/*");
}

TEST(Pattern, Matching) {
  EXPECT_TRUE(matches("pkg:npm/@acme/*", "pkg:npm/%40acme/ui@2.1.0"));
  EXPECT_FALSE(matches("pkg:npm/@acme/*", "pkg:npm/acme-ui@2.1.0"));
  EXPECT_TRUE(matches("pkg:npm/express", "pkg:npm/express@4.18.2"));
  EXPECT_FALSE(matches("pkg:npm/express", "pkg:npm/express-session@1.17.3"));
  // '*' crosses '/': every npm package, scoped or not; every module below a Go path.
  EXPECT_TRUE(matches("pkg:npm/*", "pkg:npm/%40babel/core@7.24.0"));
  EXPECT_TRUE(matches("pkg:golang/github.com/acme/*", "pkg:golang/github.com/acme/tool/v2@v2.0.1"));
  EXPECT_FALSE(matches("pkg:golang/github.com/acme/*", "pkg:golang/github.com/acmecorp/x@v1.0.0"));
  // The type is literal.
  EXPECT_FALSE(matches("pkg:npm/django", "pkg:pypi/django@4.2.1"));
  // PyPI: the component's purl is PEP 503 already; so is the pattern.
  EXPECT_TRUE(matches("pkg:pypi/Django_Filter", "pkg:pypi/django-filter@23.1"));
  EXPECT_TRUE(matches("pkg:pypi/django-*", "pkg:pypi/django-rest-framework@3.14.0"));
  EXPECT_FALSE(matches("pkg:pypi/django-*", "pkg:pypi/django@4.2.1"));
  // Qualifiers must be there with that value; the component may have more.
  EXPECT_TRUE(matches("pkg:deb/debian/*?distro=debian-12",
                      "pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12"));
  EXPECT_FALSE(matches("pkg:deb/debian/*?distro=debian-12",
                       "pkg:deb/debian/openssl@1.1.1n-0+deb11u5?arch=amd64&distro=debian-11"));
  EXPECT_FALSE(matches("pkg:deb/debian/*?distro=debian-12", "pkg:deb/debian/openssl@3.0.11"));
  EXPECT_FALSE(matches("pkg:deb/debian/*", "pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.15"));
  EXPECT_TRUE(matches("pkg:deb/*/*", "pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.15"));
  // A version is a string, exact or with '*'.
  EXPECT_TRUE(matches("pkg:npm/lodash@3.*", "pkg:npm/lodash@3.10.1"));
  EXPECT_FALSE(matches("pkg:npm/lodash@3.*", "pkg:npm/lodash@4.17.21"));
  EXPECT_TRUE(matches("pkg:npm/lodash@4.17.21", "pkg:npm/lodash@4.17.21"));
  EXPECT_FALSE(matches("pkg:pypi/django@4.2", "pkg:pypi/django@4.2.0"));
}

TEST(Pattern, Specificity) {
  const auto s = [](const char* text) { return pattern(text).specificity(); };
  // An exact name beats any wildcard, however long the wildcard's literal part.
  EXPECT_GT(s("pkg:npm/a"), s("pkg:npm/@a-very-long-scope-name/*"));
  // Among wildcards the longest literal part wins.
  EXPECT_GT(s("pkg:npm/@acme/*"), s("pkg:npm/*"));
  EXPECT_GT(s("pkg:npm/@acme/ui-*"), s("pkg:npm/@acme/*"));
  EXPECT_EQ(s("pkg:npm/@acme/*"), s("pkg:npm/*-utils"));  // 6 and 6: a tie
  // Then narrowing by version and qualifiers.
  EXPECT_GT(s("pkg:deb/debian/*?distro=debian-12"), s("pkg:deb/debian/*"));
  EXPECT_GT(s("pkg:npm/lodash@3.*"), s("pkg:npm/lodash"));
  EXPECT_EQ(s("pkg:npm/@acme/*").literal, 6u);
  EXPECT_TRUE(s("pkg:npm/express").exact_name);
  EXPECT_FALSE(s("pkg:npm/express*").exact_name);
}

TEST(Pattern, Refused) {
  const std::pair<const char*, const char*> cases[] = {
      {"npm/express", "does not start with \"pkg:\""},
      {"pkg:deb/*", "deb purls need a namespace"},
      {"pkg:pypi/acme/sdk", "pypi purls have no namespace (got \"acme\")"},
      {"pkg:*/express", "type \"*\" is not a letter followed by letters, digits, '.' and '-'"},
      {"pkg:npm/express#lib", "a pattern has no subpath (#...)"},
      {"pkg:deb/debian/*?distro=debian-*",
       "qualifier distro has a '*': qualifiers are matched "
       "exactly"},
      {"pkg:pub/http*", "the pub type's normalisation does not keep '*' wildcards"},
  };
  for (const auto& [text, why] : cases) {
    const auto p = Pattern::parse(text);
    ASSERT_FALSE(p) << text;
    EXPECT_EQ(p.status().message(), why) << text;
  }
}

}  // namespace
}  // namespace upkeep::maintenance
