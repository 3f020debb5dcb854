// SPDX-License-Identifier: Apache-2.0
//
// CISA's KEV catalogue (JSON) and FIRST's EPSS scores (CSV).
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <string>

#include "inventory/formats/json.h"
#include "upkeep/advisory_store.h"

namespace upkeep::advisory {
namespace {

using inventory::formats::JsonDocument;

// A hostile file could hold millions of bad rows; past this many, one problem counts the rest.
constexpr size_t kMaxProblems = 100;

void add_problem(std::vector<ParseProblem>& problems, size_t& dropped, std::string where,
                 std::string message) {
  if (problems.size() < kMaxProblems) {
    problems.push_back({std::move(where), std::move(message)});
  } else {
    ++dropped;
  }
}

void finish_problems(std::vector<ParseProblem>& problems, size_t dropped) {
  if (dropped > 0) {
    problems.push_back({"", std::to_string(dropped) + " more problems of the same kind"});
  }
}

// "CVE-YYYY-NNNN" with four or more digits in the last part.
bool is_cve_id(std::string_view s) {
  if (s.size() < 13 || s.substr(0, 4) != "CVE-" || s[8] != '-') return false;
  for (size_t i = 4; i < s.size(); ++i) {
    if (i == 8) continue;
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

std::string string_at(simdjson::dom::element e, std::string_view key) {
  std::string_view s;
  if (e[key].get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

}  // namespace

bool looks_like_kev(std::string_view json) {
  const std::string_view head = json.substr(0, 1 << 16);
  return head.find("\"catalogVersion\"") != std::string_view::npos &&
         json.find("\"vulnerabilities\"") != std::string_view::npos;
}

Result<KevCatalog> parse_kev(std::string_view json) {
  JsonDocument doc;
  // The catalogue nests three levels (root, list, entry, cwes); 16 bounds hostile input.
  if (auto err = doc.parse(json, 16)) {
    return Status::invalid_argument("not valid JSON at line " + std::to_string(err->line) +
                                    ", column " + std::to_string(err->column) + ": " +
                                    err->message);
  }
  const simdjson::dom::element root = doc.root();
  KevCatalog out;
  std::string_view version;
  simdjson::dom::array list;
  if (!root.is_object() || root["catalogVersion"].get(version) != simdjson::SUCCESS ||
      root["vulnerabilities"].get(list) != simdjson::SUCCESS) {
    return Status::invalid_argument(
        "not a KEV catalogue: needs a string \"catalogVersion\" and an array \"vulnerabilities\"");
  }
  out.version = std::string(version);
  out.date_released = string_at(root, "dateReleased");
  out.entries.reserve(list.size());
  size_t i = 0, dropped = 0;
  for (simdjson::dom::element item : list) {
    const std::string here = "/vulnerabilities/" + std::to_string(i++);
    if (!item.is_object()) {
      add_problem(out.problems, dropped, here, "an entry is not an object");
      continue;
    }
    KevEntry e;
    e.cve = string_at(item, "cveID");
    if (!is_cve_id(e.cve)) {
      add_problem(out.problems, dropped, here + "/cveID", "not a CVE id: \"" + e.cve + "\"");
      continue;
    }
    e.vendor = string_at(item, "vendorProject");
    e.product = string_at(item, "product");
    e.name = string_at(item, "vulnerabilityName");
    e.date_added = string_at(item, "dateAdded");
    e.due_date = string_at(item, "dueDate");
    e.ransomware = string_at(item, "knownRansomwareCampaignUse") == "Known";
    e.required_action = string_at(item, "requiredAction");
    out.entries.push_back(std::move(e));
  }
  finish_problems(out.problems, dropped);
  return out;
}

bool looks_like_epss(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text.substr(0, 15) == "#model_version:" || text.substr(0, 19) == "cve,epss,percentile";
}

Result<EpssFile> parse_epss_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  EpssFile out;
  size_t line_no = 0, dropped = 0;
  bool header = false;
  auto number = [](std::string_view s, double& v) {
    // from_chars accepts neither a leading '+' nor spaces, and neither does FIRST's output.
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(v) && v >= 0 && v <= 1;
  };
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      // "#model_version:v2023.03.01,score_date:2023-03-05T00:00:00+0000"
      std::string_view rest = line.substr(1);
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view field = rest.substr(0, comma);
        rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
        const size_t colon = field.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view key = field.substr(0, colon), value = field.substr(colon + 1);
        if (key == "model_version") out.model_version = std::string(value);
        if (key == "score_date") out.score_date = std::string(value);
      }
      continue;
    }
    if (!header) {
      if (line != "cve,epss,percentile") {
        return Status::invalid_argument("line " + std::to_string(line_no) +
                                        ": expected the header \"cve,epss,percentile\"");
      }
      header = true;
      continue;
    }
    const size_t c1 = line.find(',');
    const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos || line.find(',', c2 + 1) != std::string_view::npos) {
      add_problem(out.problems, dropped, "line " + std::to_string(line_no),
                  "not three comma-separated fields");
      continue;
    }
    EpssScore s;
    const std::string_view cve = line.substr(0, c1);
    if (!is_cve_id(cve)) {
      add_problem(out.problems, dropped, "line " + std::to_string(line_no), "not a CVE id");
      continue;
    }
    if (!number(line.substr(c1 + 1, c2 - c1 - 1), s.score) ||
        !number(line.substr(c2 + 1), s.percentile)) {
      add_problem(out.problems, dropped, "line " + std::to_string(line_no),
                  "score and percentile must be numbers from 0 to 1");
      continue;
    }
    s.cve = std::string(cve);
    out.scores.push_back(std::move(s));
  }
  if (!header) return Status::invalid_argument("no \"cve,epss,percentile\" header");
  finish_problems(out.problems, dropped);
  return out;
}

}  // namespace upkeep::advisory
