// SPDX-License-Identifier: Apache-2.0
//
// Pending security updates on the fixture root file system tests/fixtures/debian_security/rootfs
// (regenerate with make-fixtures.sh from src/). What each finding is, derived by hand from
// src/status and the three suites' Packages files:
//   security suite (InRelease, Label Debian-Security, lz4 main + plain non-free-firmware) and
//   repo.internal.example (Release with Label Debian-Security only, gz):
//     curl, libcurl4   7.88.1-10+deb12u5  <  7.88.1-10+deb12u8   pending, no changelog readable
//     libssl3, openssl 3.0.11-1~deb12u2   <  3.0.15-1~deb12u1    pending, no changelog readable
//     libbrotli1       1.0.9-2+b6         <  1.0.9-2+deb12u1     pending (binNMU installed)
//     krb5-locales     1.20.1-2+deb12u2   == 1.20.1-2+deb12u2    up to date
//     libc6:amd64      2.36-9+deb12u9     >  2.36-9+deb12u7      newer than security
//     libc6:i386       2.36-9+deb12u4        no i386 index       nothing to compare
//     openssh-client   1:9.2p1-2+deb12u1  <  1:9.2p1-2+deb12u3   the cached .deb's changelog:
//                      entries deb12u3 (CVE-2024-6387) and deb12u2 (CVE-2023-48795,
//                      CVE-2023-51384, CVE-2023-51385); deb12u1 (CVE-2023-38408) is installed
//     libgnutls-dane0  3.7.9-2+deb12u2   <  3.7.9-2+deb12u3    libgnutls30 (same source) is
//                      installed at deb12u3: its changelog's deb12u3 entry names CVE-2024-28834
//                      and CVE-2024-28835
//     libgnutls30      3.7.9-2+deb12u3   == security            up to date
//     intel-microcode  3.20231114.1~deb12u1 < 3.20240312.1~deb12u1 (internal mirror, gz)
//     amd64-microcode  3.20230808.1.1~deb12u1 < 3.20240820.1~deb12u1 (plain index)
//   mirror.example.org ".../debian-security/dists/bookworm-security" is bookworm-backports by
//   its Release file: its bash 5.2.37-1~bpo12+1 and curl ...deb12u99 must not count.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/debian_security.h"

