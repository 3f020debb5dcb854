#!/usr/bin/env bash
# The package-lock.json extractor against @cyclonedx/cyclonedx-npm on the same ~5,000-package
# lockfile, whole process, as a ratio measured in the same run. Run by hand (not in CI; never a
# pass/fail on time):
#   bench/npm-inventory.sh [RUNS]
# The lockfile is resolved once from the registry (npm install --package-lock-only: metadata
# only, no tarballs) for the pinned top-level packages of bench/npm-inventory/package.json and
# kept in build/bench-npm/ (out of git; delete it to re-resolve: transitive versions drift).
# cyclonedx-npm is the pinned one of tools/reference/cyclonedx-npm (scripts/install-deps).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
root=$PWD
upkeep=$root/build/release/upkeep
cdx=$root/tools/reference/cyclonedx-npm/node_modules/.bin/cyclonedx-npm
project=$root/build/bench-npm/project

[[ -x $upkeep ]] || cmake --workflow --preset release >/dev/null
if [[ ! -x $cdx ]]; then
  (cd tools/reference/cyclonedx-npm && npm ci --ignore-scripts --no-audit --no-fund --silent)
fi
mkdir -p "$project"
if [[ ! -s $project/package-lock.json ]] ||
   ! cmp -s bench/npm-inventory/package.json "$project/package.json"; then
  cp bench/npm-inventory/package.json "$project/package.json"
  rm -f "$project/package-lock.json"
  echo "resolving the benchmark lockfile from the registry (a few minutes, once)..." >&2
  # --legacy-peer-deps: the set mixes frameworks whose peer ranges conflict; the lockfile is
  # still a valid v3 lockfile of what npm would install that way.
  (cd "$project" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund \
     --legacy-peer-deps --loglevel=error)
fi
lock=$project/package-lock.json
entries=$(python3 -c 'import json,sys; print(sum(1 for k in json.load(open(sys.argv[1]))["packages"] if "node_modules/" in k))' "$lock")

best() {  # best wall time in seconds of $runs runs of "$@" > /dev/null
  local b=
  for _ in $(seq "$runs"); do
    local t0 t1 t
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [[ -z $b ]] || (( $(echo "$t < $b" | bc -l) )); then b=$t; fi
  done
  echo "$b"
}
peak_kb() {  # peak resident set of one run of "$@"
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}

ours=("$upkeep" inventory --format json --only package-lock.json "$lock")
# --ignore-npm-errors: with --legacy-peer-deps npm ls reports the peers it left out as missing
# (exit 1); cyclonedx-npm still reads the whole tree.
theirs=(bash -c "cd '$project' && '$cdx' --package-lock-only --ignore-npm-errors --output-format JSON --output-file -")
n_ours=$("${ours[@]}" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["components"]))')
n_theirs=$("${theirs[@]}" 2>/dev/null | python3 -c '
import json, sys
todo = list(json.load(sys.stdin).get("components", [])); n = 0; purls = set()
while todo:
    c = todo.pop(); todo.extend(c.get("components", [])); n += 1; purls.add(c.get("purl"))
print(f"{n} ({len(purls)} distinct purls)")')
t_ours=$(best "${ours[@]}")
t_theirs=$(best "${theirs[@]}")
echo "## package-lock.json, $entries installed entries ($(du -k "$lock" | cut -f1) KiB), best of $runs"
echo "components: upkeep $n_ours, cyclonedx-npm $n_theirs"
printf '%-14s %10s %12s\n' tool seconds peak-RSS-KiB
printf '%-14s %10.3f %12s\n' upkeep "$t_ours" "$(peak_kb "${ours[@]}")"
printf '%-14s %10.3f %12s\n' cyclonedx-npm "$t_theirs" "$(peak_kb "${theirs[@]}")"
printf 'ratio (cyclonedx-npm / upkeep): %.0fx\n' "$(echo "$t_theirs / $t_ours" | bc -l)"
