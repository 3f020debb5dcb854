// SPDX-License-Identifier: Apache-2.0
//
// Go binaries: the build information the Go linker embeds (what `go version -m` prints): the Go
// release, the main module, every module compiled in ("dep") and their replacements ("=>").
//
// Where it is (as Go's debug/buildinfo finds it): a 32-byte header starting "\xff Go buildinf:",
// 16-byte aligned, in the binary's writable data (ELF: the writable PT_LOAD segments; PE: the
// first initialised read-write section; Mach-O: the __go_buildinfo section, else the first
// read-write segment). Byte 14 is the pointer size, byte 15 flags: with bit 1 set (Go 1.18 and
// later) the version and module strings follow the header inline, each with a uvarint length;
// otherwise (Go 1.13 to 1.17) the header holds the virtual addresses of two Go string headers
// (pointer, length) in the given byte order, which the segment table maps back to file offsets.
// The module text is framed by 16 bytes on each side.
//
// Binaries can be hundreds of megabytes, so the file is never read whole: the headers come from
// its first 64 KiB, the data segments are reached by skipping (a seek on disk), and only the old
// pointer format, whose strings live elsewhere, reads backwards (by opening the file again).
//
// What counts as a component: the Go release as `stdlib` (OSV's Go ecosystem files standard
// library vulnerabilities under that name; "go1.21.5" -> v1.21.5), the main module (the program
// itself: it may have a release version since Go 1.24 stamps one from version control; "(devel)"
// is no version), and every dep, as replaced. Nothing says which deps are direct.
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/lang/capped_warnings.h"
#include "inventory/lang/go_common.h"

namespace upkeep::inventory {
namespace {

constexpr std::string_view kMagic("\xff Go buildinf:", 14);
constexpr std::string_view kElfMagic("\177ELF");
constexpr uint64_t kAlign = 16;
constexpr uint64_t kHeaderSize = 32;
// Every executable of a host is offered: the first read is small (ELF and PE tables fit in it);
// Mach-O load commands, which can be longer, are read to their end, up to kMaxHead.
constexpr uint64_t kHeadBytes = 4 << 10;
constexpr uint64_t kMaxHead = 1 << 20;
constexpr uint64_t kMaxString = 16 << 20;  // longer version or module text: not build info
constexpr int kMaxOpens = 8;               // the old format needs three; a bound for hostile input

// Byte-order helpers over unchecked spans: callers check sizes first.
uint64_t load(std::string_view b, size_t at, size_t n, bool big_endian) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto byte = static_cast<uint8_t>(b[at + (big_endian ? i : n - 1 - i)]);
    v = (v << 8) | byte;
  }
  return v;
}

// Random access over a FileReader that only goes forward: bytes ahead are skipped, bytes behind
// mean opening the file again.
class BinaryFile {
 public:
  BinaryFile(const Fs& fs, std::string_view path) : fs_(fs), path_(path) {}

  // The bytes [offset, offset + n), or fewer at the end of the file. Valid until the next call.
  Result<std::string_view> at(uint64_t offset, uint64_t n) {
    if (reader_ == nullptr || offset < base_) {
      if (++opens_ > kMaxOpens) return Status::unsupported("too many passes over the file");
      auto r = fs_.open(path_);
      if (!r.is_ok()) return r.status();
      reader_ = std::move(*r);
      pos_ = base_ = 0;
      buf_.clear();
    }
    if (offset >= base_ + buf_.size()) {
      buf_.clear();
      auto s = reader_->skip(offset - pos_);
      if (!s.is_ok()) return s.status();
      pos_ += *s;
      base_ = pos_;
      if (base_ < offset) return std::string_view();  // past the end
    } else {
      buf_.erase(0, static_cast<size_t>(offset - base_));
      base_ = offset;
    }
    while (buf_.size() < n) {
      const size_t want = static_cast<size_t>(std::max<uint64_t>(n - buf_.size(), 64 << 10));
      const size_t old = buf_.size();
      buf_.resize(old + want);
      auto r = reader_->read(buf_.data() + old, want);
      if (!r.is_ok()) {
        buf_.resize(old);
        return r.status();
      }
      buf_.resize(old + *r);
      pos_ += *r;
      if (*r == 0) break;
    }
    return std::string_view(buf_).substr(0,
                                         static_cast<size_t>(std::min<uint64_t>(n, buf_.size())));
  }

