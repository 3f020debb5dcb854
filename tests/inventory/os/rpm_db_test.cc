// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "inventory/os/rpm_header.h"
#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::read_host_file;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

constexpr std::string_view kId = "rpm-db";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/rpm-db/" + name;
}

// ---------------------------------------------------------------------------------------------
// A header builder for the parser's tests: entries in the order given, data laid out one after
// the other with each type's alignment, optionally inside an immutable region.

struct RawEntry {
  int32_t tag;
  uint32_t type;
  std::string data;  // encoded value
  uint32_t count;
  int64_t offset = -1;  // -1: laid out in order
};

void put32(std::string& s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    s.push_back(static_cast<char>((v >> shift) & 0xff));
}

RawEntry str(int32_t tag, const std::string& v) {
  return {tag, rpm::kTypeString, v + std::string(1, '\0'), 1};
}
RawEntry strs(int32_t tag, const std::vector<std::string>& v,
              uint32_t type = rpm::kTypeStringArray) {
  std::string d;
  for (const auto& s : v)
    d += s + std::string(1, '\0');
  return {tag, type, d, static_cast<uint32_t>(v.size())};
}
RawEntry int32(int32_t tag, uint32_t v) {
  std::string d;
  put32(d, v);
  return {tag, rpm::kTypeInt32, d, 1};
}

std::string build(const std::vector<RawEntry>& entries, bool region = true,
                  const std::vector<RawEntry>& dribbles = {}) {
  std::string data, index;
  uint32_t count = 0;
  auto add = [&](const RawEntry& e) {
    if (e.type == rpm::kTypeInt32) data.resize((data.size() + 3) / 4 * 4, '\0');
    put32(index, static_cast<uint32_t>(e.tag));
    put32(index, e.type);
    put32(index,
          e.offset >= 0 ? static_cast<uint32_t>(e.offset) : static_cast<uint32_t>(data.size()));
    put32(index, e.count);
    data += e.data;
    ++count;
  };
  for (const auto& e : entries)
    add(e);
  std::string region_entry;
  if (region) {
    const uint32_t trailer = static_cast<uint32_t>(data.size());
    put32(data, rpm::kTagHeaderImmutable);
    put32(data, rpm::kTypeBin);
    put32(data, static_cast<uint32_t>(-static_cast<int32_t>((count + 1) * 16)));
    put32(data, 16);
    put32(region_entry, rpm::kTagHeaderImmutable);
    put32(region_entry, rpm::kTypeBin);
    put32(region_entry, trailer);
    put32(region_entry, 16);
  }
  for (const auto& e : dribbles)
    add(e);
  std::string blob;
  put32(blob, count + (region ? 1 : 0));
  put32(blob, static_cast<uint32_t>(data.size()));
  return blob + region_entry + index + data;
}

TEST(RpmHeader, ReadsTypedValuesAndDribblesReplaceRegionEntries) {
  const std::string blob =
      build({strs(rpm::kTagHeaderI18nTable, {"C", "de"}), str(rpm::kTagName, "bash"),
             str(rpm::kTagVersion, "5.2.26"), str(rpm::kTagRelease, "3.fc40"),
             strs(rpm::kTagSummary, {"The GNU Bourne Again shell", "Die GNU Bourne Again Shell"},
                  rpm::kTypeI18nString),
             int32(rpm::kTagEpoch, 2), str(rpm::kTagLicense, "GPL-3.0-or-later"),
             strs(rpm::kTagProvideName, {"bash", "bash(x86-64)", "/bin/bash"})},
            true, {str(rpm::kTagLicense, "GPL-3.0-or-later AND MIT")});
  auto h = rpm::Header::parse(blob);
  ASSERT_TRUE(h.is_ok()) << h.status().message();
  EXPECT_TRUE(h->problems().empty());
  EXPECT_EQ(h->string(rpm::kTagName), "bash");
  EXPECT_EQ(h->string(rpm::kTagRelease), "3.fc40");
  EXPECT_EQ(h->string(rpm::kTagSummary), "The GNU Bourne Again shell");  // the C locale's
  EXPECT_EQ(h->int32(rpm::kTagEpoch), 2u);
  EXPECT_EQ(h->int64(rpm::kTagEpoch), 2u);
  EXPECT_EQ(h->string(rpm::kTagLicense), "GPL-3.0-or-later AND MIT");
  EXPECT_EQ(h->string_array(rpm::kTagProvideName),
            (std::vector<std::string_view>{"bash", "bash(x86-64)", "/bin/bash"}));
  // Absent tags and tags of another type than asked are nullopt, never a misread.
  EXPECT_EQ(h->string(rpm::kTagArch), std::nullopt);
  EXPECT_EQ(h->int32(rpm::kTagName), std::nullopt);
  EXPECT_EQ(h->string(rpm::kTagEpoch), std::nullopt);
  EXPECT_EQ(h->bin(rpm::kTagSigMd5), std::nullopt);
}

