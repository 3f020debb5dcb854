// SPDX-License-Identifier: Apache-2.0
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::read_host_file;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;

// ---------------------------------------------------------------------------------------------
// Synthetic executables: enough ELF (or Mach-O fat) structure for the extractor, with the build
// information in the old pointer format that no Go toolchain here can produce any more.

void put(std::string& b, size_t at, uint64_t v, size_t n, bool be) {
  if (b.size() < at + n) b.resize(at + n, '\0');
  for (size_t i = 0; i < n; ++i) {
    b[at + (be ? n - 1 - i : i)] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}
void put_bytes(std::string& b, size_t at, std::string_view s) {
  if (b.size() < at + s.size()) b.resize(at + s.size(), '\0');
  std::copy(s.begin(), s.end(), b.begin() + static_cast<std::ptrdiff_t>(at));
}

constexpr std::string_view kMagic("\xff Go buildinf:", 14);
const std::string kSentinel(16, '\x30');

// The module text Go writes, framed by 16 bytes on each side.
std::string framed_modinfo() {
  return kSentinel +
         "path\texample.com/old\n"
         "mod\texample.com/old\tv0.3.0\th1:x=\n"
         "dep\tgolang.org/x/text\tv0.3.7\th1:y=\n"
         "dep\texample.com/was\tv1.0.0\n"
         "=>\texample.com/now\tv1.0.1\th1:z=\n"
         "build\tGOARCH=mips\n" +
         kSentinel;
}

// An ELF with a read-only segment at file offset 0 (VA 0x400000) and a read-write one at 0x1000
// (VA 0x401000), the pointer-format header at the start of the read-write one. A decoy header
// (inline format, "go9.9.9") sits in the read-only segment, where Go never puts it.
std::string old_format_elf(bool is64, bool be) {
  std::string b(0x2000, '\0');
  const size_t ptr = is64 ? 8 : 4;
  put_bytes(b, 0,
            "\x7f"
            "ELF");
  b[4] = is64 ? 2 : 1;
  b[5] = be ? 2 : 1;
  b[6] = 1;
  const size_t phoff = is64 ? 64 : 52, phentsize = is64 ? 56 : 32;
  if (is64) {
    put(b, 0x20, phoff, 8, be);
    put(b, 0x36, phentsize, 2, be);
    put(b, 0x38, 2, 2, be);
  } else {
    put(b, 0x1c, phoff, 4, be);
    put(b, 0x2a, phentsize, 2, be);
    put(b, 0x2c, 2, 2, be);
  }
  auto phdr = [&](size_t i, uint64_t flags, uint64_t off, uint64_t va, uint64_t size) {
    const size_t p = phoff + i * phentsize;
    put(b, p, 1, 4, be);  // PT_LOAD
    if (is64) {
      put(b, p + 4, flags, 4, be);
      put(b, p + 8, off, 8, be);
      put(b, p + 16, va, 8, be);
      put(b, p + 32, size, 8, be);
      put(b, p + 40, size, 8, be);
    } else {
      put(b, p + 4, off, 4, be);
      put(b, p + 8, va, 4, be);
      put(b, p + 16, size, 4, be);
      put(b, p + 20, size, 4, be);
      put(b, p + 24, flags, 4, be);
    }
  };
  phdr(0, 5, 0, 0x400000, 0x1000);       // R+X
  phdr(1, 6, 0x1000, 0x401000, 0x1000);  // R+W
  // Decoy in the read-only segment.
  put_bytes(b, 0x100, kMagic);
  b[0x100 + 14] = 8;
  b[0x100 + 15] = 2;
  put_bytes(b, 0x120, std::string("\x07go9.9.9\x00", 9));
  // The strings in the read-only segment.
  const std::string version = "go1.16.15";
  const std::string mod = framed_modinfo();
  put_bytes(b, 0x200, version);
  put_bytes(b, 0x300, mod);
  // The header and the two Go string headers (pointer, length) in the read-write segment.
  put_bytes(b, 0x1000, kMagic);
  b[0x1000 + 14] = static_cast<char>(ptr);
  b[0x1000 + 15] = be ? 1 : 0;
  put(b, 0x1000 + 16, 0x401040, ptr, be);
  put(b, 0x1000 + 16 + ptr, 0x401050, ptr, be);
  put(b, 0x1040, 0x400200, ptr, be);
  put(b, 0x1040 + ptr, version.size(), ptr, be);
  put(b, 0x1050, 0x400300, ptr, be);
  put(b, 0x1050 + ptr, mod.size(), ptr, be);
  return b;
}

void expect_old_format_components(const upkeep::testing::Extracted& r) {
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 4u);
  const Component* stdlib = r.find("stdlib", "v1.16.15");
  ASSERT_NE(stdlib, nullptr);
  EXPECT_EQ(stdlib->purl, "pkg:golang/stdlib@v1.16.15");
  EXPECT_EQ(stdlib->ecosystem, "Go");
  EXPECT_EQ(stdlib->arch, "mips");
  EXPECT_NE(r.find("example.com/old", "v0.3.0"), nullptr);
  EXPECT_EQ(r.find("golang.org/x/text", "v0.3.7")->purl, "pkg:golang/golang.org/x/text@v0.3.7");
  EXPECT_TRUE(r.named("example.com/was").empty());
  EXPECT_NE(r.find("example.com/now", "v1.0.1"), nullptr);
  EXPECT_TRUE(r.find("stdlib", "v9.9.9") == nullptr);  // the decoy outside the data segment
}

