// SPDX-License-Identifier: Apache-2.0
//
// dpkg's database of installed packages: /var/lib/dpkg/status, one deb822 paragraph per package
// dpkg knows, and distroless images' /var/lib/dpkg/status.d/<name> (one or more paragraphs per
// file, usually without a Status field; the *.md5sums files beside them are not databases).
//
// Which packages are installed. dpkg-query -W lists every package whose state is not
// "not-installed", and its ${db:Status-Status} tells the states apart:
//   installed, half-installed, unpacked, half-configured, triggers-awaited, triggers-pending:
//     the package's files are (at least partly) on disk, so its code can run -> reported;
//   config-files: only its configuration files are left after a remove -> not reported;
//   not-installed: dpkg-query does not list it either -> not reported.
// The "want" word (install, hold, deinstall, purge) is what a user asked for, not what is on disk,
// and does not matter. So the components are exactly what `dpkg-query -W` lists minus its
// config-files entries (tests/cli/host_dpkg_test.py checks this on the machine running it).
//
// dpkg itself reads status and then replays /var/lib/dpkg/updates/NNNN (records written by a dpkg
// run that was interrupted before it folded them into status); this reader does the same, so
// it agrees with dpkg-query on such a system too.
//
// Each package: name, version, Architecture, and the source package advisories are keyed by:
// "Source: name" or "Source: name (version)" when it differs from the binary; without a Source
// field the source is the binary itself. Dependencies are Depends and Pre-Depends resolved to the
// installed packages that satisfy them (by name or through Provides).
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/os/deb822.h"
#include "inventory/os/distro.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

constexpr std::string_view kStatusPath = "/var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "/var/lib/dpkg/status.d";
constexpr std::string_view kLocations[] = {kStatusPath, kStatusDir};
constexpr std::string_view kUpdatesDir = "/var/lib/dpkg/updates";

// The states in which a package's files are on disk (see the top of the file).
constexpr std::string_view kPresentStates[] = {"installed",        "half-installed",
                                               "unpacked",         "half-configured",
                                               "triggers-awaited", "triggers-pending"};
constexpr std::string_view kAbsentStates[] = {"not-installed", "config-files"};

constexpr bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// dpkg's rule for package names (pkg_name_is_illegal): an alphanumeric first, then alphanumerics
// and "-+._".
bool valid_package_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return is_alnum(c) || c == '-' || c == '+' || c == '.' || c == '_';
  });
}

