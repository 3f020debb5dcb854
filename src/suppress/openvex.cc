// SPDX-License-Identifier: Apache-2.0
//
// OpenVEX documents (spec v0.2.0; v0.0.x documents with a plain-string vulnerability are read
// too): one rule per (statement, product) or, when a product lists subcomponents, per
// (statement, subcomponent).
#include <string>
#include <vector>

#include "inventory/formats/json.h"
#include "suppress/internal.h"

namespace upkeep::suppress::detail {
namespace {

namespace formats = inventory::formats;
using simdjson::dom::element;

constexpr std::string_view kStatuses[] = {"not_affected", "affected", "fixed",
                                          "under_investigation"};
constexpr std::string_view kJustifications[] = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};

template <size_t N>
bool one_of(std::string_view v, const std::string_view (&list)[N]) {
  for (std::string_view s : list) {
    if (s == v) return true;
  }
  return false;
}

// The purl that names a product or subcomponent: identifiers.purl, else an @id that is a purl.
std::string_view product_purl(element product) {
  if (auto ids = formats::get_object(product, "identifiers")) {
    std::string_view p;
    if ((*ids)["purl"].get(p) == simdjson::SUCCESS && !p.empty()) return p;
  }
  const std::string_view id = formats::get_string(product, "@id");
  if (id.size() > 4 && upper(id.substr(0, 4)) == "PKG:") return id;
  return {};
}

// The first of `keys` that holds a string, or empty.
std::string_view first_string(element e, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    const std::string_view v = formats::get_string(e, k);
    if (!v.empty()) return v;
  }
  return {};
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view source, Loaded& out)
      : text_(text), source_(source), out_(out), locator_(text, source) {}

  Status read() {
    formats::JsonDocument doc;
    if (auto err = doc.parse(text_)) {
      return Status::invalid_argument(
          Location{std::string(source_), err->line, err->column}.to_string() +
          ": not valid JSON: " + err->message);
    }
    const element root = doc.root();
    if (!root.is_object()) return whole("an OpenVEX document is a JSON object");
    const auto statements = formats::get_array(root, "statements");
    if (!statements) return whole("not an OpenVEX document: it has no \"statements\" array");
    const std::string_view context = formats::get_string(root, "@context");
    if (!context.empty() && context.find("openvex") == std::string_view::npos) {
      warn({key("@context")}, "@context \"" + std::string(context) +
                                  "\" is not an OpenVEX context; read as OpenVEX all the same");
    }
    doc_time_ = time_of(root, {}, {}, "");
    doc_timestamp_ = std::string(first_string(root, {"last_updated", "timestamp"}));
    size_t i = 0;
    for (element s : *statements)
      read_statement(s, i++);
    return Status::ok();
  }

 private:
  Status whole(std::string_view why) {
    return Status::invalid_argument(std::string(source_) + ": " + std::string(why));
  }

  void warn(std::initializer_list<PathStep> path, std::string message) {
    out_.warnings.push_back({locator_.locate(path), std::move(message)});
  }

  // last_updated, else timestamp, of `e` (at `base` in the text); `fallback` when it has
  // neither. A malformed time warns and counts as absent.
  Instant time_of(element e, Instant fallback, const std::vector<PathStep>& base,
                  std::string_view what) {
    for (std::string_view k : {"last_updated", "timestamp"}) {
      const std::string_view t = formats::get_string(e, k);
      if (t.empty()) continue;
      if (auto when = parse_timestamp(t)) return *when;
      std::vector<PathStep> path = base;
      path.push_back(key(k));
      out_.warnings.push_back({locator_.locate(path), std::string(what) + std::string(k) + " \"" +
                                                          std::string(t) +
                                                          "\" is not an RFC 3339 time; ignored"});
    }
    return fallback;
  }

  void read_statement(element s, size_t i) {
    const auto here = [&](std::initializer_list<PathStep> rest = {}) {
      std::vector<PathStep> v = {key("statements"), at(i)};
      v.insert(v.end(), rest.begin(), rest.end());
      return v;
    };
    const auto warn_at = [&](std::initializer_list<PathStep> rest, std::string message) {
      out_.warnings.push_back({locator_.locate(here(rest)),
                               "statements[" + std::to_string(i) + "]: " + std::move(message)});
    };
    if (!s.is_object()) {
      warn_at({}, "a statement is a JSON object; skipped");
      return;
    }
    // The vulnerability: an object (v0.2.0) or a bare id (v0.0.x).
    std::vector<std::string> ids;
    std::string name;
    element v;
    if (s["vulnerability"].get(v) != simdjson::SUCCESS) {
      warn_at({}, "no vulnerability; skipped");
      return;
    }
    if (v.is_string()) {
      name = std::string(std::string_view(v));
    } else if (v.is_object()) {
      name = std::string(formats::get_string(v, "name"));
      const std::string_view iri = formats::get_string(v, "@id");
      if (name.empty()) name = std::string(iri);
      if (!iri.empty()) ids.push_back(upper(iri));
      if (auto aliases = formats::get_array(v, "aliases")) {
        for (element a : *aliases) {
          if (a.is_string() && !std::string_view(a).empty())
            ids.push_back(upper(std::string_view(a)));
        }
      }
    }
    if (name.empty()) {
      warn_at({key("vulnerability")}, "the vulnerability has no name; skipped");
      return;
    }
    ids.insert(ids.begin(), upper(name));

    const std::string_view status = formats::get_string(s, "status");
    if (!one_of(status, kStatuses)) {
      warn_at({key("status")},
              status.empty()
                  ? std::string("no status; skipped")
                  : "status \"" + std::string(status) +
                        "\" is not one of not_affected, affected, fixed, under_investigation; "
                        "skipped");
      return;
    }
    const std::string_view justification = formats::get_string(s, "justification");
    if (!justification.empty() && !one_of(justification, kJustifications)) {
      warn_at({key("justification")},
              "justification \"" + std::string(justification) + "\" is not one of OpenVEX's");
    }
    const std::string_view impact = formats::get_string(s, "impact_statement");
    if (status == "not_affected" && justification.empty() && impact.empty()) {
      // The spec requires one of them: a bare not_affected is not a statement to trust.
      warn_at({key("status")},
              "not_affected without a justification or an impact_statement; skipped");
      return;
    }
    const std::string_view action = formats::get_string(s, "action_statement");
    if (status == "affected" && action.empty()) {
      warn_at({key("status")}, "affected without an action_statement (the spec requires one)");
    }

    Suppression info;
    info.kind = Kind::kOpenVex;
    info.vulnerability = name;
    info.status = std::string(status);
    info.justification = std::string(justification);
    info.detail = std::string(impact.empty() ? formats::get_string(s, "status_notes") : impact);
    info.action = std::string(action);
    info.timestamp = std::string(first_string(s, {"last_updated", "timestamp"}));
    if (info.timestamp.empty()) info.timestamp = doc_timestamp_;
    info.suppresses = status == "not_affected" || status == "fixed";
    const Instant when = time_of(s, doc_time_, here({}), "statements[" + std::to_string(i) + "]: ");

    const auto products = formats::get_array(s, "products");
    if (!products || products->size() == 0) {
      warn_at({}, "no products; skipped (a statement applies to the products it names)");
      return;
    }
    size_t p = 0;
    for (element product : *products) {
      const size_t pi = p++;
      if (!product.is_object() && !product.is_string()) {
        warn_at({key("products"), at(pi)}, "a product is a JSON object; skipped");
        continue;
      }
      // OpenVEX before v0.2.0 listed products as bare purls.
      const std::string_view product_id =
          product.is_string() ? std::string_view(product) : product_purl(product);
      const auto subcomponents =
          product.is_object() ? formats::get_array(product, "subcomponents") : std::nullopt;
      const auto add = [&](std::string_view purl_text, std::string label,
                           std::initializer_list<PathStep> where) {
        // The rule points at its statement; a bad purl is reported where it is written.
        auto pattern = PurlPattern::parse(purl_text, false);
        if (!pattern) {
          warn_at(where, pattern.status().message() + "; skipped");
          return;
        }
        Rule r;
        r.ids = ids;
        r.product = std::move(pattern).value();
        r.info = info;
        r.info.product = std::move(label);
        r.info.where = locator_.locate(here({}));
        r.time = when;
        out_.rules.push_back(std::move(r));
      };
      if (subcomponents && subcomponents->size() > 0) {
        // The statement is about the subcomponents inside the product: a finding on the
        // subcomponent is what it speaks of.
        const std::string in = product_id.empty() ? std::string(formats::get_string(product, "@id"))
                                                  : std::string(product_id);
        size_t k = 0;
        for (element sub : *subcomponents) {
          const size_t ki = k++;
          const std::string_view sub_id = sub.is_object() ? product_purl(sub) : std::string_view();
          if (sub_id.empty()) {
            warn_at({key("products"), at(pi), key("subcomponents"), at(ki)},
                    "a subcomponent without a purl (identifiers.purl or a pkg: @id) cannot be "
                    "matched; skipped");
            continue;
          }
          add(sub_id, std::string(sub_id) + " in " + in,
              {key("products"), at(pi), key("subcomponents"), at(ki)});
        }
        continue;
      }
      if (product_id.empty()) {
        const std::string_view iri = formats::get_string(product, "@id");
        warn_at({key("products"), at(pi)},
                iri.empty() ? std::string("a product without a purl; skipped")
                            : "product \"" + std::string(iri) +
                                  "\" is not a purl and has no identifiers.purl: it cannot be "
                                  "matched to a component; skipped");
        continue;
      }
      add(product_id, std::string(product_id), {key("products"), at(pi)});
    }
  }

  std::string_view text_;
  std::string_view source_;
  Loaded& out_;
  JsonLocator locator_;
  Instant doc_time_;
  std::string doc_timestamp_;
};

}  // namespace

Status read_openvex(std::string_view text, std::string_view source, Loaded& out) {
  return Reader(text, source, out).read();
}

}  // namespace upkeep::suppress::detail
