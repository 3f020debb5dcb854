// SPDX-License-Identifier: Apache-2.0
//
// Locating problems of an SBOM in its text: a DOM value does not know where it was, so the
// problems name JSON Pointers and one pass over the text turns them into lines and columns.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "inventory/formats/parse_error.h"
#include "inventory/sbom/sbom.h"

namespace upkeep::inventory::sbom {

std::map<std::string, uint64_t> locate_json_pointers(std::string_view text,
                                                     const std::set<std::string>& pointers) {
  std::map<std::string, uint64_t> out;
  struct Frame {
    bool array = false;
    size_t pointer_size = 0;  // the container's own pointer is pointer[0, pointer_size)
    size_t index = 0;
  };
  std::vector<Frame> stack;
  std::string pointer;  // of the innermost open container
  std::string key;      // the current key of the innermost object
  bool expect_key = false;
  // A value starts at `at`: its pointer is the container's plus the index or key.
  auto value_at = [&](size_t at) {
    std::string p;
    if (!stack.empty()) {
      p = pointer;
      p += '/';
      p += stack.back().array ? std::to_string(stack.back().index) : key;
    }
    if (pointers.contains(p)) out.emplace(p, at);
    return p;
  };
  size_t i = 0;
  while (i < text.size() && out.size() < pointers.size()) {
    const char c = text[i];
    switch (c) {
      case '{':
      case '[': {
        std::string p = value_at(i);
        stack.push_back(Frame{c == '[', p.size(), 0});
        pointer = std::move(p);
        expect_key = c == '{';
        ++i;
        break;
      }
      case '}':
      case ']':
        if (stack.empty()) return out;
        stack.pop_back();
        if (stack.empty()) return out;  // the end of the document
        pointer.resize(stack.back().pointer_size);
        expect_key = false;
        ++i;
        break;
      case ',':
        if (!stack.empty() && stack.back().array) {
          ++stack.back().index;
        } else {
          expect_key = true;
        }
        ++i;
        break;
      case '"': {
        const size_t start = i++;
        while (i < text.size() && text[i] != '"')
          i += text[i] == '\\' ? 2 : 1;
        ++i;
        if (expect_key) {
          // Pointer keys here are plain ASCII; an escaped key simply never matches.
          key.assign(text.substr(start + 1, std::min(i, text.size()) - start - 2));
          expect_key = false;
        } else {
          value_at(start);
        }
        break;
      }
      case ' ':
      case '\t':
      case '\r':
      case '\n':
      case ':':
        ++i;
        break;
      default:  // a number or a literal
        value_at(i);
        while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' &&
               text[i] != ' ' && text[i] != '\n' && text[i] != '\r' && text[i] != '\t')
          ++i;
        break;
    }
  }
  return out;
}

void Problems::add(std::string pointer, std::string message) {
  items_.push_back(Item{std::move(pointer), std::move(message)});
}

void Problems::flush(std::string_view text, ExtractContext& ctx) {
  if (items_.empty()) return;
  const size_t listed = std::min(items_.size(), kMaxListed);
  std::set<std::string> wanted;
  for (size_t k = 0; k < listed; ++k)
    wanted.insert(items_[k].pointer);
  const auto offsets = locate_json_pointers(text, wanted);
  // Lines and columns of all offsets in one sweep.
  std::vector<uint64_t> sorted;
  for (const auto& [p, off] : offsets)
    sorted.push_back(off);
  std::sort(sorted.begin(), sorted.end());
  std::map<uint64_t, std::pair<uint64_t, uint64_t>> where;
  uint64_t line = 1, column = 1;
  size_t pos = 0;
  for (uint64_t off : sorted) {
    for (; pos < off && pos < text.size(); ++pos) {
      if (text[pos] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    where[off] = {line, column};
  }
  for (size_t k = 0; k < listed; ++k) {
    const Item& item = items_[k];
    std::string message =
        item.message + " (at " + (item.pointer.empty() ? "/" : item.pointer) + ")";
    auto it = offsets.find(item.pointer);
    if (it == offsets.end()) {
      ctx.warn(std::move(message));
    } else {
      const auto [l, c] = where[it->second];
      ctx.warn(std::move(message), l, c);
    }
  }
  if (items_.size() > listed) {
    ctx.warn(std::to_string(items_.size() - listed) + " more problems like these not listed");
  }
  items_.clear();
}

}  // namespace upkeep::inventory::sbom
