// SPDX-License-Identifier: Apache-2.0
#include "report/support_model.h"

#include <optional>
#include <string>

namespace upkeep::report::detail {
namespace {

void date_field(JsonWriter& w, std::string_view key, const std::optional<eol::Date>& d) {
  w.key(key);
  if (d) {
    w.value(eol::format_date(*d));
  } else {
    w.null();
  }
}

}  // namespace

std::string support_label(const eol::Assessment& a) {
  std::string out(eol::status_name(a.status));
  switch (a.status) {
    case eol::SupportStatus::kEndsSoon:
      if (a.days_left) {
        out += " (" + std::to_string(*a.days_left) + (*a.days_left == 1 ? " day)" : " days)");
      }
      break;
    case eol::SupportStatus::kExtended:
      if (a.extended_end)
        out += " (" + a.extended_name + " to " + eol::format_date(*a.extended_end) + ")";
      break;
    case eol::SupportStatus::kEndOfLife:
    case eol::SupportStatus::kSecurityEnded:
      // The last day of the last free phase that had one.
      if (a.extended_end) {
        out += " since " + eol::format_date(*a.extended_end);
      } else if (a.support_end) {
        out += " since " + eol::format_date(*a.support_end);
      }
      break;
    default:
      break;
  }
  if (a.upstream_only) out += " (upstream)";
  return out;
}

bool support_lapsed(const eol::Assessment& a) {
  return a.status == eol::SupportStatus::kEndOfLife ||
         a.status == eol::SupportStatus::kSecurityEnded ||
         a.status == eol::SupportStatus::kUnmaintained;
}

void write_assessment(JsonWriter& w, const eol::Assessment& a) {
  w.begin_object();
  w.field("status", eol::status_name(a.status));
  w.field("source", a.source).field("product", a.product).field("cycle", a.cycle);
  date_field(w, "release_date", a.release_date);
  date_field(w, "active_support_end", a.active_end);
  date_field(w, "support_end", a.support_end);
  date_field(w, "extended_support_end", a.extended_end);
  w.field("extended_support", a.extended_name);
  date_field(w, "paid_support_end", a.paid_end);
  w.key("days_left");
  if (a.days_left) {
    w.value(*a.days_left);
  } else {
    w.null();
  }
  w.field("latest", a.latest);
  w.field("upstream_only", a.upstream_only);
  w.field("detail", a.detail);
  w.end_object();
}

void write_support_summary(JsonWriter& w, const SupportView& view,
                           const inventory::Inventory& inventory) {
  w.key("support").begin_object();
  w.field("today", eol::format_date(view.today));
  w.field("has_data", view.has_data);
  w.key("os").begin_array();
  for (const auto& os : view.os) {
    w.begin_object();
    if (os.target < inventory.targets.size()) {
      const auto& t = inventory.targets[os.target];
      w.field("target", t.spec);
      if (t.os) w.field("pretty_name", t.os->pretty_name);
    }
    w.key("assessment");
    write_assessment(w, os.assessment);
    w.end_object();
  }
  w.end_array();
  w.key("runtimes").begin_array();
  for (const auto& r : view.runtimes) {
    w.begin_object();
    w.field("name", r.runtime.name).field("product", r.runtime.product);
    w.field("package", r.runtime.package).field("ecosystem", r.runtime.ecosystem);
    w.field("version", r.runtime.version);
    w.key("components").begin_array();
    for (size_t i : r.runtime.components) {
      if (i < inventory.components.size()) w.value(inventory.components[i].purl);
    }
    w.end_array();
    w.key("assessment");
    write_assessment(w, r.assessment);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace upkeep::report::detail
