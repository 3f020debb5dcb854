// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "support/inventory_testing.h"
#include "upkeep/fs.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

constexpr std::string_view kId = "vcpkg.json";

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/vcpkg-json/" + name;
}

TEST(VcpkgJson, DependenciesOverridesAndHostTools) {
  auto r = run_extractor_on_file(kId, fixture("vcpkg.json"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // fmt, openssl, curl, vcpkg-cmake, zlib (listed twice: once a host tool, once a library) and
  // nghttp2 (only overridden); the project itself (example-app) is not a component.
  ASSERT_EQ(r.components.size(), 6u);
  EXPECT_TRUE(r.named("example-app").empty());

  const Component* fmt = r.find("fmt", "10.1.1");  // pinned by its override
  ASSERT_NE(fmt, nullptr);
  EXPECT_EQ(fmt->ecosystem, "vcpkg");
  EXPECT_EQ(fmt->purl, "pkg:generic/vcpkg/fmt@10.1.1");
  EXPECT_EQ(fmt->relationship, Relationship::kDirect);
  EXPECT_EQ(fmt->scope, Scope::kRuntime);

  const Component* openssl = r.find("openssl", "");  // a minimum is not a version
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->purl, "pkg:generic/vcpkg/openssl");
  EXPECT_EQ(openssl->version_note,
            "not pinned: vcpkg chooses it at install from the baseline "
            "3426db05b996481ca31e95fff3734cf23e0f51bc, at least 3.0.8");

  EXPECT_EQ(r.find("vcpkg-cmake", "")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("zlib", "")->scope, Scope::kRuntime);  // also a library, not only a tool
  EXPECT_EQ(r.find("curl", "")->relationship, Relationship::kDirect);

  const Component* nghttp2 = r.find("nghttp2", "1.57.0");
  ASSERT_NE(nghttp2, nullptr);
  EXPECT_EQ(nghttp2->relationship, Relationship::kTransitive);
}

TEST(VcpkgJson, EmptyFileIsNotJson) {
  auto r = run_extractor_on_file(kId, fixture("empty.json"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("not a valid vcpkg.json"), std::string::npos);
}

TEST(VcpkgJson, TruncatedNamesTheLine) {
  auto r = run_extractor_on_file(kId, fixture("truncated.json"));
  EXPECT_TRUE(r.components.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 5u) << r.warnings_text();
}

TEST(VcpkgJson, WrongTypesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file(kId, fixture("wrong_types.json"));
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_NE(r.find("fmt", ""), nullptr);
  EXPECT_NE(r.find("boost-asio", ""), nullptr);
  ASSERT_EQ(r.warnings.size(), 3u) << r.warnings_text();
  EXPECT_NE(r.warnings_text().find("a dependency without a port name (dependency 1)"),
            std::string::npos);
  EXPECT_NE(r.warnings_text().find("a dependency without a port name (dependency 2)"),
            std::string::npos);
  EXPECT_NE(r.warnings_text().find("\"overrides\" is not an array"), std::string::npos);
}

TEST(VcpkgJson, InvalidUtf8DeepNestingAndNonObjects) {
  for (const char* name : {"invalid_utf8.json", "deep_nesting.json", "not_object.json"}) {
    auto r = run_extractor_on_file(kId, fixture(name));
    EXPECT_TRUE(r.components.empty()) << name;
    ASSERT_EQ(r.warnings.size(), 1u) << name << ": " << r.warnings_text();
    EXPECT_NE(r.warnings[0].message.find("not a valid vcpkg.json"), std::string::npos)
        << r.warnings_text();
  }
}

TEST(VcpkgJson, HugeManifestIsLinear) {
  std::string text = R"({"dependencies": [)";
  constexpr int kPorts = 100000;
  for (int i = 0; i < kPorts; ++i)
    text += (i ? ",\"p" : "\"p") + std::to_string(i) + "\"";
  text += "]}";
  MemoryFs fs;
  fs.add_file("/vcpkg.json", text);
  auto r = run_extractor(kId, fs, "/vcpkg.json");
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kPorts));
}

// PlotJuggler's vcpkg.json: 8 dependencies, none pinned (no overrides, no baseline). Derived by
// reading the file: `python3 -c "import json; print(len(json.load(open(F))['dependencies']))"`
// = 8 (seven names and one object, arrow with the parquet feature).
TEST(VcpkgJson, PlotJugglerManifest) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no shared data";
  auto r = run_extractor_on_file(kId, data + "/lockfiles/vcpkg/plotjuggler-vcpkg.json");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 8u);
  for (const char* name : {"protobuf", "mosquitto", "zeromq", "qt5-base", "qt5-svg",
                           "qt5-websockets", "qt5-serialport", "arrow"}) {
    const Component* c = r.find(name, "");
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->relationship, Relationship::kDirect);
    EXPECT_EQ(c->scope, Scope::kRuntime);
    EXPECT_EQ(c->purl, std::string("pkg:generic/vcpkg/") + name);
    EXPECT_EQ(c->version_note,
              "not pinned: vcpkg chooses it at install from the registry's "
              "current ports");
  }
}

}  // namespace
}  // namespace upkeep::inventory
