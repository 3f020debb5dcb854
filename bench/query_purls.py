#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Purls for bench/query_throughput.sh, drawn from real OSV records.

    query_purls.py --count N --seed S [--mix packages|advisories] --sql LOOKUPS.sql ZIP... > purls.txt

A realistic mix for a fleet's worth of packages: 35% versions a record names as introduced,
last_affected or listed (mostly affected), 30% fixed versions (mostly clean), 15% versions next to
an event, 20% packages no record names (typos, internal packages). With --mix packages (the
default) each package that a record names is as likely as any other, as in an inventory, where
most packages have few advisories; with --mix advisories a package is drawn in proportion to the
records that name it, so the packages with hundreds of advisories (gitlab, tensorflow, the
kernel) dominate: the heavy case. Also writes, for the baseline, one indexed SELECT of the
record ids per purl (what `Store::record_ids_for` runs) to --sql.
"""
import argparse
import random
import re
import sys
import urllib.parse
import zipfile
import json

TYPES = {"PyPI": "pypi", "Go": "golang", "crates.io": "cargo", "npm": "npm", "Maven": "maven",
         "NuGet": "nuget", "RubyGems": "gem", "Packagist": "composer", "Bitnami": "bitnami"}


def normalize(eco, name):
    if eco == "PyPI":
        return re.sub(r"[-_.]+", "-", name).lower()
    if eco == "crates.io":
        return name.lower().replace("_", "-")
    if eco in ("NuGet", "Packagist"):
        return name.lower()
    return name


def purl(eco, name, version):
    q = lambda s: urllib.parse.quote(s, safe="")
    base = eco.split(":", 1)[0]
    if base == "AlmaLinux" or base == "Rocky Linux":
        release = eco.split(":", 1)[1]
        quals = f"?arch=x86_64&distro={'almalinux' if base == 'AlmaLinux' else 'rocky'}-{release}"
        m = re.match(r"^(\d+):(.+)$", version)
        if m:
            version, quals = m.group(2), quals + f"&epoch={m.group(1)}"
        ns = "almalinux" if base == "AlmaLinux" else "rocky"
        return f"pkg:rpm/{ns}/{q(name)}@{q(version)}{quals}"
    if base not in TYPES:
        return None
    if base == "Maven":
        if ":" not in name:
            return None
        path = "/".join(q(x) for x in name.split(":", 1))
    elif base in ("Go", "npm", "Packagist"):
        if base == "npm" and name != name.lower():
            return None
        path = "/".join(q(x) for x in name.split("/"))
    else:
        path = q(name)
    return f"pkg:{TYPES[base]}/{path}@{q(version)}"


def bump(v):
    m = re.search(r"(\d+)(?!.*\d)", v)
    return v[:m.start()] + str(int(m.group(1)) + 1) + v[m.end():] if m else v + ".1"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=100000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--sql", required=True)
    p.add_argument("--mix", choices=["packages", "advisories"], default="packages")
    p.add_argument("zips", nargs="+")
    a = p.parse_args()
    rng = random.Random(a.seed)

    # (ecosystem, name) -> versions by kind, one row per affected entry (so frequent packages
    # are drawn more often).
    entries = []
    for z in a.zips:
        with zipfile.ZipFile(z) as zf:
            for n in zf.namelist():
                if not n.endswith(".json"):
                    continue
                try:
                    r = json.loads(zf.read(n))
                except ValueError:
                    continue
                if r.get("withdrawn"):
                    continue
                for af in r.get("affected", []) or []:
                    pkg = af.get("package") or {}
                    eco, name = pkg.get("ecosystem"), pkg.get("name")
                    if not eco or not name or purl(eco, name, "1") is None:
                        continue
                    inside, fixed = [], []
                    for g in af.get("ranges", []) or []:
                        if g.get("type") == "GIT":
                            continue
                        for e in g.get("events", []) or []:
                            for k, v in e.items():
                                if v in ("0", "*"):
                                    continue
                                (fixed if k == "fixed" else inside).append(v)
                    inside += [v for v in af.get("versions", []) or [] if isinstance(v, str)]
                    if inside or fixed:
                        entries.append((eco, name, inside, fixed))
    if not entries:
        sys.exit("query_purls: no usable records")

    if a.mix == "packages":
        by_package = {}
        for eco, name, inside, fixed in entries:
            i, f = by_package.setdefault((eco, name), ([], []))
            i.extend(inside)
            f.extend(fixed)
        entries = [(e, n, i, f) for (e, n), (i, f) in sorted(by_package.items())]

    out, sql = [], []
    while len(out) < a.count:
        eco, name, inside, fixed = rng.choice(entries)
        roll = rng.random()
        if roll < 0.20:
            name = f"{name}-internal-{rng.randrange(1000)}"
            version = rng.choice(inside or fixed)
        elif roll < 0.55 and inside:
            version = rng.choice(inside)
        elif roll < 0.85 and fixed:
            version = rng.choice(fixed)
        else:
            version = bump(rng.choice(inside or fixed))
        if eco.split(":")[0] == "Go" and rng.random() < 0.5:
            version = "v" + version
        u = purl(eco, name, version)
        if u is None or "\n" in u:
            continue
        out.append(u)
        e = eco.replace("'", "''")
        nm = normalize(eco.split(":")[0], name).replace("'", "''")
        sql.append("SELECT r.id FROM affected a JOIN records r ON r.rid = a.rid "
                   f"WHERE a.ecosystem = '{e}' AND a.name = '{nm}' ORDER BY r.id;")
    sys.stdout.write("\n".join(out) + "\n")
    with open(a.sql, "w") as f:
        f.write("\n".join(sql) + "\n")


if __name__ == "__main__":
    main()
