// SPDX-License-Identifier: Apache-2.0
//
// The three file systems (a directory through openat2, the same resolving links in user space,
// and MemoryFs) built from one tree and held to the same expectations: links resolve inside the
// root as a chroot would, whatever they point at on the host.
#include "upkeep/fs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace upkeep {
namespace {

namespace stdfs = std::filesystem;

enum class Kind { kDirectory, kPortable, kMemory };

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  switch (info.param) {
    case Kind::kDirectory:
      return "Directory";
    case Kind::kPortable:
      return "Portable";
    case Kind::kMemory:
      return "Memory";
  }
  return "?";
}

// A tree built twice: on disk below a temporary directory and in a MemoryFs.
class Tree {
 public:
  Tree() {
    std::string templ = (stdfs::temp_directory_path() / "upkeep-fs-XXXXXX").string();
    base_ = ::mkdtemp(templ.data());
    root_ = base_ + "/root";
    stdfs::create_directory(root_);
  }
  ~Tree() {
    std::error_code ec;
    stdfs::remove_all(base_, ec);
  }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  void file(const std::string& path, const std::string& content) {
    stdfs::create_directories(stdfs::path(root_ + path).parent_path());
    std::ofstream(root_ + path, std::ios::binary) << content;
    memory_.add_file(path, content);
  }
  void dir(const std::string& path) {
    stdfs::create_directories(root_ + path);
    memory_.add_directory(path);
  }
  void link(const std::string& path, const std::string& target) {
    stdfs::create_directories(stdfs::path(root_ + path).parent_path());
    stdfs::create_symlink(target, root_ + path);
    memory_.add_symlink(path, target);
  }
  // A file beside the root, which no path inside the root may reach.
  void outside_file(const std::string& name, const std::string& content) {
    std::ofstream(base_ + "/" + name, std::ios::binary) << content;
  }

  const std::string& base() const { return base_; }
  const std::string& root() const { return root_; }
  const MemoryFs& memory() const { return memory_; }

 private:
  std::string base_;
  std::string root_;
  MemoryFs memory_;
};

class FsTest : public ::testing::TestWithParam<Kind> {
 protected:
  void SetUp() override {
    tree_.file("/usr/lib/os-release", "ID=debian\n");
    tree_.link("/etc/os-release", "../usr/lib/os-release");
    tree_.link("/abs", "/usr/lib");
    tree_.link("/up", "../../../../../../usr");
    tree_.link("/up2", "/../../usr/./lib/../lib");
    tree_.link("/mid", "usr");
    tree_.link("/loop1", "loop2");
    tree_.link("/loop2", "loop1");
    tree_.link("/self", "self");
    tree_.link("/dangling", "nowhere");
    tree_.link("/dirlink", "dir");
    tree_.file("/file.txt", "hello");
    tree_.file("/empty.txt", "");
    tree_.file("/dir/sub/deep.txt", "deep");
    tree_.dir("/dir/emptydir");
    tree_.link("/dir/sub/back", "../..");
    // Links that point outside the root on the host.
    tree_.outside_file("secret.txt", "secret");
    tree_.link("/escape_rel", "../secret.txt");
    tree_.link("/escape_abs", tree_.base() + "/secret.txt");
    tree_.link("/escape_dir", tree_.base());
    tree_.link("/escape_etc", "/etc/../../../../etc/hostname");
    // A chain of links: /chain/l0 -> l1 -> ... -> l40 -> end.txt.
    tree_.file("/chain/end.txt", "end");
    for (int i = 0; i < 40; ++i) {
      tree_.link("/chain/l" + std::to_string(i), "l" + std::to_string(i + 1));
    }
    tree_.link("/chain/l40", "end.txt");
    switch (GetParam()) {
      case Kind::kDirectory: {
        auto fs = open_directory_fs(tree_.root());
        ASSERT_TRUE(fs.is_ok()) << fs.status().message();
        owned_ = std::move(*fs);
        fs_ = owned_.get();
        break;
      }
      case Kind::kPortable: {
        auto fs = open_directory_fs_portable(tree_.root());
        ASSERT_TRUE(fs.is_ok()) << fs.status().message();
        owned_ = std::move(*fs);
        fs_ = owned_.get();
        break;
      }
      case Kind::kMemory:
        fs_ = &tree_.memory();
        break;
    }
  }

