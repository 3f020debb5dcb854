// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

constexpr std::string_view kId = "dpkg-status";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/dpkg-status/" + name;
}

OsRelease os_release(const std::string& text) {
  return parse_os_release(text);
}

std::vector<std::string> names(const Extracted& r) {
  std::vector<std::string> out;
  for (const auto& c : r.components)
    out.push_back(c.name + "/" + c.arch);
  std::sort(out.begin(), out.end());
  return out;
}

// Lines of the warnings, for exact assertions.
std::vector<uint64_t> warning_lines(const Extracted& r) {
  std::vector<uint64_t> out;
  for (const auto& w : r.warnings)
    out.push_back(w.line);
  return out;
}

TEST(DpkgStatus, ClaimsTheStatusFileAndDistrolessStatusD) {
  const Extractor* e = find_extractor(kId);
  ASSERT_NE(e, nullptr);
  auto claims = [&](std::string_view path) {
    return e->claims(FileRef{path, base_name(path), FileInfo{FileType::kRegular, 1, 0644}});
  };
  EXPECT_TRUE(claims("/var/lib/dpkg/status"));
  EXPECT_TRUE(claims("/var/lib/dpkg/status.d/base-files"));
  EXPECT_TRUE(claims("/var/lib/dpkg/status.d/libssl3"));
  EXPECT_FALSE(claims("/var/lib/dpkg/status.d/libssl3.md5sums"));
  EXPECT_FALSE(claims("/var/lib/dpkg/status-old"));
  EXPECT_FALSE(claims("/var/lib/dpkg/available"));
  // Only the root file system's database: a copy elsewhere (a chroot, a container's layers
  // under /var/lib/docker) is another system, inventoried by naming it as the target.
  EXPECT_FALSE(claims("/srv/chroot/var/lib/dpkg/status"));
  EXPECT_FALSE(claims("/status"));
}

TEST(DpkgStatus, RecognizesAStatusFileByContentButNotAnAptPackagesList) {
  const Extractor* e = find_extractor(kId);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->recognizes("debian-status",
                            "Package: adduser\nStatus: install ok installed\nVersion: 3\n"));
  EXPECT_FALSE(e->recognizes("Packages", "Package: adduser\nVersion: 3\nFilename: pool/a.deb\n"));
  EXPECT_FALSE(e->recognizes("notes.txt", "Status: fine\nPackage: x\n"));
}

