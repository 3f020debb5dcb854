// SPDX-License-Identifier: Apache-2.0
//
// db update: plan the sources, fetch each into the download cache (conditional on the cached
// copy), import what the database does not hold yet in one atomic import, remember what was
// imported. The cache and the database are each only ever replaced by rename(), so a kill at any
// moment leaves both usable; the state file is written after the file it describes, so at worst
// a file is fetched or imported once more.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "upkeep/advisory_update.h"
#include "upkeep/eol.h"

namespace upkeep::advisory {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kStateHeader = "# upkeep download state 1";

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool has_control_or_tab(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string errno_text() {
  return std::strerror(errno);
}

std::string join_path(std::string_view base, std::string_view rel) {
  std::string out(base);
  while (out.size() > 1 && out.back() == '/')
    out.pop_back();
  out += '/';
  out += rel;
  return out;
}

// The first bytes of a file (what the content checks look at).
Result<std::string> read_head(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": " + errno_text());
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

std::string printable_start(std::string_view head) {
  std::string out;
  for (const char c : head.substr(0, 24)) {
    out +=
        (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) ? c : '.';
  }
  return out;
}

// Refuses what cannot be the source's file: a server's HTML error page sent with status 200, an
// empty body. Content is checked in depth by the import; this keeps the cached copy from being
// replaced by something that is certainly wrong.
fetch::Client::Check content_check(const UpdateSource& source) {
  const std::string& kind = source.kind;
  const std::string& location = source.location;
  const std::string& relative = source.relative_path;
  return [kind, location, relative](const std::string& path) -> Status {
    auto head = read_head(path, 512);
    if (!head.is_ok()) return head.status();
    const std::string_view h = *head;
    bool ok = false;
    std::string expected;
    const bool zip = h.size() >= 4 && h.substr(0, 2) == "PK" &&
                     ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6));
    if (kind == "osv") {
      expected = "a zip archive";
      ok = zip;
    } else if (kind == "eol") {
      if (relative.ends_with(".zip")) {
        expected = "a zip archive";
        ok = zip;
      } else if (relative.ends_with(".csv")) {
        expected = "a distro-info-data table";
        ok = eol::looks_like_distro_info(h);
      } else {
        expected = "a debian-security-support list";
        ok = eol::support_list_kind(h).has_value();
      }
    } else if (kind == "kev") {
      expected = "a JSON object";
      size_t i = h.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
      while (i < h.size() && (h[i] == ' ' || h[i] == '\n' || h[i] == '\r' || h[i] == '\t'))
        ++i;
      ok = i < h.size() && h[i] == '{';
    } else {
      expected = "gzip or EPSS CSV";
      ok = (h.size() >= 2 && h[0] == '\x1f' && h[1] == '\x8b') || looks_like_epss(h);
    }
    if (ok) return Status::ok();
    if (h.empty()) return Status::invalid_argument(location + ": empty, expected " + expected);
    return Status::invalid_argument(location + ": not " + expected + " (starts with \"" +
                                    printable_start(h) + "\")");
  };
}

// Writes `text` to `path` through a temporary file and rename().
Status write_atomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Status::io_error(tmp + ": " + errno_text());
  ::fchmod(fd, 0644);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const Status s = Status::io_error(tmp + ": " + errno_text());
      ::close(fd);
      ::unlink(tmp.c_str());
      return s;
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const Status s = Status::io_error("writing " + path + ": " + errno_text());
    ::unlink(tmp.c_str());
    return s;
  }
  return Status::ok();
}

// The cache directory, locked against other updates of the same database for its lifetime.
class CacheLock {
 public:
  ~CacheLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
  }

  Status acquire(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::io_error(dir + ": " + ec.message());
    const std::string lock = dir + "/.lock";
    fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return Status::io_error(lock + ": " + errno_text());
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) return Status::io_error(lock + ": " + errno_text());
    }
    // Temporary files of a killed update: nobody else writes here while we hold the lock.
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.find(".part-") != std::string::npos || name.find(".tmp-") != std::string::npos) {
        std::error_code ignored;
        fs::remove(it->path(), ignored);
      }
    }
    return Status::ok();
  }

 private:
  int fd_ = -1;
};

}  // namespace

