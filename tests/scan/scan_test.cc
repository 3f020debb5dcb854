// SPDX-License-Identifier: Apache-2.0
//
// The scan pipeline as a library call: sources merged into one finding per vulnerability,
// enrichment, and the database's age limits against an injected clock.
#include "upkeep/scan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "upkeep/advisory_store.h"
#include "upkeep/advisory_update.h"

namespace upkeep {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;

const std::string kFixtures = UPKEEP_FIXTURE_DIR;
const std::string kRootfs = kFixtures + "/debian_security/rootfs";

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("upkeep-scan-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    db_ = (dir_ / "adv.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void import(const std::vector<std::string>& files) {
    advisory::ImportOptions options;
    options.now = imported_at_;
    auto report = advisory::import_files(db_, files, options);
    ASSERT_TRUE(report.is_ok()) << report.status().message();
  }

  scan::Outcome scan(const std::string& target, scan::Options options = {}) {
    auto spec = inventory::parse_target(target);
    EXPECT_TRUE(spec.is_ok());
    options.db_path = db_;
    return scan::run({*spec}, options);
  }

  fs::path dir_;
  std::string db_;
  std::chrono::system_clock::time_point imported_at_ =
      std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
};

const match::Finding* find(const scan::Outcome& out, std::string_view name, std::string_view id) {
  for (const auto& f : out.result.findings) {
    if (out.result.inventory.components[f.component].name != name) continue;
    if (std::find(f.ids.begin(), f.ids.end(), id) != f.ids.end()) return &f;
  }
  return nullptr;
}

TEST_F(ScanTest, ArchiveAndOsvFindingsOfOneCveAreOneFinding) {
  import({kFixtures + "/scan/debian12_openssh.json", kFixtures + "/advisory/kev/small.json"});
  scan::Options options;
  options.now = imported_at_ + hours(1);
  const scan::Outcome out = scan(kRootfs, options);
  ASSERT_FALSE(out.failure) << out.failure->message;

  // openssh-client: the changelog of the pending update names CVE-2024-6387 and the OSV record
  // of the source package relates to it: one finding, both sources, the record's score.
  const match::Finding* f = find(out, "openssh-client", "CVE-2024-6387");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->ids.front(), "CVE-2024-6387");
  EXPECT_EQ(f->sources, (std::vector<std::string>{"debian-archive", "osv"}));
  EXPECT_NE(std::find(f->records.begin(), f->records.end(), "DSA-TEST-5724-1"), f->records.end());
  EXPECT_EQ(f->fixed_version, "1:9.2p1-2+deb12u3");
  ASSERT_TRUE(f->cvss_score);
  EXPECT_DOUBLE_EQ(*f->cvss_score, 8.1);
  EXPECT_EQ(f->rating, "high");
  size_t regresshion = 0;
  for (const auto& g : out.result.findings) {
    if (out.result.inventory.components[g.component].name == "openssh-client" &&
        std::find(g.ids.begin(), g.ids.end(), "CVE-2024-6387") != g.ids.end()) {
      ++regresshion;
    }
  }
  EXPECT_EQ(regresshion, 1u);

  // The other CVEs of the same update stay separate findings from the archive alone.
  const match::Finding* other = find(out, "openssh-client", "CVE-2023-48795");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->sources, (std::vector<std::string>{"debian-archive"}));

  // One advice for the component: the archive's version clears everything.
  const auto advice =
      std::find_if(out.result.advice.begin(), out.result.advice.end(),
                   [&](const match::ComponentAdvice& a) { return a.component == f->component; });
  ASSERT_NE(advice, out.result.advice.end());
  EXPECT_EQ(advice->kind, match::ComponentAdvice::Kind::kUpgrade);
  EXPECT_EQ(advice->upgrade_to, "1:9.2p1-2+deb12u3");

  // The sources named in the report.
  std::vector<std::string> names;
  for (const auto& s : out.result.database.sources)
    names.push_back(s.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "debian-archive"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "osv:Debian"), names.end());
}

