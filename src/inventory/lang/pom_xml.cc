// SPDX-License-Identifier: Apache-2.0
//
// pom.xml: the dependencies a Maven project declares, with versions as Maven would resolve them
// from what is in the tree, and nothing more.
//
// What Maven does, and what this does of it:
// - Inheritance: the <parent> is looked up at <relativePath> (default ../pom.xml; empty means
//   "do not look locally"), through ctx.fs(), and used only when its groupId, artifactId and
//   version are the ones declared, as Maven checks. Parents chain up to kMaxParents. The child's
//   properties override its parents'; dependencies and dependencyManagement are inherited (the
//   child's declaration wins for the same groupId:artifactId:type:classifier).
// - Interpolation after inheritance, against the child: ${project.version} in a parent means
//   the child's version. Model fields first (project.* / pom.*), then <properties>, then the
//   deprecated unprefixed fields (${version}); nested properties resolve recursively, cycles and
//   runaway expansion stop with the property reported unresolved.
// - dependencyManagement supplies version and scope to dependencies without them (not
//   <optional>: Maven 3 does not manage it).
// - Profiles: only those marked <activeByDefault>true</activeByDefault> are applied; others
//   depend on the JDK, OS, files or flags of a build we do not run.
//
// What it does not do: read parents or imported BOMs from a repository (they are not in the
// tree), resolve transitive dependencies, or report plugins. Whatever is left open is reported
// as such: an empty version and a version_note naming the expression or the missing parent or
// BOM, never a guess.
//
// Reported: the project's (effective) <dependencies>, all direct. Not reported: the project
// itself, its parents and imported BOMs (they are the project's own build inputs, not libraries
// it runs with). Scopes: compile, runtime and system are runtime; test is development; provided
// is runtime too, because a provided artifact is on the class path when the program runs (the
// container supplies it) and a finding against it matters to the deployment; optional=true is
// optional (unless test).
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/formats/xml.h"
#include "inventory/lang/maven_common.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

constexpr int kMaxParents = 16;
constexpr uint64_t kMaxPomBytes = 64ull << 20;
// Expansion bounds: a version or id is short; a property chain deeper than this or an expansion
// longer than this is an attack or a mistake, not a build.
constexpr int kMaxExpansionDepth = 64;
constexpr size_t kMaxExpansionBytes = 8 << 10;

// Line and column of byte offsets, from one index of the line starts (not a scan per lookup).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  void locate(uint64_t offset, uint64_t& line, uint64_t& column) const {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const size_t index = static_cast<size_t>(it - starts_.begin()) - 1;
    line = index + 1;
    column = offset - starts_[index] + 1;
  }

 private:
  std::vector<uint64_t> starts_;
};

// Element names without a namespace prefix: <pom:project xmlns:pom="..."> reads like
// <project xmlns="...">.
std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

// The element's text (all its text and CDATA children), trimmed.
std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return std::string(maven::trim(out));
}

std::string child_text(const pugi::xml_node& parent, std::string_view name) {
  const pugi::xml_node c = child(parent, name);
  return c ? text_of(c) : std::string();
}

struct RawDependency {
  std::string group, artifact, version, type, classifier, scope, optional;
  uint64_t offset = 0;
  bool has_version = false;  // <version> present (possibly empty)
};

// One pom file as written, before inheritance and interpolation.
struct RawPom {
  std::string path;
  std::string group, artifact, version, packaging;
  bool has_parent = false;
  std::string parent_group, parent_artifact, parent_version;
  std::optional<std::string> relative_path;  // nullopt: the default ../pom.xml
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<RawDependency> dependencies;
  std::vector<RawDependency> managed;

  std::string effective_group() const { return group.empty() ? parent_group : group; }
  std::string effective_version() const { return version.empty() ? parent_version : version; }
  std::string parent_gav() const {
    return parent_group + ":" + parent_artifact + ":" + parent_version;
  }
};

