// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <tuple>

#include "upkeep/inventory.h"

namespace upkeep::inventory {

std::string_view scope_name(Scope scope) {
  switch (scope) {
    case Scope::kRuntime:
      return "runtime";
    case Scope::kDevelopment:
      return "development";
    case Scope::kOptional:
      return "optional";
    case Scope::kUnknown:
      break;
  }
  return "unknown";
}

namespace {

int scope_rank(Scope s) {
  switch (s) {
    case Scope::kRuntime:
      return 3;
    case Scope::kOptional:
      return 2;
    case Scope::kDevelopment:
      return 1;
    case Scope::kUnknown:
      break;
  }
  return 0;
}

}  // namespace

Scope wider_scope(Scope a, Scope b) {
  return scope_rank(a) >= scope_rank(b) ? a : b;
}

std::string_view relationship_name(Relationship rel) {
  switch (rel) {
    case Relationship::kDirect:
      return "direct";
    case Relationship::kTransitive:
      return "transitive";
    case Relationship::kUnknown:
      break;
  }
  return "unknown";
}

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
    if (column > 0) {
      out += ':';
      out += std::to_string(column);
    }
  } else if (offset) {
    out += ": byte ";
    out += std::to_string(*offset);
  }
  out += ": ";
  out += message;
  return out;
}

void sort_components(std::vector<Component>& components) {
  auto key = [](const Component& c) {
    return std::tie(c.purl, c.location, c.extractor, c.layer, c.name, c.version);
  };
  std::sort(components.begin(), components.end(),
            [&](const Component& a, const Component& b) { return key(a) < key(b); });
  components.erase(
      std::unique(components.begin(), components.end(),
                  [&](const Component& a, const Component& b) { return key(a) == key(b); }),
      components.end());
}

void ExtractContext::add(Component component) {
  if (component.location.empty()) component.location = current_path_;
  if (component.extractor.empty()) component.extractor = current_extractor_;
  if (component.layer.empty()) component.layer = current_layer_;
  components_.push_back(std::move(component));
}

void ExtractContext::warn(std::string message, uint64_t line, uint64_t column) {
  warn_in(current_path_, std::move(message), line, column);
}

void ExtractContext::warn_at_offset(std::string message, uint64_t offset) {
  Diagnostic d;
  d.file = current_path_;
  d.offset = offset;
  d.message = std::move(message);
  d.extractor = current_extractor_;
  warnings_.push_back(std::move(d));
}

void ExtractContext::warn_in(std::string_view file, std::string message, uint64_t line,
                             uint64_t column) {
  Diagnostic d;
  d.file = std::string(file);
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.extractor = current_extractor_;
  warnings_.push_back(std::move(d));
}

std::string package_key(const Component& component) {
  if (auto key = purl::versionless(component.purl)) return component.ecosystem + " " + *key;
  return component.ecosystem + " " + component.name;
}

}  // namespace upkeep::inventory
