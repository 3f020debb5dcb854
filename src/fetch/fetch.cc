// SPDX-License-Identifier: Apache-2.0
//
// Client: libcurl for http(s), plain file copies for a local mirror. Either way the body goes to
// a temporary file beside the destination and is renamed over it only when complete, so a
// partial download (a dropped connection, a kill) is never taken for the file.
#include "upkeep/fetch.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace upkeep::fetch {
namespace {

std::string errno_text() {
  return std::strerror(errno);
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool write_all(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// The temporary file a body is written to; removed unless committed.
class PartFile {
 public:
  ~PartFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  Status create(const std::string& dest) {
    const std::filesystem::path parent = std::filesystem::path(dest).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) return Status::io_error(parent.string() + ": " + ec.message());
    }
    std::string pattern = dest + ".part-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) return Status::io_error(pattern + ": " + errno_text());
    ::fchmod(fd_, 0644);
    path_ = pattern;
    return Status::ok();
  }

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

  // fsync (the rename must not land before the data on a power cut) and rename over `dest`.
  Status commit(const std::string& dest) {
    if (::fsync(fd_) != 0) return Status::io_error(path_ + ": fsync: " + errno_text());
    ::close(fd_);
    fd_ = -1;
    if (::rename(path_.c_str(), dest.c_str()) != 0) {
      return Status::io_error("renaming " + path_ + " to " + dest + ": " + errno_text());
    }
    path_.clear();
    return Status::ok();
  }

 private:
  int fd_ = -1;
  std::string path_;
};

Fetched failed(Failure failure, std::string error, long http_status = 0) {
  Fetched f;
  f.outcome = Fetched::Outcome::kFailed;
  f.failure = failure;
  f.error = std::move(error);
  f.http_status = http_status;
  return f;
}

// What the libcurl callbacks share with the transfer.
struct Transfer {
  const Options* options = nullptr;
  PartFile* part = nullptr;
  long status = 0;  // of the latest response (redirects make several)
  Validators validators;
  uint64_t bytes = 0;
  bool too_large = false;
  bool write_failed = false;
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  const std::string_view line(data, n);
  if (iequals_prefix(line, "http/")) {
    // A new response (after a redirect or a 100 Continue): its headers replace the earlier ones.
    t->validators = {};
    const size_t space = line.find(' ');
    t->status = 0;
    if (space != std::string_view::npos) {
      for (size_t i = space + 1; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
        t->status = t->status * 10 + (line[i] - '0');
        if (t->status > 999) break;
      }
    }
    return n;
  }
  if (auto header = parse_header_line(line)) {
    if (header->first == "etag") t->validators.etag = header->second;
    if (header->first == "last-modified") t->validators.last_modified = header->second;
  }
  return n;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  // The body of a redirect or an error page is not the file.
  if (t->status != 200) return n;
  if (t->bytes + n > t->options->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  if (!write_all(t->part->fd(), data, n)) {
    t->write_failed = true;
    return 0;
  }
  t->bytes += n;
  return n;
}

int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (t->status == 200 && t->options->on_progress) {
    t->options->on_progress(static_cast<uint64_t>(now), static_cast<uint64_t>(total));
  }
  return 0;
}

std::string local_etag(const struct stat& st) {
  const uint64_t ns = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull +
                      static_cast<uint64_t>(st.st_mtim.tv_nsec);
  return "local:" + std::to_string(st.st_size) + ":" + std::to_string(ns);
}

// The caller's check of the complete file, then the rename. A check's I/O errors stay I/O errors;
// anything else it says is a rejection of the content.
Status finish(PartFile& part, const std::string& dest, const Client::Check& check) {
  if (check) {
    Status s = check(part.path());
    if (!s.is_ok())
      return s.code() == StatusCode::kIoError ? s : Status::invalid_argument(s.message());
  }
  return part.commit(dest);
}

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::create() {
  const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    return Status::internal(std::string("initialising libcurl: ") + curl_easy_strerror(rc));
  }
  return std::unique_ptr<Runtime>(new Runtime());
}

