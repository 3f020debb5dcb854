// SPDX-License-Identifier: Apache-2.0
//
// Suppressions: statements that a finding does not (or does) apply, from three kinds of document.
//
//   - OpenVEX (spec v0.2.0, JSON): statements[] of a vulnerability (name, @id, aliases), the
//     products (purls, optionally narrowed to subcomponents) and a status.
//   - CycloneDX VEX (1.4 to 1.6, JSON): vulnerabilities[] with id, references (aliases), an
//     analysis (state, justification, detail) and affects[] (refs to the BOM's components or
//     purls, optionally narrowed by versions or `vers:` ranges).
//   - upkeep's ignore file (`.upkeepignore`, YAML or one entry per line; docs/suppressions.md):
//     a vulnerability id, an optional purl pattern with `*` globs, a required reason and an
//     optional expiry date.
//
// A finding is looked up by all of its ids (CVE, GHSA, PYSEC, ...: a statement naming any alias
// applies) and its component's purl. What suppresses: OpenVEX not_affected and fixed; CycloneDX
// not_affected, false_positive, resolved and resolved_with_pedigree; an ignore entry before its
// expiry date. What only annotates: OpenVEX affected and under_investigation; CycloneDX
// exploitable and in_triage; an expired ignore entry.
//
// Loading never stops at a bad statement: it is skipped with a warning naming the file, line and
// column, and the good ones load. A document that cannot be read at all (not JSON, not YAML, not
// a VEX document) is an error naming the file, line and column.
//
// A loaded Suppressions is immutable in use: lookup() is const and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/status.h"
#include "upkeep/version.h"

namespace upkeep::suppress {

// A calendar date (proleptic Gregorian), what expiry dates are written in.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  // "YYYY-MM-DD", a real day of a year from 1 to 9999; an error quoting the text otherwise.
  static Result<Date> parse(std::string_view text);
  std::string to_string() const;  // "YYYY-MM-DD"
  auto operator<=>(const Date&) const = default;
};

// Today in UTC, from the system clock. The library never calls it itself: callers pass the date
// to lookup(), so that tests and reports are reproducible.
Date today_utc();

// A place in a document: the file (or source name given), line and column from 1 (0 when
// unknown, e.g. for a whole document).
struct Location {
  std::string source;
  uint64_t line = 0;
  uint64_t column = 0;

  // "file:line:column", "file:line" or "file".
  std::string to_string() const;
};

struct Diagnostic {
  Location where;
  std::string message;

  // "file:line:column: message".
  std::string to_string() const;
};

enum class Kind { kOpenVex, kCycloneDxVex, kIgnoreFile };

// "openvex", "cyclonedx-vex", "ignore-file".
std::string_view kind_name(Kind kind);

// One statement (or ignore entry) that applies to a finding.
struct Suppression {
  Kind kind = Kind::kIgnoreFile;
  Location where;             // the statement or entry in its document
  std::string vulnerability;  // the id the statement names (its main name)
  std::string product;        // the purl or purl pattern the statement names, as written
  // The status in the document's own vocabulary: OpenVEX not_affected, affected, fixed,
  // under_investigation; CycloneDX not_affected, false_positive, resolved,
  // resolved_with_pedigree, exploitable, in_triage; "ignored" for an ignore entry.
  std::string status;
  std::string justification;  // OpenVEX justification, CycloneDX analysis.justification
  // Why, in words: OpenVEX impact_statement (or status_notes), CycloneDX analysis.detail, the
  // ignore entry's reason.
  std::string detail;
  // What to do: OpenVEX action_statement, CycloneDX analysis.response (comma-separated).
  std::string action;
  std::string timestamp;        // when the statement was made, as written (may be empty)
  std::optional<Date> expires;  // ignore entries only
  bool suppresses = false;      // the finding is hidden (but stays visible as suppressed)
  bool expired = false;         // an ignore entry past its expiry date: annotates only
};

