#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`upkeep query`: one JSON object per purl, in input order; `-` for standard input; error lines;
exit codes 0 (nothing affected), 1 (something affected), 2 (a purl could not be looked up, or
usage), 3 (database missing or older than --max-age)."""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
UPKEEP = None


def run(*args, stdin=None, env=None):
    full_env = dict(os.environ)
    full_env.pop("UPKEEP_DB", None)
    full_env.update(env or {})
    return subprocess.run([UPKEEP, *args], input=stdin, capture_output=True, timeout=120,
                          env=full_env)


def lines(stdout):
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


class Query(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.dir.name, "adv.db")
        files = sorted(glob.glob(os.path.join(FIXTURES, "match", "osv", "*.json")))
        r = run("db", "import", "-q", "--db", cls.db, *files)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def query(self, *args, stdin=None):
        return run("query", "--db", self.db, *args, stdin=stdin)

    def test_arguments_in_order(self):
        purls = ["pkg:pypi/example-pkg@1.6", "pkg:golang/stdlib@v1.21.4",
                 "pkg:rpm/almalinux/openssl-libs@3.0.7-26.el9?distro=almalinux-9&epoch=1",
                 "pkg:pypi/example-pkg@1.1"]
        r = self.query(*purls)
        self.assertEqual(r.returncode, 1, r.stderr)  # something is affected
        out = lines(r.stdout)
        self.assertEqual([o["purl"] for o in out], purls)
        self.assertEqual([o["advisories"] for o in out], [
            [], ["GO-9999-0001"], ["ALSA-9999:0001"],
            ["GHSA-aaaa-bbbb-cccc", "GHSA-dddd-eeee-ffff", "PYSEC-9999-1"]])
        self.assertTrue(all("unknown" not in o and "error" not in o for o in out))

    def test_nothing_affected_exits_0(self):
        r = self.query("pkg:pypi/example-pkg@1.6", "pkg:cargo/unheard-of@1.0.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([o["advisories"] for o in lines(r.stdout)], [[], []])
        self.assertEqual(r.stderr, b"")

    def test_stdin_streams_in_order_and_skips_blank_lines(self):
        purls = [f"pkg:golang/stdlib@v1.21.{i}" for i in range(8)] * 50
        text = "\n".join(purls[:200]) + "\n\n  \r\n" + "\r\n".join(purls[200:])  # no final \n
        r = self.query("-", stdin=text.encode())
        self.assertEqual(r.returncode, 1, r.stderr)
        out = lines(r.stdout)
        self.assertEqual([o["purl"] for o in out], purls)
        for o in out:
            fixed = int(o["purl"].rsplit(".", 1)[1]) >= 5
            self.assertEqual(o["advisories"], [] if fixed else ["GO-9999-0001"], o)

    def test_percent_encoded_plus(self):
        r = self.query("pkg:deb/debian/openssl@3.0.11-1~deb12u1%2Bb1?distro=debian-12",
                       "pkg:deb/debian/openssl@3.0.11-1~deb12u1+b1?distro=bookworm")
        out = lines(r.stdout)
        self.assertEqual(out[0]["advisories"], out[1]["advisories"])
        self.assertEqual(out[0]["advisories"], ["DEBIAN-CVE-9999-1000", "DSA-9999-1"])

    def test_unknown_verdicts_are_listed_with_reason(self):
        r = self.query("pkg:bitnami/app@4.0.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        [o] = lines(r.stdout)
        self.assertEqual(o["advisories"], [])
        self.assertEqual([u["id"] for u in o["unknown"]], ["BIT-example-2024-1"])
        self.assertIn("nightly.2026-03-10.0", o["unknown"][0]["reason"])

    def test_bad_purls_get_an_error_line_and_exit_2(self):
        text = ("pkg:golang/stdlib@v1.21.4\nnot-a-purl\npkg:pypi/django\n"
                "pkg:deb/debian/openssl@3.0.11-1\npkg:generic/x@1\npkg:pypi/example-pkg@1.6\n")
        r = self.query("-", stdin=text.encode())
        self.assertEqual(r.returncode, 2)
        out = lines(r.stdout)
        self.assertEqual([o["purl"] for o in out], text.split())
        self.assertEqual(out[0]["advisories"], ["GO-9999-0001"])
        self.assertEqual(out[5]["advisories"], [])
        for o in out[1:5]:
            self.assertNotIn("advisories", o)
            self.assertTrue(o["error"], o)
        self.assertIn("no version", out[2]["error"])
        self.assertIn("distro", out[3]["error"])
        self.assertIn("4 of 6 purls", r.stderr.decode())

    def test_hostile_lines(self):
        text = (b"pkg:pypi/" + b"a" * 100000 + b"@1.0\n"  # longer than any purl may be
                b"pkg:pypi/\xff\xfe@1.0\n"
                b"pkg:golang/stdlib@v1.21.4\n")
        r = self.query("-", stdin=text)
        self.assertEqual(r.returncode, 2)
        out = lines(r.stdout)  # valid JSON (bytes that are not UTF-8 replaced)
        self.assertEqual(len(out), 3)
        self.assertIn("longer than", out[0]["error"])
        self.assertLessEqual(len(out[0]["purl"]), 256)
        self.assertEqual(out[2]["advisories"], ["GO-9999-0001"])

    def test_missing_database_exits_3(self):
        r = run("query", "--db", os.path.join(self.dir.name, "absent.db"), "pkg:pypi/x@1")
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"no advisory database", r.stderr)
        self.assertEqual(r.stdout, b"")

    def test_not_a_database_exits_3(self):
        bogus = os.path.join(self.dir.name, "bogus.db")
        with open(bogus, "w") as f:
            f.write("not sqlite")
        r = run("query", "--db", bogus, "pkg:pypi/x@1")
        self.assertEqual(r.returncode, 3)

    def test_database_from_environment(self):
        r = run("query", "pkg:golang/stdlib@v1.21.4", env={"UPKEEP_DB": self.db})
        self.assertEqual(r.returncode, 1, r.stderr)

    def test_max_age(self):
        r = self.query("--max-age", "1d", "pkg:golang/stdlib@v1.21.4")
        self.assertEqual(r.returncode, 1, r.stderr)
        r = self.query("--max-age", "0s", "pkg:golang/stdlib@v1.21.4")
        # Imported a moment ago: within 0 s only when the clock has not ticked.
        self.assertIn(r.returncode, (1, 3))
        r = self.query("--max-age", "soon", "pkg:golang/stdlib@v1.21.4")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--max-age", r.stderr)

    def test_usage(self):
        r = run("query", "--db", self.db)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"purls", r.stderr)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--upkeep", required=True)
    args, rest = p.parse_known_args()
    UPKEEP = args.upkeep
    unittest.main(argv=[sys.argv[0], *rest])
