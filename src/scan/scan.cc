// SPDX-License-Identifier: Apache-2.0
//
// The scan pipeline (include/upkeep/scan.h).
#include "upkeep/scan.h"

#include <fmt/core.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "upkeep/advisory_store.h"
#include "upkeep/debian_security.h"
#include "upkeep/enrich.h"
#include "upkeep/eol.h"
#include "upkeep/fs.h"
#include "upkeep/matcher.h"
#include "upkeep/version.h"

namespace upkeep::scan {
namespace {

using Clock = std::chrono::steady_clock;

Failure input_failure(std::string message) {
  return {FailureKind::kInput, std::move(message)};
}
Failure database_failure(std::string message) {
  return {FailureKind::kDatabase, std::move(message)};
}

std::string plural(int64_t n, std::string_view unit) {
  return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
}

// "45 minutes", "5 hours", "7 days 5 hours": precise enough that an age past a limit never reads
// as equal to it.
std::string describe_age(std::chrono::seconds age) {
  const int64_t minutes = std::chrono::duration_cast<std::chrono::minutes>(age).count();
  if (minutes < 60) return plural(minutes, "minute");
  const int64_t hours = minutes / 60;
  if (hours < 48) {
    return minutes % 60 == 0 ? plural(hours, "hour")
                             : plural(hours, "hour") + " " + plural(minutes % 60, "minute");
  }
  return hours % 24 == 0 ? plural(hours / 24, "day")
                         : plural(hours / 24, "day") + " " + plural(hours % 24, "hour");
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<std::string> read_whole_file(const std::string& path, uint64_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot be read");
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) return Status::invalid_argument(path + ": larger than the limit");
  }
  if (in.bad()) return Status::io_error(path + ": read error");
  return text;
}

// Appends `from` (one target's inventory) to `into`, shifting the findings' component indexes.
void append_inventory(inventory::Inventory& into, inventory::Inventory&& from,
                      std::vector<match::Finding>& from_findings,
                      std::vector<match::Finding>& into_findings) {
  const size_t offset = into.components.size();
  for (auto& c : from.components)
    into.components.push_back(std::move(c));
  for (auto& t : from.targets)
    into.targets.push_back(std::move(t));
  for (auto& w : from.warnings)
    into.warnings.push_back(std::move(w));
  for (auto& f : from_findings) {
    f.component += offset;
    into_findings.push_back(std::move(f));
  }
}

// The base ecosystem of a component as the store names its sources ("Debian:12" -> "Debian").
std::string base_of(const std::string& ecosystem) {
  return std::string(advisory::base_ecosystem(ecosystem));
}

// The one upgrade per component, from its open (unsuppressed) findings. The matcher's advice is
// kept where it saw everything there is (only OSV findings, none suppressed): it also knows
// which records would still affect the version it proposes. Elsewhere (findings from the
// distribution's own data, or some suppressed) the advice is the highest of the findings' fixed
// versions, or none when a finding has no fix or the fixes cannot be ordered. Components whose
// findings are all suppressed get no advice.
std::vector<match::ComponentAdvice> advise(const inventory::Inventory& inv,
                                           const std::vector<match::Finding>& findings,
                                           std::vector<match::ComponentAdvice> from_matcher) {
  struct PerComponent {
    std::vector<const match::Finding*> open;
    bool only_matcher = true;  // every finding from OSV alone, none suppressed
  };
  std::map<size_t, PerComponent> by_component;
  for (const auto& f : findings) {
    PerComponent& pc = by_component[f.component];
    const bool osv_only = f.sources.size() == 1 && f.sources.front() == "osv";
    pc.only_matcher = pc.only_matcher && osv_only && !f.suppressed;
    if (!f.suppressed) pc.open.push_back(&f);
  }
  std::map<size_t, match::ComponentAdvice> matcher;
  for (auto& a : from_matcher)
    matcher[a.component] = std::move(a);

  std::vector<match::ComponentAdvice> out;
  for (const auto& [component, pc] : by_component) {
    if (pc.open.empty()) continue;
    if (auto it = matcher.find(component); pc.only_matcher && it != matcher.end()) {
      out.push_back(std::move(it->second));
      continue;
    }
    match::ComponentAdvice a;
    a.component = component;
    a.kind = match::ComponentAdvice::Kind::kUpgrade;
    const version::Scheme* order = component < inv.components.size()
                                       ? version::find_scheme(inv.components[component].ecosystem)
                                       : nullptr;
    bool unordered = false;
    for (const match::Finding* f : pc.open) {
      if (f->fixed_version.empty()) {
        a.remaining.push_back(f->ids.front());
        continue;
      }
      if (a.upgrade_to.empty()) {
        a.upgrade_to = f->fixed_version;
        continue;
      }
      const auto cmp =
          order != nullptr ? order->try_compare(f->fixed_version, a.upgrade_to) : std::nullopt;
      if (!cmp) {
        unordered = unordered || f->fixed_version != a.upgrade_to;
      } else if (*cmp == std::strong_ordering::greater) {
        a.upgrade_to = f->fixed_version;
      }
    }
    if (!a.remaining.empty()) {
      a.kind = match::ComponentAdvice::Kind::kNoFix;
      a.upgrade_to.clear();
    } else if (unordered) {
      a.kind = match::ComponentAdvice::Kind::kUnordered;
      a.upgrade_to.clear();
    }
    out.push_back(std::move(a));
  }
  return out;
}

// The archive's finding for an update whose changelog could not be read
// ("DEBIAN-SECURITY:<source>:<version>") is the same vulnerability as any other finding of that
// component that the pending version fixes: it is folded into those (as a source and a note)
// instead of being counted again. Alone, it stays.
void fold_archive_placeholders(const inventory::Inventory& inv,
                               std::vector<match::Finding>& findings) {
  std::vector<bool> drop(findings.size(), false);
  for (size_t i = 0; i < findings.size(); ++i) {
    const match::Finding& p = findings[i];
    if (p.ids.empty() || !p.ids.front().starts_with("DEBIAN-SECURITY:") ||
        p.fixed_version.empty() || p.component >= inv.components.size()) {
      continue;
    }
    const version::Scheme* order = version::find_scheme(inv.components[p.component].ecosystem);
    if (order == nullptr) continue;
    for (size_t j = 0; j < findings.size(); ++j) {
      match::Finding& f = findings[j];
      if (j == i || f.component != p.component || f.fixed_version.empty() ||
          f.ids.front().starts_with("DEBIAN-SECURITY:")) {
        continue;
      }
      const auto cmp = order->try_compare(f.fixed_version, p.fixed_version);
      if (!cmp || *cmp == std::strong_ordering::greater) continue;
      if (std::find(f.sources.begin(), f.sources.end(), "debian-archive") == f.sources.end()) {
        f.sources.push_back("debian-archive");
        std::sort(f.sources.begin(), f.sources.end());
      }
      f.notes.push_back("debian-archive-pending:" + p.fixed_version);
      drop[i] = true;
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (drop[i]) continue;
    if (kept != i) findings[kept] = std::move(findings[i]);  // never move onto itself
    ++kept;
  }
  findings.resize(kept);
}

// The ignore file of one directory target: it speaks for that target's components only.
struct TargetRules {
  size_t first = 0;  // components [first, last) of the combined inventory
  size_t last = 0;
  suppress::Suppressions rules;
};

// The target's own ignore file first (the user's decision about that tree), then the files given
// on the command line. Expired entries are reported once each, by expired_entries().
void apply_suppressions(const suppress::Suppressions& global,
                        const std::vector<TargetRules>& per_target, const inventory::Inventory& inv,
                        suppress::Date today, std::vector<match::Finding>& findings) {
  for (auto& f : findings) {
    if (f.component >= inv.components.size()) continue;
    const std::string& purl = inv.components[f.component].purl;
    std::optional<suppress::Suppression> decided;
    for (const TargetRules& t : per_target) {
      if (f.component < t.first || f.component >= t.last) continue;
      if (auto s = t.rules.lookup(f.ids, purl, today); s && s->suppresses) decided = std::move(s);
    }
    if (!decided) {
      if (auto s = global.lookup(f.ids, purl, today); s && s->suppresses) decided = std::move(s);
    }
    if (!decided) continue;
    f.suppressed = true;
    f.suppression_status = decided->status;
    f.suppression_source = decided->where.to_string();
    f.suppression_reason = decided->detail;
  }
}

// What the end-of-life data in `store` says of every component, OS release and runtime.
Result<report::SupportView> assess_support(const advisory::Store& store,
                                           const inventory::Inventory& inventory,
                                           const Options& options) {
  report::SupportView view;
  view.today = eol::day_of(options.now);
  auto sources = store.sources();
  if (!sources.is_ok()) return sources.status();
  view.has_data = std::any_of(sources->begin(), sources->end(),
                              [](const advisory::SourceStatus& s) { return s.kind == "eol"; });
  const eol::Evaluator evaluator(store, &store, options.support);
  view.components.reserve(inventory.components.size());
  for (const auto& c : inventory.components) {
    auto assessed = evaluator.assess(c, view.today);
    if (!assessed.is_ok()) return assessed.status();
    view.components.push_back(std::move(*assessed));
  }
  for (size_t t = 0; t < inventory.targets.size(); ++t) {
    if (!inventory.targets[t].os) continue;
    auto os = evaluator.assess_os(*inventory.targets[t].os, view.today);
    if (!os.is_ok()) return os.status();
    view.os.push_back({t, std::move(*os)});
  }
  auto runtimes = evaluator.assess_runtimes(inventory, view.today);
  if (!runtimes.is_ok()) return runtimes.status();
  view.runtimes = std::move(*runtimes);
  return view;
}

}  // namespace

Outcome run(const std::vector<inventory::TargetSpec>& targets, const Options& options) {
  Outcome out;
  report::ScanResult& result = out.result;
  const suppress::Date today = options.today ? *options.today : suppress::today_utc();

  // The database first: a scan that cannot match should fail before it walks a whole host.
  std::unique_ptr<advisory::Store> store;
  if (options.use_database) {
    auto opened = advisory::Store::open(options.db_path);
    if (!opened.is_ok()) {
      if (opened.status().code() == StatusCode::kNotFound) {
        out.failure = database_failure(fmt::format(
            "no advisory database at {}: run 'upkeep db update' (online) or 'upkeep db import "
            "FILE...' (offline), or scan with --skip-db for the distribution's own data only",
            options.db_path));
      } else {
        out.failure = database_failure(
            fmt::format("advisory database {}: {}", options.db_path, opened.status().message()));
      }
      return out;
    }
    store = std::move(*opened);
    const auto age = advisory::oldest_osv_import(*store, options.db_path, options.now);
    if (!age) {
      out.failure = database_failure(fmt::format(
          "advisory database {} holds no OSV advisories: run 'upkeep db update' or 'upkeep db "
          "import FILE...'",
          options.db_path));
      return out;
    }
    if (options.max_age.count() > 0 && age->first > options.max_age) {
      out.failure = database_failure(fmt::format(
          "the advisory database is {} old ({} imported then), past the limit of {}: run "
          "'upkeep db update' (or raise --db-max-age)",
          describe_age(age->first), age->second, describe_age(options.max_age)));
      return out;
    }
    if (options.warn_age.count() > 0 && age->first > options.warn_age) {
      result.warnings.push_back(fmt::format(
          "the advisory database is {} old: run 'upkeep db update'", describe_age(age->first)));
    }
  }

  std::optional<debian_security::DebianTracker> tracker;
  if (!options.debian_tracker.empty()) {
    auto text = read_whole_file(options.debian_tracker, 1ull << 30);
    if (!text.is_ok()) {
      out.failure = input_failure(std::string(text.status().message()));
      return out;
    }
    auto parsed = debian_security::DebianTracker::parse(*text);
    if (!parsed.is_ok()) {
      out.failure =
          input_failure(options.debian_tracker + ": " + std::string(parsed.status().message()));
      return out;
    }
    tracker = std::move(*parsed);
    for (const auto& p : tracker->problems()) {
      out.input_warnings.push_back(
          fmt::format("{}: {}: {} (skipped)", options.debian_tracker, p.pointer, p.message));
    }
  }

  suppress::Suppressions rules;
  for (const std::string& path : options.suppression_files) {
    if (Status s = rules.add_file(path); !s.is_ok()) {
      out.failure = input_failure(std::string(s.message()));
      return out;
    }
  }
  std::vector<TargetRules> target_rules;

  // Inventory, one target at a time: the distribution's own data belongs to one root.
  const auto t0 = Clock::now();
  std::vector<match::Finding> findings;
  size_t archive_packages = 0;
  bool archive_read = false;
  bool tracker_applied = false;
  for (const inventory::TargetSpec& spec : targets) {
    inventory::Inventory one;
    if (Status s = inventory::inventory_target(spec, options.inventory, one); !s.is_ok()) {
      out.failure = input_failure(std::string(s.message()));
      return out;
    }
    inventory::sort_components(one.components);
    std::vector<match::Finding> local;
    const bool rooted =
        spec.kind == inventory::TargetSpec::Kind::kHost ||
        (spec.kind == inventory::TargetSpec::Kind::kPath && is_directory(spec.path));
    const bool has_dpkg = std::any_of(one.components.begin(), one.components.end(),
                                      [](const auto& c) { return c.extractor == "dpkg-status"; });
    if (rooted && has_dpkg && options.debian_archive) {
      auto fs = open_directory_fs(spec.path);
      debian_security::PendingReport report;
      Result<std::vector<match::Finding>> pending =
          fs.is_ok()
              ? debian_security::pending_security_updates(**fs, one, one.warnings, {}, &report)
              : Result<std::vector<match::Finding>>(fs.status());
      if (pending.is_ok()) {
        archive_read = archive_read || !report.packages_files.empty();
        archive_packages += report.index_packages;
        for (auto& f : *pending)
          local.push_back(std::move(f));
      } else {
        one.warnings.push_back({spec.original, 0, 0, std::nullopt,
                                "the Debian security archive could not be read: " +
                                    std::string(pending.status().message()),
                                "debian-archive"});
      }
    }
    if (tracker && has_dpkg) {
      const auto& os = one.targets.empty() ? std::nullopt : one.targets.back().os;
      if (os && os->id == "debian" && !os->version_codename.empty()) {
        for (auto& f : tracker->findings_for(one, os->version_codename))
          local.push_back(std::move(f));
        tracker_applied = true;
      } else {
        result.warnings.push_back(fmt::format(
            "{}: the Debian tracker was not applied (no Debian release named in os-release)",
            spec.original));
      }
    }
    if (options.read_target_ignore_files && spec.kind == inventory::TargetSpec::Kind::kPath &&
        is_directory(spec.path)) {
      const std::string ignore = spec.path + "/.upkeepignore";
      if (is_regular_file(ignore)) {
        TargetRules t;
        if (Status s = t.rules.add_file(ignore); !s.is_ok()) {
          out.failure = input_failure(std::string(s.message()));
          return out;
        }
        t.first = result.inventory.components.size();
        t.last = t.first + one.components.size();
        target_rules.push_back(std::move(t));
      }
    }
    append_inventory(result.inventory, std::move(one), local, findings);
  }
  out.stats.seconds_inventory = std::chrono::duration<double>(Clock::now() - t0).count();
  out.stats.components = result.inventory.components.size();

  const auto t1 = Clock::now();
  std::vector<match::ComponentAdvice> matcher_advice;
  if (store) {
    match::Matcher matcher(*store);
    auto matched = matcher.run(result.inventory);
    if (!matched.is_ok()) {
      out.failure = database_failure(
          fmt::format("advisory database {}: {}", options.db_path, matched.status().message()));
      return out;
    }
    for (auto& f : matched->findings)
      findings.push_back(std::move(f));
    matcher_advice = std::move(matched->advice);
    out.stats.unknown_verdicts = matched->unknowns.size();
    if (!matched->unknowns.empty()) {
      const auto& u = matched->unknowns.front();
      result.warnings.push_back(fmt::format(
          "{} record{} could not be evaluated for the installed version (first: {} for {}: {})",
          matched->unknowns.size(), matched->unknowns.size() == 1 ? "" : "s", u.record,
          result.inventory.components[u.component].purl, u.reason));
    }
  } else {
    // Without the database only distribution packages were looked at: say what was not.
    size_t unchecked = 0;
    for (const auto& c : result.inventory.components) {
      if (c.extractor != "dpkg-status") ++unchecked;
    }
    if (unchecked > 0) {
      result.warnings.push_back(fmt::format(
          "{} component{} not checked: without the advisory database (--skip-db) only the "
          "distribution's own data is used",
          unchecked, unchecked == 1 ? " was" : "s were"));
    }
  }
  findings = match::merge_findings(std::move(findings), result.inventory);
  fold_archive_placeholders(result.inventory, findings);
  if (store) advisory::enrich_findings(findings, *store);
  apply_suppressions(rules, target_rules, result.inventory, today, findings);
  const auto suppression_diagnostics = [&](const suppress::Suppressions& r) {
    for (const auto& d : r.warnings())
      out.input_warnings.push_back(d.to_string());
    for (const auto& d : r.expired_entries(today))
      result.warnings.push_back(d.to_string());
  };
  suppression_diagnostics(rules);
  for (const auto& t : target_rules)
    suppression_diagnostics(t.rules);
  for (const auto& w : out.input_warnings)
    result.warnings.push_back(w);
  result.advice = advise(result.inventory, findings, std::move(matcher_advice));
  out.stats.seconds_match = std::chrono::duration<double>(Clock::now() - t1).count();
  if (store && options.assess_support) {
    auto support = assess_support(*store, result.inventory, options);
    if (!support.is_ok()) {
      out.failure = database_failure(
          fmt::format("advisory database {}: {}", options.db_path, support.status().message()));
      return out;
    }
    result.support = std::move(*support);
  }
  out.stats.findings = findings.size();
  out.stats.suppressed = static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(), [](const auto& f) { return f.suppressed; }));
  result.findings = std::move(findings);

  // Where the advisories came from, and how old the ones that matter here are.
  result.database.path = store ? options.db_path : "";
  if (store) {
    std::vector<std::string> scanned;
    for (const auto& c : result.inventory.components) {
      if (!c.ecosystem.empty()) scanned.push_back(base_of(c.ecosystem));
    }
    std::sort(scanned.begin(), scanned.end());
    scanned.erase(std::unique(scanned.begin(), scanned.end()), scanned.end());
    if (auto sources = store->sources(); sources.is_ok()) {
      for (const auto& s : *sources) {
        report::DatabaseSource d;
        d.name = s.kind == "osv" ? "osv:" + s.name : s.kind;
        d.records = s.records;
        d.updated =
            std::chrono::duration_cast<std::chrono::seconds>(s.imported_at.time_since_epoch())
                .count();
        const bool matters =
            s.kind != "osv" || std::binary_search(scanned.begin(), scanned.end(), s.name);
        if (matters && (!result.database.updated || *d.updated < *result.database.updated)) {
          result.database.updated = d.updated;
        }
        result.database.sources.push_back(std::move(d));
      }
    }
  }
  if (archive_read) {
    report::DatabaseSource d;
    d.name = "debian-archive";
    d.records = archive_packages;
    result.database.sources.push_back(std::move(d));
  }
  if (tracker_applied) {
    report::DatabaseSource d;
    d.name = "debian-tracker";
    d.records = tracker->issue_count();
    result.database.sources.push_back(std::move(d));
  }
  out.inventory_warnings = result.inventory.warnings;
  return out;
}

}  // namespace upkeep::scan