Runtime::~Runtime() {
  curl_global_cleanup();
}

std::string_view failure_name(Failure failure) {
  switch (failure) {
    case Failure::kNone:
      return "none";
    case Failure::kUnreachable:
      return "unreachable";
    case Failure::kHttpStatus:
      return "http status";
    case Failure::kStalled:
      return "stalled";
    case Failure::kTooLarge:
      return "too large";
    case Failure::kTruncated:
      return "truncated";
    case Failure::kNotFound:
      return "not found";
    case Failure::kLocalIo:
      return "local i/o";
    case Failure::kRejected:
      return "rejected";
    case Failure::kOther:
      return "other";
  }
  return "other";
}

Client::Client(const Runtime& /*runtime*/, Options options) : options_(std::move(options)) {}

Client::~Client() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Fetched Client::fetch(const std::string& source, const std::string& dest, const Validators& known,
                      const Check& check) {
  // Conditions describe the copy at `dest`; without it they would make a 304 mean nothing.
  std::error_code ec;
  const Validators conditions = std::filesystem::is_regular_file(dest, ec) ? known : Validators{};
  return is_url(source) ? fetch_url(source, dest, conditions, check)
                        : fetch_local(source, dest, conditions, check);
}

Fetched Client::fetch_url(const std::string& url, const std::string& dest, const Validators& known,
                          const Check& check) {
  if (curl_ == nullptr) {
    curl_ = curl_easy_init();
    if (curl_ == nullptr) return failed(Failure::kOther, url + ": libcurl could not start");
  }
  CURL* h = static_cast<CURL*>(curl_);
  // Reset options, keep the connection cache.
  curl_easy_reset(h);

  PartFile part;
  if (Status s = part.create(dest); !s.is_ok()) return failed(Failure::kLocalIo, s.message());
  Transfer t;
  t.options = &options_;
  t.part = &part;

  curl_slist* headers = nullptr;
  if (!known.etag.empty()) {
    headers = curl_slist_append(headers, ("If-None-Match: " + known.etag).c_str());
  }
  if (!known.last_modified.empty()) {
    headers = curl_slist_append(headers, ("If-Modified-Since: " + known.last_modified).c_str());
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM (threads, no handler)
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options_.stall_bytes_per_second);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_time.count()));
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes));
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  const CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(headers);

  const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
  if (rc != CURLE_OK) {
    if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
      return failed(
          Failure::kTooLarge,
          url + ": larger than the limit of " + std::to_string(options_.max_bytes) + " bytes",
          t.status);
    }
    if (t.write_failed) return failed(Failure::kLocalIo, part.path() + ": " + errno_text());
    switch (rc) {
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        return failed(Failure::kUnreachable, "cannot reach " + url_host(url) + " (" + detail + ")");
      case CURLE_OPERATION_TIMEDOUT: {
        // Before a connection: unreachable; after: a stalled transfer.
        curl_off_t connected = 0;
        curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connected);
        if (connected == 0 && t.status == 0) {
          return failed(Failure::kUnreachable,
                        "cannot reach " + url_host(url) + " (" + detail + ")");
        }
        return failed(Failure::kStalled, url + ": transfer stalled (" + detail + ")", t.status);
      }
      case CURLE_PARTIAL_FILE:
        return failed(Failure::kTruncated,
                      url + ": the connection ended after " + std::to_string(t.bytes) +
                          " bytes, before the body did (" + detail + ")",
                      t.status);
      default:
        return failed(Failure::kOther, url + ": " + detail, t.status);
    }
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status == 304 && known.empty()) {
    // Nothing was asked conditionally: there is no copy this answer could refer to.
    return failed(Failure::kHttpStatus, url + ": HTTP 304 to an unconditional request", status);
  }
  if (status == 304) {
    Fetched f;
    f.outcome = Fetched::Outcome::kNotModified;
    f.http_status = status;
    f.validators = known;
    // A server may send fresh validators with its 304; prefer them.
    if (!t.validators.etag.empty()) f.validators.etag = t.validators.etag;
    if (!t.validators.last_modified.empty())
      f.validators.last_modified = t.validators.last_modified;
    return f;
  }
  if (status != 200) {
    return failed(Failure::kHttpStatus, url + ": HTTP " + std::to_string(status), status);
  }
  if (Status s = finish(part, dest, check); !s.is_ok()) {
    return failed(s.code() == StatusCode::kIoError ? Failure::kLocalIo : Failure::kRejected,
                  s.message());
  }
  Fetched f;
  f.outcome = Fetched::Outcome::kDownloaded;
  f.http_status = status;
  f.validators = t.validators;
  f.bytes = t.bytes;
  return f;
}

