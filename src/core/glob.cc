// SPDX-License-Identifier: Apache-2.0
#include "upkeep/glob.h"

namespace upkeep {

bool glob_match(std::string_view p, std::string_view t) {
  // One backtrack point (the last '*' seen) is enough for '*'-only globs: a later '*' can absorb
  // whatever an earlier one would have, so earlier choices never need revisiting.
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (pi < p.size() && p[pi] == t[ti]) {
      ++pi;
      ++ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*')
    ++pi;
  return pi == p.size();
}

}  // namespace upkeep
