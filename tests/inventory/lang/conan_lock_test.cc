// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "support/inventory_testing.h"

namespace upkeep::inventory {
namespace {

using upkeep::testing::inventory_fixture_dir;
using upkeep::testing::run_extractor;
using upkeep::testing::run_extractor_on_file;
using upkeep::testing::shared_data_dir;

std::string fixture(const std::string& name) {
  return inventory_fixture_dir() + "/conan-lock/" + name;
}

TEST(ConanLock, Conan2Lists) {
  auto r = run_extractor_on_file("conan.lock", fixture("v2.lock"));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  // 4 requires + 4 build_requires + 1 python_requires, zlib in both lists once.
  ASSERT_EQ(r.components.size(), 8u);
  const Component* zlib = r.find("zlib", "1.3.1");
  ASSERT_NE(zlib, nullptr);
  EXPECT_EQ(zlib->ecosystem, "ConanCenter");
  EXPECT_EQ(zlib->purl, "pkg:conan/zlib@1.3.1?rrev=f52e03ae3d251dec704634230cd806a2");
  EXPECT_EQ(zlib->scope, Scope::kRuntime);
  EXPECT_EQ(zlib->relationship, Relationship::kUnknown);
  EXPECT_EQ(
      r.find("mylib", "2.0")->purl,
      "pkg:conan/mylib@2.0?channel=stable&rrev=0123456789abcdef0123456789abcdef&user=mycompany");
  EXPECT_EQ(r.find("norev", "1.0")->purl, "pkg:conan/norev@1.0");
  EXPECT_EQ(r.find("cmake", "3.29.6")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.named("pkgconf").size(), 2u);
  // "user/_": no channel.
  EXPECT_EQ(r.find("pyreq", "1.0.0")->purl,
            "pkg:conan/pyreq@1.0.0?rrev=fedcba9876543210fedcba9876543210&user=user");
  EXPECT_EQ(r.find("pyreq", "1.0.0")->scope, Scope::kDevelopment);
}

TEST(ConanLock, Conan1GraphLock) {
  auto r = run_extractor_on_file("conan.lock", fixture("v1_graph.lock"));
  ASSERT_EQ(r.components.size(), 4u);
  const Component* poco = r.find("poco", "1.12.4");
  ASSERT_NE(poco, nullptr);
  EXPECT_EQ(poco->relationship, Relationship::kDirect);
  EXPECT_EQ(poco->scope, Scope::kRuntime);
  EXPECT_EQ(poco->dependencies, std::vector<std::string>{"openssl"});
  const Component* openssl = r.find("openssl", "1.1.1t");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->relationship, Relationship::kTransitive);
  EXPECT_EQ(openssl->purl, "pkg:conan/openssl@1.1.1t?rrev=5c1bc9a6d4e4c7b5c1bc9a6d4e4c7b5c");
  EXPECT_EQ(r.find("fmt", "9.1.0")->relationship, Relationship::kDirect);
  const Component* cmake = r.find("cmake", "3.25.1");
  ASSERT_NE(cmake, nullptr);
  EXPECT_EQ(cmake->scope, Scope::kDevelopment);
  EXPECT_EQ(cmake->relationship, Relationship::kDirect);
  // Node 5 has no reference.
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("node \"5\""), std::string::npos);
}

TEST(ConanLock, EmptyAndTruncated) {
  auto empty = run_extractor_on_file("conan.lock", fixture("empty.lock"));
  EXPECT_TRUE(empty.components.empty());
  ASSERT_EQ(empty.warnings.size(), 1u);
  auto truncated = run_extractor_on_file("conan.lock", fixture("truncated.lock"));
  EXPECT_TRUE(truncated.components.empty());
  ASSERT_EQ(truncated.warnings.size(), 1u);
  EXPECT_EQ(truncated.warnings[0].line, 6u) << truncated.warnings_text();
}

