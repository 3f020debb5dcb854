// SPDX-License-Identifier: Apache-2.0
//
// Debian (and Ubuntu) security data that needs no OSV import:
//
//   1. The apt archive alone. On a Debian or Ubuntu root file system, the security suite's
//      Packages index in /var/lib/apt/lists says which installed binary packages have a newer
//      version in the security archive: each is a pending security update, reported as a
//      match::Finding from source "debian-archive". The suite is recognised by its Release /
//      InRelease file (Label "Debian-Security", or a Suite or Codename ending in "-security"),
//      not by the list file's name. CVE ids come from a changelog of the pending version where
//      one can be read (a downloaded .deb in /var/cache/apt/archives, or another binary of the
//      same source already installed at that version); otherwise the finding's id is the update
//      itself, "DEBIAN-SECURITY:<source>:<version>".
//
//   2. The Debian security tracker's JSON (https://security-tracker.debian.org/tracker/data/json):
//      per source package, per issue (CVE or TEMP id), per release codename, a status, a fixed
//      version and an urgency. DebianTracker holds it and matches installed Debian packages by
//      source package and release codename with dpkg's version rules.
//
// Both read through Fs, so they work on the host, an image's merged tree or a mounted root.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"
#include "upkeep/match.h"
#include "upkeep/status.h"

namespace upkeep::debian_security {

// ---------------------------------------------------------------------------------------------
// apt lists

// The fields of a Release or InRelease file that say which archive and suite it describes. An
// InRelease file's OpenPGP armour is skipped; the signature is not checked (apt checked it when
// it downloaded the file, and we only read what apt already trusts).
struct ReleaseInfo {
  std::string origin;    // "Debian", "Ubuntu"
  std::string label;     // "Debian-Security", "Ubuntu"
  std::string suite;     // "bookworm-security", "oldstable-security", "jammy-security"
  std::string codename;  // "bookworm-security", "jammy"
  std::string version;   // "12"
  std::vector<std::string> architectures;
  std::vector<std::string> components;

  // Debian: Label "Debian-Security"; Debian and Ubuntu: a Suite or Codename ending in
  // "-security" (Debian's security archive says "Codename: bookworm-security", Ubuntu's says
  // "Suite: jammy-security").
  bool is_security() const;
};

// Parses Release / InRelease text. Never fails: missing fields stay empty.
ReleaseInfo parse_release(std::string_view text);

// One binary package of a Packages index.
struct IndexPackage {
  std::string name;
  std::string version;
  std::string arch;
  std::string source_name;     // the binary's own name when there is no Source field
  std::string source_version;  // the binary's version when Source has no "(version)"
  std::string filename;        // pool/updates/main/o/openssl/libssl3_3.0.15-1~deb12u1_amd64.deb
  uint64_t line = 0;           // of the paragraph's first field
};

// Parses a Packages index (deb822): calls `on_package` for every paragraph with a Package,
// Version and Architecture, and `on_problem(line, message)` for every paragraph without them or
// with a malformed line (that paragraph or line is skipped, the rest goes on).
void parse_packages(std::string_view text, const std::function<void(IndexPackage)>& on_package,
                    const std::function<void(uint64_t line, std::string message)>& on_problem);

// Decompresses an apt list file by its name: ".lz4" (LZ4 frame), ".gz" (gzip), ".xz" (xz),
// ".zst" (zstd, through libarchive), anything else as plain text. An error when the data is not
// in that format or when the output would exceed `max_bytes`.
Result<std::string> decompress_list(std::string_view name, std::string_view data,
                                    uint64_t max_bytes = 1ull << 30);

// One entry of a Debian changelog: "openssl (3.0.15-1~deb12u1) bookworm-security; urgency=..."
// and the CVE ids its text names.
struct ChangelogEntry {
  std::string package;
  std::string version;
  std::string distribution;
  std::vector<std::string> cves;  // "CVE-2024-5535", in the order first named, unique
};

// Parses a (decompressed) debian/changelog: entries in file order (newest first).
std::vector<ChangelogEntry> parse_changelog(std::string_view text);

// The CVE ids named by the entries with installed < version <= fixed (dpkg order), sorted and
// unique; entries with a version dpkg rejects are skipped.
std::vector<std::string> cves_between(const std::vector<ChangelogEntry>& entries,
                                      std::string_view installed, std::string_view fixed);

// Reads /usr/share/doc/<package>/changelog.Debian.gz (or changelog.gz) out of a .deb read through
// `reader` (an ar archive holding data.tar.{xz,gz,zst,bz2,} ). Looks in the doc directory of any
// package (a binary may ship its changelog in another's directory only through a link, which
// this does not follow). NotFound when the package has no changelog; an error for a broken
// archive. At most `max_bytes` of changelog.
Result<std::string> read_deb_changelog(std::unique_ptr<FileReader> reader,
                                       uint64_t max_bytes = 16ull << 20);

struct PendingOptions {
  std::string lists_dir = "/var/lib/apt/lists";
  std::string archives_dir = "/var/cache/apt/archives";
  // Look for CVE ids in changelogs (cached .debs of the pending version, installed binaries of
  // the same source already at that version). Off: every finding is the update itself.
  bool read_changelogs = true;
  uint64_t max_list_bytes = 1ull << 30;  // decompressed size of one Packages index
};

// What pending_security_updates read, for messages and tests.
struct PendingReport {
  std::vector<std::string> release_files;   // the security suites' Release/InRelease files
  std::vector<std::string> packages_files;  // the Packages indexes read
  size_t index_packages = 0;                // binary packages in them
  size_t installed_compared = 0;            // dpkg components looked up
};

// Pending security updates of the installed Debian/Ubuntu packages of `inv` (its components
// from the "dpkg-status" extractor) on the root file system `root`: for each installed binary
// package whose version is lower (dpkg rules) than the security suite's version of the same
// package and architecture, one finding per CVE the update fixes (when a changelog says which)
// or one finding for the update itself. Findings carry source "debian-archive", record
// "DEBIAN-SECURITY:<source>:<version>", fixed_version = the security suite's version, and are
// ordered by component, then id. Returns an empty list when the root has no security lists
// (that is not an error: the host may use no security archive). Problems with individual files
// (an unreadable list, a corrupt .deb) become `warnings` and that file is skipped.
Result<std::vector<match::Finding>> pending_security_updates(
    const Fs& root, const inventory::Inventory& inv, std::vector<inventory::Diagnostic>& warnings,
    const PendingOptions& options = {}, PendingReport* report = nullptr);

// The finding id used when no CVE is known: "DEBIAN-SECURITY:<source>:<version>".
std::string update_id(std::string_view source, std::string_view version);

// ---------------------------------------------------------------------------------------------
// The Debian security tracker

enum class TrackerStatus : uint8_t { kResolved, kOpen, kUndetermined, kOther };
enum class TrackerUrgency : uint8_t {
  kNotYetAssigned,
  kUnimportant,
  kLow,
  kMedium,
  kHigh,
  kEndOfLife,
  kUnknown,  // absent or a word the tracker did not use when this was written
};
std::string_view tracker_status_name(TrackerStatus status);     // "resolved", "open", ...
std::string_view tracker_urgency_name(TrackerUrgency urgency);  // "not yet assigned", "low", ...

// One issue's state in one release.
struct TrackerRelease {
  std::string codename;  // "bookworm"
  TrackerStatus status = TrackerStatus::kOther;
  TrackerUrgency urgency = TrackerUrgency::kUnknown;
  // The source version that fixed it; "0" when the release was never affected; empty when open.
  std::string fixed_version;
  std::string nodsa;         // why no DSA will be issued ("Minor issue"), or empty
  std::string nodsa_reason;  // "postponed", "ignored", or empty
};

struct TrackerIssue {
  std::string id;     // "CVE-2024-1234", "TEMP-0000000-ABCDEF"
  std::string scope;  // "local", "remote", or empty
  uint64_t debianbug = 0;
  std::vector<TrackerRelease> releases;
};

class DebianTracker {
 public:
  struct ParseOptions {
    // Keep only this release codename's entries ("bookworm"); empty keeps every release. The
    // whole file is ~70 MB: keeping one release keeps memory near a tenth of it.
    std::string release;
    // Input larger than this is refused (the real file is ~70 MB).
    uint64_t max_bytes = 1ull << 30;
  };

