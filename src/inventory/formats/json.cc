// SPDX-License-Identifier: Apache-2.0
#include "inventory/formats/json.h"

#include <vector>

#include "upkeep/utf8.h"

namespace upkeep::inventory::formats {
namespace {

constexpr bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Scanners return the offset just past the token, or set `why` and return the offset of the
// offending byte.
size_t scan_string(std::string_view t, size_t i, const char*& why) {
  ++i;  // opening quote
  while (i < t.size()) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c == '"') return i + 1;
    if (c == '\\') {
      if (i + 1 >= t.size()) break;
      const char e = t[i + 1];
      if (e == 'u') {
        for (size_t k = 2; k < 6; ++k) {
          if (i + k >= t.size() || !is_hex(t[i + k])) {
            why = "bad \\u escape in a string";
            return i;
          }
        }
        i += 6;
        continue;
      }
      if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        why = "bad escape in a string";
        return i;
      }
      i += 2;
      continue;
    }
    if (c < 0x20) {
      why = "control character in a string";
      return i;
    }
    if (c >= 0x80) {
      const size_t n = utf8_sequence_length(t, i);
      if (n == 0) {
        why = "invalid UTF-8 in a string";
        return i;
      }
      i += n;
      continue;
    }
    ++i;
  }
  why = "unterminated string";
  return t.size();
}

size_t scan_number(std::string_view t, size_t i, const char*& why) {
  if (t[i] == '-') ++i;
  if (i >= t.size() || !is_digit(t[i])) {
    why = "bad number";
    return i;
  }
  if (t[i] == '0') {
    ++i;
  } else {
    while (i < t.size() && is_digit(t[i]))
      ++i;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (i >= t.size() || !is_digit(t[i])) {
      why = "bad number: no digit after '.'";
      return i;
    }
    while (i < t.size() && is_digit(t[i]))
      ++i;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= t.size() || !is_digit(t[i])) {
      why = "bad number: no digit in the exponent";
      return i;
    }
    while (i < t.size() && is_digit(t[i]))
      ++i;
  }
  return i;
}

}  // namespace

std::optional<ParseError> find_json_error(std::string_view t, size_t max_depth) {
  enum class Expect { kValue, kValueOrEnd, kKeyOrEnd, kKey, kColon, kCommaOrEnd, kDone };
  std::vector<char> stack;  // '{' or '['
  Expect expect = Expect::kValue;
  size_t i = 0;
  const char* why = nullptr;
  auto fail = [&](size_t at, std::string msg) { return error_at(t, at, std::move(msg)); };
  auto after_value = [&] { expect = stack.empty() ? Expect::kDone : Expect::kCommaOrEnd; };
  if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") {
    return fail(0, "byte order mark before the JSON text");
  }
  for (;;) {
    while (i < t.size() && is_ws(t[i]))
      ++i;
    if (i >= t.size()) break;
    const char c = t[i];
    switch (expect) {
      case Expect::kDone:
        return fail(i, "unexpected content after the JSON value");
      case Expect::kColon:
        if (c != ':') return fail(i, "expected ':' after an object key");
        ++i;
        expect = Expect::kValue;
        continue;
      case Expect::kCommaOrEnd:
        if (c == ',') {
          ++i;
          expect = stack.back() == '{' ? Expect::kKey : Expect::kValue;
          continue;
        }
        if ((c == '}' && stack.back() == '{') || (c == ']' && stack.back() == '[')) {
          ++i;
          stack.pop_back();
          after_value();
          continue;
        }
        return fail(i, stack.back() == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
      case Expect::kKeyOrEnd:
        if (c == '}') {
          ++i;
          stack.pop_back();
          after_value();
          continue;
        }
        [[fallthrough]];
      case Expect::kKey:
        if (c != '"') return fail(i, "expected a string as object key");
        i = scan_string(t, i, why);
        if (why != nullptr) return fail(i, why);
        expect = Expect::kColon;
        continue;
      case Expect::kValueOrEnd:
        if (c == ']') {
          ++i;
          stack.pop_back();
          after_value();
          continue;
        }
        [[fallthrough]];
      case Expect::kValue:
        if (c == '{' || c == '[') {
          if (stack.size() >= max_depth) {
            return fail(i, "nested deeper than " + std::to_string(max_depth) + " levels");
          }
          stack.push_back(c);
          ++i;
          expect = c == '{' ? Expect::kKeyOrEnd : Expect::kValueOrEnd;
          continue;
        }
        if (c == '"') {
          i = scan_string(t, i, why);
        } else if (c == '-' || is_digit(c)) {
          i = scan_number(t, i, why);
        } else if (t.substr(i, 4) == "true" || t.substr(i, 4) == "null") {
          i += 4;
        } else if (t.substr(i, 5) == "false") {
          i += 5;
        } else {
          return fail(i, "expected a value");
        }
        if (why != nullptr) return fail(i, why);
        after_value();
        continue;
    }
  }
  if (expect != Expect::kDone) return fail(t.size(), "unexpected end of text");
  return std::nullopt;
}

std::optional<ParseError> JsonDocument::parse(std::string_view text, size_t max_depth) {
  if (parser_.max_depth() != max_depth) {
    if (auto err = parser_.allocate(std::max<size_t>(text.size(), 64), max_depth); err) {
      return ParseError{simdjson::error_message(err), 0, 0, 0};
    }
  }
  auto result = parser_.parse(text.data(), text.size(), true);
  if (result.error() == simdjson::SUCCESS) {
    root_ = result.value_unsafe();
    return std::nullopt;
  }
  if (auto located = find_json_error(text, max_depth)) return located;
  // simdjson refused what our scanner accepts (e.g. a number out of range): say so plainly.
  return ParseError{simdjson::error_message(result.error()), 0, 0, 0};
}

std::string_view get_string(simdjson::dom::element element, std::string_view key) {
  std::string_view out;
  if (element[key].get(out) != simdjson::SUCCESS) return {};
  return out;
}

std::optional<simdjson::dom::object> get_object(simdjson::dom::element element,
                                                std::string_view key) {
  simdjson::dom::object out;
  if (element[key].get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::optional<simdjson::dom::array> get_array(simdjson::dom::element element,
                                              std::string_view key) {
  simdjson::dom::array out;
  if (element[key].get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

bool get_bool(simdjson::dom::element element, std::string_view key, bool fallback) {
  bool out = false;
  if (element[key].get(out) != simdjson::SUCCESS) return fallback;
  return out;
}

}  // namespace upkeep::inventory::formats