 private:
  const Fs& fs_;
  std::string path_;
  std::unique_ptr<FileReader> reader_;
  uint64_t pos_ = 0;   // file offset of the reader
  uint64_t base_ = 0;  // file offset of buf_[0]
  std::string buf_;
  int opens_ = 0;
};

struct Segment {
  uint64_t vaddr = 0, offset = 0, filesz = 0;
};
struct Range {
  uint64_t offset = 0, size = 0;
};

// What the executable's headers say: how to map addresses to file offsets and where to look.
struct Layout {
  std::vector<Segment> segments;
  std::vector<Range> data;  // file ranges searched for the header, in order
  bool known = false;       // an ELF, PE or Mach-O whose tables were read
};

// The file offset of `n` bytes at virtual address `va`, if one segment holds them all.
std::optional<uint64_t> file_offset(const Layout& layout, uint64_t va, uint64_t n) {
  for (const Segment& s : layout.segments) {
    if (va >= s.vaddr && va - s.vaddr <= s.filesz && n <= s.filesz - (va - s.vaddr)) {
      return s.offset + (va - s.vaddr);
    }
  }
  return std::nullopt;
}

bool parse_elf(std::string_view h, BinaryFile& file, Layout& out) {
  if (h.size() < 52) return false;
  const bool is64 = h[4] == 2;
  const bool be = h[5] == 2;
  if ((h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2) || (is64 && h.size() < 64)) return false;
  const uint64_t phoff = is64 ? load(h, 0x20, 8, be) : load(h, 0x1c, 4, be);
  const uint64_t phentsize = load(h, is64 ? 0x36 : 0x2a, 2, be);
  const uint64_t phnum = load(h, is64 ? 0x38 : 0x2c, 2, be);
  const uint64_t need = is64 ? 56 : 32;
  if (phnum == 0 || phentsize < need || phentsize > 4096 || phoff > (1ull << 48)) return false;
  std::string table;
  if (phoff + phnum * phentsize <= h.size()) {
    table = std::string(h.substr(static_cast<size_t>(phoff), phnum * phentsize));
  } else {
    auto t = file.at(phoff, phnum * phentsize);
    if (!t.is_ok() || t->size() < phnum * phentsize) return false;
    table = std::string(*t);
  }
  for (uint64_t i = 0; i < phnum; ++i) {
    const std::string_view p = std::string_view(table).substr(i * phentsize, phentsize);
    if (load(p, 0, 4, be) != 1) continue;  // PT_LOAD
    uint64_t flags, offset, vaddr, filesz;
    if (is64) {
      flags = load(p, 4, 4, be);
      offset = load(p, 8, 8, be);
      vaddr = load(p, 16, 8, be);
      filesz = load(p, 32, 8, be);
    } else {
      offset = load(p, 4, 4, be);
      vaddr = load(p, 8, 4, be);
      filesz = load(p, 16, 4, be);
      flags = load(p, 24, 4, be);
    }
    out.segments.push_back({vaddr, offset, filesz});
    if ((flags & 3) == 2 && filesz > 0) out.data.push_back({offset, filesz});  // W, not X
  }
  out.known = true;
  return true;
}

