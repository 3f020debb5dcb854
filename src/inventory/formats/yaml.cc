// SPDX-License-Identifier: Apache-2.0
#include "inventory/formats/yaml.h"

#include <yaml-cpp/depthguard.h>

#include <optional>
#include <string>
#include <vector>

namespace upkeep::inventory::formats {
namespace {

constexpr bool is_digit_or_chomp(char c) {
  return (c >= '0' && c <= '9') || c == '+' || c == '-';
}
constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
constexpr bool is_break(char c) {
  return c == '\n' || c == '\r';
}

// An upper estimate of how deep yaml-cpp will nest the document, scanning it once: block nesting
// as a stack of increasing indentation columns (one per line start, and one per "- ", "? " or
// ": " indicator after it, so "- - - x" and yaml-cpp's lenient "a: b: c" count), plus flow
// nesting ('[' and '{' where a token starts, any of them inside a flow collection). Quoted
// scalars (over several lines, with '' and backslash escapes), comments and the content of
// block scalars ('|', '>') are skipped. Lines end at "\n", "\r\n" or "\r", as in yaml-cpp.
// Returns the offset where `max_depth` is first passed, or npos.
//
// This is the friendly limit, with a location; the hard one is yaml-cpp's own recursion guard
// (YAML::DeepRecursion, about 500 levels in 0.7), which parse_yaml also reports.
size_t find_too_deep(std::string_view t, size_t max_depth) {
  std::vector<size_t> indents;  // block nesting: strictly increasing columns
  // yaml-cpp 0.7 starts a new column count at "\n" only: after a lone "\r" the columns go on
  // growing, and it nests what looks like a new line less indented. Columns here do the same.
  size_t line_origin = 0;
  size_t flow = 0;  // open '[' and '{'
  char quote = 0;   // inside a quoted scalar: '\'' or '"'
  bool in_block_scalar = false;
  size_t block_scalar_indent = 0;  // content lines are indented more than this
  size_t i = 0;
  while (i < t.size()) {
    // One line: [i, end).
    size_t end = i;
    while (end < t.size() && !is_break(t[end]))
      ++end;
    const size_t next = end < t.size() && t[end] == '\r' && end + 1 < t.size() && t[end + 1] == '\n'
                            ? end + 2
                            : end + 1;
    if (i > 0 && t[i - 1] == '\n') line_origin = i;
    size_t indent = 0;
    while (i + indent < end && t[i + indent] == ' ')
      ++indent;
    const size_t column = i + indent - line_origin;
    size_t j = i + indent;
    while (j < end && is_blank(t[j]))
      ++j;
    const bool blank = j >= end || (t[j] == '#' && quote == 0);
    if (in_block_scalar) {
      if (blank || column > block_scalar_indent) {
        i = next;
        continue;
      }
      in_block_scalar = false;
    }
    const bool block_line = quote == 0 && flow == 0 && !blank;
    if (block_line) {
      while (!indents.empty() && indents.back() >= column)
        indents.pop_back();
      // A line that starts with '[' or '{' is a flow node, counted as such below.
      if (t[j] != '[' && t[j] != '{') indents.push_back(column);
      if (indents.size() > max_depth) return i + indent;
    }
    bool token_start = true;  // where a quote, a flow collection or an indicator may begin
    size_t last_token = std::string_view::npos;  // start of the last token outside quotes
    for (; j < end; ++j) {
      const char c = t[j];
      if (quote == '\'') {
        if (c == '\'') {
          if (j + 1 < end && t[j + 1] == '\'') {
            ++j;  // '' is an escaped quote
          } else {
            quote = 0;
            token_start = false;
          }
        }
        continue;
      }
      if (quote == '"') {
        if (c == '\\') {
          ++j;  // skips the escaped character (a line break too: j reaches end)
        } else if (c == '"') {
          quote = 0;
          token_start = false;
        }
        continue;
      }
      if (is_blank(c)) continue;
      if (c == '#' && (j == i || is_blank(t[j - 1]))) break;  // a comment to the end of line
      const bool indicator_follows = j + 1 >= end || is_blank(t[j + 1]);
      if (token_start && (c == '\'' || c == '"')) {
        quote = c;
        last_token = j;
        continue;
      }
      if (c == '[' || c == '{') {
        if (flow > 0 || token_start) {
          ++flow;
          if (flow + indents.size() > max_depth) return j;
          token_start = true;
          last_token = j;
          continue;
        }
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
        token_start = false;
        continue;
      } else if (c == ',' && flow > 0) {
        token_start = true;
        continue;
      } else if (flow == 0 && indicator_follows &&
                 (c == ':' || (token_start && (c == '-' || c == '?')))) {
        // A nested block node may start after "- ", "? " or ": " on the same line.
        size_t k = j + 1;
        while (k < end && is_blank(t[k]))
          ++k;
        const size_t inner = k - line_origin;
        if (k < end && t[k] != '#' && (indents.empty() || inner > indents.back())) {
          indents.push_back(inner);
          if (flow + indents.size() > max_depth) return k;
        }
        token_start = true;
        continue;
      } else if (flow > 0 && c == ':') {
        token_start = true;
        continue;
      } else if (token_start && (c == '&' || c == '!')) {
        // An anchor or a tag: the node itself comes after it.
        while (j + 1 < end && !is_blank(t[j + 1]) &&
               (flow == 0 || std::string_view(",[]{}").find(t[j + 1]) == std::string_view::npos))
          ++j;
        continue;
      }
      if (token_start) last_token = j;
      token_start = false;
    }
    // "key: |" or "- >-": the lines after it that are indented more are text.
    if (quote == 0 && flow == 0 && last_token != std::string_view::npos &&
        (t[last_token] == '|' || t[last_token] == '>')) {
      size_t k = last_token + 1;
      while (k < end && (is_digit_or_chomp(t[k])))
        ++k;
      while (k < end && is_blank(t[k]))
        ++k;
      if (k >= end || t[k] == '#') {
        in_block_scalar = true;
        block_scalar_indent = column;
      }
    }
    i = next;
  }
  return std::string_view::npos;
}

// What yaml-cpp takes for UTF-16 or UTF-32 (a byte order mark, or NUL bytes among the first
// ones) is transcoded before it is parsed, which the byte scan above would misread; YAML allows
// no NUL byte anywhere in any case.
std::optional<size_t> find_non_utf8(std::string_view t) {
  if (t.starts_with("\xFE\xFF") || t.starts_with("\xFF\xFE")) return 0;
  const size_t nul = t.find('\0');
  if (nul != std::string_view::npos) return nul;
  return std::nullopt;
}

}  // namespace

std::optional<ParseError> parse_yaml(std::string_view text, YAML::Node& out, size_t max_depth) {
  if (const auto at = find_non_utf8(text)) {
    return error_at(text, *at,
                    *at == 0 && text.size() >= 2 && text[0] != '\0'
                        ? "a UTF-16 byte order mark: only UTF-8 YAML is read"
                        : "a NUL byte: not a UTF-8 YAML text");
  }
  if (const size_t at = find_too_deep(text, max_depth); at != std::string_view::npos) {
    return error_at(text, at, "nested deeper than " + std::to_string(max_depth) + " levels");
  }
  try {
    out = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    ParseError err = error_at(text, e.mark.pos >= 0 ? static_cast<uint64_t>(e.mark.pos) : 0,
                              "nested too deep for the YAML parser");
    return err;
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
