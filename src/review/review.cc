// SPDX-License-Identifier: Apache-2.0
//
// The whole review (upkeep/review.h): both targets scanned with the scan pipeline, the diff, the
// owners file and the policy, the end-of-life status from the advisory store, then the policy
// evaluated.
#include "upkeep/review.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "upkeep/advisory_store.h"
#include "upkeep/git_target.h"
#include "upkeep/owners.h"
#include "upkeep/version.h"

namespace upkeep::review {
namespace {

scan::Failure input_failure(std::string message) {
  return {scan::FailureKind::kInput, std::move(message)};
}

// One side of the review: its target, and the git checkout that holds it when it came from git.
struct Side {
  inventory::TargetSpec spec;
  std::unique_ptr<GitCheckout> checkout;
};

Result<Side> open_side(std::string_view arg, const Options& options) {
  Side side;
  auto git = parse_git_target(arg);
  if (!git) return git.status();
  if (!*git) {
    auto spec = inventory::parse_target(arg);
    if (!spec) return spec.status();
    side.spec = std::move(*spec);
    return side;
  }
  auto checkout = GitCheckout::read(**git, options.repo_dir);
  if (!checkout) return checkout.status();
  side.checkout = std::move(*checkout);
  side.spec.kind = inventory::TargetSpec::Kind::kPath;
  side.spec.path = side.checkout->path();
  side.spec.original = std::string(arg);
  return side;
}

// Names what came from a git checkout as git:REV:PATH instead of the temporary directory.
void relabel(const Side& side, scan::Outcome& outcome) {
  if (!side.checkout) return;
  for (auto& c : outcome.result.inventory.components)
    c.location = side.checkout->display(c.location);
  for (auto& w : outcome.result.inventory.warnings)
    w.file = side.checkout->display(w.file);
  for (auto& w : outcome.inventory_warnings)
    w.file = side.checkout->display(w.file);
}

bool is_directory(const std::string& path) {
  auto fs = open_directory_fs(path);
  return fs.is_ok();
}

// A file named on the command line: a path, or git:REV:PATH (an owners file or a policy read
// from the base branch, where a pull request cannot weaken it). `read` parses it through an Fs.
template <typename T, typename Read>
Result<T> read_named_file(const std::string& name, const Options& options, Read&& read) {
  auto git = parse_git_target(name);
  if (!git) return git.status();
  std::unique_ptr<GitCheckout> checkout;
  std::string path = name;
  if (*git) {
    auto c = GitCheckout::read(**git, options.repo_dir);
    if (!c) return c.status();
    checkout = std::move(*c);
    path = checkout->path();
  }
  const std::string_view base = base_name(path);
  const size_t cut = path.size() - base.size();
  const std::string dir = cut == 0 ? "." : path.substr(0, cut);
  auto fs = open_directory_fs(dir);
  if (!fs) return fs.status().with_context(name);
  return read(**fs, "/" + std::string(base), name);
}

struct OwnersAndPolicy {
  maintenance::OwnersFile owners;
  std::optional<Policy> policy;  // its [policy] table
};

Result<OwnersAndPolicy> read_owners_file(const Fs& fs, const std::string& path,
                                         const std::string& name) {
  auto owners = maintenance::read_owners(fs, path, name);
  if (!owners) return owners.status();
  OwnersAndPolicy out{std::move(*owners), std::nullopt};
  if (out.owners.has_policy) {
    auto policy = read_policy(fs, path, name);
    if (!policy) return policy.status();
    out.policy = std::move(*policy);
  }
  return out;
}

// The open findings' highest fixed version, for a component no one version fixes.
std::string highest_fix(const std::vector<ReviewFinding>& findings, std::string_view ecosystem) {
  const version::Scheme* scheme = version::find_scheme(ecosystem);
  std::string best;
  for (const ReviewFinding& f : findings) {
    const std::string& v = f.finding.fixed_version;
    if (f.finding.suppressed || v.empty()) continue;
    if (best.empty()) {
      best = v;
    } else if (scheme != nullptr) {
      if (auto c = scheme->try_compare(v, best); c && *c > 0) best = v;
    }
  }
  return best;
}

// Report order inside an entry: open before suppressed, most severe first, then id.
void sort_findings(std::vector<ReviewFinding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
    if (a.finding.suppressed != b.finding.suppressed) return !a.finding.suppressed;
    const auto ra = report::effective_rating(a.finding);
    const auto rb = report::effective_rating(b.finding);
    if (ra != rb) return ra < rb;
    return a.finding.ids < b.finding.ids;
  });
}

}  // namespace

