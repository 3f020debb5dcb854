#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validates every inventory report format against its schema.

Documents come from two places: the sample inventories built in code (write_sample_reports:
empty, a Debian host, a mix of ecosystems, an image, hostile strings) and the CLI end to end on
real data (every lockfile in ../shared/data/lockfiles that an extractor reads today, root file
systems made from the real package databases in ../shared/data/os, and an empty directory).

- CycloneDX 1.6: the official JSON schema, with @cyclonedx/cyclonedx-library's own validator
  (tools/reference/cyclonedx/validate.js); bom-refs unique and every dependency ref defined; every
  purl parsed by packageurl-js and every license expression by spdx-expression-parse.
- SPDX 2.3: spdx23.py (no official 2.3 schema is installable here; see there), with purls and
  license expressions checked by the same reference parsers.
- upkeep JSON: docs/formats/inventory.schema.json (python3-jsonschema).
- All three formats agree on the components, and output is byte-for-byte deterministic.

Exit 77 (skipped) when node, the npm reference packages or python3-jsonschema are missing,
unless UPKEEP_REQUIRE_REFERENCE=1 (CI), where that is a failure.
"""
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
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
REFERENCE = os.path.join(ROOT, "tools", "reference", "cyclonedx")
SCHEMA = os.path.join(ROOT, "docs", "formats", "inventory.schema.json")
EPOCH = "1700000000"
ARGS = None
DOCS = {}  # name -> {"json": path, "cyclonedx": path, "spdx": path}
UNREAD = []  # lockfiles no extractor reads yet

sys.path.insert(0, HERE)
import spdx23  # noqa: E402


def shared_data():
    env = os.environ.get("UPKEEP_SHARED_DATA")
    for d in ([env] if env else []) + [os.path.join(ROOT, "..", "shared", "data")]:
        if d and os.path.isdir(d):
            return d
    return None


def missing_reference():
    if shutil.which("node") is None:
        return "node is not installed"
    for m in ("@cyclonedx/cyclonedx-library", "ajv-formats-draft2019", "packageurl-js",
              "spdx-expression-parse"):
        if not os.path.isdir(os.path.join(REFERENCE, "node_modules", m)):
            return "tools/reference/cyclonedx/node_modules/%s is missing (scripts/install-deps)" % m
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return "python3-jsonschema is not installed"
    return None


def upkeep(*args):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.run([ARGS.upkeep, "inventory", *args], capture_output=True, env=env,
                          timeout=300)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_values(pairs):
    """[(kind, value)] -> [error messages] from the reference parsers."""
    if not pairs:
        return []
    text = "".join("%s\t%s\n" % p for p in pairs)
    r = subprocess.run(["node", os.path.join(REFERENCE, "check-values.js")], input=text.encode(),
                       capture_output=True, timeout=300, check=True)
    answers = r.stdout.decode().splitlines()
    assert len(answers) == len(pairs), r.stderr
    return ["%s %r: %s" % (k, v, a) for (k, v), a in zip(pairs, answers) if a != "ok"]


def reference_purls(parts):
    """[(type, namespace, name, version)] -> the purls packageurl-js builds of them."""
    text = "".join("build\t%s\n" % "\t".join(p) for p in parts)
    r = subprocess.run(["node", os.path.join(REFERENCE, "check-values.js")], input=text.encode(),
                       capture_output=True, timeout=300, check=True)
    return r.stdout.decode().splitlines()


def usable_purl(purl):
    """What the SBOM writers keep: a purl whose percent-decoded parts are UTF-8."""
    from urllib.parse import unquote_to_bytes
    try:
        unquote_to_bytes(purl).decode("utf-8")
        return bool(purl)
    except UnicodeDecodeError:
        return False


def make_documents(workdir):
    samples = os.path.join(workdir, "samples")
    os.makedirs(samples)
    subprocess.run([ARGS.samples, samples], check=True, timeout=120)
    for path in sorted(glob.glob(os.path.join(samples, "*.cdx.json"))):
        name = os.path.basename(path)[:-len(".cdx.json")]
        DOCS["sample:" + name] = {"json": os.path.join(samples, name + ".json"),
                                  "cyclonedx": path,
                                  "spdx": os.path.join(samples, name + ".spdx.json")}

    targets = []
    data = shared_data()
    if data:
        for lockfile in sorted(glob.glob(os.path.join(data, "lockfiles", "*", "*"))):
            targets.append(("lockfile:" + os.path.relpath(lockfile, os.path.join(data, "lockfiles")),
                            lockfile))
        # Root file systems from the real package databases: what a host or image looks like to
        # the OS extractors.
        layouts = {"debian-11": {"status": "var/lib/dpkg/status", "os-release": "etc/os-release"},
                   "ubuntu-18.04": {"status": "var/lib/dpkg/status"},
                   "alpine-3.11": {"installed": "lib/apk/db/installed",
                                   "os-release": "etc/os-release"}}
        for name, files in layouts.items():
            root = os.path.join(workdir, "rootfs", name)
            for src, dst in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, dst)), exist_ok=True)
                shutil.copyfile(os.path.join(data, "os", name, src), os.path.join(root, dst))
            targets.append(("rootfs:" + name, root))
    empty = os.path.join(workdir, "empty")
    os.makedirs(empty)
    targets.append(("directory:empty", empty))

    out = os.path.join(workdir, "cli")
    os.makedirs(out)
    for i, (name, target) in enumerate(targets):
        docs = {}
        for fmt in ("json", "cyclonedx", "spdx"):
            r = upkeep("--format", fmt, target)
            if r.returncode == 2 and b"not a lockfile" in r.stderr:
                UNREAD.append(name)
                break
            if r.returncode != 0:
                raise AssertionError("%s --format %s: exit %d\n%s" % (name, fmt, r.returncode,
                                                                      r.stderr.decode()))
            path = os.path.join(out, "%02d.%s.json" % (i, fmt))
            with open(path, "wb") as f:
                f.write(r.stdout)
            docs[fmt] = path
        else:
            DOCS[name] = docs


class Reports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="upkeep-report-")
        make_documents(cls.workdir)
        print("\n%d documents per format: %s" % (len(DOCS), ", ".join(sorted(DOCS))),
              file=sys.stderr)
        if UNREAD:
            print("no extractor reads yet: %s" % ", ".join(UNREAD), file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def paths(self, fmt):
        return [(name, d[fmt]) for name, d in sorted(DOCS.items())]

    def test_cyclonedx_official_schema(self):
        paths = [p for _, p in self.paths("cyclonedx")]
        r = subprocess.run(["node", os.path.join(REFERENCE, "validate.js"), *paths],
                           capture_output=True, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout.decode()[-6000:] + r.stderr.decode())
        self.assertEqual(r.stdout.decode().count("\nok ") + r.stdout.decode().startswith("ok "),
                         len(paths))

    def test_cyclonedx_references_purls_and_licenses(self):
        values = []
        for name, path in self.paths("cyclonedx"):
            doc = load(path)
            refs = [doc["metadata"]["component"]["bom-ref"]]
            for c in doc["components"]:
                refs.append(c["bom-ref"])
                if "purl" in c:
                    values.append(("purl", c["purl"]))
                for lic in c.get("licenses", []):
                    if "expression" in lic:
                        values.append(("license", lic["expression"]))
            self.assertEqual(len(refs), len(set(refs)), "%s: bom-refs are not unique" % name)
            for dep in doc["dependencies"]:
                self.assertIn(dep["ref"], refs, name)
                for r in dep["dependsOn"]:
                    self.assertIn(r, refs, name)
        self.assertEqual(check_values(values), [])

    def test_spdx_2_3(self):
        import jsonschema
        validator = jsonschema.Draft7Validator(spdx23.DERIVED_SCHEMA)
        values, problems = [], []
        for name, path in self.paths("spdx"):
            doc = load(path)
            problems += ["%s: %s at %s" % (name, e.message, list(e.absolute_path))
                         for e in validator.iter_errors(doc)]
            errors, more = spdx23.semantic_errors(doc)
            problems += ["%s: %s" % (name, e) for e in errors]
            values += more
        problems += check_values(values)
        self.assertEqual(problems, [])

    def test_spdx_checks_catch_mistakes(self):
        # The checks themselves: a valid document broken in the ways a writer could break it.
        import jsonschema
        doc = load(DOCS["sample:mixed"]["spdx"])
        self.assertEqual(spdx23.semantic_errors(doc)[0], [])
        broken = json.loads(json.dumps(doc))
        broken["packages"][1]["SPDXID"] = "SPDXRef-a_b"
        broken["creationInfo"]["created"] = "2023-11-14 22:13:20"
        broken["documentNamespace"] = "https://x.invalid/doc#1"
        broken["relationships"].append({"spdxElementId": "SPDXRef-Root",
                                        "relationshipType": "DEPENDS_ON",
                                        "relatedSpdxElement": "SPDXRef-nowhere"})
        errors = "\n".join(spdx23.semantic_errors(broken)[0])
        for what in ("'SPDXRef-a_b' has characters", "created '2023-11-14 22:13:20'",
                     "documentNamespace 'https://x.invalid/doc#1'", "'SPDXRef-nowhere', which"):
            self.assertIn(what, errors)
        broken["packages"][1]["version"] = "1"
        self.assertFalse(jsonschema.Draft7Validator(spdx23.DERIVED_SCHEMA).is_valid(broken))
        self.assertEqual(len(check_values([("license", "Apache 2.0"), ("purl", "npm/x")])), 2)

    def test_inventory_json_schema(self):
        import jsonschema
        schema = load(SCHEMA)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=jsonschema.FormatChecker())
        problems = []
        for name, path in self.paths("json"):
            problems += ["%s: %s at %s" % (name, e.message, list(e.absolute_path))
                         for e in validator.iter_errors(load(path))]
        self.assertEqual(problems, [])

    def test_formats_agree_on_the_components(self):
        for name, d in sorted(DOCS.items()):
            inv, cdx, spdx = load(d["json"]), load(d["cyclonedx"]), load(d["spdx"])
            purls = {c["purl"] for c in inv["components"] if usable_purl(c["purl"])}
            cdx_purls = {c["purl"] for c in cdx["components"] if "purl" in c}
            self.assertEqual(cdx_purls, purls, name)
            spdx_purls = {r["referenceLocator"] for p in spdx["packages"]
                          for r in p.get("externalRefs", []) if r["referenceType"] == "purl"}
            self.assertEqual(spdx_purls, purls, name)
            libraries = [c for c in cdx["components"] if c["type"] == "library"]
            others = [p for p in spdx["packages"] if p.get("primaryPackagePurpose") is None
                      and p["SPDXID"] != "SPDXRef-Root"]
            self.assertEqual(len(libraries), len(others), name)

    def test_output_is_deterministic(self):
        data = shared_data()
        if not data:
            self.skipTest("no ../shared/data")
        lock = os.path.join(data, "lockfiles", "cargo", "ripgrep-Cargo.lock")
        for fmt in ("json", "cyclonedx", "spdx", "table"):
            a, b = upkeep("--format", fmt, lock), upkeep("--format", fmt, lock)
            self.assertEqual(a.returncode, 0, a.stderr)
            self.assertEqual(a.stdout, b.stdout, fmt)
        cdx = json.loads(upkeep("--format", "cyclonedx", lock).stdout)
        spdx = json.loads(upkeep("--format", "spdx", lock).stdout)
        self.assertEqual(cdx["metadata"]["timestamp"], "2023-11-14T22:13:20Z")
        self.assertEqual(spdx["creationInfo"]["created"], "2023-11-14T22:13:20Z")
        self.assertTrue(spdx["documentNamespace"].endswith(cdx["serialNumber"][len("urn:uuid:"):]))

    def test_ripgrep_cargo_lock_end_to_end(self):
        """The CycloneDX document of ripgrep's Cargo.lock against the lockfile read here with
        tomllib: every crate with a source (workspace members have none: they are the project),
        and every dependency edge whose name picks one crate of the lockfile."""
        data = shared_data()
        if not data:
            self.skipTest("no ../shared/data")
        import tomllib
        path = os.path.join(data, "lockfiles", "cargo", "ripgrep-Cargo.lock")
        with open(path, "rb") as f:
            packages = tomllib.load(f)["package"]
        crates = [p for p in packages if "source" in p]
        self.assertEqual(len(crates), 52)
        built = dict(zip([(p["name"], p["version"]) for p in crates],
                         reference_purls([("cargo", "", p["name"], p["version"]) for p in crates])))
        purl = lambda p: built[(p["name"], p["version"])]  # noqa: E731
        by_name = {}
        for p in crates:
            by_name.setdefault(p["name"], []).append(p)
        expected = {}
        for p in crates:
            edges = set()
            for spec in p.get("dependencies", []):
                name = spec.split(" ")[0]
                if len(by_name.get(name, [])) == 1:
                    edges.add(purl(by_name[name][0]))
            expected[purl(p)] = sorted(edges)
        # packageurl-js writes a '+' in a version as is, upkeep as %2B (as packageurl-python and
        # packageurl-go do): both decode to the same purl, so compare them decoded.
        from urllib.parse import unquote
        expected = {unquote(k): sorted(unquote(x) for x in v) for k, v in expected.items()}
        cdx = load(DOCS["lockfile:cargo/ripgrep-Cargo.lock"]["cyclonedx"])
        self.assertEqual({unquote(c["purl"]) for c in cdx["components"]}, set(expected))
        graph = {unquote(d["ref"]): sorted(unquote(x) for x in d["dependsOn"])
                 for d in cdx["dependencies"] if d["ref"] != "upkeep:target"}
        self.assertEqual(graph, expected)
        # Direct: named by a workspace member (a package without a source).
        direct = {purl(by_name[s.split(" ")[0]][0]) for p in packages if "source" not in p
                  for s in p.get("dependencies", []) if len(by_name.get(s.split(" ")[0], [])) == 1}
        root = next(d for d in cdx["dependencies"] if d["ref"] == "upkeep:target")
        self.assertEqual({unquote(x) for x in root["dependsOn"]}, {unquote(x) for x in direct})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    parser.add_argument("--samples", required=True)
    ARGS, rest = parser.parse_known_args()
    why = missing_reference()
    if why:
        if os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1":
            print("report.validate: %s (UPKEEP_REQUIRE_REFERENCE=1)" % why, file=sys.stderr)
            sys.exit(1)
        print("report.validate: skipped: %s" % why, file=sys.stderr)
        sys.exit(77)
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
