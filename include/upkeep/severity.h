// SPDX-License-Identifier: Apache-2.0
//
// Severity: a CVSS calculator of our own (v3.0, v3.1, v4.0 vector strings to scores) and the one
// rating scale every source's severity is mapped onto.
//
// The scores follow FIRST's specifications: v3.1 section 7 with Appendix A's Roundup, v3.0 with
// its original Roundup (the smallest one-decimal number >= the input), v4.0 with the MacroVector
// lookup table and severity-distance interpolation of FIRST's reference calculator, rounded half
// up. docs/severity.md says how each is checked and where the parser is stricter than the
// specifications.
//
// Everything here is a pure function of its input: thread-safe, no global mutable state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "upkeep/status.h"

namespace upkeep::severity {

enum class CvssVersion : std::uint8_t { kV3_0, kV3_1, kV4_0 };

// "3.0", "3.1", "4.0".
std::string_view cvss_version_name(CvssVersion version) noexcept;

// The qualitative scale of CVSS v3.1 section 5 and v4.0 section 6 (identical in both), plus
// kUnknown for a source that names no usable severity ("not yet assigned", "untriaged", "").
// Ordered: a higher enumerator is more severe, kUnknown is below kNone.
enum class Rating : std::uint8_t { kUnknown, kNone, kLow, kMedium, kHigh, kCritical };

// "Unknown", "None", "Low", "Medium", "High", "Critical".
std::string_view rating_name(Rating rating) noexcept;

// The rating of a score: 0.0 None, 0.1-3.9 Low, 4.0-6.9 Medium, 7.0-8.9 High, 9.0-10.0 Critical.
// Scores are one-decimal values; a value between two steps (3.95) takes the lower step's rating
// (the step boundaries are 4.0, 7.0, 9.0); a value outside [0, 10] or NaN is kUnknown.
Rating rating_of(double score) noexcept;

// A parsed and scored CVSS vector.
struct CvssScore {
  CvssVersion version = CvssVersion::kV3_1;
  // The base score (0.0 to 10.0, one decimal) and its rating. For v4.0 this is the CVSS-B score:
  // the base metrics alone, threat and environmental metrics taken as Not Defined.
  double base = 0.0;
  Rating rating = Rating::kNone;
  // v3: the Temporal score, set when the vector defines a temporal metric (E, RL, RC not X).
  std::optional<double> temporal;
  // v3: the Environmental score, set when the vector defines an environmental metric.
  std::optional<double> environmental;
  // v4.0: the score of the whole vector (CVSS-BT, -BE or -BTE), set when the vector defines a
  // threat or environmental metric. Supplemental metrics never change a score.
  std::optional<double> full;
  // v4.0 nomenclature of `full` (or "CVSS-B"); empty for v3.
  std::string nomenclature;
  // v4.0: the six-digit MacroVector (EQ1..EQ6) of the base metrics, e.g. "002201"; empty for v3.
  std::string macro_vector;
  // The vector in the specification's metric order, metrics set to X (Not Defined) left out.
  std::string canonical;
  // Set when the vector was accepted despite a defect ("trailing '/' ignored"); empty otherwise.
  std::string warning;

  // The most specific score the vector defines: full / environmental / temporal / base.
  double overall() const noexcept;
};

// Parses and scores a vector string ("CVSS:3.1/AV:N/AC:L/...", "CVSS:4.0/AV:N/AC:L/AT:N/...").
// Strict: the prefix must be exactly "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/"; every field is
// "METRIC:VALUE" with a metric and value of that version (case-sensitive); no empty field (no
// doubled '/'); no metric twice; every base metric present. The one leniency: a single trailing
// '/', which a real GHSA record carries, is dropped and reported in CvssScore::warning. Metrics may
// come in any order (the v4.0 specification asks for its order, but real GHSA vectors break it
// and the score does not depend on it). Optional metrics may be X.
// Returns the score, or kInvalidArgument naming the offending metric or field; a CVSS v2 vector
// (no prefix) or another version is kUnsupported.
Result<CvssScore> parse_cvss(std::string_view vector);

// Maps a source's own textual severity onto the rating scale, case-insensitively and ignoring
// surrounding white space:
//   none                                          -> kNone
//   low, negligible (Ubuntu), unimportant (Debian), informational, info (npm)  -> kLow
//   medium, moderate (GHSA, npm, Red Hat / AlmaLinux)                         -> kMedium
//   high, important (Red Hat / AlmaLinux / Rocky)                             -> kHigh
//   critical                                                                  -> kCritical
// Everything else, including "untriaged" (Ubuntu), "not yet assigned" and "end-of-life" (Debian
// urgency), "unknown" and the empty string, is kUnknown. Debian urgencies carry an optional "**"
// suffix in the tracker ("high**" = high, set by the security team without a DSA); it is ignored.
Rating normalise_severity_label(std::string_view label) noexcept;

}  // namespace upkeep::severity
