// SPDX-License-Identifier: Apache-2.0
//
// upkeep's ignore file (.upkeepignore), in either of two forms (docs/suppressions.md):
//
//   YAML:    ignore:                              one line per entry:
//              - id: CVE-2023-44487                 # id  [purl pattern]  [expires=DATE]  reason
//                purl: pkg:golang/golang.org/x/*    CVE-2023-44487 pkg:golang/golang.org/x/*
//                reason: only the client is used        expires=2027-01-31 only the client is used
//                expires: 2027-01-31
//
// The form is told by the first line that is neither blank nor a comment: YAML when it is a
// mapping key ("ignore:"), a sequence item ("- ") or a document start ("---").
#include <cctype>
#include <string>
#include <vector>

#include "inventory/formats/yaml.h"
#include "suppress/internal.h"

namespace upkeep::suppress::detail {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

bool looks_like_yaml(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("---") || line == "-" || line.starts_with("- ")) return true;
    size_t i = 0;
    while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) ||
                               line[i] == '_' || line[i] == '-')) {
      ++i;
    }
    return i > 0 && i < line.size() && line[i] == ':' &&
           (i + 1 == line.size() || is_space(line[i + 1]));
  }
  return false;
}

class Builder {
 public:
  Builder(std::string_view source, Loaded& out) : source_(source), out_(out) {}

  void warn(uint64_t line, uint64_t column, std::string message) {
    out_.warnings.push_back({Location{std::string(source_), line, column}, std::move(message)});
  }

  // Checks one entry and adds it; a bad entry warns and is skipped.
  void add(uint64_t line, uint64_t column, std::string_view id, std::string_view pattern,
           std::string_view reason, std::string_view expires) {
    if (id.empty()) return warn(line, column, "an entry without a vulnerability id; skipped");
    for (char c : id) {
      if (is_space(c) || c == '\n') {
        return warn(line, column, "\"" + std::string(id) + "\" is not a vulnerability id; skipped");
      }
    }
    if (trim(reason).empty()) {
      return warn(
          line, column,
          std::string(id) + ": an entry needs a reason (why it is safe to ignore); skipped");
    }
    Rule r;
    r.ids = {upper(id)};
    r.info.kind = Kind::kIgnoreFile;
    r.info.where = Location{std::string(source_), line, column};
    r.info.vulnerability = std::string(id);
    r.info.status = "ignored";
    r.info.detail = std::string(trim(reason));
    r.info.suppresses = true;
    if (!pattern.empty()) {
      auto parsed = PurlPattern::parse(pattern, true);
      if (!parsed) return warn(line, column, parsed.status().message() + "; skipped");
      r.product = std::move(parsed).value();
      r.info.product = std::string(pattern);
    }
    if (!expires.empty()) {
      auto date = Date::parse(expires);
      if (!date) return warn(line, column, "expires: " + date.status().message() + "; skipped");
      r.info.expires = *date;
    }
    out_.rules.push_back(std::move(r));
  }

 private:
  std::string_view source_;
  Loaded& out_;
};

Status read_lines(std::string_view text, Builder& b) {
  uint64_t line_no = 0;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const uint64_t column = static_cast<uint64_t>(line.data() - raw.data()) + 1;
    const auto next_token = [&]() {
      const size_t end = line.find_first_of(" \t\r");
      const std::string_view tok = line.substr(0, end);
      line = end == std::string_view::npos ? std::string_view() : trim(line.substr(end));
      return tok;
    };
    const std::string_view id = next_token();
    std::string_view pattern, expires;
    bool skip = false;
    for (;;) {
      if (line.size() >= 4 && upper(line.substr(0, 4)) == "PKG:" && pattern.empty()) {
        pattern = next_token();
      } else if ((line.starts_with("expires=") || line.starts_with("expires:")) &&
                 expires.empty()) {
        expires = next_token().substr(8);
        if (expires.empty()) {
          b.warn(line_no, column, "expires= without a date; skipped");
          skip = true;
          break;
        }
      } else {
        break;
      }
    }
    if (!skip) b.add(line_no, column, id, pattern, line, expires);
  }
  return Status::ok();
}

Status read_yaml(std::string_view text, std::string_view source, Builder& b) {
  YAML::Node root;
  if (auto err = inventory::formats::parse_yaml(text, root)) {
    return Status::invalid_argument(
        Location{std::string(source), err->line, err->column}.to_string() +
        ": not valid YAML: " + err->message);
  }
  // yaml-cpp reports misuse by exceptions; none may leave the library.
  try {
    YAML::Node entries = root;
    if (root.IsMap()) {
      entries = root["ignore"];
      if (!entries) {
        return Status::invalid_argument(std::string(source) +
                                        ": an ignore file in YAML has an \"ignore\" list");
      }
    } else if (root.IsNull()) {
      return Status::ok();  // an empty document: nothing to ignore
    }
    if (entries.IsNull()) return Status::ok();
    if (!entries.IsSequence()) {
      const auto m = entries.Mark();
      return Status::invalid_argument(Location{std::string(source),
                                               static_cast<uint64_t>(m.line + 1),
                                               static_cast<uint64_t>(m.column + 1)}
                                          .to_string() +
                                      ": \"ignore\" is a list of entries");
    }
    for (const YAML::Node& entry : entries) {
      const auto m = entry.Mark();
      const uint64_t line = m.line >= 0 ? static_cast<uint64_t>(m.line + 1) : 0;
      const uint64_t column = m.column >= 0 ? static_cast<uint64_t>(m.column + 1) : 0;
      if (!entry.IsMap()) {
        b.warn(line, column, "an entry is a mapping (id, purl, reason, expires); skipped");
        continue;
      }
      std::string values[4];
      static constexpr std::string_view kKeys[] = {"id", "purl", "reason", "expires"};
      bool bad = false;
      for (const auto& kv : entry) {
        const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        size_t which = 4;
        for (size_t i = 0; i < 4; ++i) {
          if (kKeys[i] == k) which = i;
        }
        const auto km = kv.first.Mark();
        const uint64_t kline = km.line >= 0 ? static_cast<uint64_t>(km.line + 1) : line;
        const uint64_t kcolumn = km.column >= 0 ? static_cast<uint64_t>(km.column + 1) : column;
        if (which == 4) {
          b.warn(kline, kcolumn, "unknown key \"" + k + "\" (known: id, purl, reason, expires)");
          continue;
        }
        if (!kv.second.IsScalar()) {
          b.warn(kline, kcolumn, "\"" + k + "\" is a single value; entry skipped");
          bad = true;
          break;
        }
        values[which] = kv.second.Scalar();
      }
      if (bad) continue;
      b.add(line, column, values[0], values[1], values[2], values[3]);
    }
  } catch (const std::exception& e) {
    return Status::invalid_argument(std::string(source) + ": " + e.what());
  }
  return Status::ok();
}

}  // namespace

Status read_ignore_file(std::string_view text, std::string_view source, Loaded& out) {
  Builder b(source, out);
  return looks_like_yaml(text) ? read_yaml(text, source, b) : read_lines(text, b);
}

}  // namespace upkeep::suppress::detail
