// SPDX-License-Identifier: Apache-2.0
//
// OSV records from JSON. simdjson's DOM parser; the inventory's JSON wrapper supplies the line
// and column of a syntax error, which simdjson does not give.
#include <simdjson.h>

#include <algorithm>
#include <string>

#include "inventory/formats/json.h"
#include "upkeep/advisory.h"

namespace upkeep::advisory {
namespace {

using inventory::formats::JsonDocument;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// OSV nests at most about six levels; 64 leaves room for database_specific payloads and bounds
// hostile input.
constexpr size_t kMaxDepth = 64;

class RecordParser {
 public:
  explicit RecordParser(std::vector<ParseProblem>& problems) : problems_(problems) {}

  void problem(std::string pointer, std::string message) {
    problems_.push_back({std::move(pointer), std::move(message)});
  }

  // A string field: empty when absent; a problem when present with another type.
  std::string string_field(element parent, std::string_view key, const std::string& at) {
    element value;
    if (parent[key].get(value) != simdjson::SUCCESS || value.is_null()) return {};
    std::string_view s;
    if (value.get(s) != simdjson::SUCCESS) {
      problem(at + "/" + std::string(key), "not a string");
      return {};
    }
    return std::string(s);
  }

  std::vector<std::string> string_list(element parent, std::string_view key,
                                       const std::string& at) {
    std::vector<std::string> out;
    element value;
    if (parent[key].get(value) != simdjson::SUCCESS || value.is_null()) return out;
    array items;
    if (value.get(items) != simdjson::SUCCESS) {
      problem(at + "/" + std::string(key), "not an array");
      return out;
    }
    size_t i = 0;
    for (element item : items) {
      std::string_view s;
      if (item.get(s) != simdjson::SUCCESS) {
        problem(at + "/" + std::string(key) + "/" + std::to_string(i), "not a string");
      } else {
        out.emplace_back(s);
      }
      ++i;
    }
    return out;
  }

