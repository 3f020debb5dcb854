// SPDX-License-Identifier: Apache-2.0
#include "inventory/os/rpm_header.h"

#include <cstring>

namespace upkeep::inventory::rpm {
namespace {

constexpr size_t kEntrySize = 16;
// rpm's own limits (header.c: hdrchkTags, hdrchkData): no real header comes near them.
constexpr uint64_t kMaxEntries = 0x00ffffff;
constexpr uint64_t kMaxData = 0x3fffffff;

uint32_t be32(std::string_view s, size_t at) {
  unsigned char b[4];
  std::memcpy(b, s.data() + at, 4);
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

uint64_t be_uint(std::string_view s, size_t at, size_t size) {
  uint64_t v = 0;
  for (size_t i = 0; i < size; ++i)
    v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

size_t type_size(uint32_t type) {
  switch (type) {
    case kTypeChar:
    case kTypeInt8:
    case kTypeBin:
      return 1;
    case kTypeInt16:
      return 2;
    case kTypeInt32:
      return 4;
    case kTypeInt64:
      return 8;
    default:
      return 0;
  }
}

}  // namespace

Result<Header> Header::parse(std::string_view blob) {
  if (blob.size() < 8) {
    return Status::corruption("a header of " + std::to_string(blob.size()) +
                              " bytes is shorter than its 8-byte preamble");
  }
  const uint64_t il = be32(blob, 0);
  const uint64_t dl = be32(blob, 4);
  if (il == 0) return Status::corruption("a header without index entries");
  if (il > kMaxEntries || dl > kMaxData) {
    return Status::corruption("a header claiming " + std::to_string(il) + " entries and " +
                              std::to_string(dl) + " bytes of data");
  }
  const uint64_t data_start = 8 + il * kEntrySize;
  if (data_start + dl > blob.size()) {
    return Status::corruption("a header claiming " + std::to_string(il) + " entries and " +
                              std::to_string(dl) + " bytes of data needs " +
                              std::to_string(data_start + dl) + " bytes, but has " +
                              std::to_string(blob.size()));
  }
  Header h;
  h.data_ = blob.substr(data_start, dl);
  h.entries_.reserve(il);
  // rpm requires the entries' data to follow one another without overlapping (header.c:
  // hdrblobVerifyInfo); holding to that keeps the checks here linear in the size of the blob.
  uint64_t end = 0;
  // No NUL byte at or after this offset of the data store: once a string search has failed,
  // later searches from there on fail at once instead of scanning the same bytes again.
  uint64_t no_nul_from = dl;
  auto find_nul = [&](uint64_t from) -> uint64_t {
    if (from >= no_nul_from) return dl;
    const size_t nul = h.data_.substr(0, no_nul_from).find('\0', from);
    if (nul == std::string_view::npos) {
      no_nul_from = from;
      return dl;
    }
    return nul;
  };
  for (uint64_t i = 0; i < il; ++i) {
    const size_t at = 8 + i * kEntrySize;
    Entry e;
    e.tag = static_cast<int32_t>(be32(blob, at));
    e.type = be32(blob, at + 4);
    e.offset = be32(blob, at + 8);
    e.count = be32(blob, at + 12);
    auto bad = [&](const std::string& what) {
      // A blob of nothing but bad entries must not produce megabytes of messages: the first few
      // are kept word for word.
      if (h.problems_.size() < 8) {
        h.problems_.push_back("entry " + std::to_string(i) + " (tag " + std::to_string(e.tag) +
                              ", type " + std::to_string(e.type) + "): " + what);
      } else if (h.problems_.size() == 8) {
        h.problems_.push_back("more entries are bad");
      }
    };
    // Region markers describe the layout, not the package.
    if (e.tag == kTagHeaderImmutable || e.tag == kTagHeaderSignatures || e.tag == 61) {
      if (e.type != kTypeBin || e.count != 16 || uint64_t{e.offset} + 16 > dl) {
        bad("a malformed region entry");
      }
      continue;
    }
    if (e.type == kTypeNull) continue;
    if (e.type > kTypeI18nString) {
      bad("an unknown type");
      continue;
    }
    if (uint64_t{e.offset} >= dl) {
      bad("data at offset " + std::to_string(e.offset) + " is past the " + std::to_string(dl) +
          "-byte data store");
      continue;
    }
    if (e.offset < end) {
      bad("data at offset " + std::to_string(e.offset) + " overlaps the previous entry's");
      continue;
    }
    if (e.count == 0) {
      bad("a count of 0");
      continue;
    }
    if (e.type == kTypeString || e.type == kTypeStringArray || e.type == kTypeI18nString) {
      if (e.type == kTypeString && e.count != 1) {
        bad("a STRING with a count of " + std::to_string(e.count));
        continue;
      }
      // Each string takes at least its NUL, so a count past the remaining bytes cannot fit.
      if (e.count > dl - e.offset) {
        bad("more strings than the data store can hold");
        continue;
      }
      uint64_t pos = e.offset;
      bool ok = true;
      for (uint32_t k = 0; k < e.count; ++k) {
        const uint64_t nul = find_nul(pos);
        if (nul >= dl) {
          ok = false;
          break;
        }
        pos = nul + 1;
      }
      if (!ok) {
        bad("a string runs past the end of the data store");
        continue;
      }
      e.length = static_cast<uint32_t>(pos - e.offset);
    } else {
      const uint64_t length = uint64_t{e.count} * type_size(e.type);
      if (e.offset + length > dl) {
        bad(std::to_string(e.count) + " values at offset " + std::to_string(e.offset) +
            " run past the " + std::to_string(dl) + "-byte data store");
        continue;
      }
      e.length = static_cast<uint32_t>(length);
    }
    end = uint64_t{e.offset} + e.length;
    h.entries_.push_back(e);
  }
  return h;
}

const Header::Entry* Header::find(int32_t tag) const {
  // The last entry wins: dribble entries replace region entries of the same tag.
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->tag == tag) return &*it;
  }
  return nullptr;
}

std::optional<std::string_view> Header::string(int32_t tag) const {
  const Entry* e = find(tag);
  if (e == nullptr || (e->type != kTypeString && e->type != kTypeI18nString)) return std::nullopt;
  const std::string_view s = data_.substr(e->offset, e->length);
  return s.substr(0, s.find('\0'));
}

std::vector<std::string_view> Header::string_array(int32_t tag) const {
  std::vector<std::string_view> out;
  const Entry* e = find(tag);
  if (e == nullptr ||
      (e->type != kTypeString && e->type != kTypeI18nString && e->type != kTypeStringArray)) {
    return out;
  }
  std::string_view s = data_.substr(e->offset, e->length);
  out.reserve(e->count);
  for (uint32_t k = 0; k < e->count && !s.empty(); ++k) {
    const size_t nul = s.find('\0');
    out.push_back(s.substr(0, nul));
    s.remove_prefix(nul + 1);
  }
  return out;
}

std::optional<uint64_t> Header::int64(int32_t tag) const {
  const Entry* e = find(tag);
  if (e == nullptr) return std::nullopt;
  if (e->type != kTypeInt8 && e->type != kTypeInt16 && e->type != kTypeInt32 &&
      e->type != kTypeInt64 && e->type != kTypeChar) {
    return std::nullopt;
  }
  return be_uint(data_, e->offset, type_size(e->type));
}

std::optional<uint32_t> Header::int32(int32_t tag) const {
  const Entry* e = find(tag);
  if (e == nullptr || e->type == kTypeInt64) return std::nullopt;
  auto v = int64(tag);
  if (!v) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

std::optional<std::string_view> Header::bin(int32_t tag) const {
  const Entry* e = find(tag);
  if (e == nullptr || e->type != kTypeBin) return std::nullopt;
  return data_.substr(e->offset, e->length);
}

}  // namespace upkeep::inventory::rpm
