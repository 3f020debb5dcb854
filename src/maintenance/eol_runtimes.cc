// SPDX-License-Identifier: Apache-2.0
//
// The runtimes a target carries: one table from package names to endoflife.date products.
// Distribution packages are recognised by their source package (every binary of python3.11 -
// python3.11-minimal, libpython3.11-stdlib, ... - is the one Python 3.11), because binary names
// differ between releases while the source package stays; the release cycle comes from the
// version, as for any component (select_cycle).
#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "maintenance/eol_internal.h"
#include "upkeep/eol.h"

namespace upkeep::eol {
namespace detail {
namespace {

// A package name pattern: `prefix` exactly, or, with `versioned`, `prefix` followed by a
// version ("python" + "3.11", "postgresql-" + "15", "php" + "8.2", "openjdk" + "17").
struct Rule {
  std::string_view name;
  std::string_view product;
  std::string_view prefix;
  bool versioned = false;
};

// endoflife.date has no product for OpenJDK itself (the jdkNNu update projects): Eclipse
// Temurin is built from those same repositories and its cycles follow their lifetimes, so it
// stands for Debian's, Alpine's and Red Hat's builds of OpenJDK here.
constexpr std::array kRules = {
    // Debian python3.11, python2.7; rpm python3.9; Alpine and Fedora python3.
    Rule{"Python", "python", "python", true},
    Rule{"Node.js", "nodejs", "nodejs", false},
    Rule{"Node.js", "nodejs", "nodejs", true},              // rpm nodejs20
    Rule{"OpenJDK", "eclipse-temurin", "openjdk-", true},   // Debian openjdk-17
    Rule{"OpenJDK", "eclipse-temurin", "openjdk", true},    // Alpine openjdk17
    Rule{"PostgreSQL", "postgresql", "postgresql-", true},  // Debian postgresql-15
    Rule{"PostgreSQL", "postgresql", "postgresql", true},   // Alpine postgresql15
    Rule{"PostgreSQL", "postgresql", "postgresql", false},  // rpm
    Rule{"PHP", "php", "php", true},                        // Debian php8.2, Alpine php82
    Rule{"PHP", "php", "php", false},
    Rule{"Ruby", "ruby", "ruby", true},  // Debian ruby3.1
    Rule{"Ruby", "ruby", "ruby", false},
    Rule{"Perl", "perl", "perl", false},
    Rule{"Go", "go", "golang-", true},  // Debian golang-1.19
    Rule{"Go", "go", "go", false},      // Alpine
    Rule{"Go", "go", "golang", false},  // rpm
    Rule{"Rust", "rust", "rustc", false},
    Rule{"Rust", "rust", "rustc-", true},
    Rule{"Rust", "rust", "rust", false},
    Rule{"MariaDB", "mariadb", "mariadb", false},
    Rule{"MariaDB", "mariadb", "mariadb-", true},
    Rule{"MySQL", "mysql", "mysql-", true},
    Rule{"Redis", "redis", "redis", false},
    Rule{"nginx", "nginx", "nginx", false},
    Rule{"Apache HTTP Server", "apache-http-server", "apache2", false},
    Rule{"Apache HTTP Server", "apache-http-server", "httpd", false},
    Rule{"Tomcat", "tomcat", "tomcat", true},  // Debian tomcat10
    Rule{".NET", "dotnet", "dotnet", true},    // dotnet8
};

bool version_like(std::string_view s) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

bool matches(const Rule& rule, std::string_view package) {
  if (package.substr(0, rule.prefix.size()) != rule.prefix) return false;
  const std::string_view rest = package.substr(rule.prefix.size());
  return rule.versioned ? version_like(rest) : rest.empty();
}

std::string_view purl_type(std::string_view purl) {
  if (purl.substr(0, 4) != "pkg:") return {};
  purl.remove_prefix(4);
  return purl.substr(0, purl.find('/'));
}

}  // namespace

bool is_distribution_package(const inventory::Component& c) {
  const std::string_view type = purl_type(c.purl);
  return type == "deb" || type == "rpm" || type == "apk";
}

std::optional<RuntimeMatch> runtime_of(const inventory::Component& c) {
  if (c.ecosystem == "Go" && c.name == "stdlib") return RuntimeMatch{"Go", "go"};
  if (!is_distribution_package(c)) return std::nullopt;
  const std::string_view package = c.source_name.empty() ? c.name : c.source_name;
  for (const Rule& rule : kRules) {
    if (matches(rule, package)) return RuntimeMatch{rule.name, rule.product};
  }
  return std::nullopt;
}

}  // namespace detail

std::vector<Runtime> detect_runtimes(const inventory::Inventory& inventory) {
  std::vector<Runtime> out;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> seen;
  for (size_t i = 0; i < inventory.components.size(); ++i) {
    const inventory::Component& c = inventory.components[i];
    const auto match = detail::runtime_of(c);
    if (!match || c.version.empty()) continue;
    const std::string package = c.source_name.empty() ? c.name : c.source_name;
    // The source version where there is one: binaries of one source build share it, while a
    // binary's own version may carry a binNMU suffix.
    const std::string& version = c.source_version.empty() ? c.version : c.source_version;
    const auto key = std::tuple(std::string(match->name), package, version);
    if (auto it = seen.find(key); it != seen.end()) {
      out[it->second].components.push_back(i);
      continue;
    }
    seen.emplace(key, out.size());
    out.push_back({std::string(match->name),
                   std::string(match->product),
                   package,
                   c.ecosystem,
                   version,
                   {i}});
  }
  return out;
}

}  // namespace upkeep::eol
