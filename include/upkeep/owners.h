// SPDX-License-Identifier: Apache-2.0
//
// Owners: who maintains each component. An owners file (TOML, kept in source control and reviewed
// like code; docs/owners.md) declares maintenance groups - an internal team, a vendor, a
// distribution, a community project - with their contact, where their security notices are
// published and how their patches arrive, and the components each group claims by purl pattern.
// A top-level `key` list marks the components that must have a group.
//
//   key = ["pkg:deb/debian/openssl", "pkg:npm/express"]
//
//   [[group]]
//   name = "web-platform"
//   kind = "internal"
//   contact = "web-platform@example.com"
//   notices = "https://wiki.example.com/web-platform/security"
//   patches = { via = "registry", detail = "npm, via Renovate" }
//   claims = ["pkg:npm/@example/*", "pkg:npm/express"]
//
// Patterns are purls without a version (or with one, see Pattern) in which '*' matches any run of
// characters. When several groups' patterns match a component, the most specific pattern wins
// (Specificity); two groups tied for a component is an error, as is a malformed file. Errors name
// the file, line and column.
//
// Everything here is a pure function of its arguments except read_owners (which reads through the
// Fs it is given); thread-safe.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upkeep/fs.h"
#include "upkeep/inventory.h"
#include "upkeep/purl.h"
#include "upkeep/status.h"

namespace upkeep::maintenance {

// The name owners files look for at the root of a directory target.
inline constexpr std::string_view kOwnersFileName = "upkeep-owners.toml";

// Who a group is.
enum class GroupKind : uint8_t { kInternal, kVendor, kDistribution, kCommunity };
// "internal", "vendor", "distribution", "community".
std::string_view group_kind_name(GroupKind kind);

// How a group's patches arrive.
enum class PatchChannel : uint8_t { kUnspecified, kApt, kRegistry, kVendorPortal, kOther };
// "", "apt", "registry", "vendor-portal", "other".
std::string_view patch_channel_name(PatchChannel channel);

// How specific a pattern is, for "most specific wins". Compared member by member:
//   1. exact_name: a pattern without '*' in its namespace/name beats any pattern with one;
//   2. literal: more literal (non-'*') characters in the namespace/name path win
//      ("@babel/" in pkg:npm/@babel/* is 7, beating pkg:npm/* with 0);
//   3. constraints: then a pattern that also fixes a version or qualifiers wins, one point for a
//      version and one per qualifier (pkg:deb/debian/*?distro=debian-12 beats pkg:deb/debian/*).
// Equal specificities from two groups matching the same component are a tie (an error).
struct Specificity {
  bool exact_name = false;
  size_t literal = 0;
  size_t constraints = 0;
  auto operator<=>(const Specificity&) const = default;
};

// A purl pattern: "pkg:TYPE/NAMESPACE/NAME" with '*' wildcards in the namespace and name (a '*'
// matches any run of characters, '/' included, so pkg:golang/github.com/acme/* matches the
// module github.com/acme/tool/v2), optionally "@VERSION" (exact, or with '*': @1.*) and
// "?key=value" qualifiers that the component's purl must carry with exactly that value
// (?distro=debian-12). The type is literal. The namespace and name are normalised as the purl
// type says (include/upkeep/purl.h): pkg:pypi/Django_* is pkg:pypi/django-*, pkg:npm/%40acme/*
// is pkg:npm/@acme/*. A version is compared as a string.
struct Pattern {
  std::string text;  // as written in the file, for messages
  std::string type;
  std::string path;  // "namespace/name" (or "name"), normalised, '*' wildcards
  std::string version;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // sorted by key
  uint64_t line = 0;  // where the pattern's string starts in the owners file (from 1)
  uint64_t column = 0;

  // Parses a pattern. An error (kInvalidArgument) says what is wrong without a position: not a
  // purl (the purl rules of include/upkeep/purl.h, e.g. a deb purl needs a namespace), a '*' in
  // the type or a qualifier, a subpath, or a type whose normalisation would change a '*'.
  static Result<Pattern> parse(std::string_view text);

  // Whether the component `component` (a parsed, normalised purl) matches.
  bool matches(const purl::Purl& component) const;
  Specificity specificity() const;
  // The canonical form ("pkg:npm/@acme/*?distro=x"): two patterns with the same key are the same
  // pattern, whatever their spelling.
  std::string key() const;
};

struct Group {
  std::string name;
  GroupKind kind = GroupKind::kInternal;
  std::string contact;  // an address, a URL or a name; may be empty
  std::string notices;  // where the group publishes its security notices (URL or text)
  PatchChannel patches = PatchChannel::kUnspecified;
  std::string patches_detail;   // e.g. "npm, via Renovate", the portal's URL
  std::vector<Pattern> claims;  // never empty in a parsed file
  uint64_t line = 0;            // the [[group]] header
  uint64_t column = 0;
};

struct OwnersFile {
  std::string source;         // the file as messages name it
  std::vector<Group> groups;  // in file order
  std::vector<Pattern> key;   // components matching one of these are key
  // A [policy] table was present: accepted and not read here; `upkeep review` reads it
  // (review::parse_policy, include/upkeep/review.h).
  bool has_policy = false;

  // "source:line:column".
  std::string where(uint64_t line, uint64_t column) const;
};

// Parses an owners file. `source` names it in messages. On error (kInvalidArgument) the message
// has one line per problem, in file order, each "source:line:column: what is wrong": TOML syntax,
// a value of the wrong type, an unknown key (a [policy] table is accepted and not read), a group
// without a name or kind or claims, a group name used twice (compared without regard to case),
// an invalid kind or patch channel, an invalid pattern, the same pattern claimed twice. At most
// 50 problems are listed.
Result<OwnersFile> parse_owners(std::string_view text, std::string_view source);

// Reads `path` from `fs` (at most 4 MiB) and parses it, naming it `source` in messages
// (fs.describe(path) when empty). An error (kIoError, kNotFound, kInvalidArgument for a file
// too large) naming the file when it cannot be read.
Result<OwnersFile> read_owners(const Fs& fs, std::string_view path, std::string_view source = {});

// What the owners file says of one inventory component.
struct Owner {
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();
  size_t group = kNone;  // index into OwnersFile::groups, kNone without a group
  size_t claim = kNone;  // index into that group's claims: the pattern that won
  bool key = false;      // matches a `key` pattern

  bool has_group() const { return group != kNone; }
};

// A pattern of a group's claims.
struct ClaimRef {
  size_t group = 0;
  size_t claim = 0;
};

struct Assignment {
  std::vector<Owner> components;  // one per inventory component, in the inventory's order
  // Claims that match no component of the inventory (whether or not they won it), in file order.
  // A claim that matches only components a more specific pattern took is used.
  std::vector<ClaimRef> unused_claims;
  std::vector<size_t> unused_key;  // indexes into OwnersFile::key, likewise

  size_t without_group() const;
  size_t key_without_group() const;
};

// Gives each component of `inventory` its group: the group of the most specific claim that
// matches its purl (Specificity), none when no claim does or its purl does not parse. An error
// (kInvalidArgument) when two groups' patterns of equal specificity both match a component and
// none beats them: "source:line:column" of both patterns, the component and what to do (one line
// per tied pattern pair, at most 50).
Result<Assignment> assign_owners(const OwnersFile& owners, const inventory::Inventory& inventory);

// OK when every claim matched a component; otherwise (kInvalidArgument) one line per unused
// claim, "source:line:column: pattern "..." of group "..." claims no component of the inventory".
Status check_claims_used(const OwnersFile& owners, const Assignment& assignment);

}  // namespace upkeep::maintenance
