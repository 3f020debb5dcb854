#!/usr/bin/env bash
# `upkeep query -` on 100,000 purls drawn from the real OSV records, against baselines run in the
# same go: `cat` of the same file (reading it) and sqlite3 running one indexed SELECT of the
# record ids per purl (the store's index alone, what `Store::record_ids_for` does).
#   bench/query_throughput.sh [UPKEEP_BINARY] [COUNT] [RUNS] [MIX]
# and `upkeep query --threads 1` (records read on one thread), whose answers must be identical.
# MIX: packages (default: every package alike, as in an inventory) or advisories (packages drawn
# by how many records name them: the heavy case); see bench/query_purls.py.
# Prints the best of RUNS (wall seconds) and the CPU seconds of one more run for each.
set -euo pipefail
cd "$(dirname "$0")/.."
upkeep=${1:-build/release/upkeep}
count=${2:-100000}
runs=${3:-3}
mix=${4:-packages}
data=${UPKEEP_SHARED_DATA:-../shared/data}
zips=("$data"/osv/*.zip)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
cpu() { /usr/bin/time -f "%U %S %M" "$@" 2>&1 >/dev/null | tail -1; }

"$upkeep" db import --quiet --replace --db "$work/adv.db" "${zips[@]}"
python3 bench/query_purls.py --count "$count" --seed 7 --mix "$mix" --sql "$work/lookups.sql" "${zips[@]}" \
  >"$work/purls.txt"

cat_times=() sql_times=() query_times=() one_times=()
status=0
for ((i = 0; i < runs; i++)); do
  t0=$(now)
  cat "$work/purls.txt" >/dev/null
  t1=$(now)
  sqlite3 -readonly "$work/adv.db" <"$work/lookups.sql" >/dev/null
  t2=$(now)
  "$upkeep" query --db "$work/adv.db" - <"$work/purls.txt" >"$work/answers.jsonl" || status=$?
  t3=$(now)
  "$upkeep" query --threads 1 --db "$work/adv.db" - <"$work/purls.txt" >"$work/answers1.jsonl" || true
  t4=$(now)
  one_times+=("$(echo "$t4 - $t3" | bc -l)")
  cat_times+=("$(echo "$t1 - $t0" | bc -l)")
  sql_times+=("$(echo "$t2 - $t1" | bc -l)")
  query_times+=("$(echo "$t3 - $t2" | bc -l)")
done
# 0 or 1 (some purl affected); 2 would mean purls that could not be looked up.
if ((status > 1)); then
  echo "upkeep query exited $status" >&2
  exit 1
fi
c=$(best "${cat_times[@]}")
s=$(best "${sql_times[@]}")
q=$(best "${query_times[@]}")
q1=$(best "${one_times[@]}")
cmp -s "$work/answers.jsonl" "$work/answers1.jsonl" || { echo "--threads 1 answered differently" >&2; exit 1; }
lines=$(wc -l <"$work/answers.jsonl")
affected=$(grep -c -v '"advisories": \[\]' "$work/answers.jsonl" || true)
records=$(sqlite3 "$work/adv.db" 'select count(*) from records')
echo "database:           ${#zips[@]} zips, $records records"
echo "purls:              $count, mix $mix ($affected with advisories, $lines answers)"
printf 'cat:                %.3f s (best of %d)\n' "$c" "$runs"
printf 'sqlite3 id lookups: %.3f s (best of %d)\n' "$s" "$runs"
printf 'upkeep query:       %.3f s (best of %d), %.0f purls/s\n' "$q" "$runs" \
  "$(echo "$count / $q" | bc -l)"
printf 'query --threads 1:  %.3f s (best of %d), %.0f purls/s\n' "$q1" "$runs" \
  "$(echo "$count / $q1" | bc -l)"
printf 'query / id lookups: %.2fx; default / --threads 1: %.2fx\n' "$(echo "$q / $s" | bc -l)" \
  "$(echo "$q / $q1" | bc -l)"
read -r su ss _ < <(cpu sqlite3 -readonly "$work/adv.db" <"$work/lookups.sql")
read -r qu qs rss < <(cpu "$upkeep" query --db "$work/adv.db" - <"$work/purls.txt")
read -r q1u q1s rss1 < <(cpu "$upkeep" query --threads 1 --db "$work/adv.db" - <"$work/purls.txt")
printf 'CPU:                id lookups %.2f s, query %.2f s (--threads 1: %.2f s)\n' \
  "$(echo "$su + $ss" | bc -l)" "$(echo "$qu + $qs" | bc -l)" "$(echo "$q1u + $q1s" | bc -l)"
printf 'peak RSS:           query %d KiB (--threads 1: %d KiB)\n' "$rss" "$rss1"
