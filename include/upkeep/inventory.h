// SPDX-License-Identifier: Apache-2.0
//
// Inventory: every component on a host, in an image, in a source tree or in an SBOM.
//
// A target (a directory, a file, the host, an image archive, an SBOM) is read through an Fs. The
// walker hands each file to the extractors that claim it (src/inventory/registry.cc is the one
// table of extractors); each extractor parses one kind of file and adds Components and
// Diagnostics to an ExtractContext. Bad input never aborts a target: the extractor reports what
// is wrong (file, line or byte offset, what) and keeps what it could read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/fs.h"
#include "upkeep/purl.h"
#include "upkeep/status.h"

namespace upkeep::inventory {

// Whether the component is needed at run time, only to develop or test, or optionally.
enum class Scope : uint8_t { kUnknown, kRuntime, kDevelopment, kOptional };
// Whether the project asked for it itself or it came in through another component.
enum class Relationship : uint8_t { kUnknown, kDirect, kTransitive };

std::string_view scope_name(Scope scope);              // "unknown", "runtime", "development", ...
std::string_view relationship_name(Relationship rel);  // "unknown", "direct", "transitive"
// Of two scopes a component is listed with, the one that needs it most: runtime, then optional,
// then development, then unknown (needed at run time anywhere means needed at run time); `a`
// when they rank the same.
Scope wider_scope(Scope a, Scope b);

struct Component {
  // OSV ecosystem spelling: "npm", "PyPI", "crates.io", "Go", "Maven", "RubyGems", "Packagist",
  // "NuGet", "ConanCenter", "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.19", "AlmaLinux:9", ...
  std::string ecosystem;
  // As the ecosystem writes it: npm "@scope/name", Maven "group:artifact", Go module path, PyPI
  // name as found (the purl carries the PEP 503 form), distro binary package name.
  std::string name;
  // As found. Empty when the source does not pin one (then version_note says why).
  std::string version;
  std::string version_note;  // e.g. "unresolved property ${jackson.version}"
  std::string purl;          // canonical Package URL, including the version when known

  // Where it was found: the path inside the target of the file that lists it.
  std::string location;
  // The image layer that brought that file ("sha256:..."), empty outside images.
  std::string layer;
  // The id of the extractor that found it ("dpkg-status", "package-lock.json", ...).
  std::string extractor;

  Relationship relationship = Relationship::kUnknown;
  Scope scope = Scope::kUnknown;

  // Distribution packages: the source package that advisories are keyed by.
  std::string source_name;
  std::string source_version;
  std::string arch;

  std::vector<std::string> licenses;  // as declared (SPDX expressions where the source has them)
  // Names (ecosystem spelling) of the components this one depends on, where the source says.
  std::vector<std::string> dependencies;
};

// A problem with the input: the file, where in it (line and column from 1, or a byte offset),
// and what is wrong.
struct Diagnostic {
  std::string file;  // path inside the target, or the target itself
  uint64_t line = 0;
  uint64_t column = 0;
  std::optional<uint64_t> offset;
  std::string message;
  std::string extractor;  // which extractor (empty for the walker itself)

  // "file:line:column: message" (or "file: byte N: message").
  std::string to_string() const;
};

// /etc/os-release (or /usr/lib/os-release) of a root file system.
struct OsRelease {
  std::string id;  // "debian", "ubuntu", "alpine", "almalinux", "rhel", ... (lower case)
  std::vector<std::string> id_like;
  std::string version_id;        // "12", "22.04", "3.19.1", "9.3"
  std::string version;           // "12 (bookworm)", "22.03 (LTS-SP1)"
  std::string version_codename;  // "bookworm"
  std::string pretty_name;
  std::string name;

