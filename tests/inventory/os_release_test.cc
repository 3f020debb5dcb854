// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::read_host_file;

OsRelease load(const std::string& name) {
  const std::string text = read_host_file(UPKEEP_FIXTURE_DIR "/os-release/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return parse_os_release(text);
}

struct Case {
  const char* file;
  const char* id;
  const char* version_id;
  std::vector<std::string> id_like;
  const char* osv_ecosystem;
  const char* purl_distro;
};

// os-release files as the distributions ship them (tests/fixtures/os-release/).
TEST(OsRelease, Distributions) {
  const std::vector<Case> cases = {
      {"debian-12", "debian", "12", {}, "Debian:12", "debian-12"},
      {"debian-testing", "debian", "", {}, "Debian:13", "debian-trixie"},
      {"distroless-static", "debian", "12", {}, "Debian:12", "debian-12"},
      {"ubuntu-20.04", "ubuntu", "20.04", {"debian"}, "Ubuntu:20.04:LTS", "ubuntu-20.04"},
      {"ubuntu-22.04", "ubuntu", "22.04", {"debian"}, "Ubuntu:22.04:LTS", "ubuntu-22.04"},
      {"ubuntu-23.10", "ubuntu", "23.10", {"debian"}, "Ubuntu:23.10", "ubuntu-23.10"},
      {"ubuntu-24.04", "ubuntu", "24.04", {"debian"}, "Ubuntu:24.04:LTS", "ubuntu-24.04"},
      {"alpine-3.19", "alpine", "3.19.1", {}, "Alpine:v3.19", "alpine-3.19.1"},
      {"alpine-edge",
       "alpine",
       "3.21.0_alpha20240923",
       {},
       "Alpine:v3.21",
       "alpine-3.21.0_alpha20240923"},
      {"almalinux-9.3",
       "almalinux",
       "9.3",
       {"rhel", "centos", "fedora"},
       "AlmaLinux:9",
       "almalinux-9.3"},
      {"rocky-8.9", "rocky", "8.9", {"rhel", "centos", "fedora"}, "Rocky Linux:8", "rocky-8.9"},
      {"rhel-9.4", "rhel", "9.4", {"fedora"}, "Red Hat", "rhel-9.4"},
      {"fedora-40", "fedora", "40", {}, "", "fedora-40"},
      {"sles-15.5", "sles", "15.5", {"suse"}, "SUSE:Linux Enterprise Server 15 SP5", "sles-15.5"},
      {"opensuse-leap-15.5",
       "opensuse-leap",
       "15.5",
       {"suse", "opensuse"},
       "openSUSE:Leap 15.5",
       "opensuse-leap-15.5"},
      {"opensuse-tumbleweed",
       "opensuse-tumbleweed",
       "20240501",
       {"opensuse", "suse"},
       "openSUSE:Tumbleweed",
       "opensuse-tumbleweed-20240501"},
      {"wolfi", "wolfi", "20230201", {}, "Wolfi", "wolfi-20230201"},
      {"chainguard", "chainguard", "20230214", {}, "Chainguard", "chainguard-20230214"},
      {"photon-5", "photon", "5.0", {}, "Photon OS:5.0", "photon-5.0"},
      {"azurelinux-3", "azurelinux", "3.0", {}, "Azure Linux:3", "azurelinux-3.0"},
      {"mageia-9", "mageia", "9", {"mandriva", "fedora"}, "Mageia:9", "mageia-9"},
      {"openeuler-22.03", "openeuler", "22.03", {}, "openEuler:22.03-LTS-SP1", "openeuler-22.03"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    const OsRelease os = load(c.file);
    EXPECT_EQ(os.id, c.id);
    EXPECT_EQ(os.version_id, c.version_id);
    EXPECT_EQ(os.id_like, c.id_like);
    EXPECT_EQ(os.osv_ecosystem(), c.osv_ecosystem);
    EXPECT_EQ(os.purl_distro(), c.purl_distro);
  }
}

TEST(OsRelease, NamesAndCodenames) {
  const OsRelease debian = load("debian-12");
  EXPECT_EQ(debian.name, "Debian GNU/Linux");
  EXPECT_EQ(debian.pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(debian.version, "12 (bookworm)");
  EXPECT_EQ(debian.version_codename, "bookworm");
  EXPECT_EQ(load("fedora-40").version_codename, "");  // VERSION_CODENAME=""
}

TEST(OsRelease, ShellQuoting) {
  // CRLF line ends, blank and comment lines, leading blanks, a line that is not KEY=value, single
  // quotes (nothing escaped), double quotes (only \" \\ \$ \` escaped), an empty value and an
  // unterminated quote (kept as written).
  const OsRelease os = load("quoting");
  EXPECT_EQ(os.id, "debian");
  EXPECT_EQ(os.version_id, "11");  // ' 11 ': identifiers have no blanks
  EXPECT_EQ(os.name, "Debian \"GNU\"/Linux \\ $HOME `x` \\n");
  EXPECT_EQ(os.id_like, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(os.pretty_name, "");
  EXPECT_EQ(os.version_codename, "\"unterminated");
  EXPECT_EQ(os.osv_ecosystem(), "Debian:11");
}

TEST(OsRelease, SmallCases) {
  EXPECT_EQ(parse_os_release("ID=Ubuntu\nVERSION_ID=22.04").id, "ubuntu");  // lower-cased
  EXPECT_EQ(parse_os_release("ID=debian\nID=alpine\n").id, "alpine");       // the last one wins
  EXPECT_EQ(parse_os_release("ID='x y'\n").id, "x y");
  EXPECT_EQ(parse_os_release("NAME=\"a=b\"\n").name, "a=b");  // split at the first '='
  EXPECT_EQ(parse_os_release("").id, "");
  EXPECT_EQ(parse_os_release("=\n=x\nID\n").id, "");
  EXPECT_EQ(parse_os_release("NAME=\"\"\n").name, "");
  EXPECT_EQ(parse_os_release("NAME='\"'\n").name, "\"");
  EXPECT_EQ(parse_os_release("NAME=\"\\\"\"\n").name, "\"");
}

TEST(OsRelease, EcosystemEdges) {
  auto eco = [](const std::string& text) { return parse_os_release(text).osv_ecosystem(); };
  EXPECT_EQ(eco("ID=ubuntu\nVERSION_ID=18.04\n"), "Ubuntu:18.04:LTS");
  EXPECT_EQ(eco("ID=ubuntu\nVERSION_ID=16.04\n"), "Ubuntu:16.04:LTS");
  EXPECT_EQ(eco("ID=ubuntu\nVERSION_ID=25.04\n"), "Ubuntu:25.04");  // odd year: not LTS
  EXPECT_EQ(eco("ID=ubuntu\nVERSION_ID=24.10\n"), "Ubuntu:24.10");
  EXPECT_EQ(eco("ID=ubuntu\n"), "Ubuntu");
  EXPECT_EQ(eco("ID=debian\nVERSION_CODENAME=sid\n"), "Debian");  // no number to give
  EXPECT_EQ(eco("ID=debian\nVERSION_ID=10\nVERSION_CODENAME=bookworm\n"), "Debian:10");
  EXPECT_EQ(eco("ID=debian\nVERSION_ID=\"11.9\"\n"), "Debian:11");
  EXPECT_EQ(eco("ID=alpine\n"), "Alpine");
  EXPECT_EQ(eco("ID=alpine\nVERSION_ID=3.20\n"), "Alpine:v3.20");
  EXPECT_EQ(eco("ID=almalinux\n"), "AlmaLinux");  // no trailing ':'
  EXPECT_EQ(eco("ID=rocky\nVERSION_ID=9\n"), "Rocky Linux:9");
  EXPECT_EQ(eco("ID=photon\n"), "Photon OS");
  EXPECT_EQ(eco("ID=openEuler\nVERSION_ID=24.03\nVERSION=\"24.03 (LTS)\"\n"),
            "openEuler:24.03-LTS");
  EXPECT_EQ(eco("ID=openEuler\nVERSION_ID=24.03\n"), "openEuler:24.03");
  EXPECT_EQ(eco("ID=mariner\nVERSION_ID=2.0\n"), "Mariner:2");
  for (const char* none : {"ID=fedora\n", "ID=centos\n", "ID=amzn\n", "ID=arch\n", "ID=ol\n",
                           "ID=raspbian\nVERSION_ID=12\nID_LIKE=debian\n", "ID=linuxmint\n", ""}) {
    EXPECT_EQ(eco(none), "") << none;
  }
}

TEST(OsRelease, PurlDistro) {
  EXPECT_EQ(parse_os_release("ID=debian\nVERSION_CODENAME=trixie\n").purl_distro(),
            "debian-trixie");
  EXPECT_EQ(parse_os_release("ID=arch\n").purl_distro(), "arch");
  EXPECT_EQ(parse_os_release("VERSION_ID=1\n").purl_distro(), "");
}

TEST(OsRelease, ReadFromARootFileSystem) {
  MemoryFs fs;
  EXPECT_FALSE(read_os_release(fs).has_value());
  fs.add_file("/usr/lib/os-release", "ID=alpine\nVERSION_ID=3.19.1\n");
  auto os = read_os_release(fs);
  ASSERT_TRUE(os.has_value());
  EXPECT_EQ(os->id, "alpine");
  // /etc/os-release first; usually a link into /usr/lib, resolved inside the root.
  fs.add_symlink("/etc/os-release", "../usr/lib/os-release");
  EXPECT_EQ(read_os_release(fs)->id, "alpine");
  fs.add_file("/etc/os-release", "ID=debian\n");
  EXPECT_EQ(read_os_release(fs)->id, "debian");
  // An absolute link resolves inside the root too, not to the host's file.
  MemoryFs other;
  other.add_symlink("/etc/os-release", "/usr/lib/os-release");
  other.add_file("/usr/lib/os-release", "ID=wolfi\n");
  EXPECT_EQ(read_os_release(other)->id, "wolfi");
}

}  // namespace
}  // namespace upkeep::inventory
