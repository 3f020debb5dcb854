// SPDX-License-Identifier: Apache-2.0
//
// apk's database of installed packages, /lib/apk/db/installed: one block of "K:value" lines per
// package (a one-letter key, a colon, the value), blocks separated by a blank line. The keys used
// here: P name, V version, A architecture, o origin (the source package advisories are keyed
// by; it is built at the same version), L license, D dependencies, p what the package provides.
// Other keys (file lists F/R/Z/a/M, checksums C, sizes S/I, T, U, m, t, c, ...) are skipped.
//
// Dependencies ("D:so:libc.musl-x86_64.so.1 musl>=1.2 !conflict") are resolved to the installed
// packages that provide them, by name or through "p:" entries; conflicts ("!") are not
// dependencies.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/os/distro.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

constexpr std::string_view kInstalledPath = "/lib/apk/db/installed";
constexpr std::string_view kLocations[] = {kInstalledPath};

struct Package {
  std::string name, version, arch, origin, license;
  std::vector<std::string_view> depends, provides;  // tokens, pointing into the file text
  uint64_t line = 0;
};

// "so:libc.musl-x86_64.so.1=1" -> "so:libc.musl-x86_64.so.1"; "musl>=1.2" -> "musl".
std::string_view dependency_name(std::string_view token) {
  return token.substr(0, token.find_first_of("<>=~"));
}

// Calls f(token) for each blank-separated token.
template <typename F>
void for_each_token(std::string_view s, F&& f) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ')
      ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ')
      ++j;
    if (j > i) f(s.substr(i, j - i));
    i = j;
  }
}

class ApkInstalledExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "apk-installed"; }
  std::span<const std::string_view> fixed_locations() const override { return kLocations; }
  bool claims(const FileRef& file) const override { return file.path == kInstalledPath; }

  // An installed database saved under another name: its first block names a package and a
  // version in apk's one-letter syntax.
  bool recognizes(std::string_view /*name*/, std::string_view head) const override {
    if (head.size() < 2 || head[1] != ':') return false;
    const bool has_name = head.starts_with("P:") || head.find("\nP:") != std::string_view::npos;
    return has_name && head.find("\nV:") != std::string_view::npos;
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    const std::string_view data = *text;
    std::vector<Package> packages;
    Package current;
    bool in_block = false;
    auto finish = [&] {
      if (!in_block) return;
      in_block = false;
      if (current.name.empty()) {
        ctx.warn("a package without a name (P:)", current.line);
      } else if (current.version.empty()) {
        ctx.warn("package " + printable(current.name) + " has no version (V:)", current.line);
      } else {
        packages.push_back(std::move(current));
      }
      current = Package();
    };
    uint64_t line_no = 0;
    size_t pos = 0;
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      if (nl == std::string_view::npos) nl = data.size();
      std::string_view line = data.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) {
        finish();
        continue;
      }
      if (line.size() < 2 || line[1] != ':') {
        ctx.warn("a line that is not \"K:value\"", line_no, 1);
        continue;
      }
      if (!in_block) {
        in_block = true;
        current.line = line_no;
      }
      const std::string_view value = line.substr(2);
      auto set_once = [&](std::string& field, char key) {
        if (!field.empty()) {
          ctx.warn(std::string("a second ") + key + ": line in one package", line_no, 1);
          return;
        }
        field = std::string(value);
      };
      switch (line[0]) {
        case 'P':
          set_once(current.name, 'P');
          break;
        case 'V':
          set_once(current.version, 'V');
          break;
        case 'A':
          set_once(current.arch, 'A');
          break;
        case 'o':
          set_once(current.origin, 'o');
          break;
        case 'L':
          set_once(current.license, 'L');
          break;
        case 'D':
          for_each_token(value, [&](std::string_view t) {
            if (t.front() != '!') current.depends.push_back(dependency_name(t));
          });
          break;
        case 'p':
          for_each_token(
              value, [&](std::string_view t) { current.provides.push_back(dependency_name(t)); });
          break;
        default:
          break;
      }
    }
    finish();

    const os::Distro distro =
        os::distro_from(os::find_os_release(ctx, file.path), "alpine", "Alpine");
    std::unordered_map<std::string_view, std::string_view> satisfier;
    for (const Package& p : packages)
      satisfier.emplace(p.name, p.name);
    for (const Package& p : packages) {
      for (std::string_view n : p.provides)
        satisfier.emplace(n, p.name);
    }
    for (const Package& p : packages) {
      if (!plausible(p.name) || !plausible(p.version)) {
        ctx.warn("package \"" + printable(p.name) + "\" has an invalid name or version \"" +
                     printable(p.version) + "\"",
                 p.line);
        if (!is_valid_utf8(p.name)) continue;
      }
      Component c;
      c.ecosystem = distro.ecosystem;
      c.name = p.name;
      c.version = p.version;
      c.arch = p.arch;
      c.source_name = p.origin.empty() ? p.name : p.origin;
      c.source_version = p.version;
      if (!p.license.empty()) c.licenses.push_back(p.license);
      purl::Purl purl{"apk", distro.purl_namespace, p.name, p.version, {}, ""};
      purl.set_qualifier("arch", p.arch);
      purl.set_qualifier("distro", distro.purl_distro);
      c.purl = purl::to_string(purl);
      os::DependencyList deps(p.name);
      for (std::string_view d : p.depends) {
        if (auto it = satisfier.find(d); it != satisfier.end()) deps.add(it->second);
      }
      c.dependencies = deps.take();
      ctx.add(std::move(c));
    }
  }

 private:
  // Names and versions are printable ASCII without blanks in anything apk writes.
  static bool plausible(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
  }
  static std::string printable(std::string_view v) {
    if (!is_valid_utf8(v)) return "(not valid UTF-8)";
    return std::string(v.substr(0, 80));
  }
};

}  // namespace

const Extractor& apk_installed_extractor() {
  static const ApkInstalledExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
