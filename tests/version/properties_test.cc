// SPDX-License-Identifier: Apache-2.0
//
// Order laws for every scheme over versions drawn from its fixture file and random mutations of
// them: reflexive, antisymmetric, transitive, and consistent with validity.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/version_cases.h"
#include "upkeep/version.h"

namespace upkeep::version {
namespace {

using upkeep::testing::load_version_cases;
using upkeep::testing::version_fixture_dir;

// Small random edits in the alphabet versions are made of.
std::string mutate(const std::string& v, std::mt19937_64& rng) {
  static constexpr std::string_view kAlphabet = "0123456789abcxyzABC.-+~_^:";
  std::string out = v;
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < edits; ++i) {
    const size_t pos = out.empty() ? 0 : rng() % (out.size() + 1);
    const char c = kAlphabet[rng() % kAlphabet.size()];
    switch (rng() % 4) {
      case 0:
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(pos), c);
        break;
      case 1:
        if (pos < out.size()) out.erase(pos, 1);
        break;
      case 2:
        if (pos < out.size()) out[pos] = c;
        break;
      default:
        out.insert(pos, std::string(1 + rng() % 3, static_cast<char>('0' + rng() % 10)));
        break;
    }
  }
  return out;
}

// Schemes whose reference tool is not a total order; upkeep reproduces the tool, so for these only
// reflexivity, antisymmetry and the transitivity of equality are checked (and nothing is sorted:
// std::sort needs a strict weak order). maven: ComparableVersion puts a sub-list above a qualifier
// but "nothing" between them, so 31.1-jre > 31.1 > 31.1-0.alpha > 31.1-jre (see maven_test.cc).
bool is_total_order(std::string_view scheme) {
  return scheme != "maven";
}

std::vector<std::string> scheme_names() {
  std::vector<std::string> names;
  for (const auto& info : all_schemes())
    names.emplace_back(info.name);
  return names;
}

class SchemePropertyTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SchemePropertyTest, OrderLawsHold) {
  const Scheme* found = find_scheme(GetParam());
  ASSERT_NE(found, nullptr);
  const Scheme& scheme = *found;
  const std::string_view name = GetParam();
  auto cases = load_version_cases(version_fixture_dir() + "/" + std::string(name) + ".txt");
  ASSERT_TRUE(cases.is_ok()) << cases.status().to_string();

  std::mt19937_64 rng(20261126);
  std::set<std::string> seen;
  for (const auto& c : *cases) {
    if (c.op == '!') continue;
    seen.insert(c.a);
    seen.insert(c.b);
  }
  std::vector<std::string> seeds(seen.begin(), seen.end());
  std::vector<std::string> pool;
  for (const auto& s : seeds) {
    pool.push_back(s);
    for (int k = 0; k < 6; ++k) {
      std::string m = mutate(s, rng);
      const bool valid = scheme.is_valid(m);
      EXPECT_EQ(valid, scheme.validate(m).is_ok()) << "validity disagrees for \"" << m << "\"";
      if (valid) pool.push_back(std::move(m));
    }
  }
  ASSERT_GE(pool.size(), 20u);

  auto cmp = [&](const std::string& a, const std::string& b) {
    auto r = scheme.try_compare(a, b);
    EXPECT_TRUE(r.has_value()) << a << " vs " << b;
    const auto o = r.value_or(std::strong_ordering::equal);
    return o < 0 ? -1 : (o > 0 ? 1 : 0);
  };
  for (int iter = 0; iter < 20000; ++iter) {
    const auto& a = pool[rng() % pool.size()];
    const auto& b = pool[rng() % pool.size()];
    const auto& c = pool[rng() % pool.size()];
    const auto ab = cmp(a, b);
    const auto ba = cmp(b, a);
    ASSERT_EQ(ab<0, ba> 0) << "antisymmetry: " << a << " / " << b;
    ASSERT_EQ(ab == 0, ba == 0) << "antisymmetry: " << a << " / " << b;
    ASSERT_EQ(cmp(a, a), 0) << a;
    const auto bc = cmp(b, c);
    const auto ac = cmp(a, c);
    if (is_total_order(name) && ab <= 0 && bc <= 0) {
      ASSERT_LE(ac, 0) << "transitivity: " << a << " <= " << b << " <= " << c;
    }
    if (ab == 0 && bc == 0) {
      ASSERT_EQ(ac, 0) << "equality: " << a << " = " << b << " = " << c;
    }
  }

  // Sorting the pool must give a consistent total order.
  if (!is_total_order(name)) return;
  std::vector<std::string> sorted = pool;
  std::sort(sorted.begin(), sorted.end(),
            [&](const auto& x, const auto& y) { return cmp(x, y) < 0; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    ASSERT_LE(cmp(sorted[i - 1], sorted[i]), 0) << sorted[i - 1] << " / " << sorted[i];
  }
}

INSTANTIATE_TEST_SUITE_P(AllSchemes, SchemePropertyTest, ::testing::ValuesIn(scheme_names()),
                         [](const auto& param) { return param.param; });

}  // namespace
}  // namespace upkeep::version
