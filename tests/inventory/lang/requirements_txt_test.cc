// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "support/inventory_testing.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

constexpr std::string_view kId = "requirements.txt";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/requirements-txt/" + name;
}

const Extractor& extractor() {
  return *find_extractor(kId);
}

bool claims(std::string_view path) {
  return extractor().claims(FileRef{path, base_name(path), FileInfo{FileType::kRegular, 1, 0644}});
}

TEST(RequirementsTxt, ClaimsRequirementsFilesOnly) {
  EXPECT_TRUE(claims("/app/requirements.txt"));
  EXPECT_TRUE(claims("/app/requirements-dev.txt"));
  EXPECT_TRUE(claims("/app/dev-requirements.txt"));
  EXPECT_TRUE(claims("/app/requirements/base.txt"));
  EXPECT_FALSE(claims("/app/notes.txt"));
  EXPECT_FALSE(claims("/app/requirements.in"));
  EXPECT_FALSE(claims("/app/constraints.txt"));
}

TEST(RequirementsTxt, RecognizesRequirementsByContent) {
  EXPECT_TRUE(extractor().recognizes("deps.txt", "# pinned\nflask==3.0.0\n-r base.txt\nclick\n"));
  EXPECT_FALSE(extractor().recognizes("notes.txt", "Remember to buy milk\n"));
  EXPECT_FALSE(extractor().recognizes("conanfile.txt", "[requires]\nzlib/1.2.13\n"));
  EXPECT_FALSE(extractor().recognizes("deps.txt", "flask\nclick\n"));  // nothing pinned
  EXPECT_FALSE(extractor().recognizes("deps.json", "flask==3.0.0\n"));
}

