#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Reference comparison: upkeep's CVSS calculator against two maintained JavaScript ones.

The references, pinned by tools/reference/cvss/package-lock.json and installed by
scripts/install-deps (npm ci): ae-cvss-calculator ({metaeffekt}, "ae") and @pandatix/js-cvss
("pd"). tools/reference/cvss/score.mjs scores with both; tests/severity/cvss_score_tool scores
with upkeep. The vectors:

  * every CVSS vector in ../shared/data: OSV records' severity[].score (top level and per
    affected package) in osv/*.zip, the Node.js security WG's cvss_vector fields
    (nodejs/security-wg-vuln.zip) and RustSec's `cvss = "..."` front matter
    (rustsec/advisory-db.zip);
  * random valid vectors from a fixed seed: v3.0, v3.1 and v4.0, each metric drawn from its
    values, optional metrics present or not.

What must hold:
  * every vector from the data that both references accept, upkeep accepts too (and nothing
    that ae refuses is scored by upkeep; a vector with one trailing '/', which upkeep accepts
    with a warning, goes to the references without it);
  * every score upkeep gives (v3 base, temporal, environmental; v4 base and full) equals ae's;
  * every base score equals pd's, except v4 scores whose unrounded value lies one floating-point
    step below an x.x5 tie: pd rounds those down (it has no 1e-6 lift), FIRST's calculator, ae
    and upkeep round them up; each such case must be pd exactly 0.1 lower, and they are counted.
    pd's v3 temporal and environmental scores are not held against upkeep: its Roundup tests
    `% 1000` where Appendix A says `% 10000` (5.13 stays 5.13) and its Modified Privileges
    Required follows the base Scope instead of the Modified Scope; those differences are counted
    and shown.

Exits 77 (skipped) when node or the installed references are missing, unless
UPKEEP_REQUIRE_REFERENCE=1 (CI).
"""
import argparse
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL_DIR = os.path.join(ROOT, "tools", "reference", "cvss")
SKIP = 77

V3 = [("AV", "NALP", True), ("AC", "LH", True), ("PR", "NLH", True), ("UI", "NR", True),
      ("S", "UC", True), ("C", "HLN", True), ("I", "HLN", True), ("A", "HLN", True),
      ("E", "XHFPU", False), ("RL", "XUWTO", False), ("RC", "XCRU", False),
      ("CR", "XHML", False), ("IR", "XHML", False), ("AR", "XHML", False),
      ("MAV", "XNALP", False), ("MAC", "XLH", False), ("MPR", "XNLH", False),
      ("MUI", "XNR", False), ("MS", "XUC", False), ("MC", "XHLN", False),
      ("MI", "XHLN", False), ("MA", "XHLN", False)]
V4 = [("AV", "NALP", True), ("AC", "LH", True), ("AT", "NP", True), ("PR", "NLH", True),
      ("UI", "NPA", True), ("VC", "HLN", True), ("VI", "HLN", True), ("VA", "HLN", True),
      ("SC", "HLN", True), ("SI", "HLN", True), ("SA", "HLN", True), ("E", "XAPU", False),
      ("CR", "XHML", False), ("IR", "XHML", False), ("AR", "XHML", False),
      ("MAV", "XNALP", False), ("MAC", "XLH", False), ("MAT", "XNP", False),
      ("MPR", "XNLH", False), ("MUI", "XNPA", False), ("MVC", "XHLN", False),
      ("MVI", "XHLN", False), ("MVA", "XHLN", False), ("MSC", "XHLN", False),
      ("MSI", "XSHLN", False), ("MSA", "XSHLN", False), ("S", "XNP", False),
      ("AU", "XNY", False), ("R", "XAUI", False), ("V", "XDC", False), ("RE", "XLMH", False),
      ("U", ["X", "Clear", "Green", "Amber", "Red"], False)]


def unavailable(why):
    print(why)
    if os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1":
        print("reference required (UPKEEP_REQUIRE_REFERENCE=1) but unavailable")
        return 1
    return SKIP


def data_vectors(shared):
    """{vector: source} for every CVSS vector in the shared data."""
    found = {}
    for path in sorted(glob.glob(os.path.join(shared, "osv", "*.zip"))):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith(".json"):
                    continue
                try:
                    rec = json.loads(z.read(name))
                except ValueError:
                    continue
                sev = list(rec.get("severity") or [])
                for a in rec.get("affected") or []:
                    sev += a.get("severity") or []
                for s in sev:
                    if str(s.get("type", "")).startswith("CVSS_V") and s.get("score"):
                        found.setdefault(s["score"], os.path.basename(path))
    nodejs = os.path.join(shared, "nodejs", "security-wg-vuln.zip")
    if os.path.exists(nodejs):
        with zipfile.ZipFile(nodejs) as z:
            for name in z.namelist():
                if name.endswith(".json"):
                    rec = json.loads(z.read(name))
                    if isinstance(rec, dict) and rec.get("cvss_vector"):
                        found.setdefault(rec["cvss_vector"], "nodejs/security-wg-vuln.zip")
    rustsec = os.path.join(shared, "rustsec", "advisory-db.zip")
    if os.path.exists(rustsec):
        with zipfile.ZipFile(rustsec) as z:
            for name in z.namelist():
                text = z.read(name).decode("utf-8", "replace")
                for m in re.finditer(r'^cvss\s*=\s*"([^"]*)"', text, re.M):
                    found.setdefault(m.group(1), "rustsec/advisory-db.zip")
    return found


def random_vectors(count, seed):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        kind = i % 3
        table, prefix = (V4, "CVSS:4.0") if kind == 0 else (V3, "CVSS:3.1" if kind == 1 else "CVSS:3.0")
        # A third without optional metrics, the rest with each optional metric present at 50 %.
        with_optional = rng.random() < 0.67
        fields = []
        for name, values, mandatory in table:
            if mandatory or (with_optional and rng.random() < 0.5):
                fields.append("%s:%s" % (name, rng.choice(list(values))))
        out.append(prefix + "/" + "/".join(fields))
    return out


def run(argv, text, cwd=None):
    r = subprocess.run(argv, input=text, capture_output=True, text=True, cwd=cwd, timeout=1800)
    if r.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (argv[0], r.stderr))
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True, help="tests/cvss_score_tool")
    ap.add_argument("--random", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=20240101)
    args = ap.parse_args()

    if shutil.which("node") is None:
        return unavailable("node is not installed")
    for pkg in ("ae-cvss-calculator", os.path.join("@pandatix", "js-cvss")):
        if not os.path.isdir(os.path.join(TOOL_DIR, "node_modules", pkg)):
            return unavailable("tools/reference/cvss/node_modules/%s is missing "
                               "(scripts/install-deps installs it)" % pkg)

    shared = os.environ.get("UPKEEP_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
    from_data = data_vectors(shared) if os.path.isdir(shared) else {}
    data_list = sorted(from_data)
    vectors = data_list + random_vectors(args.random, args.seed)
    text = "\n".join(vectors) + "\n"

    ours = {}
    for line in run([args.tool], text).splitlines():
        v, rest = line.split("\t", 1)
        ours[v] = rest.split("\t")
    # upkeep drops one trailing '/' (GHSA-f5pg-7wfw-84q9 has one) where both references refuse
    # the vector: they score it without.
    def for_refs(v):
        return v[:-1] if v.endswith("/") and not v.endswith("//") else v
    ref_text = "\n".join(for_refs(v) for v in vectors) + "\n"
    by_ref_vector = {}
    for line in run(["node", os.path.join(TOOL_DIR, "score.mjs")], ref_text,
                    cwd=TOOL_DIR).splitlines():
        v, ae, pd = line.split("\t")
        by_ref_vector[v] = (ae[3:], pd[3:])
    refs = {v: by_ref_vector[for_refs(v)] for v in vectors}

    failures = []
    pd_ties = []
    pd_optional = []
    compared = {"data": 0, "random": 0}
    refused_from_data = []
    for n, v in enumerate(vectors):
        mine = ours[v]
        ae, pd = refs[v]
        where = from_data[v] if n < len(data_list) else "random"
        if mine[0] == "!" and n < len(data_list):
            refused_from_data.append("%s (%s): %s" % (v, where, mine[1]))
        if mine[0] == "!":
            if ae != "!" and pd != "!":
                failures.append("%s (%s): refused by upkeep (%s), scored by both references"
                                % (v, where, mine[1]))
            continue
        if ae == "!":
            failures.append("%s (%s): scored by upkeep, refused by ae" % (v, where))
            continue
        compared["data" if n < len(data_list) else "random"] += 1
        mine4 = mine[:4]  # base, temporal, environmental, full
        if mine4 != ae.split(","):
            failures.append("%s (%s): upkeep %s, ae %s" % (v, where, ",".join(mine4), ae))
        if pd == "!":
            continue
        pd4 = pd.split(",")
        for i, (a, b) in enumerate(zip(mine4, pd4)):
            if a == b:
                continue
            tie = (v.startswith("CVSS:4.0/") and a != "-" and b != "-"
                   and abs(float(a) - float(b) - 0.1) < 1e-9)
            line = "%s (%s): upkeep %s, pd %s" % (v, where, ",".join(mine4), pd)
            if tie:
                pd_ties.append(line)
            elif i in (1, 2) and not v.startswith("CVSS:4.0/"):
                pd_optional.append(line)
            else:
                failures.append(line)
            break
    print("vectors from the data: %d (%d scored by all three), random: %d (%d scored)"
          % (len(from_data), compared["data"], args.random, compared["random"]))
    for r in refused_from_data:
        print("refused (as both references do): " + r)
    print("pd rounds an x.x5 tie down (no 1e-6 lift) on %d v4.0 vectors, e.g.:" % len(pd_ties))
    for t in pd_ties[:3]:
        print("  " + t)
    print("pd's v3 temporal/environmental score differs (its Roundup, its MPR) on %d vectors, "
          "e.g.:" % len(pd_optional))
    for t in pd_optional[:3]:
        print("  " + t)
    if failures:
        print("%d disagreements:" % len(failures))
        for f in failures[:40]:
            print("  " + f)
        return 1
    print("upkeep agrees with ae on every score and with pd on every base score but the ties")
    return 0

if __name__ == "__main__":
    sys.exit(main())
