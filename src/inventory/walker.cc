// SPDX-License-Identifier: Apache-2.0
//
// Directory walks and the dispatch of files to extractors, for paths, the host and merged image
// trees. The walk is iterative, visits entries in name order (so output and warnings are
// deterministic), never follows a symbolic link and never leaves the Fs root.
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "inventory/targets.h"
#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

// Pseudo and volatile file systems of a running host: nothing installed lives there, and
// walking /proc would read every process.
constexpr std::array<std::string_view, 4> kHostSkips = {"/proc", "/sys", "/dev", "/run"};

bool wanted(const Extractor& e, const Options& options) {
  return options.only_extractors.empty() ||
         std::find(options.only_extractors.begin(), options.only_extractors.end(), e.id()) !=
             options.only_extractors.end();
}

// Runs one extractor on one file; an extractor must not throw, but a library under it might.
void run_extractor(const Extractor& e, const FileRef& file, ExtractContext& ctx) {
  if (file.info.size > e.max_file_size()) {
    ctx.set_current(file.path, e.id());
    ctx.warn("skipped: " + std::to_string(file.info.size) + " bytes is more than the " +
             std::to_string(e.max_file_size()) + " this reader accepts");
    return;
  }
  ctx.set_current(file.path, e.id());
  try {
    e.extract(file, ctx);
  } catch (const std::exception& ex) {
    ctx.warn(std::string("reading stopped: ") + ex.what());
  } catch (...) {
    ctx.warn("reading stopped: unknown error");
  }
}

// The entries of `dir` in name order; nullopt, with a warning, when it cannot be listed.
std::optional<std::vector<DirEntryInfo>> sorted_entries(const Fs& fs, const std::string& dir,
                                                        std::vector<Diagnostic>& warnings) {
  auto entries = fs.list_dir_info(dir);
  if (!entries.is_ok()) {
    Diagnostic d;
    d.file = dir;
    d.message = "cannot list directory: " + entries.status().message();
    warnings.push_back(std::move(d));
    return std::nullopt;
  }
  std::sort(entries->begin(), entries->end(),
            [](const DirEntryInfo& a, const DirEntryInfo& b) { return a.name < b.name; });
  return std::move(entries).value();
}

// Every wanted extractor that claims `file`, in the registry's order.
void dispatch(const FileRef& file, const Options& options, ExtractContext& ctx) {
  for (const Extractor* e : all_extractors()) {
    if (!wanted(*e, options)) continue;
    if (!e->claims(file)) continue;
    run_extractor(*e, file, ctx);
  }
}

bool skipped_name(std::string_view name, const Options& options) {
  return std::find(options.skip_names.begin(), options.skip_names.end(), name) !=
         options.skip_names.end();
}