// Where problems in a pom go: only the extracted file's own problems are reported (a parent
// in the tree is extracted, and reports its own, in its turn).
struct Problems {
  ExtractContext* ctx = nullptr;  // null: keep quiet
  const LineIndex* lines = nullptr;
  // After a parse error: the elements pugixml had not closed yet. Their content may be cut
  // short (a <version> of "1." for "1.2.3"), so they are not used.
  std::set<const pugi::xml_node_struct*> unclosed;

  bool complete(const pugi::xml_node& node) const {
    return !unclosed.contains(node.internal_object());
  }
  void warn(const std::string& message, uint64_t offset) const {
    if (ctx == nullptr) return;
    uint64_t line = 0, column = 0;
    if (lines != nullptr) lines->locate(offset, line, column);
    ctx->warn(message, line, column);
  }
};

uint64_t offset_of(const pugi::xml_node& node) {
  const ptrdiff_t off = node.offset_debug();
  return off < 0 ? 0 : static_cast<uint64_t>(off);
}

void read_dependencies(const pugi::xml_node& list, std::vector<RawDependency>& out,
                       const Problems& problems) {
  for (pugi::xml_node d = list.first_child(); d; d = d.next_sibling()) {
    if (d.type() != pugi::node_element) continue;
    if (local_name(d) != "dependency") {
      problems.warn("unexpected <" + std::string(d.name()) + "> in <dependencies>", offset_of(d));
      continue;
    }
    if (!problems.complete(d)) continue;  // cut off by the parse error reported already
    RawDependency dep;
    dep.offset = offset_of(d);
    dep.group = child_text(d, "groupId");
    dep.artifact = child_text(d, "artifactId");
    const pugi::xml_node version = child(d, "version");
    dep.has_version = static_cast<bool>(version);
    if (version) dep.version = text_of(version);
    dep.type = child_text(d, "type");
    dep.classifier = child_text(d, "classifier");
    dep.scope = child_text(d, "scope");
    dep.optional = child_text(d, "optional");
    if (dep.group.empty() || dep.artifact.empty()) {
      problems.warn("a <dependency> without groupId or artifactId", dep.offset);
      continue;
    }
    out.push_back(std::move(dep));
  }
}

// The parts of <project> (or of an active <profile>) that matter here.
void read_model_parts(const pugi::xml_node& node, RawPom& pom, const Problems& problems) {
  if (const pugi::xml_node props = child(node, "properties")) {
    for (pugi::xml_node p = props.first_child(); p; p = p.next_sibling()) {
      if (p.type() != pugi::node_element || !problems.complete(p)) continue;
      pom.properties.emplace_back(std::string(local_name(p)), text_of(p));
    }
  }
  if (const pugi::xml_node deps = child(node, "dependencies")) {
    read_dependencies(deps, pom.dependencies, problems);
  }
  if (const pugi::xml_node mgmt = child(node, "dependencyManagement")) {
    if (const pugi::xml_node deps = child(mgmt, "dependencies")) {
      read_dependencies(deps, pom.managed, problems);
    }
  }
}

// Reads the model from a parsed document; false when the root is not a <project>.
bool read_pom(const pugi::xml_document& doc, std::string_view path, RawPom& pom,
              const Problems& problems) {
  pom.path = std::string(path);
  const pugi::xml_node project = doc.document_element();
  if (!project || local_name(project) != "project") {
    problems.warn(project ? "not a Maven POM: the root element is <" + std::string(project.name()) +
                                ">, not <project>"
                          : "not a Maven POM: no root element",
                  project ? offset_of(project) : 0);
    return false;
  }
  pom.group = child_text(project, "groupId");
  pom.artifact = child_text(project, "artifactId");
  pom.version = child_text(project, "version");
  pom.packaging = child_text(project, "packaging");
  if (const pugi::xml_node parent = child(project, "parent")) {
    pom.has_parent = true;
    pom.parent_group = child_text(parent, "groupId");
    pom.parent_artifact = child_text(parent, "artifactId");
    pom.parent_version = child_text(parent, "version");
    if (const pugi::xml_node rel = child(parent, "relativePath")) pom.relative_path = text_of(rel);
  }
  read_model_parts(project, pom, problems);
  if (const pugi::xml_node profiles = child(project, "profiles")) {
    for (pugi::xml_node p = profiles.first_child(); p; p = p.next_sibling()) {
      if (p.type() != pugi::node_element || local_name(p) != "profile") continue;
      const pugi::xml_node activation = child(p, "activation");
      if (activation && child_text(activation, "activeByDefault") == "true") {
        read_model_parts(p, pom, problems);
      }
    }
  }
  return true;
}

