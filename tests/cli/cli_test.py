#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end checks of the upkeep command line: exit codes, messages, streaming."""
import argparse
import os
import subprocess
import sys
import unittest

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "cli")
UPKEEP = None


def run(*args, stdin=b""):
    return subprocess.run([UPKEEP, *args], input=stdin, capture_output=True, timeout=120)


class Basics(unittest.TestCase):
    def test_help(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"version", r.stdout)
        self.assertIn(b"Exit codes", r.stdout)

    def test_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r"^upkeep \d+\.\d+\.\d+")

    def test_no_subcommand_is_usage_error(self):
        r = run()
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"upkeep:", r.stderr)

    def test_unknown_subcommand_is_usage_error(self):
        r = run("frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"frobnicate", r.stderr)
        self.assertEqual(r.stdout, b"")

    def test_unknown_flag_is_usage_error(self):
        r = run("version", "compare", "--ecosystem", "deb", "--bogus")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--bogus", r.stderr)


class VersionCompare(unittest.TestCase):
    def test_stream_matches_golden_output(self):
        with open(os.path.join(FIXTURES, "compare-deb.in"), "rb") as f:
            stdin = f.read()
        with open(os.path.join(FIXTURES, "compare-deb.out"), "rb") as f:
            expected = f.read()
        r = run("version", "compare", "--ecosystem", "Debian:12", stdin=stdin)
        self.assertEqual(r.stdout, expected)
        # Two lines are not "A<TAB>B": the answers are still printed, and the exit says so.
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"2 of 10 input lines", r.stderr)
        self.assertIn(b"line 7", r.stderr)

    def test_two_arguments(self):
        r = run("version", "compare", "-e", "deb", "1:1.0", "2.0")
        self.assertEqual((r.returncode, r.stdout), (0, b">\n"))

    def test_invalid_argument_names_the_version(self):
        r = run("version", "compare", "-e", "deb", "1.0", "1.0-")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, b"!\n")
        self.assertIn(b'invalid deb version "1.0-"', r.stderr)

    def test_unknown_ecosystem(self):
        r = run("version", "compare", "-e", "Nope", stdin=b"1\t2\n")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'no version scheme for ecosystem "Nope"', r.stderr)

    def test_missing_ecosystem(self):
        r = run("version", "compare", stdin=b"1\t2\n")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--ecosystem", r.stderr)

    def test_streams_many_lines_in_constant_memory(self):
        n = 200000
        stdin = b"1.0-1\t1.0-2\n" * n
        r = run("version", "compare", "-e", "deb", stdin=stdin)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, b"<\n" * n)

    def test_line_longer_than_read_buffer(self):
        long_version = b"1." + b"1" * 300000
        r = run("version", "compare", "-e", "deb", stdin=long_version + b"\t1.2\n")
        self.assertEqual((r.returncode, r.stdout), (0, b">\n"))

    def test_empty_input(self):
        r = run("version", "compare", "-e", "deb")
        self.assertEqual((r.returncode, r.stdout), (0, b""))

    def test_schemes_lists_the_table(self):
        r = run("version", "schemes")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"deb", r.stdout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    args, rest = parser.parse_known_args()
    UPKEEP = args.upkeep
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
