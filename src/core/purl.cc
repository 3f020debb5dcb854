// SPDX-License-Identifier: Apache-2.0
#include "upkeep/purl.h"

#include <algorithm>
#include <string>

namespace upkeep::purl {
namespace {

constexpr bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '~' || c == ':';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// PEP 503: runs of '-', '_' and '.' become one '-', and the name is lower-cased.
std::string pep503(std::string_view name) {
  std::string out;
  bool in_run = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_run) out += '-';
      in_run = true;
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      in_run = false;
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void Purl::set_qualifier(std::string_view key, std::string_view value) {
  const std::string k = lower(key);
  auto it = std::find_if(qualifiers.begin(), qualifiers.end(),
                         [&](const auto& kv) { return kv.first == k; });
  if (value.empty()) {
    if (it != qualifiers.end()) qualifiers.erase(it);
    return;
  }
  if (it != qualifiers.end()) {
    it->second = std::string(value);
  } else {
    qualifiers.emplace_back(k, std::string(value));
  }
}

std::string_view Purl::qualifier(std::string_view key) const {
  for (const auto& [k, v] : qualifiers) {
    if (k == key) return v;
  }
  return {};
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (is_unreserved(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

Result<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) {
      return Status::invalid_argument("malformed percent-encoding in \"" + std::string(text) +
                                      "\"");
    }
    out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
    i += 2;
  }
  return out;
}

void normalize(Purl& p) {
  p.type = lower(p.type);
  for (auto& kv : p.qualifiers)
    kv.first = lower(kv.first);
  std::erase_if(p.qualifiers, [](const auto& kv) { return kv.second.empty(); });
  std::sort(p.qualifiers.begin(), p.qualifiers.end());
  if (p.type == "pypi") {
    p.name = pep503(p.name);
  } else if (p.type == "deb" || p.type == "apk" || p.type == "bitbucket" || p.type == "github" ||
             p.type == "composer") {
    p.namespace_path = lower(p.namespace_path);
    p.name = lower(p.name);
  } else if (p.type == "rpm" || p.type == "npm") {
    p.namespace_path = lower(p.namespace_path);
  }
}

std::string to_string(const Purl& in) {
  Purl p = in;
  normalize(p);
  std::string out = "pkg:";
  out += p.type;
  out += '/';
  if (!p.namespace_path.empty()) {
    size_t start = 0;
    while (start <= p.namespace_path.size()) {
      const size_t slash = p.namespace_path.find('/', start);
      const std::string_view seg =
          std::string_view(p.namespace_path)
              .substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      if (!seg.empty()) {
        out += percent_encode(seg);
        out += '/';
      }
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  out += percent_encode(p.name);
  if (!p.version.empty()) {
    out += '@';
    out += percent_encode(p.version);
  }
  char sep = '?';
  for (const auto& [k, v] : p.qualifiers) {
    out += sep;
    out += k;
    out += '=';
    out += percent_encode(v);
    sep = '&';
  }
  if (!p.subpath.empty()) {
    out += '#';
    out += p.subpath;
  }
  return out;
}

Result<Purl> parse(std::string_view text) {
  auto fail = [&](std::string_view what) {
    return Status::invalid_argument("invalid purl \"" + std::string(text) +
                                    "\": " + std::string(what));
  };
  std::string_view rest = text;
  if (rest.substr(0, 4) != "pkg:") return fail("does not start with pkg:");
  rest.remove_prefix(4);
  while (!rest.empty() && rest.front() == '/')
    rest.remove_prefix(1);
  Purl p;
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
    std::string_view sub = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
    while (!sub.empty() && sub.front() == '/')
      sub.remove_prefix(1);
    while (!sub.empty() && sub.back() == '/')
      sub.remove_suffix(1);
    auto decoded = percent_decode(sub);
    if (!decoded.is_ok()) return decoded.status();
    p.subpath = *decoded;
  }
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!qs.empty()) {
      const size_t amp = qs.find('&');
      const std::string_view pair = qs.substr(0, amp);
      qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || eq == 0) return fail("qualifier without key=value");
      auto value = percent_decode(pair.substr(eq + 1));
      if (!value.is_ok()) return value.status();
      p.set_qualifier(pair.substr(0, eq), *value);
    }
  }
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return fail("no type");
  p.type = lower(rest.substr(0, slash));
  rest.remove_prefix(slash + 1);
  while (!rest.empty() && rest.back() == '/')
    rest.remove_suffix(1);
  // The version follows the last '@' of the last path segment.
  const size_t last_slash = rest.rfind('/');
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    auto version = percent_decode(rest.substr(at + 1));
    if (!version.is_ok()) return version.status();
    p.version = *version;
    rest = rest.substr(0, at);
  }
  const size_t name_slash = rest.rfind('/');
  auto name =
      percent_decode(name_slash == std::string_view::npos ? rest : rest.substr(name_slash + 1));
  if (!name.is_ok()) return name.status();
  if (name->empty()) return fail("no name");
  p.name = *name;
  if (name_slash != std::string_view::npos) {
    std::string ns;
    std::string_view segs = rest.substr(0, name_slash);
    while (!segs.empty()) {
      const size_t s = segs.find('/');
      auto seg = percent_decode(segs.substr(0, s));
      if (!seg.is_ok()) return seg.status();
      if (!seg->empty()) {
        if (!ns.empty()) ns += '/';
        ns += *seg;
      }
      segs = s == std::string_view::npos ? std::string_view() : segs.substr(s + 1);
    }
    p.namespace_path = ns;
  }
  return p;
}

}  // namespace upkeep::purl
