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

constexpr std::string_view kId = "apk-installed";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/apk-installed/" + name;
}

std::vector<uint64_t> warning_lines(const Extracted& r) {
  std::vector<uint64_t> out;
  for (const auto& w : r.warnings)
    out.push_back(w.line);
  return out;
}

TEST(ApkInstalled, ClaimsOnlyTheDatabase) {
  const Extractor* e = find_extractor(kId);
  ASSERT_NE(e, nullptr);
  auto claims = [&](std::string_view path) {
    return e->claims(FileRef{path, base_name(path), FileInfo{FileType::kRegular, 1, 0644}});
  };
  EXPECT_TRUE(claims("/lib/apk/db/installed"));
  EXPECT_FALSE(claims("/lib/apk/db/triggers"));
  EXPECT_FALSE(claims("/srv/rootfs/lib/apk/db/installed"));
  EXPECT_TRUE(e->recognizes("installed", "C:Q1x=\nP:musl\nV:1.2.4-r0\n"));
  EXPECT_TRUE(e->recognizes("alpine-db", "P:musl\nV:1.2.4-r0\n"));
  EXPECT_FALSE(e->recognizes("notes", "Package: musl\nVersion: 1\n"));
}

TEST(ApkInstalled, EmptyFileHasNothing) {
  auto r = run_extractor_on_file(kId, fixture("empty.installed"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(ApkInstalled, PackagesOriginsLicensesAndResolvedDependencies) {
  const OsRelease os = parse_os_release("ID=alpine\nVERSION_ID=3.19.1\n");
  auto r = run_extractor_on_file(kId, fixture("basic.installed"), &os);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 4u);
  const Component* musl = r.find("musl", "1.2.4_git20230717-r4");
  ASSERT_NE(musl, nullptr);
  EXPECT_EQ(musl->ecosystem, "Alpine:v3.19");
  EXPECT_EQ(musl->purl,
            "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=aarch64&distro=alpine-3.19.1");
  EXPECT_EQ(musl->arch, "aarch64");
  EXPECT_EQ(musl->licenses, std::vector<std::string>{"MIT"});
  EXPECT_EQ(musl->extractor, "apk-installed");
  EXPECT_TRUE(musl->dependencies.empty());
  const Component* ssl = r.find("libssl3", "3.1.4-r5");
  ASSERT_NE(ssl, nullptr);
  // The origin is the source package; apk builds it at the same version.
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(ssl->source_version, "3.1.4-r5");
  // so: names resolve through p: lines; "!libssl1.1" is a conflict; "missing-thing" is not
  // installed.
  EXPECT_EQ(ssl->dependencies, (std::vector<std::string>{"musl", "libcrypto3"}));
  const Component* binsh = r.find("busybox-binsh", "1.36.1-r15");
  ASSERT_NE(binsh, nullptr);
  EXPECT_EQ(binsh->source_name, "busybox");
  EXPECT_TRUE(binsh->dependencies.empty());  // busybox itself is not installed here
}

TEST(ApkInstalled, MalformedBlocksAreReportedByLineAndTheRestKept) {
  auto r = run_extractor_on_file(kId, fixture("malformed.installed"));
  ASSERT_EQ(r.components.size(), 4u) << r.warnings_text();
  EXPECT_NE(r.find("first", "1.0-r0"), nullptr);
  EXPECT_NE(r.find("twice", "1.0-r0"), nullptr);  // the first V: counts
  EXPECT_NE(r.find("has space", "1.0-r0"), nullptr);
  EXPECT_NE(r.find("last", "3.0-r1"), nullptr);
  EXPECT_EQ(warning_lines(r), (std::vector<uint64_t>{4, 5, 7, 10, 15, 17})) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("not \"K:value\""), std::string::npos);
  EXPECT_NE(r.warnings[2].message.find("without a name"), std::string::npos);
  EXPECT_NE(r.warnings[3].message.find("no-version has no version"), std::string::npos);
  EXPECT_NE(r.warnings[4].message.find("a second V: line"), std::string::npos);
  EXPECT_NE(r.warnings[5].message.find("invalid name or version"), std::string::npos);
  // No os-release: Alpine, without a release.
  EXPECT_EQ(r.components[0].ecosystem, "Alpine");
  EXPECT_EQ(r.find("last", "3.0-r1")->purl, "pkg:apk/alpine/last@3.0-r1");
}

TEST(ApkInstalled, TruncatedFileKeepsTheWholeBlocks) {
  auto r = run_extractor_on_file(kId, fixture("truncated.installed"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].name, "whole");
  EXPECT_EQ(warning_lines(r), (std::vector<uint64_t>{6, 5})) << r.warnings_text();
}

TEST(ApkInstalled, InvalidUtf8) {
  auto r = run_extractor_on_file(kId, fixture("invalid_utf8.installed"));
  // A version with a stray byte is reported and kept; a name that is not UTF-8 cannot name a
  // component and is left out; a description is not read.
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_EQ(r.components[0].name, "bad-version");
  EXPECT_EQ(r.components[0].purl, "pkg:apk/alpine/bad-version@1.0%FF-r0?arch=x86_64");
  EXPECT_EQ(r.components[1].name, "fine");
  EXPECT_EQ(warning_lines(r), (std::vector<uint64_t>{1, 6})) << r.warnings_text();
  EXPECT_NE(r.warnings[1].message.find("not valid UTF-8"), std::string::npos);
}

TEST(ApkInstalled, HugeDatabaseIsReadInLinearTime) {
  std::string text;
  constexpr int kPackages = 50000;
  for (int i = 0; i < kPackages; ++i) {
    text += "P:pkg" + std::to_string(i) + "\nV:1." + std::to_string(i) + "-r0\nA:x86_64\n";
    text += "D:pkg" + std::to_string(i / 2) + " so:lib" + std::to_string(i / 3) + ".so\n";
    text += "p:so:lib" + std::to_string(i) + ".so=1\nF:usr/lib\nR:lib.so\nZ:Q1=\n\n";
  }
  MemoryFs fs;
  fs.add_file("/lib/apk/db/installed", text);
  const auto start = std::chrono::steady_clock::now();
  auto r = run_extractor(kId, fs, "/lib/apk/db/installed");
  ::testing::Test::RecordProperty(
      "seconds",
      std::to_string(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kPackages));
  EXPECT_EQ(r.find("pkg9", "1.9-r0")->dependencies, (std::vector<std::string>{"pkg4", "pkg3"}));
}

// ---------------------------------------------------------------------------------------------
// Real databases (../shared/data/os). Counts: grep -c '^P:' installed (one P: line per package
// block; every block has P and V). Samples read from the P/V/A/o/L lines of each block.

TEST(ApkInstalled, RealAlpine310) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  // os-release beside it: VERSION_ID=3.10.4.
  auto r = run_extractor_on_file(kId, shared_data_dir() + "/os/alpine-3.10/installed");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 14u);
  const Component* ssl = r.find("libssl1.1", "1.1.1d-r2");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->ecosystem, "Alpine:v3.10");
  EXPECT_EQ(ssl->purl, "pkg:apk/alpine/libssl1.1@1.1.1d-r2?arch=x86_64&distro=alpine-3.10.4");
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(ssl->licenses, std::vector<std::string>{"OpenSSL"});
  EXPECT_EQ(r.find("ssl_client", "1.30.1-r3")->source_name, "busybox");
  EXPECT_EQ(r.find("musl-utils", "1.1.22-r3")->licenses, std::vector<std::string>{"MIT BSD GPL2+"});
  EXPECT_EQ(r.find("libc-utils", "0.7.1-r0")->source_name, "libc-dev");
}

