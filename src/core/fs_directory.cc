// SPDX-License-Identifier: Apache-2.0
//
// A directory on disk as an Fs. Every path is opened relative to a descriptor of the root with
// openat2(RESOLVE_IN_ROOT), so the kernel keeps link resolution inside the root; where openat2 is
// missing, links are resolved in user space by the same rules (core/fs_resolve.h) and the final
// open refuses to follow a link.
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "core/fs_resolve.h"
#include "upkeep/fs.h"

namespace upkeep {
namespace {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

FileType type_of(mode_t mode) {
  if (S_ISREG(mode)) return FileType::kRegular;
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISLNK(mode)) return FileType::kSymlink;
  return FileType::kOther;
}

Status errno_status(std::string_view what, int err) {
  std::string msg(what);
  msg += ": ";
  msg += std::strerror(err);
  if (err == ENOENT || err == ENOTDIR) return Status::not_found(std::move(msg));
  return Status::io_error(std::move(msg));
}

// "/a/b" -> "a/b"; "/" -> ".".
std::string relative(const std::string& normalised) {
  return normalised == "/" ? std::string(".") : normalised.substr(1);
}

// The components of `path` for the kernel, relative to the root: empty ones and "." dropped, ".."
// kept so that it applies after the links before it are followed ("/lib64/../x" is "/usr/x" when
// lib64 links to usr/lib64), as a chroot would and as MemoryFs does; normalize_path() would drop
// it lexically.
std::string kernel_relative(std::string_view path) {
  std::string out;
  size_t i = 0;
  while (i <= path.size()) {
    const size_t slash = path.find('/', i);
    const std::string_view part =
        path.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return out.empty() ? std::string(".") : out;
}

class FdReader final : public FileReader {
 public:
  explicit FdReader(Fd fd) : fd_(std::move(fd)) {}
  Result<size_t> read(char* buf, size_t n) override {
    for (;;) {
      const ssize_t r = ::read(fd_.get(), buf, n);
      if (r >= 0) return static_cast<size_t>(r);
      if (errno != EINTR) return errno_status("read", errno);
    }
  }
  Result<uint64_t> skip(uint64_t n) override {
    // Seek, but never past the end: the caller learns how much there was.
    struct stat st {};
    const off_t here = ::lseek(fd_.get(), 0, SEEK_CUR);
    if (here < 0 || ::fstat(fd_.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return FileReader::skip(n);
    }
    const uint64_t left = st.st_size > here ? static_cast<uint64_t>(st.st_size - here) : 0;
    const uint64_t k = std::min(n, left);
    if (::lseek(fd_.get(), static_cast<off_t>(k), SEEK_CUR) < 0) return errno_status("seek", errno);
    return k;
  }

 private:
  Fd fd_;
};

class DirectoryFs final : public Fs {
 public:
  DirectoryFs(std::string root, Fd root_fd, bool use_openat2)
      : root_(std::move(root)), root_fd_(std::move(root_fd)), use_openat2_(use_openat2) {}

  std::string describe(std::string_view path) const override {
    const std::string p = normalize_path(path);
    if (root_ == "/") return p;
    return p == "/" ? root_ : root_ + p;
  }

  Result<FileInfo> stat(std::string_view path) const override {
    auto fd = open_at(path, O_PATH, true);
    if (!fd.is_ok()) return fd.status();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return errno_status(describe(path), errno);
    return info(st);
  }

  Result<FileInfo> lstat(std::string_view path) const override {
    // The parent is opened following links, the last component is looked at without.
    const std::string rel = kernel_relative(path);
    const size_t slash = rel.rfind('/');
    const std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
    if (name == "." || name == "..") return stat(path);  // a directory, never a link
    auto dir = open_at(
        slash == std::string::npos ? std::string_view("/") : std::string_view(rel).substr(0, slash),
        O_PATH | O_DIRECTORY, true);
    if (!dir.is_ok()) return dir.status();
    struct stat st {};
    if (::fstatat(dir->get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return errno_status(describe(path), errno);
    }
    return info(st);
  }

  Result<std::vector<DirEntryInfo>> list_dir_info(std::string_view path) const override {
    auto fd = open_at(path, O_RDONLY | O_DIRECTORY, true);
    if (!fd.is_ok()) return fd.status();
    DIR* dir = ::fdopendir(fd->get());
    if (dir == nullptr) return errno_status(describe(path), errno);
    fd->release();  // owned by `dir` now
    std::vector<DirEntryInfo> out;
    errno = 0;
    while (const dirent* e = ::readdir(dir)) {
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      // One component, not followed: nothing is resolved, so nothing can leave the root.
      struct stat st {};
      FileInfo entry_info;
      if (::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) entry_info = info(st);
      out.push_back(DirEntryInfo{std::string(name), entry_info});
      errno = 0;
    }
    const int err = errno;
    ::closedir(dir);
    if (err != 0) return errno_status(describe(path), err);
    return out;
  }

  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override {
    auto fd = open_at(path, O_RDONLY | O_DIRECTORY, true);
    if (!fd.is_ok()) return fd.status();
    DIR* dir = ::fdopendir(fd->get());
    if (dir == nullptr) return errno_status(describe(path), errno);
    fd->release();  // owned by `dir` now
    std::vector<DirEntry> out;
    errno = 0;
    while (const dirent* e = ::readdir(dir)) {
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      FileType type = FileType::kOther;
      switch (e->d_type) {
        case DT_REG:
          type = FileType::kRegular;
          break;
        case DT_DIR:
          type = FileType::kDirectory;
          break;
        case DT_LNK:
          type = FileType::kSymlink;
          break;
        case DT_UNKNOWN: {
          struct stat st {};
          if (::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            type = type_of(st.st_mode);
          }
          break;
        }
        default:
          break;
      }
      out.push_back(DirEntry{std::string(name), type});
    }
    const int err = errno;
    ::closedir(dir);
    if (err != 0) return errno_status(describe(path), err);
    return out;
  }

  Result<std::string> read_file(std::string_view path, uint64_t max_bytes) const override {
    auto fd = open_regular(path);
    if (!fd.is_ok()) return fd.status();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return errno_status(describe(path), errno);
    if (static_cast<uint64_t>(st.st_size) > max_bytes) {
      return Status::invalid_argument(describe(path) + ": " + std::to_string(st.st_size) +
                                      " bytes, more than the limit of " +
                                      std::to_string(max_bytes));
    }
    std::string out;
    out.resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    for (;;) {
      if (got == out.size()) {
        // The file may have grown since fstat (or report size 0, like /proc): read on, up to
        // the limit, and past it by one byte to tell "exactly at the limit" from "larger".
        if (out.size() >= max_bytes) {
          char extra = 0;
          ssize_t r = 0;
          do {
            r = ::read(fd->get(), &extra, 1);
          } while (r < 0 && errno == EINTR);
          if (r < 0) return errno_status(describe(path), errno);
          if (r > 0) {
            return Status::invalid_argument(describe(path) + ": more than the limit of " +
                                            std::to_string(max_bytes) + " bytes");
          }
          break;
        }
        out.resize(std::min<uint64_t>(max_bytes, out.size() * 2 + 4096));
      }
      const ssize_t r = ::read(fd->get(), out.data() + got, out.size() - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        return errno_status(describe(path), errno);
      }
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    out.resize(got);
    return out;
  }

  Result<std::unique_ptr<FileReader>> open(std::string_view path) const override {
    auto fd = open_regular(path);
    if (!fd.is_ok()) return fd.status();
    return std::unique_ptr<FileReader>(std::make_unique<FdReader>(std::move(*fd)));
  }

 private:
  static FileInfo info(const struct stat& st) {
    return FileInfo{type_of(st.st_mode), static_cast<uint64_t>(st.st_size),
                    static_cast<uint32_t>(st.st_mode & 07777)};
  }

  Result<Fd> open_regular(std::string_view path) const {
    auto fd = open_at(path, O_RDONLY, true);
    if (!fd.is_ok()) return fd.status();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return errno_status(describe(path), errno);
    if (!S_ISREG(st.st_mode)) {
      return Status::invalid_argument(describe(path) + ": not a regular file");
    }
    return fd;
  }

  // Opens `path` inside the root. `follow_last` is always true for callers today; lstat()
  // opens the parent instead.
  Result<Fd> open_at(std::string_view path, int flags, bool follow_last) const {
    const std::string p(path);
    if (use_openat2_) {
      open_how how{};
      how.flags = static_cast<uint64_t>(flags | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW));
      how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
      const std::string rel = kernel_relative(p);
      for (;;) {
        const long fd = ::syscall(SYS_openat2, root_fd_.get(), rel.c_str(), &how, sizeof(how));
        if (fd >= 0) return Fd(static_cast<int>(fd));
        if (errno == EINTR || errno == EAGAIN) continue;
        return errno_status(describe(p), errno);
      }
    }
    class Ops final : public detail::LinkOps {
     public:
      explicit Ops(int root) : root_(root) {}
      Result<FileType> lstat_type(const std::string& q) override {
        struct stat st {};
        if (::fstatat(root_, relative(q).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
          return errno_status(q, errno);
        }
        return type_of(st.st_mode);
      }
      Result<std::string> read_link(const std::string& q) override {
        // readlinkat truncates silently: a result that fills the buffer may be longer.
        for (size_t size = 4096;; size *= 2) {
          std::string buf(size, '\0');
          const ssize_t n = ::readlinkat(root_, relative(q).c_str(), buf.data(), buf.size());
          if (n < 0) return errno_status(q, errno);
          if (static_cast<size_t>(n) < size) {
            buf.resize(static_cast<size_t>(n));
            return buf;
          }
        }
      }

     private:
      int root_;
    } ops(root_fd_.get());
    auto resolved = detail::resolve_in_root(p, follow_last, ops);
    if (!resolved.is_ok()) return resolved.status();
    const int fd =
        ::openat(root_fd_.get(), relative(*resolved).c_str(), flags | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return errno_status(describe(p), errno);
    return Fd(fd);
  }

  std::string root_;
  Fd root_fd_;
  bool use_openat2_;
};

Result<std::unique_ptr<Fs>> open_directory(const std::string& root, bool allow_openat2) {
  const int fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_status(root, errno);
  Fd root_fd(fd);
  bool use_openat2 = false;
  if (allow_openat2) {
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT;
    const long probe = ::syscall(SYS_openat2, root_fd.get(), ".", &how, sizeof(how));
    if (probe >= 0) {
      ::close(static_cast<int>(probe));
      use_openat2 = true;
    }
  }
  std::string name = root;
  while (name.size() > 1 && name.back() == '/')
    name.pop_back();
  return std::unique_ptr<Fs>(
      std::make_unique<DirectoryFs>(std::move(name), std::move(root_fd), use_openat2));
}

}  // namespace

Result<std::unique_ptr<Fs>> open_directory_fs(const std::string& root) {
  return open_directory(root, true);
}

Result<std::unique_ptr<Fs>> open_directory_fs_portable(const std::string& root) {
  return open_directory(root, false);
}

}  // namespace upkeep
