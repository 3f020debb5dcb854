// SPDX-License-Identifier: Apache-2.0
//
// The set of suppressions: documents added in order, rules indexed by vulnerability id, and the
// precedence of lookup() (ignore entries, then the latest VEX statement, then expired entries).
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "inventory/formats/json.h"
#include "suppress/internal.h"

namespace upkeep::suppress {

struct Suppressions::State {
  std::vector<detail::Rule> rules;
  std::unordered_map<std::string, std::vector<size_t>> by_id;  // upper-cased id -> rules
  std::vector<Diagnostic> warnings;

  Status add(Status (*reader)(std::string_view, std::string_view, detail::Loaded&),
             std::string_view text, std::string_view source) {
    detail::Loaded loaded;
    if (Status s = reader(text, source, loaded); !s) return s;
    for (detail::Rule& r : loaded.rules) {
      r.sequence = rules.size();
      for (const std::string& id : r.ids) {
        auto& list = by_id[id];
        // A statement naming the same id twice (name and alias) is indexed once.
        if (list.empty() || list.back() != r.sequence) list.push_back(r.sequence);
      }
      rules.push_back(std::move(r));
    }
    warnings.insert(warnings.end(), std::make_move_iterator(loaded.warnings.begin()),
                    std::make_move_iterator(loaded.warnings.end()));
    return Status::ok();
  }
};

Suppressions::Suppressions() : state_(std::make_unique<State>()) {}
Suppressions::~Suppressions() = default;
Suppressions::Suppressions(Suppressions&&) noexcept = default;
Suppressions& Suppressions::operator=(Suppressions&&) noexcept = default;

Result<Suppressions> Suppressions::load(std::span<const std::string> paths) {
  Suppressions out;
  for (const std::string& path : paths) {
    if (Status s = out.add_file(path); !s) return s;
  }
  return out;
}

Status Suppressions::add_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot be read");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read error");
  return add_document(buffer.str(), path);
}

Status Suppressions::add_document(std::string_view text, std::string_view source) {
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  size_t i = 0;
  while (i < body.size() && std::string_view(" \t\r\n").find(body[i]) != std::string_view::npos) {
    ++i;
  }
  if (i == body.size() || (body[i] != '{' && body[i] != '[')) return add_ignore_file(text, source);
  inventory::formats::JsonDocument doc;
  if (auto err = doc.parse(text)) {
    return Status::invalid_argument(
        Location{std::string(source), err->line, err->column}.to_string() +
        ": not valid JSON: " + err->message);
  }
  const auto root = doc.root();
  if (!root.is_object()) {
    return Status::invalid_argument(std::string(source) +
                                    ": a VEX document is a JSON object, not an array");
  }
  const std::string_view context = inventory::formats::get_string(root, "@context");
  if (context.find("openvex") != std::string_view::npos ||
      inventory::formats::get_array(root, "statements")) {
    return add_openvex(text, source);
  }
  if (!inventory::formats::get_string(root, "bomFormat").empty() ||
      inventory::formats::get_array(root, "vulnerabilities")) {
    return add_cyclonedx_vex(text, source);
  }
  return Status::invalid_argument(std::string(source) +
                                  ": a JSON document that is neither OpenVEX (statements) nor "
                                  "CycloneDX VEX (vulnerabilities)");
}

Status Suppressions::add_openvex(std::string_view text, std::string_view source) {
  return state_->add(&detail::read_openvex, text, source);
}
Status Suppressions::add_cyclonedx_vex(std::string_view text, std::string_view source) {
  return state_->add(&detail::read_cyclonedx_vex, text, source);
}
Status Suppressions::add_ignore_file(std::string_view text, std::string_view source) {
  return state_->add(&detail::read_ignore_file, text, source);
}

std::optional<Suppression> Suppressions::lookup(const std::vector<std::string>& vulnerability_ids,
                                                std::string_view purl, Date today) const {
  // Rules for any of the ids, each once, in load order.
  std::vector<size_t> candidates;
  for (const std::string& id : vulnerability_ids) {
    const auto found = state_->by_id.find(detail::upper(id));
    if (found != state_->by_id.end()) {
      candidates.insert(candidates.end(), found->second.begin(), found->second.end());
    }
  }
  if (candidates.empty()) return std::nullopt;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::optional<purl::Purl> component;
  bool parsed = false;
  const auto applies = [&](const detail::Rule& r) {
    if (!r.product) return true;
    if (!parsed) {
      parsed = true;
      if (auto p = purl::parse(purl)) component = std::move(p).value();
    }
    return component && r.product->matches(*component);
  };

  const detail::Rule* latest_vex = nullptr;
  const detail::Rule* expired = nullptr;
  for (size_t index : candidates) {
    const detail::Rule& r = state_->rules[index];
    if (!applies(r)) continue;
    if (r.info.kind == Kind::kIgnoreFile) {
      if (r.info.expires && *r.info.expires < today) {
        if (expired == nullptr) expired = &r;
        continue;
      }
      return r.info;  // the first live ignore entry decides
    }
    // Later time wins; at the same time (or none), the later statement in load order.
    if (latest_vex == nullptr || r.time >= latest_vex->time) latest_vex = &r;
  }
  if (latest_vex != nullptr) return latest_vex->info;
  if (expired != nullptr) {
    Suppression out = expired->info;
    out.suppresses = false;
    out.expired = true;
    return out;
  }
  return std::nullopt;
}

std::vector<Diagnostic> Suppressions::expired_entries(Date today) const {
  std::vector<Diagnostic> out;
  for (const detail::Rule& r : state_->rules) {
    if (r.info.kind == Kind::kIgnoreFile && r.info.expires && *r.info.expires < today) {
      out.push_back({r.info.where, "the ignore entry for " + r.info.vulnerability +
                                       (r.info.product.empty() ? "" : " (" + r.info.product + ")") +
                                       " expired on " + r.info.expires->to_string() +
                                       " and no longer applies"});
    }
  }
  return out;
}

const std::vector<Diagnostic>& Suppressions::warnings() const {
  return state_->warnings;
}

size_t Suppressions::size() const {
  return state_->rules.size();
}

}  // namespace upkeep::suppress
