// SPDX-License-Identifier: Apache-2.0
//
// Image archives: `docker save` (manifest.json, a config with rootfs.diff_ids, layers as
// `<id>/layer.tar` or `blobs/sha256/<hex>`) and OCI image layouts (oci-layout, index.json ->
// manifest -> config and layer blobs, possibly through a multi-platform index).
//
// Everything is read as a stream with libarchive; nothing is written to disk and nothing large
// is buffered. The outer tar is read several times when it needs to be: once for the small
// metadata files (manifest.json, index.json, configs), then once per run of layers stored in
// the order they apply (a file can be re-opened and its unwanted entries skipped, which costs a
// seek; buffering a layer would cost its size in memory). Each layer streams through a second
// libarchive reader (gzip and zstd layers are decompressed on the fly) and is applied to a small
// merged tree that keeps only what extractors read.
//
// Names are never trusted: a ".." component is refused, absolute names are made relative, and
// links are kept inside the in-memory tree, whose resolution never leaves its root.
#include "inventory/image.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "inventory/formats/json.h"
#include "inventory/targets.h"

namespace upkeep::inventory::detail {
namespace {

// The object at `key`, as an element (the formats:: accessors take elements), or nullopt.
std::optional<simdjson::dom::element> object_at(simdjson::dom::element element,
                                                std::string_view key) {
  simdjson::dom::element out;
  if (element[key].get(out) != simdjson::SUCCESS || !out.is_object()) return std::nullopt;
  return out;
}

constexpr size_t kReadBlock = 64 << 10;
// Metadata (manifest.json, index.json, image manifests and configs) is small JSON: the first
// pass keeps every small JSON-looking entry so that most archives need no second metadata pass.
constexpr uint64_t kSmallMetadata = 1 << 20;
constexpr uint64_t kMaxCachedMetadata = 64 << 20;
constexpr uint64_t kMaxMetadataBlob = 16 << 20;
// Entries of the outer archive in one pass (blobs of a few images; docker's legacy layout has
// four entries per layer).
constexpr uint64_t kMaxOuterEntries = 1 << 20;
// Bytes of kept files (lockfiles, package databases, package.json of node_modules...) in one
// merged tree: the memory of an image scan is this, not the archive's size.
constexpr uint64_t kMaxKeptBytes = 1ull << 30;
// Files extractors read beside the one they claim, kept whatever claims them (bounded).
constexpr uint64_t kMaxCompanionBytes = 16 << 20;
constexpr size_t kMaxSymlinkTarget = 4096;
constexpr size_t kMaxImages = 64;
constexpr size_t kMaxLayers = 1000;  // docker refuses more than 127
constexpr int kMaxIndexDepth = 4;
// Descriptors followed in all indexes together: indexes pointing at each other many times over
// must not multiply the work.
constexpr size_t kMaxDescriptors = 1024;
constexpr int kMaxLinkHops = 8;
constexpr int kMaxMetadataPasses = 4;
// Per layer, warnings about its entries past this many are counted, not listed.
constexpr size_t kMaxEntryWarnings = 20;

// ---------------------------------------------------------------------------------------------
// libarchive plumbing

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

std::string error_text(archive* a) {
  const char* s = archive_error_string(a);
  return s != nullptr && *s != '\0' ? s : "unreadable data";
}

// Where reading stopped: the (uncompressed) bytes of the stream consumed so far.
std::string position(archive* a) {
  const la_int64_t n = archive_filter_bytes(a, 0);
  return n >= 0 ? "byte " + std::to_string(n) : std::string("unknown position");
}

// The compressions of image layers (OCI tar, tar+gzip, tar+zstd) and of a compressed
// `docker save | gzip`. Only filters libarchive runs in-process: never one that would spawn an
// external program on untrusted input.
void support_filters(archive* a) {
  archive_read_support_filter_none(a);
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_zstd(a);
  archive_read_support_filter_xz(a);
  archive_read_support_filter_bzip2(a);
}

ArchivePtr open_outer(const ArchiveSource& source, Status& status) {
  ArchivePtr a(archive_read_new());
  if (!a) {
    status = Status::internal("out of memory");
    return nullptr;
  }
  archive_read_support_format_tar(a.get());
  support_filters(a.get());
  const int r = source.path.empty()
                    ? archive_read_open_memory(a.get(), source.memory.data(), source.memory.size())
                    : archive_read_open_filename(a.get(), source.path.c_str(), kReadBlock);
  if (r != ARCHIVE_OK) {
    status = Status::invalid_argument("not a tar archive (docker save or OCI image layout): " +
                                      error_text(a.get()));
    return nullptr;
  }
  return a;
}

// A name inside an archive as a path of the image: "/"-rooted, without "." or empty components.
// nullopt when a component is "..": such a name is refused, never resolved.
std::optional<std::string> safe_path(std::string_view raw) {
  std::string out;
  size_t i = 0;
  while (i <= raw.size()) {
    size_t slash = raw.find('/', i);
    if (slash == std::string_view::npos) slash = raw.size();
    const std::string_view part = raw.substr(i, slash - i);
    if (part == "..") return std::nullopt;
    if (!part.empty() && part != ".") {
      out += '/';
      out += part;
    }
    i = slash + 1;
  }
  return out.empty() ? std::string("/") : out;
}

// An outer entry's name relative to the archive root ("manifest.json", "blobs/sha256/ab..."),
// or empty when refused.
std::string outer_name(std::string_view raw) {
  auto p = safe_path(raw);
  if (!p || *p == "/") return {};
  return p->substr(1);
}

const char* entry_name(archive_entry* e) {
  const char* name = archive_entry_pathname(e);
  return name != nullptr ? name : archive_entry_pathname_utf8(e);
}

// One pass over the outer archive. `visit` returns false to end the pass early. An error when
// the archive cannot be opened or an entry header cannot be read.
template <typename Visit>
Status outer_pass(const ArchiveSource& source, Visit&& visit) {
  Status status;
  ArchivePtr a = open_outer(source, status);
  if (!a) return status;
  uint64_t entries = 0;
  for (;;) {
    archive_entry* e = nullptr;
    const int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) return Status::ok();
    if (r < ARCHIVE_WARN) {
      return Status::corruption(position(a.get()) + ": " + error_text(a.get()));
    }
    if (++entries > kMaxOuterEntries) {
      return Status::invalid_argument("more than " + std::to_string(kMaxOuterEntries) +
                                      " entries: not an image archive");
    }
    const char* raw = entry_name(e);
    if (!visit(outer_name(raw != nullptr ? raw : ""), a.get(), e)) return Status::ok();
  }
}

// Reads the current entry's data, at most `limit` bytes; an error when there is more or the
// data cannot be read. Grows as data arrives, so a header that lies about its size costs
// nothing.
Result<std::string> read_entry(archive* a, uint64_t limit) {
  std::string data;
  char buf[kReadBlock];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buf, sizeof(buf));
    if (n < 0) return Status::corruption(error_text(a));
    if (n == 0) return data;
    if (data.size() + static_cast<uint64_t>(n) > limit) {
      return Status::invalid_argument("more than " + std::to_string(limit) + " bytes");
    }
    data.append(buf, static_cast<size_t>(n));
  }
}

