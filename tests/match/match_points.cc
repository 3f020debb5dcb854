// SPDX-License-Identifier: Apache-2.0
//
// upkeep's side of the differential test tests/differential/osv_match_test.py: loads OSV records
// from zip files (all.zip layout), then answers "ECOSYSTEM<TAB>NAME<TAB>VERSION" lines from stdin
// with "AFFECTED<TAB>UNKNOWN" lines: the ids (comma-separated, sorted) of the records that affect
// that version, and of those whose verdict is unknown.
//
//   match_points ZIP... < points > answers
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "support/zip_entries.h"
#include "upkeep/advisory.h"
#include "upkeep/matcher.h"

int main(int argc, char** argv) {
  using namespace upkeep;
  match::MemoryIndex index;
  size_t broken = 0;
  for (int i = 1; i < argc; ++i) {
    std::string error;
    auto entries = testing::read_zip_entries(argv[i], &error);
    if (entries.empty()) {
      std::fprintf(stderr, "match_points: %s\n", error.empty() ? argv[i] : error.c_str());
      return 2;
    }
    for (auto& e : entries) {
      auto parsed = advisory::parse_osv_record(e.data);
      if (!parsed.is_ok()) {
        ++broken;
        continue;
      }
      index.add(std::move(parsed->record));
    }
  }
  std::fprintf(stderr, "match_points: %zu records (%zu unreadable)\n", index.size(), broken);
  match::Matcher matcher(index);
  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      out += "!\t!\n";
      continue;
    }
    std::vector<match::UnknownVerdict> unknowns;
    auto ids = matcher.affecting(line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1),
                                 line.substr(t2 + 1), &unknowns);
    if (!ids.is_ok()) {
      std::fprintf(stderr, "match_points: %s\n", ids.status().to_string().c_str());
      return 1;
    }
    for (size_t i = 0; i < ids->size(); ++i) {
      if (i) out += ',';
      out += (*ids)[i];
    }
    out += '\t';
    std::vector<std::string> u;
    for (const auto& x : unknowns)
      u.push_back(x.record);
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());
    for (size_t i = 0; i < u.size(); ++i) {
      if (i) out += ',';
      out += u[i];
    }
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
