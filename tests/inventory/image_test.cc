// SPDX-License-Identifier: Apache-2.0
//
// Image archives built in the test: layers applied in order with whiteouts, the merged tree
// and the layer of each file, components tagged with their layer, names that try to leave the
// image, bounds, and broken archives.
#include "inventory/image.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/image_archives.h"
#include "support/inventory_testing.h"
#include "upkeep/purl.h"

namespace upkeep::inventory {
namespace {

using detail::ArchiveSource;
using detail::MergedImage;
using detail::MergeOptions;
using upkeep::testing::Compression;
using upkeep::testing::dir_entry;
using upkeep::testing::docker_archive;
using upkeep::testing::DockerImage;
using upkeep::testing::DockerOptions;
using upkeep::testing::file_entry;
using upkeep::testing::hardlink_entry;
using upkeep::testing::layer_diff_id;
using upkeep::testing::make_tar;
using upkeep::testing::oci_archive;
using upkeep::testing::symlink_entry;
using upkeep::testing::TestLayer;

// ---------------------------------------------------------------------------------------------
// The image of the tests

std::string cargo_lock() {
  // 3 crates from a registry or git and one workspace member (see cargo_lock_test.cc).
  return upkeep::testing::read_host_file(upkeep::testing::inventory_fixture_dir() +
                                         "/cargo-lock/workspace_git.lock");
}

// Three installed packages, in dpkg's status format.
constexpr const char* kDpkgStatus =
    "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\n"
    "Version: 12.4+deb12u5\n\n"
    "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
    "Source: openssl\nVersion: 3.0.11-1~deb12u2\n\n"
    "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\n"
    "Source: zlib\nVersion: 1:1.2.13.dfsg-1\n";

constexpr const char* kApkInstalled =
    "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\n"
    "C:Q1def=\nP:busybox\nV:1.36.1-r5\nA:x86_64\no:busybox\n\n";

// (a) base: os-release (through the usual symlink), a dpkg status with 3 packages, an apk
// database, lockfiles, an absolute symlink pointing out, a large file nobody reads.
TestLayer base_layer() {
  TestLayer l;
  l.entries = {
      dir_entry("./"),
      dir_entry("./etc/"),
      file_entry("./usr/lib/os-release",
                 "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
                 "VERSION_CODENAME=bookworm\n"),
      symlink_entry("./etc/os-release", "../usr/lib/os-release"),
      file_entry("./var/lib/dpkg/status", kDpkgStatus),
      file_entry("./lib/apk/db/installed", kApkInstalled),
      file_entry("./app/Cargo.lock", cargo_lock()),
      file_entry("./old/Cargo.lock", cargo_lock()),
      file_entry("./gone/Cargo.lock", cargo_lock()),
      file_entry("./replaced/Cargo.lock", cargo_lock()),
      symlink_entry("./etc/escape", "/../../../../../../etc/hostname"),
      symlink_entry("./etc/escape2", "../../../../../../../etc/passwd"),
      file_entry("./usr/share/big.bin", std::string(100000, 'x')),
  };
  return l;
}

// (b) second layer: a whiteout deleting the apk database and one lockfile, an opaque directory
// (with a lockfile of its own, which stays), a new lockfile, a directory replaced by a file;
// (c) names that try to leave the image.
TestLayer top_layer() {
  TestLayer l;
  l.entries = {
      file_entry("lib/apk/db/.wh.installed", ""),
      file_entry("gone/.wh.Cargo.lock", ""),
      file_entry("old/.wh..wh..opq", ""),
      file_entry("old/sub/Cargo.lock", cargo_lock()),
      file_entry("srv/Cargo.lock", cargo_lock()),
      file_entry("replaced", "now a file"),
      file_entry("../evil/Cargo.lock", cargo_lock()),
      file_entry("a/../../evil2/Cargo.lock", cargo_lock()),
      file_entry("/abs/Cargo.lock", cargo_lock()),
      hardlink_entry("srv/copy/Cargo.lock", "app/Cargo.lock"),
      hardlink_entry("x/Cargo.lock", "../../etc/passwd"),
  };
  l.compression = Compression::kGzip;
  return l;
}

std::vector<TestLayer> test_layers() {
  return {base_layer(), top_layer()};
}

// Keeps the package databases although (until their extractors land) nothing claims them.
MergeOptions keep_databases() {
  MergeOptions m;
  m.also_keep = [](std::string_view p) {
    return p == "/var/lib/dpkg/status" || p == "/lib/apk/db/installed";
  };
  return m;
}

struct Read {
  Status status;
  std::vector<MergedImage> images;
  std::vector<Diagnostic> warnings;
  std::string warnings_text() const {
    std::string out;
    for (const auto& w : warnings)
      out += w.to_string() + "\n";
    return out;
  }
  bool warned(std::string_view text) const {
    for (const auto& w : warnings) {
      if (w.to_string().find(text) != std::string::npos) return true;
    }
    return false;
  }
};

Read read(const std::string& archive, const Options& options = {},
          const MergeOptions& merge = keep_databases()) {
  Read r;
  ArchiveSource source;
  source.memory = archive;
  source.display = "test.tar";
  r.status = detail::read_image_archive(
      source, options, r.warnings, [&](MergedImage& m) { r.images.push_back(std::move(m)); },
      merge);
  return r;
}

Inventory inventory_of(const std::string& archive, const Options& options = {}) {
  Inventory inv;
  ArchiveSource source;
  source.memory = archive;
  source.display = "test.tar";
  Status s = detail::inventory_image_source(source, "image:test.tar", options, inv);
  EXPECT_TRUE(s.is_ok()) << s.message();
  sort_components(inv.components);
  return inv;
}

bool has_file(const MemoryFs& fs, std::string_view path) {
  auto st = fs.lstat(path);
  return st.is_ok() && st->type == FileType::kRegular;
}

std::set<std::string> locations(const Inventory& inv) {
  std::set<std::string> out;
  for (const auto& c : inv.components)
    out.insert(c.location);
  return out;
}

// The merged tree itself: what was kept, what the whiteouts removed, the layer of each file.
void expect_merged_tree(const MergedImage& image) {
  const MemoryFs& fs = image.fs;
  EXPECT_TRUE(has_file(fs, "/usr/lib/os-release"));
  EXPECT_TRUE(has_file(fs, "/var/lib/dpkg/status"));
  EXPECT_TRUE(has_file(fs, "/app/Cargo.lock"));
  EXPECT_TRUE(has_file(fs, "/old/sub/Cargo.lock"));  // same layer as the opaque marker
  EXPECT_TRUE(has_file(fs, "/srv/Cargo.lock"));
  EXPECT_TRUE(has_file(fs, "/abs/Cargo.lock"));         // absolute name made relative
  EXPECT_TRUE(has_file(fs, "/srv/copy/Cargo.lock"));    // hard link inside the image
  EXPECT_FALSE(has_file(fs, "/lib/apk/db/installed"));  // .wh.installed
  EXPECT_FALSE(has_file(fs, "/gone/Cargo.lock"));       // .wh.Cargo.lock
  EXPECT_FALSE(has_file(fs, "/old/Cargo.lock"));        // .wh..wh..opq
  EXPECT_FALSE(has_file(fs, "/replaced/Cargo.lock"));   // its directory became a file
  EXPECT_FALSE(has_file(fs, "/usr/share/big.bin"));     // claimed by nobody: not kept
  EXPECT_FALSE(has_file(fs, "/evil/Cargo.lock"));
  EXPECT_FALSE(has_file(fs, "/evil2/Cargo.lock"));
  EXPECT_FALSE(has_file(fs, "/x/Cargo.lock"));
  EXPECT_EQ(*fs.read_file("/var/lib/dpkg/status", 1 << 20), kDpkgStatus);

  // Links resolve inside the image: os-release through its relative link; links that climb
  // out land on the image's own root (where /etc/hostname and /etc/passwd do not exist), never
  // on this machine's files.
  auto os = read_os_release(fs);
  ASSERT_TRUE(os.has_value());
  EXPECT_EQ(os->osv_ecosystem(), "Debian:12");
  ASSERT_TRUE(std::filesystem::exists("/etc/passwd"));
  EXPECT_FALSE(fs.read_file("/etc/escape", 1 << 20).is_ok());
  EXPECT_FALSE(fs.read_file("/etc/escape2", 1 << 20).is_ok());

  const std::string first = layer_diff_id(0), second = layer_diff_id(1);
  EXPECT_EQ(image.layer_of.at("/var/lib/dpkg/status"), first);
  EXPECT_EQ(image.layer_of.at("/app/Cargo.lock"), first);
  EXPECT_EQ(image.layer_of.at("/srv/Cargo.lock"), second);
  EXPECT_EQ(image.layer_of.at("/old/sub/Cargo.lock"), second);
  EXPECT_EQ(image.layer_of.at("/srv/copy/Cargo.lock"), second);
  EXPECT_EQ(image.info.layers, (std::vector<std::string>{first, second}));
}

void expect_refusals(const Read& r) {
  EXPECT_TRUE(r.warned("../evil/Cargo.lock: layer 2")) << r.warnings_text();
  EXPECT_TRUE(r.warned("a/../../evil2/Cargo.lock: layer 2")) << r.warnings_text();
  EXPECT_TRUE(r.warned("/x/Cargo.lock: layer 2")) << r.warnings_text();
  EXPECT_TRUE(r.warned("refused")) << r.warnings_text();
  EXPECT_EQ(r.warnings.size(), 3u) << r.warnings_text();
}

// ---------------------------------------------------------------------------------------------
// docker save

TEST(ImageDockerSave, MergedTreeAppliesLayersInOrderWithWhiteouts) {
  Read r = read(docker_archive({DockerImage{test_layers(), "example/app:1.0"}}));
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  ASSERT_EQ(r.images.size(), 1u);
  expect_merged_tree(r.images[0]);
  expect_refusals(r);
  EXPECT_EQ(r.images[0].info.image_name, "example/app:1.0");
  EXPECT_EQ(r.images[0].info.platform, "linux/amd64");
}

TEST(ImageDockerSave, ComponentsCarryTheLayerOfTheirFile) {
  Inventory inv = inventory_of(docker_archive({DockerImage{test_layers(), "example/app:1.0"}}));
  ASSERT_EQ(inv.targets.size(), 1u);
  EXPECT_EQ(inv.targets[0].kind, "image");
  EXPECT_EQ(inv.targets[0].spec, "image:test.tar");
  EXPECT_EQ(inv.targets[0].image_name, "example/app:1.0");
  ASSERT_TRUE(inv.targets[0].os.has_value());
  EXPECT_EQ(inv.targets[0].os->osv_ecosystem(), "Debian:12");
  // Five lockfiles survive the merge, three crates each (the workspace member is the project),
  // and the dpkg database of the first layer; the apk database was whited out.
  EXPECT_EQ(
      locations(inv),
      (std::set<std::string>{"/abs/Cargo.lock", "/app/Cargo.lock", "/old/sub/Cargo.lock",
                             "/srv/Cargo.lock", "/srv/copy/Cargo.lock", "/var/lib/dpkg/status"}));
  std::set<std::string> debs;
  for (const Component& c : inv.components) {
    if (c.extractor != "dpkg-status") continue;
    EXPECT_EQ(c.layer, layer_diff_id(0)) << c.name;
    debs.insert(c.purl);
  }
  EXPECT_EQ(debs, (std::set<std::string>{
                      "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12",
                      "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                      "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12"}));
  size_t cargo = 0;
  for (const Component& c : inv.components) {
    if (c.extractor != "Cargo.lock") continue;
    ++cargo;
    EXPECT_EQ(c.layer, layer_diff_id(c.location == "/app/Cargo.lock" ? 0 : 1)) << c.location;
  }
  EXPECT_EQ(cargo, 15u);
  for (const Component& c : inv.components)
    EXPECT_NE(c.location, "/gone/Cargo.lock");
}

TEST(ImageDockerSave, LayersStoredBeforeTheManifestAndInReverseOrder) {
  DockerOptions options;
  options.layers_first = true;
  options.reverse_layers = true;
  Read r = read(docker_archive({DockerImage{test_layers(), "example/app:1.0"}}, options));
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  ASSERT_EQ(r.images.size(), 1u);
  expect_merged_tree(r.images[0]);
  expect_refusals(r);
}

TEST(ImageDockerSave, LegacyLayoutLinksEqualLayers) {
  TestLayer l;
  l.entries = {file_entry("app/Cargo.lock", cargo_lock())};
  DockerOptions options;
  options.link_layer_to_first = 1;
  Read r = read(docker_archive({DockerImage{{l, l}, "x:1"}}, options));
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // The second (linked) layer rewrote the file: it is the one that last wrote it.
  EXPECT_EQ(r.images[0].layer_of.at("/app/Cargo.lock"), layer_diff_id(1));
}

TEST(ImageDockerSave, EveryImageOfAnArchiveIsATarget) {
  TestLayer a, b;
  a.entries = {file_entry("a/Cargo.lock", cargo_lock())};
  b.entries = {file_entry("b/Cargo.lock", cargo_lock())};
  Inventory inv =
      inventory_of(docker_archive({DockerImage{{a}, "one:1"}, DockerImage{{b}, "two:2"}}));
  ASSERT_EQ(inv.targets.size(), 2u);
  EXPECT_EQ(inv.targets[0].image_name, "one:1");
  EXPECT_EQ(inv.targets[1].image_name, "two:2");
  EXPECT_EQ(locations(inv), (std::set<std::string>{"/a/Cargo.lock", "/b/Cargo.lock"}));
  for (const Component& c : inv.components) {
    EXPECT_EQ(c.layer, c.location == "/a/Cargo.lock" ? layer_diff_id(0, 0) : layer_diff_id(0, 1));
  }
}

// ---------------------------------------------------------------------------------------------
// OCI image layout

TEST(ImageOci, MultiPlatformIndexReadsLinuxAmd64) {
  std::vector<TestLayer> layers = test_layers();
  layers[0].compression = Compression::kZstd;  // tar+zstd, then tar+gzip
  Read r = read(oci_archive(layers, "registry.example/app:1.0"));
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  ASSERT_EQ(r.images.size(), 1u);  // one platform, not the attestation
  expect_merged_tree(r.images[0]);
  expect_refusals(r);
  EXPECT_EQ(r.images[0].info.image_name, "registry.example/app:1.0");
  EXPECT_EQ(r.images[0].info.platform, "linux/amd64");
}

TEST(ImageOci, WithoutLinuxAmd64TheChoiceIsNamed) {
  // The index offers linux/arm64/v8 (absent from the archive) and linux/s390x: the first linux
  // one is chosen, and the warning says which and why nothing else was read.
  Read r = read(oci_archive(test_layers(), "x", "linux/s390x"));
  EXPECT_TRUE(
      r.warned("no linux/amd64 image among linux/arm64/v8, linux/s390x; read "
               "linux/arm64/v8"))
      << r.warnings_text();
  EXPECT_FALSE(r.status.is_ok());
}

TEST(ImageOci, ComponentsThroughTheCommand) {
  const std::string archive = oci_archive(test_layers(), "registry.example/app:1.0");
  char path[] = "/tmp/upkeep-image-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, archive.data(), archive.size()), static_cast<ssize_t>(archive.size()));
  ::close(fd);
  Inventory inv;
  auto target = parse_target(std::string("image:") + path);
  ASSERT_TRUE(target.is_ok());
  Status s = inventory_target(*target, Options{}, inv);
  std::remove(path);
  ASSERT_TRUE(s.is_ok()) << s.message();
  ASSERT_EQ(inv.targets.size(), 1u);
  EXPECT_EQ(inv.targets[0].spec, std::string("image:") + path);
  EXPECT_EQ(inv.targets[0].platform, "linux/amd64");
  EXPECT_EQ(locations(inv).size(), 6u);  // five Cargo.lock files and the dpkg database
  EXPECT_EQ(inv.warnings.size(), 3u);
}

// ---------------------------------------------------------------------------------------------
// Distribution packages: enabled when the dpkg and apk extractors are in the registry.

TEST(ImagePackages, DpkgPackagesFromTheBaseLayerAndNoApk) {
  if (find_extractor("dpkg-status") == nullptr || find_extractor("apk-installed") == nullptr) {
    GTEST_SKIP() << "the dpkg-status and apk-installed extractors are not registered yet";
  }
  Inventory inv = inventory_of(docker_archive({DockerImage{test_layers(), "example/app:1.0"}}));
  std::set<std::string> dpkg;
  for (const Component& c : inv.components) {
    if (c.extractor == "dpkg-status") {
      dpkg.insert(c.name + "=" + c.version);
      EXPECT_EQ(c.layer, layer_diff_id(0));
      EXPECT_EQ(c.ecosystem, "Debian:12");
      EXPECT_EQ(c.location, "/var/lib/dpkg/status");
    }
    EXPECT_NE(c.extractor, "apk-installed") << c.purl;  // whited out in layer 2
  }
  EXPECT_EQ(dpkg, (std::set<std::string>{"base-files=12.4+deb12u5", "libssl3=3.0.11-1~deb12u2",
                                         "zlib1g=1:1.2.13.dfsg-1"}));
}

// ---------------------------------------------------------------------------------------------
// Self-contained extractors run while the layer streams; a later layer can take their
// components back.

// Reads "name@version" lines of *.jar files (a stand-in for the JAR and Go binary extractors).
class FakeJarExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "fake-jar"; }
  bool claims(const FileRef& f) const override { return f.name.ends_with(".jar"); }
  bool self_contained() const override { return true; }
  uint64_t max_file_size() const override { return 1 << 20; }
  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) return;
    // It sees nothing but its own file.
    if (ctx.fs().stat("/app/Cargo.lock").is_ok()) ctx.warn("saw another file");
    size_t i = 0;
    while (i < text->size()) {
      size_t nl = text->find('\n', i);
      if (nl == std::string::npos) nl = text->size();
      const std::string line = text->substr(i, nl - i);
      i = nl + 1;
      const size_t at = line.find('@');
      if (at == std::string::npos) continue;
      Component c;
      c.ecosystem = "Maven";
      c.name = "test:" + line.substr(0, at);
      c.version = line.substr(at + 1);
      c.purl = purl::to_string(purl::Purl{"maven", "test", line.substr(0, at), c.version, {}, ""});
      ctx.add(std::move(c));
    }
  }
};

TEST(ImageSelfContained, LaterLayersTakeComponentsBack) {
  static const FakeJarExtractor jar;
  MergeOptions merge = keep_databases();
  // The fake stands in for the real java-archive extractor (its "jars" are text files).
  for (const Extractor* e : all_extractors()) {
    if (e->id() != "java-archive") merge.extractors.push_back(e);
  }
  merge.extractors.push_back(&jar);
  TestLayer one, two, three;
  one.entries = {file_entry("opt/deleted.jar", "a@1\n"), file_entry("opt/replaced.jar", "b@1\n"),
                 file_entry("opt/kept.jar", "c@1\n"), file_entry("lib/dir/inner.jar", "d@1\n"),
                 file_entry("app/Cargo.lock", cargo_lock())};
  two.entries = {file_entry("opt/.wh.deleted.jar", ""), file_entry("opt/replaced.jar", "b@2\n"),
                 file_entry("lib/.wh.dir", ""), hardlink_entry("opt/linked.jar", "opt/kept.jar")};
  three.entries = {file_entry("opt/late.jar", "e@3\n")};
  Read r = read(docker_archive({DockerImage{{one, two, three}, "j:1"}}), Options{}, merge);
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  std::set<std::string> found;
  for (const Component& c : r.images[0].components) {
    found.insert(c.name + "@" + c.version + " " + c.location + " " + c.layer);
  }
  EXPECT_EQ(found, (std::set<std::string>{
                       "test:b@2 /opt/replaced.jar " + layer_diff_id(1),
                       "test:c@1 /opt/kept.jar " + layer_diff_id(0),
                       "test:c@1 /opt/linked.jar " + layer_diff_id(1),
                       "test:e@3 /opt/late.jar " + layer_diff_id(2),
                   }));
  // JARs are not kept in the merged tree: they were read while streaming.
  EXPECT_FALSE(has_file(r.images[0].fs, "/opt/kept.jar"));
}

// ---------------------------------------------------------------------------------------------
// Bounds

TEST(ImageBounds, LargeEntriesAreSkippedAndTheLayerGoesOn) {
  // A large file nobody reads is skipped; a claimed file over max_entry_bytes is not read, with
  // a warning; the rest of the layer is read either way.
  TestLayer one, two;
  one.entries = {file_entry("model.bin", std::string(50000, 'x')),
                 file_entry("big/Cargo.lock", cargo_lock() + "\n#" + std::string(5000, ' ')),
                 file_entry("after/Cargo.lock", cargo_lock())};
  two.entries = {file_entry("two/Cargo.lock", cargo_lock())};
  Options options;
  options.max_entry_bytes = 4096;
  Read r = read(docker_archive({DockerImage{{one, two}, "b:1"}}), options);
  ASSERT_TRUE(r.status.is_ok());
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_TRUE(r.warned("/big/Cargo.lock: layer 1")) << r.warnings_text();
  EXPECT_TRUE(r.warned("is more than the 4096 kept for a file")) << r.warnings_text();
  EXPECT_FALSE(has_file(r.images[0].fs, "/big/Cargo.lock"));
  EXPECT_TRUE(has_file(r.images[0].fs, "/after/Cargo.lock"));
  EXPECT_TRUE(has_file(r.images[0].fs, "/two/Cargo.lock"));
}

TEST(ImageBounds, EntryCountAndTotalBytesStopTheImage) {
  TestLayer one, two;
  for (int k = 0; k < 10; ++k)
    one.entries.push_back(file_entry("f" + std::to_string(k), "12345"));
  two.entries = {file_entry("two/Cargo.lock", cargo_lock())};
  Options count;
  count.max_entries = 5;
  Read r = read(docker_archive({DockerImage{{one, two}, "b:1"}}), count);
  ASSERT_TRUE(r.status.is_ok());
  EXPECT_TRUE(r.warned("more than 5 entries")) << r.warnings_text();
  EXPECT_FALSE(has_file(r.images[0].fs, "/two/Cargo.lock"));
  Options bytes;
  bytes.max_total_bytes = 20;
  r = read(docker_archive({DockerImage{{one, two}, "b:1"}}), bytes);
  EXPECT_TRUE(r.warned("more than 20 bytes in the image's layers")) << r.warnings_text();
  EXPECT_FALSE(has_file(r.images[0].fs, "/two/Cargo.lock"));
}

TEST(ImageBounds, CompressionBombsStopAtTheBoundWithoutInflating) {
  // 64 MiB of zeros compress to less than 100 KiB. Entries count toward max_total_bytes by the
  // size their header declares, before anything is inflated: the bomb costs nothing.
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    TestLayer before, bomb;
    before.entries = {file_entry("before/Cargo.lock", cargo_lock())};
    bomb.entries = {file_entry("zeros", std::string(64u << 20, '\0')),
                    file_entry("after/Cargo.lock", cargo_lock())};
    bomb.compression = c;
    const std::string archive = docker_archive({DockerImage{{before, bomb}, "bomb:1"}});
    ASSERT_LT(archive.size(), 2u << 20);
    Options options;
    options.max_total_bytes = 4 << 20;
    const auto start = std::chrono::steady_clock::now();
    Read r = read(archive, options);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
    ASSERT_TRUE(r.status.is_ok());
    EXPECT_TRUE(r.warned("layer 2 (" + layer_diff_id(1) +
                         "): more than 4194304 bytes in the image's layers; the rest is not read"))
        << r.warnings_text();
    EXPECT_TRUE(has_file(r.images[0].fs, "/before/Cargo.lock"));
    EXPECT_FALSE(has_file(r.images[0].fs, "/after/Cargo.lock"));
    ::testing::Test::RecordProperty("seconds", std::to_string(seconds.count()));
  }
}

