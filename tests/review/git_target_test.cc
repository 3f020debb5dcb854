// SPDX-License-Identifier: Apache-2.0
//
// git:REV:PATH arguments, and reading a file and a tree from a repository the test creates
// (skipped when git is not installed).
#include "upkeep/git_target.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace upkeep::review {
namespace {

TEST(GitTarget, ParsesRevisionAndPath) {
  auto spec = parse_git_target("git:main~1:app/package-lock.json");
  ASSERT_TRUE(spec && spec->has_value());
  EXPECT_EQ((*spec)->rev, "main~1");
  EXPECT_EQ((*spec)->path, "app/package-lock.json");
  auto root = parse_git_target("git:HEAD:");
  ASSERT_TRUE(root && root->has_value());
  EXPECT_EQ((*root)->path, "");
  auto dot = parse_git_target("git:HEAD:./");
  ASSERT_TRUE(dot && dot->has_value());
  EXPECT_EQ((*dot)->path, "");
}

TEST(GitTarget, OtherArgumentsAreNotGitTargets) {
  auto plain = parse_git_target("package-lock.json");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_value());
  auto image = parse_git_target("image:app.tar");
  ASSERT_TRUE(image);
  EXPECT_FALSE(image->has_value());
}

TEST(GitTarget, MalformedOnesAreErrors) {
  EXPECT_FALSE(parse_git_target("git:main"));
  EXPECT_FALSE(parse_git_target("git::package-lock.json"));
  EXPECT_FALSE(parse_git_target("git:--upload-pack=x:y"));
}

class GitRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("git --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no git";
    char tmpl[] = "/tmp/upkeep-git-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    write("app/package-lock.json", "{\"lockfileVersion\": 3}\n");
    write("app/sub/x.txt", "x\n");
    write("README", "r\n");
    const std::string git =
        "git -C " + dir_ + " -c user.name=t -c user.email=t@example.com -c commit.gpgsign=false ";
    ASSERT_EQ(std::system(
                  (git + "init -q && " + git + "add -A && " + git + "commit -q -m one > /dev/null")
                      .c_str()),
              0);
    std::filesystem::create_symlink("/etc/passwd", dir_ + "/app/link");
    ASSERT_EQ(std::system((git + "add -A && " + git + "commit -q -m two > /dev/null").c_str()), 0);
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  void write(const std::string& rel, const std::string& text) {
    const std::filesystem::path p = dir_ + "/" + rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string dir_;
};

TEST_F(GitRepo, ReadsAFileUnderItsOwnName) {
  auto spec = parse_git_target("git:HEAD~1:app/package-lock.json");
  ASSERT_TRUE(spec && spec->has_value());
  auto checkout = GitCheckout::read(**spec, dir_);
  ASSERT_TRUE(checkout) << checkout.status().to_string();
  EXPECT_EQ(std::filesystem::path((*checkout)->path()).filename(), "package-lock.json");
  std::ifstream in((*checkout)->path());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "{\"lockfileVersion\": 3}\n");
  EXPECT_EQ((*checkout)->display((*checkout)->path()), "git:HEAD~1:app/package-lock.json");
}

TEST_F(GitRepo, ReadsATreeWithoutItsLinks) {
  auto spec = parse_git_target("git:HEAD:app");
  ASSERT_TRUE(spec && spec->has_value());
  auto checkout = GitCheckout::read(**spec, dir_);
  ASSERT_TRUE(checkout) << checkout.status().to_string();
  const std::string root = (*checkout)->path();
  EXPECT_TRUE(std::filesystem::is_regular_file(root + "/package-lock.json"));
  EXPECT_TRUE(std::filesystem::is_regular_file(root + "/sub/x.txt"));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(root + "/link")));
  ASSERT_EQ((*checkout)->warnings().size(), 1u);
  EXPECT_NE((*checkout)->warnings()[0].find("symbolic link"), std::string::npos);
  EXPECT_EQ((*checkout)->display(root + "/sub/x.txt"), "git:HEAD:app/sub/x.txt");
  // The temporary directory goes with the checkout.
  checkout->reset();
  EXPECT_FALSE(std::filesystem::exists(root));
}

TEST_F(GitRepo, ErrorsNameWhatIsWrong) {
  auto bad_rev = GitCheckout::read({"no-such-branch", "README", "git:no-such-branch:README"}, dir_);
  ASSERT_FALSE(bad_rev);
  EXPECT_NE(bad_rev.status().message().find("unknown revision \"no-such-branch\""),
            std::string::npos);
  auto bad_path = GitCheckout::read({"HEAD", "missing.json", "git:HEAD:missing.json"}, dir_);
  ASSERT_FALSE(bad_path);
  EXPECT_NE(bad_path.status().message().find("path \"missing.json\" is not in revision HEAD"),
            std::string::npos);
  auto not_repo = GitCheckout::read({"HEAD", "README", "git:HEAD:README"}, "/");
  ASSERT_FALSE(not_repo);
  EXPECT_NE(not_repo.status().message().find("is not in a git repository"), std::string::npos);
  auto too_big = GitCheckout::read({"HEAD", "README", "git:HEAD:README"}, dir_, {1, 1, 1});
  ASSERT_FALSE(too_big);
  EXPECT_NE(too_big.status().message().find("larger than 1 bytes"), std::string::npos);
}

}  // namespace
}  // namespace upkeep::review
