// SPDX-License-Identifier: Apache-2.0
//
// endoflife.date product pages (products/<name>.md): the YAML front matter between the first two
// "---" lines holds the release cycles and the identifiers; the Markdown after it is for people.
// yaml-cpp reads the front matter through inventory::formats::parse_yaml, which refuses nesting
// that would make yaml-cpp recurse deeply and turns its exceptions into values.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "inventory/formats/yaml.h"
#include "upkeep/eol.h"
#include "upkeep/purl.h"

namespace upkeep::eol {
namespace {

// Real pages are under 100 KiB (the largest, 2026: about 60 KiB); the limits only bound what a
// hostile page costs.
constexpr size_t kMaxPageBytes = 4u << 20;
constexpr size_t kMaxDepth = 32;

// The front matter: the lines after a first line "---" up to the next "---" (or "...") line.
// `first_line` is the page line of its first line. nullopt when the page does not start so or
// the front matter does not end.
struct FrontMatter {
  std::string_view text;
  uint64_t first_line = 2;
};

std::optional<FrontMatter> front_matter(std::string_view page, std::string* why) {
  if (page.substr(0, 3) == "\xEF\xBB\xBF") page.remove_prefix(3);
  auto line_end = [&](size_t from) {
    const size_t nl = page.find('\n', from);
    return nl == std::string_view::npos ? page.size() : nl;
  };
  auto trimmed = [&](size_t from, size_t to) {
    std::string_view l = page.substr(from, to - from);
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
      l.remove_suffix(1);
    return l;
  };
  const size_t first_end = line_end(0);
  if (trimmed(0, first_end) != "---") {
    *why = "line 1: no YAML front matter (the page must start with a line \"---\")";
    return std::nullopt;
  }
  const size_t start = std::min(first_end + 1, page.size());
  for (size_t at = start; at < page.size();) {
    const size_t end = line_end(at);
    const std::string_view l = trimmed(at, end);
    if (l == "---" || l == "...") return FrontMatter{page.substr(start, at - start), 2};
    at = end + 1;
  }
  *why = "line 1: the YAML front matter does not end (no second line \"---\")";
  return std::nullopt;
}

uint64_t line_of(const YAML::Node& node, const FrontMatter& fm) {
  const YAML::Mark m = node.Mark();
  return m.line >= 0 ? fm.first_line + static_cast<uint64_t>(m.line) : 0;
}

std::string scalar(const YAML::Node& map, const char* key) {
  const YAML::Node v = map[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

struct Reader {
  const FrontMatter& fm;
  std::vector<Problem>& problems;

  void problem(const YAML::Node& node, std::string message) {
    problems.push_back({line_of(node, fm), std::move(message)});
  }

  // A date field: absent, or a date (anything else is a problem and counts as absent).
  std::optional<Date> date(const YAML::Node& cycle, const char* key, const std::string& name) {
    const YAML::Node v = cycle[key];
    if (!v || v.IsNull()) return std::nullopt;
    if (v.IsScalar()) {
      if (auto d = parse_date(v.Scalar())) return d;
    }
    problem(v, "cycle " + name + ": " + key + " is not a date (YYYY-MM-DD)");
    return std::nullopt;
  }

  DateOrBool date_or_bool(const YAML::Node& cycle, const char* key, const std::string& name) {
    DateOrBool out;
    const YAML::Node v = cycle[key];
    if (!v || v.IsNull()) return out;
    if (v.IsScalar()) {
      std::string s = v.Scalar();
      std::transform(s.begin(), s.end(), s.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
      if (s == "true" || s == "false") {
        out.kind = s == "true" ? DateOrBool::Kind::kTrue : DateOrBool::Kind::kFalse;
        return out;
      }
      if (auto d = parse_date(v.Scalar())) {
        out.kind = DateOrBool::Kind::kDate;
        out.date = *d;
        return out;
      }
    }
    problem(v, "cycle " + name + ": " + key + " is neither a date (YYYY-MM-DD) nor a boolean");
    return out;
  }

  void cycles(const YAML::Node& releases, std::vector<ReleaseCycle>& out) {
    size_t i = 0;
    for (const YAML::Node& item : releases) {
      ++i;
      if (!item.IsMap()) {
        problem(item, "release " + std::to_string(i) + " is not a mapping: skipped");
        continue;
      }
      ReleaseCycle c;
      c.line = line_of(item, fm);
      c.cycle = scalar(item, "releaseCycle");
      if (c.cycle.empty()) {
        problem(item, "release " + std::to_string(i) + " has no releaseCycle: skipped");
        continue;
      }
      const YAML::Node released = item["releaseDate"];
      c.release_date = date(item, "releaseDate", c.cycle);
      if (released && !released.IsNull() && !c.release_date) continue;  // reported: skipped
      c.codename = scalar(item, "codename");
      c.eol = date_or_bool(item, "eol", c.cycle);
      c.eoas = date_or_bool(item, "eoas", c.cycle);
      c.eoes = date_or_bool(item, "eoes", c.cycle);
      c.lts = date_or_bool(item, "lts", c.cycle);
      c.discontinued = date_or_bool(item, "discontinued", c.cycle);
      c.latest = scalar(item, "latest");
      c.latest_date = date(item, "latestReleaseDate", c.cycle);
      out.push_back(std::move(c));
    }
  }

  void identifiers(const YAML::Node& list, std::vector<Identifier>& out) {
    if (!list.IsSequence()) {
      problem(list, "identifiers is not a list: ignored");
      return;
    }
    for (const YAML::Node& item : list) {
      if (!item.IsMap()) {
        problem(item, "an identifier is not a mapping: skipped");
        continue;
      }
      for (const char* kind : {"purl", "cpe"}) {
        const std::string value = scalar(item, kind);
        if (value.empty()) continue;
        Identifier id{kind, value, value};
        if (id.kind == "purl") {
          auto key = purl::versionless(value);
          if (!key.is_ok()) {
            problem(item, "identifier " + value + ": " + key.status().message() + ": skipped");
            continue;
          }
          id.key = std::move(*key);
        }
        out.push_back(std::move(id));
      }
    }
  }
};

Result<ParsedProduct> parse(std::string_view name, std::string_view text) {
  if (text.size() > kMaxPageBytes) {
    return Status::invalid_argument("a page of " + std::to_string(text.size()) +
                                    " bytes is larger than the limit of " +
                                    std::to_string(kMaxPageBytes));
  }
  std::string why;
  const auto fm = front_matter(text, &why);
  if (!fm) return Status::invalid_argument(why);
  YAML::Node root;
  if (auto err = inventory::formats::parse_yaml(fm->text, root, kMaxDepth)) {
    return Status::invalid_argument("line " + std::to_string(err->line + fm->first_line - 1) +
                                    ", column " + std::to_string(err->column) +
                                    ": not valid YAML: " + err->message);
  }
  if (!root.IsMap()) {
    return Status::invalid_argument("line " + std::to_string(fm->first_line) +
                                    ": the front matter is not a YAML mapping");
  }
  const YAML::Node releases = root["releases"];
  if (!releases || !releases.IsSequence()) {
    return Status::invalid_argument("line " + std::to_string(fm->first_line) +
                                    ": no `releases` list in the front matter");
  }
  ParsedProduct out;
  out.product.name = std::string(name);
  out.product.title = scalar(root, "title");
  out.product.category = scalar(root, "category");
  Reader reader{*fm, out.problems};
  if (const YAML::Node ids = root["identifiers"]; ids && !ids.IsNull()) {
    reader.identifiers(ids, out.product.identifiers);
  }
  reader.cycles(releases, out.product.cycles);
  return out;
}

}  // namespace

Result<ParsedProduct> parse_product_page(std::string_view name, std::string_view text) {
  // yaml-cpp throws on node access it does not expect; nothing may escape the parser.
  try {
    return parse(name, text);
  } catch (const std::exception& e) {
    return Status::invalid_argument(std::string("not a product page: ") + e.what());
  }
}

bool is_product_page_entry(std::string_view entry_name, std::string* product) {
  if (entry_name.size() <= 3 || entry_name.substr(entry_name.size() - 3) != ".md") return false;
  const size_t slash = entry_name.rfind('/');
  const std::string_view base =
      slash == std::string_view::npos ? entry_name : entry_name.substr(slash + 1);
  if (base.size() <= 3) return false;
  if (slash != std::string_view::npos) {
    const std::string_view dir = entry_name.substr(0, slash);
    const size_t parent = dir.rfind('/');
    if ((parent == std::string_view::npos ? dir : dir.substr(parent + 1)) != "products") {
      return false;
    }
  }
  if (product != nullptr) *product = std::string(base.substr(0, base.size() - 3));
  return true;
}

const ReleaseCycle* select_cycle(const std::vector<ReleaseCycle>& cycles,
                                 std::string_view version) {
  if (const size_t colon = version.find(':');
      colon != std::string_view::npos && colon > 0 &&
      std::all_of(version.begin(), version.begin() + static_cast<std::ptrdiff_t>(colon),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    version.remove_prefix(colon + 1);
  }
  if (!version.empty() && (version[0] == 'v' || version[0] == 'V')) version.remove_prefix(1);
  const ReleaseCycle* best = nullptr;
  for (const ReleaseCycle& c : cycles) {
    if (c.cycle.empty() || version.substr(0, c.cycle.size()) != c.cycle) continue;
    const bool boundary = version.size() == c.cycle.size() || version[c.cycle.size()] < '0' ||
                          version[c.cycle.size()] > '9';
    if (boundary && (best == nullptr || c.cycle.size() > best->cycle.size())) best = &c;
  }
  return best;
}

}  // namespace upkeep::eol