// `relative` (a pom's relativePath) from the directory `dir`, or nullopt when it climbs above
// the root of the file system we read: that parent is not in the tree.
std::optional<std::string> resolve_relative(std::string_view dir, std::string_view relative) {
  if (relative.empty()) return std::nullopt;
  std::vector<std::string> parts;
  auto push = [&](std::string_view path) -> bool {
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find_first_of("/\\", start);
      if (end == std::string_view::npos) end = path.size();
      const std::string_view seg = path.substr(start, end - start);
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.emplace_back(seg);
      }
      start = end + 1;
    }
    return true;
  };
  if (relative.front() == '/') return std::nullopt;  // absolute: outside what we may assume
  if (!push(dir) || !push(relative)) return std::nullopt;
  std::string out;
  for (const std::string& p : parts)
    out += "/" + p;
  return out.empty() ? "/" : out;
}

// Resolves ${...} expressions against the effective model: model fields, then the merged
// properties, then the deprecated unprefixed fields. Each property is expanded once (memo), so
// the work is linear in the properties used, whatever their nesting.
class Interpolator {
 public:
  Interpolator(std::map<std::string, std::string, std::less<>> properties,
               std::map<std::string, std::string, std::less<>> fields)
      : properties_(std::move(properties)), fields_(std::move(fields)) {}

  // The text with every expression replaced; nullopt when one cannot be resolved, with
  // `problem` saying which ("unresolved property ${x}", "property cycle through ${x}", ...).
  std::optional<std::string> expand(std::string_view text, std::string& problem) {
    return expand(text, problem, 0);
  }

