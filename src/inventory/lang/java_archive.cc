// SPDX-License-Identifier: Apache-2.0
//
// Java archives (.jar, .war, .ear, Jenkins .hpi/.jpi, JBoss .sar): the Maven artifacts they
// carry, read with libarchive.
//
// - META-INF/maven/<group>/<artifact>/pom.properties: one component each (Maven writes one per
//   artifact it packages; a shaded jar carries those of everything shaded into it).
// - No pom.properties: one component for the archive itself, from META-INF/MANIFEST.MF and the
//   file name (see fallback_component()).
// - Archives inside (Spring Boot BOOT-INF/lib/*.jar, WEB-INF/lib/*.jar of a WAR, the modules of
//   an EAR) are read the same way, recursively, and their components are located at
//   "outer.jar!/BOOT-INF/lib/inner.jar".
//
// Bounds (JavaArchiveLimits): an archive up to max_in_memory is read whole and opened through
// its central directory; a larger one streams. Only metadata and nested archives are ever
// decompressed, and all of that counts against max_total_bytes; entries count against
// max_entries; nesting stops at max_depth. Hitting a bound is reported and what was found until
// then is kept. Nothing is written to disk.
//
// The archive does not say whether a library is direct or transitive, nor its scope: both stay
// unknown.
#include "inventory/lang/java_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/lang/maven_common.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

constexpr std::string_view kExtensions[] = {".jar", ".war", ".ear", ".hpi", ".jpi", ".sar"};
// Consecutive entries libarchive could not read before the archive is given up.
constexpr int kMaxEntryFailures = 16;

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// The extension of a Java archive, or empty.
std::string_view archive_extension(std::string_view name) {
  for (std::string_view ext : kExtensions) {
    if (name.size() > ext.size() && iequals(name.substr(name.size() - ext.size()), ext)) {
      return name.substr(name.size() - ext.size());
    }
  }
  return {};
}

// Entry names are bytes; locations and messages are UTF-8 text.
std::string printable(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += '?';
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// The main section of a manifest (JAR File Specification): "Name: value" lines, continued by
// lines that start with one space, up to the first empty line. Names are case-insensitive: the
// keys are lower-cased.
std::map<std::string, std::string> parse_manifest(std::string_view text) {
  std::map<std::string, std::string> out;
  std::string* last = nullptr;
  for (std::string_view line : split_lines(text)) {
    if (line.empty()) break;
    if (line.front() == ' ') {
      if (last != nullptr) last->append(line.substr(1));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      last = nullptr;
      continue;
    }
    std::string name;
    for (char c : line.substr(0, colon))
      name += ascii_lower(c);
    last = &(out[name] = std::string(maven::trim(line.substr(colon + 1))));
  }
  for (auto& [name, value] : out)
    value = std::string(maven::trim(value));
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// java.util.Properties text: "key=value", "key: value" or "key value" logical lines (a line
// ending in an odd number of backslashes continues), '#' and '!' comments, backslash escapes.
std::map<std::string, std::string> parse_properties(std::string_view text) {
  std::map<std::string, std::string> out;
  std::string logical;
  auto unescape = [](std::string_view s) {
    std::string r;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\' || i + 1 >= s.size()) {
        r += s[i];
        continue;
      }
      const char e = s[++i];
      if (e == 't') {
        r += '\t';
      } else if (e == 'n') {
        r += '\n';
      } else if (e == 'r') {
        r += '\r';
      } else if (e == 'f') {
        r += '\f';
      } else if (e == 'u' && i + 4 < s.size() && hex_digit(s[i + 1]) >= 0 &&
                 hex_digit(s[i + 2]) >= 0 && hex_digit(s[i + 3]) >= 0 && hex_digit(s[i + 4]) >= 0) {
        const uint32_t cp = (hex_digit(s[i + 1]) << 12) | (hex_digit(s[i + 2]) << 8) |
                            (hex_digit(s[i + 3]) << 4) | hex_digit(s[i + 4]);
        append_utf8(r, cp);
        i += 4;
      } else {
        r += e;
      }
    }
    return r;
  };
  auto finish = [&](std::string_view line) {
    size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f'))
      ++i;
    if (i == line.size() || line[i] == '#' || line[i] == '!') return;
    size_t key_end = i;
    while (key_end < line.size()) {
      const char c = line[key_end];
      if (c == '\\') {
        key_end += 2;
        continue;
      }
      if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') break;
      ++key_end;
    }
    key_end = std::min(key_end, line.size());
    size_t v = key_end;
    while (v < line.size() && (line[v] == ' ' || line[v] == '\t' || line[v] == '\f'))
      ++v;
    if (v < line.size() && (line[v] == '=' || line[v] == ':')) ++v;
    while (v < line.size() && (line[v] == ' ' || line[v] == '\t' || line[v] == '\f'))
      ++v;
    out[unescape(line.substr(i, key_end - i))] = unescape(line.substr(v));
  };
  for (std::string_view line : split_lines(text)) {
    size_t backslashes = 0;
    while (backslashes < line.size() && line[line.size() - 1 - backslashes] == '\\')
      ++backslashes;
    if (!logical.empty()) {
      // A continuation line: its leading white space is dropped.
      size_t lead = 0;
      while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t' || line[lead] == '\f'))
        ++lead;
      line.remove_prefix(lead);
    }
    if (backslashes % 2 == 1) {
      logical.append(line.substr(0, line.size() - 1));
      continue;
    }
    logical.append(line);
    finish(logical);
    logical.clear();
  }
  if (!logical.empty()) finish(logical);
  return out;
}

