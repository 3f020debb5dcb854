// SPDX-License-Identifier: Apache-2.0
//
// The import's zip reader: entries found through the central directory, read with pread() into
// one reused buffer and inflated whole by libdeflate, which is several times faster on OSV's
// small entries than a streaming reader (libarchive: zlib in small steps, a time zone lookup and
// a character set conversion per entry).
//
// It takes only the zips it reads exactly as a streaming reader would: one disk, no encryption,
// stored or deflated entries, local headers in central-directory order, the central directory
// where its end record says. open() refuses anything else, and the importer then reads the file
// with libarchive, which also recovers the entries of a truncated zip (whose central directory
// is gone). A file changed or cut while it is read gives errors per entry, never a crash: nothing
// is mapped into memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "upkeep/status.h"

struct libdeflate_decompressor;

namespace upkeep::advisory::detail {

class ZipReader {
 public:
  // One central-directory entry.
  struct Entry {
    std::string name;      // as stored: only reported, never used as a path
    bool regular = false;  // false: a directory, symbolic link or other special file
    uint64_t size = 0;     // uncompressed, as the directory says (checked when read)
    uint64_t compressed = 0;
    uint64_t local_offset = 0;
    uint32_t crc = 0;
    uint16_t method = 0;  // 0 stored, 8 deflated
  };

  ZipReader() = default;
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // Opens the zip at `path` (or held in `bytes`, which must outlive the reader) and checks its
  // whole central directory. InvalidArgument, saying why, when it is no zip this reader takes
  // (see above); IoError when the file cannot be read.
  Status open_file(const std::string& path);
  Status open_memory(std::string_view bytes);

  uint64_t entries() const { return entries_; }

  // The next entry in central-directory order; false after the last, or when the directory no
  // longer reads as it did in open() (the file changed: then failed() is true).
  bool next(Entry& e);
  bool failed() const { return failed_; }

  // The data of `e` (a regular entry) into `out`, replacing its content: checked against the
  // local header, inflated, and checked for size and CRC-32. An error (InvalidArgument) naming
  // what is wrong; `max_bytes` is not checked here (the caller compares e.size first).
  Status read(const Entry& e, std::string& out);

 private:
  bool read_at(uint64_t offset, size_t n, char* out) const;
  Status scan();  // checks the central directory; sets entries_
  // Makes `n` bytes of the central directory available from cursor_ (false past its end).
  bool need(size_t n);
  bool parse(Entry& e, std::string* problem);

  int fd_ = -1;
  std::string_view memory_;
  bool in_memory_ = false;
  uint64_t file_size_ = 0;
  uint64_t cd_offset_ = 0, cd_size_ = 0, entries_ = 0;
  // A window on the central directory: [window_offset_, +window_.size()) of the file.
  std::string window_;
  uint64_t window_offset_ = 0;
  uint64_t cursor_ = 0;  // file offset of the next entry
  uint64_t read_ = 0;    // entries returned by next()
  bool failed_ = false;
  std::string compressed_;
  libdeflate_decompressor* inflater_ = nullptr;
};

}  // namespace upkeep::advisory::detail
