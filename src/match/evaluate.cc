// SPDX-License-Identifier: Apache-2.0
//
// OSV range evaluation, as the schema's pseudo-code says
// (https://ossf.github.io/osv-schema/#evaluation): events sorted by version, walked in order;
// limits bound the range; ranges are a union with the `versions` list. The one departure is
// deliberate: what the pseudo-code leaves undefined (a version the scheme rejects) is a kUnknown
// verdict here, never a string comparison.
#include <algorithm>
#include <array>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/matcher.h"
#include "upkeep/version.h"

namespace upkeep::match {
namespace {

using advisory::Affected;
using advisory::Event;
using advisory::Range;

bool is_zero_introduced(const Event& e) {
  return e.kind == Event::Kind::kIntroduced && e.version == "0";
}
bool is_unbounded_limit(const Event& e) {
  return e.kind == Event::Kind::kLimit && e.version == "*";
}

// Events sorted by version: a small buffer of pointers, on the stack for the usual few events.
class SortedEvents {
 public:
  static constexpr size_t kInline = 16;

  const Event* const* begin() const { return data(); }
  const Event* const* end() const { return data() + size_; }

  void assign(const std::vector<Event>& events) {
    size_ = events.size();
    if (size_ > kInline) heap_.resize(size_);
    const Event** out = data();
    for (size_t i = 0; i < size_; ++i)
      out[i] = &events[i];
  }
  const Event** data() { return size_ > kInline ? heap_.data() : inline_.data(); }
  const Event* const* data() const { return size_ > kInline ? heap_.data() : inline_.data(); }
  size_t size() const { return size_; }

