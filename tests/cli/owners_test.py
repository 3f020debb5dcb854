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


def class_database(cls, *inputs):
    """A temporary directory for the test class (cls.dir) and a database there (cls.db) with
    `inputs` imported."""
    cls.dir = tempfile.TemporaryDirectory()
    cls.db = os.path.join(cls.dir.name, "adv.db")
    r = run("db", "import", "-q", "--db", cls.db, *inputs)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.decode())


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
        class_database(cls, os.path.join(DATA, "osv", "ghsa-sample.zip"),
                       os.path.join(DATA, "osv", "PyPI.zip"))
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


def csv_release(distro, version):
    """The row of distro-info-data's CSV for `version`, as a dict."""
    import csv
    with open(os.path.join(DATA, "eol", "distro-info-data", distro + ".csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["version"].split(" ")[0] == version:
                return row
    raise AssertionError(f"{distro} {version} not in distro-info-data")


def expected_distro_status(row, today, window=90):
    """What a Debian release's dates mean on `today`: the rules docs/eol.md gives."""
    from datetime import date
    eol = date.fromisoformat(row["eol"])
    lts = date.fromisoformat(row["eol-lts"]) if row.get("eol-lts") else None
    if today < eol:
        return "ends-soon" if (eol - today).days <= window else "supported"
    if lts and today < lts:
        return "ends-soon" if (lts - today).days <= window else "extended-support"
    return "end-of-life"


def product_cycle(product, cycle):
    """The front matter lines of one release cycle of an endoflife.date page in the zip."""
    import re
    import zipfile
    with zipfile.ZipFile(os.path.join(DATA, "eol", "endoflife-products.zip")) as z:
        name = next(n for n in z.namelist() if n.endswith("/" + product + ".md") or
                    n == product + ".md")
        text = z.read(name).decode()
    blocks = re.split(r"\n\s*-\s+releaseCycle:\s*", text)
    for block in blocks[1:]:
        if block.split("\n", 1)[0].strip().strip('"\'') == cycle:
            fields = {}
            for line in block.split("\n")[1:]:
                m = re.match(r"\s+(\w+):\s*(.*)$", line)
                if not m:
                    break
                fields[m.group(1)] = m.group(2).strip().strip('"\'')
            return fields
    raise AssertionError(f"no cycle {cycle} of {product}")


class UpstreamMaintenance(unittest.TestCase):
    """End of life in `upkeep owners`: a Debian 11 system (os-release and dpkg status from
    ../shared/data/os) and the real endoflife.date, distro-info-data and debian-security-support
    data imported into the database. Expected dates are read from those files here."""

    @classmethod
    def setUpClass(cls):
        os_dir = os.path.join(DATA, "os", "debian-11")
        if not os.path.isdir(os_dir):
            raise unittest.SkipTest("../shared/data is not beside the checkout")
        eol = os.path.join(DATA, "eol")
        inputs = [os.path.join(eol, "endoflife-products.zip")]
        for sub in ("distro-info-data", "debian-security-support"):
            inputs += [os.path.join(eol, sub, n) for n in sorted(os.listdir(os.path.join(eol, sub)))]
        class_database(cls, os.path.join(DATA, "osv", "ghsa-sample.zip"), *inputs)
        cls.root = os.path.join(cls.dir.name, "bullseye")
        os.makedirs(os.path.join(cls.root, "etc"))
        os.makedirs(os.path.join(cls.root, "var", "lib", "dpkg"))
        shutil.copy(os.path.join(os_dir, "os-release"), os.path.join(cls.root, "etc"))
        shutil.copy(os.path.join(os_dir, "status"), os.path.join(cls.root, "var", "lib", "dpkg"))
        cls.owners_file = os.path.join(FIXTURES, "support", "upkeep-owners.toml")
        r = run("owners", "--db", cls.db, "--owners", cls.owners_file, "-f", "json", cls.root)
        cls.returncode, cls.stderr = r.returncode, r.stderr.decode()
        cls.report = json.loads(r.stdout) if r.stdout else None
        from datetime import date, datetime, timezone
        cls.today = datetime.now(timezone.utc).date()
        if cls.report and cls.report["support"]["today"] != cls.today.isoformat():
            cls.today = date.fromisoformat(cls.report["support"]["today"])  # midnight passed

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_the_os_release_from_distro_info_data(self):
        self.assertEqual(self.returncode, 0, self.stderr)
        self.assertTrue(self.report["support"]["has_data"])
        [os_entry] = self.report["support"]["os"]
        a = os_entry["assessment"]
        row = csv_release("debian", "11")
        self.assertEqual((a["product"], a["cycle"]), ("debian", "11"))
        self.assertEqual(a["support_end"], row["eol"])
        self.assertEqual(a["extended_support_end"], row["eol-lts"])
        self.assertEqual(a["paid_support_end"], row["eol-elts"])
        self.assertEqual(a["status"], expected_distro_status(row, self.today))
        lapsed = a["status"] == "end-of-life"
        self.assertEqual(self.report["summary"]["os_support_lapsed"], 1 if lapsed else 0)

    def test_perl_from_its_endoflife_date_cycle(self):
        from datetime import date
        with open(os.path.join(self.root, "var", "lib", "dpkg", "status")) as f:
            self.assertIn("Package: perl-base\n", f.read())
        [perl] = [c for c in self.report["components"] if c["name"] == "perl-base"]
        statements = {s["source"]: s for s in perl["support"]}
        cycle = product_cycle("perl", "5.32")
        a = statements["endoflife.date perl 5.32"]
        self.assertEqual(a["support_end"], cycle["eol"])
        self.assertTrue(a["upstream_only"])
        ended = date.fromisoformat(cycle["eol"]) <= self.today
        self.assertIn(a["status"], ["end-of-life"] if ended else ["supported", "ends-soon"])
        lapsed = {c["name"] for c in self.report["gaps"]["support_lapsed"]}
        self.assertEqual("perl-base" in lapsed, ended)
        runtimes = {r["product"]: r for r in self.report["support"]["runtimes"]}
        self.assertEqual(runtimes["perl"]["assessment"]["cycle"], "5.32")

    def test_limited_security_support_from_debian_security_support(self):
        with open(os.path.join(DATA, "eol", "debian-security-support",
                               "security-support-limited")) as f:
            limited = [line.split()[0] for line in f if line.strip() and not line.startswith("#")]
        self.assertIn("binutils", limited)
        [binutils] = [c for c in self.report["components"] if c["name"] == "binutils"]
        statuses = {(s["status"], s["source"]) for s in binutils["support"]}
        self.assertIn(("limited", "debian-security-support limited"), statuses)

    def test_summary_counts_the_lapsed_components(self):
        lapsed = [c for c in self.report["components"]
                  if c["support"] and c["support"][0]["status"] in
                  ("end-of-life", "security-support-ended", "unmaintained")]
        self.assertEqual(self.report["summary"]["support_lapsed"], len(lapsed))
        self.assertEqual(len(self.report["gaps"]["support_lapsed"]), len(lapsed))
        groups = self.report["groups"]
        self.assertEqual(sum(g["support_lapsed_components"] for g in groups), len(lapsed))

    def test_table_and_markdown_show_the_os_release(self):
        for fmt, needle in [("table", b"Upstream maintenance ("),
                            ("markdown", b"### Upstream maintenance (")]:
            r = run("owners", "--db", self.db, "--owners", self.owners_file, "-f", fmt, self.root)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(needle, r.stdout, fmt)
            self.assertIn(b"Debian GNU/Linux 11 (bullseye)", r.stdout, fmt)

    def test_without_the_database_no_support_is_claimed(self):
        r = run("owners", "--skip-db", "--owners", self.owners_file, "-f", "json", self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        report = json.loads(r.stdout)
        self.assertNotIn("support", report)
        self.assertNotIn("support", report["components"][0])

    def test_a_database_without_eol_data_says_how_to_get_it(self):
        db = os.path.join(self.dir.name, "advisories-only.db")
        r = run("db", "import", "-q", "--db", db, os.path.join(DATA, "osv", "ghsa-sample.zip"))
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("owners", "--db", db, "--owners", self.owners_file, "-f", "json", self.root)
        report = json.loads(r.stdout)
        self.assertFalse(report["support"]["has_data"])
        self.assertEqual(report["support"]["os"][0]["assessment"]["status"], "unknown")
        r = run("owners", "--db", db, "--owners", self.owners_file, "-f", "table", self.root)
        self.assertIn(b"no end-of-life data in the advisory database", r.stdout)


def npm_versions(path):
    """name -> set of versions a package-lock.json pins, read here without upkeep: v1's nested
    "dependencies", v2/v3's "packages" paths (links and the root project left out)."""
    with open(path) as f:
        lock = json.load(f)
    out = {}
    if "packages" in lock:
        for where, entry in lock["packages"].items():
            if not where or entry.get("link") or "version" not in entry:
                continue
            name = entry.get("name") or where.rsplit("node_modules/", 1)[-1]
            out.setdefault(name, set()).add(entry["version"])
        return out

    def walk(deps):
        for name, entry in deps.items():
            if "version" in entry and not entry["version"].startswith("file:"):
                out.setdefault(name, set()).add(entry["version"])
            walk(entry.get("dependencies", {}))
    walk(lock.get("dependencies", {}))
    return out


class Sprawl(unittest.TestCase):
    """`upkeep owners --sprawl` over two real npm lockfiles of different projects (no owners
    file needed), checked against the versions read from the files here."""

    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(NPM_LOCK):
            raise unittest.SkipTest("../shared/data is not beside the checkout")
        class_database(cls, os.path.join(DATA, "osv", "ghsa-sample.zip"))
        cls.locks = [NPM_LOCK, os.path.join(DATA, "lockfiles", "npm",
                                            "endoflife-date-package-lock.v2.json")]
        r = run("owners", "--sprawl", "--db", cls.db, "-f", "json", *cls.locks)
        cls.returncode, cls.stderr = r.returncode, r.stderr.decode()
        cls.report = json.loads(r.stdout) if r.stdout else None

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_versions_per_component_are_those_of_the_lockfiles(self):
        self.assertEqual(self.returncode, 0, self.stderr)
        expected = {}
        for lock in self.locks:
            for name, versions in npm_versions(lock).items():
                expected.setdefault(name, set()).update(versions)
        sprawling = {n: v for n, v in expected.items() if len(v) > 1}
        got = {c["name"]: {v["version"] for v in c["versions"]} for c in self.report["components"]}
        self.assertEqual(got, sprawling)
        s = self.report["summary"]
        self.assertEqual(s["distinct_components"], len(expected))
        self.assertEqual(s["distinct_versions"], sum(len(v) for v in expected.values()))
        self.assertEqual(s["sprawling_components"], len(sprawling))
        self.assertEqual(s["surplus_versions"], sum(len(v) - 1 for v in sprawling.values()))

    def test_versions_newest_first_and_the_newest_clean_one_to_converge_on(self):
        def plain(v):  # x.y.z without a pre-release: compared as numbers here
            parts = v.split(".")
            return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None
        checked = 0
        for c in self.report["components"]:
            versions = [v["version"] for v in c["versions"]]
            keys = [plain(v) for v in versions]
            if None not in keys:
                self.assertEqual(keys, sorted(keys, reverse=True), c["name"])
                checked += 1
            # The newest version in use, when it is clean; never an older one.
            newest = c["versions"][0]
            self.assertEqual(c["converge_on"],
                             None if newest["open_findings"] else newest["version"], c["name"])
        self.assertGreater(checked, 20)
        # minimist 1.2.5 has GHSA-xvch-5gv4-984h (fixed in 1.2.6); a clean newer one converges.
        by_name = {c["name"]: c for c in self.report["components"]}
        if "minimist" in by_name:
            m = {v["version"]: v for v in by_name["minimist"]["versions"]}
            self.assertIn("GHSA-xvch-5gv4-984h", m["1.2.5"]["open_findings"])
            self.assertNotEqual(by_name["minimist"]["converge_on"], "1.2.5")

    def test_uses_name_the_lockfile(self):
        for c in self.report["components"]:
            for v in c["versions"]:
                for use in v["uses"]:
                    self.assertIn(use["location"], self.locks)

    def test_table_and_markdown(self):
        for fmt, needle in [("table", b"CONVERGE ON"), ("markdown", b"| Converge on |")]:
            r = run("owners", "--sprawl", "--db", self.db, "-f", fmt, *self.locks)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(needle, r.stdout)
            self.assertIn(b"converging removes", r.stdout)

    def test_with_an_owners_file_each_component_has_its_group(self):
        r = run("owners", "--sprawl", "--db", self.db, "--owners", REAL_OWNERS, "-f", "json",
                NPM_LOCK, UV_LOCK)
        self.assertEqual(r.returncode, 0, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(report["owners_file"], REAL_OWNERS)
        self.assertTrue(report["components"])
        # The same groups as the owners report gives the same components.
        r = run("owners", "--db", self.db, "--owners", REAL_OWNERS, "-f", "json", NPM_LOCK,
                UV_LOCK)
        owners = {(c["ecosystem"], c["name"]): c["group"] for c in json.loads(r.stdout)["components"]}
        for c in report["components"]:
            self.assertEqual(c["group"], owners[(c["ecosystem"], c["name"])], c["name"])
            if c["ecosystem"] == "npm":  # the fixture's npm-registry fallback claims the rest
                self.assertIsNotNone(c["group"], c["name"])


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
        # Without an owners file: every component without a group, nothing key, exit 0.
        r = self.owners("-f", "json", self.root, expect=0)
        self.assertIn(b"no owners file", r.stderr)
        report = json.loads(r.stdout)
        self.assertIsNone(report["owners_file"])
        self.assertEqual(report["summary"]["without_group"], report["summary"]["components"])
        self.assertGreater(report["summary"]["components"], 0)
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