bool parse_pe(std::string_view h, Layout& out) {
  if (h.size() < 0x40) return false;
  const uint64_t pe = load(h, 0x3c, 4, false);
  if (pe + 24 > h.size() || h.substr(static_cast<size_t>(pe), 4) != std::string_view("PE\0\0", 4)) {
    return false;
  }
  const uint64_t nsections = load(h, pe + 6, 2, false);
  const uint64_t optsize = load(h, pe + 20, 2, false);
  const uint64_t opt = pe + 24;
  if (opt + optsize > h.size() || optsize < 32) return false;
  const uint64_t magic = load(h, opt, 2, false);
  uint64_t image_base = 0;
  if (magic == 0x10b) {
    image_base = load(h, opt + 28, 4, false);
  } else if (magic == 0x20b) {
    image_base = load(h, opt + 24, 8, false);
  } else {
    return false;
  }
  const uint64_t table = opt + optsize;
  for (uint64_t i = 0; i < nsections && table + (i + 1) * 40 <= h.size(); ++i) {
    const std::string_view s = h.substr(static_cast<size_t>(table + i * 40), 40);
    const uint64_t vsize = load(s, 8, 4, false), va = load(s, 12, 4, false);
    const uint64_t rawsize = load(s, 16, 4, false), raw = load(s, 20, 4, false);
    const uint64_t chars = load(s, 36, 4, false);
    out.segments.push_back({image_base + va, raw, std::min(rawsize, vsize ? vsize : rawsize)});
    // IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE, alignment bits aside.
    if (va != 0 && vsize != 0 && (chars & ~0x00f00000ull) == 0xc0000040ull && out.data.empty()) {
      out.data.push_back({raw, rawsize});
    }
  }
  out.known = true;
  return true;
}

bool parse_macho(std::string_view h, Layout& out) {
  if (h.size() < 28) return false;
  const uint32_t m = static_cast<uint32_t>(load(h, 0, 4, false));
  bool be, is64;
  if (m == 0xfeedface || m == 0xfeedfacf) {
    be = false;
    is64 = m == 0xfeedfacf;
  } else if (m == 0xcefaedfe || m == 0xcffaedfe) {
    be = true;
    is64 = m == 0xcffaedfe;
  } else {
    return false;
  }
  const uint64_t ncmds = load(h, 16, 4, be);
  uint64_t at = is64 ? 32 : 28;
  std::optional<Range> buildinfo, rw;
  for (uint64_t i = 0; i < ncmds && at + 8 <= h.size(); ++i) {
    const uint64_t cmd = load(h, at, 4, be), size = load(h, at + 4, 4, be);
    if (size < 8 || at + size > h.size()) break;
    const std::string_view c = h.substr(static_cast<size_t>(at), static_cast<size_t>(size));
    const bool seg64 = cmd == 0x19, seg32 = cmd == 0x1;
    if ((seg64 && size >= 72) || (seg32 && size >= 56)) {
      const size_t w = seg64 ? 8 : 4;
      const uint64_t vmaddr = load(c, 24, w, be);
      const uint64_t fileoff = load(c, 24 + 2 * w, w, be);
      const uint64_t filesize = load(c, 24 + 3 * w, w, be);
      const size_t p = 24 + 4 * w;
      const uint64_t maxprot = load(c, p, 4, be), initprot = load(c, p + 4, 4, be);
      const uint64_t nsects = load(c, p + 8, 4, be);
      out.segments.push_back({vmaddr, fileoff, filesize});
      if (!rw && vmaddr != 0 && filesize != 0 && maxprot == 3 && initprot == 3) {
        rw = Range{fileoff, filesize};
      }
      const size_t sect_size = seg64 ? 80 : 68;
      const size_t first = seg64 ? 72 : 56;
      for (uint64_t s = 0; s < nsects && first + (s + 1) * sect_size <= c.size(); ++s) {
        const std::string_view sec = c.substr(first + s * sect_size, sect_size);
        const std::string_view name = sec.substr(0, std::min<size_t>(16, sec.find('\0')));
        if (name != "__go_buildinfo") continue;
        const uint64_t ssize = load(sec, 32 + w, w, be);
        const uint64_t soff = load(sec, 32 + 2 * w, 4, be);
        buildinfo = Range{soff, ssize};
      }
    }
    at += size;
  }
  if (buildinfo) {
    out.data.push_back(*buildinfo);
  } else if (rw) {
    out.data.push_back(*rw);
  }
  out.known = true;
  return true;
}

