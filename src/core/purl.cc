// SPDX-License-Identifier: Apache-2.0
//
// Package URLs: canonical building and lenient parsing. The rules and their sources are listed in
// include/upkeep/purl.h; tests/fixtures/purl/cases.txt holds one case per rule.
#include "upkeep/purl.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "upkeep/text.h"

namespace upkeep::purl {
namespace {

constexpr bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '~' || c == ':';
}

constexpr bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char to_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = to_upper(c);
  return out;
}

// PEP 503: runs of '-', '_' and '.' become one '-', and the name is lower-cased.
std::string pep503(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_run = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_run) out += '-';
      in_run = true;
    } else {
      out += to_lower(c);
      in_run = false;
    }
  }
  return out;
}

// pub: package names are [a-z0-9_]; the definition maps every other character to '_'. Bytes of
// a multi-byte character each become one '_' (pub itself refuses such names).
std::string pub_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    const char l = to_lower(c);
    out += ((l >= 'a' && l <= 'z') || is_digit(l) || l == '_') ? l : '_';
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim_slashes(std::string_view s) {
  while (!s.empty() && s.front() == '/')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == '/')
    s.remove_suffix(1);
  return s;
}

// Calls f(segment) for each '/'-separated segment of `s`, empty ones included.
template <typename F>
void for_each_segment(std::string_view s, F&& f) {
  size_t start = 0;
  for (;;) {
    const size_t slash = s.find('/', start);
    f(s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return;
    start = slash + 1;
  }
}

// Joins the segments of `s` that `keep` accepts with single '/'.
template <typename Keep>
std::string clean_segments(std::string_view s, Keep&& keep) {
  std::string out;
  for_each_segment(s, [&](std::string_view seg) {
    if (!keep(seg)) return;
    if (!out.empty()) out += '/';
    out += seg;
  });
  return out;
}

// Per-type rules, from the type definitions of the purl-spec repository.
enum TypeFlag : uint16_t {
  kLowerNamespace = 1 << 0,
  kLowerName = 1 << 1,
  kUpperNamespace = 1 << 2,
  kLowerVersion = 1 << 3,
  kNoNamespace = 1 << 4,     // the definition prohibits a namespace
  kNeedsNamespace = 1 << 5,  // the definition requires one
  kSplitPath = 1 << 6,       // a "a/b/c" name without namespace is namespace "a/b", name "c"
  kSplitColon = 1 << 7,      // a "group:artifact" name without namespace (maven)
  kJoinedName = 1 << 8,      // the ecosystem's name is namespace + '/' + name (package_name())
};

struct TypeRules {
  std::string_view type;
  uint16_t flags;
};

constexpr std::array kTypeRules = {
    TypeRules{"alpm", kLowerNamespace | kLowerName | kNeedsNamespace},
    TypeRules{"apk", kLowerNamespace | kLowerName | kNeedsNamespace},
    TypeRules{"bitbucket",
              kLowerNamespace | kLowerName | kNeedsNamespace | kSplitPath | kJoinedName},
    TypeRules{"bitnami", kLowerName | kNoNamespace},
    TypeRules{"cargo", kNoNamespace},
    TypeRules{"cocoapods", kNoNamespace},
    TypeRules{"composer",
              kLowerNamespace | kLowerName | kNeedsNamespace | kSplitPath | kJoinedName},
    TypeRules{"cpan", kUpperNamespace},
    TypeRules{"deb", kLowerNamespace | kLowerName | kNeedsNamespace},
    TypeRules{"docker", kJoinedName},
    TypeRules{"gem", kNoNamespace},
    TypeRules{"github", kLowerNamespace | kLowerName | kNeedsNamespace | kSplitPath | kJoinedName},
    TypeRules{"golang", kSplitPath | kJoinedName},
    TypeRules{"hex", kLowerNamespace | kLowerName},
    TypeRules{"huggingface", kLowerVersion | kJoinedName},
    TypeRules{"luarocks", kLowerNamespace | kLowerName},
    TypeRules{"maven", kNeedsNamespace | kSplitColon},
    TypeRules{"mlflow", kNoNamespace},
    TypeRules{"npm", kLowerNamespace | kLowerName | kSplitPath | kJoinedName},
    TypeRules{"nuget", kNoNamespace},
    TypeRules{"oci", kLowerName | kNoNamespace},
    TypeRules{"pub", kNoNamespace},
    TypeRules{"pypi", kNoNamespace},
    TypeRules{"qpkg", kLowerNamespace | kNeedsNamespace},
    TypeRules{"rpm", kLowerNamespace},
    TypeRules{"swift", kNeedsNamespace | kSplitPath | kJoinedName},
};

uint16_t flags_of(std::string_view type) {
  for (const TypeRules& r : kTypeRules) {
    if (r.type == type) return r.flags;
  }
  return 0;
}

bool valid_type(std::string_view type) {
  if (type.empty() || !is_alpha(type.front())) return false;
  return std::all_of(type.begin(), type.end(),
                     [](char c) { return is_alpha(c) || is_digit(c) || c == '.' || c == '-'; });
}

bool valid_qualifier_key(std::string_view key) {
  if (key.empty() || !(key.front() >= 'a' && key.front() <= 'z')) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-' || c == '_';
  });
}

