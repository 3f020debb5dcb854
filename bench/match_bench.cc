// SPDX-License-Identifier: Apache-2.0
//
// Matching throughput on the real OSV records of ../shared/data/osv (or $UPKEEP_SHARED_DATA):
// evaluate() per (affected entry, version), and Matcher::affecting() per package version (index
// lookup, record copies out of the MemoryIndex, evaluation). Skipped without the data.
#include <archive.h>
#include <archive_entry.h>
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/matcher.h"

namespace {

using upkeep::advisory::Record;

std::vector<Record> load(const std::string& zip) {
  std::vector<Record> out;
  const char* env = std::getenv("UPKEEP_SHARED_DATA");
  const std::string path = std::string(env ? env : "../shared/data") + "/osv/" + zip;
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) return out;
  archive_entry* e = nullptr;
  std::string data;
  while (archive_read_next_header(a.get(), &e) == ARCHIVE_OK) {
    data.clear();
    char buf[1 << 16];
    for (la_ssize_t n; (n = archive_read_data(a.get(), buf, sizeof buf)) > 0;)
      data.append(buf, static_cast<size_t>(n));
    auto parsed = upkeep::advisory::parse_osv_record(data);
    if (parsed.is_ok()) out.push_back(std::move(parsed->record));
  }
  return out;
}

// (entry, version) pairs: each entry with each of its event versions.
struct Points {
  std::vector<Record> records;
  std::vector<std::pair<const upkeep::advisory::Affected*, std::string>> points;
};

const Points& points_of(const std::string& zip) {
  static auto* cache = new std::vector<std::pair<std::string, std::unique_ptr<Points>>>();
  for (auto& [name, p] : *cache) {
    if (name == zip) return *p;
  }
  auto p = std::make_unique<Points>();
  p->records = load(zip);
  for (const Record& r : p->records) {
    for (const auto& a : r.affected) {
      for (const auto& g : a.ranges) {
        for (const auto& ev : g.events) {
          if (ev.version != "0") p->points.emplace_back(&a, ev.version);
        }
      }
    }
  }
  cache->emplace_back(zip, std::move(p));
  return *cache->back().second;
}

void BM_Evaluate(benchmark::State& state, const std::string& zip) {
  const Points& p = points_of(zip);
  if (p.points.empty()) {
    state.SkipWithError(("no data: " + zip).c_str());
    return;
  }
  size_t i = 0, affected = 0;
  for (auto _ : state) {
    const auto& [a, v] = p.points[i++ % p.points.size()];
    affected += upkeep::match::evaluate(*a, v).affected();
  }
  benchmark::DoNotOptimize(affected);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_Affecting(benchmark::State& state, const std::string& zip) {
  const Points& p = points_of(zip);
  if (p.points.empty()) {
    state.SkipWithError(("no data: " + zip).c_str());
    return;
  }
  upkeep::match::MemoryIndex index;
  for (const Record& r : p.records)
    index.add(r);
  upkeep::match::Matcher matcher(index);
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const auto& [a, v] = p.points[(i++ * 7919) % p.points.size()];
    auto ids = matcher.affecting(a->ecosystem, a->name, v);
    found += ids.is_ok() ? ids->size() : 0;
  }
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

BENCHMARK_CAPTURE(BM_Evaluate, PyPI, std::string("PyPI.zip"));
BENCHMARK_CAPTURE(BM_Evaluate, Go, std::string("Go.zip"));
BENCHMARK_CAPTURE(BM_Evaluate, AlmaLinux, std::string("AlmaLinux.zip"));
BENCHMARK_CAPTURE(BM_Evaluate, Bitnami, std::string("Bitnami.zip"));
BENCHMARK_CAPTURE(BM_Affecting, PyPI, std::string("PyPI.zip"));
BENCHMARK_CAPTURE(BM_Affecting, Go, std::string("Go.zip"));
BENCHMARK_CAPTURE(BM_Affecting, AlmaLinux, std::string("AlmaLinux.zip"));

}  // namespace

BENCHMARK_MAIN();