TEST(RequirementsTxt, PinsExtrasMarkersHashesAndRanges) {
  auto r = run_extractor_on_file(kId, fixture("pins.txt"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 10u);
  for (const Component& c : r.components) {
    EXPECT_EQ(c.ecosystem, "PyPI");
    EXPECT_EQ(c.relationship, Relationship::kDirect) << c.name;
    EXPECT_EQ(c.location, "/pins.txt");
  }
  ASSERT_NE(r.find("Django", "4.2.11"), nullptr);
  EXPECT_EQ(r.find("Django", "4.2.11")->purl, "pkg:pypi/django@4.2.11");
  ASSERT_NE(r.find("requests", "2.31.0"), nullptr);            // extras and marker
  ASSERT_NE(r.find("zope.interface", "6.1-custom"), nullptr);  // ===
  EXPECT_EQ(r.find("zope.interface", "6.1-custom")->purl, "pkg:pypi/zope-interface@6.1-custom");
  ASSERT_NE(r.find("attrs", "23.2.0"), nullptr);              // spaces and a trailing comment
  ASSERT_NE(r.find("certifi", "2024.2.2"), nullptr);          // continued with --hash lines
  ASSERT_NE(r.find("typing_extensions", "4.10.0"), nullptr);  // marker without a space
  EXPECT_EQ(r.find("typing_extensions", "4.10.0")->purl, "pkg:pypi/typing-extensions@4.10.0");
  ASSERT_NE(r.find("six", "1.16.0"), nullptr);  // parenthesised specifier
  const Component* flask = r.find("flask", "");
  ASSERT_NE(flask, nullptr);
  EXPECT_EQ(flask->version_note, "not pinned: >=2.0,<3");
  EXPECT_EQ(flask->purl, "pkg:pypi/flask");
  EXPECT_EQ(r.find("numpy", "")->version_note, "no version specified");
  EXPECT_EQ(r.find("pandas", "")->version_note, "not pinned: ==2.*");
}

TEST(RequirementsTxt, WindowsLineEndings) {
  auto r = run_extractor_on_file(kId, fixture("crlf.txt"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 2u);
  ASSERT_NE(r.find("PyYAML", "6.0.1"), nullptr);
  EXPECT_EQ(r.find("PyYAML", "6.0.1")->purl, "pkg:pypi/pyyaml@6.0.1");
  ASSERT_NE(r.find("idna", "3.6"), nullptr);
}

TEST(RequirementsTxt, UrlVcsAndPathRequirements) {
  auto r = run_extractor_on_file(kId, fixture("urls.txt"));
  // Local paths (-e ., ./local/dir, file://) are the project's own source: skipped silently.
  ASSERT_EQ(r.components.size(), 5u) << r.warnings_text();
  const Component* mylib = r.find("mylib", "");
  ASSERT_NE(mylib, nullptr);
  EXPECT_EQ(mylib->version_note,
            "direct reference: git+https://github.com/example/mylib.git@v1.2#egg=mylib");
  EXPECT_EQ(mylib->purl,
            "pkg:pypi/mylib?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fexample%2Fmylib.git%40v1.2%"
            "23egg%3Dmylib");
  const Component* tool = r.find("tool", "");
  ASSERT_NE(tool, nullptr);
  EXPECT_EQ(tool->purl,
            "pkg:pypi/tool?download_url=https:%2F%2Ffiles.example.com%2Ftool-1.0.tar.gz");
  ASSERT_NE(r.find("other", ""), nullptr);
  EXPECT_NE(r.find("other", "")->purl.find("vcs_url="), std::string::npos);
  // A wheel names its distribution and version.
  const Component* wheel = r.find("Some_Wheel", "2.5.0");
  ASSERT_NE(wheel, nullptr);
  EXPECT_TRUE(wheel->version_note.empty());
  EXPECT_TRUE(wheel->purl.starts_with("pkg:pypi/some-wheel@2.5.0?download_url="));
  ASSERT_NE(r.find("local_wheel", "0.3"), nullptr);
  EXPECT_EQ(r.find("local_wheel", "0.3")->purl, "pkg:pypi/local-wheel@0.3");
  EXPECT_TRUE(r.named("pkg").empty());
  // A remote URL that names no package cannot be inventoried: said so.
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 10u);
  EXPECT_NE(r.warnings[0].message.find("names no package"), std::string::npos);
}

TEST(RequirementsTxt, IncludesAreFollowedOnceAndConstraintsIgnored) {
  auto r = run_extractor_on_file(kId, fixture("includes/requirements.txt"));
  ASSERT_EQ(r.components.size(), 4u) << r.warnings_text();
  ASSERT_NE(r.find("top", "1.0"), nullptr);
  EXPECT_EQ(r.find("top", "1.0")->location, "/requirements.txt");
  ASSERT_NE(r.find("base-pkg", "0.1"), nullptr);
  EXPECT_EQ(r.find("base-pkg", "0.1")->location, "/base.txt");
  ASSERT_NE(r.find("extra-pkg", "0.2"), nullptr);  // included twice, reported once
  EXPECT_EQ(r.find("extra-pkg", "0.2")->location, "/sub/extra.txt");
  ASSERT_NE(r.find("shared-pkg", "0.3"), nullptr);  // "../shared.txt" relative to sub/
  EXPECT_EQ(r.find("shared-pkg", "0.3")->location, "/shared.txt");
  EXPECT_EQ(r.find("shared-pkg", "0.3")->relationship, Relationship::kDirect);
  EXPECT_TRUE(r.named("constrained-only").empty());
  ASSERT_EQ(r.warnings.size(), 2u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].file, "/requirements.txt");
  EXPECT_EQ(r.warnings[0].line, 3u);
  EXPECT_NE(r.warnings[0].message.find("cannot read included file \"missing.txt\""),
            std::string::npos);
  EXPECT_EQ(r.warnings[1].line, 5u);
  EXPECT_NE(r.warnings[1].message.find("remote requirements file"), std::string::npos);
}

TEST(RequirementsTxt, IncludeCycleIsReported) {
  auto r = run_extractor_on_file(kId, fixture("cycle/requirements.txt"));
  ASSERT_EQ(r.components.size(), 2u);
  ASSERT_NE(r.find("a", "1"), nullptr);
  ASSERT_NE(r.find("b", "2"), nullptr);
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].file, "/other.txt");
  EXPECT_EQ(r.warnings[0].line, 2u);
  EXPECT_NE(r.warnings[0].message.find("include cycle"), std::string::npos);
}

