// SPDX-License-Identifier: Apache-2.0
#include "upkeep/fs.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "core/fs_resolve.h"

namespace upkeep {

Result<uint64_t> FileReader::skip(uint64_t n) {
  char buf[64 << 10];
  uint64_t done = 0;
  while (done < n) {
    auto r = read(buf, static_cast<size_t>(std::min<uint64_t>(sizeof buf, n - done)));
    if (!r.is_ok()) return r.status();
    if (*r == 0) break;
    done += *r;
  }
  return done;
}

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= path.size()) {
    const size_t slash = path.find('/', i);
    const std::string_view part =
        path.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string_view parent_path(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

namespace detail {

Result<std::string> resolve_in_root(std::string_view path, bool follow_last, LinkOps& ops) {
  constexpr int kMaxLinks = 40;
  std::deque<std::string> pending;
  auto push_components = [&](std::string_view p, bool front) {
    std::vector<std::string> comps;
    size_t i = 0;
    while (i <= p.size()) {
      const size_t slash = p.find('/', i);
      std::string_view c =
          p.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
      if (!c.empty() && c != ".") comps.emplace_back(c);
      if (slash == std::string_view::npos) break;
      i = slash + 1;
    }
    if (front) {
      pending.insert(pending.begin(), comps.begin(), comps.end());
    } else {
      pending.insert(pending.end(), comps.begin(), comps.end());
    }
  };
  push_components(path, false);
  std::vector<std::string> done;
  auto current = [&](const std::string* extra) {
    std::string out;
    for (const auto& d : done) {
      out += '/';
      out += d;
    }
    if (extra != nullptr) {
      out += '/';
      out += *extra;
    }
    return out.empty() ? std::string("/") : out;
  };
  int links = 0;
  while (!pending.empty()) {
    std::string c = std::move(pending.front());
    pending.pop_front();
    if (c == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    const bool last = pending.empty();
    const std::string candidate = current(&c);
    auto type = ops.lstat_type(candidate);
    if (!type.is_ok()) {
      if (last && type.status().code() == StatusCode::kNotFound) return candidate;
      return type.status();
    }
    if (*type == FileType::kSymlink && (!last || follow_last)) {
      if (++links > kMaxLinks) {
        return Status::io_error(std::string(path) + ": too many levels of symbolic links");
      }
      auto target = ops.read_link(candidate);
      if (!target.is_ok()) return target.status();
      // As the kernel does: an empty target names nothing (it is not "." ).
      if (target->empty())
        return Status::not_found(std::string(path) + ": " + candidate + " is a link to nothing");
      if (!target->empty() && target->front() == '/') done.clear();
      push_components(*target, true);
      continue;
    }
    if (!last && *type != FileType::kDirectory) {
      return Status::not_found(std::string(path) + ": " + candidate + " is not a directory");
    }
    done.push_back(std::move(c));
  }
  return current(nullptr);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// MemoryFs

namespace {

class StringReader final : public FileReader {
 public:
  explicit StringReader(std::string data) : data_(std::move(data)) {}
  Result<size_t> read(char* buf, size_t n) override {
    const size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  Result<uint64_t> skip(uint64_t n) override {
    const size_t k = static_cast<size_t>(std::min<uint64_t>(n, data_.size() - pos_));
    pos_ += k;
    return static_cast<uint64_t>(k);
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

}  // namespace

MemoryFs::MemoryFs() {
  nodes_["/"] = Node{FileType::kDirectory, 0755, {}};
}

void MemoryFs::add_directory(std::string_view path, uint32_t mode) {
  const std::string p = normalize_path(path);
  // Parents first, without touching the ones that exist (their modes stay as they were set).
  if (p != "/") {
    const std::string parent(parent_path(p));
    auto it = nodes_.find(parent);
    if (it == nodes_.end() || it->second.type != FileType::kDirectory) add_directory(parent);
  }
  auto [it, inserted] = nodes_.try_emplace(p, Node{FileType::kDirectory, mode, {}});
  if (!inserted) it->second = Node{FileType::kDirectory, mode, {}};
}

void MemoryFs::add_file(std::string_view path, std::string content, uint32_t mode) {
  const std::string p = normalize_path(path);
  ensure_parent(p);
  nodes_[p] = Node{FileType::kRegular, mode, std::move(content)};
}

void MemoryFs::add_symlink(std::string_view path, std::string target) {
  const std::string p = normalize_path(path);
  ensure_parent(p);
  nodes_[p] = Node{FileType::kSymlink, 0777, std::move(target)};
}

void MemoryFs::ensure_parent(const std::string& normalised) {
  if (normalised == "/") return;
  const std::string parent(parent_path(normalised));
  auto it = nodes_.find(parent);
  if (it == nodes_.end() || it->second.type != FileType::kDirectory) add_directory(parent);
}

bool MemoryFs::remove(std::string_view path) {
  const std::string p = normalize_path(path);
  if (p == "/") {
    clear_directory("/");
    return true;
  }
  bool removed = nodes_.erase(p) > 0;
  const std::string prefix = p + "/";
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix);) {
    it = nodes_.erase(it);
    removed = true;
  }
  return removed;
}

void MemoryFs::clear_directory(std::string_view path) {
  const std::string p = normalize_path(path);
  const std::string prefix = p == "/" ? "/" : p + "/";
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix);) {
    if (it->first == "/") {
      ++it;
      continue;
    }
    it = nodes_.erase(it);
  }
}

size_t MemoryFs::file_count() const {
  return static_cast<size_t>(std::count_if(nodes_.begin(), nodes_.end(), [](const auto& kv) {
    return kv.second.type == FileType::kRegular;
  }));
}

Result<std::string> MemoryFs::resolve(std::string_view path, bool follow_last) const {
  class Ops final : public detail::LinkOps {
   public:
    explicit Ops(const std::map<std::string, Node, std::less<>>& nodes) : nodes_(nodes) {}
    Result<FileType> lstat_type(const std::string& p) override {
      auto it = nodes_.find(p);
      if (it == nodes_.end()) return Status::not_found(p + ": no such file");
      return it->second.type;
    }
    Result<std::string> read_link(const std::string& p) override { return nodes_.at(p).data; }

   private:
    const std::map<std::string, Node, std::less<>>& nodes_;
  } ops(nodes_);
  return detail::resolve_in_root(path, follow_last, ops);
}

Result<const MemoryFs::Node*> MemoryFs::find(std::string_view path, bool follow_last) const {
  auto resolved = resolve(path, follow_last);
  if (!resolved.is_ok()) return resolved.status();
  auto it = nodes_.find(*resolved);
  if (it == nodes_.end()) return Status::not_found(std::string(path) + ": no such file");
  return &it->second;
}

Result<FileInfo> MemoryFs::stat(std::string_view path) const {
  auto node = find(path, true);
  if (!node.is_ok()) return node.status();
  return FileInfo{(*node)->type, (*node)->type == FileType::kRegular ? (*node)->data.size() : 0,
                  (*node)->mode};
}

Result<FileInfo> MemoryFs::lstat(std::string_view path) const {
  auto node = find(path, false);
  if (!node.is_ok()) return node.status();
  return FileInfo{(*node)->type, (*node)->data.size(), (*node)->mode};
}

Result<std::vector<DirEntryInfo>> Fs::list_dir_info(std::string_view path) const {
  auto entries = list_dir(path);
  if (!entries.is_ok()) return entries.status();
  std::vector<DirEntryInfo> out;
  out.reserve(entries->size());
  const std::string dir = normalize_path(path);
  for (DirEntry& e : *entries) {
    DirEntryInfo entry{std::move(e.name), FileInfo{e.type, 0, 0}};
    // An entry gone since the listing keeps the type the listing saw.
    if (auto info = lstat(join_path(dir, entry.name)); info.is_ok()) entry.info = *info;
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::vector<DirEntry>> MemoryFs::list_dir(std::string_view path) const {
  auto resolved = resolve(path, true);
  if (!resolved.is_ok()) return resolved.status();
  const std::string& dir = *resolved;
  auto node = nodes_.find(dir);
  if (node == nodes_.end()) return Status::not_found(std::string(path) + ": no such directory");
  if (node->second.type != FileType::kDirectory) {
    return Status::invalid_argument(std::string(path) + ": not a directory");
  }
  const std::string prefix = dir == "/" ? "/" : dir + "/";
  std::vector<DirEntry> out;
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix);
       ++it) {
    const std::string_view rest = std::string_view(it->first).substr(prefix.size());
    if (rest.empty() || rest.find('/') != std::string_view::npos) continue;
    out.push_back(DirEntry{std::string(rest), it->second.type});
  }
  return out;
}

Result<std::string> MemoryFs::read_file(std::string_view path, uint64_t max_bytes) const {
  auto node = find(path, true);
  if (!node.is_ok()) return node.status();
  if ((*node)->type != FileType::kRegular) {
    return Status::invalid_argument(std::string(path) + ": not a regular file");
  }
  if ((*node)->data.size() > max_bytes) {
    return Status::invalid_argument(std::string(path) + ": larger than " +
                                    std::to_string(max_bytes) + " bytes");
  }
  return (*node)->data;
}

Result<std::unique_ptr<FileReader>> MemoryFs::open(std::string_view path) const {
  auto node = find(path, true);
  if (!node.is_ok()) return node.status();
  if ((*node)->type != FileType::kRegular) {
    return Status::invalid_argument(std::string(path) + ": not a regular file");
  }
  return std::unique_ptr<FileReader>(std::make_unique<StringReader>((*node)->data));
}

}  // namespace upkeep
