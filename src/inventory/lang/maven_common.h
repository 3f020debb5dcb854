// SPDX-License-Identifier: Apache-2.0
//
// What the Java extractors (pom.xml, gradle.lockfile, java-archive) share: Maven coordinates as
// Components and purls, and the check Maven itself applies to group and artifact ids.
#pragma once

#include <string>
#include <string_view>

#include "upkeep/inventory.h"

namespace upkeep::inventory::maven {

inline constexpr std::string_view kEcosystem = "Maven";

// Maven's own rule for groupId and artifactId (DefaultModelValidator: [A-Za-z0-9_\-.]+).
bool valid_id(std::string_view id);

// pkg:maven/<group>/<artifact>@<version>, with `type` and `classifier` qualifiers when the
// artifact is not a plain jar (the purl spec's maven type). An empty version leaves it out;
// an empty group leaves the namespace out.
std::string purl(std::string_view group, std::string_view artifact, std::string_view version,
                 std::string_view type = {}, std::string_view classifier = {});

// A Component named "group:artifact" (or "artifact" alone when the group is unknown) with its
// purl filled in; the caller sets scope, relationship and notes.
Component component(std::string_view group, std::string_view artifact, std::string_view version,
                    std::string_view type = {}, std::string_view classifier = {});

// Text with the ASCII white space at both ends removed.
std::string_view trim(std::string_view text);

}  // namespace upkeep::inventory::maven
