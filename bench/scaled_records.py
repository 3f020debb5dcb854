#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Multiplies the real OSV records of ../shared/data/osv into larger, equally realistic sets.

    scaled_records.py OSV_DIR OUT_DIR COUNT [COUNT...]

Copy 0 is the real zips as they are. Copy k (k >= 1) is every real record renamed with the suffix
"-s<k>": its id, its aliases, related and upstream ids (so aliases still link the copies of one
vulnerability, and only them), and the names of its affected packages (so each copy is its own
set of packages with its own records, and a package's records stay as many as in the real data).
Entries that are not records (the Alpine and Debian samples' other files) are only in copy 0.

Written to OUT_DIR:
  copies/copy-<k>.zip           one zip per full copy, all ecosystems together
  <COUNT>/files.txt             the zips that make COUNT records (the real ones, whole copies,
                                and a zip of the first records of the next copy)
  <COUNT>/keys.tsv              "ecosystem<TAB>name" lookups: 2,000 packages spread over the
                                copies present, and 500 names that no record has
  <COUNT>/inventory/requirements.txt, <COUNT>/inventory/Cargo.lock
                                the same 1,000 PyPI and 300 crates.io packages for every COUNT
                                (all from copies 0 and 1), each at a version its records list
                                or name as introduced: for `upkeep scan`, whose work should not
                                grow with the database
Copies are written once and reused by every COUNT (and by later runs on the same OUT_DIR).
"""
import json
import os
import random
import sys
import zipfile

SUFFIX = "-s%d"


def real_records(osv_dir):
    """[(zip name, entry name, bytes, parsed record or None)] of every zip, in order."""
    out = []
    for name in sorted(os.listdir(osv_dir)):
        if not name.endswith(".zip"):
            continue
        with zipfile.ZipFile(os.path.join(osv_dir, name)) as z:
            for info in z.infolist():
                if info.is_dir():
                    continue
                data = z.read(info)
                try:
                    rec = json.loads(data)
                except ValueError:
                    rec = None
                if not (isinstance(rec, dict) and isinstance(rec.get("id"), str) and rec["id"]):
                    rec = None
                out.append((name, info.filename, data, rec))
    return out


def renamed(rec, k):
    s = SUFFIX % k
    r = dict(rec)
    r["id"] = rec["id"] + s
    for key in ("aliases", "related", "upstream"):
        if isinstance(rec.get(key), list):
            r[key] = [a + s if isinstance(a, str) else a for a in rec[key]]
    if isinstance(rec.get("affected"), list):
        affected = []
        for a in rec["affected"]:
            if isinstance(a, dict) and isinstance(a.get("package"), dict):
                a = dict(a)
                p = dict(a["package"])
                if isinstance(p.get("name"), str):
                    p["name"] += s
                p.pop("purl", None)  # it would name the real package
                a["package"] = p
            affected.append(a)
        r["affected"] = affected
    return r


def write_copy(records, k, path, limit=None):
    tmp = path + ".part"
    n = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for _, _, _, rec in records:
            if rec is None:
                continue
            if limit is not None and n == limit:
                break
            r = renamed(rec, k)
            z.writestr(r["id"].replace("/", "_") + ".json", json.dumps(r, ensure_ascii=False))
            n += 1
    os.replace(tmp, path)
    return n


def versions_of(affected):
    """Versions a record names for one package: listed ones, else introduced events above 0."""
    out = [v for v in affected.get("versions") or [] if isinstance(v, str)]
    for rng in affected.get("ranges") or []:
        for ev in (rng or {}).get("events") or []:
            v = (ev or {}).get("introduced")
            if isinstance(v, str) and v != "0":
                out.append(v)
    return out


def main():
    osv_dir, out_dir, counts = sys.argv[1], sys.argv[2], [int(c) for c in sys.argv[3:]]
    records = real_records(osv_dir)
    real = sum(1 for r in records if r[3] is not None)
    zips = sorted({os.path.join(osv_dir, r[0]) for r in records})
    os.makedirs(os.path.join(out_dir, "copies"), exist_ok=True)
    rng = random.Random(4)

    # Packages by ecosystem (real names) with a version, for keys and inventories.
    packages = {}
    for _, _, _, rec in records:
        for a in (rec or {}).get("affected") or []:
            p = a.get("package") if isinstance(a, dict) else None
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                continue
            eco = p.get("ecosystem")
            if not isinstance(eco, str):
                continue
            versions = versions_of(a)
            packages.setdefault(eco, {}).setdefault(p["name"], set()).update(versions)
    all_keys = sorted((eco, name) for eco, names in packages.items() for name in names)

    for count in counts:
        full, rest = divmod(count - real, real) if count > real else (0, 0)
        if count < real:
            sys.exit(f"{count} is below the {real} real records")
        files = list(zips)
        for k in range(1, full + 1):
            path = os.path.join(out_dir, "copies", f"copy-{k}.zip")
            if not os.path.exists(path):
                write_copy(records, k, path)
            files.append(path)
        d = os.path.join(out_dir, str(count))
        os.makedirs(os.path.join(d, "inventory"), exist_ok=True)
        if rest:
            path = os.path.join(d, f"copy-{full + 1}-first-{rest}.zip")
            if not os.path.exists(path):
                write_copy(records, full + 1, path, rest)
            files.append(path)
        with open(os.path.join(d, "files.txt"), "w") as f:
            f.write("".join(p + "\n" for p in files))
        # Lookups: packages of every copy present, and misses.
        copies = full + (1 if rest else 0)
        with open(os.path.join(d, "keys.tsv"), "w") as f:
            for i in range(2000):
                eco, name = all_keys[rng.randrange(len(all_keys))]
                k = rng.randrange(copies + 1)
                f.write(f"{eco}\t{name}{SUFFIX % k if k else ''}\n")
            for i in range(500):
                f.write(f"PyPI\tno-such-package-{i}\n")
        # The same inventory at every scale (copies 0 and 1 exist from 2 x real records on; below
        # that, copy 0 only).
        pick = random.Random(7)
        for eco, out_name, n in (("PyPI", "requirements.txt", 1000), ("crates.io", "Cargo.lock", 300)):
            names = sorted(n for n, v in packages.get(eco, {}).items() if v)
            chosen = pick.sample(names, min(n, len(names)))
            lines = []
            for j, name in enumerate(chosen):
                version = sorted(packages[eco][name])[0]
                if j % 2 and copies >= 1:
                    name += SUFFIX % 1
                lines.append((name, version))
            with open(os.path.join(d, "inventory", out_name), "w") as f:
                if eco == "PyPI":
                    f.write("".join(f"{n}=={v}\n" for n, v in lines))
                else:
                    f.write("version = 3\n")
                    for n, v in lines:
                        f.write(f'\n[[package]]\nname = "{n}"\nversion = "{v}"\n'
                                'source = "registry+https://github.com/rust-lang/crates.io-index"\n')
        print(f"{count}: {len(files)} zips ({full} whole copies, {rest} more records)")


if __name__ == "__main__":
    main()