TEST(RequirementsTxt, DeepIncludeChainStops) {
  MemoryFs fs;
  constexpr int kFiles = 40;
  for (int i = 0; i < kFiles; ++i) {
    std::string content = "pkg" + std::to_string(i) + "==1.0\n";
    if (i + 1 < kFiles) content += "-r r" + std::to_string(i + 1) + ".txt\n";
    fs.add_file("/src/r" + std::to_string(i) + ".txt", content);
  }
  auto r = run_extractor(kId, fs, "/src/r0.txt");
  EXPECT_EQ(r.components.size(), 32u);  // the first 32 files of the chain
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].file, "/src/r31.txt");
  EXPECT_NE(r.warnings[0].message.find("nested more than 32"), std::string::npos);
}

TEST(RequirementsTxt, MalformedLinesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file(kId, fixture("malformed.txt"));
  ASSERT_EQ(r.components.size(), 2u);
  ASSERT_NE(r.find("good", "1.0"), nullptr);
  ASSERT_NE(r.find("also-good", "2.0"), nullptr);
  ASSERT_EQ(r.warnings.size(), 7u) << r.warnings_text();
  struct Expected {
    uint64_t line, column;
    std::string_view text;
  };
  const Expected expected[] = {
      {2, 6, "a version must follow \"==\""},
      {3, 1, "must start with a package name"},
      {4, 4, "unclosed '['"},
      {5, 5, "expected a version operator"},
      {6, 15, "unexpected text after the requirement"},
      {7, 0, "unknown option \"--frobnicate\""},
      {8, 0, "-r needs a file name"},
  };
  for (size_t i = 0; i < std::size(expected); ++i) {
    EXPECT_EQ(r.warnings[i].line, expected[i].line) << r.warnings[i].to_string();
    EXPECT_EQ(r.warnings[i].column, expected[i].column) << r.warnings[i].to_string();
    EXPECT_NE(r.warnings[i].message.find(expected[i].text), std::string::npos)
        << r.warnings[i].to_string();
  }
}

TEST(RequirementsTxt, InvalidUtf8LineIsReported) {
  auto r = run_extractor_on_file(kId, fixture("invalid_utf8.txt"));
  ASSERT_EQ(r.components.size(), 2u);
  ASSERT_NE(r.find("fine", "1.0"), nullptr);
  ASSERT_NE(r.find("still-fine", "2.0"), nullptr);
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 2u);
}

TEST(RequirementsTxt, TruncatedFileKeepsWhatIsComplete) {
  // Ends inside a continuation, without a final newline.
  auto r = run_extractor_on_file(kId, fixture("truncated.txt"));
  ASSERT_EQ(r.components.size(), 2u) << r.warnings_text();
  ASSERT_NE(r.find("requests", "2.31.0"), nullptr);
  ASSERT_NE(r.find("click", "8.1.7"), nullptr);
  ASSERT_EQ(r.warnings.size(), 1u) << r.warnings_text();
  EXPECT_EQ(r.warnings[0].line, 2u);
}

TEST(RequirementsTxt, EmptyFileHasNothing) {
  auto r = run_extractor_on_file(kId, fixture("empty.txt"));
  EXPECT_TRUE(r.components.empty());
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
}

TEST(RequirementsTxt, HugeFileIsLinear) {
  constexpr int kLines = 200000;
  std::string text;
  text.reserve(kLines * 24);
  for (int i = 0; i < kLines; ++i) {
    text += "package-" + std::to_string(i) + "==1.0." + std::to_string(i) + " \\\n";
    text += "    --hash=sha256:00\n";
  }
  MemoryFs fs;
  fs.add_file("/requirements.txt", std::move(text));
  const auto start = std::chrono::steady_clock::now();
  auto r = run_extractor(kId, fs, "/requirements.txt");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.size();
  ASSERT_EQ(r.components.size(), static_cast<size_t>(kLines));
  EXPECT_EQ(r.components.back().version, "1.0." + std::to_string(kLines - 1));
  ::testing::Test::RecordProperty("seconds",
                                  std::to_string(std::chrono::duration<double>(elapsed).count()));
}

// Runs a command and returns its standard output; false when it fails.
bool run_command(const std::string& command, std::string& out) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    out.append(buf, n);
  return ::pclose(pipe) == 0;
}

