// SPDX-License-Identifier: Apache-2.0
//
// CycloneDX VEX (specVersion 1.4 to 1.6, JSON): vulnerabilities[] with an analysis. Each
// affects[] entry names a component by bom-ref (resolved through metadata.component and
// components, nested to any depth), by a purl, or by a BOM-Link whose fragment is a bom-ref of
// this document; its versions[] narrow the statement to versions or `vers:` ranges.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/formats/json.h"
#include "suppress/internal.h"

namespace upkeep::suppress::detail {
namespace {

namespace formats = inventory::formats;
using simdjson::dom::element;

constexpr std::string_view kStates[] = {"resolved",  "resolved_with_pedigree", "exploitable",
                                        "in_triage", "false_positive",         "not_affected"};
constexpr std::string_view kJustifications[] = {
    "code_not_present",     "code_not_reachable",     "requires_configuration",
    "requires_dependency",  "requires_environment",   "protected_by_compiler",
    "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control"};

template <size_t N>
bool one_of(std::string_view v, const std::string_view (&list)[N]) {
  for (std::string_view s : list) {
    if (s == v) return true;
  }
  return false;
}

// The object at `key`, as an element (the formats:: accessors take elements), or nullopt.
std::optional<element> object_at(element e, std::string_view key) {
  element out;
  if (e[key].get(out) != simdjson::SUCCESS || !out.is_object()) return std::nullopt;
  return out;
}

bool suppressing(std::string_view state) {
  return state == "not_affected" || state == "false_positive" || state == "resolved" ||
         state == "resolved_with_pedigree";
}

bool is_purl(std::string_view s) {
  return s.size() > 4 && upper(s.substr(0, 4)) == "PKG:";
}

// Strips the version (and nothing else) from a purl string: "pkg:npm/a@1?x=y" -> "pkg:npm/a?x=y".
std::string without_version(std::string_view purl) {
  const size_t cut = purl.find_first_of("?#");
  const std::string_view head = purl.substr(0, cut);
  const std::string_view tail =
      cut == std::string_view::npos ? std::string_view() : purl.substr(cut);
  const size_t slash = head.find('/');
  size_t at = head.rfind('@');
  if (at == std::string_view::npos || slash == std::string_view::npos || at < slash ||
      head[at - 1] == '/') {
    return std::string(purl);
  }
  return std::string(head.substr(0, at)) + std::string(tail);
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view source, Loaded& out)
      : text_(text), source_(source), out_(out), locator_(text, source) {}

  Status read() {
    formats::JsonDocument doc;
    if (auto err = doc.parse(text_)) {
      return Status::invalid_argument(
          Location{std::string(source_), err->line, err->column}.to_string() +
          ": not valid JSON: " + err->message);
    }
    const element root = doc.root();
    if (!root.is_object()) return whole("a CycloneDX document is a JSON object");
    const std::string_view format = formats::get_string(root, "bomFormat");
    const auto vulnerabilities = formats::get_array(root, "vulnerabilities");
    if (!format.empty() && format != "CycloneDX") {
      return whole("bomFormat is \"" + std::string(format) + "\", not CycloneDX");
    }
    if (!vulnerabilities) {
      return whole("not a CycloneDX VEX document: it has no \"vulnerabilities\" array");
    }
    const std::string_view spec = formats::get_string(root, "specVersion");
    if (spec != "1.4" && spec != "1.5" && spec != "1.6") {
      out_.warnings.push_back({locator_.locate({key("specVersion")}),
                               "specVersion \"" + std::string(spec) +
                                   "\": VEX is read as CycloneDX 1.4 to 1.6 define it"});
    }
    if (auto metadata = object_at(root, "metadata")) {
      const element m = *metadata;
      metadata_timestamp_ = formats::get_string(m, "timestamp");
      element subject;
      if (m["component"].get(subject) == simdjson::SUCCESS) collect_refs(subject);
    }
    if (auto components = formats::get_array(root, "components")) {
      for (element c : *components)
        collect_refs(c);
    }
    size_t i = 0;
    for (element v : *vulnerabilities)
      read_vulnerability(v, i++);
    if (without_analysis_ > 0) {
      out_.warnings.push_back({Location{std::string(source_), 0, 0},
                               std::to_string(without_analysis_) +
                                   " vulnerabilities without analysis.state are findings, not "
                                   "VEX statements; not read"});
    }
    return Status::ok();
  }

 private:
  Status whole(std::string_view why) {
    return Status::invalid_argument(std::string(source_) + ": " + std::string(why));
  }

