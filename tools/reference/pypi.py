# SPDX-License-Identifier: Apache-2.0
"""Reference for the pypi scheme: packaging.version.Version from Debian's python3-packaging 23.0.

Run with /usr/bin/python3 (Debian's interpreter, which has the dist-packages module). Reads
"A<TAB>B" lines, prints < = > per line, or ! when Version() raises for either side (or either
side is empty, or the line is not exactly two tab-separated fields).
"""
import sys

from packaging.version import Version

# Version() raises InvalidVersion when the regex does not match, and plain ValueError when int()
# refuses a number past Python's integer-string limit. Both mean packaging cannot use the version.
# Pin the limit at Python's default so an inherited PYTHONINTMAXSTRDIGITS cannot move it.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(4300)


def parse(raw):
    if not raw:
        return None
    try:
        # Invalid UTF-8 is never text to Python. (Decoding with surrogateescape instead would give
        # the same answers: a lone surrogate matches nothing in the regex.)
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        return Version(text)
    except ValueError:  # InvalidVersion is a ValueError
        return None


def answer(line):
    # Same framing as `upkeep version compare`: one trailing CR is part of the line ending.
    if line.endswith(b"\r"):
        line = line[:-1]
    fields = line.split(b"\t")
    if len(fields) != 2:
        return "!"
    a, b = parse(fields[0]), parse(fields[1])
    if a is None or b is None:
        return "!"
    return "<" if a < b else (">" if a > b else "=")


def main():
    out = sys.stdout
    # Binary lines split on b"\n" only; a last line without its newline still counts.
    for line in sys.stdin.buffer:
        out.write(answer(line[:-1] if line.endswith(b"\n") else line) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
