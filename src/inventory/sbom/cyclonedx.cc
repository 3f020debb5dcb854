// SPDX-License-Identifier: Apache-2.0
//
// CycloneDX JSON, specVersion 1.2 to 1.6 (the fields read here have not changed in that
// range): components, nested as deep as the document nests them; metadata.component is the
// subject of the BOM, not one of its components; the dependencies graph gives each component's
// dependencies and, when the subject is in it, which components are direct.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "inventory/formats/json.h"
#include "inventory/sbom/sbom.h"

namespace upkeep::inventory::sbom {
namespace {

// The object at `key`, as an element (the formats:: accessors take elements), or nullopt.
std::optional<simdjson::dom::element> object_at(simdjson::dom::element element,
                                                std::string_view key) {
  simdjson::dom::element out;
  if (element[key].get(out) != simdjson::SUCCESS || !out.is_object()) return std::nullopt;
  return out;
}

// Component types that are not software packages: without a purl they are skipped quietly.
// An "application" without a purl is one too: generators use it for the lockfile or binary that
// groups packages (Trivy's "app/package-lock.json").
bool non_software_type(std::string_view type) {
  return type == "operating-system" || type == "application" || type == "file" ||
         type == "container" || type == "platform" || type == "device" || type == "device-driver" ||
         type == "firmware" || type == "data" || type == "machine-learning-model" ||
         type == "cryptographic-asset";
}

Scope scope_of(std::string_view scope) {
  if (scope == "required") return Scope::kRuntime;
  if (scope == "optional") return Scope::kOptional;
  // "Excluded components ... document component usage for test and other non-runtime
  // purposes" (CycloneDX 1.6).
  if (scope == "excluded") return Scope::kDevelopment;
  return Scope::kUnknown;
}

// Properties some generators use for what CycloneDX has no field for.
void read_properties(simdjson::dom::element component, Component& c) {
  simdjson::dom::array properties;
  if (component["properties"].get(properties) != simdjson::SUCCESS) return;
  std::string_view src_name, src_version, src_release, src_epoch;
  for (simdjson::dom::element p : properties) {
    const std::string_view name = formats::get_string(p, "name");
    const std::string_view value = formats::get_string(p, "value");
    if (name == "cdx:npm:package:development" && value == "true") {
      c.scope = Scope::kDevelopment;  // cyclonedx-npm and `npm sbom`: a dev dependency
    } else if (name == "aquasecurity:trivy:SrcName") {
      src_name = value;
    } else if (name == "aquasecurity:trivy:SrcVersion") {
      src_version = value;
    } else if (name == "aquasecurity:trivy:SrcRelease") {
      src_release = value;
    } else if (name == "aquasecurity:trivy:SrcEpoch") {
      src_epoch = value;
    } else if (name == "aquasecurity:trivy:LayerDiffID") {
      c.layer = std::string(value);
    } else if (name == "upkeep:source_name") {
      src_name = value;
    } else if (name == "upkeep:source_version") {
      src_version = value;
    }
  }
  if (!src_name.empty()) {
    c.source_name = std::string(src_name);
    std::string v;
    if (!src_epoch.empty() && src_epoch != "0") v = std::string(src_epoch) + ":";
    v += src_version;
    if (!src_release.empty()) v += "-" + std::string(src_release);
    c.source_version = std::move(v);
  }
}

void read_licenses(simdjson::dom::element component, Component& c) {
  simdjson::dom::array licenses;
  if (component["licenses"].get(licenses) != simdjson::SUCCESS) return;
  for (simdjson::dom::element l : licenses) {
    if (std::string_view e = formats::get_string(l, "expression"); !e.empty()) {
      c.licenses.emplace_back(e);
      continue;
    }
    if (auto license = object_at(l, "license")) {
      std::string_view id = formats::get_string(*license, "id");
      if (id.empty()) id = formats::get_string(*license, "name");
      if (!id.empty()) c.licenses.emplace_back(id);
    }
  }
}

}  // namespace

void read_cyclonedx(simdjson::dom::element root, Problems& problems, ExtractContext& ctx) {
  std::string_view subject;
  if (auto meta = object_at(root, "metadata")) {
    if (auto component = object_at(*meta, "component")) {
      subject = formats::get_string(*component, "bom-ref");
    }
  }

  struct Item {
    Component component;
    std::string_view ref;
  };
  std::vector<Item> items;
  // Skipped elements (an operating system, a lockfile) group packages in the graph: they are
  // passed through, so what hangs off them is as direct as they are.
  std::unordered_set<std::string_view> transparent;
  // Component arrays still to read, breadth first: nesting costs no recursion.
  struct Pending {
    simdjson::dom::array array;
    std::string pointer;
  };
  std::vector<Pending> pending;
  auto queue = [&](simdjson::dom::element parent, const std::string& pointer) {
    simdjson::dom::element value;
    if (parent["components"].get(value) != simdjson::SUCCESS || value.is_null()) return;
    simdjson::dom::array array;
    if (value.get(array) != simdjson::SUCCESS) {
      problems.add(pointer + "/components", "\"components\" is not an array");
      return;
    }
    pending.push_back(Pending{array, pointer + "/components"});
  };
  queue(root, "");
  for (size_t k = 0; k < pending.size(); ++k) {
    const Pending p = pending[k];  // a copy: queue() may grow `pending`
    size_t index = 0;
    for (simdjson::dom::element el : p.array) {
      const std::string pointer = p.pointer + "/" + std::to_string(index++);
      if (!el.is_object()) {
        problems.add(pointer, "a component is not an object");
        continue;
      }
      queue(el, pointer);
      PackageFields fields;
      fields.purl = string_field(el, "purl", pointer, problems);
      fields.name = string_field(el, "name", pointer, problems);
      fields.group = string_field(el, "group", pointer, problems);
      fields.version = string_field(el, "version", pointer, problems);
      fields.non_software = non_software_type(string_field(el, "type", pointer, problems));
      auto component = make_component(fields, pointer, problems);
      if (!component) {
        if (fields.non_software) transparent.insert(string_field(el, "bom-ref", pointer, problems));
        continue;
      }
      component->scope = scope_of(string_field(el, "scope", pointer, problems));
      read_properties(el, *component);
      read_licenses(el, *component);
      items.push_back(Item{std::move(*component), string_field(el, "bom-ref", pointer, problems)});
    }
  }

  // The dependency graph. Each bom-ref becomes a node number once, so the graph work below is
  // over vectors (a document of 100,000 components has as many refs and more edges).
  std::unordered_map<std::string_view, uint32_t> node_of;
  node_of.reserve(items.size() + transparent.size() + 1);
  std::vector<int32_t> item_of_node;  // -1 for refs that are not reported components
  auto node = [&](std::string_view ref) {
    auto [it, inserted] = node_of.emplace(ref, static_cast<uint32_t>(item_of_node.size()));
    if (inserted) item_of_node.push_back(-1);
    return it->second;
  };
  for (size_t k = 0; k < items.size(); ++k) {
    if (!items[k].ref.empty()) item_of_node[node(items[k].ref)] = static_cast<int32_t>(k);
  }
  std::vector<std::vector<uint32_t>> edges;
  simdjson::dom::element deps_value;
  if (root["dependencies"].get(deps_value) == simdjson::SUCCESS && !deps_value.is_null()) {
    simdjson::dom::array deps;
    if (deps_value.get(deps) != simdjson::SUCCESS) {
      problems.add("/dependencies", "\"dependencies\" is not an array");
    } else {
      size_t index = 0;
      for (simdjson::dom::element d : deps) {
        const std::string pointer = "/dependencies/" + std::to_string(index++);
        const std::string_view ref = string_field(d, "ref", pointer, problems);
        if (ref.empty()) {
          problems.add(pointer, "a dependency entry without \"ref\" is ignored");
          continue;
        }
        const uint32_t from = node(ref);
        simdjson::dom::array on;
        if (d["dependsOn"].get(on) != simdjson::SUCCESS) continue;
        for (simdjson::dom::element r : on) {
          std::string_view s;
          if (r.get(s) != simdjson::SUCCESS) continue;
          const uint32_t to = node(s);
          if (edges.size() < item_of_node.size()) edges.resize(item_of_node.size());
          edges[from].push_back(to);
        }
      }
    }
  }
  edges.resize(item_of_node.size());
  std::vector<bool> free(item_of_node.size(), false);
  for (std::string_view ref : transparent) {
    if (auto it = node_of.find(ref); it != node_of.end()) free[it->second] = true;
  }
  for (size_t n = 0; n < edges.size(); ++n) {
    if (item_of_node[n] < 0) continue;
    auto& deps = items[static_cast<size_t>(item_of_node[n])].component.dependencies;
    for (uint32_t child : edges[n]) {
      if (item_of_node[child] < 0) continue;
      const std::string& name = items[static_cast<size_t>(item_of_node[child])].component.name;
      if (std::find(deps.begin(), deps.end(), name) == deps.end()) deps.push_back(name);
    }
  }
  // Direct: what the subject depends on; transitive: reached from there. Without the subject
  // in the graph the document does not say.
  auto subject_node = subject.empty() ? node_of.end() : node_of.find(subject);
  if (subject_node != node_of.end() && !edges[subject_node->second].empty()) {
    // Breadth first, with transparent elements costing no step (a 0-1 search).
    std::vector<int32_t> distance(edges.size(), -1);
    std::deque<uint32_t> queue{subject_node->second};
    distance[subject_node->second] = 0;
    while (!queue.empty()) {
      const uint32_t n = queue.front();
      queue.pop_front();
      for (uint32_t child : edges[n]) {
        const int32_t step = distance[n] + (free[child] ? 0 : 1);
        if (distance[child] >= 0 && distance[child] <= step) continue;
        distance[child] = step;
        if (free[child]) {
          queue.push_front(child);
        } else {
          queue.push_back(child);
        }
      }
    }
    for (size_t n = 0; n < distance.size(); ++n) {
      if (item_of_node[n] < 0 || distance[n] <= 0) continue;
      items[static_cast<size_t>(item_of_node[n])].component.relationship =
          distance[n] == 1 ? Relationship::kDirect : Relationship::kTransitive;
    }
  }
  std::vector<Component> out;
  out.reserve(items.size());
  for (Item& item : items)
    out.push_back(std::move(item.component));
  add_merged(std::move(out), ctx);
}

}  // namespace upkeep::inventory::sbom
