// SPDX-License-Identifier: Apache-2.0
//
// On the machine running the tests: pending_security_updates on "/" agrees with apt itself,
//   apt list --upgradable 2>/dev/null | grep -- -security
// package for package (name and architecture) and version for version. Skipped where this is
// not a Debian or Ubuntu host, where apt is missing, or where no security lists exist.
//
// Where the two may differ, by design: apt lists the *candidate* version, and when another
// suite of the same priority has a version newer still (a point release that folded the fix
// in), the candidate comes from that suite and apt's line does not say "-security". Such a
// package still has a security update pending; the test accepts it only when apt lists it as
// upgradable to a version at least as high as the security one.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "support/inventory_testing.h"
#include "upkeep/debian_security.h"
#include "upkeep/version.h"

namespace upkeep::debian_security {
namespace {

std::string run(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe.get())) > 0)
    out.append(buf, n);
  return out;
}

struct AptLine {
  std::string suites;
  std::string version;
};

// "libssl3/oldstable-security 3.0.17-1~deb12u3 amd64 [upgradable from: 3.0.15-1~deb12u1]"
std::map<std::pair<std::string, std::string>, AptLine> apt_upgradable() {
  std::map<std::pair<std::string, std::string>, AptLine> out;
  std::istringstream in(run("apt list --upgradable 2>/dev/null"));
  std::string line;
  while (std::getline(in, line)) {
    size_t slash = line.find('/');
    if (slash == std::string::npos || line.find("[upgradable from:") == std::string::npos) {
      continue;
    }
    std::istringstream fields(line.substr(slash + 1));
    AptLine a;
    std::string arch;
    fields >> a.suites >> a.version >> arch;
    out[{line.substr(0, slash), arch}] = a;
  }
  return out;
}

TEST(HostApt, PendingSecurityUpdatesAgreeWithAptList) {
  auto root = open_directory_fs("/");
  ASSERT_TRUE(root.is_ok());
  auto os = inventory::read_os_release(**root);
  if (!os || (os->id != "debian" && os->id != "ubuntu")) {
    GTEST_SKIP() << "not a Debian or Ubuntu host";
  }
  if (run("command -v apt").empty()) GTEST_SKIP() << "no apt";

  inventory::Inventory inv;
  auto extracted = testing::run_extractor("dpkg-status", **root, "/var/lib/dpkg/status", &*os);
  inv.components = std::move(extracted.components);
  std::vector<inventory::Diagnostic> warnings;
  PendingReport report;
  auto findings = pending_security_updates(**root, inv, warnings, {}, &report);
  ASSERT_TRUE(findings.is_ok()) << findings.status().message();
  if (report.packages_files.empty()) GTEST_SKIP() << "no security suite in the apt lists";
  for (const auto& w : warnings)
    ADD_FAILURE() << w.to_string();

  std::map<std::pair<std::string, std::string>, std::string> ours;
  for (const auto& f : *findings) {
    const auto& c = inv.components[f.component];
    ours[{c.name, c.arch}] = f.fixed_version;
  }
  auto apt = apt_upgradable();
  const version::Scheme* deb = version::find_scheme("deb");
  size_t agreed = 0, newer_elsewhere = 0, apt_security = 0;
  for (const auto& [key, line] : apt) {
    if (line.suites.find("-security") == std::string::npos) continue;
    ++apt_security;
    auto it = ours.find(key);
    if (it == ours.end()) {
      ADD_FAILURE() << "apt lists " << key.first << ":" << key.second << " " << line.version
                    << " from " << line.suites << "; upkeep has no pending update";
      continue;
    }
    EXPECT_EQ(it->second, line.version) << key.first << ":" << key.second;
    if (it->second == line.version) ++agreed;
  }
  for (const auto& [key, fixed] : ours) {
    auto it = apt.find(key);
    if (it != apt.end() && it->second.suites.find("-security") != std::string::npos) continue;
    // Pending in security, but apt's candidate is elsewhere: it must be at least as new.
    ASSERT_NE(it, apt.end()) << "upkeep reports " << key.first << ":" << key.second << " " << fixed
                             << "; apt lists no upgrade";
    auto order = deb->try_compare(it->second.version, fixed);
    ASSERT_TRUE(order.has_value());
    EXPECT_TRUE(*order > 0) << key.first << ": apt's candidate " << it->second.version << " from "
                            << it->second.suites << ", security " << fixed;
    ++newer_elsewhere;
    std::printf("host: %s:%s pending in security at %s; apt's candidate %s from %s\n",
                key.first.c_str(), key.second.c_str(), fixed.c_str(), it->second.version.c_str(),
                it->second.suites.c_str());
  }
  std::printf(
      "host: %zu security index(es), %zu index packages, %zu installed packages compared; "
      "apt lists %zu security upgrades, upkeep agrees on %zu (name, arch, version); "
      "%zu more pending in security with apt's candidate newer elsewhere; %zu findings\n",
      report.packages_files.size(), report.index_packages, report.installed_compared, apt_security,
      agreed, newer_elsewhere, findings->size());
}

}  // namespace
}  // namespace upkeep::debian_security
