// SPDX-License-Identifier: Apache-2.0
//
// Test helper for the differential test (tests/differential/cvss_reference_test.py): reads one
// vector per line on stdin and prints, per line,
//   <vector> TAB <base> TAB <temporal|-> TAB <environmental|-> TAB <full|-> TAB <rating>
// with scores as "%.1f", or "<vector> TAB ! TAB <error>" when the vector is refused.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "upkeep/severity.h"

namespace {

std::string format(std::optional<double> v) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *v);
  return buf;
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto r = upkeep::severity::parse_cvss(line);
    if (!r) {
      std::cout << line << "\t!\t" << r.status().message() << '\n';
      continue;
    }
    std::cout << line << '\t' << format(r->base) << '\t' << format(r->temporal) << '\t'
              << format(r->environmental) << '\t' << format(r->full) << '\t'
              << upkeep::severity::rating_name(r->rating) << '\n';
  }
  return 0;
}