TEST(DpkgStatus, EmptyFileHasNothing) {
  auto r = run_extractor_on_file(kId, fixture("empty.status"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

// Every package dpkg-query -W lists except its config-files entries: the states in which files
// of the package are on disk, whatever the user wants done with it (hold, deinstall).
TEST(DpkgStatus, ReportsPackagesWhoseFilesAreOnDisk) {
  auto r = run_extractor_on_file(kId, fixture("states.status"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(names(r),
            (std::vector<std::string>{"a-installed/amd64", "b-half-installed/amd64",
                                      "c-unpacked/amd64", "d-half-configured/amd64",
                                      "e-triggers-awaited/amd64", "f-triggers-pending/amd64",
                                      "i-held/amd64", "j-marked-for-removal/amd64"}));
}

TEST(DpkgStatus, MultiArchPackagesAreOneComponentPerArchitecture) {
  const OsRelease os = os_release("ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
  auto r = run_extractor_on_file(kId, fixture("multiarch.status"), &os);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 5u);
  const auto libc6 = r.named("libc6");
  ASSERT_EQ(libc6.size(), 2u);
  EXPECT_EQ(libc6[0]->purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
  EXPECT_EQ(libc6[1]->purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=i386&distro=debian-12");
  EXPECT_EQ(libc6[1]->arch, "i386");
  EXPECT_EQ(libc6[0]->ecosystem, "Debian:12");
  EXPECT_EQ(libc6[0]->extractor, "dpkg-status");
  // "Source: glibc": the source's version is the binary's.
  EXPECT_EQ(libc6[0]->source_name, "glibc");
  EXPECT_EQ(libc6[0]->source_version, "2.36-9+deb12u4");
  EXPECT_EQ(libc6[0]->dependencies, std::vector<std::string>{"libgcc-s1"});
  const Component* gcc = r.find("libgcc-s1", "12.2.0-14");
  ASSERT_NE(gcc, nullptr);
  EXPECT_EQ(gcc->source_name, "gcc-12");
  EXPECT_EQ(gcc->source_version, "12.2.0-14");
  EXPECT_EQ(gcc->dependencies, (std::vector<std::string>{"gcc-12-base", "libc6"}));
  // No Source field: the package is its own source.
  const Component* tz = r.find("tzdata", "2024a-0+deb12u1");
  ASSERT_NE(tz, nullptr);
  EXPECT_EQ(tz->source_name, "tzdata");
  EXPECT_EQ(tz->source_version, "2024a-0+deb12u1");
  EXPECT_EQ(tz->purl, "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12");
}

TEST(DpkgStatus, SourceVersionsEpochsAndResolvedDependencies) {
  const OsRelease os = os_release("ID=ubuntu\nVERSION_ID=\"22.04\"\n");
  auto r = run_extractor_on_file(kId, fixture("relations.status"), &os);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 5u);
  const Component* app = r.find("app", "1:2.0-3+b1");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(app->purl, "pkg:deb/ubuntu/app@1:2.0-3%2Bb1?arch=amd64&distro=ubuntu-22.04");
  EXPECT_EQ(app->source_name, "app-src");
  EXPECT_EQ(app->source_version, "2.0-3");
  // Pre-Depends first; "libfoo1 | libfoo-compat" is satisfied by the installed alternative;
  // the virtual mail-transport-agent by postfix through Provides; the folded continuation lines
  // are part of Depends; what nothing installed satisfies is not a dependency.
  EXPECT_EQ(app->dependencies, (std::vector<std::string>{"init-system-helpers", "libfoo-compat",
                                                         "postfix", "libbar2"}));
  // A package depending on itself does not list itself.
  EXPECT_TRUE(r.find("libbar2", "2.1-1")->dependencies.empty());
}

TEST(DpkgStatus, CrlfLineEndings) {
  auto r = run_extractor_on_file(kId, fixture("crlf.status"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 2u);
  ASSERT_NE(r.find("crlf", "1.0-1"), nullptr);
  EXPECT_EQ(r.find("crlf", "1.0-1")->arch, "amd64");
  ASSERT_NE(r.find("second", "2.0"), nullptr);
}

TEST(DpkgStatus, MalformedParagraphsAreReportedByLineAndTheRestKept) {
  auto r = run_extractor_on_file(kId, fixture("malformed.status"));
  EXPECT_EQ(names(r), (std::vector<std::string>{"bad-source/amd64", "duplicate-field/amd64",
                                                "good-one/amd64", "good-two/arm64", "no-arch/"}));
  EXPECT_EQ(warning_lines(r), (std::vector<uint64_t>{1, 6, 8, 11, 15, 20, 25, 34, 36, 40, 46}))
      << r.warnings_text();
  auto message = [&](size_t i) { return r.warnings.at(i).message; };
  EXPECT_NE(message(0).find("continuation line outside any field"), std::string::npos);
  EXPECT_NE(message(1).find("not \"Field: value\""), std::string::npos);
  EXPECT_NE(message(2).find("without a Package field"), std::string::npos);
  EXPECT_NE(message(3).find("no-version has no Version"), std::string::npos);
  EXPECT_NE(message(4).find("invalid package name \"-bad-name\""), std::string::npos);
  EXPECT_NE(message(5).find("unknown Status \"install ok sideways\""), std::string::npos);
  EXPECT_NE(message(6).find("unknown Status \"install installed\""), std::string::npos);
  EXPECT_NE(message(7).find("a second \"Version\" field"), std::string::npos);
  EXPECT_NE(message(8).find("no-status has no Status"), std::string::npos);
  EXPECT_NE(message(9).find("without a closing parenthesis"), std::string::npos);
  EXPECT_NE(message(10).find("no-arch has no Architecture"), std::string::npos);
  for (const auto& w : r.warnings) {
    EXPECT_EQ(w.file, "/malformed.status");
    EXPECT_EQ(w.extractor, "dpkg-status");
  }
  // The first of two Version fields counts; an unclosed Source keeps its name.
  EXPECT_NE(r.find("duplicate-field", "1.0"), nullptr);
  const Component* bad_source = r.find("bad-source", "3.0");
  ASSERT_NE(bad_source, nullptr);
  EXPECT_EQ(bad_source->source_name, "upstream");
  EXPECT_EQ(bad_source->source_version, "3.0");
  EXPECT_EQ(r.find("no-arch", "4.0")->purl, "pkg:deb/debian/no-arch@4.0");
}

TEST(DpkgStatus, TruncatedFileKeepsTheWholeParagraphs) {
  auto r = run_extractor_on_file(kId, fixture("truncated.status"));
  EXPECT_EQ(names(r), std::vector<std::string>{"whole/amd64"});
  EXPECT_EQ(warning_lines(r), (std::vector<uint64_t>{9, 6})) << r.warnings_text();
  EXPECT_NE(r.warnings[1].message.find("cut-short has no Version"), std::string::npos);
}

TEST(DpkgStatus, InvalidUtf8IsReportedWhereItMatters) {
  auto r = run_extractor_on_file(kId, fixture("invalid_utf8.status"));
  // Bytes in a description are nobody's business; in a version they are reported, and the
  // package is still listed (percent-encoded in the purl).
  ASSERT_EQ(r.components.size(), 2u);
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 1u);
  EXPECT_NE(r.warnings[0].message.find("utf8-bad-version has an invalid Version"),
            std::string::npos);
  EXPECT_NE(r.warnings[0].message.find("not valid UTF-8"), std::string::npos);
  EXPECT_EQ(r.named("utf8-bad-version")[0]->purl,
            "pkg:deb/debian/utf8-bad-version@1.0%FF%FE?arch=amd64");
}

TEST(DpkgStatus, WithoutOsReleaseTheNamespaceIsDebianAndNoReleaseIsGuessed) {
  auto r = run_extractor_on_file(kId, fixture("crlf.status"));
  ASSERT_FALSE(r.components.empty());
  EXPECT_EQ(r.components[0].ecosystem, "Debian");
  EXPECT_EQ(r.components[0].purl, "pkg:deb/debian/crlf@1.0-1?arch=amd64");
}

TEST(DpkgStatus, AnOsReleaseBesideACopiedDatabaseNamesTheDistribution) {
  MemoryFs fs;
  fs.add_file("/status",
              "Package: bash\nStatus: install ok installed\nArchitecture: arm64\n"
              "Version: 5.2.21-2ubuntu4\n");
  fs.add_file("/os-release", "ID=ubuntu\nVERSION_ID=\"24.04\"\n");
  auto r = run_extractor(kId, fs, "/status");
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].ecosystem, "Ubuntu:24.04:LTS");
  EXPECT_EQ(r.components[0].purl,
            "pkg:deb/ubuntu/bash@5.2.21-2ubuntu4?arch=arm64&distro=ubuntu-24.04");
}

// Distroless images: one file per package under status.d, without Status fields.
TEST(DpkgStatus, DistrolessStatusDirectory) {
  MemoryFs fs;
  fs.add_file("/var/lib/dpkg/status.d/base",
              "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n\n"
              "Package: netbase\nVersion: 6.4\nArchitecture: all\n");
  fs.add_file("/var/lib/dpkg/status.d/libssl3",
              "Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n"
              "Source: openssl\n");
  fs.add_file("/var/lib/dpkg/status.d/libssl3.md5sums", "0123  usr/lib/libssl.so.3\n");
  fs.add_file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  std::vector<Component> components;
  std::vector<Diagnostic> warnings;
  Options options;
  options.only_extractors = {"dpkg-status"};
  const auto os = read_os_release(fs);
  walk_and_extract(fs, "/", &*os, options, components, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(components.size(), 3u);
  sort_components(components);
  EXPECT_EQ(components[0].purl,
            "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12");
  EXPECT_EQ(components[0].location, "/var/lib/dpkg/status.d/base");
  EXPECT_EQ(components[1].purl,
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
  EXPECT_EQ(components[1].source_name, "openssl");
  EXPECT_EQ(components[2].name, "netbase");
}

// dpkg replays /var/lib/dpkg/updates over status; so does the extractor.
TEST(DpkgStatus, PendingUpdatesJournalIsReplayedInOrder) {
  MemoryFs fs;
  fs.add_file(
      "/var/lib/dpkg/status",
      "Package: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.88.1-10\n"
      "\n"
      "Package: wget\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.3-1\n");
  // 0000 upgrades curl (unpacked, not configured yet), 0001 removes wget, 0002 then finishes
  // curl; "tmp.i" is dpkg's file being written and is not part of the journal.
  fs.add_file("/var/lib/dpkg/updates/0001",
              "Package: wget\nStatus: deinstall ok config-files\nArchitecture: amd64\n"
              "Version: 1.21.3-1\n");
  fs.add_file("/var/lib/dpkg/updates/0000",
              "Package: curl\nStatus: install ok unpacked\nArchitecture: amd64\n"
              "Version: 7.88.1-10+deb12u5\n");
  fs.add_file("/var/lib/dpkg/updates/0002",
              "Package: curl\nStatus: install ok installed\nArchitecture: amd64\n"
              "Version: 7.88.1-10+deb12u5\n");
  fs.add_file("/var/lib/dpkg/updates/tmp.i", "Package: bogus\nStatus: install ok installed\n");
  auto r = run_extractor(kId, fs, "/var/lib/dpkg/status");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].version, "7.88.1-10+deb12u5");
  EXPECT_EQ(r.components[0].location, "/var/lib/dpkg/updates/0002");
}

// Generated in the test rather than committed: 50,000 packages (about 5 MB).
TEST(DpkgStatus, HugeStatusFileIsReadInLinearTime) {
  std::string text;
  constexpr int kPackages = 50000;
  for (int i = 0; i < kPackages; ++i) {
    text += "Package: pkg" + std::to_string(i) + "\nStatus: install ok installed\n";
    text += "Architecture: amd64\nVersion: 1." + std::to_string(i) + "-1\n";
    text += "Depends: pkg" + std::to_string(i / 2) + ", pkg" + std::to_string(i / 3) + "\n";
    text += "Description: package\n a longer\n description\n\n";
  }
  MemoryFs fs;
  fs.add_file("/var/lib/dpkg/status", text);
  const auto start = std::chrono::steady_clock::now();
  auto r = run_extractor(kId, fs, "/var/lib/dpkg/status");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kPackages));
  // A quadratic step would take minutes; linear takes well under a second even under ASan.
  ::testing::Test::RecordProperty("seconds",
                                  std::to_string(std::chrono::duration<double>(elapsed).count()));
}

// Continuation lines are the only nesting deb822 has: a field folded over 200,000 lines, and a
// paragraph of more fields than any real one.
TEST(DpkgStatus, DeepContinuationAndManyFields) {
  std::string text =
      "Package: deep\nStatus: install ok installed\nArchitecture: amd64\n"
      "Version: 1\nDepends: a";
  for (int i = 0; i < 200000; ++i)
    text += ",\n b" + std::to_string(i);
  text += "\n";
  for (int i = 0; i < 1000; ++i)
    text += "X-Field-" + std::to_string(i) + ": v\n";
  MemoryFs fs;
  fs.add_file("/var/lib/dpkg/status", text);
  auto r = run_extractor(kId, fs, "/var/lib/dpkg/status");
  ASSERT_EQ(r.components.size(), 1u);
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("more than 256 fields"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Real status files (../shared/data/os). Counts derived with
//   awk 'BEGIN{RS=""} /\nStatus: [^\n]* (installed|half-installed|unpacked|half-configured|
//        triggers-awaited|triggers-pending)\n/' status | grep -c '^Package:'
// i.e. the paragraphs whose Status state word says the files are on disk; by hand: every
// paragraph but the "deinstall ok config-files" ones (grep -c '^Package:' minus
// grep -c 'config-files'). The samples are grep'd from the files.

struct RealCase {
  const char* dir;
  const char* os_release;  // when the data has none beside the status file
  size_t count;
};

Extracted run_real(const std::string& dir, const char* os_text) {
  const std::string path = shared_data_dir() + "/os/" + dir + "/status";
  if (os_text == nullptr) return run_extractor_on_file(kId, path);
  const OsRelease os = parse_os_release(os_text);
  return run_extractor_on_file(kId, path, &os);
}

TEST(DpkgStatus, RealDebian11) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  // 166 paragraphs, all "install ok installed"; os-release beside it says Debian 11.
  auto r = run_real("debian-11", nullptr);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 166u);
  const Component* libc = r.find("libc6", "2.31-13+deb11u5");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ(libc->purl, "pkg:deb/debian/libc6@2.31-13%2Bdeb11u5?arch=amd64&distro=debian-11");
  EXPECT_EQ(libc->ecosystem, "Debian:11");
  EXPECT_EQ(libc->source_name, "glibc");
  EXPECT_EQ(libc->source_version, "2.31-13+deb11u5");
  const Component* ssl = r.find("libssl1.1", "1.1.1n-0+deb11u4");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->source_name, "openssl");
  // "Source: util-linux (2.36.1-8+deb11u1)" under "Version: 1:2.36.1-8+deb11u1".
  const Component* bsd = r.find("bsdutils", "1:2.36.1-8+deb11u1");
  ASSERT_NE(bsd, nullptr);
  EXPECT_EQ(bsd->source_name, "util-linux");
  EXPECT_EQ(bsd->source_version, "2.36.1-8+deb11u1");
  // A binNMU: "coreutils 8.32-4+b1" built from source "coreutils (8.32-4)".
  const Component* core = r.find("coreutils", "8.32-4+b1");
  ASSERT_NE(core, nullptr);
  EXPECT_EQ(core->source_version, "8.32-4");
  EXPECT_EQ(r.find("tzdata", "2021a-1+deb11u8")->arch, "all");
  EXPECT_EQ(r.find("zlib1g", "1:1.2.11.dfsg-2+deb11u2")->source_name, "zlib");
  EXPECT_EQ(r.find("libgcc-s1", "10.2.1-6")->source_name, "gcc-10");
}

TEST(DpkgStatus, RealUbuntu1804) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  // 91 paragraphs, one "deinstall ok config-files" (git) -> 90. No os-release in the data.
  auto r = run_real("ubuntu-18.04", "ID=ubuntu\nVERSION_ID=\"18.04\"\n");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 90u);
  EXPECT_TRUE(r.named("git").empty());
  const Component* libc = r.find("libc6", "2.27-3ubuntu1");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ(libc->ecosystem, "Ubuntu:18.04:LTS");
  EXPECT_EQ(libc->purl, "pkg:deb/ubuntu/libc6@2.27-3ubuntu1?arch=amd64&distro=ubuntu-18.04");
  const Component* lzma = r.find("liblzma5", "5.1.1alpha+20120614-2+b3");
  ASSERT_NE(lzma, nullptr);
  EXPECT_EQ(lzma->source_name, "xz-utils");
  EXPECT_EQ(lzma->source_version, "5.1.1alpha+20120614-2");
  ASSERT_NE(r.find("zlib1g", "1:1.2.11.dfsg-0ubuntu2"), nullptr);
}

