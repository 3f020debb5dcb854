// SPDX-License-Identifier: Apache-2.0
//
// Atomic imports: `upkeep db import` is started and killed with SIGKILL at random moments, many
// times; afterwards the database must be the old one or the new one, and answer queries.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "advisory/store_testing.h"
#include "support/inventory_testing.h"
#include "upkeep/advisory_store.h"

namespace upkeep::advisory {
namespace {

using upkeep::testing::TempDir;

pid_t spawn_import(const std::string& db, const std::vector<std::string>& files) {
  std::vector<std::string> args = {UPKEEP_BINARY, "db", "import", "--quiet", "--db", db};
  args.insert(args.end(), files.begin(), files.end());
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

TEST(StoreKill, KilledImportLeavesOldOrNewDatabase) {
  const std::string data = upkeep::testing::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no shared data";
  TempDir dir;
  const std::string db = dir / "adv.db";
  const std::string pristine = dir / "pristine.db";
  // Old: crates.io (1206 records). New: plus Go (4291) = 5497.
  ASSERT_TRUE(import_files(pristine, {data + "/osv/crates.io.zip"}).is_ok());
  const std::vector<std::string> more = {data + "/osv/Go.zip"};
  constexpr uint64_t kOld = 1206, kNew = 1206 + 4291;

  // How long a whole import takes here (sanitizers make it several times slower).
  std::filesystem::copy_file(pristine, db);
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  ::waitpid(spawn_import(db, more), &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const auto full = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  ASSERT_EQ(*(*Store::open(db))->record_count(), kNew);

  std::mt19937 random(20240601);
  std::uniform_int_distribution<int64_t> delay(0, full + full / 2);
  int old_seen = 0, new_seen = 0;
  constexpr int kRounds = 24;
  for (int round = 0; round < kRounds; ++round) {
    std::filesystem::copy_file(pristine, db, std::filesystem::copy_options::overwrite_existing);
    const int64_t ms = delay(random);
    const pid_t pid = spawn_import(db, more);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);

    auto store = Store::open(db);
    ASSERT_TRUE(store.is_ok()) << "round " << round << " after " << ms
                               << " ms: " << store.status().message();
    const uint64_t count = *(*store)->record_count();
    ASSERT_TRUE(count == kOld || count == kNew) << "round " << round << ": " << count;
    (count == kOld ? old_seen : new_seen)++;
    EXPECT_EQ((*store)->record_ids_for("crates.io", "smallvec")->size(), 5u);
    auto go = (*store)->record("GO-2022-0969");
    EXPECT_EQ(go.is_ok(), count == kNew);
    EXPECT_EQ((*store)->sources()->size(), count == kNew ? 2u : 1u);
  }
  std::fprintf(stderr, "kill test: full import %lld ms; %d rounds old, %d new\n",
               static_cast<long long>(full), old_seen, new_seen);
  EXPECT_GT(old_seen, 0);  // most kills land before the rename

  // The next import removes the killed imports' temporary files and works.
  ASSERT_TRUE(import_files(db, {data + "/osv/ubuntu-sample.zip"}).is_ok());
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace upkeep::advisory
