// SPDX-License-Identifier: Apache-2.0
#include "inventory/os/distro.h"

namespace upkeep::inventory::os {

std::optional<OsRelease> find_os_release(const ExtractContext& ctx, std::string_view db_path) {
  if (ctx.os() != nullptr) return *ctx.os();
  const std::string beside = join_path(parent_path(db_path), "os-release");
  auto text = ctx.fs().read_file(beside, 1 << 20);
  if (!text.is_ok()) return std::nullopt;
  OsRelease os = parse_os_release(*text);
  if (os.id.empty()) return std::nullopt;
  return os;
}

Distro distro_from(const std::optional<OsRelease>& os, std::string_view family,
                   std::string_view family_ecosystem) {
  Distro d;
  if (!os || os->id.empty()) {
    d.purl_namespace = std::string(family);
    d.ecosystem = std::string(family_ecosystem);
    return d;
  }
  d.purl_namespace = os->id;
  d.ecosystem = os->osv_ecosystem();
  // Without VERSION_ID (Debian sid, Arch) purl_distro() falls back to the codename or the bare
  // ID; a bare ID says nothing the namespace does not, so it is left out.
  d.purl_distro = os->purl_distro();
  if (d.purl_distro == os->id) d.purl_distro.clear();
  return d;
}

}  // namespace upkeep::inventory::os
