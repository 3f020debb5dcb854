// SPDX-License-Identifier: Apache-2.0
//
// fetch::Client against tests/support/mirror_server.py on 127.0.0.1: conditional requests,
// limits, failures by kind, and never a partial file at the destination. Plus the pure helpers.
#include "upkeep/fetch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "advisory/store_testing.h"
#include "fetch/mirror_server.h"

namespace upkeep::fetch {
namespace {

namespace fs = std::filesystem;
using upkeep::testing::TempDir;
using Outcome = Fetched::Outcome;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A deterministic body of `n` bytes.
std::string payload(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return s;
}

std::vector<std::string> leftovers(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename().string().find(".part-") != std::string::npos) {
      out.push_back(e.path().string());
    }
  }
  return out;
}

class FetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rt = Runtime::create();
    ASSERT_TRUE(rt.is_ok()) << rt.status().message();
    runtime_ = std::move(*rt);
    root_ = dir_ / "root";
    out_ = dir_ / "out";
    fs::create_directories(root_ + "/sub");
    fs::create_directories(out_);
    upkeep::testing::write_file(root_ + "/sub/file.bin", payload(100000));
    server_ = std::make_unique<upkeep::testing::MirrorServerProcess>(root_);
    ASSERT_TRUE(server_->ok());
  }
  void faults(const std::string& json) {
    upkeep::testing::write_file(root_ + "/_faults.json", json);
  }

  TempDir dir_;
  std::string root_, out_;
  std::unique_ptr<Runtime> runtime_;
  std::unique_ptr<upkeep::testing::MirrorServerProcess> server_;
};

TEST_F(FetchTest, DownloadsThenAnswersNotModified) {
  uint64_t last_done = 0, last_total = 0;
  Options options;
  options.on_progress = [&](uint64_t done, uint64_t total) {
    last_done = done;
    last_total = total;
  };
  Client client(*runtime_, options);
  const std::string dest = out_ + "/a/file.bin";
  Fetched f = client.fetch(server_->url() + "/sub/file.bin", dest, {});
  ASSERT_EQ(f.outcome, Outcome::kDownloaded) << f.error;
  EXPECT_EQ(f.http_status, 200);
  EXPECT_EQ(f.bytes, 100000u);
  EXPECT_EQ(read(dest), payload(100000));
  EXPECT_EQ(f.validators.etag.front(), '"');
  EXPECT_NE(f.validators.last_modified.find("GMT"), std::string::npos);
  EXPECT_EQ(last_done, 100000u);
  EXPECT_EQ(last_total, 100000u);

  const auto mtime = fs::last_write_time(dest);
  Fetched again = client.fetch(server_->url() + "/sub/file.bin", dest, f.validators);
  ASSERT_EQ(again.outcome, Outcome::kNotModified) << again.error;
  EXPECT_EQ(again.http_status, 304);
  EXPECT_EQ(again.validators, f.validators);
  EXPECT_EQ(fs::last_write_time(dest), mtime);

  // Only If-Modified-Since: still 304.
  Validators lm_only{"", f.validators.last_modified};
  EXPECT_EQ(client.fetch(server_->url() + "/sub/file.bin", dest, lm_only).outcome,
            Outcome::kNotModified);
  // A stale ETag: the new file.
  Validators stale{"\"old\"", ""};
  EXPECT_EQ(client.fetch(server_->url() + "/sub/file.bin", dest, stale).outcome,
            Outcome::kDownloaded);
}

TEST_F(FetchTest, ValidatorsWithoutTheFileAreNotSent) {
  Client client(*runtime_);
  const std::string dest = out_ + "/file.bin";
  Fetched f = client.fetch(server_->url() + "/sub/file.bin", dest, {});
  ASSERT_EQ(f.outcome, Outcome::kDownloaded);
  fs::remove(dest);
  Fetched g = client.fetch(server_->url() + "/sub/file.bin", dest, f.validators);
  EXPECT_EQ(g.outcome, Outcome::kDownloaded) << g.error;
  EXPECT_EQ(read(dest), payload(100000));
}