TEST(RpmHeader, HeadersWithoutARegionAreRead) {
  // A Header is a view into its blob: the blob must outlive it.
  const std::string blob = build({str(rpm::kTagName, "legacy")}, false);
  auto h = rpm::Header::parse(blob);
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->string(rpm::kTagName), "legacy");
}

TEST(RpmHeader, AnUnusableIndexIsAnError) {
  EXPECT_FALSE(rpm::Header::parse("").is_ok());
  EXPECT_FALSE(rpm::Header::parse(std::string("\0\0\0\1\0\0", 6)).is_ok());
  // il = 0.
  EXPECT_FALSE(rpm::Header::parse(std::string(8, '\0')).is_ok());
  std::string blob = build({str(rpm::kTagName, "x")});
  // One byte short of what il and dl claim.
  auto r = rpm::Header::parse(std::string_view(blob).substr(0, blob.size() - 1));
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("needs"), std::string::npos) << r.status().message();
  // il of 2^31: the sizes are computed in 64 bits and rejected, not wrapped.
  std::string huge = blob;
  huge[0] = '\x7f';
  EXPECT_FALSE(rpm::Header::parse(huge).is_ok());
}

TEST(RpmHeader, BadEntriesAreLeftOutAndDescribed) {
  RawEntry past_end = str(rpm::kTagVersion, "1");
  past_end.offset = 1 << 20;
  RawEntry bad_type = str(rpm::kTagArch, "x86_64");
  bad_type.type = 42;
  RawEntry two_strings = str(rpm::kTagRelease, "1");
  two_strings.count = 2;
  RawEntry ints_past_end = int32(rpm::kTagEpoch, 1);
  ints_past_end.count = 1000;
  const std::string blob = build({str(rpm::kTagName, "pkg"), past_end, bad_type, two_strings,
                                  ints_past_end, str(rpm::kTagLicense, "MIT")},
                                 false);
  auto h = rpm::Header::parse(blob);
  ASSERT_TRUE(h.is_ok()) << h.status().message();
  EXPECT_EQ(h->string(rpm::kTagName), "pkg");
  EXPECT_EQ(h->string(rpm::kTagVersion), std::nullopt);
  EXPECT_EQ(h->string(rpm::kTagArch), std::nullopt);
  EXPECT_EQ(h->int32(rpm::kTagEpoch), std::nullopt);
  ASSERT_EQ(h->problems().size(), 4u);
  EXPECT_NE(h->problems()[0].find("entry 1 (tag 1001"), std::string::npos) << h->problems()[0];
  EXPECT_NE(h->problems()[0].find("past the"), std::string::npos);
  EXPECT_NE(h->problems()[1].find("unknown type"), std::string::npos);
  EXPECT_NE(h->problems()[2].find("STRING with a count of 2"), std::string::npos);
  EXPECT_NE(h->problems()[3].find("run past"), std::string::npos);
}

TEST(RpmHeader, OverlappingDataAndUnterminatedStringsAreRejected) {
  RawEntry overlap = str(rpm::kTagVersion, "");
  overlap.offset = 0;  // inside the name's bytes
  RawEntry unterminated{rpm::kTagRelease, rpm::kTypeString, "no-nul", 1};
  const std::string blob = build({str(rpm::kTagName, "pkg"), overlap, unterminated}, false);
  auto h = rpm::Header::parse(blob);
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->string(rpm::kTagName), "pkg");
  ASSERT_EQ(h->problems().size(), 2u);
  EXPECT_NE(h->problems()[0].find("overlaps"), std::string::npos);
  EXPECT_NE(h->problems()[1].find("runs past the end"), std::string::npos);
}

