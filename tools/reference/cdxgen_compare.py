#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compares upkeep's lockfile extractors with cdxgen, component for component.

For every lockfile or manifest under DATA/lockfiles (the real projects of ../shared/data), the
file is copied into an empty folder under the name cdxgen looks for (ripgrep-Cargo.lock becomes
Cargo.lock), cdxgen reads that folder and upkeep reads the same copy. The two sets of purls are
compared after normalisation (qualifiers dropped unless they name a different artefact, percent
escapes decoded, case folded where the purl type says names are case-insensitive), then the
scope of the components both report.

    tools/reference/cdxgen_compare.py --upkeep build/release/upkeep [--data DIR] [--keep DIR]
                                      [--only SUBSTRING] [--cdxgen PATH]

cdxgen (@cyclonedx/cdxgen, pinned below) is installed once into build/reference/cdxgen from the
npm registry, so this is a manual tool, not part of ctest. cdxgen runs offline: no installs
(--no-install-deps), every build tool it might call replaced by /bin/false, no registry lookups
for licences or metadata. Always exits 0; the result is the printed report.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

CDXGEN_VERSION = "12.8.4"

# (suffix of the file name in the data set, canonical name, cdxgen -t type). First match wins,
# so the more specific suffixes come first.
CASES = [
    ("Cargo.lock", "Cargo.lock", "cargo"),
    ("conan.lock", "conan.lock", "cpp"),
    ("conanfile.txt", "conanfile.txt", "cpp"),
    ("vcpkg.json", "vcpkg.json", "cpp"),
    ("go.mod", "go.mod", "go"),
    ("pom.xml", "pom.xml", "java"),
    ("gradle.lockfile", "gradle.lockfile", "gradle"),
    ("package-lock.json", "package-lock.json", "js"),
    ("package-lock.v1.json", "package-lock.json", "js"),
    ("package-lock.v2.json", "package-lock.json", "js"),
    ("package-lock.v3.json", "package-lock.json", "js"),
    ("yarn.lock", "yarn.lock", "js"),
    ("yarn.classic.lock", "yarn.lock", "js"),
    ("yarn.berry.lock", "yarn.lock", "js"),
    ("pnpm-lock.yaml", "pnpm-lock.yaml", "js"),
    ("packages.lock.json", "packages.lock.json", "dotnet"),
    ("composer.lock", "composer.lock", "php"),
    ("uv.lock", "uv.lock", "python"),
    ("Pipfile.lock", "Pipfile.lock", "python"),
    ("poetry.lock", "poetry.lock", "python"),
    ("Gemfile.lock", "Gemfile.lock", "ruby"),
    (".txt", "requirements.txt", "python"),  # only names containing "requirements", see below
]
# Files that only travel with another one.
COMPANIONS = {"go.mod": [("go.sum", "go.sum")]}
SKIPPED_SUFFIXES = ("go.sum",)

# Build tools cdxgen would otherwise run (and which would go to the network or install things).
OFFLINE_ENV = {
    "MVN_CMD": "/bin/false",
    "MAVEN_CMD": "/bin/false",
    "GRADLE_CMD": "/bin/false",
    "GO_CMD": "/bin/false",
    "CARGO_CMD": "/bin/false",
    "RUSTC_CMD": "/bin/false",
    "PYTHON_CMD": "/bin/false",
    "CONDA_PYTHON_EXE": "/bin/false",
    "NPM_CMD": "/bin/false",
    "YARN_CMD": "/bin/false",
    "DOTNET_CMD": "/bin/false",
    "CDXGEN_RUBY_CMD": "/bin/false",
    "CDXGEN_BUNDLE_CMD": "/bin/false",
    "CDXGEN_GEM_CMD": "/bin/false",
    "RUBY_CMD": "/bin/false",
    "FETCH_LICENSE": "false",
    "CDXGEN_FETCH_PKG_METADATA": "false",
    "GO_FETCH_VCS": "false",
    "SEARCH_MAVEN_ORG": "false",
    "CDXGEN_NO_CACHE": "true",
}
DROPPED_ENV = ("CI",)

# Purl types whose names the purl spec declares case-insensitive.
CASE_INSENSITIVE = {"npm", "pypi", "nuget", "composer", "github", "bitbucket"}
# Qualifiers that make a different artefact (kept); every other qualifier is dropped.
MEANINGFUL_QUALIFIERS = {
    "maven": {"classifier"},
    "gem": {"platform"},
    "conan": {"user", "channel"},
}


def canonical_name(file_name):
    for suffix, canonical, cdx_type in CASES:
        if canonical == "requirements.txt" and "requirements" not in file_name:
            continue
        if file_name.endswith(suffix):
            return canonical, cdx_type
    return None