TEST(DpkgStatus, RealUbuntu2004Armhf) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  // 327 paragraphs, one "deinstall ok config-files" (systemd-timesyncd) -> 326: 272 armhf and
  // 54 all (grep -c '^Architecture: all' = 54 counts all 327 paragraphs' fields; the
  // config-files one is armhf).
  auto r = run_real("ubuntu-20.04", nullptr);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 326u);
  EXPECT_TRUE(r.named("systemd-timesyncd").empty());
  size_t all = 0;
  for (const auto& c : r.components)
    all += c.arch == "all";
  EXPECT_EQ(all, 54u);
  const Component* ssl = r.find("libssl1.1", "1.1.1f-1ubuntu2.13");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->purl,
            "pkg:deb/ubuntu/libssl1.1@1.1.1f-1ubuntu2.13?arch=armhf&distro=ubuntu-20.04");
  EXPECT_EQ(ssl->ecosystem, "Ubuntu:20.04:LTS");
  EXPECT_EQ(ssl->source_name, "openssl");
  const Component* dm = r.find("dmsetup", "2:1.02.167-1ubuntu1");
  ASSERT_NE(dm, nullptr);
  EXPECT_EQ(dm->source_name, "lvm2");
  EXPECT_EQ(dm->source_version, "2.03.07-1ubuntu1");
  EXPECT_EQ(r.find("libgcc-s1", "10-20200411-0ubuntu1")->source_name, "gcc-10");
}

TEST(DpkgStatus, RealUbuntu2204) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  // 101 paragraphs, all installed.
  auto r = run_real("ubuntu-22.04", nullptr);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 101u);
  const Component* ssl = r.find("libssl3", "3.0.2-0ubuntu1.10");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(ssl->purl, "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.10?arch=amd64&distro=ubuntu-22.04");
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(r.find("libgcc-s1", "12.1.0-2ubuntu1~22.04")->source_name, "gcc-12");
  EXPECT_EQ(r.find("bsdutils", "1:2.37.2-4ubuntu3")->source_version, "2.37.2-4ubuntu3");
  ASSERT_NE(r.find("base-files", "12ubuntu4.3"), nullptr);
}

}  // namespace
}  // namespace upkeep::inventory
