// SPDX-License-Identifier: Apache-2.0
//
// advisory::update_database from a directory mirror made of fixtures (no network: the HTTP side is
// tests/fetch/fetch_test.cc and tests/cli/db_update_test.py), and its pure helpers: ecosystem
// names, the plan, the state file.
#include <gtest/gtest.h>

#include <filesystem>

#include "advisory/store_testing.h"
#include "support/inventory_testing.h"
#include "upkeep/advisory_update.h"

namespace upkeep::advisory {
namespace {

namespace fs = std::filesystem;
using upkeep::testing::read_host_file;
using upkeep::testing::store_fixture;
using upkeep::testing::TempDir;
using upkeep::testing::write_file;
using Outcome = fetch::Fetched::Outcome;

class UpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rt = fetch::Runtime::create();
    ASSERT_TRUE(rt.is_ok());
    runtime_ = std::move(*rt);
    mirror_ = dir_ / "mirror";
    db_ = dir_ / "db/adv.db";
    fs::create_directories(mirror_ + "/PyPI");
    fs::create_directories(mirror_ + "/Debian");
    write_file(mirror_ + "/PyPI/all.zip",
               upkeep::testing::make_zip(
                   {{"TEST-2024-1.json", read_host_file(store_fixture("store/pkg_old.json"))}}));
    write_file(mirror_ + "/Debian/all.zip",
               upkeep::testing::make_zip(
                   {{"TEST-2024-2.json", read_host_file(store_fixture("store/debian.json"))}}));
    fs::copy_file(store_fixture("kev/small.json"),
                  mirror_ + "/known_exploited_vulnerabilities.json");
    write_file(mirror_ + "/epss_scores-current.csv.gz",
               upkeep::testing::make_gzip(read_host_file(store_fixture("epss/small.csv"))));
  }

  // The OSV, KEV and EPSS sources only: the end-of-life ones have tests of their own below.
  Result<UpdateReport> update(std::vector<std::string> ecosystems) {
    fetch::Client client(*runtime_);
    UpdateOptions options;
    options.ecosystems = std::move(ecosystems);
    options.mirror = mirror_;
    options.eol = false;
    return update_database(db_, options, client);
  }

  // PyPI and the end-of-life sources.
  Result<UpdateReport> update_eol() {
    fetch::Client client(*runtime_);
    UpdateOptions options;
    options.ecosystems = {"PyPI"};
    options.kev = options.epss = false;
    options.mirror = mirror_;
    return update_database(db_, options, client);
  }

  // The mirror's eol/ tree made of the fixtures of tests/fixtures/eol: products, both tables,
  // one ended list (deb90 is no release the plan names: the plan's lists are absent) and the
  // limited list.
  void add_eol_sources() {
    const std::string eol = mirror_ + "/eol";
    fs::create_directories(eol + "/distro-info-data");
    fs::create_directories(eol + "/debian-security-support");
    const std::string fixtures = std::string(UPKEEP_FIXTURE_DIR) + "/eol/";
    write_file(
        eol + "/endoflife-products.zip",
        upkeep::testing::make_zip({{"tinydb.md", read_host_file(fixtures + "product/tinydb.md")}}));
    for (const char* distro : {"debian", "ubuntu"}) {
      fs::copy_file(fixtures + "distro-info/" + distro + ".csv",
                    eol + "/distro-info-data/" + distro + ".csv");
    }
    fs::copy_file(fixtures + "support/security-support-ended.deb90",
                  eol + "/debian-security-support/security-support-ended.deb12");
    fs::copy_file(fixtures + "support/security-support-limited",
                  eol + "/debian-security-support/security-support-limited");
  }

  std::vector<std::pair<std::string, uint64_t>> held() {
    auto store = Store::open(db_);
    EXPECT_TRUE(store.is_ok());
    std::vector<std::pair<std::string, uint64_t>> out;
    if (!store.is_ok()) return out;
    auto sources = (*store)->sources();
    EXPECT_TRUE(sources.is_ok());
    if (!sources.is_ok()) return out;
    for (const auto& s : *sources)
      out.emplace_back(s.name, s.records);
    return out;
  }

  TempDir dir_;
  std::string mirror_, db_;
  std::unique_ptr<fetch::Runtime> runtime_;
};