// ---------------------------------------------------------------------------------------------
// Warnings

// Collects the diagnostics of one archive: about the archive itself (file = the archive) or
// about a path inside the image (file = that path).
class Reporter {
 public:
  Reporter(std::vector<Diagnostic>& out, std::string archive)
      : out_(out), archive_(std::move(archive)) {}

  void archive_warning(std::string message) { push(archive_, std::move(message)); }
  void path_warning(std::string_view path, std::string message) {
    push(std::string(path), std::move(message));
  }
  const std::string& archive_name() const { return archive_; }

 private:
  void push(std::string file, std::string message) {
    Diagnostic d;
    d.file = std::move(file);
    d.message = std::move(message);
    out_.push_back(std::move(d));
  }
  std::vector<Diagnostic>& out_;
  std::string archive_;
};

// ---------------------------------------------------------------------------------------------
// What the archive says about its images

struct LayerRef {
  std::string entry;    // outer entry holding the layer
  std::string diff_id;  // "sha256:..." of the uncompressed layer (or the best name there is)
};

struct ImagePlan {
  std::string name;
  std::string platform;
  std::vector<LayerRef> layers;
};

// The outer archive's regular entries, links between its entries, and the metadata read so
// far. get() records what is asked for and not yet read, for the next metadata pass.
class ArchiveIndex {
 public:
  std::set<std::string> regular;
  std::map<std::string, std::string> links;  // entry -> entry it links to
  std::map<std::string, std::string> blobs;  // entry -> content (metadata only)
  std::set<std::string> wanted;              // asked for, not read yet
  std::set<std::string> unreadable;          // asked for, could not be read

  // The regular entry `name` names after following links, or empty.
  std::string resolve(std::string name) const {
    for (int hop = 0; hop < kMaxLinkHops; ++hop) {
      if (regular.contains(name)) return name;
      auto it = links.find(name);
      if (it == links.end()) return {};
      name = it->second;
    }
    return {};
  }

  const std::string* get(const std::string& name) {
    const std::string entry = resolve(name);
    if (entry.empty()) return nullptr;
    if (auto it = blobs.find(entry); it != blobs.end()) return &it->second;
    if (!unreadable.contains(entry)) wanted.insert(entry);
    return nullptr;
  }
};

bool looks_like_json_object(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

// "sha256:<hex>" -> "blobs/sha256/<hex>" (OCI image layout); empty when the digest is not of
// the form the spec allows (which also keeps '/' and ".." out of the entry name).
std::string blob_entry(std::string_view digest) {
  const size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == digest.size()) return {};
  const std::string_view algorithm = digest.substr(0, colon);
  const std::string_view encoded = digest.substr(colon + 1);
  for (char c : algorithm) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return {};
  }
  for (char c : encoded) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '=' || c == '_' || c == '-';
    if (!ok) return {};
  }
  std::string out = "blobs/";
  out += algorithm;
  out += '/';
  out += encoded;
  return out;
}

std::string platform_string(std::string_view os, std::string_view arch, std::string_view variant) {
  if (os.empty() && arch.empty()) return {};
  std::string out(os);
  out += '/';
  out += arch;
  if (!variant.empty()) {
    out += '/';
    out += variant;
  }
  return out;
}

// An image config (OCI or docker): the diff ids of its layers and its platform.
struct ImageConfig {
  std::vector<std::string> diff_ids;
  std::string platform;
};

std::optional<ImageConfig> parse_config(const std::string& text, std::string& why) {
  formats::JsonDocument doc;
  if (auto err = doc.parse(text)) {
    why = "not valid JSON: " + err->message;
    return std::nullopt;
  }
  ImageConfig config;
  config.platform = platform_string(formats::get_string(doc.root(), "os"),
                                    formats::get_string(doc.root(), "architecture"),
                                    formats::get_string(doc.root(), "variant"));
  if (auto rootfs = object_at(doc.root(), "rootfs")) {
    simdjson::dom::array ids;
    if ((*rootfs)["diff_ids"].get(ids) == simdjson::SUCCESS) {
      for (simdjson::dom::element id : ids) {
        std::string_view s;
        if (id.get(s) == simdjson::SUCCESS) config.diff_ids.emplace_back(s);
      }
    }
  }
  return config;
}

// Turns what the archive's metadata says into image plans. Run again after each metadata pass
// until nothing more is wanted; warnings are collected and only kept from the last run.
class Planner {
 public:
  Planner(ArchiveIndex& index, const std::string& archive) : index_(index), archive_(archive) {}

  std::vector<ImagePlan> images;
  std::vector<std::string> warnings;
  Status error;

  void run() {
    images.clear();
    warnings.clear();
    error = Status::ok();
    descriptors_ = 0;
    if (index_.resolve("manifest.json").size() > 0) {
      if (docker_manifest()) return;
    }
    if (index_.resolve("index.json").size() > 0) {
      oci_index();
      return;
    }
    if (error.is_ok()) {
      error = Status::invalid_argument(
          archive_ + ": not a docker save or OCI image archive (no manifest.json or index.json)");
    }
  }

