// SPDX-License-Identifier: Apache-2.0
//
// The query path: purls mapped to lookups, and records prepared once so that each
// (package, version) costs a few version comparisons and integer ones.
//
// The evaluation below is evaluate.cc's, step for step, on prepared data. What is computed once
// instead of per call is what does not depend on the asked version:
//   - per record (by id, shared by every package it names): the scheme of each range, the
//     validity of its event versions, its events sorted as evaluate.cc sorts them;
//   - per package: for each scheme whose order is total (all but maven, see
//     tests/version/properties_test.cc), the distinct event and limit versions of the package's
//     ranges sorted once, each event replaced by its rank. An asked version is then placed among
//     them by binary search (key 2i+1 for a version equal to the i-th, 2i for one between the
//     (i-1)-th and the i-th), and every comparison with an event is a comparison of keys, which
//     gives the scheme's own answer because the order is total. Maven ranges compare strings.
// Results, unknown reasons included, are the same as Matcher::affecting's;
// tests/match/query_test.cc, fuzz/query_fuzz.cc and the differential test check that.
#include "upkeep/query.h"

#include <algorithm>
#include <array>
#include <barrier>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/advisory_store.h"
#include "upkeep/inventory.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"
#include "upkeep/version.h"

namespace upkeep::match {
namespace {

using advisory::Affected;
using advisory::Event;
using advisory::Range;

// ---------------------------------------------------------------------------------------------
// Purls

bool is_distribution_type(std::string_view type) {
  return type == "deb" || type == "apk" || type == "rpm";
}

// Distribution ecosystems that OSV uses without a release ("Wolfi"); every other distribution
// files its advisories per release, so a purl that names none would silently match nothing.
bool release_optional(std::string_view ecosystem) {
  return ecosystem == "Wolfi" || ecosystem == "Chainguard";
}

// ---------------------------------------------------------------------------------------------
// Records prepared once (shared by the packages they name)

struct PreparedEvent {
  Event::Kind kind = Event::Kind::kIntroduced;
  bool zero = false;  // introduced "0": below everything
  std::string version;
};

struct PreparedRange {
  // nullptr: no version rules for the ecosystem (every version is kUnknown for this range).
  const version::Scheme* scheme = nullptr;
  // Set when an event version is invalid for the scheme: the range is then kUnknown for every
  // valid version, with this reason (evaluate.cc checks the events before anything else).
  std::string invalid_event_reason;
  bool has_limit = false;
  bool unbounded_limit = false;       // a "*" limit: every version is below it
  std::vector<std::string> limits;    // the other limits
  std::vector<PreparedEvent> sorted;  // events by version, stable; limits left out
};

struct PreparedEntry {
  std::string key;                    // ecosystem '\0' normalised name
  std::string ecosystem;              // as the record writes it, for reasons
  std::vector<std::string> versions;  // the `versions` list, sorted and unique
  std::vector<PreparedRange> ranges;  // GIT ranges left out (they say nothing about versions)
};

struct PreparedRecord {
  std::string id;
  bool withdrawn = false;
  std::vector<PreparedEntry> entries;
};

using RecordPtr = std::shared_ptr<const PreparedRecord>;

std::string package_key(std::string_view ecosystem, std::string_view normalized) {
  std::string key;
  key.reserve(ecosystem.size() + 1 + normalized.size());
  key.append(ecosystem);
  key.push_back('\0');
  key.append(normalized);
  return key;
}

bool is_zero_introduced(const Event& e) {
  return e.kind == Event::Kind::kIntroduced && e.version == "0";
}
bool is_unbounded_limit(const Event& e) {
  return e.kind == Event::Kind::kLimit && e.version == "*";
}

PreparedRange prepare_range(const Affected& a, const Range& range) {
  PreparedRange out;
  out.scheme = scheme_for_range(a.ecosystem, range.type);
  if (out.scheme == nullptr) return out;
  const version::Scheme& scheme = *out.scheme;
  for (const Event& e : range.events) {
    if (e.kind == Event::Kind::kLimit) out.has_limit = true;
    if (is_zero_introduced(e) || is_unbounded_limit(e)) continue;
    if (!scheme.is_valid(e.version)) {
      out.invalid_event_reason = "event version \"" + e.version +
                                 "\" is not valid: " + scheme.validate(e.version).message();
      return out;
    }
  }
  for (const Event& e : range.events) {
    if (e.kind != Event::Kind::kLimit) continue;
    if (is_unbounded_limit(e)) {
      out.unbounded_limit = true;
    } else {
      out.limits.push_back(e.version);
    }
  }
  // The order evaluate.cc sorts in: introduced "0" first, the "*" limit last, the rest by
  // version; equal versions keep the record's order.
  std::vector<const Event*> order;
  order.reserve(range.events.size());
  for (const Event& e : range.events)
    order.push_back(&e);
  auto rank = [](const Event& e) {
    return is_zero_introduced(e) ? 0 : is_unbounded_limit(e) ? 2 : 1;
  };
  std::stable_sort(order.begin(), order.end(), [&](const Event* x, const Event* y) {
    const int rx = rank(*x);
    const int ry = rank(*y);
    if (rx != ry || rx != 1) return rx < ry;
    return scheme.try_compare(x->version, y->version) == std::strong_ordering::less;
  });
  for (const Event* e : order) {
    if (e->kind == Event::Kind::kLimit) continue;  // no effect on the walk
    out.sorted.push_back({e->kind, is_zero_introduced(*e), e->version});
  }
  return out;
}

PreparedRecord prepare_record(const advisory::Record& r) {
  PreparedRecord out;
  out.id = r.id;
  out.withdrawn = r.is_withdrawn();
  if (out.withdrawn) return out;  // never evaluated
  out.entries.reserve(r.affected.size());
  for (const Affected& a : r.affected) {
    PreparedEntry entry;
    entry.key = package_key(a.ecosystem, advisory::normalize_package_name(a.ecosystem, a.name));
    entry.ecosystem = a.ecosystem;
    entry.versions = a.versions;
    std::sort(entry.versions.begin(), entry.versions.end());
    entry.versions.erase(std::unique(entry.versions.begin(), entry.versions.end()),
                         entry.versions.end());
    for (const Range& range : a.ranges) {
      if (range.type == Range::Type::kGit) continue;
      entry.ranges.push_back(prepare_range(a, range));
    }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per package: one flat plan (contiguous arrays, so that the records of a package with hundreds
// of advisories are walked without chasing pointers), with the ranks of its event versions

// The distinct versions of one scheme among a package's events and limits, in order.
struct Order {
  const version::Scheme* scheme = nullptr;
  std::vector<std::string_view> versions;  // views into the package's records
  size_t ranges = 0;                       // how many ranges use it
};

// Ranking pays when a lookup would otherwise compare many event versions: below this many
// ranges of one scheme, the package's ranges compare strings (ranking costs a sort of the
// versions and a binary search per event up front).
constexpr size_t kMinRankedRanges = 8;

// Events and limits as keys: the event kind in the top two bits, the key below.
constexpr uint32_t kKeyBits = 30;
constexpr uint32_t kKeyMask = (uint32_t{1} << kKeyBits) - 1;
uint32_t pack(Event::Kind kind, uint32_t key) {
  return (static_cast<uint32_t>(kind) << kKeyBits) | key;
}

struct FlatRange {
  const version::Scheme* scheme = nullptr;  // nullptr: no version rules
  const PreparedRange* range = nullptr;
  int32_t order = -1;  // index into PackagePlan::orders; -1: compare strings (or unknown)
  bool invalid_event = false;
  bool bounded_by_limits = false;             // has limits and none is "*"
  uint32_t events_begin = 0, events_end = 0;  // into PackagePlan::events, in walk order
  uint32_t limits_begin = 0, limits_end = 0;  // into PackagePlan::limits
};

struct FlatEntry {
  const PreparedEntry* entry = nullptr;
  uint32_t listed_begin = 0, listed_end = 0;  // into PackagePlan::listed_ids, sorted
  uint32_t ranges_begin = 0, ranges_end = 0;  // into PackagePlan::ranges
};

struct FlatRecord {
  const std::string* id = nullptr;
  uint32_t entries_begin = 0, entries_end = 0;  // into PackagePlan::entries
};

struct PackagePlan {
  std::vector<RecordPtr> keep;  // owns what the plan points into
  std::vector<FlatRecord> records;
  std::vector<FlatEntry> entries;
  std::vector<FlatRange> ranges;
  std::vector<uint32_t> events;
  std::vector<uint32_t> limits;
  // Every version the entries list, sorted and unique as strings (the lists are compared as
  // written), so that one binary search per lookup serves every entry.
  std::vector<std::string_view> listed;
  std::vector<uint32_t> listed_ids;
  std::vector<Order> orders;
};

// Schemes whose comparison is a total order, so that a version's place among sorted versions
// answers every comparison with them. Maven's ComparableVersion is not (upkeep reproduces its
// cycles: tests/version/maven_test.cc).
bool is_total_order(const version::Scheme* scheme) {
  static const version::Scheme* const kMaven = version::find_scheme("maven");
  return scheme != kMaven;
}

bool less(const version::Scheme& s, std::string_view a, std::string_view b) {
  return s.try_compare(a, b) == std::strong_ordering::less;
}

uint32_t to_u32(size_t n) {
  return static_cast<uint32_t>(n);
}

// Key of a version known to be among the order's (equal to one of them).
uint32_t key_of(const Order& order, std::string_view v) {
  const auto it = std::lower_bound(order.versions.begin(), order.versions.end(), v,
                                   [&](std::string_view element, std::string_view x) {
                                     return less(*order.scheme, element, x);
                                   });
  return to_u32(2 * static_cast<size_t>(it - order.versions.begin()) + 1);
}

PackagePlan make_plan(std::string_view key, std::vector<RecordPtr> records) {
  PackagePlan plan;
  auto order_for = [&](const version::Scheme* scheme) {
    for (size_t i = 0; i < plan.orders.size(); ++i) {
      if (plan.orders[i].scheme == scheme) return static_cast<int32_t>(i);
    }
    plan.orders.push_back({scheme, {}, 0});
    return static_cast<int32_t>(plan.orders.size() - 1);
  };
  // First pass: the structure, and every version each order must rank.
  for (const RecordPtr& r : records) {
    if (r->withdrawn) continue;
    FlatRecord fr;
    fr.id = &r->id;
    fr.entries_begin = to_u32(plan.entries.size());
    for (const PreparedEntry& e : r->entries) {
      if (e.key != key) continue;
      FlatEntry fe;
      fe.entry = &e;
      plan.listed.insert(plan.listed.end(), e.versions.begin(), e.versions.end());
      fe.ranges_begin = to_u32(plan.ranges.size());
      for (const PreparedRange& range : e.ranges) {
        FlatRange f;
        f.scheme = range.scheme;
        f.range = &range;
        f.invalid_event = !range.invalid_event_reason.empty();
        f.bounded_by_limits = range.has_limit && !range.unbounded_limit;
        if (range.scheme != nullptr && !f.invalid_event && is_total_order(range.scheme)) {
          f.order = order_for(range.scheme);
          Order& o = plan.orders[static_cast<size_t>(f.order)];
          ++o.ranges;
          for (const PreparedEvent& ev : range.sorted) {
            if (!ev.zero) o.versions.push_back(ev.version);
          }
          for (const std::string& l : range.limits)
            o.versions.push_back(l);
        }
        plan.ranges.push_back(f);
      }
      fe.ranges_end = to_u32(plan.ranges.size());
      plan.entries.push_back(fe);
    }
    fr.entries_end = to_u32(plan.entries.size());
    // A record the source returned without an entry for the package cannot affect it.
    if (fr.entries_end > fr.entries_begin) plan.records.push_back(fr);
  }
  // Orders with too few ranges to pay are dropped; their ranges compare strings.
  std::vector<int32_t> renumber(plan.orders.size(), -1);
  std::vector<Order> kept;
  for (size_t i = 0; i < plan.orders.size(); ++i) {
    if (plan.orders[i].ranges < kMinRankedRanges) continue;
    renumber[i] = static_cast<int32_t>(kept.size());
    kept.push_back(std::move(plan.orders[i]));
  }
  plan.orders = std::move(kept);
  for (FlatRange& f : plan.ranges) {
    if (f.order >= 0) f.order = renumber[static_cast<size_t>(f.order)];
  }
  for (Order& o : plan.orders) {
    const version::Scheme& s = *o.scheme;
    std::stable_sort(o.versions.begin(), o.versions.end(),
                     [&](std::string_view a, std::string_view b) { return less(s, a, b); });
    o.versions.erase(std::unique(o.versions.begin(), o.versions.end(),
                                 [&](std::string_view a, std::string_view b) {
                                   return s.try_compare(a, b) == std::strong_ordering::equal;
                                 }),
                     o.versions.end());
  }
  std::sort(plan.listed.begin(), plan.listed.end());
  plan.listed.erase(std::unique(plan.listed.begin(), plan.listed.end()), plan.listed.end());
  // Second pass: the keys.
  for (FlatEntry& fe : plan.entries) {
    // entry->versions is sorted too, so the indexes come out sorted.
    fe.listed_begin = to_u32(plan.listed_ids.size());
    for (const std::string& v : fe.entry->versions) {
      plan.listed_ids.push_back(to_u32(static_cast<size_t>(
          std::lower_bound(plan.listed.begin(), plan.listed.end(), v) - plan.listed.begin())));
    }
    fe.listed_end = to_u32(plan.listed_ids.size());
    for (uint32_t i = fe.ranges_begin; i < fe.ranges_end; ++i) {
      FlatRange& f = plan.ranges[i];
      if (f.order < 0) continue;
      const Order& o = plan.orders[static_cast<size_t>(f.order)];
      f.events_begin = to_u32(plan.events.size());
      for (const PreparedEvent& ev : f.range->sorted)
        plan.events.push_back(pack(ev.kind, ev.zero ? 0 : key_of(o, ev.version)));
      f.events_end = to_u32(plan.events.size());
      f.limits_begin = to_u32(plan.limits.size());
      for (const std::string& l : f.range->limits)
        plan.limits.push_back(key_of(o, l));
      f.limits_end = to_u32(plan.limits.size());
    }
  }
  plan.keep = std::move(records);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

// The asked version, with what is learnt about it once per lookup: its place among the listed
// versions, its validity per scheme and its key in each of the package's orders.
class Asked {
 public:
  Asked(std::string_view version, const PackagePlan& plan)
      : version_(version), plan_(plan), keys_(plan.orders.size(), kUnset) {}

  std::string_view version() const { return version_; }

  // Index of the version in the package's listed versions, or -1.
  int64_t listed() {
    if (listed_ == kListedUnset) {
      const auto it = std::lower_bound(plan_.listed.begin(), plan_.listed.end(), version_);
      listed_ = it != plan_.listed.end() && *it == version_ ? it - plan_.listed.begin() : -1;
    }
    return listed_;
  }

  bool valid(const version::Scheme& scheme) {
    for (size_t i = 0; i < valid_size_; ++i) {
      if (valid_[i].first == &scheme) return valid_[i].second;
    }
    const bool ok = scheme.is_valid(version_);
    if (valid_size_ < valid_.size()) valid_[valid_size_++] = {&scheme, ok};
    return ok;
  }

  // REQUIRES: the version valid for the order's scheme.
  uint32_t key(int32_t order) {
    uint32_t& k = keys_[static_cast<size_t>(order)];
    if (k == kUnset) {
      const Order& o = plan_.orders[static_cast<size_t>(order)];
      const auto it = std::lower_bound(o.versions.begin(), o.versions.end(), version_,
                                       [&](std::string_view element, std::string_view x) {
                                         return less(*o.scheme, element, x);
                                       });
      const bool equal = it != o.versions.end() &&
                         o.scheme->try_compare(version_, *it) == std::strong_ordering::equal;
      k = to_u32(2 * static_cast<size_t>(it - o.versions.begin()) + (equal ? 1 : 0));
    }
    return k;
  }

 private:
  static constexpr uint32_t kUnset = UINT32_MAX;
  static constexpr int64_t kListedUnset = -2;
  std::string_view version_;
  const PackagePlan& plan_;
  int64_t listed_ = kListedUnset;
  std::vector<uint32_t> keys_;
  std::array<std::pair<const version::Scheme*, bool>, 4> valid_{};
  size_t valid_size_ = 0;
};

enum class RangeOutcome { kOut, kIn, kUnknown };

// Walking the sorted events forwards, each event that applies sets the state outright
// (introduced: affected; fixed, last_affected: not), so the state at the end is that of the
// last event that applies: both walks below go backwards and stop at the first one that does.

// evaluate_range() of evaluate.cc, comparing keys. REQUIRES: a ranked range, the version valid.
RangeOutcome evaluate_ranked(const PackagePlan& plan, const FlatRange& f, uint32_t v) {
  if (f.bounded_by_limits) {
    bool before = false;
    for (uint32_t i = f.limits_begin; i < f.limits_end && !before; ++i)
      before = v < plan.limits[i];
    if (!before) return RangeOutcome::kOut;
  }
  for (uint32_t i = f.events_end; i-- > f.events_begin;) {
    const uint32_t e = plan.events[i] & kKeyMask;
    switch (static_cast<Event::Kind>(plan.events[i] >> kKeyBits)) {
      case Event::Kind::kIntroduced:
        if (v >= e) return RangeOutcome::kIn;  // introduced "0" has key 0
        break;
      case Event::Kind::kFixed:
        if (v >= e) return RangeOutcome::kOut;
        break;
      case Event::Kind::kLastAffected:
        if (v > e) return RangeOutcome::kOut;
        break;
      case Event::Kind::kLimit:
        break;
    }
  }
  return RangeOutcome::kOut;
}

// evaluate_range() of evaluate.cc, comparing strings. REQUIRES: a scheme, the version valid.
RangeOutcome evaluate_compared(const PreparedRange& range, std::string_view version) {
  if (!range.invalid_event_reason.empty()) return RangeOutcome::kUnknown;
  const version::Scheme& scheme = *range.scheme;
  if (range.has_limit && !range.unbounded_limit) {
    bool before = false;
    for (const std::string& limit : range.limits) {
      if (less(scheme, version, limit)) {
        before = true;
        break;
      }
    }
    if (!before) return RangeOutcome::kOut;
  }
  for (auto it = range.sorted.rbegin(); it != range.sorted.rend(); ++it) {
    const PreparedEvent& e = *it;
    switch (e.kind) {
      case Event::Kind::kIntroduced:
        if (e.zero || !less(scheme, version, e.version)) return RangeOutcome::kIn;
        break;
      case Event::Kind::kFixed:
        if (!less(scheme, version, e.version)) return RangeOutcome::kOut;
        break;
      case Event::Kind::kLastAffected:
        if (scheme.try_compare(version, e.version) == std::strong_ordering::greater) {
          return RangeOutcome::kOut;
        }
        break;
      case Event::Kind::kLimit:
        break;
    }
  }
  return RangeOutcome::kOut;
}

// Why a verdict was kUnknown, kept cheap until the reason is wanted: the first range that was.
struct Undecided {
  const FlatRange* range = nullptr;
  const PreparedEntry* entry = nullptr;

  // evaluate()'s reason for that range.
  std::string reason(std::string_view version) const {
    if (range->scheme == nullptr) {
      return "no version rules for ecosystem \"" + entry->ecosystem + "\"";
    }
    // The asked version is checked before the range's events.
    if (Status s = range->scheme->validate(version); !s) {
      return "version \"" + std::string(version) + "\" is not valid for " + entry->ecosystem +
             ": " + s.message();
    }
    return range->range->invalid_event_reason;
  }
};

// evaluate() of evaluate.cc on a planned entry: kAffected, kNotAffected, or kUnknown with the
// first undecided range in `undecided`.
Verdict::Kind evaluate_entry(const PackagePlan& plan, const FlatEntry& fe, Asked& asked,
                             Undecided& undecided) {
  if (fe.listed_end > fe.listed_begin) {
    const int64_t i = asked.listed();
    if (i >= 0 &&
        std::binary_search(plan.listed_ids.begin() + fe.listed_begin,
                           plan.listed_ids.begin() + fe.listed_end, static_cast<uint32_t>(i))) {
      return Verdict::Kind::kAffected;
    }
  }
  bool unknown = false;
  for (uint32_t r = fe.ranges_begin; r < fe.ranges_end; ++r) {
    const FlatRange& f = plan.ranges[r];
    RangeOutcome outcome;
    if (f.scheme == nullptr || !asked.valid(*f.scheme)) {
      outcome = RangeOutcome::kUnknown;
    } else if (f.order >= 0) {
      outcome = evaluate_ranked(plan, f, asked.key(f.order));
    } else {
      outcome = evaluate_compared(*f.range, asked.version());
    }
    if (outcome == RangeOutcome::kIn) return Verdict::Kind::kAffected;
    if (outcome == RangeOutcome::kUnknown && !unknown) {
      unknown = true;
      undecided = {&f, fe.entry};
    }
  }
  return unknown ? Verdict::Kind::kUnknown : Verdict::Kind::kNotAffected;
}

// record_verdict() of matcher.cc: affected when an entry is, else the first unknown.
Verdict::Kind record_verdict(const PackagePlan& plan, const FlatRecord& record, Asked& asked,
                             Undecided& undecided) {
  Verdict::Kind out = Verdict::Kind::kNotAffected;
  for (uint32_t e = record.entries_begin; e < record.entries_end; ++e) {
    Undecided u;
    const Verdict::Kind v = evaluate_entry(plan, plan.entries[e], asked, u);
    if (v == Verdict::Kind::kAffected) return v;
    if (v == Verdict::Kind::kUnknown && out == Verdict::Kind::kNotAffected) {
      out = v;
      undecided = u;
    }
  }
  return out;
}

// Calls `fn(id, verdict)` for each record of the package that affects `version` or is
// undecided (then with the reason).
template <typename F>
void evaluate_package(const PackagePlan& plan, std::string_view version, F&& fn) {
  Asked asked(version, plan);
  for (const FlatRecord& r : plan.records) {
    Undecided undecided;
    const Verdict::Kind kind = record_verdict(plan, r, asked, undecided);
    if (kind == Verdict::Kind::kAffected) {
      fn(*r.id, Verdict{kind, {}});
    } else if (kind == Verdict::Kind::kUnknown) {
      fn(*r.id, Verdict{kind, undecided.reason(version)});
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Result<Query> query_for_purl(std::string_view text) {
  // The purl spec's strings are UTF-8; other bytes would only look up names no record has.
  if (!is_valid_utf8(text)) return Status::invalid_argument("not UTF-8: not a purl");
  auto parsed = purl::parse(text);
  if (!parsed.is_ok()) return parsed.status();
  const purl::Purl& p = *parsed;
  if (p.version.empty()) {
    return Status::invalid_argument("no version: a query names one version (\"" +
                                    purl::to_string(p) + "@VERSION\")");
  }
  const inventory::Component c = inventory::component_from_purl(p);
  if (c.ecosystem.empty()) {
    if (is_distribution_type(p.type)) {
      const std::string_view distro = p.qualifier("distro");
      return Status::invalid_argument(
          "no OSV ecosystem for this distribution (namespace \"" + p.namespace_path + "\"" +
          (distro.empty() ? std::string() : ", distro \"" + std::string(distro) + "\"") + ")");
    }
    return Status::invalid_argument("no OSV ecosystem for purl type \"" + p.type + "\"");
  }
  if (is_distribution_type(p.type) && c.ecosystem.find(':') == std::string::npos &&
      !release_optional(c.ecosystem)) {
    return Status::invalid_argument(c.ecosystem +
                                    " advisories are per release: the purl needs a distro "
                                    "qualifier naming it (e.g. distro=" +
                                    (p.type == "deb"   ? "debian-12"
                                     : p.type == "apk" ? "alpine-3.19"
                                                       : "almalinux-9") +
                                    ")");
  }
  std::optional<Query> q = query_for(c);
  if (!q) return Status::invalid_argument("nothing to look up for this purl");
  return std::move(*q);
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

struct QueryEngine::Impl {
  const RecordSource& source;
  const advisory::Store* store = nullptr;  // set: ids first, each record read once
  QueryEngineOptions options;
  QueryEngineStats stats;
  std::unordered_map<std::string, PackagePlan, StringHash, std::equal_to<>> packages;
  // By id (store only); heterogeneous lookup by string_view.
  std::unordered_map<std::string, RecordPtr, StringHash, std::equal_to<>> records;
  size_t cached = 0;  // weight against max_cached_records

  Impl(const RecordSource& s, const advisory::Store* st, QueryEngineOptions o)
      : source(s), store(st), options(o) {}

  void make_room(size_t weight) {
    if (cached + weight > options.max_cached_records && cached > 0) {
      packages.clear();
      records.clear();
      cached = 0;
      ++stats.cache_clears;
    }
    cached += weight;
  }

  // The records of a package, from the source.
  Status fetch(std::string_view ecosystem, std::string_view normalized,
               std::vector<RecordPtr>& out) {
    if (store == nullptr) {
      return source.for_each_record(ecosystem, normalized, [&](const advisory::Record& r) {
        ++stats.records_prepared;
        out.push_back(std::make_shared<const PreparedRecord>(prepare_record(r)));
      });
    }
    return store->for_each_record_of(
        ecosystem, normalized, [&](std::string_view id) { return !records.contains(id); },
        [&](std::string_view id, advisory::Record* record) {
          if (record == nullptr) {
            out.push_back(records.find(id)->second);
            return;
          }
          ++stats.records_prepared;
          auto prepared = std::make_shared<const PreparedRecord>(prepare_record(*record));
          records.emplace(std::string(id), prepared);
          out.push_back(std::move(prepared));
        });
  }

  Result<const PackagePlan*> package(std::string_view ecosystem, std::string_view normalized) {
    std::string key = package_key(ecosystem, normalized);
    if (auto it = packages.find(key); it != packages.end()) return &it->second;
    std::vector<RecordPtr> fetched;
    if (Status s = fetch(ecosystem, normalized, fetched); !s) {
      return s.with_context("looking up " + std::string(ecosystem) + " " + std::string(normalized));
    }
    ++stats.lookups;
    // Count at least one per package so that many packages without records stay bounded too.
    make_room(std::max<size_t>(1, fetched.size()));
    PackagePlan plan = make_plan(key, std::move(fetched));
    return &packages.emplace(std::move(key), std::move(plan)).first->second;
  }
};

QueryEngine::QueryEngine(const RecordSource& source, QueryEngineOptions options)
    : impl_(std::make_unique<Impl>(source, nullptr, options)) {}
QueryEngine::QueryEngine(const advisory::Store& store, QueryEngineOptions options)
    : impl_(std::make_unique<Impl>(store, &store, options)) {}
QueryEngine::~QueryEngine() = default;

const QueryEngineStats& QueryEngine::stats() const {
  return impl_->stats;
}

Result<std::vector<std::string>> QueryEngine::affecting(std::string_view ecosystem,
                                                        std::string_view name,
                                                        std::string_view version,
                                                        std::vector<UnknownVerdict>* unknowns) {
  const std::string normalized = advisory::normalize_package_name(ecosystem, name);
  auto package = impl_->package(ecosystem, normalized);
  if (!package.is_ok()) return package.status();
  ++impl_->stats.evaluations;
  std::vector<std::string> out;
  evaluate_package(**package, version, [&](const std::string& id, Verdict v) {
    if (v.affected()) {
      out.push_back(id);
    } else if (unknowns != nullptr) {
      unknowns->push_back({0, id, std::move(v.reason)});
    }
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status QueryEngine::answer(const Query& query, QueryAnswer& out) {
  out.advisories.clear();
  out.unknowns.clear();
  for (const Query::Name& n : query.names) {
    auto package = impl_->package(query.ecosystem, n.normalized);
    if (!package.is_ok()) return package.status();
    ++impl_->stats.evaluations;
    evaluate_package(**package, n.version, [&](const std::string& id, Verdict v) {
      if (v.affected()) {
        out.advisories.push_back(id);
      } else {
        out.unknowns.push_back({0, id, std::move(v.reason)});
      }
    });
  }
  std::sort(out.advisories.begin(), out.advisories.end());
  out.advisories.erase(std::unique(out.advisories.begin(), out.advisories.end()),
                       out.advisories.end());
  if (!out.unknowns.empty()) {
    // One entry per record, and none for a record that affects under another name.
    std::vector<UnknownVerdict> kept;
    for (UnknownVerdict& u : out.unknowns) {
      if (std::binary_search(out.advisories.begin(), out.advisories.end(), u.record)) continue;
      if (std::any_of(kept.begin(), kept.end(),
                      [&](const UnknownVerdict& k) { return k.record == u.record; })) {
        continue;
      }
      kept.push_back(std::move(u));
    }
    out.unknowns = std::move(kept);
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------------------------

struct QueryPool::Impl {
  std::vector<std::unique_ptr<advisory::Store>> stores;  // the handles opened here
  std::vector<std::unique_ptr<QueryEngine>> engines;
  std::vector<std::optional<Query>> parsed;  // answer_purls' queries, kept for their buffers

  template <typename Prepare, typename QueryOf, typename AnswerOf>
  Status run(size_t count, Prepare prepare, QueryOf query, AnswerOf answer, size_t* failed_at);
};

namespace {

// The engine that answers a query: by its first package, so that each package's records are
// read and prepared by one engine.
size_t engine_of(const Query& q, size_t engines) {
  const std::string_view name = q.names.empty() ? std::string_view() : q.names[0].normalized;
  const size_t h =
      std::hash<std::string_view>()(q.ecosystem) * 31 + std::hash<std::string_view>()(name);
  return h % engines;
}

}  // namespace

// Runs a batch of `count` items on the pool's threads in two steps: each thread first prepares a
// contiguous slice of the items (`prepare(i)`: parse a purl), then, once all are prepared,
// answers the queries that fall to its engine (`query(i)`: the item's Query, nullptr for none;
// `answer(i)`: where its answer goes).
template <typename Prepare, typename QueryOf, typename AnswerOf>
Status QueryPool::Impl::run(size_t count, Prepare prepare, QueryOf query, AnswerOf answer,
                            size_t* failed_at) {
  const size_t n = engines.size();
  std::barrier prepared(static_cast<std::ptrdiff_t>(n));
  // Each engine's first failure (item index, and its status).
  std::vector<std::pair<size_t, Status>> failures(n, {count, Status::ok()});
  auto work = [&](size_t k) {
    for (size_t i = count * k / n; i < count * (k + 1) / n; ++i)
      prepare(i);
    prepared.arrive_and_wait();
    for (size_t i = 0; i < count; ++i) {
      const Query* q = query(i);
      if (q == nullptr || (n > 1 && engine_of(*q, n) != k)) continue;
      if (Status s = engines[k]->answer(*q, answer(i)); !s) {
        failures[k] = {i, std::move(s)};
        return;
      }
    }
  };
  std::vector<std::thread> others;
  for (size_t k = 1; k < n; ++k)
    others.emplace_back(work, k);
  work(0);
  for (std::thread& t : others)
    t.join();
  const auto first =
      std::min_element(failures.begin(), failures.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
  if (first->first == count) return Status::ok();
  if (failed_at != nullptr) *failed_at = first->first;
  return first->second;
}

QueryPool::QueryPool(const advisory::Store& store, size_t threads, QueryEngineOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (threads == 0) threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<const advisory::Store*> stores{&store};
  while (stores.size() < threads) {
    auto other = store.open_again();
    if (!other.is_ok()) break;
    impl_->stores.push_back(std::move(other).value());
    stores.push_back(impl_->stores.back().get());
  }
  options.max_cached_records = std::max<size_t>(1, options.max_cached_records / stores.size());
  for (const advisory::Store* s : stores)
    impl_->engines.push_back(std::make_unique<QueryEngine>(*s, options));
}

QueryPool::~QueryPool() = default;

size_t QueryPool::threads() const {
  return impl_->engines.size();
}

QueryEngineStats QueryPool::stats() const {
  QueryEngineStats sum;
  for (const auto& e : impl_->engines) {
    const QueryEngineStats& s = e->stats();
    sum.lookups += s.lookups;
    sum.records_prepared += s.records_prepared;
    sum.evaluations += s.evaluations;
    sum.cache_clears += s.cache_clears;
  }
  return sum;
}

Status QueryPool::answer(std::span<const Query> queries, std::vector<QueryAnswer>& answers,
                         size_t* failed_at) {
  answers.resize(queries.size());
  return impl_->run(
      queries.size(), [](size_t) {}, [&](size_t i) { return &queries[i]; },
      [&](size_t i) -> QueryAnswer& { return answers[i]; }, failed_at);
}

Status QueryPool::answer_purls(std::span<const std::string_view> purls,
                               std::vector<PurlAnswer>& answers, size_t* failed_at) {
  std::vector<std::optional<Query>>& queries = impl_->parsed;
  queries.assign(purls.size(), std::nullopt);
  answers.resize(purls.size());
  auto prepare = [&](size_t i) {
    auto q = query_for_purl(purls[i]);
    if (q.is_ok()) {
      queries[i] = std::move(q).value();
      answers[i].error.clear();
    } else {
      answers[i].error = q.status().message();
      answers[i].answer.advisories.clear();
      answers[i].answer.unknowns.clear();
    }
  };
  return impl_->run(
      purls.size(), prepare, [&](size_t i) { return queries[i] ? &*queries[i] : nullptr; },
      [&](size_t i) -> QueryAnswer& { return answers[i].answer; }, failed_at);
}

}  // namespace upkeep::match