TEST(RpmHeader, ManyBadEntriesGiveBoundedMessagesInLinearTime) {
  // 60,000 entries all pointing at one long string without a NUL: each would rescan it.
  std::string data(200000, 'a');
  std::string blob;
  constexpr uint32_t kEntries = 60000;
  put32(blob, kEntries);
  put32(blob, static_cast<uint32_t>(data.size()));
  for (uint32_t i = 0; i < kEntries; ++i) {
    put32(blob, rpm::kTagName);
    put32(blob, rpm::kTypeStringArray);
    put32(blob, kEntries - i);  // decreasing offsets, all inside the string
    put32(blob, 1);
  }
  blob += data;
  auto h = rpm::Header::parse(blob);
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->entry_count(), 0u);
  EXPECT_EQ(h->problems().size(), 9u);
  EXPECT_EQ(h->problems().back(), "more entries are bad");
}

// ---------------------------------------------------------------------------------------------
// The fixtures (tools/gen/rpm_fixtures.py): the same five headers in each storage format; rpm's
// own library reads the SQLite and Berkeley DB ones back identically
// (tests/cli/os_packages_test.py).

struct Expected {
  std::string name, version, arch, source_name, source_version, license, purl;
  std::vector<std::string> dependencies;
};

const std::vector<Expected>& fixture_packages() {
  static const std::vector<Expected> kPackages = {
      {"glibc",
       "2.39-6.fc40",
       "x86_64",
       "glibc",
       "2.39-6.fc40",
       "LGPL-2.1-or-later",
       "pkg:rpm/fedora/glibc@2.39-6.fc40?arch=x86_64&distro=fedora-40",
       {}},
      {"openssl-libs",
       "1:3.1.4-4.fc40",
       "x86_64",
       "openssl",
       "1:3.1.4-4.fc40",
       "Apache-2.0",
       "pkg:rpm/fedora/openssl-libs@3.1.4-4.fc40?arch=x86_64&distro=fedora-40&epoch=1",
       {"glibc", "ca-certificates"}},
      {"ca-certificates",
       "2023.2.62_v7.0.401-6.fc40",
       "noarch",
       "ca-certificates",
       "2023.2.62_v7.0.401-6.fc40",
       "MIT AND GPL-2.0-or-later",
       "pkg:rpm/fedora/ca-certificates@2023.2.62_v7.0.401-6.fc40?arch=noarch&distro=fedora-40",
       {}},
      {"bigpkg",
       "1.0-1",
       "aarch64",
       "bigpkg",
       "1.0-1",
       "BSD-3-Clause",
       "pkg:rpm/fedora/bigpkg@1.0-1?arch=aarch64&distro=fedora-40",
       {"glibc", "openssl-libs"}},
  };
  return kPackages;
}

void expect_fixture_packages(const Extracted& r) {
  // gpg-pubkey, the fifth header, is an imported signing key and not reported.
  EXPECT_TRUE(r.named("gpg-pubkey").empty());
  ASSERT_EQ(r.components.size(), fixture_packages().size()) << r.warnings_text();
  for (const Expected& e : fixture_packages()) {
    SCOPED_TRACE(e.name);
    const Component* c = r.find(e.name, e.version);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->arch, e.arch);
    EXPECT_EQ(c->source_name, e.source_name);
    EXPECT_EQ(c->source_version, e.source_version);
    EXPECT_EQ(c->licenses, std::vector<std::string>{e.license});
    EXPECT_EQ(c->purl, e.purl);
    EXPECT_EQ(c->dependencies, e.dependencies);
    // Fedora has no OSV ecosystem.
    EXPECT_EQ(c->ecosystem, "");
    EXPECT_EQ(c->extractor, "rpm-db");
  }
}

const OsRelease& fedora() {
  static const OsRelease os = parse_os_release("ID=fedora\nVERSION_ID=40\n");
  return os;
}

TEST(RpmDb, SqliteDatabaseInWalMode) {
  auto r = run_extractor_on_file(kId, fixture("rpmdb.sqlite"), &fedora());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  expect_fixture_packages(r);
}

TEST(RpmDb, NdbDatabase) {
  auto r = run_extractor_on_file(kId, fixture("Packages.db"), &fedora());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  expect_fixture_packages(r);
}

// rpm writes NDB in the machine's byte order: SUSE on s390x has big-endian ones.
TEST(RpmDb, BigEndianNdbDatabase) {
  auto r = run_extractor_on_file(kId, fixture("big_endian.ndb"), &fedora());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  expect_fixture_packages(r);
}

