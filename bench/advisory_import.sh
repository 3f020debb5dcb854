#!/usr/bin/env bash
# Importing every OSV zip of ../shared/data against merely decompressing them, in the same run.
#   bench/advisory_import.sh [UPKEEP_BINARY] [RUNS]
# Each run decompresses the zips (`unzip -p > /dev/null`) and then imports them
# (`db import --replace`), one right after the other, so that both see the same machine load.
# Prints the best of RUNS for each of wall time and CPU time (user + system; on a shared machine
# it varies much less than wall time), their ratios, the database size and the import's peak
# RSS. The aim: import / unzip under 1.5 for both.
set -euo pipefail
cd "$(dirname "$0")/.."
upkeep=${1:-build/release/upkeep}
runs=${2:-5}
data=${UPKEEP_SHARED_DATA:-../shared/data}
zips=("$data"/osv/*.zip)
[[ -f ${zips[0]} ]] || { echo "no OSV zips in $data/osv (set UPKEEP_SHARED_DATA)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (package time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "wall cpu rss_kib" of one command.
measure() {
  /usr/bin/time -o "$work/t" -f "%e %U %S %M" "$@" >/dev/null
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/t"
}
min() { printf '%s\n' "$@" | sort -g | head -1; }

uw=() uc=() iw=() ic=() rss=()
for ((i = 0; i < runs; i++)); do
  read -r w c _ < <(measure bash -c 'for z in "$@"; do unzip -p "$z"; done' _ "${zips[@]}")
  uw+=("$w") uc+=("$c")
  read -r w c r < <(measure "$upkeep" db import --quiet --replace --db "$work/adv.db" "${zips[@]}")
  iw+=("$w") ic+=("$c") rss+=("$r")
done
records=$(sqlite3 "$work/adv.db" 'select count(*) from records' 2>/dev/null || echo "?")
echo "zips:       ${#zips[@]} ($(du -cb "${zips[@]}" | tail -1 | cut -f1) bytes), $records records"
echo "load:       $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
printf 'wall:       unzip %.2f s, import %.2f s, ratio %.2fx (best of %d)\n' \
  "$(min "${uw[@]}")" "$(min "${iw[@]}")" "$(echo "$(min "${iw[@]}") / $(min "${uw[@]}")" | bc -l)" "$runs"
printf 'CPU:        unzip %.2f s, import %.2f s, ratio %.2fx (best of %d)\n' \
  "$(min "${uc[@]}")" "$(min "${ic[@]}")" "$(echo "$(min "${ic[@]}") / $(min "${uc[@]}")" | bc -l)" "$runs"
echo "database:   $(stat -c %s "$work/adv.db") bytes"
echo "peak RSS:   $(printf '%s\n' "${rss[@]}" | sort -g | tail -1) KiB (largest of the runs)"
