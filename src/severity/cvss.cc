// SPDX-License-Identifier: Apache-2.0
//
// CVSS vector parsing (v3.0, v3.1, v4.0) and the v3 equations. The v4.0 scoring lives in
// cvss4.cc; both share the metric tables and the parser here.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "severity/cvss_internal.h"
#include "upkeep/severity.h"

namespace upkeep::severity {
namespace detail {
namespace {

using G = MetricGroup;

// CVSS v3.x metrics in the order of the v3.1 specification's Table 15 (the canonical order).
// The values of optional metrics start with X (Not Defined).
constexpr MetricDef kV3Metrics[] = {
    {"AV", {"N", "A", "L", "P"}, G::kBase},
    {"AC", {"L", "H"}, G::kBase},
    {"PR", {"N", "L", "H"}, G::kBase},
    {"UI", {"N", "R"}, G::kBase},
    {"S", {"U", "C"}, G::kBase},
    {"C", {"H", "L", "N"}, G::kBase},
    {"I", {"H", "L", "N"}, G::kBase},
    {"A", {"H", "L", "N"}, G::kBase},
    {"E", {"X", "H", "F", "P", "U"}, G::kTemporal},
    {"RL", {"X", "U", "W", "T", "O"}, G::kTemporal},
    {"RC", {"X", "C", "R", "U"}, G::kTemporal},
    {"CR", {"X", "H", "M", "L"}, G::kEnvironmental},
    {"IR", {"X", "H", "M", "L"}, G::kEnvironmental},
    {"AR", {"X", "H", "M", "L"}, G::kEnvironmental},
    {"MAV", {"X", "N", "A", "L", "P"}, G::kEnvironmental},
    {"MAC", {"X", "L", "H"}, G::kEnvironmental},
    {"MPR", {"X", "N", "L", "H"}, G::kEnvironmental},
    {"MUI", {"X", "N", "R"}, G::kEnvironmental},
    {"MS", {"X", "U", "C"}, G::kEnvironmental},
    {"MC", {"X", "H", "L", "N"}, G::kEnvironmental},
    {"MI", {"X", "H", "L", "N"}, G::kEnvironmental},
    {"MA", {"X", "H", "L", "N"}, G::kEnvironmental},
};

// CVSS v4.0 metrics in the order of the v4.0 specification's Table 23.
constexpr MetricDef kV4Metrics[] = {
    {"AV", {"N", "A", "L", "P"}, G::kBase},
    {"AC", {"L", "H"}, G::kBase},
    {"AT", {"N", "P"}, G::kBase},
    {"PR", {"N", "L", "H"}, G::kBase},
    {"UI", {"N", "P", "A"}, G::kBase},
    {"VC", {"H", "L", "N"}, G::kBase},
    {"VI", {"H", "L", "N"}, G::kBase},
    {"VA", {"H", "L", "N"}, G::kBase},
    {"SC", {"H", "L", "N"}, G::kBase},
    {"SI", {"H", "L", "N"}, G::kBase},
    {"SA", {"H", "L", "N"}, G::kBase},
    {"E", {"X", "A", "P", "U"}, G::kThreat},
    {"CR", {"X", "H", "M", "L"}, G::kEnvironmental},
    {"IR", {"X", "H", "M", "L"}, G::kEnvironmental},
    {"AR", {"X", "H", "M", "L"}, G::kEnvironmental},
    {"MAV", {"X", "N", "A", "L", "P"}, G::kEnvironmental},
    {"MAC", {"X", "L", "H"}, G::kEnvironmental},
    {"MAT", {"X", "N", "P"}, G::kEnvironmental},
    {"MPR", {"X", "N", "L", "H"}, G::kEnvironmental},
    {"MUI", {"X", "N", "P", "A"}, G::kEnvironmental},
    {"MVC", {"X", "H", "L", "N"}, G::kEnvironmental},
    {"MVI", {"X", "H", "L", "N"}, G::kEnvironmental},
    {"MVA", {"X", "H", "L", "N"}, G::kEnvironmental},
    {"MSC", {"X", "H", "L", "N"}, G::kEnvironmental},
    {"MSI", {"X", "S", "H", "L", "N"}, G::kEnvironmental},
    {"MSA", {"X", "S", "H", "L", "N"}, G::kEnvironmental},
    {"S", {"X", "N", "P"}, G::kSupplemental},
    {"AU", {"X", "N", "Y"}, G::kSupplemental},
    {"R", {"X", "A", "U", "I"}, G::kSupplemental},
    {"V", {"X", "D", "C"}, G::kSupplemental},
    {"RE", {"X", "L", "M", "H"}, G::kSupplemental},
    {"U", {"X", "Clear", "Green", "Amber", "Red"}, G::kSupplemental},
};

static_assert(std::size(kV3Metrics) <= kMaxMetrics && std::size(kV4Metrics) <= kMaxMetrics);

// A vector longer than this is rejected before any work: the longest valid v4.0 vector (every
// metric, the longest values) is about 200 bytes.
constexpr std::size_t kMaxVectorLength = 512;

std::string quoted(std::string_view s) {
  // Error messages echo input: keep them short and printable.
  std::string out = "'";
  for (char c : s.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  if (s.size() > 40) out += "...";
  out += "'";
  return out;
}

// ---- v3 equations --------------------------------------------------------------------------

// Appendix A of the v3.1 specification: Roundup on an integer representation, so that a value
// such as 4.000000000000001 (floating-point noise on 4.0) stays 4.0.
double roundup_v31(double input) {
  const auto int_input = static_cast<long long>(std::round(input * 100000.0));
  if (int_input % 10000 == 0) return static_cast<double>(int_input) / 100000.0;
  return static_cast<double>(int_input / 10000 + 1) / 10.0;
}

// v3.0 defines Roundup as "the smallest number, specified to one decimal place, that is equal to
// or higher than its input", which FIRST's v3.0 calculator computes as ceil(x * 10) / 10.
double roundup_v30(double input) {
  return std::ceil(input * 10.0) / 10.0;
}

double av_weight(char v) {
  switch (v) {
    case 'N':
      return 0.85;
    case 'A':
      return 0.62;
    case 'L':
      return 0.55;
    default:
      return 0.2;  // P
  }
}
double ac_weight(char v) {
  return v == 'L' ? 0.77 : 0.44;
}
double pr_weight(char v, bool scope_changed) {
  switch (v) {
    case 'N':
      return 0.85;
    case 'L':
      return scope_changed ? 0.68 : 0.62;
    default:
      return scope_changed ? 0.5 : 0.27;  // H
  }
}
double ui_weight(char v) {
  return v == 'N' ? 0.85 : 0.62;
}
double cia_weight(char v) {
  switch (v) {
    case 'H':
      return 0.56;
    case 'L':
      return 0.22;
    default:
      return 0.0;  // N
  }
}
double e_weight(char v) {
  switch (v) {
    case 'F':
      return 0.97;
    case 'P':
      return 0.94;
    case 'U':
      return 0.91;
    default:
      return 1.0;  // X, H
  }
}
double rl_weight(char v) {
  switch (v) {
    case 'W':
      return 0.97;
    case 'T':
      return 0.96;
    case 'O':
      return 0.95;
    default:
      return 1.0;  // X, U
  }
}
double rc_weight(char v) {
  switch (v) {
    case 'R':
      return 0.96;
    case 'U':
      return 0.92;
    default:
      return 1.0;  // X, C
  }
}
double requirement_weight(char v) {
  switch (v) {
    case 'H':
      return 1.5;
    case 'L':
      return 0.5;
    default:
      return 1.0;  // X, M
  }
}

// The operations below keep the order of FIRST's reference calculators (cvsscalc30.js,
// cvsscalc31.js): the same IEEE doubles in the same order give the same Roundup inputs.
void score_v3(const ParsedVector& p, CvssScore& out) {
  const bool v31 = out.version == CvssVersion::kV3_1;
  const auto roundup = v31 ? roundup_v31 : roundup_v30;
  auto v = [&](std::string_view m) { return p.value_char(m); };
  // An environmental metric that is X takes the base metric's value.
  auto modified = [&](std::string_view m, std::string_view base) {
    const char c = p.value_char(m);
    return c == 'X' || c == 0 ? v(base) : c;
  };

  const bool changed = v("S") == 'C';
  const double iss =
      1.0 - ((1.0 - cia_weight(v("C"))) * (1.0 - cia_weight(v("I"))) * (1.0 - cia_weight(v("A"))));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * av_weight(v("AV")) * ac_weight(v("AC")) *
                                pr_weight(v("PR"), changed) * ui_weight(v("UI"));
  double base = 0.0;
  if (impact > 0) {
    base = changed ? roundup(std::min(1.08 * (impact + exploitability), 10.0))
                   : roundup(std::min(impact + exploitability, 10.0));
  }
  out.base = base;

  const double e = e_weight(v("E"));
  const double rl = rl_weight(v("RL"));
  const double rc = rc_weight(v("RC"));
  if (p.defines(MetricGroup::kTemporal)) out.temporal = roundup(base * e * rl * rc);

  if (p.defines(MetricGroup::kEnvironmental)) {
    const bool m_changed = modified("MS", "S") == 'C';
    const double miss =
        std::min(1.0 - ((1.0 - requirement_weight(v("CR")) * cia_weight(modified("MC", "C"))) *
                        (1.0 - requirement_weight(v("IR")) * cia_weight(modified("MI", "I"))) *
                        (1.0 - requirement_weight(v("AR")) * cia_weight(modified("MA", "A")))),
                 0.915);
    double m_impact;
    if (!m_changed) {
      m_impact = 6.42 * miss;
    } else if (v31) {
      // v3.1 changed the Modified Scope:Changed impact equation (section 7.3).
      m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13);
    } else {
      m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
    }
    const double m_exploitability =
        8.22 * av_weight(modified("MAV", "AV")) * ac_weight(modified("MAC", "AC")) *
        pr_weight(modified("MPR", "PR"), m_changed) * ui_weight(modified("MUI", "UI"));
    double env = 0.0;
    if (m_impact > 0) {
      const double inner = m_changed ? roundup(std::min(1.08 * (m_impact + m_exploitability), 10.0))
                                     : roundup(std::min(m_impact + m_exploitability, 10.0));
      env = roundup(inner * e * rl * rc);
    }
    out.environmental = env;
  }
}

}  // namespace

std::span<const MetricDef> metrics_of(CvssVersion version) {
  if (version == CvssVersion::kV4_0) return kV4Metrics;
  return kV3Metrics;
}

char ParsedVector::value_char(std::string_view metric) const {
  const auto defs = metrics_of(version);
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].name == metric) {
      return values[i] == kAbsent ? 0 : defs[i].values[values[i]][0];
    }
  }
  return 0;
}