// When every extractor that runs has fixed locations, those locations (sorted, unique): the
// only paths a walk from the Fs root could hand them. nullopt: the tree must be walked.
std::optional<std::vector<std::string_view>> fixed_locations(const Options& options) {
  if (options.only_extractors.empty()) return std::nullopt;
  std::vector<std::string_view> out;
  for (const Extractor* e : all_extractors()) {
    if (!wanted(*e, options)) continue;
    const auto locations = e->fixed_locations();
    if (locations.empty()) return std::nullopt;
    out.insert(out.end(), locations.begin(), locations.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Visits what a walk from "/" would visit of `location`: nothing unless every directory above it
// is one the walk enters (a real directory, not a link, not skipped); then the file, or the
// regular files directly in the directory.
void visit_location(const Fs& fs, std::string_view location, const Options& options,
                    ExtractContext& ctx, std::vector<Diagnostic>& warnings) {
  const std::string path = normalize_path(location);
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string_view dir = std::string_view(path).substr(0, slash);
    auto info = fs.lstat(dir);
    if (!info.is_ok() || info->type != FileType::kDirectory) return;
    if (skipped_name(dir.substr(dir.rfind('/') + 1), options)) return;
    if (options.skip_pseudo_filesystems &&
        std::find(kHostSkips.begin(), kHostSkips.end(), dir) != kHostSkips.end()) {
      return;
    }
  }
  auto info = fs.lstat(path);
  if (!info.is_ok()) return;
  const std::string_view name = std::string_view(path).substr(path.rfind('/') + 1);
  if (info->type == FileType::kRegular) {
    dispatch(FileRef{path, name, *info}, options, ctx);
    return;
  }
  if (info->type != FileType::kDirectory || skipped_name(name, options)) return;
  const auto entries = sorted_entries(fs, path, warnings);
  if (!entries) return;
  for (const DirEntryInfo& entry : *entries) {
    if (entry.info.type != FileType::kRegular) continue;
    const std::string child = join_path(path, entry.name);
    dispatch(FileRef{child, entry.name, entry.info}, options, ctx);
  }
}

}  // namespace

void walk_and_extract(const Fs& fs, std::string_view root, const OsRelease* os,
                      const Options& options, std::vector<Component>& components,
                      std::vector<Diagnostic>& warnings) {
  ExtractContext ctx(fs, os, components, warnings);
  const bool host_root = options.skip_pseudo_filesystems;
  if (normalize_path(root) == "/") {
    if (auto locations = fixed_locations(options)) {
      for (std::string_view location : *locations)
        visit_location(fs, location, options, ctx, warnings);
      return;
    }
  }
  std::vector<std::string> dirs = {normalize_path(root)};
  while (!dirs.empty()) {
    const std::string dir = std::move(dirs.back());
    dirs.pop_back();
    const auto entries = sorted_entries(fs, dir, warnings);
    if (!entries) continue;
    std::vector<std::string> subdirs;
    for (const DirEntryInfo& entry : *entries) {
      const std::string path = join_path(dir, entry.name);
      if (entry.info.type == FileType::kDirectory) {
        if (skipped_name(entry.name, options)) continue;
        if (host_root &&
            std::find(kHostSkips.begin(), kHostSkips.end(), path) != kHostSkips.end()) {
          continue;
        }
        subdirs.push_back(path);
        continue;
      }
      // Links are not followed; devices and sockets are skipped.
      if (entry.info.type != FileType::kRegular) continue;
      dispatch(FileRef{path, entry.name, entry.info}, options, ctx);
    }
    // Depth first, in name order: push in reverse so the first name is visited first.
    for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it)
      dirs.push_back(std::move(*it));
  }
}

Result<TargetSpec> parse_target(std::string_view arg) {
  TargetSpec t;
  t.original = std::string(arg);
  if (arg.empty()) return Status::invalid_argument("empty target");
  if (arg == "host" || arg == "/") {
    t.kind = TargetSpec::Kind::kHost;
    t.path = "/";
  } else if (arg.starts_with("image:")) {
    t.kind = TargetSpec::Kind::kImage;
    t.path = std::string(arg.substr(6));
  } else if (arg.starts_with("sbom:")) {
    t.kind = TargetSpec::Kind::kSbom;
    t.path = std::string(arg.substr(5));
  } else {
    t.kind = TargetSpec::Kind::kPath;
    t.path = std::string(arg);
  }
  if (t.path.empty())
    return Status::invalid_argument("target \"" + t.original + "\" names no file");
  return t;
}

