// SPDX-License-Identifier: Apache-2.0
//
// The file systems extractors read through: a directory on disk (the host, a source tree, an
// unpacked root file system) or an in-memory tree (an image's merged layers, tests). Extractors
// never open host paths themselves.
//
// Paths are absolute within the file system ("/var/lib/dpkg/status"), '/'-separated. Symbolic
// links are resolved *inside* the root, as a chroot would: an absolute target starts again at the
// root and ".." stops at it, so nothing outside the root is ever reached.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/status.h"

namespace upkeep {

enum class FileType : uint8_t { kRegular, kDirectory, kSymlink, kOther };

struct FileInfo {
  FileType type = FileType::kOther;
  uint64_t size = 0;
  uint32_t mode = 0;  // permission bits (0777 mask and setuid etc.)
};

struct DirEntry {
  std::string name;
  FileType type = FileType::kOther;  // kOther when the file system could not tell cheaply
};

// A directory entry with what lstat() says of it.
struct DirEntryInfo {
  std::string name;
  FileInfo info;
};

// Sequential reads of one open file.
class FileReader {
 public:
  virtual ~FileReader() = default;
  // Reads up to `n` bytes into `buf`; returns 0 at the end of the file.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
  // Moves `n` bytes forward without returning them (the bytes of a large binary before the part
  // a reader wants); returns how many were skipped, fewer only at the end of the file. The
  // default reads and discards; readers over seekable files seek.
  virtual Result<uint64_t> skip(uint64_t n);
};

// Thread-compatible: const methods may be called from several threads at once.
class Fs {
 public:
  virtual ~Fs() = default;

  // Follows symbolic links (inside the root).
  virtual Result<FileInfo> stat(std::string_view path) const = 0;
  // Does not follow a symbolic link in the last component.
  virtual Result<FileInfo> lstat(std::string_view path) const = 0;
  // Entries of a directory, without "." and "..", in no particular order.
  virtual Result<std::vector<DirEntry>> list_dir(std::string_view path) const = 0;
  // The same with each entry's lstat() information: what a walk asks of every file. The default
  // lstat()s each entry by path; a directory on disk asks relative to the open directory, one
  // system call per entry instead of a path resolution each.
  virtual Result<std::vector<DirEntryInfo>> list_dir_info(std::string_view path) const;
  // The whole content of a regular file; an error when it is larger than `max_bytes`.
  virtual Result<std::string> read_file(std::string_view path, uint64_t max_bytes) const = 0;
  // A reader over a regular file, for files too large to hold in memory.
  virtual Result<std::unique_ptr<FileReader>> open(std::string_view path) const = 0;
  // How to name `path` in messages (a host path for a directory file system).
  virtual std::string describe(std::string_view path) const { return std::string(path); }
};

// A directory on disk as a file system rooted at it. Error when `root` is not a directory.
Result<std::unique_ptr<Fs>> open_directory_fs(const std::string& root);

// The same, resolving links in user space instead of with openat2(RESOLVE_IN_ROOT): for kernels
// without openat2 (before Linux 5.6), and so tests exercise both ways.
Result<std::unique_ptr<Fs>> open_directory_fs_portable(const std::string& root);

// An in-memory tree. Adding a path creates the missing parent directories (existing ones keep
// their mode); whatever is in the way (a file or a link where a parent directory should be) is
// replaced by a directory, and an existing node at the path itself is replaced. Paths are taken
// literally: adding "/lib/x" when "/lib" is a link does not write through the link.
// Not thread-safe while being modified; the const methods may run concurrently.
class MemoryFs final : public Fs {
 public:
  MemoryFs();
  void add_file(std::string_view path, std::string content, uint32_t mode = 0644);
  // Creates (or turns into) a directory with `mode`.
  void add_directory(std::string_view path, uint32_t mode = 0755);
  void add_symlink(std::string_view path, std::string target);
  // Removes a path and everything below it; false when there was nothing.
  bool remove(std::string_view path);
  // Removes everything below a directory, keeping the directory.
  void clear_directory(std::string_view path);
  size_t file_count() const;

  Result<FileInfo> stat(std::string_view path) const override;
  Result<FileInfo> lstat(std::string_view path) const override;
  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override;
  Result<std::string> read_file(std::string_view path, uint64_t max_bytes) const override;
  Result<std::unique_ptr<FileReader>> open(std::string_view path) const override;

 private:
  struct Node {
    FileType type = FileType::kRegular;
    uint32_t mode = 0644;
    std::string data;  // file content, or symlink target
  };
  void ensure_parent(const std::string& normalised);
  Result<std::string> resolve(std::string_view path, bool follow_last) const;
  Result<const Node*> find(std::string_view path, bool follow_last) const;
  std::map<std::string, Node, std::less<>> nodes_;  // key: normalised absolute path
};

// Path helpers for the '/'-separated absolute paths above.
// Collapses "//", "." and ".." (never above "/"); the result starts with '/'.
std::string normalize_path(std::string_view path);
std::string join_path(std::string_view dir, std::string_view name);
std::string_view parent_path(std::string_view path);  // "/a/b" -> "/a", "/a" -> "/"
std::string_view base_name(std::string_view path);    // "/a/b" -> "b"

}  // namespace upkeep