TEST_F(ScanTest, DatabaseAgeWarnsThenRefuses) {
  import({kFixtures + "/scan/debian12_openssh.json"});
  scan::Options options;
  options.warn_age = hours(48);
  options.max_age = hours(24 * 7);

  options.now = imported_at_ + hours(1);
  scan::Outcome fresh = scan(kRootfs, options);
  ASSERT_FALSE(fresh.failure);
  EXPECT_TRUE(fresh.result.warnings.empty() ||
              fresh.result.warnings.front().find("old") == std::string::npos);

  options.now = imported_at_ + hours(24 * 3);
  scan::Outcome old = scan(kRootfs, options);
  ASSERT_FALSE(old.failure);
  ASSERT_FALSE(old.result.warnings.empty());
  EXPECT_NE(old.result.warnings.front().find("3 days old"), std::string::npos)
      << old.result.warnings.front();

  options.now = imported_at_ + hours(24 * 8);
  scan::Outcome stale = scan(kRootfs, options);
  ASSERT_TRUE(stale.failure);
  EXPECT_EQ(stale.failure->kind, scan::FailureKind::kDatabase);
  EXPECT_NE(stale.failure->message.find("8 days old"), std::string::npos);

  options.max_age = hours(0);  // no limit
  EXPECT_FALSE(scan(kRootfs, options).failure);
}

TEST_F(ScanTest, MissingDatabaseIsADatabaseFailureAndSkipDbIsNot) {
  scan::Outcome missing = scan(kRootfs);
  ASSERT_TRUE(missing.failure);
  EXPECT_EQ(missing.failure->kind, scan::FailureKind::kDatabase);

  scan::Options options;
  options.use_database = false;
  scan::Outcome archive_only = scan(kRootfs, options);
  ASSERT_FALSE(archive_only.failure);
  EXPECT_FALSE(archive_only.result.findings.empty());
  for (const auto& f : archive_only.result.findings)
    EXPECT_EQ(f.sources, (std::vector<std::string>{"debian-archive"}));
}

TEST_F(ScanTest, BrokenSuppressionFileIsAnInputFailure) {
  import({kFixtures + "/scan/debian12_openssh.json"});
  scan::Options options;
  options.now = imported_at_;
  options.suppression_files = {kFixtures + "/suppress/broken/truncated.openvex.json"};
  ASSERT_TRUE(fs::exists(options.suppression_files.front()));
  scan::Outcome out = scan(kRootfs, options);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->kind, scan::FailureKind::kInput);
  EXPECT_NE(out.failure->message.find("truncated.openvex.json"), std::string::npos);
}

TEST_F(ScanTest, AgeCountsFromTheOldestOsvImportNotALaterKevOrEpss) {
  import({kFixtures + "/scan/debian12_openssh.json"});
  imported_at_ += hours(24 * 8);
  import({kFixtures + "/advisory/epss/small.csv"});
  scan::Options options;
  options.now = imported_at_;
  scan::Outcome out = scan(kRootfs, options);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->kind, scan::FailureKind::kDatabase);
  EXPECT_NE(out.failure->message.find("8 days old (Debian imported then)"), std::string::npos)
      << out.failure->message;
}

// `db update` got a 304 for the source: the database file (and its import time) stayed as it was,
// but the origin confirmed the data current, so the scan does not call it stale.
TEST_F(ScanTest, AnUpdateThatFoundNothingNewKeepsTheDatabaseCurrent) {
  import({kFixtures + "/scan/debian12_openssh.json"});
  scan::Options options;
  options.now = imported_at_ + hours(24 * 8);
  ASSERT_TRUE(scan(kRootfs, options).failure);  // stale without the confirmation

  advisory::DownloadState state;
  advisory::DownloadState::Entry& debian = state.upsert("Debian");
  debian.imported = true;
  debian.checked = std::chrono::duration_cast<std::chrono::seconds>(
                       (imported_at_ + hours(24 * 7 + 12)).time_since_epoch())
                       .count();
  fs::create_directories(advisory::downloads_dir(db_));
  std::ofstream(advisory::downloads_dir(db_) + "/state") << advisory::format_download_state(state);
  const scan::Outcome out = scan(kRootfs, options);
  EXPECT_FALSE(out.failure) << out.failure->message;
}