namespace {

// A single file given as a target: the extractors that claim it by name, else the SBOM reader
// when the content looks like one.
// Components and warnings of a path target name files as the user can open them: the target's
// path joined with the path inside it.
void relocate(const std::string& base, size_t first_component, size_t first_warning,
              Inventory& out) {
  auto fix = [&](std::string& p) {
    if (base != "/") p = base + (base.ends_with('/') ? p.substr(1) : p);
  };
  for (size_t i = first_component; i < out.components.size(); ++i)
    fix(out.components[i].location);
  for (size_t i = first_warning; i < out.warnings.size(); ++i)
    fix(out.warnings[i].file);
}

Status inventory_file(const TargetSpec& target, bool force_sbom, const Options& options,
                      Inventory& out, TargetInfo& info) {
  const size_t first_component = out.components.size();
  const size_t first_warning = out.warnings.size();
  std::string dir(parent_path(target.path));
  std::string name(base_name(target.path));
  if (target.path.find('/') == std::string::npos) dir = ".";
  auto fs = open_directory_fs(dir);
  if (!fs.is_ok()) return fs.status().with_context(target.original);
  const std::string path = "/" + name;
  auto st = (*fs)->stat(path);
  if (!st.is_ok()) return st.status();
  FileRef ref{path, name, *st};
  ExtractContext ctx(**fs, nullptr, out.components, out.warnings);
  bool claimed = false;
  if (!force_sbom) {
    for (const Extractor* e : all_extractors()) {
      if (!wanted(*e, options) || !e->claims(ref)) continue;
      claimed = true;
      if (e->id() == detail::kSbomExtractorId) info.kind = "sbom";
      run_extractor(*e, ref, ctx);
    }
  }
  if (!claimed) {
    // Not claimed by name: ask by content (or force the SBOM reader for sbom:FILE).
    auto text = (*fs)->read_file(path, 64 << 10);
    std::string head;
    if (!text.is_ok()) {
      // Larger than the sniffing window: read just its start.
      if (auto reader = (*fs)->open(path); reader.is_ok()) {
        head.resize(64 << 10);
        auto n = (*reader)->read(head.data(), head.size());
        head.resize(n.is_ok() ? *n : 0);
      }
    } else {
      head = std::move(*text);
    }
    for (const Extractor* e : all_extractors()) {
      if (!wanted(*e, options)) continue;
      const bool match =
          force_sbom ? e->id() == detail::kSbomExtractorId : e->recognizes(name, head);
      if (!match) continue;
      if (e->id() == detail::kSbomExtractorId) info.kind = "sbom";
      claimed = true;
      run_extractor(*e, ref, ctx);
      break;
    }
  }
  if (!claimed) {
    return Status::invalid_argument(target.original +
                                    ": not a lockfile, manifest, package database or SBOM that "
                                    "upkeep reads");
  }
  // Extractors may name other files (an included requirements file); only the target's own
  // name is replaced, also where it leads a member's ("app.jar!/BOOT-INF/lib/x.jar").
  auto own = [&](std::string& p) {
    if (p == path) {
      p = target.path;
      return true;
    }
    if (p.size() > path.size() + 2 && p.starts_with(path) && p.compare(path.size(), 2, "!/") == 0) {
      p = target.path + p.substr(path.size());
      return true;
    }
    return false;
  };
  for (size_t i = first_warning; i < out.warnings.size(); ++i) {
    auto& f = out.warnings[i].file;
    if (!own(f)) f = join_path(dir, f.substr(1));
  }
  for (size_t i = first_component; i < out.components.size(); ++i) {
    auto& l = out.components[i].location;
    if (!own(l) && !l.empty() && l.front() == '/') l = join_path(dir, l.substr(1));
  }
  return Status::ok();
}

}  // namespace

Status inventory_target(const TargetSpec& target, const Options& options, Inventory& out) {
  TargetInfo info;
  info.spec = target.original;
  switch (target.kind) {
    case TargetSpec::Kind::kImage:
      return detail::inventory_image(target, options, out);
    case TargetSpec::Kind::kSbom: {
      info.kind = "sbom";
      Status s = inventory_file(target, true, options, out, info);
      if (!s.is_ok()) return s;
      out.targets.push_back(std::move(info));
      return Status::ok();
    }
    case TargetSpec::Kind::kHost:
    case TargetSpec::Kind::kPath:
      break;
  }
  struct stat st {};
  if (::stat(target.path.c_str(), &st) != 0) {
    return Status::not_found(target.original + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    info.kind = "file";
    Status s = inventory_file(target, false, options, out, info);
    if (!s.is_ok()) return s;
    out.targets.push_back(std::move(info));
    return Status::ok();
  }
  auto fs = open_directory_fs(target.path);
  if (!fs.is_ok()) return fs.status();
  info.kind = target.kind == TargetSpec::Kind::kHost ? "host" : "directory";
  info.os = read_os_release(**fs);
  Options walk_options = options;
  walk_options.skip_pseudo_filesystems = target.kind == TargetSpec::Kind::kHost;
  const size_t first_component = out.components.size();
  const size_t first_warning = out.warnings.size();
  walk_and_extract(**fs, "/", info.os ? &*info.os : nullptr, walk_options, out.components,
                   out.warnings);
  if (target.kind == TargetSpec::Kind::kPath) {
    relocate(target.path, first_component, first_warning, out);
  }
  out.targets.push_back(std::move(info));
  return Status::ok();
}

}  // namespace upkeep::inventory
