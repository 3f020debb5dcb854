// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "upkeep/version.h"

namespace upkeep::version {
namespace {

TEST(Registry, ShortNamesAreUniqueAndFindable) {
  std::set<std::string_view> names;
  for (const auto& info : all_schemes()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_EQ(find_scheme(info.name), info.scheme);
    EXPECT_FALSE(info.reference.empty());
  }
}

TEST(Registry, OsvEcosystemNamesWithReleaseSuffixes) {
  const Scheme* deb = find_scheme("deb");
  ASSERT_NE(deb, nullptr);
  EXPECT_EQ(find_scheme("Debian"), deb);
  EXPECT_EQ(find_scheme("Debian:12"), deb);
  EXPECT_EQ(find_scheme("debian:12"), deb);
  EXPECT_EQ(find_scheme("Ubuntu:22.04:LTS"), deb);
  EXPECT_EQ(find_scheme("Ubuntu:Pro:14.04:LTS"), deb);
}

TEST(Registry, UnknownEcosystemIsAnErrorNamingTheKnownOnes) {
  EXPECT_EQ(find_scheme("NoSuchEcosystem"), nullptr);
  EXPECT_EQ(find_scheme(""), nullptr);
  auto r = scheme_for("NoSuchEcosystem");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("NoSuchEcosystem"), std::string::npos);
  EXPECT_NE(r.status().message().find("deb"), std::string::npos);
}

}  // namespace
}  // namespace upkeep::version
