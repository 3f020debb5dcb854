// SPDX-License-Identifier: Apache-2.0
//
// Documents that cannot be read: each is an error naming the file (and the line and column where
// there is one); nothing of such a document is loaded. Plus generated extremes.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "suppress/suppress_testing.h"

namespace upkeep::suppress {
namespace {

using testing::suppress_fixture;

std::string read(const std::string& relative) {
  std::ifstream in(suppress_fixture(relative), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Broken, WholeDocumentErrors) {
  // file, what the message must say (and "file:line:column" where a position exists).
  const std::pair<const char*, const char*> cases[] = {
      {"broken/truncated.openvex.json", "truncated.openvex.json:5:"},
      {"broken/wrong-types.openvex.json", "no \"statements\" array"},
      {"broken/wrong-types.cdx.json", "no \"vulnerabilities\" array"},
      {"broken/not-cyclonedx.json", "bomFormat is \"SPDX\""},
      {"broken/unknown-json.json", "neither OpenVEX"},
      {"broken/invalid-utf8.openvex.json", "invalid-utf8.openvex.json:2:"},
      {"broken/array.json", "not an array"},
      {"broken/unclosed.yaml", "unclosed.yaml:"},
      {"broken/ignore-not-a-list.yaml", "ignore-not-a-list.yaml:1:9: \"ignore\" is a list"},
      {"broken/yaml-without-ignore.yaml", "has an \"ignore\" list"},
  };
  for (const auto& [file, why] : cases) {
    Suppressions s;
    const Status status = s.add_file(suppress_fixture(file));
    ASSERT_FALSE(status.is_ok()) << file;
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << file;
    EXPECT_NE(status.message().find(why), std::string::npos) << status.to_string();
    EXPECT_EQ(s.size(), 0u) << file;
  }
}

TEST(Broken, InvalidUtf8IsNamed) {
  Suppressions s;
  const Status status = s.add_file(suppress_fixture("broken/invalid-utf8.openvex.json"));
  ASSERT_FALSE(status.is_ok());
  EXPECT_NE(status.message().find("UTF-8"), std::string::npos) << status.to_string();
}

TEST(Broken, EmptyInput) {
  // An empty JSON document is an error; an empty ignore file ignores nothing.
  Suppressions s;
  EXPECT_FALSE(s.add_openvex("", "empty.json").is_ok());
  EXPECT_FALSE(s.add_cyclonedx_vex("", "empty.json").is_ok());
  EXPECT_TRUE(s.add_file(suppress_fixture("broken/empty.json")).is_ok());
  EXPECT_TRUE(s.add_ignore_file("", ".upkeepignore").is_ok());
  EXPECT_TRUE(s.add_ignore_file("# nothing yet\n\n", ".upkeepignore").is_ok());
  EXPECT_TRUE(s.add_ignore_file("---\n", ".upkeepignore").is_ok());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_TRUE(s.warnings().empty());
}

TEST(Broken, MissingFile) {
  std::vector<std::string> paths = {suppress_fixture("no/such/file.json")};
  auto loaded = Suppressions::load(paths);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.status().code(), StatusCode::kIoError);
  EXPECT_NE(loaded.status().message().find("no/such/file.json"), std::string::npos);
}

TEST(Broken, KindsAreNotConfused) {
  // An OpenVEX document given to the CycloneDX reader, and the other way round.
  Suppressions s;
  EXPECT_FALSE(s.add_cyclonedx_vex(read("openvex/webapp.openvex.json"), "a.json").is_ok());
  EXPECT_FALSE(s.add_openvex(read("cyclonedx/webapp-1.6.cdx.json"), "b.json").is_ok());
  EXPECT_EQ(s.size(), 0u);
}

TEST(Broken, DeepNestingIsAnErrorNotACrash) {
  for (const std::string& open : {std::string("["), std::string("{\"a\":")}) {
    std::string text = "{\"statements\": ";
    for (int i = 0; i < 100000; ++i)
      text += open;
    Suppressions s;
    const Status status = s.add_openvex(text, "deep.json");
    ASSERT_FALSE(status.is_ok());
    EXPECT_NE(status.message().find("deep.json:1:"), std::string::npos) << status.to_string();
  }
  // Deep YAML.
  std::string flow = "ignore: " + std::string(100000, '[');
  Suppressions s;
  EXPECT_FALSE(s.add_ignore_file(flow, "deep.yaml").is_ok());
}

TEST(Generated, HugeDocumentsLoadAndLookUpFast) {
  // 100,000 OpenVEX statements, one product each, and 100,000 ignore lines.
  std::string vex =
      "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"x\", \"author\": \"a\", "
      "\"timestamp\": \"2024-01-01T00:00:00Z\", \"version\": 1, \"statements\": [";
  std::string lines;
  constexpr int kCount = 100000;
  for (int i = 0; i < kCount; ++i) {
    if (i > 0) vex += ",";
    vex += "{\"vulnerability\": {\"name\": \"CVE-2024-" + std::to_string(10000 + i) +
           "\"}, \"products\": [{\"@id\": \"pkg:npm/pkg-" + std::to_string(i) +
           "@1.0.0\"}], \"status\": \"fixed\"}";
    lines +=
        "GHSA-gen-" + std::to_string(i) + " pkg:pypi/p" + std::to_string(i) + " generated entry\n";
  }
  vex += "]}";
  const auto start = std::chrono::steady_clock::now();
  Suppressions s;
  ASSERT_TRUE(s.add_openvex(vex, "huge.json").is_ok());
  ASSERT_TRUE(s.add_ignore_file(lines, "huge.txt").is_ok());
  EXPECT_EQ(s.size(), 2u * kCount);
  EXPECT_TRUE(s.warnings().empty());
  const auto today = testing::date("2025-01-01");
  for (int i = 0; i < kCount; i += 997) {
    ASSERT_TRUE(s.lookup({"CVE-2024-" + std::to_string(10000 + i)},
                         "pkg:npm/pkg-" + std::to_string(i) + "@1.0.0", today))
        << i;
    ASSERT_TRUE(s.lookup({"GHSA-gen-" + std::to_string(i)}, "pkg:pypi/p" + std::to_string(i) + "@2",
                         today));
    ASSERT_FALSE(s.lookup({"CVE-2024-" + std::to_string(10000 + i)},
                          "pkg:npm/pkg-" + std::to_string(i + 1) + "@1.0.0", today));
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // About 0.3 s in a release build. Recorded, not asserted: a test never fails on the wall clock.
  ::testing::Test::RecordProperty("lookup_seconds", std::to_string(seconds));
}

}  // namespace
}  // namespace upkeep::suppress