  // OSV ecosystem for the distribution's packages: "Debian:12", "Ubuntu:22.04:LTS",
  // "Ubuntu:23.10", "Alpine:v3.19", "AlmaLinux:9", "Rocky Linux:9", "openSUSE:Leap 15.5",
  // "SUSE:Linux Enterprise Server 15 SP5" (a matcher widens to that release's modules),
  // "openSUSE:Tumbleweed", "Photon OS:5.0", "Azure Linux:3", "Mageia:9",
  // "openEuler:22.03-LTS-SP1", "Wolfi", "Chainguard"; the bare family where OSV splits a release
  // further than os-release tells ("Red Hat": records are per repository,
  // "Red Hat:enterprise_linux:9::baseos"), so a matcher narrows by prefix. The release without a
  // version where os-release has none ("Debian" for a testing system whose codename is unknown).
  // Empty for a distribution OSV does not cover (Fedora, CentOS, Amazon Linux, Arch, ...).
  std::string osv_ecosystem() const;
  // The purl `distro` qualifier: "debian-12", "ubuntu-22.04", "alpine-3.19.1", "almalinux-9.3".
  std::string purl_distro() const;
};

// Parses os-release text (KEY=value lines, shell quoting).
OsRelease parse_os_release(std::string_view text);

// What a scanned target was.
struct TargetInfo {
  std::string spec;  // as given: "/", "image:app.tar", "sbom:bom.json", "./src"
  std::string kind;  // "host", "directory", "file", "image", "sbom"
  std::optional<OsRelease> os;
  // Images: the layers in order ("sha256:..." diff ids) and the image reference if known.
  std::vector<std::string> layers;
  std::string image_name;
  // Images: the platform read ("linux/amd64"), chosen from a multi-platform index when the
  // archive holds several.
  std::string platform;
};

struct Inventory {
  std::vector<TargetInfo> targets;
  std::vector<Component> components;  // sorted by purl, then location (see sort_components)
  std::vector<Diagnostic> warnings;
};

// Sorts components by (purl, location, extractor) and drops exact duplicates (same purl, same
// location, same extractor, same layer).
void sort_components(std::vector<Component>& components);

// What identifies "the same package" across versions, builds and places: the ecosystem and the
// purl without version, qualifiers and subpath ("npm pkg:npm/%40babel/core"); the ecosystem and
// the name when the purl does not parse.
std::string package_key(const Component& component);

// The component a Package URL names, with nothing but the purl to go by (SBOM packages,
// `upkeep query`): the OSV ecosystem of the type (for deb, apk and rpm the release from the
// `distro` qualifier - "debian-12" or "bookworm" -> "Debian:12", "ubuntu-22.04" ->
// "Ubuntu:22.04:LTS", "esm-infra/xenial" -> "Ubuntu:Pro:16.04:LTS", "alpine-3.19.1" ->
// "Alpine:v3.19", "almalinux-9" -> "AlmaLinux:9" - or the bare distribution when no release is
// given); the name as the ecosystem writes it (purl::package_name, but the bare package name for
// distributions); the version as in the purl except that an rpm `epoch` qualifier goes in front
// ("1:3.0.7-27.el9"), as the rpm database extractor writes it; `arch`; the source package from
// the `upstream` qualifier; the canonical purl. The ecosystem is empty when OSV has none for the
// type (pkg:generic, pkg:github, ...). Pure; thread-safe.
Component component_from_purl(const purl::Purl& purl);

// ---------------------------------------------------------------------------------------------
// Extractors

// A file offered to the extractors.
struct FileRef {
  std::string_view path;  // inside the target: "/app/package-lock.json"
  std::string_view name;  // base name: "package-lock.json"
  FileInfo info;
};

class ExtractContext;

// One kind of input. Implementations are stateless and thread-safe; registry.cc lists them.
class Extractor {
 public:
  virtual ~Extractor() = default;

  // Stable id, named after the input it reads: "dpkg-status", "package-lock.json", "go-binary".
  virtual std::string_view id() const = 0;

  // Cheap decision on the path alone (and the file's type, size and mode): called for every file
  // of a walk. Must not read the file.
  virtual bool claims(const FileRef& file) const = 0;

  // For a file given directly as a target that no extractor claims by name (a lockfile saved
  // as "project-Cargo.lock", an SBOM called "inventory.json"): whether its first bytes `head`
  // (up to 64 KiB) are this extractor's format. Directory walks never ask.
  virtual bool recognizes(std::string_view /*name*/, std::string_view /*head*/) const {
    return false;
  }

  // True when the extractor needs nothing but the file itself, however large (JARs, Go
  // binaries): image scans then run it while streaming the layer instead of keeping the file for
  // the merged tree. Extractors that read sibling files (go.sum, parent poms, -r includes,
  // os-release) must return false.
  virtual bool self_contained() const { return false; }

