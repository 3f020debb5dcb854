// SPDX-License-Identifier: Apache-2.0
//
// The OSV ecosystem and purl distro qualifier of the distributions whose package databases are
// read. Ecosystem spellings: ossf/osv-schema ecosystems.json.
#include <gtest/gtest.h>

#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

std::string ecosystem(const std::string& os_release) {
  return parse_os_release(os_release).osv_ecosystem();
}

TEST(OsRelease, DebianUbuntuAlpine) {
  EXPECT_EQ(ecosystem("ID=debian\nVERSION_ID=\"12\"\n"), "Debian:12");
  EXPECT_EQ(ecosystem("ID=ubuntu\nVERSION_ID=\"22.04\"\n"), "Ubuntu:22.04:LTS");
  EXPECT_EQ(ecosystem("ID=ubuntu\nVERSION_ID=\"23.10\"\n"), "Ubuntu:23.10");
  EXPECT_EQ(ecosystem("ID=alpine\nVERSION_ID=3.19.1\n"), "Alpine:v3.19");
}

TEST(OsRelease, RpmDistributions) {
  EXPECT_EQ(ecosystem("ID=\"almalinux\"\nVERSION_ID=\"9.3\"\n"), "AlmaLinux:9");
  EXPECT_EQ(ecosystem("ID=\"rocky\"\nVERSION_ID=\"8.9\"\n"), "Rocky Linux:8");
  EXPECT_EQ(ecosystem("ID=\"rhel\"\nVERSION_ID=\"9.3\"\n"), "Red Hat");
  // OSV has no ecosystem for these.
  EXPECT_EQ(ecosystem("ID=\"amzn\"\nVERSION_ID=\"2023\"\n"), "");
  EXPECT_EQ(ecosystem("ID=fedora\nVERSION_ID=40\n"), "");
  EXPECT_EQ(ecosystem("ID=\"centos\"\nVERSION_ID=\"7\"\n"), "");
}

// SUSE and openSUSE: "<family>:" and the rest of PRETTY_NAME, the product's marketing name.
TEST(OsRelease, SuseNamesItsReleasesByPrettyName) {
  EXPECT_EQ(ecosystem("NAME=\"SLES\"\nVERSION_ID=\"15.3\"\n"
                      "PRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP3\"\nID=\"sles\"\n"),
            "SUSE:Linux Enterprise Server 15 SP3");
  // Without PRETTY_NAME, SLES's VERSION_ID "15.3" is service pack 3.
  EXPECT_EQ(ecosystem("ID=\"sles\"\nVERSION_ID=\"15.3\"\n"), "SUSE:Linux Enterprise Server 15 SP3");
  EXPECT_EQ(ecosystem("ID=\"sles\"\nVERSION_ID=\"15\"\n"), "SUSE:Linux Enterprise Server 15");
  EXPECT_EQ(ecosystem("ID=\"sle-micro\"\nVERSION_ID=\"5.5\"\n"
                      "PRETTY_NAME=\"SUSE Linux Enterprise Micro 5.5\"\n"),
            "SUSE:Linux Enterprise Micro 5.5");
  EXPECT_EQ(ecosystem("ID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\n"
                      "PRETTY_NAME=\"openSUSE Leap 15.5\"\n"),
            "openSUSE:Leap 15.5");
  EXPECT_EQ(ecosystem("ID=\"opensuse-leap\"\nVERSION_ID=\"15.6\"\n"), "openSUSE:Leap 15.6");
  EXPECT_EQ(ecosystem("ID=\"opensuse-tumbleweed\"\nVERSION_ID=\"20240801\"\n"
                      "PRETTY_NAME=\"openSUSE Tumbleweed\"\n"),
            "openSUSE:Tumbleweed");
}

TEST(OsRelease, PurlDistroQualifier) {
  EXPECT_EQ(parse_os_release("ID=debian\nVERSION_ID=\"12\"\n").purl_distro(), "debian-12");
  EXPECT_EQ(parse_os_release("ID=\"amzn\"\nVERSION_ID=\"2023\"\n").purl_distro(), "amzn-2023");
  EXPECT_EQ(parse_os_release("ID=alpine\nVERSION_ID=3.19.1\n").purl_distro(), "alpine-3.19.1");
}

}  // namespace
}  // namespace upkeep::inventory
