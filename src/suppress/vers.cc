// SPDX-License-Identifier: Apache-2.0
//
// `vers:` version ranges (purl-spec VERSION-RANGE-SPEC): "vers:<scheme>/<constraint>|...",
// each constraint a comparator and a percent-encoded version, evaluated with the scheme's own
// version rules.
#include <algorithm>
#include <utility>

#include "suppress/internal.h"
#include "upkeep/purl.h"

namespace upkeep::suppress {
namespace {

// vers scheme -> our version scheme. "semver" is SemVer 2.0, whose precedence (build metadata
// ignored) is node-semver's.
constexpr std::pair<std::string_view, std::string_view> kSchemes[] = {
    {"npm", "npm"},      {"pypi", "pypi"}, {"maven", "maven"}, {"nuget", "nuget"},
    {"gem", "rubygems"}, {"golang", "go"}, {"cargo", "cargo"}, {"composer", "composer"},
    {"deb", "deb"},      {"rpm", "rpm"},   {"apk", "apk"},     {"alpine", "apk"},
    {"semver", "npm"},
};

}  // namespace

Result<VersRange> VersRange::parse(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return Status::invalid_argument("version range \"" + std::string(text) +
                                    "\": " + std::string(why));
  };
  // Spaces carry no meaning in a vers (the spec removes them all).
  std::string t;
  for (char c : text) {
    if (c != ' ' && c != '\t') t += c;
  }
  if (t.size() < 5 || detail::upper(t.substr(0, 5)) != "VERS:")
    return bad("it must start with vers:");
  const size_t slash = t.find('/', 5);
  if (slash == std::string::npos) return bad("no '/' after the versioning scheme");
  VersRange out;
  out.scheme_ = t.substr(5, slash - 5);
  for (char& c : out.scheme_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const auto& [vers, ours] : kSchemes) {
    if (vers == out.scheme_) out.rules_ = version::find_scheme(ours);
  }
  if (out.rules_ == nullptr) {
    return Status::unsupported("version range \"" + std::string(text) +
                               "\": the versioning scheme \"" + out.scheme_ +
                               "\" is not supported (supported: npm, pypi, maven, nuget, gem, "
                               "golang, cargo, composer, deb, rpm, apk, alpine, semver)");
  }
  std::string_view rest = std::string_view(t).substr(slash + 1);
  if (rest.empty()) return bad("no constraints");
  if (rest == "*") {
    out.any_ = true;
    return out;
  }
  while (!rest.empty()) {
    const size_t bar = rest.find('|');
    std::string_view c = rest.substr(0, bar);
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    if (c.empty()) return bad("an empty constraint");
    Op op = Op::kEq;
    if (c.starts_with(">=")) {
      op = Op::kGe;
      c.remove_prefix(2);
    } else if (c.starts_with("<=")) {
      op = Op::kLe;
      c.remove_prefix(2);
    } else if (c.starts_with("!=")) {
      op = Op::kNe;
      c.remove_prefix(2);
    } else if (c.starts_with("<")) {
      op = Op::kLt;
      c.remove_prefix(1);
    } else if (c.starts_with(">")) {
      op = Op::kGt;
      c.remove_prefix(1);
    } else if (c.starts_with("=")) {
      c.remove_prefix(1);
    }
    if (c.empty()) return bad("a comparator without a version");
    if (c == "*") return bad("'*' must be the only constraint");
    auto version = purl::percent_decode(c);
    if (!version) return bad("bad %-escape in \"" + std::string(c) + "\"");
    if (Status s = out.rules_->validate(*version); !s) {
      return bad("\"" + *version + "\" is not a valid " + out.scheme_ + " version: " + s.message());
    }
    out.constraints_.push_back({op, std::move(version).value()});
  }
  const version::Scheme* rules = out.rules_;
  std::stable_sort(out.constraints_.begin(), out.constraints_.end(),
                   [rules](const Constraint& a, const Constraint& b) {
                     return rules->try_compare(a.version, b.version) == std::strong_ordering::less;
                   });
  for (size_t i = 1; i < out.constraints_.size(); ++i) {
    if (rules->try_compare(out.constraints_[i - 1].version, out.constraints_[i].version) ==
        std::strong_ordering::equal) {
      return bad("the version \"" + out.constraints_[i].version + "\" appears more than once");
    }
  }
  return out;
}

Result<bool> VersRange::contains(std::string_view version) const {
  if (rules_ == nullptr) return Status::internal("an empty version range");
  if (Status s = rules_->validate(version); !s) return s;
  if (any_) return true;
  const auto satisfies = [&](const Constraint& c) {
    const auto o = rules_->try_compare(version, c.version);
    if (!o) return false;
    switch (c.op) {
      case Op::kEq:
        return *o == 0;
      case Op::kNe:
        return *o != 0;
      case Op::kLt:
        return *o < 0;
      case Op::kLe:
        return *o <= 0;
      case Op::kGt:
        return *o > 0;
      case Op::kGe:
        return *o >= 0;
    }
    return false;
  };
  // The spec's algorithm: equality constraints first, then the ranges between consecutive
  // constraints of the sorted rest.
  std::vector<const Constraint*> rest;
  for (const Constraint& c : constraints_) {
    if (c.op == Op::kEq) {
      if (satisfies(c)) return true;
    } else if (c.op == Op::kNe) {
      if (!satisfies(c)) return false;
    } else {
      rest.push_back(&c);
    }
  }
  if (rest.empty()) return false;
  if (rest.size() == 1) return satisfies(*rest[0]);
  const auto lower = [](Op op) { return op == Op::kLt || op == Op::kLe; };
  const auto greater = [](Op op) { return op == Op::kGt || op == Op::kGe; };
  for (size_t i = 0; i + 1 < rest.size(); ++i) {
    const Constraint& cur = *rest[i];
    const Constraint& next = *rest[i + 1];
    if (i == 0 && lower(cur.op) && satisfies(cur)) return true;
    if (i + 2 == rest.size() && greater(next.op) && satisfies(next)) return true;
    if (greater(cur.op) && lower(next.op) && satisfies(cur) && satisfies(next)) return true;
  }
  return false;
}

}  // namespace upkeep::suppress
