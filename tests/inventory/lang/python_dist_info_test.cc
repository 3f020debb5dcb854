// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::Extracted;
using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;

constexpr std::string_view kId = "python-dist-info";

// Walks `root` on disk with only this extractor, as `upkeep inventory DIR` would.
Extracted walk(const std::string& root) {
  Extracted out;
  auto fs = open_directory_fs(root);
  if (!fs.is_ok()) {
    ADD_FAILURE() << fs.status().message();
    return out;
  }
  Options options;
  options.only_extractors = {std::string(kId)};
  walk_and_extract(**fs, "/", nullptr, options, out.components, out.warnings);
  return out;
}

bool claims(std::string_view path) {
  return find_extractor(kId)->claims(
      FileRef{path, base_name(path), FileInfo{FileType::kRegular, 1, 0644}});
}

TEST(PythonDistInfo, ClaimsMetadataFilesOfInstalledDistributions) {
  EXPECT_TRUE(claims("/site/requests-2.31.0.dist-info/METADATA"));
  EXPECT_TRUE(claims("/site/six-1.16.0.egg-info/PKG-INFO"));
  EXPECT_TRUE(claims("/site/six-1.16.0.egg-info"));  // the egg-info file form
  EXPECT_TRUE(claims("/site/thing-2.0.egg/EGG-INFO/PKG-INFO"));
  EXPECT_FALSE(claims("/src/proj-1.0/PKG-INFO"));  // an unpacked sdist is source, not installed
  EXPECT_FALSE(claims("/site/requests-2.31.0.dist-info/RECORD"));
  EXPECT_FALSE(claims("/docs/METADATA"));
}

TEST(PythonDistInfo, FixtureTree) {
  auto r = walk(inventory_fixture_dir() + "/python-dist-info");
  ASSERT_EQ(r.components.size(), 6u) << r.warnings_text();

  const Component* foo = r.find("Foo_Bar", "1.2.3");
  ASSERT_NE(foo, nullptr);
  EXPECT_EQ(foo->ecosystem, "PyPI");
  EXPECT_EQ(foo->purl, "pkg:pypi/foo-bar@1.2.3");
  EXPECT_EQ(foo->location, "/site/Foo_Bar-1.2.3.dist-info/METADATA");
  EXPECT_EQ(foo->extractor, "python-dist-info");
  EXPECT_EQ(foo->relationship, Relationship::kUnknown);
  // License-Expression wins over License; the first Name/Version count; the body is not read.
  EXPECT_EQ(foo->licenses, std::vector<std::string>{"MIT OR Apache-2.0"});
  EXPECT_EQ(foo->dependencies, (std::vector<std::string>{"requests", "typing-extensions"}));

  const Component* legacy = r.find("legacy", "0.5");
  ASSERT_NE(legacy, nullptr);
  EXPECT_TRUE(legacy->licenses.empty());  // a licence text over several lines
  EXPECT_EQ(legacy->location, "/site/legacy-0.5.egg-info/PKG-INFO");

  const Component* single = r.find("single-file", "3.0");
  ASSERT_NE(single, nullptr);
  EXPECT_TRUE(single->licenses.empty());  // UNKNOWN
  EXPECT_EQ(single->location, "/site/single_file-3.0.egg-info");

  ASSERT_NE(r.find("crlf", "1.0"), nullptr);
  EXPECT_EQ(r.find("crlf", "1.0")->licenses, std::vector<std::string>{"BSD-3-Clause"});
  ASSERT_NE(r.find("thing", "2.0"), nullptr);
  // Kept although its License is not UTF-8 (that one field is left out, with a warning).
  ASSERT_NE(r.find("badutf8", "1.0"), nullptr);
  EXPECT_TRUE(r.find("badutf8", "1.0")->licenses.empty());
  EXPECT_TRUE(r.named("proj").empty());

  ASSERT_EQ(r.warnings.size(), 5u) << r.warnings_text();
  // Walk order: badutf8, empty, notheader, noversion.
  EXPECT_EQ(r.warnings[0].file, "/site/badutf8-1.0.dist-info/METADATA");
  EXPECT_EQ(r.warnings[0].line, 4u);
  EXPECT_NE(r.warnings[0].message.find("not valid UTF-8"), std::string::npos);
  EXPECT_EQ(r.warnings[1].file, "/site/empty-1.0.dist-info/METADATA");
  EXPECT_EQ(r.warnings[1].message, "no Name header");
  EXPECT_EQ(r.warnings[2].file, "/site/notheader-1.0.dist-info/METADATA");
  EXPECT_EQ(r.warnings[2].line, 3u);
  EXPECT_NE(r.warnings[2].message.find("not a \"Key: value\" header line"), std::string::npos);
  // Like Python's email parser, the headers end there: the Version after it is not seen.
  EXPECT_EQ(r.warnings[3].message, "no Version header");
  EXPECT_EQ(r.warnings[4].file, "/site/noversion-1.0.dist-info/METADATA");
  EXPECT_EQ(r.warnings[4].message, "no Version header");
}

