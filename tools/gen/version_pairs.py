#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates version pairs ("A<TAB>B" lines) for the differential tests and benchmarks.

    version_pairs.py SCHEME [--count N] [--seed S] [--data DIR] [--kind mixed|real]

Pairs are built from real versions (this machine's apt lists and dpkg status, the advisories,
lockfiles and OS package databases in ../shared/data) plus each scheme's edge cases, and from
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


def control_field(paths, field):
    """Values of one field in Debian control-style files (Packages, status)."""
    prefix = field + ": "
    out = []
    for p in paths:
        for line in read_lines(p):
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
    paths = glob.glob("/var/lib/apt/lists/*_Packages") + ["/var/lib/dpkg/status"]
    paths += glob.glob(os.path.join(data, "os", "*", "status"))
    out = control_field(paths, "Version")
    for line in control_field(paths, "Source"):  # "src (version)" when it differs
        m = re.search(r"\(([^)]+)\)", line)
        if m:
            out.append(m.group(1))
    for z in ("debian-sample.zip", "ubuntu-sample.zip"):
        out += osv_versions(os.path.join(data, "osv", z))
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
    "rubygems": seeds_rubygems,
    "composer": seeds_composer,
}

# Hand-picked edge cases per scheme, mutated like the real ones.
EDGES = {
    "deb": ["0", "1:0", "1.0~rc1", "1.0~~", "1.0+", "1.0.", "1:2:3", "1.0-1-2", "00:1", "+1:1",
            "-0:1", "1.0-0", "1.99999999999999999999999", "2147483647:1", "2147483648:1", "1a",
            "1.0a.b~c", "9.9.9-9.9", "1.0-1~bpo11+1", "1.0 ", " 1.0", "1:", "-1:1", "1.0-", "a"],
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