// "META-INF/maven/<group>/<artifact>/pom.properties": the group and artifact from the path.
bool pom_properties_path(std::string_view name, std::string_view& group,
                         std::string_view& artifact) {
  constexpr std::string_view kPrefix = "META-INF/maven/";
  constexpr std::string_view kSuffix = "/pom.properties";
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return false;
  if (name.size() <= kPrefix.size() + kSuffix.size()) return false;
  const std::string_view middle =
      name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  const size_t slash = middle.find('/');
  if (slash == std::string_view::npos || middle.find('/', slash + 1) != std::string_view::npos) {
    return false;
  }
  group = middle.substr(0, slash);
  artifact = middle.substr(slash + 1);
  return !group.empty() && !artifact.empty();
}

// Streams from a FileReader (a large archive on disk or in an image layer).
struct ReaderSource {
  FileReader* reader = nullptr;
  std::vector<char> buffer = std::vector<char>(64 << 10);
};

la_ssize_t read_from_reader(struct archive* a, void* data, const void** out) {
  auto* src = static_cast<ReaderSource*>(data);
  auto n = src->reader->read(src->buffer.data(), src->buffer.size());
  if (!n.is_ok()) {
    archive_set_error(a, EIO, "%s", n.status().message().c_str());
    return -1;
  }
  *out = src->buffer.data();
  return static_cast<la_ssize_t>(*n);
}

class Scan;

// Streams from the current entry of an enclosing archive.
struct NestedSource {
  struct archive* outer = nullptr;
  Scan* scan = nullptr;
  std::vector<char> buffer = std::vector<char>(64 << 10);
};

la_ssize_t read_from_entry(struct archive* a, void* data, const void** out);

struct ArchiveCloser {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveCloser>;

ArchivePtr new_reader(bool seekable) {
  ArchivePtr a(archive_read_new());
  if (seekable) {
    archive_read_support_format_zip_seekable(a.get());
  } else {
    archive_read_support_format_zip_streamable(a.get());
  }
  return a;
}

std::string error_of(struct archive* a) {
  const char* e = archive_error_string(a);
  return e != nullptr ? printable(e) : std::string("unknown error");
}

// One top-level file: the budget shared by it and everything nested in it.
class Scan {
 public:
  Scan(const JavaArchiveLimits& limits, ExtractContext& ctx)
      : limits_(limits),
        ctx_(ctx),
        bytes_left_(limits.max_total_bytes),
        entries_left_(limits.max_entries) {}

