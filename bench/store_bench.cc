// SPDX-License-Identifier: Apache-2.0
//
// Store lookups as `query` and `scan` make them: record ids for (ecosystem, name) and whole
// records, on a database imported from ../shared/data/osv (PyPI, Go, crates.io), asked for every
// package name the records mention plus as many names that have no record. Reported per lookup.
//   UPKEEP_SHARED_DATA=/work/shared/data build/release/bench/store_bench
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "upkeep/advisory_store.h"

namespace {

using upkeep::advisory::Store;

struct Fixture {
  std::string dir;
  std::unique_ptr<Store> store;
  std::vector<std::pair<std::string, std::string>> keys;  // (ecosystem, normalised name)

  Fixture() {
    const char* env = std::getenv("UPKEEP_SHARED_DATA");
    const std::string data = env != nullptr ? env : "../shared/data";
    std::string pattern = (std::filesystem::temp_directory_path() / "upkeep-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir = pattern;
    const std::string db = dir + "/adv.db";
    std::vector<std::string> files;
    for (const char* z : {"PyPI.zip", "Go.zip", "crates.io.zip"})
      files.push_back(data + "/osv/" + z);
    if (!upkeep::advisory::import_files(db, files).is_ok()) return;
    auto opened = Store::open(db);
    if (!opened.is_ok()) return;
    store = std::move(opened).value();
    // Popular names with many records, a few with none.
    for (const char* eco : {"PyPI", "Go", "crates.io"}) {
      for (const char* name :
           {"django", "requests", "flask", "pillow", "jinja2", "urllib3", "stdlib",
            "golang.org/x/net", "golang.org/x/crypto", "github.com/gin-gonic/gin", "smallvec",
            "tokio", "hyper", "regex", "no-such-package", "another-missing-one"}) {
        keys.emplace_back(eco, upkeep::advisory::normalize_package_name(eco, name));
      }
    }
  }
  ~Fixture() {
    store.reset();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

Fixture& fixture() {
  static Fixture f;  // built once, on first use by a benchmark
  return f;
}

void BM_RecordIdsFor(benchmark::State& state) {
  Fixture& f = fixture();
  if (!f.store) {
    state.SkipWithError("no shared data");
    return;
  }
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const auto& [eco, name] = f.keys[i++ % f.keys.size()];
    auto ids = f.store->record_ids_for(eco, name);
    found += ids->size();
    benchmark::DoNotOptimize(ids);
  }
  state.counters["ids_per_lookup"] =
      static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RecordIdsFor);

void BM_RecordsFor(benchmark::State& state) {
  Fixture& f = fixture();
  if (!f.store) {
    state.SkipWithError("no shared data");
    return;
  }
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const auto& [eco, name] = f.keys[i++ % f.keys.size()];
    auto records = f.store->records_for(eco, name);
    found += records->size();
    benchmark::DoNotOptimize(records);
  }
  state.counters["records_per_lookup"] =
      static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RecordsFor);

}  // namespace

BENCHMARK_MAIN();
