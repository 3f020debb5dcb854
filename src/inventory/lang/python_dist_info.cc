// SPDX-License-Identifier: Apache-2.0
//
// Installed Python distributions: the core metadata file of each (`*.dist-info/METADATA` of a
// wheel install, `*.egg-info/PKG-INFO` or a `*.egg-info` file of a setuptools install,
// `EGG-INFO/PKG-INFO` inside an .egg), as importlib.metadata finds them. The metadata is
// RFC 822 style: "Key: value" lines, continuation lines starting with white space, and the
// description after the first empty line, which is never read.
//
// - Name and Version as written (the purl carries the PEP 503 name). Like Python's email parser,
//   the first of repeated headers counts, and a line that is not a header ends the headers.
// - Licenses: License-Expression (metadata 2.4) when present, else a one-line License field
//   other than "UNKNOWN" (a License field over several lines is the licence text, not a name).
// - Dependencies: the names of Requires-Dist entries that do not depend on an extra.
// Relationship and scope are unknown: an installed package does not say who asked for it.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/lang/python_common.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

// Headers larger than this are not metadata any more (old PKG-INFO files carry the whole
// description in a header, but not this much).
constexpr uint64_t kMaxHeaderBytes = 16u << 20;

struct Header {
  std::string_view key;
  std::string value;  // unfolded: continuation lines joined with '\n'
  uint64_t line = 0;
  bool folded = false;
};

bool is_continuation(std::string_view line) {
  return !line.empty() && (line.front() == ' ' || line.front() == '\t');
}

class PythonDistInfoExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "python-dist-info"; }

  bool claims(const FileRef& file) const override {
    const std::string_view dir = base_name(parent_path(file.path));
    if (file.name == "METADATA") return dir.ends_with(".dist-info");
    if (file.name == "PKG-INFO") return dir.ends_with(".egg-info") || dir == "EGG-INFO";
    return file.name.ends_with(".egg-info");
  }

  bool recognizes(std::string_view name, std::string_view head) const override {
    return (name == "METADATA" || name == "PKG-INFO" || name.ends_with(".egg-info")) &&
           head.starts_with("Metadata-Version:");
  }

  bool self_contained() const override { return true; }
  uint64_t max_file_size() const override { return 1ull << 30; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    std::string text;
    if (!read_headers(file.path, ctx, text)) return;
    const std::vector<Header> headers = parse_headers(text, ctx);
    auto first = [&](std::string_view key) -> const Header* {
      for (const Header& h : headers) {
        if (equals_ignore_case(h.key, key)) return &h;
      }
      return nullptr;
    };
    const Header* name = first("Name");
    const Header* version = first("Version");
    if (name == nullptr || version == nullptr) {
      ctx.warn(name == nullptr ? "no Name header" : "no Version header");
      return;
    }
    for (const Header* h : {name, version}) {
      if (!is_valid_utf8(h->value)) {
        ctx.warn(std::string(h->key) + " is not valid UTF-8", h->line);
        return;
      }
      if (h->value.empty() || h->folded) {
        ctx.warn(std::string(h->key) + " is empty or spans several lines", h->line);
        return;
      }
    }
    if (!python::is_valid_name(name->value)) {
      // Still what is installed under that name: reported as written.
      ctx.warn("\"" + name->value + "\" is not a valid distribution name", name->line);
    }
    Component c = python::make_component(name->value, version->value);
    if (const Header* expr = first("License-Expression"); expr != nullptr) {
      add_license(*expr, c, ctx);
    } else if (const Header* license = first("License"); license != nullptr && !license->folded) {
      add_license(*license, c, ctx);
    }
    for (const Header& h : headers) {
      if (!equals_ignore_case(h.key, "Requires-Dist")) continue;
      python::RequirementError err;
      auto req = python::parse_requirement(h.value, err);
      if (!req) {
        ctx.warn("Requires-Dist is not a valid requirement: " + err.message, h.line);
        continue;
      }
      if (req->marker.find("extra") != std::string::npos) continue;  // only with an extra
      if (std::find(c.dependencies.begin(), c.dependencies.end(), req->name) ==
          c.dependencies.end())
        c.dependencies.push_back(req->name);
    }
    ctx.add(std::move(c));
  }

 private:
  static bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) !=
          std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    }
    return true;
  }

  static void add_license(const Header& h, Component& c, ExtractContext& ctx) {
    const std::string_view value = python::trim(h.value);
    if (value.empty() || value == "UNKNOWN") return;
    if (!is_valid_utf8(value)) {
      ctx.warn(std::string(h.key) + " is not valid UTF-8 (left out)", h.line);
      return;
    }
    c.licenses.emplace_back(value);
  }

  // Reads the file up to the end of its headers (the first empty line) into `out`.
  bool read_headers(std::string_view path, ExtractContext& ctx, std::string& out) const {
    auto reader = ctx.fs().open(path);
    if (!reader.is_ok()) {
      ctx.warn(reader.status().message());
      return false;
    }
    constexpr size_t kChunk = 64 << 10;
    size_t scanned = 0;  // where to look for the empty line next
    while (out.size() < kMaxHeaderBytes) {
      const size_t old = out.size();
      out.resize(old + kChunk);
      auto n = (*reader)->read(out.data() + old, kChunk);
      if (!n.is_ok()) {
        out.resize(old);
        ctx.warn_at_offset("read error: " + n.status().message(), old);
        return !out.empty();
      }
      out.resize(old + *n);
      if (*n == 0) return true;
      // The headers end at "\n\n" (or "\n\r\n"); search from just before the new bytes.
      const size_t from = scanned >= 2 ? scanned - 2 : 0;
      for (size_t i = out.find('\n', from); i != std::string::npos; i = out.find('\n', i + 1)) {
        const size_t next = i + 1;
        if (next < out.size() && out[next] == '\n') {
          out.resize(next);
          return true;
        }
        if (next + 1 < out.size() && out[next] == '\r' && out[next + 1] == '\n') {
          out.resize(next);
          return true;
        }
      }
      scanned = out.size();
    }
    ctx.warn("no end of the headers within the first " + std::to_string(kMaxHeaderBytes) +
             " bytes: the rest is not read");
    return true;
  }

  static std::vector<Header> parse_headers(std::string_view text, ExtractContext& ctx) {
    std::vector<Header> headers;
    const std::vector<std::string_view> lines = python::split_lines(text);
    for (size_t n = 0; n < lines.size(); ++n) {
      const std::string_view line = lines[n];
      if (line.empty()) break;  // the description follows
      if (is_continuation(line)) {
        if (headers.empty()) {
          ctx.warn("a continuation line before any header", n + 1, 1);
          break;
        }
        headers.back().value += '\n';
        headers.back().value += python::trim(line);
        headers.back().folded = true;
        continue;
      }
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0 ||
          line.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
        ctx.warn("not a \"Key: value\" header line; the headers end here", n + 1, 1);
        break;
      }
      headers.push_back(Header{line.substr(0, colon),
                               std::string(python::trim(line.substr(colon + 1))), n + 1, false});
    }
    return headers;
  }
};

}  // namespace

const Extractor& python_dist_info_extractor() {
  static const PythonDistInfoExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
