// SPDX-License-Identifier: Apache-2.0
//
// Every scheme in the table must have a fixture file of documented rules and tricky cases, and
// must agree with every line of it in both directions.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/version_cases.h"
#include "upkeep/version.h"

namespace upkeep::version {
namespace {

using upkeep::testing::load_version_cases;
using upkeep::testing::version_fixture_dir;

char flip(char op) {
  return op == '<' ? '>' : (op == '>' ? '<' : op);
}

char to_char(std::strong_ordering o) {
  return o < 0 ? '<' : (o > 0 ? '>' : '=');
}

std::vector<std::string> scheme_names() {
  std::vector<std::string> names;
  for (const auto& info : all_schemes())
    names.emplace_back(info.name);
  return names;
}

const SchemeInfo& info_for(const std::string& name) {
  for (const auto& info : all_schemes()) {
    if (info.name == name) return info;
  }
  throw std::runtime_error("no scheme " + name);
}

class SchemeFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SchemeFixtureTest, AgreesWithEveryFixtureLine) {
  const SchemeInfo& info = info_for(GetParam());
  const std::string path = version_fixture_dir() + "/" + std::string(info.name) + ".txt";
  auto cases = load_version_cases(path);
  ASSERT_TRUE(cases.is_ok()) << cases.status().to_string();
  size_t ordered = 0;
  size_t invalid = 0;
  for (const auto& c : *cases) {
    SCOPED_TRACE(path + ":" + std::to_string(c.line));
    if (c.op == '!') {
      ++invalid;
      const Status s = info.scheme->validate(c.a);
      EXPECT_FALSE(s.is_ok()) << "accepted invalid version \"" << c.a << "\"";
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
      EXPECT_NE(s.message().find(info.name), std::string::npos) << s.message();
      EXPECT_FALSE(info.scheme->is_valid(c.a));
      auto r = info.scheme->compare(c.a, c.a);
      EXPECT_FALSE(r.is_ok());
      continue;
    }
    ++ordered;
    for (const auto& v : {c.a, c.b}) {
      const Status s = info.scheme->validate(v);
      EXPECT_TRUE(s.is_ok()) << s.to_string();
      auto self = info.scheme->try_compare(v, v);
      ASSERT_TRUE(self.has_value()) << "\"" << v << "\" rejected";
      EXPECT_EQ(*self, std::strong_ordering::equal) << "\"" << v << "\" not equal to itself";
    }
    auto forward = info.scheme->compare(c.a, c.b);
    auto backward = info.scheme->compare(c.b, c.a);
    ASSERT_TRUE(forward.is_ok()) << forward.status().to_string();
    ASSERT_TRUE(backward.is_ok()) << backward.status().to_string();
    EXPECT_EQ(to_char(*forward), c.op) << "\"" << c.a << "\" vs \"" << c.b << "\"";
    EXPECT_EQ(to_char(*backward), flip(c.op)) << "\"" << c.b << "\" vs \"" << c.a << "\"";
  }
  // A fixture worth the name covers both orderings and rejections.
  EXPECT_GE(ordered, 20u) << path;
  EXPECT_GE(invalid, 5u) << path;
}

INSTANTIATE_TEST_SUITE_P(AllSchemes, SchemeFixtureTest, ::testing::ValuesIn(scheme_names()),
                         [](const auto& param) { return param.param; });

}  // namespace
}  // namespace upkeep::version
