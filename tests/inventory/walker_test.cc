// SPDX-License-Identifier: Apache-2.0
//
// Walks restricted to extractors with fixed locations (`--only dpkg-status`) visit those paths
// instead of the tree: they must find exactly what the whole walk finds, links and skipped
// directories included. The whole walk is forced by adding an extractor without fixed locations
// that claims nothing in these trees.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::read_host_file;
using upkeep::testing::shared_data_dir;

// Counts the directories listed.
class CountingFs final : public Fs {
 public:
  explicit CountingFs(const Fs& fs) : fs_(fs) {}
  Result<FileInfo> stat(std::string_view path) const override { return fs_.stat(path); }
  Result<FileInfo> lstat(std::string_view path) const override { return fs_.lstat(path); }
  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override {
    ++listed;
    return fs_.list_dir(path);
  }
  Result<std::string> read_file(std::string_view path, uint64_t max_bytes) const override {
    return fs_.read_file(path, max_bytes);
  }
  Result<std::unique_ptr<FileReader>> open(std::string_view path) const override {
    return fs_.open(path);
  }
  mutable size_t listed = 0;

 private:
  const Fs& fs_;
};

const std::vector<std::string> kOsExtractors = {"dpkg-status", "apk-installed", "rpm-db"};

struct Found {
  std::vector<std::string> components;  // purl and location
  std::vector<std::string> warnings;    // file and message
};

Found walk(const Fs& fs, std::vector<std::string> only, bool whole_tree) {
  // No package-lock.json in these trees: it only makes the walker visit every directory.
  if (whole_tree) only.push_back("package-lock.json");
  Options options;
  options.only_extractors = only;
  std::vector<Component> components;
  std::vector<Diagnostic> warnings;
  const auto os = read_os_release(fs);
  walk_and_extract(fs, "/", os ? &*os : nullptr, options, components, warnings);
  Found out;
  for (const Component& c : components)
    out.components.push_back(c.purl + " " + c.location);
  for (const Diagnostic& d : warnings)
    out.warnings.push_back(d.file + ": " + d.message);
  std::sort(out.components.begin(), out.components.end());
  std::sort(out.warnings.begin(), out.warnings.end());
  return out;
}

void expect_same_walks(const Fs& fs, const std::vector<std::string>& only) {
  const Found fixed = walk(fs, only, false);
  const Found whole = walk(fs, only, true);
  EXPECT_EQ(fixed.components, whole.components);
  EXPECT_EQ(fixed.warnings, whole.warnings);
}

TEST(WalkFixedLocations, FindWhatTheWholeWalkFinds) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data not found";
  MemoryFs fs;
  fs.add_file("/etc/os-release", read_host_file(data + "/os/debian-11/os-release"));
  fs.add_file("/var/lib/dpkg/status", read_host_file(data + "/os/debian-11/status"));
  // Distroless-style files beside it: direct children only, md5sums left out.
  fs.add_file("/var/lib/dpkg/status.d/ubuntu", read_host_file(data + "/os/ubuntu-18.04/status"));
  fs.add_file("/var/lib/dpkg/status.d/ubuntu.md5sums", "0123  usr/bin/true\n");
  fs.add_file("/var/lib/dpkg/status.d/nested/deeper",
              read_host_file(data + "/os/ubuntu-20.04/status"));
  fs.add_file("/lib/apk/db/installed", read_host_file(data + "/os/alpine-3.18/installed"));
  fs.add_file("/var/lib/rpm/rpmdb.sqlite",
              read_host_file(data + "/os/amazonlinux-2023/rpmdb.sqlite"));
  // Copies elsewhere are no installed database.
  fs.add_file("/srv/backup/var/lib/dpkg/status", read_host_file(data + "/os/debian-11/status"));
  fs.add_file("/var/lib/dpkg/status-old", read_host_file(data + "/os/debian-11/status"));

  CountingFs counting(fs);
  const Found all = walk(counting, kOsExtractors, false);
  EXPECT_GT(all.components.size(), 300u);
  EXPECT_EQ(counting.listed, 2u);  // status.d, and dpkg's updates journal beside status
  walk(counting, kOsExtractors, true);
  EXPECT_GT(counting.listed, 10u);
  expect_same_walks(fs, kOsExtractors);
  for (const std::string& id : kOsExtractors)
    expect_same_walks(fs, {id});
}

TEST(WalkFixedLocations, FollowNoLinkAndEnterNoSkippedDirectory) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data not found";
  const std::string status = read_host_file(data + "/os/debian-11/status");
  {
    // /var is a link: the walk does not follow it.
    MemoryFs fs;
    fs.add_file("/data/var/lib/dpkg/status", status);
    fs.add_symlink("/var", "/data/var");
    EXPECT_TRUE(walk(fs, {"dpkg-status"}, false).components.empty());
    expect_same_walks(fs, {"dpkg-status"});
  }
  {
    // The status file itself is a link; status.d is a link.
    MemoryFs fs;
    fs.add_file("/data/status", status);
    fs.add_directory("/data/status.d");
    fs.add_file("/data/status.d/base", status);
    fs.add_symlink("/var/lib/dpkg/status", "/data/status");
    fs.add_symlink("/var/lib/dpkg/status.d", "/data/status.d");
    EXPECT_TRUE(walk(fs, {"dpkg-status"}, false).components.empty());
    expect_same_walks(fs, {"dpkg-status"});
  }
  {
    // A status.d entry that is a directory, and an apk database under a skipped name.
    MemoryFs fs;
    fs.add_file("/var/lib/dpkg/status.d/dir/status", status);
    fs.add_file("/lib/.git/apk/db/installed", read_host_file(data + "/os/alpine-3.18/installed"));
    expect_same_walks(fs, kOsExtractors);
    EXPECT_TRUE(walk(fs, kOsExtractors, false).components.empty());
  }
}

// The host itself (a Debian machine): --only dpkg-status reads the status file without a walk,
// with the same components as the walk.
TEST(WalkFixedLocations, HostDpkgStatus) {
  auto host = open_directory_fs("/");
  ASSERT_TRUE(host.is_ok());
  const Fs& fs = **host;
  if (!fs.lstat("/var/lib/dpkg/status").is_ok()) GTEST_SKIP() << "no dpkg on this host";
  Options options;
  options.only_extractors = {"dpkg-status"};
  options.skip_pseudo_filesystems = true;
  std::vector<Component> components;
  std::vector<Diagnostic> warnings;
  walk_and_extract(fs, "/", nullptr, options, components, warnings);
  EXPECT_GT(components.size(), 100u);
  for (const Component& c : components)
    EXPECT_EQ(c.location, "/var/lib/dpkg/status");
}

}  // namespace
}  // namespace upkeep::inventory
