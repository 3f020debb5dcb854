// SPDX-License-Identifier: Apache-2.0
//
// Pending security updates from the apt lists alone.
//
// apt keeps, for every source line, the suite's Release (or InRelease) file and one Packages
// index per component and architecture in /var/lib/apt/lists, named after the URI with '/'
// turned into '_':
//   deb.debian.org_debian-security_dists_bookworm-security_InRelease
//   deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4
// A Release file and the indexes beside it share the prefix before "InRelease"/"Release". The
// suite is taken from the Release file's own fields, not from the URI, since mirrors and
// proxies name their paths freely.
//
// What `apt list --upgradable` restricted to the security suite shows is, per installed binary
// package, the candidate version when the security suite offers it. With the default pins the
// candidate is the highest version among the suites of equal priority, so an installed package
// below the security suite's version has a security update pending; tests/debian_security
// compares the two on the machine running the tests.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "upkeep/debian_security.h"
#include "upkeep/version.h"

namespace upkeep::debian_security {
namespace {

constexpr uint64_t kMaxReleaseBytes = 64ull << 20;
constexpr uint64_t kMaxChangelogBytes = 16ull << 20;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "<component>_binary-<arch>_Packages[.<compression>]" after a Release file's prefix.
bool is_packages_index(std::string_view rest) {
  if (rest.find("binary-") == std::string_view::npos) return false;
  size_t at = rest.rfind("_Packages");
  if (at == std::string_view::npos) return false;
  std::string_view tail = rest.substr(at + 9);
  return tail.empty() || tail == ".lz4" || tail == ".gz" || tail == ".xz" || tail == ".zst" ||
         tail == ".bz2";
}

// dpkg's rule for package names (pkg_name_is_illegal): an alphanumeric first, then
// alphanumerics and "-+._". Index entries with other names are reported, not used: the source
// name becomes part of a finding id.
bool valid_package_name(std::string_view name) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (name.empty() || !alnum(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) {
    return alnum(c) || c == '-' || c == '+' || c == '.' || c == '_';
  });
}

// The index name without its compression extension: one index may be present in two forms
// while apt switches compression; read it once.
std::string_view without_compression(std::string_view name) {
  size_t at = name.rfind("_Packages");
  return at == std::string_view::npos ? name : name.substr(0, at + 9);
}

// apt's cache file name for a package: epoch ':' escaped as "%3a" (apt's QuoteString).
std::string cache_name(const IndexPackage& p) {
  std::string version;
  for (char c : p.version) {
    if (c == ':') {
      version += "%3a";
    } else {
      version += c;
    }
  }
  return p.name + "_" + version + "_" + p.arch + ".deb";
}

struct Key {
  std::string name;
  std::string arch;
  bool operator==(const Key&) const = default;
};
struct KeyHash {
  size_t operator()(const Key& k) const {
    return std::hash<std::string>()(k.name) * 31 + std::hash<std::string>()(k.arch);
  }
};

struct Pending {
  size_t component = 0;
  const IndexPackage* update = nullptr;
  std::string suite;
};

}  // namespace

std::string update_id(std::string_view source, std::string_view version) {
  return "DEBIAN-SECURITY:" + std::string(source) + ":" + std::string(version);
}

