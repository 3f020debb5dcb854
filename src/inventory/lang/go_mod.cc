// SPDX-License-Identifier: Apache-2.0
//
// go.mod, with go.sum beside it (golang.org/x/mod/modfile's grammar: one directive per line or a
// parenthesised block of them, // comments, "quoted" and `raw` strings).
//
// What counts as a component:
// - every `require`d module, at the version written; "// indirect" marks a transitive one
//   (since Go 1.17 go.mod lists every module that provides a package to the build, so this is
//   the build list, not just the direct requirements); its scope is unknown: go.mod also
//   requires the modules that only the main module's tests import (testify, go-cmp, ...), with
//   or without "// indirect", and nothing in the file tells them apart from what is built into
//   the program (the reference: "a package or test in the main module", go.dev/ref/mod);
// - a `replace` by another module swaps in that module and version (it is what gets built); a
//   replacement by a directory is reported under the required path with no version and a note,
//   since no published version of it is built;
// - the standard library as `stdlib` (OSV's Go ecosystem lists the standard library's
//   vulnerabilities under that name), with NO version: the `go` line is the minimum release the
//   module accepts and `toolchain` only a suggestion, not the release that builds it, so taking
//   either as the version would be a guess (and mostly a false positive for every stdlib fix after
//   that minimum). The note carries both. Go binaries record the real release (go-binary).
// - not the module itself (the `module` line: the project), not `exclude`d or `retract`ed
//   versions, and not modules that only go.sum lists: go.sum holds checksums for the whole module
//   graph, including modules whose go.mod was read during version selection but from which no
//   package is built.
// go.sum therefore only confirms: a required module with no checksum there is reported as a
// warning (the go command would refuse to build until `go mod tidy`).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/lang/capped_warnings.h"
#include "inventory/lang/go_common.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

struct Token {
  std::string text;
  uint64_t column = 0;  // from 1
};

struct Line {
  uint64_t number = 0;
  std::vector<Token> tokens;
  std::string comment;  // after "//", trimmed
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Splits one line into tokens; on a lexical error sets `error` and its column.
bool tokenize(std::string_view text, uint64_t number, Line& out, std::string& error,
              uint64_t& error_column) {
  out = Line{};
  out.number = number;
  if (!is_valid_utf8(text)) {
    error = "invalid UTF-8";
    error_column = 1;
    for (size_t i = 0; i < text.size();) {
      const size_t n = utf8_sequence_length(text, i);
      if (n == 0) {
        error_column = i + 1;
        break;
      }
      i += n;
    }
    return false;
  }
  size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    if (text.substr(i, 2) == "//") {
      std::string_view c = text.substr(i + 2);
      while (!c.empty() && is_space(c.front()))
        c.remove_prefix(1);
      while (!c.empty() && is_space(c.back()))
        c.remove_suffix(1);
      out.comment = std::string(c);
      return true;
    }
    const uint64_t column = i + 1;
    const char c = text[i];
    if (c == '(' || c == ')') {
      out.tokens.push_back({std::string(1, c), column});
      ++i;
      continue;
    }
    if (c == '"' || c == '`') {
      std::string value;
      size_t j = i + 1;
      bool closed = false;
      while (j < text.size()) {
        const char d = text[j];
        if (d == c) {
          closed = true;
          ++j;
          break;
        }
        if (c == '"' && d == '\\' && j + 1 < text.size()) {
          // Module paths and versions need no escapes beyond these.
          const char e = text[j + 1];
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          j += 2;
          continue;
        }
        value += d;
        ++j;
      }
      if (!closed) {
        error = "unterminated string";
        error_column = column;
        return false;
      }
      out.tokens.push_back({std::move(value), column});
      i = j;
      continue;
    }
    size_t j = i;
    while (j < text.size() && !is_space(text[j]) && text[j] != '(' && text[j] != ')' &&
           text[j] != '"' && text[j] != '`' && text.substr(j, 2) != "//") {
      ++j;
    }
    out.tokens.push_back({std::string(text.substr(i, j - i)), column});
    i = j;
  }
  return true;
}

struct Require {
  std::string path, version;
  bool indirect = false;
  uint64_t line = 0;
};

struct Replace {
  std::string old_path, old_version, new_path, new_version;
};

class GoModExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "go.mod"; }
  bool claims(const FileRef& file) const override { return file.name == "go.mod"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    // "vulndb-go.mod": a `module` directive at the start of a line.
    if (!name.ends_with(".mod")) return false;
    return head.starts_with("module ") || head.find("\nmodule ") != std::string_view::npos;
  }
  uint64_t max_file_size() const override { return 64ull << 20; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    CappedWarnings warnings(ctx);
    std::vector<Require> reqs;
    std::vector<Replace> replaces;
    std::string go_version, toolchain;
    parse(*text, warnings, reqs, replaces, go_version, toolchain);

    const std::set<std::string> sums = read_go_sum(file.path, ctx.fs(), warnings);
    const bool have_sum = !sums.empty();

    // The replacements of each module path, in file order (one lookup per require).
    std::map<std::string, std::vector<const Replace*>, std::less<>> replaced;
    for (const Replace& p : replaces)
      replaced[p.old_path].push_back(&p);
    static const std::vector<const Replace*> kNoReplaces;

    for (const Require& r : reqs) {
      Component c;
      c.ecosystem = "Go";
      c.relationship = r.indirect ? Relationship::kTransitive : Relationship::kDirect;
      // Not runtime: a test-only requirement looks the same (see the header).
      c.scope = Scope::kUnknown;
      c.name = r.path;
      c.version = r.version;
      // A replacement of this exact version wins over one of every version (as in cmd/go).
      const Replace* rep = nullptr;
      auto by_path = replaced.find(r.path);
      for (const Replace* pp : by_path == replaced.end() ? kNoReplaces : by_path->second) {
        const Replace& p = *pp;
        if (p.old_version == r.version) {
          rep = &p;
          break;
        }
        if (p.old_version.empty() && rep == nullptr) rep = &p;
      }
      if (rep != nullptr) {
        if (rep->new_version.empty()) {
          c.version.clear();
          c.version_note =
              "replaced by the directory " + rep->new_path + " (was " + r.version + ")";
        } else {
          c.name = rep->new_path;
          c.version = rep->new_version;
        }
      }
      if (have_sum && !c.version.empty() && !sums.contains(c.name + " " + c.version)) {
        warnings.warn("go.sum has no checksum for " + c.name + " " + c.version +
                          " (the go command would not build this until `go mod tidy`)",
                      r.line);
      }
      c.purl = golang::module_purl(c.name, c.version);
      ctx.add(std::move(c));
    }
    if (!go_version.empty()) {
      Component c;
      c.ecosystem = "Go";
      c.name = std::string(golang::kStdlib);
      c.purl = golang::module_purl(c.name, "");
      c.relationship = Relationship::kDirect;
      c.scope = Scope::kRuntime;
      c.version_note = "go.mod asks for Go " + go_version + " or later";
      if (!toolchain.empty()) c.version_note += " (toolchain " + toolchain + " suggested)";
      c.version_note += "; the Go release that builds it is not recorded in the source";
      ctx.add(std::move(c));
    }
  }

 private:
  static void parse(std::string_view text, CappedWarnings& ctx, std::vector<Require>& reqs,
                    std::vector<Replace>& replaces, std::string& go_version,
                    std::string& toolchain) {
    std::string block;  // the verb of the open "verb (" block
    uint64_t block_line = 0;
    uint64_t number = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t nl = text.find('\n', pos);
      const std::string_view raw =
          text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
      ++number;
      Line line;
      std::string error;
      uint64_t column = 0;
      if (!tokenize(raw, number, line, error, column)) {
        ctx.warn("not a valid go.mod: " + error, number, column);
        continue;
      }
      if (line.tokens.empty()) continue;
      if (!block.empty()) {
        if (line.tokens.size() == 1 && line.tokens[0].text == ")") {
          block.clear();
          continue;
        }
        directive(block, line, 0, ctx, reqs, replaces, go_version, toolchain);
        continue;
      }
      if (line.tokens.size() == 2 && line.tokens[1].text == "(") {
        block = line.tokens[0].text;
        block_line = number;
        continue;
      }
      directive(line.tokens[0].text, line, 1, ctx, reqs, replaces, go_version, toolchain);
    }
    if (!block.empty()) {
      ctx.warn("not a valid go.mod: the \"" + block + " (\" block is not closed", block_line);
    }
  }

  // One directive: `verb` with its arguments line.tokens[first...].
  static void directive(const std::string& verb, const Line& line, size_t first,
                        CappedWarnings& ctx, std::vector<Require>& reqs,
                        std::vector<Replace>& replaces, std::string& go_version,
                        std::string& toolchain) {
    std::vector<std::string> args;
    for (size_t i = first; i < line.tokens.size(); ++i)
      args.push_back(line.tokens[i].text);
    const uint64_t column = line.tokens.size() > first ? line.tokens[first].column : 1;
    for (const std::string& a : args) {
      if (a == "(" || a == ")") {
        ctx.warn("not a valid go.mod: unexpected \"" + a + "\"", line.number, column);
        return;
      }
    }
    if (verb == "require") {
      if (args.size() != 2) {
        ctx.warn("not a valid go.mod: usage: require module/path v1.2.3", line.number, column);
        return;
      }
      if (!golang::is_module_version(args[1])) {
        ctx.warn("not a valid go.mod: \"" + args[1] + "\" is not a module version", line.number,
                 line.tokens[first + 1].column);
      }
      // modfile's isIndirect: the comment's first word is "indirect" (or "indirect;").
      const std::string_view c = line.comment;
      const bool indirect =
          c == "indirect" || c.starts_with("indirect ") || c.starts_with("indirect;");
      reqs.push_back({args[0], args[1], indirect, line.number});
    } else if (verb == "replace") {
      size_t arrow = 0;
      while (arrow < args.size() && args[arrow] != "=>")
        ++arrow;
      const size_t right = args.size() - std::min(args.size(), arrow + 1);
      if (arrow == 0 || arrow > 2 || arrow == args.size() || right == 0 || right > 2) {
        ctx.warn(
            "not a valid go.mod: usage: replace module/path [v1.2.3] => other/module v1.4.5 "
            "or => ./local/dir",
            line.number, column);
        return;
      }
      Replace r;
      r.old_path = args[0];
      if (arrow == 2) r.old_version = args[1];
      r.new_path = args[arrow + 1];
      if (right == 2) r.new_version = args[arrow + 2];
      if (r.new_version.empty() && !golang::is_directory_path(r.new_path)) {
        ctx.warn(
            "not a valid go.mod: a replacement module without a version must be a directory "
            "path (\"./" +
                r.new_path + "\"?)",
            line.number, column);
        return;
      }
      if (!r.new_version.empty() && golang::is_directory_path(r.new_path)) {
        ctx.warn("not a valid go.mod: a directory replacement has no version", line.number, column);
        return;
      }
      replaces.push_back(std::move(r));
    } else if (verb == "go" || verb == "toolchain") {
      if (args.size() != 1) {
        ctx.warn("not a valid go.mod: usage: " + verb + " VERSION", line.number, column);
        return;
      }
      (verb == "go" ? go_version : toolchain) = args[0];
    } else if (verb == "module" || verb == "exclude" || verb == "retract" || verb == "godebug" ||
               verb == "tool" || verb == "ignore") {
      // Nothing to report: the project itself, versions never selected, settings, and tools
      // (whose modules are required like any other).
    } else {
      ctx.warn("not a valid go.mod: unknown directive \"" + verb + "\"", line.number,
               line.tokens[0].column);
    }
  }

  // "path version" of every module go.sum has a checksum for (of its zip or of its go.mod);
  // empty when there is no go.sum.
  static std::set<std::string> read_go_sum(std::string_view mod_path, const Fs& fs,
                                           CappedWarnings& ctx) {
    std::set<std::string> out;
    // go.sum beside go.mod; for a go.mod saved under another name ("vulndb-go.mod", given as a
    // target) the go.sum saved the same way ("vulndb-go.sum").
    std::string sum_path(mod_path);
    if (sum_path.ends_with(".mod")) {
      sum_path.replace(sum_path.size() - 3, 3, "sum");
    } else {
      sum_path = join_path(parent_path(mod_path), "go.sum");
    }
    auto info = fs.stat(sum_path);
    if (!info.is_ok() || info->type != FileType::kRegular) return out;
    auto text = fs.read_file(sum_path, 256ull << 20);
    if (!text.is_ok()) {
      ctx.warn_in(sum_path, text.status().message());
      return out;
    }
    std::string_view rest = *text;
    uint64_t number = 0;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      ++number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;
      std::vector<std::string_view> f;
      size_t i = 0;
      while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
          ++i;
        const size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
          ++i;
        if (i > start) f.push_back(line.substr(start, i - start));
      }
      if (f.size() != 3 || !f[2].starts_with("h1:") || !is_valid_utf8(line)) {
        ctx.warn_in(sum_path, "not a valid go.sum line: expected \"module version h1:hash\"",
                    number);
        continue;
      }
      std::string_view version = f[1];
      if (version.ends_with("/go.mod")) version.remove_suffix(7);
      out.insert(std::string(f[0]) + " " + std::string(version));
    }
    return out;
  }
};

}  // namespace

const Extractor& go_mod_extractor() {
  static const GoModExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