const std::vector<std::string_view>& known_osv_ecosystems() {
  // OSV's ecosystems with a <name>/all.zip (osv-schema's list), as OSV spells them.
  static const std::vector<std::string_view> kNames = {
      "AlmaLinux", "Alpine",    "Android",   "Bitnami",  "Chainguard",     "ConanCenter",
      "CRAN",      "crates.io", "Debian",    "GHC",      "GitHub Actions", "Go",
      "Hackage",   "Hex",       "Linux",     "Mageia",   "Maven",          "MinimOS",
      "npm",       "NuGet",     "openEuler", "openSUSE", "OSS-Fuzz",       "Packagist",
      "Photon OS", "Pub",       "PyPI",      "Red Hat",  "Rocky Linux",    "RubyGems",
      "SUSE",      "SwiftURL",  "Ubuntu",    "Wolfi"};
  return kNames;
}

std::vector<std::string> default_osv_ecosystems(const inventory::OsRelease* host) {
  std::vector<std::string> out = {"PyPI",  "npm",   "Go",       "crates.io",
                                  "Maven", "NuGet", "RubyGems", "Packagist"};
  if (host != nullptr) {
    // OSV publishes one zip per family ("Debian"), not per release ("Debian:12").
    const std::string ecosystem = host->osv_ecosystem();
    if (!ecosystem.empty()) out.push_back(ecosystem.substr(0, ecosystem.find(':')));
  }
  return out;
}

Result<std::string> canonical_ecosystem(std::string_view name) {
  if (name.empty()) return Status::invalid_argument("an empty ecosystem name");
  if (name == "." || name == ".." || name.find('/') != std::string_view::npos ||
      name.find('\\') != std::string_view::npos || has_control_or_tab(name)) {
    return Status::invalid_argument("'" + printable_start(name) + "' is not an ecosystem name");
  }
  const size_t colon = name.find(':');
  const std::string_view base = name.substr(0, colon);
  for (const std::string_view known : known_osv_ecosystems()) {
    if (iequals(base, known)) {
      std::string out(known);
      if (colon != std::string_view::npos) out += name.substr(colon);
      return out;
    }
  }
  return std::string(name);
}

Result<std::vector<UpdateSource>> plan_sources(const std::vector<std::string>& ecosystems, bool kev,
                                               bool epss, std::string_view mirror, bool eol) {
  const bool url = fetch::is_url(mirror);
  if (!mirror.empty() && !url) {
    if (mirror.find("://") != std::string_view::npos) {
      return Status::invalid_argument("mirror '" + std::string(mirror) +
                                      "': only http:// and https:// URLs or a directory");
    }
    std::error_code ec;
    if (!fs::is_directory(std::string(mirror), ec)) {
      return Status::invalid_argument("mirror '" + std::string(mirror) +
                                      "' is neither an http(s) URL nor a directory");
    }
  }
  const std::string base = mirror.empty() ? std::string(kOsvBaseUrl) : std::string(mirror);
  std::vector<UpdateSource> out;
  std::set<std::string> seen;
  for (const auto& given : ecosystems) {
    auto name = canonical_ecosystem(given);
    if (!name.is_ok()) return name.status();
    if (!seen.insert(*name).second) continue;
    UpdateSource s;
    s.name = *name;
    s.kind = "osv";
    s.relative_path = *name + "/all.zip";
    s.location = (mirror.empty() || url)
                     ? join_path(base, fetch::escape_path_segment(*name) + "/all.zip")
                     : join_path(base, s.relative_path);
    out.push_back(std::move(s));
  }
  if (kev) {
    out.push_back({"KEV", "kev", std::string(kKevFileName),
                   mirror.empty() ? std::string(kKevUrl) : join_path(base, kKevFileName)});
  }
  if (epss) {
    out.push_back({"EPSS", "epss", std::string(kEpssFileName),
                   mirror.empty() ? std::string(kEpssUrl) : join_path(base, kEpssFileName)});
  }
  if (eol) {
    const auto add = [&](std::string name, std::string relative, std::string url, bool optional) {
      const std::string location = mirror.empty() ? std::move(url) : join_path(base, relative);
      out.push_back({std::move(name), "eol", std::move(relative), location, optional});
    };
    add("endoflife.date", "eol/endoflife-products.zip", std::string(kEndoflifeUrl), false);
    for (const std::string distro : {"debian", "ubuntu"}) {
      add("distro-info-data/" + distro, "eol/distro-info-data/" + distro + ".csv",
          join_path(kDistroInfoBaseUrl, distro + ".csv"), false);
    }
    for (const std::string_view release : kSupportListReleases) {
      const std::string file = "security-support-ended." + std::string(release);
      add("debian-security-support/" + std::string(release), "eol/debian-security-support/" + file,
          join_path(kSecuritySupportBaseUrl, file), true);
    }
    add("debian-security-support/limited", "eol/debian-security-support/security-support-limited",
        join_path(kSecuritySupportBaseUrl, "security-support-limited"), false);
  }
  return out;
}

