// SPDX-License-Identifier: Apache-2.0
//
// yarn.lock, both formats.
//
// Classic (yarn 1, "# yarn lockfile v1") is yarn's own indented format, read here line by line:
// an entry starts at column 0 with one or more descriptors "name@range" (quoted when they hold
// ':' or spaces, comma-separated: every range that resolved to this copy) and a colon; its
// fields ("version", "resolved", ...) are indented two spaces, "key value" with the value quoted
// or bare, and "dependencies:" / "optionalDependencies:" open maps indented four spaces.
//
// Berry (yarn 2+, "__metadata:") is YAML with the same shape: descriptors "name@npm:^1.0.0",
// "resolution: name@npm:1.2.3", the protocols workspace: (the project's own packages),
// patch: (a patched copy of an npm package), link: and portal: (linkType: soft, local
// folders). Optional dependencies are in "dependencies" with dependenciesMeta.<name>.optional.
//
// Neither format says which dependencies the project declares: the package.json beside the
// lockfile (and those of its workspaces) does. With it, a descriptor the project declares is a
// direct dependency and scopes follow the graph from what is declared where; berry's workspace
// entries also list what each workspace declares (without saying dev or not). Without either,
// relationships and scopes stay unknown.
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/yaml.h"
#include "inventory/lang/npm_common.h"

namespace upkeep::inventory {
namespace {

struct YarnDependency {
  std::string name;
  std::string range;
  bool optional = false;
};

struct YarnEntry {
  std::vector<std::string> descriptors;  // "name@range", as the key lists them
  std::string name;                      // the package's real name
  std::string version;
  std::string source;      // for the purl: a git or tarball URL, else empty
  bool workspace = false;  // the project's own package (berry workspace:)
  bool report = true;
  uint64_t line = 0;
  std::vector<YarnDependency> dependencies;
  std::vector<std::string> dependency_names;
};

// The real package name a descriptor stands for: "a@^1" -> a, "b@npm:a@^1" -> a.
std::string_view descriptor_package(std::string_view descriptor) {
  const auto [name, range] = npm::split_at_version(descriptor);
  const std::string_view target = npm::alias_target(range);
  return target.empty() ? name : target;
}

// ---------------------------------------------------------------------------------------------
// Classic

struct Token {
  enum Kind : uint8_t { kString, kColon, kComma } kind;
  std::string text;
};

// Splits one line (after its indentation) into tokens. Strings are "quoted" (JSON escapes) or
// bare (up to a space, a comma, or a colon that ends the line or precedes a space). Returns
// false with `why` and the column (from 0) of the problem.
bool tokenize(std::string_view s, std::vector<Token>& out, std::string& why, size_t& col) {
  out.clear();
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (c == ',') {
      out.push_back({Token::kComma, {}});
      ++i;
    } else if (c == ':') {
      out.push_back({Token::kColon, {}});
      ++i;
    } else if (c == '"') {
      std::string text;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        const char d = s[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d != '\\') {
          text += d;
          ++i;
          continue;
        }
        if (i + 1 >= s.size()) break;
        const char e = s[i + 1];
        i += 2;
        switch (e) {
          case 'n':
            text += '\n';
            break;
          case 't':
            text += '\t';
            break;
          case 'r':
            text += '\r';
            break;
          case 'b':
            text += '\b';
            break;
          case 'f':
            text += '\f';
            break;
          case 'u': {
            unsigned cp = 0;
            for (size_t k = 0; k < 4; ++k, ++i) {
              const char h = i < s.size() ? s[i] : '\0';
              const int v = (h >= '0' && h <= '9')   ? h - '0'
                            : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                            : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                                     : -1;
              if (v < 0) {
                why = "bad \\u escape in a string";
                col = i;
                return false;
              }
              cp = cp * 16 + static_cast<unsigned>(v);
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
              why = "\\u escape of a lone surrogate in a string";
              col = i;
              return false;
            }
            if (cp < 0x80) {
              text += static_cast<char>(cp);
            } else if (cp < 0x800) {
              text += static_cast<char>(0xC0 | (cp >> 6));
              text += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
              text += static_cast<char>(0xE0 | (cp >> 12));
              text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
              text += static_cast<char>(0x80 | (cp & 0x3F));
            }
            break;
          }
          default:
            text += e;  // \" \\ \/ and anything else stand for themselves
        }
      }
      if (!closed) {
        why = "unterminated string";
        col = s.size();
        return false;
      }
      out.push_back({Token::kString, std::move(text)});
    } else {
      const size_t start = i;
      while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != ',' &&
             !(s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\t'))) {
        ++i;
      }
      out.push_back({Token::kString, std::string(s.substr(start, i - start))});
    }
  }
  return true;
}