def normalise_purl(purl):
    """Returns (key, type) for comparison, or None when it is not a purl."""
    if not purl or not purl.startswith("pkg:"):
        return None
    rest = purl[4:].lstrip("/")
    rest, _, _subpath = rest.partition("#")
    rest, _, query = rest.partition("?")
    ptype, _, path = rest.partition("/")
    ptype = ptype.lower()
    version = ""
    at = path.rfind("@")
    if at > path.rfind("/"):
        path, version = path[:at], path[at + 1:]
    segments = [urllib.parse.unquote(s) for s in path.split("/") if s]
    version = urllib.parse.unquote(version)
    if ptype in CASE_INSENSITIVE:
        segments = [s.lower() for s in segments]
    if ptype == "pypi" and segments:
        # PEP 503: runs of '-', '_' and '.' are one separator.
        name = segments[-1]
        for sep in ("_", "."):
            name = name.replace(sep, "-")
        while "--" in name:
            name = name.replace("--", "-")
        segments[-1] = name
    qualifiers = []
    keep = MEANINGFUL_QUALIFIERS.get(ptype, set())
    for pair in filter(None, query.split("&")):
        key, _, value = pair.partition("=")
        key = key.lower()
        value = urllib.parse.unquote(value)
        if key in keep and value:
            qualifiers.append(f"{key}={value}")
        elif ptype == "maven" and key == "type" and value not in ("", "jar"):
            qualifiers.append(f"type={value}")
    key = f"pkg:{ptype}/{'/'.join(segments)}"
    if version:
        key += "@" + version
    if qualifiers:
        key += "?" + "&".join(sorted(qualifiers))
    return key


def cdx_scope(component):
    """cdxgen's scope, with its dev markers where it records them as properties."""
    scope = component.get("scope")
    props = {p.get("name"): p.get("value") for p in component.get("properties", []) or []}
    if props.get("cdx:npm:dev") == "true" or props.get("cdx:pypi:dev") == "true":
        return "optional"
    return scope


def upkeep_scope_class(scope):
    return {"runtime": "required", "development": "optional", "optional": "optional"}.get(scope)


def install_cdxgen(root):
    cache = root / "build" / "reference" / "cdxgen"
    exe = cache / "node_modules" / ".bin" / "cdxgen"
    if not exe.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--silent",
             f"@cyclonedx/cdxgen@{CDXGEN_VERSION}"],
            cwd=cache, check=True)
    return exe


# Commands cdxgen runs by fixed name (no *_CMD variable): shadowed by a script that fails, so that
# nothing is installed or fetched and an existing lockfile is never rewritten.
SHADOWED_COMMANDS = ("pipenv", "pip", "pip3", "poetry", "uv", "pdm", "go", "cargo", "mvn", "gradle",
                     "bundle", "gem", "dotnet", "nuget", "composer", "conan", "vcpkg", "npm",
                     "pnpm", "yarn", "sbt", "python", "python3")


def shadow_dir(work):
    folder = work / "bin"
    folder.mkdir()
    for name in SHADOWED_COMMANDS:
        script = folder / name
        script.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
        script.chmod(0o755)
    return folder


def run_cdxgen(exe, folder, cdx_type, out, shadow):
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.update(OFFLINE_ENV)
    # node itself must stay reachable: cdxgen starts with "#!/usr/bin/env node".
    node_dir = os.path.dirname(shutil.which("node") or "/usr/bin/node")
    env["PATH"] = f"{shadow}{os.pathsep}{node_dir}{os.pathsep}{env.get('PATH', '')}"
    cmd = [str(exe), "-t", cdx_type, "--no-install-deps", "--no-validate",
           "--spec-version", "1.6", "-o", str(out), str(folder)]
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=900, check=False)
    if not out.exists():
        return None, proc.stdout[-2000:]
    with open(out, encoding="utf-8") as f:
        return json.load(f), ""


def v1_package_json(lock_path):
    """The package.json of a lockfileVersion 1 project, rebuilt from the lockfile.

    A v1 lockfile does not record the root's own dependencies, and without a package.json
    cdxgen's arborist marks every entry extraneous and reports nothing. Every top-level entry is
    named as a root dependency at its locked version (dev-only ones as devDependencies, optional
    ones as optionalDependencies), which keeps every entry reachable and leaves the dev and
    optional flags to arborist's own calculation.
    """
    with open(lock_path, encoding="utf-8") as f:
        lock = json.load(f)
    manifest = {"name": lock.get("name", "project"), "version": lock.get("version", "0.0.0"),
                "dependencies": {}, "devDependencies": {}, "optionalDependencies": {}}
    for name, entry in (lock.get("dependencies") or {}).items():
        version = entry.get("version", "")
        if not version or entry.get("bundled"):
            continue
        section = ("devDependencies" if entry.get("dev") else
                   "optionalDependencies" if entry.get("optional") else "dependencies")
        manifest[section][name] = version
    return manifest


