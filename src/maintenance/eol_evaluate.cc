// SPDX-License-Identifier: Apache-2.0
//
// The evaluation: what each source says about a component, a runtime or an OS release on a given
// day. Every status comes from a date (or a list entry, or an advisory) read from the data; the
// only rules here are how the phases follow each other and which phases count as support.
#include <algorithm>

#include "maintenance/eol_internal.h"
#include "upkeep/eol.h"
#include "upkeep/matcher.h"
#include "upkeep/purl.h"
#include "upkeep/text.h"
#include "upkeep/version.h"

namespace upkeep::eol {
namespace {

int64_t days_between(Date from, Date to) {
  return (to - from).count();
}

std::string in_days(int64_t days) {
  if (days == 0) return "today";
  if (days > 0) return "in " + std::to_string(days) + (days == 1 ? " day" : " days");
  return std::to_string(-days) + (days == -1 ? " day ago" : " days ago");
}

// The support phases of a release, in order: regular support, then free extended support.
// Paid phases are reported (Assessment::paid_end) but never make anything "supported".
struct Phases {
  std::optional<Date> regular;  // nullopt with `regular_open`: no end announced
  bool regular_open = false;
  bool regular_ended_undated = false;  // endoflife.date "eol: true"
  std::optional<Date> extended;
  bool extended_undated = false;  // "eoes: true": extended support without a date
  std::string extended_name;
};

// Fills status, days_left and detail of `a` from `p` on `today`.
void decide(const Phases& p, Date today, int window, Assessment& a) {
  const bool regular_ended =
      p.regular_ended_undated || (p.regular && days_between(today, *p.regular) <= 0);
  if (!regular_ended) {
    if (!p.regular) {
      a.status = p.regular_open ? SupportStatus::kSupported : SupportStatus::kUnknown;
      a.detail = p.regular_open ? "supported; no end of support announced"
                                : "no end of support date in the data";
      return;
    }
    const int64_t left = days_between(today, *p.regular);
    a.days_left = left;
    a.status = left <= window ? SupportStatus::kEndsSoon : SupportStatus::kSupported;
    a.detail = "security support until " + format_date(*p.regular) + " (" + in_days(left) + ")";
    if (p.extended) a.detail += ", then " + p.extended_name + " until " + format_date(*p.extended);
    return;
  }
  const std::string ended = p.regular ? "regular security support ended " + format_date(*p.regular)
                                      : std::string("regular security support has ended");
  if (p.extended && days_between(today, *p.extended) > 0) {
    const int64_t left = days_between(today, *p.extended);
    a.days_left = left;
    a.status = left <= window ? SupportStatus::kEndsSoon : SupportStatus::kExtended;
    a.detail = ended + "; " + p.extended_name + " until " + format_date(*p.extended) + " (" +
               in_days(left) + ")";
    return;
  }
  if (p.extended_undated) {
    a.status = SupportStatus::kExtended;
    a.detail = ended + "; " + p.extended_name + " goes on (no end date in the data)";
    return;
  }
  a.status = SupportStatus::kEndOfLife;
  const std::optional<Date> last = p.extended ? p.extended : p.regular;
  if (last) a.days_left = days_between(today, *last);
  a.detail =
      p.extended ? ended + "; " + p.extended_name + " ended " + format_date(*p.extended) : ended;
}

Assessment cycle_assessment(const Product& product, const ReleaseCycle& c, Date today, int window) {
  Assessment a;
  a.source = "endoflife.date " + product.name + " " + c.cycle;
  a.product = product.name;
  a.cycle = c.cycle;
  a.release_date = c.release_date;
  a.latest = c.latest;
  if (c.eoas.is_date()) a.active_end = c.eoas.date;
  Phases p;
  switch (c.eol.kind) {
    case DateOrBool::Kind::kDate:
      p.regular = c.eol.date;
      a.support_end = c.eol.date;
      break;
    case DateOrBool::Kind::kTrue:
      p.regular_ended_undated = true;
      break;
    case DateOrBool::Kind::kFalse:
      p.regular_open = true;
      break;
    case DateOrBool::Kind::kAbsent:
      break;
  }
  if (c.eoes.is_date()) {
    p.extended = c.eoes.date;
    a.extended_end = c.eoes.date;
  }
  p.extended_undated = c.eoes.kind == DateOrBool::Kind::kTrue;
  p.extended_name = a.extended_name = "extended support";
  decide(p, today, window, a);
  if (a.active_end && days_between(today, *a.active_end) <= 0 &&
      a.status != SupportStatus::kEndOfLife) {
    a.detail += "; active support ended " + format_date(*a.active_end);
  }
  return a;
}

Assessment distro_assessment(const DistroRelease& r, Date today, int window) {
  Assessment a;
  a.product = r.distro;
  a.cycle = r.version_number().empty() ? r.series : r.version_number();
  a.source = "distro-info-data " + r.distro + " " + a.cycle;
  a.release_date = r.release;
  Phases p;
  p.regular = r.eol;
  if (r.distro == "ubuntu") {
    // An LTS release's servers get standard support until eol-server (the later date on the
    // older LTS releases, whose desktops ended sooner).
    if (r.eol_server && (!p.regular || *r.eol_server > *p.regular)) p.regular = r.eol_server;
    p.extended = r.eol_esm;
    p.extended_name = "ESM (Ubuntu Pro)";
    a.paid_end = r.eol_legacy;
  } else {
    p.extended = r.eol_lts;
    p.extended_name = "LTS";
    a.paid_end = r.eol_elts;
  }
  a.support_end = p.regular;
  a.extended_end = p.extended;
  a.extended_name = p.extended_name;
  if (!r.release || days_between(today, *r.release) > 0) {
    a.status = SupportStatus::kUnknown;
    a.detail = r.distro + " " + r.series +
               " is not released yet: a development series gets no security support";
    return a;
  }
  decide(p, today, window, a);
  if (a.paid_end && days_between(today, *a.paid_end) > 0) {
    a.detail += std::string("; paid ") + (r.distro == "ubuntu" ? "Legacy support" : "ELTS") +
                " until " + format_date(*a.paid_end);
  }
  return a;
}

// endoflife.date products of distributions other than Debian and Ubuntu (os-release ID ->
// product page name).
std::string_view os_product(std::string_view id) {
  static constexpr std::pair<std::string_view, std::string_view> kProducts[] = {
      {"debian", "debian"},       {"ubuntu", "ubuntu"},          {"alpine", "alpine-linux"},
      {"almalinux", "almalinux"}, {"rocky", "rocky-linux"},      {"rhel", "rhel"},
      {"centos", "centos"},       {"fedora", "fedora"},          {"amzn", "amazon-linux"},
      {"ol", "oracle-linux"},     {"opensuse-leap", "opensuse"}, {"sles", "sles"},
      {"mageia", "mageia"},
  };
  for (const auto& [os, product] : kProducts) {
    if (os == id) return product;
  }
  return {};
}

// "deb12" for a component of "Debian:12"; empty for anything else (the lists are Debian's).
std::string debian_release(std::string_view ecosystem) {
  if (ecosystem.substr(0, 7) != "Debian:") return {};
  const std::string_view v = ecosystem.substr(7);
  if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  return "deb" + std::string(v);
}

}  // namespace

std::string_view status_name(SupportStatus status) {
  switch (status) {
    case SupportStatus::kUnknown:
      return "unknown";
    case SupportStatus::kSupported:
      return "supported";
    case SupportStatus::kEndsSoon:
      return "ends-soon";
    case SupportStatus::kExtended:
      return "extended-support";
    case SupportStatus::kEndOfLife:
      return "end-of-life";
    case SupportStatus::kSecurityEnded:
      return "security-support-ended";
    case SupportStatus::kLimited:
      return "limited";
    case SupportStatus::kUnmaintained:
      return "unmaintained";
  }
  return "unknown";
}

int status_severity(SupportStatus status) {
  switch (status) {
    case SupportStatus::kUnmaintained:
    case SupportStatus::kEndOfLife:
    case SupportStatus::kSecurityEnded:
      return 5;
    case SupportStatus::kEndsSoon:
      return 4;
    case SupportStatus::kLimited:
      return 3;
    case SupportStatus::kExtended:
      return 2;
    case SupportStatus::kSupported:
      return 1;
    case SupportStatus::kUnknown:
      return 0;
  }
  return 0;
}

Evaluator::Evaluator(const DataSource& data, const match::RecordSource* advisories, Options options)
    : data_(data), advisories_(advisories), options_(options) {}

Result<const Product*> Evaluator::cached_product(std::string_view name) const {
  auto it = products_.find(name);
  if (it == products_.end()) {
    auto loaded = data_.product(name);
    if (!loaded.is_ok()) return loaded.status();
    it = products_.emplace(std::string(name), std::move(*loaded)).first;
  }
  return it->second ? &*it->second : nullptr;
}

Result<Assessment> Evaluator::assess_product(std::string_view name, std::string_view version,
                                             Date today) const {
  auto product = cached_product(name);
  if (!product.is_ok()) return product.status();
  Assessment a;
  a.product = std::string(name);
  a.source = "endoflife.date " + std::string(name);
  if (*product == nullptr) {
    a.detail = "no endoflife.date product " + std::string(name) + " in the database";
    return a;
  }
  const ReleaseCycle* cycle = select_cycle((*product)->cycles, version);
  if (cycle == nullptr) {
    a.detail = "no release cycle of " + std::string(name) + " matches version \"" +
               std::string(version) + "\"";
    return a;
  }
  return cycle_assessment(**product, *cycle, today, options_.ends_soon_days);
}

Result<Assessment> Evaluator::assess_os(const inventory::OsRelease& os, Date today) const {
  if (os.id == "debian" || os.id == "ubuntu") {
    auto releases = data_.distro_releases(os.id);
    if (!releases.is_ok()) return releases.status();
    for (const DistroRelease& r : *releases) {
      const bool by_version = !os.version_id.empty() && r.version_number() == os.version_id;
      const bool by_codename = os.version_id.empty() && !os.version_codename.empty() &&
                               r.series == ascii_lower(os.version_codename);
      if (by_version || by_codename) return distro_assessment(r, today, options_.ends_soon_days);
    }
  }
  const std::string_view product = os_product(os.id);
  if (!product.empty() && !os.version_id.empty()) {
    auto a = assess_product(product, os.version_id, today);
    if (!a.is_ok() || a->status != SupportStatus::kUnknown) return a;
  }
  Assessment a;
  a.product = os.id;
  a.cycle = os.version_id;
  a.detail = "no end-of-life data for " + (os.pretty_name.empty() ? os.id : os.pretty_name);
  return a;
}

Result<std::vector<Assessment>> Evaluator::assess(const inventory::Component& c, Date today) const {
  std::vector<Assessment> out;
  const bool distribution = detail::is_distribution_package(c);
  const std::string source_package = c.source_name.empty() ? c.name : c.source_name;

  // 1. The distribution's own word: debian-security-support, by source package and release.
  if (const std::string release = debian_release(c.ecosystem); !release.empty()) {
    auto it = support_.find(release);
    if (it == support_.end()) {
      auto entries = data_.support_entries(release);
      if (!entries.is_ok()) return entries.status();
      it = support_.emplace(release, std::move(*entries)).first;
    }
    const version::Scheme* deb = version::find_scheme("deb");
    const std::string& installed = c.source_version.empty() ? c.version : c.source_version;
    for (const SupportEntry& e : it->second) {
      if (!support_package_matches(e.package, source_package)) continue;
      Assessment a;
      a.product = source_package;
      a.source = "debian-security-support " + (e.release.empty() ? "limited" : e.release);
      if (e.kind == SupportEntry::Kind::kLimited) {
        a.status = SupportStatus::kLimited;
        a.detail = "limited security support" + (e.note.empty() ? "" : ": " + e.note);
        out.push_back(std::move(a));
        continue;
      }
      // A version newer than the last supported one came from elsewhere (a backport, a later
      // release's package): the entry is not about it.
      if (e.last_version != "0" && deb != nullptr) {
        const auto order = deb->try_compare(installed, e.last_version);
        if (order && *order == std::strong_ordering::greater) continue;
      }
      a.support_end = e.date;
      const int64_t left = days_between(today, *e.date);
      a.days_left = left;
      a.status = left <= 0                         ? SupportStatus::kSecurityEnded
                 : left <= options_.ends_soon_days ? SupportStatus::kEndsSoon
                                                   : SupportStatus::kSupported;
      a.detail = (left <= 0 ? "security support ended " : "security support ends ") +
                 format_date(*e.date) + " (last supported version " + e.last_version + ")" +
                 (e.note.empty() ? "" : ": " + e.note);
      out.push_back(std::move(a));
    }
  }

  // 2. endoflife.date: products whose identifiers name the component's purl (without version),
  // or its source package's, or the runtime it is.
  std::vector<std::string> products;
  std::vector<std::string> keys;
  if (auto key = purl::versionless(c.purl); key.is_ok()) keys.push_back(*key);
  if (distribution && !c.source_name.empty() && c.source_name != c.name) {
    if (auto p = purl::parse(c.purl); p.is_ok()) {
      p->name = c.source_name;
      p->version.clear();
      p->qualifiers.clear();
      p->subpath.clear();
      keys.push_back(purl::to_string(*p));
    }
  }
  for (const std::string& key : keys) {
    auto found = data_.products_for("purl", key);
    if (!found.is_ok()) return found.status();
    products.insert(products.end(), found->begin(), found->end());
  }
  if (const auto runtime = detail::runtime_of(c)) products.emplace_back(runtime->product);
  std::sort(products.begin(), products.end());
  products.erase(std::unique(products.begin(), products.end()), products.end());
  if (!c.version.empty()) {
    for (const std::string& name : products) {
      auto a = assess_product(name, c.version, today);
      if (!a.is_ok()) return a.status();
      a->upstream_only = distribution;
      out.push_back(std::move(*a));
    }
  }

  // 3. Advisories that say the project is unmaintained (RustSec's informational ones).
  if (advisories_ != nullptr && !c.version.empty() && !c.ecosystem.empty() && !distribution) {
    const std::string name = advisory::normalize_package_name(c.ecosystem, c.name);
    Status s = advisories_->for_each_record(c.ecosystem, name, [&](const advisory::Record& r) {
      if (r.is_withdrawn()) return;
      for (const advisory::Affected& affected : r.affected) {
        if (affected.informational != "unmaintained" || affected.ecosystem != c.ecosystem ||
            advisory::normalize_package_name(affected.ecosystem, affected.name) != name) {
          continue;
        }
        if (!match::evaluate(affected, c.version).affected()) continue;
        Assessment a;
        a.status = SupportStatus::kUnmaintained;
        a.source = r.id;
        a.product = c.name;
        a.detail = r.summary.empty() ? "unmaintained" : r.summary;
        if (!r.published.empty()) a.detail += " (published " + r.published.substr(0, 10) + ")";
        out.push_back(std::move(a));
        break;
      }
    });
    if (!s) return s;
  }

  // Most severe first; on a tie the distribution's own word before its upstream's.
  std::stable_sort(out.begin(), out.end(), [](const Assessment& a, const Assessment& b) {
    if (status_severity(a.status) != status_severity(b.status)) {
      return status_severity(a.status) > status_severity(b.status);
    }
    return !a.upstream_only && b.upstream_only;
  });
  return out;
}

Result<std::vector<RuntimeAssessment>> Evaluator::assess_runtimes(
    const inventory::Inventory& inventory, Date today) const {
  std::vector<RuntimeAssessment> out;
  for (Runtime& r : detect_runtimes(inventory)) {
    auto a = assess_product(r.product, r.version, today);
    if (!a.is_ok()) return a.status();
    a->upstream_only = !r.components.empty() &&
                       detail::is_distribution_package(inventory.components[r.components[0]]);
    out.push_back({std::move(r), std::move(*a)});
  }
  return out;
}

}  // namespace upkeep::eol
