// SPDX-License-Identifier: Apache-2.0
// The import's zip reader on arbitrary bytes: open() refuses or takes the archive, every entry
// it lists reads or fails with a message, never a crash, and a taken archive lists exactly the
// number of entries its end record says.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "advisory/zip_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  upkeep::advisory::detail::ZipReader zip;
  if (!zip.open_memory(bytes)) return 0;
  upkeep::advisory::detail::ZipReader::Entry e;
  std::string out;
  uint64_t listed = 0;
  while (zip.next(e)) {
    ++listed;
    // The importer reads only entries under its size limit; so does this.
    if (!e.regular || e.size > (1u << 20)) continue;
    const upkeep::Status s = zip.read(e, out);
    if (!s && s.message().empty()) std::abort();
    if (s && out.size() != e.size) std::abort();
  }
  if (zip.failed() || listed != zip.entries()) std::abort();
  return 0;
}
