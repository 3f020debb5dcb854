// SPDX-License-Identifier: Apache-2.0
//
// upkeep version compare | schemes
#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "commands/commands.h"
#include "commands/output.h"
#include "upkeep/version.h"

namespace upkeep::cli {
namespace {

char order_char(std::strong_ordering order) {
  if (std::is_lt(order)) return '<';
  if (std::is_gt(order)) return '>';
  return '=';
}

// Buffered writer to a file descriptor; the compare loop writes two bytes per line.
class FdWriter {
 public:
  explicit FdWriter(int fd) : fd_(fd) { buf_.reserve(kCapacity); }
  void put(char a, char b) {
    if (buf_.size() + 2 > kCapacity) flush();
    buf_.push_back(a);
    buf_.push_back(b);
  }
  bool flush() {
    if (ok_ && !write_all(fd_, std::string_view(buf_.data(), buf_.size()))) ok_ = false;
    buf_.clear();
    return ok_;
  }
  bool ok() const { return ok_; }

 private:
  static constexpr size_t kCapacity = 1 << 16;
  int fd_;
  std::vector<char> buf_;
  bool ok_ = true;
};

struct StreamCounts {
  uint64_t lines = 0;
  uint64_t malformed = 0;
};

// Compares one "A<TAB>B" line; a line that is not exactly two tab-separated fields gives '!'.
char compare_line(const version::Scheme& scheme, std::string_view line, bool& malformed) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const size_t tab = line.find('\t');
  if (tab == std::string_view::npos || line.find('\t', tab + 1) != std::string_view::npos) {
    malformed = true;
    return '!';
  }
  malformed = false;
  const auto order = scheme.try_compare(line.substr(0, tab), line.substr(tab + 1));
  return order ? order_char(*order) : '!';
}

// Streams stdin to stdout, one answer per line, in constant memory. read(2) rather than stdio so
// that answers flow as soon as lines arrive on a pipe.
int compare_stream(const version::Scheme& scheme) {
  constexpr size_t kChunk = 1 << 16;
  std::vector<char> buf(kChunk);
  size_t filled = 0;  // bytes in buf
  FdWriter out(STDOUT_FILENO);
  StreamCounts counts;
  uint64_t first_malformed_line = 0;

  auto handle = [&](std::string_view line) {
    ++counts.lines;
    bool malformed = false;
    out.put(compare_line(scheme, line, malformed), '\n');
    if (malformed && counts.malformed++ == 0) first_malformed_line = counts.lines;
  };

  for (;;) {
    if (filled == buf.size()) buf.resize(buf.size() * 2);  // a line longer than the buffer
    const ssize_t n = ::read(STDIN_FILENO, buf.data() + filled, buf.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fmt::print(stderr, "upkeep: reading standard input: {}\n", std::strerror(errno));
      out.flush();
      return kExitUsage;
    }
    if (n == 0) break;
    const size_t end = filled + static_cast<size_t>(n);
    size_t start = 0;
    for (;;) {
      const void* nl = std::memchr(buf.data() + start, '\n', end - start);
      if (nl == nullptr) break;
      const auto pos = static_cast<size_t>(static_cast<const char*>(nl) - buf.data());
      handle(std::string_view(buf.data() + start, pos - start));
      start = pos + 1;
    }
    std::memmove(buf.data(), buf.data() + start, end - start);
    filled = end - start;
    if (!out.flush()) break;
  }
  if (filled > 0) handle(std::string_view(buf.data(), filled));  // last line without '\n'
  if (!out.flush()) {
    fmt::print(stderr, "upkeep: writing standard output: {}\n", std::strerror(errno));
    return kExitUsage;
  }
  if (counts.malformed > 0) {
    fmt::print(stderr,
               "upkeep: {} of {} input lines were not two versions separated by one tab (first: "
               "line {}); they were answered with '!'\n",
               counts.malformed, counts.lines, first_malformed_line);
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

void add_version_command(CLI::App& root, CommandOutcome& outcome) {
  CLI::App* version = root.add_subcommand("version", "Version rules of each ecosystem");
  version->require_subcommand(1);

  CLI::App* compare = version->add_subcommand(
      "compare",
      "Compare versions as the ecosystem's own tool does. Reads \"A<TAB>B\" lines on standard "
      "input and prints one of < = > per line (A compared to B), or ! when either side is not a "
      "valid version. With two VERSION arguments, compares just those.");
  auto ecosystem = std::make_shared<std::string>();
  auto versions = std::make_shared<std::vector<std::string>>();
  compare
      ->add_option("-e,--ecosystem", *ecosystem,
                   "Short scheme name (deb rpm apk pypi npm cargo go maven rubygems composer "
                   "nuget) or an OSV ecosystem name (Debian:12, PyPI, crates.io, ...)")
      ->required();
  compare->add_option("versions", *versions, "Two versions to compare instead of reading stdin")
      ->expected(0, 2);
  compare->callback([&outcome, ecosystem, versions] {
    auto scheme = version::scheme_for(*ecosystem);
    if (!scheme.is_ok()) {
      fmt::print(stderr, "upkeep: {}\n", scheme.status().message());
      outcome.exit_code = kExitUsage;
      return;
    }
    if (versions->empty()) {
      outcome.exit_code = compare_stream(**scheme);
      return;
    }
    if (versions->size() != 2) {
      fmt::print(stderr, "upkeep: version compare takes two versions, or none to read stdin\n");
      outcome.exit_code = kExitUsage;
      return;
    }
    auto order = (*scheme)->compare((*versions)[0], (*versions)[1]);
    if (!order.is_ok()) {
      fmt::print("!\n");
      fmt::print(stderr, "upkeep: {}\n", order.status().message());
      outcome.exit_code = kExitUsage;
      return;
    }
    fmt::print("{}\n", order_char(*order));
  });

  CLI::App* schemes = version->add_subcommand("schemes", "List the version schemes");
  schemes->callback([] {
    for (const auto& info : version::all_schemes()) {
      fmt::print("{:<10} {:<48} checked against {}\n", info.name, info.rules_of, info.reference);
    }
  });
}

}  // namespace upkeep::cli