// rpm: "1:3.0.7-27.el9" -> version "3.0.7-27.el9" and epoch=1, unless an epoch qualifier says
// something else (then the version is left as given rather than lose either).
void move_rpm_epoch(Purl& p) {
  size_t digits = 0;
  while (digits < p.version.size() && is_digit(p.version[digits]))
    ++digits;
  if (digits == 0 || digits + 1 >= p.version.size() || p.version[digits] != ':') return;
  const std::string epoch = p.version.substr(0, digits);
  const std::string_view current = p.qualifier("epoch");
  if (!current.empty() && current != epoch) return;
  p.version.erase(0, digits + 1);
  p.set_qualifier("epoch", epoch);
}

}  // namespace

void Purl::set_qualifier(std::string_view key, std::string_view value) {
  const std::string k = ascii_lower(key);
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
    if (k.size() == key.size() && std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) {
          return to_lower(a) == to_lower(b);
        })) {
      return v;
    }
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
  p.type = ascii_lower(p.type);
  const uint16_t flags = flags_of(p.type);

  // Qualifiers: lower-case keys, drop empty values and repeated keys, sort by key.
  std::vector<std::pair<std::string, std::string>> qualifiers;
  qualifiers.reserve(p.qualifiers.size());
  for (auto& [k, v] : p.qualifiers) {
    if (v.empty()) continue;
    std::string key = ascii_lower(k);
    const bool seen = std::any_of(qualifiers.begin(), qualifiers.end(),
                                  [&](const auto& kv) { return kv.first == key; });
    if (!seen) qualifiers.emplace_back(std::move(key), std::move(v));
  }
  std::stable_sort(qualifiers.begin(), qualifiers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  p.qualifiers = std::move(qualifiers);

  p.namespace_path =
      clean_segments(p.namespace_path, [](std::string_view s) { return !s.empty(); });
  p.name = std::string(trim_slashes(p.name));
  p.subpath = clean_segments(
      p.subpath, [](std::string_view s) { return !s.empty() && s != "." && s != ".."; });

  // A full name handed over whole ("@scope/name", "golang.org/x/net", "group:artifact").
  if (p.namespace_path.empty()) {
    if (flags & kSplitPath) {
      const size_t slash = p.name.rfind('/');
      if (slash != std::string::npos && slash > 0) {
        p.namespace_path = clean_segments(std::string_view(p.name).substr(0, slash),
                                          [](std::string_view s) { return !s.empty(); });
        p.name.erase(0, slash + 1);
      }
    } else if ((flags & kSplitColon) && std::count(p.name.begin(), p.name.end(), ':') == 1) {
      const size_t colon = p.name.find(':');
      if (colon > 0 && colon + 1 < p.name.size()) {
        p.namespace_path = p.name.substr(0, colon);
        p.name.erase(0, colon + 1);
      }
    }
  }

  if (p.type == "npm" && !p.namespace_path.empty() && p.namespace_path.front() != '@') {
    p.namespace_path.insert(0, 1, '@');
  }
  if (flags & kLowerNamespace) p.namespace_path = ascii_lower(p.namespace_path);
  if (flags & kUpperNamespace) p.namespace_path = upper(p.namespace_path);
  if (flags & kLowerName) p.name = ascii_lower(p.name);
  if (flags & kLowerVersion) p.version = ascii_lower(p.version);

  if (p.type == "pypi") {
    p.name = pep503(p.name);
  } else if (p.type == "pub") {
    p.name = pub_name(p.name);
  } else if (p.type == "rpm") {
    move_rpm_epoch(p);
  } else if (p.type == "mlflow") {
    // Databricks model names are case-insensitive (lower-cased); Azure ML ones are not.
    if (ascii_lower(p.qualifier("repository_url")).find("databricks") != std::string::npos) {
      p.name = ascii_lower(p.name);
    }
  }
}

