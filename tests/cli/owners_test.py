#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`upkeep owners`, end to end: real lockfiles of ../shared/data with the owners fixture written
for them (the groups expected are read from the lockfiles themselves), open findings from real
advisories, the owners file found at a directory target's root, bad owners files naming their
line, and the exit codes (0, 1 key component without a group, 2 input, 3 database)."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "maintenance")
OWNERS = os.path.join(FIXTURES, "owners")
PROJECT = os.path.join(FIXTURES, "project")
REAL_OWNERS = os.path.join(FIXTURES, "real", "upkeep-owners.toml")
DATA = os.environ.get("UPKEEP_SHARED_DATA", os.path.join(HERE, "..", "..", "..", "shared", "data"))
NPM_LOCK = os.path.join(DATA, "lockfiles", "npm", "nodejs-security-wg-package-lock.v1.json")
UV_LOCK = os.path.join(DATA, "lockfiles", "pypi", "flask-uv.lock")
UPKEEP = None


def run(*args, cwd=None):
    env = dict(os.environ)
    env.pop("UPKEEP_DB", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([UPKEEP, *args], capture_output=True, timeout=600, env=env, cwd=cwd)


def by_name(report):
    """name -> list of component entries of the JSON report."""
    out = {}
    for c in report["components"]:
        out.setdefault(c["name"], []).append(c)
    return out


class RealLockfiles(unittest.TestCase):
    """The npm v1 lockfile of nodejs/security-wg and flask's uv.lock, with GHSA and PyPI
    advisories imported."""

    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(NPM_LOCK):
            raise unittest.SkipTest("../shared/data is not beside the checkout")
        cls.dir = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.dir.name, "adv.db")
        r = run("db", "import", "-q", "--db", cls.db,
                os.path.join(DATA, "osv", "ghsa-sample.zip"), os.path.join(DATA, "osv", "PyPI.zip"))
        if r.returncode != 0:
            raise RuntimeError(r.stderr.decode())
        r = run("owners", "--db", cls.db, "--owners", REAL_OWNERS, "-f", "json", NPM_LOCK, UV_LOCK)
        cls.returncode, cls.stderr = r.returncode, r.stderr.decode()
        cls.report = json.loads(r.stdout) if r.stdout else None

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_exit_1_for_the_key_component_without_a_group(self):
        self.assertEqual(self.returncode, 1, self.stderr)
        gap = self.report["gaps"]["key_without_group"]
        self.assertEqual([c["name"] for c in gap], ["cryptography"])
        self.assertEqual(self.report["summary"]["key_without_group"], 1)

    def test_groups_of_the_npm_packages_read_from_the_lockfile(self):
        with open(NPM_LOCK) as f:
            names = set(json.load(f)["dependencies"])
        babel = {n for n in names if n.startswith("@babel/")}
        jest = {n for n in names if n.startswith("@jest/") or n.startswith("jest-")}
        self.assertGreater(len(babel), 10)
        self.assertGreater(len(jest), 10)
        components = by_name(self.report)
        for name in names:
            want = ("babel" if name in babel else "jest" if name in jest
                    else "minimist" if name == "minimist" else "npm-registry")
            npm = [c for c in components[name] if c["ecosystem"] == "npm"]
            self.assertTrue(npm, name)
            for c in npm:
                self.assertEqual(c["group"], want, name)
        # babel-jest is neither @jest/* nor jest-*: the fallback claims it.
        self.assertEqual(components["babel-jest"][0]["group"], "npm-registry")

    def test_groups_of_the_pypi_packages_read_from_the_lockfile(self):
        with open(UV_LOCK, "rb") as f:
            # From the registry: flask itself is the project (editable), not a component.
            names = {p["name"] for p in tomllib.load(f)["package"]
                     if "registry" in p.get("source", {})}
        self.assertIn("werkzeug", names)
        components = by_name(self.report)
        pallets = {"werkzeug", "jinja2", "click", "itsdangerous", "markupsafe"}
        for name in names:
            want = ("pallets" if name in pallets
                    else "sphinx" if name == "sphinx" or name.startswith("sphinxcontrib-")
                    else None)
            for c in components[name]:
                self.assertEqual(c["group"], want, name)
        werkzeug = components["werkzeug"][0]
        self.assertTrue(werkzeug["key"])
        self.assertEqual(werkzeug["claimed_by"]["pattern"], "pkg:pypi/Werkzeug")

    def test_minimist_has_its_group_and_its_open_findings(self):
        minimist = by_name(self.report)["minimist"]
        self.assertEqual([(c["version"], c["group"], c["key"]) for c in minimist],
                         [("1.2.5", "minimist", True)])
        # GHSA-xvch-5gv4-984h (prototype pollution, fixed in 1.2.6) is in the GHSA sample.
        self.assertGreaterEqual(minimist[0]["open_findings"]["total"], 1)
        groups = {g["group"]: g for g in self.report["gaps"]["groups_with_open_findings"]}
        self.assertIn("minimist", groups)
        self.assertEqual(groups["minimist"]["vulnerable_components"], 1)
        self.assertEqual(groups["minimist"]["open_findings"]["total"],
                         minimist[0]["open_findings"]["total"])

    def test_counts_add_up(self):
        s = self.report["summary"]
        self.assertEqual(s["components"], len(self.report["components"]))
        self.assertEqual(s["with_group"] + s["without_group"], s["components"])
        unowned = [c["purl"] for c in self.report["components"] if c["group"] is None]
        self.assertEqual(self.report["gaps"]["without_group"]["count"], len(unowned))
        self.assertEqual(self.report["gaps"]["without_group"]["components"], unowned)
        self.assertEqual(sum(g["components"] for g in self.report["groups"]), s["with_group"])

    def test_table_and_markdown(self):
        for fmt, needle in [("table", b"Key components with no group: 1"),
                            ("markdown", b"**1 key component with no group.**")]:
            r = run("owners", "--db", self.db, "--owners", REAL_OWNERS, "-f", fmt, NPM_LOCK,
                    UV_LOCK)
            self.assertEqual(r.returncode, 1, (fmt, r.stderr))
            self.assertIn(needle, r.stdout, fmt)
            self.assertIn(b"cryptography", r.stdout, fmt)


