// SPDX-License-Identifier: Apache-2.0
//
// Debian changelogs (Debian Policy 4.4) and the .deb archives that carry them. Which CVEs an
// update fixes is written nowhere in the archive's indexes; the maintainers name them in the
// changelog entry of the upload ("* CVE-2024-5535: ..."), which the package installs as
// /usr/share/doc/<package>/changelog.Debian.gz (changelog.gz for native packages).
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "upkeep/debian_security.h"
#include "upkeep/version.h"

namespace upkeep::debian_security {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// "pkg (version) dist1 dist2; urgency=..." (dpkg-parsechangelog's header rule, loosely: the
// package name starts at column 0 and the version is in the first parentheses).
bool parse_header(std::string_view line, ChangelogEntry& entry) {
  if (line.empty() || !is_alnum(line.front())) return false;
  size_t space = line.find(' ');
  if (space == std::string_view::npos || space + 1 >= line.size() || line[space + 1] != '(') {
    return false;
  }
  size_t close = line.find(')', space + 2);
  size_t semi = line.find(';', space);
  if (close == std::string_view::npos || semi == std::string_view::npos || semi < close) {
    return false;
  }
  std::string_view version = line.substr(space + 2, close - space - 2);
  if (version.empty() || version.find_first_of(" \t(") != std::string_view::npos) return false;
  entry.package = std::string(line.substr(0, space));
  entry.version = std::string(version);
  entry.distribution = std::string(trim(line.substr(close + 1, semi - close - 1)));
  return true;
}

// Appends every "CVE-YYYY-NNNN..." of `text` not yet in `out`.
void collect_cves(std::string_view text, std::vector<std::string>& out) {
  size_t pos = 0;
  while ((pos = text.find("CVE-", pos)) != std::string_view::npos) {
    size_t start = pos;
    pos += 4;
    if (start > 0 && is_alnum(text[start - 1])) continue;
    size_t i = pos;
    while (i < text.size() && i - pos < 4 && is_digit(text[i]))
      ++i;
    if (i - pos != 4 || i >= text.size() || text[i] != '-') continue;
    size_t digits = ++i;
    while (i < text.size() && is_digit(text[i]) && i - digits < 12)
      ++i;
    if (i - digits < 4) continue;
    std::string id(text.substr(start, i - start));
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
    pos = i;
  }
}

// libarchive reading a .deb through an Fs FileReader.
struct OuterSource {
  FileReader* reader = nullptr;
  char buf[1 << 16];
};

la_ssize_t outer_read(archive* a, void* data, const void** out) {
  auto* src = static_cast<OuterSource*>(data);
  Result<size_t> n = src->reader->read(src->buf, sizeof(src->buf));
  if (!n.is_ok()) {
    archive_set_error(a, EIO, "%s", n.status().message().c_str());
    return -1;
  }
  *out = src->buf;
  return static_cast<la_ssize_t>(n.value());
}

// The data.tar member of the outer archive, as the inner archive's input.
struct InnerSource {
  archive* outer = nullptr;
  char buf[1 << 16];
};

la_ssize_t inner_read(archive* a, void* data, const void** out) {
  auto* src = static_cast<InnerSource*>(data);
  la_ssize_t n = archive_read_data(src->outer, src->buf, sizeof(src->buf));
  if (n < 0) {
    const char* e = archive_error_string(src->outer);
    archive_set_error(a, EIO, "%s", e ? e : "reading data.tar");
    return -1;
  }
  *out = src->buf;
  return n;
}

using ArchivePtr = std::unique_ptr<archive, int (*)(archive*)>;

std::string archive_message(archive* a, std::string_view what) {
  const char* e = archive_error_string(a);
  return std::string(what) + ": " + (e ? e : "unreadable archive");
}

// "./usr/share/doc/<pkg>/changelog.Debian.gz" -> 2, ".../changelog.gz" -> 1, else 0.
int changelog_rank(std::string_view path) {
  if (path.substr(0, 2) == "./") path.remove_prefix(2);
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  constexpr std::string_view kDoc = "usr/share/doc/";
  if (path.substr(0, kDoc.size()) != kDoc) return 0;
  path.remove_prefix(kDoc.size());
  size_t slash = path.find('/');
  if (slash == 0 || slash == std::string_view::npos) return 0;
  std::string_view file = path.substr(slash + 1);
  if (file == "changelog.Debian.gz") return 2;
  if (file == "changelog.gz") return 1;
  return 0;
}

Result<std::string> read_entry(archive* a, uint64_t max_bytes) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    la_ssize_t n = archive_read_data(a, buf, sizeof(buf));
    if (n < 0) return Status::corruption(archive_message(a, "reading the changelog"));
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return Status::invalid_argument("changelog larger than " + std::to_string(max_bytes) +
                                      " bytes");
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

std::vector<ChangelogEntry> parse_changelog(std::string_view text) {
  std::vector<ChangelogEntry> entries;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ChangelogEntry header;
    if (parse_header(line, header)) {
      entries.push_back(std::move(header));
      continue;
    }
    // Only the body lines of an entry (indented) name its changes; the trailer (" -- name
    // <mail>  date") and text before the first entry name none worth keeping.
    if (!entries.empty() && !line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      collect_cves(line, entries.back().cves);
    }
  }
  return entries;
}

