// SPDX-License-Identifier: Apache-2.0
#include "inventory/lang/npm_common.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "inventory/formats/json.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory::npm {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// npm's public registry, under its own name and yarn's (a CNAME of the same service).
bool is_default_registry(std::string_view url) {
  for (std::string_view host : {"registry.npmjs.org", "registry.yarnpkg.com"}) {
    for (std::string_view scheme : {"https://", "http://"}) {
      if (!starts_with_nocase(url, scheme)) continue;
      std::string_view rest = url.substr(scheme.size());
      if (starts_with_nocase(rest, host) &&
          (rest.size() == host.size() || rest[host.size()] == '/' || rest[host.size()] == ':')) {
        return true;
      }
    }
  }
  return false;
}

// Removes what may be a secret from a URL's user information: all of it for http(s) (tokens
// are often given as the user name), the password only otherwise ("git+ssh://git@host" keeps
// its user, which is part of how the host is reached).
std::string without_credentials(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const size_t host_start = scheme_end + 3;
  const size_t path_start = url.find_first_of("/?#", host_start);
  const std::string_view authority =
      url.substr(host_start, path_start == std::string_view::npos ? std::string_view::npos
                                                                  : path_start - host_start);
  const size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  const std::string_view scheme = url.substr(0, scheme_end);
  const bool http = scheme.ends_with("http") || scheme.ends_with("https") ||
                    scheme.ends_with("HTTP") || scheme.ends_with("HTTPS");
  std::string out(url.substr(0, host_start));
  if (!http) {
    const std::string_view userinfo = authority.substr(0, at);
    out += userinfo.substr(0, userinfo.find(':'));
    out += '@';
  }
  out += url.substr(host_start + at + 1);
  return out;
}

void read_dependency_map(simdjson::dom::element root, std::string_view key, Scope scope,
                         std::vector<DeclaredDependency>& out) {
  auto deps = formats::get_object(root, key);
  if (!deps) return;
  for (auto [name, value] : *deps) {
    std::string_view range;
    if (value.get(range) != simdjson::SUCCESS) continue;
    out.push_back(DeclaredDependency{std::string(name), std::string(range), scope});
  }
}

}  // namespace

std::pair<std::string_view, std::string_view> split_at_version(std::string_view spec) {
  const size_t at = spec.find('@', spec.starts_with('@') ? 1 : 0);
  if (at == std::string_view::npos) return {spec, {}};
  return {spec.substr(0, at), spec.substr(at + 1)};
}

std::string_view alias_target(std::string_view range) {
  if (!range.starts_with("npm:")) return {};
  // "npm:real@^1" names another package; "npm:^1" (how berry writes a plain range) does not.
  const std::string_view rest = range.substr(4);
  if (rest.find('@', rest.starts_with('@') ? 1 : 0) == std::string_view::npos) return {};
  return split_at_version(rest).first;
}

bool is_git_source(std::string_view source) {
  for (std::string_view p : {"git:", "git+", "ssh:", "github:", "gitlab:", "bitbucket:", "gist:"}) {
    if (starts_with_nocase(source, p)) return true;
  }
  // cyclonedx-npm's rule: "....git" at the end or before a '#' fragment.
  const size_t hash = source.find('#');
  const std::string_view before = source.substr(0, hash);
  return before.size() >= 4 && starts_with_nocase(before.substr(before.size() - 4), ".git");
}

std::string make_purl(std::string_view name, std::string_view version, std::string_view source) {
  purl::Purl p;
  p.type = "npm";
  const size_t slash = name.find('/');
  if (name.starts_with('@') && slash != std::string_view::npos) {
    p.namespace_path = std::string(name.substr(0, slash));
    p.name = std::string(name.substr(slash + 1));
  } else {
    p.name = std::string(name);
  }
  p.version = std::string(version);
  if (!source.empty() && !starts_with_nocase(source, "file:")) {
    if (is_git_source(source)) {
      p.set_qualifier("vcs_url", without_credentials(source));
    } else if ((starts_with_nocase(source, "https://") || starts_with_nocase(source, "http://")) &&
               !is_default_registry(source)) {
      p.set_qualifier("download_url", without_credentials(source));
    }
  }
  return purl::to_string(p);
}

const DeclaredDependency* PackageJson::find(std::string_view dep_name) const {
  const DeclaredDependency* best = nullptr;
  for (const DeclaredDependency& d : dependencies) {
    if (d.name != dep_name) continue;
    if (best == nullptr || wider_scope(best->scope, d.scope) != best->scope) best = &d;
  }
  return best;
}