TEST(ImageBounds, ManyWarningsInALayerAreCounted) {
  TestLayer l;
  for (int k = 0; k < 30; ++k)
    l.entries.push_back(file_entry("../x" + std::to_string(k), "1"));
  Read r = read(docker_archive({DockerImage{{l}, "w:1"}}));
  ASSERT_TRUE(r.status.is_ok());
  EXPECT_EQ(r.warnings.size(), 21u) << r.warnings_text();
  EXPECT_TRUE(r.warned("10 more problems with entries of this layer not listed"));
}

// ---------------------------------------------------------------------------------------------
// Broken archives

std::string two_layer_archive(bool layers_first) {
  TestLayer one, two;
  one.entries = {file_entry("one/Cargo.lock", cargo_lock())};
  two.entries = {file_entry("pad", std::string(64 << 10, 'p')),
                 file_entry("two/Cargo.lock", cargo_lock())};
  DockerOptions options;
  options.layers_first = layers_first;
  return docker_archive({DockerImage{{one, two}, "t:1"}}, options);
}

TEST(ImageBroken, TruncatedInTheLastLayerKeepsTheOthers) {
  std::string archive = two_layer_archive(false);
  const size_t pad = archive.find(std::string(1024, 'p'));
  ASSERT_NE(pad, std::string::npos);
  archive.resize(pad + 2048);
  Read r = read(archive);
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_TRUE(has_file(r.images[0].fs, "/one/Cargo.lock"));
  EXPECT_FALSE(has_file(r.images[0].fs, "/two/Cargo.lock"));
  EXPECT_TRUE(r.warned("layer 2")) << r.warnings_text();
  EXPECT_TRUE(r.warned("truncated")) << r.warnings_text();
}

