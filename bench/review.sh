#!/usr/bin/env bash
# `upkeep review` of two ~5,000-package lockfiles (tools/gen/review_lockfiles.py: real npm names
# and versions from ../shared/data; HEAD = BASE with ~5% upgraded, ~2% added, ~1% removed), with
# `upkeep scan` of the HEAD lockfile alone as the baseline measured in the same run. Run by hand
# (not in CI; never a pass/fail on time):
#   bench/review.sh [DATA_DIR]
# Prints wall time, CPU time (user + system) and peak resident set of each, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=${1:-$root/../shared/data}
upkeep=$root/build/release/upkeep
work=$(mktemp -d /tmp/upkeep-bench-review.XXXXXX)
trap 'rm -rf "$work"' EXIT

[[ -x $upkeep ]] || cmake --workflow --preset release >/dev/null
python3 tools/gen/review_lockfiles.py "$data" "$work"
db=$work/adv.db
"$upkeep" db import -q --db "$db" "$data"/osv/ghsa-sample.zip "$data"/kev/*.json \
  "$data"/eol/endoflife-products.zip
base=$work/base/package-lock.json
head=$work/head/package-lock.json

measure() {  # label, command...: one run under /usr/bin/time -v
  local label=$1
  shift
  /usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>/dev/null || true
  python3 - "$label" "$work/time" <<'PY'
import re, sys
label, path = sys.argv[1], sys.argv[2]
text = open(path).read()
def field(name):
    return re.search(re.escape(name) + r":\s*(.+)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)"))
print(f"{label}\t{seconds:.3f}\t{cpu:.3f}\t{rss}")
PY
}

{
  measure review "$upkeep" review --db "$db" -f json "$base" "$head"
  measure scan "$upkeep" scan --db "$db" -f json "$head"
} >"$work/results"
changes=$("$upkeep" review --db "$db" -f json "$base" "$head" 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)["summary"]
print("{base_components} -> {head_components} components: {added} added, {upgraded} upgraded, "
      "{downgraded} downgraded, {removed} removed, {open_findings} open findings".format(**s))')
echo "$changes"
python3 - "$work/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, cpu, rss = line.split("\t")
    rows[label] = (float(wall), float(cpu), int(rss))
print(f"{'':8}{'wall s':>10}{'cpu s':>10}{'peak MiB':>10}")
for label, (wall, cpu, rss) in rows.items():
    print(f"{label:8}{wall:10.3f}{cpu:10.3f}{rss / 1024:10.1f}")
r, s = rows["review"], rows["scan"]
print(f"{'ratio':8}{r[0] / s[0]:10.2f}{r[1] / s[1]:10.2f}{r[2] / s[2]:10.2f}   (review / scan of HEAD)")
PY