TEST_F(UpdateTest, FirstUpdateImportsSecondChangesNothing) {
  auto r = update({"pypi", "Debian"});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->sources.size(), 4u);
  for (const auto& s : r->sources) {
    EXPECT_EQ(s.fetched.outcome, Outcome::kDownloaded) << s.source.name << ": " << s.fetched.error;
    EXPECT_TRUE(s.imported);
  }
  EXPECT_EQ(r->sources[0].source.name, "PyPI");  // canonical spelling
  EXPECT_TRUE(r->complete());
  EXPECT_TRUE(r->imported);
  EXPECT_EQ(r->import.records_read, 2u);
  EXPECT_EQ(r->import.kev_entries, 2u);
  EXPECT_EQ(r->import.epss_scores, 4u);
  const std::vector<std::pair<std::string, uint64_t>> expected = {
      {"Debian", 1}, {"PyPI", 1}, {"EPSS", 4}, {"KEV", 2}};
  EXPECT_EQ(held(), expected);
  EXPECT_TRUE(fs::exists(downloads_dir(db_) + "/PyPI/all.zip"));

  const auto before = fs::last_write_time(db_);
  r = update({});  // the ecosystems in the database
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->sources.size(), 4u);
  for (const auto& s : r->sources) {
    EXPECT_EQ(s.fetched.outcome, Outcome::kNotModified) << s.source.name;
    EXPECT_FALSE(s.imported);
  }
  EXPECT_FALSE(r->imported);
  EXPECT_EQ(fs::last_write_time(db_), before);

  const DownloadState state = parse_download_state(read_host_file(downloads_dir(db_) + "/state"));
  ASSERT_EQ(state.entries.size(), 4u);
  for (const auto& e : state.entries)
    EXPECT_TRUE(e.imported) << e.name;
}

TEST_F(UpdateTest, UnchangedSourcesAreConfirmedCurrentWithoutTouchingTheDatabase) {
  using std::chrono::system_clock;
  const system_clock::time_point t1(std::chrono::seconds(1700000000));
  const system_clock::time_point t2 = t1 + std::chrono::hours(24 * 30);
  fetch::Client client(*runtime_);
  UpdateOptions options;
  options.ecosystems = {"PyPI"};
  options.mirror = mirror_;
  options.eol = false;
  options.import.now = t1;
  ASSERT_TRUE(update_database(db_, options, client).is_ok());
  auto confirmed = confirmed_current(db_);
  ASSERT_EQ(confirmed.size(), 3u);
  EXPECT_EQ(confirmed["PyPI"], t1);

  // A month later, nothing changed upstream: every source answers "unchanged".
  options.import.now = t2;
  auto r = update_database(db_, options, client);
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->imported);
  confirmed = confirmed_current(db_);
  EXPECT_EQ(confirmed["PyPI"], t2);
  EXPECT_EQ(confirmed["KEV"], t2);
  EXPECT_EQ(confirmed["EPSS"], t2);
  // The database still says when its data was imported.
  auto store = Store::open(db_);
  ASSERT_TRUE(store.is_ok());
  auto sources = (*store)->sources();
  ASSERT_TRUE(sources.is_ok());
  for (const auto& s : *sources)
    EXPECT_EQ(s.imported_at, t1) << s.name;

  // A copy the database does not hold is not vouched for.
  EXPECT_TRUE(confirmed_current(dir_ / "other.db").empty());
}

TEST_F(UpdateTest, CachedCopyNotYetImportedIsImported) {
  ASSERT_TRUE(update({"PyPI"}).is_ok());
  // As if the update had been killed between download and import.
  const std::string state_path = downloads_dir(db_) + "/state";
  DownloadState state = parse_download_state(read_host_file(state_path));
  state.upsert("KEV").imported = false;
  write_file(state_path, format_download_state(state));
  auto r = update({"PyPI"});
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->imported);
  for (const auto& s : r->sources) {
    EXPECT_EQ(s.fetched.outcome, Outcome::kNotModified);
    EXPECT_EQ(s.imported, s.source.name == "KEV") << s.source.name;
  }
  EXPECT_EQ(r->import.kev_entries, 2u);
}

