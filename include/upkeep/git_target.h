// SPDX-License-Identifier: Apache-2.0
//
// "git:REV:PATH" targets: a file or a tree as it was at a revision of a git repository, read by
// running git itself (an argument vector, never a shell) and written to a private temporary
// directory that the extractors then read like any other target. The file keeps its name, so
// extractors recognise it (package-lock.json stays package-lock.json).
//
// Names from the repository are not trusted: a tree entry whose path is absolute, has an empty,
// "." or ".." component, or is a symbolic link or a submodule is skipped with a warning, and the
// files are created with O_EXCL | O_NOFOLLOW below a directory nobody else can write to. Sizes
// are bounded (GitLimits).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/status.h"

namespace upkeep::review {

struct GitSpec {
  std::string rev;       // anything `git rev-parse` takes: "main", "HEAD~1", a commit id
  std::string path;      // relative to the repository's root; empty: the whole tree
  std::string original;  // the argument as given, for messages and locations
};

// nullopt when `arg` does not start with "git:"; an error (kInvalidArgument) when it does but
// has no ":" after the revision or an empty revision.
Result<std::optional<GitSpec>> parse_git_target(std::string_view arg);

struct GitLimits {
  uint64_t max_file_bytes = 256ull << 20;  // one blob
  uint64_t max_total_bytes = 1ull << 30;   // all blobs of a tree together
  uint64_t max_files = 200000;             // entries of a tree
};

// A file or tree of a revision, written out. The temporary directory is removed with it.
// Not copyable; thread-compatible.
class GitCheckout {
 public:
  // Reads `spec` from the repository that contains `repo_dir`. Errors (kInvalidArgument, the
  // message naming the target): git is not installed, `repo_dir` is not in a git repository,
  // the revision is unknown, the blob or tree is over the limits; kNotFound when the path is not
  // in that revision; kIoError when the temporary directory cannot be written.
  static Result<std::unique_ptr<GitCheckout>> read(const GitSpec& spec, const std::string& repo_dir,
                                                   const GitLimits& limits = {});
  ~GitCheckout();
  GitCheckout(const GitCheckout&) = delete;
  GitCheckout& operator=(const GitCheckout&) = delete;

  // What to inventory: the written file, or the directory holding the tree.
  const std::string& path() const { return path_; }
  // How a path below path() is named to the user: "git:REV:PATH/inner/file".
  std::string display(std::string_view local_path) const;
  // Entries skipped (unsafe names, links, submodules).
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  GitCheckout(GitSpec spec, std::string root) : spec_(std::move(spec)), root_(std::move(root)) {}

  GitSpec spec_;
  std::string root_;  // the private temporary directory (removed by the destructor)
  std::string path_;
  std::vector<std::string> warnings_;
};

}  // namespace upkeep::review