Outcome run(std::string_view base_arg, std::string_view head_arg, const Options& options) {
  Outcome out;
  ReviewResult& result = out.result;
  result.base_target = std::string(base_arg);
  result.head_target = std::string(head_arg);

  auto base_side = open_side(base_arg, options);
  // A git BASE without the file is a change that adds it (a new project in the repository):
  // everything in HEAD is added, as GitHub's dependency review reads a missing base manifest.
  bool base_absent = false;
  const auto base_git = parse_git_target(base_arg);
  if (!base_side && base_side.status().code() == StatusCode::kNotFound && base_git &&
      base_git->has_value()) {
    base_absent = true;
    result.warnings.push_back(std::string(base_side.status().message()) +
                              ": reviewed as empty (everything in HEAD is added)");
    base_side = Side{};
  }
  if (!base_side) {
    out.failure = input_failure(base_side.status().message());
    return out;
  }
  auto head_side = open_side(head_arg, options);
  if (!head_side) {
    out.failure = input_failure(head_side.status().message());
    return out;
  }
  for (const Side* s : {&*base_side, &*head_side}) {
    if (s->checkout) {
      result.warnings.insert(result.warnings.end(), s->checkout->warnings().begin(),
                             s->checkout->warnings().end());
    }
  }

  // The owners file and the policy before the scans: a mistake there is cheaper to report.
  std::optional<OwnersAndPolicy> owners;
  if (!options.owners_path.empty()) {
    auto read = read_named_file<OwnersAndPolicy>(options.owners_path, options, read_owners_file);
    if (!read) {
      out.failure = input_failure(read.status().message());
      return out;
    }
    owners = std::move(*read);
    result.owners_path = options.owners_path;
  } else if (head_side->spec.kind == inventory::TargetSpec::Kind::kPath &&
             is_directory(head_side->spec.path)) {
    auto fs = open_directory_fs(head_side->spec.path);
    const std::string inner = "/" + std::string(maintenance::kOwnersFileName);
    auto info = fs ? (*fs)->stat(inner) : Result<FileInfo>(fs.status());
    if (info && info->type == FileType::kRegular) {
      const std::string shown = head_side->checkout
                                    ? head_side->checkout->display(head_side->spec.path + inner)
                                    : join_path(head_side->spec.path, inner.substr(1));
      auto read = read_owners_file(**fs, inner, shown);
      if (!read) {
        out.failure = input_failure(read.status().message());
        return out;
      }
      owners = std::move(*read);
      result.owners_path = shown;
    }
  }
  result.policy_source = "defaults";
  if (!options.policy_path.empty()) {
    auto read = read_named_file<std::optional<Policy>>(
        options.policy_path, options,
        [](const Fs& fs, const std::string& path, const std::string& name) {
          return read_policy(fs, path, name);
        });
    if (!read) {
      out.failure = input_failure(read.status().message());
      return out;
    }
    if (!*read) {
      out.failure = input_failure(options.policy_path + ": no [policy] table");
      return out;
    }
    result.policy = std::move(**read);
    result.policy_source = options.policy_path;
  } else if (owners && owners->policy) {
    result.policy = *owners->policy;
    result.policy_source = result.owners_path;
  }

  // Both scans. BASE's findings only say which findings are not new.
  // A change must not be able to suppress its own findings: an .upkeepignore at the root of a
  // target is not read (HEAD's would be the change's own word; --vex and --ignore still apply).
  scan::Options scan_options = options.scan;
  scan_options.read_target_ignore_files = false;
  scan::Outcome base_scan;
  if (!base_absent) base_scan = scan::run({base_side->spec}, scan_options);
  if (base_scan.failure) {
    out.failure = std::move(base_scan.failure);
    return out;
  }
  scan::Outcome head_scan = scan::run({head_side->spec}, scan_options);
  if (head_scan.failure) {
    out.failure = std::move(head_scan.failure);
    return out;
  }
  relabel(*base_side, base_scan);
  relabel(*head_side, head_scan);
  out.inventory_warnings = base_scan.inventory_warnings;
  out.inventory_warnings.insert(out.inventory_warnings.end(), head_scan.inventory_warnings.begin(),
                                head_scan.inventory_warnings.end());
  const inventory::Inventory& base = base_scan.result.inventory;
  const inventory::Inventory& head = head_scan.result.inventory;
  result.summary.base_components = base.components.size();
  result.summary.head_components = head.components.size();
  result.database = head_scan.result.database;
  result.warnings.insert(result.warnings.end(), head_scan.result.warnings.begin(),
                         head_scan.result.warnings.end());

  std::optional<maintenance::Assignment> assignment;
  if (owners) {
    auto assigned = maintenance::assign_owners(owners->owners, head);
    if (!assigned) {
      out.failure = input_failure(assigned.status().message());
      return out;
    }
    assignment = std::move(*assigned);
  } else {
    result.warnings.push_back(
        "no owners file (--owners FILE, or upkeep-owners.toml at the root of HEAD): no "
        "component has a group, and the key-component rules are not applied");
  }

  // What BASE already had: (package key, any id of a finding).
  std::set<std::pair<std::string, std::string>> base_known;
  for (const match::Finding& f : base_scan.result.findings) {
    if (f.component >= base.components.size()) continue;
    const std::string key = inventory::package_key(base.components[f.component]);
    for (const auto& id : f.ids)
      base_known.emplace(key, id);
  }
  std::map<size_t, std::vector<const match::Finding*>> head_findings;
  for (const match::Finding& f : head_scan.result.findings)
    head_findings[f.component].push_back(&f);
  std::map<size_t, const match::ComponentAdvice*> advice;
  for (const auto& a : head_scan.result.advice)
    advice[a.component] = &a;

  std::unique_ptr<advisory::Store> store;
  std::optional<eol::Evaluator> evaluator;
  if (options.scan.use_database) {
    if (auto opened = advisory::Store::open(options.scan.db_path)) {
      store = std::move(*opened);
      evaluator.emplace(*store, store.get());
    }
  }

  const std::vector<Change> changes = diff_inventories(base, head);
  std::vector<size_t> head_indexes;
  for (const Change& c : changes) {
    if (c.head) head_indexes.push_back(*c.head);
  }
  const auto directs = attribute_to_direct(head, head_indexes);
  size_t next_head = 0;
  bool eol_failed = false;
  for (const Change& c : changes) {
    ReviewEntry e;
    e.change = c;
    if (c.base) e.base_version = base.components[*c.base].version;
    if (c.head) e.head_version = head.components[*c.head].version;
    e.component = c.head ? head.components[*c.head] : base.components[*c.base];
    if (c.head) {
      const size_t h = *c.head;
      const std::string key = inventory::package_key(e.component);
      for (const match::Finding* f : head_findings[h]) {
        ReviewFinding rf;
        rf.finding = *f;
        rf.is_new = std::none_of(f->ids.begin(), f->ids.end(), [&](const std::string& id) {
          return base_known.count({key, id}) > 0;
        });
        rf.allowed = std::any_of(f->ids.begin(), f->ids.end(), [&](const std::string& id) {
          return std::find(result.policy.allow.begin(), result.policy.allow.end(), id) !=
                 result.policy.allow.end();
        });
        e.findings.push_back(std::move(rf));
      }
      sort_findings(e.findings);
      if (assignment) {
        const maintenance::Owner& o = assignment->components[h];
        if (o.has_group()) e.group = owners->owners.groups[o.group].name;
        e.key = o.key;
      }
      if (evaluator) {
        auto assessed = evaluator->assess(e.component, options.today);
        if (assessed && !assessed->empty()) {
          e.eol_status = assessed->front().status;
          e.eol_detail = assessed->front().detail;
        } else if (!assessed && !eol_failed) {
          eol_failed = true;
          result.warnings.push_back("end-of-life data could not be read: " +
                                    assessed.status().message());
        }
      }
      if (e.open_findings() > 0) {
        auto a = advice.find(h);
        if (a != advice.end() && a->second->kind == match::ComponentAdvice::Kind::kUpgrade &&
            !a->second->upgrade_to.empty()) {
          e.fix = FixKind::kUpgrade;
          e.fixed_in = a->second->upgrade_to;
        } else {
          e.fixed_in = highest_fix(e.findings, e.component.ecosystem);
          e.fix = e.fixed_in.empty() ? FixKind::kNoFix : FixKind::kPartial;
        }
      }
      if (e.is_transitive()) {
        const auto& d = directs[next_head];
        if (d && *d != h) {
          const auto& direct = head.components[*d];
          e.introduced_by = direct.name + (direct.version.empty() ? "" : " " + direct.version);
        } else {
          e.introduced_by = "(unattributed)";
        }
      }
      ++next_head;
    }
    result.entries.push_back(std::move(e));
  }
  // Added and changed first, removed last; each part keeps the diff's order (by key).
  std::stable_partition(result.entries.begin(), result.entries.end(),
                        [](const ReviewEntry& e) { return e.change.kind != ChangeKind::kRemoved; });
  evaluate_policy(result);
  return out;
}

}  // namespace upkeep::review
