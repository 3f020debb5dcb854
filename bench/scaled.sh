#!/usr/bin/env bash
# How import and lookups grow with the number of records: the real OSV records of
# ../shared/data/osv multiplied (bench/scaled_records.py: renamed ids, aliases and package names)
# to each COUNT, imported into a new database, then looked up.
#   bench/scaled.sh [UPKEEP_BINARY] [COUNT...]       (default: 21426 100000 250000 500000)
# Needs the release build of upkeep and bench/store_lookups. Per COUNT it prints: records, zip
# bytes, `unzip -p` CPU seconds over the same zips, `db import --replace` wall and CPU seconds,
# the import's peak RSS, the database size, ids found per lookup, and CPU microseconds per lookup
# of Store::record_ids_for and Store::records_for (2,500 keys: 2,000 packages spread over all
# copies, 500 names without records), and `upkeep scan` of the same inventory at every COUNT
# (1,300 packages, half of them renamed copies): wall seconds, peak RSS, findings.
#
# The generated zips are kept in $UPKEEP_SCALED_DIR (default /tmp/upkeep-scaled; about 0.5 GB
# for 500,000 records, and 2.8 GB with the databases) and reused by later runs; delete it when
# done. Each COUNT's directory also holds the database and an inventory for `upkeep scan`, the
# same 1,300 packages at every COUNT (half of them renamed copies), which the last columns scan.
set -euo pipefail
cd "$(dirname "$0")/.."
upkeep=${1:-build/release/upkeep}
shift || true
counts=("$@")
((${#counts[@]})) || counts=(21426 100000 250000 500000)
data=${UPKEEP_SHARED_DATA:-../shared/data}
out=${UPKEEP_SCALED_DIR:-/tmp/upkeep-scaled}
lookups=${STORE_LOOKUPS:-build/release/bench/store_lookups}
[[ -d $data/osv ]] || { echo "no $data/osv (set UPKEEP_SHARED_DATA)" >&2; exit 2; }
[[ -x $lookups ]] || { echo "build bench/store_lookups first" >&2; exit 2; }

python3 bench/scaled_records.py "$data/osv" "$out" "${counts[@]}" >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
  "load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
printf '%8s %6s %7s %7s %7s %8s %7s %5s %8s %9s %7s %8s %8s\n' records zipMB unzipCPU wall CPU RSS_MB dbMB \
  ids/q "ids us" "records us" scan_s scanRSS findings
for count in "${counts[@]}"; do
  d=$out/$count
  mapfile -t zips <"$d/files.txt"
  zip_mb=$(du -cb "${zips[@]}" | tail -1 | awk '{printf "%.0f", $1 / 1048576}')
  ucpu=$(/usr/bin/time -f "%U %S" bash -c 'for z in "$@"; do unzip -p "$z"; done >/dev/null' _ "${zips[@]}" 2>&1 |
    tail -1 | awk '{printf "%.2f", $1 + $2}')
  rm -f "$d/adv.db"
  read -r wall cpu rss < <(/usr/bin/time -f "%e %U %S %M" "$upkeep" db import --quiet --replace \
    --db "$d/adv.db" "${zips[@]}" 2>&1 >/dev/null | tail -1 | awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}')
  records=$(sqlite3 "$d/adv.db" 'select count(*) from records')
  db_mb=$(stat -c %s "$d/adv.db" | awk '{printf "%.0f", $1 / 1048576}')
  read -r _ per ids_us rec_us < <("$lookups" "$d/adv.db" "$d/keys.tsv")
  # Exit 1 is "findings at or above --fail-on" (none given: any finding); anything else fails.
  read -r scan_s scan_rss < <(/usr/bin/time -f "%e %M" "$upkeep" scan --db "$d/adv.db" \
    --no-debian-archive -f json -o "$d/scan.json" "$d/inventory" 2>&1 >/dev/null | tail -1 |
    awk '{printf "%.2f %.0f\n", $1, $2 / 1024}')
  findings=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["findings"])' "$d/scan.json")
  printf '%8s %6s %7s %7s %7s %8s %7s %5s %8s %9s %7s %8s %8s\n' "$records" "$zip_mb" "$ucpu" "$wall" \
    "$cpu" "$rss" "$db_mb" "$per" "$ids_us" "$rec_us" "$scan_s" "$scan_rss" "$findings"
done