 private:
  // `docker save`: an array of {Config, RepoTags, Layers}. False when unusable (an OCI
  // index.json may still describe the image).
  bool docker_manifest() {
    const std::string* text = index_.get("manifest.json");
    if (text == nullptr) {
      if (!index_.unreadable.contains(index_.resolve("manifest.json"))) return true;  // next pass
      note_or_fail("manifest.json cannot be read");
      return false;
    }
    formats::JsonDocument doc;
    simdjson::dom::array items;
    if (auto err = doc.parse(*text)) {
      note_or_fail("manifest.json: not valid JSON at line " + std::to_string(err->line) +
                   ", column " + std::to_string(err->column) + ": " + err->message);
      return false;
    }
    if (doc.root().get(items) != simdjson::SUCCESS) {
      note_or_fail("manifest.json: not an array of images");
      return false;
    }
    size_t k = 0;
    for (simdjson::dom::element item : items) {
      ++k;
      if (images.size() >= kMaxImages) {
        warnings.push_back("manifest.json: more than " + std::to_string(kMaxImages) +
                           " images; the rest are not read");
        break;
      }
      ImagePlan plan;
      simdjson::dom::array tags;
      if (item["RepoTags"].get(tags) == simdjson::SUCCESS) {
        for (simdjson::dom::element t : tags) {
          std::string_view s;
          if (t.get(s) == simdjson::SUCCESS && plan.name.empty()) plan.name = std::string(s);
        }
      }
      std::vector<std::string> layer_names;
      simdjson::dom::array layers;
      if (item["Layers"].get(layers) != simdjson::SUCCESS) {
        warnings.push_back("manifest.json: image " + std::to_string(k) + " has no Layers");
        continue;
      }
      for (simdjson::dom::element l : layers) {
        std::string_view s;
        if (l.get(s) != simdjson::SUCCESS) {
          warnings.push_back("manifest.json: image " + std::to_string(k) +
                             ": a layer is not a string");
          continue;
        }
        layer_names.emplace_back(s);
      }
      std::optional<ImageConfig> config;
      const std::string config_name = std::string(formats::get_string(item, "Config"));
      if (!config_name.empty()) config = read_config(config_name);
      if (config) plan.platform = config->platform;
      std::vector<std::string> fallback;
      for (const auto& name : layer_names) {
        // docker's legacy layout names layers "<id>/layer.tar"; newer ones "blobs/sha256/<hex>"
        // of uncompressed layers, whose digest is the diff id.
        std::string id = name;
        if (name.starts_with("blobs/sha256/")) id = "sha256:" + name.substr(13);
        fallback.push_back(std::move(id));
      }
      add_layers(plan, layer_names, config, fallback, "manifest.json image " + std::to_string(k));
      images.push_back(std::move(plan));
    }
    return true;
  }

  // OCI image layout: index.json lists manifests (or nested indexes).
  void oci_index() {
    const std::string* text = index_.get("index.json");
    if (text == nullptr) {
      if (index_.unreadable.contains(index_.resolve("index.json"))) {
        error = Status::invalid_argument(archive_ + ": index.json cannot be read");
      }
      return;
    }
    formats::JsonDocument doc;
    if (auto err = doc.parse(*text)) {
      error = Status::invalid_argument(archive_ + ": index.json: not valid JSON at line " +
                                       std::to_string(err->line) + ", column " +
                                       std::to_string(err->column) + ": " + err->message);
      return;
    }
    auto manifests = formats::get_array(doc.root(), "manifests");
    if (!manifests) {
      error = Status::invalid_argument(archive_ + ": index.json has no \"manifests\" array");
      return;
    }
    select(*manifests, 0, "", "index.json");
  }

  struct Descriptor {
    std::string media_type, digest, platform, os, arch, name;
    bool attestation = false;
  };

  static Descriptor descriptor(simdjson::dom::element d) {
    Descriptor out;
    out.media_type = std::string(formats::get_string(d, "mediaType"));
    out.digest = std::string(formats::get_string(d, "digest"));
    if (auto p = object_at(d, "platform")) {
      out.os = std::string(formats::get_string(*p, "os"));
      out.arch = std::string(formats::get_string(*p, "architecture"));
      out.platform = platform_string(out.os, out.arch, formats::get_string(*p, "variant"));
    }
    if (auto a = object_at(d, "annotations")) {
      // containerd's full reference first; the OCI ref name is often only a tag.
      std::string_view name = formats::get_string(*a, "io.containerd.image.name");
      if (name.empty()) name = formats::get_string(*a, "org.opencontainers.image.ref.name");
      out.name = std::string(name);
      out.attestation =
          formats::get_string(*a, "vnd.docker.reference.type") == "attestation-manifest";
    }
    // BuildKit stores attestations as manifests for the platform "unknown/unknown".
    if (out.os == "unknown") out.attestation = true;
    return out;
  }

