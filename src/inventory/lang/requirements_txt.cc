// SPDX-License-Identifier: Apache-2.0
//
// pip requirements files (requirements*.txt, requirements/*.txt), read as pip reads them: lines
// ending in '\' continue on the next line, '#' at the start of a line or after whitespace starts
// a comment, options start with '-'. Every requirement is a direct dependency of the project.
//
// What becomes a component, and why:
// - "name==1.2" / "name===1.2": that version. "name[extra]" and "; marker" keep the requirement
//   (pip may skip it on another interpreter, but it is part of the project); the marker is not
//   recorded.
// - a range ("name>=1", "name~=1.2", "name==1.*") or no specifier: the name with an empty
//   version and version_note saying what was written, since any version may be installed.
// - "name @ URL", a VCS or URL requirement with "#egg=name", and any requirement whose file name
//   is a wheel (which spells out name and version): reported, with vcs_url or download_url in the
//   purl; a version only when the wheel name gives one.
// - local paths ("-e .", "./pkg", "file:///src/lib") are the project's own source, which a walk of
//   the tree inventories by its own metadata: skipped without a warning. A remote URL that names
//   no package (no "#egg=", not a wheel) cannot be named without downloading it: skipped with a
//   warning.
// - "-r FILE" / "--requirement FILE" includes are read through the target's file system,
//   relative to the including file, each file once (a cycle gets a warning); their components
//   are located in the included file. "-c FILE" constraints only bound versions of packages
//   required elsewhere and install nothing: not read.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/lang/python_common.h"