  std::string read(const std::string& path, uint64_t limit = 1 << 20) {
    auto r = fs_->read_file(path, limit);
    return r.is_ok() ? *r : "error: " + r.status().message();
  }
  bool readable(const std::string& path) { return fs_->read_file(path, 1 << 20).is_ok(); }

  Tree tree_;
  std::unique_ptr<Fs> owned_;
  const Fs* fs_ = nullptr;
};

TEST_P(FsTest, ReadsRegularFiles) {
  EXPECT_EQ(read("/file.txt"), "hello");
  EXPECT_EQ(read("/empty.txt"), "");
  EXPECT_EQ(read("/dir/sub/deep.txt"), "deep");
  // Paths are normalised: "//", "." and ".." (never above the root).
  EXPECT_EQ(read("//dir/./sub//deep.txt"), "deep");
  EXPECT_EQ(read("/dir/sub/../sub/deep.txt"), "deep");
  EXPECT_EQ(read("/../../file.txt"), "hello");
  EXPECT_EQ(read("file.txt"), "hello");
  EXPECT_FALSE(readable("/missing.txt"));
  EXPECT_EQ(fs_->read_file("/missing.txt", 100).status().code(), StatusCode::kNotFound);
}

TEST_P(FsTest, RelativeAbsoluteAndMiddleLinks) {
  EXPECT_EQ(read("/etc/os-release"), "ID=debian\n");      // relative link
  EXPECT_EQ(read("/abs/os-release"), "ID=debian\n");      // absolute link: from the root
  EXPECT_EQ(read("/mid/lib/os-release"), "ID=debian\n");  // a link in the middle of a path
  EXPECT_EQ(read("/dirlink/sub/deep.txt"), "deep");
  EXPECT_EQ(read("/dir/sub/back/file.txt"), "hello");  // ".." from the link's directory
  EXPECT_EQ(read("/dir/sub/back/dir/sub/back/file.txt"), "hello");
  // ".." after a link applies to where the link led, as in the kernel.
  EXPECT_EQ(read("/abs/../lib/os-release"), "ID=debian\n");
}

TEST_P(FsTest, DotDotStopsAtTheRoot) {
  EXPECT_EQ(read("/up/lib/os-release"), "ID=debian\n");
  EXPECT_EQ(read("/up2/os-release"), "ID=debian\n");
}

TEST_P(FsTest, NothingOutsideTheRootIsReached) {
  // The host has these files; inside the root they do not exist.
  EXPECT_FALSE(readable("/escape_rel"));
  EXPECT_FALSE(readable("/escape_abs"));
  EXPECT_FALSE(readable("/escape_dir/secret.txt"));
  EXPECT_FALSE(readable("/escape_etc"));
  EXPECT_FALSE(fs_->stat("/escape_abs").is_ok());
  EXPECT_FALSE(fs_->list_dir("/escape_dir").is_ok());
  EXPECT_FALSE(fs_->open("/escape_rel").is_ok());
  // The links themselves are there.
  auto l = fs_->lstat("/escape_abs");
  ASSERT_TRUE(l.is_ok()) << l.status().message();
  EXPECT_EQ(l->type, FileType::kSymlink);
  // Once the root holds the file, the absolute link finds it there.
  if (GetParam() == Kind::kMemory) {
    MemoryFs fs;
    fs.add_symlink("/escape_abs", tree_.base() + "/secret.txt");
    fs.add_file(tree_.base() + "/secret.txt", "inside");
    EXPECT_EQ(*fs.read_file("/escape_abs", 100), "inside");
  }
}

