// SPDX-License-Identifier: Apache-2.0
//
// os-release(5): KEY=value lines, values optionally quoted with shell rules (backslash escapes
// inside double quotes).
#include <string>

#include "upkeep/inventory.h"

namespace upkeep::inventory {
namespace {

std::string unquote(std::string_view v) {
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
    v.remove_suffix(1);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    const char q = v.front();
    v = v.substr(1, v.size() - 2);
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (q == '"' && v[i] == '\\' && i + 1 < v.size()) ++i;
      out += v[i];
    }
    return out;
  }
  return std::string(v);
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// "3.19.1" -> "3.19"; "9.3" -> "9" with parts = 1.
std::string leading_parts(std::string_view version, int parts) {
  size_t end = 0;
  for (int k = 0; k < parts; ++k) {
    const size_t dot = version.find('.', end);
    if (dot == std::string_view::npos) return std::string(version);
    end = dot + 1;
  }
  return std::string(version.substr(0, end - 1));
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
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
      line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, eq);
    const std::string value = unquote(line.substr(eq + 1));
    if (key == "ID") {
      os.id = lower(value);
    } else if (key == "ID_LIKE") {
      size_t s = 0;
      while (s < value.size()) {
        size_t e = value.find(' ', s);
        if (e == std::string::npos) e = value.size();
        if (e > s) os.id_like.push_back(lower(value.substr(s, e - s)));
        s = e + 1;
      }
    } else if (key == "VERSION_ID") {
      os.version_id = value;
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
    return version_id.empty() ? "Debian" : "Debian:" + leading_parts(version_id, 1);
  }
  if (id == "ubuntu") {
    if (version_id.empty()) return "Ubuntu";
    // OSV names LTS releases "Ubuntu:22.04:LTS": even years, April releases.
    const bool lts =
        version_id.size() == 5 && version_id.substr(3) == "04" && (version_id[1] - '0') % 2 == 0;
    return "Ubuntu:" + version_id + (lts ? ":LTS" : "");
  }
  if (id == "alpine") {
    return version_id.empty() ? "Alpine" : "Alpine:v" + leading_parts(version_id, 2);
  }
  if (id == "almalinux") return "AlmaLinux:" + leading_parts(version_id, 1);
  if (id == "rocky") return "Rocky Linux:" + leading_parts(version_id, 1);
  if (id == "wolfi") return "Wolfi";
  if (id == "chainguard") return "Chainguard";
  // OSV's SUSE and openSUSE ecosystems are "<family>:<PRETTY_NAME without the family>":
  // "SUSE:Linux Enterprise Server 15 SP3", "openSUSE:Leap 15.5", "openSUSE:Tumbleweed"
  // (ossf/osv-schema ecosystems.json). VERSION_ID ("15.3") is not how SUSE names a release.
  if (id.starts_with("opensuse")) {
    if (pretty_name.starts_with("openSUSE ")) return "openSUSE:" + pretty_name.substr(9);
    if (id == "opensuse-tumbleweed") return "openSUSE:Tumbleweed";
    if (id == "opensuse-leap") return "openSUSE:Leap " + version_id;
    return {};
  }
  if (id == "sles" || id == "sled" || id == "sles_sap" || id.starts_with("sle-") ||
      id.starts_with("sle_")) {
    if (pretty_name.starts_with("SUSE ")) return "SUSE:" + pretty_name.substr(5);
    if (id != "sles" || version_id.empty()) return {};
    // "15.3" -> "15 SP3", "15" or "15.0" -> "15".
    const size_t dot = version_id.find('.');
    const std::string major = version_id.substr(0, dot);
    const std::string sp = dot == std::string::npos ? "" : version_id.substr(dot + 1);
    return "SUSE:Linux Enterprise Server " + major + (sp.empty() || sp == "0" ? "" : " SP" + sp);
  }
  // Amazon Linux ("amzn"), Fedora, CentOS and Oracle Linux have no OSV ecosystem: nothing.
  if (id == "rhel") return "Red Hat";
  if (id == "openeuler") return "openEuler:" + version_id;
  if (id == "photon") return "Photon OS:" + version_id;
  if (id == "azurelinux") return "Azure Linux:" + leading_parts(version_id, 2);
  if (id == "mageia") return "Mageia:" + version_id;
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
