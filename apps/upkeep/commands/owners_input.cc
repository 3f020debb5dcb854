// SPDX-License-Identifier: Apache-2.0
#include "commands/owners_input.h"

#include <fmt/core.h>

#include <utility>

#include "upkeep/fs.h"
#include "upkeep/utf8.h"

namespace upkeep::cli {
namespace {

// Reads `name` inside the directory `dir`, naming it `shown`.
Result<maintenance::OwnersFile> read_in(const std::string& dir, std::string_view name,
                                        const std::string& shown) {
  auto fs = open_directory_fs(dir);
  if (!fs) return fs.status().with_context("reading the owners file " + shown);
  return maintenance::read_owners(**fs, "/" + std::string(name), shown);
}

}  // namespace

void print_problems(std::string_view message, std::string_view label) {
  while (!message.empty()) {
    const size_t end = message.find('\n');
    // The lines quote the files (patterns, names): nothing in them may steer a terminal or a CI
    // log.
    fmt::print(stderr, "upkeep: {}{}\n", label, printable_text(message.substr(0, end)));
    message = end == std::string_view::npos ? std::string_view() : message.substr(end + 1);
  }
}

Result<std::optional<OwnersSource>> find_owners(const std::string& explicit_path,
                                                const std::vector<inventory::TargetSpec>& targets,
                                                bool required) {
  if (!explicit_path.empty()) {
    const std::string_view base = base_name(explicit_path);
    const size_t cut = explicit_path.size() - base.size();
    const std::string dir = cut == 0 ? "." : explicit_path.substr(0, cut);
    return std::optional<OwnersSource>(
        OwnersSource{explicit_path, read_in(dir, base, explicit_path)});
  }
  std::vector<std::pair<std::string, std::string>> found;  // directory, shown path
  for (const auto& t : targets) {
    if (t.kind != inventory::TargetSpec::Kind::kPath) continue;
    auto fs = open_directory_fs(t.path);
    if (!fs) continue;  // not a directory: a lockfile, an SBOM
    auto info = (*fs)->stat("/" + std::string(maintenance::kOwnersFileName));
    if (!info || info->type != FileType::kRegular) continue;
    std::string shown = t.path;
    if (!shown.ends_with('/')) shown += '/';
    found.emplace_back(t.path, shown + std::string(maintenance::kOwnersFileName));
  }
  if (found.empty()) {
    if (!required) return std::optional<OwnersSource>();
    return Status::not_found(fmt::format(
        "no owners file: give --owners FILE, or put {} at the root of a directory target",
        maintenance::kOwnersFileName));
  }
  if (found.size() > 1) {
    return Status::invalid_argument(
        fmt::format("{} and {} are both owners files: choose one with --owners", found[0].second,
                    found[1].second));
  }
  fmt::print(stderr, "upkeep: owners from {}\n", found[0].second);
  return std::optional<OwnersSource>(OwnersSource{
      found[0].second, read_in(found[0].first, maintenance::kOwnersFileName, found[0].second)});
}

bool attach_owners(const maintenance::OwnersFile& owners, const std::string& path,
                   report::ScanResult& scan) {
  auto assignment = maintenance::assign_owners(owners, scan.inventory);
  if (!assignment) {
    print_problems(assignment.status().message());
    return false;
  }
  if (Status used = maintenance::check_claims_used(owners, *assignment); !used) {
    print_problems(used.message(), "warning: ");
  }
  scan.owners_path = path;
  scan.owners.clear();
  scan.owners.reserve(assignment->components.size());
  for (const maintenance::Owner& o : assignment->components) {
    report::ComponentOwner out;
    out.key = o.key;
    if (o.has_group()) {
      const maintenance::Group& g = owners.groups[o.group];
      out.group = g.name;
      out.kind = std::string(maintenance::group_kind_name(g.kind));
      out.contact = g.contact;
    }
    scan.owners.push_back(std::move(out));
  }
  return true;
}

}  // namespace upkeep::cli
