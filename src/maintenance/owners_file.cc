// SPDX-License-Identifier: Apache-2.0
//
// The owners file (docs/owners.md): TOML read with toml++, then checked key by key. Every problem
// found is collected with its position and reported together, in file order, so that one review
// round fixes them all; toml++ keeps tables as sorted maps, so the problems are sorted at the end
// rather than found in file order.
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "inventory/formats/toml.h"
#include "upkeep/owners.h"
#include "upkeep/text.h"

namespace upkeep::maintenance {
namespace {

constexpr size_t kMaxProblems = 50;
constexpr uint64_t kMaxFileBytes = 4ull << 20;

struct Problem {
  uint64_t line = 0;
  uint64_t column = 0;
  std::string message;
};

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// "line 4, column 11" of a pattern, for naming the other of two.
std::string at(const Pattern& p) {
  return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

constexpr std::pair<std::string_view, GroupKind> kKinds[] = {
    {"internal", GroupKind::kInternal},
    {"vendor", GroupKind::kVendor},
    {"distribution", GroupKind::kDistribution},
    {"community", GroupKind::kCommunity},
};

constexpr std::pair<std::string_view, PatchChannel> kChannels[] = {
    {"apt", PatchChannel::kApt},
    {"registry", PatchChannel::kRegistry},
    {"vendor-portal", PatchChannel::kVendorPortal},
    {"other", PatchChannel::kOther},
};

template <typename Table>
std::string choices(const Table& table) {
  std::string out;
  for (const auto& [name, value] : table) {
    out += out.empty() ? "" : ", ";
    out += name;
  }
  return out;
}

// Checks one file and fills an OwnersFile; problems accumulate instead of stopping the read.
class Reader {
 public:
  explicit Reader(OwnersFile& out) : out_(out) {}

  void read(const toml::table& root) {
    for (auto&& [k, v] : root) {
      if (k.str() == "key") {
        read_patterns(v, "key", out_.key);
      } else if (k.str() == "group") {
        read_groups(v);
      } else if (k.str() == "policy") {
        // For `upkeep review`, which reads it with review::parse_policy (the review's rules
        // belong with the review): only its type is checked here.
        if (v.is_table()) {
          out_.has_policy = true;
        } else {
          wrong_type(v, "\"policy\"", "a table ([policy])");
        }
      } else {
        problem(k.source(),
                "unknown key " + quoted(k.str()) + " (the top level has key, group and policy)");
      }
    }
    check_duplicates();
  }

  std::vector<Problem>& problems() { return problems_; }

 private:
  void problem(const toml::source_region& at, std::string message) {
    problems_.push_back({at.begin.line, at.begin.column, std::move(message)});
  }

  void wrong_type(const toml::node& v, std::string_view what, std::string_view wanted) {
    problem(v.source(), std::string(what) + " must be " + std::string(wanted) + ", not " +
                            std::string(type_name(v)));
  }

  // A string value, or nullptr after reporting the wrong type.
  const std::string* string_of(const toml::node& v, std::string_view what) {
    if (const auto* s = v.as_string()) return &s->get();
    wrong_type(v, what, "a string");
    return nullptr;
  }

  void read_patterns(const toml::node& v, std::string_view what, std::vector<Pattern>& out) {
    const auto* array = v.as_array();
    if (array == nullptr) {
      wrong_type(v, quoted(what), "an array of purl patterns");
      return;
    }
    for (const toml::node& e : *array) {
      const auto* s = e.as_string();
      if (s == nullptr) {
        wrong_type(e, quoted(what) + " entries", "strings");
        continue;
      }
      auto pattern = Pattern::parse(s->get());
      if (!pattern) {
        problem(e.source(),
                "invalid pattern " + quoted(s->get()) + ": " + pattern.status().message());
        continue;
      }
      pattern->line = e.source().begin.line;
      pattern->column = e.source().begin.column;
      out.push_back(std::move(*pattern));
    }
  }

  void read_groups(const toml::node& v) {
    const auto* array = v.as_array();
    if (array == nullptr) {
      wrong_type(v, "\"group\"", "an array of tables (write [[group]], not [group])");
      return;
    }
    for (const toml::node& e : *array) {
      if (const auto* table = e.as_table()) {
        read_group(*table);
      } else {
        wrong_type(e, "\"group\" entries", "tables ([[group]])");
      }
    }
  }

  void read_patches(const toml::node& v, Group& g) {
    const toml::node* via = &v;
    if (const auto* table = v.as_table()) {
      via = nullptr;
      for (auto&& [k, field] : *table) {
        if (k.str() == "via") {
          via = &field;
        } else if (k.str() == "detail") {
          if (const std::string* s = string_of(field, "\"detail\"")) g.patches_detail = *s;
        } else {
          problem(k.source(),
                  "unknown key " + quoted(k.str()) + " in patches (it has via and detail)");
        }
      }
      if (via == nullptr) {
        problem(v.source(), "patches has no via (" + choices(kChannels) + ")");
        return;
      }
    } else if (!v.is_string()) {
      wrong_type(v, "\"patches\"", "a string or a table with via and detail");
      return;
    }
    const std::string* name = string_of(*via, "\"via\"");
    if (name == nullptr) return;
    for (const auto& [text, channel] : kChannels) {
      if (*name == text) {
        g.patches = channel;
        return;
      }
    }
    problem(via->source(), "patches " + quoted(*name) + " is not one of " + choices(kChannels));
  }

  void read_group(const toml::table& table) {
    Group g;
    g.line = table.source().begin.line;
    g.column = table.source().begin.column;
    const toml::node* name_node = nullptr;
    const toml::node* claims_node = nullptr;
    for (auto&& [k, v] : table) {
      const std::string_view key = k.str();
      if (key == "name") {
        if (const std::string* s = string_of(v, "\"name\"")) {
          name_node = &v;
          g.name = *s;
          if (s->find_first_not_of(" \t") == std::string::npos) {
            problem(v.source(), "\"name\" is empty");
          }
        }
      } else if (key == "kind") {
        const std::string* s = string_of(v, "\"kind\"");
        if (s == nullptr) continue;
        const auto* found = std::find_if(std::begin(kKinds), std::end(kKinds),
                                         [&](const auto& kind) { return kind.first == *s; });
        if (found == std::end(kKinds)) {
          problem(v.source(), "kind " + quoted(*s) + " is not one of " + choices(kKinds));
        } else {
          g.kind = found->second;
        }
      } else if (key == "contact") {
        if (const std::string* s = string_of(v, "\"contact\"")) g.contact = *s;
      } else if (key == "notices") {
        if (const std::string* s = string_of(v, "\"notices\"")) g.notices = *s;
      } else if (key == "patches") {
        read_patches(v, g);
      } else if (key == "claims") {
        claims_node = &v;
        read_patterns(v, "claims", g.claims);
      } else {
        problem(k.source(), "unknown key " + quoted(key) +
                                " in [[group]] (it has name, kind, contact, notices, patches and "
                                "claims)");
      }
    }
    const std::string label = g.name.empty() ? "[[group]]" : "group " + quoted(g.name);
    // A name or kind of the wrong type has been reported already; these are the missing ones.
    if (!table.contains("name")) problem(table.source(), "[[group]] has no name");
    if (!table.contains("kind")) {
      problem(table.source(), label + " has no kind (" + choices(kKinds) + ")");
    }
    // An empty claims list is the same mistake as none; a list whose every entry was invalid has
    // been reported entry by entry already.
    if (claims_node == nullptr) {
      problem(table.source(), label + " claims nothing: give it claims = [\"pkg:...\"]");
    } else if (const auto* a = claims_node->as_array(); a != nullptr && a->empty()) {
      problem(claims_node->source(), label + " claims nothing: its claims list is empty");
    }
    if (name_node != nullptr && !g.name.empty()) {
      const auto [it, added] =
          names_.try_emplace(ascii_lower(g.name), name_node->source().begin.line);
      if (!added) {
        problem(name_node->source(), "group name " + quoted(g.name) +
                                         " is used twice (first at line " +
                                         std::to_string(it->second) + ")");
      }
    }
    out_.groups.push_back(std::move(g));
  }

  // The same pattern twice: in one list it is a slip; in two groups nothing could say which
  // group wins, so it is the tie "most specific wins" cannot break.
  void check_duplicates() {
    struct First {
      size_t group;
      const Pattern* pattern;
    };
    std::map<std::string, First> claims;
    std::map<std::string, const Pattern*> keys;
    for (size_t gi = 0; gi < out_.groups.size(); ++gi) {
      const Group& g = out_.groups[gi];
      for (const Pattern& p : g.claims) {
        const auto [it, added] = claims.try_emplace(p.key(), First{gi, &p});
        if (added) continue;
        const First& first = it->second;
        // Report at the later of the two, naming the earlier.
        const Pattern& earlier = *first.pattern;
        if (first.group == gi) {
          problems_.push_back({p.line, p.column,
                               "pattern " + quoted(p.text) + " is listed twice in group " +
                                   quoted(g.name) + " (first at " + at(earlier) + ")"});
        } else {
          problems_.push_back(
              {p.line, p.column,
               "pattern " + quoted(p.text) + " is claimed by group " + quoted(g.name) +
                   " and by group " + quoted(out_.groups[first.group].name) + " (" + at(earlier) +
                   "): a component has one group, so only one of them may claim it"});
        }
      }
    }
    for (const Pattern& p : out_.key) {
      const auto [it, added] = keys.try_emplace(p.key(), &p);
      if (!added) {
        problems_.push_back({p.line, p.column,
                             "pattern " + quoted(p.text) + " is listed twice in key (first at " +
                                 at(*it->second) + ")"});
      }
    }
  }

  OwnersFile& out_;
  std::vector<Problem> problems_;
  std::map<std::string, uint64_t> names_;  // lower-cased group name -> line of its name
};

}  // namespace

std::string_view group_kind_name(GroupKind kind) {
  for (const auto& [name, value] : kKinds) {
    if (value == kind) return name;
  }
  return "internal";
}

std::string_view patch_channel_name(PatchChannel channel) {
  for (const auto& [name, value] : kChannels) {
    if (value == channel) return name;
  }
  return "";
}

std::string OwnersFile::where(uint64_t line, uint64_t column) const {
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

Result<OwnersFile> parse_owners(std::string_view text, std::string_view source) {
  OwnersFile out;
  out.source = std::string(source);
  toml::table root;
  if (auto err = inventory::formats::parse_toml(text, root)) {
    return Status::invalid_argument(out.where(err->line, err->column) +
                                    ": not valid TOML: " + err->message);
  }
  Reader reader(out);
  reader.read(root);
  std::vector<Problem>& problems = reader.problems();
  if (problems.empty()) return out;
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::string message;
  for (size_t i = 0; i < problems.size() && i < kMaxProblems; ++i) {
    if (i > 0) message += '\n';
    message += out.where(problems[i].line, problems[i].column) + ": " + problems[i].message;
  }
  if (problems.size() > kMaxProblems) {
    message += "\n" + out.source + ": " + std::to_string(problems.size() - kMaxProblems) +
               " more problems";
  }
  return Status::invalid_argument(message);
}

Result<OwnersFile> read_owners(const Fs& fs, std::string_view path, std::string_view source) {
  const std::string name = source.empty() ? fs.describe(path) : std::string(source);
  auto text = fs.read_file(path, kMaxFileBytes);
  if (!text) return text.status().with_context("reading the owners file " + name);
  return parse_owners(*text, name);
}

}  // namespace upkeep::maintenance
