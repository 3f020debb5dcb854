// SPDX-License-Identifier: Apache-2.0
//
// The dependency review as Markdown (a pull-request comment: the verdict, the counts, the added
// and changed components with their findings, group, end of life and fix, transitive ones folded
// under the direct dependency that brings them), upkeep's own JSON ("upkeep.review/1",
// docs/review.md) or SARIF 2.1.0 (one result per new finding and per policy violation).
//
// Every renderer is a pure function of the ReviewResult and the ReportOptions. Text from the
// inventories, the owners file and the advisories is untrusted and escaped for each format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "upkeep/report.h"
#include "upkeep/review.h"
#include "upkeep/status.h"

namespace upkeep::report {

enum class ReviewFormat : uint8_t { kMarkdown, kJson, kSarif };

// "markdown", "json", "sarif"; an InvalidArgument naming the choices otherwise.
Result<ReviewFormat> parse_review_format(std::string_view name);

std::string render_review(const review::ReviewResult& result, ReviewFormat format,
                          const ReportOptions& options);

std::string review_markdown(const review::ReviewResult& result, const ReportOptions& options);
std::string review_json(const review::ReviewResult& result, const ReportOptions& options);
std::string review_sarif(const review::ReviewResult& result, const ReportOptions& options);

}  // namespace upkeep::report
