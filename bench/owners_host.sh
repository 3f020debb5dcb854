#!/usr/bin/env bash
# `upkeep owners` over this machine, with every OSV zip, KEV and the end-of-life data of
# ../shared/data imported and bench/host-owners.toml, against `upkeep scan` of the same targets
# in the same run (owners = the scan's inventory and findings + groups + end of life).
#   bench/owners_host.sh [UPKEEP_BINARY] [RUNS] [TARGET...]   (default target: host)
# Prints, best of RUNS: wall, user+system CPU and peak RSS of scan, owners, owners --sprawl;
# then what the owners report found.
set -euo pipefail
cd "$(dirname "$0")/.."
upkeep=${1:-build/release/upkeep}
runs=${2:-3}
shift 2 || shift $#
targets=("$@")
((${#targets[@]})) || targets=(host)
data=${UPKEEP_SHARED_DATA:-../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export UPKEEP_DB=$work/adv.db
"$upkeep" db import --quiet "$data"/osv/*.zip "$data"/kev/*.json "$data"/eol/endoflife-products.zip \
  "$data"/eol/distro-info-data/* "$data"/eol/debian-security-support/*
owners=bench/host-owners.toml

# shellcheck source=bench/measure.sh
source bench/measure.sh
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d); targets: ${targets[*]}"
measure "scan (baseline)" "$upkeep" scan -f json "${targets[@]}"
measure "owners (groups + end of life)" "$upkeep" owners --owners "$owners" -f json "${targets[@]}"
measure "owners --skip-db (groups only)" "$upkeep" owners --skip-db --owners "$owners" -f json \
  "${targets[@]}"
measure "owners --sprawl" "$upkeep" owners --sprawl --owners "$owners" -f json "${targets[@]}"
"$upkeep" owners --owners "$owners" -f json "${targets[@]}" 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
s = r["summary"]
os_lines = ["%s: %s" % (o["pretty_name"], o["assessment"]["status"]) for o in r["support"]["os"]]
print("owners: %d components, %d with a group, %d key without a group, %d past end of life or "
      "maintenance; %d runtimes; %s" % (s["components"], s["with_group"], s["key_without_group"],
      s["support_lapsed"], len(r["support"]["runtimes"]), "; ".join(os_lines)))'