  void select(simdjson::dom::array list, int depth, const std::string& name,
              const std::string& where) {
    std::vector<Descriptor> all;
    for (simdjson::dom::element d : list)
      all.push_back(descriptor(d));
    std::erase_if(all, [](const Descriptor& d) { return d.attestation; });
    const auto with_platform = std::count_if(
        all.begin(), all.end(), [](const Descriptor& d) { return !d.platform.empty(); });
    if (with_platform >= 2) {
      // A multi-platform index: one image, read for linux/amd64 (what a scanner of a server
      // fleet wants), else the first linux one, else the first.
      auto pick = std::find_if(all.begin(), all.end(), [](const Descriptor& d) {
        return d.os == "linux" && d.arch == "amd64";
      });
      if (pick == all.end()) {
        pick = std::find_if(all.begin(), all.end(),
                            [](const Descriptor& d) { return d.os == "linux"; });
        if (pick == all.end()) pick = all.begin();
        std::string platforms;
        for (const auto& d : all)
          platforms += (platforms.empty() ? "" : ", ") + d.platform;
        warnings.push_back(where + ": no linux/amd64 image among " + platforms + "; read " +
                           pick->platform);
      }
      Descriptor chosen = *pick;
      all = {chosen};
    }
    for (const Descriptor& d : all) {
      if (++descriptors_ > kMaxDescriptors) {
        warnings.push_back(where + ": more than " + std::to_string(kMaxDescriptors) +
                           " descriptors in the indexes; the rest are not read");
        return;
      }
      if (images.size() >= kMaxImages) {
        warnings.push_back(where + ": more than " + std::to_string(kMaxImages) +
                           " images; the rest are not read");
        return;
      }
      const std::string entry = blob_entry(d.digest);
      if (entry.empty()) {
        warnings.push_back(where + ": a descriptor has an invalid digest \"" + d.digest + "\"");
        continue;
      }
      const std::string* text = index_.get(entry);
      if (text == nullptr) {
        if (index_.resolve(entry).empty() || index_.unreadable.contains(entry)) {
          warnings.push_back(where + ": " + d.digest + " is not in the archive");
        }
        continue;
      }
      formats::JsonDocument doc;
      if (auto err = doc.parse(*text)) {
        warnings.push_back(entry + ": not valid JSON at line " + std::to_string(err->line) + ": " +
                           err->message);
        continue;
      }
      const std::string image_name = d.name.empty() ? name : d.name;
      auto nested = formats::get_array(doc.root(), "manifests");
      const bool is_index = d.media_type.find("index") != std::string::npos ||
                            d.media_type.find("manifest.list") != std::string::npos ||
                            (nested && !formats::get_array(doc.root(), "layers"));
      if (is_index) {
        if (!nested) {
          warnings.push_back(entry + ": an index without \"manifests\"");
        } else if (depth >= kMaxIndexDepth) {
          warnings.push_back(entry + ": indexes nested deeper than " +
                             std::to_string(kMaxIndexDepth) + " are not read");
        } else {
          select(*nested, depth + 1, image_name, entry);
        }
        continue;
      }
      manifest(doc.root(), entry, image_name, d.platform);
    }
  }

  void manifest(simdjson::dom::element m, const std::string& entry, const std::string& name,
                const std::string& platform) {
    ImagePlan plan;
    plan.name = name;
    plan.platform = platform;
    std::optional<ImageConfig> config;
    if (auto c = object_at(m, "config")) {
      const std::string_view media = formats::get_string(*c, "mediaType");
      if (!media.empty() && media.find("image.config") == std::string_view::npos &&
          media.find("container.image") == std::string_view::npos) {
        warnings.push_back(entry + ": not a container image (config " + std::string(media) + ")");
        return;
      }
      const std::string config_entry = blob_entry(formats::get_string(*c, "digest"));
      if (!config_entry.empty()) config = read_config(config_entry);
    }
    if (config && !config->platform.empty()) plan.platform = config->platform;
    std::vector<std::string> names, fallback;
    if (auto layers = formats::get_array(m, "layers")) {
      for (simdjson::dom::element l : *layers) {
        const std::string_view digest = formats::get_string(l, "digest");
        const std::string layer_entry = blob_entry(digest);
        if (layer_entry.empty()) {
          warnings.push_back(entry + ": a layer has an invalid digest \"" + std::string(digest) +
                             "\"");
          continue;
        }
        names.push_back(layer_entry);
        fallback.emplace_back(digest);
      }
    } else {
      warnings.push_back(entry + ": an image manifest without \"layers\"");
    }
    add_layers(plan, names, config, fallback, entry);
    images.push_back(std::move(plan));
  }

  std::optional<ImageConfig> read_config(const std::string& name) {
    const std::string* text = index_.get(name);
    if (text == nullptr) {
      if (index_.resolve(name).empty() || index_.unreadable.contains(name)) {
        warnings.push_back("image config " + name + " is not in the archive");
      }
      return std::nullopt;
    }
    std::string why;
    auto config = parse_config(*text, why);
    if (!config) warnings.push_back(name + ": " + why);
    return config;
  }

  void add_layers(ImagePlan& plan, const std::vector<std::string>& names,
                  const std::optional<ImageConfig>& config,
                  const std::vector<std::string>& fallback, const std::string& where) {
    const bool ids_match = config && config->diff_ids.size() == names.size();
    if (config && !ids_match) {
      warnings.push_back(where + ": the config lists " + std::to_string(config->diff_ids.size()) +
                         " diff ids for " + std::to_string(names.size()) +
                         " layers; layers are named by their blobs");
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (plan.layers.size() >= kMaxLayers) {
        warnings.push_back(where + ": more than " + std::to_string(kMaxLayers) +
                           " layers; the rest are not read");
        break;
      }
      const std::string safe = outer_name(names[i]);
      if (safe.empty()) {
        warnings.push_back(where + ": layer name \"" + names[i] + "\" is refused");
        continue;
      }
      const std::string entry = index_.resolve(safe);
      const std::string id = ids_match ? config->diff_ids[i] : fallback[i];
      if (entry.empty()) {
        warnings.push_back(where + ": layer " + std::to_string(i + 1) + " (" + names[i] +
                           ") is not in the archive; the image is read without it");
        continue;
      }
      plan.layers.push_back(LayerRef{entry, id});
    }
  }

  // A manifest.json that cannot be used: a warning when index.json can still describe the
  // image, else the error.
  void note_or_fail(std::string message) {
    if (index_.resolve("index.json").empty()) {
      error = Status::invalid_argument(archive_ + ": " + message);
    } else {
      warnings.push_back(message + "; reading index.json instead");
    }
  }