std::vector<std::string> cves_between(const std::vector<ChangelogEntry>& entries,
                                      std::string_view installed, std::string_view fixed) {
  const version::Scheme* deb = version::find_scheme("deb");
  std::set<std::string> ids;
  for (const ChangelogEntry& e : entries) {
    auto above = deb->try_compare(e.version, installed);
    auto below = deb->try_compare(e.version, fixed);
    if (!above || !below) continue;
    if (*above > 0 && *below <= 0) ids.insert(e.cves.begin(), e.cves.end());
  }
  return {ids.begin(), ids.end()};
}

Result<std::string> read_deb_changelog(std::unique_ptr<FileReader> reader, uint64_t max_bytes) {
  auto outer_source = std::make_unique<OuterSource>();
  outer_source->reader = reader.get();
  ArchivePtr outer(archive_read_new(), &archive_read_free);
  archive_read_support_format_ar(outer.get());
  if (archive_read_open(outer.get(), outer_source.get(), nullptr, &outer_read, nullptr) !=
      ARCHIVE_OK) {
    return Status::invalid_argument(archive_message(outer.get(), "not a .deb"));
  }
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(outer.get(), &entry);
    if (rc == ARCHIVE_EOF) return Status::invalid_argument("a .deb without data.tar");
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      return Status::invalid_argument(archive_message(outer.get(), "not a .deb"));
    }
    const char* name = archive_entry_pathname(entry);
    if (name != nullptr && std::strncmp(name, "data.tar", 8) == 0) break;
  }
  auto inner_source = std::make_unique<InnerSource>();
  inner_source->outer = outer.get();
  ArchivePtr inner(archive_read_new(), &archive_read_free);
  archive_read_support_filter_all(inner.get());
  archive_read_support_format_tar(inner.get());
  archive_read_support_format_gnutar(inner.get());
  if (archive_read_open(inner.get(), inner_source.get(), nullptr, &inner_read, nullptr) !=
      ARCHIVE_OK) {
    return Status::invalid_argument(archive_message(inner.get(), "data.tar"));
  }
  std::string fallback;  // a native package's changelog.gz, used when no changelog.Debian.gz
  for (;;) {
    int rc = archive_read_next_header(inner.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      return Status::corruption(archive_message(inner.get(), "data.tar"));
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* path = archive_entry_pathname(entry);
    int rank = path ? changelog_rank(path) : 0;
    if (rank == 0 || (rank == 1 && !fallback.empty())) continue;
    Result<std::string> gz = read_entry(inner.get(), max_bytes);
    if (!gz.is_ok()) return gz.status();
    Result<std::string> text = decompress_list(".gz", gz.value(), max_bytes);
    if (!text.is_ok()) return text.status().with_context(path);
    if (rank == 2) return std::move(text.value());
    fallback = std::move(text.value());
  }
  if (!fallback.empty()) return fallback;
  return Status::not_found("no changelog in the package");
}

}  // namespace upkeep::debian_security
