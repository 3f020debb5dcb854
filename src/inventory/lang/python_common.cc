// SPDX-License-Identifier: Apache-2.0
#include "inventory/lang/python_common.h"

#include <array>

#include "inventory/formats/toml.h"
#include "upkeep/purl.h"

namespace upkeep::inventory::python {
namespace {

constexpr bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
constexpr bool is_name_char(char c) {
  return is_alnum(c) || c == '.' || c == '-' || c == '_';
}
// Characters of a PEP 440-ish version in a specifier; "===" takes anything but the separators.
constexpr bool is_version_char(char c) {
  return is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '*' || c == '+' || c == '!';
}

// Longest first, so "===" is not read as "==" followed by "=".
constexpr std::array<std::string_view, 8> kOperators = {
    "===", "==", "!=", "<=", ">=", "~=", "<", ">"};

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && is_space(s[i]))
    ++i;
  return i;
}

// The name (before '@', ';' or a specifier) of a PEP 508 string, for the manifest lists.
std::string requirement_name(std::string_view text) {
  RequirementError err;
  auto req = parse_requirement(text, err);
  return req ? req->name : std::string();
}

void add_keys_of(const toml::table* table, std::set<std::string>& out) {
  if (table == nullptr) return;
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
    if (name_key(name) == "python") continue;  // the interpreter constraint, not a package
    out.insert(name_key(name));
  }
}

void add_requirements_of(const toml::array* list, std::set<std::string>& out) {
  if (list == nullptr) return;
  for (const toml::node& item : *list) {
    // PEP 735 groups may also hold {include-group = "..."} tables: those name groups, not
    // packages, and the included group's own entries are read where it is defined.
    if (auto s = item.value<std::string>()) {
      std::string name = requirement_name(*s);
      if (!name.empty()) out.insert(name_key(name));
    }
  }
}

}  // namespace

std::string_view trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && is_space(s[b]))
    ++b;
  while (e > b && is_space(s[e - 1]))
    --e;
  return s.substr(b, e - b);
}