namespace upkeep::debian_security {
namespace {

std::string fixture_dir() {
  return std::string(UPKEEP_FIXTURE_DIR) + "/debian_security";
}

struct Row {
  std::string name, arch, id, record, fixed;
  auto operator<=>(const Row&) const = default;
};

inventory::Inventory inventory_of(const Fs& fs) {
  inventory::Inventory inv;
  auto os = inventory::read_os_release(fs);
  auto extracted =
      testing::run_extractor("dpkg-status", fs, "/var/lib/dpkg/status", os ? &*os : nullptr);
  inv.components = std::move(extracted.components);
  inventory::sort_components(inv.components);
  return inv;
}

std::vector<Row> rows(const inventory::Inventory& inv, const std::vector<match::Finding>& fs) {
  std::vector<Row> out;
  for (const auto& f : fs) {
    const auto& c = inv.components[f.component];
    EXPECT_EQ(f.sources, std::vector<std::string>{"debian-archive"});
    EXPECT_EQ(f.records.size(), 1u);
    EXPECT_EQ(f.ids.size(), 1u);
    out.push_back({c.name, c.arch, f.ids.front(), f.records.front(), f.fixed_version});
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(PendingSecurityUpdates, FixtureRootFindsExactlyThePendingUpdates) {
  auto fs = open_directory_fs(fixture_dir() + "/rootfs");
  ASSERT_TRUE(fs.is_ok()) << fs.status().message();
  inventory::Inventory inv = inventory_of(**fs);
  ASSERT_EQ(inv.components.size(), 14u);  // 15 paragraphs in src/status, one config-files

  std::vector<inventory::Diagnostic> warnings;
  PendingReport report;
  auto findings = pending_security_updates(**fs, inv, warnings, {}, &report);
  ASSERT_TRUE(findings.is_ok()) << findings.status().message();

  const std::string ssh = "DEBIAN-SECURITY:openssh:1:9.2p1-2+deb12u3";
  const std::string gnutls = "DEBIAN-SECURITY:gnutls28:3.7.9-2+deb12u3";
  std::vector<Row> expected = {
      {"amd64-microcode", "amd64", "DEBIAN-SECURITY:amd64-microcode:3.20240820.1~deb12u1",
       "DEBIAN-SECURITY:amd64-microcode:3.20240820.1~deb12u1", "3.20240820.1~deb12u1"},
      {"curl", "amd64", "DEBIAN-SECURITY:curl:7.88.1-10+deb12u8",
       "DEBIAN-SECURITY:curl:7.88.1-10+deb12u8", "7.88.1-10+deb12u8"},
      {"intel-microcode", "amd64", "DEBIAN-SECURITY:intel-microcode:3.20240312.1~deb12u1",
       "DEBIAN-SECURITY:intel-microcode:3.20240312.1~deb12u1", "3.20240312.1~deb12u1"},
      {"libbrotli1", "amd64", "DEBIAN-SECURITY:brotli:1.0.9-2+deb12u1",
       "DEBIAN-SECURITY:brotli:1.0.9-2+deb12u1", "1.0.9-2+deb12u1"},
      {"libcurl4", "amd64", "DEBIAN-SECURITY:curl:7.88.1-10+deb12u8",
       "DEBIAN-SECURITY:curl:7.88.1-10+deb12u8", "7.88.1-10+deb12u8"},
      {"libgnutls-dane0", "amd64", "CVE-2024-28834", gnutls, "3.7.9-2+deb12u3"},
      {"libgnutls-dane0", "amd64", "CVE-2024-28835", gnutls, "3.7.9-2+deb12u3"},
      {"libssl3", "amd64", "DEBIAN-SECURITY:openssl:3.0.15-1~deb12u1",
       "DEBIAN-SECURITY:openssl:3.0.15-1~deb12u1", "3.0.15-1~deb12u1"},
      {"openssh-client", "amd64", "CVE-2023-48795", ssh, "1:9.2p1-2+deb12u3"},
      {"openssh-client", "amd64", "CVE-2023-51384", ssh, "1:9.2p1-2+deb12u3"},
      {"openssh-client", "amd64", "CVE-2023-51385", ssh, "1:9.2p1-2+deb12u3"},
      {"openssh-client", "amd64", "CVE-2024-6387", ssh, "1:9.2p1-2+deb12u3"},
      {"openssl", "amd64", "DEBIAN-SECURITY:openssl:3.0.15-1~deb12u1",
       "DEBIAN-SECURITY:openssl:3.0.15-1~deb12u1", "3.0.15-1~deb12u1"},
  };
  EXPECT_EQ(rows(inv, *findings), expected);

  // The two security suites (found by their Release files), not the backports one.
  ASSERT_EQ(report.release_files.size(), 2u);
  EXPECT_NE(report.release_files[0].find("deb.debian.org_debian-security"), std::string::npos);
  EXPECT_NE(report.release_files[1].find("repo.internal.example"), std::string::npos);
  EXPECT_EQ(report.packages_files.size(), 3u);
  // 10 + 1 + 1 packages; the paragraph without Package is a warning.
  EXPECT_EQ(report.index_packages, 12u);
  EXPECT_EQ(report.installed_compared, 14u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("without Package"), std::string::npos);
  EXPECT_NE(warnings[0].file.find("_Packages.lz4"), std::string::npos);

  // Ordered by component, then id.
  for (size_t i = 1; i < findings->size(); ++i) {
    const auto& a = (*findings)[i - 1];
    const auto& b = (*findings)[i];
    EXPECT_TRUE(std::tie(a.component, a.ids[0]) < std::tie(b.component, b.ids[0]));
  }
}

TEST(PendingSecurityUpdates, WithoutChangelogsEveryFindingIsTheUpdate) {
  auto fs = open_directory_fs(fixture_dir() + "/rootfs");
  ASSERT_TRUE(fs.is_ok());
  inventory::Inventory inv = inventory_of(**fs);
  std::vector<inventory::Diagnostic> warnings;
  PendingOptions options;
  options.read_changelogs = false;
  auto findings = pending_security_updates(**fs, inv, warnings, options);
  ASSERT_TRUE(findings.is_ok());
  // 9 pending packages (see the top of the file), one finding each.
  ASSERT_EQ(findings->size(), 9u);
  for (const auto& f : *findings)
    EXPECT_EQ(f.ids, f.records);
}

TEST(PendingSecurityUpdates, NoListsIsNoFindingsNotAnError) {
  MemoryFs fs;
  fs.add_file("/etc/os-release", "ID=debian\nVERSION_ID=12\n");
  inventory::Inventory inv;
  std::vector<inventory::Diagnostic> warnings;
  auto findings = pending_security_updates(fs, inv, warnings);
  ASSERT_TRUE(findings.is_ok());
  EXPECT_TRUE(findings->empty());
  EXPECT_TRUE(warnings.empty());
}

TEST(PendingSecurityUpdates, BrokenListsAreWarningsAndSkipped) {
  // The fixture's security suite, its index replaced by garbage that claims to be lz4 and a
  // gzip file cut in half; the other files stay readable.
  MemoryFs fs;
  const std::string lists = "/var/lib/apt/lists/";
  const std::string sec = "deb.debian.org_debian-security_dists_bookworm-security";
  const std::string root = fixture_dir() + "/rootfs";
  fs.add_file(lists + sec + "_InRelease",
              testing::read_host_file(root + "/var/lib/apt/lists/" + sec + "_InRelease"));
  fs.add_file(lists + sec + "_updates_main_binary-amd64_Packages.lz4", "not lz4 at all");
  std::string gz =
      testing::read_host_file(root +
                              "/var/lib/apt/lists/repo.internal.example_debian_dists_stable_"
                              "non-free-firmware_binary-amd64_Packages.gz");
  fs.add_file(lists + sec + "_updates_contrib_binary-amd64_Packages.gz",
              gz.substr(0, gz.size() / 2));
  fs.add_file(lists + sec + "_updates_non-free_binary-amd64_Packages",
              "Package: amd64-microcode\nVersion: 3.20240820.1~deb12u1\nArchitecture: amd64\n");
  fs.add_file("/var/lib/dpkg/status", testing::read_host_file(root + "/var/lib/dpkg/status"));
  fs.add_file("/etc/os-release", testing::read_host_file(root + "/etc/os-release"));
  inventory::Inventory inv = inventory_of(fs);
  std::vector<inventory::Diagnostic> warnings;
  auto findings = pending_security_updates(fs, inv, warnings);
  ASSERT_TRUE(findings.is_ok());
  ASSERT_EQ(findings->size(), 1u);
  EXPECT_EQ(inv.components[(*findings)[0].component].name, "amd64-microcode");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].message.find("gzip"), std::string::npos) << warnings[0].message;
  EXPECT_NE(warnings[1].message.find("lz4"), std::string::npos) << warnings[1].message;
}

// The fixture's security suite with one broken plain index from fixtures/debian_security/packages
// in place of its own; returns (binary name, fixed version) of the findings and the warnings.
std::pair<std::vector<std::string>, std::vector<std::string>> with_index(const std::string& text) {
  MemoryFs fs;
  const std::string lists = "/var/lib/apt/lists/";
  const std::string sec = "deb.debian.org_debian-security_dists_bookworm-security";
  const std::string root = fixture_dir() + "/rootfs";
  fs.add_file(lists + sec + "_InRelease",
              testing::read_host_file(root + "/var/lib/apt/lists/" + sec + "_InRelease"));
  fs.add_file(lists + sec + "_main_binary-amd64_Packages", text);
  fs.add_file("/var/lib/dpkg/status", testing::read_host_file(root + "/var/lib/dpkg/status"));
  fs.add_file("/etc/os-release", testing::read_host_file(root + "/etc/os-release"));
  inventory::Inventory inv = inventory_of(fs);
  std::vector<inventory::Diagnostic> warnings;
  auto findings = pending_security_updates(fs, inv, warnings);
  EXPECT_TRUE(findings.is_ok());
  std::pair<std::vector<std::string>, std::vector<std::string>> out;
  if (findings.is_ok()) {
    for (const auto& f : *findings) {
      out.first.push_back(inv.components[f.component].name + " " + f.fixed_version);
    }
  }
  for (const auto& w : warnings)
    out.second.push_back(w.to_string());
  return out;
}

TEST(PendingSecurityUpdates, BrokenIndexes) {
  const std::string dir = fixture_dir() + "/packages/";
  auto empty = with_index(testing::read_host_file(dir + "empty"));
  EXPECT_TRUE(empty.first.empty());
  EXPECT_TRUE(empty.second.empty());

  // Names with invalid UTF-8 (not dpkg names) are reported and skipped; openssl is fine.
  auto utf8 = with_index(testing::read_host_file(dir + "invalid_utf8"));
  EXPECT_EQ(utf8.first, std::vector<std::string>{"openssl 3.0.15-1~deb12u1"});
  ASSERT_EQ(utf8.second.size(), 2u);
  EXPECT_NE(utf8.second[0].find(":1:"), std::string::npos) << utf8.second[0];
  EXPECT_NE(utf8.second[1].find(":6:"), std::string::npos) << utf8.second[1];

  // Cut in the middle of libcurl4's paragraph, after its Package, Version and Architecture.
  auto truncated = with_index(testing::read_host_file(dir + "truncated"));
  EXPECT_EQ(truncated.first,
            (std::vector<std::string>{"curl 7.88.1-10+deb12u8", "libcurl4 7.88.1-10+deb12u8"}));
  EXPECT_TRUE(truncated.second.empty());

  // An invalid version is reported; of two valid ones the higher counts, whatever the order.
  auto values = with_index(testing::read_host_file(dir + "wrong_values"));
  EXPECT_EQ(values.first, std::vector<std::string>{"curl 7.88.1-10+deb12u8"});
  ASSERT_EQ(values.second.size(), 1u);
  EXPECT_NE(values.second[0].find("invalid version"), std::string::npos);

  // Huge (generated): 200,000 packages, one of them installed and older.
  std::string huge;
  for (int i = 0; i < 200000; ++i) {
    huge += "Package: pkg" + std::to_string(i) + "\nVersion: 1.0-" + std::to_string(i % 7 + 1) +
            "\nArchitecture: amd64\nDescription: generated\n\n";
  }
  huge += "Package: bash\nVersion: 5.2.15-2+deb12u1\nArchitecture: amd64\n";
  auto big = with_index(huge);
  EXPECT_EQ(big.first, std::vector<std::string>{"bash 5.2.15-2+deb12u1"});
  EXPECT_TRUE(big.second.empty());
}

TEST(ReleaseFile, SecuritySuitesByTheirFields) {
  auto sec = parse_release(testing::read_host_file(fixture_dir() + "/src/security_InRelease"));
  EXPECT_EQ(sec.origin, "Debian");
  EXPECT_EQ(sec.label, "Debian-Security");
  EXPECT_EQ(sec.suite, "oldstable-security");
  EXPECT_EQ(sec.codename, "bookworm-security");
  EXPECT_EQ(sec.version, "12");
  EXPECT_EQ(sec.architectures,
            (std::vector<std::string>{"amd64", "arm64", "armhf", "i386", "ppc64el"}));
  EXPECT_EQ(sec.components.size(), 4u);
  EXPECT_TRUE(sec.is_security());

  auto bpo = parse_release(testing::read_host_file(fixture_dir() + "/src/backports_Release"));
  EXPECT_EQ(bpo.suite, "bookworm-backports");
  EXPECT_FALSE(bpo.is_security());

  // Ubuntu's security pocket: Label "Ubuntu", the suite says it.
  auto ubuntu = parse_release(
      "Origin: Ubuntu\nLabel: Ubuntu\nSuite: jammy-security\n"
      "Version: 22.04\nCodename: jammy\n");
  EXPECT_TRUE(ubuntu.is_security());
  auto updates = parse_release(
      "Origin: Ubuntu\nLabel: Ubuntu\nSuite: jammy-updates\n"
      "Codename: jammy\n");
  EXPECT_FALSE(updates.is_security());
  // Nothing after the first paragraph, and an armour without a body, count.
  EXPECT_FALSE(parse_release("Origin: Debian\n\nLabel: Debian-Security\n").is_security());
  EXPECT_FALSE(parse_release("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256").is_security());
}

TEST(PackagesIndex, SourceFieldForms) {
  std::vector<IndexPackage> got;
  std::vector<std::string> problems;
  parse_packages(
      "Package: libbrotli1\nSource: brotli (1.0.9-2)\nVersion: 1.0.9-2+b6\nArchitecture: amd64\n"
      "\nPackage: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n"
      "\nPackage: libssl3\nSource: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n"
      "\nPackage: broken\nVersion: 1\n"
      "\nthis line is not a field\nPackage: x\nVersion: 1\nArchitecture: all\n",
      [&](IndexPackage p) { got.push_back(std::move(p)); },
      [&](uint64_t line, std::string m) { problems.push_back(std::to_string(line) + ": " + m); });
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].source_name, "brotli");
  EXPECT_EQ(got[0].source_version, "1.0.9-2");
  EXPECT_EQ(got[1].source_name, "openssl");
  EXPECT_EQ(got[1].source_version, "3.0.15-1~deb12u1");
  EXPECT_EQ(got[2].source_name, "openssl");
  EXPECT_EQ(got[2].source_version, "3.0.15-1~deb12u1");
  EXPECT_EQ(got[3].name, "x");
  ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
}

