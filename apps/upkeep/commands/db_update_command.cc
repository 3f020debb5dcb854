// SPDX-License-Identifier: Apache-2.0
//
// upkeep db update: flags -> advisory::update_database -> messages and an exit code. Fetching,
// the cache and the import are in the library (include/upkeep/advisory_update.h).
#include <fmt/core.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands/commands.h"
#include "upkeep/advisory_update.h"
#include "upkeep/fetch.h"
#include "upkeep/fs.h"
#include "upkeep/inventory.h"

namespace upkeep::cli {
namespace {

struct UpdateArgs {
  std::string db;
  std::vector<std::string> ecosystems;
  std::string mirror;
  bool no_kev = false, no_epss = false, no_eol = false, quiet = false, verbose = false;
  int connect_timeout = 30, stall_timeout = 60;
};

std::string size_text(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

// One line on a terminal, redrawn in place; redrawn only when what it shows changes, so a fast
// transfer does not flood the terminal.
class ProgressBar {
 public:
  void start(const std::string& name) {
    name_ = name;
    last_.clear();
  }
  void update(uint64_t done, uint64_t total) {
    std::string line;
    if (total > 0) {
      constexpr int kWidth = 30;
      const uint64_t shown = done > total ? total : done;
      const int filled = static_cast<int>(shown * kWidth / total);
      line = fmt::format("{:<14} [{}{}] {:>3}% {}", name_, std::string(filled, '#'),
                         std::string(kWidth - filled, ' '), shown * 100 / total, size_text(total));
    } else {
      line = fmt::format("{:<14} {}", name_, size_text(done));
    }
    if (line == last_) return;
    last_ = line;
    fmt::print(stderr, "\r{}\033[K", line);
  }
  void clear() {
    if (!last_.empty()) fmt::print(stderr, "\r\033[K");
    last_.clear();
  }

 private:
  std::string name_, last_;
};

void print_source(const advisory::SourceUpdate& s, bool verbose) {
  using Outcome = fetch::Fetched::Outcome;
  switch (s.fetched.outcome) {
    case Outcome::kDownloaded:
      fmt::print(stderr, "upkeep: {}: downloaded {}{}\n", s.source.name, size_text(s.fetched.bytes),
                 verbose ? " from " + s.source.location : std::string());
      break;
    case Outcome::kNotModified:
      fmt::print(stderr, "upkeep: {}: unchanged{}\n", s.source.name,
                 verbose ? " at " + s.source.location : std::string());
      break;
    case Outcome::kFailed:
      if (s.absent) {
        fmt::print(stderr, "upkeep: {}: not published{}\n", s.source.name,
                   verbose ? " at " + s.source.location : std::string());
        break;
      }
      fmt::print(stderr, "upkeep: {}: {}{}\n", s.source.name, s.fetched.error,
                 s.skipped ? " (not tried)" : "");
      break;
  }
}

int run_update(const UpdateArgs& args) {
  const std::string db = advisory::database_path(args.db);
  auto runtime = fetch::Runtime::create();
  if (!runtime.is_ok()) {
    fmt::print(stderr, "upkeep: db update: {}\n", runtime.status().message());
    return kExitDatabase;
  }
  const bool tty = !args.quiet && ::isatty(STDERR_FILENO);
  auto bar = std::make_shared<ProgressBar>();

  fetch::Options fetch_options;
  fetch_options.connect_timeout = std::chrono::seconds(args.connect_timeout);
  fetch_options.stall_time = std::chrono::seconds(args.stall_timeout);
  fetch_options.user_agent = "upkeep/" UPKEEP_VERSION_STRING;
  if (tty)
    fetch_options.on_progress = [bar](uint64_t done, uint64_t total) { bar->update(done, total); };
  fetch::Client client(**runtime, fetch_options);

  advisory::UpdateOptions options;
  options.ecosystems = args.ecosystems;
  // A first update without --ecosystem: the language ecosystems and this host's distribution.
  {
    std::optional<inventory::OsRelease> host;
    if (auto root = open_directory_fs("/"); root.is_ok()) host = inventory::read_os_release(**root);
    options.first_ecosystems = advisory::default_osv_ecosystems(host ? &*host : nullptr);
  }
  options.kev = !args.no_kev;
  options.epss = !args.no_epss;
  options.eol = !args.no_eol;
  options.mirror = args.mirror;
  if (tty) options.on_fetch = [bar](const advisory::UpdateSource& s) { bar->start(s.name); };
  options.on_fetched = [&](const advisory::SourceUpdate& s) {
    if (tty) bar->clear();
    if (!args.quiet || (s.fetched.outcome == fetch::Fetched::Outcome::kFailed && !s.absent)) {
      print_source(s, args.verbose);
    }
  };
  if (!args.quiet) {
    options.on_import = [&db](const std::vector<std::string>& files) {
      fmt::print(stderr, "upkeep: importing {} file{} into {}\n", files.size(),
                 files.size() == 1 ? "" : "s", db);
    };
  }

  auto report = advisory::update_database(db, options, client);
  if (!report.is_ok()) {
    const Status& s = report.status();
    if (s.code() == StatusCode::kCorruption) {
      fmt::print(stderr, "upkeep: db update: {}\n", s.message());
      return kExitDatabase;
    }
    fmt::print(stderr, "upkeep: db update: {}{}\n", s.message(),
               s.code() == StatusCode::kInvalidArgument && args.ecosystems.empty() &&
                       s.message().find("no ecosystems") != std::string::npos
                   ? " (--ecosystem E[,E...])"
                   : "");
    return kExitUsage;
  }
  const advisory::UpdateReport& r = *report;
  if (r.used_first_ecosystems && !args.quiet) {
    std::string names;
    for (const auto& s : r.sources) {
      if (s.source.kind == "osv") names += (names.empty() ? "" : ",") + s.source.name;
    }
    fmt::print(stderr,
               "upkeep: no --ecosystem and none in the database: fetched the default set {} "
               "(later updates keep to the ecosystems held; --ecosystem adds others)\n",
               names);
  }
  if (r.imported && !args.quiet) {
    size_t skipped = 0;
    for (const auto& p : r.import.problems)
      skipped += p.skipped;
    fmt::print(stderr,
               "upkeep: {}: {} OSV records read ({} new, {} replaced by a later modified, {} "
               "unchanged; {} withdrawn), {} KEV entries, {} EPSS scores, {} inputs skipped\n",
               db, r.import.records_read, r.import.records_added, r.import.records_replaced,
               r.import.records_kept, r.import.withdrawn, r.import.kev_entries,
               r.import.epss_scores, skipped);
    if (const std::string eol = eol_summary(r.import); !eol.empty()) {
      fmt::print(stderr, "upkeep: {}: {}\n", db, eol);
    }
  } else if (!r.imported && r.import_status.is_ok() && !args.quiet) {
    fmt::print(stderr, "upkeep: {}: up to date, nothing to import\n", db);
  }
  if (!r.import_status.is_ok()) {
    fmt::print(stderr, "upkeep: db update: import failed, {} is as it was: {}\n", db,
               r.import_status.message());
  }
  const size_t failures = r.failures();
  if (failures > 0) {
    bool offline = false;
    for (const auto& s : r.sources)
      offline |= s.fetched.failure == fetch::Failure::kUnreachable;
    fmt::print(stderr,
               "upkeep: db update: {} of {} sources failed; {} keeps what it held of them{}\n",
               failures, r.sources.size(), db,
               offline ? ". Offline? --mirror URL|DIR reads a local copy (layout: "
                         "<Ecosystem>/all.zip, known_exploited_vulnerabilities.json, "
                         "epss_scores-current.csv.gz, eol/...: docs/advisory-store.md)"
                       : "");
  }
  return failures == 0 && r.import_status.is_ok() ? kExitOk : kExitDatabase;
}

}  // namespace

void add_db_update_command(CLI::App& db, CommandOutcome& outcome) {
  auto args = std::make_shared<UpdateArgs>();
  CLI::App* update = db.add_subcommand(
      "update",
      "Download OSV advisories (per ecosystem), the CISA KEV catalogue, EPSS scores and the "
      "end-of-life data (endoflife.date, distro-info-data, debian-security-support) from their "
      "public sources or a mirror, and import what changed. Conditional requests: an unchanged "
      "source is not downloaded again. Exit 3 when a source could not be updated.");
  update->add_option("--db", args->db,
                     "Database file (default: $UPKEEP_DB, else $XDG_CACHE_HOME/upkeep/"
                     "advisories.db, else ~/.cache/upkeep/advisories.db)");
  update
      ->add_option(
          "-e,--ecosystem", args->ecosystems,
          "OSV ecosystem to fetch, as OSV spells it (PyPI, npm, Go, crates.io, Maven, "
          "NuGet, RubyGems, Packagist, Debian, Ubuntu, Alpine, ...); repeatable or comma "
          "separated. Default: the ecosystems already in the database; when it holds none, the "
          "language ecosystems and this host's distribution")
      ->delimiter(',');
  update->add_option("--mirror", args->mirror,
                     "Fetch from a mirror instead: an http(s) base URL or a directory holding "
                     "<Ecosystem>/all.zip, known_exploited_vulnerabilities.json, "
                     "epss_scores-current.csv.gz, eol/endoflife-products.zip, "
                     "eol/distro-info-data/{debian,ubuntu}.csv, "
                     "eol/debian-security-support/security-support-{ended.debNN,limited}");
  update->add_flag("--no-kev", args->no_kev, "Do not fetch the CISA KEV catalogue");
  update->add_flag("--no-epss", args->no_epss, "Do not fetch the EPSS scores");
  update->add_flag("--no-eol", args->no_eol,
                   "Do not fetch the end-of-life data (endoflife.date, distro-info-data, "
                   "debian-security-support)");
  update
      ->add_option("--connect-timeout", args->connect_timeout,
                   "Seconds to wait for a connection (default 30)")
      ->check(CLI::Range(1, 3600));
  update
      ->add_option("--stall-timeout", args->stall_timeout,
                   "Abandon a download slower than 1 KiB/s for this many seconds (default 60)")
      ->check(CLI::Range(1, 3600));
  update->add_flag("-q,--quiet", args->quiet, "Print only failures");
  update->add_flag("-v,--verbose", args->verbose, "Name the URL or path of each source");
  update->callback([&outcome, args] { outcome.exit_code = run_update(*args); });
}

}  // namespace upkeep::cli