TEST(ConanLock, WrongTypesAreReportedAndTheRestKept) {
  auto r = run_extractor_on_file("conan.lock", fixture("wrong_types.lock"));
  ASSERT_EQ(r.components.size(), 1u);
  EXPECT_EQ(r.components[0].purl, "pkg:conan/good@1.0?rrev=abc");
  ASSERT_EQ(r.warnings.size(), 6u) << r.warnings_text();
  EXPECT_NE(r.warnings[0].message.find("requires[0]"), std::string::npos);
  EXPECT_NE(r.warnings[3].message.find("requires[4]"), std::string::npos);
  EXPECT_NE(r.warnings[4].message.find("\"build_requires\" is not an array"), std::string::npos);
}

TEST(ConanLock, InvalidUtf8AndDeepNesting) {
  auto bad = run_extractor_on_file("conan.lock", fixture("invalid_utf8.lock"));
  EXPECT_TRUE(bad.components.empty());
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_EQ(bad.warnings[0].line, 1u);
  EXPECT_NE(bad.warnings[0].message.find("UTF-8"), std::string::npos);
  auto deep = run_extractor_on_file("conan.lock", fixture("deep_nesting.lock"));
  EXPECT_TRUE(deep.components.empty());
  ASSERT_EQ(deep.warnings.size(), 1u);
  EXPECT_NE(deep.warnings[0].message.find("nested deeper"), std::string::npos);
}

TEST(ConanLock, HugeFileIsLinear) {
  std::string text = R"({"version": "0.5", "requires": [)";
  constexpr int kRefs = 100000;
  for (int i = 0; i < kRefs; ++i) {
    if (i) text += ",";
    text += "\"pkg" + std::to_string(i) + "/1.0#abc%1.0\"";
  }
  text += R"(], "build_requires": []})";
  MemoryFs fs;
  fs.add_file("/conan.lock", text);
  auto r = run_extractor("conan.lock", fs, "/conan.lock");
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.components.size(), static_cast<size_t>(kRefs));
}

// nmos-sender-receiver-framework's Conan 2 lock: 25 "requires" and 21 "build_requires"; 8
// references are in both lists (zlib, pcre2, libselinux, libmount, libffi, libelf, glib, bzip2),
// so 38 components, 25 runtime and 13 development only (python3: set(requires) | set(build) ->
// 38, set(build) - set(requires) -> 13). pkgconf and meson each have several versions.
TEST(ConanLock, RealNmosLock) {
  const std::string data = shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "no ../shared/data";
  auto r = run_extractor_on_file(
      "conan.lock", data + "/lockfiles/conan/nmos-sender-receiver-framework-conan.lock");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings_text();
  ASSERT_EQ(r.components.size(), 38u);
  size_t dev = 0;
  for (const auto& c : r.components)
    dev += c.scope == Scope::kDevelopment;
  EXPECT_EQ(dev, 13u);
  EXPECT_EQ(r.named("pkgconf").size(), 3u);
  EXPECT_EQ(r.named("meson").size(), 2u);
  const Component* openssl = r.find("openssl", "3.2.2");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->purl, "pkg:conan/openssl@3.2.2?rrev=899583c694f9deccec74dbe0bbc65a15");
  EXPECT_EQ(openssl->scope, Scope::kRuntime);
  const Component* nmos = r.find("nmos-cpp", "cci.20240223");
  ASSERT_NE(nmos, nullptr);
  EXPECT_EQ(nmos->purl, "pkg:conan/nmos-cpp@cci.20240223?rrev=20612f8f03e7230f18454e2c07308c82");
  EXPECT_EQ(r.find("zlib", "1.3.1")->scope, Scope::kRuntime);
  EXPECT_EQ(r.find("cmake", "3.29.6")->scope, Scope::kDevelopment);
  EXPECT_EQ(r.find("libffi", "3.4.4")->scope, Scope::kRuntime);
}

}  // namespace
}  // namespace upkeep::inventory
