// SPDX-License-Identifier: Apache-2.0
//
// What every scan renderer shares: the findings in their one report order, grouped by component
// with each component's advice, the counts of the summary, and the text helpers that keep
// untrusted strings (package names, paths, advisory summaries) harmless in each syntax.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/json_writer.h"
#include "upkeep/scan_report.h"

namespace upkeep::report::detail {

struct FindingGroup {
  size_t component = 0;  // index into the inventory's components
  // component_label(), with ":arch" after the name when the inventory has the same package in
  // the same file for several architectures (dpkg multiarch: libc6:amd64 and libc6:i386), as
  // dpkg-query writes it.
  std::string label;
  // Its findings in report order: unsuppressed before suppressed, then by rating (most severe
  // first), then by preferred id.
  std::vector<const match::Finding*> findings;
  const match::ComponentAdvice* advice = nullptr;  // null when the scan gave none
  Rating worst = Rating::kUnknown;  // of the unsuppressed findings (kUnknown if all suppressed)
  bool all_suppressed = false;
};

struct ScanSummary {
  uint64_t components = 0;             // in the inventory
  uint64_t vulnerable_components = 0;  // with at least one unsuppressed finding
  uint64_t findings = 0;               // unsuppressed
  uint64_t suppressed = 0;
  uint64_t by_rating[6] = {};  // unsuppressed, indexed by Rating
  uint64_t kev = 0;            // unsuppressed findings in CISA KEV
  uint64_t fixable = 0;        // unsuppressed findings with a fixed version
};

struct ScanView {
  // Every finding whose component exists, in report order: unsuppressed before suppressed, then
  // rating (most severe first), then component (inventory order, i.e. purl order), then
  // preferred id, then the remaining fields so that equal keys still sort the same way.
  std::vector<const match::Finding*> findings;
  // Components with findings: those with unsuppressed findings first, by their worst rating,
  // then in inventory order.
  std::vector<FindingGroup> groups;
  ScanSummary summary;
  // Findings dropped because their component index is out of range (a caller's bug; reported in
  // the JSON summary so it cannot go unnoticed).
  uint64_t dangling = 0;
};

ScanView build_scan_view(const ScanResult& scan);

// The preferred id: the first of `ids`, else the first record, else "(unknown)".
std::string_view preferred_id(const match::Finding& finding);

// "9.8" (one decimal, C locale).
std::string format_score(double score);
// EPSS probability as a percentage with two decimals: "12.34%".
std::string format_epss(double epss);
// Percentile as "p95" (rounded down: 0.999 is p99).
std::string format_percentile(double percentile);

// YYYY-MM-DD of seconds since the epoch (UTC).
std::string format_date(int64_t seconds);
// Whole days between `updated` and the report time, never negative; unset when unknown.
std::optional<int64_t> database_age_days(const DatabaseInfo& db, const ReportOptions& options);
// "updated 2023-11-10, 4 days old" / "age unknown".
std::string describe_database_age(const DatabaseInfo& db, const ReportOptions& options);

// printable_text (upkeep/utf8.h): no control character or broken UTF-8 reaches a reader.
std::string clean_text(std::string_view s, bool keep_newlines = false);

// HTML text and attribute values: clean_text plus & < > " ' escaped.
std::string html_escape(std::string_view s);

// The fields every upkeep JSON report opens with: "schema" and "tool" (name and version).
void json_head(JsonWriter& w, std::string_view schema, const ReportOptions& options);

// Untrusted text as literal Markdown on one line: HTML's special characters as entities, the
// Markdown ones (and the table's '|') backslash-escaped ('(' and '!' need not be: with '[' escaped
// they cannot make a link or an image), and '@' followed by U+2060 WORD JOINER so that
// "@babel/core" in a comment does not mention (and notify) the GitHub user "babel".
std::string markdown_text(std::string_view s);

// Text as a terminal shows it (clean_text: no control character reaches the terminal) and its
// width in code points.
struct Cell {
  std::string text;
  size_t width = 0;
};
Cell cell(std::string_view s);
// The first `width` code points (a '~' marking a cut), padded to `width` when `pad`.
std::string fit(const Cell& c, size_t width, bool pad);

// "1 component", "3 components".
std::string plural(uint64_t n, std::string_view one, std::string_view many);

// A heading line of a terminal report: bold when `options.color`, then a newline.
std::string title_line(std::string_view text, const ReportOptions& options);

// Rows of text as aligned columns: each column padded to its widest cell (the last one not
// padded), two spaces between columns, `indent` spaces before each row, one row a line.
std::string aligned(const std::vector<std::vector<std::string>>& rows, size_t indent);

// A component label for people: "name version" (or "name (version note)").
// Text followed by ". " unless it already ends a sentence: for joining a summary and what
// follows it.
std::string component_label(const inventory::Component& c);
std::string end_sentence(std::string_view text);

// The maintenance group of component `i` when the scan had an owners file: "group NAME" or
// "no group"; "" without an owners file.
std::string owner_label(const ScanResult& scan, size_t i);

// The targets' specs joined by ", " ("(no target)" when none).
std::string targets_label(const inventory::Inventory& inventory);

// SARIF, as GitHub code scanning reads it (docs/formats/sarif.md). properties.security-severity
// is a CVSS-like number: the score when known, else the middle of the rating's band so that GitHub
// shows the same label; "" when neither is known.
std::string sarif_security_severity(std::optional<double> score, Rating rating);
// "error" for critical and high, "warning" for medium and unknown (a known vulnerability of
// unknown severity is not to be overlooked), "note" for low and none.
std::string_view sarif_level(Rating rating);
// A file's path as a SARIF artifact URI relative to the repository root: leading "./" and "/"
// dropped (`fallback`, else "unknown", when nothing is left), bytes outside RFC 3986's
// unreserved set and '/' percent-encoded.
std::string sarif_uri(std::string_view path, std::string_view fallback);

// The page of a vulnerability id on osv.dev (which also resolves CVE and distribution ids).
std::string vulnerability_url(std::string_view id);

// "Upgrade to 4.17.21 (fixes all 3)", "No single upgrade fixes all findings", "No fixed version
// is known", or "" when the scan gave no advice for the group (or it has no open finding).
std::string advice_text(const FindingGroup& group);

}  // namespace upkeep::report::detail
