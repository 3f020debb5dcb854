// SPDX-License-Identifier: Apache-2.0
//
// Finding and reading the owners file, for the commands that use one (owners, scan, review).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/inventory.h"
#include "upkeep/owners.h"
#include "upkeep/scan_report.h"
#include "upkeep/status.h"

namespace upkeep::cli {

// Owners file problems come one a line: each gets the "upkeep: " prefix and `label` ("warning: "),
// as one message each would, with anything unprintable replaced.
void print_problems(std::string_view message, std::string_view label = "");

struct OwnersSource {
  std::string path;  // as messages and the report name it
  Result<maintenance::OwnersFile> file = Status::not_found("no owners file");
};

// The owners file `explicit_path` (--owners) when given, else the upkeep-owners.toml at the root
// of the one directory target that has one; nullopt when there is none and `required` is false.
// An error (the message to print) when none is found and one is `required`, or when two
// directory targets have one. The file itself is read: its problems are in OwnersSource::file.
Result<std::optional<OwnersSource>> find_owners(const std::string& explicit_path,
                                                const std::vector<inventory::TargetSpec>& targets,
                                                bool required);

// Each component's group from `owners` into scan.owners (and scan.owners_path = `path`). False
// after printing the problems when two groups tie for a component. A claim that matches nothing
// is printed as a warning: here the file only adds the groups to another report, and an
// organisation's owners file names more than one scan holds (`upkeep owners` itself, whose job is
// the file, fails on it).
bool attach_owners(const maintenance::OwnersFile& owners, const std::string& path,
                   report::ScanResult& scan);

}  // namespace upkeep::cli
