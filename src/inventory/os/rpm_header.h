// SPDX-License-Identifier: Apache-2.0
//
// rpm package headers as rpm keeps them in its databases (the "header blob"; in a package file
// the same structure follows an 8-byte magic, which databases leave out). Every number is
// big-endian:
//
//   uint32 il                 number of index entries
//   uint32 dl                 size of the data store in bytes
//   il x 16-byte entries:     int32 tag, uint32 type, int32 offset (into the data store),
//                             uint32 count
//   dl bytes of data store
//
// Types (rpmtag.h): 0 NULL, 1 CHAR, 2 INT8, 3 INT16, 4 INT32, 5 INT64 (count values of 1, 1, 2, 4,
// 8 bytes), 6 STRING (one NUL-terminated string; count is 1), 7 BIN (count bytes), 8 STRING_ARRAY
// and 9 I18NSTRING (count NUL-terminated strings one after the other; for I18NSTRING one per
// locale, the first being the C locale's).
//
// Headers written by rpm 4 start with a region entry (tag 63 HEADERIMMUTABLE, or 62/61 in
// signature headers; type BIN, count 16) whose offset points at a 16-byte trailer in the data
// store: the entries of the signed, immutable part of the header. Entries after the region
// ("dribbles", e.g. the install time) were added when the package was installed and replace a
// region entry of the same tag, as rpm's headerImport does; lookups here take the last entry with
// a tag for that reason.
//
// The bytes are untrusted: every offset, count and string end is checked against the data store,
// and nothing is read outside the blob. Internal to the inventory library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "upkeep/status.h"

namespace upkeep::inventory::rpm {

// The tags this project reads (rpmtag.h).
enum Tag : int32_t {
  kTagHeaderSignatures = 62,
  kTagHeaderImmutable = 63,
  kTagHeaderI18nTable = 100,
  kTagSigMd5 = 261,
  kTagName = 1000,
  kTagVersion = 1001,
  kTagRelease = 1002,
  kTagEpoch = 1003,
  kTagSummary = 1004,
  kTagSize = 1009,
  kTagVendor = 1011,
  kTagLicense = 1014,
  kTagArch = 1022,
  kTagSourceRpm = 1044,
  kTagProvideName = 1047,
  kTagRequireName = 1049,
  kTagLongSize = 5009,
};

enum Type : uint32_t {
  kTypeNull = 0,
  kTypeChar = 1,
  kTypeInt8 = 2,
  kTypeInt16 = 3,
  kTypeInt32 = 4,
  kTypeInt64 = 5,
  kTypeString = 6,
  kTypeBin = 7,
  kTypeStringArray = 8,
  kTypeI18nString = 9,
};

class Header {
 public:
  // Parses a header blob. An error when the index itself is unusable (too short, il or dl past
  // the end of the blob); an entry that is bad on its own (unknown type, data outside the store,
  // a string without its NUL) is left out and described in problems(), so the rest of the header
  // stays readable. The Header points into `blob`, which must outlive it.
  static Result<Header> parse(std::string_view blob);

  // The value of a STRING tag, or the first (C locale) string of an I18NSTRING tag; nullopt
  // when the tag is absent or of another type.
  std::optional<std::string_view> string(int32_t tag) const;
  // The strings of a STRING_ARRAY tag (also accepts STRING and I18NSTRING); empty when absent.
  std::vector<std::string_view> string_array(int32_t tag) const;
  // The first value of an INT32 tag (INT8 and INT16 are widened).
  std::optional<uint32_t> int32(int32_t tag) const;
  // The first value of an INT64 tag (or a narrower integer tag, widened).
  std::optional<uint64_t> int64(int32_t tag) const;
  // The bytes of a BIN tag.
  std::optional<std::string_view> bin(int32_t tag) const;

  // Entries that were left out, one message each ("entry 3 (tag 1000): ...").
  const std::vector<std::string>& problems() const { return problems_; }
  size_t entry_count() const { return entries_.size(); }

 private:
  struct Entry {
    int32_t tag = 0;
    uint32_t type = 0;
    uint32_t offset = 0;  // into data_
    uint32_t count = 0;
    uint32_t length = 0;  // bytes of data
  };
  const Entry* find(int32_t tag) const;

  std::string_view data_;  // the data store
  std::vector<Entry> entries_;
  std::vector<std::string> problems_;
};

}  // namespace upkeep::inventory::rpm
