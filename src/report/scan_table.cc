// SPDX-License-Identifier: Apache-2.0
//
// A scan as a terminal table: one block per vulnerable component (name, version, ecosystem,
// file), one line per finding with aligned columns, the upgrade advice, and the counts.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "report/scan_model.h"
#include "upkeep/scan_report.h"

namespace upkeep::report {

using inventory::Component;
using match::Finding;

namespace {

// Cells: text as the terminal shows it, and its width (report/scan_model.h).
using detail::Cell;
using detail::cell;
using detail::fit;

std::string_view color_of(Rating r) {
  switch (r) {
    case Rating::kCritical:
      return "\x1b[1;31m";  // bold red
    case Rating::kHigh:
      return "\x1b[31m";
    case Rating::kMedium:
      return "\x1b[33m";
    case Rating::kLow:
      return "\x1b[36m";
    case Rating::kNone:
    case Rating::kUnknown:
      break;
  }
  return {};
}

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";

enum Column { kRating, kId, kScore, kKev, kEpss, kFix, kSummary, kColumns };

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::array<Cell, kColumns> finding_cells(const Finding& f) {
  std::array<Cell, kColumns> r;
  r[kRating] = cell(upper(rating_name(effective_rating(f))));
  r[kId] = cell(detail::preferred_id(f));
  r[kScore] =
      cell(f.cvss_score && std::isfinite(*f.cvss_score) ? detail::format_score(*f.cvss_score)
                                                        : std::string("-"));
  r[kKev] = cell(f.kev ? "KEV" : "");
  std::string epss;
  if (f.epss && std::isfinite(*f.epss)) {
    epss = "EPSS " + detail::format_epss(*f.epss);
    if (f.epss_percentile) epss += " " + detail::format_percentile(*f.epss_percentile);
  }
  r[kEpss] = cell(epss);
  r[kFix] = cell(f.fixed_version.empty() ? "no fix" : "fixed in " + f.fixed_version);
  std::string summary = f.summary;
  if (f.suppressed) {
    std::string why = f.suppression_status.empty() ? "suppressed" : f.suppression_status;
    if (!f.suppression_reason.empty()) why += ": " + f.suppression_reason;
    summary = "suppressed (" + why + ")" + (summary.empty() ? "" : " " + summary);
  }
  r[kSummary] = cell(summary);
  return r;
}

}  // namespace

std::string scan_table(const ScanResult& scan, const ReportOptions& options) {
  const detail::ScanView view = detail::build_scan_view(scan);
  const auto& components = scan.inventory.components;
  const bool color = options.color;
  std::string out;

  // Column widths over every finding line, so that the columns align across components. The id
  // column stops growing at kMaxId (long distribution ids), the fix column at kMaxFix.
  constexpr size_t kMaxId = 28, kMaxFix = 32, kIndent = 2, kGap = 2;
  std::vector<std::array<Cell, kColumns>> rows;
  rows.reserve(view.findings.size());
  size_t w[kColumns] = {};
  for (const auto& g : view.groups) {
    for (const Finding* f : g.findings) {
      rows.push_back(finding_cells(*f));
      for (int i = 0; i < kColumns; ++i)
        w[i] = std::max(w[i], rows.back()[i].width);
    }
  }
  w[kId] = std::min(w[kId], kMaxId);
  w[kFix] = std::min(w[kFix], kMaxFix);
  auto fixed_width = [&] {
    size_t t = kIndent;
    for (int i = 0; i < kSummary; ++i)
      t += w[i] + (w[i] > 0 ? kGap : 0);
    return t;
  };
  // On a terminal the summary takes what is left of the line. When that is less than kMinSummary,
  // the id and fix columns give way first (down to 16), then the EPSS column goes.
  constexpr size_t kMinSummary = 20, kMinCut = 16;
  size_t summary_width = SIZE_MAX;
  if (options.terminal_width > 0) {
    const size_t limit = options.terminal_width;
    for (int column : {kId, kFix}) {
      const size_t now = fixed_width() + kMinSummary;
      if (now > limit && w[column] > kMinCut) {
        w[column] -= std::min(w[column] - kMinCut, now - limit);
      }
    }
    if (fixed_width() + kMinSummary > limit) w[kEpss] = 0;
    summary_width = limit > fixed_width() ? std::max<size_t>(limit - fixed_width(), 1) : 1;
  }

  size_t row = 0;
  for (const auto& g : view.groups) {
    const Component& c = components[g.component];
    std::string head = g.label;
    if (!c.ecosystem.empty()) head += "  " + c.ecosystem;
    if (!c.location.empty()) head += "  " + c.location;
    if (const std::string owner = detail::owner_label(scan, g.component); !owner.empty()) {
      head += "  (" + owner + ")";
    }
    const Cell hc = cell(head);
    if (color) out += kBold;
    out += options.terminal_width > 0 ? fit(hc, options.terminal_width, false) : hc.text;
    if (color) out += kReset;
    out += '\n';
    for (const Finding* f : g.findings) {
      const auto& r = rows[row++];
      std::string line(kIndent, ' ');
      std::string_view open;
      if (color) open = f->suppressed ? kDim : color_of(effective_rating(*f));
      for (int i = 0; i < kSummary; ++i) {
        if (w[i] == 0) continue;
        if (i == kRating && !open.empty()) {
          line += std::string(open) + fit(r[i], w[i], false) + std::string(kReset) +
                  std::string(w[i] - std::min(w[i], r[i].width), ' ');
        } else if (i == kKev && color && f->kev && !f->suppressed) {
          line += "\x1b[1;35m" + fit(r[i], w[i], false) + std::string(kReset);
        } else {
          line += fit(r[i], w[i], true);
        }
        line.append(kGap, ' ');
      }
      line += fit(r[kSummary], summary_width, false);
      while (!line.empty() && line.back() == ' ')
        line.pop_back();
      if (color && f->suppressed) {
        out += std::string(kDim) + line + std::string(kReset);
      } else {
        out += line;
      }
      out += '\n';
    }
    if (const std::string advice = detail::advice_text(g); !advice.empty()) {
      out += std::string(kIndent, ' ') + "=> " + cell(advice).text + "\n";
    }
    out += '\n';
  }

  // The counts.
  const detail::ScanSummary& s = view.summary;
  if (s.findings == 0) {
    out += "No known vulnerabilities in " + std::to_string(s.components) +
           (s.components == 1 ? " component" : " components");
  } else {
    out += std::to_string(s.findings) + (s.findings == 1 ? " finding in " : " findings in ") +
           std::to_string(s.vulnerable_components) + " of " + std::to_string(s.components) +
           (s.components == 1 ? " component: " : " components: ");
    bool first = true;
    for (Rating r : {Rating::kCritical, Rating::kHigh, Rating::kMedium, Rating::kLow, Rating::kNone,
                     Rating::kUnknown}) {
      const uint64_t n = s.by_rating[static_cast<int>(r)];
      if (n == 0) continue;
      if (!first) out += ", ";
      first = false;
      const std::string text = std::to_string(n) + " " + std::string(rating_name(r));
      out += color && !color_of(r).empty() ? std::string(color_of(r)) + text + std::string(kReset)
                                           : text;
    }
    if (s.kev > 0) out += "; " + std::to_string(s.kev) + " known exploited";
    out += "; " + std::to_string(s.fixable) + " fixable";
  }
  if (s.suppressed > 0) out += "; " + std::to_string(s.suppressed) + " suppressed";
  out += "\n";
  out += "Targets: " + cell(detail::targets_label(scan.inventory)).text + "; advisory database " +
         detail::describe_database_age(scan.database, options) + "\n";
  for (const auto& text : scan.warnings)
    out += "warning: " + cell(text).text + "\n";
  if (!scan.inventory.warnings.empty()) {
    out += std::to_string(scan.inventory.warnings.size()) +
           (scan.inventory.warnings.size() == 1 ? " inventory warning" : " inventory warnings") +
           " (see --format json)\n";
  }
  return out;
}

}  // namespace upkeep::report
