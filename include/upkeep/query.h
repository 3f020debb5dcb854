// SPDX-License-Identifier: Apache-2.0
//
// `upkeep query`: which OSV records affect the exact version a Package URL names, for batches of
// purls at store speed.
//
//   query_for_purl()  purl text -> (OSV ecosystem, normalised name(s), version), through the same
//                     purl -> Component mapping SBOM reading uses and the matcher's query_for().
//   QueryEngine       answers, record for record what Matcher::affecting() answers, from records
//                     prepared once: every range's scheme looked up, its event versions validated
//                     and its events sorted once per record; per package, the distinct event
//                     versions sorted once so that each event is a rank. A lookup then costs a
//                     validation and a binary search of the asked version per scheme, and integer
//                     comparisons per range (string comparisons for maven, whose order is not
//                     total). See src/match/query.cc.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/match.h"
#include "upkeep/matcher.h"
#include "upkeep/status.h"

namespace upkeep::advisory {
class Store;
}  // namespace upkeep::advisory

namespace upkeep::match {

// The lookup a purl asks for: inventory::component_from_purl() then query_for(). kInvalidArgument,
// with a message saying what is wrong, when the text is no valid purl, names no version, has a
// type OSV has no ecosystem for (pkg:generic, pkg:github, ...), or is a distribution package
// without a release OSV files advisories under (pkg:deb/debian/openssl@3.0.11-1 without
// `distro`: Debian's advisories are per release, "Debian:12"). Distribution purls with an
// `upstream` qualifier ask for the source package too (see query_for()). Pure; thread-safe.
Result<Query> query_for_purl(std::string_view text);

// The answer for one Query.
struct QueryAnswer {
  // Ids of the records (not merged) that affect the version under any of the query's names;
  // sorted, unique.
  std::vector<std::string> advisories;
  // Records whose verdict was kUnknown (an invalid version or event version) under the names
  // where it was evaluated and that affect under none: one per record id, in the order found,
  // with the first reason. `component` is 0.
  std::vector<UnknownVerdict> unknowns;
};

struct QueryEngineOptions {
  // Bound on the records kept prepared (summed over the cached packages). When a new package
  // would pass it, the cache is emptied first: a batch that touches more than this many records
  // re-reads some, but memory stays bounded whatever the database holds.
  size_t max_cached_records = size_t{1} << 20;
};

struct QueryEngineStats {
  size_t lookups = 0;           // RecordSource queries (cache misses)
  size_t records_prepared = 0;  // records read and prepared (withdrawn ones included)
  size_t evaluations = 0;       // (name, version) lookups answered
  size_t cache_clears = 0;      // times max_cached_records emptied the cache
};

// Not thread-safe (the cache changes on every miss): one engine per thread. `source` must
// outlive the engine; the engine assumes the source's content does not change (a Store reads the
// file as it was when opened, so that holds for it).
class QueryEngine {
 public:
  explicit QueryEngine(const RecordSource& source, QueryEngineOptions options = {});
  // Over the store: a package's record ids come from its index, and each record is read,
  // decompressed and parsed once however many packages it names (an AlmaLinux kernel advisory
  // names hundreds), where records_for() would decode it again for each.
  explicit QueryEngine(const advisory::Store& store, QueryEngineOptions options = {});
  ~QueryEngine();
  QueryEngine(const QueryEngine&) = delete;
  QueryEngine& operator=(const QueryEngine&) = delete;

  // Exactly Matcher(source).affecting(ecosystem, name, version, unknowns): the sorted, unique ids
  // of the non-withdrawn records of (ecosystem, normalize_package_name(name)) that affect
  // `version`; `unknowns`, when given, receives the records whose verdict was kUnknown, in
  // record order. An error only when the source fails.
  Result<std::vector<std::string>> affecting(std::string_view ecosystem, std::string_view name,
                                             std::string_view version,
                                             std::vector<UnknownVerdict>* unknowns = nullptr);

  // Every name of `query` (already normalised, as query_for() gives them), each with its own
  // version; the union of what affects. `out` is overwritten. An error only when the source
  // fails (then `out` is unspecified).
  Status answer(const Query& query, QueryAnswer& out);

  const QueryEngineStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Batches of queries answered on several threads: one QueryEngine per thread, each over its own
// handle on the store (Store::open_again), and each query answered by the engine its first
// package falls to, so that a package's records are read and prepared by one thread only. The
// answers are exactly one engine's; only the work is shared out. Reading and preparing records
// is most of a large batch's time, and every step of it is per package.
class QueryPool {
 public:
  // `threads` 0: one per core, at most 4. Fewer when another handle on the store cannot be
  // opened (the pool then works with those it has). Each engine caches up to
  // options.max_cached_records / threads records.
  explicit QueryPool(const advisory::Store& store, size_t threads = 0,
                     QueryEngineOptions options = {});
  ~QueryPool();
  QueryPool(const QueryPool&) = delete;
  QueryPool& operator=(const QueryPool&) = delete;

  size_t threads() const;

  // answers[i] for queries[i] (`answers` is resized). When the store fails, the error of the
  // first query that failed, whose index is put in `*failed_at`: the answers before it are
  // valid, the others unspecified.
  Status answer(std::span<const Query> queries, std::vector<QueryAnswer>& answers,
                size_t* failed_at = nullptr);

  // The same for purls, parsed on the pool's threads too (query_for_purl): answers[i] for
  // purls[i], whose `error` says why a purl could not be looked up (then `answer` is empty).
  struct PurlAnswer {
    std::string error;
    QueryAnswer answer;
  };
  Status answer_purls(std::span<const std::string_view> purls, std::vector<PurlAnswer>& answers,
                      size_t* failed_at = nullptr);

  // The engines' stats, summed.
  QueryEngineStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace upkeep::match
