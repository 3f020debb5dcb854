// SPDX-License-Identifier: Apache-2.0
//
// Building small image archives in tests (with libarchive's writer): tar files with any names,
// links and compressions, `docker save` archives and OCI image layouts around them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace upkeep::testing {

enum class Compression { kNone, kGzip, kZstd };

struct TarEntry {
  enum class Type { kFile, kDirectory, kSymlink, kHardlink };
  std::string name;  // written as given: "../x" and "/abs" included
  std::string data;
  Type type = Type::kFile;
  std::string link;  // symlink target or hard link target
  uint32_t mode = 0644;
};

TarEntry file_entry(std::string name, std::string data, uint32_t mode = 0644);
TarEntry dir_entry(std::string name);
TarEntry symlink_entry(std::string name, std::string target);
TarEntry hardlink_entry(std::string name, std::string target);

// A tar archive (pax format) of `entries`, compressed as asked.
std::string make_tar(const std::vector<TarEntry>& entries,
                     Compression compression = Compression::kNone);

struct TestLayer {
  std::vector<TarEntry> entries;
  Compression compression = Compression::kNone;
};

// A fake digest "sha256:<64 hex digits>" from a number (the reader does not verify digests).
std::string fake_digest(int n);
// The diff id the archives below give layer `index` (from 0) of image `image`.
std::string layer_diff_id(size_t index, int image = 0);

struct DockerImage {
  std::vector<TestLayer> layers;
  std::string tag = "example/app:1.0";
};

struct DockerOptions {
  bool layers_first = false;    // layers stored before manifest.json and the configs
  bool reverse_layers = false;  // layers stored last one first
  // Layer k's file is a symbolic link to layer 0's (docker's legacy dedup of equal layers).
  int link_layer_to_first = -1;
};

// A `docker save` archive (legacy layout: manifest.json, <id>.json configs, <id>/layer.tar).
std::string docker_archive(const std::vector<DockerImage>& images, const DockerOptions& = {});

// An OCI image layout archive: oci-layout, index.json -> a multi-platform index (an arm64 image
// whose blobs are absent, the image for `platform`, and a BuildKit attestation manifest) ->
// manifest -> config and layers. Layers compressed as each TestLayer says.
std::string oci_archive(const std::vector<TestLayer>& layers, const std::string& name,
                        const std::string& platform = "linux/amd64");

}  // namespace upkeep::testing