std::optional<PackageJson> read_package_json(const Fs& fs, std::string_view path,
                                             ExtractContext* warn_ctx) {
  auto info = fs.stat(path);
  if (!info.is_ok() || info->type != FileType::kRegular) return std::nullopt;
  auto text = fs.read_file(path, 16u << 20);
  if (!text.is_ok()) {
    if (warn_ctx != nullptr) warn_ctx->warn_in(path, text.status().message());
    return std::nullopt;
  }
  if (first_invalid_utf8(*text) != std::string_view::npos) *text = replace_invalid_utf8(*text);
  formats::JsonDocument doc;
  if (auto err = doc.parse(*text)) {
    if (warn_ctx != nullptr) {
      warn_ctx->warn_in(path, "not valid JSON: " + err->message, err->line, err->column);
    }
    return std::nullopt;
  }
  const simdjson::dom::element root = doc.root();
  if (!root.is_object()) {
    if (warn_ctx != nullptr) warn_ctx->warn_in(path, "package.json is not a JSON object");
    return std::nullopt;
  }
  PackageJson out;
  out.name = std::string(formats::get_string(root, "name"));
  out.version = std::string(formats::get_string(root, "version"));
  out.is_private = formats::get_bool(root, "private");
  read_dependency_map(root, "dependencies", Scope::kRuntime, out.dependencies);
  read_dependency_map(root, "devDependencies", Scope::kDevelopment, out.dependencies);
  read_dependency_map(root, "optionalDependencies", Scope::kOptional, out.dependencies);
  read_dependency_map(root, "peerDependencies", Scope::kRuntime, out.dependencies);
  std::optional<simdjson::dom::array> ws = formats::get_array(root, "workspaces");
  if (!ws) {
    if (auto obj = formats::get_object(root, "workspaces")) {
      simdjson::dom::array packages;
      if ((*obj)["packages"].get(packages) == simdjson::SUCCESS) ws = packages;
    }
  }
  if (ws) {
    for (simdjson::dom::element e : *ws) {
      std::string_view pattern;
      if (e.get(pattern) == simdjson::SUCCESS) out.workspaces.emplace_back(pattern);
    }
  }
  return out;
}

