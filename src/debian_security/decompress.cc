// SPDX-License-Identifier: Apache-2.0
//
// apt list files as apt stores them: plain, or compressed as apt's Acquire::CompressionTypes
// chose (lz4 by default on Debian since apt 1.x when lz4 is available, else gz / xz / zst).
// Every decoder checks the output size before it grows, so a small compressed file cannot
// make us allocate more than the caller's limit (a decompression bomb in a mounted image).
#include <archive.h>
#include <archive_entry.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>

#include <memory>
#include <string>
#include <string_view>

#include "upkeep/debian_security.h"

namespace upkeep::debian_security {
namespace {

constexpr size_t kChunk = 1 << 16;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Status too_large(uint64_t max_bytes) {
  return Status::invalid_argument("decompressed data exceeds " + std::to_string(max_bytes) +
                                  " bytes");
}

Result<std::string> decode_lz4(std::string_view data, uint64_t max_bytes) {
  LZ4F_dctx* raw = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
    return Status::internal("lz4: cannot create a decompression context");
  }
  std::unique_ptr<LZ4F_dctx, decltype(&LZ4F_freeDecompressionContext)> ctx(
      raw, &LZ4F_freeDecompressionContext);
  std::string out;
  const char* in = data.data();
  size_t left = data.size();
  char buf[kChunk];
  size_t hint = 1;
  // Concatenated frames are valid (lz4 -c a b), so decode until the input is used up.
  while (left > 0) {
    size_t out_size = sizeof(buf);
    size_t in_size = left;
    hint = LZ4F_decompress(ctx.get(), buf, &out_size, in, &in_size, nullptr);
    if (LZ4F_isError(hint)) {
      return Status::invalid_argument(std::string("lz4: ") + LZ4F_getErrorName(hint));
    }
    if (out.size() + out_size > max_bytes) return too_large(max_bytes);
    out.append(buf, out_size);
    in += in_size;
    left -= in_size;
    if (in_size == 0 && out_size == 0) break;  // no progress: the frame wants more input
  }
  if (hint != 0) return Status::invalid_argument("lz4: truncated frame");
  return out;
}

Result<std::string> decode_gzip(std::string_view data, uint64_t max_bytes) {
  z_stream zs{};
  // 15 + 32: a zlib or gzip header, detected.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::internal("zlib: cannot initialise");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, &inflateEnd);
  std::string out;
  char buf[kChunk];
  size_t pos = 0;
  for (;;) {
    if (zs.avail_in == 0 && pos < data.size()) {
      size_t n = std::min<size_t>(data.size() - pos, 1u << 30);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + pos));
      zs.avail_in = static_cast<uInt>(n);
      pos += n;
    }
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    int rc = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof(buf) - zs.avail_out;
    if (out.size() + produced > max_bytes) return too_large(max_bytes);
    out.append(buf, produced);
    if (rc == Z_STREAM_END) {
      // gzip allows several members one after the other (cat a.gz b.gz).
      if (zs.avail_in == 0 && pos >= data.size()) break;
      if (inflateReset(&zs) != Z_OK) return Status::internal("zlib: cannot reset");
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && pos >= data.size()) {
      return Status::invalid_argument("gzip: truncated data");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Status::invalid_argument(std::string("gzip: ") + (zs.msg ? zs.msg : "corrupt data"));
    }
  }
  return out;
}

Result<std::string> decode_xz(std::string_view data, uint64_t max_bytes) {
  lzma_stream zs = LZMA_STREAM_INIT;
  if (lzma_stream_decoder(&zs, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
    return Status::internal("xz: cannot initialise");
  }
  std::unique_ptr<lzma_stream, void (*)(lzma_stream*)> guard(&zs, &lzma_end);
  zs.next_in = reinterpret_cast<const uint8_t*>(data.data());
  zs.avail_in = data.size();
  std::string out;
  uint8_t buf[kChunk];
  for (;;) {
    zs.next_out = buf;
    zs.avail_out = sizeof(buf);
    lzma_ret rc = lzma_code(&zs, zs.avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
    size_t produced = sizeof(buf) - zs.avail_out;
    if (out.size() + produced > max_bytes) return too_large(max_bytes);
    out.append(reinterpret_cast<const char*>(buf), produced);
    if (rc == LZMA_STREAM_END) break;
    if (rc == LZMA_BUF_ERROR) return Status::invalid_argument("xz: truncated data");
    if (rc != LZMA_OK)
      return Status::invalid_argument("xz: corrupt data (" + std::to_string(rc) + ")");
  }
  return out;
}

// Formats without a dedicated decoder here (zstd, bzip2): libarchive's raw reader.
Result<std::string> decode_libarchive(std::string_view data, uint64_t max_bytes) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), &archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_raw(a.get());
  if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
    return Status::invalid_argument(archive_error_string(a.get()) ? archive_error_string(a.get())
                                                                  : "unreadable data");
  }
  archive_entry* entry = nullptr;
  if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
    return Status::invalid_argument("unreadable compressed data");
  }
  std::string out;
  char buf[kChunk];
  for (;;) {
    la_ssize_t n = archive_read_data(a.get(), buf, sizeof(buf));
    if (n < 0) {
      const char* e = archive_error_string(a.get());
      return Status::invalid_argument(e ? e : "corrupt compressed data");
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) return too_large(max_bytes);
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

Result<std::string> decompress_list(std::string_view name, std::string_view data,
                                    uint64_t max_bytes) {
  if (ends_with(name, ".lz4")) return decode_lz4(data, max_bytes);
  if (ends_with(name, ".gz")) return decode_gzip(data, max_bytes);
  if (ends_with(name, ".xz")) return decode_xz(data, max_bytes);
  if (ends_with(name, ".zst") || ends_with(name, ".bz2")) return decode_libarchive(data, max_bytes);
  if (data.size() > max_bytes) return too_large(max_bytes);
  return std::string(data);
}

}  // namespace upkeep::debian_security