TEST(ImageBroken, TruncatedBeforeTheManifestIsAnError) {
  std::string archive = two_layer_archive(true);
  archive.resize(archive.find("manifest.json") - 100);
  Read r = read(archive);
  EXPECT_FALSE(r.status.is_ok());
  EXPECT_NE(r.status.message().find("test.tar"), std::string::npos) << r.status.message();
}

TEST(ImageBroken, ACorruptLayerIsSkippedAndTheRestRead) {
  TestLayer one, two;
  one.entries = {file_entry("one/Cargo.lock", cargo_lock()),
                 file_entry("one/noise", std::string(200000, 'n'))};
  one.compression = Compression::kGzip;
  two.entries = {file_entry("two/Cargo.lock", cargo_lock())};
  std::string archive = docker_archive({DockerImage{{one, two}, "c:1"}});
  // Damage the middle of the gzip stream of layer 1.
  const size_t gz = archive.find("\x1f\x8b\x08");
  ASSERT_NE(gz, std::string::npos);
  for (size_t k = gz + 300; k < gz + 340; ++k)
    archive[k] = static_cast<char>(archive[k] ^ 0x5a);
  Read r = read(archive);
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  EXPECT_TRUE(has_file(r.images[0].fs, "/two/Cargo.lock"));
  EXPECT_TRUE(r.warned("layer 1")) << r.warnings_text();
}

