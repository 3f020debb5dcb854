#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An independent OSV matcher: which records affect (ecosystem, name, version) points.

Written from the OSV schema's evaluation pseudo-code (https://ossf.github.io/osv-schema/#evaluation),
sharing no code with upkeep. Versions are compared only by the ecosystems' own libraries, through
the harnesses of refcmp.py (python3-packaging for PyPI, rpm 4.18 for RPM distributions, libdpkg
for Debian and Ubuntu, x/mod/semver for Go, node's semver for npm and other SEMVER ranges, the
semver crate for crates.io, Maven's ComparableVersion, RubyGems, composer/semver).

The harnesses answer "A<TAB>B" lines in bulk, so evaluation runs in two passes: every comparison
a point could need is collected first (the point against itself and each event, each event
against itself and the others of its range), answered in one run per scheme, then the
pseudo-code runs on the answers.

Rules the pseudo-code leaves open, decided as upkeep documents them (docs/matching.md):
  - a version or an event version the ecosystem's library rejects makes that range "unknown";
    a record is affected if any range or the versions list says so, else unknown if any range
    is unknown, else not affected;
  - the versions list is compared as written (the pseudo-code's `v == version`);
  - events of equal version keep the record's order (Python's sort is stable).

    osv_match.py ZIP... < points > answers   (the same framing as tests/match/match_points.cc)
"""
import functools
import json
import os
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Scheme of ECOSYSTEM ranges per base ecosystem (the part before the first ':').
ECOSYSTEM_SCHEMES = {
    "PyPI": "pypi", "Go": "go", "crates.io": "cargo", "npm": "npm", "Maven": "maven",
    "RubyGems": "rubygems", "Packagist": "composer",
    "AlmaLinux": "rpm", "Rocky Linux": "rpm", "Red Hat": "rpm", "openSUSE": "rpm", "SUSE": "rpm",
    "Mageia": "rpm", "openEuler": "rpm", "Photon OS": "rpm", "Azure Linux": "rpm",
    "Debian": "deb", "Ubuntu": "deb",
}
SEMVER_SCHEMES = {"Go": "go", "npm": "npm", "crates.io": "cargo"}


def base(ecosystem):
    return ecosystem.split(":", 1)[0]


def scheme_for(ecosystem, range_type):
    if range_type == "SEMVER":
        return SEMVER_SCHEMES.get(base(ecosystem), "npm")  # SemVer 2.0.0: node's semver
    if range_type == "ECOSYSTEM":
        return ECOSYSTEM_SCHEMES.get(base(ecosystem))
    return None


def normalize(ecosystem, name):
    b = base(ecosystem)
    if b == "PyPI":
        return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503
    if b == "crates.io":
        return name.lower().replace("_", "-")
    if b in ("NuGet", "Packagist"):
        return name.lower()
    return name


def harness_form(scheme, version):
    # OSV writes Go versions without the "v" x/mod requires.
    if scheme == "go" and version and not version.startswith("v"):
        return "v" + version
    return version


class Oracle:
    """Comparisons answered by the ecosystems' libraries, collected then run in bulk."""

    def __init__(self, python=sys.executable):
        self.python = python
        self.wanted = {}   # scheme -> set of (a, b)
        self.answers = {}  # (scheme, a, b) -> '<' '=' '>' '!'

    def need(self, scheme, a, b):
        self.wanted.setdefault(scheme, set()).add((a, b))

    def resolve(self):
        for scheme, pairs in self.wanted.items():
            pairs = [p for p in pairs if (scheme, p[0], p[1]) not in self.answers]
            if not pairs:
                continue
            data = "".join(f"{harness_form(scheme, a)}\t{harness_form(scheme, b)}\n"
                           for a, b in pairs).encode("utf-8", "surrogateescape")
            r = subprocess.run([self.python, os.path.join(HERE, "refcmp.py"), scheme],
                               input=data, capture_output=True)
            if r.returncode != 0:
                raise RuntimeError(f"refcmp {scheme} failed ({r.returncode}): "
                                   f"{r.stderr.decode(errors='replace')}")
            out = r.stdout.decode().split("\n")
            if len(out) < len(pairs):
                raise RuntimeError(f"refcmp {scheme}: {len(out)} answers for {len(pairs)} pairs")
            for (a, b), ans in zip(pairs, out):
                self.answers[(scheme, a, b)] = ans.strip()
        self.wanted = {}

    def cmp(self, scheme, a, b):
        if (scheme, a, b) in self.answers:
            return self.answers[(scheme, a, b)]
        inv = self.answers[(scheme, b, a)]
        return {"<": ">", ">": "<"}.get(inv, inv)


def event_kind(e):
    for k in ("introduced", "fixed", "last_affected", "limit"):
        if k in e:
            return k, e[k]
    return None, None


def clean_events(rng):
    """The events of a range, as (kind, version); events with none or several kinds are dropped."""
    out = []
    for e in rng.get("events", []):
        kinds = [k for k in ("introduced", "fixed", "last_affected", "limit") if k in e]
        if len(kinds) == 1 and isinstance(e[kinds[0]], str):
            out.append((kinds[0], e[kinds[0]]))
    return out


def is_unbounded(kind, v):
    return (kind == "introduced" and v == "0") or (kind == "limit" and v == "*")


def collect(affected, version, oracle):
    """Asks the oracle for every comparison evaluate() may make."""
    for rng in affected.get("ranges", []):
        scheme = scheme_for(affected["package"]["ecosystem"], rng.get("type"))
        if scheme is None:
            continue
        oracle.need(scheme, version, version)
        events = [e for e in clean_events(rng) if not is_unbounded(*e)]
        for i, (_, ev) in enumerate(events):
            oracle.need(scheme, ev, ev)
            oracle.need(scheme, version, ev)
            for _, other in events[i + 1:]:
                oracle.need(scheme, ev, other)


def in_range(rng, version, scheme, oracle):
    """'in', 'out' or 'unknown' for one non-GIT range (the pseudo-code's IncludedInRanges body)."""
    events = clean_events(rng)
    if not events:
        return "out"
    for kind, ev in events:
        if not is_unbounded(kind, ev) and oracle.cmp(scheme, ev, ev) == "!":
            return "unknown"
    c = functools.partial(oracle.cmp, scheme)
    limits = [ev for kind, ev in events if kind == "limit"]
    if limits and not any(ev == "*" or c(version, ev) == "<" for ev in limits):
        return "out"

    def order(x, y):
        rx = 0 if x[0] == "introduced" and x[1] == "0" else (2 if x[0] == "limit" and x[1] == "*" else 1)
        ry = 0 if y[0] == "introduced" and y[1] == "0" else (2 if y[0] == "limit" and y[1] == "*" else 1)
        if rx != ry or rx != 1:
            return rx - ry
        return {"<": -1, "=": 0, ">": 1}[c(x[1], y[1])]

    vulnerable = False
    for kind, ev in sorted(events, key=functools.cmp_to_key(order)):
        if kind == "introduced" and (ev == "0" or c(version, ev) in (">", "=")):
            vulnerable = True
        elif kind == "fixed" and c(version, ev) in (">", "="):
            vulnerable = False
        elif kind == "last_affected" and c(version, ev) == ">":
            vulnerable = False
    return "in" if vulnerable else "out"


def evaluate(affected, version, oracle):
    """'affected', 'not_affected' or 'unknown' for one affected entry."""
    if version in affected.get("versions", []):
        return "affected"
    unknown = False
    for rng in affected.get("ranges", []):
        if rng.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue  # GIT ranges count only through `versions`
        scheme = scheme_for(affected["package"]["ecosystem"], rng["type"])
        if scheme is None or oracle.cmp(scheme, version, version) == "!":
            unknown = True
            continue
        r = in_range(rng, version, scheme, oracle)
        if r == "in":
            return "affected"
        if r == "unknown":
            unknown = True
    return "unknown" if unknown else "not_affected"


def load_records(paths):
    """Records of the zips that are JSON objects with an id, withdrawn ones dropped."""
    records = []
    for path in paths:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith(".json"):
                    continue
                try:
                    r = json.loads(z.read(name))
                except ValueError:
                    continue
                if isinstance(r, dict) and isinstance(r.get("id"), str) and not r.get("withdrawn"):
                    records.append(r)
    return records


def entries(record):
    for a in record.get("affected", []) or []:
        p = a.get("package") or {}
        if isinstance(p.get("ecosystem"), str) and isinstance(p.get("name"), str) and p["ecosystem"]:
            yield a


def index(records):
    """(ecosystem, normalized name) -> [(record, [entries of that package])]."""
    out = {}
    for r in records:
        per = {}
        for a in entries(r):
            key = (a["package"]["ecosystem"], normalize(a["package"]["ecosystem"], a["package"]["name"]))
            per.setdefault(key, []).append(a)
        for key, es in per.items():
            out.setdefault(key, []).append((r, es))
    return out


def match(idx, points, oracle):
    """For each (ecosystem, name, version): (sorted affected ids, sorted unknown ids)."""
    keyed = [((eco, normalize(eco, name)), version) for eco, name, version in points]
    for key, version in keyed:
        for _, es in idx.get(key, []):
            for a in es:
                collect(a, version, oracle)
    oracle.resolve()
    out = []
    for key, version in keyed:
        hit, unknown = set(), set()
        for r, es in idx.get(key, []):
            verdicts = [evaluate(a, version, oracle) for a in es]
            if "affected" in verdicts:
                hit.add(r["id"])
            elif "unknown" in verdicts:
                unknown.add(r["id"])
        out.append((sorted(hit), sorted(unknown)))
    return out


def main():
    idx = index(load_records(sys.argv[1:]))
    points = []
    for line in sys.stdin:
        f = line.rstrip("\n").split("\t")
        if len(f) == 3:
            points.append(tuple(f))
    for hit, unknown in match(idx, points, Oracle()):
        print(",".join(hit) + "\t" + ",".join(unknown))


if __name__ == "__main__":
    main()