  ArchiveIndex& index_;
  const std::string& archive_;
  size_t descriptors_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The merged tree

// Files extractors read beside the one they claim (go.sum beside go.mod, the distribution's
// release files, manifests that say which dependencies are direct), kept for the walk whether
// or not some extractor claims them.
bool is_companion(std::string_view path) {
  static constexpr std::string_view kPaths[] = {
      "/etc/os-release",     "/usr/lib/os-release", "/etc/lsb-release",   "/etc/alpine-release",
      "/etc/debian_version", "/etc/redhat-release", "/etc/system-release"};
  for (auto p : kPaths) {
    if (path == p) return true;
  }
  const std::string_view name = base_name(path);
  if (name == "go.sum" || name == "pyproject.toml" || name == "Pipfile" ||
      name == "composer.json") {
    return true;
  }
  if (name == "package.json") return path.find("/node_modules/") == std::string_view::npos;
  // requirements files included with -r / -c from another one.
  if ((name.ends_with(".txt") || name.ends_with(".in")) &&
      (name.find("requirements") != std::string_view::npos ||
       name.find("constraints") != std::string_view::npos)) {
    return true;
  }
  return false;
}

class LayerTree {
 public:
  struct Node {
    bool symlink = false;
    uint32_t mode = 0644;
    size_t layer = 0;
    std::string data;  // content, or the link target
  };
  struct Found {
    size_t layer = 0;
    std::vector<Component> components;
  };

  // A non-directory entry replaces whatever was at `path`, and everything below it.
  void replace(const std::string& path) { erase(path, true, kAllLayers); }
  // A directory entry replaces a file or link at `path`; what is below merges.
  void directory(const std::string& path) { erase_exact(path); }
  // `.wh.<name>`: deletes `path` as the layers below this one left it.
  void whiteout(const std::string& path, size_t layer) { erase(path, true, layer); }
  // `.wh..wh..opq`: hides what the layers below put in `dir`; this layer's own entries stay.
  void opaque(const std::string& dir, size_t layer) { erase(dir, false, layer); }

  void add_file(const std::string& path, std::string data, uint32_t mode, size_t layer) {
    clear_ancestors(path);
    kept_bytes_ += data.size();
    nodes_[path] = Node{false, mode, layer, std::move(data)};
  }
  void add_symlink(const std::string& path, std::string target, size_t layer) {
    clear_ancestors(path);
    kept_bytes_ += target.size();
    nodes_[path] = Node{true, 0777, layer, std::move(target)};
  }
  void add_found(const std::string& path, size_t layer, std::vector<Component> components) {
    clear_ancestors(path);
    Found& f = found_[path];
    f.layer = layer;
    for (auto& c : components)
      f.components.push_back(std::move(c));
  }

  const Node* node(const std::string& path) const {
    auto it = nodes_.find(path);
    return it == nodes_.end() ? nullptr : &it->second;
  }
  const Found* found(const std::string& path) const {
    auto it = found_.find(path);
    return it == found_.end() ? nullptr : &it->second;
  }
  uint64_t kept_bytes() const { return kept_bytes_; }

  // Moves everything into the merged image.
  void build(const std::vector<std::string>& diff_ids, MergedImage& out) {
    for (auto& [path, n] : nodes_) {
      if (n.symlink) {
        out.fs.add_symlink(path, std::move(n.data));
      } else {
        out.fs.add_file(path, std::move(n.data), n.mode);
        out.layer_of.emplace(path, diff_ids[n.layer]);
      }
    }
    for (auto& [path, f] : found_) {
      for (auto& c : f.components)
        out.components.push_back(std::move(c));
    }
    nodes_.clear();
    found_.clear();
    kept_bytes_ = 0;
  }

 private:
  static constexpr size_t kAllLayers = static_cast<size_t>(-1);

  template <typename Map>
  void erase_in(Map& map, const std::string& path, bool self, size_t below) {
    if (self) {
      auto it = map.find(path);
      if (it != map.end() && it->second.layer < below) drop(map, it);
    }
    const std::string prefix = path == "/" ? "/" : path + "/";
    for (auto it = map.lower_bound(prefix); it != map.end() && it->first.starts_with(prefix);) {
      if (it->second.layer < below) {
        it = drop(map, it);
      } else {
        ++it;
      }
    }
  }
  void erase(const std::string& path, bool self, size_t below) {
    erase_in(nodes_, path, self, below);
    erase_in(found_, path, self, below);
  }
  void erase_exact(const std::string& path) {
    if (auto it = nodes_.find(path); it != nodes_.end()) drop(nodes_, it);
    found_.erase(path);
  }
  // A file at /a/b/c makes /a and /a/b directories: a kept file or link there is gone.
  void clear_ancestors(std::string_view path) {
    for (std::string_view p = parent_path(path); p != "/"; p = parent_path(p)) {
      const std::string key(p);
      erase_exact(key);
    }
  }
  std::map<std::string, Node>::iterator drop(std::map<std::string, Node>& map,
                                             std::map<std::string, Node>::iterator it) {
    kept_bytes_ -= it->second.data.size();
    return map.erase(it);
  }
  std::map<std::string, Found>::iterator drop(std::map<std::string, Found>& map,
                                              std::map<std::string, Found>::iterator it) {
    return map.erase(it);
  }

  std::map<std::string, Node> nodes_;
  std::map<std::string, Found> found_;
  uint64_t kept_bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Applying one layer

// Bounds over one archive read: entries and (uncompressed) bytes of all layers.
struct Budget {
  uint64_t entries = 0;
  uint64_t bytes = 0;
};

// The outer entry's data as the input of the layer's own reader.
struct LayerStream {
  archive* outer = nullptr;
  std::vector<char> buffer = std::vector<char>(kReadBlock);
};

la_ssize_t layer_read(archive* inner, void* data, const void** block) {
  auto* s = static_cast<LayerStream*>(data);
  const la_ssize_t n = archive_read_data(s->outer, s->buffer.data(), s->buffer.size());
  if (n < 0) {
    archive_set_error(inner, EIO, "%s", error_text(s->outer).c_str());
    return ARCHIVE_FATAL;
  }
  *block = s->buffer.data();
  return n;
}

struct Extractors {
  std::vector<const Extractor*> tree;  // run on the merged tree
  std::vector<const Extractor*> self;  // run while streaming
};

Extractors wanted_extractors(const Options& options, const MergeOptions& merge = {}) {
  Extractors out;
  const std::span<const Extractor* const> candidates =
      merge.extractors.empty() ? all_extractors()
                               : std::span<const Extractor* const>(merge.extractors);
  for (const Extractor* e : candidates) {
    if (!options.only_extractors.empty() &&
        std::find(options.only_extractors.begin(), options.only_extractors.end(), e->id()) ==
            options.only_extractors.end()) {
      continue;
    }
    (e->self_contained() ? out.self : out.tree).push_back(e);
  }
  return out;
}

class LayerReader {
 public:
  LayerReader(LayerTree& tree, const Extractors& extractors, const MergeOptions& merge,
              const Options& options, Budget& budget, Reporter& reporter,
              std::vector<Diagnostic>& warnings)
      : tree_(tree),
        extractors_(extractors),
        merge_(merge),
        options_(options),
        budget_(budget),
        reporter_(reporter),
        warnings_(warnings) {}

