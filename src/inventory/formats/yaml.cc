// SPDX-License-Identifier: Apache-2.0
#include "inventory/formats/yaml.h"

#include <string>
#include <vector>

namespace upkeep::inventory::formats {
namespace {

// An upper bound of the nesting yaml-cpp will recurse into: block nesting (one level per
// deeper indentation, as a stack of indents) plus flow nesting ('[' and '{' outside quotes and
// comments) on each line. Returns the offset where the bound is first passed, or npos.
size_t find_too_deep(std::string_view t, size_t max_depth) {
  std::vector<size_t> indents;
  size_t flow = 0;
  size_t i = 0;
  while (i < t.size()) {
    size_t indent = 0;
    while (i + indent < t.size() && t[i + indent] == ' ')
      ++indent;
    size_t j = i + indent;
    const bool blank = j >= t.size() || t[j] == '\n' || t[j] == '#';
    if (!blank && flow == 0) {
      while (!indents.empty() && indents.back() >= indent)
        indents.pop_back();
      indents.push_back(indent);
      // "- - - x" nests sequences on one line.
      size_t k = j;
      while (k + 1 < t.size() && t[k] == '-' && t[k + 1] == ' ') {
        indents.push_back(indent + (k - j) + 1);
        k += 2;
        while (k < t.size() && t[k] == ' ')
          ++k;
      }
      if (indents.size() > max_depth) return j;
    }
    char quote = 0;
    for (; j < t.size() && t[j] != '\n'; ++j) {
      const char c = t[j];
      if (quote != 0) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '#' && (j == 0 || t[j - 1] == ' ')) {
        while (j < t.size() && t[j] != '\n')
          ++j;
        break;
      }
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        if (++flow + indents.size() > max_depth) return j;
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      }
    }
    i = j + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<ParseError> parse_yaml(std::string_view text, YAML::Node& out, size_t max_depth) {
  if (const size_t at = find_too_deep(text, max_depth); at != std::string_view::npos) {
    return error_at(text, at, "nested deeper than " + std::to_string(max_depth) + " levels");
  }
  try {
    out = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    ParseError err;
    err.message = e.msg;
    err.line = e.mark.line >= 0 ? static_cast<uint64_t>(e.mark.line) + 1 : 0;
    err.column = e.mark.column >= 0 ? static_cast<uint64_t>(e.mark.column) + 1 : 0;
    err.offset = e.mark.pos >= 0 ? static_cast<uint64_t>(e.mark.pos) : 0;
    return err;
  } catch (const std::exception& e) {
    return ParseError{e.what(), 0, 0, 0};
  }
  return std::nullopt;
}

std::string yaml_string(const YAML::Node& node, std::string_view key) {
  try {
    if (!node.IsMap()) return {};
    const YAML::Node v = node[std::string(key)];
    if (v && v.IsScalar()) return v.Scalar();
  } catch (const std::exception&) {
  }
  return {};
}

}  // namespace upkeep::inventory::formats