namespace upkeep::inventory {
namespace {

using python::trim;

constexpr size_t kMaxIncludeDepth = 32;

// Options pip accepts in a requirements file (pip/_internal/req/req_file.py), without a
// value of interest here.
constexpr std::string_view kKnownOptions[] = {
    "-i",
    "--index-url",
    "--extra-index-url",
    "--no-index",
    "-f",
    "--find-links",
    "--no-binary",
    "--only-binary",
    "--prefer-binary",
    "--require-hashes",
    "--pre",
    "--trusted-host",
    "--use-feature",
    "--hash",
    "--global-option",
    "--install-option",
    "--config-settings",
    "-Z",
    "--always-unzip",
    "--process-dependency-links",
};

// One logical line: continuation lines joined, the comment removed.
struct LogicalLine {
  std::string text;
  size_t line = 0;      // of its first physical line
  size_t indent = 0;    // bytes of white space before the text on that line
  bool joined = false;  // continued over several physical lines
};

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

// pip's COMMENT_RE.match: a '#' at the start, possibly after whitespace.
bool is_comment_line(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_ws(line[i]))
    ++i;
  return i < line.size() && line[i] == '#';
}

// pip's COMMENT_RE.sub: everything from a '#' that starts the line or follows whitespace.
std::string_view strip_comment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || is_ws(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

// pip's join_lines then ignore_comments.
std::vector<LogicalLine> logical_lines(std::string_view text) {
  std::vector<LogicalLine> out;
  const std::vector<std::string_view> lines = python::split_lines(text);
  std::string pending;
  size_t pending_line = 0;
  bool continuing = false;
  auto emit = [&](std::string text, size_t line, bool joined) {
    const std::string_view uncommented = strip_comment(text);
    const std::string_view t = trim(uncommented);
    if (t.empty()) return;
    const size_t indent = static_cast<size_t>(t.data() - uncommented.data());
    out.push_back(LogicalLine{std::string(t), line, indent, joined});
  };
  for (size_t n = 0; n < lines.size(); ++n) {
    std::string_view line = lines[n];
    if (!line.ends_with('\\') || is_comment_line(line)) {
      if (continuing) {
        // A comment line ends the continuation (pip puts a space before it so that it is
        // still recognised as a comment).
        if (is_comment_line(line)) pending += ' ';
        pending += line;
        emit(std::move(pending), pending_line, true);
        pending.clear();
        continuing = false;
      } else {
        emit(std::string(line), n + 1, false);
      }
      continue;
    }
    if (!continuing) pending_line = n + 1;
    continuing = true;
    // pip strips backslashes at both ends of a continued line.
    while (!line.empty() && line.front() == '\\')
      line.remove_prefix(1);
    while (!line.empty() && line.back() == '\\')
      line.remove_suffix(1);
    pending += line;
  }
  if (continuing) emit(std::move(pending), pending_line, true);
  return out;
}

// Splits "-r file", "-rfile", "--requirement=file", "--requirement file" into name and value.
void split_option(std::string_view text, std::string_view& name, std::string_view& value) {
  if (text.starts_with("--")) {
    size_t end = 2;
    while (end < text.size() && !is_ws(text[end]) && text[end] != '=')
      ++end;
    name = text.substr(0, end);
    std::string_view rest = text.substr(end);
    if (rest.starts_with('=')) rest.remove_prefix(1);
    value = trim(rest);
  } else {
    name = text.substr(0, std::min<size_t>(2, text.size()));
    value = trim(text.substr(name.size()));
  }
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
}

bool has_scheme(std::string_view s) {
  const size_t sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  for (char c : s.substr(0, sep)) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'))
      return false;
  }
  return true;
}

bool is_vcs(std::string_view s) {
  return s.starts_with("git+") || s.starts_with("hg+") || s.starts_with("svn+") ||
         s.starts_with("bzr+");
}

bool is_archive_name(std::string_view s) {
  for (std::string_view ext : {".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz",
                               ".txz", ".tar", ".tar.lz", ".tlz"}) {
    if (s.ends_with(ext)) return true;
  }
  return false;
}

// A requirement that is a path or URL rather than "name...": what pip treats so (a URL, a VCS
// reference, something with a path separator or starting with '.', or an archive name).
bool is_location(std::string_view first_token) {
  if (has_scheme(first_token) || is_vcs(first_token) || first_token.starts_with("file:"))
    return true;
  if (first_token.starts_with('.') || first_token.starts_with('/') || first_token.starts_with('~'))
    return true;
  if (first_token.find('/') != std::string_view::npos ||
      first_token.find('\\') != std::string_view::npos)
    return true;
  std::string_view path = first_token.substr(0, first_token.find_first_of("#?"));
  return is_archive_name(path);
}

// The value of "egg=" in a URL fragment, without extras.
std::string egg_name(std::string_view url) {
  const size_t hash = url.find('#');
  if (hash == std::string_view::npos) return {};
  std::string_view fragment = url.substr(hash + 1);
  while (!fragment.empty()) {
    const size_t amp = fragment.find('&');
    std::string_view part = fragment.substr(0, amp);
    if (part.starts_with("egg=")) {
      part.remove_prefix(4);
      return std::string(part.substr(0, part.find('[')));
    }
    if (amp == std::string_view::npos) break;
    fragment.remove_prefix(amp + 1);
  }
  return {};
}

// Name and version from a wheel file name ({name}-{version}(-{build})?-{py}-{abi}-{plat}.whl,
// where the name and version have any '-' escaped as '_').
bool wheel_name(std::string_view location, std::string& name, std::string& version) {
  std::string_view path = location.substr(0, location.find_first_of("#?"));
  if (!path.ends_with(".whl")) return false;
  path = path.substr(path.find_last_of("/\\") + 1);
  path.remove_suffix(4);
  std::vector<std::string_view> parts;
  while (true) {
    const size_t dash = path.find('-');
    parts.push_back(path.substr(0, dash));
    if (dash == std::string_view::npos) break;
    path.remove_prefix(dash + 1);
  }
  if (parts.size() != 5 && parts.size() != 6) return false;
  if (!python::is_valid_name(parts[0]) || parts[1].empty()) return false;
  name = std::string(parts[0]);
  version = std::string(parts[1]);
  return true;
}

// The purl qualifier that says where a direct reference comes from.
std::vector<std::pair<std::string, std::string>> location_qualifier(std::string_view url) {
  if (is_vcs(url)) return {{"vcs_url", std::string(url)}};
  if (has_scheme(url) && !url.starts_with("file:")) return {{"download_url", std::string(url)}};
  return {};
}

bool is_local(std::string_view location) {
  return location.starts_with("file:") || (!has_scheme(location) && !is_vcs(location));
}

class RequirementsTxtExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "requirements.txt"; }

  bool claims(const FileRef& file) const override {
    if (!file.name.ends_with(".txt")) return false;
    return file.name.find("requirements") != std::string_view::npos ||
           base_name(parent_path(file.path)) == "requirements";
  }

  // A .txt file given directly whose first lines are all requirements or pip options, with at
  // least one pinned requirement.
  bool recognizes(std::string_view name, std::string_view head) const override {
    if (!name.ends_with(".txt") && !name.ends_with(".in")) return false;
    // The window may cut the last line: judge the complete lines only.
    if (const size_t last = head.rfind('\n'); last != std::string_view::npos) {
      head = head.substr(0, last);
    }
    int pinned = 0;
    int seen = 0;
    for (const LogicalLine& l : logical_lines(head)) {
      if (++seen > 50) break;
      if (l.text.starts_with('-')) continue;
      python::RequirementError err;
      const std::string_view req = std::string_view(l.text).substr(0, l.text.find(" -"));
      auto parsed = python::parse_requirement(req, err);
      if (!parsed) return false;
      if (!python::pinned_version(*parsed).empty()) ++pinned;
    }
    return pinned > 0;
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    std::vector<std::string> visited = {normalize_path(file.path)};
    std::vector<std::string> stack = visited;
    read_text(std::string(file.path), *text, ctx, visited, stack);
  }

 private:
  void read_text(const std::string& path, std::string_view text, ExtractContext& ctx,
                 std::vector<std::string>& visited, std::vector<std::string>& stack) const {
    auto warn = [&](std::string message, size_t line, size_t column = 0) {
      ctx.warn_in(path, std::move(message), line, column);
    };
    for (const LogicalLine& l : logical_lines(text)) {
      const std::string_view t = l.text;
      if (t.starts_with('-')) {
        std::string_view name;
        std::string_view value;
        split_option(t, name, value);
        if (name == "-r" || name == "--requirement") {
          include(path, value, l.line, ctx, visited, stack);
        } else if (name == "-e" || name == "--editable") {
          if (value.empty()) {
            warn("-e needs a path or URL", l.line);
          } else {
            location_requirement(value, path, l.line, ctx);
          }
        } else if (name == "-c" || name == "--constraint") {
          // Constraints install nothing (see the file comment).
        } else if (std::find(std::begin(kKnownOptions), std::end(kKnownOptions), name) ==
                   std::end(kKnownOptions)) {
          warn("unknown option \"" + std::string(name) + "\" (ignored)", l.line);
        }
        continue;
      }
      // pip's break_args_options: the requirement ends where the first word starting with
      // '-' (a per-requirement option such as --hash) begins.
      size_t req_end = t.size();
      for (size_t i = 1; i < t.size(); ++i) {
        if (t[i] == '-' && is_ws(t[i - 1])) {
          req_end = i;
          break;
        }
      }
      const std::string_view req_text = trim(t.substr(0, req_end));
      // "name @ URL" is PEP 508; any other path or URL is a location requirement.
      const size_t at = req_text.find('@');
      const bool direct_reference =
          at != std::string_view::npos &&
          python::is_valid_name(trim(req_text.substr(0, at).substr(0, req_text.find('['))));
      const std::string_view first_token = req_text.substr(0, req_text.find_first_of(" \t;"));
      if (!direct_reference && is_location(first_token)) {
        location_requirement(req_text, path, l.line, ctx);
        continue;
      }
      python::RequirementError err;
      auto req = python::parse_requirement(req_text, err);
      if (!req) {
        // The column is exact only when the requirement is one physical line.
        warn("not a valid requirement: " + err.message, l.line,
             l.joined ? 0 : l.indent + err.offset + 1);
        continue;
      }
      Component c;
      if (!req->url.empty()) {
        std::string wheel, wheel_version;
        if (is_local(req->url)) continue;  // the project's own source
        wheel_name(req->url, wheel, wheel_version);
        c = python::make_component(req->name, wheel_version, location_qualifier(req->url));
        if (wheel_version.empty()) c.version_note = "direct reference: " + req->url;
      } else {
        const std::string version = python::pinned_version(*req);
        c = python::make_component(req->name, version);
        if (version.empty()) {
          c.version_note =
              req->specifier.empty() ? "no version specified" : "not pinned: " + req->specifier;
        }
      }
      c.location = path;
      c.relationship = Relationship::kDirect;
      ctx.add(std::move(c));
    }
  }

  // A path or URL requirement (plain or after -e).
  void location_requirement(std::string_view text, const std::string& path, size_t line,
                            ExtractContext& ctx) const {
    std::string_view location = text.substr(0, text.find_first_of(" \t;"));
    std::string name;
    std::string version;
    if (!wheel_name(location, name, version)) name = egg_name(location);
    if (name.empty() || !python::is_valid_name(name)) {
      if (is_local(location)) return;  // the project's own source (see the file comment)
      ctx.warn_in(path,
                  "\"" + std::string(location) +
                      "\" names no package (no #egg= fragment, not a wheel): not inventoried",
                  line);
      return;
    }
    if (is_local(location) && version.empty()) return;  // local source tree with a name
    Component c = python::make_component(name, version, location_qualifier(location));
    if (version.empty()) c.version_note = "direct reference: " + std::string(location);
    c.location = path;
    c.relationship = Relationship::kDirect;
    ctx.add(std::move(c));
  }

  void include(const std::string& from, std::string_view target, size_t line, ExtractContext& ctx,
               std::vector<std::string>& visited, std::vector<std::string>& stack) const {
    if (target.empty()) {
      ctx.warn_in(from, "-r needs a file name", line);
      return;
    }
    if (has_scheme(target)) {
      ctx.warn_in(from, "remote requirements file \"" + std::string(target) + "\" not read", line);
      return;
    }
    const std::string resolved = normalize_path(
        target.starts_with('/') ? std::string(target) : join_path(parent_path(from), target));
    if (std::find(stack.begin(), stack.end(), resolved) != stack.end()) {
      ctx.warn_in(from, "include cycle: \"" + std::string(target) + "\" is already being read",
                  line);
      return;
    }
    // Read each file once: a file included from two places adds nothing the second time.
    if (std::find(visited.begin(), visited.end(), resolved) != visited.end()) return;
    visited.push_back(resolved);
    if (stack.size() >= kMaxIncludeDepth) {
      ctx.warn_in(from,
                  "includes nested more than " + std::to_string(kMaxIncludeDepth) + " deep: \"" +
                      std::string(target) + "\" not read",
                  line);
      return;
    }
    auto text = ctx.fs().read_file(resolved, max_file_size());
    if (!text.is_ok()) {
      ctx.warn_in(
          from,
          "cannot read included file \"" + std::string(target) + "\": " + text.status().message(),
          line);
      return;
    }
    stack.push_back(resolved);
    read_text(resolved, *text, ctx, visited, stack);
    stack.pop_back();
  }
};

}  // namespace

const Extractor& requirements_txt_extractor() {
  static const RequirementsTxtExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
