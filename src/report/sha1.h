// SPDX-License-Identifier: Apache-2.0
//
// SHA-1 (FIPS 180-4), for name-based UUIDs (RFC 9562 version 5) only: the identifiers of SBOM
// documents and elements are derived from their content so the same inventory gives the same
// document. Not for anything that needs collision resistance against an adversary.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace upkeep::report::detail {

class Sha1 {
 public:
  Sha1();
  void update(std::string_view data);
  // The digest; the object must not be updated afterwards.
  std::array<uint8_t, 20> finish();

 private:
  void block(const uint8_t* p);

  std::array<uint32_t, 5> h_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes
};

// Lower-case hex of the SHA-1 of `data`.
std::string sha1_hex(std::string_view data);

// RFC 9562 version-5 UUID of `name` in the namespace `ns` (16 bytes), as
// "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx".
std::string uuid_v5(const std::array<uint8_t, 16>& ns, std::string_view name);

}  // namespace upkeep::report::detail
