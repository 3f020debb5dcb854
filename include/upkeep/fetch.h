// SPDX-License-Identifier: Apache-2.0
//
// Downloads: one file from an http(s) URL (libcurl) or from a local path (a mirror directory),
// into a destination file that is replaced only when the new copy is complete. Conditional:
// the validators of the copy already held (ETag, Last-Modified) are sent back as If-None-Match /
// If-Modified-Since, and a 304 leaves the destination alone. A local file's validators are its
// size and modification time, so an unchanged mirror file is not copied again either.
//
// Nothing here is global: libcurl's process-wide initialisation is the Runtime object, which the
// program creates once (its main or a command) and which every Client names.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "upkeep/status.h"

namespace upkeep::fetch {

// libcurl's global initialisation (curl_global_init / curl_global_cleanup). Create one before
// any Client and keep it until the last Client is gone. Not thread-safe to create while another
// thread uses libcurl (libcurl's own rule).
class Runtime {
 public:
  static Result<std::unique_ptr<Runtime>> create();
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

 private:
  Runtime() = default;
};

// What identifies the copy already held, as the server sent it. Empty strings: unknown.
struct Validators {
  std::string etag;           // the ETag header value, quotes included ("\"abc\"", W/"abc")
  std::string last_modified;  // the Last-Modified header value, as sent (an HTTP date)
  bool empty() const { return etag.empty() && last_modified.empty(); }
  friend bool operator==(const Validators&, const Validators&) = default;
};

struct Options {
  // Give up connecting (DNS + TCP + TLS) after this long.
  std::chrono::seconds connect_timeout{30};
  // Abandon a transfer that receives fewer than `stall_bytes_per_second` for `stall_time`: a
  // stalled server fails the download instead of hanging the update.
  std::chrono::seconds stall_time{60};
  long stall_bytes_per_second = 1024;
  // A body larger than this is refused (announced: before reading; chunked: when it gets there).
  uint64_t max_bytes = 2ull << 30;
  std::string user_agent = "upkeep";
  // Called while the body arrives: bytes received so far and the announced total (0 when not
  // announced). May be empty. Called on the fetching thread.
  std::function<void(uint64_t done, uint64_t total)> on_progress;
};

// Why a fetch failed; the CLI words its advice by it.
enum class Failure {
  kNone,
  kUnreachable,  // the host name did not resolve or the connection was refused / timed out
  kHttpStatus,   // the server answered with a status other than 200 or 304
  kStalled,      // slower than the stall limit for too long
  kTooLarge,     // the body exceeds Options::max_bytes
  kTruncated,    // the connection ended before the announced body did
  kNotFound,     // a local mirror file that does not exist
  kLocalIo,      // the destination (or a local source) could not be read or written
  kRejected,     // complete, but the caller's check refused the content (an HTML error page)
  kOther,        // anything else libcurl reports (TLS, protocol errors); the message names it
};

std::string_view failure_name(Failure failure);

struct Fetched {
  enum class Outcome { kDownloaded, kNotModified, kFailed };
  Outcome outcome = Outcome::kFailed;
  Failure failure = Failure::kNone;
  // When failed: what went wrong, naming the URL (or path) and the HTTP status or libcurl error.
  std::string error;
  // Downloaded: the validators of the new copy. Not modified: those sent (the server's when it
  // repeated them).
  Validators validators;
  uint64_t bytes = 0;    // body bytes written (0 unless downloaded)
  long http_status = 0;  // the final response's status; 0 for local files and connect failures
};

// Fetches one source at a time. Thread-compatible: one Client per thread (it keeps a libcurl
// handle, so connections to the same host are reused).
class Client {
 public:
  // REQUIRES: `runtime` outlives the Client.
  explicit Client(const Runtime& runtime, Options options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Fetches `source` into `dest`. `source` is an http:// or https:// URL, or a local path (a
  // mirror directory's file: copied, no libcurl). The body is written to "<dest>.part-XXXXXX"
  // beside `dest` and renamed over `dest` only when it is complete and its size is within the
  // limit; on any failure the temporary file is removed and `dest` is as it was. `known`: the
  // validators of the copy at `dest`, sent as conditions (ignored when `dest` does not exist).
  // Redirects are followed (at most 5, http and https only). `check`, when given, sees the
  // complete temporary file before it replaces `dest`; an error from it fails the fetch
  // (Failure::kRejected, its message) and keeps `dest` as it was.
  using Check = std::function<Status(const std::string& path)>;
  Fetched fetch(const std::string& source, const std::string& dest, const Validators& known,
                const Check& check = nullptr);

  const Options& options() const { return options_; }

 private:
  Fetched fetch_url(const std::string& url, const std::string& dest, const Validators& known,
                    const Check& check);
  Fetched fetch_local(const std::string& path, const std::string& dest, const Validators& known,
                      const Check& check);

  Options options_;
  void* curl_ = nullptr;  // CURL*; opaque here so that the header needs no libcurl
};

// True when `source` is fetched with libcurl (http:// or https://, case-insensitive scheme).
bool is_url(std::string_view source);

// The host of an http(s) URL ("example.org:8080" -> "example.org"); empty when none.
std::string url_host(std::string_view url);

// One response header line ("ETag: \"x\"\r\n") split into its lower-cased name and its value
// with surrounding blanks removed; nullopt for a status line, a blank line or a line without a
// colon. Pure: the header callback uses it and the fuzz target checks it.
std::optional<std::pair<std::string, std::string>> parse_header_line(std::string_view line);

// Percent-encodes what must not appear raw in a URL path segment (OSV's "Rocky Linux" ->
// "Rocky%20Linux"); unreserved characters stay.
std::string escape_path_segment(std::string_view segment);

}  // namespace upkeep::fetch
