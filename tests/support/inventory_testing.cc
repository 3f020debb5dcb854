// SPDX-License-Identifier: Apache-2.0
#include "support/inventory_testing.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace upkeep::testing {

std::vector<const inventory::Component*> Extracted::named(std::string_view name) const {
  std::vector<const inventory::Component*> out;
  for (const auto& c : components) {
    if (c.name == name) out.push_back(&c);
  }
  return out;
}

const inventory::Component* Extracted::find(std::string_view name, std::string_view version) const {
  for (const auto& c : components) {
    if (c.name == name && c.version == version) return &c;
  }
  return nullptr;
}

std::string Extracted::warnings_text() const {
  std::string out;
  for (const auto& w : warnings)
    out += w.to_string() + "\n";
  return out;
}

Extracted run_extractor(std::string_view id, const Fs& fs, std::string_view path,
                        const inventory::OsRelease* os) {
  Extracted out;
  const inventory::Extractor* e = inventory::find_extractor(id);
  if (e == nullptr) {
    out.warnings.push_back(inventory::Diagnostic{std::string(path), 0, 0, std::nullopt,
                                                 "no extractor " + std::string(id), ""});
    return out;
  }
  inventory::ExtractContext ctx(fs, os, out.components, out.warnings);
  auto info = fs.stat(path);
  inventory::FileRef ref{path, base_name(path), info.is_ok() ? *info : FileInfo{}};
  ctx.set_current(path, e->id());
  e->extract(ref, ctx);
  return out;
}

Extracted run_extractor_on_file(std::string_view id, const std::string& host_path,
                                const inventory::OsRelease* os) {
  const size_t slash = host_path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : host_path.substr(0, slash);
  const std::string name = slash == std::string::npos ? host_path : host_path.substr(slash + 1);
  auto fs = open_directory_fs(dir.empty() ? "/" : dir);
  if (!fs.is_ok()) {
    Extracted out;
    out.warnings.push_back(
        inventory::Diagnostic{host_path, 0, 0, std::nullopt, fs.status().message(), ""});
    return out;
  }
  return run_extractor(id, **fs, "/" + name, os);
}

std::string inventory_fixture_dir() {
  return UPKEEP_FIXTURE_DIR "/inventory";
}

std::string shared_data_dir() {
  struct stat st {};
  if (const char* env = std::getenv("UPKEEP_SHARED_DATA"); env != nullptr && *env != '\0') {
    return ::stat(env, &st) == 0 ? std::string(env) : std::string();
  }
  const std::string beside = UPKEEP_SOURCE_DIR "/../shared/data";
  return ::stat(beside.c_str(), &st) == 0 ? beside : std::string();
}

std::string read_host_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace upkeep::testing