  // Parses the tracker's JSON. An error when the text is not JSON (the message gives line and
  // column) or its top level is not an object. Anything else of the wrong shape (a package
  // that is not an object, a release without a status, a non-string version) is a problem with
  // its JSON pointer, and that part is skipped.
  static Result<DebianTracker> parse(std::string_view json, const ParseOptions& options);
  static Result<DebianTracker> parse(std::string_view json) { return parse(json, {}); }

  size_t package_count() const { return packages_.size(); }
  size_t issue_count() const;
  const std::vector<advisory::ParseProblem>& problems() const { return problems_; }

  // The issues of a source package, or nullptr.
  const std::vector<TrackerIssue>* issues_for(std::string_view source) const;
  // An issue's description ("" when none).
  std::string_view description(std::string_view id) const;

  // Findings for the installed Debian packages of `inv` (components whose ecosystem is Debian,
  // "Debian:12" or "Debian"), keyed by source package (Component::source_name, else name) and
  // the release `codename`, comparing the source version (Component::source_version, else the
  // version) with dpkg's rules:
  //   resolved, fixed_version "0"            -> not affected
  //   resolved, installed < fixed_version    -> affected, fixed_version set
  //   resolved, installed >= fixed_version   -> not affected
  //   open, undetermined                     -> affected, no fix
  // Urgency becomes the rating: high/medium/low as such, unimportant "low"; "not yet assigned"
  // and end-of-life leave it empty. Every finding carries notes: "debian-urgency:<urgency>",
  // "debian-status:<status>", and where present "debian-nodsa:<reason>" and "end-of-life"
  // (the release no longer gets security support for that package). Source "debian-tracker",
  // record the issue id; fixed_version is a source version. Ordered by component, then id. An
  // installed version dpkg rejects is skipped (there is nothing to compare).
  std::vector<match::Finding> findings_for(const inventory::Inventory& inv,
                                           std::string_view codename) const;

 private:
  std::unordered_map<std::string, std::vector<TrackerIssue>> packages_;
  std::unordered_map<std::string, std::string> descriptions_;  // one per issue id
  std::vector<advisory::ParseProblem> problems_;
};

}  // namespace upkeep::debian_security
