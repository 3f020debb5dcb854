// SPDX-License-Identifier: Apache-2.0
//
// The scan report model (report order, groups, summary), severity ratings, --fail-on, the format
// switch, and the text helpers the scan renderers share.
#include "report/scan_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::report {

using match::Finding;

Result<ScanFormat> parse_scan_format(std::string_view name) {
  if (name == "table") return ScanFormat::kTable;
  if (name == "json") return ScanFormat::kJson;
  if (name == "sarif") return ScanFormat::kSarif;
  if (name == "cyclonedx") return ScanFormat::kCycloneDx;
  if (name == "markdown") return ScanFormat::kMarkdown;
  if (name == "html") return ScanFormat::kHtml;
  return Status::invalid_argument("unknown format \"" + std::string(name) +
                                  "\" (table, json, sarif, cyclonedx, markdown, html)");
}

std::string render_scan(const ScanResult& scan, ScanFormat format, const ReportOptions& options) {
  switch (format) {
    case ScanFormat::kTable:
      return scan_table(scan, options);
    case ScanFormat::kJson:
      return scan_json(scan, options);
    case ScanFormat::kSarif:
      return scan_sarif(scan, options);
    case ScanFormat::kCycloneDx:
      return scan_cyclonedx(scan, options);
    case ScanFormat::kMarkdown:
      return scan_markdown(scan, options);
    case ScanFormat::kHtml:
      return scan_html(scan, options);
  }
  return {};
}

std::string_view rating_name(Rating rating) {
  switch (rating) {
    case Rating::kCritical:
      return "critical";
    case Rating::kHigh:
      return "high";
    case Rating::kMedium:
      return "medium";
    case Rating::kLow:
      return "low";
    case Rating::kNone:
      return "none";
    case Rating::kUnknown:
      break;
  }
  return "unknown";
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

Rating effective_rating(const Finding& finding) {
  for (Rating r :
       {Rating::kCritical, Rating::kHigh, Rating::kMedium, Rating::kLow, Rating::kNone}) {
    if (iequals(finding.rating, rating_name(r))) return r;
  }
  // Ecosystems also say "moderate" (GitHub, npm) and "important" (Red Hat, AlmaLinux).
  if (iequals(finding.rating, "moderate")) return Rating::kMedium;
  if (iequals(finding.rating, "important")) return Rating::kHigh;
  if (finding.cvss_score && std::isfinite(*finding.cvss_score)) {
    // CVSS v3.1 specification, section 5 (qualitative severity rating scale); v4.0 uses the same.
    const double s = *finding.cvss_score;
    if (s >= 9.0) return Rating::kCritical;
    if (s >= 7.0) return Rating::kHigh;
    if (s >= 4.0) return Rating::kMedium;
    if (s > 0.0) return Rating::kLow;
    if (s == 0.0) return Rating::kNone;
  }
  return Rating::kUnknown;
}

Result<FailOn> parse_fail_on(std::string_view name) {
  if (name == "low") return FailOn::kLow;
  if (name == "medium") return FailOn::kMedium;
  if (name == "high") return FailOn::kHigh;
  if (name == "critical") return FailOn::kCritical;
  if (name == "kev") return FailOn::kKev;
  return Status::invalid_argument("unknown --fail-on \"" + std::string(name) +
                                  "\" (low, medium, high, critical, kev)");
}

bool reaches(const Finding& finding, FailOn threshold) {
  if (finding.suppressed) return false;
  if (threshold == FailOn::kKev) return finding.kev;
  const Rating r = effective_rating(finding);
  if (r == Rating::kNone) return false;
  if (r == Rating::kUnknown) return threshold == FailOn::kLow;
  const Rating bar = threshold == FailOn::kCritical ? Rating::kCritical
                     : threshold == FailOn::kHigh   ? Rating::kHigh
                     : threshold == FailOn::kMedium ? Rating::kMedium
                                                    : Rating::kLow;
  return static_cast<int>(r) <= static_cast<int>(bar);
}

bool any_reaches(const ScanResult& scan, FailOn threshold) {
  for (const Finding& f : scan.findings) {
    if (f.component < scan.inventory.components.size() && reaches(f, threshold)) return true;
  }
  return false;
}

}  // namespace upkeep::report