TEST(Decompress, EveryFormatAptWrites) {
  const std::string plain = testing::read_host_file(fixture_dir() + "/src/security_main_Packages");
  const std::string lists = fixture_dir() + "/rootfs/var/lib/apt/lists/";
  auto lz4 = decompress_list(
      "x.lz4", testing::read_host_file(
                   lists + "deb.debian.org_debian-security_dists_bookworm-security_updates_main_"
                           "binary-amd64_Packages.lz4"));
  ASSERT_TRUE(lz4.is_ok()) << lz4.status().message();
  EXPECT_EQ(*lz4, plain);
  auto gz = decompress_list(
      "x.gz",
      testing::read_host_file(lists + "mirror.example.org_debian-security_dists_bookworm-security_"
                                      "main_binary-amd64_Packages.gz"));
  ASSERT_TRUE(gz.is_ok());
  EXPECT_EQ(*gz, testing::read_host_file(fixture_dir() + "/src/backports_Packages"));
  auto xz = decompress_list("x.xz", testing::read_host_file(fixture_dir() + "/src/sample.xz"));
  ASSERT_TRUE(xz.is_ok()) << xz.status().message();
  EXPECT_EQ(*xz, "Package: xz-fixture\nVersion: 1.0-1\nArchitecture: all\n");
  auto zst = decompress_list("x.zst", testing::read_host_file(fixture_dir() + "/src/sample.zst"));
  ASSERT_TRUE(zst.is_ok()) << zst.status().message();
  EXPECT_EQ(*zst, "Package: xz-fixture\nVersion: 1.0-1\nArchitecture: all\n");
  EXPECT_EQ(*decompress_list("Packages", "as is"), "as is");
}