TEST_F(FetchTest, HttpErrorNamesUrlAndStatus) {
  Client client(*runtime_);
  const std::string dest = out_ + "/file.bin";
  upkeep::testing::write_file(dest, "old");
  Fetched f = client.fetch(server_->url() + "/sub/missing.bin", dest, {});
  EXPECT_EQ(f.outcome, Outcome::kFailed);
  EXPECT_EQ(f.failure, Failure::kHttpStatus);
  EXPECT_EQ(f.http_status, 404);
  EXPECT_EQ(f.error, server_->url() + "/sub/missing.bin: HTTP 404");
  EXPECT_EQ(read(dest), "old");
  faults(R"({"sub/file.bin": {"status": 503}})");
  f = client.fetch(server_->url() + "/sub/file.bin", dest, {});
  EXPECT_EQ(f.failure, Failure::kHttpStatus);
  EXPECT_EQ(f.http_status, 503);
  EXPECT_EQ(read(dest), "old");
  EXPECT_TRUE(leftovers(out_).empty());
}

TEST_F(FetchTest, TruncatedBodyIsNeverTheFile) {
  faults(R"({"sub/file.bin": {"truncate": 5000}})");
  Client client(*runtime_);
  const std::string dest = out_ + "/file.bin";
  upkeep::testing::write_file(dest, "old");
  Fetched f = client.fetch(server_->url() + "/sub/file.bin", dest, {});
  EXPECT_EQ(f.outcome, Outcome::kFailed);
  EXPECT_EQ(f.failure, Failure::kTruncated) << f.error;
  EXPECT_NE(f.error.find("after 5000 bytes"), std::string::npos) << f.error;
  EXPECT_EQ(read(dest), "old");
  EXPECT_TRUE(leftovers(out_).empty());
}

TEST_F(FetchTest, SizeLimit) {
  Options options;
  options.max_bytes = 99999;
  Client client(*runtime_, options);
  const std::string dest = out_ + "/file.bin";
  Fetched f = client.fetch(server_->url() + "/sub/file.bin", dest, {});
  EXPECT_EQ(f.failure, Failure::kTooLarge) << f.error;
  EXPECT_FALSE(fs::exists(dest));
  f = client.fetch(root_ + "/sub/file.bin", dest, {});
  EXPECT_EQ(f.failure, Failure::kTooLarge) << f.error;
  EXPECT_FALSE(fs::exists(dest));
  EXPECT_TRUE(leftovers(out_).empty());
}

TEST_F(FetchTest, StalledTransferIsAbandoned) {
  faults(R"({"sub/file.bin": {"stall": 20}})");
  Options options;
  options.stall_time = std::chrono::seconds(1);
  Client client(*runtime_, options);
  Fetched f = client.fetch(server_->url() + "/sub/file.bin", out_ + "/file.bin", {});
  EXPECT_EQ(f.failure, Failure::kStalled) << f.error;
  EXPECT_FALSE(fs::exists(out_ + "/file.bin"));
}

TEST_F(FetchTest, FollowsRedirects) {
  faults(R"({"moved.bin": {"redirect": "/sub/file.bin"}})");
  Client client(*runtime_);
  Fetched f = client.fetch(server_->url() + "/moved.bin", out_ + "/file.bin", {});
  ASSERT_EQ(f.outcome, Outcome::kDownloaded) << f.error;
  EXPECT_EQ(read(out_ + "/file.bin"), payload(100000));
  EXPECT_FALSE(f.validators.etag.empty());  // the final response's
}

TEST_F(FetchTest, CheckRejectsContentAndKeepsTheOldFile) {
  faults(R"({"sub/file.bin": {"body": "<html>maintenance</html>"}})");
  Client client(*runtime_);
  const std::string dest = out_ + "/file.bin";
  upkeep::testing::write_file(dest, "old");
  std::string seen;
  Fetched f =
      client.fetch(server_->url() + "/sub/file.bin", dest, {}, [&](const std::string& path) {
        seen = read(path);
        return Status::invalid_argument("not what was expected");
      });
  EXPECT_EQ(seen, "<html>maintenance</html>");
  EXPECT_EQ(f.failure, Failure::kRejected);
  EXPECT_EQ(f.error, "not what was expected");
  EXPECT_EQ(read(dest), "old");
  EXPECT_TRUE(leftovers(out_).empty());
}

