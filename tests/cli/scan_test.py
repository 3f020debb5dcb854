#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`upkeep scan`, end to end: real lockfiles against the real advisories, distro packages matched
only against their distribution, the Debian archive, suppressions, --fail-on, every format, and
the exit codes of the design (0 clean, 1 policy, 2 usage/input, 3 database)."""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
SCAN_FIXTURES = os.path.join(FIXTURES, "scan")
DATA = os.environ.get("UPKEEP_SHARED_DATA", os.path.join(HERE, "..", "..", "..", "shared", "data"))
LOCKFILES = os.path.join(DATA, "lockfiles")
UPKEEP = None


def run(*args, env=None, cwd=None):
    full_env = dict(os.environ)
    full_env.pop("UPKEEP_DB", None)
    full_env.pop("SOURCE_DATE_EPOCH", None)
    full_env.update(env or {})
    return subprocess.run([UPKEEP, *args], capture_output=True, timeout=600, env=full_env, cwd=cwd)


def findings_by_purl(report):
    """purl -> list of findings, from the JSON report."""
    out = {}
    for c in report["components"]:
        out.setdefault(c["purl"], []).extend(c["findings"])
    return out


class RealData(unittest.TestCase):
    """One database of every OSV zip in ../shared/data/osv, plus test KEV and EPSS files."""

    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(os.path.join(DATA, "osv")):
            raise unittest.SkipTest("../shared/data is not beside the checkout")
        cls.dir = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.dir.name, "adv.db")
        zips = sorted(glob.glob(os.path.join(DATA, "osv", "*.zip")))
        r = run("db", "import", "-q", "--db", cls.db, *zips,
                os.path.join(SCAN_FIXTURES, "kev-text4shell.json"),
                os.path.join(SCAN_FIXTURES, "epss-text4shell.csv"))
        if r.returncode != 0:
            raise RuntimeError(r.stderr.decode())

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def scan(self, *args, expect=0):
        r = run("scan", "--db", self.db, "-f", "json", *args)
        self.assertEqual(r.returncode, expect, r.stderr.decode())
        return json.loads(r.stdout)

    def test_lockfiles_find_known_advisories(self):
        # Chosen by reading the records: each range covers the locked version.
        expected = {
            # Text4Shell: commons-text 1.5 <= v < 1.10.0 (GHSA, alias CVE-2022-42889).
            ("maven/jabref-gradle.lockfile", "pkg:maven/org.apache.commons/commons-text@1.9"):
                {"GHSA-599f-7c49-w659", "CVE-2022-42889"},
            ("maven/jabref-gradle.lockfile",
             "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.3"):
                {"GHSA-jjjh-jjxp-wpff", "CVE-2022-42003"},
            # minimist < 1.2.6 prototype pollution.
            ("npm/nodejs-security-wg-package-lock.v1.json", "pkg:npm/minimist@1.2.5"):
                {"GHSA-xvch-5gv4-984h", "CVE-2021-44906"},
            # moment 2.18.0 <= v < 2.29.4: ReDoS in RFC 2822 parsing.
            ("npm/prettier-yarn.classic.lock", "pkg:npm/moment@2.29.2"):
                {"GHSA-wc69-rhjr-hc9g", "CVE-2022-31129"},
            # golang.org/x/crypto: the Go record's range covers v0.55.0.
            ("go/vulndb-go.mod", "pkg:golang/golang.org/x/crypto@v0.55.0"): {"GO-2026-5932"},
        }
        reports = {}
        for (lockfile, purl), ids in expected.items():
            if lockfile not in reports:
                reports[lockfile] = findings_by_purl(self.scan(os.path.join(LOCKFILES, lockfile)))
            found = set()
            for f in reports[lockfile].get(purl, []):
                found.update(f["ids"])
            self.assertTrue(ids <= found, f"{lockfile} {purl}: {ids} not in {found}")

    def test_one_finding_per_vulnerability_with_every_id(self):
        report = self.scan(os.path.join(LOCKFILES, "maven", "jabref-gradle.lockfile"))
        text = findings_by_purl(report)["pkg:maven/org.apache.commons/commons-text@1.9"]
        self.assertEqual(len(text), 1)
        f = text[0]
        self.assertEqual(f["id"], "CVE-2022-42889")  # a CVE is the preferred id
        self.assertEqual(f["sources"], ["osv"])
        self.assertEqual(f["fixed_version"], "1.10.0")
        # Severity computed from the record's CVSS vector; KEV and EPSS from the test files.
        self.assertEqual(f["rating"], "critical")
        self.assertEqual(f["cvss"]["score"], 9.8)
        self.assertEqual(f["kev"]["due_date"], "2099-01-22")
        self.assertAlmostEqual(f["epss"]["score"], 0.94123)
        component = [c for c in report["components"]
                     if c["purl"] == "pkg:maven/org.apache.commons/commons-text@1.9"][0]
        self.assertEqual(component["advice"]["upgrade_to"], "1.10.0")

    def test_distro_packages_get_only_distro_findings(self):
        # A Debian 12 root whose dpkg status holds old openssl, Django, urllib3 and requests:
        # the PyPI records cover those Django and urllib3 versions, but a distribution package is
        # matched only against its distribution's records (by source package), so the Debian
        # record DSA-9999-1 (test fixture) is the only finding, on both openssl binaries.
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "adv.db")
            r = run("db", "import", "-q", "--db", db, os.path.join(DATA, "osv", "PyPI.zip"),
                    os.path.join(FIXTURES, "match", "osv", "debian12_openssl.json"),
                    os.path.join(FIXTURES, "match", "osv", "upstream_openssl.json"))
            self.assertEqual(r.returncode, 0, r.stderr)
            r = run("scan", "--db", db, "-f", "json", os.path.join(SCAN_FIXTURES, "debian12-old"))
            self.assertEqual(r.returncode, 0, r.stderr)
            report = json.loads(r.stdout)
        self.assertEqual(report["summary"]["components"], 5)
        found = {purl: [f["records"] for f in fs] for purl, fs in findings_by_purl(report).items()}
        self.assertEqual(sorted(found), [
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12",
            "pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12"])
        for records in found.values():
            self.assertEqual(records, [["DSA-9999-1"]])
        # Yet the same PyPI data does flag those upstream versions.
        r = run("query", "--db", self.db, "pkg:pypi/django@3.2.19")
        if r.returncode == 0:  # `query` may not be built into this binary yet
            self.assertNotEqual(json.loads(r.stdout.splitlines()[0])["advisories"], [])

    def test_suppressions_stay_visible_and_do_not_fail(self):
        with tempfile.TemporaryDirectory() as d:
            shutil.copy(os.path.join(LOCKFILES, "maven", "jabref-gradle.lockfile"),
                        os.path.join(d, "gradle.lockfile"))
            shutil.copy(os.path.join(SCAN_FIXTURES, "jackson.upkeepignore"),
                        os.path.join(d, ".upkeepignore"))
            vex = os.path.join(SCAN_FIXTURES, "text4shell.openvex.json")
            r = run("scan", "--db", self.db, "-f", "json", "--vex", vex, "--fail-on", "low", d)
            self.assertEqual(r.returncode, 0, r.stderr)  # everything found is suppressed
            fs = findings_by_purl(json.loads(r.stdout))
            text = fs["pkg:maven/org.apache.commons/commons-text@1.9"][0]
            self.assertTrue(text["suppressed"])
            self.assertIn("not_affected", json.dumps(text))
            jackson = fs["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.3"][0]
            self.assertTrue(jackson["suppressed"])
            self.assertIn("PLAT-42", json.dumps(jackson))
            # Without the suppressions the same scan fails the policy.
            os.remove(os.path.join(d, ".upkeepignore"))
            r = run("scan", "--db", self.db, "-f", "json", "--fail-on", "high", d)
            self.assertEqual(r.returncode, 1, r.stderr)

    def test_fail_on_thresholds(self):
        lock = os.path.join(LOCKFILES, "maven", "jabref-gradle.lockfile")
        for threshold, code in [("critical", 1), ("kev", 1), ("high", 1), ("low", 1)]:
            r = run("scan", "--db", self.db, "-f", "json", "--fail-on", threshold, lock)
            self.assertEqual(r.returncode, code, (threshold, r.stderr))
        clean = os.path.join(LOCKFILES, "npm", "endoflife-date-package-lock.v2.json")
        r = run("scan", "--db", self.db, "-f", "json", "--fail-on", "low", clean)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("scan", "--db", self.db, "--fail-on", "severe", clean)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--fail-on", r.stderr)

    def test_every_format(self):
        lock = os.path.join(LOCKFILES, "maven", "jabref-gradle.lockfile")
        env = {"SOURCE_DATE_EPOCH": "1700000000"}
        outputs = {}
        for fmt in ["table", "json", "sarif", "cyclonedx", "markdown", "html"]:
            r = run("scan", "--db", self.db, "-f", fmt, lock, env=env)
            self.assertEqual(r.returncode, 0, (fmt, r.stderr))
            self.assertIn(b"CVE-2022-42889", r.stdout, fmt)
            outputs[fmt] = r.stdout
        # The JSON report follows its published schema.
        import jsonschema
        with open(os.path.join(HERE, "..", "..", "docs", "formats", "scan.schema.json")) as f:
            schema = json.load(f)
        jsonschema.validate(json.loads(outputs["json"]), schema)
        sarif = json.loads(outputs["sarif"])
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertTrue(any(res["ruleId"] == "CVE-2022-42889"
                            for res in sarif["runs"][0]["results"]))
        cdx = json.loads(outputs["cyclonedx"])
        self.assertEqual(cdx["specVersion"], "1.6")
        self.assertTrue(any(v["id"] == "CVE-2022-42889" for v in cdx["vulnerabilities"]))
        self.assertTrue(outputs["html"].lstrip().lower().startswith(b"<!doctype html>"))
        # Reproducible: the same scan twice gives the same bytes.
        r = run("scan", "--db", self.db, "-f", "json", lock, env=env)
        self.assertEqual(r.stdout, outputs["json"])


    def test_owners_give_each_finding_its_group(self):
        lock = os.path.join(LOCKFILES, "npm", "nodejs-security-wg-package-lock.v1.json")
        owners = os.path.join(FIXTURES, "maintenance", "real", "upkeep-owners.toml")
        uv = os.path.join(LOCKFILES, "pypi", "flask-uv.lock")
        report = self.scan("--owners", owners, lock, uv)
        self.assertEqual(report["owners_file"], owners)
        by_name = {c["name"]: c for c in report["components"]}
        # The owners fixture gives minimist its own group and leaves cryptography without one.
        self.assertEqual(by_name["minimist"]["owner"]["group"], "minimist")
        self.assertTrue(by_name["minimist"]["key"])
        for c in report["components"]:
            self.assertIn("owner", c)
            if c["ecosystem"] == "npm" and c["owner"] is None:
                self.fail(f"{c['name']}: the npm-registry fallback claims every npm package")
        import jsonschema
        with open(os.path.join(HERE, "..", "..", "docs", "formats", "scan.schema.json")) as f:
            jsonschema.validate(report, json.load(f))
        # Without --owners the fields are absent.
        plain = self.scan(lock)
        self.assertNotIn("owners_file", plain)
        self.assertTrue(all("owner" not in c for c in plain["components"]))
        # The other formats name the group (both lockfiles: a claim that matches nothing is an
        # error).
        r = run("scan", "--db", self.db, "--owners", owners, "-f", "markdown", lock, uv)
        self.assertIn(b"| Group |", r.stdout)
        self.assertIn(b"| minimist | 1.2.5 | minimist |", r.stdout)
        r = run("scan", "--db", self.db, "--owners", owners, "-f", "table", lock, uv)
        self.assertIn(b"(group minimist)", r.stdout)
        r = run("scan", "--db", self.db, "--owners", owners, "-f", "sarif", lock, uv)
        groups = {res["properties"].get("group") for res in json.loads(r.stdout)["runs"][0]["results"]}
        self.assertIn("minimist", groups)

    def test_owners_claims_that_match_nothing_here_are_warnings(self):
        # The owners fixture also claims PyPI packages: scanning the npm lockfile alone warns.
        lock = os.path.join(LOCKFILES, "npm", "nodejs-security-wg-package-lock.v1.json")
        owners = os.path.join(FIXTURES, "maintenance", "real", "upkeep-owners.toml")
        r = run("scan", "--db", self.db, "--owners", owners, "-f", "json", lock)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"upkeep: warning: ", r.stderr)
        self.assertIn(b"claims no component", r.stderr)
        self.assertEqual(json.loads(r.stdout)["owners_file"], owners)

    def test_a_bad_owners_file_exits_2_before_scanning(self):
        lock = os.path.join(LOCKFILES, "npm", "nodejs-security-wg-package-lock.v1.json")
        bad = os.path.join(FIXTURES, "maintenance", "owners", "invalid_kind.toml")
        r = run("scan", "--db", self.db, "--owners", bad, lock)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(b"invalid_kind.toml:3:8:", r.stderr)
        self.assertEqual(r.stdout, b"")


class ExitCodes(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.dir.name, "adv.db")

    def tearDown(self):
        self.dir.cleanup()

    def test_missing_database_exits_3(self):
        r = run("scan", "--db", self.db, os.path.join(SCAN_FIXTURES, "debian12-old"))
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"no advisory database", r.stderr)
        self.assertIn(b"db import", r.stderr)

    def test_skip_db_reads_the_debian_archive_alone(self):
        # The debian_security fixture root: apt lists with a security suite whose versions are
        # above the installed ones, and a changelog naming the CVEs.
        root = os.path.join(FIXTURES, "debian_security", "rootfs")
        r = run("scan", "--skip-db", "-f", "json", root)
        self.assertEqual(r.returncode, 0, r.stderr)
        report = json.loads(r.stdout)
        sources = {s for c in report["components"] for f in c["findings"] for s in f["sources"]}
        self.assertEqual(sources, {"debian-archive"})
        self.assertGreater(report["summary"]["findings"], 0)
        ids = {i for c in report["components"] for f in c["findings"] for i in f["ids"]}
        self.assertTrue(any(i.startswith("CVE-") for i in ids), ids)
        # With the tracker: the archive's update of curl (no changelog to name its CVEs) is the
        # fix of the tracker's CVE-2024-2398, so it is folded into that finding, not counted again.
        tracker = os.path.join(FIXTURES, "debian_security", "tracker", "tracker.json")
        r = run("scan", "--skip-db", "--debian-tracker", tracker, "-f", "json", root)
        self.assertEqual(r.returncode, 0, r.stderr)
        curl = [c for c in json.loads(r.stdout)["components"] if c["name"] == "curl"][0]
        by_id = {f["id"]: f for f in curl["findings"]}
        self.assertEqual(sorted(by_id), ["CVE-2024-11053", "CVE-2024-2398"])
        self.assertEqual(by_id["CVE-2024-2398"]["sources"], ["debian-archive", "debian-tracker"])
        # --no-debian-archive: nothing left to say.
        r = run("scan", "--skip-db", "--no-debian-archive", "-f", "json", root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["summary"]["findings"], 0)

    def test_only_takes_one_value_so_targets_may_follow(self):
        root = os.path.join(FIXTURES, "debian_security", "rootfs")
        r = run("scan", "--skip-db", "--only", "dpkg-status", root, "-f", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreater(json.loads(r.stdout)["summary"]["components"], 0)
        r = run("scan", "--skip-db", "--only", "rpm", root)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"known: dpkg-status", r.stderr)

    def test_strict_fails_on_skipped_vex_statements(self):
        root = os.path.join(FIXTURES, "debian_security", "rootfs")
        vex = os.path.join(FIXTURES, "suppress", "openvex", "bad-statements.openvex.json")
        r = run("scan", "--skip-db", "--no-debian-archive", "--vex", vex, "-f", "json", root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"bad-statements.openvex.json", r.stderr)
        r = run("scan", "--skip-db", "--no-debian-archive", "--strict", "--vex", vex, "-f", "json",
                root)
        self.assertEqual(r.returncode, 2, r.stderr)

    def test_usage_errors_exit_2(self):
        fixture = os.path.join(SCAN_FIXTURES, "debian12-old")
        for args in [["--skip-db", "-f", "pdf", fixture],
                     ["--skip-db", os.path.join(self.dir.name, "missing")],
                     ["--skip-db", "--db-max-age", "7 days", fixture],
                     ["--skip-db", "--vex", os.path.join(self.dir.name, "missing.json"), fixture],
                     []]:
            r = run("scan", *args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertNotEqual(r.stderr, b"", args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    args, rest = parser.parse_known_args()
    UPKEEP = os.path.abspath(args.upkeep)
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
