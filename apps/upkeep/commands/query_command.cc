// SPDX-License-Identifier: Apache-2.0
//
// upkeep query [--db F] [--db-max-age AGE] PURL... | -
//
// One JSON object per line, in input order: {"purl": ..., "advisories": [...]} with the ids of
// the OSV records (not merged) that affect that exact version, an "unknown" list when some
// record could not be decided (an invalid version), or {"purl": ..., "error": ...}.
#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "commands/commands.h"
#include "commands/output.h"
#include "upkeep/advisory_store.h"
#include "upkeep/json_writer.h"
#include "upkeep/query.h"

namespace upkeep::cli {
namespace {

// A purl longer than this is refused rather than buffered without bound (real ones are well
// under 1 KiB; this leaves room for long qualifiers).
constexpr size_t kMaxPurlBytes = 64 * 1024;
// How much of a refused line is echoed back.
constexpr size_t kEchoedBytes = 256;
// Output is written when this much is pending, and after each read of standard input, so that
// answers flow while a pipe is still open.
constexpr size_t kFlushBytes = 1 << 16;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

class Output {
 public:
  void append(std::string_view s) { buf_.append(s); }
  std::string& buffer() { return buf_; }
  bool maybe_flush() { return buf_.size() >= kFlushBytes ? flush() : ok_; }
  bool flush() {
    if (ok_ && !write_all(STDOUT_FILENO, std::string_view(buf_.data(), buf_.size()))) ok_ = false;
    buf_.clear();
    return ok_;
  }
  bool ok() const { return ok_; }

 private:
  std::string buf_;
  bool ok_ = true;
};

class QueryRun {
 public:
  QueryRun(match::QueryPool& pool, Output& out) : pool_(pool), out_(out) {}

  // Answers purls in order, the batch shared out over the pool's threads; false when the
  // database failed (reported on stderr, after the answers before the failing purl).
  bool handle(std::span<const std::string_view> purls) {
    // Overlong lines are refused here; the rest are parsed and answered on the pool's threads.
    accepted_.clear();
    for (std::string_view purl : purls) {
      if (purl.size() <= kMaxPurlBytes) accepted_.push_back(purl);
    }
    size_t failed_at = accepted_.size();
    const Status status = pool_.answer_purls(accepted_, answers_, &failed_at);
    size_t next = 0;
    for (std::string_view purl : purls) {
      if (purl.size() > kMaxPurlBytes) {
        refuse(purl.substr(0, kEchoedBytes),
               fmt::format("longer than {} bytes: not a purl", kMaxPurlBytes));
        continue;
      }
      if (next == failed_at) return database_error(status);
      ++purls_;
      const match::QueryPool::PurlAnswer& a = answers_[next++];
      if (!a.error.empty()) {
        error_line(purl, a.error);
      } else {
        answer_line(purl, a.answer);
      }
    }
    return true;
  }

  bool database_error(const Status& s) {
    fmt::print(stderr, "upkeep: query: reading the advisory database: {}\n", s.message());
    database_failed_ = true;
    return false;
  }

  void answer_line(std::string_view purl, const match::QueryAnswer& answer) {
    std::string& o = out_.buffer();
    o += "{\"purl\": ";
    JsonWriter::append_string(o, purl);
    o += ", \"advisories\": [";
    for (size_t i = 0; i < answer.advisories.size(); ++i) {
      if (i) o += ", ";
      JsonWriter::append_string(o, answer.advisories[i]);
    }
    o += ']';
    if (!answer.unknowns.empty()) {
      o += ", \"unknown\": [";
      for (size_t i = 0; i < answer.unknowns.size(); ++i) {
        if (i) o += ", ";
        o += "{\"id\": ";
        JsonWriter::append_string(o, answer.unknowns[i].record);
        o += ", \"reason\": ";
        JsonWriter::append_string(o, answer.unknowns[i].reason);
        o += '}';
      }
      o += ']';
    }
    o += "}\n";
    if (!answer.advisories.empty()) ++affected_;
  }

  // A line that is refused before it is parsed (empty, too long).
  void refuse(std::string_view purl, std::string_view message) {
    ++purls_;
    error_line(purl, message);
  }

  void error_line(std::string_view purl, std::string_view message) {
    ++errors_;
    std::string& o = out_.buffer();
    o += "{\"purl\": ";
    JsonWriter::append_string(o, purl);
    o += ", \"error\": ";
    JsonWriter::append_string(o, message);
    o += "}\n";
  }

