// SPDX-License-Identifier: Apache-2.0
//
// os-release(5): KEY=value lines; values optionally quoted with shell rules: inside double quotes
// a backslash escapes only '"', '\', '$' and '`' (and is kept before anything else); inside single
// quotes nothing is escaped.
#include <array>
#include <string>

#include "upkeep/inventory.h"
#include "upkeep/text.h"

namespace upkeep::inventory {
namespace {

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && is_space(v.front()))
    v.remove_prefix(1);
  while (!v.empty() && is_space(v.back()))
    v.remove_suffix(1);
  return v;
}

std::string unquote(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    const char q = v.front();
    v = v.substr(1, v.size() - 2);
    if (q == '\'') return std::string(v);
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '\\' && i + 1 < v.size() &&
          (v[i + 1] == '"' || v[i + 1] == '\\' || v[i + 1] == '$' || v[i + 1] == '`')) {
        ++i;
      }
      out += v[i];
    }
    return out;
  }
  return std::string(v);
}

// "3.19.1" -> "3.19" with parts = 2; "9.3" -> "9" with parts = 1; "12" stays "12".
std::string leading_parts(std::string_view version, int parts) {
  size_t end = 0;
  for (int k = 0; k < parts; ++k) {
    const size_t dot = version.find('.', end);
    if (dot == std::string_view::npos) return std::string(version);
    end = dot + 1;
  }
  return std::string(version.substr(0, end - 1));
}

// "Family:version", or the bare family when the version is unknown.
std::string with_version(std::string_view family, std::string_view version) {
  std::string out(family);
  if (!version.empty()) {
    out += ':';
    out += version;
  }
  return out;
}

// Debian's testing and unstable have a codename and no VERSION_ID; OSV files their advisories
// under the number the release will have.
std::string debian_number(std::string_view codename) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kReleases = {{
      {"stretch", "9"},
      {"buster", "10"},
      {"bullseye", "11"},
      {"bookworm", "12"},
      {"trixie", "13"},
      {"forky", "14"},
      {"duke", "15"},
      {"jessie", "8"},
      {"wheezy", "7"},
      {"squeeze", "6"},
  }};
  for (const auto& [name, number] : kReleases) {
    if (name == codename) return std::string(number);
  }
  return {};
}

}  // namespace

OsRelease parse_os_release(std::string_view text) {
  OsRelease os;
  size_t i = 0;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(i, nl - i);
    i = nl + 1;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, eq);
    const std::string value = unquote(line.substr(eq + 1));
    if (key == "ID") {
      os.id = ascii_lower(trim(value));
    } else if (key == "ID_LIKE") {
      os.id_like.clear();
      size_t s = 0;
      while (s < value.size()) {
        while (s < value.size() && is_space(value[s]))
          ++s;
        size_t e = s;
        while (e < value.size() && !is_space(value[e]))
          ++e;
        if (e > s) os.id_like.push_back(ascii_lower(value.substr(s, e - s)));
        s = e;
      }
    } else if (key == "VERSION_ID") {
      os.version_id = std::string(trim(value));
    } else if (key == "VERSION") {
      os.version = value;
    } else if (key == "VERSION_CODENAME") {
      os.version_codename = value;
    } else if (key == "PRETTY_NAME") {
      os.pretty_name = value;
    } else if (key == "NAME") {
      os.name = value;
    }
  }
  return os;
}

std::string OsRelease::osv_ecosystem() const {
  if (id == "debian") {
    return with_version("Debian", version_id.empty() ? debian_number(version_codename)
                                                     : leading_parts(version_id, 1));
  }
  if (id == "ubuntu") {
    if (version_id.empty()) return "Ubuntu";
    // OSV names LTS releases "Ubuntu:22.04:LTS": April releases of even years.
    const bool lts = version_id.size() == 5 && version_id[2] == '.' &&
                     version_id.substr(3) == "04" && (version_id[1] - '0') % 2 == 0;
    return "Ubuntu:" + version_id + (lts ? ":LTS" : "");
  }
  if (id == "alpine") {
    return version_id.empty() ? "Alpine" : "Alpine:v" + leading_parts(version_id, 2);
  }
  if (id == "almalinux") return with_version("AlmaLinux", leading_parts(version_id, 1));
  if (id == "rocky") return with_version("Rocky Linux", leading_parts(version_id, 1));
  if (id == "wolfi") return "Wolfi";
  if (id == "chainguard") return "Chainguard";
  // OSV's openSUSE ecosystems are "openSUSE:<PRETTY_NAME without the family>": "openSUSE:Leap
  // 15.5", "openSUSE:Tumbleweed" (ossf/osv-schema ecosystems.json).
  if (id.starts_with("opensuse")) {
    if (pretty_name.starts_with("openSUSE ")) return "openSUSE:" + pretty_name.substr(9);
    if (id == "opensuse-tumbleweed") return "openSUSE:Tumbleweed";
    if (id == "opensuse-leap")
      return version_id.empty() ? "openSUSE" : "openSUSE:Leap " + version_id;
    return "openSUSE";
  }
  // SUSE: "SUSE:" and the rest of PRETTY_NAME ("SUSE:Linux Enterprise Server 15 SP3"). OSV also
  // files advisories per module ("SUSE:Linux Enterprise Module for Basesystem 15 SP3"), which
  // os-release does not name: a matcher widens to the modules of the same release.
  if (id == "sles" || id == "sled" || id == "sles_sap" || id.starts_with("sle-") ||
      id.starts_with("sle_")) {
    if (pretty_name.starts_with("SUSE ")) return "SUSE:" + pretty_name.substr(5);
    if (id != "sles" || version_id.empty()) return "SUSE";
    // "15.3" -> "15 SP3", "15" or "15.0" -> "15".
    const size_t dot = version_id.find('.');
    const std::string major = version_id.substr(0, dot);
    const std::string sp = dot == std::string::npos ? "" : version_id.substr(dot + 1);
    return "SUSE:Linux Enterprise Server " + major + (sp.empty() || sp == "0" ? "" : " SP" + sp);
  }
  if (id == "rhel") return "Red Hat";
  if (id == "openeuler") {
    // VERSION="22.03 (LTS-SP1)" -> "openEuler:22.03-LTS-SP1".
    std::string v = version_id;
    const size_t open = version.find('('), close = version.rfind(')');
    if (!v.empty() && open != std::string::npos && close != std::string::npos && close > open + 1) {
      v += "-" + version.substr(open + 1, close - open - 1);
    }
    return with_version("openEuler", v);
  }
  if (id == "photon") return with_version("Photon OS", version_id);
  if (id == "azurelinux") return with_version("Azure Linux", leading_parts(version_id, 1));
  if (id == "mariner") return with_version("Mariner", leading_parts(version_id, 1));
  if (id == "mageia") return with_version("Mageia", version_id);
  return {};
}

std::string OsRelease::purl_distro() const {
  if (id.empty()) return {};
  if (version_id.empty()) return version_codename.empty() ? id : id + "-" + version_codename;
  return id + "-" + version_id;
}

std::optional<OsRelease> read_os_release(const Fs& fs) {
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    auto text = fs.read_file(path, 1 << 20);
    if (text.is_ok()) return parse_os_release(*text);
  }
  return std::nullopt;
}

}  // namespace upkeep::inventory
