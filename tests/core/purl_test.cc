// SPDX-License-Identifier: Apache-2.0
#include "upkeep/purl.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace upkeep::purl {
namespace {

struct Case {
  int line = 0;
  std::string input;
  bool ok = false;
  std::string expected;  // canonical form, or a part of the error message
};

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::vector<Case> load_cases() {
  std::ifstream in(UPKEEP_FIXTURE_DIR "/purl/cases.txt");
  std::vector<Case> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (trim(line).empty() || trim(line).front() == '#') continue;
    Case c;
    c.line = n;
    size_t sep = line.find(" -> ");
    c.ok = sep != std::string::npos;
    if (!c.ok) sep = line.find(" !! ");
    if (sep == std::string::npos) {
      ADD_FAILURE() << "cases.txt:" << n << ": no \" -> \" or \" !! \": " << line;
      continue;
    }
    c.input = trim(line.substr(0, sep));
    c.expected = trim(line.substr(sep + 4));
    out.push_back(std::move(c));
  }
  return out;
}

TEST(Purl, FixtureCases) {
  const std::vector<Case> cases = load_cases();
  ASSERT_GT(cases.size(), 150u) << "tests/fixtures/purl/cases.txt not found or truncated";
  for (const Case& c : cases) {
    SCOPED_TRACE("cases.txt:" + std::to_string(c.line) + ": " + c.input);
    auto parsed = parse(c.input);
    if (!c.ok) {
      ASSERT_FALSE(parsed.is_ok()) << "parsed as " << to_string(*parsed);
      EXPECT_NE(parsed.status().message().find(c.expected), std::string::npos)
          << parsed.status().message();
      EXPECT_NE(parsed.status().message().find(c.input), std::string::npos)
          << "the error names the input: " << parsed.status().message();
      continue;
    }
    ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
    EXPECT_EQ(to_string(*parsed), c.expected);
    // The canonical form parses to the same components and prints the same.
    auto again = parse(c.expected);
    ASSERT_TRUE(again.is_ok()) << again.status().message();
    EXPECT_EQ(*again, *parsed);
    EXPECT_EQ(to_string(*again), c.expected);
    // parse() returns normalised components: normalising again changes nothing.
    Purl copy = *parsed;
    normalize(copy);
    EXPECT_EQ(copy, *parsed);
    EXPECT_TRUE(validate(*parsed).is_ok());
  }
}

TEST(Purl, ParseDecodesComponents) {
  auto p = parse("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?Arch=amd64&distro=debian-12#a/b%20c");
  ASSERT_TRUE(p.is_ok()) << p.status().message();
  EXPECT_EQ(p->type, "deb");
  EXPECT_EQ(p->namespace_path, "debian");
  EXPECT_EQ(p->name, "attr");
  EXPECT_EQ(p->version, "1:2.4.47-2+b1");
  EXPECT_EQ(p->qualifier("arch"), "amd64");
  EXPECT_EQ(p->qualifier("ARCH"), "amd64");
  EXPECT_EQ(p->qualifier("distro"), "debian-12");
  EXPECT_EQ(p->qualifier("epoch"), "");
  EXPECT_EQ(p->subpath, "a/b c");

  // A literal '+' is a '+' (purls are not form-encoded), as is %2B.
  EXPECT_EQ(parse("pkg:generic/x@1+2")->version, "1+2");
  EXPECT_EQ(parse("pkg:generic/x@1%2b2")->version, "1+2");

  auto npm = parse("pkg:npm/@angular/core@12.3.1");
  ASSERT_TRUE(npm.is_ok());
  EXPECT_EQ(npm->namespace_path, "@angular");
  EXPECT_EQ(npm->name, "core");
  EXPECT_EQ(npm->version, "12.3.1");

  auto go = parse("pkg:golang/golang.org/x/net@v0.7.0");
  ASSERT_TRUE(go.is_ok());
  EXPECT_EQ(go->namespace_path, "golang.org/x");
  EXPECT_EQ(go->name, "net");
  EXPECT_EQ(package_name(*go), "golang.org/x/net");

  auto stdlib = parse("pkg:golang/stdlib@v1.21.0");
  ASSERT_TRUE(stdlib.is_ok());
  EXPECT_EQ(stdlib->namespace_path, "");
  EXPECT_EQ(stdlib->name, "stdlib");
  EXPECT_EQ(stdlib->version, "v1.21.0");

  auto rpm = parse("pkg:rpm/almalinux/openssl@3.0.7-27.el9?distro=almalinux-9&epoch=1");
  ASSERT_TRUE(rpm.is_ok());
  EXPECT_EQ(rpm->version, "3.0.7-27.el9");
  EXPECT_EQ(rpm->qualifier("epoch"), "1");
  EXPECT_EQ(rpm->qualifier("distro"), "almalinux-9");

  auto bitnami = parse("pkg:bitnami/apache@2.4.50");
  ASSERT_TRUE(bitnami.is_ok());
  EXPECT_EQ(bitnami->name, "apache");
  EXPECT_EQ(bitnami->version, "2.4.50");

  auto pypi = parse("pkg:pypi/Django@3.2.1");
  ASSERT_TRUE(pypi.is_ok());
  EXPECT_EQ(pypi->name, "django");
}

