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

// Where in the record a value is, as a JSON pointer built only when a problem names it (a record
// has hundreds of events and references; spelling out every pointer cost more than parsing).
// Each level refers to its parent, which outlives it on the stack.
struct Where {
  const Where* parent = nullptr;  // nullptr: the root
  std::string_view key;           // the member name, or empty for an array index
  size_t index = 0;

  Where member(std::string_view k) const { return {this, k, 0}; }
  Where at(size_t i) const { return {this, {}, i}; }
  std::string str() const {
    if (parent == nullptr) return {};
    return parent->str() + "/" + (key.empty() ? std::to_string(index) : std::string(key));
  }
};

// Walks a record, checking everything parse_osv_record checks. With `out` it fills the whole
// Record; without, it keeps only what the store indexes (RecordKeys) and copies nothing else, so
// that the import reports the same problems as a full parse at a fraction of the allocations.
class RecordParser {
 public:
  RecordParser(std::vector<ParseProblem>& problems, Record* out)
      : problems_(problems), full_(out) {}

  void problem(const Where& at, std::string message) {
    problems_.push_back({at.str(), std::move(message)});
  }

  // A string field: empty when absent; a problem when present with another type.
  std::string_view string_field(element parent, std::string_view key, const Where& at) {
    element value;
    if (parent[key].get(value) != simdjson::SUCCESS || value.is_null()) return {};
    std::string_view s;
    if (value.get(s) != simdjson::SUCCESS) {
      problem(at.member(key), "not a string");
      return {};
    }
    return s;
  }

  // Calls `take` with each string of a string array; problems for the rest.
  template <typename Take>
  void string_list(element parent, std::string_view key, const Where& at, Take take) {
    element value;
    if (parent[key].get(value) != simdjson::SUCCESS || value.is_null()) return;
    array items;
    const Where here = at.member(key);
    if (value.get(items) != simdjson::SUCCESS) {
      problem(here, "not an array");
      return;
    }
    size_t i = 0;
    for (element item : items) {
      std::string_view s;
      if (item.get(s) != simdjson::SUCCESS) {
        problem(here.at(i), "not a string");
      } else {
        take(s);
      }
      ++i;
    }
  }
  void string_list(element parent, std::string_view key, const Where& at,
                   std::vector<std::string>* out) {
    string_list(parent, key, at, [&](std::string_view s) {
      if (out != nullptr) out->emplace_back(s);
    });
  }

  void severities(element parent, const Where& at, std::vector<Severity>* out) {
    element value;
    if (parent["severity"].get(value) != simdjson::SUCCESS || value.is_null()) return;
    array items;
    const Where list = at.member("severity");
    if (value.get(items) != simdjson::SUCCESS) {
      problem(list, "not an array");
      return;
    }
    size_t i = 0;
    for (element item : items) {
      const Where here = list.at(i++);
      const std::string_view type = string_field(item, "type", here);
      const std::string_view score = string_field(item, "score", here);
      if (type.empty() || score.empty()) {
        problem(here, "a severity needs a type and a score");
        continue;
      }
      if (out != nullptr) out->push_back({std::string(type), std::string(score)});
    }
  }

