// SPDX-License-Identifier: Apache-2.0
//
// The review's Markdown is meant for a pull-request comment, which holds 65,536 characters: a
// review of thousands of changes leaves out rows without open findings (and says how many) but
// never a row with one.
#include <gtest/gtest.h>

#include <string>

#include "upkeep/review.h"
#include "upkeep/review_report.h"

namespace upkeep::review {
namespace {

ReviewEntry added(size_t i, bool vulnerable) {
  ReviewEntry e;
  e.change.kind = ChangeKind::kAdded;
  e.change.head = i;
  e.component.ecosystem = "npm";
  e.component.name = "package-with-a-fairly-long-name-" + std::to_string(i);
  e.component.version = "1.0." + std::to_string(i);
  e.head_version = e.component.version;
  e.component.relationship = inventory::Relationship::kDirect;
  if (vulnerable) {
    ReviewFinding f;
    f.finding.ids = {"GHSA-test-" + std::to_string(i)};
    f.finding.rating = "low";
    f.is_new = true;
    e.findings.push_back(f);
  }
  return e;
}

TEST(ReviewMarkdown, FitsAPullRequestCommentKeepingEveryFinding) {
  ReviewResult result;
  result.base_target = "base/package-lock.json";
  result.head_target = "head/package-lock.json";
  constexpr size_t kEntries = 3000;
  for (size_t i = 0; i < kEntries; ++i)
    result.entries.push_back(added(i, /*vulnerable=*/i % 500 == 499));
  evaluate_policy(result);
  const std::string text = report::review_markdown(result, {});
  EXPECT_LE(text.size(), 65536u);
  for (size_t i = 499; i < kEntries; i += 500)
    EXPECT_NE(text.find("GHSA-test-" + std::to_string(i)), std::string::npos) << i;
  // Every row is either shown or counted as left out.
  size_t shown = 0;
  for (size_t i = 0; i < kEntries; ++i) {
    if (text.find("package-with-a-fairly-long-name-" + std::to_string(i) + " ") !=
        std::string::npos) {
      ++shown;
    }
  }
  EXPECT_LT(shown, kEntries);
  EXPECT_NE(
      text.find(std::to_string(kEntries - shown) + " rows without open findings are left out"),
      std::string::npos)
      << shown;
}

TEST(ReviewMarkdown, ASmallReviewShowsEveryRow) {
  ReviewResult result;
  for (size_t i = 0; i < 20; ++i)
    result.entries.push_back(added(i, false));
  evaluate_policy(result);
  const std::string text = report::review_markdown(result, {});
  EXPECT_EQ(text.find("left out"), std::string::npos);
  for (size_t i = 0; i < 20; ++i)
    EXPECT_NE(text.find("package-with-a-fairly-long-name-" + std::to_string(i) + " "),
              std::string::npos);
}

}  // namespace
}  // namespace upkeep::review
