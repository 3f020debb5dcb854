// SPDX-License-Identifier: Apache-2.0
#include "report/sbom_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "report/sha1.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::report::detail {
namespace {

using inventory::Component;
using inventory::Relationship;
using inventory::Scope;

// uuid5(NAMESPACE_URL, "https://upkeep.invalid/inventory"): the namespace of upkeep's document
// identifiers.
constexpr std::array<uint8_t, 16> kUuidNamespace = {0x8d, 0x6e, 0x69, 0x88, 0xe8, 0x1e, 0x51, 0xda,
                                                    0xb2, 0x2d, 0x70, 0xe9, 0x25, 0x40, 0x29, 0x5d};

std::string component_ref(const Component& c) {
  if (!c.purl.empty()) return c.purl;
  return "upkeep:component:" + c.ecosystem + "/" + c.name + "@" + c.version;
}

Relationship merge(Relationship a, Relationship b) {
  if (a == Relationship::kDirect || b == Relationship::kDirect) return Relationship::kDirect;
  if (a == Relationship::kTransitive || b == Relationship::kTransitive) {
    return Relationship::kTransitive;
  }
  return Relationship::kUnknown;
}

template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

Scope merged_scope(const std::vector<const Component*>& occurrences) {
  bool runtime = false, unknown = false, optional = false;
  for (const Component* c : occurrences) {
    runtime |= c->scope == Scope::kRuntime;
    unknown |= c->scope == Scope::kUnknown;
    optional |= c->scope == Scope::kOptional;
  }
  if (runtime) return Scope::kRuntime;
  if (unknown) return Scope::kUnknown;
  return optional ? Scope::kOptional : Scope::kDevelopment;
}

bool is_distro_purl(std::string_view purl) {
  return purl.starts_with("pkg:deb/") || purl.starts_with("pkg:rpm/") ||
         purl.starts_with("pkg:apk/") || purl.starts_with("pkg:alpm/");
}

// The name a dependency list uses for a component: PyPI names compare in their PEP 503 form
// ("Flask" is required as "flask", "zope.interface" as "zope-interface"); other ecosystems'
// names compare as written.
std::string dependency_key(std::string_view ecosystem, std::string_view name) {
  if (ecosystem != "PyPI") return std::string(name);
  std::string out;
  bool run = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!run) out += '-';
      run = true;
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      run = false;
    }
  }
  return out;
}

}  // namespace

std::string distro_supplier(const Component& component) {
  if (!is_distro_purl(component.purl) || component.ecosystem.empty()) return {};
  return component.ecosystem.substr(0, component.ecosystem.find(':'));
}

