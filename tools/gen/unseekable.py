# SPDX-License-Identifier: Apache-2.0
"""A write-only stream for the fixture generators' zips."""
import io


class Unseekable(io.RawIOBase):
    """A write-only stream zipfile cannot seek in: it then writes data descriptors, as streaming
    zip writers (and some build tools) do."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)