  // Applies the layer whose data is the current entry of `outer`. False when a bound of the
  // whole archive was reached and nothing more should be read.
  bool apply(archive* outer, size_t layer, const std::string& diff_id, const std::string& entry) {
    layer_ = layer;
    diff_id_ = &diff_id;
    label_ = "layer " + std::to_string(layer + 1) + " (" + diff_id + ")";
    entry_warnings_ = 0;
    LayerStream stream;
    stream.outer = outer;
    ArchivePtr in(archive_read_new());
    archive_read_support_format_tar(in.get());
    archive_read_support_format_empty(in.get());
    support_filters(in.get());
    if (archive_read_open(in.get(), &stream, nullptr, layer_read, nullptr) != ARCHIVE_OK) {
      reporter_.archive_warning(label_ + ", " + entry +
                                ": cannot be read as a tar layer: " + error_text(in.get()));
      return true;
    }
    bool keep_going = true;
    for (;;) {
      archive_entry* e = nullptr;
      const int r = archive_read_next_header(in.get(), &e);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) {
        reporter_.archive_warning(label_ + ", " + entry + ": " + position(in.get()) +
                                  " of the layer: " + error_text(in.get()) +
                                  "; the rest of this layer is not read");
        break;
      }
      const uint64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
      if (++budget_.entries > options_.max_entries) {
        reporter_.archive_warning(label_ + ": more than " + std::to_string(options_.max_entries) +
                                  " entries in the image; the rest is not read");
        keep_going = false;
        break;
      }
      // Every entry counts, read or skipped: skipping a compressed entry still inflates it, so
      // this is what bounds a compression bomb (checked on the size its header declares, before
      // any of it is inflated). A large entry nobody reads (a model file, a database) is skipped
      // and the layer goes on; max_entry_bytes bounds what is read.
      budget_.bytes += size;
      if (budget_.bytes > options_.max_total_bytes) {
        reporter_.archive_warning(label_ + ": more than " +
                                  std::to_string(options_.max_total_bytes) +
                                  " bytes in the image's layers; the rest is not read");
        keep_going = false;
        break;
      }
      if (!entry_(in.get(), e, size)) break;
    }
    if (entry_warnings_ > kMaxEntryWarnings) {
      reporter_.archive_warning(label_ + ": " +
                                std::to_string(entry_warnings_ - kMaxEntryWarnings) +
                                " more problems with entries of this layer not listed");
    }
    return keep_going;
  }

 private:
  void entry_warning(std::string_view path, std::string message) {
    if (++entry_warnings_ > kMaxEntryWarnings) return;
    reporter_.path_warning(path, label_ + ": " + std::move(message));
  }

  // One entry of the layer; false when the layer cannot be read further.
  bool entry_(archive* in, archive_entry* e, uint64_t size) {
    const char* raw = entry_name(e);
    if (raw == nullptr) {
      entry_warning(reporter_.archive_name(), "an entry without a readable name is skipped");
      return true;
    }
    const auto path = safe_path(raw);
    if (!path) {
      entry_warning(raw, "a name with \"..\" is refused; entry skipped");
      return true;
    }
    if (*path == "/") return true;
    const std::string_view name = base_name(*path);
    const std::string dir(parent_path(*path));
    if (name.starts_with(".wh.")) {
      if (name == ".wh..wh..opq") {
        tree_.opaque(dir, layer_);
      } else if (!name.starts_with(".wh..wh.")) {  // other ".wh..wh." names are aufs metadata
        tree_.whiteout(join_path(dir, name.substr(4)), layer_);
      }
      return true;
    }
    if (const char* link = archive_entry_hardlink(e); link != nullptr) {
      hard_link(*path, link);
      return true;
    }
    switch (archive_entry_filetype(e)) {
      case AE_IFDIR:
        tree_.directory(*path);
        return true;
      case AE_IFLNK: {
        tree_.replace(*path);
        const char* target = archive_entry_symlink(e);
        if (target == nullptr) target = archive_entry_symlink_utf8(e);
        if (target == nullptr || std::strlen(target) > kMaxSymlinkTarget) {
          entry_warning(*path, "a symbolic link without a usable target is skipped");
          return true;
        }
        // Kept as written: MemoryFs resolves it inside the image's root, never on the host.
        tree_.add_symlink(*path, target, layer_);
        return true;
      }
      case AE_IFREG:
        return regular(in, e, *path, size);
      default:
        tree_.replace(*path);  // a device or fifo hides what was there
        return true;
    }
  }

  struct Claim {
    bool keep = false;
    uint64_t keep_limit = 0;
    std::vector<const Extractor*> self;
  };

  Claim claim(const std::string& path, uint64_t size, uint32_t mode) const {
    Claim c;
    const FileRef ref{path, base_name(path), FileInfo{FileType::kRegular, size, mode}};
    for (const Extractor* e : extractors_.tree) {
      if (!e->claims(ref)) continue;
      c.keep = true;
      c.keep_limit = std::max(c.keep_limit, e->max_file_size());
    }
    for (const Extractor* e : extractors_.self) {
      if (e->claims(ref)) c.self.push_back(e);
    }
    if (is_companion(path) || (merge_.also_keep && merge_.also_keep(path))) {
      c.keep = true;
      c.keep_limit = std::max(c.keep_limit, kMaxCompanionBytes);
    }
    return c;
  }

