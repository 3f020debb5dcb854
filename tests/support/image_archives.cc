// SPDX-License-Identifier: Apache-2.0
#include "support/image_archives.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace upkeep::testing {
namespace {

la_ssize_t append(archive*, void* client, const void* buffer, size_t n) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), n);
  return static_cast<la_ssize_t>(n);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string blob_name(const std::string& digest) {
  return "blobs/sha256/" + digest.substr(7);
}

std::string media_type(Compression c) {
  switch (c) {
    case Compression::kGzip:
      return "application/vnd.oci.image.layer.v1.tar+gzip";
    case Compression::kZstd:
      return "application/vnd.oci.image.layer.v1.tar+zstd";
    case Compression::kNone:
      break;
  }
  return "application/vnd.oci.image.layer.v1.tar";
}

std::string config_json(size_t layers, int image, const std::string& os, const std::string& arch) {
  std::string ids;
  for (size_t k = 0; k < layers; ++k)
    ids += (k ? "," : "") + json_string(layer_diff_id(k, image));
  return "{\"architecture\":" + json_string(arch) + ",\"os\":" + json_string(os) +
         ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}";
}

}  // namespace

TarEntry file_entry(std::string name, std::string data, uint32_t mode) {
  return TarEntry{std::move(name), std::move(data), TarEntry::Type::kFile, "", mode};
}
TarEntry dir_entry(std::string name) {
  return TarEntry{std::move(name), "", TarEntry::Type::kDirectory, "", 0755};
}
TarEntry symlink_entry(std::string name, std::string target) {
  return TarEntry{std::move(name), "", TarEntry::Type::kSymlink, std::move(target), 0777};
}
TarEntry hardlink_entry(std::string name, std::string target) {
  return TarEntry{std::move(name), "", TarEntry::Type::kHardlink, std::move(target), 0644};
}

std::string make_tar(const std::vector<TarEntry>& entries, Compression compression) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (compression == Compression::kGzip) archive_write_add_filter_gzip(a);
  if (compression == Compression::kZstd) archive_write_add_filter_zstd(a);
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open(a, &out, nullptr, append, nullptr) != ARCHIVE_OK) {
    throw std::runtime_error(archive_error_string(a));
  }
  for (const TarEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_perm(entry, e.mode);
    archive_entry_set_mtime(entry, 0, 0);
    switch (e.type) {
      case TarEntry::Type::kFile:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
        break;
      case TarEntry::Type::kDirectory:
        archive_entry_set_filetype(entry, AE_IFDIR);
        break;
      case TarEntry::Type::kSymlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, e.link.c_str());
        break;
      case TarEntry::Type::kHardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, e.link.c_str());
        archive_entry_set_size(entry, 0);
        break;
    }
    if (archive_write_header(a, entry) != ARCHIVE_OK) {
      throw std::runtime_error(archive_error_string(a));
    }
    if (!e.data.empty()) archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string fake_digest(int n) {
  char hex[65];
  std::snprintf(hex, sizeof(hex), "%064x", n);
  return std::string("sha256:") + hex;
}

std::string layer_diff_id(size_t index, int image) {
  return fake_digest(1000 * (image + 1) + static_cast<int>(index));
}

