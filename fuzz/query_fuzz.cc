// SPDX-License-Identifier: Apache-2.0
// The query path on arbitrary purls and records. Input: a purl, a newline, then an OSV record
// (JSON). Never a crash; an accepted purl has an ecosystem and a name to look up; and the
// prepared evaluation of QueryEngine gives, record for record and reason for reason, what
// Matcher::affecting gives, for the purl's lookup and for every entry of the record at the purl's
// version.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/matcher.h"
#include "upkeep/query.h"

namespace {

using namespace upkeep;

void same(match::QueryEngine& engine, const match::Matcher& matcher, std::string_view ecosystem,
          std::string_view name, std::string_view version) {
  std::vector<match::UnknownVerdict> want_unknown, got_unknown;
  auto want = matcher.affecting(ecosystem, name, version, &want_unknown);
  auto got = engine.affecting(ecosystem, name, version, &got_unknown);
  if (!want.is_ok() || !got.is_ok()) std::abort();
  if (*want != *got || want_unknown.size() != got_unknown.size()) std::abort();
  for (size_t i = 0; i < want_unknown.size(); ++i) {
    if (want_unknown[i].record != got_unknown[i].record) std::abort();
    if (want_unknown[i].reason != got_unknown[i].reason) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  const std::string_view purl = input.substr(0, nl);
  auto query = match::query_for_purl(purl);
  if (query.is_ok() && (query->ecosystem.empty() || query->names.empty())) std::abort();
  if (nl == std::string_view::npos) return 0;

  auto parsed = advisory::parse_osv_record(input.substr(nl + 1));
  if (!parsed.is_ok()) return 0;
  match::MemoryIndex index;
  index.add(parsed->record);
  const match::Matcher matcher(index);
  match::QueryEngine engine(index);
  std::string version = query.is_ok() ? query->names.front().version : std::string(purl);
  for (const advisory::Affected& a : parsed->record.affected)
    same(engine, matcher, a.ecosystem, a.name, version);
  if (query.is_ok()) {
    for (const match::Query::Name& n : query->names)
      same(engine, matcher, query->ecosystem, n.normalized, n.version);
    match::QueryAnswer answer;
    if (!engine.answer(*query, answer)) std::abort();
  }
  return 0;
}