TEST_F(FetchTest, UnreachableHost) {
  int port = 0;
  {
    // A port nothing listens on: bound, then closed.
    upkeep::testing::MirrorServerProcess probe(root_);
    ASSERT_TRUE(probe.ok());
    port = std::stoi(probe.url().substr(probe.url().rfind(':') + 1));
  }
  Client client(*runtime_);
  Fetched f = client.fetch("http://127.0.0.1:" + std::to_string(port) + "/x", out_ + "/x", {});
  EXPECT_EQ(f.failure, Failure::kUnreachable) << f.error;
  EXPECT_EQ(f.error.rfind("cannot reach 127.0.0.1 (", 0), 0u) << f.error;
}

TEST_F(FetchTest, LocalFiles) {
  Client client(*runtime_);
  const std::string dest = out_ + "/copy.bin";
  Fetched f = client.fetch(root_ + "/sub/file.bin", dest, {});
  ASSERT_EQ(f.outcome, Outcome::kDownloaded) << f.error;
  EXPECT_EQ(read(dest), payload(100000));
  EXPECT_EQ(f.validators.etag.rfind("local:100000:", 0), 0u);
  EXPECT_EQ(client.fetch(root_ + "/sub/file.bin", dest, f.validators).outcome,
            Outcome::kNotModified);
  // Changed (size and time): copied again.
  upkeep::testing::write_file(root_ + "/sub/file.bin", "new");
  EXPECT_EQ(client.fetch(root_ + "/sub/file.bin", dest, f.validators).outcome,
            Outcome::kDownloaded);
  EXPECT_EQ(read(dest), "new");
  Fetched missing = client.fetch(root_ + "/sub/none.bin", dest, {});
  EXPECT_EQ(missing.failure, Failure::kNotFound);
  EXPECT_EQ(read(dest), "new");
}

TEST(FetchHelpers, ParseHeaderLine) {
  auto h = parse_header_line("ETag: \"abc\"\r\n");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->first, "etag");
  EXPECT_EQ(h->second, "\"abc\"");
  h = parse_header_line("Last-Modified:\tWed, 21 Oct 2015 07:28:00 GMT  \r\n");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->first, "last-modified");
  EXPECT_EQ(h->second, "Wed, 21 Oct 2015 07:28:00 GMT");
  h = parse_header_line("X-Empty:\r\n");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->second, "");
  EXPECT_FALSE(parse_header_line("HTTP/1.1 200 OK\r\n"));
  EXPECT_FALSE(parse_header_line("\r\n"));
  EXPECT_FALSE(parse_header_line("no colon\r\n"));
  EXPECT_FALSE(parse_header_line(": value\r\n"));
  EXPECT_FALSE(parse_header_line("Bad Name: value\r\n"));
}

TEST(FetchHelpers, Urls) {
  EXPECT_TRUE(is_url("https://x"));
  EXPECT_TRUE(is_url("HTTP://x"));
  EXPECT_FALSE(is_url("ftp://x"));
  EXPECT_FALSE(is_url("/srv/mirror"));
  EXPECT_EQ(url_host("https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"),
            "osv-vulnerabilities.storage.googleapis.com");
  EXPECT_EQ(url_host("http://user:pw@127.0.0.1:8080/x"), "127.0.0.1");
  EXPECT_EQ(url_host("http://[::1]:8080/x"), "[::1]");
  EXPECT_EQ(url_host("http://host?q"), "host");
  EXPECT_EQ(url_host("/local/path"), "");
  EXPECT_EQ(escape_path_segment("Rocky Linux"), "Rocky%20Linux");
  EXPECT_EQ(escape_path_segment("crates.io"), "crates.io");
  EXPECT_EQ(escape_path_segment("Debian:12"), "Debian:12");
  EXPECT_EQ(escape_path_segment("a/b%"), "a%2Fb%25");
}

}  // namespace
}  // namespace upkeep::fetch