TEST(GoBinary, OldPointerFormatElf64LittleEndian) {
  MemoryFs fs;
  fs.add_file("/usr/bin/old", old_format_elf(true, false), 0755);
  expect_old_format_components(run_extractor("go-binary", fs, "/usr/bin/old"));
}

TEST(GoBinary, OldPointerFormatElf32BigEndian) {
  MemoryFs fs;
  fs.add_file("/usr/bin/old", old_format_elf(false, true), 0755);
  expect_old_format_components(run_extractor("go-binary", fs, "/usr/bin/old"));
}

TEST(GoBinary, PointerOutsideTheFileIsAWarning) {
  std::string b = old_format_elf(true, false);
  put(b, 0x1000 + 16, 0x900000, 8, false);  // the version's string header: mapped nowhere
  MemoryFs fs;
  fs.add_file("/bin/app", b, 0755);
  auto r = run_extractor("go-binary", fs, "/bin/app");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].offset, std::optional<uint64_t>(0x1000));
  EXPECT_NE(r.warnings[0].message.find("points outside the file"), std::string::npos);
}

// Inline format (Go 1.18+) in a universal Mach-O, which has no segment table of its own: the
// whole file is searched.
std::string inline_blob(std::string_view version, std::string_view mod) {
  std::string b(kMagic);
  b += '\x08';
  b += '\x02';
  b.resize(32, '\0');
  auto varint = [&](uint64_t v) {
    while (v >= 0x80) {
      b += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    b += static_cast<char>(v);
  };
  varint(version.size());
  b += version;
  varint(mod.size());
  b += mod;
  return b;
}

TEST(GoBinary, UniversalMachOIsSearchedWhole) {
  std::string b = "\xca\xfe\xba\xbe";
  put(b, 4, 2, 4, true);  // two architectures
  b.resize(0x4000, '\0');
  put_bytes(b, 0x3010, inline_blob("go1.22rc1 X:boringcrypto", framed_modinfo()));
  MemoryFs fs;
  fs.add_file("/app", b, 0755);
  auto r = run_extractor("go-binary", fs, "/app");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 4u);
  EXPECT_NE(r.find("stdlib", "v1.22.0-rc.1"), nullptr);
}

