// SPDX-License-Identifier: Apache-2.0
//
// Comparisons per second per scheme, on pairs of real versions written by
// tools/gen/version_pairs.py --kind real (scripts/bench-versions prepares them in
// $UPKEEP_BENCH_DATA/<scheme>.pairs). A scheme without a pairs file is skipped.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "upkeep/version.h"

namespace {

struct Pairs {
  std::vector<std::string> a;
  std::vector<std::string> b;
};

// UPKEEP_BENCH_MAX_PAIRS caps the pairs per scheme (a small set stays in cache; the default
// 200,000 pairs measure what a scan sees: versions that are not in cache).
Pairs load(const std::string& path) {
  Pairs p;
  std::ifstream in(path);
  const char* cap_env = std::getenv("UPKEEP_BENCH_MAX_PAIRS");
  const size_t cap = cap_env != nullptr ? std::strtoull(cap_env, nullptr, 10) : SIZE_MAX;
  for (std::string line; p.a.size() < cap && std::getline(in, line);) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    p.a.push_back(line.substr(0, tab));
    p.b.push_back(line.substr(tab + 1));
  }
  return p;
}

void compare_pairs(benchmark::State& state, const upkeep::version::Scheme* scheme,
                   const Pairs* pairs) {
  size_t i = 0;
  const size_t n = pairs->a.size();
  for (auto _ : state) {
    auto r = scheme->try_compare(pairs->a[i], pairs->b[i]);
    benchmark::DoNotOptimize(r);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

}  // namespace

int main(int argc, char** argv) {
  const char* dir = std::getenv("UPKEEP_BENCH_DATA");
  const std::string data = dir != nullptr ? dir : "build/bench-data";
  std::vector<std::unique_ptr<Pairs>> keep;
  for (const auto& info : upkeep::version::all_schemes()) {
    auto pairs = std::make_unique<Pairs>(load(data + "/" + std::string(info.name) + ".pairs"));
    if (pairs->a.empty()) continue;
    benchmark::RegisterBenchmark(("compare/" + std::string(info.name)).c_str(), compare_pairs,
                                 info.scheme, pairs.get());
    keep.push_back(std::move(pairs));
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
