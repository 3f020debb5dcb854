// SPDX-License-Identifier: Apache-2.0
//
// What the three document readers share: the rule every statement becomes, purl patterns, times,
// and finding places in JSON text (simdjson's DOM keeps no positions).
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "upkeep/glob.h"
#include "upkeep/purl.h"
#include "upkeep/status.h"
#include "upkeep/suppress.h"

namespace upkeep::suppress::detail {

// A point in time (UTC) from an RFC 3339 / ISO 8601 timestamp; the minimum when unknown, so
// that a statement without a time is older than any with one.
struct Instant {
  int64_t seconds = std::numeric_limits<int64_t>::min();
  int32_t nanos = 0;
  bool known() const { return seconds != std::numeric_limits<int64_t>::min(); }
  auto operator<=>(const Instant&) const = default;
};

// "2023-01-08T18:02:03.647787998-06:00", "2024-05-01T10:00:00Z", a date alone ("2024-05-01",
// midnight UTC). nullopt for anything else.
std::optional<Instant> parse_timestamp(std::string_view text);

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

// What a statement applies to: a purl, possibly with `*` globs (ignore files only) in the
// namespace/name path and the version, or with a `vers:` range instead of a version.
struct PurlPattern {
  std::string text;     // as written, for messages
  std::string type;     // lower case, never a glob
  std::string path;     // "namespace/name" decoded and normalised per type; may hold '*'
  std::string version;  // empty: any version
  std::optional<VersRange> range;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // must all be in the component's
  std::string subpath;
  bool glob = false;  // '*' in path and version is a wildcard

  // Parses `text` ("pkg:type/namespace/name@version?qualifiers#subpath"). With `allow_glob`, '*'
  // in the path and version matches any run of characters (including '/'). Errors say what is
  // wrong, quoting the text.
  static Result<PurlPattern> parse(std::string_view text, bool allow_glob);

  // Whether the component `component` (parsed, normalised) matches. An exact version compares
  // with the version rules of the purl type when there are some (pypi "1.0" is "1.0.0"), by
  // string otherwise.
  bool matches(const purl::Purl& component) const;
};

// '*' matches any run of characters; everything else literally (shared with owners files).
using upkeep::glob_match;

// One statement or entry for one product.
struct Rule {
  std::vector<std::string> ids;        // upper-cased: the vulnerability's name and aliases
  std::optional<PurlPattern> product;  // nullopt: every component
  Suppression info;
  Instant time;
  size_t sequence = 0;  // load order
};

// The rules of one document, before they join the set (a document that fails adds nothing).
struct Loaded {
  std::vector<Rule> rules;
  std::vector<Diagnostic> warnings;
};

// Upper-cases ASCII letters (vulnerability ids compare without regard to case).
std::string upper(std::string_view text);

// The readers. They fill `out` and return an error when the whole document is unreadable.
Status read_openvex(std::string_view text, std::string_view source, Loaded& out);
Status read_cyclonedx_vex(std::string_view text, std::string_view source, Loaded& out);
Status read_ignore_file(std::string_view text, std::string_view source, Loaded& out);

// One step of a JSON path: an object key, or an array index.
struct PathStep {
  std::string_view key;
  size_t index = 0;
  bool is_index = false;
};
inline PathStep key(std::string_view k) {
  return {k, 0, false};
}
inline PathStep at(size_t i) {
  return {{}, i, true};
}

// The byte offset of the value at `path` in `text`, which must be valid JSON; as far as the path
// could be followed when some step does not exist (the enclosing value).
uint64_t json_offset(std::string_view text, std::span<const PathStep> path);

// The byte offset of the value at `path` below the value that starts at `start`.
uint64_t json_offset_from(std::string_view text, uint64_t start, std::span<const PathStep> path);

// Locations of values in one JSON text, in time linear in the text overall: lines are indexed
// once, and the elements of a top-level array (statements[], vulnerabilities[]) are found in one
// pass, so that a location per statement does not rescan the document each time.
class JsonLocator {
 public:
  JsonLocator(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  Location locate(std::span<const PathStep> path);
  Location locate(std::initializer_list<PathStep> path) {
    return locate(std::span<const PathStep>(path.begin(), path.size()));
  }

 private:
  Location at_offset(uint64_t offset);

  std::string_view text_;
  std::string_view source_;
  std::vector<uint64_t> line_starts_;  // offset of each line's first byte; empty until needed
  std::string array_key_;              // the top-level array whose elements are indexed
  std::vector<uint64_t> elements_;
  bool indexed_ = false;
};
}  // namespace upkeep::suppress::detail
