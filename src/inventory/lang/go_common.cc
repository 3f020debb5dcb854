// SPDX-License-Identifier: Apache-2.0
#include "inventory/lang/go_common.h"

#include "upkeep/purl.h"

namespace upkeep::inventory::golang {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Leading digits of `s` (removed from it), or empty.
std::string_view take_number(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9')
    ++n;
  const std::string_view out = s.substr(0, n);
  s.remove_prefix(n);
  return out;
}

}  // namespace

std::string module_purl(std::string_view module_path, std::string_view version) {
  purl::Purl p;
  p.type = "golang";
  const size_t slash = module_path.rfind('/');
  if (slash == std::string_view::npos) {
    p.name = std::string(module_path);
  } else {
    p.namespace_path = std::string(module_path.substr(0, slash));
    p.name = std::string(module_path.substr(slash + 1));
  }
  p.version = std::string(version);
  return purl::to_string(p);
}

std::optional<std::string> toolchain_semver(std::string_view v) {
  // cmd/go's gover and govulncheck's GoTagToSemver read the same shapes: go1[.minor[.patch]]
  // with an optional "rcN" / "betaN" directly after the minor version.
  if (const size_t space = v.find(' '); space != std::string_view::npos) v = v.substr(0, space);
  if (!v.starts_with("go")) return std::nullopt;
  v.remove_prefix(2);
  const std::string_view major = take_number(v);
  if (major.empty()) return std::nullopt;
  std::string_view minor = "0", patch = "0", pre_kind, pre_num;
  if (!v.empty() && v.front() == '.') {
    v.remove_prefix(1);
    minor = take_number(v);
    if (minor.empty()) return std::nullopt;
    if (!v.empty() && v.front() == '.') {
      v.remove_prefix(1);
      patch = take_number(v);
      if (patch.empty()) return std::nullopt;
    } else if (v.starts_with("rc") || v.starts_with("beta")) {
      pre_kind = v.starts_with("rc") ? "rc" : "beta";
      v.remove_prefix(pre_kind.size());
      pre_num = take_number(v);
      if (pre_num.empty()) return std::nullopt;
    }
  }
  if (!v.empty()) return std::nullopt;  // "go1.22-20231101-abc" and other development builds
  if (!all_digits(major) || !all_digits(minor) || !all_digits(patch)) return std::nullopt;
  std::string out = "v";
  out.append(major).append(".").append(minor).append(".").append(patch);
  if (!pre_kind.empty()) out.append("-").append(pre_kind).append(".").append(pre_num);
  return out;
}

bool is_module_version(std::string_view v) {
  if (!v.starts_with("v")) return false;
  v.remove_prefix(1);
  for (int part = 0; part < 3; ++part) {
    const std::string_view n = take_number(v);
    if (n.empty() || (n.size() > 1 && n[0] == '0')) return false;
    if (part < 2) {
      if (v.empty() || v.front() != '.') return false;
      v.remove_prefix(1);
    }
  }
  // Dot-separated identifiers of [0-9A-Za-z-] after '-' (pre-release) and after '+' (build).
  auto identifiers = [](std::string_view s, bool numeric_rule) {
    if (s.empty()) return false;
    size_t start = 0;
    while (start <= s.size()) {
      const size_t dot = s.find('.', start);
      const std::string_view id =
          s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
      if (id.empty()) return false;
      bool numeric = true;
      for (char c : id) {
        const bool digit = c >= '0' && c <= '9';
        if (!digit && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-') return false;
        numeric = numeric && digit;
      }
      if (numeric_rule && numeric && id.size() > 1 && id[0] == '0') return false;
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return true;
  };
  const size_t plus = v.find('+');
  const std::string_view build = plus == std::string_view::npos ? "" : v.substr(plus + 1);
  v = v.substr(0, plus);
  if (!v.empty()) {
    if (v.front() != '-' || !identifiers(v.substr(1), true)) return false;
  }
  return plus == std::string_view::npos || identifiers(build, false);
}

bool is_directory_path(std::string_view path) {
  if (path.starts_with("./") || path.starts_with("../") || path.starts_with("/") ||
      path.starts_with(".\\") || path.starts_with("..\\") || path == "." || path == "..") {
    return true;
  }
  // A Windows drive ("C:\x", "C:/x").
  return path.size() >= 3 &&
         ((path[0] >= 'a' && path[0] <= 'z') || (path[0] >= 'A' && path[0] <= 'Z')) &&
         path[1] == ':' && (path[2] == '\\' || path[2] == '/');
}

}  // namespace upkeep::inventory::golang