  // A string member (`field`) of database_specific or ecosystem_specific: the severity label
  // ("HIGH"), RustSec's "informational". Anything else there is free-form and never a problem.
  static std::string label_in(element parent, std::string_view key,
                              std::string_view field = "severity") {
    element specific;
    if (parent[key].get(specific) != simdjson::SUCCESS || !specific.is_object()) return {};
    std::string_view s;
    if (specific[field].get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
  }

  bool event(element item, const Where& here, Event* out) {
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
        problem(here.member(key), "not a non-empty string");
        return false;
      }
      ++kinds;
      if (out != nullptr) {
        out->kind = kind;
        out->version = std::string(version);
      }
    }
    if (kinds != 1) {
      problem(here, kinds == 0 ? "an event without introduced, fixed, last_affected or limit"
                               : "an event with more than one of introduced, fixed, "
                                 "last_affected, limit");
      return false;
    }
    return true;
  }

  bool range(element item, const Where& here, Range* out) {
    const std::string_view type = string_field(item, "type", here);
    Range::Type kind;
    if (type == "ECOSYSTEM") {
      kind = Range::Type::kEcosystem;
    } else if (type == "SEMVER") {
      kind = Range::Type::kSemver;
    } else if (type == "GIT") {
      kind = Range::Type::kGit;
    } else {
      problem(here.member("type"), "unknown range type \"" + std::string(type) + "\"");
      return false;
    }
    const std::string_view repo = string_field(item, "repo", here);
    if (out != nullptr) {
      out->type = kind;
      out->repo = std::string(repo);
    }
    element events;
    array list;
    if (item["events"].get(events) != simdjson::SUCCESS || events.get(list) != simdjson::SUCCESS) {
      problem(here.member("events"), "a range needs an array of events");
      return false;
    }
    const Where at = here.member("events");
    size_t i = 0, usable = 0;
    for (element e : list) {
      Event ev;
      if (event(e, at.at(i++), out != nullptr ? &ev : nullptr)) {
        ++usable;
        if (out != nullptr) out->events.push_back(std::move(ev));
      }
    }
    if (usable == 0) {
      problem(at, "a range without usable events");
      return false;
    }
    return true;
  }

  // An affected entry: true when it names a package (then in `out`, or only its name in `key`).
  bool affected(element item, const Where& here, Affected* out, PackageKey& key) {
    element package;
    const Where at = here.member("package");
    if (item["package"].get(package) != simdjson::SUCCESS || !package.is_object()) {
      // OSV allows an affected entry without a package only for GIT ranges on a repository
      // (PSF-CPython); there is nothing a component can be matched by.
      problem(at, "no package: skipped (only a repository range)");
      return false;
    }
    const std::string_view ecosystem = string_field(package, "ecosystem", at);
    const std::string_view name = string_field(package, "name", at);
    const std::string_view purl = string_field(package, "purl", at);
    if (ecosystem.empty() || name.empty()) {
      problem(at, "a package needs an ecosystem and a name");
      return false;
    }
    if (out != nullptr) {
      out->ecosystem = std::string(ecosystem);
      out->name = std::string(name);
      out->purl = std::string(purl);
    } else {
      key.ecosystem = std::string(ecosystem);
      key.name = std::string(name);
    }
    element ranges;
    if (item["ranges"].get(ranges) == simdjson::SUCCESS && !ranges.is_null()) {
      array list;
      const Where list_at = here.member("ranges");
      if (ranges.get(list) != simdjson::SUCCESS) {
        problem(list_at, "not an array");
      } else {
        size_t i = 0;
        for (element r : list) {
          Range parsed;
          if (range(r, list_at.at(i++), out != nullptr ? &parsed : nullptr) && out != nullptr) {
            out->ranges.push_back(std::move(parsed));
          }
        }
      }
    }
    string_list(item, "versions", here, out != nullptr ? &out->versions : nullptr);
    severities(item, here, out != nullptr ? &out->severity : nullptr);
    if (out != nullptr) {
      out->label_severity = label_in(item, "ecosystem_specific");
      if (out->label_severity.empty()) out->label_severity = label_in(item, "database_specific");
      out->informational = label_in(item, "database_specific", "informational");
    }
    return true;
  }

  // The whole record into `full_` (when given) or its keys into `keys`.
  void record(element root, RecordKeys& keys) {
    const Where top;
    Record* r = full_;
    // The order of the checks is the order of the problems reported: the fields as OSV lists them.
    const std::string_view schema_version = string_field(root, "schema_version", top);
    keys.modified = std::string(string_field(root, "modified", top));
    const std::string_view published = string_field(root, "published", top);
    keys.withdrawn = std::string(string_field(root, "withdrawn", top));
    string_list(root, "aliases", top, &keys.aliases);
    if (r != nullptr) {
      r->schema_version = std::string(schema_version);
      r->published = std::string(published);
    }
    string_list(root, "related", top, r != nullptr ? &r->related : nullptr);
    string_list(root, "upstream", top, r != nullptr ? &r->upstream : nullptr);
    const std::string_view summary = string_field(root, "summary", top);
    const std::string_view details = string_field(root, "details", top);
    severities(root, top, r != nullptr ? &r->severity : nullptr);
    if (r != nullptr) {
      r->summary = std::string(summary);
      r->details = std::string(details);
      r->label_severity = label_in(root, "database_specific");
    }
    element affected;
    if (root["affected"].get(affected) == simdjson::SUCCESS && !affected.is_null()) {
      array list;
      const Where at = top.member("affected");
      if (affected.get(list) != simdjson::SUCCESS) {
        problem(at, "not an array");
      } else {
        size_t i = 0;
        for (element a : list) {
          Affected parsed;
          PackageKey key;
          if (this->affected(a, at.at(i++), r != nullptr ? &parsed : nullptr, key)) {
            if (r != nullptr) {
              r->affected.push_back(std::move(parsed));
            } else {
              keys.packages.push_back(std::move(key));
            }
          }
        }
      }
    }
    if (r != nullptr) {
      const std::string informational = label_in(root, "database_specific", "informational");
      for (Affected& a : r->affected) {
        if (a.informational.empty()) a.informational = informational;
      }
    }
    element refs;
    array ref_list;
    if (root["references"].get(refs) == simdjson::SUCCESS &&
        refs.get(ref_list) == simdjson::SUCCESS) {
      const Where at = top.member("references");
      size_t i = 0;
      for (element ref : ref_list) {
        const Where here = at.at(i++);
        const std::string_view type = string_field(ref, "type", here);
        const std::string_view url = string_field(ref, "url", here);
        if (r != nullptr && !url.empty())
          r->references.push_back({std::string(type), std::string(url)});
      }
    }
  }

 private:
  std::vector<ParseProblem>& problems_;
  Record* full_;
};

}  // namespace

