#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Reference for the rpm scheme: rpm 4.18's own code through python3-rpm.

Reads "A<TAB>B" lines, prints < = > per line, or ! when either side is rejected. rpm splits each
string (rpm.ver(), i.e. parseEVR() of rpmio/rpmver.c) and compares the parts with
rpm.labelCompare(), whose missing epoch is 0 and whose missing release (None) is older than any
release.
"""
import sys

import rpm

# rpmbuild's ALLOWED_CHARS_VERREL ("._+%{}~^") plus ASCII letters and digits; ':' and '-' only as
# the epoch and release separators.
VERREL = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+%{}~^")
SEPARATORS = frozenset(b":-")


def evr(raw):
    """(epoch, version, release) of one side as rpm splits it, or None when it is rejected."""
    if not raw:
        return None  # every harness answers ! for an empty version
    # --- upkeep is stricter than rpm here, on purpose -------------------------------------------
    # rpm compares any strings. upkeep accepts only what rpmbuild can produce: version and release
    # characters from VERREL, a non-empty version, a non-empty release after '-', and an epoch of
    # digits (rpm reads ":1" as epoch 0; upkeep rejects the empty epoch).
    if any(c not in VERREL and c not in SEPARATORS for c in raw):
        return None
    if raw.startswith(b":"):
        return None
    # ---------------------------------------------------------------------------------------------
    v = rpm.ver(raw.decode("ascii"))
    e, ver, rel = v.e, v.v, v.r
    # --- stricter, continued: checks on rpm's own split -----------------------------------------
    if not ver or rel == "":
        return None
    if any(c in ":-" for c in ver + (rel or "")):
        return None
    # ---------------------------------------------------------------------------------------------
    return (e, ver, rel)


def main():
    out = []
    for line in sys.stdin.buffer:
        line = line.rstrip(b"\n")
        fields = line.split(b"\t")
        if len(fields) != 2:
            out.append("!")
            continue
        a, b = evr(fields[0]), evr(fields[1])
        if a is None or b is None:
            out.append("!")
            continue
        c = rpm.labelCompare(a, b)
        out.append("<" if c < 0 else (">" if c > 0 else "="))
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