TEST_P(FsTest, LoopsAndDanglingLinks) {
  EXPECT_FALSE(readable("/loop1"));
  EXPECT_FALSE(readable("/self"));
  EXPECT_FALSE(fs_->stat("/loop1").is_ok());
  EXPECT_FALSE(fs_->stat("/self/x").is_ok());
  EXPECT_FALSE(fs_->list_dir("/loop2").is_ok());
  auto l = fs_->lstat("/loop1");
  ASSERT_TRUE(l.is_ok()) << l.status().message();
  EXPECT_EQ(l->type, FileType::kSymlink);
  EXPECT_FALSE(fs_->stat("/dangling").is_ok());
  EXPECT_EQ(fs_->stat("/dangling").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(fs_->lstat("/dangling")->type, FileType::kSymlink);
}

TEST_P(FsTest, FortyLinksAreFollowedNotFortyOne) {
  EXPECT_EQ(read("/chain/l40"), "end");
  EXPECT_EQ(read("/chain/l1"), "end");  // 40 links, as many as Linux follows
  EXPECT_FALSE(readable("/chain/l0"));  // 41
  EXPECT_FALSE(fs_->stat("/chain/l0").is_ok());
}

TEST_P(FsTest, FilesVersusDirectories) {
  EXPECT_FALSE(fs_->list_dir("/file.txt").is_ok());
  EXPECT_FALSE(readable("/dir"));
  EXPECT_FALSE(fs_->open("/dir").is_ok());
  EXPECT_FALSE(readable("/file.txt/x"));
  EXPECT_FALSE(fs_->stat("/file.txt/x").is_ok());
  EXPECT_FALSE(readable("/file.txt/.."));
  EXPECT_FALSE(fs_->lstat("/file.txt/x").is_ok());

  auto st = fs_->stat("/dir");
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->type, FileType::kDirectory);
  st = fs_->stat("/file.txt");
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->type, FileType::kRegular);
  EXPECT_EQ(st->size, 5u);
  st = fs_->stat("/etc/os-release");  // follows the link
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->type, FileType::kRegular);
  EXPECT_EQ(st->size, 10u);
  st = fs_->lstat("/etc/os-release");  // does not
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->type, FileType::kSymlink);
  st = fs_->lstat("/abs/os-release");  // links before the last component are followed
  ASSERT_TRUE(st.is_ok()) << st.status().message();
  EXPECT_EQ(st->type, FileType::kRegular);
  st = fs_->stat("/");
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->type, FileType::kDirectory);
  st = fs_->lstat("/");
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->type, FileType::kDirectory);
}

