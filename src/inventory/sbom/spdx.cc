// SPDX-License-Identifier: Apache-2.0
//
// SPDX JSON 2.2 and 2.3: packages named by their purl external reference (category
// PACKAGE-MANAGER, or PACKAGE_MANAGER as 2.2 and some tools write it); the package the document
// DESCRIBES is its subject, not a component; DEPENDS_ON and the *_DEPENDENCY_OF relationships
// give dependencies, direct and transitive, and (when the document uses the typed ones) scope.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "inventory/formats/json.h"
#include "inventory/sbom/sbom.h"

namespace upkeep::inventory::sbom {
namespace {

// Purposes that are not software packages: without a purl they are skipped quietly.
bool non_software_purpose(std::string_view purpose) {
  return purpose == "OPERATING-SYSTEM" || purpose == "CONTAINER" || purpose == "FILE" ||
         purpose == "DEVICE" || purpose == "FIRMWARE";
}

bool no_value(std::string_view v) {
  return v.empty() || v == "NOASSERTION" || v == "NONE";
}

// How strongly an edge ties a dependency to its dependent. The scope of a package is the
// strongest tie over all paths from the subject, a path being as weak as its weakest edge.
enum Tie : int { kNoTie = 0, kDevelopmentTie = 1, kOptionalTie = 2, kRuntimeTie = 3 };

struct Edge {
  size_t child;
  int tie;
};

std::string_view purl_of(simdjson::dom::element package) {
  simdjson::dom::array refs;
  if (package["externalRefs"].get(refs) != simdjson::SUCCESS) return {};
  for (simdjson::dom::element r : refs) {
    const std::string_view category = formats::get_string(r, "referenceCategory");
    if (formats::get_string(r, "referenceType") != "purl") continue;
    if (category != "PACKAGE-MANAGER" && category != "PACKAGE_MANAGER") continue;
    return formats::get_string(r, "referenceLocator");
  }
  return {};
}

}  // namespace

void read_spdx(simdjson::dom::element root, Problems& problems, ExtractContext& ctx) {
  std::string_view document = formats::get_string(root, "SPDXID");
  if (document.empty()) document = "SPDXRef-DOCUMENT";

  struct Item {
    std::optional<Component> component;  // nullopt: skipped, kept for the graph
    std::string_view id;
  };
  std::vector<Item> items;
  std::unordered_map<std::string_view, size_t> by_id;
  simdjson::dom::element packages_value;
  if (root["packages"].get(packages_value) == simdjson::SUCCESS && !packages_value.is_null()) {
    simdjson::dom::array packages;
    if (packages_value.get(packages) != simdjson::SUCCESS) {
      problems.add("/packages", "\"packages\" is not an array");
    } else {
      size_t index = 0;
      for (simdjson::dom::element package : packages) {
        const std::string pointer = "/packages/" + std::to_string(index++);
        if (!package.is_object()) {
          problems.add(pointer, "a package is not an object");
          continue;
        }
        PackageFields fields;
        fields.purl = purl_of(package);
        fields.name = string_field(package, "name", pointer, problems);
        fields.version = string_field(package, "versionInfo", pointer, problems);
        fields.non_software =
            non_software_purpose(string_field(package, "primaryPackagePurpose", pointer, problems));
        Item item;
        item.id = string_field(package, "SPDXID", pointer, problems);
        item.component = make_component(fields, pointer, problems);
        if (item.component) {
          std::string_view license = formats::get_string(package, "licenseDeclared");
          if (no_value(license)) license = formats::get_string(package, "licenseConcluded");
          if (!no_value(license)) item.component->licenses.emplace_back(license);
        }
        if (!item.id.empty() && !by_id.emplace(item.id, items.size()).second) {
          problems.add(pointer, "SPDXID \"" + std::string(item.id) + "\" is used twice");
        }
        items.push_back(std::move(item));
      }
    }
  }

  // The subject(s) and the dependency graph.
  std::vector<bool> described(items.size(), false), has_children(items.size(), false);
  auto describe = [&](std::string_view id) {
    if (auto it = by_id.find(id); it != by_id.end()) described[it->second] = true;
  };
  simdjson::dom::array describes;
  if (root["documentDescribes"].get(describes) == simdjson::SUCCESS) {
    for (simdjson::dom::element d : describes) {
      std::string_view s;
      if (d.get(s) == simdjson::SUCCESS) describe(s);
    }
  }
  std::vector<std::vector<Edge>> edges(items.size());
  bool typed = false;
  simdjson::dom::element rel_value;
  if (root["relationships"].get(rel_value) == simdjson::SUCCESS && !rel_value.is_null()) {
    simdjson::dom::array relationships;
    if (rel_value.get(relationships) != simdjson::SUCCESS) {
      problems.add("/relationships", "\"relationships\" is not an array");
    } else {
      for (simdjson::dom::element r : relationships) {
        const std::string_view a = formats::get_string(r, "spdxElementId");
        const std::string_view b = formats::get_string(r, "relatedSpdxElement");
        const std::string_view type = formats::get_string(r, "relationshipType");
        if (type == "DESCRIBES" && a == document) {
          describe(b);
          continue;
        }
        if (type == "DESCRIBED_BY" && b == document) {
          describe(a);
          continue;
        }
        auto ia = by_id.find(a);
        auto ib = by_id.find(b);
        if (ia == by_id.end() || ib == by_id.end()) continue;  // files, snippets, other documents
        // parent -> child, and how the child is tied to it.
        size_t parent = ia->second, child = ib->second;
        int tie = kNoTie;
        if (type == "DEPENDS_ON") {
          tie = kRuntimeTie;
        } else if (type == "DEPENDENCY_OF" || type == "PROVIDED_DEPENDENCY_OF") {
          std::swap(parent, child);
          tie = kRuntimeTie;
        } else if (type == "RUNTIME_DEPENDENCY_OF") {
          std::swap(parent, child);
          tie = kRuntimeTie;
          typed = true;
        } else if (type == "OPTIONAL_DEPENDENCY_OF") {
          std::swap(parent, child);
          tie = kOptionalTie;
          typed = true;
        } else if (type == "DEV_DEPENDENCY_OF" || type == "TEST_DEPENDENCY_OF" ||
                   type == "BUILD_DEPENDENCY_OF") {
          std::swap(parent, child);
          tie = kDevelopmentTie;
          typed = true;
        } else if (type == "CONTAINS") {
          has_children[parent] = true;
          continue;
        } else {
          continue;
        }
        has_children[parent] = true;
        edges[parent].push_back(Edge{child, tie});
      }
    }
  }

  // The subject is not one of its own components. When a document "describes" several
  // packages, the ones that contain or depend on others are subjects; described leaves are
  // components (some tools list every package there).
  const auto described_count = std::count(described.begin(), described.end(), true);
  std::vector<size_t> roots;
  for (size_t k = 0; k < items.size(); ++k) {
    if (!described[k]) continue;
    if (described_count == 1 || has_children[k]) {
      roots.push_back(k);
      items[k].component.reset();
    }
  }

  for (size_t k = 0; k < items.size(); ++k) {
    if (!items[k].component) continue;
    auto& deps = items[k].component->dependencies;
    for (const Edge& e : edges[k]) {
      if (!items[e.child].component) continue;
      const std::string& name = items[e.child].component->name;
      if (std::find(deps.begin(), deps.end(), name) == deps.end()) deps.push_back(name);
    }
  }

  // Distance from the subjects: 1 is direct, more is transitive.
  bool roots_have_dependencies = false;
  for (size_t r : roots)
    roots_have_dependencies = roots_have_dependencies || !edges[r].empty();
  if (roots_have_dependencies) {
    std::vector<int> distance(items.size(), -1);
    std::vector<size_t> frontier;
    for (size_t r : roots) {
      distance[r] = 0;
      frontier.push_back(r);
    }
    for (int level = 1; !frontier.empty(); ++level) {
      std::vector<size_t> next;
      for (size_t n : frontier) {
        for (const Edge& e : edges[n]) {
          if (distance[e.child] >= 0) continue;
          distance[e.child] = level;
          next.push_back(e.child);
        }
      }
      frontier = std::move(next);
    }
    for (size_t k = 0; k < items.size(); ++k) {
      if (!items[k].component || distance[k] <= 0) continue;
      items[k].component->relationship =
          distance[k] == 1 ? Relationship::kDirect : Relationship::kTransitive;
    }
    // Scope, when the document says it: the strongest tie, found by a search from the
    // subjects over the edges at least that strong, strongest first.
    if (typed) {
      std::vector<int> tie(items.size(), kNoTie);
      for (int level = kRuntimeTie; level >= kDevelopmentTie; --level) {
        std::vector<size_t> stack(roots.begin(), roots.end());
        std::vector<bool> seen(items.size(), false);
        for (size_t r : roots)
          seen[r] = true;
        while (!stack.empty()) {
          const size_t n = stack.back();
          stack.pop_back();
          for (const Edge& e : edges[n]) {
            if (e.tie < level || seen[e.child]) continue;
            seen[e.child] = true;
            if (tie[e.child] == kNoTie) tie[e.child] = level;
            stack.push_back(e.child);
          }
        }
      }
      for (size_t k = 0; k < items.size(); ++k) {
        if (!items[k].component) continue;
        if (tie[k] == kRuntimeTie) items[k].component->scope = Scope::kRuntime;
        if (tie[k] == kOptionalTie) items[k].component->scope = Scope::kOptional;
        if (tie[k] == kDevelopmentTie) items[k].component->scope = Scope::kDevelopment;
      }
    }
  }
  std::vector<Component> out;
  out.reserve(items.size());
  for (Item& item : items) {
    if (item.component) out.push_back(std::move(*item.component));
  }
  add_merged(std::move(out), ctx);
}

}  // namespace upkeep::inventory::sbom
