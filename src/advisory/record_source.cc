// SPDX-License-Identifier: Apache-2.0
//
// The default RecordSource::for_each_record (include/upkeep/match.h). It lives with the
// advisory library because the store implements RecordSource and the matcher library depends on
// the advisory library, not the other way round.
#include "upkeep/match.h"

namespace upkeep::match {

Status RecordSource::for_each_record(std::string_view ecosystem, std::string_view normalized_name,
                                     const std::function<void(const advisory::Record&)>& fn) const {
  auto records = records_for(ecosystem, normalized_name);
  if (!records.is_ok()) return records.status();
  for (const advisory::Record& r : *records)
    fn(r);
  return Status::ok();
}

}  // namespace upkeep::match
