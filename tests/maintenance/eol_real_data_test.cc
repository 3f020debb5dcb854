// SPDX-License-Identifier: Apache-2.0
//
// The real end-of-life data of ../shared/data/eol (and RustSec's advisories in
// ../shared/data/osv/crates.io.zip) imported into a temporary store with `db import`'s library
// call, read back through the Store's eol::DataSource, and evaluated: products and dates as the
// files write them, on a pinned day; this machine's OS release on today's date, against an oracle
// reading debian.csv / ubuntu.csv here; the runtimes of this machine's dpkg database.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "advisory/store_testing.h"
#include "maintenance/eol_testing.h"
#include "support/inventory_testing.h"
#include "upkeep/advisory_store.h"
#include "upkeep/eol.h"

namespace upkeep::eol {
namespace {

using upkeep::testing::read_host_file;
using upkeep::testing::shared_data_dir;
using upkeep::testing::TempDir;

using testing::day;

// The store is built once for the suite: importing the zip of 464 pages costs about a second.
class EolRealData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = shared_data_dir();
    if (data_.empty()) return;
    dir_ = new TempDir();
    db_ = *dir_ / "eol.db";
    const std::string eol = data_ + "/eol/";
    std::vector<std::string> files = {
        eol + "endoflife-products.zip", eol + "distro-info-data/debian.csv",
        eol + "distro-info-data/ubuntu.csv", data_ + "/osv/crates.io.zip"};
    for (const char* release : {"deb9", "deb10", "deb11", "deb12"}) {
      files.push_back(eol + "debian-security-support/security-support-ended." + release);
    }
    files.push_back(eol + "debian-security-support/security-support-limited");
    auto report = advisory::import_files(db_, files);
    ASSERT_TRUE(report.is_ok()) << report.status().message();
    report_ = new advisory::ImportReport(std::move(*report));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete dir_;
    report_ = nullptr;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (data_.empty()) GTEST_SKIP() << "no ../shared/data (set UPKEEP_SHARED_DATA)";
    ASSERT_NE(report_, nullptr);
    auto store = advisory::Store::open(db_);
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    store_ = std::move(*store);
  }

  static inline std::string data_, db_;
  static inline TempDir* dir_ = nullptr;
  static inline advisory::ImportReport* report_ = nullptr;
  std::unique_ptr<advisory::Store> store_;
};

const ReleaseCycle* find_cycle(const Product& p, std::string_view cycle) {
  for (const ReleaseCycle& c : p.cycles) {
    if (c.cycle == cycle) return &c;
  }
  return nullptr;
}

const DistroRelease* find_release(const std::vector<DistroRelease>& rs, std::string_view version) {
  for (const DistroRelease& r : rs) {
    if (r.version == version) return &r;
  }
  return nullptr;
}

TEST_F(EolRealData, ImportsEveryProductReleaseAndEntry) {
  // The counts of ../shared/data/README.md: 464 products; 22 Debian and 45 Ubuntu releases;
  // 21 + 8 + 0 + 16 ended entries and 32 limited ones.
  EXPECT_EQ(report_->eol_products, 464u);
  EXPECT_GT(report_->eol_cycles, 8000u);
  EXPECT_EQ(report_->distro_releases, 22u + 45u);
  EXPECT_EQ(report_->support_entries, 21u + 8u + 0u + 16u + 32u);
  // Skipped pages would be problems with skipped = true; dropped fields are allowed.
  for (const auto& p : report_->problems) {
    EXPECT_FALSE(p.skipped && p.file.find("/eol/") != std::string::npos)
        << p.file << ": " << p.entry << ": " << p.location << ": " << p.message;
  }
  auto sources = store_->sources();
  ASSERT_TRUE(sources.is_ok());
  std::map<std::string, uint64_t> eol;
  for (const auto& s : *sources) {
    if (s.kind == "eol") eol[s.name] = s.records;
  }
  EXPECT_EQ(eol, (std::map<std::string, uint64_t>{{"debian-security-support/deb10", 8},
                                                  {"debian-security-support/deb11", 0},
                                                  {"debian-security-support/deb12", 16},
                                                  {"debian-security-support/deb9", 21},
                                                  {"debian-security-support/limited", 32},
                                                  {"distro-info-data/debian", 22},
                                                  {"distro-info-data/ubuntu", 45},
                                                  {"endoflife.date", 464}}));
  // The OSV import beside them is the same as ever.
  EXPECT_EQ(report_->records_read, 1206u);
}