TEST_F(UpdateTest, SourceMissingFromTheDatabaseIsImportedAgain) {
  ASSERT_TRUE(update({"PyPI", "Debian"}).is_ok());
  // The database is rebuilt from something else: the cache is unchanged but no longer held.
  ImportOptions replace;
  replace.replace = true;
  ASSERT_TRUE(import_files(db_, {store_fixture("store/withdrawn.json")}, replace).is_ok());
  auto r = update({"PyPI", "Debian"});
  ASSERT_TRUE(r.is_ok());
  for (const auto& s : r->sources)
    EXPECT_TRUE(s.imported) << s.source.name;
  const std::vector<std::pair<std::string, uint64_t>> expected = {
      {"Debian", 1}, {"PyPI", 1}, {"crates.io", 1}, {"EPSS", 4}, {"KEV", 2}};
  EXPECT_EQ(held(), expected);
}

TEST_F(UpdateTest, FailedSourceKeepsTheOthers) {
  fs::remove(mirror_ + "/known_exploited_vulnerabilities.json");
  write_file(mirror_ + "/epss_scores-current.csv.gz", "<html>not here</html>");
  auto r = update({"PyPI", "Go"});
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->failures(), 3u);
  EXPECT_FALSE(r->complete());
  EXPECT_EQ(r->sources[1].fetched.failure, fetch::Failure::kNotFound);
  EXPECT_EQ(r->sources[2].fetched.failure, fetch::Failure::kNotFound);
  EXPECT_EQ(r->sources[3].fetched.failure, fetch::Failure::kRejected);
  EXPECT_NE(r->sources[3].fetched.error.find("not gzip or EPSS CSV (starts with \"<html>"),
            std::string::npos)
      << r->sources[3].fetched.error;
  const std::vector<std::pair<std::string, uint64_t>> expected = {{"PyPI", 1}};
  EXPECT_EQ(held(), expected);
  EXPECT_FALSE(fs::exists(downloads_dir(db_) + "/epss_scores-current.csv.gz"));
}

TEST_F(UpdateTest, Errors) {
  auto r = update({});  // and no first_ecosystems
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("no ecosystems named"), std::string::npos);
  EXPECT_FALSE(fs::exists(downloads_dir(db_)));

  fs::create_directories(dir_ / "db");
  write_file(db_, "not a database");
  r = update({"PyPI"});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
}

TEST_F(UpdateTest, FirstEcosystemsWhenNoneNamedOrHeld) {
  fetch::Client client(*runtime_);
  UpdateOptions options;
  options.mirror = mirror_;
  options.kev = options.epss = options.eol = false;
  options.first_ecosystems = {"Debian"};
  auto r = update_database(db_, options, client);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_TRUE(r->used_first_ecosystems);
  ASSERT_EQ(r->sources.size(), 1u);
  EXPECT_EQ(r->sources[0].source.name, "Debian");
  // Held now: first_ecosystems no longer counts.
  options.first_ecosystems = {"PyPI"};
  r = update_database(db_, options, client);
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->used_first_ecosystems);
  ASSERT_EQ(r->sources.size(), 1u);
  EXPECT_EQ(r->sources[0].source.name, "Debian");
}