std::string downloads_dir(const std::string& db_path) {
  return db_path + ".downloads";
}

const DownloadState::Entry* DownloadState::find(std::string_view name) const {
  for (const auto& e : entries) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

DownloadState::Entry& DownloadState::upsert(std::string_view name) {
  for (auto& e : entries) {
    if (e.name == name) return e;
  }
  entries.push_back({});
  entries.back().name = std::string(name);
  return entries.back();
}

DownloadState parse_download_state(std::string_view text) {
  DownloadState state;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (fields.size() != 6 || fields[0].empty() || (fields[4] != "0" && fields[4] != "1")) continue;
    int64_t checked = 0;
    const auto [end, ec] =
        std::from_chars(fields[5].data(), fields[5].data() + fields[5].size(), checked);
    if (ec != std::errc() || end != fields[5].data() + fields[5].size() || checked < 0) continue;
    if (std::any_of(fields.begin(), fields.end(), has_control_or_tab)) continue;
    if (state.find(fields[0]) != nullptr) continue;  // the first line of a name counts
    DownloadState::Entry& e = state.upsert(fields[0]);
    e.location = std::string(fields[1]);
    e.validators.etag = std::string(fields[2]);
    e.validators.last_modified = std::string(fields[3]);
    e.imported = fields[4] == "1";
    e.checked = checked;
  }
  return state;
}

std::string format_download_state(const DownloadState& state) {
  const auto clean = [](const std::string& s) { return has_control_or_tab(s) ? std::string() : s; };
  std::string out(kStateHeader);
  out += "\n# name\tlocation\tetag\tlast-modified\timported\tchecked\n";
  for (const auto& e : state.entries) {
    if (e.name.empty() || has_control_or_tab(e.name)) continue;
    out += e.name + '\t' + clean(e.location) + '\t' + clean(e.validators.etag) + '\t' +
           clean(e.validators.last_modified) + '\t' + (e.imported ? "1" : "0") + '\t' +
           std::to_string(e.checked < 0 ? 0 : e.checked) + '\n';
  }
  return out;
}