std::vector<ProjectManifest> read_project_manifests(const Fs& fs, std::string_view dir,
                                                    ExtractContext& ctx) {
  std::vector<ProjectManifest> out;
  const std::string root_path = join_path(dir, "package.json");
  std::optional<PackageJson> root = read_package_json(fs, root_path, &ctx);
  if (!root) return out;
  std::vector<std::string> patterns = root->workspaces;
  out.push_back(ProjectManifest{root_path, "", std::move(*root)});
  std::vector<std::string> seen_dirs;
  auto add_member = [&](const std::string& rel) {
    if (rel.empty() || std::find(seen_dirs.begin(), seen_dirs.end(), rel) != seen_dirs.end()) {
      return;
    }
    seen_dirs.push_back(rel);
    const std::string path = join_path(join_path(dir, rel), "package.json");
    if (auto json = read_package_json(fs, path, &ctx)) {
      out.push_back(ProjectManifest{path, rel, std::move(*json)});
    }
  };
  for (std::string_view p : patterns) {
    if (p.starts_with('!')) continue;  // an exclusion: the members it removes stay (rare)
    while (p.starts_with("./"))
      p.remove_prefix(2);
    while (p.ends_with('/'))
      p.remove_suffix(1);
    if (p.ends_with("/*") && p.substr(0, p.size() - 2).find_first_of("*?[{") == p.npos) {
      const std::string parent(p.substr(0, p.size() - 2));
      auto entries = fs.list_dir(join_path(dir, parent));
      if (!entries.is_ok()) continue;
      std::sort(entries->begin(), entries->end(),
                [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
      for (const DirEntry& e : *entries) {
        if (e.type != FileType::kDirectory && e.type != FileType::kOther) continue;
        add_member(parent + "/" + e.name);
      }
    } else if (p.find_first_of("*?[{") == p.npos) {
      add_member(std::string(p));
    }
    // Other globs ("packages/**") are not expanded: those members' dependencies then have an
    // unknown relationship rather than a guessed one.
  }
  return out;
}

void propagate_scopes(std::vector<Node>& nodes,
                      const std::vector<std::pair<size_t, Scope>>& roots) {
  std::vector<uint8_t> fixed(nodes.size(), 0);
  for (size_t i = 0; i < nodes.size(); ++i)
    fixed[i] = nodes[i].scope != Scope::kUnknown;
  std::deque<size_t> queue;
  auto reach = [&](size_t n, Scope s) {
    if (n >= nodes.size() || fixed[n] != 0 || nodes[n].scope != Scope::kUnknown) return;
    nodes[n].scope = s;
    queue.push_back(n);
  };
  auto drain = [&](bool follow_optional) {
    while (!queue.empty()) {
      const size_t n = queue.front();
      queue.pop_front();
      for (const Node::Edge& e : nodes[n].edges) {
        if (e.optional && !follow_optional) continue;
        reach(e.to, nodes[n].scope);
      }
    }
  };
  for (const auto& [n, s] : roots) {
    if (s == Scope::kRuntime) reach(n, Scope::kRuntime);
  }
  drain(false);
  for (const auto& [n, s] : roots) {
    if (s == Scope::kOptional) reach(n, Scope::kOptional);
  }
  for (size_t n = 0; n < nodes.size(); ++n) {
    if (fixed[n] != 0 || nodes[n].scope != Scope::kRuntime) continue;
    for (const Node::Edge& e : nodes[n].edges) {
      if (e.optional) reach(e.to, Scope::kOptional);
    }
  }
  drain(true);
  for (const auto& [n, s] : roots) {
    if (s == Scope::kDevelopment) reach(n, Scope::kDevelopment);
  }
  drain(true);
}

void emit(const std::vector<Node>& nodes, bool relationships_known, ExtractContext& ctx) {
  std::vector<Component> out;
  std::unordered_map<std::string, size_t> by_purl;
  for (const Node& n : nodes) {
    if (!n.report) continue;
    std::string purl = make_purl(n.name, n.version, n.source);
    auto [it, inserted] = by_purl.emplace(purl, out.size());
    if (inserted) {
      Component c;
      c.ecosystem = std::string(kEcosystem);
      c.name = n.name;
      c.version = n.version;
      c.version_note = n.version_note;
      c.purl = std::move(purl);
      c.relationship = !relationships_known ? Relationship::kUnknown
                       : n.direct           ? Relationship::kDirect
                                            : Relationship::kTransitive;
      c.scope = n.scope;
      c.dependencies = n.dependencies;
      c.licenses = n.licenses;
      out.push_back(std::move(c));
      continue;
    }
    Component& c = out[it->second];
    if (relationships_known && n.direct) c.relationship = Relationship::kDirect;
    c.scope = wider_scope(c.scope, n.scope);
    for (const std::string& d : n.dependencies) {
      if (std::find(c.dependencies.begin(), c.dependencies.end(), d) == c.dependencies.end()) {
        c.dependencies.push_back(d);
      }
    }
    if (c.licenses.empty()) c.licenses = n.licenses;
  }
  for (Component& c : out)
    ctx.add(std::move(c));
}

size_t first_invalid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string replace_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    const size_t n = static_cast<unsigned char>(text[i]) < 0x80 ? 1 : utf8_sequence_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

bool read_text(const FileRef& file, uint64_t max_bytes, ExtractContext& ctx, std::string& out) {
  auto text = ctx.fs().read_file(file.path, max_bytes);
  if (!text.is_ok()) {
    ctx.warn(text.status().message());
    return false;
  }
  out = std::move(*text);
  if (const size_t bad = first_invalid_utf8(out); bad != std::string_view::npos) {
    uint64_t line = 0;
    uint64_t column = 0;
    formats::locate(out, bad, line, column);
    ctx.warn("invalid UTF-8 (read as U+FFFD, as node does)", line, column);
    out = replace_invalid_utf8(out);
  }
  return true;
}

void WarningBudget::warn(std::string message, uint64_t line, uint64_t column) {
  if (count_++ < limit_) ctx_.warn(std::move(message), line, column);
}

void WarningBudget::finish() {
  if (count_ > limit_) {
    ctx_.warn(std::to_string(count_ - limit_) + " more problems in this file not shown");
  }
}

uint64_t JsonKeyLocator::line_of(std::string_view key, bool object_value) {
  std::string pattern;
  pattern.reserve(key.size() + 2);
  pattern += '"';
  pattern += key;
  pattern += '"';
  auto skip_space = [&](size_t i) {
    while (i < text_.size() &&
           (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r' || text_[i] == '\n')) {
      ++i;
    }
    return i;
  };
  for (size_t pos = cursor_; (pos = text_.find(pattern, pos)) != std::string_view::npos;
       pos += pattern.size()) {
    // A key is followed by ':'; the preceding byte is not a backslash (an escaped quote).
    size_t i = skip_space(pos + pattern.size());
    if (i >= text_.size() || text_[i] != ':' || (pos > 0 && text_[pos - 1] == '\\')) continue;
    if (object_value) {
      i = skip_space(i + 1);
      if (i >= text_.size() || text_[i] != '{') continue;
    }
    line_ += static_cast<uint64_t>(std::count(text_.begin() + static_cast<ptrdiff_t>(cursor_),
                                              text_.begin() + static_cast<ptrdiff_t>(pos), '\n'));
    cursor_ = pos + pattern.size();
    return line_;
  }
  // Not after the cursor (written with escapes, or not there): no line, and the cursor stays
  // so that the next keys are still found in one pass.
  return 0;
}

}  // namespace upkeep::inventory::npm