// Reads a uvarint at `offset`; its value and length, or nullopt.
std::optional<std::pair<uint64_t, uint64_t>> read_uvarint(BinaryFile& file, uint64_t offset) {
  auto b = file.at(offset, 10);
  if (!b.is_ok()) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = 0; i < b->size() && i < 10; ++i) {
    const auto byte = static_cast<uint8_t>((*b)[i]);
    v |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return std::make_pair(v, static_cast<uint64_t>(i + 1));
  }
  return std::nullopt;
}

struct BuildInfo {
  std::string go_version;
  std::string mod;  // the module text without its framing, or empty
};

enum class Decode { kOk, kNotHeader, kBroken };

// Decodes the header at `offset`; kNotHeader for bytes that only happen to spell the magic.
Decode decode(BinaryFile& file, const Layout& layout, uint64_t offset, BuildInfo& out,
              std::string& why) {
  auto hv = file.at(offset, kHeaderSize);
  if (!hv.is_ok() || hv->size() < kHeaderSize) return Decode::kNotHeader;
  const std::string header(*hv);
  const auto ptr_size = static_cast<uint8_t>(header[14]);
  const auto flags = static_cast<uint8_t>(header[15]);
  if ((ptr_size != 4 && ptr_size != 8) || (flags & ~3u) != 0) return Decode::kNotHeader;
  std::string strings[2];
  if (flags & 2) {
    uint64_t at = offset + kHeaderSize;
    for (std::string& s : strings) {
      auto len = read_uvarint(file, at);
      if (!len || len->first > kMaxString) {
        why = "the build information's string lengths are unreadable";
        return Decode::kBroken;
      }
      auto data = file.at(at + len->second, len->first);
      if (!data.is_ok() || data->size() < len->first) {
        why = "the build information is cut short";
        return Decode::kBroken;
      }
      s = std::string(*data);
      at += len->second + len->first;
    }
  } else {
    const bool be = (flags & 1) != 0;
    for (int i = 0; i < 2; ++i) {
      const uint64_t addr = load(header, 16 + i * ptr_size, ptr_size, be);
      auto hdr_off = file_offset(layout, addr, 2ull * ptr_size);
      if (!hdr_off) {
        why = "the build information points outside the file";
        return Decode::kBroken;
      }
      auto hdr = file.at(*hdr_off, 2ull * ptr_size);
      if (!hdr.is_ok() || hdr->size() < 2ull * ptr_size) {
        why = "the build information points outside the file";
        return Decode::kBroken;
      }
      const uint64_t data_addr = load(*hdr, 0, ptr_size, be);
      const uint64_t len = load(*hdr, ptr_size, ptr_size, be);
      if (len > kMaxString) {
        why = "the build information's string lengths are unreadable";
        return Decode::kBroken;
      }
      if (len == 0) continue;
      auto data_off = file_offset(layout, data_addr, len);
      if (!data_off) {
        why = "the build information points outside the file";
        return Decode::kBroken;
      }
      auto data = file.at(*data_off, len);
      if (!data.is_ok() || data->size() < len) {
        why = "the build information is cut short";
        return Decode::kBroken;
      }
      strings[i] = std::string(*data);
    }
  }
  if (strings[0].empty()) return Decode::kNotHeader;
  out.go_version = std::move(strings[0]);
  std::string& mod = strings[1];
  if (mod.size() >= 33 && mod[mod.size() - 17] == '\n') {
    out.mod = mod.substr(16, mod.size() - 32);
  }
  return Decode::kOk;
}

