// SPDX-License-Identifier: Apache-2.0
//
// The Debian security tracker's JSON export (security-tracker.debian.org/tracker/data/json,
// written by the tracker's lib/python/security_db.py):
//   { "<source package>": {
//       "<CVE or TEMP id>": {
//         "description": "...", "scope": "local|remote", "debianbug": 123456,
//         "releases": {
//           "<codename>": { "status": "resolved|open|undetermined",
//                           "repositories": { "<codename>": "<version>", ... },
//                           "fixed_version": "<source version>",   (resolved only; "0" = never
//                                                                    affected)
//                           "urgency": "not yet assigned|unimportant|low|medium|high|
//                                       end-of-life",
//                           "nodsa": "...", "nodsa_reason": "postponed|ignored" } } } } }
//
// The file is ~70 MB. simdjson's On-Demand API walks it without building a DOM, and a
// ParseOptions::release keeps only one release's entries, so what stays in memory is the
// strings of that release plus one description per issue.
#include <simdjson.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "inventory/formats/json.h"
#include "upkeep/debian_security.h"
#include "upkeep/version.h"

namespace upkeep::debian_security {
namespace {

namespace od = simdjson::ondemand;

// A JSON pointer token (RFC 6901): "~" -> "~0", "/" -> "~1".
std::string pointer_token(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

TrackerStatus status_from(std::string_view s) {
  if (s == "resolved") return TrackerStatus::kResolved;
  if (s == "open") return TrackerStatus::kOpen;
  if (s == "undetermined") return TrackerStatus::kUndetermined;
  return TrackerStatus::kOther;
}

TrackerUrgency urgency_from(std::string_view s) {
  // The tracker marks urgencies it derived rather than a person set with trailing '*'s.
  while (!s.empty() && s.back() == '*')
    s.remove_suffix(1);
  if (s == "not yet assigned") return TrackerUrgency::kNotYetAssigned;
  if (s == "unimportant") return TrackerUrgency::kUnimportant;
  if (s == "low") return TrackerUrgency::kLow;
  if (s == "medium") return TrackerUrgency::kMedium;
  if (s == "high") return TrackerUrgency::kHigh;
  if (s == "end-of-life") return TrackerUrgency::kEndOfLife;
  return TrackerUrgency::kUnknown;
}

class Parser {
 public:
  Parser(const DebianTracker::ParseOptions& options,
         std::unordered_map<std::string, std::vector<TrackerIssue>>& packages,
         std::unordered_map<std::string, std::string>& descriptions,
         std::vector<advisory::ParseProblem>& problems)
      : options_(options), packages_(packages), descriptions_(descriptions), problems_(problems) {}

  // The first error that stops the walk (the document is then not JSON); type problems of
  // single values are recorded and skipped.
  simdjson::error_code run(od::document& doc) {
    od::object top;
    if (auto e = doc.get_object().get(top)) return e;
    for (auto field_result : top) {
      auto& field = field_result;
      if (auto e = field.error()) return e;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      std::string package(key);
      std::string pointer = "/" + pointer_token(package);
      od::object issues;
      if (field.value().get_object().get(issues)) {
        problem(pointer, "a package's entry is not an object");
        continue;
      }
      std::vector<TrackerIssue> kept;
      if (auto e = read_package(issues, pointer, kept)) return e;
      if (kept.empty()) continue;
      auto& slot = packages_[package];
      for (TrackerIssue& i : kept)
        slot.push_back(std::move(i));
    }
    return simdjson::SUCCESS;
  }

 private:
  void problem(std::string pointer, std::string message) {
    problems_.push_back({std::move(pointer), std::move(message)});
  }

  // A string, null (absent) or a problem. False only when the document broke.
  simdjson::error_code optional_string(simdjson::simdjson_result<od::value> value,
                                       const std::string& pointer, std::string& out) {
    od::json_type type;
    if (auto e = value.type().get(type)) return e;
    if (type == od::json_type::null) return simdjson::SUCCESS;
    std::string_view s;
    if (type != od::json_type::string || value.get_string().get(s)) {
      problem(pointer, "not a string");
      return simdjson::SUCCESS;
    }
    out.assign(s);
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_package(od::object& issues, const std::string& pointer,
                                    std::vector<TrackerIssue>& kept) {
    for (auto field_result : issues) {
      auto& field = field_result;
      if (auto e = field.error()) return e;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      TrackerIssue issue;
      issue.id = std::string(key);
      std::string issue_pointer = pointer + "/" + pointer_token(issue.id);
      od::object body;
      if (field.value().get_object().get(body)) {
        problem(issue_pointer, "an issue is not an object");
        continue;
      }
      std::string description;
      for (auto member_result : body) {
        auto& member = member_result;
        if (auto e = member.error()) return e;
        std::string_view name;
        if (auto e = member.unescaped_key().get(name)) return e;
        std::string member_pointer = issue_pointer + "/" + pointer_token(name);
        if (name == "description") {
          if (auto e = optional_string(member.value(), member_pointer, description)) return e;
        } else if (name == "scope") {
          if (auto e = optional_string(member.value(), member_pointer, issue.scope)) return e;
        } else if (name == "debianbug") {
          od::json_type type;
          if (auto e = member.value().type().get(type)) return e;
          if (type == od::json_type::null) continue;
          uint64_t bug = 0;
          if (type != od::json_type::number || member.value().get_uint64().get(bug)) {
            problem(member_pointer, "not a bug number");
            continue;
          }
          issue.debianbug = bug;
        } else if (name == "releases") {
          od::object releases;
          if (member.value().get_object().get(releases)) {
            problem(member_pointer, "not an object");
            continue;
          }
          if (auto e = read_releases(releases, member_pointer, issue)) return e;
        }
      }
      if (issue.releases.empty() && !options_.release.empty()) continue;
      if (!description.empty()) descriptions_.try_emplace(issue.id, std::move(description));
      kept.push_back(std::move(issue));
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_releases(od::object& releases, const std::string& pointer,
                                     TrackerIssue& issue) {
    for (auto field_result : releases) {
      auto& field = field_result;
      if (auto e = field.error()) return e;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      if (!options_.release.empty() && key != options_.release) continue;
      TrackerRelease release;
      release.codename = std::string(key);
      std::string release_pointer = pointer + "/" + pointer_token(release.codename);
      od::object body;
      if (field.value().get_object().get(body)) {
        problem(release_pointer, "a release entry is not an object");
        continue;
      }
      std::string status, urgency;
      bool has_status = false;
      for (auto member_result : body) {
        auto& member = member_result;
        if (auto e = member.error()) return e;
        std::string_view name;
        if (auto e = member.unescaped_key().get(name)) return e;
        std::string member_pointer = release_pointer + "/" + pointer_token(name);
        if (name == "status") {
          if (auto e = optional_string(member.value(), member_pointer, status)) return e;
          has_status = !status.empty();
        } else if (name == "urgency") {
          if (auto e = optional_string(member.value(), member_pointer, urgency)) return e;
        } else if (name == "fixed_version") {
          if (auto e = optional_string(member.value(), member_pointer, release.fixed_version)) {
            return e;
          }
        } else if (name == "nodsa") {
          if (auto e = optional_string(member.value(), member_pointer, release.nodsa)) return e;
        } else if (name == "nodsa_reason") {
          if (auto e = optional_string(member.value(), member_pointer, release.nodsa_reason)) {
            return e;
          }
        }
      }
      if (!has_status) {
        problem(release_pointer, "a release entry without a status");
        continue;
      }
      release.status = status_from(status);
      if (release.status == TrackerStatus::kOther) {
        problem(release_pointer + "/status", "unknown status \"" + status + "\"");
        continue;
      }
      release.urgency = urgency_from(urgency);
      issue.releases.push_back(std::move(release));
    }
    return simdjson::SUCCESS;
  }

  const DebianTracker::ParseOptions& options_;
  std::unordered_map<std::string, std::vector<TrackerIssue>>& packages_;
  std::unordered_map<std::string, std::string>& descriptions_;
  std::vector<advisory::ParseProblem>& problems_;
};

std::string_view rating_of(TrackerUrgency urgency) {
  switch (urgency) {
    case TrackerUrgency::kHigh:
      return "high";
    case TrackerUrgency::kMedium:
      return "medium";
    case TrackerUrgency::kLow:
    case TrackerUrgency::kUnimportant:
      return "low";
    default:
      return "";
  }
}

}  // namespace

std::string_view tracker_status_name(TrackerStatus status) {
  switch (status) {
    case TrackerStatus::kResolved:
      return "resolved";
    case TrackerStatus::kOpen:
      return "open";
    case TrackerStatus::kUndetermined:
      return "undetermined";
    case TrackerStatus::kOther:
      break;
  }
  return "other";
}

std::string_view tracker_urgency_name(TrackerUrgency urgency) {
  switch (urgency) {
    case TrackerUrgency::kNotYetAssigned:
      return "not yet assigned";
    case TrackerUrgency::kUnimportant:
      return "unimportant";
    case TrackerUrgency::kLow:
      return "low";
    case TrackerUrgency::kMedium:
      return "medium";
    case TrackerUrgency::kHigh:
      return "high";
    case TrackerUrgency::kEndOfLife:
      return "end-of-life";
    case TrackerUrgency::kUnknown:
      break;
  }
  return "unknown";
}

Result<DebianTracker> DebianTracker::parse(std::string_view json, const ParseOptions& options) {
  if (json.size() > options.max_bytes) {
    return Status::invalid_argument("tracker data larger than " +
                                    std::to_string(options.max_bytes) + " bytes");
  }
  // A byte order mark is not JSON, but a file saved by an editor may start with one.
  if (json.substr(0, 3) == "\xEF\xBB\xBF") json.remove_prefix(3);
  DebianTracker tracker;
  simdjson::padded_string padded(json);
  od::parser parser;
  od::document doc;
  simdjson::error_code error = parser.iterate(padded).get(doc);
  if (!error) {
    Parser p(options, tracker.packages_, tracker.descriptions_, tracker.problems_);
    error = p.run(doc);
  }
  if (!error) {
    // After the top-level object, anything but white space is trailing content.
    const char* rest = nullptr;
    if (!doc.current_location().get(rest)) error = simdjson::TRAILING_CONTENT;
  }
  if (error) {
    // simdjson does not say where; our own scanner does.
    if (auto where = inventory::formats::find_json_error(json, 1024)) {
      return Status::invalid_argument("tracker data: line " + std::to_string(where->line) +
                                      ", column " + std::to_string(where->column) + ": " +
                                      where->message);
    }
    if (error == simdjson::INCORRECT_TYPE) {
      return Status::invalid_argument("tracker data: the top level is not an object");
    }
    return Status::invalid_argument(std::string("tracker data: ") + simdjson::error_message(error));
  }
  return tracker;
}

size_t DebianTracker::issue_count() const {
  size_t n = 0;
  for (const auto& [name, issues] : packages_)
    n += issues.size();
  return n;
}

const std::vector<TrackerIssue>* DebianTracker::issues_for(std::string_view source) const {
  auto it = packages_.find(std::string(source));
  return it == packages_.end() ? nullptr : &it->second;
}

std::string_view DebianTracker::description(std::string_view id) const {
  auto it = descriptions_.find(std::string(id));
  return it == descriptions_.end() ? std::string_view() : std::string_view(it->second);
}

std::vector<match::Finding> DebianTracker::findings_for(const inventory::Inventory& inv,
                                                        std::string_view codename) const {
  const version::Scheme* deb = version::find_scheme("deb");
  std::vector<match::Finding> findings;
  for (size_t i = 0; i < inv.components.size(); ++i) {
    const inventory::Component& c = inv.components[i];
    if (advisory::base_ecosystem(c.ecosystem) != "Debian") continue;
    const std::string& source = c.source_name.empty() ? c.name : c.source_name;
    const std::string& installed = c.source_version.empty() ? c.version : c.source_version;
    const std::vector<TrackerIssue>* issues = issues_for(source);
    if (issues == nullptr || !deb->is_valid(installed)) continue;
    size_t first = findings.size();
    for (const TrackerIssue& issue : *issues) {
      const TrackerRelease* release = nullptr;
      for (const TrackerRelease& r : issue.releases) {
        if (r.codename == codename) release = &r;
      }
      if (release == nullptr) continue;
      std::string fixed;
      if (release->status == TrackerStatus::kResolved) {
        if (release->fixed_version == "0" || release->fixed_version.empty()) continue;
        auto order = deb->try_compare(installed, release->fixed_version);
        if (!order || *order >= 0) continue;
        fixed = release->fixed_version;
      } else if (release->status != TrackerStatus::kOpen &&
                 release->status != TrackerStatus::kUndetermined) {
        continue;
      }
      match::Finding f;
      f.component = i;
      f.ids = {issue.id};
      f.records = {issue.id};
      f.sources = {"debian-tracker"};
      f.summary = std::string(description(issue.id));
      f.fixed_version = std::move(fixed);
      f.rating = std::string(rating_of(release->urgency));
      f.notes.push_back("debian-status:" + std::string(tracker_status_name(release->status)));
      f.notes.push_back("debian-urgency:" + std::string(tracker_urgency_name(release->urgency)));
      if (!release->nodsa_reason.empty()) {
        f.notes.push_back("debian-nodsa:" + release->nodsa_reason);
      } else if (!release->nodsa.empty()) {
        f.notes.push_back("debian-nodsa");
      }
      if (release->urgency == TrackerUrgency::kEndOfLife) f.notes.push_back("end-of-life");
      findings.push_back(std::move(f));
    }
    std::sort(findings.begin() + static_cast<std::ptrdiff_t>(first), findings.end(),
              [](const match::Finding& a, const match::Finding& b) { return a.ids < b.ids; });
  }
  return findings;
}

}  // namespace upkeep::debian_security
