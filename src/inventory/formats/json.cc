// SPDX-License-Identifier: Apache-2.0
#include "inventory/formats/json.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <system_error>
#include <vector>

#include "upkeep/inventory.h"
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

// The code unit of the "\uXXXX" escape at t[i], or -1 when there is none.
int unicode_escape(std::string_view t, size_t i) {
  if (i + 6 > t.size() || t[i] != '\\' || t[i + 1] != 'u') return -1;
  int v = 0;
  for (size_t k = 2; k < 6; ++k) {
    const char c = t[i + k];
    if (!is_hex(c)) return -1;
    v = v * 16 + (is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
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
        const int unit = unicode_escape(t, i);
        if (unit < 0) {
          why = "bad \\u escape in a string";
          return i;
        }
        // UTF-16 surrogates come in pairs (a high one, then a low one), as simdjson requires.
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
          why = "unpaired low surrogate in a \\u escape";
          return i;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          const int low = unicode_escape(t, i + 6);
          if (low < 0xDC00 || low > 0xDFFF) {
            why = "unpaired high surrogate in a \\u escape";
            return i;
          }
          i += 12;
          continue;
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

// Whether the integer `digits` (no sign, no leading zero) exceeds `limit`, both decimal.
bool exceeds(std::string_view digits, std::string_view limit) {
  return digits.size() != limit.size() ? digits.size() > limit.size() : digits > limit;
}

// Whether the finite-looking number t[start, end) overflows a double: simdjson refuses those.
// from_chars says "out of range" for underflow too, which simdjson accepts (as 0), so the
// decimal magnitude tells the two apart.
bool overflows_double(std::string_view t, size_t start, size_t end) {
  double value = 0;
  const auto r = std::from_chars(t.data() + start, t.data() + end, value);
  if (r.ec != std::errc::result_out_of_range) return false;
  // Decimal exponent of the first significant digit: position in the mantissa plus exponent.
  int64_t magnitude = 0;
  bool seen_digit = false, in_fraction = false;
  int64_t leading = 0;  // digits before the point from the first significant one
  int64_t zeros_after_point = 0;
  size_t i = start + (t[start] == '-' ? 1 : 0);
  for (; i < end && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') {
      in_fraction = true;
    } else if (!seen_digit && t[i] == '0') {
      if (in_fraction) ++zeros_after_point;
    } else {
      seen_digit = true;
      if (!in_fraction) ++leading;
    }
  }
  int64_t exponent = 0;
  if (i < end) {
    ++i;
    bool negative = false;
    if (t[i] == '+' || t[i] == '-') negative = t[i++] == '-';
    for (; i < end; ++i)
      exponent = std::min<int64_t>(exponent * 10 + (t[i] - '0'), int64_t{1} << 40);
    if (negative) exponent = -exponent;
  }
  magnitude = (leading > 0 ? leading - 1 : -(zeros_after_point + 1)) + exponent;
  return magnitude > 0;
}

size_t scan_number(std::string_view t, size_t i, const char*& why) {
  const size_t start = i;
  const bool negative = t[i] == '-';
  if (negative) ++i;
  if (i >= t.size() || !is_digit(t[i])) {
    why = "bad number";
    return i;
  }
  const size_t int_start = i;
  if (t[i] == '0') {
    ++i;
  } else {
    while (i < t.size() && is_digit(t[i]))
      ++i;
  }
  const std::string_view integer = t.substr(int_start, i - int_start);
  bool is_float = false;
  if (i < t.size() && t[i] == '.') {
    is_float = true;
    ++i;
    if (i >= t.size() || !is_digit(t[i])) {
      why = "bad number: no digit after '.'";
      return i;
    }
    while (i < t.size() && is_digit(t[i]))
      ++i;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    is_float = true;
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= t.size() || !is_digit(t[i])) {
      why = "bad number: no digit in the exponent";
      return i;
    }
    while (i < t.size() && is_digit(t[i]))
      ++i;
  }
  // What simdjson can represent: integers in int64 (negative) or uint64, finite doubles.
  if (!is_float && exceeds(integer, negative ? "9223372036854775808" : "18446744073709551615")) {
    why = "integer out of the 64-bit range";
    return start;
  }
  if (is_float && overflows_double(t, start, i)) {
    why = "number too large for a double";
    return start;
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
        // simdjson's depth: the root value is at depth 1, a value inside a container one deeper
        // than the container; scalars count ("[1]" is 2 deep, "[]" is 1).
        if (stack.size() >= max_depth &&
            std::string_view("{[\"-0123456789tfn").find(c) != std::string_view::npos) {
          return fail(i, "nested deeper than " + std::to_string(max_depth) + " levels");
        }
        if (c == '{' || c == '[') {
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
  // A UTF-8 byte order mark is not JSON, but editors on Windows write one and npm, Composer and
  // NuGet read such files: skip it, and keep offsets relative to the whole text.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const size_t skip = text.starts_with(kBom) ? kBom.size() : 0;
  const std::string_view body = text.substr(skip);
  if (parser_.max_depth() != max_depth) {
    if (auto err = parser_.allocate(std::max<size_t>(body.size(), 64), max_depth); err) {
      return ParseError{simdjson::error_message(err), 0, 0, 0};
    }
  }
  auto result = parser_.parse(body.data(), body.size(), true);
  if (result.error() == simdjson::SUCCESS) {
    root_ = result.value_unsafe();
    return std::nullopt;
  }
  if (auto located = find_json_error(body, max_depth)) {
    return error_at(text, located->offset + skip, std::move(located->message));
  }
  // simdjson refused what our scanner accepts; the scanner is meant to agree with simdjson on
  // every input (fuzz/json_locator_fuzz.cc), so this is a bug of ours: say what simdjson said.
  return ParseError{simdjson::error_message(result.error()), 0, 0, 0};
}

bool read_json_object(const FileRef& file, ExtractContext& ctx, uint64_t max_bytes,
                      std::string_view what, JsonDocument& doc) {
  auto text = ctx.fs().read_file(file.path, max_bytes);
  if (!text.is_ok()) {
    ctx.warn(text.status().message());
    return false;
  }
  // The parser copies the text into its own padded buffer: the document outlives `text`.
  if (auto err = doc.parse(*text)) {
    report(ctx, "not a valid " + std::string(what), *err);
    return false;
  }
  if (!doc.root().is_object()) {
    ctx.warn("not a valid " + std::string(what) + ": the document is not an object");
    return false;
  }
  return true;
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