TEST(ImageBroken, NotAnImageArchive) {
  EXPECT_FALSE(read("").status.is_ok());
  EXPECT_FALSE(read("just some text, not a tar archive at all").status.is_ok());
  Read r = read(make_tar({file_entry("hello.txt", "hi")}));
  EXPECT_FALSE(r.status.is_ok());
  EXPECT_NE(r.status.message().find("no manifest.json or index.json"), std::string::npos)
      << r.status.message();
}

TEST(ImageBroken, IndexesPointingAtEachOtherDoNotMultiplyTheWork) {
  // An index of 50 descriptors, each naming the index itself: 50^5 visits without a bound.
  const std::string self = upkeep::testing::fake_digest(7);
  std::string list;
  for (int k = 0; k < 50; ++k) {
    list += std::string(k ? "," : "") +
            R"({"mediaType":"application/vnd.oci.image.index.v1+json","digest":")" + self + "\"}";
  }
  const std::string index = R"({"schemaVersion":2,"manifests":[)" + list + "]}";
  const auto start = std::chrono::steady_clock::now();
  Read r = read(make_tar(
      {file_entry("index.json", index), file_entry("blobs/sha256/" + self.substr(7), index)}));
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  EXPECT_FALSE(r.status.is_ok());
  EXPECT_TRUE(r.warned("more than 1024 descriptors in the indexes")) << r.warnings_text();
  ::testing::Test::RecordProperty("seconds", std::to_string(seconds.count()));
}

