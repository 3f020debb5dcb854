// SPDX-License-Identifier: Apache-2.0
#include "report/sample_inventories.h"

#include <stdexcept>

#include "upkeep/purl.h"

namespace upkeep::testing {
namespace {

using inventory::Component;
using inventory::Inventory;
using inventory::OsRelease;
using inventory::Relationship;
using inventory::Scope;
using inventory::TargetInfo;

OsRelease debian12() {
  OsRelease os;
  os.id = "debian";
  os.version_id = "12";
  os.version_codename = "bookworm";
  os.pretty_name = "Debian GNU/Linux 12 (bookworm)";
  os.name = "Debian GNU/Linux";
  return os;
}

// A package of /var/lib/dpkg/status as the dpkg extractor reports it.
Component deb(const std::string& name, const std::string& version, const std::string& arch,
              const std::string& source = "", const std::string& source_version = "") {
  Component c;
  c.ecosystem = "Debian:12";
  c.name = name;
  c.version = version;
  c.arch = arch;
  c.source_name = source.empty() ? name : source;
  c.source_version = source_version.empty() ? version : source_version;
  purl::Purl p{"deb", "debian", name, version, {}, ""};
  p.set_qualifier("arch", arch);
  p.set_qualifier("distro", "debian-12");
  if (!source.empty() && source != name) p.set_qualifier("upstream", source);
  c.purl = purl::to_string(p);
  c.location = "/var/lib/dpkg/status";
  c.extractor = "dpkg-status";
  return c;
}

Component lang(const std::string& ecosystem, const std::string& type, const std::string& ns,
               const std::string& name, const std::string& version, const std::string& location,
               const std::string& extractor, Relationship rel, Scope scope) {
  Component c;
  c.ecosystem = ecosystem;
  c.name = name;
  c.version = version;
  std::string purl_name = name;
  if (!ns.empty() && name.starts_with(ns)) purl_name = name.substr(ns.size() + 1);
  c.purl = purl::to_string(purl::Purl{type, ns, purl_name, version, {}, ""});
  c.location = location;
  c.extractor = extractor;
  c.relationship = rel;
  c.scope = scope;
  return c;
}

Inventory debian_host() {
  Inventory inv;
  inv.targets.push_back(TargetInfo{"/", "host", debian12(), {}, "", ""});
  inv.components.push_back(deb("bash", "5.2.15-2+b2", "amd64", "bash", "5.2.15-2"));
  inv.components.push_back(deb("libc6", "2.36-9+deb12u4", "amd64", "glibc"));
  inv.components.push_back(deb("libc6", "2.36-9+deb12u4", "i386", "glibc"));
  inv.components.push_back(deb("libssl3", "3.0.11-1~deb12u2", "amd64", "openssl"));
  inv.components.push_back(deb("openssl", "3.0.11-1~deb12u2", "amd64"));
  inv.components.push_back(deb("tzdata", "2024a-0+deb12u1", "all"));
  inventory::sort_components(inv.components);
  return inv;
}

Inventory mixed() {
  Inventory inv;
  inv.targets.push_back(TargetInfo{"./app", "directory", std::nullopt, {}, "", ""});
  const std::string lock = "./app/package-lock.json";
  auto& cs = inv.components;
  Component babel = lang("npm", "npm", "@babel", "@babel/core", "7.24.0", lock, "package-lock.json",
                         Relationship::kDirect, Scope::kRuntime);
  babel.licenses = {"MIT"};
  babel.dependencies = {"lodash", "semver", "debug"};
  cs.push_back(babel);
  Component lodash = lang("npm", "npm", "", "lodash", "4.17.21", lock, "package-lock.json",
                          Relationship::kTransitive, Scope::kRuntime);
  lodash.licenses = {"MIT"};
  cs.push_back(lodash);
  // The same package found again in node_modules: one SBOM component, two occurrences.
  Component lodash_installed = lodash;
  lodash_installed.location = "./app/node_modules/lodash/package.json";
  lodash_installed.extractor = "node_modules";
  lodash_installed.relationship = Relationship::kUnknown;
  lodash_installed.scope = Scope::kUnknown;
  cs.push_back(lodash_installed);
  // Two versions of semver in one lockfile: a dependency on "semver" does not say which.
  cs.push_back(lang("npm", "npm", "", "semver", "6.3.1", lock, "package-lock.json",
                    Relationship::kTransitive, Scope::kRuntime));
  cs.push_back(lang("npm", "npm", "", "semver", "7.6.0", lock, "package-lock.json",
                    Relationship::kTransitive, Scope::kRuntime));
  cs.push_back(lang("npm", "npm", "", "jest", "29.7.0", lock, "package-lock.json",
                    Relationship::kDirect, Scope::kDevelopment));
  cs.push_back(lang("npm", "npm", "", "fsevents", "2.3.3", lock, "package-lock.json",
                    Relationship::kDirect, Scope::kOptional));
  Component django = lang("PyPI", "pypi", "", "Django", "5.0.3", "./app/requirements.txt",
                          "requirements.txt", Relationship::kDirect, Scope::kUnknown);
  django.licenses = {"BSD-3-Clause"};
  cs.push_back(django);
  Component slf4j = lang("Maven", "maven", "org.slf4j", "org.slf4j:slf4j-api", "2.0.12",
                         "./app/pom.xml", "pom.xml", Relationship::kDirect, Scope::kRuntime);
  slf4j.licenses = {"MIT"};
  cs.push_back(slf4j);
  Component jackson = lang("Maven", "maven", "com.fasterxml.jackson.core",
                           "com.fasterxml.jackson.core:jackson-databind", "", "./app/pom.xml",
                           "pom.xml", Relationship::kDirect, Scope::kRuntime);
  jackson.version_note = "unresolved property ${jackson.version}";
  cs.push_back(jackson);
  Component serde = lang("crates.io", "cargo", "", "serde", "1.0.197", "./app/Cargo.lock",
                         "Cargo.lock", Relationship::kDirect, Scope::kUnknown);
  serde.licenses = {"MIT OR Apache-2.0"};
  serde.dependencies = {"serde_derive"};
  cs.push_back(serde);
  cs.push_back(lang("crates.io", "cargo", "", "serde_derive", "1.0.197", "./app/Cargo.lock",
                    "Cargo.lock", Relationship::kTransitive, Scope::kUnknown));
  cs.push_back(lang("Go", "golang", "github.com/stretchr", "github.com/stretchr/testify", "v1.9.0",
                    "./app/go.mod", "go.mod", Relationship::kDirect, Scope::kUnknown));
  Component console =
      lang("Packagist", "composer", "symfony", "symfony/console", "v7.0.4", "./app/composer.lock",
           "composer.lock", Relationship::kDirect, Scope::kRuntime);
  console.licenses = {"mit"};  // identifiers match case-insensitively: written back as "MIT"
  cs.push_back(console);
  Component json =
      lang("NuGet", "nuget", "", "Newtonsoft.Json", "13.0.3", "./app/packages.lock.json",
           "packages.lock.json", Relationship::kDirect, Scope::kRuntime);
  json.licenses = {"Apache 2.0"};  // not an SPDX expression
  cs.push_back(json);
  Component rails = lang("RubyGems", "gem", "", "rails", "7.1.3", "./app/Gemfile.lock",
                         "Gemfile.lock", Relationship::kDirect, Scope::kRuntime);
  rails.licenses = {"MIT", "Ruby"};  // two declared licenses: AND or OR is not said
  cs.push_back(rails);
  Component classpath =
      lang("Maven", "maven", "org.openjdk", "org.openjdk:nashorn-core", "15.4", "./app/pom.xml",
           "pom.xml", Relationship::kTransitive, Scope::kRuntime);
  classpath.licenses = {"GPL-2.0-only WITH Classpath-exception-2.0"};
  cs.push_back(classpath);
  inventory::sort_components(cs);
  return inv;
}

Inventory image() {
  Inventory inv;
  OsRelease alpine;
  alpine.id = "alpine";
  alpine.version_id = "3.19.1";
  alpine.pretty_name = "Alpine Linux v3.19";
  alpine.name = "Alpine Linux";
  const std::string l1 = "sha256:aedc3bda2944bb9bcb6c3d475bee8b460db9a9b0f3e0b33a6ed2fd1ae0f1d445";
  const std::string l2 = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
  inv.targets.push_back(
      TargetInfo{"image:app.tar", "image", alpine, {l1, l2}, "app:1.0", "linux/amd64"});
  auto apk = [&](const std::string& name, const std::string& version, const std::string& origin) {
    Component c;
    c.ecosystem = "Alpine:v3.19";
    c.name = name;
    c.version = version;
    c.arch = "x86_64";
    c.source_name = origin;
    c.source_version = version;
    c.licenses = {name == "busybox" ? "GPL-2.0-only" : "MIT"};
    purl::Purl p{"apk", "alpine", name, version, {}, ""};
    p.set_qualifier("arch", "x86_64");
    p.set_qualifier("distro", "alpine-3.19.1");
    c.purl = purl::to_string(p);
    c.location = "/lib/apk/db/installed";
    c.layer = l1;
    c.extractor = "apk-installed";
    return c;
  };
  inv.components.push_back(apk("busybox", "1.36.1-r15", "busybox"));
  inv.components.push_back(apk("musl", "1.2.4_git20230717-r4", "musl"));
  Component flask = lang("PyPI", "pypi", "", "Flask", "3.0.2",
                         "/usr/lib/python3.11/site-packages/flask-3.0.2.dist-info/METADATA",
                         "python-dist-info", Relationship::kUnknown, Scope::kUnknown);
  flask.layer = l2;
  flask.licenses = {"BSD-3-Clause"};
  inv.components.push_back(flask);
  inventory::sort_components(inv.components);
  return inv;
}

// Strings from untrusted files: escapes, control characters, invalid UTF-8, quotes, length.
Inventory hostile() {
  Inventory inv;
  inv.targets.push_back(TargetInfo{"./evil dir/\"x\"", "directory", std::nullopt, {}, "", ""});
  Component a =
      lang("npm", "npm", "", "evil\x1b[31mred\x1b[0m", "1.0.0\r\n", "./evil dir/package-lock.json",
           "package-lock.json", Relationship::kDirect, Scope::kRuntime);
  a.licenses = {"MIT\" , \"x"};
  inv.components.push_back(a);
  Component b =
      lang("PyPI", "pypi", "", "bad\xff\xfeutf8\xc2\x9b", "2.0", "./evil dir/requirements.txt",
           "requirements.txt", Relationship::kDirect, Scope::kRuntime);
  inv.components.push_back(b);
  Component c =
      lang("crates.io", "cargo", "", std::string(300, 'x') + "\xe2\x82\xac", "0.1.0",
           "./evil dir/Cargo.lock", "Cargo.lock", Relationship::kTransitive, Scope::kUnknown);
  inv.components.push_back(c);
  Component d;  // no purl at all
  d.ecosystem = "npm";
  d.name = "no-purl";
  d.version = "1.0.0";
  d.location = "./evil dir/package-lock.json";
  d.extractor = "package-lock.json";
  inv.components.push_back(d);
  inventory::Diagnostic warn;
  warn.file = "./evil dir/broken.lock";
  warn.line = 3;
  warn.column = 7;
  warn.message = "not a valid Cargo.lock: expected '='";
  warn.extractor = "Cargo.lock";
  inv.warnings.push_back(warn);
  inventory::sort_components(inv.components);
  return inv;
}

}  // namespace

std::vector<SampleInventory> sample_inventories() {
  Inventory empty;
  empty.targets.push_back(TargetInfo{"./empty", "directory", std::nullopt, {}, "", ""});
  return {{"empty", std::move(empty)},
          {"debian-host", debian_host()},
          {"mixed", mixed()},
          {"image", image()},
          {"hostile", hostile()}};
}

Inventory sample_inventory(std::string_view name) {
  for (auto& s : sample_inventories()) {
    if (s.name == name) return std::move(s.inventory);
  }
  throw std::invalid_argument("no sample inventory " + std::string(name));
}

Inventory debian_host_inventory(size_t n) {
  Inventory inv;
  inv.targets.push_back(TargetInfo{"/", "host", debian12(), {}, "", ""});
  inv.components.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string name = (i % 3 == 0 ? "lib" : "") + std::string("package-") +
                             std::to_string(i) + (i % 7 == 0 ? "-common-data" : "");
    inv.components.push_back(
        deb(name,
            std::to_string(i % 5) + ".2." + std::to_string(i) + "-1+deb12u" + std::to_string(i % 4),
            i % 11 == 0 ? "all" : "amd64", "src-" + std::to_string(i / 2)));
  }
  inventory::sort_components(inv.components);
  return inv;
}

}  // namespace upkeep::testing
