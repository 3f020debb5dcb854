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


SEEDS = {
    "deb": seeds_deb,
    "pypi": seeds_pypi,
}

# Hand-picked edge cases per scheme, mutated like the real ones.
EDGES = {
    "deb": ["0", "1:0", "1.0~rc1", "1.0~~", "1.0+", "1.0.", "1:2:3", "1.0-1-2", "00:1", "+1:1",
            "-0:1", "1.0-0", "1.99999999999999999999999", "2147483647:1", "2147483648:1", "1a",
            "1.0a.b~c", "9.9.9-9.9", "1.0-1~bpo11+1", "1.0 ", " 1.0", "1:", "-1:1", "1.0-", "a"],
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
}

# Characters mutations draw from, per scheme (real separators and letters that matter).
ALPHABETS = {
    "deb": "0123456789.+-~:abzAZ_ ",
    "pypi": "0123456789.-_+!vVabcdeilnoprstvwzABCDEPRSTV \x1c\u00a0\u0131\u0130\u017f\u212a\u0661",
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