  // Reads the archive held in `data` (central directory first, local entries in order when
  // there is none).
  void read_memory(const std::string& data, const std::string& where, std::string_view file_name,
                   int depth) {
    ArchivePtr a = new_reader(true);
    if (archive_read_open_memory(a.get(), data.data(), data.size()) == ARCHIVE_OK) {
      read_archive(a.get(), where, file_name, depth);
      return;
    }
    const std::string why = error_of(a.get());
    // No usable central directory (a truncated or damaged archive): the local entries in order
    // may still be readable.
    a = new_reader(false);
    if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
      warn(where, "not a readable Java archive (zip): " + why, 0);
      return;
    }
    warn(where, "no usable zip central directory (" + why + "); entries read in order", 0);
    read_archive(a.get(), where, file_name, depth);
  }

  void read_stream(FileReader& reader, const std::string& where, std::string_view file_name) {
    ReaderSource src{&reader};
    ArchivePtr a = new_reader(false);
    if (archive_read_open2(a.get(), &src, nullptr, read_from_reader, nullptr, nullptr) !=
        ARCHIVE_OK) {
      warn(where, "not a readable Java archive (zip): " + error_of(a.get()), 0);
      return;
    }
    read_archive(a.get(), where, file_name, 0);
  }

  // Charges `n` decompressed bytes; false (and reading stops) past the bound.
  bool charge(uint64_t n) {
    if (!exhausted_.empty()) return false;
    if (n > bytes_left_) {
      exhausted_ = "stopped after decompressing " + std::to_string(limits_.max_total_bytes) +
                   " bytes, the limit for one archive (a zip bomb?)";
      return false;
    }
    bytes_left_ -= n;
    return true;
  }

  // Reports a bound that was hit, once, on the top-level file.
  void finish() {
    if (!exhausted_.empty()) ctx_.warn(exhausted_);
  }

 private:
  void warn(const std::string& where, std::string message, uint64_t offset) {
    if (where == ctx_.current_path()) {
      if (offset > 0) {
        ctx_.warn_at_offset(std::move(message), offset);
      } else {
        ctx_.warn(std::move(message));
      }
    } else {
      ctx_.warn_in(where, offset > 0 ? "byte " + std::to_string(offset) + ": " + message
                                     : std::move(message));
    }
  }

