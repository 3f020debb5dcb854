#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the zip fixtures of tests/fixtures/advisory/zip/ for the import's zip reader.

    osv_zip_fixtures.py [OUTPUT_DIR]

Small, deterministic zips (fixed timestamps) of OSV records: the layouts the reader takes (plain,
stored and deflated entries, data descriptors, an archive comment, zip64 records), the ones it
leaves to libarchive (cut short, bzip2, encrypted flag, a stub before the data, a wrong count),
and entries that are broken inside a sound directory (bad CRC, corrupt deflate data). The tests
in tests/advisory/zip_reader_test.cc say what each must give; rerun this after changing it and
commit the output (the files also seed fuzz/zip_reader_fuzz.cc).
"""
import io
import os
import stat
import struct
import sys
import zipfile
import zlib

from unseekable import Unseekable

DATE = (2024, 1, 2, 3, 4, 6)


def record(i, ecosystem="PyPI", name=None):
    name = name or f"pkg-{i}"
    return (
        '{"id": "ZIP-2024-%d", "modified": "2024-01-0%dT00:00:00Z", "aliases": ["CVE-2024-%04d"],\n'
        ' "details": "%s",\n'
        ' "affected": [{"package": {"ecosystem": "%s", "name": "%s"},\n'
        '   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.%d"}]}]}]}\n'
        % (i, 1 + i % 9, i, "A long enough text to deflate well. " * 4, ecosystem, name, i)
    ).encode()


def info(name, method=zipfile.ZIP_DEFLATED, mode=None):
    zi = zipfile.ZipInfo(name, DATE)
    zi.compress_type = method
    zi.create_system = 3
    zi.external_attr = (mode if mode is not None else (stat.S_IFREG | 0o644)) << 16
    return zi


def plain(extra=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(info("records/"), b"")
        z.writestr(info("records/ZIP-2024-1.json"), record(1))
        z.writestr(info("records/ZIP-2024-2.json", zipfile.ZIP_STORED), record(2))
        z.writestr(info("records/link.json", zipfile.ZIP_STORED, stat.S_IFLNK | 0o777),
                   b"ZIP-2024-1.json")
        z.writestr(info("records/ZIP-2024-3.json"), record(3, "Go", "example.com/mod"))
        for name, data in extra:
            z.writestr(info(name), data)
    return buf.getvalue()


def data_descriptors():
    out = Unseekable()
    with zipfile.ZipFile(out, "w") as z:
        for i in (1, 2, 3):
            with z.open(info(f"ZIP-2024-{i}.json"), "w") as f:
                f.write(record(i))
    return bytes(out.buf)


def zip64():
    """Every size and offset through zip64 extra fields and the zip64 end records, which
    zipfile writes only for huge archives: written by hand."""
    out = bytearray()
    central = bytearray()
    names = [f"ZIP-2024-{i}.json" for i in (1, 2, 3)]
    for i, name in enumerate(names, 1):
        data = record(i)
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = comp.compress(data) + comp.flush()
        crc = zlib.crc32(data)
        offset = len(out)
        n = name.encode()
        local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(packed))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x2821, crc,
                           0xFFFFFFFF, 0xFFFFFFFF, len(n), len(local_extra)) + n + local_extra
        out += packed
        extra = struct.pack("<HHQQQ", 1, 24, len(data), len(packed), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 45, 0, 8, 0, 0x2821,
                               crc, 0xFFFFFFFF, 0xFFFFFFFF, len(n), len(extra), 0, 0, 0,
                               (stat.S_IFREG | 0o644) << 16, 0xFFFFFFFF) + n + extra
    cd_offset = len(out)
    out += central
    end64 = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(names), len(names),
                       len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, end64, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(out)


def patch_entry(data, name, fn):
    """Applies fn(bytearray, data_offset, compressed_size) to the named entry's data."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        zi = z.getinfo(name)
    n, x = struct.unpack_from("<HH", buf, zi.header_offset + 26)
    fn(buf, zi.header_offset + 30 + n + x, zi.compress_size)
    return bytes(buf)


def set_central_flag(data, flag):
    buf = bytearray(data)
    at = buf.find(b"PK\x01\x02")
    struct.pack_into("<H", buf, at + 8, struct.unpack_from("<H", buf, at + 8)[0] | flag)
    return bytes(buf)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "../../tests/fixtures/advisory/zip")
    os.makedirs(out, exist_ok=True)
    good = plain()
    files = {
        "plain.zip": good,
        "data_descriptors.zip": data_descriptors(),
        "zip64.zip": zip64(),
        "empty.zip": b"PK\x05\x06" + b"\0" * 18,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.comment = b"an archive comment, with PK\x05\x06 inside it"
        z.writestr(info("ZIP-2024-1.json"), record(1))
    files["comment.zip"] = buf.getvalue()

    def flip(buf, at, size):
        buf[at + size // 2] ^= 0x20

    def garbage(buf, at, size):
        buf[at:at + 8] = b"\xff" * 8
    files["bad_crc.zip"] = patch_entry(good, "records/ZIP-2024-2.json", flip)
    files["bad_deflate.zip"] = patch_entry(good, "records/ZIP-2024-1.json", garbage)
    # Left to libarchive:
    files["truncated.zip"] = good[: len(good) * 2 // 3]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(info("ZIP-2024-1.json", zipfile.ZIP_BZIP2), record(1))
        z.writestr(info("ZIP-2024-2.json"), record(2))
    files["bzip2.zip"] = buf.getvalue()
    files["encrypted_flag.zip"] = set_central_flag(good, 0x0001)
    files["stub_before.zip"] = b"#!/bin/sh\nexit 0\n" + good
    bad_count = bytearray(good)
    end = bad_count.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", bad_count, end + 8, 9, 9)
    files["wrong_count.zip"] = bytes(bad_count)
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