TEST(GoBinary, TruncatedInlineStringsAreAWarning) {
  std::string b = "\xca\xfe\xba\xbe";
  put(b, 4, 1, 4, true);
  b.resize(0x100, '\0');
  std::string blob = inline_blob("go1.21.0", framed_modinfo());
  blob.resize(blob.size() - 40);  // the file ends inside the module text
  put_bytes(b, 0x100, blob);
  MemoryFs fs;
  fs.add_file("/app", b, 0755);
  auto r = run_extractor("go-binary", fs, "/app");
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].offset, std::optional<uint64_t>(0x100));
  EXPECT_NE(r.warnings[0].message.find("cut short"), std::string::npos);
}

TEST(GoBinary, NotGoExecutablesAndOtherFilesGiveNothing) {
  MemoryFs fs;
  std::string elf = old_format_elf(true, false);
  elf.replace(0x1000, 14, 14, 'x');  // no header in the data segment; the decoy is not looked at
  fs.add_file("/bin/c-program", elf, 0755);
  fs.add_file("/bin/script", "#!/bin/sh\necho \xff Go buildinf: nothing\n", 0755);
  fs.add_file("/bin/empty", "", 0755);
  fs.add_file("/lib/Java.class", "\xca\xfe\xba\xbe\x00\x00\x00\x41rest", 0755);
  for (const char* path : {"/bin/c-program", "/bin/script", "/bin/empty", "/lib/Java.class"}) {
    auto r = run_extractor("go-binary", fs, path);
    EXPECT_TRUE(r.components.empty()) << path;
    EXPECT_TRUE(r.warnings.empty()) << path << ": " << r.warnings_text();
  }
}

TEST(GoBinary, ClaimsExecutablesAndBinFolders) {
  const Extractor* e = find_extractor("go-binary");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->self_contained());
  auto claims = [&](std::string_view path, uint32_t mode, uint64_t size = 4096) {
    return e->claims(FileRef{path, base_name(path), FileInfo{FileType::kRegular, size, mode}});
  };
  EXPECT_TRUE(claims("/opt/app/server", 0755));
  EXPECT_TRUE(claims("/usr/local/bin/tool", 0644));  // a bin folder, mode lost in a copy
  EXPECT_TRUE(claims("/c/tool.exe", 0644));
  EXPECT_FALSE(claims("/etc/passwd", 0644));
  EXPECT_FALSE(claims("/opt/app/tiny", 0755, 10));
}

