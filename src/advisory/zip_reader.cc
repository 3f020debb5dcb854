// SPDX-License-Identifier: Apache-2.0
//
// Zip layout (PKWARE APPNOTE 6.3): local headers with data, then the central directory, then the
// end of central directory record (EOCD), after a zip64 EOCD and its locator when counts or
// offsets overflow 16/32 bits. All numbers little-endian.
#include "advisory/zip_reader.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace upkeep::advisory::detail {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50,
                   kEnd64Sig = 0x06064b50, kLocator64Sig = 0x07064b50;
constexpr size_t kLocalSize = 30, kCentralSize = 46, kEndSize = 22, kLocator64Size = 20,
                 kEnd64Size = 56;
constexpr size_t kWindow = 1 << 20;  // central directory bytes read at a time

uint16_t u16(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(b[0] | b[1] << 8);
}
uint32_t u32(const char* p) {
  return u16(p) | static_cast<uint32_t>(u16(p + 2)) << 16;
}
uint64_t u64(const char* p) {
  return u32(p) | static_cast<uint64_t>(u32(p + 4)) << 32;
}

Status invalid(std::string why) {
  return Status::invalid_argument(std::move(why));
}

}  // namespace

ZipReader::~ZipReader() {
  if (fd_ >= 0) ::close(fd_);
  if (inflater_ != nullptr) libdeflate_free_decompressor(inflater_);
}

