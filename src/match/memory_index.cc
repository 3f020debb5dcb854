// SPDX-License-Identifier: Apache-2.0
//
// The in-memory RecordSource: every record once, and a map from (ecosystem, normalized name) of
// each of its affected entries to it.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upkeep/advisory.h"
#include "upkeep/matcher.h"

namespace upkeep::match {
namespace {

std::string key_of(std::string_view ecosystem, std::string_view normalized_name) {
  std::string key;
  key.reserve(ecosystem.size() + 1 + normalized_name.size());
  key.append(ecosystem);
  key.push_back('\0');  // neither ecosystems nor names contain NUL in any record we accept
  key.append(normalized_name);
  return key;
}

}  // namespace

void MemoryIndex::add(advisory::Record record) {
  const size_t at = records_.size();
  for (const advisory::Affected& a : record.affected) {
    std::vector<size_t>& slot =
        index_[key_of(a.ecosystem, advisory::normalize_package_name(a.ecosystem, a.name))];
    // A record with two entries for one package (per-platform entries) is listed once.
    if (slot.empty() || slot.back() != at) slot.push_back(at);
  }
  records_.push_back(std::move(record));
}

Result<std::vector<advisory::Record>> MemoryIndex::records_for(
    std::string_view ecosystem, std::string_view normalized_name) const {
  std::vector<advisory::Record> out;
  auto it = index_.find(key_of(ecosystem, normalized_name));
  if (it == index_.end()) return out;
  out.reserve(it->second.size());
  for (size_t i : it->second)
    out.push_back(records_[i]);
  return out;
}

Status MemoryIndex::for_each_record(std::string_view ecosystem, std::string_view normalized_name,
                                    const std::function<void(const advisory::Record&)>& fn) const {
  auto it = index_.find(key_of(ecosystem, normalized_name));
  if (it == index_.end()) return Status::ok();
  for (size_t i : it->second)
    fn(records_[i]);
  return Status::ok();
}

}  // namespace upkeep::match