  std::vector<Severity> severities(element parent, const std::string& at) {
    std::vector<Severity> out;
    element value;
    if (parent["severity"].get(value) != simdjson::SUCCESS || value.is_null()) return out;
    array items;
    if (value.get(items) != simdjson::SUCCESS) {
      problem(at + "/severity", "not an array");
      return out;
    }
    size_t i = 0;
    for (element item : items) {
      const std::string here = at + "/severity/" + std::to_string(i++);
      Severity s;
      s.type = string_field(item, "type", here);
      s.score = string_field(item, "score", here);
      if (s.type.empty() || s.score.empty()) {
        problem(here, "a severity needs a type and a score");
        continue;
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  // "severity" inside database_specific or ecosystem_specific, as a label ("HIGH").
  std::string label_in(element parent, std::string_view key) {
    element specific;
    if (parent[key].get(specific) != simdjson::SUCCESS || !specific.is_object()) return {};
    std::string_view s;
    if (specific["severity"].get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
  }

  bool event(element item, const std::string& here, Event& out) {
    object fields;
    if (item.get(fields) != simdjson::SUCCESS) {
      problem(here, "an event is not an object");
      return false;
    }
    int kinds = 0;
    for (auto [key, value] : fields) {
      Event::Kind kind;
      if (key == "introduced") {
        kind = Event::Kind::kIntroduced;
      } else if (key == "fixed") {
        kind = Event::Kind::kFixed;
      } else if (key == "last_affected") {
        kind = Event::Kind::kLastAffected;
      } else if (key == "limit") {
        kind = Event::Kind::kLimit;
      } else {
        continue;  // OSV allows no other keys, but an unknown one does not change the meaning
      }
      std::string_view version;
      if (value.get(version) != simdjson::SUCCESS || version.empty()) {
        problem(here + "/" + std::string(key), "not a non-empty string");
        return false;
      }
      ++kinds;
      out.kind = kind;
      out.version = std::string(version);
    }
    if (kinds != 1) {
      problem(here, kinds == 0 ? "an event without introduced, fixed, last_affected or limit"
                               : "an event with more than one of introduced, fixed, "
                                 "last_affected, limit");
      return false;
    }
    return true;
  }

  bool range(element item, const std::string& here, Range& out) {
    const std::string type = string_field(item, "type", here);
    if (type == "ECOSYSTEM") {
      out.type = Range::Type::kEcosystem;
    } else if (type == "SEMVER") {
      out.type = Range::Type::kSemver;
    } else if (type == "GIT") {
      out.type = Range::Type::kGit;
    } else {
      problem(here + "/type", "unknown range type \"" + type + "\"");
      return false;
    }
    out.repo = string_field(item, "repo", here);
    element events;
    array list;
    if (item["events"].get(events) != simdjson::SUCCESS || events.get(list) != simdjson::SUCCESS) {
      problem(here + "/events", "a range needs an array of events");
      return false;
    }
    size_t i = 0;
    for (element e : list) {
      Event ev;
      if (event(e, here + "/events/" + std::to_string(i++), ev)) out.events.push_back(ev);
    }
    if (out.events.empty()) {
      problem(here + "/events", "a range without usable events");
      return false;
    }
    return true;
  }

  bool affected(element item, const std::string& here, Affected& out) {
    element package;
    if (item["package"].get(package) != simdjson::SUCCESS || !package.is_object()) {
      // OSV allows an affected entry without a package only for GIT ranges on a repository
      // (PSF-CPython); there is nothing a component can be matched by.
      problem(here + "/package", "no package: skipped (only a repository range)");
      return false;
    }
    out.ecosystem = string_field(package, "ecosystem", here + "/package");
    out.name = string_field(package, "name", here + "/package");
    out.purl = string_field(package, "purl", here + "/package");
    if (out.ecosystem.empty() || out.name.empty()) {
      problem(here + "/package", "a package needs an ecosystem and a name");
      return false;
    }
    element ranges;
    if (item["ranges"].get(ranges) == simdjson::SUCCESS && !ranges.is_null()) {
      array list;
      if (ranges.get(list) != simdjson::SUCCESS) {
        problem(here + "/ranges", "not an array");
      } else {
        size_t i = 0;
        for (element r : list) {
          Range parsed;
          if (range(r, here + "/ranges/" + std::to_string(i++), parsed)) {
            out.ranges.push_back(std::move(parsed));
          }
        }
      }
    }
    out.versions = string_list(item, "versions", here);
    out.severity = severities(item, here);
    out.label_severity = label_in(item, "ecosystem_specific");
    if (out.label_severity.empty()) out.label_severity = label_in(item, "database_specific");
    return true;
  }

 private:
  std::vector<ParseProblem>& problems_;
};

}  // namespace

Result<ParsedRecord> parse_osv_record(std::string_view json) {
  JsonDocument doc;
  if (auto err = doc.parse(json, kMaxDepth)) {
    return Status::invalid_argument("not valid JSON at line " + std::to_string(err->line) +
                                    ", column " + std::to_string(err->column) + ": " +
                                    err->message);
  }
  element root = doc.root();
  if (!root.is_object()) return Status::invalid_argument("an OSV record must be a JSON object");
  ParsedRecord out;
  RecordParser p(out.problems);
  Record& r = out.record;
  std::string_view id;
  if (root["id"].get(id) != simdjson::SUCCESS || id.empty()) {
    return Status::invalid_argument("an OSV record needs a string \"id\"");
  }
  r.id = std::string(id);
  r.schema_version = p.string_field(root, "schema_version", "");
  r.modified = p.string_field(root, "modified", "");
  r.published = p.string_field(root, "published", "");
  r.withdrawn = p.string_field(root, "withdrawn", "");
  r.aliases = p.string_list(root, "aliases", "");
  r.related = p.string_list(root, "related", "");
  r.upstream = p.string_list(root, "upstream", "");
  r.summary = p.string_field(root, "summary", "");
  r.details = p.string_field(root, "details", "");
  r.severity = p.severities(root, "");
  r.label_severity = p.label_in(root, "database_specific");
  element affected;
  if (root["affected"].get(affected) == simdjson::SUCCESS && !affected.is_null()) {
    array list;
    if (affected.get(list) != simdjson::SUCCESS) {
      p.problem("/affected", "not an array");
    } else {
      size_t i = 0;
      for (element a : list) {
        Affected parsed;
        if (p.affected(a, "/affected/" + std::to_string(i++), parsed)) {
          r.affected.push_back(std::move(parsed));
        }
      }
    }
  }
  element refs;
  array ref_list;
  if (root["references"].get(refs) == simdjson::SUCCESS &&
      refs.get(ref_list) == simdjson::SUCCESS) {
    size_t i = 0;
    for (element ref : ref_list) {
      const std::string here = "/references/" + std::to_string(i++);
      Reference parsed{p.string_field(ref, "type", here), p.string_field(ref, "url", here)};
      if (!parsed.url.empty()) r.references.push_back(std::move(parsed));
    }
  }
  return out;
}

std::string_view base_ecosystem(std::string_view ecosystem) {
  return ecosystem.substr(0, ecosystem.find(':'));
}

std::string normalize_package_name(std::string_view ecosystem, std::string_view name) {
  const std::string_view base = base_ecosystem(ecosystem);
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  std::string out;
  out.reserve(name.size());
  if (base == "PyPI") {
    // PEP 503: re.sub(r"[-_.]+", "-", name).lower()
    bool run = false;
    for (char c : name) {
      if (c == '-' || c == '_' || c == '.') {
        if (!run) out += '-';
        run = true;
      } else {
        out += lower(c);
        run = false;
      }
    }
    return out;
  }
  if (base == "crates.io") {
    for (char c : name)
      out += c == '_' ? '-' : lower(c);
    return out;
  }
  if (base == "NuGet" || base == "Packagist") {
    for (char c : name)
      out += lower(c);
    return out;
  }
  return std::string(name);
}

}  // namespace upkeep::advisory
