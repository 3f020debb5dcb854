// SPDX-License-Identifier: Apache-2.0
//
// The dependency review's reports (upkeep/review_report.h): Markdown for a pull-request comment,
// upkeep's JSON ("upkeep.review/1", docs/review.md), SARIF 2.1.0.
#include "upkeep/review_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "report/scan_model.h"
#include "report/sha1.h"
#include "upkeep/json_writer.h"

namespace upkeep::report {

using review::ChangeKind;
using review::FixKind;
using review::ReviewEntry;
using review::ReviewFinding;
using review::ReviewResult;
using review::Violation;

namespace {

constexpr std::string_view kInformationUri = "https://upkeep.invalid/docs/review.md";

std::string md(std::string_view s) {
  return detail::markdown_text(s);
}

std::string_view fix_kind_name(FixKind kind) {
  switch (kind) {
    case FixKind::kNotNeeded:
      return "not-needed";
    case FixKind::kUpgrade:
      return "upgrade";
    case FixKind::kPartial:
      return "partial";
    case FixKind::kNoFix:
      break;
  }
  return "no-fix";
}

// `key`: the text, or null when it is empty (a field the entry does not have).
void nullable_field(JsonWriter& w, std::string_view key, const std::string& text) {
  w.key(key);
  if (text.empty()) {
    w.null();
  } else {
    w.value(text);
  }
}

std::string_view severity_name(const std::optional<Rating>& rating) {
  return rating ? rating_name(*rating) : "none";
}

std::string entry_label(const ReviewEntry& e) {
  const std::string& v = e.head_version.empty() ? e.base_version : e.head_version;
  return e.component.name + (v.empty() ? "" : " " + v);
}

// "1.0.0 → 1.2.0", "1.2.0" (added), "1.0.0" (removed).
std::string versions_md(const ReviewEntry& e) {
  switch (e.change.kind) {
    case ChangeKind::kAdded:
      return md(e.head_version);
    case ChangeKind::kRemoved:
      return md(e.base_version);
    default:
      return md(e.base_version) + " → " + md(e.head_version);
  }
}

std::string findings_md(const ReviewEntry& e) {
  std::string out;
  size_t shown = 0;
  for (const ReviewFinding& rf : e.findings) {
    const match::Finding& f = rf.finding;
    if (f.suppressed) continue;
    if (shown == 5) {
      out += "<br>and " + std::to_string(e.open_findings() - shown) + " more";
      break;
    }
    if (!out.empty()) out += "<br>";
    const std::string id(detail::preferred_id(f));
    out += "[" + md(id) + "](" + detail::vulnerability_url(id) + ") " +
           std::string(rating_name(effective_rating(f)));
    if (f.kev) out += ", **KEV**";
    if (rf.allowed) {
      out += ", allowed";
    } else if (rf.is_new) {
      out += ", new";
    }
    ++shown;
  }
  return out.empty() ? "none" : out;
}

std::string fix_md(const ReviewEntry& e) {
  switch (e.fix) {
    case FixKind::kNotNeeded:
      return "";
    case FixKind::kUpgrade:
      return md(e.fixed_in);
    case FixKind::kPartial:
      return md(e.fixed_in) + " (not all)";
    case FixKind::kNoFix:
      break;
  }
  return "no fix";
}

std::string eol_md(const ReviewEntry& e) {
  return std::string(eol::status_name(e.eol_status));
}

void table_head(std::string& out) {
  out += "| Change | Package | Version | Findings | Group | End of life | Fixed in |\n";
  out += "|---|---|---|---|---|---|---|\n";
}

void table_row(std::string& out, const ReviewEntry& e) {
  std::string name = md(e.component.name);
  if (e.key) name += " (key)";
  out += "| " + std::string(review::change_kind_name(e.change.kind)) + " | " + name + " | " +
         versions_md(e) + " | " + findings_md(e) + " | " +
         (e.group.empty() ? std::string("none") : md(e.group)) + " | " + eol_md(e) + " | " +
         fix_md(e) + " |\n";
}

}  // namespace

Result<ReviewFormat> parse_review_format(std::string_view name) {
  if (name == "markdown") return ReviewFormat::kMarkdown;
  if (name == "json") return ReviewFormat::kJson;
  if (name == "sarif") return ReviewFormat::kSarif;
  return Status::invalid_argument("unknown review format \"" + std::string(name) +
                                  "\" (markdown, json, sarif)");
}

std::string render_review(const ReviewResult& result, ReviewFormat format,
                          const ReportOptions& options) {
  switch (format) {
    case ReviewFormat::kMarkdown:
      return review_markdown(result, options);
    case ReviewFormat::kJson:
      return review_json(result, options);
    case ReviewFormat::kSarif:
      break;
  }
  return review_sarif(result, options);
}

std::string review_markdown(const ReviewResult& result, const ReportOptions& /*options*/) {
  const review::Summary& s = result.summary;
  std::string out;
  out += result.passed() ? "## Dependency review: passed\n\n" : "## Dependency review: failed\n\n";
  out += md(result.base_target) + " → " + md(result.head_target) + "\n\n";
  if (!result.passed()) {
    out += "The change breaks the review policy (" + md(result.policy_source) + "):\n\n";
    for (const Violation& v : result.violations)
      out += "- " + md(v.message) + "\n";
    out += "\n";
  }
  out +=
      "| Added | Upgraded | Downgraded | Changed | Removed | New transitive | Open findings | "
      "New findings | KEV |\n";
  out += "|---|---|---|---|---|---|---|---|---|\n";
  out += "| " + std::to_string(s.added) + " | " + std::to_string(s.upgraded) + " | " +
         std::to_string(s.downgraded) + " | " + std::to_string(s.changed) + " | " +
         std::to_string(s.removed) + " | " + std::to_string(s.new_transitive) + " | " +
         std::to_string(s.open_findings) + " | " + std::to_string(s.new_findings) + " | " +
         std::to_string(s.kev) + " |\n\n";

  // A pull-request comment holds 65,536 characters: past kCommentBudget, rows without open
  // findings are left out (counted; the JSON report has them all). Rows with findings always
  // show.
  constexpr size_t kCommentBudget = 60000;
  size_t left_out = 0;
  const auto row = [&](const ReviewEntry& e) {
    if (out.size() > kCommentBudget && e.open_findings() == 0) {
      ++left_out;
      return;
    }
    table_row(out, e);
  };

  // Direct (and unknown-relationship) entries in the main table; transitive ones under the
  // direct dependency that brings them.
  std::vector<const ReviewEntry*> top;
  std::map<std::string, std::vector<const ReviewEntry*>> under;
  std::vector<const ReviewEntry*> removed;
  for (const ReviewEntry& e : result.entries) {
    if (e.change.kind == ChangeKind::kRemoved) {
      removed.push_back(&e);
    } else if (e.is_transitive()) {
      under[e.introduced_by].push_back(&e);
    } else {
      top.push_back(&e);
    }
  }
  if (!top.empty()) {
    out += "### Added and changed\n\n";
    table_head(out);
    for (const ReviewEntry* e : top)
      row(*e);
    out += "\n";
  }
  if (!under.empty()) {
    out += "### Transitive dependencies\n\n";
    for (const auto& [via, entries] : under) {
      size_t findings = 0;
      for (const ReviewEntry* e : entries)
        findings += e->open_findings();
      out += "<details><summary>" + std::to_string(entries.size()) + " through " + md(via) +
             (findings > 0
                  ? ", " + std::to_string(findings) + " open finding" + (findings == 1 ? "" : "s")
                  : std::string()) +
             "</summary>\n\n";
      table_head(out);
      for (const ReviewEntry* e : entries)
        row(*e);
      out += "\n</details>\n\n";
    }
  }
  if (!removed.empty()) {
    out += "<details><summary>" + std::to_string(removed.size()) + " removed</summary>\n\n";
    for (const ReviewEntry* e : removed) {
      if (out.size() > kCommentBudget) {
        ++left_out;
        continue;
      }
      out += "- " + md(entry_label(*e)) + "\n";
    }
    out += "\n</details>\n\n";
  }
  if (result.entries.empty()) out += "No dependency changed.\n\n";
  if (left_out > 0) {
    out += std::to_string(left_out) +
           " rows without open findings are left out to fit a pull-request comment; `-f json` "
           "lists every change.\n\n";
  }
  out += "Owners: " +
         (result.owners_path.empty() ? std::string("none (no groups)") : md(result.owners_path)) +
         ". Policy: " + md(result.policy_source) + ".\n";
  for (const std::string& w : result.warnings)
    out += "\n> " + md(w) + "\n";
  return out;
}

std::string review_json(const ReviewResult& result, const ReportOptions& options) {
  const review::Summary& s = result.summary;
  const review::Policy& p = result.policy;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  detail::json_head(w, "upkeep.review/1", options);
  w.field("base", result.base_target).field("head", result.head_target);
  w.field("result", result.passed() ? "pass" : "fail");
  w.key("violations").begin_array();
  for (const Violation& v : result.violations) {
    w.begin_object().field("rule", v.rule).field("message", v.message);
    if (v.entry) {
      const ReviewEntry& e = result.entries[*v.entry];
      w.field("name", e.component.name).field("version", e.head_version);
      w.field("purl", e.component.purl);
    }
    if (!v.advisory.empty()) {
      w.field("advisory", v.advisory).field("severity", rating_name(v.rating));
    }
    w.end_object();
  }
  w.end_array();
  w.key("summary").begin_object();
  w.field("base_components", s.base_components).field("head_components", s.head_components);
  w.field("added", s.added).field("upgraded", s.upgraded).field("downgraded", s.downgraded);
  w.field("changed", s.changed).field("removed", s.removed);
  w.field("new_transitive", s.new_transitive).field("open_findings", s.open_findings);
  w.field("new_findings", s.new_findings).field("kev", s.kev);
  w.end_object();
  nullable_field(w, "owners", result.owners_path);
  w.key("policy").begin_object();
  w.field("source", result.policy_source);
  w.field("fail_on_severity", severity_name(p.fail_on_severity));
  w.field("fail_on_kev", p.fail_on_kev);
  w.field("fail_on_key_without_group", p.fail_on_key_without_group);
  w.field("fail_on_end_of_life", p.fail_on_end_of_life);
  w.field("fail_on_no_group", p.fail_on_no_group);
  w.key("max_new_transitive");
  if (p.max_new_transitive) {
    w.value(*p.max_new_transitive);
  } else {
    w.null();
  }
  w.key("allow").begin_array();
  for (const auto& id : p.allow)
    w.value(id);
  w.end_array();
  w.key("ignore_scopes").begin_array();
  for (auto scope : p.ignore_scopes)
    w.value(inventory::scope_name(scope));
  w.end_array();
  w.end_object();
  w.key("changes").begin_array();
  for (const ReviewEntry& e : result.entries) {
    const inventory::Component& c = e.component;
    w.begin_object();
    w.field("change", review::change_kind_name(e.change.kind));
    w.field("ecosystem", c.ecosystem).field("name", c.name).field("purl", c.purl);
    w.key("base_version");
    if (e.change.base) {
      w.value(e.base_version);
    } else {
      w.null();
    }
    w.key("head_version");
    if (e.change.head) {
      w.value(e.head_version);
    } else {
      w.null();
    }
    w.field("relationship", inventory::relationship_name(c.relationship));
    w.field("scope", inventory::scope_name(c.scope));
    w.field("location", c.location);
    if (e.change.kind != ChangeKind::kRemoved) {
      nullable_field(w, "introduced_by", e.introduced_by);
      nullable_field(w, "group", e.group);
      w.field("key", e.key);
      w.key("end_of_life").begin_object();
      w.field("status", eol::status_name(e.eol_status));
      if (!e.eol_detail.empty()) w.field("detail", e.eol_detail);
      w.end_object();
      w.key("fix").begin_object().field("kind", fix_kind_name(e.fix));
      if (!e.fixed_in.empty()) w.field("version", e.fixed_in);
      w.end_object();
      w.key("findings").begin_array();
      for (const ReviewFinding& rf : e.findings) {
        const match::Finding& f = rf.finding;
        w.begin_object();
        w.field("id", detail::preferred_id(f));
        w.key("ids").begin_array();
        for (const auto& id : f.ids)
          w.value(id);
        w.end_array();
        w.field("severity", rating_name(effective_rating(f)));
        if (f.cvss_score && std::isfinite(*f.cvss_score)) w.field("cvss_score", *f.cvss_score);
        w.field("kev", f.kev).field("new", rf.is_new).field("allowed", rf.allowed);
        w.field("suppressed", f.suppressed);
        nullable_field(w, "fixed_version", f.fixed_version);
        w.field("summary", f.summary);
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("warnings").begin_array();
  for (const auto& warning : result.warnings)
    w.value(warning);
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

namespace {

// Policy rules that are not about one advisory, as SARIF rules of their own.
struct PolicyRule {
  std::string_view id;
  std::string_view text;
};
constexpr PolicyRule kPolicyRules[] = {
    {"key-without-group", "A key component has no maintenance group"},
    {"no-group", "An added component has no maintenance group"},
    {"end-of-life", "An added or changed component is past its end of life or unmaintained"},
    {"max-new-transitive", "The change adds more transitive dependencies than the policy allows"},
};

// The path a component's file has in the repository: git:REV:PATH's PATH, else the location.
std::string repository_path(std::string_view location) {
  if (location.starts_with("git:")) {
    const size_t colon = location.find(':', 4);
    if (colon != std::string_view::npos) location.remove_prefix(colon + 1);
  }
  return std::string(location);
}

}  // namespace

std::string review_sarif(const ReviewResult& result, const ReportOptions& options) {
  // One result per open new finding (and per KEV finding that breaks the policy), one per other
  // violation. Advisory rules first by id, then the policy rules that occur.
  struct FindingResult {
    const ReviewEntry* entry;
    const ReviewFinding* finding;
    bool violates;
  };
  std::vector<FindingResult> finding_results;
  std::set<std::pair<size_t, std::string>> violating;  // (entry, advisory)
  for (const Violation& v : result.violations) {
    if (v.entry && !v.advisory.empty()) violating.emplace(*v.entry, v.advisory);
  }
  std::map<std::string, const match::Finding*> advisory_rules;
  for (size_t i = 0; i < result.entries.size(); ++i) {
    const ReviewEntry& e = result.entries[i];
    for (const ReviewFinding& rf : e.findings) {
      if (rf.finding.suppressed) continue;
      const std::string id(detail::preferred_id(rf.finding));
      const bool violates = violating.count({i, id}) > 0;
      if (!violates && (!rf.is_new || rf.allowed)) continue;
      finding_results.push_back({&e, &rf, violates});
      advisory_rules.emplace(id, &rf.finding);
    }
  }
  std::map<std::string, size_t> rule_index;
  for (const auto& [id, f] : advisory_rules)
    rule_index.emplace(id, rule_index.size());
  std::vector<const PolicyRule*> policy_rules;
  for (const PolicyRule& r : kPolicyRules) {
    if (std::any_of(result.violations.begin(), result.violations.end(),
                    [&](const Violation& v) { return v.rule == r.id; })) {
      rule_index.emplace(std::string(r.id), advisory_rules.size() + policy_rules.size());
      policy_rules.push_back(&r);
    }
  }

  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.field("name", "upkeep-review");
  w.field("informationUri", kInformationUri);
  if (!options.tool_version.empty()) w.field("semanticVersion", options.tool_version);
  w.key("rules").begin_array();
  for (const auto& [id, f] : advisory_rules) {
    const Rating rating = effective_rating(*f);
    w.begin_object().field("id", id).field("name", "NewVulnerability");
    const std::string title = detail::clean_text(f->summary.empty() ? id : f->summary);
    w.key("shortDescription").begin_object().field("text", title.substr(0, 1000)).end_object();
    w.field("helpUri", detail::vulnerability_url(id));
    w.key("defaultConfiguration").begin_object().field("level", detail::sarif_level(rating));
    w.end_object();
    w.key("properties").begin_object();
    if (auto sev = detail::sarif_security_severity(f->cvss_score, rating); !sev.empty()) {
      w.field("security-severity", sev);
    }
    w.key("tags").begin_array().value("security").value("dependency-review").end_array();
    w.end_object();
    w.end_object();
  }
  for (const PolicyRule* r : policy_rules) {
    w.begin_object().field("id", r->id).field("name", "ReviewPolicy");
    w.key("shortDescription").begin_object().field("text", r->text).end_object();
    w.key("defaultConfiguration").begin_object().field("level", "error").end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_object();  // driver, tool

  auto location = [&](std::string_view path, std::string_view what) {
    w.key("locations").begin_array().begin_object();
    w.key("physicalLocation").begin_object();
    w.key("artifactLocation").begin_object().field("uri", detail::sarif_uri(path, "")).end_object();
    w.key("region").begin_object().field("startLine", 1).end_object();
    w.end_object();
    w.key("message").begin_object().field("text", detail::clean_text(what)).end_object();
    w.end_object().end_array();
  };
  w.key("results").begin_array();
  for (const FindingResult& fr : finding_results) {
    const match::Finding& f = fr.finding->finding;
    const inventory::Component& c = fr.entry->component;
    const std::string id(detail::preferred_id(f));
    const Rating rating = effective_rating(f);
    w.begin_object();
    w.field("ruleId", id).field("ruleIndex", static_cast<uint64_t>(rule_index[id]));
    w.field("level", fr.violates ? std::string_view("error") : detail::sarif_level(rating));
    std::string message = entry_label(*fr.entry) + " (" +
                          std::string(review::change_kind_name(fr.entry->change.kind)) +
                          ") is affected by " + id + " (" + std::string(rating_name(rating)) +
                          (f.kev ? ", known exploited" : "") + ")" +
                          (fr.violates ? ": the review policy fails on it." : ".");
    if (!f.fixed_version.empty()) message += " Fixed in " + f.fixed_version + ".";
    w.key("message").begin_object().field("text", detail::clean_text(message)).end_object();
    location(repository_path(c.location), c.purl);
    w.key("partialFingerprints").begin_object();
    // The path inside the repository, not git:REV:PATH: the same finding keeps its fingerprint
    // from one revision to the next.
    w.field("upkeepReview/v1",
            detail::sha1_hex(id + "\n" + c.purl + "\n" + repository_path(c.location)));
    w.end_object();
    w.key("properties").begin_object().field("purl", c.purl).field("new", fr.finding->is_new);
    w.field("kev", f.kev).end_object();
    w.end_object();
  }
  for (const Violation& v : result.violations) {
    if (!v.advisory.empty()) continue;  // a finding's result above
    w.begin_object();
    w.field("ruleId", v.rule).field("ruleIndex", static_cast<uint64_t>(rule_index[v.rule]));
    w.field("level", "error");
    w.key("message").begin_object().field("text", detail::clean_text(v.message)).end_object();
    const ReviewEntry* e = v.entry ? &result.entries[*v.entry] : nullptr;
    std::string path;
    if (e != nullptr) {
      path = repository_path(e->component.location);
    } else {
      for (const ReviewEntry& any : result.entries) {
        if (any.change.head) {
          path = repository_path(any.component.location);
          break;
        }
      }
    }
    if (path.empty()) path = repository_path(result.head_target);
    location(path, e != nullptr ? e->component.purl : v.message);
    w.key("partialFingerprints").begin_object();
    w.field("upkeepReview/v1",
            detail::sha1_hex(v.rule + "\n" + (e != nullptr ? e->component.purl : "")));
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_array();  // run, runs
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace upkeep::report
