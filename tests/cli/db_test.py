#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`upkeep db import | status`: exit codes, messages, the database location rules."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "advisory")
UPKEEP = None


def run(*args, env=None):
    full_env = dict(os.environ)
    full_env.pop("UPKEEP_DB", None)
    full_env.update(env or {})
    return subprocess.run([UPKEEP, *args], capture_output=True, timeout=300, env=full_env)


class Db(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.dir.name, "adv.db")

    def tearDown(self):
        self.dir.cleanup()

    def test_status_without_database_exits_3(self):
        r = run("db", "status", "--db", self.db)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"no advisory database", r.stderr)

    def test_import_then_status(self):
        r = run("db", "import", "--db", self.db, os.path.join(FIXTURES, "store", "debian.json"),
                os.path.join(FIXTURES, "kev", "small.json"),
                os.path.join(FIXTURES, "epss", "small.csv"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"1 OSV records read (1 new", r.stderr)
        # The two broken KEV entries are reported with their JSON pointers.
        self.assertIn(b"/vulnerabilities/2/cveID", r.stderr)
        r = run("db", "status", "--db", self.db, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        status = json.loads(r.stdout)
        self.assertEqual(status["records"], 1)
        self.assertEqual([(s["name"], s["records"]) for s in status["sources"]],
                         [("Debian", 1), ("EPSS", 4), ("KEV", 2)])
        r = run("db", "status", "--db", self.db)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"Debian", r.stdout)

    def test_bad_input_exits_2_and_names_it(self):
        bad = os.path.join(FIXTURES, "store", "unknown.txt")
        r = run("db", "import", "--db", self.db, bad)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"unknown.txt", r.stderr)
        self.assertFalse(os.path.exists(self.db))
        r = run("db", "import", "--db", self.db)
        self.assertEqual(r.returncode, 2)

    def test_location_from_environment(self):
        cache = os.path.join(self.dir.name, "cache")
        fixture = os.path.join(FIXTURES, "store", "pkg_old.json")
        r = run("db", "import", "-q", fixture, env={"XDG_CACHE_HOME": cache})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b"")
        self.assertTrue(os.path.exists(os.path.join(cache, "upkeep", "advisories.db")))
        r = run("db", "import", "-q", fixture, env={"UPKEEP_DB": self.db})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(self.db))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    args, rest = parser.parse_known_args()
    UPKEEP = os.path.abspath(args.upkeep)
    unittest.main(argv=[sys.argv[0], *rest])