TEST_F(EolRealData, PythonFromPythonMd) {
  auto python = store_->product("python");
  ASSERT_TRUE(python.is_ok()) << python.status().message();
  ASSERT_TRUE(python->has_value());
  EXPECT_EQ((*python)->title, "Python");
  EXPECT_EQ((*python)->category, "lang");
  const ReleaseCycle* c = find_cycle(**python, "3.11");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->release_date, day("2022-10-24"));
  EXPECT_EQ(c->eoas.to_string(), "2024-04-01");
  EXPECT_EQ(c->eol.to_string(), "2027-10-31");
  EXPECT_EQ(c->latest, "3.11.16");
  EXPECT_EQ(c->latest_date, day("2026-08-13"));
  EXPECT_EQ((*python)->cycles.front().cycle, "3.14");  // page order: newest first

  auto products = store_->products_for("purl", "pkg:deb/debian/python3.11");
  ASSERT_TRUE(products.is_ok());
  EXPECT_EQ(*products, std::vector<std::string>{"python"});
  products = store_->products_for("cpe", "cpe:2.3:o:debian:debian_linux");
  ASSERT_TRUE(products.is_ok());
  EXPECT_EQ(*products, std::vector<std::string>{"debian"});
  auto none = store_->product("no-such-product");
  ASSERT_TRUE(none.is_ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(EolRealData, DebianAndUbuntuFromDistroInfo) {
  auto debian = store_->distro_releases("debian");
  ASSERT_TRUE(debian.is_ok());
  ASSERT_EQ(debian->size(), 22u);
  const DistroRelease* bookworm = find_release(*debian, "12");
  ASSERT_NE(bookworm, nullptr);
  EXPECT_EQ(bookworm->series, "bookworm");
  EXPECT_EQ(bookworm->codename, "Bookworm");
  EXPECT_EQ(bookworm->release, day("2023-06-10"));
  EXPECT_EQ(bookworm->eol, day("2026-07-11"));
  EXPECT_EQ(bookworm->eol_lts, day("2028-06-30"));
  EXPECT_EQ(bookworm->eol_elts, day("2033-06-30"));

  auto ubuntu = store_->distro_releases("ubuntu");
  ASSERT_TRUE(ubuntu.is_ok());
  ASSERT_EQ(ubuntu->size(), 45u);
  const DistroRelease* jammy = find_release(*ubuntu, "22.04 LTS");
  ASSERT_NE(jammy, nullptr);
  EXPECT_EQ(jammy->series, "jammy");
  EXPECT_EQ(jammy->eol, day("2027-06-01"));
  EXPECT_EQ(jammy->eol_server, day("2027-06-01"));
  EXPECT_EQ(jammy->eol_esm, day("2032-04-21"));
  EXPECT_EQ(jammy->eol_legacy, day("2034-04-25"));
}

TEST_F(EolRealData, SupportListsFromDebianSecuritySupport) {
  auto deb12 = store_->support_entries("deb12");
  ASSERT_TRUE(deb12.is_ok());
  size_t ended = 0, limited = 0;
  const SupportEntry* wolfssl = nullptr;
  const SupportEntry* horde = nullptr;
  const SupportEntry* binutils = nullptr;
  for (const SupportEntry& e : *deb12) {
    (e.kind == SupportEntry::Kind::kEnded ? ended : limited)++;
    if (e.package == "wolfssl") wolfssl = &e;
    if (e.package == "php-horde.*") horde = &e;
    if (e.package == "binutils") binutils = &e;
  }
  EXPECT_EQ(ended, 16u);
  EXPECT_EQ(limited, 32u);  // the limited list names no release: it stands for every one
  ASSERT_NE(wolfssl, nullptr);
  EXPECT_EQ(wolfssl->last_version, "5.5.4-2+deb12u2");
  EXPECT_EQ(wolfssl->date, day("2026-06-12"));
  EXPECT_EQ(wolfssl->note,
            "Crypto library difficult to support in the longterm; see: "
            "https://bugs.debian.org/1138294");
  ASSERT_NE(horde, nullptr);
  EXPECT_EQ(horde->last_version, "0");
  EXPECT_EQ(horde->date, day("2025-03-22"));
  ASSERT_NE(binutils, nullptr);
  EXPECT_EQ(binutils->kind, SupportEntry::Kind::kLimited);

  auto deb11 = store_->support_entries("deb11");  // "none yet"
  ASSERT_TRUE(deb11.is_ok());
  EXPECT_TRUE(std::all_of(deb11->begin(), deb11->end(), [](const SupportEntry& e) {
    return e.kind == SupportEntry::Kind::kLimited;
  }));
}

TEST_F(EolRealData, EvaluatesOnAPinnedDay) {
  const Date today = day("2026-11-27");
  Evaluator evaluator(*store_, store_.get());

  inventory::OsRelease bookworm;
  bookworm.id = "debian";
  bookworm.version_id = "12";
  bookworm.version_codename = "bookworm";
  auto os = evaluator.assess_os(bookworm, today);
  ASSERT_TRUE(os.is_ok());
  EXPECT_EQ(os->status, SupportStatus::kExtended);
  EXPECT_EQ(os->source, "distro-info-data debian 12");
  EXPECT_EQ(os->support_end, day("2026-07-11"));
  EXPECT_EQ(os->extended_end, day("2028-06-30"));
  EXPECT_EQ(os->detail,
            "regular security support ended 2026-07-11; LTS until 2028-06-30 (in 581 days); paid "
            "ELTS until 2033-06-30");

  inventory::OsRelease jammy;
  jammy.id = "ubuntu";
  jammy.version_id = "22.04";
  os = evaluator.assess_os(jammy, today);
  ASSERT_TRUE(os.is_ok());
  EXPECT_EQ(os->status, SupportStatus::kSupported);
  EXPECT_EQ(os->support_end, day("2027-06-01"));

  // Other distributions through their endoflife.date product.
  inventory::OsRelease alpine;
  alpine.id = "alpine";
  alpine.version_id = "3.10.4";
  os = evaluator.assess_os(alpine, today);
  ASSERT_TRUE(os.is_ok());
  EXPECT_EQ(os->source, "endoflife.date alpine-linux 3.10");
  EXPECT_EQ(os->status, SupportStatus::kEndOfLife);

  // Debian's python3.11: upstream's cycle 3.11 through the identifiers' purl.
  inventory::Component python;
  python.ecosystem = "Debian:12";
  python.name = "python3.11-minimal";
  python.source_name = "python3.11";
  python.version = "3.11.2-6+deb12u6";
  python.purl = "pkg:deb/debian/python3.11-minimal@3.11.2-6%2Bdeb12u6?arch=amd64&distro=debian-12";
  auto all = evaluator.assess(python, today);
  ASSERT_TRUE(all.is_ok()) << all.status().message();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].source, "endoflife.date python 3.11");
  EXPECT_EQ((*all)[0].status, SupportStatus::kSupported);
  EXPECT_EQ((*all)[0].support_end, day("2027-10-31"));
  EXPECT_TRUE((*all)[0].upstream_only);

  // wolfssl in bookworm: support ended 2026-06-12 (security-support-ended.deb12).
  inventory::Component wolfssl;
  wolfssl.ecosystem = "Debian:12";
  wolfssl.name = "libwolfssl35";
  wolfssl.source_name = "wolfssl";
  wolfssl.version = "5.5.4-2+deb12u2";
  wolfssl.purl = "pkg:deb/debian/libwolfssl35@5.5.4-2%2Bdeb12u2?distro=debian-12";
  all = evaluator.assess(wolfssl, today);
  ASSERT_TRUE(all.is_ok());
  ASSERT_FALSE(all->empty());
  EXPECT_EQ((*all)[0].status, SupportStatus::kSecurityEnded);
  EXPECT_EQ((*all)[0].source, "debian-security-support deb12");
  EXPECT_EQ((*all)[0].support_end, day("2026-06-12"));

  // RustSec: libusb is unmaintained below 0.3.1 (RUSTSEC-2016-0004).
  inventory::Component libusb;
  libusb.ecosystem = "crates.io";
  libusb.name = "libusb";
  libusb.version = "0.3.0";
  libusb.purl = "pkg:cargo/libusb@0.3.0";
  all = evaluator.assess(libusb, today);
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].status, SupportStatus::kUnmaintained);
  EXPECT_EQ((*all)[0].source, "RUSTSEC-2016-0004");
  libusb.version = "0.3.1";
  all = evaluator.assess(libusb, today);
  ASSERT_TRUE(all.is_ok());
  EXPECT_TRUE(all->empty());
}