Status validate(const Purl& p) {
  if (p.type.empty()) return Status::invalid_argument("no type");
  if (!valid_type(p.type)) {
    return Status::invalid_argument("type \"" + p.type +
                                    "\" is not a letter followed by letters, digits, '.' and '-'");
  }
  if (p.name.empty()) return Status::invalid_argument("no name");
  for (size_t i = 0; i < p.qualifiers.size(); ++i) {
    const std::string& key = p.qualifiers[i].first;
    if (!valid_qualifier_key(key)) {
      return Status::invalid_argument(
          "qualifier key \"" + key +
          "\" is not a letter followed by letters, digits, '.', '-' and '_'");
    }
    for (size_t j = 0; j < i; ++j) {
      if (p.qualifiers[j].first == key) {
        return Status::invalid_argument("qualifier \"" + key + "\" given twice");
      }
    }
  }
  const uint16_t flags = flags_of(p.type);
  if ((flags & kNoNamespace) && !p.namespace_path.empty()) {
    return Status::invalid_argument(p.type + " purls have no namespace (got \"" + p.namespace_path +
                                    "\")");
  }
  if ((flags & kNeedsNamespace) && p.namespace_path.empty()) {
    return Status::invalid_argument(p.type + " purls need a namespace");
  }
  return Status::ok();
}

Result<std::string> versionless(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed.is_ok()) return parsed.status();
  Purl p = std::move(*parsed);
  p.version.clear();
  p.qualifiers.clear();
  p.subpath.clear();
  return to_string(p);
}

std::string to_string(const Purl& in) {
  Purl p = in;
  normalize(p);
  std::string out = "pkg:";
  out += p.type;
  out += '/';
  if (!p.namespace_path.empty()) {
    for_each_segment(p.namespace_path, [&](std::string_view seg) {
      out += percent_encode(seg);
      out += '/';
    });
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
    bool first = true;
    for_each_segment(p.subpath, [&](std::string_view seg) {
      if (!first) out += '/';
      out += percent_encode(seg);
      first = false;
    });
  }
  return out;
}

