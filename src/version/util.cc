// SPDX-License-Identifier: Apache-2.0
#include "version/util.h"

#include <string>

namespace upkeep::version::detail {

Status invalid_version(std::string_view scheme, std::string_view version, std::string_view what) {
  static constexpr char kHex[] = "0123456789abcdef";
  constexpr size_t kMaxQuoted = 120;  // keep messages readable for huge inputs
  std::string msg = "invalid ";
  msg += scheme;
  msg += " version \"";
  size_t n = 0;
  for (char c : version) {
    if (++n > kMaxQuoted) {
      msg += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      msg += "\\x";
      msg += kHex[u >> 4];
      msg += kHex[u & 0xf];
    } else {
      msg += c;
    }
  }
  msg += "\": ";
  msg += what;
  return Status::invalid_argument(std::move(msg));
}

}  // namespace upkeep::version::detail
