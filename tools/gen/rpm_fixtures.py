#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the rpm database fixtures of tests/fixtures/inventory/rpm-db/ (and rpm-header/).

The package headers are synthetic (made here, with the structure rpm 4 writes: an immutable
region, then "dribble" entries added at install time), so no distribution's data is copied into
the project. The same headers are stored in the three formats rpm has used:

  rpmdb.sqlite   SQLite, table Packages(hnum, blob), as rpm >= 4.16 writes it
  Packages.db    NDB, rpm's own format (SUSE)
  Packages       Berkeley DB hash (RHEL 7/8); needs db5.3_load (Debian package db5.3-util)

plus damaged variants for the tests, and raw header blobs as fuzzing seeds. python3-rpm (Debian's
librpm: sqlite and bdb_ro backends) reads rpmdb.sqlite and Packages back in
tests/cli/os_packages_test.py, so the synthetic headers are ones rpm itself accepts.

  tools/gen/rpm_fixtures.py [OUTPUT_DIR]     (default: tests/fixtures/inventory)
"""
import os
import sqlite3
import struct
import subprocess
import sys
import zlib

# rpmtag.h
HEADERIMMUTABLE, HEADERI18NTABLE = 63, 100
NAME, VERSION, RELEASE, EPOCH, SUMMARY = 1000, 1001, 1002, 1003, 1004
INSTALLTIME, SIZE, VENDOR, LICENSE, ARCH = 1008, 1009, 1011, 1014, 1022
SOURCERPM, PROVIDENAME, REQUIRENAME, INSTALLTID = 1044, 1047, 1049, 1128
# types
INT32, STRING, BIN, STRING_ARRAY, I18NSTRING = 4, 6, 7, 8, 9
ALIGN = {INT32: 4}


def encode(type_, value):
    if type_ == INT32:
        return struct.pack(">%dI" % len(value), *value), len(value)
    if type_ == STRING:
        return value.encode() + b"\0", 1
    if type_ in (STRING_ARRAY, I18NSTRING):
        return b"".join(v.encode() + b"\0" for v in value), len(value)
    if type_ == BIN:
        return value, len(value)
    raise ValueError(type_)


def header(region, dribbles=()):
    """A header blob: `region` entries inside an immutable region, then `dribbles`."""
    index, data = [], bytearray()

    def add(tag, type_, value):
        raw, count = encode(type_, value)
        pad = (-len(data)) % ALIGN.get(type_, 1)
        data.extend(b"\0" * pad)
        index.append((tag, type_, len(data), count))
        data.extend(raw)

    for entry in sorted(region, key=lambda e: e[0]):
        add(*entry)
    ril = len(region) + 1  # the region's entries and the region entry itself
    trailer_offset = len(data)
    data.extend(struct.pack(">iIiI", HEADERIMMUTABLE, BIN, -ril * 16, 16))
    for entry in dribbles:
        add(*entry)
    index.insert(0, (HEADERIMMUTABLE, BIN, trailer_offset, 16))
    blob = struct.pack(">II", len(index), len(data))
    blob += b"".join(struct.pack(">iIiI", *e) for e in index)
    return blob + bytes(data)


def package(name, version, release, arch, license_, source, requires=(), provides=(), epoch=None,
            summary="a package"):
    region = [
        (HEADERI18NTABLE, STRING_ARRAY, ["C"]),
        (NAME, STRING, name),
        (VERSION, STRING, version),
        (RELEASE, STRING, release),
        (SUMMARY, I18NSTRING, [summary]),
        (SIZE, INT32, [1024]),
        (VENDOR, STRING, "Example Vendor"),
        (LICENSE, STRING, license_),
        (PROVIDENAME, STRING_ARRAY, [name] + list(provides)),
        (REQUIRENAME, STRING_ARRAY, list(requires) or ["rpmlib(PayloadIsZstd)"]),
    ]
    if arch is not None:
        region.append((ARCH, STRING, arch))
    if source is not None:
        region.append((SOURCERPM, STRING, source))
    if epoch is not None:
        region.append((EPOCH, INT32, [epoch]))
    return header(region, [(INSTALLTIME, INT32, [1700000000]), (INSTALLTID, INT32, [1700000000])])


PACKAGES = [
    package("glibc", "2.39", "6.fc40", "x86_64", "LGPL-2.1-or-later", "glibc-2.39-6.fc40.src.rpm",
            requires=["rpmlib(CompressedFileNames)", "/bin/sh"],
            provides=["libc.so.6()(64bit)", "glibc(x86-64)"]),
    package("openssl-libs", "3.1.4", "4.fc40", "x86_64", "Apache-2.0",
            "openssl-3.1.4-4.fc40.src.rpm", epoch=1,
            requires=["libc.so.6()(64bit)", "ca-certificates", "crypto-policies"],
            provides=["libssl.so.3()(64bit)", "libcrypto.so.3()(64bit)"]),
    package("ca-certificates", "2023.2.62_v7.0.401", "6.fc40", "noarch", "MIT AND GPL-2.0-or-later",
            "ca-certificates-2023.2.62_v7.0.401-6.fc40.src.rpm", requires=["/bin/sh", "bash"]),
    # Over 5 KB: Berkeley DB keeps it on a chain of overflow pages rather than in the hash page.
    package("bigpkg", "1.0", "1", "aarch64", "BSD-3-Clause", "bigpkg-1.0-1.src.rpm",
            requires=["glibc", "libssl.so.3()(64bit)"],
            provides=["bigpkg-capability-%04d" % n for n in range(300)]),
    package("gpg-pubkey", "a15b79cc", "63d04c2c", None, "pubkey", None,
            summary="Fedora (40) <fedora-40-primary@fedoraproject.org> public key"),
]


# rpm's sqlite backend (lib/backend/sqlite.c) creates one table per index beside Packages and
# opens them when it opens the database; they stay empty here (upkeep reads only Packages).
INDEX_TABLES = ["Name", "Basenames", "Group", "Requirename", "Providename", "Conflictname",
                "Obsoletename", "Triggername", "Dirnames", "Installtid", "Sigmd5", "Sha1header",
                "Filetriggername", "Transfiletriggername", "Recommendname", "Suggestname",
                "Supplementname", "Enhancename"]


def write_sqlite(path, blobs, index_tables=True):
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    if not index_tables:
        con.execute("PRAGMA page_size=1024")
    con.execute("CREATE TABLE IF NOT EXISTS 'Packages' "
                "(hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)")
    for t in INDEX_TABLES if index_tables else []:
        key = "BLOB" if t in ("Installtid", "Sigmd5") else "TEXT"
        con.execute(f"CREATE TABLE IF NOT EXISTS '{t}' (key '{key}' NOT NULL, hnum INTEGER NOT "
                    f"NULL, idx INTEGER NOT NULL, FOREIGN KEY (hnum) REFERENCES 'Packages'(hnum))")
    con.executemany("INSERT INTO Packages (blob) VALUES (?)", [(b,) for b in blobs])
    con.commit()
    con.execute("VACUUM")
    # As rpm leaves it: write-ahead logging (file format bytes 18 and 19 = 2).
    con.execute("PRAGMA journal_mode=WAL")
    con.close()


def ndb(blobs, corrupt_checksum_of=None, order="<"):
    """NDB in the writer's byte order: "<" as on x86 and arm, ">" as on s390x."""
    page, slot_pages = 4096, 1
    out = bytearray(page * slot_pages)
    struct.pack_into(order + "5I", out, 0, 0x506D7052, 0, 1, slot_pages, len(blobs) + 1)
    slots = []
    for idx, blob in enumerate(blobs, start=1):
        blkoff = len(out) // 16
        body = struct.pack(order + "4I", 0x53626C42, idx, 1, len(blob)) + blob
        body += b"\0" * ((-(len(body) + 12)) % 16)
        checksum = zlib.adler32(body)
        if idx == corrupt_checksum_of:
            checksum ^= 1
        body += struct.pack(order + "3I", checksum, len(blob), 0x45626C42)
        out.extend(body)
        slots.append((idx, blkoff, len(body) // 16))
    for n in range((page * slot_pages - 32) // 16):
        idx, blkoff, blkcnt = slots[n] if n < len(slots) else (0, 0, 0)
        struct.pack_into(order + "4I", out, 32 + n * 16, 0x746F6C53, idx, blkoff, blkcnt)
    return bytes(out)


def write_bdb(path, blobs):
    """A Berkeley DB hash as rpm < 4.16 kept it: key = package number (native order)."""

    def esc(b):
        return "".join("\\\\" if c == 0x5C else ("\\%02x" % c if c < 0x20 or c > 0x7E else chr(c))
                       for c in b)

    lines = []
    for n, blob in enumerate(blobs, start=1):
        lines += [esc(struct.pack("<I", n)), esc(blob)]
    lines += [esc(struct.pack("<I", 0)), esc(struct.pack("<I", len(blobs) + 1))]
    if os.path.exists(path):
        os.remove(path)
    subprocess.run(["db5.3_load", "-T", "-t", "hash", "-c", "db_pagesize=4096", path],
                   input=("\n".join(lines) + "\n").encode(), check=True)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "inventory")
    db = os.path.join(out, "rpm-db")
    hdr = os.path.join(out, "rpm-header")
    os.makedirs(db, exist_ok=True)
    os.makedirs(hdr, exist_ok=True)
    write_sqlite(os.path.join(db, "rpmdb.sqlite"), PACKAGES)
    # The same without rpm's index tables: small enough to seed the fuzzer whole.
    write_sqlite(os.path.join(db, "minimal.sqlite"), PACKAGES, index_tables=False)
    with open(os.path.join(db, "Packages.db"), "wb") as f:
        f.write(ndb(PACKAGES))
    with open(os.path.join(db, "big_endian.ndb"), "wb") as f:
        f.write(ndb(PACKAGES, order=">"))
    write_bdb(os.path.join(db, "Packages"), PACKAGES)
    # Damaged copies.
    with open(os.path.join(db, "bad_checksum.ndb"), "wb") as f:
        f.write(ndb(PACKAGES, corrupt_checksum_of=2))
    with open(os.path.join(db, "truncated.ndb"), "wb") as f:
        f.write(ndb(PACKAGES)[: 4096 + 16 + len(PACKAGES[0]) // 2])
    with open(os.path.join(db, "Packages"), "rb") as f:
        bdb = f.read()
    with open(os.path.join(db, "truncated.bdb"), "wb") as f:
        f.write(bdb[: len(bdb) - 4096])
    no_table = os.path.join(db, "no_packages_table.sqlite")
    if os.path.exists(no_table):
        os.remove(no_table)
    con = sqlite3.connect(no_table)
    con.execute("CREATE TABLE Other (x INTEGER)")
    con.commit()
    con.close()
    # Header blobs alone, for the header parser's fuzz target.
    for n, blob in enumerate(PACKAGES, start=1):
        with open(os.path.join(hdr, "header%d.bin" % n), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main()