void parse_classic(std::string_view text, npm::WarningBudget& budget,
                   std::vector<YarnEntry>& entries) {
  YarnEntry* current = nullptr;  // the entry whose fields follow
  bool in_header_error = false;  // the current entry's header was bad: its fields are skipped
  std::string submap;            // "dependencies", "optionalDependencies", ... or empty
  std::vector<Token> tokens;
  std::string why;
  auto finish = [&] {
    if (current != nullptr && current->version.empty() && current->report) {
      budget.warn("entry \"" + current->descriptors.front() + "\" has no version", current->line);
      current->report = false;
    }
    current = nullptr;
  };
  uint64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line.ends_with('\r')) line.remove_suffix(1);
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ')
      ++indent;
    if (indent == line.size() || line[indent] == '#') continue;
    size_t col = 0;
    if (!tokenize(line.substr(indent), tokens, why, col)) {
      budget.warn(why, line_no, indent + col + 1);
      if (indent == 0) {
        finish();
        in_header_error = true;
      }
      continue;
    }
    if (tokens.empty()) continue;  // a comment after the indentation
    if (indent == 0) {
      finish();
      // name@range ("," name@range)* ":"
      YarnEntry e;
      e.line = line_no;
      bool ok = tokens.size() >= 2 && tokens.back().kind == Token::kColon;
      for (size_t i = 0; ok && i + 1 < tokens.size(); ++i) {
        const bool want_string = i % 2 == 0;
        if (want_string != (tokens[i].kind == Token::kString)) ok = false;
        if (!want_string && tokens[i].kind != Token::kComma) ok = false;
        if (want_string && ok) e.descriptors.push_back(tokens[i].text);
      }
      if (ok && tokens.size() % 2 != 0) ok = false;  // ends with a comma before the colon
      if (!ok || e.descriptors.empty()) {
        budget.warn("expected package descriptors and a colon", line_no, 1);
        in_header_error = true;
        continue;
      }
      e.name = std::string(descriptor_package(e.descriptors.front()));
      if (e.name.empty()) {
        budget.warn("descriptor \"" + e.descriptors.front() + "\" has no package name", line_no, 1);
        in_header_error = true;
        continue;
      }
      bool local = true;  // link: and portal: folders are the project's own code
      for (const std::string& d : e.descriptors) {
        const std::string_view range = npm::split_at_version(d).second;
        if (!range.starts_with("link:") && !range.starts_with("portal:") &&
            !range.starts_with("workspace:")) {
          local = false;
        }
      }
      e.report = !local;
      entries.push_back(std::move(e));
      current = &entries.back();
      in_header_error = false;
      submap.clear();
      continue;
    }
    if (in_header_error) continue;
    if (current == nullptr) {
      budget.warn("indented line outside of an entry", line_no, indent + 1);
      continue;
    }
    const bool field = indent == 2;
    if (!field && !(indent == 4 && !submap.empty())) {
      budget.warn("unexpected indentation", line_no, indent + 1);
      continue;
    }
    if (field) submap.clear();
    // key value | key ":"
    if (tokens[0].kind != Token::kString) {
      budget.warn("expected a key", line_no, indent + 1);
      continue;
    }
    if (tokens.size() == 2 && tokens[1].kind == Token::kColon && field) {
      submap = tokens[0].text;
      continue;
    }
    if (tokens.size() != 2 || tokens[1].kind != Token::kString) {
      budget.warn("expected a key and a value", line_no, indent + 1);
      continue;
    }
    const std::string& key = tokens[0].text;
    std::string& value = tokens[1].text;
    if (field) {
      if (key == "version") {
        current->version = std::move(value);
      } else if (key == "resolved") {
        // A tarball URL ends in "#<sha1>", yarn's checksum, not part of where it came from;
        // a git URL ends in "#<commit>", which is.
        if (!npm::is_git_source(value)) value = value.substr(0, value.find('#'));
        current->source = std::move(value);
      }
      continue;
    }
    if (submap == "dependencies" || submap == "optionalDependencies") {
      const bool optional = submap == "optionalDependencies";
      const std::string_view target = npm::alias_target(value);
      current->dependency_names.emplace_back(target.empty() ? std::string_view(key) : target);
      current->dependencies.push_back({key, std::move(value), optional});
    }
  }
  finish();
}

// ---------------------------------------------------------------------------------------------
// Berry

std::vector<std::string> split_descriptors(std::string_view key) {
  std::vector<std::string> out;
  while (!key.empty()) {
    const size_t comma = key.find(',');
    std::string_view d = key.substr(0, comma);
    while (!d.empty() && d.front() == ' ')
      d.remove_prefix(1);
    while (!d.empty() && d.back() == ' ')
      d.remove_suffix(1);
    if (!d.empty()) out.emplace_back(d);
    if (comma == std::string_view::npos) break;
    key.remove_prefix(comma + 1);
  }
  return out;
}