def prepare_project(path, canonical, project):
    """Copies the file (and what travels with it) under cdxgen's names; returns notes."""
    notes = []
    shutil.copyfile(path, project / canonical)
    for companion_suffix, companion_name in COMPANIONS.get(canonical, []):
        stem = path.name[: len(path.name) - len(canonical)]
        companion = path.with_name(stem + companion_suffix)
        if companion.exists():
            shutil.copyfile(companion, project / companion_name)
    if canonical == "Pipfile.lock":
        # cdxgen reads Pipfile.lock only in "pipenv mode", which it enters when a Pipfile exists.
        (project / "Pipfile").write_text("", encoding="utf-8")
        notes.append("an empty Pipfile beside it (cdxgen reads Pipfile.lock only then)")
    if canonical == "package-lock.json":
        with open(path, encoding="utf-8") as f:
            lock_version = json.load(f).get("lockfileVersion")
        if lock_version == 1:
            with open(project / "package.json", "w", encoding="utf-8") as f:
                json.dump(v1_package_json(path), f)
            notes.append("a package.json rebuilt from the v1 lockfile's top-level entries")
    return notes


def name_and_version(key):
    """(type, last name segment, version) of a normalised purl."""
    body, _, version = key.partition("@")
    ptype, _, path = body[4:].partition("/")
    return ptype, path.rsplit("/", 1)[-1], version.partition("?")[0]


def pair_renamed(only_cdx, only_ours):
    """Leftovers that are one component named two ways (same type, name and version, another
    namespace or qualifier), paired one to one."""
    pending = {}
    for key in only_ours:
        pending.setdefault(name_and_version(key), []).append(key)
    pairs = []
    for key in only_cdx:
        candidates = pending.get(name_and_version(key))
        if candidates:
            pairs.append((key, candidates.pop(0)))
    return pairs


def walk_components(components):
    for c in components or []:
        yield c
        yield from walk_components(c.get("components"))


def cdxgen_set(bom):
    result = {}
    for c in walk_components(bom.get("components")):
        key = normalise_purl(c.get("purl"))
        if key:
            result.setdefault(key, cdx_scope(c))
    return result