TEST(Purl, EmptyAndOddInputs) {
  EXPECT_FALSE(parse("").is_ok());
  EXPECT_FALSE(parse("pkg").is_ok());
  EXPECT_FALSE(parse("#").is_ok());
  EXPECT_FALSE(parse("?").is_ok());
  EXPECT_FALSE(parse("pkg:?a=b").is_ok());
  EXPECT_FALSE(parse("pkg:#x").is_ok());
  // A NUL byte is just a byte: encoded on output.
  auto nul = parse(std::string("pkg:generic/a\0b", 15));
  ASSERT_TRUE(nul.is_ok());
  EXPECT_EQ(to_string(*nul), "pkg:generic/a%00b");
}

TEST(Purl, BuildFromComponents) {
  // What extractors hand over: the name as the ecosystem writes it, qualifiers in any order.
  EXPECT_EQ(to_string(Purl{"npm", "@angular", "core", "12.3.1", {}, ""}),
            "pkg:npm/%40angular/core@12.3.1");
  EXPECT_EQ(to_string(Purl{"npm", "", "@angular/core", "12.3.1", {}, ""}),
            "pkg:npm/%40angular/core@12.3.1");
  EXPECT_EQ(to_string(Purl{"npm", "", "lodash", "4.17.21", {}, ""}), "pkg:npm/lodash@4.17.21");
  EXPECT_EQ(to_string(Purl{"maven", "", "org.apache.commons:commons-text", "1.10.0", {}, ""}),
            "pkg:maven/org.apache.commons/commons-text@1.10.0");
  EXPECT_EQ(to_string(Purl{"maven", "org.apache.commons", "commons-text", "1.10.0", {}, ""}),
            "pkg:maven/org.apache.commons/commons-text@1.10.0");
  EXPECT_EQ(to_string(Purl{"golang", "", "github.com/BurntSushi/toml", "v1.3.2", {}, ""}),
            "pkg:golang/github.com/BurntSushi/toml@v1.3.2");
  EXPECT_EQ(to_string(Purl{"composer", "", "Symfony/Console", "v6.0.0", {}, ""}),
            "pkg:composer/symfony/console@v6.0.0");
  EXPECT_EQ(to_string(Purl{"pypi", "", "Typing_Extensions", "4.8.0", {}, ""}),
            "pkg:pypi/typing-extensions@4.8.0");
  EXPECT_EQ(to_string(Purl{"deb",
                           "debian",
                           "libssl3",
                           "3.0.11-1~deb12u2",
                           {{"distro", "debian-12"}, {"arch", "amd64"}},
                           ""}),
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
  EXPECT_EQ(to_string(Purl{"rpm",
                           "almalinux",
                           "openssl",
                           "1:3.0.7-27.el9",
                           {{"distro", "almalinux-9"}, {"arch", "x86_64"}},
                           ""}),
            "pkg:rpm/almalinux/openssl@3.0.7-27.el9?arch=x86_64&distro=almalinux-9&epoch=1");
  EXPECT_EQ(to_string(Purl{"apk",
                           "alpine",
                           "busybox",
                           "1.36.1-r15",
                           {{"arch", "x86_64"}, {"distro", "alpine-3.19.1"}},
                           ""}),
            "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1");
  // Keys lower-cased, empty values and repeated keys dropped (the first one wins), sorted.
  EXPECT_EQ(
      to_string(Purl{"generic", "", "x", "1", {{"Z", "1"}, {"a", ""}, {"b", "2"}, {"b", "3"}}, ""}),
      "pkg:generic/x@1?b=2&z=1");
  // Namespace and subpath segments cleaned; leading and trailing '/' of the name dropped.
  EXPECT_EQ(to_string(Purl{"generic", "/a//b/", "/x/", "", {}, "/./c//../d/"}),
            "pkg:generic/a/b/x#c/d");
  // Unknown types are only lower-cased in the type.
  EXPECT_EQ(to_string(Purl{"MyType", "Ns", "Name", "V", {}, ""}), "pkg:mytype/Ns/Name@V");
}

// The cases of tests/inventory/lang/cargo_lock_test.cc, unchanged.
TEST(Purl, CargoCasesKeepTheirForm) {
  EXPECT_EQ(to_string(Purl{"cargo", "", "serde", "1.0.100", {}, ""}), "pkg:cargo/serde@1.0.100");
  Purl git{"cargo", "", "mygit", "0.2.0", {}, ""};
  git.set_qualifier("vcs_url", "git+https://example.com/mygit.git?rev=abc#0123456789abcdef");
  EXPECT_EQ(to_string(git),
            "pkg:cargo/mygit@0.2.0?vcs_url=git%2Bhttps:%2F%2Fexample.com%2Fmygit.git%3Frev%3Dabc%23"
            "0123456789abcdef");
  auto back = parse(to_string(git));
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->qualifier("vcs_url"),
            "git+https://example.com/mygit.git?rev=abc#0123456789abcdef");
}