// Where a berry resolution's reference says the package came from: npm:, patch: (of an npm:
// package), file: and exec: name no other place. A git reference
// "https://host/repo.git#commit=<sha>" is written the way npm writes one,
// "git+https://host/repo.git#<sha>"; a tarball URL stays as it is.
std::string berry_source(std::string_view reference) {
  const bool http = reference.starts_with("http://") || reference.starts_with("https://");
  if (!http && !npm::is_git_source(reference)) return {};
  const size_t hash = reference.find('#');
  const std::string_view url = reference.substr(0, hash);
  if (http && !npm::is_git_source(reference)) return std::string(reference);
  std::string out = http ? "git+" : "";
  out += url;
  if (hash != std::string_view::npos) {
    // "#commit=<sha>", "#head=<branch>", "#tag=<t>", or several joined by '&': the commit, else
    // the whole fragment.
    std::string_view fragment = reference.substr(hash + 1);
    const size_t commit = fragment.find("commit=");
    if (commit != std::string_view::npos) {
      fragment = fragment.substr(commit + 7);
      fragment = fragment.substr(0, fragment.find('&'));
    }
    out += '#';
    out += fragment;
  }
  return out;
}

uint64_t line_of(const YAML::Node& node) {
  return node.Mark().line >= 0 ? static_cast<uint64_t>(node.Mark().line) + 1 : 0;
}

void parse_berry(std::string_view text, ExtractContext& ctx, npm::WarningBudget& budget,
                 std::vector<YarnEntry>& entries) {
  YAML::Node doc;
  if (auto err = formats::parse_yaml(text, doc)) {
    formats::report(ctx, "not a valid yarn.lock", *err);
    return;
  }
  if (!doc.IsMap()) {
    if (!doc.IsNull()) budget.warn("not a yarn lockfile: the top level is not a map", 1);
    return;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    const uint64_t line = line_of(key);
    if (!key.IsScalar()) {
      budget.warn("an entry's key is not a string", line);
      continue;
    }
    if (key.Scalar() == "__metadata") continue;
    if (!value.IsMap()) {
      budget.warn("entry \"" + key.Scalar() + "\" is not a map", line);
      continue;
    }
    YarnEntry e;
    e.line = line;
    e.descriptors = split_descriptors(key.Scalar());
    if (e.descriptors.empty()) {
      budget.warn("an entry has an empty key", line);
      continue;
    }
    const std::string resolution = formats::yaml_string(value, "resolution");
    const std::string_view described = resolution.empty() ? e.descriptors.front() : resolution;
    const auto [name, reference] = npm::split_at_version(described);
    e.name = std::string(name);
    if (resolution.empty()) {
      budget.warn("entry \"" + key.Scalar() + "\" has no resolution", line);
      e.name = std::string(descriptor_package(described));
    }
    e.version = formats::yaml_string(value, "version");
    if (e.name.empty()) {
      budget.warn("entry \"" + key.Scalar() + "\" has no package name", line);
      continue;
    }
    e.workspace = reference.starts_with("workspace:");
    if (e.workspace || formats::yaml_string(value, "linkType") == "soft") e.report = false;
    if (e.report && e.version.empty()) {
      budget.warn("entry \"" + key.Scalar() + "\" has no version", line);
      continue;
    }
    e.source = berry_source(reference);
    // yaml-cpp: a missing key gives an invalid node, which throws when asked its type.
    auto is_optional = [&](const std::string& dep, const char* meta_key) {
      const YAML::Node m = value[meta_key];
      if (!m || !m.IsMap()) return false;
      const YAML::Node d = m[dep];
      return d && d.IsMap() && formats::yaml_string(d, "optional") == "true";
    };
    for (const char* field : {"dependencies", "peerDependencies"}) {
      const YAML::Node deps = value[field];
      if (!deps) continue;
      if (!deps.IsMap()) {
        budget.warn("entry \"" + key.Scalar() + "\": " + field + " is not a map", line_of(deps));
        continue;
      }
      const bool peers = std::string_view(field) == "peerDependencies";
      for (auto d = deps.begin(); d != deps.end(); ++d) {
        if (!d->first.IsScalar() || !d->second.IsScalar()) continue;
        const std::string dep = d->first.Scalar();
        const std::string range = d->second.Scalar();
        const bool optional = is_optional(dep, peers ? "peerDependenciesMeta" : "dependenciesMeta");
        if (peers && optional) continue;
        const std::string_view target = npm::alias_target(range);
        e.dependency_names.emplace_back(target.empty() ? std::string_view(dep) : target);
        // Peers are resolved through the parent, not through this descriptor.
        if (!peers) e.dependencies.push_back({dep, range, optional});
      }
    }
    entries.push_back(std::move(e));
  }
}

// ---------------------------------------------------------------------------------------------

class YarnLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "yarn.lock"; }
  bool claims(const FileRef& file) const override { return file.name == "yarn.lock"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    if (!name.ends_with(".lock")) return false;
    return head.find("# yarn lockfile v1") != std::string_view::npos ||
           (is_berry(head) && head.find("resolution: ") != std::string_view::npos);
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    std::string text;
    if (!npm::read_text(file, max_file_size(), ctx, text)) return;
    npm::WarningBudget budget(ctx);
    std::vector<YarnEntry> entries;
    const bool berry = is_berry(text);
    if (berry) {
      try {
        parse_berry(text, ctx, budget, entries);
      } catch (const std::exception& ex) {
        budget.warn(std::string("reading stopped: ") + ex.what());
      }
    } else {
      parse_classic(text, budget, entries);
    }
    resolve(file, entries, berry, ctx, budget);
    budget.finish();
  }

 private:
  static bool is_berry(std::string_view text) {
    return text.starts_with("__metadata:") || text.find("\n__metadata:") != std::string::npos;
  }

  // Entries become nodes; dependencies are edges through the descriptors; what the project
  // declares makes direct dependencies and scope roots.
  static void resolve(const FileRef& file, const std::vector<YarnEntry>& entries, bool berry,
                      ExtractContext& ctx, npm::WarningBudget& budget) {
    std::unordered_map<std::string_view, size_t> by_descriptor;
    // Entries by the name their descriptors use, when only one entry has it: with a
    // "resolutions" override in package.json, berry records a dependency's original range
    // ("trim@npm:0.0.1") but keys the entry by the forced one ("trim@npm:1.0.1").
    constexpr size_t kMany = static_cast<size_t>(-1);
    std::unordered_map<std::string_view, size_t> only_by_name;
    std::vector<npm::Node> nodes;
    nodes.reserve(entries.size());
    for (const YarnEntry& e : entries) {
      for (const std::string& d : e.descriptors) {
        by_descriptor.emplace(d, nodes.size());
        auto [it, inserted] = only_by_name.emplace(npm::split_at_version(d).first, nodes.size());
        if (!inserted && it->second != nodes.size()) it->second = kMany;
      }
      npm::Node n;
      n.name = e.name;
      n.version = e.version;
      n.source = e.source;
      n.report = e.report;
      n.dependencies = e.dependency_names;
      nodes.push_back(std::move(n));
    }
    std::string descriptor;
    auto find = [&](std::string_view name, std::string_view range) -> const size_t* {
      descriptor.assign(name);
      descriptor += '@';
      descriptor += range;
      if (auto it = by_descriptor.find(descriptor); it != by_descriptor.end()) return &it->second;
      if (berry) {  // berry writes a package.json range "^1.0.0" as "npm:^1.0.0"
        descriptor.assign(name);
        descriptor += "@npm:";
        descriptor += range;
        if (auto it = by_descriptor.find(descriptor); it != by_descriptor.end()) {
          return &it->second;
        }
        if (auto it = only_by_name.find(name); it != only_by_name.end() && it->second != kMany) {
          return &it->second;
        }
      }
      return nullptr;
    };
    bool known = false;
    // Dependencies the lockfile has no entry for mean it is inconsistent or cut short (a
    // truncated file can still parse): counted, and reported once with the first of them.
    // link: and portal: folders have keys of their own form in berry and are not looked up.
    size_t dangling = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
      for (const YarnDependency& d : entries[i].dependencies) {
        if (const size_t* to = find(d.name, d.range)) {
          nodes[i].edges.push_back({*to, d.optional});
          if (entries[i].workspace) nodes[*to].direct = true;
        } else if (!d.range.starts_with("link:") && !d.range.starts_with("portal:") &&
                   dangling++ == 0) {
          budget.warn("entry \"" + entries[i].descriptors.front() + "\" needs \"" + d.name + "@" +
                          d.range + "\", which the lockfile does not list",
                      entries[i].line);
        }
      }
      if (entries[i].workspace) known = true;
    }
    if (dangling > 1) {
      budget.warn(std::to_string(dangling - 1) +
                  " more dependencies are not in the lockfile: it is incomplete or inconsistent");
    }
    std::vector<std::pair<size_t, Scope>> roots;
    const std::vector<npm::ProjectManifest> manifests =
        npm::read_project_manifests(ctx.fs(), parent_path(file.path), ctx);
    for (const npm::ProjectManifest& m : manifests) {
      known = true;
      for (const npm::DeclaredDependency& d : m.json.dependencies) {
        if (const size_t* to = find(d.name, d.range)) {
          nodes[*to].direct = true;
          roots.emplace_back(*to, d.scope);
        }
      }
    }
    if (!roots.empty()) npm::propagate_scopes(nodes, roots);
    npm::emit(nodes, known, ctx);
  }
};

}  // namespace

const Extractor& yarn_lock_extractor() {
  static const YarnLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