TEST(ApkInstalled, RealAlpine311) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, shared_data_dir() + "/os/alpine-3.11/installed");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 14u);
  const Component* z = r.find("zlib", "1.2.11-r3");
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->purl, "pkg:apk/alpine/zlib@1.2.11-r3?arch=x86_64&distro=alpine-3.11.5");
  EXPECT_EQ(z->ecosystem, "Alpine:v3.11");
  EXPECT_EQ(r.find("scanelf", "1.2.4-r0")->source_name, "pax-utils");
}

TEST(ApkInstalled, RealAlpine318) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  // No os-release in the data (the README says Alpine 3.18.0).
  const OsRelease os = parse_os_release("ID=alpine\nVERSION_ID=3.18.0\n");
  auto r = run_extractor_on_file(kId, shared_data_dir() + "/os/alpine-3.18/installed", &os);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 15u);
  const Component* apk = r.find("apk-tools", "2.14.0-r0");
  ASSERT_NE(apk, nullptr);
  EXPECT_EQ(apk->purl, "pkg:apk/alpine/apk-tools@2.14.0-r0?arch=x86_64&distro=alpine-3.18.0");
  EXPECT_EQ(apk->ecosystem, "Alpine:v3.18");
  // D:musl>=1.2.3_git20230424 ca-certificates-bundle so:libc.musl-x86_64.so.1 so:libcrypto.so.3
  //   so:libssl.so.3 so:libz.so.1
  EXPECT_EQ(apk->dependencies, (std::vector<std::string>{"musl", "ca-certificates-bundle",
                                                         "libcrypto3", "libssl3", "zlib"}));
  EXPECT_EQ(r.find("alpine-baselayout-data", "3.4.3-r1")->source_name, "alpine-baselayout");
  EXPECT_EQ(r.find("libcrypto3", "3.1.0-r4")->licenses, std::vector<std::string>{"Apache-2.0"});
}

}  // namespace
}  // namespace upkeep::inventory
