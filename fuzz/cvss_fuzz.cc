// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the CVSS vector parser and calculator (seeds: tests/fixtures/fuzz/
// cvss_fuzz/, the fixture vectors). Beyond "no crash, no sanitizer report" it checks the
// contract: every accepted vector scores within [0, 10] with one decimal, its rating is the
// rating of its base score, and its canonical form parses to the same scores.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "upkeep/severity.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_score(double v) {
  check(v >= 0.0 && v <= 10.0);
  check(std::fabs(v * 10 - std::round(v * 10)) < 1e-6);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace upkeep::severity;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto r = parse_cvss(in);
  (void)normalise_severity_label(in);
  if (!r) {
    check(!r.status().message().empty());
    return 0;
  }
  check_score(r->base);
  if (r->temporal) check_score(*r->temporal);
  if (r->environmental) check_score(*r->environmental);
  if (r->full) check_score(*r->full);
  check(r->rating == rating_of(r->base));
  const auto again = parse_cvss(r->canonical);
  check(again.is_ok());
  check(again->base == r->base && again->overall() == r->overall());
  return 0;
}