// What pip itself reads from a requirements file (Debian's python3-pip, through its own
// parser, pip._internal.req.req_file): "name<TAB>pinned version" lines, sorted and unique, the
// pin being the "==" / "===" version without a wildcard, as python::pinned_version takes it.
bool pip_reads(const std::string& file, std::string& out) {
  static const char kScript[] = R"(
import sys
from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements
seen = set()
for parsed in parse_requirements(sys.argv[1], session=PipSession()):
    if parsed.constraint:
        continue
    req = install_req_from_parsed_requirement(parsed).req
    if req is None:
        continue
    pins = [s.version for s in req.specifier
            if s.operator in ('==', '===') and not s.version.endswith('*')]
    seen.add(req.name + '\t' + (pins[0] if pins else ''))
print('\n'.join(sorted(seen)))
)";
  return run_command("/usr/bin/python3 -c \"$(cat <<'PY'\n" + std::string(kScript) + "\nPY\n)\" '" +
                         file + "' 2>/dev/null",
                     out);
}

// The differential check: for files pip accepts, the same (name, pinned version) pairs.
TEST(RequirementsTxt, AgreesWithPipsOwnParser) {
  std::string probe;
  if (!run_command("/usr/bin/python3 -c 'import pip._internal.req.req_file' 2>/dev/null", probe)) {
    const char* required = std::getenv("UPKEEP_REQUIRE_REFERENCE");
    if (required != nullptr && std::string_view(required) == "1") {
      FAIL() << "reference required (UPKEEP_REQUIRE_REFERENCE=1): no pip for /usr/bin/python3";
    }
    GTEST_SKIP() << "no pip for /usr/bin/python3";
  }
  std::vector<std::string> files = {fixture("pins.txt"), fixture("crlf.txt"),
                                    fixture("includes/base.txt"), fixture("empty.txt")};
  if (const std::string data = shared_data_dir(); !data.empty()) {
    files.push_back(data + "/lockfiles/pypi/flask-requirements-dev.txt");
  }
  for (const std::string& file : files) {
    std::string expected;
    ASSERT_TRUE(pip_reads(file, expected)) << file;
    if (!expected.empty() && expected.back() == '\n') expected.pop_back();
    auto r = run_extractor_on_file(kId, file);
    EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
    std::set<std::string> ours;
    for (const Component& c : r.components)
      ours.insert(c.name + "\t" + c.version);
    std::string found;
    for (const std::string& line : ours)
      found += (found.empty() ? "" : "\n") + line;
    EXPECT_EQ(found, expected) << file;
  }
}

// flask's requirements/dev.txt, compiled by pip-compile: 54 pins. Derived by reading the file:
// `grep -c '^[A-Za-z0-9]' flask-requirements-dev.txt` = 54 (every line that does not start with
// '#' or white space is a "name==version" pin; the file has no options, includes or URLs), and
// the samples are lines of the file (first: alabaster==1.0.0, last: virtualenv==20.29.3). All
// are direct: a requirements file lists what pip is asked to install (pip-compile's "# via"
// comments are not read).
TEST(RequirementsTxt, RealFlaskDevRequirements) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/pypi/flask-requirements-dev.txt");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 54u);
  for (const Component& c : r.components) {
    EXPECT_EQ(c.relationship, Relationship::kDirect);
    EXPECT_FALSE(c.version.empty()) << c.name;
  }
  ASSERT_NE(r.find("alabaster", "1.0.0"), nullptr);
  EXPECT_EQ(r.find("alabaster", "1.0.0")->purl, "pkg:pypi/alabaster@1.0.0");
  ASSERT_NE(r.find("charset-normalizer", "3.4.1"), nullptr);
  ASSERT_NE(r.find("pre-commit", "4.2.0"), nullptr);
  ASSERT_NE(r.find("sphinxcontrib-serializinghtml", "2.0.0"), nullptr);
  ASSERT_NE(r.find("types-contextvars", "2.4.7.3"), nullptr);
  ASSERT_NE(r.find("virtualenv", "20.29.3"), nullptr);
  EXPECT_EQ(r.find("virtualenv", "20.29.3")->purl, "pkg:pypi/virtualenv@20.29.3");
}

}  // namespace
}  // namespace upkeep::inventory