TEST(ImageBroken, InvalidManifestNamesTheLine) {
  Read r = read(make_tar({file_entry("manifest.json", "[\n{\"Config\": }\n]")}));
  EXPECT_FALSE(r.status.is_ok());
  EXPECT_NE(r.status.message().find("manifest.json: not valid JSON at line 2"), std::string::npos)
      << r.status.message();
}

TEST(ImageBroken, MissingLayersAreNamed) {
  Read r = read(make_tar(
      {file_entry("c.json", "{\"rootfs\":{\"diff_ids\":[\"sha256:1\"]}}"),
       file_entry("manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"nope/layer.tar\"]}]")}));
  ASSERT_TRUE(r.status.is_ok()) << r.status.message();
  EXPECT_TRUE(r.warned("layer 1 (nope/layer.tar) is not in the archive")) << r.warnings_text();
}

TEST(ImageBroken, CommandErrorsForMissingFilesAndDirectories) {
  Inventory inv;
  auto missing = parse_target("image:/nonexistent/image.tar");
  EXPECT_EQ(inventory_target(*missing, Options{}, inv).code(), StatusCode::kNotFound);
  auto dir = parse_target("image:/tmp");
  EXPECT_FALSE(inventory_target(*dir, Options{}, inv).is_ok());
}

// An SBOM inside an image is read like any file there, and carries its layer.
TEST(ImageSbom, SbomFilesInTheImage) {
  TestLayer l;
  l.entries = {file_entry("usr/share/sbom/app.cdx.json",
                          R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[
                              {"type":"library","name":"left-pad","version":"1.3.0",
                               "purl":"pkg:npm/left-pad@1.3.0"}]})")};
  Inventory inv = inventory_of(docker_archive({DockerImage{{l}, "s:1"}}));
  ASSERT_EQ(inv.components.size(), 1u);
  EXPECT_EQ(inv.components[0].purl, "pkg:npm/left-pad@1.3.0");
  EXPECT_EQ(inv.components[0].layer, layer_diff_id(0));
  EXPECT_EQ(inv.components[0].location, "/usr/share/sbom/app.cdx.json");
}

TEST(ImageOnly, OnlyTheChosenExtractorsKeepFiles) {
  Options options;
  options.only_extractors = {"sbom"};
  Inventory inv = inventory_of(docker_archive({DockerImage{test_layers(), "x:1"}}), options);
  EXPECT_TRUE(inv.components.empty());
}

}  // namespace
}  // namespace upkeep::inventory
