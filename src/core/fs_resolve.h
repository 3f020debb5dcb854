// SPDX-License-Identifier: Apache-2.0
//
// Symbolic-link resolution confined to a root, shared by MemoryFs and the portable directory
// file system. Internal to the core library.
#pragma once

#include <string>
#include <string_view>

#include "upkeep/fs.h"

namespace upkeep::detail {

// What the resolver needs to know about a path that has no links in its directories.
class LinkOps {
 public:
  virtual ~LinkOps() = default;
  // The type of `path` (not following a link in it); kNotFound when it does not exist.
  virtual Result<FileType> lstat_type(const std::string& path) = 0;
  // The target of the link at `path`.
  virtual Result<std::string> read_link(const std::string& path) = 0;
};

// Returns the normalised path `path` names inside the root, with no link in any directory
// component and, when `follow_last`, none in the last either. An absolute link target starts
// again at the root; ".." never climbs above it. At most 40 links are followed, as Linux does.
// A last component that does not exist is returned as is (the caller reports it).
Result<std::string> resolve_in_root(std::string_view path, bool follow_last, LinkOps& ops);

}  // namespace upkeep::detail