def upkeep_set(upkeep, file_path):
    proc = subprocess.run([upkeep, "inventory", "-f", "json", str(file_path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    doc = json.loads(proc.stdout or "{}")
    result = {}
    for c in doc.get("components", []):
        key = normalise_purl(c.get("purl"))
        if key:
            previous = result.get(key)
            scope = c.get("scope")
            # One purl in several places (npm nests copies): runtime wins over the others.
            if previous is None or scope == "runtime":
                result[key] = scope
    return result, proc.stderr.strip()


def compare(path, canonical, cdx_type, exe, upkeep, keep):
    work = Path(tempfile.mkdtemp(prefix="cdxcmp-"))
    try:
        project = work / "project"
        project.mkdir()
        notes = prepare_project(path, canonical, project)
        started = time.monotonic()
        bom, log = run_cdxgen(exe, project, cdx_type, work / "bom.json", shadow_dir(work))
        seconds = time.monotonic() - started
        ours, warnings = upkeep_set(upkeep, project / canonical)
        if keep:
            dest = Path(keep) / path.name
            dest.mkdir(parents=True, exist_ok=True)
            if bom is not None:
                shutil.copyfile(work / "bom.json", dest / "cdxgen.json")
            with open(dest / "upkeep.json", "w", encoding="utf-8") as f:
                json.dump(ours, f, indent=1, sort_keys=True)
        if bom is None:
            return {"error": "cdxgen wrote no SBOM: " + log.replace("\n", " ")[-300:],
                    "upkeep": ours, "notes": notes, "seconds": seconds}
        theirs = cdxgen_set(bom)
        root = normalise_purl(((bom.get("metadata") or {}).get("component") or {}).get("purl"))
        return {"cdxgen": theirs, "upkeep": ours, "root": root, "warnings": warnings,
                "notes": notes, "seconds": seconds}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--upkeep", required=True, help="the upkeep binary")
    here = Path(__file__).resolve().parents[2]
    default_data = os.environ.get("UPKEEP_SHARED_DATA", str(here.parent / "shared" / "data"))
    parser.add_argument("--data", default=default_data, help="shared data folder")
    parser.add_argument("--cdxgen", help="a cdxgen executable (default: the pinned install)")
    parser.add_argument("--only", help="only files whose path contains this")
    parser.add_argument("--keep", help="keep both outputs per file under this folder")
    parser.add_argument("--max-list", type=int, default=40, help="purls listed per difference")
    args = parser.parse_args()

    upkeep = str(Path(args.upkeep).resolve())
    exe = Path(args.cdxgen) if args.cdxgen else install_cdxgen(here)
    version = subprocess.run([str(exe), "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, check=False).stdout
    version = " ".join(version.split()).replace("\x1b[1m", "").replace("\x1b[0m", "")
    print(f"# cdxgen: {version}")

    lockfiles = Path(args.data) / "lockfiles"
    if not lockfiles.is_dir():
        print(f"no lockfiles under {args.data} (use --data or UPKEEP_SHARED_DATA)")
        return 0
    rows = []
    for path in sorted(p for p in lockfiles.rglob("*") if p.is_file()):
        if args.only and args.only not in str(path):
            continue
        if path.name.endswith(SKIPPED_SUFFIXES):
            continue
        match = canonical_name(path.name)
        rel = path.relative_to(lockfiles)
        if match is None:
            print(f"\n## {rel}: no cdxgen case for this file name, skipped")
            continue
        canonical, cdx_type = match
        result = compare(path, canonical, cdx_type, exe, upkeep, args.keep)
        print(f"\n## {rel} (as {canonical}, cdxgen -t {cdx_type}, {result['seconds']:.0f} s)")
        for note in result["notes"]:
            print(f"  with {note}")
        if "error" in result:
            print(f"  {result['error']}")
            rows.append((str(rel), "-", "-", "-", len(result["upkeep"]), "-"))
            continue
        theirs, ours = result["cdxgen"], result["upkeep"]
        if result["root"]:
            print(f"  cdxgen's root component (metadata.component): {result['root']}")
        if result["warnings"]:
            print("  upkeep warnings: " + result["warnings"].replace("\n", "\n    "))
        both = sorted(set(theirs) & set(ours))
        only_cdx = sorted(set(theirs) - set(ours))
        only_ours = sorted(set(ours) - set(theirs))
        renamed = pair_renamed(only_cdx, only_ours)
        if renamed:
            paired_cdx = {a for a, _ in renamed}
            paired_ours = {b for _, b in renamed}
            only_cdx = [k for k in only_cdx if k not in paired_cdx]
            only_ours = [k for k in only_ours if k not in paired_ours]
        scope_diff = []
        scopes_compared = 0
        for key in both:
            t = theirs[key]
            u = upkeep_scope_class(ours[key])
            # Only where both say something: cdxgen leaves many scopes out, upkeep says unknown.
            if t and u:
                scopes_compared += 1
                if t != u:
                    scope_diff.append(f"{key}: cdxgen {t}, upkeep {ours[key]}")
        for a, b in renamed:
            t, u = theirs[a], upkeep_scope_class(ours[b])
            if t and u and t != u:
                scope_diff.append(f"{b}: cdxgen {t}, upkeep {ours[b]}")
        print(f"  both {len(both)}, same component under another purl {len(renamed)},"
              f" only cdxgen {len(only_cdx)}, only upkeep {len(only_ours)},"
              f" scope differs {len(scope_diff)} of {scopes_compared} compared")
        renamed_lines = [f"cdxgen {a}  upkeep {b}" for a, b in renamed]
        for title, items in (("same component, another purl", renamed_lines),
                             ("only cdxgen", only_cdx), ("only upkeep", only_ours),
                             ("scope differs", scope_diff)):
            if not items:
                continue
            print(f"  {title}:")
            for item in items[: args.max_list]:
                print(f"    {item}")
            if len(items) > args.max_list:
                print(f"    ... and {len(items) - args.max_list} more")
        rows.append((str(rel), len(both), len(renamed), len(only_cdx), len(only_ours),
                     len(scope_diff)))

    print("\n# summary\n")
    header = ("file", "both", "other purl", "only cdxgen", "only upkeep", "scope differs")
    width = max([len(header[0])] + [len(r[0]) for r in rows])
    print(f"{header[0]:<{width}}  " + "  ".join(f"{h:>13}" for h in header[1:]))
    for r in rows:
        print(f"{r[0]:<{width}}  " + "  ".join(f"{str(v):>13}" for v in r[1:]))
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # a manual tool: report, never fail a shell pipeline
        print(f"cdxgen_compare: {error}", file=sys.stderr)
    sys.exit(0)
