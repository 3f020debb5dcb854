// SPDX-License-Identifier: Apache-2.0
//
// The compare path allocates nothing: every scheme's try_compare() and is_valid() run over all its
// fixture versions (valid and invalid, fast path and precise path) with operator new counting.
// This binary replaces the global allocation functions, so it is kept apart from other tests.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "support/version_cases.h"
#include "upkeep/version.h"

namespace {
std::atomic<long> g_allocations{0};  // test instrumentation only
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace upkeep::version {
namespace {

TEST(NoAllocation, TryCompareAndIsValidAllocateNothing) {
  for (const auto& info : all_schemes()) {
    auto cases = upkeep::testing::load_version_cases(upkeep::testing::version_fixture_dir() + "/" +
                                                     std::string(info.name) + ".txt");
    ASSERT_TRUE(cases.is_ok()) << cases.status().to_string();
    std::vector<std::string> versions;
    for (const auto& c : *cases) {
      versions.push_back(c.a);
      if (c.op != '!') versions.push_back(c.b);
    }
    const long before = g_allocations.load();
    size_t answered = 0;
    for (size_t i = 0; i < versions.size(); ++i) {
      const auto& a = versions[i];
      const auto& b = versions[(i * 7 + 3) % versions.size()];
      answered += info.scheme->try_compare(a, b).has_value() ? 1 : 0;
      answered += info.scheme->is_valid(a) ? 1 : 0;
    }
    EXPECT_EQ(g_allocations.load() - before, 0) << info.name << " allocated on the compare path";
    EXPECT_GT(answered, 0u) << info.name;
  }
}

}  // namespace
}  // namespace upkeep::version
