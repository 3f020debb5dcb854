// SPDX-License-Identifier: Apache-2.0
//
// Differential fuzzing of the deb scheme against libdpkg itself: for any input, upkeep's answer
// equals dpkg's parseversion() + dpkg_version_compare(), or both call the version invalid.
// The one documented difference: upkeep rejects control and non-ASCII bytes, which dpkg's
// strtol()-based epoch parsing can skip.
#define LIBDPKG_VOLATILE_API 1
#include <dpkg/dpkg-db.h>
#include <dpkg/dpkg.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "upkeep/version.h"

namespace {

bool dpkg_parse(const std::string& s, dpkg_version* v) {
  if (s.empty()) return false;
  dpkg_error err{};
  if (parseversion(v, s.c_str(), &err) < 0) {
    dpkg_error_destroy(&err);
    return false;
  }
  return true;
}

bool strict_reject(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t tab = in.find('\t');
  if (tab == std::string_view::npos) return 0;
  const std::string a(in.substr(0, tab));
  const std::string b(in.substr(tab + 1));
  if (a.find('\0') != std::string::npos || b.find('\0') != std::string::npos) return 0;
  if (a.find('\t') != std::string::npos || b.find('\t') != std::string::npos) return 0;

  static const upkeep::version::Scheme* deb = upkeep::version::find_scheme("deb");
  const auto ours = deb->try_compare(a, b);
  dpkg_version va{};
  dpkg_version vb{};
  const bool theirs_valid =
      !strict_reject(a) && !strict_reject(b) && dpkg_parse(a, &va) && dpkg_parse(b, &vb);
  if (ours.has_value() != theirs_valid) std::abort();
  if (ours) {
    const int c = dpkg_version_compare(&va, &vb);
    const int o = std::is_lt(*ours) ? -1 : (std::is_gt(*ours) ? 1 : 0);
    if ((c > 0) - (c < 0) != o) std::abort();
  }
  return 0;
}
