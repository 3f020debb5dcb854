#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The VEX fixtures are what they claim to be.

- CycloneDX: every fixture in tests/fixtures/suppress/cyclonedx validates against the official
  schema of its specVersion (validate_cdx.js, @cyclonedx/cyclonedx-library from
  tools/reference/cyclonedx), except bad-statements.cdx.json, which must not (its first
  analysis.state is outside the enumeration: the schema and upkeep agree that it is wrong).
- OpenVEX: no package of the npm registry or Debian ships the OpenVEX JSON schema, so it is not
  installed here. When UPKEEP_OPENVEX_SCHEMA names a copy of openvex_json_schema.json (from the
  openvex/spec repository), the fixtures are validated against it with python3-jsonschema: every
  one valid except bad-statements (invalid by design) and legacy-v0.0.2 (a pre-0.2.0 document).

Exit 77 (skipped) when node or the reference packages are missing, unless
UPKEEP_REQUIRE_REFERENCE=1.
"""
import glob
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "suppress")
REFERENCE = os.path.join(ROOT, "tools", "reference", "cyclonedx")
INVALID_BY_DESIGN = {"bad-statements.cdx.json", "bad-statements.openvex.json",
                     "legacy-v0.0.2.openvex.json"}


def skip(why):
    if os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1":
        print("FAIL: " + why)
        sys.exit(1)
    print("SKIP: " + why)
    sys.exit(77)


def main():
    if shutil.which("node") is None:
        skip("node is not installed")
    if not os.path.isdir(os.path.join(REFERENCE, "node_modules", "@cyclonedx", "cyclonedx-library")):
        skip("tools/reference/cyclonedx/node_modules is missing (scripts/install-deps)")
    failures = 0
    checked = 0
    files = sorted(glob.glob(os.path.join(FIXTURES, "cyclonedx", "*.json")))
    out = subprocess.run(["node", os.path.join(HERE, "validate_cdx.js"), REFERENCE] + files,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        print(out.stdout + out.stderr)
        return 1
    results = {}
    for line in out.stdout.splitlines():
        verdict, path = line.split(" ", 2)[:2]
        results[path] = (verdict, line)
    for f in files:
        verdict, line = results.get(f, ("missing", "no verdict for " + f))
        expected = "invalid" if os.path.basename(f) in INVALID_BY_DESIGN else "ok"
        checked += 1
        if verdict != expected:
            failures += 1
            print("FAIL %s: expected %s, got: %s" % (os.path.basename(f), expected, line))
        else:
            print("%s: %s as expected" % (os.path.basename(f), verdict))

    schema_path = os.environ.get("UPKEEP_OPENVEX_SCHEMA")
    if schema_path:
        import jsonschema
        with open(schema_path) as s:
            schema = json.load(s)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for f in sorted(glob.glob(os.path.join(FIXTURES, "openvex", "*.json"))):
            with open(f) as d:
                errors = [e.message for e in validator.iter_errors(json.load(d))]
            expected_valid = os.path.basename(f) not in INVALID_BY_DESIGN
            checked += 1
            if bool(errors) == expected_valid:
                failures += 1
                print("FAIL %s: expected %s, errors: %s" % (
                    os.path.basename(f), "valid" if expected_valid else "invalid", errors[:3]))
            else:
                print("%s: %s as expected" % (os.path.basename(f),
                                              "valid" if expected_valid else "invalid"))
    else:
        print("OpenVEX schema not installed (UPKEEP_OPENVEX_SCHEMA unset): OpenVEX fixtures not "
              "validated")
    print("%d passed, %d failed" % (checked - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