  // bom-ref -> purl for a component and everything nested in it. Iterative: the parser caps
  // nesting, but a deep BOM should not cost stack either.
  void collect_refs(element top) {
    std::vector<element> stack = {top};
    while (!stack.empty()) {
      const element c = stack.back();
      stack.pop_back();
      if (!c.is_object()) continue;
      const std::string_view ref = formats::get_string(c, "bom-ref");
      const std::string_view purl = formats::get_string(c, "purl");
      if (!ref.empty()) refs_.emplace(std::string(ref), std::string(purl));
      if (auto children = formats::get_array(c, "components")) {
        for (element child : *children)
          stack.push_back(child);
      }
    }
  }

  void read_vulnerability(element v, size_t i) {
    const auto warn = [&](std::initializer_list<PathStep> rest, std::string message) {
      std::vector<PathStep> steps = {key("vulnerabilities"), at(i)};
      steps.insert(steps.end(), rest.begin(), rest.end());
      out_.warnings.push_back({locator_.locate(steps), "vulnerabilities[" + std::to_string(i) +
                                                           "]: " + std::move(message)});
    };
    if (!v.is_object()) {
      warn({}, "a vulnerability is a JSON object; skipped");
      return;
    }
    const auto analysis = object_at(v, "analysis");
    const std::string_view state =
        analysis ? formats::get_string(*analysis, "state") : std::string_view();
    if (state.empty()) {
      ++without_analysis_;
      return;
    }
    const std::string_view id = formats::get_string(v, "id");
    if (id.empty()) {
      warn({}, "no id; skipped");
      return;
    }
    if (!one_of(state, kStates)) {
      warn({key("analysis"), key("state")},
           "analysis.state \"" + std::string(state) + "\" is not one of CycloneDX's; skipped");
      return;
    }
    const element a = *analysis;
    const std::string_view justification = formats::get_string(a, "justification");
    if (!justification.empty() && !one_of(justification, kJustifications)) {
      warn({key("analysis"), key("justification")}, "analysis.justification \"" +
                                                        std::string(justification) +
                                                        "\" is not one of CycloneDX's");
    }
    std::vector<std::string> ids = {upper(id)};
    if (auto references = formats::get_array(v, "references")) {
      for (element r : *references) {
        const std::string_view alias = formats::get_string(r, "id");
        if (!alias.empty()) ids.push_back(upper(alias));
      }
    }
    Suppression info;
    info.kind = Kind::kCycloneDxVex;
    info.where = locator_.locate({key("vulnerabilities"), at(i)});
    info.vulnerability = std::string(id);
    info.status = std::string(state);
    info.justification = std::string(justification);
    info.detail = std::string(formats::get_string(a, "detail"));
    if (auto response = formats::get_array(a, "response")) {
      for (element r : *response) {
        if (!r.is_string()) continue;
        if (!info.action.empty()) info.action += ", ";
        info.action += std::string_view(r);
      }
    }
    std::string_view when_text = formats::get_string(a, "lastUpdated");
    if (when_text.empty()) when_text = formats::get_string(a, "firstIssued");
    if (when_text.empty()) when_text = metadata_timestamp_;
    info.timestamp = std::string(when_text);
    Instant when;
    if (!when_text.empty()) {
      if (auto t = parse_timestamp(when_text)) {
        when = *t;
      } else {
        warn({key("analysis")}, "time \"" + std::string(when_text) + "\" is not an RFC 3339 time");
      }
    }
    info.suppresses = suppressing(state);

    const auto affects = formats::get_array(v, "affects");
    if (!affects || affects->size() == 0) {
      warn({}, "no affects[]: the statement names no component; skipped");
      return;
    }
    size_t k = 0;
    for (element affected : *affects) {
      const size_t ki = k++;
      const std::string_view ref = formats::get_string(affected, "ref");
      std::string purl_text;
      if (is_purl(ref)) {
        purl_text = std::string(ref);
      } else {
        std::string_view local = ref;
        // A BOM-Link (urn:cdx:serial/version#bom-ref) into this or another BOM: its fragment
        // resolves only among this document's components.
        if (ref.starts_with("urn:cdx:")) {
          const size_t hash = ref.find('#');
          local = hash == std::string_view::npos ? std::string_view() : ref.substr(hash + 1);
          if (auto decoded = purl::percent_decode(local)) {
            if (is_purl(*decoded)) purl_text = *decoded;
          }
        }
        if (purl_text.empty()) {
          const auto found = refs_.find(std::string(local));
          if (found == refs_.end()) {
            warn({key("affects"), at(ki), key("ref")},
                 ref.empty() ? std::string("affects[] without a ref; skipped")
                             : "ref \"" + std::string(ref) +
                                   "\" names no component of this document; skipped");
            continue;
          }
          if (found->second.empty()) {
            warn({key("affects"), at(ki), key("ref")},
                 "ref \"" + std::string(ref) +
                     "\" is a component without a purl: it cannot be matched; skipped");
            continue;
          }
          purl_text = found->second;
        }
      }
      simdjson::dom::array versions;
      element single;
      bool have_versions = false;
      if (affected["versions"].get(versions) == simdjson::SUCCESS && versions.size() > 0) {
        have_versions = true;
      } else if (affected["versions"].get(single) == simdjson::SUCCESS && single.is_object()) {
        // Some published examples write one object instead of an array: read it the same way.
        add_version_rule(info, ids, when, purl_text, single, i, ki, 0, warn);
        continue;
      }
      if (!have_versions) {
        add_rule(info, ids, when, purl_text, std::nullopt, {}, purl_text, [&](std::string m) {
          warn({key("affects"), at(ki), key("ref")}, std::move(m));
        });
        continue;
      }
      size_t n = 0;
      for (element entry : versions)
        add_version_rule(info, ids, when, purl_text, entry, i, ki, n++, warn);
    }
  }

