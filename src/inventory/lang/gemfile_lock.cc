// SPDX-License-Identifier: Apache-2.0
//
// Gemfile.lock (Bundler): sections at column 0 (GEM, GIT, PATH, PLUGIN SOURCE, PLATFORMS,
// DEPENDENCIES, RUBY VERSION, BUNDLED WITH, CHECKSUMS). A source section has "  remote:" (and for
// GIT "  revision:") and "  specs:", under which each 4-space line is a resolved gem
// "name (version)" or "name (version-platform)" and each 6-space line one of its dependencies.
// DEPENDENCIES lists what the Gemfile asks for (a trailing "!" marks a gem from a GIT or PATH
// source): those are the direct dependencies.
//
// What counts as a component: every resolved gem line, so a gem locked for several platforms
// (ffi 1.17.4 for x86_64-linux-gnu, arm64-darwin, ...) is one component per platform, the
// platform being the purl's `platform` qualifier: Bundler installs the one that fits the machine,
// which the lockfile does not say. Gems from a PATH source at "." are the project's own gemspec
// and are not reported; other PATH gems are (vendored code); GIT gems carry a vcs_url. Bundler
// itself (BUNDLED WITH) is the tool, not a locked gem, and is not reported. Gemfile groups are not
// recorded in the lockfile, so the scope is unknown.
#include <set>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/lang/capped_warnings.h"
#include "upkeep/purl.h"
#include "upkeep/utf8.h"

namespace upkeep::inventory {
namespace {

size_t indent(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ')
    ++n;
  return n;
}

// "name (version-platform)" as Bundler's lockfile parser reads it: the version runs to the first
// '-', the platform is the rest. False when the line has no such shape.
bool parse_spec(std::string_view text, std::string& name, std::string& version,
                std::string& platform) {
  const size_t open = text.find(" (");
  if (open == std::string_view::npos) {
    // A dependency without a requirement: just the name.
    if (text.empty() || text.find(' ') != std::string_view::npos) return false;
    name = std::string(text);
    version.clear();
    platform.clear();
    return true;
  }
  if (!text.ends_with(")") || open == 0) return false;
  name = std::string(text.substr(0, open));
  const std::string_view inside = text.substr(open + 2, text.size() - open - 3);
  const size_t dash = inside.find('-');
  version = std::string(inside.substr(0, dash));
  platform = dash == std::string_view::npos ? std::string() : std::string(inside.substr(dash + 1));
  return !name.empty() && name.find(' ') == std::string::npos;
}

struct Gem {
  std::string name, version, platform, vcs_url;
  std::vector<std::string> dependencies;
};

class GemfileLockExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "Gemfile.lock"; }
  bool claims(const FileRef& file) const override {
    return file.name == "Gemfile.lock" || file.name == "gems.locked";
  }
  bool recognizes(std::string_view name, std::string_view head) const override {
    if (!name.ends_with(".lock") && !name.ends_with(".locked")) return false;
    const bool section = head.starts_with("GEM\n") || head.starts_with("GIT\n") ||
                         head.starts_with("PATH\n") || head.starts_with("GEM\r\n") ||
                         head.find("\nGEM\n") != std::string_view::npos;
    return section && head.find("  specs:") != std::string_view::npos;
  }
  uint64_t max_file_size() const override { return 64ull << 20; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    auto text = ctx.fs().read_file(file.path, max_file_size());
    if (!text.is_ok()) {
      ctx.warn(text.status().message());
      return;
    }
    std::vector<Gem> gems;
    std::set<std::string> direct;
    std::string section;
    std::string remote, revision;
    bool in_specs = false;
    bool skip_source = false;  // a PATH source at "." (the project itself)
    bool in_gem = false;       // the last 4-space line was a gem (6-space lines belong to it)
    CappedWarnings warnings(ctx);
    auto problem = [&](std::string message, uint64_t line, uint64_t column) {
      warnings.warn(std::move(message), line, column);
    };
    uint64_t number = 0;
    std::string_view rest = *text;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      ++number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;
      if (!is_valid_utf8(line)) {
        problem("not a valid Gemfile.lock: invalid UTF-8", number, 0);
        continue;
      }
      const size_t depth = indent(line);
      const std::string_view body = line.substr(depth);
      if (depth == 0) {
        section = std::string(line);
        remote.clear();
        revision.clear();
        in_specs = false;
        in_gem = false;
        skip_source = false;
        continue;
      }
      const bool source =
          section == "GEM" || section == "GIT" || section == "PATH" || section == "PLUGIN SOURCE";
      if (source) {
        if (depth == 2) {
          in_specs = body == "specs:";
          if (body.starts_with("remote: ")) {
            remote = std::string(body.substr(8));
            if (section == "PATH" && (remote == "." || remote == "./")) skip_source = true;
          } else if (body.starts_with("revision: ")) {
            revision = std::string(body.substr(10));
          }
          continue;
        }
        if (!in_specs) continue;
        if (depth != 4 && depth != 6) {
          problem("not a valid Gemfile.lock: a spec line indented by " + std::to_string(depth) +
                      " spaces (4 for a gem, 6 for its dependency)",
                  number, depth + 1);
          if (depth < 6) in_gem = false;
          continue;
        }
        Gem g;
        if (!parse_spec(body, g.name, g.version, g.platform) || (depth == 4 && g.version.empty())) {
          problem("not a valid Gemfile.lock: expected \"name (version)\"", number, depth + 1);
          if (depth == 4) in_gem = false;
          continue;
        }
        if (depth == 6) {
          if (in_gem) gems.back().dependencies.push_back(g.name);
          continue;
        }
        in_gem = false;
        if (skip_source) continue;
        if (section == "GIT" && !remote.empty()) {
          g.vcs_url = "git+" + remote + (revision.empty() ? "" : "@" + revision);
        }
        gems.push_back(std::move(g));
        in_gem = true;
        continue;
      }
      if (section == "DEPENDENCIES" && depth == 2) {
        std::string_view name = body.substr(0, body.find(' '));
        if (name.ends_with("!")) name.remove_suffix(1);
        if (!name.empty()) direct.insert(std::string(name));
      }
      // PLATFORMS, RUBY VERSION, BUNDLED WITH, CHECKSUMS and unknown sections: nothing to report.
    }
    for (Gem& g : gems) {
      Component c;
      c.ecosystem = "RubyGems";
      c.name = g.name;
      c.version = g.version;
      purl::Purl p{"gem", "", g.name, g.version, {}, ""};
      p.set_qualifier("platform", g.platform);
      p.set_qualifier("vcs_url", g.vcs_url);
      c.purl = purl::to_string(p);
      c.relationship = direct.empty() ? Relationship::kUnknown
                                      : (direct.contains(g.name) ? Relationship::kDirect
                                                                 : Relationship::kTransitive);
      c.dependencies = std::move(g.dependencies);
      ctx.add(std::move(c));
    }
  }
};

}  // namespace

const Extractor& gemfile_lock_extractor() {
  static const GemfileLockExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