  bool regular(archive* in, archive_entry* e, const std::string& path, uint64_t size) {
    tree_.replace(path);
    const uint32_t mode = archive_entry_perm(e);
    Claim c = claim(path, size, mode);
    if (!c.keep && c.self.empty()) return true;  // its data is skipped with the next header
    const uint64_t keep_limit = std::min(c.keep_limit, options_.max_entry_bytes);
    uint64_t limit = c.keep ? keep_limit : 0;
    std::erase_if(c.self, [&](const Extractor* x) {
      const uint64_t most = std::min(x->max_file_size(), options_.max_entry_bytes);
      if (size <= most) return false;
      entry_warning(path, "skipped by " + std::string(x->id()) + ": " + std::to_string(size) +
                              " bytes is more than the " + std::to_string(most) + " it reads");
      return true;
    });
    for (const Extractor* x : c.self)
      limit = std::max(limit, x->max_file_size());
    limit = std::min(limit, options_.max_entry_bytes);
    if (c.keep && size > keep_limit) {
      entry_warning(path, "skipped: " + std::to_string(size) + " bytes is more than the " +
                              std::to_string(keep_limit) + " kept for a file");
      c.keep = false;
    }
    if (c.keep && tree_.kept_bytes() + size > kMaxKeptBytes) {
      entry_warning(path, "skipped: the files kept from this image exceed " +
                              std::to_string(kMaxKeptBytes) + " bytes");
      c.keep = false;
    }
    if (!c.keep && c.self.empty()) return true;
    auto data = read_entry(in, limit);
    if (!data.is_ok() && data.status().code() == StatusCode::kCorruption) {
      reporter_.path_warning(path, label_ + ": cannot read: " + data.status().message() +
                                       "; the rest of this layer is not read");
      return false;
    }
    if (!data.is_ok()) {
      entry_warning(path, "cannot read: " + data.status().message());
      return true;
    }
    if (!c.self.empty()) run_self_contained(path, c.self, *data, mode, c.keep);
    if (c.keep) tree_.add_file(path, std::move(*data), mode, layer_);
    return true;
  }

  void run_self_contained(const std::string& path, const std::vector<const Extractor*>& self,
                          std::string& data, uint32_t mode, bool keep_copy) {
    MemoryFs one;
    one.add_file(path, keep_copy ? data : std::move(data), mode);
    auto info = one.lstat(path);
    const FileRef ref{path, base_name(path), info.is_ok() ? *info : FileInfo{}};
    std::vector<Component> found;
    ExtractContext ctx(one, nullptr, found, warnings_);
    for (const Extractor* x : self) {
      ctx.set_current(path, x->id(), *diff_id_);
      try {
        x->extract(ref, ctx);
      } catch (const std::exception& ex) {
        ctx.warn(std::string("reading stopped: ") + ex.what());
      } catch (...) {
        ctx.warn("reading stopped: unknown error");
      }
    }
    tree_.add_found(path, layer_, std::move(found));
  }

  void hard_link(const std::string& path, std::string_view raw_target) {
    tree_.replace(path);
    const auto target = safe_path(raw_target);
    if (!target) {
      entry_warning(path, "a hard link to a name with \"..\" is refused");
      return;
    }
    const LayerTree::Node* node = tree_.node(*target);
    const LayerTree::Found* found = tree_.found(*target);
    if (node != nullptr && !node->symlink) {
      const Claim c = claim(path, node->data.size(), node->mode);
      if (c.keep) tree_.add_file(path, node->data, node->mode, layer_);
    }
    if (found != nullptr) {
      std::vector<Component> copies = found->components;
      for (auto& comp : copies) {
        comp.location = path;
        comp.layer = *diff_id_;
      }
      tree_.add_found(path, layer_, std::move(copies));
    }
    if (node == nullptr && found == nullptr) {
      const Claim c = claim(path, 0, 0644);
      if (c.keep || !c.self.empty()) {
        entry_warning(path,
                      "a hard link to " + *target + ", whose content was not kept, is not read");
      }
    }
  }

