// SPDX-License-Identifier: Apache-2.0
#include "report/spdx_license.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

namespace upkeep::report::detail {
namespace {

enum Flags : uint8_t { kLicense = 1, kException = 2, kDeprecated = 4, kCycloneDx = 8 };

struct Entry {
  std::string_view id;
  uint8_t flags;
};

constexpr Entry kEntries[] = {
#include "report/spdx_license_list.inc"
};

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive three-way comparison of ASCII identifiers.
int compare_ci(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(lower(a[i]));
    const auto y = static_cast<unsigned char>(lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

const Entry* find_entry(std::string_view id) {
  const auto* it = std::lower_bound(
      std::begin(kEntries), std::end(kEntries), id,
      [](const Entry& e, std::string_view key) { return compare_ci(e.id, key) < 0; });
  if (it == std::end(kEntries) || compare_ci(it->id, id) != 0) return nullptr;
  return it;
}

bool is_idstring(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
  });
}

// "LicenseRef-x" or "DocumentRef-y:LicenseRef-x".
bool is_license_ref(std::string_view s) {
  if (s.starts_with("DocumentRef-")) {
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos || !is_idstring(s.substr(12, colon - 12))) return false;
    s = s.substr(colon + 1);
  }
  return s.starts_with("LicenseRef-") && is_idstring(s.substr(11));
}

// Recursive descent over tokens: or := and ("OR" and)*; and := with ("AND" with)*;
// with := simple ("WITH" exception)? | "(" or ")".
class Parser {
 public:
  explicit Parser(std::vector<std::string_view> tokens) : tokens_(std::move(tokens)) {}

  std::optional<SpdxLicense> run() {
    if (tokens_.empty()) return std::nullopt;
    if (!parse_or(0) || pos_ != tokens_.size()) return std::nullopt;
    SpdxLicense out;
    out.expression = std::move(out_);
    out.single_id = tokens_.size() == 1 && single_entry_ != nullptr;
    out.cyclonedx_id = out.single_id && (single_entry_->flags & kCycloneDx) != 0;
    return out;
  }

 private:
  static constexpr int kMaxDepth = 32;

  std::string_view peek() const { return pos_ < tokens_.size() ? tokens_[pos_] : ""; }

  void emit(std::string_view token) {
    if (!out_.empty() && out_.back() != '(' && token != ")") out_ += ' ';
    out_ += token;
  }

  bool parse_or(int depth) {
    if (!parse_and(depth)) return false;
    while (peek() == "OR") {
      emit("OR");
      ++pos_;
      if (!parse_and(depth)) return false;
    }
    return true;
  }

  bool parse_and(int depth) {
    if (!parse_with(depth)) return false;
    while (peek() == "AND") {
      emit("AND");
      ++pos_;
      if (!parse_with(depth)) return false;
    }
    return true;
  }

  bool parse_with(int depth) {
    const std::string_view t = peek();
    if (t == "(") {
      if (depth >= kMaxDepth) return false;
      emit("(");
      ++pos_;
      if (!parse_or(depth + 1) || peek() != ")") return false;
      emit(")");
      ++pos_;
      return true;
    }
    if (t.empty() || t == ")" || t == "AND" || t == "OR" || t == "WITH") return false;
    ++pos_;
    if (is_license_ref(t)) {
      emit(t);
    } else {
      // "id" or "id+" ("or later"); the list's few ids with a '+' in them ("GPL-2.0+") are
      // read the same way, as the id and the operator.
      const bool plus = t.ends_with('+');
      const std::string_view bare = plus ? t.substr(0, t.size() - 1) : t;
      if (bare.find('+') != std::string_view::npos) return false;
      const Entry* e = find_entry(bare);
      if (e == nullptr || (e->flags & kLicense) == 0) return false;
      emit(plus ? std::string(e->id) + "+" : std::string(e->id));
      if (!plus) single_entry_ = e;
    }
    if (peek() == "WITH") {
      emit("WITH");
      ++pos_;
      const Entry* e = find_entry(peek());
      if (e == nullptr || (e->flags & kException) == 0) return false;
      emit(e->id);
      ++pos_;
    }
    return true;
  }

  std::vector<std::string_view> tokens_;
  size_t pos_ = 0;
  std::string out_;
  const Entry* single_entry_ = nullptr;
};

}  // namespace

std::optional<SpdxLicense> parse_spdx_license(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back(text.substr(i, 1));
      ++i;
    } else {
      const size_t start = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
             text[i] != '\r' && text[i] != '(' && text[i] != ')') {
        ++i;
      }
      tokens.push_back(text.substr(start, i - start));
    }
  }
  return Parser(std::move(tokens)).run();
}

}  // namespace upkeep::report::detail