std::string_view ParsedVector::value(std::string_view metric) const {
  const auto defs = metrics_of(version);
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].name == metric) {
      return values[i] == kAbsent ? std::string_view() : defs[i].values[values[i]];
    }
  }
  return {};
}

bool ParsedVector::defines(MetricGroup group) const {
  const auto defs = metrics_of(version);
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].group == group && values[i] != kAbsent && defs[i].values[values[i]] != "X") {
      return true;
    }
  }
  return false;
}

std::string ParsedVector::canonical() const {
  std::string out = "CVSS:";
  out += cvss_version_name(version);
  const auto defs = metrics_of(version);
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (values[i] == kAbsent || defs[i].values[values[i]] == "X") continue;
    out += '/';
    out += defs[i].name;
    out += ':';
    out += defs[i].values[values[i]];
  }
  return out;
}

Result<ParsedVector> parse_vector(std::string_view vector) {
  if (vector.size() > kMaxVectorLength) {
    return Status::invalid_argument("CVSS vector longer than " + std::to_string(kMaxVectorLength) +
                                    " bytes");
  }
  ParsedVector p;
  if (vector.starts_with("CVSS:")) {
    const auto slash = vector.find('/');
    const std::string_view version =
        vector.substr(5, slash == std::string_view::npos ? slash : slash - 5);
    if (version == "3.0") {
      p.version = CvssVersion::kV3_0;
    } else if (version == "3.1") {
      p.version = CvssVersion::kV3_1;
    } else if (version == "4.0") {
      p.version = CvssVersion::kV4_0;
    } else {
      return Status::unsupported("unsupported CVSS version " +
                                 quoted(vector.substr(0, 5 + version.size())) +
                                 " (3.0, 3.1 and 4.0 are scored)");
    }
    if (vector.size() == 8)
      return Status::invalid_argument("CVSS vector " + quoted(vector) + " has no metrics");
  } else if ((vector.starts_with("AV:") || vector.starts_with("(AV:")) &&
             vector.find("/Au:") != std::string_view::npos) {
    // Authentication (Au) exists only in v2, whose vectors have no prefix.
    return Status::unsupported("CVSS v2 vector " + quoted(vector) + " is not scored");
  } else {
    return Status::invalid_argument("not a CVSS vector: " + quoted(vector) +
                                    " (expected a CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/ prefix)");
  }
  std::string_view rest;
  rest = vector.substr(9);
  // The one leniency: a single trailing '/' after a complete field (GHSA-f5pg-7wfw-84q9 carries
  // "CVSS:3.1/.../RC:C/") is dropped, and said in CvssScore::warning.
  if (rest.size() > 1 && rest.back() == '/' && rest[rest.size() - 2] != '/') {
    rest.remove_suffix(1);
    p.trailing_slash = true;
  }
  const auto defs = metrics_of(p.version);
  p.values.fill(kAbsent);

  while (true) {
    const auto slash = rest.find('/');
    const std::string_view field = rest.substr(0, slash);
    if (field.empty()) {
      return Status::invalid_argument(
          "empty field in CVSS vector " + quoted(vector) +
          (slash == std::string_view::npos ? " (trailing '/')" : " (doubled '/')"));
    }
    const auto colon = field.find(':');
    if (colon == std::string_view::npos) {
      return Status::invalid_argument("CVSS field " + quoted(field) + " is not METRIC:VALUE");
    }
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = field.substr(colon + 1);
    std::size_t index = defs.size();
    for (std::size_t i = 0; i < defs.size(); ++i) {
      if (defs[i].name == name) {
        index = i;
        break;
      }
    }
    if (index == defs.size()) {
      return Status::invalid_argument("unknown CVSS " + std::string(cvss_version_name(p.version)) +
                                      " metric " + quoted(name));
    }
    if (p.values[index] != kAbsent) {
      return Status::invalid_argument("duplicate CVSS metric " + quoted(name));
    }
    const auto& allowed = defs[index].values;
    std::size_t v = 0;
    while (v < allowed.size() && !allowed[v].empty() && allowed[v] != value)
      ++v;
    if (v == allowed.size() || allowed[v].empty()) {
      return Status::invalid_argument("invalid value " + quoted(value) + " for CVSS metric " +
                                      std::string(name));
    }
    p.values[index] = static_cast<std::uint8_t>(v);
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }

  std::string missing;
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].group == MetricGroup::kBase && p.values[i] == kAbsent) {
      if (!missing.empty()) missing += ", ";
      missing += defs[i].name;
    }
  }
  if (!missing.empty()) {
    return Status::invalid_argument("CVSS vector " + quoted(vector) +
                                    " lacks mandatory metric(s) " + missing);
  }
  return p;
}

}  // namespace detail

