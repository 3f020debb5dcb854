// SPDX-License-Identifier: Apache-2.0
//
// The query path: purls mapped to lookups, and records prepared once per package so that each
// (package, version) costs a version validation and a few comparisons.
//
// The evaluation below is evaluate.cc's, step for step, on prepared data; what is computed once
// instead of per call is only what does not depend on the asked version (the scheme of each
// range, the validity of its event versions, the sorted order of its events). Results, unknown
// reasons included, are the same as Matcher::affecting's; tests/match/query_test.cc and the
// differential test check that.
#include "upkeep/query.h"

#include <algorithm>
#include <array>
#include <compare>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "upkeep/advisory.h"
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
// Prepared records

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
  std::string ecosystem;              // as the record writes it, for reasons
  std::vector<std::string> versions;  // the `versions` list, sorted for binary search
  std::vector<PreparedRange> ranges;  // GIT ranges left out (they say nothing about versions)
};

struct PreparedRecord {
  std::string id;
  std::vector<PreparedEntry> entries;  // only those of the package looked up
};

struct PreparedPackage {
  std::vector<PreparedRecord> records;  // withdrawn records left out
};

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

PreparedEntry prepare_entry(const Affected& a) {
  PreparedEntry out;
  out.ecosystem = a.ecosystem;
  out.versions = a.versions;
  std::sort(out.versions.begin(), out.versions.end());
  out.versions.erase(std::unique(out.versions.begin(), out.versions.end()), out.versions.end());
  for (const Range& range : a.ranges) {
    if (range.type == Range::Type::kGit) continue;
    out.ranges.push_back(prepare_range(a, range));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

// Whether the asked version is valid for each scheme met so far: few schemes per lookup (the
// ECOSYSTEM one, maybe a SEMVER one), so a short list.
class Validity {
 public:
  explicit Validity(std::string_view version) : version_(version) {}
  std::string_view version() const { return version_; }
  bool valid(const version::Scheme& scheme) {
    for (size_t i = 0; i < size_; ++i) {
      if (seen_[i].first == &scheme) return seen_[i].second;
    }
    const bool ok = scheme.is_valid(version_);
    if (size_ < seen_.size()) seen_[size_++] = {&scheme, ok};
    return ok;
  }

 private:
  std::string_view version_;
  std::array<std::pair<const version::Scheme*, bool>, 4> seen_{};
  size_t size_ = 0;
};

enum class RangeOutcome { kOut, kIn, kUnknown };

// evaluate_range() of evaluate.cc on a prepared range. REQUIRES: a scheme, and the version valid
// for it.
RangeOutcome evaluate_range(const PreparedRange& range, std::string_view version) {
  if (!range.invalid_event_reason.empty()) return RangeOutcome::kUnknown;
  const version::Scheme& scheme = *range.scheme;
  if (range.has_limit && !range.unbounded_limit) {
    bool before = false;
    for (const std::string& limit : range.limits) {
      if (scheme.try_compare(version, limit) == std::strong_ordering::less) {
        before = true;
        break;
      }
    }
    if (!before) return RangeOutcome::kOut;
  }
  // Walking the sorted events forwards, each event that applies sets the state outright
  // (introduced: affected; fixed, last_affected: not), so the state at the end is that of the
  // last event that applies: walk backwards and stop at the first one that does.
  for (auto it = range.sorted.rbegin(); it != range.sorted.rend(); ++it) {
    const PreparedEvent& e = *it;
    switch (e.kind) {
      case Event::Kind::kIntroduced:
        if (e.zero || scheme.try_compare(version, e.version) != std::strong_ordering::less) {
          return RangeOutcome::kIn;
        }
        break;
      case Event::Kind::kFixed:
        if (scheme.try_compare(version, e.version) != std::strong_ordering::less) {
          return RangeOutcome::kOut;
        }
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

// evaluate() of evaluate.cc on a prepared entry.
Verdict evaluate_entry(const PreparedEntry& entry, Validity& validity) {
  const std::string_view version = validity.version();
  if (std::binary_search(entry.versions.begin(), entry.versions.end(), version)) {
    return {Verdict::Kind::kAffected, {}};
  }
  std::string unknown_reason;
  bool unknown = false;
  for (const PreparedRange& range : entry.ranges) {
    if (range.scheme == nullptr) {
      if (!unknown) {
        unknown = true;
        unknown_reason = "no version rules for ecosystem \"" + entry.ecosystem + "\"";
      }
      continue;
    }
    if (!validity.valid(*range.scheme)) {
      if (!unknown) {
        unknown = true;
        unknown_reason = "version \"" + std::string(version) + "\" is not valid for " +
                         entry.ecosystem + ": " + range.scheme->validate(version).message();
      }
      continue;
    }
    switch (evaluate_range(range, version)) {
      case RangeOutcome::kIn:
        return {Verdict::Kind::kAffected, {}};
      case RangeOutcome::kUnknown:
        if (!unknown) {
          unknown = true;
          unknown_reason = range.invalid_event_reason;
        }
        break;
      case RangeOutcome::kOut:
        break;
    }
  }
  if (unknown) return {Verdict::Kind::kUnknown, std::move(unknown_reason)};
  return {Verdict::Kind::kNotAffected, {}};
}

// record_verdict() of matcher.cc: affected when an entry is, else the first unknown.
Verdict record_verdict(const PreparedRecord& record, Validity& validity) {
  Verdict out;
  for (const PreparedEntry& entry : record.entries) {
    Verdict v = evaluate_entry(entry, validity);
    if (v.affected()) return v;
    if (v.unknown() && out.kind == Verdict::Kind::kNotAffected) out = std::move(v);
  }
  return out;
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

struct QueryEngine::Impl {
  const RecordSource& source;
  QueryEngineOptions options;
  QueryEngineStats stats;
  std::unordered_map<std::string, PreparedPackage> cache;
  size_t cached_records = 0;
  std::string key;  // reused lookup key

  Impl(const RecordSource& s, QueryEngineOptions o) : source(s), options(o) {}

  Result<const PreparedPackage*> package(std::string_view ecosystem, std::string_view normalized) {
    key.assign(ecosystem);
    key.push_back('\0');
    key.append(normalized);
    if (auto it = cache.find(key); it != cache.end()) return &it->second;

    PreparedPackage prepared;
    size_t read = 0;
    Status s = source.for_each_record(ecosystem, normalized, [&](const advisory::Record& r) {
      ++read;
      if (r.is_withdrawn()) return;
      PreparedRecord record;
      record.id = r.id;
      for (const Affected& a : r.affected) {
        if (a.ecosystem != ecosystem) continue;
        if (advisory::normalize_package_name(a.ecosystem, a.name) != normalized) continue;
        record.entries.push_back(prepare_entry(a));
      }
      // A record the source returned without an entry for the package cannot affect it.
      if (!record.entries.empty()) prepared.records.push_back(std::move(record));
    });
    if (!s) {
      return s.with_context("looking up " + std::string(ecosystem) + " " + std::string(normalized));
    }
    ++stats.lookups;
    stats.records_prepared += read;
    // Count at least one per package so that many packages without records stay bounded too.
    const size_t weight = std::max<size_t>(1, read);
    if (cached_records + weight > options.max_cached_records && !cache.empty()) {
      cache.clear();
      cached_records = 0;
      ++stats.cache_clears;
    }
    cached_records += weight;
    return &cache.emplace(key, std::move(prepared)).first->second;
  }
};

QueryEngine::QueryEngine(const RecordSource& source, QueryEngineOptions options)
    : impl_(std::make_unique<Impl>(source, options)) {}
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
  Validity validity(version);
  std::vector<std::string> out;
  for (const PreparedRecord& r : (*package)->records) {
    Verdict v = record_verdict(r, validity);
    if (v.affected()) {
      out.push_back(r.id);
    } else if (v.unknown() && unknowns != nullptr) {
      unknowns->push_back({0, r.id, std::move(v.reason)});
    }
  }
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
    Validity validity(n.version);
    for (const PreparedRecord& r : (*package)->records) {
      Verdict v = record_verdict(r, validity);
      if (v.affected()) {
        out.advisories.push_back(r.id);
      } else if (v.unknown()) {
        out.unknowns.push_back({0, r.id, std::move(v.reason)});
      }
    }
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

}  // namespace upkeep::match