 private:
  std::optional<std::string> expand(std::string_view text, std::string& problem, int depth) {
    if (text.find("${") == std::string_view::npos) return std::string(text);
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t open = text.find("${", pos);
      if (open == std::string_view::npos) {
        out += text.substr(pos);
        break;
      }
      const size_t close = text.find('}', open + 2);
      if (close == std::string_view::npos) {  // not an expression: Maven keeps it as written
        out += text.substr(pos);
        break;
      }
      out += text.substr(pos, open - pos);
      const std::string_view name = text.substr(open + 2, close - open - 2);
      std::optional<std::string> value = lookup(name, problem, depth + 1);
      if (!value) return std::nullopt;
      out += *value;
      if (out.size() > kMaxExpansionBytes) {
        problem = "expansion of ${" + std::string(name) + "} is too long";
        return std::nullopt;
      }
      pos = close + 1;
    }
    return out;
  }

  std::optional<std::string> lookup(std::string_view name, std::string& problem, int depth) {
    // Model fields, for project.x and pom.x; the unprefixed form comes after the properties.
    for (std::string_view prefix : {"project.", "pom."}) {
      if (name.starts_with(prefix)) {
        if (auto it = fields_.find(name.substr(prefix.size())); it != fields_.end()) {
          return resolve_memo(kFieldKey + it->first, "project." + it->first, it->second, problem,
                              depth);
        }
      }
    }
    if (auto it = properties_.find(name); it != properties_.end()) {
      return resolve_memo(it->first, it->first, it->second, problem, depth);
    }
    if (auto it = fields_.find(name); it != fields_.end()) {
      return resolve_memo(kFieldKey + it->first, "project." + it->first, it->second, problem,
                          depth);
    }
    problem = "unresolved property ${" + std::string(name) + "}";
    return std::nullopt;
  }

  // `key` tells model fields from properties of the same name; `shown` is the name to report.
  std::optional<std::string> resolve_memo(const std::string& key, const std::string& shown,
                                          const std::string& raw, std::string& problem, int depth) {
    if (auto it = memo_.find(key); it != memo_.end()) {
      if (!it->second.value) problem = it->second.problem;
      return it->second.value;
    }
    if (in_progress_.contains(key)) {
      problem = "property cycle through ${" + shown + "}";
      return std::nullopt;
    }
    if (depth > kMaxExpansionDepth) {
      problem = "properties nested too deeply at ${" + shown + "}";
      return std::nullopt;
    }
    in_progress_.insert(key);
    Memo m;
    m.value = expand(raw, m.problem, depth);
    in_progress_.erase(key);
    if (!m.value) problem = m.problem;
    // A depth failure depends on the path taken, not on the property: do not remember it.
    if (m.value || m.problem.find("nested too deeply") == std::string::npos) memo_[key] = m;
    return m.value;
  }

  static constexpr char kFieldKey[] = "\x01";
  struct Memo {
    std::optional<std::string> value;
    std::string problem;
  };
  std::map<std::string, std::string, std::less<>> properties_;
  std::map<std::string, std::string, std::less<>> fields_;
  std::map<std::string, Memo, std::less<>> memo_;
  std::set<std::string, std::less<>> in_progress_;
};

// A dependency after interpolation. A field that could not be resolved keeps its text as
// written and the reason in `problem`.
struct Dependency {
  std::string group, artifact, version, type, classifier, scope, optional;
  std::string problem;  // for group/artifact/type/classifier
  std::string version_problem;
  bool has_version = false;
  bool from_child = false;  // declared in the extracted file (not inherited)
  uint64_t offset = 0;
  std::string key() const { return group + ":" + artifact + ":" + type + ":" + classifier; }
};

Dependency interpolate(const RawDependency& raw, Interpolator& interp) {
  Dependency d;
  d.offset = raw.offset;
  d.has_version = raw.has_version;
  auto field = [&](const std::string& text, std::string& out, std::string& problem) {
    std::string why;
    if (auto v = interp.expand(text, why)) {
      out = std::move(*v);
    } else {
      out = text;
      if (problem.empty()) problem = why;
    }
  };
  field(raw.group, d.group, d.problem);
  field(raw.artifact, d.artifact, d.problem);
  field(raw.type.empty() ? std::string("jar") : raw.type, d.type, d.problem);
  field(raw.classifier, d.classifier, d.problem);
  field(raw.version, d.version, d.version_problem);
  std::string ignored;
  field(raw.scope, d.scope, ignored);
  field(raw.optional, d.optional, ignored);
  return d;
}

class PomXmlExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "pom.xml"; }

  // Only pom.xml by name: *.pom files are what a repository cache (~/.m2, /usr/share/maven-repo)
  // keeps for each installed artifact, and their dependencies are not this tree's. A .pom given
  // directly as a target is read (recognizes()).
  bool claims(const FileRef& file) const override { return file.name == "pom.xml"; }

  bool recognizes(std::string_view name, std::string_view head) const override {
    return (name.ends_with(".xml") || name.ends_with(".pom")) &&
           (head.find("<project") != std::string_view::npos ||
            head.find(":project") != std::string_view::npos) &&
           (head.find("maven.apache.org/POM/") != std::string_view::npos ||
            head.find("<modelVersion>") != std::string_view::npos);
  }

  uint64_t max_file_size() const override { return kMaxPomBytes; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    const LineIndex lines(*text);
    pugi::xml_document doc;
    Problems problems{&ctx, &lines, {}};
    if (auto err = formats::parse_xml(*text, doc)) {
      // pugixml keeps what it parsed before the error: report that too, except the elements
      // that may be open at the error (the last node and its ancestors; when the cut falls just
      // after a closing tag, one complete element is dropped too, which errs on the safe side).
      formats::report(ctx, "not a valid pom.xml", *err);
      if (!doc.document_element()) return;
      for (pugi::xml_node n = doc.last_child(); n; n = n.last_child())
        problems.unclosed.insert(n.internal_object());
    }
    std::vector<RawPom> chain(1);
    if (!read_pom(doc, file.path, chain[0], problems)) return;
    std::string missing_parent;  // "g:a:v" of the first parent not in the tree
    load_parents(ctx, chain, missing_parent);
    report(ctx, chain, missing_parent, lines);
  }

 private:
  // Follows <parent> through relativePath while the parents are in the tree and match.
  void load_parents(ExtractContext& ctx, std::vector<RawPom>& chain,
                    std::string& missing_parent) const {
    std::set<std::string> visited = {chain[0].path};
    while (chain.back().has_parent) {
      const RawPom& child_pom = chain.back();
      const std::string gav = child_pom.parent_gav();
      if (chain.size() > kMaxParents) {
        ctx.warn("more than " + std::to_string(kMaxParents) + " parent poms; stopped at " + gav);
        missing_parent = gav;
        return;
      }
      const std::string relative = child_pom.relative_path.value_or("../pom.xml");
      std::optional<std::string> path = resolve_relative(parent_path(child_pom.path), relative);
      if (path) {
        auto st = ctx.fs().stat(*path);
        if (st.is_ok() && st->type == FileType::kDirectory) path = join_path(*path, "pom.xml");
      }
      if (!path || visited.contains(*path)) {
        missing_parent = gav;
        return;
      }
      visited.insert(*path);
      auto text = ctx.fs().read_file(*path, kMaxPomBytes);
      if (!text.is_ok()) {
        missing_parent = gav;
        return;
      }
      pugi::xml_document doc;
      RawPom parent;
      if (auto err = formats::parse_xml(*text, doc)) {
        ctx.warn("the parent " + relative + " is not valid XML (" + err->message + " at line " +
                 std::to_string(err->line) + "); its settings are not used");
        missing_parent = gav;
        return;
      }
      if (!read_pom(doc, *path, parent, Problems{}) ||
          parent.effective_group() != child_pom.parent_group ||
          parent.artifact != child_pom.parent_artifact ||
          parent.effective_version() != child_pom.parent_version) {
        // Maven warns likewise and looks in the repository instead.
        ctx.warn("the parent " + gav + " is not the pom at " + relative + " (" +
                 parent.effective_group() + ":" + parent.artifact + ":" +
                 parent.effective_version() + "); it is not used");
        missing_parent = gav;
        return;
      }
      chain.push_back(std::move(parent));
    }
  }

  void report(ExtractContext& ctx, const std::vector<RawPom>& chain,
              const std::string& missing_parent, const LineIndex& lines) const {
    const RawPom& self = chain[0];
    // Properties: the farthest ancestor first, so that nearer ones override.
    std::map<std::string, std::string, std::less<>> properties;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      for (const auto& [k, v] : it->properties)
        properties[k] = v;
    }
    std::map<std::string, std::string, std::less<>> fields;
    fields["groupId"] = self.effective_group();
    fields["artifactId"] = self.artifact;
    fields["version"] = self.effective_version();
    fields["packaging"] = self.packaging.empty() ? "jar" : self.packaging;
    if (self.has_parent) {
      fields["parent.groupId"] = self.parent_group;
      fields["parent.artifactId"] = self.parent_artifact;
      fields["parent.version"] = self.parent_version;
    }
    Interpolator interp(std::move(properties), std::move(fields));

    // Inheritance: the nearest declaration of a key wins.
    auto merge = [&](auto member) {
      std::vector<Dependency> out;
      std::set<std::string> keys;
      for (size_t i = 0; i < chain.size(); ++i) {
        for (const RawDependency& raw : chain[i].*member) {
          Dependency d = interpolate(raw, interp);
          d.from_child = i == 0;
          if (keys.insert(d.key()).second || i == 0) out.push_back(std::move(d));
        }
      }
      return out;
    };
    const std::vector<Dependency> dependencies = merge(&RawPom::dependencies);
    const std::vector<Dependency> managed = merge(&RawPom::managed);
    std::map<std::string, const Dependency*> management;
    std::vector<std::string> imports;  // BOMs we cannot read
    for (const Dependency& m : managed) {
      if (m.scope == "import") {
        imports.push_back(m.group + ":" + m.artifact + ":" + m.version);
        continue;
      }
      management.emplace(m.key(), &m);
    }

    const Problems problems{&ctx, &lines, {}};
    for (const Dependency& declared : dependencies) {
      Dependency d = declared;
      const auto managed_it = management.find(d.key());
      const Dependency* m = managed_it == management.end() ? nullptr : managed_it->second;
      if (d.version.empty() && d.version_problem.empty() && m != nullptr) {
        d.version = m->version;
        d.version_problem = m->version_problem;
      }
      if (d.scope.empty() && m != nullptr) d.scope = m->scope;
      // Maven 3 does not manage <optional> (MNG-5227, changed only in Maven 4).

      if (d.problem.empty() && (!maven::valid_id(d.group) || !maven::valid_id(d.artifact))) {
        if (d.from_child) {
          problems.warn("invalid dependency coordinates \"" + d.group.substr(0, 100) + ":" +
                            d.artifact.substr(0, 100) + "\"",
                        d.offset);
        }
        continue;
      }
      Scope scope = Scope::kRuntime;
      if (d.scope == "test") {
        scope = Scope::kDevelopment;
      } else if (d.scope == "import") {
        if (d.from_child) problems.warn("scope \"import\" outside dependencyManagement", d.offset);
        continue;
      } else if (!d.scope.empty() && d.scope != "compile" && d.scope != "runtime" &&
                 d.scope != "provided" && d.scope != "system" && d.from_child) {
        problems.warn("unknown scope \"" + d.scope.substr(0, 100) + "\", taken as compile",
                      d.offset);
      }
      if (d.optional == "true" && scope != Scope::kDevelopment) scope = Scope::kOptional;

      std::string version = d.version;
      std::string note;
      if (!d.version_problem.empty()) {
        version.clear();
        note = d.version_problem;
      } else if (version.empty()) {
        note = "no version here";
        if (!missing_parent.empty()) {
          note += "; managed by the parent " + missing_parent + " (not in the tree)";
        }
        for (const std::string& bom : imports)
          note += "; or by the imported BOM " + bom + " (not read)";
        if (missing_parent.empty() && imports.empty()) note += " nor in dependencyManagement";
      } else if (version.front() == '[' || version.front() == '(') {
        note = "version range " + version;
        version.clear();
      } else if (!is_valid_utf8(version)) {
        if (d.from_child) problems.warn("the version is not valid UTF-8", d.offset);
        note = "version not valid UTF-8";
        version.clear();
      }
      if (!note.empty() && !missing_parent.empty() && note.starts_with("unresolved property")) {
        note += " (the parent " + missing_parent + " is not in the tree)";
      }
      Component c = maven::component(d.group, d.artifact, version, d.type, d.classifier);
      if (!d.problem.empty()) note = note.empty() ? d.problem : d.problem + "; " + note;
      c.version_note = std::move(note);
      c.scope = scope;
      c.relationship = Relationship::kDirect;
      ctx.add(std::move(c));
    }
  }
};

}  // namespace

const Extractor& pom_xml_extractor() {
  static const PomXmlExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
