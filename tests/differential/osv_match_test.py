#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Differential test: upkeep's OSV matching agrees, record for record, with an independent
implementation (tools/reference/osv_match.py) whose version comparisons are the ecosystems' own
libraries.

Points (ecosystem, package, version) are drawn from the real records in ../shared/data/osv: for
every package, each event version (introduced, fixed, last_affected, limit), its neighbours (the
last number one up and one down, a pre-release or tilde just below), listed versions, and Go
versions with and without their "v"; then a seeded sample of --count per ecosystem. For each point
both sides list the records that affect it and those they cannot decide (unknown); the lists must
be equal.

With --upkeep, the same points go through the command line too: the zips are imported into a
temporary database (`upkeep db import`), each point becomes a purl (the epoch of an RPM version as
the `epoch` qualifier, a '+' percent-encoded or not at random, Go versions with or without "v"),
and `upkeep query -` must list the same affected and unknown records as the reference.

Exits 77 (skipped) when a reference is missing, unless UPKEEP_REQUIRE_REFERENCE=1.
"""
import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))
import osv_match  # noqa: E402

SKIP = 77
ZIPS = ["PyPI.zip", "Go.zip", "crates.io.zip", "AlmaLinux.zip", "Bitnami.zip", "ghsa-sample.zip"]


def neighbours(scheme, v):
    out = []
    m = re.search(r"(\d+)(?!.*\d)", v)
    if m:
        n = int(m.group(1))
        out.append(v[:m.start()] + str(n + 1) + v[m.end():])
        if n > 0:
            out.append(v[:m.start()] + str(n - 1) + v[m.end():])
    if scheme == "rpm":
        out += [v + "~", v + ".1"]
    elif scheme in ("go", "npm", "cargo"):
        out += [v + "-0"] if "-" not in v and "+" not in v else [v + ".0"]
    elif scheme == "pypi":
        out += [v + "rc1", v + ".post1", v + ".dev0"]
    return out


def points_for(records, count, rng):
    """{base ecosystem: [(ecosystem, name, version)]}, a seeded sample per ecosystem."""
    candidates = collections.defaultdict(set)
    for r in records:
        for a in osv_match.entries(r):
            eco, name = a["package"]["ecosystem"], a["package"]["name"]
            versions = set()
            schemes = set()
            for g in a.get("ranges", []) or []:
                s = osv_match.scheme_for(eco, g.get("type"))
                if not s:
                    continue  # GIT ranges: commit hashes are no package versions
                schemes.add(s)
                for kind, v in osv_match.clean_events(g):
                    if not osv_match.is_unbounded(kind, v):
                        versions.add(v)
                        versions.update(neighbours(s, v))
            listed = [v for v in a.get("versions", []) or [] if isinstance(v, str)]
            versions.update(rng.sample(listed, min(len(listed), 5)))
            if not schemes:
                continue
            for v in versions:
                if "\t" in v or "\n" in v:
                    continue
                if osv_match.base(eco) == "Go" and rng.random() < 0.5:
                    v = "v" + v
                candidates[osv_match.base(eco)].add((eco, name, v))
    out = {}
    for eco, pts in sorted(candidates.items()):
        pts = sorted(pts)
        out[eco] = rng.sample(pts, min(count, len(pts)))
    return out


# OSV ecosystem (base) -> purl type, and for distributions the purl namespace and distro prefix.
PURL_TYPES = {"PyPI": "pypi", "Go": "golang", "crates.io": "cargo", "npm": "npm", "Maven": "maven",
              "NuGet": "nuget", "RubyGems": "gem", "Packagist": "composer", "Bitnami": "bitnami"}
DISTRO_PURLS = {"AlmaLinux": ("rpm", "almalinux", "almalinux"),
                "Rocky Linux": ("rpm", "rocky", "rocky"),
                "Debian": ("deb", "debian", "debian"), "Alpine": ("apk", "alpine", "alpine")}


def enc(text, rng, keep_plus=False):
    out = urllib.parse.quote(text, safe="")
    return out.replace("%2B", "+") if keep_plus else out


def purl_of(eco, name, version, rng):
    """The purl that names the point, or None when purls cannot spell it."""
    b = osv_match.base(eco)
    plus = rng.random() < 0.5
    qualifiers = ""
    if b in DISTRO_PURLS:
        release = eco.split(":", 1)[1] if ":" in eco else ""
        if not release:
            return None
        ptype, namespace, distro = DISTRO_PURLS[b]
        path = f"{namespace}/{enc(name, rng)}"
        qualifiers = f"?distro={distro}-{release.lstrip('v')}"
        m = re.match(r"^(\d+):(.+)$", version)
        if ptype == "rpm" and m:
            version = m.group(2)
            qualifiers += f"&epoch={m.group(1)}"
    elif b in PURL_TYPES:
        ptype = PURL_TYPES[b]
        if b == "npm" and name != name.lower():
            return None  # purls lower-case npm names; OSV keeps the registry's legacy spelling
        if b == "Bitnami" and name != name.lower():
            return None
        if b == "Maven":
            if ":" not in name:
                return None
            path = "/".join(enc(x, rng) for x in name.split(":", 1))
        elif b in ("Go", "npm", "Packagist"):
            path = "/".join(enc(x, rng) for x in name.split("/"))
        else:
            path = enc(name, rng)
    else:
        return None
    return f"pkg:{ptype}/{path}@{enc(version, rng, plus)}{qualifiers}"


def query_answers(upkeep, zips, flat, rng):
    """`upkeep query` on the points: {point index: (affected, unknown)} and the ones skipped."""
    purls = [purl_of(e, n, v, rng) for e, n, v in flat]
    asked = [i for i, p in enumerate(purls) if p is not None]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "osv.db")
        r = subprocess.run([upkeep, "db", "import", "-q", "--db", db, *zips], capture_output=True)
        if r.returncode != 0:
            raise RuntimeError(f"db import failed: {r.stderr.decode(errors='replace')}")
        inp = "".join(purls[i] + "\n" for i in asked).encode("utf-8", "surrogateescape")
        r = subprocess.run([upkeep, "query", "--db", db, "-"], input=inp, capture_output=True)
    if r.returncode not in (0, 1, 2):
        raise RuntimeError(f"query failed ({r.returncode}): {r.stderr.decode(errors='replace')}")
    out = {}
    answers = [json.loads(x) for x in r.stdout.decode("utf-8").splitlines()]
    if len(answers) != len(asked):
        raise RuntimeError(f"query answered {len(answers)} of {len(asked)} purls")
    for i, a in zip(asked, answers):
        if a["purl"] != purls[i]:
            raise RuntimeError(f"answer out of order: {a['purl']} for {purls[i]}")
        if "error" in a:
            out[i] = ("error: " + a["error"], ())
        else:
            out[i] = (tuple(a["advisories"]), tuple(sorted(u["id"] for u in a.get("unknown", []))))
    return out, purls


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--match-points", required=True)
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--upkeep", help="also check `upkeep query` on purls of the points")
    p.add_argument("--count", type=int, default=int(os.environ.get("UPKEEP_OSV_POINTS", "4000")))
    p.add_argument("--seed", type=int, default=int(os.environ.get("UPKEEP_DIFF_SEED", "1")))
    a = p.parse_args()
    required = os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1"

    data = os.environ.get("UPKEEP_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))
    zips = [os.path.join(data, "osv", z) for z in ZIPS if os.path.exists(os.path.join(data, "osv", z))]
    if not zips:
        print(f"osv-match: no OSV zips in {data}/osv", file=sys.stderr)
        return 1 if required else SKIP

    records = osv_match.load_records(zips)
    points = points_for(records, a.count, random.Random(a.seed))
    # Only ecosystems whose reference is installed (NuGet has none here: no .NET).
    usable = {}
    for eco, pts in points.items():
        schemes = {osv_match.ECOSYSTEM_SCHEMES.get(eco)} | {osv_match.SEMVER_SCHEMES.get(eco, "npm")}
        schemes.discard(None)
        missing = []
        for s in sorted(schemes):
            r = subprocess.run([a.python, os.path.join(ROOT, "tools", "reference", "refcmp.py"), s,
                                "--check"], capture_output=True, text=True)
            if r.returncode != 0:
                missing.append(r.stderr.strip())
        if missing and eco in ("PyPI", "Go", "crates.io", "AlmaLinux", "Bitnami"):
            print(f"osv-match: {eco}: {'; '.join(missing)}", file=sys.stderr)
            return 1 if required else SKIP
        if not missing:
            usable[eco] = pts
        else:
            print(f"osv-match: {eco} left out: {'; '.join(missing)}")

    flat = [pt for eco in sorted(usable) for pt in usable[eco]]
    inp = "".join(f"{e}\t{n}\t{v}\n" for e, n, v in flat).encode("utf-8", "surrogateescape")
    r = subprocess.run([a.match_points, *zips], input=inp, capture_output=True)
    if r.returncode != 0:
        print(f"match_points failed: {r.stderr.decode(errors='replace')}", file=sys.stderr)
        return 1
    ours = [tuple(sorted(filter(None, f.split(","))) for f in line.split("\t"))
            for line in r.stdout.decode().split("\n")[:len(flat)]]
    idx = osv_match.index(records)
    theirs = osv_match.match(idx, flat, osv_match.Oracle(a.python))

    queried, purls = {}, []
    if a.upkeep:
        queried, purls = query_answers(a.upkeep, zips, flat, random.Random(a.seed + 1))

    per = collections.defaultdict(lambda: collections.Counter())
    bad = []
    for i, (pt, o, t) in enumerate(zip(flat, ours, theirs)):
        c = per[osv_match.base(pt[0])]
        c["points"] += 1
        c["records evaluated"] += len(idx.get((pt[0], osv_match.normalize(pt[0], pt[1])), []))
        c["affected"] += len(t[0])
        c["unknown"] += len(t[1])
        if (list(o[0]), list(o[1])) != (t[0], t[1]):
            c["disagreements"] += 1
            bad.append(f"{pt}: upkeep affected={list(o[0])} unknown={list(o[1])}; "
                       f"reference affected={t[0]} unknown={t[1]}")
        if i in queried:
            c["queried"] += 1
            q = queried[i]
            if (list(q[0]), list(q[1])) != (t[0], t[1]):
                c["query disagreements"] += 1
                bad.append(f"{purls[i]}: upkeep query affected={q[0]} unknown={list(q[1])}; "
                           f"reference affected={t[0]} unknown={t[1]}")
    for eco in sorted(per):
        c = per[eco]
        print(f"{eco}: {c['points']} points, {c['records evaluated']} (point, record) verdicts, "
              f"{c['affected']} affected, {c['unknown']} unknown, {c['disagreements']} disagreements"
              + (f"; upkeep query: {c['queried']} purls, {c['query disagreements']} disagreements"
                 if a.upkeep else ""))
    for line in bad[:50]:
        print("  " + line)
    if len(flat) < 1000:
        print("osv-match: too few points", file=sys.stderr)
        return 1
    if a.upkeep:
        for eco in ("PyPI", "Go", "crates.io", "AlmaLinux", "Bitnami"):
            if eco in usable and per[eco]["queried"] < min(1000, len(usable[eco])) // 2:
                print(f"osv-match: only {per[eco]['queried']} {eco} points became purls",
                      file=sys.stderr)
                return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
