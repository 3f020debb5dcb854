// SPDX-License-Identifier: Apache-2.0
//
// conanfile.txt: the requirements of a Conan consumer, one reference a line under [requires]
// (libraries linked into the product), [tool_requires] / [build_requires] (tools run while
// building) and [test_requires]; other sections ([options], [generators], [layout], ...) say
// nothing about components. A manifest, not a lock: every entry is a direct requirement, pinned
// ("zlib/1.3.1") or a range ("zlib/[>=1.2 <2]", reported with no version and the range in the
// note, never a guess). When a conan.lock is beside it, the lock is the better source (resolved
// versions, transitive requirements) and the manifest is not read, so nothing is counted twice.
#include <string>

#include "inventory/extractors.h"
#include "inventory/lang/capped_warnings.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

class ConanfileTxtExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "conanfile.txt"; }
  bool claims(const FileRef& file) const override { return file.name == "conanfile.txt"; }
  bool recognizes(std::string_view name, std::string_view head) const override {
    return name.ends_with(".txt") &&
           (head.starts_with("[requires]") || head.find("\n[requires]") != std::string_view::npos ||
            head.find("[tool_requires]") != std::string_view::npos);
  }
  uint64_t max_file_size() const override { return 16ull << 20; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    const std::string lock = join_path(parent_path(file.path), "conan.lock");
    if (auto info = ctx.fs().stat(lock); info.is_ok() && info->type == FileType::kRegular) return;
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    CappedWarnings warnings(ctx);
    std::string_view rest = *text;
    std::string section;
    uint64_t number = 0;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      const std::string_view line = trim(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      ++number;
      if (line.empty() || line.front() == '#') continue;
      if (!is_valid_utf8(line)) {
        warnings.warn("not a valid conanfile.txt: invalid UTF-8", number);
        continue;
      }
      if (line.front() == '[' && line.back() == ']' && line.find('/') == std::string_view::npos) {
        section = std::string(line.substr(1, line.size() - 2));
        continue;
      }
      Scope scope;
      if (section == "requires") {
        scope = Scope::kRuntime;
      } else if (section == "tool_requires" || section == "build_requires" ||
                 section == "test_requires") {
        scope = Scope::kDevelopment;
      } else {
        continue;
      }
      add(line, scope, number, ctx, warnings);
    }
  }

 private:
  // name/version[@user[/channel]][#rrev]; the version may be a [range].
  static void add(std::string_view ref, Scope scope, uint64_t number, ExtractContext& ctx,
                  CappedWarnings& warnings) {
    std::string rrev, user, channel;
    if (const size_t hash = ref.find('#'); hash != std::string_view::npos) {
      rrev = std::string(ref.substr(hash + 1));
      ref = ref.substr(0, hash);
    }
    if (const size_t at = ref.find('@'); at != std::string_view::npos) {
      const std::string_view uc = ref.substr(at + 1);
      ref = ref.substr(0, at);
      const size_t slash = uc.find('/');
      user = std::string(uc.substr(0, slash));
      if (slash != std::string_view::npos) channel = std::string(uc.substr(slash + 1));
      if (user == "_") user.clear();
      if (channel == "_") channel.clear();
    }
    const size_t slash = ref.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == ref.size() ||
        ref.substr(0, slash).find_first_of(" \t[]") != std::string_view::npos) {
      warnings.warn("not a valid conanfile.txt: expected a \"name/version\" reference", number, 1);
      return;
    }
    Component c;
    c.ecosystem = "ConanCenter";
    c.name = std::string(ref.substr(0, slash));
    const std::string_view version = ref.substr(slash + 1);
    if (version.front() == '[') {
      c.version_note = "a version range " + std::string(version) + ", resolved only at install";
    } else {
      c.version = std::string(version);
    }
    purl::Purl p{"conan", "", c.name, c.version, {}, ""};
    p.set_qualifier("user", user);
    p.set_qualifier("channel", channel);
    p.set_qualifier("rrev", rrev);
    c.purl = purl::to_string(p);
    c.scope = scope;
    c.relationship = Relationship::kDirect;
    ctx.add(std::move(c));
  }
};

}  // namespace

const Extractor& conanfile_txt_extractor() {
  static const ConanfileTxtExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