Result<std::vector<match::Finding>> pending_security_updates(
    const Fs& root, const inventory::Inventory& inv, std::vector<inventory::Diagnostic>& warnings,
    const PendingOptions& options, PendingReport* report) {
  PendingReport local_report;
  PendingReport& rep = report ? *report : local_report;
  const version::Scheme* deb = version::find_scheme("deb");
  auto warn = [&](std::string file, std::string message, uint64_t line = 0) {
    inventory::Diagnostic d;
    d.file = std::move(file);
    d.line = line;
    d.message = std::move(message);
    d.extractor = "debian-archive";
    warnings.push_back(std::move(d));
  };

  Result<std::vector<DirEntry>> listing = root.list_dir(options.lists_dir);
  if (!listing.is_ok()) {
    if (listing.status().code() == StatusCode::kNotFound) return std::vector<match::Finding>{};
    return listing.status().with_context(root.describe(options.lists_dir));
  }
  std::vector<std::string> names;
  for (const DirEntry& e : listing.value())
    names.push_back(e.name);
  std::sort(names.begin(), names.end());

  // Release files of security suites, InRelease preferred as apt does.
  std::map<std::string, std::pair<std::string, ReleaseInfo>> suites;  // prefix -> (file, info)
  for (const std::string& name : names) {
    std::string_view n = name;
    std::string prefix;
    bool inrelease = ends_with(n, "_InRelease");
    if (inrelease) {
      prefix = std::string(n.substr(0, n.size() - 9));
    } else if (ends_with(n, "_Release")) {
      prefix = std::string(n.substr(0, n.size() - 7));
    } else {
      continue;
    }
    auto it = suites.find(prefix);
    if (it != suites.end() && !inrelease) continue;
    std::string path = join_path(options.lists_dir, name);
    Result<std::string> text = root.read_file(path, kMaxReleaseBytes);
    if (!text.is_ok()) {
      warn(path, text.status().message());
      continue;
    }
    ReleaseInfo info = parse_release(text.value());
    if (!info.is_security()) continue;
    suites[prefix] = {path, std::move(info)};
  }

  // The newest version of each (binary, architecture) in the security suites.
  std::deque<IndexPackage> storage;
  std::unordered_map<Key, std::pair<const IndexPackage*, std::string>, KeyHash> newest;
  std::unordered_map<std::string, std::vector<const IndexPackage*>> by_source;
  for (const auto& [prefix, suite] : suites) {
    rep.release_files.push_back(suite.first);
    std::string_view suite_name =
        suite.second.codename.empty() ? suite.second.suite : suite.second.codename;
    std::set<std::string, std::less<>> seen;
    for (const std::string& name : names) {
      if (!starts_with(name, prefix) ||
          !is_packages_index(std::string_view(name).substr(prefix.size()))) {
        continue;
      }
      if (!seen.insert(std::string(without_compression(name))).second) continue;
      std::string path = join_path(options.lists_dir, name);
      Result<std::string> raw = root.read_file(path, options.max_list_bytes);
      if (!raw.is_ok()) {
        warn(path, raw.status().message());
        continue;
      }
      Result<std::string> text = decompress_list(name, raw.value(), options.max_list_bytes);
      if (!text.is_ok()) {
        warn(path, text.status().message());
        continue;
      }
      rep.packages_files.push_back(path);
      parse_packages(
          text.value(),
          [&](IndexPackage p) {
            ++rep.index_packages;
            if (!valid_package_name(p.name) || !valid_package_name(p.source_name)) {
              warn(path, "invalid package or source name", p.line);
              return;
            }
            if (!deb->is_valid(p.version)) {
              warn(path, "package " + p.name + ": invalid version \"" + p.version + "\"", p.line);
              return;
            }
            storage.push_back(std::move(p));
            const IndexPackage* stored = &storage.back();
            by_source[stored->source_name].push_back(stored);
            auto [it, inserted] = newest.try_emplace(Key{stored->name, stored->arch}, stored,
                                                     std::string(suite_name));
            if (!inserted) {
              auto order = deb->try_compare(stored->version, it->second.first->version);
              if (!order || *order <= 0) return;
              it->second = {stored, std::string(suite_name)};
            }
          },
          [&](uint64_t line, std::string message) { warn(path, std::move(message), line); });
    }
  }

  // Installed packages below the security suite's version.
  std::vector<Pending> pending;
  for (size_t i = 0; i < inv.components.size(); ++i) {
    const inventory::Component& c = inv.components[i];
    if (c.extractor != "dpkg-status") continue;
    ++rep.installed_compared;
    auto it = newest.find(Key{c.name, c.arch});
    if (it == newest.end()) continue;
    auto order = deb->try_compare(c.version, it->second.first->version);
    if (!order) {
      warn(c.location, "package " + c.name + ": invalid installed version \"" + c.version + "\"");
      continue;
    }
    if (*order < 0) pending.push_back({i, it->second.first, it->second.second});
  }

  // CVE ids per update (source, version), read once.
  std::map<std::pair<std::string, std::string>, std::optional<std::vector<ChangelogEntry>>>
      changelogs;
  auto changelog_for = [&](const IndexPackage& update) -> const std::vector<ChangelogEntry>* {
    auto key = std::make_pair(update.source_name, update.source_version);
    auto [it, inserted] = changelogs.try_emplace(key);
    if (!inserted) return it->second ? &*it->second : nullptr;
    // An installed binary of the same source already at the update's version has the update's
    // changelog on disk.
    for (const inventory::Component& c : inv.components) {
      if (c.extractor != "dpkg-status" || c.source_name != update.source_name) continue;
      auto order = deb->try_compare(c.source_version, update.source_version);
      if (!order || *order < 0) continue;
      for (std::string_view file : {"changelog.Debian.gz", "changelog.gz"}) {
        std::string path = "/usr/share/doc/" + c.name + "/" + std::string(file);
        Result<std::string> gz = root.read_file(path, kMaxChangelogBytes);
        if (!gz.is_ok()) continue;
        Result<std::string> text = decompress_list(path, gz.value(), kMaxChangelogBytes);
        if (!text.is_ok()) {
          warn(path, text.status().message());
          continue;
        }
        it->second = parse_changelog(text.value());
        return &*it->second;
      }
    }
    // A .deb of the update apt already downloaded.
    auto binaries = by_source.find(update.source_name);
    if (binaries == by_source.end()) return nullptr;
    for (const IndexPackage* b : binaries->second) {
      if (b->source_version != update.source_version) continue;
      std::string path = join_path(options.archives_dir, cache_name(*b));
      Result<FileInfo> info = root.stat(path);
      if (!info.is_ok() || info->type != FileType::kRegular) continue;
      Result<std::unique_ptr<FileReader>> reader = root.open(path);
      if (!reader.is_ok()) {
        warn(path, reader.status().message());
        continue;
      }
      Result<std::string> text = read_deb_changelog(std::move(reader.value()), kMaxChangelogBytes);
      if (!text.is_ok()) {
        if (text.status().code() != StatusCode::kNotFound) warn(path, text.status().message());
        continue;
      }
      it->second = parse_changelog(text.value());
      return &*it->second;
    }
    return nullptr;
  };

  std::vector<match::Finding> findings;
  for (const Pending& p : pending) {
    const inventory::Component& c = inv.components[p.component];
    const IndexPackage& u = *p.update;
    std::string record = update_id(u.source_name, u.source_version);
    std::vector<std::string> cves;
    if (options.read_changelogs) {
      if (const auto* entries = changelog_for(u)) {
        std::string_view installed = c.source_version.empty() ? c.version : c.source_version;
        cves = cves_between(*entries, installed, u.source_version);
      }
    }
    auto make = [&](std::string id) {
      match::Finding f;
      f.component = p.component;
      f.ids = {std::move(id)};
      f.records = {record};
      f.sources = {"debian-archive"};
      f.fixed_version = u.version;
      f.summary =
          "security update " + u.source_name + " " + u.source_version + " pending in " + p.suite;
      return f;
    };
    if (cves.empty()) {
      findings.push_back(make(record));
    } else {
      for (std::string& id : cves)
        findings.push_back(make(std::move(id)));
    }
  }
  std::stable_sort(
      findings.begin(), findings.end(), [](const match::Finding& a, const match::Finding& b) {
        return std::tie(a.component, a.ids.front()) < std::tie(b.component, b.ids.front());
      });
  return findings;
}

}  // namespace upkeep::debian_security
