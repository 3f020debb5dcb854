// SPDX-License-Identifier: Apache-2.0
//
// Assigning groups to an inventory: the fixture project (most specific wins, key components),
// ties and unused claims with their messages, and two real lockfiles of ../shared/data with the
// owners fixture written for them.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"
#include "upkeep/owners.h"

namespace upkeep::maintenance {
namespace {

const std::string kFixtures = UPKEEP_FIXTURE_DIR "/maintenance";

inventory::Inventory inventory_of(const std::vector<std::string>& paths) {
  inventory::Inventory inv;
  for (const auto& path : paths) {
    auto target = inventory::parse_target(path);
    EXPECT_TRUE(target) << path;
    const Status s = inventory::inventory_target(*target, {}, inv);
    EXPECT_TRUE(s) << s.to_string();
  }
  inventory::sort_components(inv.components);
  EXPECT_TRUE(inv.warnings.empty()) << inv.warnings.front().to_string();
  return inv;
}

OwnersFile owners_from(const std::string& dir, const std::string& name) {
  auto fs = open_directory_fs(dir);
  EXPECT_TRUE(fs);
  auto owners = read_owners(**fs, "/" + name, name);
  EXPECT_TRUE(owners) << owners.status().to_string();
  return owners ? std::move(owners).value() : OwnersFile{};
}

// name -> (group name or "", key) for every component.
std::map<std::string, std::pair<std::string, bool>> by_name(const OwnersFile& owners,
                                                            const inventory::Inventory& inv,
                                                            const Assignment& a) {
  std::map<std::string, std::pair<std::string, bool>> out;
  for (size_t i = 0; i < inv.components.size(); ++i) {
    const Owner& o = a.components[i];
    out[inv.components[i].name] = {o.has_group() ? owners.groups[o.group].name : "", o.key};
  }
  return out;
}

TEST(AssignOwners, MostSpecificClaimWins) {
  const auto inv = inventory_of({kFixtures + "/project"});
  const auto owners = owners_from(kFixtures + "/project", "upkeep-owners.toml");
  const auto a = assign_owners(owners, inv);
  ASSERT_TRUE(a) << a.status().to_string();
  ASSERT_EQ(a->components.size(), inv.components.size());
  const std::map<std::string, std::pair<std::string, bool>> expected = {
      {"@acme/ui", {"acme-web", false}},             // @acme/* (6 literal) beats * (0)
      {"@acme/ui-utils", {"acme-ui-utils", false}},  // the exact name beats @acme/*
      {"express", {"npm-community", true}},
      {"left-pad", {"npm-community", false}},
      {"lodash", {"npm-community", false}},
      {"requests", {"python-requests", false}},
      {"Django", {"", true}},  // key (pkg:pypi/Django is pkg:pypi/django), no group
  };
  EXPECT_EQ(by_name(owners, inv, *a), expected);
  EXPECT_EQ(a->without_group(), 1u);
  EXPECT_EQ(a->key_without_group(), 1u);
  EXPECT_TRUE(a->unused_claims.empty());
  EXPECT_TRUE(a->unused_key.empty());
  EXPECT_TRUE(check_claims_used(owners, *a));
  // The winning pattern is recorded.
  for (size_t i = 0; i < inv.components.size(); ++i) {
    if (inv.components[i].name != "@acme/ui-utils") continue;
    const Owner& o = a->components[i];
    EXPECT_EQ(owners.groups[o.group].claims[o.claim].text, "pkg:npm/@acme/ui-utils");
  }
}

TEST(AssignOwners, EquallySpecificPatternsOfTwoGroupsAreATie) {
  const auto inv = inventory_of({kFixtures + "/project"});
  const auto owners = owners_from(kFixtures + "/owners", "tie.toml");
  const auto a = assign_owners(owners, inv);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.status().message(),
            "tie.toml:11:11: pattern \"pkg:npm/*-utils\" of group \"utilities\" and pattern "
            "\"pkg:npm/@acme/*\" of group \"acme-web\" (line 6, column 11) are equally specific "
            "for pkg:npm/%40acme/ui-utils@1.0.0: make one of them more specific");
}

TEST(AssignOwners, ClaimsThatMatchNothingAreNamedByLine) {
  const auto inv = inventory_of({kFixtures + "/project"});
  const auto owners = owners_from(kFixtures + "/owners", "unused_pattern.toml");
  const auto a = assign_owners(owners, inv);
  ASSERT_TRUE(a) << a.status().to_string();
  ASSERT_EQ(a->unused_claims.size(), 2u);
  const Status used = check_claims_used(owners, *a);
  ASSERT_FALSE(used);
  EXPECT_EQ(used.message(),
            "unused_pattern.toml:5:30: pattern \"pkg:npm/expres\" of group \"web\" claims no "
            "component of the inventory\n"
            "unused_pattern.toml:10:32: pattern \"pkg:pypi/flask\" of group \"python\" claims no "
            "component of the inventory");
}

TEST(AssignOwners, AClaimThatOnlyLosesIsStillUsed) {
  const auto inv = inventory_of({kFixtures + "/project"});
  const auto owners = owners_from(kFixtures + "/owners", "shadowed.toml");
  const auto a = assign_owners(owners, inv);
  ASSERT_TRUE(a) << a.status().to_string();
  for (size_t i = 0; i < inv.components.size(); ++i) {
    const Owner& o = a->components[i];
    if (inv.components[i].ecosystem == "npm") {
      ASSERT_TRUE(o.has_group()) << inv.components[i].purl;
      EXPECT_EQ(owners.groups[o.group].name, "exact");
    } else {
      EXPECT_FALSE(o.has_group()) << inv.components[i].purl;
    }
  }
  EXPECT_TRUE(a->unused_claims.empty());
  EXPECT_TRUE(check_claims_used(owners, *a));
}

TEST(AssignOwners, UnmatchedKeyPatternsAreListed) {
  // The documented example against the project: express and django are claimed, openssl (key)
  // is not there.
  const auto inv = inventory_of({kFixtures + "/project"});
  const auto owners = owners_from(kFixtures + "/owners", "full.toml");
  const auto a = assign_owners(owners, inv);
  ASSERT_TRUE(a) << a.status().to_string();
  const std::map<std::string, std::pair<std::string, bool>> expected = {
      {"@acme/ui", {"", false}},
      {"@acme/ui-utils", {"", false}},
      {"express", {"web-platform", true}},
      {"left-pad", {"", false}},
      {"lodash", {"", false}},
      {"requests", {"", false}},
      {"Django", {"Django", false}},
  };
  EXPECT_EQ(by_name(owners, inv, *a), expected);
  ASSERT_EQ(a->unused_key.size(), 1u);
  EXPECT_EQ(owners.key[a->unused_key[0]].text, "pkg:deb/debian/openssl");
  EXPECT_EQ(a->key_without_group(), 0u);
  EXPECT_EQ(a->unused_claims.size(), 6u);  // the Debian, Acme and django-* patterns
}

TEST(AssignOwners, ComponentsWithoutAUsablePurlHaveNoGroup) {
  inventory::Inventory inv = inventory_of({kFixtures + "/project"});
  const size_t n = inv.components.size();
  inv.components[0].purl.clear();
  inv.components[1].purl = "not a purl";
  const auto owners = owners_from(kFixtures + "/project", "upkeep-owners.toml");
  const auto a = assign_owners(owners, inv);
  ASSERT_TRUE(a) << a.status().to_string();
  ASSERT_EQ(a->components.size(), n);
  EXPECT_FALSE(a->components[0].has_group());
  EXPECT_FALSE(a->components[1].has_group());
  EXPECT_TRUE(a->components[2].has_group());
}

TEST(AssignOwners, RealLockfiles) {
  const std::string data = testing::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data is not beside the checkout";
  const auto inv = inventory_of({data + "/lockfiles/npm/nodejs-security-wg-package-lock.v1.json",
                                 data + "/lockfiles/pypi/flask-uv.lock"});
  const auto owners = owners_from(kFixtures + "/real", "upkeep-owners.toml");
  const auto a = assign_owners(owners, inv);
  ASSERT_TRUE(a) << a.status().to_string();
  EXPECT_TRUE(check_claims_used(owners, *a)) << check_claims_used(owners, *a).to_string();

  // What the owners file says, restated from each component's own name: the group every
  // component of the two real lockfiles must get.
  const auto expected_group = [](const inventory::Component& c) -> std::string {
    const std::string& n = c.name;
    if (c.ecosystem == "npm") {
      if (n.starts_with("@babel/")) return "babel";
      if (n.starts_with("@jest/") || n.starts_with("jest-")) return "jest";
      if (n == "minimist") return "minimist";
      return "npm-registry";
    }
    for (const char* p : {"werkzeug", "jinja2", "click", "itsdangerous", "markupsafe"}) {
      if (n == p) return "pallets";
    }
    if (n == "sphinx" || n.starts_with("sphinxcontrib-")) return "sphinx";
    return "";
  };
  std::map<std::string, size_t> counts;
  for (size_t i = 0; i < inv.components.size(); ++i) {
    const auto& c = inv.components[i];
    const Owner& o = a->components[i];
    const std::string got = o.has_group() ? owners.groups[o.group].name : "";
    EXPECT_EQ(got, expected_group(c)) << c.purl;
    EXPECT_EQ(o.key, c.name == "minimist" || c.name == "werkzeug" || c.name == "cryptography")
        << c.purl;
    ++counts[got];
  }
  // The lockfiles have many of each (numbers from the files themselves: 32 @babel/ packages, 38
  // @jest/ and jest-, one minimist 1.2.5).
  EXPECT_EQ(counts["babel"], 32u);
  EXPECT_EQ(counts["jest"], 38u);
  EXPECT_EQ(counts["minimist"], 1u);
  EXPECT_EQ(counts["pallets"], 5u);
  EXPECT_EQ(counts["sphinx"], 9u);
  EXPECT_EQ(a->key_without_group(), 1u);  // cryptography
}

}  // namespace
}  // namespace upkeep::maintenance