struct OsvParser::Impl {
  JsonDocument doc;

  // The document's root object and its id, or the error parse_osv_record documents.
  Result<element> root(std::string_view json, std::string& id) {
    if (auto err = doc.parse(json, kMaxDepth)) {
      return Status::invalid_argument("not valid JSON at line " + std::to_string(err->line) +
                                      ", column " + std::to_string(err->column) + ": " +
                                      err->message);
    }
    element root = doc.root();
    if (!root.is_object()) return Status::invalid_argument("an OSV record must be a JSON object");
    std::string_view view;
    if (root["id"].get(view) != simdjson::SUCCESS || view.empty()) {
      return Status::invalid_argument("an OSV record needs a string \"id\"");
    }
    id = std::string(view);
    return root;
  }
};

OsvParser::OsvParser() : impl_(std::make_unique<Impl>()) {}
OsvParser::~OsvParser() = default;
OsvParser::OsvParser(OsvParser&&) noexcept = default;
OsvParser& OsvParser::operator=(OsvParser&&) noexcept = default;

Result<ParsedRecord> OsvParser::parse(std::string_view json) {
  ParsedRecord out;
  auto root = impl_->root(json, out.record.id);
  if (!root.is_ok()) return root.status();
  RecordKeys keys;
  RecordParser(out.problems, &out.record).record(*root, keys);
  out.record.modified = std::move(keys.modified);
  out.record.withdrawn = std::move(keys.withdrawn);
  out.record.aliases = std::move(keys.aliases);
  return out;
}

Result<ParsedKeys> OsvParser::parse_keys(std::string_view json) {
  ParsedKeys out;
  auto root = impl_->root(json, out.keys.id);
  if (!root.is_ok()) return root.status();
  RecordParser(out.problems, nullptr).record(*root, out.keys);
  return out;
}

Result<ParsedRecord> parse_osv_record(std::string_view json) {
  return OsvParser().parse(json);
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