std::map<std::string, std::chrono::system_clock::time_point> confirmed_current(
    const std::string& db_path) {
  std::ifstream in(downloads_dir(db_path) + "/state", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::map<std::string, std::chrono::system_clock::time_point> out;
  for (const auto& e : parse_download_state(text.str()).entries) {
    if (e.imported && e.checked > 0) {
      out[e.name] = std::chrono::system_clock::time_point(std::chrono::seconds(e.checked));
    }
  }
  return out;
}

size_t UpdateReport::failures() const {
  return static_cast<size_t>(std::count_if(sources.begin(), sources.end(), [](const auto& s) {
    return s.fetched.outcome == fetch::Fetched::Outcome::kFailed && !s.absent;
  }));
}

Result<UpdateReport> update_database(const std::string& db_path, const UpdateOptions& options,
                                     fetch::Client& client) {
  // What the database holds now.
  bool db_missing = false;
  std::set<std::string> held;
  std::vector<std::string> held_ecosystems;
  {
    auto store = Store::open(db_path);
    if (!store.is_ok() && store.status().code() == StatusCode::kNotFound) {
      db_missing = true;
    } else if (!store.is_ok()) {
      return Status::corruption(store.status().message());
    } else {
      auto sources = (*store)->sources();
      if (!sources.is_ok()) return Status::corruption(db_path + ": " + sources.status().message());
      for (const auto& s : *sources) {
        held.insert(s.name);
        if (s.kind == "osv") held_ecosystems.push_back(s.name);
      }
    }
  }
  const bool first = options.ecosystems.empty() && held_ecosystems.empty();
  const std::vector<std::string>& ecosystems =
      !options.ecosystems.empty() ? options.ecosystems
                                  : (first ? options.first_ecosystems : held_ecosystems);
  if (ecosystems.empty()) {
    return Status::invalid_argument(
        "no ecosystems named and " + db_path +
        (db_missing ? " does not exist yet" : " holds none") +
        "; name the OSV ecosystems to fetch, e.g. PyPI, npm, Go, crates.io, Maven, Debian");
  }
  auto plan = plan_sources(ecosystems, options.kev, options.epss, options.mirror, options.eol);
  if (!plan.is_ok()) return plan.status();

  const std::string dir = downloads_dir(db_path);
  CacheLock lock;
  if (Status s = lock.acquire(dir); !s.is_ok()) return s;
  const std::string state_path = dir + "/state";
  DownloadState state;
  {
    std::ifstream in(state_path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    state = parse_download_state(text.str());
  }

  UpdateReport report;
  report.used_first_ecosystems = first;
  const int64_t checked_now =
      std::chrono::duration_cast<std::chrono::seconds>(options.import.now.time_since_epoch())
          .count();
  std::map<std::string, fetch::Fetched> unreachable;  // host -> the failure seen there
  for (const UpdateSource& source : *plan) {
    SourceUpdate result;
    result.source = source;
    const std::string host = fetch::url_host(source.location);
    if (auto it = unreachable.find(host); !host.empty() && it != unreachable.end()) {
      result.fetched = it->second;
      result.skipped = true;
    } else {
      if (options.on_fetch) options.on_fetch(source);
      const DownloadState::Entry* known = state.find(source.name);
      // Validators from another location describe another file.
      const fetch::Validators validators = known != nullptr && known->location == source.location
                                               ? known->validators
                                               : fetch::Validators{};
      result.fetched = client.fetch(source.location, join_path(dir, source.relative_path),
                                    validators, content_check(source));
      if (result.fetched.failure == fetch::Failure::kUnreachable && !host.empty()) {
        unreachable.emplace(host, result.fetched);
      }
      result.absent = source.optional && (result.fetched.failure == fetch::Failure::kNotFound ||
                                          (result.fetched.failure == fetch::Failure::kHttpStatus &&
                                           result.fetched.http_status == 404));
    }
    if (result.fetched.outcome == fetch::Fetched::Outcome::kDownloaded) {
      DownloadState::Entry& e = state.upsert(source.name);
      e.location = source.location;
      e.validators = result.fetched.validators;
      e.imported = false;
      e.checked = checked_now;
    } else if (result.fetched.outcome == fetch::Fetched::Outcome::kNotModified) {
      DownloadState::Entry& e = state.upsert(source.name);
      e.validators = result.fetched.validators;
      e.checked = checked_now;
    }
    if (options.on_fetched) options.on_fetched(result);
    report.sources.push_back(std::move(result));
  }
  // The state names the files now in the cache, before anything is imported from them.
  if (Status s = write_atomically(state_path, format_download_state(state)); !s.is_ok()) {
    return s;
  }

  // Everything cached that the database does not hold: downloaded now, an import that did not
  // finish, a source removed from the database, or a missing database. A failed source's older
  // cached copy counts too: older data beats none.
  std::vector<std::string> files;
  std::vector<size_t> imported_sources;
  for (size_t i = 0; i < report.sources.size(); ++i) {
    const SourceUpdate& s = report.sources[i];
    const std::string file = join_path(dir, s.source.relative_path);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) continue;
    const DownloadState::Entry* e = state.find(s.source.name);
    const bool needed = db_missing || e == nullptr || !e->imported ||
                        held.count(s.source.name) == 0 ||
                        s.fetched.outcome == fetch::Fetched::Outcome::kDownloaded;
    if (!needed) continue;
    files.push_back(file);
    imported_sources.push_back(i);
  }
  if (files.empty()) return report;
  if (options.on_import) options.on_import(files);
  auto imported = import_files(db_path, files, options.import);
  if (!imported.is_ok()) {
    report.import_status = imported.status();
    return report;
  }
  report.imported = true;
  report.import = std::move(*imported);
  for (const size_t i : imported_sources) {
    report.sources[i].imported = true;
    state.upsert(report.sources[i].source.name).imported = true;
  }
  // Losing this write costs one more import of the same files next time, nothing else.
  (void)write_atomically(state_path, format_download_state(state));
  return report;
}

}  // namespace upkeep::advisory