TEST(Purl, SetQualifier) {
  Purl p{"generic", "", "x", "", {}, ""};
  p.set_qualifier("Arch", "amd64");
  EXPECT_EQ(p.qualifiers, (std::vector<std::pair<std::string, std::string>>{{"arch", "amd64"}}));
  p.set_qualifier("ARCH", "arm64");
  EXPECT_EQ(p.qualifier("arch"), "arm64");
  p.set_qualifier("arch", "");
  EXPECT_TRUE(p.qualifiers.empty());
}

TEST(Purl, Validate) {
  EXPECT_TRUE(validate(Purl{"npm", "", "x", "", {}, ""}).is_ok());
  EXPECT_FALSE(validate(Purl{"", "", "x", "", {}, ""}).is_ok());
  EXPECT_FALSE(validate(Purl{"npm", "", "", "", {}, ""}).is_ok());
  EXPECT_FALSE(validate(Purl{"n pm", "", "x", "", {}, ""}).is_ok());
  EXPECT_FALSE(validate(Purl{"npm", "", "x", "", {{"a b", "1"}}, ""}).is_ok());
  EXPECT_FALSE(validate(Purl{"npm", "", "x", "", {{"a", "1"}, {"a", "2"}}, ""}).is_ok());
  EXPECT_FALSE(validate(Purl{"maven", "", "x", "", {}, ""}).is_ok());
  EXPECT_FALSE(validate(Purl{"pypi", "ns", "x", "", {}, ""}).is_ok());
}

TEST(Purl, PackageName) {
  auto name = [](std::string_view s) {
    auto p = parse(s);
    return p.is_ok() ? package_name(*p) : "error: " + p.status().message();
  };
  EXPECT_EQ(name("pkg:npm/%40angular/core@1"), "@angular/core");
  EXPECT_EQ(name("pkg:npm/lodash@1"), "lodash");
  EXPECT_EQ(name("pkg:maven/org.apache.commons/commons-text@1"), "org.apache.commons:commons-text");
  EXPECT_EQ(name("pkg:golang/github.com/Azure/go-autorest/autorest@v0.11.0"),
            "github.com/Azure/go-autorest/autorest");
  EXPECT_EQ(name("pkg:composer/laravel/framework@10.0.0"), "laravel/framework");
  EXPECT_EQ(name("pkg:deb/debian/curl@7.88.1-10"), "curl");
  EXPECT_EQ(name("pkg:rpm/almalinux/openssl@3.0.7-27.el9"), "openssl");
  EXPECT_EQ(name("pkg:pypi/Django_REST@1"), "django-rest");
  EXPECT_EQ(name("pkg:swift/github.com/Alamofire/Alamofire@5.4.3"),
            "github.com/Alamofire/Alamofire");
}

TEST(Purl, PercentCoding) {
  EXPECT_EQ(percent_encode("a b/c@d:e~f"), "a%20b%2Fc%40d:e~f");
  EXPECT_EQ(percent_encode("\xC3\xA9"), "%C3%A9");
  EXPECT_EQ(percent_encode(std::string(1, '\0')), "%00");
  EXPECT_EQ(*percent_decode("a%20b%2fc"), "a b/c");
  EXPECT_EQ(*percent_decode("a+b"), "a+b");
  EXPECT_EQ(*percent_decode(""), "");
  EXPECT_FALSE(percent_decode("%").is_ok());
  EXPECT_FALSE(percent_decode("%4").is_ok());
  EXPECT_FALSE(percent_decode("%4g").is_ok());
  EXPECT_FALSE(percent_decode("a%").is_ok());
  // Every byte survives an encode/decode round trip.
  std::string all;
  for (int i = 0; i < 256; ++i)
    all += static_cast<char>(i);
  EXPECT_EQ(*percent_decode(percent_encode(all)), all);
}

}  // namespace
}  // namespace upkeep::purl
