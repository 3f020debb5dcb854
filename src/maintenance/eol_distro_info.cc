// SPDX-License-Identifier: Apache-2.0
//
// distro-info-data's release tables (/usr/share/distro-info/debian.csv, ubuntu.csv): a header
// line naming the columns, then one release per line, empty fields for dates not (yet) set.
// The files contain no quoting; a field with a quote or a comma inside is not something they
// write, so rows are split at every comma and a row of the wrong width is reported.
#include <algorithm>

#include "upkeep/eol.h"

namespace upkeep::eol {
namespace {

constexpr std::string_view kHeaderStart = "version,codename,series,created,release,eol";
constexpr size_t kMaxLineBytes = 4096;

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    const size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string DistroRelease::version_number() const {
  const size_t space = version.find(' ');
  return version.substr(0, space);
}

bool looks_like_distro_info(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (head.substr(0, kHeaderStart.size()) != kHeaderStart) return false;
  const std::string_view rest = head.substr(kHeaderStart.size());
  return rest.empty() || rest[0] == ',' || rest[0] == '\n' || rest[0] == '\r';
}

Result<DistroInfo> parse_distro_info(std::string_view text, std::string_view distro) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const size_t first_nl = text.find('\n');
  const std::string_view header = strip_cr(text.substr(0, first_nl));
  if (!looks_like_distro_info(header)) {
    return Status::invalid_argument(
        "line 1: not a distro-info-data table (the header must start \"" +
        std::string(kHeaderStart) + "\")");
  }
  const std::vector<std::string_view> columns = split(header);
  auto has = [&](std::string_view c) {
    return std::find(columns.begin(), columns.end(), c) != columns.end();
  };
  DistroInfo out;
  if (!distro.empty()) {
    out.distro = std::string(distro);
  } else if (has("eol-lts") || has("eol-elts")) {
    out.distro = "debian";
  } else if (has("eol-server") || has("eol-esm")) {
    out.distro = "ubuntu";
  } else {
    return Status::invalid_argument(
        "line 1: the columns name neither Debian (eol-lts) nor Ubuntu (eol-server, eol-esm)");
  }
  std::string_view rest = first_nl == std::string_view::npos ? "" : text.substr(first_nl + 1);
  uint64_t line_no = 1;
  while (!rest.empty()) {
    ++line_no;
    const size_t nl = rest.find('\n');
    const std::string_view line = strip_cr(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? "" : rest.substr(nl + 1);
    if (line.empty()) continue;
    if (line.size() > kMaxLineBytes) {
      out.problems.push_back(
          {line_no, "a line longer than " + std::to_string(kMaxLineBytes) + " bytes: skipped"});
      continue;
    }
    // distro-info leaves trailing empty fields out ("14,Forky,forky,2025-08-09"): fewer fields
    // than columns are empty dates; more are a broken row.
    const std::vector<std::string_view> fields = split(line);
    if (fields.size() > columns.size() || fields.size() < 4) {
      out.problems.push_back({line_no, std::to_string(fields.size()) +
                                           " fields where the header has " +
                                           std::to_string(columns.size()) + ": skipped"});
      continue;
    }
    DistroRelease r;
    r.distro = out.distro;
    r.line = line_no;
    bool ok = true;
    for (size_t i = 0; i < fields.size() && ok; ++i) {
      const std::string_view c = columns[i], v = fields[i];
      if (c == "version") {
        r.version = std::string(v);
      } else if (c == "codename") {
        r.codename = std::string(v);
      } else if (c == "series") {
        r.series = std::string(v);
      } else if (!v.empty()) {
        const auto d = parse_date(v);
        std::optional<Date>* slot = c == "created"      ? &r.created
                                    : c == "release"    ? &r.release
                                    : c == "eol"        ? &r.eol
                                    : c == "eol-lts"    ? &r.eol_lts
                                    : c == "eol-elts"   ? &r.eol_elts
                                    : c == "eol-server" ? &r.eol_server
                                    : c == "eol-esm"    ? &r.eol_esm
                                    : c == "eol-legacy" ? &r.eol_legacy
                                                        : nullptr;
        if (slot == nullptr) continue;  // a column added later: not read, not an error
        if (!d) {
          out.problems.push_back({line_no, std::string(c) + " \"" + std::string(v) +
                                               "\" is not a date (YYYY-MM-DD): skipped"});
          ok = false;
        }
        *slot = d;
      }
    }
    if (!ok) continue;
    if (r.series.empty()) {
      out.problems.push_back({line_no, "a release without a series: skipped"});
      continue;
    }
    out.releases.push_back(std::move(r));
  }
  return out;
}

}  // namespace upkeep::eol