TEST(Decompress, BrokenAndOversizedInputIsAnError) {
  for (std::string_view name : {"a.lz4", "a.gz", "a.xz"}) {
    EXPECT_FALSE(decompress_list(name, "").is_ok()) << name;
    EXPECT_FALSE(decompress_list(name, "garbage that is no compressed stream").is_ok()) << name;
  }
  // A megabyte of zeros compresses to about a kilobyte: a limit below it is refused.
  std::string zeros(1 << 20, '\0');
  const std::string lists = fixture_dir() + "/rootfs/var/lib/apt/lists/";
  std::string lz4 =
      testing::read_host_file(lists +
                              "deb.debian.org_debian-security_dists_bookworm-security_updates_main_"
                              "binary-amd64_Packages.lz4");
  auto limited = decompress_list("x.lz4", lz4, 100);
  ASSERT_FALSE(limited.is_ok());
  EXPECT_NE(limited.status().message().find("exceeds"), std::string::npos);
  // Truncated lz4 is an error, not a short result.
  EXPECT_FALSE(decompress_list("x.lz4", lz4.substr(0, lz4.size() - 5)).is_ok());
  EXPECT_FALSE(decompress_list("x", zeros, 10).is_ok());
}

TEST(Changelog, EntriesAndCveIds) {
  auto entries = parse_changelog(testing::read_host_file(fixture_dir() + "/src/openssh.changelog"));
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].package, "openssh");
  EXPECT_EQ(entries[0].version, "1:9.2p1-2+deb12u3");
  EXPECT_EQ(entries[0].distribution, "bookworm-security");
  EXPECT_EQ(entries[0].cves, std::vector<std::string>{"CVE-2024-6387"});
  // Named twice, kept once, in the order first named.
  EXPECT_EQ(entries[1].cves,
            (std::vector<std::string>{"CVE-2023-48795", "CVE-2023-51384", "CVE-2023-51385"}));
  // "CVE-123-4567", "XCVE-2020-1111" and "CVE-2020-12" are not CVE ids.
  EXPECT_TRUE(entries[3].cves.empty());

  EXPECT_EQ(cves_between(entries, "1:9.2p1-2+deb12u2", "1:9.2p1-2+deb12u3"),
            std::vector<std::string>{"CVE-2024-6387"});
  EXPECT_EQ(cves_between(entries, "1:9.2p1-2", "1:9.2p1-2+deb12u2"),
            (std::vector<std::string>{"CVE-2023-38408", "CVE-2023-48795", "CVE-2023-51384",
                                      "CVE-2023-51385"}));
  EXPECT_TRUE(cves_between(entries, "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u3").empty());
  EXPECT_TRUE(cves_between(entries, "not a version!", "1:9.2p1-2+deb12u3").empty());
}

TEST(Changelog, ReadFromADeb) {
  auto fs = open_directory_fs(fixture_dir() + "/rootfs");
  ASSERT_TRUE(fs.is_ok());
  auto reader = (*fs)->open("/var/cache/apt/archives/openssh-client_1%3a9.2p1-2+deb12u3_amd64.deb");
  ASSERT_TRUE(reader.is_ok());
  auto text = read_deb_changelog(std::move(reader.value()));
  ASSERT_TRUE(text.is_ok()) << text.status().message();
  EXPECT_EQ(*text, testing::read_host_file(fixture_dir() + "/src/openssh.changelog"));

  // Not an ar archive.
  MemoryFs mem;
  mem.add_file("/x.deb", "!<arch>\nbroken");
  auto broken = read_deb_changelog(std::move(mem.open("/x.deb")).value());
  EXPECT_FALSE(broken.is_ok());
  mem.add_file("/y.deb", "");
  EXPECT_FALSE(read_deb_changelog(std::move(mem.open("/y.deb")).value()).is_ok());
}

}  // namespace
}  // namespace upkeep::debian_security
