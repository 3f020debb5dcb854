// SPDX-License-Identifier: Apache-2.0
//
// The sources' own severity words onto one scale (see normalise_severity_label in severity.h).
#include <array>
#include <string_view>
#include <utility>

#include "upkeep/severity.h"

namespace upkeep::severity {
namespace {

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// ASCII case-insensitive equality (locale-independent, unlike <cctype>).
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

// Lower-case words, each with where it comes from; kUnknown is the fall-through.
constexpr std::array<std::pair<std::string_view, Rating>, 13> kLabels = {{
    {"none", Rating::kNone},
    {"low", Rating::kLow},
    {"negligible", Rating::kLow},     // Ubuntu priority: a problem with no real security impact
    {"unimportant", Rating::kLow},    // Debian urgency: not worth a security update
    {"informational", Rating::kLow},  // RustSec-style informational advisories
    {"info", Rating::kLow},           // npm audit
    {"medium", Rating::kMedium},
    {"moderate", Rating::kMedium},  // GHSA, npm, Red Hat / AlmaLinux / Rocky errata
    {"high", Rating::kHigh},
    {"important", Rating::kHigh},  // Red Hat / AlmaLinux / Rocky errata
    {"critical", Rating::kCritical},
    {"untriaged", Rating::kUnknown},         // Ubuntu: not looked at yet
    {"not yet assigned", Rating::kUnknown},  // Debian urgency
}};

}  // namespace

Rating normalise_severity_label(std::string_view label) noexcept {
  while (!label.empty() && is_space(label.front()))
    label.remove_prefix(1);
  while (!label.empty() && is_space(label.back()))
    label.remove_suffix(1);
  // The Debian tracker marks urgencies set by the security team outside an advisory with "**".
  if (label.ends_with("**")) label.remove_suffix(2);
  for (const auto& [word, rating] : kLabels) {
    if (iequals(label, word)) return rating;
  }
  return Rating::kUnknown;
}

}  // namespace upkeep::severity