TEST_F(ScanTest, AgeMessagesNeverReadAsTheLimit) {
  import({kFixtures + "/scan/debian12_openssh.json"});
  scan::Options options;
  options.max_age = std::chrono::minutes(30);
  options.now = imported_at_ + std::chrono::minutes(45);
  scan::Outcome out = scan(kRootfs, options);
  ASSERT_TRUE(out.failure);
  EXPECT_NE(out.failure->message.find("45 minutes old"), std::string::npos) << out.failure->message;
  EXPECT_NE(out.failure->message.find("limit of 30 minutes"), std::string::npos);
  options.max_age = hours(24 * 7);
  options.now = imported_at_ + hours(24 * 7 + 5);
  out = scan(kRootfs, options);
  ASSERT_TRUE(out.failure);
  EXPECT_NE(out.failure->message.find("7 days 5 hours old"), std::string::npos)
      << out.failure->message;
}

// Two targets with the same vulnerable package (fixed in 2.0.0 by one record, in 3.0.0 by
// another); the first target's .upkeepignore suppresses the second record there only.
TEST_F(ScanTest, SuppressionsShapeAdviceAndStayWithTheirTarget) {
  const std::string root = kFixtures + "/scan/two-fixes";
  import({root + "/records"});
  scan::Options options;
  options.now = imported_at_;
  options.today = suppress::Date{2024, 6, 1};
  auto a = inventory::parse_target(root + "/a");
  auto b = inventory::parse_target(root + "/b");
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  options.db_path = db_;
  const scan::Outcome out = scan::run({*a, *b}, options);
  ASSERT_FALSE(out.failure) << out.failure->message;
  ASSERT_EQ(out.result.inventory.components.size(), 2u);
  ASSERT_EQ(out.result.findings.size(), 4u);
  for (const auto& f : out.result.findings) {
    const bool in_a =
        out.result.inventory.components[f.component].location.find("/a/") != std::string::npos;
    const bool second = f.ids.front() == "CVE-9999-2002";
    EXPECT_EQ(f.suppressed, in_a && second) << f.ids.front() << " in a: " << in_a;
  }
  ASSERT_EQ(out.result.advice.size(), 2u);
  for (const auto& advice : out.result.advice) {
    const bool in_a =
        out.result.inventory.components[advice.component].location.find("/a/") != std::string::npos;
    EXPECT_EQ(advice.kind, match::ComponentAdvice::Kind::kUpgrade);
    // Where the 3.0.0 fix is suppressed, 2.0.0 clears what is left.
    EXPECT_EQ(advice.upgrade_to, in_a ? "2.0.0" : "3.0.0");
  }
  // The expired entry: said once, and it no longer suppresses PYSEC-TEST-1.
  const auto expired = std::count_if(
      out.result.warnings.begin(), out.result.warnings.end(),
      [](const std::string& w) { return w.find("PYSEC-TEST-1") != std::string::npos; });
  EXPECT_EQ(expired, 1) << ::testing::PrintToString(out.result.warnings);
}

TEST_F(ScanTest, SkippedVexStatementsAreInputWarnings) {
  import({kFixtures + "/scan/debian12_openssh.json"});
  scan::Options options;
  options.now = imported_at_;
  options.suppression_files = {kFixtures + "/suppress/openvex/bad-statements.openvex.json"};
  const scan::Outcome out = scan(kRootfs, options);
  ASSERT_FALSE(out.failure);
  EXPECT_FALSE(out.input_warnings.empty());
}

}  // namespace
}  // namespace upkeep
