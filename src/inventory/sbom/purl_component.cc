// SPDX-License-Identifier: Apache-2.0
//
// From what an SBOM says of a package to a Component: the purl decides the ecosystem and the
// name as the ecosystem writes it; distribution purls also carry the release (distro qualifier),
// the architecture and often the source package (upstream qualifier).
#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "inventory/sbom/sbom.h"

namespace upkeep::inventory::sbom {
namespace {

// purl type -> OSV ecosystem, for the types whose ecosystem does not depend on a distribution.
constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kLanguageEcosystems = {{
    {"npm", "npm"},
    {"pypi", "PyPI"},
    {"golang", "Go"},
    {"cargo", "crates.io"},
    {"maven", "Maven"},
    {"gem", "RubyGems"},
    {"composer", "Packagist"},
    {"nuget", "NuGet"},
    {"conan", "ConanCenter"},
    {"hex", "Hex"},
    {"pub", "Pub"},
    {"hackage", "Hackage"},
    {"cran", "CRAN"},
    {"swift", "SwiftURL"},
    {"bitnami", "Bitnami"},
}};

// Release codenames some tools write in the distro qualifier ("distro=bookworm").
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kCodenames = {{
    {"jessie", "debian-8"},       {"stretch", "debian-9"},      {"buster", "debian-10"},
    {"bullseye", "debian-11"},    {"bookworm", "debian-12"},    {"trixie", "debian-13"},
    {"forky", "debian-14"},       {"trusty", "ubuntu-14.04"},   {"xenial", "ubuntu-16.04"},
    {"bionic", "ubuntu-18.04"},   {"focal", "ubuntu-20.04"},    {"jammy", "ubuntu-22.04"},
    {"kinetic", "ubuntu-22.10"},  {"lunar", "ubuntu-23.04"},    {"mantic", "ubuntu-23.10"},
    {"noble", "ubuntu-24.04"},    {"oracular", "ubuntu-24.10"}, {"plucky", "ubuntu-25.04"},
    {"questing", "ubuntu-25.10"},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The OSV ecosystem of a distribution known only by name (no release).
std::string bare_distribution(std::string_view id) {
  if (id == "debian") return "Debian";
  if (id == "ubuntu") return "Ubuntu";
  if (id == "alpine") return "Alpine";
  if (id == "almalinux") return "AlmaLinux";
  if (id == "rocky") return "Rocky Linux";
  if (id == "rhel" || id == "redhat") return "Red Hat";
  if (id == "wolfi") return "Wolfi";
  if (id == "chainguard") return "Chainguard";
  return {};
}

std::string distribution_ecosystem(const purl::Purl& p) {
  std::string distro(p.qualifier("distro"));
  // Ubuntu Pro (ESM) packages, as Ubuntu's own OSV data writes them: "distro=esm-infra/xenial",
  // "esm-apps/jammy", "esm-infra-legacy/trusty". OSV files them under "Ubuntu:Pro:16.04:LTS".
  bool ubuntu_pro = false;
  if (const size_t slash = distro.find('/');
      slash != std::string::npos && distro.starts_with("esm-")) {
    distro.erase(0, slash + 1);
    ubuntu_pro = true;
  }
  for (const auto& [codename, release] : kCodenames) {
    const bool suffix = distro.size() > codename.size() && distro.ends_with(codename) &&
                        distro[distro.size() - codename.size() - 1] == '-';
    if (distro == codename || suffix) {
      distro = release;
      break;
    }
  }
  // "debian-12", "alpine-3.19.1", "opensuse-leap-15.5": the id ends where the release starts.
  // Some tools write only the release ("distro=3.19.1"): the namespace names the distribution.
  std::string id, version;
  size_t split = std::string::npos;
  for (size_t i = 0; i + 1 < distro.size(); ++i) {
    if (distro[i] == '-' && is_digit(distro[i + 1])) {
      split = i;
      break;
    }
  }
  if (!distro.empty() && is_digit(distro.front())) {
    version = distro;
  } else if (split != std::string::npos) {
    id = distro.substr(0, split);
    version = distro.substr(split + 1);
  } else {
    id = distro;
  }
  if (id.empty()) id = p.namespace_path;
  std::transform(id.begin(), id.end(), id.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (id == "redhat") id = "rhel";
  if (version.empty()) return bare_distribution(id);
  OsRelease os;
  os.id = id;
  os.version_id = version;
  std::string ecosystem = os.osv_ecosystem();
  if (ubuntu_pro && ecosystem.starts_with("Ubuntu:")) ecosystem.insert(7, "Pro:");
  return ecosystem;
}

// The name as the ecosystem writes it: "@scope/name", "group:artifact", a Go module path.
std::string ecosystem_name(const purl::Purl& p, std::string_view document_name) {
  if (p.namespace_path.empty()) {
    // PyPI purls carry the normalised name; the document has it as the project spells it.
    if (p.type == "pypi" && !document_name.empty()) return std::string(document_name);
    return p.name;
  }
  if (p.type == "maven") return p.namespace_path + ":" + p.name;
  if (p.type == "deb" || p.type == "apk" || p.type == "rpm" || p.type == "alpm") return p.name;
  return p.namespace_path + "/" + p.name;
}

// Source package from the `upstream` qualifier: "openssl", "glibc@2.36-9+deb12u4", or an RPM's
// "openssl-3.0.7-24.el9.src.rpm".
void set_source(const purl::Purl& p, Component& c) {
  std::string_view up = p.qualifier("upstream");
  if (up.empty()) return;
  if (up.ends_with(".src.rpm")) {
    up.remove_suffix(8);
    const size_t release = up.rfind('-');
    const size_t version = release == std::string_view::npos || release == 0
                               ? std::string_view::npos
                               : up.rfind('-', release - 1);
    if (version == std::string_view::npos) return;
    c.source_name = std::string(up.substr(0, version));
    c.source_version = std::string(up.substr(version + 1));
    return;
  }
  if (const size_t at = up.find('@'); at != std::string_view::npos) {
    c.source_name = std::string(up.substr(0, at));
    c.source_version = std::string(up.substr(at + 1));
    return;
  }
  c.source_name = std::string(up);
  // dpkg and apk: a source named without a version built this binary version.
  if (p.type == "deb" || p.type == "apk") c.source_version = c.version;
}

}  // namespace

std::string osv_ecosystem(const purl::Purl& p) {
  if (p.type == "deb" || p.type == "apk" || p.type == "rpm") return distribution_ecosystem(p);
  for (const auto& [type, ecosystem] : kLanguageEcosystems) {
    if (p.type == type) return std::string(ecosystem);
  }
  return {};
}

}  // namespace upkeep::inventory::sbom

namespace upkeep::inventory {

Component component_from_purl(const purl::Purl& p) {
  Component c;
  c.name = sbom::ecosystem_name(p, {});
  c.version = p.version;
  c.ecosystem = sbom::osv_ecosystem(p);
  c.arch = std::string(p.qualifier("arch"));
  sbom::set_source(p, c);
  // rpm: the epoch travels as a qualifier; rpm (and OSV's RPM data, "1:3.0.7-27.el9") compare
  // it as part of the version, as the rpm database extractor writes it, for the source package
  // too (a source RPM's file name has no epoch; the binary's is the source's).
  if (std::string_view epoch = p.qualifier("epoch"); p.type == "rpm" && !epoch.empty()) {
    const std::string prefix = std::string(epoch) + ":";
    if (!c.version.empty()) c.version.insert(0, prefix);
    if (!c.source_version.empty() && c.source_version.find(':') == std::string::npos) {
      c.source_version.insert(0, prefix);
    }
  }
  c.purl = purl::to_string(p);
  return c;
}

}  // namespace upkeep::inventory

namespace upkeep::inventory::sbom {

std::optional<Component> make_component(const PackageFields& f, const std::string& pointer,
                                        Problems& problems) {
  Component c;
  if (!f.purl.empty()) {
    auto parsed = purl::parse(f.purl);
    if (parsed.is_ok()) {
      purl::Purl p = std::move(*parsed);
      if (p.version.empty()) p.version = std::string(f.version);
      c = component_from_purl(p);
      c.name = ecosystem_name(p, f.name);
      // The document's own version field wins over the purl's (as written there, epoch and all).
      if (!f.version.empty() && c.version != f.version) {
        if (c.source_version == c.version) c.source_version = std::string(f.version);
        c.version = std::string(f.version);
      }
      return c;
    }
    problems.add(pointer, parsed.status().message() + "; reported as pkg:generic");
  } else if (f.non_software) {
    return std::nullopt;
  }
  if (f.name.empty()) {
    problems.add(pointer, "a package with neither purl nor name is skipped");
    return std::nullopt;
  }
  // Without a purl the ecosystem is unknown: report it, named, so it is not silently lost.
  purl::Purl generic{
      "generic", std::string(f.group), std::string(f.name), std::string(f.version), {}, ""};
  c.name = f.group.empty() ? std::string(f.name) : std::string(f.group) + "/" + std::string(f.name);
  c.version = std::string(f.version);
  c.purl = purl::to_string(generic);
  if (f.purl.empty()) {
    problems.add(pointer,
                 "\"" + c.name + "\" has no purl: ecosystem unknown, reported as " + c.purl);
  }
  return c;
}

namespace {

int rank(Relationship r) {
  return r == Relationship::kDirect ? 2 : r == Relationship::kTransitive ? 1 : 0;
}

}  // namespace

void add_merged(std::vector<Component> components, ExtractContext& ctx) {
  std::unordered_map<std::string, size_t> first;
  first.reserve(components.size());
  std::vector<bool> keep(components.size(), true);
  for (size_t k = 0; k < components.size(); ++k) {
    auto [it, inserted] = first.emplace(components[k].purl, k);
    if (inserted) continue;
    keep[k] = false;
    Component& into = components[it->second];
    Component& from = components[k];
    if (rank(from.relationship) > rank(into.relationship)) into.relationship = from.relationship;
    into.scope = wider_scope(into.scope, from.scope);
    for (auto& d : from.dependencies) {
      if (std::find(into.dependencies.begin(), into.dependencies.end(), d) ==
          into.dependencies.end()) {
        into.dependencies.push_back(std::move(d));
      }
    }
    if (into.licenses.empty()) into.licenses = std::move(from.licenses);
    if (into.source_name.empty()) {
      into.source_name = std::move(from.source_name);
      into.source_version = std::move(from.source_version);
    }
  }
  for (size_t k = 0; k < components.size(); ++k) {
    if (keep[k]) ctx.add(std::move(components[k]));
  }
}

std::string_view string_field(simdjson::dom::element element, std::string_view key,
                              const std::string& pointer, Problems& problems) {
  simdjson::dom::element value;
  if (element[key].get(value) != simdjson::SUCCESS) return {};
  std::string_view out;
  if (value.get(out) == simdjson::SUCCESS) return out;
  if (!value.is_null())
    problems.add(pointer + "/" + std::string(key), "\"" + std::string(key) + "\" is not a string");
  return {};
}

}  // namespace upkeep::inventory::sbom