TEST(UpdateHelpers, DefaultEcosystems) {
  const std::vector<std::string> languages = {"PyPI",  "npm",   "Go",       "crates.io",
                                              "Maven", "NuGet", "RubyGems", "Packagist"};
  EXPECT_EQ(default_osv_ecosystems(nullptr), languages);
  auto with = languages;
  with.push_back("Debian");
  const inventory::OsRelease debian =
      inventory::parse_os_release("ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
  EXPECT_EQ(default_osv_ecosystems(&debian), with);
  with.back() = "Ubuntu";
  const inventory::OsRelease ubuntu =
      inventory::parse_os_release("ID=ubuntu\nVERSION_ID=\"22.04\"\nVERSION=\"22.04.4 LTS\"\n");
  EXPECT_EQ(default_osv_ecosystems(&ubuntu), with);
  const inventory::OsRelease fedora = inventory::parse_os_release("ID=fedora\nVERSION_ID=40\n");
  EXPECT_EQ(default_osv_ecosystems(&fedora), languages);
}

TEST(UpdateHelpers, CanonicalEcosystem) {
  EXPECT_EQ(*canonical_ecosystem("pypi"), "PyPI");
  EXPECT_EQ(*canonical_ecosystem("CRATES.IO"), "crates.io");
  EXPECT_EQ(*canonical_ecosystem("debian:12"), "Debian:12");
  EXPECT_EQ(*canonical_ecosystem("rocky linux"), "Rocky Linux");
  EXPECT_EQ(*canonical_ecosystem("NewThing"), "NewThing");
  for (const char* bad : {"", ".", "..", "a/b", "..\\x", "a\tb", "a\nb"}) {
    EXPECT_FALSE(canonical_ecosystem(bad).is_ok()) << bad;
  }
}

TEST(UpdateHelpers, PlanPublicAndUrlMirror) {
  auto plan = plan_sources({"PyPI", "Rocky Linux", "pypi"}, true, true, "");
  ASSERT_TRUE(plan.is_ok());
  ASSERT_EQ(plan->size(), 4u);  // PyPI once
  EXPECT_EQ((*plan)[0].location, "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip");
  EXPECT_EQ((*plan)[1].location,
            "https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip");
  EXPECT_EQ((*plan)[1].relative_path, "Rocky Linux/all.zip");
  EXPECT_EQ((*plan)[2].location, kKevUrl);
  EXPECT_EQ((*plan)[3].location, kEpssUrl);
  EXPECT_EQ((*plan)[3].kind, "epss");

  plan = plan_sources({"Go"}, false, true, "http://mirror.local/osv/");
  ASSERT_TRUE(plan.is_ok());
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ((*plan)[0].location, "http://mirror.local/osv/Go/all.zip");
  EXPECT_EQ((*plan)[1].location, "http://mirror.local/osv/epss_scores-current.csv.gz");

  EXPECT_FALSE(plan_sources({"Go"}, true, true, "ftp://mirror.local").is_ok());
  EXPECT_FALSE(plan_sources({"Go"}, true, true, "/no/such/dir").is_ok());
  EXPECT_FALSE(plan_sources({"../x"}, true, true, "").is_ok());
}

TEST_F(UpdateTest, EndOfLifeSourcesFromADirectoryMirror) {
  add_eol_sources();
  auto r = update_eol();
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_TRUE(r->complete()) << r->import_status.message();
  // PyPI, endoflife.date, two tables, five ended lists, the limited list.
  ASSERT_EQ(r->sources.size(), 1u + 1u + 2u + std::size(kSupportListReleases) + 1u);
  size_t absent = 0;
  for (const auto& s : r->sources) {
    if (s.absent) {
      ++absent;
      EXPECT_EQ(s.fetched.failure, fetch::Failure::kNotFound) << s.source.name;
      EXPECT_TRUE(s.source.optional) << s.source.name;
      EXPECT_FALSE(s.imported);
    } else {
      EXPECT_EQ(s.fetched.outcome, Outcome::kDownloaded)
          << s.source.name << ": " << s.fetched.error;
      EXPECT_TRUE(s.imported) << s.source.name;
    }
  }
  EXPECT_EQ(absent, std::size(kSupportListReleases) - 1);  // all but deb12
  EXPECT_EQ(r->failures(), 0u);
  EXPECT_EQ(r->import.eol_products, 1u);
  EXPECT_EQ(r->import.distro_releases, 4u + 3u);
  EXPECT_EQ(r->import.support_entries, 4u + 3u);
  EXPECT_EQ(held(),
            (std::vector<std::pair<std::string, uint64_t>>{{"PyPI", 1},
                                                           {"debian-security-support/deb12", 4},
                                                           {"debian-security-support/limited", 3},
                                                           {"distro-info-data/debian", 4},
                                                           {"distro-info-data/ubuntu", 3},
                                                           {"endoflife.date", 1}}));

  // Nothing changed: nothing imported. A changed list comes again and replaces the stored one.
  r = update_eol();
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->imported);
  fs::remove(mirror_ + "/eol/debian-security-support/security-support-limited");
  write_file(mirror_ + "/eol/debian-security-support/security-support-limited",
             "\n# List of packages where security support is limited\n\nonlyone  a reason\n");
  r = update_eol();
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->imported);
  EXPECT_EQ(r->import.support_entries, 1u);
  EXPECT_EQ(held()[2], (std::pair<std::string, uint64_t>{"debian-security-support/limited", 1}));
}

TEST_F(UpdateTest, EndOfLifeContentIsChecked) {
  add_eol_sources();
  // An HTML page where a table belongs fails that source and keeps the others.
  fs::remove(mirror_ + "/eol/distro-info-data/ubuntu.csv");
  write_file(mirror_ + "/eol/distro-info-data/ubuntu.csv", "<!DOCTYPE html><p>moved</p>");
  auto r = update_eol();
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->failures(), 1u);
  for (const auto& s : r->sources) {
    if (s.source.name != "distro-info-data/ubuntu") continue;
    EXPECT_EQ(s.fetched.failure, fetch::Failure::kRejected);
    EXPECT_NE(s.fetched.error.find("not a distro-info-data table"), std::string::npos)
        << s.fetched.error;
  }
  EXPECT_EQ(r->import.distro_releases, 4u);
}

