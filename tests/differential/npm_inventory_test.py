#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Reference comparison: upkeep's npm extractors against @cyclonedx/cyclonedx-npm.

Installs the packages of tests/fixtures/inventory/npm-reference/package.json from the npm
registry into a temporary project (npm install --ignore-scripts), then compares, as sets of
(name, version, purl):

  * the package-lock.json extractor on its package-lock.json with cyclonedx-npm
    --package-lock-only (the tree the lockfile describes, optional packages for other platforms
    included);
  * the node-modules extractor on the project folder with cyclonedx-npm's default run (the tree
    npm ls finds installed).

Normalisation: cyclonedx-npm lists one component per node_modules path (nested ones inside
their parent, with "group" holding an npm scope); upkeep lists one per distinct purl. Both sides
become sets; names are "group/name". Nothing else is changed: purls are compared as strings.

cyclonedx-npm is pinned by tools/reference/cyclonedx-npm/package-lock.json and installed with
npm ci (into that folder when scripts/install-deps did it, else into UPKEEP_REF_CACHE). Exits 77
(skipped) when npm or the registry is unreachable, unless UPKEEP_REQUIRE_REFERENCE=1 (CI).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SKIP = 77
TOOL_DIR = os.path.join(ROOT, "tools", "reference", "cyclonedx-npm")
PROJECT = os.path.join(ROOT, "tests", "fixtures", "inventory", "npm-reference", "package.json")
NPM_FLAGS = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]


def run(argv, cwd=None, timeout=900):
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def unavailable(why, required):
    print(why)
    if required:
        print("reference required (UPKEEP_REQUIRE_REFERENCE=1) but unavailable")
        return 1
    return SKIP


def cyclonedx_binary(cache):
    """The pinned cyclonedx-npm, installing it with npm ci when it is not there yet."""
    rel = os.path.join("node_modules", ".bin", "cyclonedx-npm")
    if os.path.exists(os.path.join(TOOL_DIR, rel)):
        return os.path.join(TOOL_DIR, rel), None
    target = os.path.join(cache, "cyclonedx-npm")
    if not os.path.exists(os.path.join(target, rel)):
        os.makedirs(target, exist_ok=True)
        for f in ("package.json", "package-lock.json"):
            shutil.copy(os.path.join(TOOL_DIR, f), target)
        r = run(["npm", "ci"] + NPM_FLAGS, cwd=target)
        if r.returncode != 0:
            return None, "npm ci of cyclonedx-npm failed:\n" + r.stderr
    return os.path.join(target, rel), None


def cyclonedx_set(binary, project, extra):
    out = os.path.join(project, "..", "bom-%d.json" % len(extra))
    r = run([binary, "--output-format", "JSON", "--output-file", out] + extra, cwd=project)
    if r.returncode != 0:
        raise RuntimeError("cyclonedx-npm failed:\n" + r.stderr)
    with open(out, encoding="utf-8") as f:
        bom = json.load(f)
    found = set()
    todo = list(bom.get("components", []))
    while todo:
        c = todo.pop()
        todo.extend(c.get("components", []))
        name = (c["group"] + "/" if c.get("group") else "") + c["name"]
        found.add((name, c.get("version", ""), c["purl"]))
    return found


def upkeep_set(upkeep, extractor, target):
    r = run([upkeep, "inventory", "--format", "json", "--only", extractor, target])
    if r.returncode != 0:
        raise RuntimeError("upkeep failed:\n" + r.stderr)
    if r.stderr:
        print("upkeep warnings:\n" + r.stderr)
    doc = json.loads(r.stdout)
    return {(c["name"], c["version"], c["purl"]) for c in doc["components"]}


def compare(what, reference, ours):
    missing = sorted(reference - ours)
    extra = sorted(ours - reference)
    print(f"{what}: cyclonedx-npm {len(reference)}, upkeep {len(ours)}, "
          f"only in cyclonedx-npm {len(missing)}, only in upkeep {len(extra)}")
    for m in missing[:30]:
        print("  only in cyclonedx-npm:", m)
    for e in extra[:30]:
        print("  only in upkeep:", e)
    return not missing and not extra


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upkeep", required=True)
    p.add_argument("--keep", help="install the project here and keep it (for debugging)")
    a = p.parse_args()
    required = os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1"
    cache = os.environ.get("UPKEEP_REF_CACHE", os.path.join(ROOT, "build", "reference"))

    if shutil.which("npm") is None:
        return unavailable("npm is not installed", required)
    try:
        ping = run(["npm", "ping"], timeout=60)
    except subprocess.TimeoutExpired:
        return unavailable("the npm registry did not answer", required)
    if ping.returncode != 0:
        return unavailable("the npm registry is unreachable:\n" + ping.stderr, required)

    binary, err = cyclonedx_binary(cache)
    if binary is None:
        return unavailable(err, required)

    work = a.keep or tempfile.mkdtemp(prefix="upkeep-npm-reference-")
    try:
        project = os.path.join(work, "project")
        os.makedirs(project, exist_ok=True)
        shutil.copy(PROJECT, project)
        r = run(["npm", "install"] + NPM_FLAGS, cwd=project)
        if r.returncode != 0:
            return unavailable("npm install failed:\n" + r.stderr, required)

        lock_ref = cyclonedx_set(binary, project, ["--package-lock-only"])
        lock_ours = upkeep_set(a.upkeep, "package-lock.json",
                               os.path.join(project, "package-lock.json"))
        tree_ref = cyclonedx_set(binary, project, [])
        tree_ours = upkeep_set(a.upkeep, "node-modules", project)
        ok = compare("package-lock.json vs --package-lock-only", lock_ref, lock_ours)
        ok = compare("node_modules vs installed tree", tree_ref, tree_ours) and ok

        # Not vacuous: what the project was chosen to exercise is there.
        names = {n for n, _, _ in lock_ours}
        checks = {
            "more than 100 packages": len(lock_ours) > 100,
            "a scoped package": any(n.startswith("@") for n in names),
            "the alias my-lodash as lodash 4.17.20": ("lodash", "4.17.20",
                                                      "pkg:npm/lodash@4.17.20") in lock_ours,
            "fsevents locked but not installed on Linux": (
                any(n == "fsevents" for n in names) and
                not any(n == "fsevents" for n, _, _ in tree_ours)) or sys.platform == "darwin",
        }
        for what, good in checks.items():
            if not good:
                print("the reference project does not exercise:", what)
                ok = False
        return 0 if ok else 1
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