TEST(RpmDb, BerkeleyDbHashWithOverflowPages) {
  auto r = run_extractor_on_file(kId, fixture("Packages"), &fedora());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  expect_fixture_packages(r);
}

TEST(RpmDb, ClaimsTheDatabasesWhereRpmKeepsThem) {
  const Extractor* e = find_extractor(kId);
  ASSERT_NE(e, nullptr);
  auto claims = [&](std::string_view path) {
    return e->claims(FileRef{path, base_name(path), FileInfo{FileType::kRegular, 1, 0644}});
  };
  for (const char* p : {"/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite",
                        "/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages",
                        "/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db"}) {
    EXPECT_TRUE(claims(p)) << p;
  }
  EXPECT_FALSE(claims("/var/lib/rpm/Name"));
  EXPECT_FALSE(claims("/var/lib/rpm/Index.db"));
  EXPECT_FALSE(claims("/var/lib/rpm/rpmdb.sqlite-wal"));
  EXPECT_FALSE(claims("/home/u/Packages"));
  const std::string sqlite = read_host_file(fixture("rpmdb.sqlite"));
  const std::string ndb = read_host_file(fixture("Packages.db"));
  const std::string bdb = read_host_file(fixture("Packages"));
  EXPECT_TRUE(e->recognizes("amazon-rpmdb.sqlite", sqlite));
  EXPECT_TRUE(e->recognizes("sles-Packages.db", ndb));
  EXPECT_TRUE(e->recognizes("Packages", bdb));
  // Other Berkeley DB hashes (rpm's own index files among them) are not package databases.
  EXPECT_FALSE(e->recognizes("Name", bdb));
  EXPECT_FALSE(e->recognizes("other.sqlite", read_host_file(fixture("no_packages_table.sqlite"))));
}

// A root file system: claimed by path, distribution from /etc/os-release.
TEST(RpmDb, WalkOfARootFileSystem) {
  MemoryFs fs;
  fs.add_file("/usr/lib/sysimage/rpm/rpmdb.sqlite", read_host_file(fixture("rpmdb.sqlite")));
  fs.add_symlink("/var/lib/rpm", "../../usr/lib/sysimage/rpm");
  fs.add_file("/etc/os-release", "NAME=\"AlmaLinux\"\nID=\"almalinux\"\nVERSION_ID=\"9.3\"\n");
  const auto os = read_os_release(fs);
  std::vector<Component> components;
  std::vector<Diagnostic> warnings;
  walk_and_extract(fs, "/", &*os, Options{}, components, warnings);
  EXPECT_TRUE(warnings.empty());
  // Once: the link /var/lib/rpm is not followed by the walk.
  ASSERT_EQ(components.size(), 4u);
  sort_components(components);
  EXPECT_EQ(components[0].ecosystem, "AlmaLinux:9");
  EXPECT_EQ(components[0].location, "/usr/lib/sysimage/rpm/rpmdb.sqlite");
  EXPECT_EQ(components[0].purl, "pkg:rpm/almalinux/bigpkg@1.0-1?arch=aarch64&distro=almalinux-9.3");
}

TEST(RpmDb, NdbBadChecksumIsReportedAndTheBlobStillRead) {
  auto r = run_extractor_on_file(kId, fixture("bad_checksum.ndb"), &fedora());
  expect_fixture_packages(r);
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("package index 2: the blob's checksum does not match"),
            std::string::npos);
  ASSERT_TRUE(r.warnings[0].offset.has_value());
}

// Slots sharing one package's blocks would have it checksummed and parsed once per slot: the
// reader stops where the blocks claimed exceed the file.
TEST(RpmDb, NdbSlotsSharingBlocksAreRefused) {
  std::string bytes = read_host_file(fixture("Packages.db"));
  ASSERT_GT(bytes.size(), 4096u);
  // The fourth slot (bigpkg, the largest blob), copied over every free slot.
  const std::string slot = bytes.substr(32 + 3 * 16, 16);
  for (size_t at = 32 + 5 * 16; at + 16 <= 4096; at += 16)
    bytes.replace(at, 16, slot);
  MemoryFs fs;
  fs.add_file("/var/lib/rpm/Packages.db", bytes);
  auto r = run_extractor(kId, fs, "/var/lib/rpm/Packages.db");
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("overlap"), std::string::npos);
  EXPECT_LT(r.components.size(), 10u);
}

