// SPDX-License-Identifier: Apache-2.0
//
// The owners file on arbitrary bytes (seeded from tests/fixtures/maintenance/): an error naming
// the file and a position, or a file whose groups are assigned to a small inventory and rendered
// in every format. Never a crash; every assignment points at groups and claims that exist.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "upkeep/owners.h"
#include "upkeep/owners_report.h"

namespace {

using upkeep::maintenance::Owner;

// Components of several purl types, scoped npm and multi-segment Go paths included, and one
// without a purl.
upkeep::inventory::Inventory sample_inventory() {
  upkeep::inventory::Inventory inv;
  for (const char* purl :
       {"pkg:npm/%40acme/ui@2.1.0", "pkg:npm/express@4.18.2", "pkg:npm/acme-ui-utils@1.0.0",
        "pkg:pypi/django@4.2.1", "pkg:pypi/django-filter@23.1",
        "pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12",
        "pkg:golang/github.com/acme/tool/v2@v2.0.1", "pkg:maven/com.acme/sdk@1.0", ""}) {
    upkeep::inventory::Component c;
    c.purl = purl;
    c.name = purl;
    inv.components.push_back(std::move(c));
  }
  return inv;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto owners = upkeep::maintenance::parse_owners(text, "fuzz.toml");
  if (!owners) {
    if (!owners.status().message().starts_with("fuzz.toml:")) std::abort();
    return 0;
  }
  static const upkeep::inventory::Inventory inventory = sample_inventory();
  auto assignment = upkeep::maintenance::assign_owners(*owners, inventory);
  if (!assignment) {
    if (!assignment.status().message().starts_with("fuzz.toml:")) std::abort();
    return 0;
  }
  if (assignment->components.size() != inventory.components.size()) std::abort();
  for (const Owner& o : assignment->components) {
    if (!o.has_group()) continue;
    if (o.group >= owners->groups.size() || o.claim >= owners->groups[o.group].claims.size()) {
      std::abort();
    }
  }
  (void)upkeep::maintenance::check_claims_used(*owners, *assignment);
  upkeep::report::OwnersResult result;
  result.owners_path = "fuzz.toml";
  result.owners = std::move(owners).value();
  result.assignment = std::move(assignment).value();
  result.scan.inventory = inventory;
  upkeep::report::ReportOptions options;
  options.timestamp = 0;
  for (auto format : {upkeep::report::OwnersFormat::kTable, upkeep::report::OwnersFormat::kJson,
                      upkeep::report::OwnersFormat::kMarkdown}) {
    (void)upkeep::report::render_owners(result, format, options);
  }
  return 0;
}