  // Reads purls from standard input, one a line (blank lines skipped), answering each as it
  // comes; false when reading, writing or the database failed.
  bool stream_stdin() {
    // Room for a whole purl of the longest accepted size plus a read's worth after it.
    std::vector<char> buf(kMaxPurlBytes + (1 << 16));
    size_t filled = 0;
    bool overlong = false;  // inside a line that was already refused as too long
    // The purls of one read, answered together (they view `buf` until the next read).
    std::vector<std::string_view> lines;
    auto line = [&](std::string_view text) {
      text = trim(text);
      if (!text.empty()) lines.push_back(text);
    };
    for (;;) {
      const ssize_t n = ::read(STDIN_FILENO, buf.data() + filled, buf.size() - filled);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        fmt::print(stderr, "upkeep: query: reading standard input: {}\n", std::strerror(errno));
        read_failed_ = true;
        return false;
      }
      if (n == 0) break;
      const size_t end = filled + static_cast<size_t>(n);
      size_t start = 0;
      for (;;) {
        const void* nl = std::memchr(buf.data() + start, '\n', end - start);
        if (nl == nullptr) break;
        const auto pos = static_cast<size_t>(static_cast<const char*>(nl) - buf.data());
        if (overlong) {
          overlong = false;
        } else {
          line(std::string_view(buf.data() + start, pos - start));
        }
        start = pos + 1;
      }
      if (!handle(lines)) return false;
      lines.clear();
      std::memmove(buf.data(), buf.data() + start, end - start);
      filled = end - start;
      if (!overlong && filled > kMaxPurlBytes) {
        refuse(std::string_view(buf.data(), kEchoedBytes),
               fmt::format("longer than {} bytes: not a purl", kMaxPurlBytes));
        overlong = true;
      }
      if (overlong) filled = 0;
      if (!out_.flush()) return false;
    }
    if (filled > 0 && !overlong) line(std::string_view(buf.data(), filled));
    return handle(lines);
  }

  size_t purls() const { return purls_; }
  size_t errors() const { return errors_; }
  size_t affected() const { return affected_; }
  bool database_failed() const { return database_failed_; }
  bool read_failed() const { return read_failed_; }

 private:
  match::QueryPool& pool_;
  Output& out_;
  std::vector<std::string_view> accepted_;
  std::vector<match::QueryPool::PurlAnswer> answers_;
  size_t purls_ = 0;
  size_t errors_ = 0;
  size_t affected_ = 0;
  bool database_failed_ = false;
  bool read_failed_ = false;
};

int run_query(const std::string& db_flag, const std::string& max_age, size_t threads,
              const std::vector<std::string>& args) {
  std::optional<std::chrono::seconds> limit;
  if (!max_age.empty()) {
    limit = parse_age_limit(max_age);
    if (!limit) {
      fmt::print(stderr,
                 "upkeep: query: --db-max-age \"{}\": expected a number and s, m, h or d, or 0\n",
                 max_age);
      return kExitUsage;
    }
  }
  const std::string db = advisory::database_path(db_flag);
  auto store = advisory::Store::open(db);
  if (!store.is_ok()) {
    fmt::print(stderr, "upkeep: query: {}\n", store.status().message());
    return kExitDatabase;
  }
  if (limit && limit->count() > 0) {
    const auto age = advisory::oldest_osv_import(**store, db);
    if (!age || age->first > *limit) {
      fmt::print(stderr,
                 "upkeep: query: the advisory database {} is older than --db-max-age {}: run "
                 "'upkeep db update' (or 'upkeep db import FILE...')\n",
                 db, max_age);
      return kExitDatabase;
    }
  }

  match::QueryPool pool(**store, threads);
  Output out;
  QueryRun run(pool, out);
  bool stdin_read = false;
  for (const std::string& arg : args) {
    if (arg == "-") {
      if (stdin_read) continue;  // a second "-" would find standard input empty
      stdin_read = true;
      if (!run.stream_stdin()) break;
      continue;
    }
    const std::string_view purl = trim(arg);
    if (purl.empty()) {
      run.refuse(arg, "empty purl");
      continue;
    }
    if (!run.handle(std::span(&purl, 1)) || !out.maybe_flush()) break;
  }
  if (!out.flush()) {
    fmt::print(stderr, "upkeep: query: writing standard output: {}\n", std::strerror(errno));
    return kExitUsage;
  }
  if (run.database_failed()) return kExitDatabase;
  if (run.read_failed()) return kExitUsage;
  if (run.errors() > 0) {
    fmt::print(stderr,
               "upkeep: query: {} of {} purls could not be looked up (see their \"error\" "
               "field)\n",
               run.errors(), run.purls());
    return kExitUsage;
  }
  return run.affected() > 0 ? kExitPolicyFailed : kExitOk;
}

}  // namespace

void add_query_command(CLI::App& root, CommandOutcome& outcome) {
  CLI::App* query = root.add_subcommand(
      "query",
      "Advisories affecting each purl: one JSON object per line, in input order, "
      "{\"purl\": ..., \"advisories\": [record ids]} (plus \"unknown\": [{\"id\", \"reason\"}] "
      "when a record cannot be decided for that version), or {\"purl\": ..., \"error\": ...}. "
      "Exit 0 when nothing is affected, 1 when some purl is, 2 when some purl could not be "
      "looked up, 3 when the database is missing or older than --db-max-age.");
  auto db = std::make_shared<std::string>();
  auto max_age = std::make_shared<std::string>();
  auto threads = std::make_shared<size_t>(0);
  auto purls = std::make_shared<std::vector<std::string>>();
  query->add_option("--db", *db, "Advisory database (default: $UPKEEP_DB, else the user cache)");
  query->add_option("--db-max-age,--max-age", *max_age,
                    "Refuse a database whose advisories were imported longer ago than this (7d, "
                    "36h, 90m; default: no limit)");
  query->add_option("--threads", *threads, "Threads answering (default 0: one per core, at most 4)")
      ->check(CLI::Range(0, 64));
  query
      ->add_option("purls", *purls,
                   "Package URLs with a version (pkg:pypi/django@3.2.1); - reads them from "
                   "standard input, one a line")
      ->required();
  query->callback([&outcome, db, max_age, threads, purls] {
    outcome.exit_code = run_query(*db, *max_age, *threads, *purls);
  });
}

}  // namespace upkeep::cli
