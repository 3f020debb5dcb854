// SPDX-License-Identifier: Apache-2.0
//
// git:REV:PATH targets (upkeep/git_target.h). git runs as a child process with an argument
// vector (posix_spawnp: no shell sees the revision or the path), its output read through pipes
// with a byte limit. A tree is listed with `git ls-tree -r -z` and its blobs read in one
// `git cat-file --batch`, whose standard input is a file of object ids (so neither side of the
// pipe can block the other).
#include "upkeep/git_target.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace upkeep::review {
namespace {

struct ProcessOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool truncated = false;  // stdout went past the limit (the process was stopped)
};

// Runs `argv` (argv[0] looked up in PATH), stdin from `stdin_path` (or /dev/null), collecting
// stdout up to `max_out` bytes and the first 64 KiB of stderr.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv,
                                  const std::string& stdin_path, uint64_t max_out) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return Status::io_error(std::strerror(errno));
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return Status::io_error(std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(
      &actions, 0, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return Status::invalid_argument("cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  ProcessOutput result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  char buf[65536];
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      // Nothing more can be read: stop git (it may be blocked writing) before waiting for it.
      for (pollfd& p : fds) {
        if (p.fd >= 0) close(p.fd);
        p.fd = -1;
      }
      kill(pid, SIGKILL);
      result.truncated = true;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (i == 0) {
        if (result.out.size() + static_cast<uint64_t>(n) > max_out) {
          result.truncated = true;
          kill(pid, SIGKILL);
          close(fds[0].fd);
          fds[0].fd = -1;
          --open_fds;
          continue;
        }
        result.out.append(buf, static_cast<size_t>(n));
      } else if (result.err.size() < 65536) {
        result.err.append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string first_line(std::string_view text) {
  const size_t end = text.find('\n');
  std::string line(text.substr(0, end));
  if (line.starts_with("fatal: ")) line.erase(0, 7);
  return line;
}

// A path from the repository, as safe relative components: no absolute path, no empty, "." or
// ".." component.
bool safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

// Writes `data` to a new file `path` (never through a link, never over an existing file).
Status write_new_file(const std::string& path, std::string_view data) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::io_error("cannot create " + path + ": " + std::strerror(errno));
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return Status::io_error("cannot write " + path + ": " + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return close(fd) == 0 ? Status::ok() : Status::io_error("cannot write " + path);
}

// Creates the directories of `relative` below `root` (0700; existing ones are ours: nothing else
// writes below the private root).
Status make_parents(const std::string& root, std::string_view relative) {
  size_t slash = relative.find('/');
  while (slash != std::string_view::npos) {
    const std::string dir = root + "/" + std::string(relative.substr(0, slash));
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::io_error("cannot create " + dir + ": " + std::strerror(errno));
    }
    slash = relative.find('/', slash + 1);
  }
  return Status::ok();
}

}  // namespace

Result<std::optional<GitSpec>> parse_git_target(std::string_view arg) {
  if (!arg.starts_with("git:")) return std::optional<GitSpec>();
  const std::string_view rest = arg.substr(4);
  // The revision ends at the last ':' (revisions may not contain ':' in git's syntax for
  // REV:PATH, but a path may), so split at the first one.
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::invalid_argument("target \"" + std::string(arg) +
                                    "\": a git target is git:REV:PATH (the path relative to the "
                                    "repository's root; git:REV: for the whole tree)");
  }
  GitSpec spec;
  spec.rev = std::string(rest.substr(0, colon));
  spec.path = std::string(rest.substr(colon + 1));
  while (spec.path.starts_with("./"))
    spec.path.erase(0, 2);
  while (spec.path.size() > 1 && spec.path.ends_with('/'))
    spec.path.pop_back();
  if (spec.path == "." || spec.path == "/") spec.path.clear();
  spec.original = std::string(arg);
  if (spec.rev.starts_with('-')) {
    return Status::invalid_argument("target \"" + spec.original +
                                    "\": a revision cannot start with '-'");
  }
  return std::optional<GitSpec>(std::move(spec));
}

Result<std::unique_ptr<GitCheckout>> GitCheckout::read(const GitSpec& spec,
                                                       const std::string& repo_dir,
                                                       const GitLimits& limits) {
  const std::string& name = spec.original;
  auto git = [&](std::vector<std::string> args, const std::string& stdin_path,
                 uint64_t max_out) -> Result<ProcessOutput> {
    args.insert(args.begin(), {"git", "-C", repo_dir});
    auto r = run_process(args, stdin_path, max_out);
    if (!r) return r.status().with_context(name);
    return r;
  };
  auto top = git({"rev-parse", "--show-toplevel"}, "", 1 << 16);
  if (!top) return top.status();
  if (top->exit_code != 0) {
    return Status::invalid_argument(name + ": " + repo_dir + " is not in a git repository (" +
                                    first_line(top->err) + ")");
  }
  auto commit =
      git({"rev-parse", "--verify", "--quiet", "--end-of-options", spec.rev + "^{commit}"}, "",
          1 << 16);
  if (!commit) return commit.status();
  if (commit->exit_code != 0) {
    return Status::invalid_argument(name + ": unknown revision \"" + spec.rev + "\"");
  }
  const std::string rev = first_line(commit->out);
  const std::string object = rev + ":" + spec.path;
  auto type = git({"cat-file", "-t", object}, "", 1 << 16);
  if (!type) return type.status();
  if (type->exit_code != 0) {
    // kNotFound: a review whose BASE lacks the file (a new project) reads it as empty.
    return Status::not_found(name + ": path \"" + spec.path + "\" is not in revision " + spec.rev);
  }

  std::string root_template =
      (std::getenv("TMPDIR") && *std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
      std::string("/upkeep-review-XXXXXX");
  if (mkdtemp(root_template.data()) == nullptr) {
    return Status::io_error(name +
                            ": cannot create a temporary directory: " + std::strerror(errno));
  }
  std::unique_ptr<GitCheckout> checkout(new GitCheckout(spec, root_template));
  const std::string& root = checkout->root_;

  const std::string kind = first_line(type->out);
  if (kind == "blob") {
    auto blob = git({"cat-file", "blob", object}, "", limits.max_file_bytes);
    if (!blob) return blob.status();
    if (blob->truncated) {
      return Status::invalid_argument(name + ": the file is larger than " +
                                      std::to_string(limits.max_file_bytes) + " bytes");
    }
    if (blob->exit_code != 0) return Status::invalid_argument(name + ": " + first_line(blob->err));
    const std::string_view base =
        spec.path.find('/') == std::string::npos
            ? std::string_view(spec.path)
            : std::string_view(spec.path).substr(spec.path.rfind('/') + 1);
    if (!safe_relative_path(base)) {
      return Status::invalid_argument(name + ": not a file name upkeep can write");
    }
    checkout->path_ = root + "/" + std::string(base);
    if (Status s = write_new_file(checkout->path_, blob->out); !s) return s;
    return checkout;
  }
  if (kind != "tree") {
    return Status::invalid_argument(name + ": \"" + spec.path + "\" is a " + kind +
                                    ", not a file or a tree");
  }

  // The tree: list it, then read every regular blob in one batch.
  // Listing the tree object itself gives paths relative to it.
  auto listing = git({"ls-tree", "-r", "-z", object}, "", 64ull << 20);
  if (!listing) return listing.status();
  if (listing->exit_code != 0 || listing->truncated) {
    return Status::invalid_argument(
        name + ": cannot list the tree: " +
        (listing->truncated ? "too many entries" : first_line(listing->err)));
  }
  struct Entry {
    std::string oid;
    std::string path;  // relative to the tree
  };
  std::vector<Entry> entries;
  std::string_view rest = listing->out;
  while (!rest.empty()) {
    const size_t end = rest.find('\0');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    // "<mode> SP <type> SP <oid> TAB <path>"
    const size_t tab = line.find('\t');
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (tab == std::string_view::npos || sp2 == std::string_view::npos || sp2 > tab) continue;
    const std::string_view mode = line.substr(0, sp1);
    const std::string_view type_name = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view path = line.substr(tab + 1);
    if (type_name != "blob" || (mode != "100644" && mode != "100755")) {
      checkout->warnings_.push_back(name + ": " + std::string(path) + ": skipped (" +
                                    (mode == "120000" ? "a symbolic link" : "not a file") + ")");
      continue;
    }
    if (!safe_relative_path(path)) {
      checkout->warnings_.push_back(name + ": skipped an entry whose path is not safe to write");
      continue;
    }
    if (entries.size() >= limits.max_files) {
      return Status::invalid_argument(name + ": the tree has more than " +
                                      std::to_string(limits.max_files) + " files");
    }
    entries.push_back({std::string(line.substr(sp2 + 1, tab - sp2 - 1)), std::string(path)});
  }
  std::string ids;
  for (const Entry& e : entries)
    ids += e.oid + "\n";
  const std::string ids_path = root + "/objects";
  if (Status s = write_new_file(ids_path, ids); !s) return s;
  // Enough for the contents and each blob's header line.
  auto batch =
      git({"cat-file", "--batch"}, ids_path, limits.max_total_bytes + entries.size() * 128);
  if (!batch) return batch.status();
  if (batch->exit_code != 0 || batch->truncated) {
    return Status::invalid_argument(
        name + ": " +
        (batch->truncated
             ? "the tree is larger than " + std::to_string(limits.max_total_bytes) + " bytes"
             : first_line(batch->err)));
  }
  const std::string tree = root + "/tree";
  if (mkdir(tree.c_str(), 0700) != 0) {
    return Status::io_error(name + ": cannot create " + tree + ": " + std::strerror(errno));
  }
  std::string_view data = batch->out;
  for (const Entry& e : entries) {
    // "<oid> SP <type> SP <size> LF <contents> LF"
    const size_t header_end = data.find('\n');
    if (header_end == std::string_view::npos)
      return Status::invalid_argument(name + ": git cat-file output ended early");
    // Anything but "<the oid asked for> blob <size>" ("<oid> missing" in a partial clone) would
    // shift every later file: refuse it.
    const std::string_view header = data.substr(0, header_end);
    const std::string expected = e.oid + " blob ";
    uint64_t size = 0;
    const std::string_view size_text =
        header.starts_with(expected) ? header.substr(expected.size()) : std::string_view();
    const auto parsed =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size);
    if (size_text.empty() || parsed.ec != std::errc() ||
        parsed.ptr != size_text.data() + size_text.size()) {
      return Status::invalid_argument(name + ": unexpected git cat-file output for " + e.path +
                                      ": " + std::string(header.substr(0, 200)));
    }
    if (size > limits.max_file_bytes) {
      return Status::invalid_argument(name + ": " + e.path + " is larger than " +
                                      std::to_string(limits.max_file_bytes) + " bytes");
    }
    if (data.size() < header_end + 1 + size + 1)
      return Status::invalid_argument(name + ": git cat-file output ended early");
    const std::string_view contents = data.substr(header_end + 1, size);
    data.remove_prefix(header_end + 1 + size + 1);
    if (Status s = make_parents(tree, e.path); !s) return s;
    if (Status s = write_new_file(tree + "/" + e.path, contents); !s) return s;
  }
  checkout->path_ = tree;
  return checkout;
}

GitCheckout::~GitCheckout() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);  // does not follow links
}

std::string GitCheckout::display(std::string_view local_path) const {
  if (!local_path.starts_with(path_)) return std::string(local_path);
  std::string_view inner = local_path.substr(path_.size());
  std::string shown = "git:" + spec_.rev + ":";
  // A blob: its own path; a tree: the tree's path joined with the inner path.
  if (inner.empty()) return shown + spec_.path;
  if (inner.front() == '/') inner.remove_prefix(1);
  return shown + (spec_.path.empty() ? "" : spec_.path + "/") + std::string(inner);
}

}  // namespace upkeep::review
