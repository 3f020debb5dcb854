// SPDX-License-Identifier: Apache-2.0
//
// The [policy] table of the review (docs/review.md): read with toml++ like the owners file, every
// problem collected with its position and reported together, in file order.
#include <toml++/toml.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "inventory/formats/toml.h"
#include "upkeep/review.h"

namespace upkeep::review {
namespace {

constexpr uint64_t kMaxFileBytes = 4ull << 20;
constexpr size_t kMaxProblems = 50;

struct Problem {
  uint64_t line = 0;
  uint64_t column = 0;
  std::string message;
};

constexpr std::pair<std::string_view, report::Rating> kSeverities[] = {
    {"critical", report::Rating::kCritical},
    {"high", report::Rating::kHigh},
    {"medium", report::Rating::kMedium},
    {"low", report::Rating::kLow},
};

constexpr std::pair<std::string_view, inventory::Scope> kScopes[] = {
    {"runtime", inventory::Scope::kRuntime},
    {"development", inventory::Scope::kDevelopment},
    {"optional", inventory::Scope::kOptional},
    {"unknown", inventory::Scope::kUnknown},
};

std::string_view type_name(const toml::node& n) {
  if (n.is_string()) return "a string";
  if (n.is_integer()) return "an integer";
  if (n.is_floating_point()) return "a float";
  if (n.is_boolean()) return "a boolean";
  if (n.is_array()) return "an array";
  if (n.is_table()) return "a table";
  return "a date or time";
}

class PolicyReader {
 public:
  void read(const toml::table& table, Policy& out) {
    for (auto&& [k, v] : table) {
      const std::string_view key = k.str();
      if (key == "fail_on_severity") {
        read_severity(v, out);
      } else if (key == "fail_on_kev") {
        read_bool(v, key, out.fail_on_kev);
      } else if (key == "fail_on_key_without_group") {
        read_bool(v, key, out.fail_on_key_without_group);
      } else if (key == "fail_on_end_of_life") {
        read_bool(v, key, out.fail_on_end_of_life);
      } else if (key == "fail_on_no_group") {
        read_bool(v, key, out.fail_on_no_group);
      } else if (key == "max_new_transitive") {
        if (const auto* i = v.as_integer()) {
          if (i->get() < 0) {
            problem(v.source(), "\"max_new_transitive\" must be 0 or more");
          } else {
            out.max_new_transitive = static_cast<uint64_t>(i->get());
          }
        } else {
          wrong_type(v, key, "an integer");
        }
      } else if (key == "allow") {
        for_each_string(v, key,
                        [&](const std::string& id, const toml::node&) { out.allow.push_back(id); });
      } else if (key == "ignore_scopes") {
        for_each_string(v, key, [&](const std::string& name, const toml::node& at) {
          const auto* it = std::find_if(std::begin(kScopes), std::end(kScopes),
                                        [&](const auto& s) { return s.first == name; });
          if (it == std::end(kScopes)) {
            problem(at.source(), "unknown scope \"" + name +
                                     "\" in ignore_scopes (runtime, development, optional, "
                                     "unknown)");
          } else {
            out.ignore_scopes.push_back(it->second);
          }
        });
      } else {
        problem(k.source(), "unknown key \"" + std::string(key) +
                                "\" in [policy] (fail_on_severity, fail_on_kev, "
                                "fail_on_key_without_group, fail_on_end_of_life, "
                                "fail_on_no_group, max_new_transitive, allow, ignore_scopes)");
      }
    }
  }

  void problem(const toml::source_region& at, std::string message) {
    problems_.push_back({at.begin.line, at.begin.column, std::move(message)});
  }

  void wrong_type(const toml::node& v, std::string_view key, std::string_view wanted) {
    problem(v.source(), "\"" + std::string(key) + "\" must be " + std::string(wanted) + ", not " +
                            std::string(type_name(v)));
  }

  std::vector<Problem>& problems() { return problems_; }

 private:
  void read_bool(const toml::node& v, std::string_view key, bool& out) {
    if (const auto* b = v.as_boolean()) {
      out = b->get();
    } else {
      wrong_type(v, key, "a boolean");
    }
  }

  void read_severity(const toml::node& v, Policy& out) {
    const auto* s = v.as_string();
    if (s == nullptr) {
      wrong_type(v, "fail_on_severity", "a string");
      return;
    }
    if (s->get() == "none") {
      out.fail_on_severity.reset();
      return;
    }
    for (const auto& [name, rating] : kSeverities) {
      if (s->get() == name) {
        out.fail_on_severity = rating;
        return;
      }
    }
    problem(v.source(), "unknown severity \"" + s->get() +
                            "\" in fail_on_severity (critical, high, medium, low, none)");
  }

  template <typename Fn>
  void for_each_string(const toml::node& v, std::string_view key, Fn&& fn) {
    const auto* array = v.as_array();
    if (array == nullptr) {
      wrong_type(v, key, "an array of strings");
      return;
    }
    for (const toml::node& item : *array) {
      if (const auto* s = item.as_string()) {
        fn(s->get(), item);
      } else {
        wrong_type(item, std::string(key) + "[]", "a string");
      }
    }
  }

  std::vector<Problem> problems_;
};

std::string where(std::string_view source, uint64_t line, uint64_t column) {
  return std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

Result<std::optional<Policy>> parse_policy(std::string_view text, std::string_view source) {
  toml::table root;
  if (auto err = inventory::formats::parse_toml(text, root)) {
    return Status::invalid_argument(where(source, err->line, err->column) +
                                    ": not valid TOML: " + err->message);
  }
  const toml::node* node = root.get("policy");
  if (node == nullptr) return std::optional<Policy>();
  PolicyReader reader;
  Policy policy;
  if (const auto* table = node->as_table()) {
    reader.read(*table, policy);
  } else {
    reader.wrong_type(*node, "policy", "a table ([policy])");
  }
  auto& problems = reader.problems();
  if (problems.empty()) return std::optional<Policy>(std::move(policy));
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::string message;
  for (size_t i = 0; i < problems.size() && i < kMaxProblems; ++i) {
    if (i > 0) message += '\n';
    message += where(source, problems[i].line, problems[i].column) + ": " + problems[i].message;
  }
  if (problems.size() > kMaxProblems) {
    message += "\n" + std::string(source) + ": " + std::to_string(problems.size() - kMaxProblems) +
               " more problems";
  }
  return Status::invalid_argument(message);
}

Result<std::optional<Policy>> read_policy(const Fs& fs, std::string_view path,
                                          std::string_view source) {
  const std::string name = source.empty() ? fs.describe(path) : std::string(source);
  auto text = fs.read_file(path, kMaxFileBytes);
  if (!text) return text.status().with_context("reading the policy file " + name);
  return parse_policy(*text, name);
}

}  // namespace upkeep::review