TEST(RpmDb, TruncatedNdbNamesEachLostPackage) {
  auto r = run_extractor_on_file(kId, fixture("truncated.ndb"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 5u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].offset, 32u);  // the first slot
  EXPECT_NE(r.warnings[0].message.find("package index 1: its slot points outside"),
            std::string::npos);
}

TEST(RpmDb, TruncatedBerkeleyDbKeepsWhatIsThere) {
  // The last page, the end of bigpkg's overflow chain, is cut off.
  auto r = run_extractor_on_file(kId, fixture("truncated.bdb"));
  EXPECT_EQ(r.components.size(), 3u);
  EXPECT_TRUE(r.named("bigpkg").empty());
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("truncated"), std::string::npos);
  EXPECT_NE(r.warnings[1].message.find("overflow pages"), std::string::npos);
}

TEST(RpmDb, SqliteWithoutAPackagesTable) {
  auto r = run_extractor_on_file(kId, fixture("no_packages_table.sqlite"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("no Packages(hnum, blob) table"), std::string::npos);
}

TEST(RpmDb, NotADatabaseAtAll) {
  MemoryFs fs;
  fs.add_file("/var/lib/rpm/Packages", "");
  fs.add_file("/var/lib/rpm/rpmdb.sqlite", "SQLite format 3" + std::string(1, '\0') + "garbage");
  fs.add_file("/var/lib/rpm/Packages.db", "RpmP");
  auto empty = run_extractor(kId, fs, "/var/lib/rpm/Packages");
  ASSERT_EQ(empty.warnings.size(), 1u);
  EXPECT_NE(empty.warnings[0].message.find("not an rpm database"), std::string::npos);
  auto sqlite = run_extractor(kId, fs, "/var/lib/rpm/rpmdb.sqlite");
  EXPECT_TRUE(sqlite.components.empty());
  EXPECT_EQ(sqlite.warnings.size(), 1u) << sqlite.warnings_text();
  auto ndb = run_extractor(kId, fs, "/var/lib/rpm/Packages.db");
  ASSERT_EQ(ndb.warnings.size(), 1u);
  EXPECT_NE(ndb.warnings[0].message.find("shorter than its 32-byte header"), std::string::npos);
}

// A damaged table row: SQLite's own checks stop the read with a message, nothing crashes.
TEST(RpmDb, CorruptSqlitePagesAreReported) {
  std::string bytes = read_host_file(fixture("minimal.sqlite"));
  ASSERT_GT(bytes.size(), 4096u);
  for (size_t i = 2048; i < bytes.size(); i += 7)
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  MemoryFs fs;
  fs.add_file("/var/lib/rpm/rpmdb.sqlite", bytes);
  auto r = run_extractor(kId, fs, "/var/lib/rpm/rpmdb.sqlite");
  EXPECT_FALSE(r.warnings.empty());
}

TEST(RpmDb, WriteAheadLogBesideTheDatabaseIsReported) {
  MemoryFs fs;
  fs.add_file("/var/lib/rpm/rpmdb.sqlite", read_host_file(fixture("rpmdb.sqlite")));
  fs.add_file("/var/lib/rpm/rpmdb.sqlite-wal", std::string(4096, 'w'));
  auto r = run_extractor(kId, fs, "/var/lib/rpm/rpmdb.sqlite");
  EXPECT_EQ(r.components.size(), 4u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("rpmdb.sqlite-wal holds 4096 bytes"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Real databases against `rpm -qa` run in the same containers (packages.csv, fields separated
// by U+00B6: epoch, name, version, release, arch, sourcerpm, size, license, vendor, summary,
// digest). Every row is compared on every field the extractor reports; the one gpg-pubkey row
// (an imported key) is the only one not reported.

struct TruthRow {
  std::string epoch, name, version, release, arch, source_rpm, license;
};

std::vector<TruthRow> read_truth(const std::string& path) {
  std::vector<TruthRow> rows;
  std::istringstream in(read_host_file(path));
  std::string line;
  const std::string sep = "\xc2\xb6";
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    size_t start = 0;
    for (;;) {
      const size_t at = line.find(sep, start);
      f.push_back(line.substr(start, at == std::string::npos ? std::string::npos : at - start));
      if (at == std::string::npos) break;
      start = at + sep.size();
    }
    if (f.size() != 11) {
      ADD_FAILURE() << "bad truth line: " << line;
      continue;
    }
    rows.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[7]});
  }
  return rows;
}

void expect_equal_to_truth(const Extracted& r, const std::vector<TruthRow>& truth,
                           size_t expected_reported) {
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // Keyed by name and arch; the truth has no duplicates.
  std::map<std::pair<std::string, std::string>, const Component*> by_key;
  for (const auto& c : r.components)
    by_key[{c.name, c.arch}] = &c;
  EXPECT_EQ(by_key.size(), r.components.size());
  EXPECT_EQ(r.components.size(), expected_reported);
  size_t compared = 0;
  for (const TruthRow& t : truth) {
    SCOPED_TRACE(t.name);
    if (t.name == "gpg-pubkey") {
      EXPECT_TRUE(r.named("gpg-pubkey").empty());
      continue;
    }
    auto it = by_key.find({t.name, t.arch});
    ASSERT_NE(it, by_key.end());
    const Component& c = *it->second;
    const std::string prefix = t.epoch.empty() ? "" : t.epoch + ":";
    EXPECT_EQ(c.version, prefix + t.version + "-" + t.release);
    // "openssl-3.0.8-1.amzn2023.0.4.src.rpm": split from the right, read independently here.
    std::string src = t.source_rpm.substr(0, t.source_rpm.size() - std::string(".src.rpm").size());
    const size_t r2 = src.rfind('-');
    const size_t r1 = src.rfind('-', r2 - 1);
    EXPECT_EQ(c.source_name, src.substr(0, r1));
    EXPECT_EQ(c.source_version, prefix + src.substr(r1 + 1));
    EXPECT_EQ(c.licenses, std::vector<std::string>{t.license});
    ++compared;
  }
  EXPECT_EQ(compared, expected_reported);
}

TEST(RpmDb, RealAmazonLinux2023Sqlite) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  const std::string dir = shared_data_dir() + "/os/amazonlinux-2023";
  const auto truth = read_truth(dir + "/packages.csv");
  // 103 rows (wc -l), one of them gpg-pubkey (grep -c '¶gpg-pubkey¶') -> 102 packages.
  ASSERT_EQ(truth.size(), 103u);
  const OsRelease os =
      parse_os_release("NAME=\"Amazon Linux\"\nID=\"amzn\"\nVERSION_ID=\"2023\"\n");
  auto r = run_extractor_on_file(kId, dir + "/rpmdb.sqlite", &os);
  expect_equal_to_truth(r, truth, 102);
  const Component* ssl = r.find("openssl-libs", "1:3.0.8-1.amzn2023.0.4");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->purl,
            "pkg:rpm/amzn/openssl-libs@3.0.8-1.amzn2023.0.4?arch=x86_64&distro=amzn-2023&epoch=1");
  // OSV has no Amazon Linux ecosystem (ossf/osv-schema ecosystems.json).
  EXPECT_EQ(ssl->ecosystem, "");
  // "system-release-2023.1.20230825-0.amzn2023.src.rpm" builds amazon-linux-repo-cdn.
  EXPECT_EQ(r.find("amazon-linux-repo-cdn", "2023.1.20230825-0.amzn2023")->source_name,
            "system-release");
}