Status ZipReader::open_file(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return Status::io_error(path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return Status::io_error(path + ": " + std::strerror(errno));
  file_size_ = static_cast<uint64_t>(st.st_size);
  return scan();
}

Status ZipReader::open_memory(std::string_view bytes) {
  memory_ = bytes;
  in_memory_ = true;
  file_size_ = bytes.size();
  return scan();
}

bool ZipReader::read_at(uint64_t offset, size_t n, char* out) const {
  if (offset > file_size_ || n > file_size_ - offset) return false;
  if (in_memory_) {
    std::memcpy(out, memory_.data() + offset, n);
    return true;
  }
  while (n > 0) {
    const ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;  // an error, or the file shrank
    out += got;
    offset += static_cast<uint64_t>(got);
    n -= static_cast<size_t>(got);
  }
  return true;
}

Status ZipReader::scan() {
  // The EOCD: the last "PK\5\6" whose comment ends exactly at the end of the file.
  if (file_size_ < kEndSize) return invalid("too short for a zip");
  const uint64_t tail_size = std::min<uint64_t>(file_size_, kEndSize + 0xFFFF);
  std::string tail(tail_size, '\0');
  if (!read_at(file_size_ - tail_size, tail_size, tail.data())) return Status::io_error("read");
  size_t end = std::string::npos;
  for (size_t i = tail_size - kEndSize + 1; i-- > 0;) {
    if (u32(&tail[i]) == kEndSig && i + kEndSize + u16(&tail[i + 20]) == tail_size) {
      end = i;
      break;
    }
  }
  if (end == std::string::npos) return invalid("no end of central directory record");
  const char* e = &tail[end];
  const uint64_t end_offset = file_size_ - tail_size + end;
  if (u16(e + 4) != 0 || u16(e + 6) != 0 || u16(e + 8) != u16(e + 10)) {
    return invalid("a zip of several disks");
  }
  entries_ = u16(e + 10);
  cd_size_ = u32(e + 12);
  cd_offset_ = u32(e + 16);
  uint64_t cd_end = end_offset;
  char loc[kLocator64Size];
  if (end_offset >= kLocator64Size && read_at(end_offset - kLocator64Size, kLocator64Size, loc) &&
      u32(loc) == kLocator64Sig) {
    // zip64: the real counts and offsets are in the zip64 EOCD.
    const uint64_t end64 = u64(loc + 8);
    char z[kEnd64Size];
    if (u32(loc + 4) != 0 || u32(loc + 16) != 1) return invalid("a zip64 of several disks");
    if (end64 > end_offset - kLocator64Size || !read_at(end64, kEnd64Size, z) ||
        u32(z) != kEnd64Sig) {
      return invalid("a zip64 locator without its end of central directory record");
    }
    if (u32(z + 16) != 0 || u32(z + 20) != 0 || u64(z + 24) != u64(z + 32)) {
      return invalid("a zip64 of several disks");
    }
    entries_ = u64(z + 32);
    cd_size_ = u64(z + 40);
    cd_offset_ = u64(z + 48);
    cd_end = end64;
  } else if (entries_ == 0xFFFF || cd_size_ == 0xFFFFFFFF || cd_offset_ == 0xFFFFFFFF) {
    return invalid("zip64 values without a zip64 end of central directory record");
  }
  // Data before the first entry (a self-extracting stub) shifts every offset: not taken here.
  if (cd_offset_ > cd_end || cd_end - cd_offset_ != cd_size_) {
    return invalid("the central directory is not where the end record says");
  }
  // Every entry, checked once before any is read.
  cursor_ = cd_offset_;
  window_.clear();
  window_offset_ = cd_offset_;
  uint64_t count = 0, last_offset = 0;
  Entry entry;
  std::string problem;
  while (cursor_ < cd_offset_ + cd_size_) {
    if (!parse(entry, &problem)) return invalid(problem);
    if (count > 0 && entry.local_offset <= last_offset) {
      return invalid("entries out of order: " + entry.name);
    }
    last_offset = entry.local_offset;
    if (entry.local_offset > cd_offset_ || cd_offset_ - entry.local_offset < kLocalSize ||
        cd_offset_ - entry.local_offset - kLocalSize < entry.compressed) {
      return invalid("an entry's data is not before the central directory: " + entry.name);
    }
    ++count;
  }
  if (count != entries_) return invalid("the end record's entry count is wrong");
  cursor_ = cd_offset_;
  read_ = 0;
  return Status::ok();
}

bool ZipReader::need(size_t n) {
  const uint64_t cd_end = cd_offset_ + cd_size_;
  if (cursor_ > cd_end || n > cd_end - cursor_) return false;
  if (cursor_ >= window_offset_ && cursor_ + n <= window_offset_ + window_.size()) return true;
  const size_t len =
      static_cast<size_t>(std::min<uint64_t>(std::max(n, kWindow), cd_end - cursor_));
  window_.resize(len);
  window_offset_ = cursor_;
  if (!read_at(cursor_, len, window_.data())) {
    window_.clear();
    return false;
  }
  return true;
}

bool ZipReader::parse(Entry& e, std::string* problem) {
  auto fail = [&](const char* why) {
    if (problem != nullptr) *problem = why;
    return false;
  };
  if (!need(kCentralSize)) return fail("a central directory entry is cut short");
  const char* h = window_.data() + (cursor_ - window_offset_);
  if (u32(h) != kCentralSig) return fail("a central directory entry without its signature");
  const uint16_t made_by = u16(h + 4), flags = u16(h + 8);
  e.method = u16(h + 10);
  e.crc = u32(h + 16);
  e.compressed = u32(h + 20);
  e.size = u32(h + 24);
  const size_t name_len = u16(h + 28), extra_len = u16(h + 30), comment_len = u16(h + 32);
  uint32_t disk = u16(h + 34);
  const uint32_t external = u32(h + 38);
  e.local_offset = u32(h + 42);
  if (!need(kCentralSize + name_len + extra_len + comment_len)) {
    return fail("a central directory entry is cut short");
  }
  h = window_.data() + (cursor_ - window_offset_);
  e.name.assign(h + kCentralSize, name_len);
  // zip64 extended information: the 64-bit values of the fields saturated above, in this order.
  const char* x = h + kCentralSize + name_len;
  const char* x_end = x + extra_len;
  while (x_end - x >= 4) {
    const uint16_t id = u16(x), len = u16(x + 2);
    if (static_cast<size_t>(x_end - x - 4) < len) break;
    if (id == 0x0001) {
      const char* v = x + 4;
      const char* v_end = v + len;
      auto take64 = [&](uint64_t& field) {
        if (field != 0xFFFFFFFF) return true;
        if (v_end - v < 8) return false;
        field = u64(v);
        v += 8;
        return true;
      };
      if (!take64(e.size) || !take64(e.compressed) || !take64(e.local_offset)) {
        return fail("a zip64 extra field is cut short");
      }
      if (disk == 0xFFFF) {
        if (v_end - v < 4) return fail("a zip64 extra field is cut short");
        disk = u32(v);
      }
    }
    x += 4 + len;
  }
  cursor_ += kCentralSize + name_len + extra_len + comment_len;
  if (disk != 0) return fail("an entry on another disk");
  if ((flags & 0x0041) != 0) return fail("an encrypted entry");
  if (e.method != 0 && e.method != 8) return fail("an entry compressed otherwise than deflate");
  if (e.method == 0 && e.compressed != e.size) return fail("a stored entry of two sizes");
  // The file type: Unix hosts keep st_mode in the high half of the external attributes.
  const uint32_t mode = (made_by >> 8) == 3 ? external >> 16 : 0;
  const bool dir_name = !e.name.empty() && e.name.back() == '/';
  // A name ending in "/" is a directory whatever the attributes say (as libarchive reads it).
  e.regular = !dir_name && ((mode & S_IFMT) == 0 || (mode & S_IFMT) == S_IFREG);
  return true;
}

bool ZipReader::next(Entry& e) {
  if (read_ == entries_) return false;
  if (!parse(e, nullptr)) {
    read_ = entries_;  // changed since open(): stop
    failed_ = true;
    return false;
  }
  ++read_;
  return true;
}

Status ZipReader::read(const Entry& e, std::string& out) {
  char local[kLocalSize];
  if (!read_at(e.local_offset, kLocalSize, local) || u32(local) != kLocalSig) {
    return invalid("no local header where the central directory says");
  }
  const uint64_t data = e.local_offset + kLocalSize + u16(local + 26) + u16(local + 28);
  if (data > cd_offset_ || cd_offset_ - data < e.compressed) {
    return invalid("the entry's data runs into the central directory");
  }
  out.resize(static_cast<size_t>(e.size));
  if (e.method == 0) {
    if (!read_at(data, out.size(), out.data())) return invalid("cannot read the entry's data");
  } else {
    compressed_.resize(static_cast<size_t>(e.compressed));
    if (!read_at(data, compressed_.size(), compressed_.data())) {
      return invalid("cannot read the entry's data");
    }
    if (inflater_ == nullptr) inflater_ = libdeflate_alloc_decompressor();
    if (inflater_ == nullptr) return Status::internal("out of memory");
    size_t actual = 0;
    const libdeflate_result r = libdeflate_deflate_decompress(
        inflater_, compressed_.data(), compressed_.size(), out.data(), out.size(), &actual);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) return invalid("the entry is larger than it says");
    if (r != LIBDEFLATE_SUCCESS) return invalid("corrupt deflate data");
    if (actual != out.size()) return invalid("the entry is shorter than it says");
  }
  if (libdeflate_crc32(0, out.data(), out.size()) != e.crc) return invalid("CRC-32 mismatch");
  return Status::ok();
}

}  // namespace upkeep::advisory::detail