// ---------------------------------------------------------------------------------------------
// This machine.

// The row of `version_id` in a distro-info-data table, read here without the parser under test:
// column name -> value.
std::map<std::string, std::string> csv_row(const std::string& text, const std::string& version_id) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::istringstream h(line); std::getline(h, line, ',');)
    header.push_back(line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::istringstream f(line);
    for (std::string v; std::getline(f, v, ',');)
      fields.push_back(v);
    if (fields.empty() || fields[0].substr(0, fields[0].find(' ')) != version_id) continue;
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < fields.size() && i < header.size(); ++i)
      row[header[i]] = fields[i];
    return row;
  }
  return {};
}

TEST_F(EolRealData, ThisMachinesOsReleaseHasTodaysStatus) {
  std::string text = read_host_file("/etc/os-release");
  if (text.empty()) text = read_host_file("/usr/lib/os-release");
  const inventory::OsRelease host = inventory::parse_os_release(text);
  if ((host.id != "debian" && host.id != "ubuntu") || host.version_id.empty()) {
    GTEST_SKIP() << "not a Debian or Ubuntu release: " << host.pretty_name;
  }
  const auto row =
      csv_row(read_host_file(data_ + "/eol/distro-info-data/" + host.id + ".csv"), host.version_id);
  ASSERT_FALSE(row.empty()) << host.id << " " << host.version_id << " not in distro-info-data";

  // The oracle: the phases as the table's columns give them.
  const Date today = day_of(std::chrono::system_clock::now());
  Date regular = day(row.at("eol").c_str());
  if (host.id == "ubuntu" && row.count("eol-server") && !row.at("eol-server").empty()) {
    regular = std::max(regular, day(row.at("eol-server").c_str()));
  }
  const std::string ext_column = host.id == "debian" ? "eol-lts" : "eol-esm";
  const std::optional<Date> extended = row.count(ext_column) && !row.at(ext_column).empty()
                                           ? std::optional<Date>(day(row.at(ext_column).c_str()))
                                           : std::nullopt;
  SupportStatus expected;
  if (today < regular) {
    expected =
        (regular - today).count() <= 90 ? SupportStatus::kEndsSoon : SupportStatus::kSupported;
  } else if (extended && today < *extended) {
    expected =
        (*extended - today).count() <= 90 ? SupportStatus::kEndsSoon : SupportStatus::kExtended;
  } else {
    expected = SupportStatus::kEndOfLife;
  }

  Evaluator evaluator(*store_, nullptr);
  auto a = evaluator.assess_os(host, today);
  ASSERT_TRUE(a.is_ok()) << a.status().message();
  EXPECT_EQ(a->status, expected) << status_name(a->status) << " vs " << status_name(expected)
                                 << ": " << a->detail;
  EXPECT_EQ(a->source, "distro-info-data " + host.id + " " + host.version_id);
  EXPECT_EQ(a->support_end, regular);
  EXPECT_EQ(a->extended_end, extended);
  std::cout << "this machine (" << host.pretty_name << ", " << format_date(today)
            << "): " << status_name(a->status) << ": " << a->detail << "\n";
}

