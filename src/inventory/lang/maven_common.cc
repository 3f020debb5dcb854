// SPDX-License-Identifier: Apache-2.0
#include "inventory/lang/maven_common.h"

#include "upkeep/purl.h"

namespace upkeep::inventory::maven {

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string purl(std::string_view group, std::string_view artifact, std::string_view version,
                 std::string_view type, std::string_view classifier) {
  purl::Purl p;
  p.type = "maven";
  p.namespace_path = std::string(group);
  p.name = std::string(artifact);
  p.version = std::string(version);
  // The spec's default type is jar: only other types are qualified.
  if (!type.empty() && type != "jar") p.set_qualifier("type", type);
  p.set_qualifier("classifier", classifier);
  return purl::to_string(p);
}

Component component(std::string_view group, std::string_view artifact, std::string_view version,
                    std::string_view type, std::string_view classifier) {
  Component c;
  c.ecosystem = std::string(kEcosystem);
  c.name = group.empty() ? std::string(artifact) : std::string(group) + ":" + std::string(artifact);
  c.version = std::string(version);
  c.purl = purl(group, artifact, version, type, classifier);
  return c;
}

std::string_view trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && space(text.back()))
    text.remove_suffix(1);
  return text;
}

}  // namespace upkeep::inventory::maven
