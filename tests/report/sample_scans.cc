// SPDX-License-Identifier: Apache-2.0
#include "report/sample_scans.h"

#include <stdexcept>

#include "report/sample_inventories.h"

namespace upkeep::testing {
namespace {

using match::ComponentAdvice;
using match::Finding;
using report::ScanResult;

// 2023-11-14T22:13:20Z, the time every sample is rendered at.
constexpr int64_t kNow = 1700000000;
constexpr int64_t kDay = 86400;

ComponentAdvice upgrade(size_t component, std::string to) {
  return ComponentAdvice{component, ComponentAdvice::Kind::kUpgrade, std::move(to), {}};
}
ComponentAdvice no_fix(size_t component) {
  return ComponentAdvice{component, ComponentAdvice::Kind::kNoFix, "", {}};
}

size_t index_of(const inventory::Inventory& inv, std::string_view name,
                std::string_view location = {}, std::string_view arch = {}) {
  for (size_t i = 0; i < inv.components.size(); ++i) {
    const auto& c = inv.components[i];
    if (c.name == name && (location.empty() || c.location == location) &&
        (arch.empty() || c.arch == arch)) {
      return i;
    }
  }
  throw std::invalid_argument("no component " + std::string(name));
}

Finding finding(size_t component, std::vector<std::string> ids, std::vector<std::string> records,
                std::string summary, std::string fixed) {
  Finding f;
  f.component = component;
  f.ids = std::move(ids);
  f.records = std::move(records);
  f.sources = {"osv"};
  f.summary = std::move(summary);
  f.fixed_version = std::move(fixed);
  return f;
}

report::DatabaseInfo database(int64_t age_days) {
  report::DatabaseInfo db;
  db.path = "/home/user/.cache/upkeep/advisories.db";
  const int64_t t = kNow - age_days * kDay - 3600;
  db.sources = {{"epss", 296311, t + 600},
                {"kev", 1050, t + 300},
                {"osv:Debian:12", 41873, t},
                {"osv:Maven", 5291, t},
                {"osv:PyPI", 14380, t}};
  db.updated = t;
  return db;
}

ScanResult mixed() {
  ScanResult scan;
  scan.inventory = sample_inventory("mixed");
  const auto& inv = scan.inventory;
  const size_t django = index_of(inv, "Django");
  const size_t nashorn = index_of(inv, "org.openjdk:nashorn-core");
  const size_t rails = index_of(inv, "rails");
  const size_t lodash_lock = index_of(inv, "lodash", "./app/package-lock.json");
  const size_t lodash_installed = index_of(inv, "lodash", "./app/node_modules/lodash/package.json");
  const size_t newtonsoft = index_of(inv, "Newtonsoft.Json");
  const size_t serde = index_of(inv, "serde");
  auto& fs = scan.findings;

  // Unsorted on purpose: the renderers sort.
  Finding d1 =
      finding(django, {"CVE-2024-38875", "GHSA-qg2p-9jwr-mmqf", "PYSEC-2024-56"},
              {"GHSA-qg2p-9jwr-mmqf", "PYSEC-2024-56"},
              "Django vulnerable to denial-of-service via urlize() and urlizetrunc()", "5.0.7");
  d1.sources = {"osv", "pypa"};
  d1.cvss_score = 7.5;
  d1.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
  d1.rating = "high";
  d1.epss = 0.00043;
  d1.epss_percentile = 0.1093;
  fs.push_back(d1);

  Finding d2 = finding(django, {"CVE-2024-39614", "GHSA-f6f8-9mx6-9mx2"}, {"GHSA-f6f8-9mx6-9mx2"},
                       "Django denial-of-service in get_supported_language_variant()", "5.0.7");
  d2.rating = "moderate";  // GitHub's label, no vector
  fs.push_back(d2);

  Finding n1 = finding(nashorn, {"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}, {"GHSA-jfh8-c2jp-5v3q"},
                       "Remote code injection in Log4j", "15.5");
  n1.cvss_score = 10.0;
  n1.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  n1.rating = "critical";
  n1.kev = true;
  n1.kev_due_date = "2021-12-24";
  n1.epss = 0.97565;
  n1.epss_percentile = 0.99999;
  fs.push_back(n1);

  Finding r1 = finding(rails, {"CVE-2024-26143", "GHSA-9822-6m93-xqf4"}, {"GHSA-9822-6m93-xqf4"},
                       "Rails has possible XSS Vulnerability in Action Controller", "7.1.3.1");
  r1.cvss_score = 6.9;
  r1.cvss_vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N";
  r1.rating = "medium";
  fs.push_back(r1);

  // One vulnerability, two occurrences of the package: a VEX statement covers the lockfile's,
  // not the installed copy's.
  Finding l1 = finding(lodash_lock, {"CVE-2020-8203", "GHSA-p6mc-m468-83gw"},
                       {"GHSA-p6mc-m468-83gw"}, "Prototype Pollution in lodash", "");
  l1.cvss_score = 7.4;
  l1.cvss_vector = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H";
  l1.rating = "high";
  Finding l2 = l1;
  l2.component = lodash_installed;
  l1.suppressed = true;
  l1.suppression_status = "not_affected";
  l1.suppression_source = "vex/app.openvex.json#statement-1";
  l1.suppression_reason = "vulnerable_code_not_in_execute_path: zipObjectDeep is never called";
  fs.push_back(l2);
  fs.push_back(l1);

  Finding j1 = finding(newtonsoft, {"GHSA-5crp-9r3c-p9vr"}, {"GHSA-5crp-9r3c-p9vr"},
                       "Improper Handling of Exceptional Conditions in Newtonsoft.Json", "13.0.4");
  j1.cvss_score = 7.5;
  j1.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
  j1.suppressed = true;
  j1.suppression_status = "ignored";
  j1.suppression_source = ".upkeep-ignore:3";
  j1.suppression_reason = "internal tool, accepted until 2024-06-30";
  fs.push_back(j1);

  Finding s1 = finding(serde, {"RUSTSEC-2023-0999"}, {"RUSTSEC-2023-0999"},
                       "Unsound deserialization of untagged enums", "");
  fs.push_back(s1);  // no rating and no score: unknown severity

  scan.advice = {upgrade(django, "5.0.7"), upgrade(nashorn, "15.5"), upgrade(rails, "7.1.3.1"),
                 no_fix(lodash_installed), no_fix(serde)};
  scan.database = database(2);
  return scan;
}

ScanResult debian_host() {
  ScanResult scan;
  scan.inventory = sample_inventory("debian-host");
  const auto& inv = scan.inventory;
  // Distribution findings, by source package: openssl's for libssl3 and openssl, glibc's for
  // both architectures of libc6.
  for (std::string_view name : {"libssl3", "openssl"}) {
    Finding f = finding(index_of(inv, name), {"CVE-2023-5678", "DSA-5585-1"}, {"DSA-5585-1"},
                        "openssl: Generating excessively long X9.42 DH keys or checking them may "
                        "be very slow",
                        "3.0.13-1~deb12u1");
    f.sources = {"debian-archive", "osv"};
    f.cvss_score = 5.3;
    f.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L";
    f.rating = "medium";
    f.epss = 0.00213;
    f.epss_percentile = 0.59;
    scan.findings.push_back(f);
    scan.advice.push_back(upgrade(f.component, "3.0.13-1~deb12u1"));
  }
  for (std::string_view arch : {"amd64", "i386"}) {
    const size_t libc = index_of(inv, "libc6", "", arch);
    Finding f =
        finding(libc, {"CVE-2023-6246", "DSA-5611-1"}, {"DSA-5611-1"},
                "glibc: heap-based buffer overflow in __vsyslog_internal()", "2.36-9+deb12u7");
    f.sources = {"debian-archive"};
    f.cvss_score = 7.8;
    f.cvss_vector = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H";
    f.rating = "high";
    scan.findings.push_back(f);
    Finding g = finding(libc, {"CVE-2023-4911", "DSA-5514-1"}, {"DSA-5514-1"},
                        "glibc: buffer overflow in ld.so leading to privilege escalation",
                        "2.36-9+deb12u5");
    g.sources = {"debian-archive", "osv"};
    g.rating = "high";
    g.cvss_score = 7.8;
    g.cvss_vector = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H";
    g.kev = true;
    g.kev_due_date = "2023-12-12";
    scan.findings.push_back(g);
    scan.advice.push_back(upgrade(libc, "2.36-9+deb12u7"));
  }
  scan.database = database(9);
  scan.warnings = {"the advisory database is 9 days old (warning past 7 days; scan fails past 30)"};
  return scan;
}

ScanResult hostile() {
  ScanResult scan;
  scan.inventory = sample_inventory("hostile");
  const std::string evil =
      "<script>alert('x')</script> \"quoted\" & | pipe | `tick` *star* _under_ @octocat "
      "[link](javascript:alert(1)) </details></td> \x1b[31mred\x1b[0m \xff\xfe\xc2\x9b end";
  for (size_t i = 0; i < scan.inventory.components.size(); ++i) {
    Finding f = finding(i, {"CVE-<img src=x onerror=alert(1)>", "GHSA-\"quote\"|pipe"},
                        {"OSV-\x1b]0;title\x07"}, evil, "1.0.1\"><b>bold</b>");
    f.sources = {"osv", "<source>"};
    f.cvss_score = 9.1;
    f.cvss_vector = "CVSS:3.1/<vector>";
    f.rating = i % 2 == 0 ? "CRITICAL" : "nonsense";
    f.kev = i == 0;
    f.kev_due_date = "<2024-01-01>";
    if (i == 1) {
      f.suppressed = true;
      f.suppression_status = "false_positive";
      f.suppression_source = "<vex>.json";
      f.suppression_reason = evil;
    }
    scan.findings.push_back(f);
    scan.advice.push_back(upgrade(i, "<b>2</b>|x"));
  }
  scan.database = database(1);
  scan.database.path = "/tmp/<db>\"&'.sqlite";
  scan.database.sources[0].name = "<img src=x>";
  scan.warnings = {evil};
  return scan;
}

}  // namespace

std::vector<SampleScan> sample_scans() {
  std::vector<SampleScan> out;
  ScanResult empty;
  empty.inventory = sample_inventory("empty");
  out.push_back({"empty", std::move(empty)});
  ScanResult clean;
  clean.inventory = sample_inventory("image");
  clean.database = database(0);
  out.push_back({"clean", std::move(clean)});
  out.push_back({"mixed", mixed()});
  out.push_back({"debian-host", debian_host()});
  out.push_back({"hostile", hostile()});
  return out;
}

report::ScanResult sample_scan(std::string_view name) {
  for (auto& s : sample_scans()) {
    if (s.name == name) return std::move(s.scan);
  }
  throw std::invalid_argument("no sample scan " + std::string(name));
}

report::ReportOptions sample_scan_options() {
  report::ReportOptions o;
  o.tool_version = "0.1.0";
  o.timestamp = kNow;
  return o;
}

}  // namespace upkeep::testing
