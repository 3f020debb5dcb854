#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Peak memory of `upkeep inventory image:FILE` against the archive's size (not run in CI).

Generates docker-save archives of several sizes: many layers of large incompressible files (one
layer in three gzip-compressed, as registries store them), a few lockfiles and a dpkg status per
layer, layers stored last one first so that the reader needs several passes. Each archive is
inventoried under /usr/bin/time -v; the maximum resident set size must not grow with the archive.

  bench/image_memory.py [--upkeep build/release/upkeep] [--sizes-mb 128,1024] [--dir /tmp]
"""
import argparse
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time

CARGO = b"""version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde"]

[[package]]
name = "serde"
version = "1.0.100"
source = "registry+https://github.com/rust-lang/crates.io-index"
"""

STATUS = b"""Package: zlib1g
Status: install ok installed
Architecture: amd64
Version: 1:1.2.13.dfsg-1

"""


class RandomReader(io.RawIOBase):
    """`size` incompressible bytes, made a chunk at a time."""

    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left)
        buffer[:n] = os.urandom(n)
        self.left -= n
        return n


def add_bytes(t, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    t.addfile(info, io.BytesIO(data))


def write_layer(path, index, layer_bytes, file_bytes, compress):
    opener = (lambda: gzip.open(path, "wb", compresslevel=1)) if compress else (
        lambda: open(path, "wb"))
    with opener() as raw, tarfile.open(fileobj=raw, mode="w|", format=tarfile.PAX_FORMAT) as t:
        add_bytes(t, f"srv/app{index}/Cargo.lock", CARGO)
        add_bytes(t, f"var/lib/dpkg/status", STATUS)
        written = 0
        k = 0
        while written < layer_bytes:
            n = min(file_bytes, layer_bytes - written)
            info = tarfile.TarInfo(f"data/layer{index}/blob{k}.bin")
            info.size = n
            info.mtime = 0
            t.addfile(info, RandomReader(n))
            written += n
            k += 1


def make_archive(path, total_mb, layers, workdir):
    layer_bytes = total_mb * (1 << 20) // layers
    diff_ids = ["sha256:%064x" % (k + 1) for k in range(layers)]
    names = [f"l{k}/layer.tar" for k in range(layers)]
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": [f"bench:{total_mb}mb"],
                            "Layers": names}]).encode()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as out:
        add_bytes(out, "manifest.json", manifest)
        add_bytes(out, "config.json", config)
        for k in reversed(range(layers)):  # stored last one first: one pass per layer
            tmp = os.path.join(workdir, f"layer{k}.tar")
            write_layer(tmp, k, layer_bytes, 16 << 20, compress=(k % 3 == 1))
            out.add(tmp, arcname=names[k])
            os.remove(tmp)


def measure(upkeep, archive):
    start = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-v", upkeep, "inventory", "--format", "json",
                        "image:" + archive], capture_output=True)
    elapsed = time.monotonic() - start
    if r.returncode != 0:
        sys.exit(f"upkeep failed: {r.stderr.decode()[-2000:]}")
    rss = int(re.search(rb"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    components = len(json.loads(r.stdout)["components"])
    return rss, elapsed, components


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                         "release", "upkeep"))
    parser.add_argument("--sizes-mb", default="128,1024")
    parser.add_argument("--layers", type=int, default=12)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    args = parser.parse_args()
    upkeep = os.path.abspath(args.upkeep)
    print("| archive | layers | components | max RSS | wall time |")
    print("|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes_mb.split(",")):
        with tempfile.TemporaryDirectory(dir=args.dir, prefix="upkeep-image-bench-") as work:
            archive = os.path.join(work, f"image-{size}mb.tar")
            make_archive(archive, size, args.layers, work)
            actual_mb = os.path.getsize(archive) / (1 << 20)
            rss, elapsed, components = measure(upkeep, archive)
            print(f"| {actual_mb:.0f} MiB | {args.layers} | {components} | "
                  f"{rss / 1024:.1f} MiB | {elapsed:.1f} s |", flush=True)


if __name__ == "__main__":
    main()
