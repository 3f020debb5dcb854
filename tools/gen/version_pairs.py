#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates version pairs ("A<TAB>B" lines) for the differential tests and benchmarks.

    version_pairs.py SCHEME [--count N] [--seed S] [--data DIR] [--kind mixed|real]

Pairs are built from real versions (this machine's apt lists and dpkg status, the advisories,
lockfiles, OS package databases and apk-tools' test versions in ../shared/data) plus each scheme's edge cases, and from
mutations of both: inserted, deleted and replaced characters from the scheme's alphabet, leading
zeros, numbers past 64 bits, doubled or empty separators, case changes. Output is deterministic
for a given seed and data. --kind real gives only pairs of real versions (for benchmarks).
"""
import argparse
import glob
import json
import os
import random
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Edge cases include numbers of thousands of digits; mutations do arithmetic on them.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
DEFAULT_DATA = os.environ.get("UPKEEP_SHARED_DATA",
                              os.path.join(HERE, "..", "..", "..", "shared", "data"))


# ---------------------------------------------------------------------------------------------
# Reading real versions


def read_lines(path):
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except OSError:
        return []


def read_apt_list(path):
    """Lines of an apt list file; apt keeps them compressed (.lz4, .gz, ...), so let apt read it."""
    if not any(path.endswith(ext) for ext in (".lz4", ".gz", ".xz", ".zst", ".bz2")):
        return read_lines(path)
    import subprocess
    r = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], capture_output=True)
    return r.stdout.decode("utf-8", "replace").splitlines() if r.returncode == 0 else []


def control_field(paths, field):
    """Values of one field in Debian control-style files (Packages, status)."""
    prefix = field + ": "
    out = []
    for p in paths:
        for line in read_apt_list(p):
            if line.startswith(prefix):
                out.append(line[len(prefix):].strip())
    return out


def osv_records(zip_path, limit=None):
    """Yields parsed OSV records from a zip of one JSON file per record."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile):
        return
    with zf:
        for i, name in enumerate(sorted(zf.namelist())):
            if limit is not None and i >= limit:
                break
            if not name.endswith(".json"):
                continue
            try:
                yield json.loads(zf.read(name))
            except (ValueError, KeyError):
                continue


def osv_versions(zip_path, ecosystem_prefix=None, limit=None):
    """Every version an OSV zip mentions: range events and `versions` lists."""
    out = []
    for rec in osv_records(zip_path, limit):
        for aff in rec.get("affected", []) or []:
            eco = (aff.get("package") or {}).get("ecosystem", "")
            if ecosystem_prefix and not eco.startswith(ecosystem_prefix):
                continue
            for r in aff.get("ranges", []) or []:
                if r.get("type") == "GIT":
                    continue
                for ev in r.get("events", []) or []:
                    for k in ("introduced", "fixed", "last_affected", "limit"):
                        v = ev.get(k)
                        if isinstance(v, str) and v not in ("0", "*"):
                            out.append(v)
            for v in aff.get("versions", []) or []:
                if isinstance(v, str):
                    out.append(v)
    return out


def seeds_deb(data):
    paths = glob.glob("/var/lib/apt/lists/*_Packages*") + ["/var/lib/dpkg/status"]
    paths += glob.glob(os.path.join(data, "os", "*", "status"))
    out = control_field(paths, "Version")
    for line in control_field(paths, "Source"):  # "src (version)" when it differs
        m = re.search(r"\(([^)]+)\)", line)
        if m:
            out.append(m.group(1))
    for z in ("debian-sample.zip", "ubuntu-sample.zip"):
        out += osv_versions(os.path.join(data, "osv", z))
    return out


def seeds_maven(data):
    out = osv_versions(os.path.join(data, "osv", "ghsa-sample.zip"), "Maven")
    lock = os.path.join(data, "lockfiles", "maven")
    # gradle.lockfile: "group:artifact:version=configurations"
    for path in glob.glob(os.path.join(lock, "*.lockfile")):
        for line in read_lines(path):
            m = re.match(r"^[^#:=\s]+:[^:=\s]+:([^:=\s]+)=", line)
            if m:
                out.append(m.group(1))
    # pom.xml <version> elements (property references are not versions), here and in this
    # machine's Debian Maven repository, whose directory layout is group/artifact/VERSION/.
    poms = glob.glob(os.path.join(lock, "*.xml"))
    poms += glob.glob("/usr/share/maven-repo/**/*.pom", recursive=True)
    for path in poms:
        for m in re.finditer(r"<version>\s*([^<$\s]+)\s*</version>", "\n".join(read_lines(path))):
            out.append(m.group(1))
    for path in glob.glob("/usr/share/maven-repo/**/*.pom", recursive=True):
        out.append(os.path.basename(os.path.dirname(path)))
    return out


def rpm_qa(path):
    """EVR strings of an `rpm -qa` truth file: epoch¶name¶version¶release¶... per line."""
    out = []
    for line in read_lines(path):
        f = line.split("\u00b6")
        if len(f) >= 4 and f[2]:
            out.append((f[0] + ":" if f[0] else "") + f[2] + ("-" + f[3] if f[3] else ""))
    return out


def seeds_rpm(data):
    out = []
    for p in sorted(glob.glob(os.path.join(data, "os", "*", "packages.csv"))):
        out += rpm_qa(p)
    out += osv_versions(os.path.join(data, "osv", "AlmaLinux.zip"))
    return out


def seeds_apk(data):
    out = []
    for p in sorted(glob.glob(os.path.join(data, "os", "alpine-*", "installed"))):
        out += [line[2:] for line in read_lines(p) if line.startswith("V:")]
    out += osv_versions(os.path.join(data, "osv", "alpine-sample.zip"), ecosystem_prefix="Alpine")
    # apk-tools' own test versions (test/unit/version.data): "A OP B" or "[!]V" per line.
    for line in read_lines(os.path.join(data, "versions", "apk-tools-version.data")):
        fields = line.split("#")[0].split()
        out += [f.lstrip("!") for f in fields if not re.fullmatch(r"!?[<>=~]+", f)]
    return [v for v in out if v]


def seeds_go(data):
    # OSV's Go records write versions without the "v" that x/mod requires.
    out = ["v" + v for v in osv_versions(os.path.join(data, "osv", "Go.zip"))]
    lock = os.path.join(data, "lockfiles", "go")
    for line in read_lines(os.path.join(lock, "vulndb-go.mod")):
        # "module v1.2.3" in a require block, "require module v1.2.3", replace targets too.
        out += re.findall(r"\s(v\d[^\s/]*)", " " + line)
    for line in read_lines(os.path.join(lock, "vulndb-go.sum")):
        f = line.split()
        if len(f) >= 2:
            out.append(f[1].split("/")[0])  # "v1.2.3/go.mod" -> "v1.2.3"
    return out


def seeds_nuget(data):
    out = []
    path = os.path.join(data, "lockfiles", "nuget", "qowaiv-specs-packages.lock.json")
    try:
        with open(path, encoding="utf-8") as f:
            lock = json.load(f)
        for deps in (lock.get("dependencies") or {}).values():
            for dep in deps.values():
                v = dep.get("resolved")
                if isinstance(v, str):
                    out.append(v)
    except (OSError, ValueError):
        pass
    out += osv_versions(os.path.join(data, "osv", "ghsa-sample.zip"), "NuGet")
    return out


def json_versions(node):
    """Every string under a "version" key anywhere in parsed JSON (package-lock, package.json)."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "version" and isinstance(v, str):
                out.append(v)
            else:
                out += json_versions(v)
    elif isinstance(node, list):
        for v in node:
            out += json_versions(v)
    return out


def read_json(path):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read())
    except (OSError, ValueError):
        return None


# A SemVer-shaped version inside a range expression (">=1.2.3 <2.0.0-rc.1 || ^3.0.0").
SEMVER_IN_TEXT = re.compile(r"v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")


def seeds_npm(data):
    out = osv_versions(os.path.join(data, "osv", "ghsa-sample.zip"), "npm")
    lockdir = os.path.join(data, "lockfiles", "npm")
    for path in glob.glob(os.path.join(lockdir, "*.json")):
        out += json_versions(read_json(path))
    for path in glob.glob(os.path.join(lockdir, "*yarn*.lock")):
        for line in read_lines(path):  # classic: version "1.2.3"; berry: version: 1.2.3
            m = re.match(r'^\s+version:?\s+"?([^"\s]+)"?\s*$', line)
            if m:
                out.append(m.group(1))
    for path in glob.glob(os.path.join(lockdir, "*pnpm-lock.yaml")):
        for line in read_lines(path):  # "  '@scope/name@1.2.3(peer@4.5.6)':" and "version: 1.2.3"
            m = re.match(r"^\s+'?(?:@[^@/\s]+/)?[^@\s']+@([^('\s:]+)", line)
            if m:
                out.append(m.group(1))
            m = re.match(r"^\s+version:\s+'?([^'\s]+)'?\s*$", line)
            if m:
                out.append(m.group(1))
    try:
        zf = zipfile.ZipFile(os.path.join(data, "nodejs", "security-wg-vuln.zip"))
    except (OSError, zipfile.BadZipFile):
        zf = None
    if zf is not None:
        with zf:
            for name in zf.namelist():
                try:
                    rec = json.loads(zf.read(name))
                except ValueError:
                    continue
                if not isinstance(rec, dict):
                    continue
                for key in ("vulnerable_versions", "patched_versions", "vulnerable", "patched"):
                    if isinstance(rec.get(key), str):
                        out += SEMVER_IN_TEXT.findall(rec[key])
    for path in glob.glob("/usr/lib/node_modules/**/package.json", recursive=True):
        pkg = read_json(path)
        if isinstance(pkg, dict) and isinstance(pkg.get("version"), str):
            out.append(pkg["version"])
    return out


def toml_package_version(path):
    """The `version` of the [package] table of a Cargo.toml (not a dependency's requirement)."""
    section = None
    for line in read_lines(path):
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[package]":
            m = re.match(r'^version\s*=\s*"([^"]*)"', line)
            if m:
                return m.group(1)
    return None


def seeds_cargo(data):
    out = osv_versions(os.path.join(data, "osv", "crates.io.zip"))
    for path in glob.glob(os.path.join(data, "lockfiles", "cargo", "*Cargo.lock")):
        for line in read_lines(path):
            m = re.match(r'^version = "([^"]+)"$', line)
            if m:
                out.append(m.group(1))
    for path in glob.glob("/usr/share/cargo/registry/*/Cargo.toml"):
        v = toml_package_version(path)
        if v:
            out.append(v)
    return out


def seeds_pypi(data):
    out = osv_versions(os.path.join(data, "osv", "PyPI.zip"))
    out += osv_versions(os.path.join(data, "osv", "ghsa-sample.zip"), "PyPI")
    lock = os.path.join(data, "lockfiles", "pypi")
    for path in glob.glob(os.path.join(lock, "*")):
        for line in read_lines(path):
            # requirements pins (name==1.0), Pipfile.lock ("version": "==1.0"), poetry.lock and
            # uv.lock (version = "1.0")
            m = (re.match(r"^[A-Za-z0-9._\[\],-]+==([^\s;#\\]+)", line)
                 or re.search(r'"version":\s*"==([^"]+)"', line)
                 or re.match(r'^version\s*=\s*"([^"]+)"', line))
            if m:
                out.append(m.group(1))
    # This machine's Python distributions: name-VERSION.dist-info / .egg-info folders.
    for pattern in ("/usr/lib/python3/dist-packages/*-*.*-info",
                    "/usr/local/lib/python3*/dist-packages/*-*.*-info"):
        for path in glob.glob(pattern):
            base = os.path.basename(path).rsplit(".", 1)[0]  # drop .dist-info / .egg-info
            if "-" in base:
                out.append(base.split("-", 1)[1].split("-py")[0])
    return out


def seeds_rubygems(data):
    out = []
    # Gemfile.lock specs: "    name (version)" or "    name (version-platform)".
    for line in read_lines(os.path.join(data, "lockfiles", "rubygems", "endoflife-date-Gemfile.lock")):
        m = re.match(r"^ {4}\S+ \(([^)]*)\)$", line)
        if m:
            out.append(m.group(1).split("-", 1)[0])
        m = re.match(r"^ {3}([0-9][^ ]*)$", line)  # BUNDLED WITH
        if m:
            out.append(m.group(1))
    # Gem specifications installed on this machine: name-version.gemspec, s.version, requirements.
    specs = glob.glob("/usr/share/rubygems-integration/**/specifications/*.gemspec", recursive=True)
    specs += glob.glob("/usr/lib/ruby/gems/*/specifications/**/*.gemspec", recursive=True)
    for path in specs:
        m = re.search(r"-([0-9][^-/]*)\.gemspec$", path)
        if m:
            out.append(m.group(1))
        for line in read_lines(path):
            m = re.search(r'\.version = "([^"]+)"', line)
            if m:
                out.append(m.group(1))
            for op in re.findall(r'"(?:[<>=~!]+ )?([0-9][^" ]*)"', line) if "Requirement" in line or \
                    "dependency" in line else []:
                out.append(op)
    out += osv_versions(os.path.join(data, "osv", "ghsa-sample.zip"), "RubyGems")
    return out


def seeds_composer(data):
    out = []
    lock = os.path.join(data, "lockfiles", "packagist", "composer-composer.lock")
    try:
        with open(lock, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError):
        doc = {}
    for pkg in (doc.get("packages") or []) + (doc.get("packages-dev") or []):
        if isinstance(pkg.get("version"), str):
            out.append(pkg["version"])
        aliases = ((pkg.get("extra") or {}).get("branch-alias") or {})
        out += [v for kv in aliases.items() for v in kv if isinstance(v, str)]
        # Operands of the version constraints ("^7.2.5 || ^8.0", ">=5.3.0", "1.12.28").
        for field in ("require", "require-dev", "conflict", "provide", "replace"):
            for constraint in (pkg.get(field) or {}).values():
                if isinstance(constraint, str):
                    out += [t.lstrip("^~<>=!") for t in re.split(r"[|, ]+", constraint)
                            if t.lstrip("^~<>=!")]
    out += osv_versions(os.path.join(data, "osv", "ghsa-sample.zip"), "Packagist")
    # PHP libraries packaged by Debian (php-*): their upstream versions are Packagist releases.
    paths = glob.glob("/var/lib/apt/lists/*_Packages") + ["/var/lib/dpkg/status"]
    for p in paths:
        package = None
        for line in read_lines(p):
            if line.startswith("Package: "):
                package = line[len("Package: "):].strip()
            elif line.startswith("Version: ") and package and package.startswith("php-"):
                upstream = line[len("Version: "):].strip().split(":", 1)[-1].rsplit("-", 1)[0]
                out.append(upstream.split("+")[0])
    return out


SEEDS = {
    "deb": seeds_deb,
    "maven": seeds_maven,
    "rpm": seeds_rpm,
    "apk": seeds_apk,
    "go": seeds_go,
    "nuget": seeds_nuget,
    "npm": seeds_npm,
    "cargo": seeds_cargo,
    "pypi": seeds_pypi,
    "rubygems": seeds_rubygems,
    "composer": seeds_composer,
}

# Hand-picked edge cases per scheme, mutated like the real ones.
EDGES = {
    "deb": ["0", "1:0", "1.0~rc1", "1.0~~", "1.0+", "1.0.", "1:2:3", "1.0-1-2", "00:1", "+1:1",
            "-0:1", "1.0-0", "1.99999999999999999999999", "2147483647:1", "2147483648:1", "1a",
            "1.0a.b~c", "9.9.9-9.9", "1.0-1~bpo11+1", "1.0 ", " 1.0", "1:", "-1:1", "1.0-", "a"],
    "maven": ["1", "1.0", "1.0.0", "1-0", "1.0-0", "1-0-1", "1--1", "1..1", ".1", "-1", "1.", "1-",
              "1-alpha-1", "1-a1", "1a1", "1-alpha1", "1.0-beta-2", "1.0b2", "1-m3", "1-milestone-3",
              "1-rc1", "1-cr1", "1-RC-1", "1.0-SNAPSHOT", "1.0-snapshot", "1-ga", "1-final",
              "1.0.RELEASE", "1.0.Final", "1-sp", "1-sp1", "1.sp.1", "1-abc", "1-xyz", "1-a",
              "1-c1", "1-0.alpha", "1-0.beta", "1.0.0.RC1", "1.0.0-RC2", "2.0.a", "2.0.0.a",
              "2-1", "11.a2", "11b", "11m", "6.1H.5-beta", "0000000000", "0000000000.1",
              "1.0000000000.1", "00000000000000000000.1", "1234567890", "123456789012345678",
              "1234567890123456789", "99999999999999999999999", "20190126.230843",
              "1.0-20220101.123456-1", "31.1-jre", "31.1-android", "5.3.18.RELEASE",
              "2.13.4.2", "9999.0-empty-to-avoid-conflict-with-guava", "1+1", "1_1", "1.0~1",
              "[1.0,2.0)", "${revision}", "1.0 ", "1:0", "1/0", "1*", "", "a", "ga", "final"],
    "rpm": ["0", "1.0~rc1", "1.0~", "1.0~~", "1.0^", "1.0^git1.abc", "1.0^^", "1.0~^", "1.0^~",
            "1:1.0", "0:1.0-1", "00:1.0", "1.0-1.el9", "1.0-1.el9_2.1", "2.0-0.1.beta.fc38",
            "99999999999999999999:1", "1.00000000000000000000001", "1.18446744073709551616",
            "1.0a", "1.0.a", "1..0", "1.0_1", "1.0+git", "1.{a}%b", "a", "~", "^", ".", "1.",
            "1.0-%{dist}", ":1", "1:", "1-", "-1", "a:1", "1:2:3", "1-2-3", "1.0 ", "1.0@1"],
    "apk": ["0", "01", "1.0", "1.01", "1.001", "1.0a", "1.0z", "1.0_alpha", "1.0_alpha1",
            "1.0_alpha_beta", "1.0_beta2", "1.0_pre", "1.0_rc1", "1.0_cvs", "1.0_svn", "1.0_git1",
            "1.0_hg", "1.0_p", "1.0_p1_p2", "1.0_git20240101_pre1", "1.0~abc", "1.0~abc-r1",
            "1.0_pre~0f-r2", "1.0-r0", "1.0-r01", "1a_p", "18446744073709551615",
            "18446744073709551616", "1.00000000000000000000000000", "1.0_p18446744073709551616",
            "1.0-r", "1.0_post1", "1.0A", "1.0.", "1..0", "1.0bc", "1.0_", "1.0-r1-r2", "1.0~",
            "1.0~ABC", "a", "_p1", ""],
    "go": ["v0", "v1", "v1.2", "v1.2.3", "v0.0.0", "v01.2.3", "v1.02.3", "v1.2.03", "v1-pre",
           "v1.2-pre", "v1.2+meta", "v1.2.3-0", "v1.2.3-00", "v1.2.3-01", "v1.2.3-0a",
           "v1.2.3--", "v1.2.3-a-b.c-", "v1.2.3-alpha.1", "v1.2.3-alpha.beta", "v1.2.3-rc.10",
           "v1.2.3+incompatible", "v2.0.0+incompatible", "v1.2.3-pre+build.01", "v1.2.3+",
           "v1.2.3-", "v1.2.3-a..b", "v1.2.3+a..b", "v1.2.3.4", "V1.2.3", "1.2.3", "v",
           "v1.", "v1..2", "v 1.2.3", "v1.2.3 ", "v1.2.3-é", "v99999999999999999999.0.0",
           "v0.0.0-20210101000000-abcdef123456", "v1.2.4-0.20210101000000-abcdef123456",
           "v2.0.0-20190101000000-000000000000+incompatible", "v1.2.3-rc.1+build.2"],
    "nuget": ["1", "1.0", "1.0.0", "1.0.0.0", "1.0.0.1", "1.01", "01.1", "1.2.3.4.5", "1.",
              "1..2", ".1", "1.0-", "1.0+", "1.0-+b", "1.0.0-beta", "1.0.0-BETA", "1.0.0-beta.2",
              "1.0.0-beta.10", "1.0.0-01", "1.0.0-0a", "1.0.0--", "1.0.0--1", "1.0.0-a.-1",
              "1.0.0-2147483647", "1.0.0-2147483648", "1.0.0-99999999999", "1.0.0+meta",
              "1.0.0+01.02", "1.0.0+a+b", "2147483647.0", "2147483648.0",
              "0000000000001.0", " 1.0", "1.0 ", "1 .2", "1. 2", "1 2", "v1.0", "-1.0",
              "1.0.0-a_b", "1.0.0-rc.1+build", "1.2.3.4-alpha.1+x", "1.0.0-é"],
    "npm": ["0.0.0", "v1.2.3", " 1.2.3 ", "=1.2.3", "V1.2.3", "vv1.2.3", "1.2.3-0", "1.2.3-alpha.1",
            "1.2.3-alpha.01", "1.2.3+build.01", "1.2.3-rc.1+sha.5114f85", "1.2.3-9007199254740991",
            "1.2.3-9007199254740992", "9007199254740991.0.0", "9007199254740992.0.0", "1.2.3-a-b",
            "1.2.3--", "1.2.3-0a", "1.2.3-a..b", "1.2.3-", "1.2.3+", "01.2.3", "1.2", "1.2.3.4",
            "1.2.3a", "1.2.3-a_b", "\u00a01.2.3", "\u30001.2.3\ufeff", "\u200b1.2.3", "\x0b1.2.3\x0c",
            "1.2.3\x00", "1.0.0-" + "a" * 250, "1.0.0-" + "a" * 251, " 1.0.0-" + "a" * 250,
            "1.0.0+" + "b" * 250],
    "cargo": ["0.0.0", "1.2.3", "v1.2.3", "=1.2.3", " 1.2.3", "1.2.3-0", "1.2.3-alpha.1",
              "1.2.3-alpha.01", "1.2.3+build.01", "1.2.3+0", "1.2.3+00", "1.2.3+001.a",
              "1.2.3-rc.1+sha.5114f85", "18446744073709551615.0.0", "18446744073709551616.0.0",
              "1.2.3-18446744073709551616", "1.2.3-a-b", "1.2.3--", "1.2.3+--", "1.2.3-0a",
              "1.2.3-a..b", "1.2.3-", "1.2.3+", "01.2.3", "1.2", "1.2.3.4", "1.2.3a", "1.2.3-a_b",
              "1.2.3-\u00e9", "^1.2.3", "1.2.*"],
    "pypi": [
        # every spelling of pre, post and dev, with and without separators and numbers
        "1.0a1", "1.0alpha1", "1.0b2", "1.0beta2", "1.0c3", "1.0rc3", "1.0pre3", "1.0preview3",
        "1.0.a", "1.0-b", "1.0_rc", "1.0a.1", "1.0a-1", "1.0a_1", "1.0a-", "1.0RC1", "1.0ALPHA",
        "1.0.post1", "1.0post", "1.0-post-1", "1.0_post1", "1.0rev1", "1.0r", "1.0-r-2", "1.0-1",
        "1.0-0", "1.0.dev1", "1.0dev", "1.0-dev-1", "1.0_dev", "1.0.DEV", "1.0a1.post2.dev3",
        "1.0.post0.dev0", "1.0a0.dev0", "1.0rc1-1", "1.0ar", "1.0a.post-1", "1.0prev", "1.0re",
        # epochs, prefixes, release shapes
        "1!1.0", "0!0", "v1", "V1.0", "1!", "!1", "1.0.", ".1", "1..0", "0", "00", "1.0.0.0.0",
        "01.02", "v", "vv1", "1!2!3", "9" * 30 + "!1",
        # local versions
        "1.0+abc", "1.0+abc.1", "1.0+ABC-1_x", "1.0+1", "1.0+01", "1.0+a..b", "1.0+", "1.0+a+b",
        "1.0+ubuntu1", "1.0+1a", "1.0+z.0", "1.0+abc_",
        # numbers past 64 bits and around Python's 4300-character int() limit
        "1." + "9" * 25, "1.0.post" + "1" * 25, "1." + "9" * 4300, "1." + "9" * 4301,
        "0" * 4301, "1.0+" + "1" * 4301, "1.0+a" + "1" * 4301,
        # whitespace, controls, non-ASCII: Unicode spaces are stripped, four letters fold to ASCII
        " 1.0", "1.0 ", "\x1c1.0", "\x0b1.0\x0c", "\u3000\u00a01.0\u2009", "1.0\x85", "1 .0",
        "1.0+\u212a", "1.0+\u017f", "1.0+\u0130", "1.0+\u0131", "1.0po\u017ft1",
        "1.0prev\u0131ew", "1.0PREV\u0130EW2", "\u0661.0", "\uff11.0", "1.0\x00", "1.0+\u00e9",
        "1.0\udcff",
    ],
    "rubygems": ["0", "1", "1.0", "1.0.0", "01", "1.0a", "1.0.a", "1.a", "1.A", "1.0.0.pre",
                 "1.0.0.rc1", "1.0.0.RC1", "1.0.0-rc1", "1.0-1", "1.0.pre.1", "1--1", "1-a-b",
                 "1.0.0.beta.2", "2.0.0.alpha", "1.0.a.0", "1.0.a.0.1", "1.0.0.0.0.1", "0.a",
                 "0.0.0.a1", "1.0b1", "1.0.0a10", "1.0.0a9", "1.2.3-x86_64-linux", "1.0 ",
                 " 1.0", "\v1.0\f", "1..0", "1.0.", "1-", "1.-1", "1a", "a", "v1.0", "1.0_1",
                 "18446744073709551616", "1.99999999999999999999999", "1.0.0.pre.pre",
                 "3.2.0.rc2", "7.0.4.1", "1.0.0.z", "1.0.0.Z"],
    "composer": ["1.0.0", "v1.0.0", "V1.0", "1", "1.0", "1.0.0.0", "1.0.0.0.0", "00001.0",
                 "000001.0", "1.0.0-alpha1", "1.0.0-a1", "1.0.0-beta.2", "1.0.0-b2", "1.0.0b2",
                 "1.0.0-RC1", "1.0.0-rc.1", "1.0.0RC", "1.0.0-patch1", "1.0.0-pl1", "1.0.0-p1",
                 "1.0.0-dev", "1.0.0.x-dev", "1.x-dev", "2.0.x-dev", "1.*-dev", "v1.X-DEV",
                 "1.0.0-stable", "1.0.0-STABLE", "1.0.0-Stable1-dev", "1.0.0-stable-dev",
                 "1.0.0-beta1-dev", "1.0.0-beta.1.2", "1.0.0-beta-1-2", "1.0.0-alpha.dev",
                 "1.0.0_dev", "1.0.0..dev", "1.0.0-", "1.0.0.", "1.0.0+build.1", "1.0.0+",
                 "1.0.0@dev", "1.0.0@beta", "1.0.0 as 1.1.0", "1.0.x-dev as 1.0.0",
                 "dev-master", "dev-main", "master", "trunk", "dev-feature/x", "9999999-dev",
                 "20200101", "2020-01-01", "2020.01.01", "2020.01.01.01.01", "20200101-1dev",
                 "202001011234", "20200101123045", "123456", "1234567", "20200101.beta",
                 " 1.0 ", "1.0\x00", "\x0b1.0", "1.0\n@dev", "foo\n1.x-dev",
                 "1.99999999999999999999", "1.9223372036854775807", "1.9223372036854775808",
                 "1.0.0-beta", "1.0.0-alpha", "1.0.0-rc", "1.0.0-pl", "1.0.0-patch", "1.0.0a",
                 "1.0.0.0-dev", "1.0-dev", "v", "1.0.0-gamma", "1.0.0 1", "1,0"],
}

# Characters mutations draw from, per scheme (real separators and letters that matter).
ALPHABETS = {
    "deb": "0123456789.+-~:abzAZ_ ",
    # separators twice as likely; a/b/m and c/r/s/p/g make aliases and known qualifiers
    "maven": "0123456789..--abmcrspgxABMRX_+ :",
    "rpm": "0123456789.+-~^:_%{}abzAZ @",
    "apk": "0123456789.-_~rapcfgzA",
    "go": "0123456789.+-vabzAZ_ ",
    "nuget": "0123456789.+-vabzAZ_ ",
    "npm": "0123456789.+-vaxzAZ=_ \u3000",
    "cargo": "0123456789.+-azAZ_ v",
    "pypi": "0123456789.-_+!vVabcdeilnoprstvwzABCDEPRSTV \x1c\u00a0\u0131\u0130\u017f\u212a\u0661",
    "rubygems": "0123456789.-abzpreAZ_ \t",
    "composer": "0123456789.-_+@:vVxXabpldevRCAB* ",
}


# ---------------------------------------------------------------------------------------------
# Mutations


def mutate(v, rng, alphabet):
    kind = rng.randrange(10)
    if kind == 0 and v:  # delete a character
        i = rng.randrange(len(v))
        return v[:i] + v[i + 1:]
    if kind == 1:  # insert a character
        i = rng.randrange(len(v) + 1)
        return v[:i] + rng.choice(alphabet) + v[i:]
    if kind == 2 and v:  # replace a character
        i = rng.randrange(len(v))
        return v[:i] + rng.choice(alphabet) + v[i + 1:]
    if kind == 3:  # leading zeros on a number
        nums = list(re.finditer(r"\d+", v))
        if nums:
            m = rng.choice(nums)
            return v[:m.start()] + "0" * rng.randint(1, 3) + v[m.start():]
    if kind == 4:  # a number past 64 bits, or bump a number by one
        nums = list(re.finditer(r"\d+", v))
        if nums:
            m = rng.choice(nums)
            if rng.random() < 0.5:
                n = str(rng.choice([18446744073709551615, 18446744073709551616,
                                    9007199254740991, 9007199254740993, 2147483648,
                                    10 ** 25 + rng.randrange(1000)]))
            else:
                n = str(max(0, int(m.group()) + rng.choice([-1, 1])))
            return v[:m.start()] + n + v[m.end():]
    if kind == 5:  # double or drop a separator
        seps = [m.start() for m in re.finditer(r"[^0-9A-Za-z]", v)]
        if seps:
            i = rng.choice(seps)
            return v[:i] + v[i] + v[i:] if rng.random() < 0.5 else v[:i] + v[i + 1:]
    if kind == 6:  # change case
        return v.upper() if rng.random() < 0.5 else v.swapcase()
    if kind == 7:  # truncate
        if len(v) > 1:
            return v[:rng.randrange(1, len(v))]
    if kind == 8:  # append a segment
        return v + rng.choice(alphabet) + rng.choice(["0", "1", "2", "10", "a", "rc1", "beta"])
    # swap two digits or take the first numbers only
    digits = [i for i, c in enumerate(v) if c.isdigit()]
    if len(digits) >= 2:
        i, j = rng.sample(digits, 2)
        s = list(v)
        s[i], s[j] = s[j], s[i]
        return "".join(s)
    return v + "1"


def clean(v):
    return "\t" not in v and "\n" not in v and "\r" not in v


def make_pairs(scheme, count, seed, data, kind):
    rng = random.Random(seed)
    real = sorted({v for v in SEEDS[scheme](data) if clean(v) and len(v) < 200})
    if not real:
        raise SystemExit(f"version_pairs: no real {scheme} versions found under {data}")
    if len(real) > 4000:
        real = sorted(rng.sample(real, 4000))
    edges = [v for v in EDGES.get(scheme, []) if clean(v)]
    alphabet = ALPHABETS.get(scheme, "0123456789.-+abc")
    pool = real + edges

    def near(v):
        # A version with the same prefix: its neighbour in string order.
        i = real.index(v) if v in real else rng.randrange(len(real))
        return real[min(len(real) - 1, max(0, i + rng.choice([-2, -1, 1, 2])))]

    out = []
    while len(out) < count:
        if kind == "real":
            a = rng.choice(real)
            out.append((a, near(a) if rng.random() < 0.7 else rng.choice(real)))
            continue
        r = rng.random()
        a = rng.choice(pool)
        if r < 0.35:
            b = mutate(a, rng, alphabet)
        elif r < 0.55:
            b = near(a) if a in real else rng.choice(pool)
        elif r < 0.70:
            b = rng.choice(pool)
        elif r < 0.85:
            a, b = mutate(a, rng, alphabet), mutate(mutate(a, rng, alphabet), rng, alphabet)
        elif r < 0.92:
            b = a
        else:
            b = mutate(a, rng, alphabet)
            a = mutate(b, rng, alphabet)
        if rng.random() < 0.5:
            a, b = b, a
        if clean(a) and clean(b):
            out.append((a, b))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scheme", choices=sorted(SEEDS))
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--kind", choices=["mixed", "real"], default="mixed")
    a = p.parse_args()
    w = sys.stdout.buffer
    for x, y in make_pairs(a.scheme, a.count, a.seed, os.path.abspath(a.data), a.kind):
        w.write(x.encode("utf-8", "surrogateescape") + b"\t" + y.encode("utf-8", "surrogateescape")
                + b"\n")


if __name__ == "__main__":
    main()