TEST(PythonDistInfo, RecognizesAMetadataFileGivenDirectly) {
  const Extractor& e = *find_extractor(kId);
  EXPECT_TRUE(e.recognizes("METADATA", "Metadata-Version: 2.1\nName: x\n"));
  EXPECT_TRUE(e.recognizes("PKG-INFO", "Metadata-Version: 1.0\nName: x\n"));
  EXPECT_FALSE(e.recognizes("METADATA", "Something else"));
}

TEST(PythonDistInfo, HugeHeadersStopAtTheLimit) {
  // Old PKG-INFO files carry the description in a header: the reader stops after 16 MiB of
  // headers, with a warning, and keeps what it read.
  std::string text = "Metadata-Version: 1.0\nName: big\nVersion: 1.0\nDescription: x\n";
  const std::string line = "        " + std::string(1000, 'y') + "\n";
  while (text.size() < (17u << 20))
    text += line;
  MemoryFs fs;
  fs.add_file("/big-1.0.egg-info/PKG-INFO", std::move(text));
  auto r = run_extractor(kId, fs, "/big-1.0.egg-info/PKG-INFO");
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].version, "1.0");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("no end of the headers"), std::string::npos);
}

TEST(PythonDistInfo, LargeBodyIsNotRead) {
  std::string text = "Metadata-Version: 2.1\nName: body\nVersion: 2.0\n\n";
  text += std::string(50u << 20, 'z');
  MemoryFs fs;
  fs.add_file("/body-2.0.dist-info/METADATA", std::move(text));
  auto r = run_extractor(kId, fs, "/body-2.0.dist-info/METADATA");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
}

TEST(PythonDistInfo, DeeplyFoldedHeaderIsOneValue) {
  std::string text = "Metadata-Version: 2.1\nName: folded\nVersion: 1\nLicense: a\n";
  for (int i = 0; i < 100000; ++i)
    text += " b\n";
  MemoryFs fs;
  fs.add_file("/folded-1.dist-info/METADATA", std::move(text));
  auto r = run_extractor(kId, fs, "/folded-1.dist-info/METADATA");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_TRUE(r.components[0].licenses.empty());
}

// Runs a command and returns its standard output.
bool run_command(const std::string& command, std::string& out) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    out.append(buf, n);
  return ::pclose(pipe) == 0;
}

// The reference: Debian's Python lists the distributions of its own dist-packages folder with
// importlib.metadata, and this extractor must find exactly the same (name, version) pairs (the
// same multiset: this machine has cryptography twice, as a .dist-info and an .egg-info folder,
// and importlib lists both).
//
// importlib.metadata.distributions(path=[DIR]) looks only at DIR's own entries, while a walk
// also finds metadata deeper down (a package's vendored copies): those are compared only for
// the entries directly in DIR, and the deeper ones are printed, not failed on.
TEST(PythonDistInfo, AgreesWithImportlibMetadataOnDistPackages) {
  const std::string dir = "/usr/lib/python3/dist-packages";
  struct stat st {};
  if (::stat("/usr/bin/python3", &st) != 0 || ::stat(dir.c_str(), &st) != 0) {
    // CI installs the reference tools and must not skip (see README).
    const char* required = std::getenv("UPKEEP_REQUIRE_REFERENCE");
    if (required != nullptr && std::string_view(required) == "1") {
      FAIL() << "reference required (UPKEEP_REQUIRE_REFERENCE=1): no /usr/bin/python3 or " << dir;
    }
    GTEST_SKIP() << "no /usr/bin/python3 or " << dir;
  }
  std::string listing;
  ASSERT_TRUE(
      run_command("/usr/bin/python3 -c \"import importlib.metadata as m\n"
                  "for d in m.distributions(path=['" +
                      dir +
                      "']):\n"
                      "    name = d.metadata['Name']\n"
                      "    if name is not None: print(name + '\\t' + (d.version or ''))\"",
                  listing));
  std::vector<std::string> expected;
  size_t start = 0;
  while (start < listing.size()) {
    size_t end = listing.find('\n', start);
    if (end == std::string::npos) end = listing.size();
    if (end > start) expected.push_back(listing.substr(start, end - start));
    start = end + 1;
  }
  auto r = walk(dir);
  std::vector<std::string> found;
  for (const Component& c : r.components) {
    // "/X.dist-info/METADATA", "/X.egg-info/PKG-INFO" or "/X.egg-info": directly in DIR.
    const size_t depth = std::count(c.location.begin(), c.location.end(), '/');
    const bool top = depth == 1 || (depth == 2 && !c.location.ends_with("/EGG-INFO/PKG-INFO"));
    if (top) {
      found.push_back(c.name + "\t" + c.version);
    } else {
      std::printf("deeper than importlib looks: %s %s at %s\n", c.name.c_str(), c.version.c_str(),
                  c.location.c_str());
    }
  }
  std::sort(expected.begin(), expected.end());
  std::sort(found.begin(), found.end());
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(found, expected) << r.warnings_text();
  std::printf("importlib.metadata: %zu distributions; python-dist-info: %zu\n", expected.size(),
              found.size());
}

}  // namespace
}  // namespace upkeep::inventory