  template <typename Warn>
  void add_version_rule(const Suppression& info, const std::vector<std::string>& ids, Instant when,
                        const std::string& purl_text, element entry, size_t /*i*/, size_t ki,
                        size_t n, const Warn& warn) {
    const auto here = [&](std::string m) {
      warn({key("affects"), at(ki), key("versions"), at(n)}, std::move(m));
    };
    if (!entry.is_object()) {
      here("a versions[] entry is a JSON object; skipped");
      return;
    }
    const std::string_view version = formats::get_string(entry, "version");
    const std::string_view range = formats::get_string(entry, "range");
    // 1.4 to 1.6 say "status"; some writers say "state".
    std::string_view status = formats::get_string(entry, "status");
    if (status.empty()) status = formats::get_string(entry, "state");
    if (status.empty()) status = "affected";
    if (status != "affected" && status != "unaffected" && status != "unknown") {
      here("status \"" + std::string(status) +
           "\" is not affected, unaffected or unknown; skipped");
      return;
    }
    Suppression adjusted = info;
    if (status == "unaffected" && !adjusted.suppresses) {
      // The versions are declared unaffected, whatever the analysis says of the others.
      adjusted.status = "not_affected";
      adjusted.suppresses = true;
    } else if (status == "unknown") {
      adjusted.status = "in_triage";
      adjusted.suppresses = false;
    }
    if (!range.empty()) {
      auto parsed = VersRange::parse(range);
      if (!parsed) {
        here(parsed.status().message() + "; skipped");
        return;
      }
      add_rule(adjusted, ids, when, without_version(purl_text), std::move(parsed).value(), {},
               without_version(purl_text) + " " + std::string(range), here);
    } else if (!version.empty()) {
      add_rule(adjusted, ids, when, without_version(purl_text), std::nullopt, version,
               without_version(purl_text) + " " + std::string(version), here);
    } else {
      here("neither version nor range; skipped");
    }
  }

  template <typename Warn>
  void add_rule(const Suppression& info, const std::vector<std::string>& ids, Instant when,
                const std::string& purl_text, std::optional<VersRange> range,
                std::string_view version, std::string label, const Warn& warn) {
    auto pattern = PurlPattern::parse(purl_text, false);
    if (!pattern) {
      warn(pattern.status().message() + "; skipped");
      return;
    }
    Rule r;
    r.ids = ids;
    r.info = info;
    r.info.product = std::move(label);
    if (range) {
      pattern->range = std::move(range);
    } else if (!version.empty()) {
      pattern->version = std::string(version);
    }
    r.product = std::move(pattern).value();
    r.time = when;
    out_.rules.push_back(std::move(r));
  }

  std::string_view text_;
  std::string_view source_;
  Loaded& out_;
  JsonLocator locator_;
  std::string_view metadata_timestamp_;
  std::unordered_map<std::string, std::string> refs_;
  size_t without_analysis_ = 0;
};

}  // namespace

Status read_cyclonedx_vex(std::string_view text, std::string_view source, Loaded& out) {
  return Reader(text, source, out).read();
}

}  // namespace upkeep::suppress::detail
