// SPDX-License-Identifier: Apache-2.0
//
// Purl patterns of owners files: parsed with the purl parser itself, so that a pattern is
// normalised exactly as the components it is matched against.
#include <algorithm>
#include <string>

#include "upkeep/glob.h"
#include "upkeep/owners.h"

namespace upkeep::maintenance {
namespace {

size_t stars(std::string_view s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '*'));
}

std::string path_of(const purl::Purl& p) {
  return p.namespace_path.empty() ? p.name : p.namespace_path + "/" + p.name;
}

}  // namespace

Result<Pattern> Pattern::parse(std::string_view text) {
  auto parsed = purl::parse(text);
  if (!parsed) {
    // The purl parser's message quotes the text as a purl; the caller quotes it as a pattern.
    std::string why = parsed.status().message();
    const std::string prefix = "invalid purl \"" + std::string(text) + "\": ";
    if (why.starts_with(prefix)) why.erase(0, prefix.size());
    return Status::invalid_argument(why);
  }
  const purl::Purl& p = *parsed;
  if (!p.subpath.empty()) return Status::invalid_argument("a pattern has no subpath (#...)");
  for (const auto& [k, v] : p.qualifiers) {
    if (stars(v) > 0) {
      return Status::invalid_argument("qualifier " + k +
                                      " has a '*': qualifiers are matched exactly");
    }
  }
  // Normalisation must keep every '*' (pub turns them into '_'): otherwise the pattern would
  // silently mean something else than what was written.
  auto decoded = purl::percent_decode(text);
  const size_t written = decoded ? stars(*decoded) : 0;
  if (stars(p.namespace_path) + stars(p.name) + stars(p.version) != written) {
    return Status::invalid_argument("the " + p.type +
                                    " type's normalisation does not keep '*' wildcards");
  }
  Pattern out;
  out.text = std::string(text);
  out.type = p.type;
  out.path = path_of(p);
  out.version = p.version;
  out.qualifiers = p.qualifiers;
  return out;
}

bool Pattern::matches(const purl::Purl& c) const {
  if (c.type != type || !glob_match(path, path_of(c))) return false;
  if (!version.empty() && !glob_match(version, c.version)) return false;
  return std::all_of(qualifiers.begin(), qualifiers.end(),
                     [&](const auto& q) { return c.qualifier(q.first) == q.second; });
}

Specificity Pattern::specificity() const {
  Specificity s;
  const size_t wild = stars(path);
  s.exact_name = wild == 0;
  s.literal = path.size() - wild;
  s.constraints = qualifiers.size() + (version.empty() ? 0 : 1);
  return s;
}

std::string Pattern::key() const {
  std::string out = "pkg:" + type + "/" + path;
  if (!version.empty()) out += "@" + version;
  for (size_t i = 0; i < qualifiers.size(); ++i) {
    out += (i == 0 ? "?" : "&") + qualifiers[i].first + "=" + qualifiers[i].second;
  }
  return out;
}

}  // namespace upkeep::maintenance
