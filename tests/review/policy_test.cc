// SPDX-License-Identifier: Apache-2.0
//
// The [policy] table: the defaults, every key read, and every kind of error from its fixture in
// tests/fixtures/review/policy/, with its message and position.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/fs.h"
#include "upkeep/review.h"

namespace upkeep::review {
namespace {

const std::string kPolicyDir = UPKEEP_FIXTURE_DIR "/review/policy";

Result<std::optional<Policy>> read_fixture(const std::string& name) {
  auto fs = open_directory_fs(kPolicyDir);
  EXPECT_TRUE(fs) << fs.status().to_string();
  return read_policy(**fs, "/" + name, name);
}

TEST(Policy, DefaultsAreTheDocumentedOnes) {
  const Policy p;
  ASSERT_TRUE(p.fail_on_severity.has_value());
  EXPECT_EQ(*p.fail_on_severity, report::Rating::kHigh);
  EXPECT_TRUE(p.fail_on_kev);
  EXPECT_TRUE(p.fail_on_key_without_group);
  EXPECT_FALSE(p.fail_on_end_of_life);
  EXPECT_FALSE(p.fail_on_no_group);
  EXPECT_FALSE(p.max_new_transitive.has_value());
  EXPECT_TRUE(p.allow.empty());
  EXPECT_TRUE(p.ignore_scopes.empty());
}

// The owners file the owners documentation shows (docs/owners.md) carries a [policy] that review
// reads as it is.
TEST(Policy, TheOwnersFilesPolicyIsRead) {
  auto fs = open_directory_fs(UPKEEP_FIXTURE_DIR "/maintenance/owners");
  ASSERT_TRUE(fs) << fs.status().to_string();
  auto read = read_policy(**fs, "/full.toml", "full.toml");
  ASSERT_TRUE(read) << read.status().to_string();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->fail_on_severity, report::Rating::kHigh);
  EXPECT_EQ((*read)->max_new_transitive, 10u);
  EXPECT_TRUE((*read)->fail_on_kev);  // not in the file: the default
}

TEST(Policy, EveryKeyIsRead) {
  auto read = read_fixture("full.toml");
  ASSERT_TRUE(read) << read.status().to_string();
  ASSERT_TRUE(read->has_value());
  const Policy& p = **read;
  EXPECT_EQ(p.fail_on_severity, report::Rating::kCritical);
  EXPECT_FALSE(p.fail_on_kev);
  EXPECT_FALSE(p.fail_on_key_without_group);
  EXPECT_TRUE(p.fail_on_end_of_life);
  EXPECT_TRUE(p.fail_on_no_group);
  EXPECT_EQ(p.max_new_transitive, 20u);
  EXPECT_EQ(p.allow, (std::vector<std::string>{"GHSA-29mw-wpgm-hmr9", "CVE-2021-23337"}));
  EXPECT_EQ(p.ignore_scopes, (std::vector<inventory::Scope>{inventory::Scope::kDevelopment,
                                                            inventory::Scope::kOptional}));
}

TEST(Policy, NoneTurnsTheSeverityRuleOff) {
  auto read = read_fixture("none.toml");
  ASSERT_TRUE(read && read->has_value()) << read.status().to_string();
  EXPECT_FALSE((*read)->fail_on_severity.has_value());
}

TEST(Policy, AnEmptyTableKeepsTheDefaults) {
  auto read = read_fixture("empty_policy.toml");
  ASSERT_TRUE(read && read->has_value()) << read.status().to_string();
  EXPECT_EQ((*read)->fail_on_severity, report::Rating::kHigh);
  EXPECT_TRUE((*read)->fail_on_kev);
}

TEST(Policy, NoTableIsNotAnError) {
  auto read = read_fixture("no_policy.toml");
  ASSERT_TRUE(read) << read.status().to_string();
  EXPECT_FALSE(read->has_value());
}

struct ErrorCase {
  const char* file;
  const char* message;
};

TEST(Policy, EachErrorKindNamesItsLineAndColumn) {
  const ErrorCase cases[] = {
      {"unknown_key.toml",
       "unknown_key.toml:3:1: unknown key \"fail_on_critical\" in [policy] (fail_on_severity, "
       "fail_on_kev, fail_on_key_without_group, fail_on_end_of_life, fail_on_no_group, "
       "max_new_transitive, allow, ignore_scopes)"},
      {"wrong_type_bool.toml",
       "wrong_type_bool.toml:2:15: \"fail_on_kev\" must be a boolean, not a string"},
      {"wrong_type_severity.toml",
       "wrong_type_severity.toml:2:20: \"fail_on_severity\" must be a string, not an integer"},
      {"unknown_severity.toml",
       "unknown_severity.toml:2:20: unknown severity \"moderate\" in fail_on_severity (critical, "
       "high, medium, low, none)"},
      {"negative_max.toml", "negative_max.toml:2:22: \"max_new_transitive\" must be 0 or more"},
      {"wrong_type_max.toml",
       "wrong_type_max.toml:2:22: \"max_new_transitive\" must be an integer, not a string"},
      {"wrong_type_allow.toml",
       "wrong_type_allow.toml:2:9: \"allow\" must be an array of strings, not a string"},
      {"wrong_type_allow_entry.toml",
       "wrong_type_allow_entry.toml:2:33: \"allow[]\" must be a string, not an integer"},
      {"unknown_scope.toml",
       "unknown_scope.toml:2:18: unknown scope \"dev\" in ignore_scopes (runtime, development, "
       "optional, unknown)"},
      {"policy_not_table.toml",
       "policy_not_table.toml:1:10: \"policy\" must be a table ([policy]), not a string"},
  };
  for (const auto& c : cases) {
    auto read = read_fixture(c.file);
    ASSERT_FALSE(read) << c.file;
    EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument) << c.file;
    EXPECT_EQ(read.status().message(), c.message) << c.file;
  }
}

TEST(Policy, ASyntaxErrorNamesItsPosition) {
  auto read = read_fixture("syntax_error.toml");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.status().message().rfind("syntax_error.toml:2:", 0), 0u)
      << read.status().message();
  EXPECT_NE(read.status().message().find("not valid TOML"), std::string::npos);
}

TEST(Policy, EveryProblemIsReportedInFileOrder) {
  auto read = read_fixture("every_error.toml");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.status().message(),
            "every_error.toml:2:20: unknown severity \"severe\" in fail_on_severity (critical, "
            "high, medium, low, none)\n"
            "every_error.toml:3:15: \"fail_on_kev\" must be a boolean, not an integer\n"
            "every_error.toml:4:22: \"max_new_transitive\" must be 0 or more\n"
            "every_error.toml:5:1: unknown key \"colour\" in [policy] (fail_on_severity, "
            "fail_on_kev, fail_on_key_without_group, fail_on_end_of_life, fail_on_no_group, "
            "max_new_transitive, allow, ignore_scopes)");
}

TEST(Policy, AMissingFileIsNamed) {
  auto read = read_fixture("absent.toml");
  ASSERT_FALSE(read);
  EXPECT_NE(read.status().message().find("absent.toml"), std::string::npos);
}

}  // namespace
}  // namespace upkeep::review