Fetched Client::fetch_local(const std::string& path, const std::string& dest,
                            const Validators& known, const Check& check) {
  const int src = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (src < 0) {
    return failed(errno == ENOENT ? Failure::kNotFound : Failure::kLocalIo,
                  path + ": " + errno_text());
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{src};
  struct stat st {};
  if (::fstat(src, &st) != 0) return failed(Failure::kLocalIo, path + ": " + errno_text());
  if (!S_ISREG(st.st_mode)) return failed(Failure::kLocalIo, path + ": not a regular file");
  const std::string etag = local_etag(st);
  if (!known.etag.empty() && known.etag == etag) {
    Fetched f;
    f.outcome = Fetched::Outcome::kNotModified;
    f.validators = known;
    return f;
  }
  const uint64_t total = static_cast<uint64_t>(st.st_size);
  if (total > options_.max_bytes) {
    return failed(Failure::kTooLarge, path + ": larger than the limit of " +
                                          std::to_string(options_.max_bytes) + " bytes");
  }
  PartFile part;
  if (Status s = part.create(dest); !s.is_ok()) return failed(Failure::kLocalIo, s.message());
  std::string buf(1 << 20, '\0');
  uint64_t done = 0;
  for (;;) {
    const ssize_t n = ::read(src, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed(Failure::kLocalIo, path + ": " + errno_text());
    if (n == 0) break;
    if (done + static_cast<uint64_t>(n) > options_.max_bytes) {
      return failed(Failure::kTooLarge, path + ": larger than the limit of " +
                                            std::to_string(options_.max_bytes) + " bytes");
    }
    if (!write_all(part.fd(), buf.data(), static_cast<size_t>(n))) {
      return failed(Failure::kLocalIo, part.path() + ": " + errno_text());
    }
    done += static_cast<uint64_t>(n);
    if (options_.on_progress) options_.on_progress(done, total);
  }
  if (done != total) {
    // The mirror file changed while it was copied: the copy may mix two versions.
    return failed(Failure::kTruncated, path + ": changed while it was read (" +
                                           std::to_string(done) + " of " + std::to_string(total) +
                                           " bytes)");
  }
  if (Status s = finish(part, dest, check); !s.is_ok()) {
    return failed(s.code() == StatusCode::kIoError ? Failure::kLocalIo : Failure::kRejected,
                  s.message());
  }
  Fetched f;
  f.outcome = Fetched::Outcome::kDownloaded;
  f.validators.etag = etag;
  f.bytes = done;
  return f;
}

bool is_url(std::string_view source) {
  return iequals_prefix(source, "http://") || iequals_prefix(source, "https://");
}

std::string url_host(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {  // [::1]:8080
    const size_t close = rest.find(']');
    return std::string(close == std::string_view::npos ? rest : rest.substr(0, close + 1));
  }
  return std::string(rest.substr(0, rest.find(':')));
}

std::optional<std::pair<std::string, std::string>> parse_header_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.remove_suffix(1);
  if (line.empty() || iequals_prefix(line, "http/")) return std::nullopt;
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string name(line.substr(0, colon));
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    // A token only (RFC 9110): no blanks or controls in a field name.
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return std::nullopt;
  }
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  return std::make_pair(std::move(name), std::string(value));
}

std::string escape_path_segment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (const char ch : segment) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == ':';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace upkeep::fetch