  // When not empty: every path claims() can accept is one of these (a file) or a direct child of
  // one of these (a directory), as paths inside the target. A walk that runs only extractors
  // with fixed locations visits these paths instead of the whole tree (`scan --only dpkg-status
  // host` reads one file instead of walking every directory).
  virtual std::span<const std::string_view> fixed_locations() const { return {}; }

  // Largest file it will read whole; a larger claimed file gets a warning and is skipped.
  virtual uint64_t max_file_size() const { return 256ull << 20; }

  // Reads `file` through ctx.fs() and reports components and diagnostics to `ctx`. Never throws;
  // a file it cannot use at all gets a diagnostic, and whatever was read before the problem
  // stays reported.
  virtual void extract(const FileRef& file, ExtractContext& ctx) const = 0;
};

// Every extractor, in a fixed order.
std::span<const Extractor* const> all_extractors();
const Extractor* find_extractor(std::string_view id);

// What an extractor works with: the file system of the target, the target's distribution, and
// the sinks for what it finds.
class ExtractContext {
 public:
  ExtractContext(const Fs& fs, const OsRelease* os, std::vector<Component>& components,
                 std::vector<Diagnostic>& warnings)
      : fs_(fs), os_(os), components_(components), warnings_(warnings) {}

  const Fs& fs() const { return fs_; }
  // The distribution of the root file system, when it has an os-release file.
  const OsRelease* os() const { return os_; }

  // The file being extracted (set by the walker) and the layer it came from.
  void set_current(std::string_view path, std::string_view extractor, std::string_view layer = {}) {
    current_path_ = path;
    current_extractor_ = extractor;
    current_layer_ = layer;
  }
  const std::string& current_path() const { return current_path_; }

  // Adds a component. Empty location, extractor and layer are filled from the current file.
  void add(Component component);
  // A problem in the current file (or in `file` when given, e.g. an included requirements file).
  void warn(std::string message, uint64_t line = 0, uint64_t column = 0);
  void warn_at_offset(std::string message, uint64_t offset);
  void warn_in(std::string_view file, std::string message, uint64_t line = 0, uint64_t column = 0);

  size_t component_count() const { return components_.size(); }

 private:
  const Fs& fs_;
  const OsRelease* os_;
  std::vector<Component>& components_;
  std::vector<Diagnostic>& warnings_;
  std::string current_path_;
  std::string current_extractor_;
  std::string current_layer_;
};

// ---------------------------------------------------------------------------------------------
// Targets

struct Options {
  // Directories never entered in a walk, by base name (".git", ...).
  std::vector<std::string> skip_names = {".git", ".hg", ".svn", "__pycache__"};
  // Skip /proc, /sys, /dev and /run at the root of the walk (set for the host).
  bool skip_pseudo_filesystems = false;
  // Bounds for image archives: bytes read from one archive entry and from all of them.
  uint64_t max_entry_bytes = 1ull << 30;
  uint64_t max_total_bytes = 64ull << 30;
  // And entries (files, links, directories) of all the layers of an image together.
  uint64_t max_entries = 4ull << 20;
  // Only these extractors (by id) when not empty.
  std::vector<std::string> only_extractors;
};

// How a TARGET argument is read: "host" or "/" (this machine), "image:FILE", "sbom:FILE", or a
// path (a directory is walked; a file goes to the extractors that claim it, or is read as an
// SBOM when its content says so).
struct TargetSpec {
  enum class Kind : uint8_t { kHost, kPath, kImage, kSbom };
  Kind kind = Kind::kPath;
  std::string path;
  std::string original;
};
Result<TargetSpec> parse_target(std::string_view arg);

// Inventories one target and appends to `out`. An error only when the target itself cannot be
// read (missing, not an image); problems inside it become warnings.
Status inventory_target(const TargetSpec& target, const Options& options, Inventory& out);

// Runs the extractors over every file of `fs` below `root` (a directory walk): what
// inventory_target does for paths and the host, exposed for image scans and tests.
void walk_and_extract(const Fs& fs, std::string_view root, const OsRelease* os,
                      const Options& options, std::vector<Component>& components,
                      std::vector<Diagnostic>& warnings);

// Reads /etc/os-release, else /usr/lib/os-release, from a root file system.
std::optional<OsRelease> read_os_release(const Fs& fs);

}  // namespace upkeep::inventory
