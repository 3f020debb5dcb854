// SPDX-License-Identifier: Apache-2.0
//
// Store lookups on any database, for bench/scaled.sh: reads "ecosystem<TAB>name" lines, then
// times record_ids_for and records_for over all of them (names normalised as the index keeps
// them), each pass repeated until it has run for at least a second of CPU time.
//   store_lookups DB KEYS_FILE
// Prints: keys, ids found per lookup, then CPU microseconds per lookup for each method.
#include <time.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "upkeep/advisory_store.h"

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// CPU microseconds per call of `lookup` over `keys`, over passes of at least a second in all.
template <typename Lookup>
double per_lookup(const std::vector<std::pair<std::string, std::string>>& keys, Lookup lookup) {
  size_t calls = 0;
  const double start = cpu_seconds();
  double now = start;
  do {
    for (const auto& [eco, name] : keys)
      lookup(eco, name);
    calls += keys.size();
    now = cpu_seconds();
  } while (now - start < 1.0);
  return (now - start) * 1e6 / static_cast<double>(calls);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: store_lookups DB KEYS_FILE\n");
    return 2;
  }
  auto store = upkeep::advisory::Store::open(argv[1]);
  if (!store.is_ok()) {
    std::fprintf(stderr, "%s\n", store.status().message().c_str());
    return 2;
  }
  std::vector<std::pair<std::string, std::string>> keys;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string eco = line.substr(0, tab);
    keys.emplace_back(eco, upkeep::advisory::normalize_package_name(eco, line.substr(tab + 1)));
  }
  if (keys.empty()) {
    std::fprintf(stderr, "%s: no keys\n", argv[2]);
    return 2;
  }
  size_t found = 0;
  for (const auto& [eco, name] : keys) {
    auto ids = (*store)->record_ids_for(eco, name);
    if (!ids.is_ok()) {
      std::fprintf(stderr, "%s\n", ids.status().message().c_str());
      return 1;
    }
    found += ids->size();
  }
  const double ids_us = per_lookup(keys, [&](const std::string& e, const std::string& n) {
    (void)(*store)->record_ids_for(e, n);
  });
  const double records_us = per_lookup(
      keys, [&](const std::string& e, const std::string& n) { (void)(*store)->records_for(e, n); });
  std::printf("%zu %.2f %.1f %.1f\n", keys.size(),
              static_cast<double>(found) / static_cast<double>(keys.size()), ids_us, records_us);
  return 0;
}