TEST_P(FsTest, ListsDirectories) {
  auto names = [&](const std::string& path) {
    std::vector<std::string> out;
    auto entries = fs_->list_dir(path);
    if (!entries.is_ok()) return std::vector<std::string>{"error: " + entries.status().message()};
    for (const DirEntry& e : *entries) {
      std::string n = e.name;
      if (e.type == FileType::kDirectory) n += "/";
      if (e.type == FileType::kSymlink) n += "@";
      out.push_back(n);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names("/dir"), (std::vector<std::string>{"emptydir/", "sub/"}));
  EXPECT_EQ(names("/dir/sub"), (std::vector<std::string>{"back@", "deep.txt"}));
  EXPECT_EQ(names("/dirlink/sub"), (std::vector<std::string>{"back@", "deep.txt"}));
  EXPECT_EQ(names("/dir/emptydir"), std::vector<std::string>{});
  EXPECT_EQ(names("/abs"), (std::vector<std::string>{"os-release"}));
  const auto root = names("/");
  EXPECT_NE(std::find(root.begin(), root.end(), "file.txt"), root.end());
  EXPECT_NE(std::find(root.begin(), root.end(), "dir/"), root.end());
  EXPECT_NE(std::find(root.begin(), root.end(), "etc/"), root.end());
  EXPECT_NE(std::find(root.begin(), root.end(), "loop1@"), root.end());
  EXPECT_EQ(std::find(root.begin(), root.end(), "./"), root.end());
  EXPECT_EQ(std::find(root.begin(), root.end(), "../"), root.end());
  EXPECT_FALSE(fs_->list_dir("/missing").is_ok());
}

// What a walk reads: each entry with its lstat() information, the same as lstat() by path.
TEST_P(FsTest, ListsDirectoriesWithTheInformationOfEachEntry) {
  for (const std::string dir : {"/", "/dir", "/dir/sub", "/dirlink/sub", "/abs"}) {
    auto listed = fs_->list_dir(dir);
    auto with_info = fs_->list_dir_info(dir);
    ASSERT_TRUE(listed.is_ok() && with_info.is_ok()) << dir;
    ASSERT_EQ(listed->size(), with_info->size()) << dir;
    for (const DirEntryInfo& e : *with_info) {
      auto st = fs_->lstat(join_path(dir, e.name));
      ASSERT_TRUE(st.is_ok()) << dir << "/" << e.name;
      EXPECT_EQ(e.info.type, st->type) << dir << "/" << e.name;
      EXPECT_EQ(e.info.size, st->size) << dir << "/" << e.name;
      EXPECT_EQ(e.info.mode, st->mode) << dir << "/" << e.name;
    }
  }
  EXPECT_FALSE(fs_->list_dir_info("/missing").is_ok());
  EXPECT_FALSE(fs_->list_dir_info("/file.txt").is_ok());
}

TEST_P(FsTest, ReadLimits) {
  EXPECT_EQ(read("/file.txt", 5), "hello");
  EXPECT_NE(read("/file.txt", 4).find("error"), std::string::npos);
  EXPECT_EQ(fs_->read_file("/file.txt", 4).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(read("/empty.txt", 0), "");
  EXPECT_NE(read("/file.txt", 0).find("error"), std::string::npos);
}

TEST_P(FsTest, StreamingReads) {
  auto reader = fs_->open("/etc/os-release");
  ASSERT_TRUE(reader.is_ok()) << reader.status().message();
  std::string got;
  char buf[3];
  for (;;) {
    auto n = (*reader)->read(buf, sizeof(buf));
    ASSERT_TRUE(n.is_ok());
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_EQ(got, "ID=debian\n");
  EXPECT_FALSE(fs_->open("/missing").is_ok());
}

TEST_P(FsTest, Describe) {
  if (GetParam() == Kind::kMemory) {
    EXPECT_EQ(fs_->describe("/etc/os-release"), "/etc/os-release");
  } else {
    EXPECT_EQ(fs_->describe("/etc/os-release"), tree_.root() + "/etc/os-release");
    EXPECT_EQ(fs_->describe("/"), tree_.root());
    EXPECT_EQ(fs_->describe("a//b/../c"), tree_.root() + "/a/c");
    // Error messages name the host path.
    auto r = fs_->read_file("/file.txt", 1);
    EXPECT_NE(r.status().message().find(tree_.root() + "/file.txt"), std::string::npos)
        << r.status().message();
  }
}

INSTANTIATE_TEST_SUITE_P(AllKinds, FsTest,
                         ::testing::Values(Kind::kDirectory, Kind::kPortable, Kind::kMemory),
                         kind_name);

TEST(DirectoryFs, RootMustBeADirectory) {
  Tree tree;
  tree.file("/f", "x");
  EXPECT_FALSE(open_directory_fs(tree.root() + "/f").is_ok());
  EXPECT_FALSE(open_directory_fs(tree.root() + "/missing").is_ok());
  EXPECT_FALSE(open_directory_fs_portable(tree.root() + "/f").is_ok());
  auto fs = open_directory_fs(tree.root() + "/");
  ASSERT_TRUE(fs.is_ok());
  EXPECT_EQ((*fs)->describe("/f"), tree.root() + "/f");  // trailing '/' of the root dropped
}

TEST(DirectoryFs, TheHostRootDescribesPlainPaths) {
  auto fs = open_directory_fs("/");
  ASSERT_TRUE(fs.is_ok());
  EXPECT_EQ((*fs)->describe("/etc/os-release"), "/etc/os-release");
  EXPECT_EQ((*fs)->describe("/"), "/");
}

// /proc files report a size of 0: they are read to their end, and a limit still holds.
TEST(DirectoryFs, FilesLargerThanTheirStatSize) {
  for (auto open : {open_directory_fs, open_directory_fs_portable}) {
    auto fs = open("/proc/self");
    ASSERT_TRUE(fs.is_ok());
    auto st = (*fs)->stat("/status");
    ASSERT_TRUE(st.is_ok());
    EXPECT_EQ(st->size, 0u);
    auto whole = (*fs)->read_file("/status", 1 << 20);
    ASSERT_TRUE(whole.is_ok()) << whole.status().message();
    EXPECT_NE(whole->find("Name:"), std::string::npos);
    auto limited = (*fs)->read_file("/status", 10);
    EXPECT_FALSE(limited.is_ok()) << "read " << limited->size() << " bytes, not an error";
  }
}

TEST(MemoryFs, BuildsParentsAndKeepsTheirModes) {
  MemoryFs fs;
  fs.add_directory("/private", 0700);
  fs.add_file("/private/key", "k", 0600);
  EXPECT_EQ(fs.stat("/private")->mode, 0700u);
  EXPECT_EQ(fs.stat("/private/key")->mode, 0600u);
  fs.add_file("/a/b/c/d.txt", "d");
  EXPECT_EQ(fs.stat("/a/b/c")->type, FileType::kDirectory);
  EXPECT_EQ(fs.stat("/a/b/c")->mode, 0755u);
  fs.add_directory("/a/b", 0711);  // explicitly: the mode changes, the content stays
  EXPECT_EQ(fs.stat("/a/b")->mode, 0711u);
  EXPECT_EQ(*fs.read_file("/a/b/c/d.txt", 10), "d");
  EXPECT_EQ(fs.file_count(), 2u);
}

TEST(MemoryFs, SomethingInTheWayBecomesADirectory) {
  MemoryFs fs;
  fs.add_file("/x", "file");
  fs.add_file("/x/y", "y");
  EXPECT_EQ(fs.stat("/x")->type, FileType::kDirectory);
  EXPECT_EQ(*fs.read_file("/x/y", 10), "y");
  fs.add_file("/x", "file again");  // replaces the directory node (its children stay listed)
  EXPECT_EQ(fs.stat("/x")->type, FileType::kRegular);
}

TEST(MemoryFs, RemoveAndClear) {
  MemoryFs fs;
  fs.add_file("/a/1", "1");
  fs.add_file("/a/2", "2");
  fs.add_file("/a-b/3", "3");  // sorts between "/a" and "/a/": must survive removing "/a"
  fs.add_file("/ab", "4");
  EXPECT_TRUE(fs.remove("/a"));
  EXPECT_FALSE(fs.stat("/a").is_ok());
  EXPECT_FALSE(fs.stat("/a/1").is_ok());
  EXPECT_TRUE(fs.stat("/a-b/3").is_ok());
  EXPECT_TRUE(fs.stat("/ab").is_ok());
  EXPECT_FALSE(fs.remove("/a"));
  fs.add_file("/d/x/y", "y");
  fs.add_file("/d-e", "e");
  fs.clear_directory("/d");
  EXPECT_EQ(fs.stat("/d")->type, FileType::kDirectory);
  EXPECT_TRUE(fs.list_dir("/d")->empty());
  EXPECT_TRUE(fs.stat("/d-e").is_ok());
  EXPECT_TRUE(fs.remove("/"));
  EXPECT_TRUE(fs.list_dir("/")->empty());
  EXPECT_EQ(fs.file_count(), 0u);
  EXPECT_EQ(fs.stat("/")->type, FileType::kDirectory);
}

TEST(MemoryFs, LinkToNothing) {
  MemoryFs fs;
  fs.add_symlink("/empty", "");
  EXPECT_FALSE(fs.stat("/empty").is_ok());  // not the directory it sits in
  EXPECT_EQ(fs.lstat("/empty")->type, FileType::kSymlink);
  fs.add_symlink("/root", "/");
  EXPECT_EQ(fs.stat("/root")->type, FileType::kDirectory);
  fs.add_symlink("/dot", ".");
  EXPECT_EQ(fs.stat("/dot")->type, FileType::kDirectory);
}

TEST(MemoryFs, ManyLinksInOnePath) {
  // 40 links spread over several components still count together.
  MemoryFs fs;
  fs.add_file("/d/f", "f");
  for (int i = 0; i < 41; ++i) {
    fs.add_symlink("/s" + std::to_string(i), "d");
  }
  fs.add_directory("/d/d");
  // /s0 -> d: each "sN/.." pair costs one link.
  std::string p;
  for (int i = 0; i < 40; ++i)
    p += "/s" + std::to_string(i) + "/..";
  EXPECT_TRUE(fs.stat(p + "/d/f").is_ok());
  EXPECT_FALSE(fs.stat(p + "/s40/f").is_ok());
}

TEST(Paths, Helpers) {
  EXPECT_EQ(normalize_path(""), "/");
  EXPECT_EQ(normalize_path("/"), "/");
  EXPECT_EQ(normalize_path("a/b"), "/a/b");
  EXPECT_EQ(normalize_path("/a//b/./c/"), "/a/b/c");
  EXPECT_EQ(normalize_path("/a/../../b"), "/b");
  EXPECT_EQ(normalize_path("/.."), "/");
  EXPECT_EQ(normalize_path("/a/.../b"), "/a/.../b");
  EXPECT_EQ(join_path("/", "a"), "/a");
  EXPECT_EQ(join_path("/a", "b"), "/a/b");
  EXPECT_EQ(join_path("/a/", "b"), "/a/b");
  EXPECT_EQ(join_path("", "b"), "/b");
  EXPECT_EQ(parent_path("/a/b"), "/a");
  EXPECT_EQ(parent_path("/a"), "/");
  EXPECT_EQ(parent_path("/"), "/");
  EXPECT_EQ(base_name("/a/b"), "b");
  EXPECT_EQ(base_name("/a"), "a");
  EXPECT_EQ(base_name("b"), "b");
}

}  // namespace
}  // namespace upkeep
