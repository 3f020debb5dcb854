// SPDX-License-Identifier: Apache-2.0
#include "support/zip_entries.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace upkeep::testing {

std::vector<ZipEntry> read_zip_entries(const std::string& path, std::string* error) {
  std::vector<ZipEntry> out;
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    if (error != nullptr) *error = path + ": " + archive_error_string(a.get());
    return out;
  }
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    ZipEntry e;
    e.name = archive_entry_pathname(entry);
    char buffer[1 << 16];
    for (;;) {
      const la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
      if (n < 0) {
        if (error != nullptr) *error = path + ": " + e.name + ": " + archive_error_string(a.get());
        return {};
      }
      if (n == 0) break;
      e.data.append(buffer, static_cast<size_t>(n));
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace upkeep::testing
