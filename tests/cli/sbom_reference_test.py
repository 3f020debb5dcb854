#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""SBOMs made by real generators, read back by `upkeep inventory sbom:FILE`.

The generators: @cyclonedx/cyclonedx-npm (CycloneDX 1.4, 1.5 and 1.6; pinned in
tools/reference/cyclonedx-npm, installed by scripts/install-deps) and npm's own `npm sbom`
(CycloneDX 1.5 and SPDX 2.3). The project they describe is tools/reference/cyclonedx-npm itself:
a real npm tree of about 150 packages, already installed, so the test needs no network.

Each document is read here independently with Python's json module: the set of purls (every
component at any nesting depth, the subject in metadata.component / the described package left
out) and the direct dependencies (the subject's dependsOn, or the DEPENDS_ON/*_DEPENDENCY_OF edges
from the described package). upkeep's JSON output must give the same sets.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PROJECT = os.path.join(ROOT, "tools", "reference", "cyclonedx-npm")
CYCLONEDX_NPM = os.path.join(PROJECT, "node_modules", ".bin", "cyclonedx-npm")
UPKEEP = None


def require_reference():
    return os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1"


def canonical(purl):
    # npm purls: the generators percent-encode "@" of the scope; keep the form without
    # qualifiers for comparison (the reader keeps qualifiers, canonically sorted).
    base = purl.split("?")[0].split("#")[0]
    return urllib.parse.unquote(base)


def inventory(path):
    r = subprocess.run([UPKEEP, "inventory", "--format", "json", "sbom:" + path],
                       capture_output=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"upkeep failed ({r.returncode}): {r.stderr.decode()}")
    return json.loads(r.stdout), r.stderr.decode()


def cyclonedx_expected(doc):
    """All purls (any depth) but the subject's; the subject's direct dependencies."""
    subject = doc.get("metadata", {}).get("component", {})
    by_ref = {}
    purls = set()
    stack = list(doc.get("components", []))
    while stack:
        c = stack.pop()
        stack.extend(c.get("components", []))
        if "purl" in c:
            purls.add(canonical(c["purl"]))
            if "bom-ref" in c:
                by_ref[c["bom-ref"]] = canonical(c["purl"])
    direct = set()
    for d in doc.get("dependencies", []):
        if d["ref"] == subject.get("bom-ref"):
            direct = {by_ref[r] for r in d.get("dependsOn", []) if r in by_ref}
    return purls, direct


def spdx_expected(doc):
    described = set(doc.get("documentDescribes", []))
    for r in doc.get("relationships", []):
        if r["relationshipType"] == "DESCRIBES" and r["spdxElementId"] == doc["SPDXID"]:
            described.add(r["relatedSpdxElement"])
    by_id = {}
    for p in doc.get("packages", []):
        for ref in p.get("externalRefs", []):
            if ref["referenceType"] == "purl" and ref["referenceCategory"] in (
                    "PACKAGE-MANAGER", "PACKAGE_MANAGER"):
                by_id[p["SPDXID"]] = canonical(ref["referenceLocator"])
                break
    purls = {purl for spdx_id, purl in by_id.items() if spdx_id not in described}
    direct = set()
    for r in doc.get("relationships", []):
        a, b, t = r["spdxElementId"], r["relatedSpdxElement"], r["relationshipType"]
        if t == "DEPENDS_ON" and a in described and b in by_id:
            direct.add(by_id[b])
        elif t.endswith("DEPENDENCY_OF") and b in described and a in by_id:
            direct.add(by_id[a])
    return purls, direct


def upkeep_sets(out):
    purls = {canonical(c["purl"]) for c in out["components"]}
    direct = {canonical(c["purl"]) for c in out["components"] if c["relationship"] == "direct"}
    return purls, direct


class Generators(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="upkeep-sbom-ref-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def generate(self, argv, name):
        out = os.path.join(self.tmp, name)
        r = subprocess.run(argv, cwd=PROJECT, capture_output=True, timeout=300)
        if r.returncode != 0:
            self.fail(f"{' '.join(argv)} failed: {r.stderr.decode()[-2000:]}")
        if not os.path.exists(out):
            with open(out, "wb") as f:
                f.write(r.stdout)
        return out

    def compare(self, path, expected):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        want_purls, want_direct = expected(doc)
        out, stderr = inventory(path)
        got_purls, got_direct = upkeep_sets(out)
        self.assertGreater(len(want_purls), 100, path)
        self.assertEqual(got_purls, want_purls, path)
        self.assertEqual(got_direct, want_direct, path)
        self.assertEqual(len(out["components"]), len(want_purls), path)
        self.assertEqual(out["warnings"], [], stderr)
        for c in out["components"]:
            self.assertEqual(c["ecosystem"], "npm", c)
        return out

    def test_cyclonedx_npm_each_spec_version(self):
        if not os.path.exists(CYCLONEDX_NPM):
            if require_reference():
                self.fail("cyclonedx-npm is not installed (scripts/install-deps)")
            self.skipTest("cyclonedx-npm is not installed (scripts/install-deps)")
        for version in ("1.4", "1.5", "1.6"):
            with self.subTest(spec=version):
                name = f"cyclonedx-npm-{version}.cdx.json"
                path = self.generate([CYCLONEDX_NPM, "--spec-version", version, "--output-format",
                                      "JSON", "--output-file", os.path.join(self.tmp, name)],
                                     name)
                self.compare(path, cyclonedx_expected)

    def test_npm_sbom(self):
        npm = shutil.which("npm")
        if npm is None or not os.path.isdir(os.path.join(PROJECT, "node_modules")):
            if require_reference():
                self.fail("npm or the reference project's node_modules is missing")
            self.skipTest("npm or the reference project's node_modules is missing")
        cdx = self.generate([npm, "sbom", "--sbom-format", "cyclonedx"], "npm-sbom.cdx.json")
        self.compare(cdx, cyclonedx_expected)
        spdx = self.generate([npm, "sbom", "--sbom-format", "spdx"], "npm-sbom.spdx.json")
        self.compare(spdx, spdx_expected)


def main():
    global UPKEEP
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    args, rest = parser.parse_known_args()
    UPKEEP = os.path.abspath(args.upkeep)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
