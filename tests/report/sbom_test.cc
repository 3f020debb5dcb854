// SPDX-License-Identifier: Apache-2.0
//
// CycloneDX 1.6 and SPDX 2.3 documents of sample inventories: the mapping of every Component
// field, merging by purl, the dependency graph, identifiers and determinism. Schema validity is
// checked separately (validate_reports_test.py, against the official CycloneDX schema).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "report/sample_inventories.h"
#include "upkeep/report.h"
#include "upkeep/utf8.h"

namespace upkeep::report {
namespace {

using simdjson::dom::element;
using upkeep::testing::sample_inventory;

ReportOptions fixed_options() {
  ReportOptions o;
  o.tool_version = "0.1.0";
  o.timestamp = 1700000000;  // 2023-11-14T22:13:20Z
  return o;
}

// Keeps the parser (and so every element) alive for the test.
struct Doc {
  simdjson::dom::parser parser;
  element root;
  std::string text;

  explicit Doc(std::string t) : text(std::move(t)) {
    auto r = parser.parse(text);
    if (r.error()) ADD_FAILURE() << "not JSON: " << simdjson::error_message(r.error());
    root = r.value_unsafe();
  }
};

std::string str(element e, std::string_view key) {
  std::string_view v;
  if (e[key].get(v)) return {};
  return std::string(v);
}

std::vector<element> arr(element e, std::string_view key) {
  std::vector<element> out;
  simdjson::dom::array a;
  if (e[key].get(a)) return out;
  for (element x : a)
    out.push_back(x);
  return out;
}

bool has(element e, std::string_view key) {
  return !e[key].error();
}

// CycloneDX component by bom-ref.
element cdx_component(const Doc& d, std::string_view ref) {
  for (element c : arr(d.root, "components")) {
    if (str(c, "bom-ref") == ref) return c;
  }
  ADD_FAILURE() << "no component " << ref;
  return d.root;
}

std::vector<std::string> cdx_properties(element c, std::string_view name) {
  std::vector<std::string> out;
  for (element p : arr(c, "properties")) {
    if (str(p, "name") == name) out.push_back(str(p, "value"));
  }
  return out;
}

std::vector<std::string> cdx_depends_on(const Doc& d, std::string_view ref) {
  for (element e : arr(d.root, "dependencies")) {
    if (str(e, "ref") != ref) continue;
    std::vector<std::string> out;
    for (element x : arr(e, "dependsOn"))
      out.push_back(std::string(x.get_string().value_unsafe()));
    return out;
  }
  return {"(no entry)"};
}

std::string mixed_purl(std::string_view name) {
  static const std::map<std::string_view, std::string> kPurls = {
      {"babel", "pkg:npm/%40babel/core@7.24.0"}, {"lodash", "pkg:npm/lodash@4.17.21"},
      {"jest", "pkg:npm/jest@29.7.0"},           {"fsevents", "pkg:npm/fsevents@2.3.3"},
      {"serde", "pkg:cargo/serde@1.0.197"},      {"serde_derive", "pkg:cargo/serde_derive@1.0.197"},
  };
  return kPurls.at(name);
}

TEST(CycloneDx, DocumentHeaderAndMetadata) {
  Doc d(inventory_cyclonedx(sample_inventory("mixed"), fixed_options()));
  EXPECT_EQ(str(d.root, "bomFormat"), "CycloneDX");
  EXPECT_EQ(str(d.root, "specVersion"), "1.6");
  EXPECT_EQ(int64_t(d.root["version"]), 1);
  EXPECT_TRUE(std::regex_match(
      str(d.root, "serialNumber"),
      std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  element meta = d.root["metadata"];
  EXPECT_EQ(str(meta, "timestamp"), "2023-11-14T22:13:20Z");
  element tool = meta["tools"]["components"].at(0);
  EXPECT_EQ(str(tool, "name"), "upkeep");
  EXPECT_EQ(str(tool, "version"), "0.1.0");
  element root = meta["component"];
  EXPECT_EQ(str(root, "type"), "application");
  EXPECT_EQ(str(root, "name"), "./app");
  EXPECT_EQ(cdx_properties(root, "upkeep:target"), std::vector<std::string>{"directory ./app"});
}

TEST(CycloneDx, SameInventorySameDocumentOtherContentOtherSerial) {
  const auto inv = sample_inventory("mixed");
  const std::string a = inventory_cyclonedx(inv, fixed_options());
  EXPECT_EQ(a, inventory_cyclonedx(inv, fixed_options()));
  ReportOptions later = fixed_options();
  later.timestamp = 1800000000;
  Doc d1(a), d2(inventory_cyclonedx(inv, later));
  // The serial number names the content, not the moment.
  EXPECT_EQ(str(d1.root, "serialNumber"), str(d2.root, "serialNumber"));
  auto changed = inv;
  changed.components[0].version = "9.9.9";
  Doc d3(inventory_cyclonedx(changed, fixed_options()));
  EXPECT_NE(str(d1.root, "serialNumber"), str(d3.root, "serialNumber"));
}

TEST(CycloneDx, OneComponentPerPurlWithEveryOccurrence) {
  const auto inv = sample_inventory("mixed");
  std::set<std::string> purls;
  for (const auto& c : inv.components)
    purls.insert(c.purl);
  Doc d(inventory_cyclonedx(inv, fixed_options()));
  const auto components = arr(d.root, "components");
  ASSERT_EQ(components.size(), purls.size());
  std::set<std::string> refs;
  for (element c : components)
    refs.insert(str(c, "bom-ref"));
  EXPECT_EQ(refs, purls);  // bom-refs are unique, and are the purls
  element lodash = cdx_component(d, mixed_purl("lodash"));
  EXPECT_EQ(cdx_properties(lodash, "upkeep:location"),
            (std::vector<std::string>{"./app/node_modules/lodash/package.json",
                                      "./app/package-lock.json"}));
  EXPECT_EQ(cdx_properties(lodash, "upkeep:extractor"),
            (std::vector<std::string>{"node_modules", "package-lock.json"}));
  EXPECT_EQ(arr(lodash["evidence"], "occurrences").size(), 2u);
  // Runtime in the lockfile, unknown in node_modules: required.
  EXPECT_EQ(str(lodash, "scope"), "required");
  EXPECT_EQ(cdx_properties(lodash, "upkeep:relationship"), std::vector<std::string>{"transitive"});
}

TEST(CycloneDx, GroupAndNamePerEcosystem) {
  Doc d(inventory_cyclonedx(sample_inventory("mixed"), fixed_options()));
  element babel = cdx_component(d, mixed_purl("babel"));
  EXPECT_EQ(str(babel, "group"), "@babel");
  EXPECT_EQ(str(babel, "name"), "core");
  element slf4j = cdx_component(d, "pkg:maven/org.slf4j/slf4j-api@2.0.12");
  EXPECT_EQ(str(slf4j, "group"), "org.slf4j");
  EXPECT_EQ(str(slf4j, "name"), "slf4j-api");
  element console = cdx_component(d, "pkg:composer/symfony/console@v7.0.4");
  EXPECT_EQ(str(console, "group"), "symfony");
  EXPECT_EQ(str(console, "name"), "console");
  element testify = cdx_component(d, "pkg:golang/github.com/stretchr/testify@v1.9.0");
  EXPECT_FALSE(has(testify, "group"));
  EXPECT_EQ(str(testify, "name"), "github.com/stretchr/testify");
  element django = cdx_component(d, "pkg:pypi/django@5.0.3");
  EXPECT_EQ(str(django, "name"), "Django");  // as the source writes it; the purl is normalised
}

TEST(CycloneDx, ScopeFromScope) {
  Doc d(inventory_cyclonedx(sample_inventory("mixed"), fixed_options()));
  EXPECT_EQ(str(cdx_component(d, mixed_purl("babel")), "scope"), "required");
  EXPECT_EQ(str(cdx_component(d, mixed_purl("jest")), "scope"), "excluded");
  EXPECT_EQ(str(cdx_component(d, mixed_purl("fsevents")), "scope"), "optional");
  EXPECT_FALSE(has(cdx_component(d, "pkg:pypi/django@5.0.3"), "scope"));  // not said
  EXPECT_EQ(cdx_properties(cdx_component(d, mixed_purl("jest")), "upkeep:scope"),
            std::vector<std::string>{"development"});
}

TEST(CycloneDx, LicensesAsIdsExpressionsOrNames) {
  Doc d(inventory_cyclonedx(sample_inventory("mixed"), fixed_options()));
  auto licenses = [&](std::string_view ref) {
    std::vector<std::string> out;
    for (element l : arr(cdx_component(d, ref), "licenses")) {
      if (has(l, "expression")) {
        out.push_back("expression " + str(l, "expression"));
      } else if (has(l["license"], "id")) {
        out.push_back("id " + str(l["license"], "id"));
      } else {
        out.push_back("name " + str(l["license"], "name"));
      }
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(licenses(mixed_purl("babel")), V{"id MIT"});
  EXPECT_EQ(licenses(mixed_purl("serde")), V{"expression MIT OR Apache-2.0"});
  EXPECT_EQ(licenses("pkg:composer/symfony/console@v7.0.4"), V{"id MIT"});
  EXPECT_EQ(licenses("pkg:nuget/Newtonsoft.Json@13.0.3"), V{"name Apache 2.0"});
  EXPECT_EQ(licenses("pkg:gem/rails@7.1.3"), (V{"id MIT", "id Ruby"}));
  EXPECT_EQ(licenses("pkg:maven/org.openjdk/nashorn-core@15.4"),
            V{"expression GPL-2.0-only WITH Classpath-exception-2.0"});
  EXPECT_EQ(licenses(mixed_purl("jest")), V{});
}

TEST(CycloneDx, UnresolvedVersionIsNotGuessed) {
  Doc d(inventory_cyclonedx(sample_inventory("mixed"), fixed_options()));
  element jackson = cdx_component(d, "pkg:maven/com.fasterxml.jackson.core/jackson-databind");
  EXPECT_FALSE(has(jackson, "version"));
  EXPECT_EQ(cdx_properties(jackson, "upkeep:version-note"),
            std::vector<std::string>{"unresolved property ${jackson.version}"});
}

TEST(CycloneDx, DependencyGraphWhereTheSourceGivesIt) {
  Doc d(inventory_cyclonedx(sample_inventory("mixed"), fixed_options()));
  // "semver" names two versions in the lockfile and "debug" is not in it: left out.
  EXPECT_EQ(cdx_depends_on(d, mixed_purl("babel")), std::vector<std::string>{mixed_purl("lodash")});
  EXPECT_EQ(cdx_depends_on(d, mixed_purl("serde")),
            std::vector<std::string>{mixed_purl("serde_derive")});
  // Its file lists dependencies, so none listed means none.
  EXPECT_EQ(cdx_depends_on(d, mixed_purl("serde_derive")), std::vector<std::string>{});
  // A file without any dependency lists says nothing: no entry (unknown), not an empty one.
  EXPECT_EQ(cdx_depends_on(d, "pkg:pypi/django@5.0.3"), std::vector<std::string>{"(no entry)"});
  const auto root = cdx_depends_on(d, "upkeep:target");
  EXPECT_EQ(root.size(), 11u);  // the direct components
  EXPECT_NE(std::find(root.begin(), root.end(), mixed_purl("jest")), root.end());
  EXPECT_EQ(std::find(root.begin(), root.end(), mixed_purl("lodash")), root.end());
  // Every ref in the graph is a component of the document.
  std::set<std::string> refs = {"upkeep:target"};
  for (element c : arr(d.root, "components"))
    refs.insert(str(c, "bom-ref"));
  for (element e : arr(d.root, "dependencies")) {
    EXPECT_TRUE(refs.contains(str(e, "ref")));
    for (element x : arr(e, "dependsOn"))
      EXPECT_TRUE(refs.contains(std::string(x.get_string().value_unsafe())));
  }
}

TEST(CycloneDx, PythonDependenciesMatchByNormalisedName) {
  inventory::Inventory inv;
  inv.targets.push_back({"poetry.lock", "file", std::nullopt, {}, "", ""});
  auto add = [&](std::string name, std::string purl, std::vector<std::string> deps) {
    inventory::Component c;
    c.ecosystem = "PyPI";
    c.name = std::move(name);
    c.version = "1.0";
    c.purl = std::move(purl);
    c.location = "poetry.lock";
    c.extractor = "poetry.lock";
    c.dependencies = std::move(deps);
    inv.components.push_back(std::move(c));
  };
  add("Flask", "pkg:pypi/flask@1.0", {"Werkzeug", "zope_interface"});
  add("werkzeug", "pkg:pypi/werkzeug@1.0", {});
  add("zope.interface", "pkg:pypi/zope-interface@1.0", {});
  inventory::sort_components(inv.components);
  Doc d(inventory_cyclonedx(inv, fixed_options()));
  EXPECT_EQ(cdx_depends_on(d, "pkg:pypi/flask@1.0"),
            (std::vector<std::string>{"pkg:pypi/werkzeug@1.0", "pkg:pypi/zope-interface@1.0"}));
}

TEST(CycloneDx, DistributionPackagesAndTheOperatingSystem) {
  Doc d(inventory_cyclonedx(sample_inventory("debian-host"), fixed_options()));
  const std::string libc_amd64 =
      "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc";
  element libc = cdx_component(d, libc_amd64);
  EXPECT_EQ(str(libc, "type"), "library");
  EXPECT_EQ(str(libc["supplier"], "name"), "Debian");
  EXPECT_EQ(cdx_properties(libc, "upkeep:source-package"), std::vector<std::string>{"glibc"});
  EXPECT_EQ(cdx_properties(libc, "upkeep:source-version"),
            std::vector<std::string>{"2.36-9+deb12u4"});
  EXPECT_EQ(cdx_properties(libc, "upkeep:arch"), std::vector<std::string>{"amd64"});
  EXPECT_EQ(cdx_properties(libc, "upkeep:ecosystem"), std::vector<std::string>{"Debian:12"});
  element os = cdx_component(d, "upkeep:os:debian-12");
  EXPECT_EQ(str(os, "type"), "operating-system");
  EXPECT_EQ(str(os, "name"), "debian");
  EXPECT_EQ(str(os, "version"), "12");
  EXPECT_EQ(arr(d.root, "components").size(), 7u);  // six packages (two libc6) and the OS
  EXPECT_EQ(cdx_depends_on(d, "upkeep:os:debian-12").size(), 6u);
  EXPECT_EQ(cdx_depends_on(d, "upkeep:target"), std::vector<std::string>{"upkeep:os:debian-12"});
}

TEST(CycloneDx, ImageLayers) {
  const auto inv = sample_inventory("image");
  Doc d(inventory_cyclonedx(inv, fixed_options()));
  element root = d.root["metadata"]["component"];
  EXPECT_EQ(str(root, "type"), "container");
  EXPECT_EQ(cdx_properties(root, "upkeep:image:layer"), inv.targets[0].layers);
  EXPECT_EQ(cdx_properties(root, "upkeep:image"), std::vector<std::string>{"app:1.0"});
  element flask = cdx_component(d, "pkg:pypi/flask@3.0.2");
  EXPECT_EQ(cdx_properties(flask, "upkeep:layer"),
            std::vector<std::string>{inv.targets[0].layers[1]});
  EXPECT_NE(str(arr(flask["evidence"], "occurrences").at(0), "additionalContext")
                .find(inv.targets[0].layers[1]),
            std::string::npos);
}

TEST(CycloneDx, EmptyInventory) {
  Doc d(inventory_cyclonedx(sample_inventory("empty"), fixed_options()));
  EXPECT_TRUE(arr(d.root, "components").empty());
  EXPECT_TRUE(arr(d.root, "dependencies").empty());
}

TEST(CycloneDx, HostileStringsStayValidJson) {
  const std::string text = inventory_cyclonedx(sample_inventory("hostile"), fixed_options());
  EXPECT_TRUE(is_valid_utf8(text));
  Doc d(text);
  EXPECT_EQ(arr(d.root, "components").size(), 4u);
  EXPECT_EQ(str(cdx_component(d, "upkeep:component:npm/no-purl@1.0.0"), "name"), "no-purl");
}

// ---------------------------------------------------------------------------------------------

element spdx_package(const Doc& d, std::string_view name) {
  for (element p : arr(d.root, "packages")) {
    if (str(p, "name") == name) return p;
  }
  ADD_FAILURE() << "no package " << name;
  return d.root;
}

std::set<std::string> spdx_relationships(const Doc& d) {
  std::map<std::string, std::string> names;
  for (element p : arr(d.root, "packages"))
    names[str(p, "SPDXID")] =
        str(p, "name") + (has(p, "versionInfo") ? "@" + str(p, "versionInfo") : "");
  names["SPDXRef-DOCUMENT"] = "DOCUMENT";
  names["SPDXRef-Root"] = "ROOT";
  std::set<std::string> out;
  for (element r : arr(d.root, "relationships")) {
    out.insert(names[str(r, "spdxElementId")] + " " + str(r, "relationshipType") + " " +
               names[str(r, "relatedSpdxElement")]);
  }
  return out;
}

TEST(Spdx, DocumentCreationInformation) {
  Doc d(inventory_spdx(sample_inventory("mixed"), fixed_options()));
  EXPECT_EQ(str(d.root, "spdxVersion"), "SPDX-2.3");
  EXPECT_EQ(str(d.root, "dataLicense"), "CC0-1.0");
  EXPECT_EQ(str(d.root, "SPDXID"), "SPDXRef-DOCUMENT");
  EXPECT_EQ(str(d.root, "name"), "./app");
  EXPECT_TRUE(std::regex_match(str(d.root, "documentNamespace"),
                               std::regex("https://upkeep\\.invalid/spdx/app-[0-9a-f-]{36}")))
      << str(d.root, "documentNamespace");
  EXPECT_EQ(str(d.root["creationInfo"], "created"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(std::string(d.root["creationInfo"]["creators"].at(0).get_string().value_unsafe()),
            "Tool: upkeep-0.1.0");
  // The same content, the same namespace; CycloneDX's serial number is the same UUID.
  Doc again(inventory_spdx(sample_inventory("mixed"), fixed_options()));
  EXPECT_EQ(str(d.root, "documentNamespace"), str(again.root, "documentNamespace"));
  Doc cdx(inventory_cyclonedx(sample_inventory("mixed"), fixed_options()));
  EXPECT_TRUE(str(d.root, "documentNamespace").ends_with(str(cdx.root, "serialNumber").substr(9)));
}

TEST(Spdx, PackagesWithValidUniqueIds) {
  for (const auto& sample : upkeep::testing::sample_inventories()) {
    Doc d(inventory_spdx(sample.inventory, fixed_options()));
    std::set<std::string> ids;
    for (element p : arr(d.root, "packages")) {
      const std::string id = str(p, "SPDXID");
      EXPECT_TRUE(std::regex_match(id, std::regex("SPDXRef-[A-Za-z0-9.-]+"))) << id;
      EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
      EXPECT_EQ(str(p, "downloadLocation"), "NOASSERTION");
      EXPECT_FALSE(bool(p["filesAnalyzed"]));
    }
    for (element r : arr(d.root, "relationships")) {
      EXPECT_TRUE(ids.contains(str(r, "spdxElementId")) ||
                  str(r, "spdxElementId") == "SPDXRef-DOCUMENT");
      EXPECT_TRUE(ids.contains(str(r, "relatedSpdxElement")));
    }
  }
}

TEST(Spdx, PackageFields) {
  Doc d(inventory_spdx(sample_inventory("mixed"), fixed_options()));
  element babel = spdx_package(d, "@babel/core");
  EXPECT_EQ(str(babel, "versionInfo"), "7.24.0");
  EXPECT_EQ(str(babel, "supplier"), "NOASSERTION");
  EXPECT_EQ(str(babel, "licenseConcluded"), "NOASSERTION");
  EXPECT_EQ(str(babel, "licenseDeclared"), "MIT");
  element ref = babel["externalRefs"].at(0);
  EXPECT_EQ(str(ref, "referenceCategory"), "PACKAGE-MANAGER");
  EXPECT_EQ(str(ref, "referenceType"), "purl");
  EXPECT_EQ(str(ref, "referenceLocator"), mixed_purl("babel"));
  EXPECT_EQ(str(spdx_package(d, "serde"), "licenseDeclared"), "MIT OR Apache-2.0");
  EXPECT_EQ(str(spdx_package(d, "symfony/console"), "licenseDeclared"), "MIT");
  element json = spdx_package(d, "Newtonsoft.Json");
  EXPECT_EQ(str(json, "licenseDeclared"), "NOASSERTION");
  EXPECT_EQ(str(json, "licenseComments"), "declared: Apache 2.0");
  EXPECT_EQ(str(spdx_package(d, "rails"), "licenseDeclared"), "NOASSERTION");
  element jackson = spdx_package(d, "com.fasterxml.jackson.core:jackson-databind");
  EXPECT_FALSE(has(jackson, "versionInfo"));
  EXPECT_NE(str(jackson, "comment").find("unresolved property"), std::string::npos);
}

TEST(Spdx, DistributionPackages) {
  Doc d(inventory_spdx(sample_inventory("debian-host"), fixed_options()));
  element ssl = spdx_package(d, "libssl3");
  EXPECT_EQ(str(ssl, "supplier"), "Organization: Debian");
  EXPECT_EQ(str(ssl, "sourceInfo"), "built from source package openssl 3.0.11-1~deb12u2");
  element os = spdx_package(d, "debian");
  EXPECT_EQ(str(os, "primaryPackagePurpose"), "OPERATING_SYSTEM");
  EXPECT_EQ(str(os, "versionInfo"), "12");
  const auto rels = spdx_relationships(d);
  EXPECT_TRUE(rels.contains("DOCUMENT DESCRIBES ROOT"));
  EXPECT_TRUE(rels.contains("ROOT CONTAINS debian@12"));
  EXPECT_TRUE(rels.contains("ROOT CONTAINS libssl3@3.0.11-1~deb12u2"));
  EXPECT_EQ(arr(d.root, "packages").size(), 8u);  // root, six packages, the OS
}

TEST(Spdx, RelationshipsFollowRelationshipAndScope) {
  Doc d(inventory_spdx(sample_inventory("mixed"), fixed_options()));
  const auto rels = spdx_relationships(d);
  EXPECT_TRUE(rels.contains("DOCUMENT DESCRIBES ROOT"));
  EXPECT_TRUE(rels.contains("ROOT DEPENDS_ON @babel/core@7.24.0"));
  EXPECT_TRUE(rels.contains("jest@29.7.0 DEV_DEPENDENCY_OF ROOT"));
  EXPECT_TRUE(rels.contains("fsevents@2.3.3 OPTIONAL_DEPENDENCY_OF ROOT"));
  EXPECT_TRUE(rels.contains("ROOT CONTAINS lodash@4.17.21"));
  EXPECT_TRUE(rels.contains("@babel/core@7.24.0 DEPENDS_ON lodash@4.17.21"));
  EXPECT_TRUE(rels.contains("serde@1.0.197 DEPENDS_ON serde_derive@1.0.197"));
  EXPECT_FALSE(rels.contains("@babel/core@7.24.0 DEPENDS_ON semver@6.3.1"));
}

TEST(Spdx, ImageIsAContainer) {
  Doc d(inventory_spdx(sample_inventory("image"), fixed_options()));
  element root = spdx_package(d, "image:app.tar");
  EXPECT_EQ(str(root, "primaryPackagePurpose"), "CONTAINER");
  EXPECT_EQ(str(spdx_package(d, "busybox"), "licenseDeclared"), "GPL-2.0-only");
  EXPECT_EQ(str(spdx_package(d, "busybox"), "supplier"), "Organization: Alpine");
}

TEST(Spdx, HostileStringsStayValid) {
  const std::string text = inventory_spdx(sample_inventory("hostile"), fixed_options());
  EXPECT_TRUE(is_valid_utf8(text));
  Doc d(text);
  EXPECT_EQ(arr(d.root, "packages").size(), 5u);
}

}  // namespace
}  // namespace upkeep::report
