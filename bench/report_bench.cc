// SPDX-License-Identifier: Apache-2.0
//
// The inventory reports at host scale and beyond: each format rendered for N Debian packages
// (every one with a purl, a source package and an architecture) and for N npm packages with a
// dependency graph (each depends on the next two), N in 2,000 and 50,000. Reported per component.
#include <benchmark/benchmark.h>

#include <string>

#include "upkeep/inventory.h"
#include "upkeep/purl.h"
#include "upkeep/report.h"

namespace {

using upkeep::inventory::Component;
using upkeep::inventory::Inventory;

Inventory host(size_t n) {
  Inventory inv;
  upkeep::inventory::TargetInfo t;
  t.spec = "/";
  t.kind = "host";
  upkeep::inventory::OsRelease os;
  os.id = "debian";
  os.version_id = "12";
  t.os = os;
  inv.targets.push_back(t);
  for (size_t i = 0; i < n; ++i) {
    Component c;
    c.ecosystem = "Debian:12";
    c.name = "package-" + std::to_string(i);
    c.version = "1." + std::to_string(i % 97) + "-" + std::to_string(i % 5) + "+deb12u1";
    c.arch = i % 9 == 0 ? "all" : "amd64";
    c.source_name = "source-" + std::to_string(i / 3);
    c.source_version = c.version;
    upkeep::purl::Purl p{"deb", "debian", c.name, c.version, {}, ""};
    p.set_qualifier("arch", c.arch);
    p.set_qualifier("distro", "debian-12");
    c.purl = upkeep::purl::to_string(p);
    c.location = "/var/lib/dpkg/status";
    c.extractor = "dpkg-status";
    inv.components.push_back(std::move(c));
  }
  upkeep::inventory::sort_components(inv.components);
  return inv;
}

Inventory npm(size_t n) {
  Inventory inv;
  inv.targets.push_back({"package-lock.json", "file", std::nullopt, {}, "", ""});
  for (size_t i = 0; i < n; ++i) {
    Component c;
    c.ecosystem = "npm";
    c.name =
        (i % 4 == 0 ? "@scope" + std::to_string(i % 13) + "/" : "") + "pkg-" + std::to_string(i);
    c.version = "1.0." + std::to_string(i);
    c.purl = "pkg:npm/" + c.name + "@" + c.version;
    c.location = "package-lock.json";
    c.extractor = "package-lock.json";
    c.relationship = i < 20 ? upkeep::inventory::Relationship::kDirect
                            : upkeep::inventory::Relationship::kTransitive;
    c.scope = upkeep::inventory::Scope::kRuntime;
    c.licenses = {i % 3 ? "MIT" : "(MIT OR Apache-2.0)"};
    for (size_t d = i + 1; d < std::min(n, i + 3); ++d)
      c.dependencies.push_back((d % 4 == 0 ? "@scope" + std::to_string(d % 13) + "/" : "") +
                               "pkg-" + std::to_string(d));
    inv.components.push_back(std::move(c));
  }
  upkeep::inventory::sort_components(inv.components);
  return inv;
}

void render(benchmark::State& state, const Inventory& inv, upkeep::report::InventoryFormat format) {
  upkeep::report::ReportOptions options;
  options.tool_version = "0.1.0";
  options.timestamp = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string out = upkeep::report::render_inventory(inv, format, options);
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(inv.components.size()));
  state.counters["bytes"] = static_cast<double>(bytes);
}

template <Inventory (*Make)(size_t), upkeep::report::InventoryFormat F>
void bm(benchmark::State& state) {
  static const Inventory small = Make(2000), large = Make(50000);
  render(state, state.range(0) == 2000 ? small : large, F);
}

using F = upkeep::report::InventoryFormat;
BENCHMARK(bm<host, F::kTable>)
    ->Name("host/table")
    ->Arg(2000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm<host, F::kJson>)
    ->Name("host/json")
    ->Arg(2000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm<host, F::kCycloneDx>)
    ->Name("host/cyclonedx")
    ->Arg(2000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm<host, F::kSpdx>)
    ->Name("host/spdx")
    ->Arg(2000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm<npm, F::kCycloneDx>)
    ->Name("npm/cyclonedx")
    ->Arg(2000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm<npm, F::kSpdx>)
    ->Name("npm/spdx")
    ->Arg(2000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
