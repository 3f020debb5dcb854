#!/usr/bin/env python3
"""Writes the small synthetic Go executables in tests/fixtures/inventory/go-binary/ (fuzz seeds
for extract_go_binary; the unit tests build the same layouts in go_binary_test.cc):
  old-elf64le.bin   ELF64 little-endian, build info in the pre-1.18 pointer format
  old-elf32be.bin   ELF32 big-endian, pointer format
  inline-elf64.bin  ELF64, the Go 1.18+ inline format
  inline-fat.bin    a universal Mach-O header (searched whole), inline format
"""
import os
import struct
import sys

MAGIC = b"\xff Go buildinf:"
SENTINEL = b"\x30" * 16
MOD = (SENTINEL + b"path\texample.com/app\nmod\texample.com/app\tv0.3.0\th1:x=\n"
       b"dep\tgolang.org/x/text\tv0.3.7\th1:y=\ndep\texample.com/was\tv1.0.0\n"
       b"=>\texample.com/now\tv1.0.1\th1:z=\nbuild\tGOARCH=amd64\n" + SENTINEL)


def uvarint(n):
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


def inline_blob(version):
    return MAGIC + b"\x08\x02" + b"\0" * 16 + uvarint(len(version)) + version + uvarint(len(MOD)) + MOD


def elf(is64, be, inline):
    e = ">" if be else "<"
    b = bytearray(0x2000)
    b[0:4] = b"\x7fELF"
    b[4], b[5], b[6] = (2 if is64 else 1), (2 if be else 1), 1
    phoff, phent = (64, 56) if is64 else (52, 32)
    if is64:
        struct.pack_into(e + "Q", b, 0x20, phoff)
        struct.pack_into(e + "HH", b, 0x36, phent, 2)
    else:
        struct.pack_into(e + "I", b, 0x1C, phoff)
        struct.pack_into(e + "HH", b, 0x2A, phent, 2)
    for i, (flags, off, va) in enumerate([(5, 0, 0x400000), (6, 0x1000, 0x401000)]):
        p = phoff + i * phent
        if is64:
            struct.pack_into(e + "IIQQQQQ", b, p, 1, flags, off, va, va, 0x1000, 0x1000)
        else:
            struct.pack_into(e + "IIIIIII", b, p, 1, off, va, va, 0x1000, 0x1000, flags)
    version = b"go1.16.15"
    if inline:
        blob = inline_blob(b"go1.22.1")
        b[0x1000:0x1000 + len(blob)] = blob
        return bytes(b)
    b[0x200:0x200 + len(version)] = version
    b[0x300:0x300 + len(MOD)] = MOD
    ptr = 8 if is64 else 4
    fmt = e + ("Q" if is64 else "I")
    b[0x1000:0x100E] = MAGIC
    b[0x100E], b[0x100F] = ptr, (1 if be else 0)
    struct.pack_into(fmt, b, 0x1010, 0x401040)
    struct.pack_into(fmt, b, 0x1010 + ptr, 0x401050)
    struct.pack_into(fmt, b, 0x1040, 0x400200)
    struct.pack_into(fmt, b, 0x1040 + ptr, len(version))
    struct.pack_into(fmt, b, 0x1050, 0x400300)
    struct.pack_into(fmt, b, 0x1050 + ptr, len(MOD))
    return bytes(b)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "fixtures", "inventory", "go-binary")
    os.makedirs(out, exist_ok=True)
    fat = bytearray(b"\xca\xfe\xba\xbe" + struct.pack(">I", 2) + b"\0" * 0x1000)
    fat[0x810:0x810] = inline_blob(b"go1.21rc2")
    files = {
        "old-elf64le.bin": elf(True, False, False),
        "old-elf32be.bin": elf(False, True, False),
        "inline-elf64.bin": elf(True, False, True),
        "inline-fat.bin": bytes(fat),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