  LayerTree& tree_;
  const Extractors& extractors_;
  const MergeOptions& merge_;
  const Options& options_;
  Budget& budget_;
  Reporter& reporter_;
  std::vector<Diagnostic>& warnings_;
  size_t layer_ = 0;
  const std::string* diff_id_ = nullptr;
  std::string label_;
  size_t entry_warnings_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Reading the archive

// The first pass: every entry's name and type, and the small JSON files among them.
Status index_archive(const ArchiveSource& source, ArchiveIndex& index, Reporter& reporter,
                     bool& truncated) {
  uint64_t cached = 0;
  Status s = outer_pass(source, [&](const std::string& name, archive* a, archive_entry* e) {
    if (name.empty()) return true;
    if (const char* link = archive_entry_hardlink(e); link != nullptr) {
      if (auto target = outer_name(link); !target.empty()) index.links[name] = target;
      return true;
    }
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFLNK) {
      // docker's legacy layout links identical layers: "<id2>/layer.tar -> ../<id1>/layer.tar".
      const char* target = archive_entry_symlink(e);
      if (target == nullptr) return true;
      std::string joined =
          *target == '/' ? std::string(target) : join_path(parent_path("/" + name), target);
      const std::string normalized = normalize_path(joined);
      // Outer links stay inside the archive: normalize_path stops ".." at its root.
      if (normalized != "/") index.links[name] = normalized.substr(1);
      return true;
    }
    if (type != AE_IFREG) return true;
    index.regular.insert(name);
    const uint64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
    const bool named = name == "manifest.json" || name == "index.json";
    if (!named && (size > kSmallMetadata || cached + size > kMaxCachedMetadata)) return true;
    auto data = read_entry(a, named ? kMaxMetadataBlob : kSmallMetadata);
    if (!data.is_ok()) {
      if (named) reporter.archive_warning(name + ": " + data.status().message());
      return true;
    }
    if (named || looks_like_json_object(*data)) {
      cached += data->size();
      index.blobs[name] = std::move(*data);
    }
    return true;
  });
  truncated = !s.is_ok();
  return s;
}

// Another pass for metadata the first one did not keep (larger configs, say).
void fetch_wanted(const ArchiveSource& source, ArchiveIndex& index, Reporter& reporter) {
  std::set<std::string> wanted;
  wanted.swap(index.wanted);
  Status s = outer_pass(source, [&](const std::string& name, archive* a, archive_entry*) {
    if (!wanted.contains(name) || index.blobs.contains(name)) return true;
    auto data = read_entry(a, kMaxMetadataBlob);
    if (!data.is_ok()) {
      reporter.archive_warning(name + ": " + data.status().message());
      index.unreadable.insert(name);
    } else {
      index.blobs[name] = std::move(*data);
    }
    return true;
  });
  for (const auto& name : wanted) {
    if (!index.blobs.contains(name)) index.unreadable.insert(name);
  }
  if (!s.is_ok()) reporter.archive_warning(s.message());
}

// Applies the layers of one image in order. The archive may store them in any order: each pass
// applies the next layers in the order it meets them and the archive is opened again for the
// rest.
void merge_layers(const ArchiveSource& source, const ImagePlan& plan, const Options& options,
                  const MergeOptions& merge, Budget& budget, Reporter& reporter,
                  std::vector<Diagnostic>& warnings, MergedImage& out) {
  const Extractors extractors = wanted_extractors(options, merge);
  LayerTree tree;
  LayerReader reader(tree, extractors, merge, options, budget, reporter, warnings);
  std::vector<std::string> diff_ids;
  for (const auto& l : plan.layers)
    diff_ids.push_back(l.diff_id);
  size_t next = 0;
  bool stop = false;
  while (next < plan.layers.size() && !stop) {
    const size_t before = next;
    Status s = outer_pass(source, [&](const std::string& name, archive* a, archive_entry*) {
      if (name != plan.layers[next].entry) return true;
      if (!reader.apply(a, next, plan.layers[next].diff_id, name)) {
        stop = true;
        return false;
      }
      ++next;
      // The same blob twice in a row (an empty layer, say) needs another pass: its data is
      // consumed.
      return next < plan.layers.size();
    });
    if (!s.is_ok()) {
      std::string missing;
      for (size_t i = next; i < plan.layers.size(); ++i)
        missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
      reporter.archive_warning(s.message() +
                               (missing.empty() ? "" : "; layers not read: " + missing));
      break;
    }
    if (next == before && !stop) {
      reporter.archive_warning("layer " + std::to_string(next + 1) + " (" +
                               plan.layers[next].entry + ") could not be found again");
      ++next;
    }
  }
  tree.build(diff_ids, out);
}

}  // namespace

Status read_image_archive(const ArchiveSource& source, const Options& options,
                          std::vector<Diagnostic>& warnings,
                          const std::function<void(MergedImage&)>& on_image,
                          const MergeOptions& merge) {
  Reporter reporter(warnings, source.display);
  ArchiveIndex index;
  bool truncated = false;
  Status indexed = index_archive(source, index, reporter, truncated);
  if (!indexed.is_ok() && index.regular.empty()) return indexed.with_context(source.display);
  Planner planner(index, source.display);
  planner.run();
  for (int pass = 0; pass < kMaxMetadataPasses && !index.wanted.empty(); ++pass) {
    fetch_wanted(source, index, reporter);
    planner.run();
  }
  if (!planner.error.is_ok()) {
    if (truncated) {
      return Status::invalid_argument(source.display + ": " + indexed.message() +
                                      " (the archive ends before its manifest)");
    }
    return planner.error;
  }
  if (truncated) reporter.archive_warning(indexed.message() + "; the archive is truncated");
  for (const auto& w : planner.warnings)
    reporter.archive_warning(w);
  if (planner.images.empty()) {
    return Status::invalid_argument(source.display + ": the archive describes no image");
  }
  Budget budget;
  for (const ImagePlan& plan : planner.images) {
    MergedImage image;
    image.info.kind = "image";
    image.info.image_name = plan.name;
    image.info.platform = plan.platform;
    for (const auto& l : plan.layers)
      image.info.layers.push_back(l.diff_id);
    merge_layers(source, plan, options, merge, budget, reporter, warnings, image);
    on_image(image);
  }
  return Status::ok();
}

void extract_merged_image(MergedImage& image, const Options& options, Inventory& out) {
  image.info.os = read_os_release(image.fs);
  // Self-contained extractors already ran while the layers streamed by.
  Options walk = options;
  walk.only_extractors.clear();
  walk.skip_pseudo_filesystems = false;
  for (const Extractor* e : wanted_extractors(options).tree)
    walk.only_extractors.emplace_back(e->id());
  const size_t first = out.components.size();
  if (!walk.only_extractors.empty()) {
    walk_and_extract(image.fs, "/", image.info.os ? &*image.info.os : nullptr, walk, out.components,
                     out.warnings);
  }
  for (size_t i = first; i < out.components.size(); ++i) {
    Component& c = out.components[i];
    if (!c.layer.empty()) continue;
    if (auto it = image.layer_of.find(c.location); it != image.layer_of.end()) c.layer = it->second;
  }
  for (auto& c : image.components)
    out.components.push_back(std::move(c));
  image.components.clear();
  out.targets.push_back(image.info);
}

Status inventory_image_source(const ArchiveSource& source, const std::string& spec,
                              const Options& options, Inventory& out) {
  return read_image_archive(source, options, out.warnings, [&](MergedImage& image) {
    image.info.spec = spec;
    extract_merged_image(image, options, out);
  });
}

Status inventory_image(const TargetSpec& target, const Options& options, Inventory& out) {
  struct stat st {};
  if (::stat(target.path.c_str(), &st) != 0) {
    return Status::not_found(target.original + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::invalid_argument(target.original +
                                    ": not a file (an image archive comes from `docker save -o "
                                    "FILE` or an OCI image layout tar)");
  }
  ArchiveSource source;
  source.path = target.path;
  source.display = target.path;
  return inventory_image_source(source, target.original, options, out);
}

}  // namespace upkeep::inventory::detail
