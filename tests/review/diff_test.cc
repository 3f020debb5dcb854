// SPDX-License-Identifier: Apache-2.0
//
// The diff of two inventories: multisets of versions per package, pairing from the highest
// version down, versions the scheme cannot order, the package key, and the order of the changes;
// then which direct dependency brings each transitive one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "upkeep/review.h"

namespace upkeep::review {
namespace {

using inventory::Component;
using inventory::Inventory;
using inventory::Relationship;

Component npm(std::string name, std::string version, std::string location = "/package-lock.json") {
  Component c;
  c.ecosystem = "npm";
  c.name = name;
  c.version = version;
  c.purl = "pkg:npm/" + (name.starts_with('@') ? "%40" + name.substr(1) : name) +
           (version.empty() ? "" : "@" + version);
  c.location = std::move(location);
  return c;
}

Inventory inventory_of(std::vector<Component> components) {
  Inventory inv;
  inv.components = std::move(components);
  inventory::sort_components(inv.components);
  return inv;
}

// "kind name base->head" per change, for readable comparisons.
std::vector<std::string> describe(const std::vector<Change>& changes, const Inventory& base,
                                  const Inventory& head) {
  std::vector<std::string> out;
  for (const Change& c : changes) {
    const Component& any = c.head ? head.components[*c.head] : base.components[*c.base];
    out.push_back(std::string(change_kind_name(c.kind)) + " " + any.name + " " +
                  (c.base ? base.components[*c.base].version : "") + "->" +
                  (c.head ? head.components[*c.head].version : ""));
  }
  return out;
}

TEST(Diff, AddedRemovedUpgradedDowngradedAndUnchanged) {
  const Inventory base = inventory_of({npm("lodash", "4.17.20"), npm("left-pad", "1.3.0"),
                                       npm("express", "4.18.2"), npm("semver", "7.5.4")});
  const Inventory head = inventory_of({npm("lodash", "4.17.21"), npm("express", "4.18.2"),
                                       npm("semver", "7.3.8"), npm("minimist", "1.2.8")});
  EXPECT_EQ(
      describe(diff_inventories(base, head), base, head),
      (std::vector<std::string>{"removed left-pad 1.3.0->", "upgraded lodash 4.17.20->4.17.21",
                                "added minimist ->1.2.8", "downgraded semver 7.5.4->7.3.8"}));
}

TEST(Diff, SeveralVersionsOfOnePackageAreAMultiset) {
  // BASE has two copies of 1.2.0 and one 2.0.0; HEAD keeps one 1.2.0, moves 2.0.0 to 2.1.0 and
  // the other 1.2.0 to 1.3.0, and adds 0.9.0.
  const Inventory base =
      inventory_of({npm("debug", "1.2.0", "/a/package-lock.json"),
                    npm("debug", "1.2.0", "/b/package-lock.json"), npm("debug", "2.0.0")});
  const Inventory head =
      inventory_of({npm("debug", "1.2.0", "/a/package-lock.json"), npm("debug", "1.3.0"),
                    npm("debug", "2.1.0"), npm("debug", "0.9.0", "/c/package-lock.json")});
  EXPECT_EQ(describe(diff_inventories(base, head), base, head),
            (std::vector<std::string>{"added debug ->0.9.0", "upgraded debug 1.2.0->1.3.0",
                                      "upgraded debug 2.0.0->2.1.0"}));
}

TEST(Diff, PairsFromTheHighestVersionDown) {
  // One copy becomes two: the newest of HEAD is the upgrade, the older one is added.
  const Inventory base = inventory_of({npm("ms", "2.0.0")});
  const Inventory head =
      inventory_of({npm("ms", "2.1.3"), npm("ms", "1.0.0", "/x/package-lock.json")});
  EXPECT_EQ(describe(diff_inventories(base, head), base, head),
            (std::vector<std::string>{"added ms ->1.0.0", "upgraded ms 2.0.0->2.1.3"}));
}

TEST(Diff, VersionsTheSchemeCannotOrderAreChanged) {
  const Inventory base = inventory_of({npm("tool", "github:acme/tool#abc")});
  const Inventory head = inventory_of({npm("tool", "1.0.0")});
  EXPECT_EQ(describe(diff_inventories(base, head), base, head),
            (std::vector<std::string>{"changed tool github:acme/tool#abc->1.0.0"}));
}

TEST(Diff, EcosystemsAreKeptApart) {
  Component pypi;
  pypi.ecosystem = "PyPI";
  pypi.name = "requests";
  pypi.version = "2.31.0";
  pypi.purl = "pkg:pypi/requests@2.31.0";
  const Inventory base = inventory_of({npm("requests", "2.31.0")});
  const Inventory head = inventory_of({pypi});
  EXPECT_EQ(describe(diff_inventories(base, head), base, head),
            // Keys sort by ecosystem first: "PyPI" before "npm".
            (std::vector<std::string>{"added requests ->2.31.0", "removed requests 2.31.0->"}));
}

TEST(Diff, TheKeyIgnoresVersionAndQualifiers) {
  Component a = npm("@babel/core", "7.1.0");
  Component b = npm("@babel/core", "7.2.0");
  b.purl += "?repository_url=https://example.com";
  EXPECT_EQ(inventory::package_key(a), inventory::package_key(b));
  EXPECT_EQ(inventory::package_key(a), "npm pkg:npm/%40babel/core");
}

TEST(Diff, IdenticalInventoriesHaveNoChange) {
  const Inventory inv = inventory_of({npm("a", "1.0.0"), npm("b", "2.0.0")});
  EXPECT_TRUE(diff_inventories(inv, inv).empty());
}

// ---------------------------------------------------------------------------------------------

Component dep(std::string name, std::string version, Relationship rel,
              std::vector<std::string> dependencies) {
  Component c = npm(std::move(name), std::move(version));
  c.relationship = rel;
  c.dependencies = std::move(dependencies);
  return c;
}

size_t index_of(const Inventory& inv, std::string_view name) {
  for (size_t i = 0; i < inv.components.size(); ++i) {
    if (inv.components[i].name == name) return i;
  }
  ADD_FAILURE() << name;
  return 0;
}

TEST(Transitive, TheFirstDirectDependencyThatReachesItKeepsIt) {
  // express -> body-parser -> bytes; koa -> bytes as well: express comes first.
  const Inventory head = inventory_of({
      dep("express", "4.18.2", Relationship::kDirect, {"body-parser"}),
      dep("koa", "2.15.0", Relationship::kDirect, {"bytes", "koa-compose"}),
      dep("body-parser", "1.20.2", Relationship::kTransitive, {"bytes"}),
      dep("bytes", "3.1.2", Relationship::kTransitive, {}),
      dep("koa-compose", "4.1.0", Relationship::kTransitive, {}),
      dep("orphan", "1.0.0", Relationship::kTransitive, {}),
  });
  const std::vector<size_t> asked = {index_of(head, "bytes"), index_of(head, "koa-compose"),
                                     index_of(head, "body-parser"), index_of(head, "orphan"),
                                     index_of(head, "koa")};
  const auto got = attribute_to_direct(head, asked);
  ASSERT_EQ(got.size(), asked.size());
  EXPECT_EQ(got[0], index_of(head, "express"));
  EXPECT_EQ(got[1], index_of(head, "koa"));
  EXPECT_EQ(got[2], index_of(head, "express"));
  EXPECT_FALSE(got[3].has_value());
  EXPECT_EQ(got[4], index_of(head, "koa"));  // a direct dependency is its own
}

TEST(Transitive, CyclesEnd) {
  const Inventory head = inventory_of({
      dep("a", "1.0.0", Relationship::kDirect, {"b"}),
      dep("b", "1.0.0", Relationship::kTransitive, {"c"}),
      dep("c", "1.0.0", Relationship::kTransitive, {"b", "a"}),
  });
  const auto got = attribute_to_direct(head, {index_of(head, "c")});
  EXPECT_EQ(got[0], index_of(head, "a"));
}

TEST(Transitive, DependenciesAreResolvedInsideTheirOwnFile) {
  Component direct = dep("a", "1.0.0", Relationship::kDirect, {"b"});
  Component other = dep("b", "1.0.0", Relationship::kTransitive, {});
  other.location = "/other/package-lock.json";
  const Inventory head = inventory_of({direct, other});
  const auto got = attribute_to_direct(head, {index_of(head, "b")});
  EXPECT_FALSE(got[0].has_value());
}

}  // namespace
}  // namespace upkeep::review
