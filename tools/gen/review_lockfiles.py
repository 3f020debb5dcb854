#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes two package-lock.json (lockfile version 3) for the review benchmark (bench/review.sh):

    review_lockfiles.py DATA_DIR OUT_DIR [PACKAGES]

OUT_DIR/base/package-lock.json holds about PACKAGES (default 5000) packages; OUT_DIR/head/ is
the same project after a change: about 5% of the packages upgraded, 2% added, 1% removed.

Names and versions are real npm ones, read at run time from ../shared/data (DATA_DIR): the npm
lockfiles (package-lock v1-v3, yarn.lock classic and berry, pnpm-lock.yaml) and the npm
advisories of the GHSA sample (so some packages are vulnerable, as in a real project). Where the
real pairs run out, further copies of a real name get nearby versions and sit in nested
node_modules folders, as npm installs several versions of one package. Deterministic (a fixed
seed); stdlib only.
"""
import json
import os
import random
import re
import sys
import zipfile

SEED = 20240501
DIRECT = 60  # the project's own dependencies


def real_pairs(data):
    """(name, version) pairs from the real lockfiles and advisories, sorted and unique."""
    pairs = set()
    npm = os.path.join(data, "lockfiles", "npm")
    for name in sorted(os.listdir(npm)):
        path = os.path.join(npm, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if name.endswith(".json"):
            lock = json.loads(text)
            for key, entry in lock.get("packages", {}).items():
                if "node_modules/" in key and "version" in entry:
                    pairs.add((entry.get("name", key.rsplit("node_modules/", 1)[1]),
                               entry["version"]))

            def walk(deps):
                for dep, entry in deps.items():
                    if isinstance(entry, dict) and "version" in entry:
                        pairs.add((dep, entry["version"]))
                        walk(entry.get("dependencies", {}))
            if "packages" not in lock:
                walk(lock.get("dependencies", {}))
        elif name.endswith(".lock"):
            # yarn: a header line of "name@range" specs, then an indented version line.
            current = None
            for line in text.splitlines():
                if line and not line.startswith((" ", "#")):
                    spec = line.strip().rstrip(":").split(",")[0].strip().strip('"')
                    at = spec.rfind("@", 1)
                    current = spec[:at] if at > 0 else None
                m = re.match(r'\s+version:? "?([^"\s]+)"?$', line)
                if m and current:
                    pairs.add((current, m.group(1)))
                    current = None
        elif name.endswith(".yaml"):
            # pnpm 9: package keys "  name@version:" (scoped names keep their leading '@').
            for m in re.finditer(r"^  '?(@?[^@\s'/]+(?:/[^@\s']+)?)@(\d[^:'\s(]*)'?:", text, re.M):
                pairs.add((m.group(1), m.group(2)))
    with zipfile.ZipFile(os.path.join(data, "osv", "ghsa-sample.zip")) as z:
        for entry in sorted(z.namelist()):
            record = json.loads(z.read(entry))
            for affected in record.get("affected", []):
                if affected.get("package", {}).get("ecosystem") != "npm":
                    continue
                name = affected["package"]["name"]
                for r in affected.get("ranges", []):
                    for event in r.get("events", []):
                        v = event.get("introduced") or event.get("last_affected")
                        if v and v != "0":
                            pairs.add((name, v))
    plain = re.compile(r"^\d+\.\d+\.\d+$")
    return sorted((n, v) for n, v in pairs if plain.match(v) and " " not in n)


def bump(version, rng, minor=False):
    major, mi, patch = (int(x) for x in version.split("."))
    if minor:
        return f"{major}.{mi + 1}.0"
    return f"{major}.{mi}.{patch + rng.randint(1, 5)}"


def packages_of(entries, direct):
    """The "packages" object: the first copy of a name at the top, further ones nested under the
    direct dependency they belong to."""
    out = {"": {"name": "review-bench", "version": "1.0.0",
                "dependencies": {n: "^" + v for n, v in direct}}}
    seen = set()
    for i, (name, version, deps) in enumerate(entries):
        if name in seen:
            parent = direct[i % len(direct)][0]
            key = f"node_modules/{parent}/node_modules/{name}"
            if key in out:
                continue
        else:
            key = f"node_modules/{name}"
            seen.add(name)
        entry = {"version": version,
                 "resolved": f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-{version}.tgz",
                 "license": "MIT"}
        if deps:
            entry["dependencies"] = {d: "*" for d in deps}
        out[key] = entry
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    data, out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    rng = random.Random(SEED)
    pairs = real_pairs(data)
    rng.shuffle(pairs)
    # Base: real pairs first, then nearby versions of real names until there are enough.
    chosen, pool = [], list(pairs)
    taken = set()
    while len(chosen) < count:
        if pool:
            name, version = pool.pop()
        else:
            name, version = chosen[rng.randrange(len(chosen))]
            version = bump(version, rng)
        if (name, version) in taken:
            continue
        taken.add((name, version))
        chosen.append((name, version))
    names = sorted({n for n, _ in chosen})
    direct_names = rng.sample(names, DIRECT)
    first = {}
    for n, v in chosen:
        first.setdefault(n, v)
    direct = sorted((n, first[n]) for n in direct_names)
    entries = [(n, v, rng.sample(names, 3)) for n, v in chosen]

    # Head: ~5% upgraded, ~1% removed (not direct ones), ~2% added (new pairs of real names).
    head = []
    direct_set = set(direct_names)
    for n, v, deps in entries:
        roll = rng.random()
        if roll < 0.01 and n not in direct_set:
            continue
        if roll < 0.06:
            v = bump(v, rng, minor=rng.random() < 0.3)
        head.append((n, v, deps))
    in_head = {(n, v) for n, v, _ in head}
    added = 0
    while added < count * 2 // 100:
        name = names[rng.randrange(len(names))]
        version = bump(first[name], rng, minor=True)
        version = f"{int(version.split('.')[0]) + 1}.0.{rng.randint(0, 9)}"
        if (name, version) in in_head:
            continue
        in_head.add((name, version))
        head.append((name, version, rng.sample(names, 2)))
        added += 1

    for side, items in (("base", entries), ("head", head)):
        os.makedirs(os.path.join(out, side), exist_ok=True)
        lock = {"name": "review-bench", "version": "1.0.0", "lockfileVersion": 3,
                "requires": True, "packages": packages_of(items, direct)}
        with open(os.path.join(out, side, "package-lock.json"), "w", encoding="utf-8") as f:
            json.dump(lock, f, indent=2)
            f.write("\n")
    print(f"{len(entries)} packages in base, {len(head)} in head ({len(pairs)} real pairs)")


if __name__ == "__main__":
    main()
