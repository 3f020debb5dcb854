// SPDX-License-Identifier: Apache-2.0
#include "support/version_cases.h"

#include <fstream>
#include <sstream>

namespace upkeep::testing {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> unescape_token(std::string_view token) {
  if (token == "\"\"") return std::string();
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '\\' && i + 3 < token.size() && token[i + 1] == 'x') {
      const int hi = hex_value(token[i + 2]);
      const int lo = hex_value(token[i + 3]);
      if (hi < 0 || lo < 0)
        return Status::invalid_argument("bad \\x escape in " + std::string(token));
      out += static_cast<char>(hi * 16 + lo);
      i += 3;
    } else {
      out += token[i];
    }
  }
  return out;
}

Result<std::vector<VersionCase>> load_version_cases(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot open fixture " + path);
  std::vector<VersionCase> cases;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (const size_t hash = line.find(" #"); hash != std::string::npos) line.resize(hash);
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::vector<std::string> tokens;
    for (std::string t; fields >> t;)
      tokens.push_back(t);
    if (tokens.empty()) continue;
    auto where = [&] { return path + ":" + std::to_string(number); };
    VersionCase c;
    c.line = number;
    if (tokens.size() == 2 && tokens[0] == "!") {
      auto v = unescape_token(tokens[1]);
      if (!v.is_ok()) return v.status().with_context(where());
      c.a = *v;
    } else if (tokens.size() == 3 && tokens[1].size() == 1 &&
               std::string_view("<=>").find(tokens[1][0]) != std::string_view::npos) {
      auto a = unescape_token(tokens[0]);
      auto b = unescape_token(tokens[2]);
      if (!a.is_ok()) return a.status().with_context(where());
      if (!b.is_ok()) return b.status().with_context(where());
      c.op = tokens[1][0];
      c.a = *a;
      c.b = *b;
    } else {
      return Status::invalid_argument(where() + ": expected \"A OP B\" or \"! V\"");
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string version_fixture_dir() {
  return UPKEEP_FIXTURE_DIR "/version";
}

}  // namespace upkeep::testing
