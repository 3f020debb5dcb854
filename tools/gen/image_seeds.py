#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed archives of the image_fuzz target to tests/fixtures/inventory/image/.

Small and deterministic (mtime 0, fake digests): a docker save archive (legacy layout, one
gzip layer, layers stored after the manifest), the same with layers first and a linked layer,
and an OCI image layout with a multi-platform index. The reader does not verify digests, so the
fuzzer may change blobs freely.
"""
import gzip
import io
import json
import os
import tarfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures",
                   "inventory", "image")

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

SBOM = b'{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"x","version":"1","purl":"pkg:npm/x@1"}]}'


def tar(entries):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, kind, data in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            elif kind == "sym":
                info.type = tarfile.SYMTYPE
                info.linkname = data
                t.addfile(info)
            elif kind == "hard":
                info.type = tarfile.LNKTYPE
                info.linkname = data
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
    return out.getvalue()


def gz(data):
    return gzip.compress(data, mtime=0)


def digest(n):
    return "sha256:%064x" % n


BASE = tar([
    ("etc/", "dir", None),
    ("usr/lib/os-release", "file", b'ID=debian\nVERSION_ID="12"\n'),
    ("etc/os-release", "sym", "../usr/lib/os-release"),
    ("app/Cargo.lock", "file", CARGO),
    ("old/Cargo.lock", "file", CARGO),
    ("etc/escape", "sym", "/../../etc/passwd"),
])
TOP = tar([
    ("old/.wh..wh..opq", "file", b""),
    ("app/.wh.Cargo.lock", "file", b""),
    ("srv/Cargo.lock", "file", CARGO),
    ("srv/bom.cdx.json", "file", SBOM),
    ("srv/copy/Cargo.lock", "hard", "srv/Cargo.lock"),
    ("../evil", "file", b"x"),
])


def config(n_layers):
    return json.dumps({"architecture": "amd64", "os": "linux",
                       "rootfs": {"type": "layers",
                                  "diff_ids": [digest(k + 1) for k in range(n_layers)]}}).encode()


def docker(layers_first, link):
    layers = [("a/layer.tar", "file", BASE), ("b/layer.tar", "file", gz(TOP))]
    names = ["a/layer.tar", "b/layer.tar"]
    if link:
        layers.append(("c/layer.tar", "sym", "../a/layer.tar"))
        names.append("c/layer.tar")
    meta = [("cfg.json", "file", config(len(names))),
            ("manifest.json", "file", json.dumps(
                [{"Config": "cfg.json", "RepoTags": ["seed:1"], "Layers": names}]).encode())]
    return tar(layers + meta if layers_first else meta + layers)


def oci():
    blobs = {digest(100): BASE, digest(101): gz(TOP), digest(200): config(2)}
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(200)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": digest(100)},
                   {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": digest(101)}]}).encode()
    blobs[digest(300)] = manifest
    index = json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest(301),
         "platform": {"os": "linux", "architecture": "arm64"}},
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest(300),
         "platform": {"os": "linux", "architecture": "amd64"}}]}).encode()
    blobs[digest(400)] = index
    top = json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": digest(400),
         "annotations": {"org.opencontainers.image.ref.name": "seed:1"}}]}).encode()
    entries = [("oci-layout", "file", b'{"imageLayoutVersion":"1.0.0"}'),
               ("index.json", "file", top)]
    for d, data in sorted(blobs.items()):
        entries.append(("blobs/sha256/" + d[7:], "file", data))
    return tar(entries)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in [("docker-save.tar", docker(False, False)),
                       ("docker-save-layers-first-linked.tar", docker(True, True)),
                       ("oci-layout.tar", oci())]:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