// Versions are printable ASCII without blanks in every form dpkg accepts.
bool plausible_version(std::string_view v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// "name:any (>= 1.0)" -> "name".
std::string_view relation_name(std::string_view rel) {
  rel = trim(rel);
  const size_t end = rel.find_first_of(" \t(:[<>=");
  return rel.substr(0, end);
}

// Calls f(group) for each comma-separated group of a relationship field.
template <typename F>
void for_each_group(std::string_view field, F&& f) {
  while (!field.empty()) {
    const size_t comma = field.find(',');
    f(field.substr(0, comma));
    if (comma == std::string_view::npos) break;
    field.remove_prefix(comma + 1);
  }
}

struct Package {
  std::string name, version, arch, source_name, source_version;
  std::string relations;  // Pre-Depends and Depends, folded, comma-separated
  std::string provides;
  std::string location;  // the file the paragraph came from
  bool present = false;  // in one of kPresentStates
};

class DpkgStatusExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "dpkg-status"; }

  std::span<const std::string_view> fixed_locations() const override { return kLocations; }

  bool claims(const FileRef& file) const override {
    if (file.path == kStatusPath) return true;
    return parent_path(file.path) == kStatusDir && !file.name.ends_with(".md5sums");
  }

  // A status file saved under another name: it starts with a paragraph and has a Status field
  // (apt's Packages lists of available packages look alike but have none).
  bool recognizes(std::string_view /*name*/, std::string_view head) const override {
    while (!head.empty() && (head.front() == '\n' || head.front() == '\r'))
      head.remove_prefix(1);
    return head.starts_with("Package: ") && head.find("\nStatus: ") != std::string_view::npos;
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    // status.d files of distroless images carry no Status: everything listed is installed.
    const bool status_optional = parent_path(file.path) == kStatusDir;
    std::vector<Package> packages;
    std::map<std::pair<std::string, std::string>, size_t> by_name_arch;
    read_file(*text, std::string(file.path), status_optional, ctx, packages, by_name_arch);
    if (file.path == kStatusPath) replay_updates(ctx, packages, by_name_arch);

    const os::Distro distro =
        os::distro_from(os::find_os_release(ctx, file.path), "debian", "Debian");
    // What satisfies a relationship: installed packages by name, then what they provide.
    std::unordered_map<std::string_view, std::string_view> satisfier;
    for (const Package& p : packages) {
      if (p.present) satisfier.emplace(p.name, p.name);
    }
    for (const Package& p : packages) {
      if (!p.present) continue;
      for_each_group(p.provides, [&](std::string_view g) {
        const std::string_view n = relation_name(g);
        if (!n.empty()) satisfier.emplace(n, p.name);
      });
    }
    for (const Package& p : packages) {
      if (!p.present) continue;
      Component c;
      c.ecosystem = distro.ecosystem;
      c.name = p.name;
      c.version = p.version;
      c.arch = p.arch;
      c.source_name = p.source_name.empty() ? p.name : p.source_name;
      c.source_version = p.source_version.empty() ? p.version : p.source_version;
      c.location = p.location;
      purl::Purl purl{"deb", distro.purl_namespace, p.name, p.version, {}, ""};
      purl.set_qualifier("arch", p.arch);
      purl.set_qualifier("distro", distro.purl_distro);
      c.purl = purl::to_string(purl);
      os::DependencyList deps(p.name);
      for_each_group(p.relations, [&](std::string_view group) {
        // Alternatives "a | b": the first one that is installed is what satisfies it.
        while (!group.empty()) {
          const size_t bar = group.find('|');
          if (auto it = satisfier.find(relation_name(group.substr(0, bar)));
              it != satisfier.end()) {
            deps.add(it->second);
            break;
          }
          if (bar == std::string_view::npos) break;
          group.remove_prefix(bar + 1);
        }
      });
      c.dependencies = deps.take();
      ctx.add(std::move(c));
    }
  }

 private:
  // Parses one file of paragraphs into `packages`; a later paragraph for the same name and
  // architecture replaces an earlier one (as dpkg's updates do).
  static void read_file(std::string_view text, const std::string& path, bool status_optional,
                        ExtractContext& ctx, std::vector<Package>& packages,
                        std::map<std::pair<std::string, std::string>, size_t>& by_name_arch) {
    auto on_error = [&](const os::Deb822Error& e) {
      ctx.warn_in(path, e.message, e.line, e.column);
    };
    auto on_paragraph = [&](const os::Deb822Paragraph& para) {
      auto warn = [&](const std::string& message) { ctx.warn_in(path, message, para.line); };
      const std::string_view name = para.get("Package");
      if (name.empty()) {
        warn("a paragraph without a Package field");
        return;
      }
      if (!valid_package_name(name)) {
        warn("an invalid package name \"" + printable(name) + "\"");
        return;
      }
      Package p;
      p.name = std::string(name);
      p.location = path;
      const std::string_view status = para.get("Status");
      if (status.empty()) {
        if (!status_optional) {
          warn("package " + p.name + " has no Status field");
          return;
        }
        p.present = true;
      } else {
        // "want flag state", e.g. "install ok installed".
        const size_t last = status.find_last_of(' ');
        const std::string_view state =
            last == std::string_view::npos ? std::string_view() : status.substr(last + 1);
        const bool three_words = std::count(status.begin(), status.end(), ' ') == 2;
        if (three_words && std::find(std::begin(kPresentStates), std::end(kPresentStates), state) !=
                               std::end(kPresentStates)) {
          p.present = true;
        } else if (!three_words || std::find(std::begin(kAbsentStates), std::end(kAbsentStates),
                                             state) == std::end(kAbsentStates)) {
          warn("package " + p.name + " has an unknown Status \"" + printable(status) + "\"");
          return;
        }
      }
      p.version = std::string(para.get("Version"));
      if (p.present) {
        if (p.version.empty()) {
          warn("package " + p.name + " has no Version");
          return;
        }
        if (!plausible_version(p.version)) {
          warn("package " + p.name + " has an invalid Version \"" + printable(p.version) + "\"");
        }
      }
      p.arch = std::string(para.get("Architecture"));
      if (p.present && p.arch.empty()) warn("package " + p.name + " has no Architecture");
      if (const std::string_view source = para.get("Source"); !source.empty()) {
        // "name" or "name (version)".
        const size_t open = source.find('(');
        p.source_name = std::string(trim(source.substr(0, open)));
        if (open != std::string_view::npos) {
          const size_t close = source.find(')', open);
          if (close == std::string_view::npos) {
            warn("package " + p.name + " has a Source field without a closing parenthesis");
          } else {
            p.source_version = std::string(trim(source.substr(open + 1, close - open - 1)));
          }
        }
        if (p.source_name.find_first_of(" \t") != std::string::npos) {
          warn("package " + p.name + " has an invalid Source \"" + printable(source) + "\"");
          p.source_name.clear();
          p.source_version.clear();
        }
      }
      p.relations = para.folded("Pre-Depends");
      if (std::string depends = para.folded("Depends"); !depends.empty()) {
        if (!p.relations.empty()) p.relations += ',';
        p.relations += depends;
      }
      p.provides = para.folded("Provides");
      auto key = std::make_pair(p.name, p.arch);
      if (auto it = by_name_arch.find(key); it != by_name_arch.end()) {
        packages[it->second] = std::move(p);
      } else {
        by_name_arch.emplace(std::move(key), packages.size());
        packages.push_back(std::move(p));
      }
    };
    os::parse_deb822(text, on_paragraph, on_error);
  }

  // dpkg's journal: /var/lib/dpkg/updates/NNNN, applied in numeric order over status.
  void replay_updates(ExtractContext& ctx, std::vector<Package>& packages,
                      std::map<std::pair<std::string, std::string>, size_t>& by_name_arch) const {
    auto entries = ctx.fs().list_dir(kUpdatesDir);
    if (!entries.is_ok()) return;  // no journal: the usual case
    std::vector<std::string> names;
    for (const DirEntry& e : *entries) {
      if (!e.name.empty() &&
          std::all_of(e.name.begin(), e.name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        names.push_back(e.name);
      }
    }
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    for (const std::string& n : names) {
      const std::string path = join_path(kUpdatesDir, n);
      auto text = ctx.fs().read_file(path, max_file_size());
      if (!text.is_ok()) {
        ctx.warn_in(path, text.status().message());
        continue;
      }
      read_file(*text, path, false, ctx, packages, by_name_arch);
    }
  }

  // A value for a message: at most 80 bytes, and only when it is valid UTF-8.
  static std::string printable(std::string_view v) {
    if (!is_valid_utf8(v)) return "(not valid UTF-8)";
    return std::string(v.substr(0, 80));
  }
};

}  // namespace

const Extractor& dpkg_status_extractor() {
  static const DpkgStatusExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