std::string_view cvss_version_name(CvssVersion version) noexcept {
  switch (version) {
    case CvssVersion::kV3_0:
      return "3.0";
    case CvssVersion::kV3_1:
      return "3.1";
    case CvssVersion::kV4_0:
      return "4.0";
  }
  return "?";
}

std::string_view rating_name(Rating rating) noexcept {
  switch (rating) {
    case Rating::kUnknown:
      return "Unknown";
    case Rating::kNone:
      return "None";
    case Rating::kLow:
      return "Low";
    case Rating::kMedium:
      return "Medium";
    case Rating::kHigh:
      return "High";
    case Rating::kCritical:
      return "Critical";
  }
  return "Unknown";
}

Rating rating_of(double score) noexcept {
  if (!(score >= 0.0 && score <= 10.0)) return Rating::kUnknown;  // also NaN
  if (score == 0.0) return Rating::kNone;
  if (score < 4.0) return Rating::kLow;
  if (score < 7.0) return Rating::kMedium;
  if (score < 9.0) return Rating::kHigh;
  return Rating::kCritical;
}

double CvssScore::overall() const noexcept {
  if (full) return *full;
  if (environmental) return *environmental;
  if (temporal) return *temporal;
  return base;
}

Result<CvssScore> parse_cvss(std::string_view vector) {
  auto parsed = detail::parse_vector(vector);
  if (!parsed) return parsed.status();
  const detail::ParsedVector& p = *parsed;
  CvssScore out;
  out.version = p.version;
  out.canonical = p.canonical();
  if (p.trailing_slash) out.warning = "trailing '/' ignored";
  if (p.version == CvssVersion::kV4_0) {
    detail::score_v4(p, out);
  } else {
    detail::score_v3(p, out);
  }
  out.rating = rating_of(out.base);
  return out;
}

}  // namespace upkeep::severity