bool is_valid_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front()) || !is_alnum(name.back())) return false;
  for (char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

std::optional<Requirement> parse_requirement(std::string_view text, RequirementError& error) {
  auto fail = [&](size_t at, std::string message) -> std::optional<Requirement> {
    error.offset = at;
    error.message = std::move(message);
    return std::nullopt;
  };
  Requirement req;
  size_t i = skip_space(text, 0);
  const size_t name_start = i;
  while (i < text.size() && is_name_char(text[i]))
    ++i;
  req.name = std::string(text.substr(name_start, i - name_start));
  if (req.name.empty()) return fail(name_start, "a requirement must start with a package name");
  if (!is_valid_name(req.name)) {
    return fail(name_start, "\"" + req.name + "\" is not a valid package name");
  }
  i = skip_space(text, i);
  if (i < text.size() && text[i] == '[') {
    const size_t close = text.find(']', i);
    if (close == std::string_view::npos) return fail(i, "unclosed '[' of the extras");
    std::string_view inner = text.substr(i + 1, close - i - 1);
    while (!inner.empty()) {
      const size_t comma = inner.find(',');
      const std::string_view extra = trim(inner.substr(0, comma));
      if (!is_valid_name(extra)) return fail(i + 1, "not a valid list of extras");
      req.extras.emplace_back(extra);
      if (comma == std::string_view::npos) break;
      inner.remove_prefix(comma + 1);
    }
    i = skip_space(text, close + 1);
  }
  if (i < text.size() && text[i] == '@') {
    // A direct reference: the URL runs to the end or to a ';' after whitespace (a ';' inside a
    // URL is legal).
    i = skip_space(text, i + 1);
    const size_t url_start = i;
    while (i < text.size() && !is_space(text[i]))
      ++i;
    req.url = std::string(text.substr(url_start, i - url_start));
    if (req.url.empty()) return fail(url_start, "\"@\" must be followed by a URL");
    i = skip_space(text, i);
  } else {
    bool parens = false;
    if (i < text.size() && text[i] == '(') {
      parens = true;
      i = skip_space(text, i + 1);
    }
    const size_t spec_start = i;
    size_t spec_end = i;
    while (i < text.size() && text[i] != ';' && text[i] != ')') {
      std::string_view op;
      for (std::string_view candidate : kOperators) {
        if (text.substr(i).starts_with(candidate)) {
          op = candidate;
          break;
        }
      }
      if (op.empty()) return fail(i, "expected a version operator (==, >=, ~=, ...)");
      i = skip_space(text, i + op.size());
      const size_t version_start = i;
      if (op == "===") {
        while (i < text.size() && !is_space(text[i]) && text[i] != ',' && text[i] != ';' &&
               text[i] != ')')
          ++i;
      } else {
        while (i < text.size() && is_version_char(text[i]))
          ++i;
      }
      if (i == version_start) return fail(i, "a version must follow \"" + std::string(op) + "\"");
      req.clauses.emplace_back(std::string(op),
                               std::string(text.substr(version_start, i - version_start)));
      spec_end = i;
      i = skip_space(text, i);
      if (i < text.size() && text[i] == ',') {
        i = skip_space(text, i + 1);
        continue;
      }
      break;
    }
    req.specifier = std::string(text.substr(spec_start, spec_end - spec_start));
    if (parens) {
      if (i >= text.size() || text[i] != ')') return fail(i, "unclosed '(' of the version");
      i = skip_space(text, i + 1);
    }
  }
  if (i < text.size() && text[i] == ';') {
    req.marker = std::string(trim(text.substr(i + 1)));
    if (req.marker.empty()) return fail(i, "an empty environment marker after ';'");
    i = text.size();
  }
  if (i < text.size()) return fail(i, "unexpected text after the requirement");
  return req;
}

std::string pinned_version(const Requirement& req) {
  for (const auto& [op, version] : req.clauses) {
    if (op == "===") return version;
    if (op == "==" && version.find('*') == std::string::npos) return version;
  }
  return {};
}

std::string name_key(std::string_view name) {
  purl::Purl p;
  p.type = "pypi";
  p.name = std::string(name);
  purl::normalize(p);
  return p.name;
}

std::string purl_for(std::string_view name, std::string_view version,
                     std::vector<std::pair<std::string, std::string>> qualifiers) {
  purl::Purl p;
  p.type = "pypi";
  p.name = std::string(name);
  p.version = std::string(version);
  for (auto& [k, v] : qualifiers)
    p.set_qualifier(k, v);
  return purl::to_string(p);
}

Component make_component(std::string_view name, std::string_view version,
                         std::vector<std::pair<std::string, std::string>> qualifiers) {
  Component c;
  c.ecosystem = "PyPI";
  c.name = std::string(name);
  c.version = std::string(version);
  c.purl = purl_for(name, version, std::move(qualifiers));
  return c;
}

std::optional<DirectDependencies> read_pyproject(ExtractContext& ctx, std::string_view dir) {
  const std::string path = join_path(dir, "pyproject.toml");
  auto info = ctx.fs().stat(path);
  if (!info.is_ok() || info->type != FileType::kRegular) return std::nullopt;
  auto text = ctx.fs().read_file(path, 16u << 20);
  if (!text.is_ok()) {
    ctx.warn_in(path, "cannot read: " + text.status().message());
    return std::nullopt;
  }
  toml::table doc;
  if (auto err = formats::parse_toml(*text, doc)) {
    ctx.warn_in(path, "not a valid pyproject.toml: " + err->message, err->line, err->column);
    return std::nullopt;
  }
  DirectDependencies out;
  if (const toml::table* project = doc["project"].as_table()) {
    add_requirements_of((*project)["dependencies"].as_array(), out.runtime);
    if (const toml::table* extras = (*project)["optional-dependencies"].as_table()) {
      for (const auto& [name, list] : *extras)
        add_requirements_of(list.as_array(), out.optional);
    }
  }
  if (const toml::table* groups = doc["dependency-groups"].as_table()) {
    for (const auto& [name, list] : *groups)
      add_requirements_of(list.as_array(), out.development);
  }
  if (const toml::table* poetry = doc["tool"]["poetry"].as_table()) {
    // Poetry's main dependencies; an `optional = true` one is only installed through an extra.
    if (const toml::table* deps = (*poetry)["dependencies"].as_table()) {
      for (const auto& [key, value] : *deps) {
        const std::string name(key.str());
        if (name_key(name) == "python") continue;
        const toml::table* spec = value.as_table();
        const bool optional = spec != nullptr && (*spec)["optional"].value_or(false);
        (optional ? out.optional : out.runtime).insert(name_key(name));
      }
    }
    add_keys_of((*poetry)["dev-dependencies"].as_table(), out.development);
    if (const toml::table* groups = (*poetry)["group"].as_table()) {
      for (const auto& [name, group] : *groups) {
        if (const toml::table* g = group.as_table()) {
          // Poetry's "main" group is the [tool.poetry.dependencies] table itself.
          add_keys_of((*g)["dependencies"].as_table(),
                      name.str() == "main" ? out.runtime : out.development);
        }
      }
    }
  }
  return out;
}

bool parse_lock_toml(std::string_view text, toml::table& doc, ExtractContext& ctx,
                     std::string_view what) {
  auto err = formats::parse_toml(text, doc);
  if (!err) return true;
  formats::report(ctx, what, *err);
  if (err->line == 0) return false;
  // Cut before the package the error is in: at the error's line when that is a (broken) table
  // header, else at the last [[package]] header before it.
  size_t cut = 0;
  size_t offset = 0;
  for (uint64_t line = 1; offset < text.size(); ++line) {
    const std::string_view rest = text.substr(offset);
    if (line == err->line) {
      if (rest.starts_with('[')) cut = offset;
      break;
    }
    if (rest.starts_with("[[package]]")) cut = offset;
    const size_t newline = text.find('\n', offset);
    if (newline == std::string_view::npos) break;
    offset = newline + 1;
  }
  doc = toml::table();
  if (cut == 0) return false;
  return !formats::parse_toml(text.substr(0, cut), doc).has_value();
}

std::vector<std::string_view> split_lines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    start = next;
  }
  return lines;
}

}  // namespace upkeep::inventory::python
