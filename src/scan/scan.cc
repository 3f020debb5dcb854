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

std::string describe_age(std::chrono::seconds age) {
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(age).count();
  if (hours < 48) return fmt::format("{} hour{}", hours, hours == 1 ? "" : "s");
  return fmt::format("{} days", hours / 24);
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

// The one upgrade per component: the matcher's advice covers the OSV findings; findings from
// the distribution's own data (archive, tracker) can raise the version or leave no fix.
std::vector<match::ComponentAdvice> advise(const inventory::Inventory& inv,
                                           const std::vector<match::Finding>& findings,
                                           std::vector<match::ComponentAdvice> from_matcher) {
  std::map<size_t, match::ComponentAdvice> by_component;
  for (auto& a : from_matcher)
    by_component[a.component] = std::move(a);
  std::map<size_t, std::vector<const match::Finding*>> others;
  for (const auto& f : findings) {
    if (f.suppressed) continue;
    const bool osv_only = f.sources.size() == 1 && f.sources.front() == "osv";
    if (!osv_only || !by_component.contains(f.component)) others[f.component].push_back(&f);
  }
  for (const auto& [component, list] : others) {
    auto [it, fresh] = by_component.try_emplace(component);
    match::ComponentAdvice& a = it->second;
    if (fresh) {
      a.component = component;
      a.kind = match::ComponentAdvice::Kind::kUpgrade;
    }
    const version::Scheme* order = component < inv.components.size()
                                       ? version::find_scheme(inv.components[component].ecosystem)
                                       : nullptr;
    for (const match::Finding* f : list) {
      if (a.kind != match::ComponentAdvice::Kind::kUpgrade) break;
      if (f->fixed_version.empty()) {
        a.kind = match::ComponentAdvice::Kind::kNoFix;
        a.upgrade_to.clear();
        a.remaining = {f->ids.front()};
      } else if (a.upgrade_to.empty()) {
        a.upgrade_to = f->fixed_version;
      } else if (order == nullptr) {
        if (a.upgrade_to != f->fixed_version) {
          a.kind = match::ComponentAdvice::Kind::kUnordered;
          a.upgrade_to.clear();
        }
      } else {
        const auto cmp = order->try_compare(f->fixed_version, a.upgrade_to);
        if (!cmp) {
          a.kind = match::ComponentAdvice::Kind::kUnordered;
          a.upgrade_to.clear();
        } else if (*cmp == std::strong_ordering::greater) {
          a.upgrade_to = f->fixed_version;
        }
      }
    }
  }
  std::vector<match::ComponentAdvice> out;
  out.reserve(by_component.size());
  for (auto& [component, a] : by_component)
    out.push_back(std::move(a));
  return out;
}

void apply_suppressions(const suppress::Suppressions& rules, const inventory::Inventory& inv,
                        suppress::Date today, std::vector<match::Finding>& findings,
                        std::vector<std::string>& warnings) {
  for (auto& f : findings) {
    if (f.component >= inv.components.size()) continue;
    auto s = rules.lookup(f.ids, inv.components[f.component].purl, today);
    if (!s) continue;
    if (s->suppresses) {
      f.suppressed = true;
      f.suppression_status = s->status;
      f.suppression_source = s->where.to_string();
      f.suppression_reason = s->detail;
    } else if (s->expired) {
      warnings.push_back(fmt::format("{}: the ignore entry for {} expired on {}",
                                     s->where.to_string(), s->vulnerability,
                                     s->expires ? s->expires->to_string() : "?"));
    }
  }
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
    const auto age = store->age(options.now);
    if (!age) {
      out.failure = database_failure(fmt::format(
          "advisory database {} holds no import: run 'upkeep db update' or 'upkeep db import'",
          options.db_path));
      return out;
    }
    if (options.max_age.count() > 0 && *age > options.max_age) {
      out.failure = database_failure(fmt::format(
          "the advisory database is {} old, past the limit of {}: run 'upkeep db update' (or "
          "raise --db-max-age)",
          describe_age(*age), describe_age(options.max_age)));
      return out;
    }
    if (options.warn_age.count() > 0 && *age > options.warn_age) {
      result.warnings.push_back(fmt::format(
          "the advisory database is {} old: run 'upkeep db update'", describe_age(*age)));
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
  }

  suppress::Suppressions rules;
  for (const std::string& path : options.suppression_files) {
    if (Status s = rules.add_file(path); !s.is_ok()) {
      out.failure = input_failure(std::string(s.message()));
      return out;
    }
  }

  // Inventory, one target at a time: the distribution's own data belongs to one root.
  const auto t0 = Clock::now();
  std::vector<match::Finding> findings;
  size_t archive_packages = 0;
  bool archive_read = false;
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
      if (fs.is_ok()) {
        debian_security::PendingReport report;
        auto pending =
            debian_security::pending_security_updates(**fs, one, one.warnings, {}, &report);
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
    }
    if (tracker && has_dpkg && !one.targets.empty() && one.targets.back().os &&
        one.targets.back().os->id == "debian") {
      for (auto& f : tracker->findings_for(one, one.targets.back().os->version_codename))
        local.push_back(std::move(f));
    }
    if (options.read_target_ignore_files && spec.kind == inventory::TargetSpec::Kind::kPath &&
        is_directory(spec.path)) {
      const std::string ignore = spec.path + "/.upkeepignore";
      if (is_regular_file(ignore)) {
        if (Status s = rules.add_file(ignore); !s.is_ok()) {
          out.failure = input_failure(std::string(s.message()));
          return out;
        }
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
  }
  findings = match::merge_findings(std::move(findings), result.inventory);
  if (store) advisory::enrich_findings(findings, *store);
  apply_suppressions(rules, result.inventory, today, findings, result.warnings);
  for (const auto& d : rules.warnings())
    result.warnings.push_back(d.to_string());
  for (const auto& d : rules.expired_entries(today))
    result.warnings.push_back(d.to_string());
  result.advice = advise(result.inventory, findings, std::move(matcher_advice));
  out.stats.seconds_match = std::chrono::duration<double>(Clock::now() - t1).count();
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
  if (tracker) {
    report::DatabaseSource d;
    d.name = "debian-tracker";
    d.records = tracker->issue_count();
    result.database.sources.push_back(std::move(d));
  }
  out.inventory_warnings = result.inventory.warnings;
  return out;
}

}  // namespace upkeep::scan
