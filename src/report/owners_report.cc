// SPDX-License-Identifier: Apache-2.0
//
// `upkeep owners` reports: the counts every format shows (OwnersView), then the table, JSON and
// Markdown renderers.
#include "upkeep/owners_report.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "report/scan_model.h"
#include "report/support_model.h"
#include "upkeep/json_writer.h"

namespace upkeep::report {

using inventory::Component;
using maintenance::Group;
using maintenance::Owner;

namespace {

constexpr Rating kRatings[] = {Rating::kCritical, Rating::kHigh, Rating::kMedium,
                               Rating::kLow,      Rating::kNone, Rating::kUnknown};

// Open (unsuppressed) findings by rating.
struct Counts {
  std::array<uint64_t, std::size(kRatings)> by_rating{};
  uint64_t total = 0;

  void add(Rating r) {
    ++by_rating[static_cast<size_t>(r)];
    ++total;
  }
  void add(const Counts& other) {
    for (size_t i = 0; i < by_rating.size(); ++i)
      by_rating[i] += other.by_rating[i];
    total += other.total;
  }
  // The most severe rating with a finding (kUnknown ranks last); meaningful when total > 0.
  size_t worst() const {
    for (size_t i = 0; i < by_rating.size(); ++i) {
      if (by_rating[i] > 0) return i;
    }
    return by_rating.size();
  }
  // "1 critical, 2 high"; empty without open findings.
  std::string text() const {
    std::string out;
    for (Rating r : kRatings) {
      const uint64_t n = by_rating[static_cast<size_t>(r)];
      if (n == 0) continue;
      out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(rating_name(r));
    }
    return out;
  }
};

struct GroupStats {
  std::vector<size_t> components;  // inventory indexes, inventory order
  uint64_t key = 0;
  uint64_t vulnerable = 0;  // components with an open finding
  uint64_t lapsed = 0;      // components past end of life, security support or maintenance
  Counts open;
};

struct OwnersView {
  std::vector<const Owner*> owners;  // per component; never null
  std::vector<Counts> open;          // per component
  std::vector<GroupStats> groups;    // per group of the owners file
  std::vector<size_t> without_group;
  std::vector<size_t> key_without_group;
  // Components whose most severe assessment is a lapse (detail::support_lapsed), report order.
  std::vector<size_t> lapsed;
  std::vector<const SupportView::OsRelease*> os_lapsed;  // OS releases past their support
  std::vector<size_t> groups_with_findings;  // most severe first, then most findings, file order
  // Components in report order: by group (file order), those without a group last.
  std::vector<size_t> ordered;
  uint64_t key = 0;
};

// The most severe end-of-life assessment of component `i`, nullptr when none was made.
const eol::Assessment* support_of(const OwnersResult& r, size_t i) {
  return r.scan.support ? r.scan.support->worst(i) : nullptr;
}

bool lapsed(const OwnersResult& r, size_t i) {
  const eol::Assessment* a = support_of(r, i);
  return a != nullptr && detail::support_lapsed(*a);
}

OwnersView build_view(const OwnersResult& r) {
  static const Owner kNoOwner;
  const auto& components = r.scan.inventory.components;
  const auto& assigned = r.assignment.components;
  OwnersView v;
  v.owners.resize(components.size(), &kNoOwner);
  for (size_t i = 0; i < components.size() && i < assigned.size(); ++i) {
    const Owner& o = assigned[i];
    // An owner that points past the file's groups is a caller's mistake: treated as none.
    if (!o.has_group() ||
        (o.group < r.owners.groups.size() && o.claim < r.owners.groups[o.group].claims.size())) {
      v.owners[i] = &o;
    }
  }
  v.open.resize(components.size());
  for (const auto& f : r.scan.findings) {
    if (!f.suppressed && f.component < components.size())
      v.open[f.component].add(effective_rating(f));
  }
  v.groups.resize(r.owners.groups.size());
  for (size_t i = 0; i < components.size(); ++i) {
    const Owner& o = *v.owners[i];
    if (o.key) ++v.key;
    if (!o.has_group()) {
      v.without_group.push_back(i);
      if (o.key) v.key_without_group.push_back(i);
      continue;
    }
    GroupStats& g = v.groups[o.group];
    g.components.push_back(i);
    if (o.key) ++g.key;
    if (v.open[i].total > 0) ++g.vulnerable;
    if (lapsed(r, i)) ++g.lapsed;
    g.open.add(v.open[i]);
  }
  for (size_t g = 0; g < v.groups.size(); ++g) {
    if (v.groups[g].open.total > 0) v.groups_with_findings.push_back(g);
    v.ordered.insert(v.ordered.end(), v.groups[g].components.begin(), v.groups[g].components.end());
  }
  v.ordered.insert(v.ordered.end(), v.without_group.begin(), v.without_group.end());
  for (size_t i : v.ordered) {
    if (lapsed(r, i)) v.lapsed.push_back(i);
  }
  if (r.scan.support) {
    for (const auto& os : r.scan.support->os) {
      if (detail::support_lapsed(os.assessment)) v.os_lapsed.push_back(&os);
    }
  }
  std::stable_sort(v.groups_with_findings.begin(), v.groups_with_findings.end(),
                   [&](size_t a, size_t b) {
                     const Counts& x = v.groups[a].open;
                     const Counts& y = v.groups[b].open;
                     if (x.worst() != y.worst()) return x.worst() < y.worst();
                     return x.total > y.total;
                   });
  return v;
}

std::string patches_text(const Group& g) {
  std::string out(maintenance::patch_channel_name(g.patches));
  if (!g.patches_detail.empty())
    out += out.empty() ? g.patches_detail : " (" + g.patches_detail + ")";
  return out;
}

const std::string& group_name(const OwnersResult& r, const Owner& o) {
  static const std::string kNone;
  return o.has_group() ? r.owners.groups[o.group].name : kNone;
}

// The support column: the label of the most severe assessment ("" when nothing is known).
std::string support_cell(const OwnersResult& r, size_t i) {
  const eol::Assessment* a = support_of(r, i);
  return a == nullptr ? std::string() : detail::support_label(*a);
}

// "Debian GNU/Linux 12 (bookworm)", with the target when there are several.
std::string upstream_what(const OwnersResult& r, const SupportView::OsRelease& os) {
  const auto& inv = r.scan.inventory;
  std::string what = "OS";
  if (os.target < inv.targets.size() && inv.targets[os.target].os) {
    const auto& rel = *inv.targets[os.target].os;
    what = rel.pretty_name.empty() ? rel.id + " " + rel.version_id : rel.pretty_name;
    if (inv.targets.size() > 1) what += " (" + inv.targets[os.target].spec + ")";
  }
  return what;
}

// The OS releases and runtimes, each with its assessment.
std::vector<std::pair<std::string, const eol::Assessment*>> upstream_lines(const OwnersResult& r) {
  std::vector<std::pair<std::string, const eol::Assessment*>> out;
  if (!r.scan.support) return out;
  for (const auto& os : r.scan.support->os)
    out.emplace_back(upstream_what(r, os), &os.assessment);
  for (const auto& rt : r.scan.support->runtimes) {
    out.emplace_back(rt.runtime.name + " " + rt.runtime.version + " (" + rt.runtime.package + ")",
                     &rt.assessment);
  }
  return out;
}

// ---- JSON ----

void write_counts(JsonWriter& w, std::string_view key, const Counts& c) {
  w.key(key).begin_object().field("total", c.total);
  for (Rating r : kRatings)
    w.field(rating_name(r), c.by_rating[static_cast<size_t>(r)]);
  w.end_object();
}

void write_component_ref(JsonWriter& w, const Component& c, size_t index) {
  w.field("index", static_cast<uint64_t>(index));
  w.field("purl", c.purl).field("ecosystem", c.ecosystem).field("name", c.name);
  w.field("version", c.version).field("location", c.location);
}

// ---- table ----

// ---- Markdown ----

std::string md(std::string_view s) {
  return detail::markdown_text(s);
}

}  // namespace

Result<OwnersFormat> parse_owners_format(std::string_view name) {
  if (name == "table") return OwnersFormat::kTable;
  if (name == "json") return OwnersFormat::kJson;
  if (name == "markdown") return OwnersFormat::kMarkdown;
  return Status::invalid_argument("unknown format \"" + std::string(name) +
                                  "\" (choose table, json or markdown)");
}

std::string render_owners(const OwnersResult& result, OwnersFormat format,
                          const ReportOptions& options) {
  switch (format) {
    case OwnersFormat::kTable:
      return owners_table(result, options);
    case OwnersFormat::kJson:
      return owners_json(result, options);
    case OwnersFormat::kMarkdown:
      return owners_markdown(result, options);
  }
  return {};
}

std::string owners_json(const OwnersResult& r, const ReportOptions& options) {
  const OwnersView v = build_view(r);
  const auto& components = r.scan.inventory.components;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  detail::json_head(w, "upkeep.owners/1", options);
  w.field("timestamp", timestamp_utc(options));
  w.key("owners_file");
  if (r.owners_path.empty()) {
    w.null();
  } else {
    w.value(r.owners_path);
  }
  w.key("targets").begin_array();
  for (const auto& t : r.scan.inventory.targets)
    w.begin_object().field("spec", t.spec).field("kind", t.kind).end_object();
  w.end_array();

  w.key("summary").begin_object();
  w.field("components", static_cast<uint64_t>(components.size()));
  w.field("with_group", static_cast<uint64_t>(components.size() - v.without_group.size()));
  w.field("without_group", static_cast<uint64_t>(v.without_group.size()));
  w.field("key", v.key);
  w.field("key_without_group", static_cast<uint64_t>(v.key_without_group.size()));
  w.field("groups", static_cast<uint64_t>(r.owners.groups.size()));
  w.field("groups_with_open_findings", static_cast<uint64_t>(v.groups_with_findings.size()));
  // End-of-life counts only when it was assessed: not assessed is not "none lapsed".
  if (r.scan.support) {
    w.field("support_lapsed", static_cast<uint64_t>(v.lapsed.size()));
    w.field("os_support_lapsed", static_cast<uint64_t>(v.os_lapsed.size()));
  }
  w.end_object();
  if (r.scan.support) detail::write_support_summary(w, *r.scan.support, r.scan.inventory);

  w.key("groups").begin_array();
  for (size_t gi = 0; gi < r.owners.groups.size(); ++gi) {
    const Group& g = r.owners.groups[gi];
    const GroupStats& s = v.groups[gi];
    w.begin_object().field("name", g.name).field("kind", maintenance::group_kind_name(g.kind));
    w.field("contact", g.contact).field("notices", g.notices);
    w.key("patches").begin_object();
    w.field("via", maintenance::patch_channel_name(g.patches)).field("detail", g.patches_detail);
    w.end_object();
    w.key("claims").begin_array();
    for (const auto& p : g.claims)
      w.value(p.text);
    w.end_array();
    w.field("line", g.line);
    w.field("components", static_cast<uint64_t>(s.components.size()));
    w.field("key_components", s.key);
    w.field("vulnerable_components", s.vulnerable);
    if (r.scan.support) w.field("support_lapsed_components", s.lapsed);
    write_counts(w, "open_findings", s.open);
    w.end_object();
  }
  w.end_array();

  w.key("components").begin_array();
  for (size_t i = 0; i < components.size(); ++i) {
    const Owner& o = *v.owners[i];
    w.begin_object();
    write_component_ref(w, components[i], i);
    w.key("group");
    if (o.has_group()) {
      const auto& pattern = r.owners.groups[o.group].claims[o.claim];
      w.value(group_name(r, o));
      w.key("claimed_by").begin_object().field("pattern", pattern.text);
      w.field("line", pattern.line).end_object();
    } else {
      w.null();
    }
    w.field("key", o.key);
    write_counts(w, "open_findings", v.open[i]);
    if (r.scan.support) {
      // Every statement the sources make, most severe first: the first is the status.
      w.key("support").begin_array();
      for (const auto& a : r.scan.support->components[i])
        detail::write_assessment(w, a);
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();

  w.key("gaps").begin_object();
  w.key("key_without_group").begin_array();
  for (size_t i : v.key_without_group) {
    w.begin_object();
    write_component_ref(w, components[i], i);
    write_counts(w, "open_findings", v.open[i]);
    w.end_object();
  }
  w.end_array();
  w.key("groups_with_open_findings").begin_array();
  for (size_t gi : v.groups_with_findings) {
    const Group& g = r.owners.groups[gi];
    w.begin_object().field("group", g.name).field("contact", g.contact);
    w.field("notices", g.notices);
    w.field("vulnerable_components", v.groups[gi].vulnerable);
    write_counts(w, "open_findings", v.groups[gi].open);
    w.end_object();
  }
  w.end_array();
  if (r.scan.support) w.key("support_lapsed").begin_array();
  for (size_t i : v.lapsed) {
    w.begin_object();
    write_component_ref(w, components[i], i);
    w.key("group");
    if (v.owners[i]->has_group()) {
      w.value(group_name(r, *v.owners[i]));
    } else {
      w.null();
    }
    w.key("assessment");
    detail::write_assessment(w, *support_of(r, i));
    w.end_object();
  }
  if (r.scan.support) w.end_array();
  w.key("without_group").begin_object();
  w.field("count", static_cast<uint64_t>(v.without_group.size()));
  w.key("components").begin_array();
  for (size_t i : v.without_group)
    w.value(components[i].purl);
  w.end_array();
  w.end_object();
  w.end_object();

  w.key("warnings").begin_array();
  for (const auto& text : r.warnings)
    w.value(text);
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

std::string owners_table(const OwnersResult& r, const ReportOptions& options) {
  const OwnersView v = build_view(r);
  const auto& components = r.scan.inventory.components;
  std::string out = detail::title_line(
      "Owners of " + detail::targets_label(r.scan.inventory) + " from " +
          (r.owners_path.empty() ? std::string("(no owners file)") : r.owners_path),
      options);
  out += "\n";

  const bool support = r.scan.support.has_value();
  std::vector<std::vector<std::string>> rows = {
      {"GROUP", "KEY", "COMPONENT", "VERSION", "ECOSYSTEM", "OPEN FINDINGS"}};
  if (support) rows.front().insert(rows.front().begin() + 5, "SUPPORT");
  for (size_t i : v.ordered) {
    const Owner& o = *v.owners[i];
    const Component& c = components[i];
    rows.push_back({o.has_group() ? group_name(r, o) : "-", o.key ? "key" : "", c.name, c.version,
                    c.ecosystem, v.open[i].text()});
    if (support) rows.back().insert(rows.back().begin() + 5, support_cell(r, i));
  }
  out += detail::aligned(rows, 0);

  if (support) {
    out += "\n" +
           detail::title_line(
               "Upstream maintenance (" + eol::format_date(r.scan.support->today) + ")", options);
    if (!r.scan.support->has_data) out += "  " + std::string(detail::kNoSupportData) + "\n";
    for (const auto& [what, a] : upstream_lines(r)) {
      out += "  " + detail::cell(what + ": " + detail::support_label(*a)).text + "\n";
      if (!a->detail.empty()) out += "    " + detail::cell(a->detail).text + "\n";
    }
  }

  if (!r.owners.groups.empty()) {
    out += "\n" + detail::title_line("Groups", options);
    rows.clear();
    for (size_t gi = 0; gi < r.owners.groups.size(); ++gi) {
      const Group& g = r.owners.groups[gi];
      const GroupStats& s = v.groups[gi];
      rows.push_back({g.name, std::string(maintenance::group_kind_name(g.kind)),
                      detail::plural(s.components.size(), "component", "components"),
                      s.key > 0 ? detail::plural(s.key, "key", "key") : "",
                      s.open.total > 0
                          ? detail::plural(s.open.total, "open finding", "open findings")
                          : "no open findings",
                      g.contact});
    }
    out += detail::aligned(rows, 2);
  }

  out += "\n" + detail::title_line("Gaps", options);
  // The gap that sets the exit code stands out on a terminal.
  const bool alarm = options.color && !v.key_without_group.empty();
  out += std::string(alarm ? "\x1b[1;31m" : "") +
         "  Key components with no group: " + std::to_string(v.key_without_group.size()) +
         (alarm ? "\x1b[0m\n" : "\n");
  rows.clear();
  for (size_t i : v.key_without_group) {
    const Component& c = components[i];
    rows.push_back({detail::component_label(c), c.ecosystem, c.location, v.open[i].text()});
  }
  out += detail::aligned(rows, 4);
  out += "  Groups with open findings: " + std::to_string(v.groups_with_findings.size()) + "\n";
  for (size_t gi : v.groups_with_findings) {
    const Group& g = r.owners.groups[gi];
    const GroupStats& s = v.groups[gi];
    std::string line =
        g.name + ": " + detail::plural(s.open.total, "open finding", "open findings") + " (" +
        s.open.text() + ") in " + detail::plural(s.vulnerable, "component", "components");
    if (!g.notices.empty()) line += "; notices: " + g.notices;
    if (const std::string p = patches_text(g); !p.empty()) line += "; patches: " + p;
    out += "    " + detail::cell(line).text + "\n";
  }
  if (support) {
    // A release past its support is every one of its packages' problem: said once, here.
    for (const auto* os : v.os_lapsed) {
      out += "  OS release past its support: " +
             detail::cell(upstream_what(r, *os) + ": " + os->assessment.detail).text + "\n";
    }
    out +=
        "  Components past end of life or maintenance: " + std::to_string(v.lapsed.size()) + "\n";
    rows.clear();
    for (size_t i : v.lapsed) {
      const Component& c = components[i];
      const eol::Assessment& a = *support_of(r, i);
      rows.push_back({detail::component_label(c), c.ecosystem,
                      v.owners[i]->has_group() ? group_name(r, *v.owners[i]) : "(no group)",
                      detail::support_label(a), a.source});
    }
    out += detail::aligned(rows, 4);
  }
  out += "  Components with no group: " + std::to_string(v.without_group.size()) + " of " +
         std::to_string(components.size()) + "\n";
  for (const auto& w : r.warnings)
    out += "\nWarning: " + detail::cell(w).text + "\n";
  return out;
}

std::string owners_markdown(const OwnersResult& r, const ReportOptions& options) {
  (void)options;
  const OwnersView v = build_view(r);
  const auto& components = r.scan.inventory.components;
  std::string out =
      "## upkeep owners: " + md(detail::targets_label(r.scan.inventory)) + "\n\nOwners file " +
      (r.owners_path.empty() ? std::string("(none)") : md(r.owners_path)) + ": " +
      detail::plural(r.owners.groups.size(), "group", "groups") + ", " +
      std::to_string(components.size() - v.without_group.size()) + " of " +
      detail::plural(components.size(), "component", "components") + " with a group.\n";
  for (const auto& w : r.warnings)
    out += "\n> **Warning:** " + md(w) + "\n";

  out += "\n### Gaps\n\n";
  out += v.key_without_group.empty()
             ? "- No key component without a group.\n"
             : "- **" +
                   detail::plural(v.key_without_group.size(), "key component", "key components") +
                   " with no group.**\n";
  out += "- " + detail::plural(v.groups_with_findings.size(), "group", "groups") +
         " with open findings.\n";
  for (const auto* os : v.os_lapsed) {
    out += "- **OS release past its support: " + md(upstream_what(r, *os)) + "** (" +
           md(os->assessment.detail) + ").\n";
  }
  if (r.scan.support) {
    out += "- " + detail::plural(v.lapsed.size(), "component", "components") +
           " past end of life, security support or maintenance.\n";
  }
  out += "- " + detail::plural(v.without_group.size(), "component", "components") +
         " with no group.\n";
  if (!v.key_without_group.empty()) {
    out +=
        "\n#### Key components with no group\n\n| Component | Version | Ecosystem | Location | "
        "Open findings |\n| --- | --- | --- | --- | --- |\n";
    for (size_t i : v.key_without_group) {
      const Component& c = components[i];
      out += "| " + md(c.name) + " | " + md(c.version) + " | " + md(c.ecosystem) + " | " +
             md(c.location) + " | " + md(v.open[i].text()) + " |\n";
    }
  }
  if (!v.lapsed.empty()) {
    out +=
        "\n#### Past end of life or maintenance\n\n| Component | Version | Ecosystem | Group | "
        "Status | Source | Detail |\n| --- | --- | --- | --- | --- | --- | --- |\n";
    for (size_t i : v.lapsed) {
      const Component& c = components[i];
      const eol::Assessment& a = *support_of(r, i);
      out += "| " + md(c.name) + " | " + md(c.version) + " | " + md(c.ecosystem) + " | " +
             (v.owners[i]->has_group() ? md(group_name(r, *v.owners[i])) : "(none)") + " | " +
             md(detail::support_label(a)) + " | " + md(a.source) + " | " + md(a.detail) + " |\n";
    }
  }
  if (!v.groups_with_findings.empty()) {
    out +=
        "\n#### Groups with open findings\n\n| Group | Open findings | Components | Contact | "
        "Security notices | Patches |\n| --- | --- | ---: | --- | --- | --- |\n";
    for (size_t gi : v.groups_with_findings) {
      const Group& g = r.owners.groups[gi];
      const GroupStats& s = v.groups[gi];
      out += "| " + md(g.name) + " | " + md(s.open.text()) + " | " + std::to_string(s.vulnerable) +
             " | " + md(g.contact) + " | " + md(g.notices) + " | " + md(patches_text(g)) + " |\n";
    }
  }

  if (r.scan.support) {
    out += "\n### Upstream maintenance (" + eol::format_date(r.scan.support->today) + ")\n\n";
    if (!r.scan.support->has_data) out += md(detail::kNoSupportData) + "\n\n";
    const auto lines = upstream_lines(r);
    if (!lines.empty()) {
      out += "| What | Status | Source | Detail |\n| --- | --- | --- | --- |\n";
      for (const auto& [what, a] : lines) {
        out += "| " + md(what) + " | " + md(detail::support_label(*a)) + " | " + md(a->source) +
               " | " + md(a->detail) + " |\n";
      }
    }
  }

  if (!r.owners.groups.empty()) {
    out +=
        "\n### Groups\n\n| Group | Kind | Components | Key | Open findings | Contact | "
        "Security notices | Patches |\n| --- | --- | ---: | ---: | --- | --- | --- | --- |\n";
    for (size_t gi = 0; gi < r.owners.groups.size(); ++gi) {
      const Group& g = r.owners.groups[gi];
      const GroupStats& s = v.groups[gi];
      out += "| " + md(g.name) + " | " + std::string(maintenance::group_kind_name(g.kind)) + " | " +
             std::to_string(s.components.size()) + " | " + std::to_string(s.key) + " | " +
             md(s.open.text()) + " | " + md(g.contact) + " | " + md(g.notices) + " | " +
             md(patches_text(g)) + " |\n";
    }
  }

  out += "\n<details><summary>" + detail::plural(components.size(), "component", "components") +
         "</summary>\n\n| Group | Key | Component | Version | Ecosystem | Open findings |" +
         (r.scan.support ? " Support |\n| --- | --- | --- | --- | --- | --- | --- |\n"
                         : "\n| --- | --- | --- | --- | --- | --- |\n");
  for (size_t i : v.ordered) {
    const Owner& o = *v.owners[i];
    const Component& c = components[i];
    out += "| " + (o.has_group() ? md(group_name(r, o)) : std::string("(none)")) + " | " +
           (o.key ? "key" : "") + " | " + md(c.name) + " | " + md(c.version) + " | " +
           md(c.ecosystem) + " | " + md(v.open[i].text()) + " |";
    out += r.scan.support ? " " + md(support_cell(r, i)) + " |\n" : "\n";
  }
  out += "\n</details>\n";
  return out;
}

}  // namespace upkeep::report