TEST(UpdateHelpers, PlanEndOfLifeSources) {
  auto plan = plan_sources({}, false, false, "", true);
  ASSERT_TRUE(plan.is_ok());
  std::vector<std::string> names;
  for (const auto& s : *plan) {
    EXPECT_EQ(s.kind, "eol");
    names.push_back(s.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "endoflife.date", "distro-info-data/debian", "distro-info-data/ubuntu",
                       "debian-security-support/deb9", "debian-security-support/deb10",
                       "debian-security-support/deb11", "debian-security-support/deb12",
                       "debian-security-support/deb13", "debian-security-support/limited"}));
  EXPECT_EQ((*plan)[0].location, kEndoflifeUrl);
  EXPECT_EQ((*plan)[0].relative_path, "eol/endoflife-products.zip");
  EXPECT_EQ((*plan)[1].location, std::string(kDistroInfoBaseUrl) + "/debian.csv");
  EXPECT_EQ((*plan)[6].location,
            std::string(kSecuritySupportBaseUrl) + "/security-support-ended.deb12");
  EXPECT_TRUE((*plan)[6].optional);
  EXPECT_FALSE((*plan)[8].optional);
  plan = plan_sources({}, false, false, "http://mirror.local/m", true);
  ASSERT_TRUE(plan.is_ok());
  EXPECT_EQ((*plan)[2].location, "http://mirror.local/m/eol/distro-info-data/ubuntu.csv");
  // The default plan has none (callers name them).
  plan = plan_sources({"Go"}, false, false, "");
  ASSERT_TRUE(plan.is_ok());
  EXPECT_EQ(plan->size(), 1u);
}

TEST(UpdateHelpers, PlanDirectoryMirror) {
  TempDir dir;
  auto plan = plan_sources({"Rocky Linux"}, true, false, dir.path());
  ASSERT_TRUE(plan.is_ok());
  EXPECT_EQ((*plan)[0].location, dir.path() + "/Rocky Linux/all.zip");
  EXPECT_EQ((*plan)[1].location, dir.path() + "/known_exploited_vulnerabilities.json");
}

TEST(UpdateHelpers, StateRoundTripAndDamage) {
  DownloadState state;
  const fetch::Validators pypi{"\"e1\"", "Wed, 21 Oct 2015 07:28:00 GMT"};
  {
    auto& a = state.upsert("PyPI");
    a.location = "https://x/PyPI/all.zip";
    a.validators = pypi;
    a.imported = true;
    a.checked = 1700000000;
  }
  auto& b = state.upsert("KEV");
  b.location = "/srv/m/known_exploited_vulnerabilities.json";
  b.validators = {"W/\"tab\there\"", ""};  // a tab cannot be stored: written empty
  const DownloadState back = parse_download_state(format_download_state(state));
  ASSERT_EQ(back.entries.size(), 2u);
  EXPECT_EQ(back.entries[0].name, "PyPI");
  EXPECT_EQ(back.entries[0].validators, pypi);
  EXPECT_TRUE(back.entries[0].imported);
  EXPECT_EQ(back.entries[0].checked, 1700000000);
  EXPECT_EQ(back.entries[1].validators.etag, "");
  EXPECT_FALSE(back.entries[1].imported);

  const DownloadState damaged = parse_download_state(
      read_host_file(std::string(UPKEEP_FIXTURE_DIR) + "/advisory/update/damaged_state"));
  ASSERT_EQ(damaged.entries.size(), 2u);
  EXPECT_EQ(damaged.entries[0].name, "Go");
  EXPECT_EQ(damaged.entries[0].validators.etag, "\"go1\"");
  EXPECT_EQ(damaged.entries[0].checked, 1700000000);
  EXPECT_EQ(damaged.entries[1].checked, 1700000001);
  EXPECT_EQ(damaged.entries[1].name, "EPSS");
  EXPECT_TRUE(damaged.entries[1].imported);
}

}  // namespace
}  // namespace upkeep::advisory