// Splits a tab-separated line.
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    out.push_back(
        line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

class GoBinaryExtractor final : public Extractor {
 public:
  std::string_view id() const override { return "go-binary"; }

  bool claims(const FileRef& file) const override {
    if (file.info.type != FileType::kRegular || file.info.size < 64) return false;
    if ((file.info.mode & 0111) != 0 || file.name.ends_with(".exe")) return true;
    const std::string_view dir = parent_path(file.path);
    const std::string_view dir_name = base_name(dir);
    return dir_name == "bin" || dir_name == "sbin";
  }
  // A binary given directly that lost its executable bit: an executable format by its magic.
  bool recognizes(std::string_view /*name*/, std::string_view head) const override {
    if (head.size() < 64) return false;
    const uint32_t m = static_cast<uint32_t>(load(head, 0, 4, false));
    return head.starts_with(kElfMagic) || head.starts_with("MZ") || m == 0xfeedface ||
           m == 0xfeedfacf || m == 0xcefaedfe || m == 0xcffaedfe;
  }
  bool self_contained() const override { return true; }
  // Streamed, never held whole.
  uint64_t max_file_size() const override { return 1ull << 40; }

  void extract(const FileRef& file, ExtractContext& ctx) const override {
    BinaryFile bin(ctx.fs(), file.path);
    auto head_view = bin.at(0, kHeadBytes);
    if (!head_view.is_ok()) {
      ctx.warn(head_view.status().message());
      return;
    }
    std::string head(*head_view);
    if (head.size() >= 28 && head.size() == kHeadBytes) {
      // Mach-O: the load commands follow the header (sizeofcmds at byte 20).
      const auto m = static_cast<uint32_t>(load(head, 0, 4, false));
      const bool be = m == 0xcefaedfe || m == 0xcffaedfe;
      if (be || m == 0xfeedface || m == 0xfeedfacf) {
        const uint64_t want = std::min<uint64_t>(32 + load(head, 20, 4, be), kMaxHead);
        if (want > head.size()) {
          auto more = bin.at(0, want);
          if (more.is_ok()) head = std::string(*more);
        }
      }
    }
    Layout layout;
    if (head.starts_with(kElfMagic)) {
      parse_elf(head, bin, layout);
    } else if (head.starts_with("MZ")) {
      parse_pe(head, layout);
    } else if (!parse_macho(head, layout)) {
      // Universal Mach-O ("\xca\xfe\xba\xbe" and a small architecture count, unlike a Java
      // class file's version): searched whole, which finds the inline format of Go 1.18+.
      const bool fat =
          head.size() >= 8 && head.starts_with("\xca\xfe\xba\xbe") && load(head, 4, 4, true) < 45;
      if (!fat) return;  // not an executable format Go writes
    }
    std::vector<Range> ranges = layout.data;
    if (ranges.empty()) ranges.push_back({0, file.info.size ? file.info.size : ~0ull >> 1});
    std::string broken;
    uint64_t broken_at = 0;
    for (const Range& r : ranges) {
      std::optional<uint64_t> found = search(bin, layout, r, ctx, broken, broken_at);
      if (found) return;
    }
    if (!broken.empty()) ctx.warn_at_offset("not valid Go build information: " + broken, broken_at);
  }

 private:
  // Searches one file range for a header that decodes; reports it and returns its offset.
  std::optional<uint64_t> search(BinaryFile& bin, const Layout& layout, const Range& r,
                                 ExtractContext& ctx, std::string& broken,
                                 uint64_t& broken_at) const {
    constexpr uint64_t kChunk = 1 << 20;
    for (uint64_t chunk = 0; chunk < r.size; chunk += kChunk) {
      const uint64_t len = std::min(kChunk, r.size - chunk);
      auto view = bin.at(r.offset + chunk, len + kMagic.size());
      if (!view.is_ok()) {
        ctx.warn(view.status().message());
        return std::nullopt;
      }
      if (view->empty()) return std::nullopt;
      // Copy the candidate offsets first: decoding moves the window.
      std::vector<uint64_t> candidates;
      for (size_t i = view->find(kMagic); i != std::string_view::npos && i < len;
           i = view->find(kMagic, i + 1)) {
        if ((chunk + i) % kAlign == 0) candidates.push_back(r.offset + chunk + i);
      }
      for (uint64_t at : candidates) {
        BuildInfo info;
        std::string why;
        const Decode d = decode(bin, layout, at, info, why);
        if (d == Decode::kOk) {
          report(info, at, ctx);
          return at;
        }
        if (d == Decode::kBroken && broken.empty()) {
          broken = why;
          broken_at = at;
        }
      }
    }
    return std::nullopt;
  }

  static void report(const BuildInfo& info, uint64_t offset, ExtractContext& ctx) {
    CappedWarnings warnings(ctx);
    std::vector<Component> out;
    std::string arch;
    Component stdlib;
    stdlib.name = std::string(golang::kStdlib);
    if (auto v = golang::toolchain_semver(info.go_version)) {
      stdlib.version = *v;
    } else {
      stdlib.version_note = "built by Go \"" + info.go_version + "\", which is no release";
    }
    out.push_back(std::move(stdlib));

    std::string_view rest = info.mod;
    size_t line_start = 0;
    constexpr size_t kNone = ~size_t{0};
    size_t last = kNone;  // the mod or dep (index in `out`) an "=>" line replaces
    std::string last_version;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      const size_t consumed = nl == std::string_view::npos ? rest.size() : nl + 1;
      rest.remove_prefix(consumed);
      const size_t here = line_start;
      line_start += consumed;
      if (line.empty()) continue;
      const std::vector<std::string_view> f = fields(line);
      const std::string_view kind = f[0];
      if (kind == "path") continue;
      if (kind == "build") {
        if (f.size() >= 2 && f[1].starts_with("GOARCH=")) arch = std::string(f[1].substr(7));
        continue;
      }
      if (kind == "mod" || kind == "dep") {
        if (f.size() < 3 || f[1].empty()) {
          warnings.warn_at_offset("not valid Go build information: \"" + std::string(kind) +
                                      "\" line without a module and version (byte " +
                                      std::to_string(here) + " of the module text)",
                                  offset);
          last = kNone;
          continue;
        }
        Component c;
        c.name = std::string(f[1]);
        last_version = std::string(f[2]);
        if (f[2] == "(devel)" || f[2].empty()) {
          c.version_note = "built from a source tree without a version (\"(devel)\")";
        } else {
          c.version = std::string(f[2]);
        }
        out.push_back(std::move(c));
        last = out.size() - 1;
        continue;
      }
      if (kind == "=>") {
        if (last == kNone || f.size() < 2 || f[1].empty()) {
          warnings.warn_at_offset(
              "not valid Go build information: a replacement (\"=>\") that follows "
              "no module",
              offset);
          continue;
        }
        const std::string_view version = f.size() >= 3 ? f[2] : std::string_view();
        Component& replaced = out[last];
        if (golang::is_directory_path(f[1]) || version.empty() || version == "(devel)") {
          replaced.version.clear();
          replaced.version_note = "replaced by the directory " + std::string(f[1]);
          if (!last_version.empty() && last_version != "(devel)")
            replaced.version_note += " (was " + last_version + ")";
        } else {
          replaced.name = std::string(f[1]);
          replaced.version = std::string(version);
          replaced.version_note.clear();
        }
        last = kNone;
        continue;
      }
      warnings.warn_at_offset("not valid Go build information: unknown line \"" +
                                  std::string(line.substr(0, 80)) + "\"",
                              offset);
    }
    for (Component& c : out) {
      c.ecosystem = "Go";
      c.scope = Scope::kRuntime;
      c.arch = arch;
      c.purl = golang::module_purl(c.name, c.version);
      ctx.add(std::move(c));
    }
  }
};

}  // namespace

const Extractor& go_binary_extractor() {
  static const GoBinaryExtractor extractor;
  return extractor;
}

}  // namespace upkeep::inventory