// An 8 GiB sparse file whose data segment is at its end: found by seeking, not by reading 8 GiB.
TEST(GoBinary, HugeBinaryIsNotReadWhole) {
  char dir_template[] = "/tmp/upkeep-gobin-huge-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const std::string path = dir + "/huge";
  constexpr uint64_t kSize = 8ull << 30;
  constexpr uint64_t kData = kSize - 0x1000;
  std::string head = old_format_elf(true, false).substr(0, 0x1000);
  put(head, 64 + 56 + 8, kData, 8, false);  // the read-write segment's file offset
  // Inline format at the data start instead (its strings need no other segment).
  const std::string blob = inline_blob("go1.23.4", framed_modinfo());
  {
    std::ofstream out(path, std::ios::binary);
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
  }
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kData)), 0);
  {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
  }
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kSize)), 0);
  auto r = run_extractor_on_file("go-binary", path);
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  EXPECT_EQ(r.components.size(), 4u);
  EXPECT_NE(r.find("stdlib", "v1.23.4"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Real Go binaries, compared with `go version -m` on the same file.

std::string run_capture(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
      out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

bool go_available() {
  return std::system("command -v go >/dev/null 2>&1") == 0;
}

void skip_or_fail_without_go() {
  if (std::getenv("UPKEEP_REQUIRE_REFERENCE") != nullptr) {
    FAIL() << "UPKEEP_REQUIRE_REFERENCE is set but there is no go command";
  }
  GTEST_SKIP() << "no go command";
}

// What `go version -m` says, as "name@version" (replacements applied, a directory replacement
// or "(devel)" as an empty version) plus the stdlib entry.
std::vector<std::string> expected_from_version_m(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const std::string go = line.substr(line.rfind(' ') + 1);  // "go1.19.8"
  out.push_back("stdlib@v" + go.substr(2));
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string field;
    while (std::getline(ls, field, '\t'))
      f.push_back(field);
    if (f.size() < 3 || !f[0].empty()) continue;
    if (f[1] == "mod" || f[1] == "dep") {
      out.push_back(f[2] + "@" + (f.size() > 3 && f[3] != "(devel)" ? f[3] : ""));
    } else if (f[1] == "=>") {
      const bool dir = f[2].starts_with(".") || f[2].starts_with("/");
      const std::string old = out.back().substr(0, out.back().find('@'));
      out.back() = dir ? old + "@" : f[2] + "@" + f[3];
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(GoBinary, RealBinariesMatchGoVersionM) {
  if (!go_available()) {
    skip_or_fail_without_go();
    return;
  }
  char dir_template[] = "/tmp/upkeep-gobin-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const std::string script = inventory_fixture_dir() + "/../../inventory/lang/build_go_binaries.sh";
  // A build cache shared between runs keeps the five cross-builds of the standard library fast.
  const std::string cache = (std::filesystem::temp_directory_path() / "upkeep-test-go-cache");
  const std::string log = run_capture("UPKEEP_GO_CACHE=" + cache + " bash " + script + " " + dir +
                                      "/out 2>&1 && echo BUILT");
  ASSERT_NE(log.find("BUILT"), std::string::npos) << log;
  int checked = 0;
  for (const char* name : {"app-linux-amd64", "app-linux-386", "app-linux-s390x",
                           "app-windows-amd64.exe", "app-darwin-arm64"}) {
    SCOPED_TRACE(name);
    const std::string bin = dir + "/out/" + name;
    const std::vector<std::string> expected =
        expected_from_version_m(read_host_file(bin + ".version-m.txt"));
    // The program, the module dep, the one replaced by a module, the one replaced by a directory
    // and the Go release.
    ASSERT_EQ(expected.size(), 5u) << read_host_file(bin + ".version-m.txt");
    auto r = run_extractor_on_file("go-binary", bin);
    EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
    std::vector<std::string> got;
    for (const auto& c : r.components)
      got.push_back(c.name + "@" + c.version);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected);
    // The details go version -m does not print the same way.
    const Component* lib = r.find("example.com/lib", "");
    ASSERT_NE(lib, nullptr);
    EXPECT_EQ(lib->version_note, "replaced by the directory ../lib (was v1.2.3)");
    const Component* app = r.find("example.com/app", "");
    ASSERT_NE(app, nullptr);
    EXPECT_EQ(app->purl, "pkg:golang/example.com/app");
    ASSERT_NE(r.find("example.com/new", "v1.1.0"), nullptr);
    EXPECT_EQ(r.find("example.com/new", "v1.1.0")->purl, "pkg:golang/example.com/new@v1.1.0");
    EXPECT_TRUE(r.named("example.com/old").empty());
    ++checked;
  }
  EXPECT_EQ(checked, 5);
  std::filesystem::remove_all(dir);
}

// The go command itself has the header twice in its data: the real one first, and debug/
// buildinfo's own copy of the magic in a variable after it. Only the first counts.
TEST(GoBinary, TheGoToolchainItself) {
  if (!go_available()) {
    skip_or_fail_without_go();
    return;
  }
  std::string goroot = run_capture("go env GOROOT");
  while (!goroot.empty() && (goroot.back() == '\n' || goroot.back() == '\r'))
    goroot.pop_back();
  const std::string go = goroot + "/bin/go";
  const std::vector<std::string> expected =
      expected_from_version_m(run_capture("go version -m " + go));
  auto r = run_extractor_on_file("go-binary", go);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  std::vector<std::string> got;
  for (const auto& c : r.components)
    got.push_back(c.name + "@" + c.version);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace upkeep::inventory
