#!/usr/bin/env bash
# Importing every OSV zip of ../shared/data against merely decompressing them, in the same run.
#   bench/advisory_import.sh [UPKEEP_BINARY] [RUNS]
# Prints the best of RUNS for each (seconds), their ratio, the database size and the import's
# peak RSS. The brief's aim: import / unzip under 1.5.
set -euo pipefail
cd "$(dirname "$0")/.."
upkeep=${1:-build/release/upkeep}
runs=${2:-3}
data=${UPKEEP_SHARED_DATA:-../shared/data}
zips=("$data"/osv/*.zip)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
best() { printf '%s\n' "$@" | sort -g | head -1; }

unzip_times=() import_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(now)
  for z in "${zips[@]}"; do unzip -p "$z" >/dev/null; done
  t1=$(now)
  "$upkeep" db import --quiet --replace --db "$work/adv.db" "${zips[@]}"
  t2=$(now)
  unzip_times+=("$(echo "$t1 - $t0" | bc -l)")
  import_times+=("$(echo "$t2 - $t1" | bc -l)")
done
u=$(best "${unzip_times[@]}")
m=$(best "${import_times[@]}")
records=$(sqlite3 "$work/adv.db" 'select count(*) from records' 2>/dev/null || echo "?")
echo "zips:            ${#zips[@]} ($(du -cb "${zips[@]}" | tail -1 | cut -f1) bytes), $records records"
printf 'unzip -p:        %.3f s (best of %d)\n' "$u" "$runs"
printf 'db import:       %.3f s (best of %d)\n' "$m" "$runs"
printf 'ratio:           %.2fx\n' "$(echo "$m / $u" | bc -l)"
echo "database:        $(stat -c %s "$work/adv.db") bytes"
if [[ -x /usr/bin/time ]]; then
  # CPU seconds (user + system) too: on a shared machine they vary less than wall time.
  ucpu=$(/usr/bin/time -f "%U %S" bash -c 'for z in "$@"; do unzip -p "$z" >/dev/null; done' _ "${zips[@]}" 2>&1 | tail -1 | awk '{print $1 + $2}')
  read -r icpu rss < <(/usr/bin/time -f "%U %S %M" "$upkeep" db import --quiet --replace --db "$work/adv.db" "${zips[@]}" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2, $3}')
  printf 'CPU:             unzip %.2f s, import %.2f s, ratio %.2fx\n' "$ucpu" "$icpu" "$(echo "$icpu / $ucpu" | bc -l)"
  echo "peak RSS:        $rss KiB"
fi
