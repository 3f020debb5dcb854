#!/usr/bin/env bash
# `upkeep review` of two ~5,000-package lockfiles (tools/gen/review_lockfiles.py: real npm names
# and versions from ../shared/data; HEAD = BASE with ~5% upgraded, ~2% added, ~1% removed), with
# `upkeep scan` of the HEAD lockfile alone as the baseline measured in the same run. Run by hand
# (not in CI; never a pass/fail on time):
#   bench/review.sh [DATA_DIR]
# Prints, best of $UPKEEP_BENCH_RUNS (default 5): wall time, CPU time (user + system) and peak
# resident set of each (bench/measure.sh).
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

# shellcheck source=bench/measure.sh
source bench/measure.sh
runs=${UPKEEP_BENCH_RUNS:-5}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d); best of $runs"
"$upkeep" review --db "$db" -f json "$base" "$head" 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)["summary"]
print("{base_components} -> {head_components} components: {added} added, {upgraded} upgraded, "
      "{downgraded} downgraded, {removed} removed, {open_findings} open findings".format(**s))'
measure "scan HEAD (baseline)" "$upkeep" scan --db "$db" -f json "$head"
measure "review BASE HEAD" "$upkeep" review --db "$db" -f json "$base" "$head"
measure "review BASE HEAD -f markdown" "$upkeep" review --db "$db" -f markdown "$base" "$head"