std::string docker_archive(const std::vector<DockerImage>& images, const DockerOptions& options) {
  std::vector<TarEntry> meta, layers;
  std::string manifest = "[";
  for (size_t i = 0; i < images.size(); ++i) {
    const DockerImage& image = images[i];
    const std::string config = "config" + std::to_string(i) + ".json";
    meta.push_back(file_entry(
        config, config_json(image.layers.size(), static_cast<int>(i), "linux", "amd64")));
    std::string names;
    std::vector<TarEntry> these;
    for (size_t k = 0; k < image.layers.size(); ++k) {
      const std::string dir = "img" + std::to_string(i) + "layer" + std::to_string(k);
      const std::string name = dir + "/layer.tar";
      names += (k ? "," : "") + json_string(name);
      if (static_cast<int>(k) == options.link_layer_to_first) {
        these.push_back(symlink_entry(name, "../img" + std::to_string(i) + "layer0/layer.tar"));
      } else {
        these.push_back(
            file_entry(name, make_tar(image.layers[k].entries, image.layers[k].compression)));
      }
      these.push_back(file_entry(dir + "/VERSION", "1.0"));
    }
    if (options.reverse_layers) std::reverse(these.begin(), these.end());
    layers.insert(layers.end(), these.begin(), these.end());
    manifest += (i ? "," : "") + std::string("{\"Config\":") + json_string(config) +
                ",\"RepoTags\":[" + json_string(image.tag) + "],\"Layers\":[" + names + "]}";
  }
  manifest += "]";
  meta.push_back(file_entry("manifest.json", manifest));
  meta.push_back(file_entry("repositories", "{}"));
  std::vector<TarEntry> all;
  if (options.layers_first) {
    all = layers;
    all.insert(all.end(), meta.begin(), meta.end());
  } else {
    all = meta;
    all.insert(all.end(), layers.begin(), layers.end());
  }
  return make_tar(all);
}

std::string oci_archive(const std::vector<TestLayer>& layers, const std::string& name,
                        const std::string& platform) {
  const std::string os = platform.substr(0, platform.find('/'));
  const std::string arch = platform.substr(platform.find('/') + 1);
  std::vector<TarEntry> entries;
  entries.push_back(file_entry("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"));
  std::string layer_descriptors;
  for (size_t k = 0; k < layers.size(); ++k) {
    const std::string digest = fake_digest(100 + static_cast<int>(k));
    const std::string blob = make_tar(layers[k].entries, layers[k].compression);
    entries.push_back(file_entry(blob_name(digest), blob));
    layer_descriptors += (k ? "," : "") + std::string("{\"mediaType\":") +
                         json_string(media_type(layers[k].compression)) +
                         ",\"digest\":" + json_string(digest) +
                         ",\"size\":" + std::to_string(blob.size()) + "}";
  }
  const std::string config_digest = fake_digest(200);
  entries.push_back(file_entry(blob_name(config_digest), config_json(layers.size(), 0, os, arch)));
  const std::string manifest_digest = fake_digest(300);
  entries.push_back(file_entry(
      blob_name(manifest_digest),
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
      "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":" +
          json_string(config_digest) + ",\"size\":1},\"layers\":[" + layer_descriptors + "]}"));
  // An attestation manifest (BuildKit): not an image.
  const std::string attestation_digest = fake_digest(302);
  entries.push_back(
      file_entry(blob_name(attestation_digest),
                 "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.in-toto+json\","
                 "\"digest\":" +
                     json_string(fake_digest(303)) + "},\"layers\":[]}"));
  const std::string index_digest = fake_digest(400);
  // The arm64 image's manifest (fake_digest(301)) is deliberately absent: only the chosen
  // platform is read.
  entries.push_back(file_entry(
      blob_name(index_digest),
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
      "\"manifests\":["
      "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":" +
          json_string(fake_digest(301)) +
          ",\"size\":1,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\","
          "\"variant\":\"v8\"}},"
          "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":" +
          json_string(manifest_digest) + ",\"size\":1,\"platform\":{\"architecture\":" +
          json_string(arch) + ",\"os\":" + json_string(os) +
          "}},"
          "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":" +
          json_string(attestation_digest) +
          ",\"size\":1,\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"},"
          "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}"));
  entries.push_back(file_entry(
      "index.json",
      "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/"
      "vnd.oci.image.index.v1+json\",\"digest\":" +
          json_string(index_digest) + ",\"size\":1,\"annotations\":{\"io.containerd.image.name\":" +
          json_string(name) + ",\"org.opencontainers.image.ref.name\":\"1.0\"}}]}"));
  return make_tar(entries);
}

}  // namespace upkeep::testing
