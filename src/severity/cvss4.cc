// SPDX-License-Identifier: Apache-2.0
//
// CVSS v4.0 scoring: the MacroVector (EQ1..EQ6) of the specification's section 8.2, its score
// from the published lookup table, and the interpolation by severity distance inside the
// MacroVector that FIRST's reference calculator (cvss-v4-calculator) defines. The arithmetic is
// done in IEEE doubles in the reference's order, with the same level constants (0.1, 0.2, ...),
// so that the unrounded value is bit-identical to the reference's; the final rounding is the
// reference's round half up after lifting the value by 1e-6, which puts values that the
// arithmetic left one ULP below an x.x5 tie on the tie's upper side.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "severity/cvss_internal.h"
#include "upkeep/severity.h"

namespace upkeep::severity::detail {
namespace {

constexpr double kNoMacro = std::numeric_limits<double>::quiet_NaN();
#include "severity/cvss4_lookup.inc"

// The metric values that enter the score, after environmental overrides and the defaults of
// Not Defined (E -> A, CR/IR/AR -> H: the worst case).
struct Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

Effective effective_values(const ParsedVector& p, bool with_optional) {
  auto base = [&](std::string_view m) { return p.value_char(m); };
  auto modified = [&](std::string_view m, std::string_view modifier) {
    if (with_optional) {
      const char c = p.value_char(modifier);
      if (c != 0 && c != 'X') return c;
    }
    return base(m);
  };
  auto optional = [&](std::string_view m, char worst) {
    if (!with_optional) return worst;
    const char c = p.value_char(m);
    return c == 0 || c == 'X' ? worst : c;
  };
  return Effective{
      modified("AV", "MAV"), modified("AC", "MAC"), modified("AT", "MAT"), modified("PR", "MPR"),
      modified("UI", "MUI"), modified("VC", "MVC"), modified("VI", "MVI"), modified("VA", "MVA"),
      modified("SC", "MSC"), modified("SI", "MSI"), modified("SA", "MSA"), optional("E", 'A'),
      optional("CR", 'H'),   optional("IR", 'H'),   optional("AR", 'H'),
  };
}

struct Macro {
  int eq1, eq2, eq3, eq4, eq5, eq6;
};

Macro macro_vector(const Effective& m) {
  Macro r{};
  if (m.av == 'N' && m.pr == 'N' && m.ui == 'N') {
    r.eq1 = 0;
  } else if ((m.av == 'N' || m.pr == 'N' || m.ui == 'N') && m.av != 'P') {
    r.eq1 = 1;
  } else {
    r.eq1 = 2;
  }
  r.eq2 = (m.ac == 'L' && m.at == 'N') ? 0 : 1;
  if (m.vc == 'H' && m.vi == 'H') {
    r.eq3 = 0;
  } else if (m.vc == 'H' || m.vi == 'H' || m.va == 'H') {
    r.eq3 = 1;
  } else {
    r.eq3 = 2;
  }
  // MSI:S / MSA:S are the only way to a Safety value: the effective SI/SA is then 'S'.
  if (m.si == 'S' || m.sa == 'S') {
    r.eq4 = 0;
  } else if (m.sc == 'H' || m.si == 'H' || m.sa == 'H') {
    r.eq4 = 1;
  } else {
    r.eq4 = 2;
  }
  r.eq5 = m.e == 'A' ? 0 : (m.e == 'P' ? 1 : 2);
  r.eq6 =
      ((m.cr == 'H' && m.vc == 'H') || (m.ir == 'H' && m.vi == 'H') || (m.ar == 'H' && m.va == 'H'))
          ? 0
          : 1;
  return r;
}

// The score of a MacroVector; NaN when it does not exist (an EQ past its last level, or eq3 = 2
// with eq6 = 0), as the reference's lookup of a missing key yields NaN in its subtraction.
double lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  if (eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1) return kNoMacro;
  return kMacroScores[eq1][eq2][eq3][eq4][eq5][eq6];
}

// Severity levels of the metric values (the reference calculator's *_levels tables).
double level_av(char v) {
  return v == 'N' ? 0.0 : v == 'A' ? 0.1 : v == 'L' ? 0.2 : 0.3;
}
double level_pr(char v) {
  return v == 'N' ? 0.0 : v == 'L' ? 0.1 : 0.2;
}
double level_ui(char v) {
  return v == 'N' ? 0.0 : v == 'P' ? 0.1 : 0.2;
}
double level_ac(char v) {
  return v == 'L' ? 0.0 : 0.1;
}
double level_at(char v) {
  return v == 'N' ? 0.0 : 0.1;
}
double level_vuln(char v) {  // VC, VI, VA
  return v == 'H' ? 0.0 : v == 'L' ? 0.1 : 0.2;
}
double level_sub(char v) {  // SC, SI, SA (S only for SI and SA)
  return v == 'S' ? 0.0 : v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
}
double level_req(char v) {  // CR, IR, AR
  return v == 'H' ? 0.0 : v == 'M' ? 0.1 : 0.2;
}

// The highest-severity vectors of each EQ level (the reference's max_composed), as metric values.
struct Eq1Max {
  char av, pr, ui;
};
struct Eq2Max {
  char ac, at;
};
struct Eq3Eq6Max {
  char vc, vi, va, cr, ir, ar;
};
struct Eq4Max {
  char sc, si, sa;
};

constexpr Eq1Max kEq1Max0[] = {{'N', 'N', 'N'}};
constexpr Eq1Max kEq1Max1[] = {{'A', 'N', 'N'}, {'N', 'L', 'N'}, {'N', 'N', 'P'}};
constexpr Eq1Max kEq1Max2[] = {{'P', 'N', 'N'}, {'A', 'L', 'P'}};
constexpr Eq2Max kEq2Max0[] = {{'L', 'N'}};
constexpr Eq2Max kEq2Max1[] = {{'H', 'N'}, {'L', 'P'}};
constexpr Eq3Eq6Max kEq36Max00[] = {{'H', 'H', 'H', 'H', 'H', 'H'}};
constexpr Eq3Eq6Max kEq36Max01[] = {{'H', 'H', 'L', 'M', 'M', 'H'}, {'H', 'H', 'H', 'M', 'M', 'M'}};
constexpr Eq3Eq6Max kEq36Max10[] = {{'L', 'H', 'H', 'H', 'H', 'H'}, {'H', 'L', 'H', 'H', 'H', 'H'}};
constexpr Eq3Eq6Max kEq36Max11[] = {{'L', 'H', 'L', 'H', 'M', 'H'},
                                    {'L', 'H', 'H', 'H', 'M', 'M'},
                                    {'H', 'L', 'H', 'M', 'H', 'M'},
                                    {'H', 'L', 'L', 'M', 'H', 'H'},
                                    {'L', 'L', 'H', 'H', 'H', 'M'}};
constexpr Eq3Eq6Max kEq36Max21[] = {{'L', 'L', 'L', 'H', 'H', 'H'}};
constexpr Eq4Max kEq4Max0[] = {{'H', 'S', 'S'}};
constexpr Eq4Max kEq4Max1[] = {{'H', 'H', 'H'}};
constexpr Eq4Max kEq4Max2[] = {{'L', 'L', 'L'}};

std::span<const Eq1Max> eq1_maxes(int eq1) {
  if (eq1 == 0) return kEq1Max0;
  if (eq1 == 1) return kEq1Max1;
  return kEq1Max2;
}
std::span<const Eq2Max> eq2_maxes(int eq2) {
  if (eq2 == 0) return kEq2Max0;
  return kEq2Max1;
}
std::span<const Eq3Eq6Max> eq3eq6_maxes(int eq3, int eq6) {
  if (eq3 == 0) return eq6 == 0 ? std::span<const Eq3Eq6Max>(kEq36Max00) : kEq36Max01;
  if (eq3 == 1) return eq6 == 0 ? std::span<const Eq3Eq6Max>(kEq36Max10) : kEq36Max11;
  return kEq36Max21;
}
std::span<const Eq4Max> eq4_maxes(int eq4) {
  if (eq4 == 0) return kEq4Max0;
  if (eq4 == 1) return kEq4Max1;
  return kEq4Max2;
}

// The depth of each EQ level in severity steps, plus one (the reference's max_severity).
int max_severity_eq1(int eq1) {
  constexpr int kDepth[] = {1, 4, 5};
  return kDepth[eq1];
}
int max_severity_eq2(int eq2) {
  constexpr int kDepth[] = {1, 2};
  return kDepth[eq2];
}
int max_severity_eq3eq6(int eq3, int eq6) {
  if (eq3 == 0) return eq6 == 0 ? 7 : 6;
  if (eq3 == 1) return 8;
  return 10;
}
int max_severity_eq4(int eq4) {
  constexpr int kDepth[] = {6, 5, 4};
  return kDepth[eq4];
}

struct Distances {
  double av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar;
  bool all_non_negative() const {
    return av >= 0 && pr >= 0 && ui >= 0 && ac >= 0 && at >= 0 && vc >= 0 && vi >= 0 && va >= 0 &&
           sc >= 0 && si >= 0 && sa >= 0 && cr >= 0 && ir >= 0 && ar >= 0;
  }
};

double score(const Effective& m, const Macro& mv) {
  // No impact at all on either system: 0.0, whatever the exploitability.
  if (m.vc == 'N' && m.vi == 'N' && m.va == 'N' && m.sc == 'N' && m.si == 'N' && m.sa == 'N') {
    return 0.0;
  }
  const double value = lookup(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6);

  // 1a. The score of the next lower MacroVector of each EQ (NaN when there is none).
  const double lower_eq1 = lookup(mv.eq1 + 1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6);
  const double lower_eq2 = lookup(mv.eq1, mv.eq2 + 1, mv.eq3, mv.eq4, mv.eq5, mv.eq6);
  double lower_eq3eq6;
  if (mv.eq3 == 0 && mv.eq6 == 0) {
    // Two ways down (00 -> 01 and 00 -> 10): the higher-scoring one.
    const double left = lookup(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6 + 1);
    const double right = lookup(mv.eq1, mv.eq2, mv.eq3 + 1, mv.eq4, mv.eq5, mv.eq6);
    lower_eq3eq6 = left > right ? left : right;
  } else if (mv.eq3 == 1 && mv.eq6 == 0) {
    lower_eq3eq6 = lookup(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6 + 1);
  } else if (mv.eq6 == 1 && mv.eq3 < 2) {
    lower_eq3eq6 = lookup(mv.eq1, mv.eq2, mv.eq3 + 1, mv.eq4, mv.eq5, mv.eq6);
  } else {
    lower_eq3eq6 = kNoMacro;  // 21 is the lowest
  }
  const double lower_eq4 = lookup(mv.eq1, mv.eq2, mv.eq3, mv.eq4 + 1, mv.eq5, mv.eq6);
  const double lower_eq5 = lookup(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5 + 1, mv.eq6);

  // 1b. The severity distance from the first highest-severity vector of the MacroVector that is
  // at least as severe as the scored one on every metric (the reference keeps the last candidate
  // when none qualifies, which the published tables never need).
  Distances d{};
  bool found = false;
  for (const auto& x1 : eq1_maxes(mv.eq1)) {
    for (const auto& x2 : eq2_maxes(mv.eq2)) {
      for (const auto& x3 : eq3eq6_maxes(mv.eq3, mv.eq6)) {
        for (const auto& x4 : eq4_maxes(mv.eq4)) {
          if (found) break;
          d = Distances{
              level_av(m.av) - level_av(x1.av),     level_pr(m.pr) - level_pr(x1.pr),
              level_ui(m.ui) - level_ui(x1.ui),     level_ac(m.ac) - level_ac(x2.ac),
              level_at(m.at) - level_at(x2.at),     level_vuln(m.vc) - level_vuln(x3.vc),
              level_vuln(m.vi) - level_vuln(x3.vi), level_vuln(m.va) - level_vuln(x3.va),
              level_sub(m.sc) - level_sub(x4.sc),   level_sub(m.si) - level_sub(x4.si),
              level_sub(m.sa) - level_sub(x4.sa),   level_req(m.cr) - level_req(x3.cr),
              level_req(m.ir) - level_req(x3.ir),   level_req(m.ar) - level_req(x3.ar),
          };
          found = d.all_non_negative();
        }
      }
    }
  }
  const double current_eq1 = d.av + d.pr + d.ui;
  const double current_eq2 = d.ac + d.at;
  const double current_eq3eq6 = d.vc + d.vi + d.va + d.cr + d.ir + d.ar;
  const double current_eq4 = d.sc + d.si + d.sa;

  // 1c/1d. Each available distance (score minus the lower MacroVector's) scaled by how far the
  // vector is into its MacroVector; EQ5's proportion is always 0 but it counts in the mean.
  constexpr double kStep = 0.1;
  const double available_eq1 = value - lower_eq1;
  const double available_eq2 = value - lower_eq2;
  const double available_eq3eq6 = value - lower_eq3eq6;
  const double available_eq4 = value - lower_eq4;
  const double available_eq5 = value - lower_eq5;
  const double max_eq1 = max_severity_eq1(mv.eq1) * kStep;
  const double max_eq2 = max_severity_eq2(mv.eq2) * kStep;
  const double max_eq3eq6 = max_severity_eq3eq6(mv.eq3, mv.eq6) * kStep;
  const double max_eq4 = max_severity_eq4(mv.eq4) * kStep;
  int existing = 0;
  double normalized_eq1 = 0, normalized_eq2 = 0, normalized_eq3eq6 = 0, normalized_eq4 = 0,
         normalized_eq5 = 0;
  if (!std::isnan(available_eq1)) {
    ++existing;
    normalized_eq1 = available_eq1 * (current_eq1 / max_eq1);
  }
  if (!std::isnan(available_eq2)) {
    ++existing;
    normalized_eq2 = available_eq2 * (current_eq2 / max_eq2);
  }
  if (!std::isnan(available_eq3eq6)) {
    ++existing;
    normalized_eq3eq6 = available_eq3eq6 * (current_eq3eq6 / max_eq3eq6);
  }
  if (!std::isnan(available_eq4)) {
    ++existing;
    normalized_eq4 = available_eq4 * (current_eq4 / max_eq4);
  }
  if (!std::isnan(available_eq5)) {
    ++existing;
    normalized_eq5 = available_eq5 * 0.0;
  }
  // 2. Their mean; 3. the MacroVector's score minus it, clamped to [0, 10], rounded.
  const double mean = existing == 0 ? 0.0
                                    : (normalized_eq1 + normalized_eq2 + normalized_eq3eq6 +
                                       normalized_eq4 + normalized_eq5) /
                                          existing;
  double result = value - mean;
  if (result < 0) result = 0.0;
  if (result > 10) result = 10.0;
  constexpr double kEpsilon = 1e-6;
  return std::round((result + kEpsilon) * 10.0) / 10.0;
}

std::string macro_string(const Macro& m) {
  std::string s(6, '0');
  const int digits[] = {m.eq1, m.eq2, m.eq3, m.eq4, m.eq5, m.eq6};
  for (std::size_t i = 0; i < 6; ++i)
    s[i] = static_cast<char>('0' + digits[i]);
  return s;
}

}  // namespace

void score_v4(const ParsedVector& p, CvssScore& out) {
  const Effective base = effective_values(p, /*with_optional=*/false);
  const Macro base_macro = macro_vector(base);
  out.base = score(base, base_macro);
  out.macro_vector = macro_string(base_macro);

  const bool threat = p.defines(MetricGroup::kThreat);
  const bool environmental = p.defines(MetricGroup::kEnvironmental);
  out.nomenclature = "CVSS-B";
  if (threat) out.nomenclature += 'T';
  if (environmental) out.nomenclature += 'E';
  if (threat || environmental) {
    const Effective all = effective_values(p, /*with_optional=*/true);
    out.full = score(all, macro_vector(all));
  }
}

}  // namespace upkeep::severity::detail