SbomModel build_sbom_model(const inventory::Inventory& inventory, std::string_view tool_version) {
  SbomModel model;

  // One entry per distinct ref, in ref order.
  std::map<std::string, std::vector<const Component*>> by_ref;
  for (const Component& c : inventory.components)
    by_ref[component_ref(c)].push_back(&c);
  model.components.reserve(by_ref.size());
  for (auto& [ref, occurrences] : by_ref) {
    SbomComponent sc;
    sc.ref = ref;
    sc.occurrences = std::move(occurrences);
    for (const Component* c : sc.occurrences) {
      sc.relationship = merge(sc.relationship, c->relationship);
      sc.licenses.insert(sc.licenses.end(), c->licenses.begin(), c->licenses.end());
      sc.locations.push_back(c->location);
      if (!c->layer.empty()) sc.layers.push_back(c->layer);
      sc.extractors.push_back(c->extractor);
    }
    sc.scope = merged_scope(sc.occurrences);
    if (const std::string& purl = sc.first().purl; !purl.empty()) {
      auto decoded = purl::percent_decode(purl);
      sc.purl_usable = decoded.is_ok() && is_valid_utf8(*decoded);
    }
    sort_unique(sc.licenses);
    sort_unique(sc.locations);
    sort_unique(sc.layers);
    sort_unique(sc.extractors);
    model.components.push_back(std::move(sc));
  }

  // Dependencies name components of the same ecosystem listed in the same file (and layer):
  // resolve each name there, and leave out names that several versions answer to, since the
  // source did not say which one it meant.
  using FileKey = std::tuple<std::string_view, std::string_view>;  // location, layer
  using NameKey = std::tuple<std::string_view, std::string_view, std::string_view,
                             std::string>;  // location, layer, ecosystem, dependency_key(name)
  std::map<NameKey, std::vector<size_t>> by_name;
  std::set<FileKey> files_with_graph;
  for (size_t i = 0; i < model.components.size(); ++i) {
    for (const Component* c : model.components[i].occurrences) {
      by_name[{c->location, c->layer, c->ecosystem, dependency_key(c->ecosystem, c->name)}]
          .push_back(i);
      if (!c->dependencies.empty()) files_with_graph.insert({c->location, c->layer});
    }
  }
  for (auto& [key, indices] : by_name)
    sort_unique(indices);
  for (size_t i = 0; i < model.components.size(); ++i) {
    SbomComponent& sc = model.components[i];
    for (const Component* c : sc.occurrences) {
      if (files_with_graph.contains({c->location, c->layer})) sc.dependencies_known = true;
      for (const std::string& dep : c->dependencies) {
        auto it =
            by_name.find({c->location, c->layer, c->ecosystem, dependency_key(c->ecosystem, dep)});
        if (it == by_name.end()) continue;  // not reported itself (a workspace member, say)
        if (it->second.size() != 1) {
          ++model.ambiguous_dependencies;
          continue;
        }
        if (it->second.front() != i) sc.depends_on.push_back(it->second.front());
      }
    }
    sort_unique(sc.depends_on);
    if (sc.relationship == Relationship::kDirect) model.direct.push_back(i);
  }

  // The targets: the root element's name and kind, and their operating systems.
  bool all_images = !inventory.targets.empty(), any_image = false, any_host = false;
  std::map<std::string, SbomOs> systems;
  for (const auto& t : inventory.targets) {
    if (!model.root_name.empty()) model.root_name += ", ";
    model.root_name += t.spec;
    all_images &= t.kind == "image";
    any_image |= t.kind == "image";
    any_host |= t.kind == "host";
    if (t.os && !t.os->id.empty()) {
      const std::string ref = "upkeep:os:" + t.os->purl_distro();
      if (!systems.contains(ref)) systems[ref] = SbomOs{ref, &*t.os, t.os->osv_ecosystem(), {}};
    }
  }
  if (model.root_name.empty()) model.root_name = "inventory";
  model.root_kind = all_images ? "container" : (any_host && !any_image ? "host" : "application");
  for (auto& [ref, os] : systems) {
    if (!os.osv_ecosystem.empty()) {
      for (size_t i = 0; i < model.components.size(); ++i) {
        if (model.components[i].first().ecosystem == os.osv_ecosystem) os.packages.push_back(i);
      }
    }
    model.systems.push_back(std::move(os));
  }

  // The identifier of the content: every field of every component, in the model's order.
  std::string name = "upkeep inventory\ntool\t";
  name += tool_version;
  name += '\n';
  for (const auto& t : inventory.targets) {
    name += "target\t" + t.kind + "\t" + t.spec + "\t" + t.image_name + "\n";
  }
  for (const SbomComponent& sc : model.components) {
    for (const Component* c : sc.occurrences) {
      for (const std::string* field :
           {&sc.ref, &c->ecosystem, &c->name, &c->version, &c->version_note, &c->location,
            &c->layer, &c->extractor, &c->source_name, &c->source_version, &c->arch}) {
        name += *field;
        name += '\t';
      }
      name += inventory::relationship_name(c->relationship);
      name += '\t';
      name += inventory::scope_name(c->scope);
      for (const auto* list : {&c->licenses, &c->dependencies}) {
        name += '\t';
        for (const std::string& x : *list) {
          name += x;
          name += ',';
        }
      }
      name += '\n';
    }
  }
  model.uuid = uuid_v5(kUuidNamespace, name);
  return model;
}

}  // namespace upkeep::report::detail
