// SPDX-License-Identifier: Apache-2.0
//
// Shared between the CVSS parser (cvss.cc) and the v4.0 scoring (cvss4.cc); not installed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "upkeep/severity.h"
#include "upkeep/status.h"

namespace upkeep::severity::detail {

enum class MetricGroup : std::uint8_t { kBase, kTemporal, kThreat, kEnvironmental, kSupplemental };

// One metric of a version: its abbreviation, its allowed values (unused slots empty), its group.
struct MetricDef {
  std::string_view name;
  std::array<std::string_view, 5> values;
  MetricGroup group;
};

constexpr std::size_t kMaxMetrics = 32;
constexpr std::uint8_t kAbsent = 0xff;

// A syntactically valid vector: for each metric of metrics_of(version), the index of its value in
// MetricDef::values, or kAbsent.
struct ParsedVector {
  CvssVersion version = CvssVersion::kV3_1;
  std::array<std::uint8_t, kMaxMetrics> values{};
  bool trailing_slash = false;  // a single trailing '/' was dropped

  // The value of `metric` ("" when absent or unknown); its first character (0 when absent).
  std::string_view value(std::string_view metric) const;
  char value_char(std::string_view metric) const;
  // Whether a metric of `group` is present with a value other than X.
  bool defines(MetricGroup group) const;
  // "CVSS:<v>/..." in table order without X values.
  std::string canonical() const;
};

// The metric table of a version, in the specification's order.
std::span<const MetricDef> metrics_of(CvssVersion version);

// The strict parser behind parse_cvss().
Result<ParsedVector> parse_vector(std::string_view vector);

// Fills base, full, nomenclature and macro_vector of a v4.0 vector.
void score_v4(const ParsedVector& p, CvssScore& out);

}  // namespace upkeep::severity::detail