TEST(RpmDb, RealSles153Ndb) {
  if (shared_data_dir().empty()) GTEST_SKIP() << "no ../shared/data";
  const std::string dir = shared_data_dir() + "/os/sles-15.3";
  const auto truth = read_truth(dir + "/packages.csv");
  // 36 rows, no gpg-pubkey among them.
  ASSERT_EQ(truth.size(), 36u);
  const OsRelease os = parse_os_release(
      "NAME=\"SLES\"\nVERSION=\"15-SP3\"\nVERSION_ID=\"15.3\"\n"
      "PRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP3\"\nID=\"sles\"\n");
  auto r = run_extractor_on_file(kId, dir + "/Packages.db", &os);
  expect_equal_to_truth(r, truth, 36);
  const Component* fs = r.find("filesystem", "15.0-11.8.1");
  ASSERT_NE(fs, nullptr);
  EXPECT_EQ(fs->ecosystem, "SUSE:Linux Enterprise Server 15 SP3");
  EXPECT_EQ(fs->purl, "pkg:rpm/sles/filesystem@15.0-11.8.1?arch=x86_64&distro=sles-15.3");
  EXPECT_EQ(r.find("skelcd-EULA-bci", "2021.05.14-150300.4.8.1")->source_name, "skelcd-bci");
}

}  // namespace
}  // namespace upkeep::inventory
