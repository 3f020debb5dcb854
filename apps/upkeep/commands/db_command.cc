// SPDX-License-Identifier: Apache-2.0
//
// upkeep db import | status  (and `update`, wired in db_update_command.cc)
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "commands/commands.h"
#include "upkeep/advisory_store.h"
#include "upkeep/json_writer.h"

namespace upkeep::cli {
namespace {

constexpr size_t kProblemsShown = 20;

std::string age_text(std::chrono::seconds age) {
  const auto s = age.count();
  if (s < 0) return "in the future";
  if (s < 120) return fmt::format("{} s", s);
  if (s < 2 * 3600) return fmt::format("{} min", s / 60);
  if (s < 2 * 86400) return fmt::format("{} h", s / 3600);
  return fmt::format("{} days", s / 86400);
}

std::string utc_text(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string problem_text(const advisory::ImportProblem& p) {
  std::string where = p.file;
  if (!p.entry.empty()) where += ": " + p.entry;
  if (!p.location.empty()) where += ": " + p.location;
  return fmt::format("{}: {}{}", where, p.message, p.skipped ? " (skipped)" : "");
}

}  // namespace

std::string eol_summary(const advisory::ImportReport& r) {
  if (r.eol_products + r.distro_releases + r.support_entries == 0) return {};
  return fmt::format(
      "end of life: {} endoflife.date products ({} release cycles), {} distribution releases, "
      "{} debian-security-support entries",
      r.eol_products, r.eol_cycles, r.distro_releases, r.support_entries);
}

namespace {

int run_import(const std::string& db_flag, const std::vector<std::string>& files, bool replace,
               bool verbose, bool quiet) {
  const std::string db = advisory::database_path(db_flag);
  advisory::ImportOptions options;
  options.replace = replace;
  if (!quiet && ::isatty(STDERR_FILENO)) {
    options.on_file = [](const std::string& f) { fmt::print(stderr, "upkeep: read {}\n", f); };
  }
  auto report = advisory::import_files(db, files, options);
  if (!report.is_ok()) {
    fmt::print(stderr, "upkeep: db import: {}\n", report.status().message());
    return kExitUsage;
  }
  const auto& r = *report;
  size_t skipped = 0;
  for (const auto& p : r.problems)
    skipped += p.skipped;
  if (!quiet) {
    size_t shown = 0;
    for (const auto& p : r.problems) {
      if (!verbose && (!p.skipped || shown >= kProblemsShown)) continue;
      fmt::print(stderr, "upkeep: {}\n", problem_text(p));
      ++shown;
    }
    if (!verbose && r.problems.size() > shown) {
      fmt::print(stderr,
                 "upkeep: {} more problems ({} inputs skipped in all, the rest fields dropped "
                 "from kept records); --verbose lists them\n",
                 r.problems.size() - shown, skipped);
    }
    fmt::print(stderr,
               "upkeep: {}: {} OSV records read ({} new, {} replaced by a later modified, {} "
               "unchanged; {} withdrawn), {} KEV entries, {} EPSS scores, {} inputs skipped\n",
               db, r.records_read, r.records_added, r.records_replaced, r.records_kept, r.withdrawn,
               r.kev_entries, r.epss_scores, skipped);
    if (const std::string eol = eol_summary(r); !eol.empty()) {
      fmt::print(stderr, "upkeep: {}: {}\n", db, eol);
    }
  }
  return kExitOk;
}

int run_status(const std::string& db_flag, const std::string& format) {
  const std::string db = advisory::database_path(db_flag);
  auto store = advisory::Store::open(db);
  if (!store.is_ok()) {
    fmt::print(stderr, "upkeep: {}\n", store.status().message());
    return kExitDatabase;
  }
  auto sources = (*store)->sources();
  auto count = (*store)->record_count();
  if (!sources.is_ok() || !count.is_ok()) {
    fmt::print(stderr, "upkeep: {}: {}\n", db,
               (!sources.is_ok() ? sources.status() : count.status()).message());
    return kExitDatabase;
  }
  const auto now = std::chrono::system_clock::now();
  const auto age = (*store)->age(now);
  if (format == "json") {
    std::string out;
    JsonWriter w(out);
    w.begin_object().field("database", db).field("schema_version", advisory::kStoreSchemaVersion);
    w.field("records", static_cast<uint64_t>(*count));
    if (age) w.field("age_seconds", static_cast<int64_t>(age->count()));
    w.key("sources").begin_array();
    for (const auto& s : *sources) {
      const auto source_age =
          std::chrono::duration_cast<std::chrono::seconds>(now - s.imported_at).count();
      w.begin_object().field("name", s.name).field("kind", s.kind).field("records", s.records);
      w.field("newest", s.newest).field("file", s.file);
      w.field("imported_at", utc_text(s.imported_at))
          .field("age_seconds", static_cast<int64_t>(source_age));
      w.end_object();
    }
    w.end_array().end_object();
    fmt::print("{}\n", out);
    return kExitOk;
  }
  fmt::print("{}: {} records, last import {}\n", db, *count,
             age ? age_text(*age) + " ago" : std::string("never"));
  // The end-of-life sources have longer names ("debian-security-support/deb12").
  size_t width = 14;
  for (const auto& s : *sources)
    width = std::max(width, s.name.size());
  fmt::print("{:<{}} {:<5} {:>8}  {:<30} {:<21} {:>9}  {}\n", "SOURCE", width, "KIND", "RECORDS",
             "NEWEST", "IMPORTED", "AGE", "FILE");
  for (const auto& s : *sources) {
    fmt::print("{:<{}} {:<5} {:>8}  {:<30} {:<21} {:>9}  {}\n", s.name, width, s.kind, s.records,
               s.newest, utc_text(s.imported_at),
               age_text(std::chrono::duration_cast<std::chrono::seconds>(now - s.imported_at)),
               s.file);
  }
  return kExitOk;
}

}  // namespace

void add_db_command(CLI::App& root, CommandOutcome& outcome) {
  CLI::App* db = root.add_subcommand(
      "db", "The advisory database (OSV records, CISA KEV, EPSS): import, update, status");
  db->require_subcommand(1);
  const std::string db_help =
      "Database file (default: $UPKEEP_DB, else $XDG_CACHE_HOME/upkeep/advisories.db, else "
      "~/.cache/upkeep/advisories.db)";

  struct ImportArgs {
    std::string db;
    std::vector<std::string> files;
    bool replace = false, verbose = false, quiet = false;
  };
  auto args = std::make_shared<ImportArgs>();
  CLI::App* import = db->add_subcommand(
      "import",
      "Import advisories from files, detected by content: OSV zips (all.zip layout), "
      "directories of OSV *.json, OSV JSON files, the CISA KEV catalogue, EPSS CSV (plain or "
      "gzipped); end-of-life data: endoflife.date's products zip, distro-info-data's "
      "debian.csv/ubuntu.csv, debian-security-support's security-support-ended.debNN and "
      "security-support-limited. Atomic: the database is replaced whole or not at all.");
  import->add_option("--db", args->db, db_help);
  import->add_option("files", args->files, "Files or directories")->required();
  import->add_flag("--replace", args->replace, "Start from an empty database");
  import->add_flag("-v,--verbose", args->verbose, "List every problem found in the inputs");
  import->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  import->callback([&outcome, args] {
    outcome.exit_code = run_import(args->db, args->files, args->replace, args->verbose,
                                   args->quiet);
});

auto status_db = std::make_shared<std::string>();
auto format = std::make_shared<std::string>("table");
CLI::App* status = db->add_subcommand(
    "status", "Per source: records, newest data, import time and age. Exit 3 without database.");
status->add_option("--db", *status_db, db_help);
status->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
status->callback([&outcome, status_db, format] {
  outcome.exit_code = run_status(*status_db, *format);
});

add_db_update_command(*db, outcome);
}  // namespace upkeep::cli

}  // namespace upkeep::cli