class Project(unittest.TestCase):
    """tests/fixtures/maintenance/project and the owners files of tests/fixtures/.../owners."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.dir.name, "shop")
        shutil.copytree(PROJECT, self.root)

    def tearDown(self):
        self.dir.cleanup()

    def owners(self, *args, expect):
        r = run("owners", "--skip-db", *args)
        self.assertEqual(r.returncode, expect, r.stderr)
        return r

    def test_the_owners_file_at_the_root_of_a_directory_target(self):
        r = self.owners("-f", "json", self.root, expect=1)
        shown = os.path.join(self.root, "upkeep-owners.toml")
        self.assertIn(f"upkeep: owners from {shown}".encode(), r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(report["owners_file"], shown)
        groups = {c["name"]: c["group"] for c in report["components"]}
        self.assertEqual(groups, {"@acme/ui": "acme-web", "@acme/ui-utils": "acme-ui-utils",
                                  "express": "npm-community", "left-pad": "npm-community",
                                  "lodash": "npm-community", "requests": "python-requests",
                                  "Django": None})

    def test_exit_0_when_no_key_component_lacks_a_group(self):
        r = self.owners("--owners", os.path.join(OWNERS, "shadowed.toml"), "-f", "json",
                        os.path.join(self.root, "package-lock.json"), expect=0)
        self.assertEqual(json.loads(r.stdout)["summary"]["key"], 0)

    def test_output_file(self):
        out = os.path.join(self.dir.name, "owners.md")
        self.owners("-f", "markdown", "-o", out, self.root, expect=1)
        with open(out) as f:
            self.assertIn("## upkeep owners:", f.read())

    def test_bad_owners_files_exit_2_naming_the_line(self):
        cases = {
            "invalid_kind.toml": "invalid_kind.toml:3:8: kind \"team\"",
            "syntax_error.toml": "syntax_error.toml:4:29: not valid TOML",
            "tie.toml": "tie.toml:11:11: pattern \"pkg:npm/*-utils\"",
            "unused_pattern.toml": "unused_pattern.toml:5:30: pattern \"pkg:npm/expres\"",
        }
        for name, message in cases.items():
            path = os.path.join(OWNERS, name)
            r = self.owners("--owners", path, self.root, expect=2)
            self.assertIn(message, r.stderr.decode(), name)
            self.assertEqual(r.stdout, b"", name)
        # Every problem of a file, each on its own line with the prefix.
        r = self.owners("--owners", os.path.join(OWNERS, "every_error.toml"), self.root, expect=2)
        lines = r.stderr.decode().splitlines()
        self.assertEqual(len(lines), 12, lines)
        self.assertTrue(all(line.startswith("upkeep: ") for line in lines), lines)

    def test_no_owners_file_or_two_of_them(self):
        os.remove(os.path.join(self.root, "upkeep-owners.toml"))
        r = self.owners(self.root, expect=2)
        self.assertIn(b"no owners file", r.stderr)
        other = os.path.join(self.dir.name, "other")
        shutil.copytree(PROJECT, other)
        shutil.copy(os.path.join(other, "upkeep-owners.toml"), self.root)
        r = self.owners(self.root, other, expect=2)
        self.assertIn(b"choose one with --owners", r.stderr)
        r = self.owners("--owners", os.path.join(self.dir.name, "missing.toml"), self.root, expect=2)
        self.assertIn(b"missing.toml", r.stderr)

    def test_database_missing_exits_3_unless_skipped(self):
        db = os.path.join(self.dir.name, "none.db")
        r = run("owners", "--db", db, self.root)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"no advisory database", r.stderr)
        self.owners("--db", db, "-f", "json", self.root, expect=1)

    def test_usage_errors(self):
        self.owners("-f", "sarif", self.root, expect=2)
        self.owners("--owners", os.path.join(OWNERS, "full.toml"), expect=2)  # no target
        r = self.owners("--owners", os.path.join(OWNERS, "full.toml"),
                        os.path.join(self.dir.name, "missing"), expect=2)
        self.assertIn(b"missing", r.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    args, rest = parser.parse_known_args()
    UPKEEP = os.path.abspath(args.upkeep)
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