namespace upkeep::report::detail {

using match::Finding;

std::string_view preferred_id(const Finding& finding) {
  return finding.preferred_id();
}

namespace {

auto sort_key(const Finding& f) {
  return std::make_tuple(f.suppressed, static_cast<int>(effective_rating(f)), f.component,
                         preferred_id(f), std::cref(f.ids), std::cref(f.records),
                         std::cref(f.fixed_version), std::cref(f.summary), std::cref(f.sources));
}

bool report_order(const Finding* a, const Finding* b) {
  const auto ka = sort_key(*a), kb = sort_key(*b);
  return ka < kb;
}

}  // namespace

ScanView build_scan_view(const ScanResult& scan) {
  ScanView view;
  const auto& components = scan.inventory.components;
  view.findings.reserve(scan.findings.size());
  for (const Finding& f : scan.findings) {
    if (f.component >= components.size()) {
      ++view.dangling;
      continue;
    }
    view.findings.push_back(&f);
  }
  std::stable_sort(view.findings.begin(), view.findings.end(), report_order);

  std::map<size_t, const match::ComponentAdvice*> advice;
  for (const auto& a : scan.advice) {
    if (a.component < components.size()) advice.emplace(a.component, &a);
  }
  std::map<size_t, FindingGroup> groups;
  ScanSummary& s = view.summary;
  s.components = components.size();
  for (const Finding* f : view.findings) {
    FindingGroup& g = groups[f->component];
    g.component = f->component;
    g.findings.push_back(f);
    if (f->suppressed) {
      ++s.suppressed;
      continue;
    }
    const Rating r = effective_rating(*f);
    ++s.findings;
    ++s.by_rating[static_cast<int>(r)];
    s.kev += f->kev ? 1 : 0;
    s.fixable += f->fixed_version.empty() ? 0 : 1;
  }
  // Packages of several architectures in one file (dpkg multiarch) get ":arch" after the name.
  std::map<std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>,
           std::set<std::string_view>>
      arches;
  for (const auto& c : components) {
    if (!c.arch.empty()) arches[{c.ecosystem, c.name, c.version, c.location}].insert(c.arch);
  }
  for (auto& [index, g] : groups) {
    const inventory::Component& c = components[index];
    inventory::Component named = c;
    if (!c.arch.empty() && arches[{c.ecosystem, c.name, c.version, c.location}].size() > 1) {
      named.name += ":" + c.arch;
    }
    g.label = component_label(named);
    if (auto it = advice.find(index); it != advice.end()) g.advice = it->second;
    g.all_suppressed = true;
    for (const Finding* f : g.findings) {
      if (f->suppressed) continue;
      g.all_suppressed = false;
      g.worst = std::min(g.worst, effective_rating(*f));
    }
    s.vulnerable_components += g.all_suppressed ? 0 : 1;
    view.groups.push_back(std::move(g));
  }
  std::stable_sort(
      view.groups.begin(), view.groups.end(), [](const FindingGroup& a, const FindingGroup& b) {
        return std::make_tuple(a.all_suppressed, static_cast<int>(a.worst), a.component) <
               std::make_tuple(b.all_suppressed, static_cast<int>(b.worst), b.component);
      });
  return view;
}

std::string format_score(double score) {
  if (!std::isfinite(score)) return "?";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", std::clamp(score, -1e6, 1e6));
  return buf;
}

std::string format_epss(double epss) {
  if (!std::isfinite(epss)) return "?";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f%%", std::clamp(epss, 0.0, 1.0) * 100.0);
  return buf;
}

std::string format_percentile(double percentile) {
  if (!std::isfinite(percentile)) return "p?";
  const int p = static_cast<int>(std::floor(std::clamp(percentile, 0.0, 1.0) * 100.0 + 1e-9));
  return "p" + std::to_string(std::min(p, 100));
}

std::string format_date(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "?";
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

std::optional<int64_t> database_age_days(const DatabaseInfo& db, const ReportOptions& options) {
  if (!db.updated) return std::nullopt;
  const int64_t now = options.timestamp ? *options.timestamp
                                        : static_cast<int64_t>(std::chrono::system_clock::to_time_t(
                                              std::chrono::system_clock::now()));
  if (now <= *db.updated) return 0;
  return (now - *db.updated) / 86400;
}

std::string describe_database_age(const DatabaseInfo& db, const ReportOptions& options) {
  const auto days = database_age_days(db, options);
  if (!days) return "age unknown";
  return "updated " + format_date(*db.updated) + ", " +
         (*days == 0   ? std::string("less than a day old")
          : *days == 1 ? std::string("1 day old")
                       : std::to_string(*days) + " days old");
}

std::string clean_text(std::string_view s, bool keep_newlines) {
  return printable_text(s, keep_newlines);
}

namespace {

// The character references of HTML's markup characters (markdown renders them as HTML too);
// nullptr for any other character.
const char* html_reference(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return nullptr;
  }
}

}  // namespace

std::string html_escape(std::string_view s) {
  const std::string clean = clean_text(s, true);
  std::string out;
  out.reserve(clean.size() + 16);
  for (char c : clean) {
    const char* reference = html_reference(c);
    if (reference != nullptr) {
      out += reference;
    } else {
      out += c;
    }
  }
  return out;
}

void json_head(JsonWriter& w, std::string_view schema, const ReportOptions& options) {
  w.field("schema", schema);
  w.key("tool")
      .begin_object()
      .field("name", "upkeep")
      .field("version", options.tool_version)
      .end_object();
}

std::string markdown_text(std::string_view s) {
  const std::string clean = clean_text(s);
  std::string out;
  out.reserve(clean.size() + 8);
  for (char c : clean) {
    // Quotes stay as they are: markdown shows them literally.
    if (c == '&' || c == '<' || c == '>') {
      out += html_reference(c);
      continue;
    }
    switch (c) {
      case '@':
        out += "@\xE2\x81\xA0";
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

Cell cell(std::string_view s) {
  Cell c{clean_text(s), 0};
  for (size_t i = 0; i < c.text.size(); i += std::max<size_t>(1, utf8_sequence_length(c.text, i)))
    ++c.width;
  return c;
}

std::string fit(const Cell& c, size_t width, bool pad) {
  if (c.width <= width) return pad ? c.text + std::string(width - c.width, ' ') : c.text;
  if (width == 0) return {};
  size_t i = 0;
  for (size_t n = 0; n + 1 < width; ++n)
    i += std::max<size_t>(1, utf8_sequence_length(c.text, i));
  return c.text.substr(0, i) + "~";
}

std::string component_label(const inventory::Component& c) {
  std::string name = c.name.empty() ? std::string("(unnamed)") : c.name;
  if (!c.version.empty()) return name + " " + c.version;
  if (!c.version_note.empty()) return name + " (" + c.version_note + ")";
  return name + " (no version)";
}

std::string end_sentence(std::string_view text) {
  std::string out(text);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t'))
    out.pop_back();
  if (out.empty()) return out;
  if (out.back() != '.' && out.back() != '!' && out.back() != '?') out += '.';
  return out + " ";
}

std::string aligned(const std::vector<std::vector<std::string>>& rows, size_t indent) {
  std::vector<std::vector<detail::Cell>> cells;
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    auto& out = cells.emplace_back();
    for (size_t i = 0; i < row.size(); ++i) {
      out.push_back(detail::cell(row[i]));
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], out.back().width);
    }
  }
  std::string text;
  for (const auto& row : cells) {
    std::string line(indent, ' ');
    for (size_t i = 0; i < row.size(); ++i) {
      line += detail::fit(row[i], widths[i], i + 1 < row.size());
      if (i + 1 < row.size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    text += line + "\n";
  }
  return text;
}

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string title_line(std::string_view text, const ReportOptions& options) {
  return options.color ? "\x1b[1m" + std::string(text) + "\x1b[0m\n" : std::string(text) + "\n";
}

std::string owner_label(const ScanResult& scan, size_t i) {
  if (i >= scan.owners.size()) return {};
  const ComponentOwner& o = scan.owners[i];
  return o.group.empty() ? "no group" : "group " + o.group;
}

std::string targets_label(const inventory::Inventory& inventory) {
  std::string out;
  for (const auto& t : inventory.targets) {
    if (!out.empty()) out += ", ";
    out += t.spec;
  }
  return out.empty() ? "(no target)" : out;
}

// GitHub's bands: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low.
std::string sarif_security_severity(std::optional<double> score, Rating rating) {
  if (score && std::isfinite(*score)) return format_score(std::clamp(*score, 0.0, 10.0));
  switch (rating) {
    case Rating::kCritical:
      return "9.5";
    case Rating::kHigh:
      return "8.0";
    case Rating::kMedium:
      return "5.5";
    case Rating::kLow:
      return "2.0";
    case Rating::kNone:
      return "0.0";
    case Rating::kUnknown:
      break;
  }
  return {};
}

std::string_view sarif_level(Rating rating) {
  switch (rating) {
    case Rating::kCritical:
    case Rating::kHigh:
      return "error";
    case Rating::kMedium:
    case Rating::kUnknown:  // a known vulnerability of unknown severity: not to be overlooked
      return "warning";
    case Rating::kLow:
    case Rating::kNone:
      break;
  }
  return "note";
}

std::string sarif_uri(std::string_view loc, std::string_view fallback) {
  while (loc.starts_with("./"))
    loc.remove_prefix(2);
  while (loc.starts_with('/'))
    loc.remove_prefix(1);
  if (loc.empty()) loc = fallback.empty() ? std::string_view("unknown") : fallback;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : loc) {
    const auto b = static_cast<unsigned char>(ch);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' ||
        b == '.' || b == '_' || b == '~' || b == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

std::string vulnerability_url(std::string_view id) {
  return "https://osv.dev/vulnerability/" + purl::percent_encode(id);
}

std::string advice_text(const FindingGroup& group) {
  if (group.advice == nullptr) return {};
  size_t open = 0;
  for (const Finding* f : group.findings)
    open += f->suppressed ? 0 : 1;
  if (open == 0) return {};
  if (!group.advice->upgrade_to.empty() && !group.advice->no_single_upgrade()) {
    return "Upgrade to " + group.advice->upgrade_to +
           (open == 1 ? std::string(" (fixes it)") : " (fixes all " + std::to_string(open) + ")");
  }
  return open == 1 ? "No fixed version is known" : "No single upgrade fixes all findings";
}

}  // namespace upkeep::report::detail
