// SPDX-License-Identifier: Apache-2.0
//
// Warnings about one file with a cap: the first ones are reported as they come, the rest only
// counted, in one closing warning. A broken file can have a problem on every line, and 100,000
// copies of the same warning help no one (nor the memory of whoever reads the report).
// Internal to the inventory library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "upkeep/inventory.h"

namespace upkeep::inventory {

class CappedWarnings {
 public:
  static constexpr size_t kDefaultMax = 20;

  explicit CappedWarnings(ExtractContext& ctx, size_t max = kDefaultMax) : ctx_(ctx), max_(max) {}
  CappedWarnings(const CappedWarnings&) = delete;
  CappedWarnings& operator=(const CappedWarnings&) = delete;
  // Reports how many were left out, if any.
  ~CappedWarnings() {
    if (count_ > max_) {
      ctx_.warn(std::to_string(count_ - max_) + " more problems in this file were not listed");
    }
  }

  void warn(std::string message, uint64_t line = 0, uint64_t column = 0) {
    if (++count_ <= max_) ctx_.warn(std::move(message), line, column);
  }
  void warn_at_offset(std::string message, uint64_t offset) {
    if (++count_ <= max_) ctx_.warn_at_offset(std::move(message), offset);
  }
  void warn_in(std::string_view file, std::string message, uint64_t line = 0, uint64_t column = 0) {
    if (++count_ <= max_) ctx_.warn_in(file, std::move(message), line, column);
  }
  size_t count() const { return count_; }

 private:
  ExtractContext& ctx_;
  size_t max_;
  size_t count_ = 0;
};

}  // namespace upkeep::inventory