// Source packages of the installed packages of a dpkg status file, read here without the
// extractor under test.
std::set<std::string> installed_sources(const std::string& status) {
  std::set<std::string> out;
  std::istringstream in(status + "\n\n");
  std::string line, package, source;
  bool installed = false;
  while (std::getline(in, line)) {
    if (line.empty()) {
      if (installed && !package.empty()) out.insert(source.empty() ? package : source);
      package.clear();
      source.clear();
      installed = false;
    } else if (line.rfind("Package: ", 0) == 0) {
      package = line.substr(9);
    } else if (line.rfind("Source: ", 0) == 0) {
      source = line.substr(8, line.find(' ', 8) - 8);
    } else if (line.rfind("Status: ", 0) == 0) {
      installed = line.find(" installed") != std::string::npos;
    }
  }
  return out;
}

TEST_F(EolRealData, RuntimesOfThisMachinesDpkgDatabase) {
  const std::string path = "/var/lib/dpkg/status";
  const std::string status = read_host_file(path);
  if (status.empty()) GTEST_SKIP() << "no " << path;
  std::string release = read_host_file("/etc/os-release");
  const inventory::OsRelease os = inventory::parse_os_release(release);
  const auto extracted = upkeep::testing::run_extractor_on_file("dpkg-status", path, &os);
  inventory::Inventory inv;
  inv.components = extracted.components;
  ASSERT_FALSE(inv.components.empty()) << extracted.warnings_text();

  // The oracle: which runtimes the installed source packages are.
  std::map<std::string, std::set<std::string>> expected;  // runtime -> source packages
  for (const std::string& s : installed_sources(status)) {
    const auto versioned = [&](const std::string& prefix) {
      if (s.rfind(prefix, 0) != 0 || s.size() == prefix.size()) return false;
      return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(prefix.size()), s.end(),
                         [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
             std::isdigit(static_cast<unsigned char>(s[prefix.size()]));
    };
    if (versioned("python")) expected["Python"].insert(s);
    if (s == "nodejs") expected["Node.js"].insert(s);
    if (versioned("openjdk-")) expected["OpenJDK"].insert(s);
    if (versioned("postgresql-")) expected["PostgreSQL"].insert(s);
  }
  // The test suite runs on python3, so this machine has a Python.
  ASSERT_FALSE(expected["Python"].empty());

  std::map<std::string, std::set<std::string>> found;
  for (const Runtime& r : detect_runtimes(inv)) {
    if (expected.count(r.name)) found[r.name].insert(r.package);
  }
  EXPECT_EQ(found, expected);

  // And each Python gets its cycle's dates from python.md.
  Evaluator evaluator(*store_, nullptr);
  auto assessed = evaluator.assess_runtimes(inv, day("2026-11-27"));
  ASSERT_TRUE(assessed.is_ok()) << assessed.status().message();
  auto python = store_->product("python");
  ASSERT_TRUE(python.is_ok() && python->has_value());
  size_t pythons = 0;
  for (const RuntimeAssessment& r : *assessed) {
    std::cout << r.runtime.name << " " << r.runtime.version << ": "
              << status_name(r.assessment.status) << " (" << r.assessment.source
              << "): " << r.assessment.detail << "\n";
    if (r.runtime.name != "Python") continue;
    ++pythons;
    const std::string cycle = r.runtime.package.substr(6);  // python3.11 -> 3.11
    const ReleaseCycle* c = find_cycle(**python, cycle);
    ASSERT_NE(c, nullptr) << cycle;
    EXPECT_EQ(r.assessment.source, "endoflife.date python " + cycle);
    EXPECT_EQ(r.assessment.cycle, cycle);
    if (c->eol.is_date()) {
      EXPECT_EQ(r.assessment.support_end, c->eol.date);
    }
    EXPECT_TRUE(r.assessment.upstream_only);
  }
  EXPECT_GE(pythons, expected["Python"].size());
}

}  // namespace
}  // namespace upkeep::eol
