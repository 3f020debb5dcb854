// SPDX-License-Identifier: Apache-2.0
//
// The "sbom" extractor: CycloneDX JSON and SPDX JSON documents read back into components, for
// `sbom:FILE` targets, SBOM files found in a walk (bom.json, *.cdx.json, *.spdx.json, ...) and
// files given directly whose content is one.
#include <string>

#include "inventory/extractors.h"
#include "inventory/formats/json.h"
#include "inventory/sbom/sbom.h"
#include "inventory/targets.h"

namespace upkeep::inventory {
namespace {

// SBOM documents nest components, not much else; real ones stay far below this.
constexpr size_t kMaxDepth = 256;

std::string_view skip_space(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' ||
                           text.front() == '\n'))
    text.remove_prefix(1);
  return text;
}

bool looks_like_sbom_xml(std::string_view head) {
  head = skip_space(head);
  return head.starts_with('<') &&
         (head.find("cyclonedx.org/schema/bom") != std::string_view::npos ||
          head.find("spdx.org/rdf") != std::string_view::npos);
}

class SbomExtractor final : public Extractor {
 public:
  std::string_view id() const override { return detail::kSbomExtractorId; }

  bool claims(const FileRef& file) const override {
    const std::string_view n = file.name;
    return n == "bom.json" || n == "sbom.json" || n.ends_with(".cdx.json") ||
           n.ends_with(".spdx.json") || n.ends_with(".bom.json") || n.ends_with(".sbom.json") ||
           n.ends_with(".cyclonedx.json");
  }

  bool recognizes(std::string_view /*name*/, std::string_view head) const override {
    return detail::looks_like_sbom(head) || looks_like_sbom_xml(head);
  }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    if (looks_like_sbom_xml(*text)) {
      ctx.warn("an XML SBOM: upkeep reads CycloneDX and SPDX as JSON only", 1, 1);
      return;
    }
    if (skip_space(*text).empty()) {
      ctx.warn("empty file: not a CycloneDX or SPDX JSON document");
      return;
    }
    formats::JsonDocument doc;
    if (auto err = doc.parse(*text, kMaxDepth)) {
      formats::report(ctx, "not valid JSON", *err);
      return;
    }
    if (!doc.root().is_object()) {
      ctx.warn("not a CycloneDX or SPDX JSON document: the top level is not an object", 1, 1);
      return;
    }
    sbom::Problems problems;
    const std::string_view format = formats::get_string(doc.root(), "bomFormat");
    simdjson::dom::element spdx;
    if (format == "CycloneDX") {
      sbom::read_cyclonedx(doc.root(), problems, ctx);
    } else if (doc.root()["spdxVersion"].get(spdx) == simdjson::SUCCESS) {
      sbom::read_spdx(doc.root(), problems, ctx);
    } else if (!format.empty()) {
      problems.add("/bomFormat", "bomFormat \"" + std::string(format) + "\" is not CycloneDX");
    } else {
      ctx.warn("not a CycloneDX or SPDX JSON document (neither bomFormat nor spdxVersion)", 1, 1);
    }
    problems.flush(*text, ctx);
  }
};

}  // namespace

namespace detail {

bool looks_like_sbom(std::string_view head) {
  head = skip_space(head);
  if (!head.starts_with('{')) return false;
  return head.find("\"bomFormat\"") != std::string_view::npos ||
         head.find("\"spdxVersion\"") != std::string_view::npos;
}

}  // namespace detail

const Extractor& sbom_extractor() {
  static const SbomExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
