// SPDX-License-Identifier: Apache-2.0
//
// The owners file: every kind of error, each from its fixture in
// tests/fixtures/maintenance/owners/, with its exact message and position; all of them at once;
// the documented example read field by field.
#include <gtest/gtest.h>

#include <string>

#include "support/inventory_testing.h"
#include "upkeep/fs.h"
#include "upkeep/owners.h"

namespace upkeep::maintenance {
namespace {

const std::string kOwnersDir = UPKEEP_FIXTURE_DIR "/maintenance/owners";

// Reads a fixture through a directory Fs, named by its file name alone in messages.
Result<OwnersFile> read_fixture(const std::string& name) {
  auto fs = open_directory_fs(kOwnersDir);
  EXPECT_TRUE(fs) << fs.status().to_string();
  return read_owners(**fs, "/" + name, name);
}

struct ErrorCase {
  const char* file;
  const char* message;
};

TEST(OwnersFile, EachErrorKindNamesItsLineAndColumn) {
  const ErrorCase cases[] = {
      {"syntax_error.toml",
       "syntax_error.toml:4:29: not valid TOML: Error while parsing array: encountered "
       "end-of-file"},
      {"wrong_type.toml", "wrong_type.toml:4:11: \"contact\" must be a string, not an integer"},
      {"wrong_type_claim.toml",
       "wrong_type_claim.toml:6:3: \"claims\" entries must be strings, not a table"},
      {"group_table.toml",
       "group_table.toml:1:1: \"group\" must be an array of tables (write [[group]], not "
       "[group]), not a table"},
      {"policy_wrong_type.toml",
       "policy_wrong_type.toml:1:10: \"policy\" must be a table ([policy]), not a string"},
      {"unknown_key.toml",
       "unknown_key.toml:4:1: unknown key \"owner\" in [[group]] (it has name, kind, contact, "
       "notices, patches and claims)"},
      {"unknown_top_level_key.toml",
       "unknown_top_level_key.toml:1:1: unknown key \"version\" (the top level has key, group "
       "and policy)"},
      {"missing_name.toml", "missing_name.toml:6:1: [[group]] has no name"},
      {"empty_name.toml", "empty_name.toml:2:8: \"name\" is empty"},
      {"duplicate_group.toml",
       "duplicate_group.toml:7:8: group name \"Web\" is used twice (first at line 2)"},
      {"missing_kind.toml",
       "missing_kind.toml:1:1: group \"web\" has no kind (internal, vendor, distribution, "
       "community)"},
      {"invalid_kind.toml",
       "invalid_kind.toml:3:8: kind \"team\" is not one of internal, vendor, distribution, "
       "community"},
      {"invalid_patches.toml",
       "invalid_patches.toml:4:19: patches \"ftp\" is not one of apt, registry, vendor-portal, "
       "other"},
      {"invalid_pattern.toml",
       "invalid_pattern.toml:4:11: invalid pattern \"pkg:deb/*\": deb purls need a namespace"},
      {"no_claims.toml",
       "no_claims.toml:4:10: group \"web\" claims nothing: its claims list is empty"},
      {"same_pattern.toml",
       "same_pattern.toml:9:11: pattern \"pkg:npm/%40acme/*\" is claimed by group "
       "\"design-system\" and by group \"web\" (line 4, column 11): a component has one group, "
       "so only one of them may claim it"},
  };
  for (const auto& [file, message] : cases) {
    const auto owners = read_fixture(file);
    ASSERT_FALSE(owners) << file;
    EXPECT_EQ(owners.status().code(), StatusCode::kInvalidArgument) << file;
    EXPECT_EQ(owners.status().message(), message) << file;
  }
}

TEST(OwnersFile, EveryProblemOfAFileIsReportedInFileOrder) {
  const auto owners = read_fixture("every_error.toml");
  ASSERT_FALSE(owners);
  EXPECT_EQ(owners.status().message(),
            "every_error.toml:2:1: unknown key \"version\" (the top level has key, group and "
            "policy)\n"
            "every_error.toml:3:27: \"key\" entries must be strings, not an integer\n"
            "every_error.toml:7:8: kind \"team\" is not one of internal, vendor, distribution, "
            "community\n"
            "every_error.toml:8:11: \"contact\" must be a string, not an array\n"
            "every_error.toml:9:1: unknown key \"owner\" in [[group]] (it has name, kind, "
            "contact, notices, patches and claims)\n"
            "every_error.toml:10:11: patches \"ftp\" is not one of apt, registry, vendor-portal, "
            "other\n"
            "every_error.toml:11:30: invalid pattern \"pkg:deb/*\": deb purls need a namespace\n"
            "every_error.toml:11:43: pattern \"pkg:npm/@acme/*\" is listed twice in group \"web\" "
            "(first at line 11, column 11)\n"
            "every_error.toml:13:1: [[group]] has no name\n"
            "every_error.toml:18:8: group name \"WEB\" is used twice (first at line 6)\n"
            "every_error.toml:20:10: group \"WEB\" claims nothing: its claims list is empty\n"
            "every_error.toml:25:11: pattern \"pkg:npm/%40acme/*\" is claimed by group "
            "\"design-system\" and by group \"web\" (line 11, column 11): a component has one "
            "group, so only one of them may claim it");
}

TEST(OwnersFile, ProblemsBeyondFiftyAreCounted) {
  const auto owners = read_fixture("many_problems.toml");
  ASSERT_FALSE(owners);
  const std::string m = owners.status().message();
  EXPECT_EQ(std::count(m.begin(), m.end(), '\n'), 50) << m;
  EXPECT_TRUE(m.starts_with("many_problems.toml:1:1: unknown key \"a1\"")) << m;
  EXPECT_TRUE(m.ends_with("\nmany_problems.toml: 10 more problems")) << m;
}

TEST(OwnersFile, TheDocumentedExampleReadsFieldByField) {
  const auto owners = read_fixture("full.toml");
  ASSERT_TRUE(owners) << owners.status().to_string();
  EXPECT_EQ(owners->source, "full.toml");
  EXPECT_TRUE(owners->has_policy);
  ASSERT_EQ(owners->key.size(), 2u);
  EXPECT_EQ(owners->key[0].text, "pkg:deb/debian/openssl");
  EXPECT_EQ(owners->key[1].line, 6u);
  ASSERT_EQ(owners->groups.size(), 5u);

  const Group& web = owners->groups[0];
  EXPECT_EQ(web.name, "web-platform");
  EXPECT_EQ(web.kind, GroupKind::kInternal);
  EXPECT_EQ(web.contact, "web-platform@example.com");
  EXPECT_EQ(web.notices, "https://wiki.example.com/web-platform/security");
  EXPECT_EQ(web.patches, PatchChannel::kRegistry);
  EXPECT_EQ(web.patches_detail, "npm, through Renovate");
  ASSERT_EQ(web.claims.size(), 2u);
  EXPECT_EQ(web.claims[0].key(), "pkg:npm/@example/*");
  EXPECT_EQ(web.line, 9u);
  EXPECT_EQ(web.column, 1u);

  EXPECT_EQ(owners->groups[1].kind, GroupKind::kDistribution);
  EXPECT_EQ(owners->groups[1].patches, PatchChannel::kApt);
  EXPECT_EQ(owners->groups[1].patches_detail, "");
  EXPECT_EQ(owners->groups[2].patches, PatchChannel::kOther);
  EXPECT_EQ(owners->groups[2].claims[0].key(), "pkg:deb/debian/*?distro=debian-12");
  EXPECT_EQ(owners->groups[3].kind, GroupKind::kVendor);
  EXPECT_EQ(owners->groups[3].patches, PatchChannel::kVendorPortal);
  EXPECT_EQ(owners->groups[3].claims[1].key(), "pkg:pypi/acme-sdk");  // PEP 503
  EXPECT_EQ(owners->groups[4].kind, GroupKind::kCommunity);
  EXPECT_EQ(owners->groups[4].contact, "");
  EXPECT_EQ(owners->groups[4].patches, PatchChannel::kRegistry);
}

TEST(OwnersFile, TheDocsShowTheExampleFixtureVerbatim) {
  const std::string docs = testing::read_host_file(UPKEEP_SOURCE_DIR "/docs/owners.md");
  const std::string example = testing::read_host_file(kOwnersDir + "/full.toml");
  ASSERT_FALSE(example.empty());
  EXPECT_NE(docs.find("```toml\n" + example + "```"), std::string::npos)
      << "docs/owners.md must show tests/fixtures/maintenance/owners/full.toml as its example";
}

TEST(OwnersFile, PolicyIsAcceptedAndNotRead) {
  const auto owners = read_fixture("policy.toml");
  ASSERT_TRUE(owners) << owners.status().to_string();
  EXPECT_TRUE(owners->has_policy);
  ASSERT_EQ(owners->groups.size(), 1u);
}

TEST(OwnersFile, AFileThatCannotBeReadIsNamed) {
  const auto owners = read_fixture("no-such-file.toml");
  ASSERT_FALSE(owners);
  EXPECT_NE(owners.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(owners.status().message().starts_with("reading the owners file no-such-file.toml: "))
      << owners.status().message();
}

TEST(OwnersFile, NamesAndKindsRoundTrip) {
  for (GroupKind k : {GroupKind::kInternal, GroupKind::kVendor, GroupKind::kDistribution,
                      GroupKind::kCommunity}) {
    EXPECT_FALSE(group_kind_name(k).empty());
  }
  EXPECT_EQ(group_kind_name(GroupKind::kDistribution), "distribution");
  EXPECT_EQ(patch_channel_name(PatchChannel::kVendorPortal), "vendor-portal");
  EXPECT_EQ(patch_channel_name(PatchChannel::kUnspecified), "");
}

}  // namespace
}  // namespace upkeep::maintenance