  // The current entry's content, up to `limit` bytes (nullopt, with a warning, past it or on a
  // read error).
  std::optional<std::string> read_entry(struct archive* a, uint64_t limit, const std::string& where,
                                        const std::string& entry) {
    std::string out;
    char buf[16 << 10];
    while (true) {
      const la_ssize_t n = archive_read_data(a, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        warn(where, "cannot read " + entry + ": " + error_of(a), 0);
        return std::nullopt;
      }
      if (!charge(static_cast<uint64_t>(n))) return std::nullopt;
      if (out.size() + static_cast<uint64_t>(n) > limit) {
        warn(where, entry + " is larger than " + std::to_string(limit) + " bytes; skipped", 0);
        return std::nullopt;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

  void read_archive(struct archive* a, const std::string& where, std::string_view file_name,
                    int depth) {
    std::vector<Component> found;
    std::optional<std::map<std::string, std::string>> manifest;
    bool complete = false;
    int failures = 0;
    while (exhausted_.empty()) {
      struct archive_entry* entry = nullptr;
      const int r = archive_read_next_header(a, &entry);
      if (r == ARCHIVE_EOF) {
        complete = true;
        break;
      }
      if (r == ARCHIVE_FATAL) {
        warn(where, "reading stopped: " + error_of(a),
             static_cast<uint64_t>(std::max<la_int64_t>(0, archive_filter_bytes(a, -1))));
        break;
      }
      if (r < ARCHIVE_WARN) {  // this entry is unreadable, the next may not be
        warn(where, "an unreadable entry: " + error_of(a), 0);
        if (++failures > kMaxEntryFailures) break;
        continue;
      }
      failures = 0;
      if (entries_left_ == 0) {
        exhausted_ = "stopped after " + std::to_string(limits_.max_entries) +
                     " entries, the limit for one archive";
        break;
      }
      --entries_left_;
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      const char* raw_name = archive_entry_pathname(entry);
      if (raw_name == nullptr) continue;
      const std::string_view name = raw_name;
      std::string_view group, artifact;
      if (pom_properties_path(name, group, artifact)) {
        read_pom_properties(a, where, name, group, artifact, found);
      } else if (iequals(name, "META-INF/MANIFEST.MF")) {
        if (auto text = read_entry(a, limits_.max_metadata_bytes, where, printable(name))) {
          manifest = parse_manifest(*text);
        }
      } else if (!archive_extension(name).empty()) {
        if (depth + 1 > limits_.max_depth) {
          warn(where,
               "archives nested deeper than " + std::to_string(limits_.max_depth) + " levels; " +
                   printable(name) + " not read",
               0);
          continue;
        }
        read_nested(a, entry, where, name, depth);
      }
    }
    if (found.empty() ? (complete || manifest) : !describes_archive(found, file_name, manifest)) {
      if (auto c = fallback_component(file_name, manifest)) found.push_back(std::move(*c));
    }
    for (Component& c : found) {
      c.location = where;
      ctx_.add(std::move(c));
    }
  }

  void read_pom_properties(struct archive* a, const std::string& where, std::string_view name,
                           std::string_view path_group, std::string_view path_artifact,
                           std::vector<Component>& found) {
    auto text = read_entry(a, limits_.max_metadata_bytes, where, printable(name));
    if (!text) return;
    auto props = parse_properties(*text);
    // Maven writes the same coordinates into the path and the file; the file is authoritative.
    std::string group = props["groupId"], artifact = props["artifactId"];
    const std::string version = props["version"];
    if (group.empty()) group = std::string(path_group);
    if (artifact.empty()) artifact = std::string(path_artifact);
    if (!maven::valid_id(group) || !maven::valid_id(artifact)) {
      warn(where,
           printable(name) + ": invalid coordinates \"" + printable(group.substr(0, 100)) + ":" +
               printable(artifact.substr(0, 100)) + "\"",
           0);
      return;
    }
    if (!is_valid_utf8(version)) {
      warn(where, printable(name) + ": the version is not valid UTF-8", 0);
      return;
    }
    Component c = maven::component(group, artifact, version);
    if (version.empty()) c.version_note = "no version in " + printable(name);
    found.push_back(std::move(c));
  }

  void read_nested(struct archive* a, struct archive_entry* entry, const std::string& where,
                   std::string_view name, int depth) {
    const std::string inner_where = where + "!/" + printable(name);
    const std::string_view inner_file = base_name(name);
    if (archive_entry_size_is_set(entry) &&
        static_cast<uint64_t>(archive_entry_size(entry)) <= limits_.max_in_memory) {
      auto data = read_entry(a, limits_.max_in_memory, where, printable(name));
      if (data) read_memory(*data, inner_where, inner_file, depth + 1);
      return;
    }
    // Too large to hold, or of unknown size: stream it out of the enclosing archive.
    NestedSource src{a, this};
    ArchivePtr inner = new_reader(false);
    if (archive_read_open2(inner.get(), &src, nullptr, read_from_entry, nullptr, nullptr) !=
        ARCHIVE_OK) {
      warn(inner_where, "not a readable Java archive (zip): " + error_of(inner.get()), 0);
      return;
    }
    read_archive(inner.get(), inner_where, inner_file, depth + 1);
  }

  // Whether one of the archive's pom.properties is the archive itself rather than something
  // shaded into it (guice.jar carries only cglib's). Without a manifest version there is no
  // evidence of another identity, so yes; otherwise one must have the manifest's version (as
  // written, or as an OSGi Bundle-Version writes it) or the artifact id the file is named after.
  static bool describes_archive(const std::vector<Component>& found, std::string_view file_name,
                                const std::optional<std::map<std::string, std::string>>& manifest) {
    std::string impl, bundle;
    if (manifest) {
      if (auto it = manifest->find("implementation-version"); it != manifest->end()) {
        impl = it->second;
      }
      if (auto it = manifest->find("bundle-version"); it != manifest->end()) bundle = it->second;
    }
    if (impl.empty() && bundle.empty()) return true;
    const std::string_view artifact = file_artifact(file_name);
    for (const Component& c : found) {
      if (!c.version.empty() &&
          (c.version == impl || c.version == bundle || same_osgi_version(c.version, bundle))) {
        return true;
      }
      const size_t colon = c.name.find(':');
      if (same_artifact(std::string_view(c.name).substr(colon + 1), artifact)) return true;
    }
    return false;
  }

  // "1.3" and "1.3.0", "31.1-jre" and "31.1.0.jre": the Maven version as bnd and the
  // maven-bundle-plugin write it into Bundle-Version (three numbers, then the qualifier).
  static bool same_osgi_version(std::string_view maven_version, std::string_view bundle) {
    if (bundle.empty()) return false;
    auto split = [](std::string_view v, std::vector<std::string_view>& numbers,
                    std::string& qualifier) {
      size_t i = 0;
      while (i < v.size() && numbers.size() < 3) {
        size_t j = i;
        while (j < v.size() && v[j] >= '0' && v[j] <= '9')
          ++j;
        if (j == i) break;
        numbers.push_back(v.substr(i, j - i));
        i = j;
        if (i < v.size() && v[i] == '.' && i + 1 < v.size() && v[i + 1] >= '0' && v[i + 1] <= '9' &&
            numbers.size() < 3) {
          ++i;
        } else {
          break;
        }
      }
      for (; i < v.size(); ++i) {
        const char c = v[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          qualifier += c;
        }
      }
      while (numbers.size() < 3)
        numbers.push_back("0");
    };
    std::vector<std::string_view> a, b;
    std::string qa, qb;
    split(maven_version, a, qa);
    split(bundle, b, qb);
    return a == b && qa == qb;
  }

  // "geronimo-annotation_1.3_spec" in "geronimo-annotation-1.3-spec.jar", "wagon-http" in
  // "wagon-http-shaded.jar": one is the other, or the other followed by a separator.
  static bool same_artifact(std::string_view a, std::string_view b) {
    if (a.size() < b.size()) std::swap(a, b);
    if (b.empty() || !a.starts_with(b)) return false;
    return a.size() == b.size() || a[b.size()] == '-' || a[b.size()] == '_' || a[b.size()] == '.';
  }

  // "name-1.2.3.jar" -> "name": the version starts at the first "-" followed by a digit.
  static std::string_view file_artifact(std::string_view file_name,
                                        std::string_view* version = nullptr) {
    const std::string_view stem =
        file_name.substr(0, file_name.size() - archive_extension(file_name).size());
    for (size_t i = 1; i + 1 < stem.size(); ++i) {
      if (stem[i] == '-' && stem[i + 1] >= '0' && stem[i + 1] <= '9') {
        if (version != nullptr) *version = stem.substr(i + 1);
        return stem.substr(0, i);
      }
    }
    return stem;
  }

  // An archive without pom.properties (built by Ant, or repackaged): named after the file, as
  // Maven names artifacts "<artifactId>-<version>.jar" and distributions keep that name, and
  // versioned by the manifest's Implementation-Version (the JAR specification's version of the
  // implementation), else Bundle-Version (OSGi), else the version part of the file name. The
  // group is the manifest's Implementation-Vendor-Id, which Maven's archiver sets to the
  // groupId, and is left out otherwise: Bundle-SymbolicName and package names are not Maven
  // coordinates, and a wrong group would match the wrong advisories.
  std::optional<Component> fallback_component(
      std::string_view file_name,
      const std::optional<std::map<std::string, std::string>>& manifest) const {
    std::string_view file_version;
    const std::string_view artifact = file_artifact(file_name, &file_version);
    if (artifact.empty()) return std::nullopt;
    auto attr = [&](const char* key) -> std::string {
      if (!manifest) return {};
      auto it = manifest->find(key);
      return it == manifest->end() ? std::string() : it->second;
    };
    std::string version = attr("implementation-version");
    std::string source = "MANIFEST.MF Implementation-Version";
    if (version.empty()) {
      version = attr("bundle-version");
      source = "MANIFEST.MF Bundle-Version";
    }
    if (version.empty() && !file_version.empty()) {
      version = std::string(file_version);
      source = "the file name";
    }
    std::string group = attr("implementation-vendor-id");
    if (!maven::valid_id(group)) group.clear();
    if (!is_valid_utf8(version)) version.clear();
    const std::string artifact_text = printable(artifact);
    Component c = maven::component(group, artifact_text, version);
    c.version_note = "no pom.properties: named after the file";
    c.version_note += version.empty() ? ", no version found" : ", version from " + source;
    if (!group.empty()) c.version_note += ", group from Implementation-Vendor-Id";
    return c;
  }

  const JavaArchiveLimits& limits_;
  ExtractContext& ctx_;
  uint64_t bytes_left_;
  uint64_t entries_left_;
  std::string exhausted_;  // why reading stopped early
};

la_ssize_t read_from_entry(struct archive* a, void* data, const void** out) {
  auto* src = static_cast<NestedSource*>(data);
  const la_ssize_t n = archive_read_data(src->outer, src->buffer.data(), src->buffer.size());
  if (n < 0) {
    archive_set_error(a, EIO, "%s", error_of(src->outer).c_str());
    return -1;
  }
  if (!src->scan->charge(static_cast<uint64_t>(n))) {
    archive_set_error(a, EFBIG, "decompression limit reached");
    return -1;
  }
  *out = src->buffer.data();
  return n;
}

class JavaArchiveExtractor final : public Extractor {
 public:
  explicit JavaArchiveExtractor(const JavaArchiveLimits& limits) : limits_(limits) {}

  std::string_view id() const override { return "java-archive"; }

  bool claims(const FileRef& file) const override {
    return file.info.type == FileType::kRegular && !archive_extension(file.name).empty();
  }

  bool recognizes(std::string_view /*name*/, std::string_view head) const override {
    return head.starts_with(std::string_view("PK\x03\x04", 4)) &&
           head.find("META-INF/") != std::string_view::npos;
  }

  bool self_contained() const override { return true; }

  // Archives beyond max_in_memory stream, so size itself is no problem.
  uint64_t max_file_size() const override { return 1ull << 40; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    Scan scan(limits_, ctx);
    const std::string where(file.path);
    std::optional<std::string> data;
    if (file.info.size <= limits_.max_in_memory) {
      auto text = ctx.fs().read_file(file.path, limits_.max_in_memory);
      if (text.is_ok()) data = std::move(*text);
    }
    if (data && data->empty()) {
      ctx.warn("an empty file, not a Java archive");
      return;
    }
    if (data) {
      scan.read_memory(*data, where, file.name, 0);
    } else {
      auto reader = ctx.fs().open(file.path);
      if (!reader.is_ok()) {
        ctx.warn(reader.status().message());
        return;
      }
      scan.read_stream(**reader, where, file.name);
    }
    scan.finish();
  }

 private:
  JavaArchiveLimits limits_;
};

}  // namespace

std::unique_ptr<Extractor> make_java_archive_extractor(const JavaArchiveLimits& limits) {
  return std::make_unique<JavaArchiveExtractor>(limits);
}

const Extractor& java_archive_extractor() {
  static const JavaArchiveExtractor extractor{JavaArchiveLimits{}};
  return extractor;
}

}  // namespace upkeep::inventory
