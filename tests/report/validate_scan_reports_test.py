#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validates every scan report format against its schema, on the sample scans
(write_sample_scans: empty, clean, mixed, debian-host, hostile).

- upkeep JSON: docs/formats/scan.schema.json (python3-jsonschema).
- SARIF 2.1.0: the official OASIS schema shipped in @microsoft/sarif-multitool-linux, with ajv
  (tools/reference/sarif/validate.js); then the SARIF Multitool itself (`validate`, with its SARIF
  rules and its GitHub ingestion rules, the ones GitHub code scanning applies on upload): no
  result of level error.
- CycloneDX 1.6: the official schema with @cyclonedx/cyclonedx-library's validator
  (tools/reference/cyclonedx/validate.js), and every vulnerability's affects[].ref a component.
- HTML: well-formed (every element closed in order), nothing loaded from elsewhere.

Exit 77 (skipped) when node, the npm reference packages or python3-jsonschema are missing,
unless UPKEEP_REQUIRE_REFERENCE=1 (CI), where that is a failure.
"""
import argparse
import glob
import html.parser
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SARIF = os.path.join(ROOT, "tools", "reference", "sarif")
CYCLONEDX = os.path.join(ROOT, "tools", "reference", "cyclonedx")
MULTITOOL = os.path.join(SARIF, "node_modules", "@microsoft", "sarif-multitool-linux",
                         "Sarif.Multitool")
SCHEMA = os.path.join(ROOT, "docs", "formats", "scan.schema.json")
ARGS = None
WORKDIR = None


def missing_reference():
    if shutil.which("node") is None:
        return "node is not installed"
    for d, m in ((SARIF, "ajv"), (SARIF, "ajv-formats"),
                 (SARIF, "@microsoft/sarif-multitool-linux"),
                 (CYCLONEDX, "@cyclonedx/cyclonedx-library")):
        if not os.path.isdir(os.path.join(d, "node_modules", m)):
            return "%s/node_modules/%s is missing (scripts/install-deps)" % (
                os.path.relpath(d, ROOT), m)
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return "python3-jsonschema is not installed"
    return None


def files(ext):
    return sorted(glob.glob(os.path.join(WORKDIR, "*" + ext)))


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class WellFormed(html.parser.HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "srcset") or (tag == "link" and name == "href"):
                self.external.append("%s %s=%r" % (tag, name, value))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s at %s" % (tag, self.stack[-1:], self.getpos()))
            return
        self.stack.pop()


class ScanReports(unittest.TestCase):
    def test_json_schema(self):
        import jsonschema
        schema = load(SCHEMA)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=jsonschema.FormatChecker())
        problems = []
        paths = [p for p in files(".json") if not p.endswith(".cdx.json")]
        self.assertEqual(len(paths), 5)
        for path in paths:
            problems += ["%s: %s at %s" % (os.path.basename(path), e.message,
                                           list(e.absolute_path))
                         for e in validator.iter_errors(load(path))]
        self.assertEqual(problems, [])
        # The schema is not vacuous: a suppressed finding without its suppression fails.
        doc = load(os.path.join(WORKDIR, "mixed.json"))
        for c in doc["components"]:
            for f in c["findings"]:
                if f["suppressed"]:
                    del f["suppression"]
        self.assertFalse(validator.is_valid(doc))

    def test_sarif_official_schema(self):
        paths = files(".sarif")
        r = subprocess.run(["node", os.path.join(SARIF, "validate.js"), *paths],
                           capture_output=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout.decode()[-6000:] + r.stderr.decode())
        self.assertEqual(r.stdout.decode().count("ok "), len(paths))
        # And the validator rejects what GitHub would: a result without a message.
        broken = load(os.path.join(WORKDIR, "mixed.sarif"))
        del broken["runs"][0]["results"][0]["message"]
        path = os.path.join(WORKDIR, "broken.sarif.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(broken, f)
        r = subprocess.run(["node", os.path.join(SARIF, "validate.js"), path],
                           capture_output=True, timeout=300)
        self.assertEqual(r.returncode, 1)

    def test_sarif_multitool_github_rules(self):
        # npm ci --ignore-scripts leaves the binary without its execute bit.
        mode = os.stat(MULTITOOL).st_mode
        tool = MULTITOOL
        if not mode & stat.S_IXUSR:
            tool = os.path.join(WORKDIR, "Sarif.Multitool")
            shutil.copyfile(MULTITOOL, tool)
            os.chmod(tool, 0o755)

        def errors(path):
            out = path + ".validation.sarif"
            r = subprocess.run([tool, "validate", path, "--output", out, "--rule-kind", "Sarif;Gh",
                                "--log", "ForceOverwrite", "--quiet"],
                               capture_output=True, timeout=300,
                               env=dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1"))
            self.assertTrue(os.path.exists(out), r.stdout.decode() + r.stderr.decode())
            return ["%s: %s %s" % (os.path.basename(path), result["ruleId"],
                                   json.dumps(result["message"]))
                    for run in load(out)["runs"] for result in run.get("results", [])
                    if result.get("level", "warning") == "error"]

        problems = []
        for path in files(".sarif"):
            problems += errors(path)
        self.assertEqual(problems, [])
        # The GitHub rules do run: a result without a location breaks GH1015 (and more).
        broken = load(os.path.join(WORKDIR, "mixed.sarif"))
        del broken["runs"][0]["results"][0]["locations"]
        path = os.path.join(WORKDIR, "no-location.sarif.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(broken, f)
        self.assertIn("GH1015", " ".join(errors(path)))

    def test_cyclonedx_official_schema(self):
        paths = files(".cdx.json")
        r = subprocess.run(["node", os.path.join(CYCLONEDX, "validate.js"), *paths],
                           capture_output=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout.decode()[-6000:] + r.stderr.decode())

    def test_cyclonedx_references(self):
        for path in files(".cdx.json"):
            doc = load(path)
            refs = {c["bom-ref"] for c in doc["components"]}
            refs.add(doc["metadata"]["component"]["bom-ref"])
            vulns = doc.get("vulnerabilities", [])
            vrefs = [v["bom-ref"] for v in vulns]
            self.assertEqual(len(vrefs), len(set(vrefs)), path)
            self.assertFalse(refs & set(vrefs), path)
            for v in vulns:
                for a in v["affects"]:
                    self.assertIn(a["ref"], refs, path)

    def test_html_well_formed_and_standalone(self):
        for path in files(".html"):
            p = WellFormed()
            with open(path, encoding="utf-8") as f:
                p.feed(f.read())
            p.close()
            self.assertEqual(p.errors, [], path)
            self.assertEqual(p.stack, [], path)
            self.assertEqual(p.external, [], path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", required=True)
    ARGS, rest = parser.parse_known_args()
    why = missing_reference()
    if why:
        if os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1":
            print("report.validate_scan: %s (UPKEEP_REQUIRE_REFERENCE=1)" % why, file=sys.stderr)
            sys.exit(1)
        print("report.validate_scan: skipped: %s" % why, file=sys.stderr)
        sys.exit(77)
    WORKDIR = tempfile.mkdtemp(prefix="upkeep-scan-report-")
    try:
        subprocess.run([ARGS.samples, WORKDIR], check=True, timeout=120)
        ok = unittest.main(argv=[sys.argv[0], *rest], verbosity=2, exit=False).result
        code = 0 if ok.wasSuccessful() else 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
    sys.exit(code)