 private:
  std::array<const Event*, kInline> inline_{};
  std::vector<const Event*> heap_;
  size_t size_ = 0;
};

enum class RangeOutcome { kOut, kIn, kUnknown };

// One range. REQUIRES: a non-GIT range and its scheme.
RangeOutcome evaluate_range(const version::Scheme& scheme, const Range& range,
                            std::string_view version, std::string* reason) {
  // Every event version must be valid before any comparison: sorting with an invalid member
  // would give an order that means nothing.
  bool has_limit = false;
  for (const Event& e : range.events) {
    if (e.kind == Event::Kind::kLimit) has_limit = true;
    if (is_zero_introduced(e) || is_unbounded_limit(e)) continue;
    if (!scheme.is_valid(e.version)) {
      if (reason) {
        *reason = "event version \"" + e.version +
                  "\" is not valid: " + scheme.validate(e.version).message();
      }
      return RangeOutcome::kUnknown;
    }
  }

  if (has_limit) {
    // BeforeLimits: below at least one limit ("*": no limit).
    bool before = false;
    for (const Event& e : range.events) {
      if (e.kind != Event::Kind::kLimit) continue;
      if (is_unbounded_limit(e) ||
          scheme.try_compare(version, e.version) == std::strong_ordering::less) {
        before = true;
        break;
      }
    }
    if (!before) return RangeOutcome::kOut;
  }

  SortedEvents sorted;
  sorted.assign(range.events);
  // "0" sorts first; equal versions keep the record's order (stable).
  // Ranks: introduced "0" below everything, the "*" limit above, the rest by version.
  auto rank = [](const Event& e) {
    return is_zero_introduced(e) ? 0 : is_unbounded_limit(e) ? 2 : 1;
  };
  std::stable_sort(
      sorted.data(), sorted.data() + sorted.size(), [&](const Event* a, const Event* b) {
        const int ra = rank(*a);
        const int rb = rank(*b);
        if (ra != rb || ra != 1) return ra < rb;
        return scheme.try_compare(a->version, b->version) == std::strong_ordering::less;
      });

  bool vulnerable = false;
  for (const Event* e : sorted) {
    switch (e->kind) {
      case Event::Kind::kIntroduced:
        if (is_zero_introduced(*e) ||
            scheme.try_compare(version, e->version) != std::strong_ordering::less) {
          vulnerable = true;
        }
        break;
      case Event::Kind::kFixed:
        if (scheme.try_compare(version, e->version) != std::strong_ordering::less) {
          vulnerable = false;
        }
        break;
      case Event::Kind::kLastAffected:
        if (scheme.try_compare(version, e->version) == std::strong_ordering::greater) {
          vulnerable = false;
        }
        break;
      case Event::Kind::kLimit:
        break;
    }
  }
  return vulnerable ? RangeOutcome::kIn : RangeOutcome::kOut;
}

bool is_semver_ecosystem(std::string_view base) {
  return base == "Go" || base == "npm" || base == "crates.io";
}

}  // namespace

std::string_view verdict_name(Verdict::Kind kind) {
  switch (kind) {
    case Verdict::Kind::kNotAffected:
      return "not_affected";
    case Verdict::Kind::kAffected:
      return "affected";
    case Verdict::Kind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const version::Scheme* scheme_for_range(std::string_view ecosystem, Range::Type type) {
  switch (type) {
    case Range::Type::kGit:
      return nullptr;
    case Range::Type::kEcosystem:
      return version::find_scheme(ecosystem);
    case Range::Type::kSemver: {
      const std::string_view base = advisory::base_ecosystem(ecosystem);
      if (is_semver_ecosystem(base)) return version::find_scheme(base);
      // SemVer 2.0.0 as node's semver implements it: the one general semver reference here.
      return version::find_scheme("npm");
    }
  }
  return nullptr;
}

Verdict evaluate(const Affected& affected, std::string_view version) {
  // IncludedInVersions: the versions as written (the pseudo-code's `v == version`).
  for (const std::string& listed : affected.versions) {
    if (listed == version) return {Verdict::Kind::kAffected, {}};
  }
  std::string unknown_reason;
  bool unknown = false;
  for (const Range& range : affected.ranges) {
    if (range.type == Range::Type::kGit) continue;
    const version::Scheme* scheme = scheme_for_range(affected.ecosystem, range.type);
    if (scheme == nullptr) {
      if (!unknown) {
        unknown = true;
        unknown_reason = "no version rules for ecosystem \"" + affected.ecosystem + "\"";
      }
      continue;
    }
    if (!scheme->is_valid(version)) {
      if (!unknown) {
        unknown = true;
        unknown_reason = "version \"" + std::string(version) + "\" is not valid for " +
                         affected.ecosystem + ": " + scheme->validate(version).message();
      }
      continue;
    }
    std::string reason;
    switch (evaluate_range(*scheme, range, version, unknown ? nullptr : &reason)) {
      case RangeOutcome::kIn:
        return {Verdict::Kind::kAffected, {}};
      case RangeOutcome::kUnknown:
        if (!unknown) {
          unknown = true;
          unknown_reason = std::move(reason);
        }
        break;
      case RangeOutcome::kOut:
        break;
    }
  }
  if (unknown) return {Verdict::Kind::kUnknown, std::move(unknown_reason)};
  return {Verdict::Kind::kNotAffected, {}};
}

std::optional<std::string> fixed_version_above(const Affected& affected, std::string_view version) {
  // Fixes of the ranges that contain the version; when none does (the version is affected
  // through the `versions` list only), the fixes of every range.
  const version::Scheme* best_scheme = nullptr;
  const std::string* best = nullptr;
  for (int pass = 0; pass < 2 && best == nullptr; ++pass) {
    for (const Range& range : affected.ranges) {
      if (range.type == Range::Type::kGit) continue;
      const version::Scheme* scheme = scheme_for_range(affected.ecosystem, range.type);
      if (scheme == nullptr || !scheme->is_valid(version)) continue;
      if (pass == 0 && evaluate_range(*scheme, range, version, nullptr) != RangeOutcome::kIn) {
        continue;
      }
      for (const Event& e : range.events) {
        if (e.kind != Event::Kind::kFixed) continue;
        if (scheme->try_compare(e.version, version) != std::strong_ordering::greater) continue;
        if (best != nullptr) {
          // Ranges of one entry share a scheme unless SEMVER and ECOSYSTEM ranges are mixed.
          if (best_scheme != scheme) continue;
          if (scheme->try_compare(e.version, *best) != std::strong_ordering::less) continue;
        }
        best = &e.version;
        best_scheme = scheme;
      }
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace upkeep::match