Result<Purl> parse(std::string_view text) {
  auto fail = [&](std::string_view what) {
    return Status::invalid_argument("invalid purl \"" + std::string(text) +
                                    "\": " + std::string(what));
  };
  std::string_view rest = text;
  Purl p;

  // Subpath: after the last '#'; segments decoded, "", "." and ".." dropped.
  if (const size_t hash = rest.rfind('#'); hash != std::string_view::npos) {
    const std::string_view sub = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
    std::string error;
    for_each_segment(sub, [&](std::string_view seg) {
      if (!error.empty()) return;
      auto decoded = percent_decode(seg);
      if (!decoded.is_ok()) {
        error = "malformed percent-encoding in the subpath";
        return;
      }
      if (decoded->find('/') != std::string::npos) {
        error = "a subpath segment holds an encoded '/'";
        return;
      }
      if (decoded->empty() || *decoded == "." || *decoded == "..") return;
      if (!p.subpath.empty()) p.subpath += '/';
      p.subpath += *decoded;
    });
    if (!error.empty()) return fail(error);
  }

  // Qualifiers: after the first '?' (none of the parts before it may hold one).
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!qs.empty()) {
      const size_t amp = qs.find('&');
      const std::string_view pair = qs.substr(0, amp);
      qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        return fail("qualifier \"" + std::string(pair) + "\" has no '='");
      }
      const std::string key = ascii_lower(pair.substr(0, eq));
      if (!valid_qualifier_key(key)) {
        return fail("qualifier key \"" + std::string(pair.substr(0, eq)) +
                    "\" is not a letter followed by letters, digits, '.', '-' and '_'");
      }
      auto value = percent_decode(pair.substr(eq + 1));
      if (!value.is_ok()) return fail("malformed percent-encoding in qualifier \"" + key + "\"");
      if (value->empty()) continue;  // the same as no qualifier
      if (!p.qualifier(key).empty()) return fail("qualifier \"" + key + "\" given twice");
      p.qualifiers.emplace_back(key, std::move(*value));
    }
  }

  // Scheme.
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos || ascii_lower(rest.substr(0, colon)) != "pkg") {
    return fail("does not start with \"pkg:\"");
  }
  rest.remove_prefix(colon + 1);
  while (!rest.empty() && rest.front() == '/')
    rest.remove_prefix(1);

  // Type.
  const size_t slash = rest.find('/');
  const std::string_view type = rest.substr(0, slash);
  if (type.empty()) return fail("no type");
  if (!valid_type(type)) {
    return fail("type \"" + std::string(type) +
                "\" is not a letter followed by letters, digits, '.' and '-'");
  }
  if (slash == std::string_view::npos) return fail("no name");
  p.type = ascii_lower(type);
  rest.remove_prefix(slash + 1);

  // Version: after the last '@', unless that '@' starts a segment of the namespace: an
  // unencoded npm scope ("pkg:npm/@angular/core") is not a version.
  size_t at = rest.size();
  while (at > 0) {
    at = rest.rfind('@', at - 1);
    if (at == std::string_view::npos) break;
    const bool starts_segment = at == 0 || rest[at - 1] == '/';
    if (!starts_segment || rest.find('/', at) == std::string_view::npos) {
      auto version = percent_decode(rest.substr(at + 1));
      if (!version.is_ok()) return fail("malformed percent-encoding in the version");
      p.version = std::move(*version);
      rest = rest.substr(0, at);
      break;
    }
  }

  // Name: the last segment.
  while (!rest.empty() && rest.back() == '/')
    rest.remove_suffix(1);
  const size_t name_slash = rest.rfind('/');
  auto name =
      percent_decode(name_slash == std::string_view::npos ? rest : rest.substr(name_slash + 1));
  if (!name.is_ok()) return fail("malformed percent-encoding in the name");
  if (name->empty()) return fail("no name");
  p.name = std::move(*name);

  // Namespace: the segments before it.
  if (name_slash != std::string_view::npos) {
    std::string error;
    for_each_segment(rest.substr(0, name_slash), [&](std::string_view seg) {
      if (!error.empty() || seg.empty()) return;
      auto decoded = percent_decode(seg);
      if (!decoded.is_ok()) {
        error = "malformed percent-encoding in the namespace";
        return;
      }
      if (decoded->find('/') != std::string::npos) {
        error = "a namespace segment holds an encoded '/'";
        return;
      }
      if (decoded->empty()) {
        error = "an empty namespace segment";
        return;
      }
      if (!p.namespace_path.empty()) p.namespace_path += '/';
      p.namespace_path += *decoded;
    });
    if (!error.empty()) return fail(error);
  }

  normalize(p);
  if (Status s = validate(p); !s.is_ok()) return fail(s.message());
  return p;
}

std::string package_name(const Purl& in) {
  Purl p = in;
  normalize(p);
  if (p.namespace_path.empty()) return p.name;
  const uint16_t flags = flags_of(p.type);
  if (flags & kSplitColon) return p.namespace_path + ":" + p.name;
  if (flags & kJoinedName) return p.namespace_path + "/" + p.name;
  return p.name;
}

}  // namespace upkeep::purl