// A version range in the `vers:` notation (purl-spec VERSION-RANGE-SPEC), e.g.
// "vers:npm/>=1.2.0|<2.0.0", "vers:deb/>=1:1.2-3", "vers:pypi/*". Versions are compared with the
// scheme of the range's versioning scheme (npm, pypi, maven, nuget, gem, golang, cargo,
// composer, deb, rpm, apk/alpine; semver with SemVer 2.0 rules); any other scheme is reported as
// unsupported rather than guessed at.
class VersRange {
 public:
  // Parses and checks a range: the scheme is supported, every version is valid in it, no
  // version appears twice, comparators are = != < <= > >= (or a lone '*'). Constraints may come
  // in any order (they are sorted here). An error (kInvalidArgument, or kUnsupported for a
  // scheme without rules here) quotes the range and says what is wrong.
  static Result<VersRange> parse(std::string_view text);

  // Whether `version` is in the range, per the spec's algorithm; an error when `version` is not
  // valid in the range's scheme.
  Result<bool> contains(std::string_view version) const;

  const std::string& scheme() const { return scheme_; }

 private:
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
  struct Constraint {
    Op op;
    std::string version;
  };
  std::string scheme_;
  const version::Scheme* rules_ = nullptr;
  bool any_ = false;  // "*"
  std::vector<Constraint> constraints_;
};

class Suppressions {
 public:
  Suppressions();
  ~Suppressions();
  // A moved-from Suppressions may only be destroyed or assigned to.
  Suppressions(Suppressions&&) noexcept;
  Suppressions& operator=(Suppressions&&) noexcept;
  Suppressions(const Suppressions&) = delete;
  Suppressions& operator=(const Suppressions&) = delete;

  // Reads each file and adds it with add_document(). The first file that cannot be read or is
  // not a document of a known kind stops the load with that error; bad statements inside good
  // documents only warn.
  static Result<Suppressions> load(std::span<const std::string> paths);

  // Reads a file from disk and adds it (add_document), the path as source name.
  Status add_file(const std::string& path);

  // Detects the kind from the content and adds it: a JSON object with "statements" or an
  // OpenVEX "@context" is OpenVEX; one with "bomFormat": "CycloneDX" or "vulnerabilities" is
  // CycloneDX; anything else is read as an ignore file.
  Status add_document(std::string_view text, std::string_view source);

  // Each adds the statements of one document. An error (kInvalidArgument, naming `source`, line
  // and column) when the document as a whole is unreadable; then nothing of it is added.
  Status add_openvex(std::string_view text, std::string_view source);
  Status add_cyclonedx_vex(std::string_view text, std::string_view source);
  Status add_ignore_file(std::string_view text, std::string_view source);

  // The statement that decides for a finding known by `vulnerability_ids` (any alias, compared
  // without regard to case) on the component `purl`, on `today`:
  //   1. an ignore entry that matches and has not expired (the first in load order): the user's
  //      own decision, it wins over any VEX statement;
  //   2. otherwise the latest matching VEX statement: latest by its time (the statement's
  //      last_updated or timestamp, else the document's; CycloneDX analysis.lastUpdated or
  //      firstIssued, else metadata.timestamp), ties broken by load order (a later statement
  //      in a document or a later document wins);
  //   3. otherwise an expired ignore entry that matches (suppresses = false, expired = true),
  //      so the report can say that the exception has run out.
  // nullopt when nothing applies. A `purl` that does not parse matches only entries without a
  // purl pattern.
  std::optional<Suppression> lookup(const std::vector<std::string>& vulnerability_ids,
                                    std::string_view purl, Date today) const;

  // One warning per ignore entry whose expiry date is before `today`.
  std::vector<Diagnostic> expired_entries(Date today) const;

  // Statements skipped, and other things a user should know about the documents loaded.
  const std::vector<Diagnostic>& warnings() const;

  // The number of rules loaded (a statement for two products counts twice).
  size_t size() const;
  bool empty() const { return size() == 0; }

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace upkeep::suppress
