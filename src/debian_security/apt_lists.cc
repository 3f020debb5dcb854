// SPDX-License-Identifier: Apache-2.0
//
// apt's Release / InRelease files and Packages indexes (both deb822; see Debian's
// "DebianRepository/Format"). Only the fields that say what a suite is and which version of
// which binary package it offers are read.
#include <algorithm>
#include <string>
#include <string_view>

#include "inventory/os/deb822.h"
#include "upkeep/debian_security.h"

namespace upkeep::debian_security {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
      ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t')
      ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

// The signed text of an InRelease file (RFC 4880 cleartext signature framework), or the whole
// text of a Release file. Dash-escaped lines ("- -----") only occur in the signed text when it
// has lines starting with '-', which a Release file never has.
std::string_view signed_text(std::string_view text) {
  constexpr std::string_view kBegin = "-----BEGIN PGP SIGNED MESSAGE-----";
  constexpr std::string_view kSignature = "\n-----BEGIN PGP SIGNATURE-----";
  if (text.substr(0, kBegin.size()) != kBegin) return text;
  // Armour headers ("Hash: SHA256") end at the first empty line.
  size_t blank = text.find("\n\n");
  if (blank == std::string_view::npos) return {};
  text.remove_prefix(blank + 2);
  size_t end = text.find(kSignature);
  if (end != std::string_view::npos) text = text.substr(0, end + 1);
  return text;
}

}  // namespace

bool ReleaseInfo::is_security() const {
  return label == "Debian-Security" || ends_with(suite, "-security") ||
         ends_with(codename, "-security");
}

ReleaseInfo parse_release(std::string_view text) {
  ReleaseInfo info;
  text = signed_text(text);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (trim(line).empty()) break;  // the first paragraph is the whole Release file
    if (line.front() == ' ' || line.front() == '\t') continue;  // checksum lists
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view field = trim(line.substr(0, colon));
    std::string value(trim(line.substr(colon + 1)));
    if (iequals(field, "Origin")) {
      info.origin = std::move(value);
    } else if (iequals(field, "Label")) {
      info.label = std::move(value);
    } else if (iequals(field, "Suite")) {
      info.suite = std::move(value);
    } else if (iequals(field, "Codename")) {
      info.codename = std::move(value);
    } else if (iequals(field, "Version")) {
      info.version = std::move(value);
    } else if (iequals(field, "Architectures")) {
      info.architectures = words(value);
    } else if (iequals(field, "Components")) {
      info.components = words(value);
    }
  }
  return info;
}

void parse_packages(std::string_view text, const std::function<void(IndexPackage)>& on_package,
                    const std::function<void(uint64_t, std::string)>& on_problem) {
  inventory::os::parse_deb822(
      text,
      [&](const inventory::os::Deb822Paragraph& p) {
        IndexPackage pkg;
        pkg.name = std::string(trim(p.get("Package")));
        pkg.version = std::string(trim(p.get("Version")));
        pkg.arch = std::string(trim(p.get("Architecture")));
        if (pkg.name.empty() || pkg.version.empty() || pkg.arch.empty()) {
          on_problem(p.line, "paragraph without Package, Version or Architecture");
          return;
        }
        // "Source: openssl" or "Source: openssl (3.0.15-1~deb12u1)" (binNMUs and binaries whose
        // version differs from the source's).
        std::string_view source = trim(p.get("Source"));
        if (source.empty()) {
          pkg.source_name = pkg.name;
          pkg.source_version = pkg.version;
        } else {
          size_t open = source.find('(');
          pkg.source_name = std::string(trim(source.substr(0, open)));
          if (open != std::string_view::npos) {
            size_t close = source.find(')', open);
            pkg.source_version = std::string(trim(source.substr(
                open + 1, (close == std::string_view::npos ? source.size() : close) - open - 1)));
          }
          if (pkg.source_version.empty()) pkg.source_version = pkg.version;
          if (pkg.source_name.empty()) pkg.source_name = pkg.name;
        }
        pkg.filename = std::string(trim(p.get("Filename")));
        pkg.line = p.line;
        on_package(std::move(pkg));
      },
      [&](const inventory::os::Deb822Error& e) { on_problem(e.line, e.message); });
}

}  // namespace upkeep::debian_security
