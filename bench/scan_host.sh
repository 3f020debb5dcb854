#!/usr/bin/env bash
# `upkeep scan` of this machine with every OSV zip and KEV of ../shared/data imported, against
# `dpkg-query -W` (the package listing it must at least do), in the same run.
#   bench/scan_host.sh [UPKEEP_BINARY] [RUNS]
# Prints, best of RUNS: wall, user+system CPU and peak RSS of
#   dpkg-query -W                         the baseline
#   scan --only dpkg-status host          the walk of / plus the dpkg database and its matching
#   scan /usr /var /etc /opt              the system's own directories, every extractor
#   scan host                             everything (on a development box: test trees too)
set -euo pipefail
cd "$(dirname "$0")/.."
upkeep=${1:-build/release/upkeep}
runs=${2:-3}
data=${UPKEEP_SHARED_DATA:-../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export UPKEEP_DB=$work/adv.db
"$upkeep" db import --quiet "$data"/osv/*.zip "$data"/kev/*.json

# shellcheck source=bench/measure.sh
source bench/measure.sh

measure "dpkg-query -W" dpkg-query -W
measure "scan --only dpkg-status host" "$upkeep" scan --only dpkg-status host -f json
measure "scan /usr /var /etc /opt" "$upkeep" scan /usr /var /etc /opt -f json
measure "scan host" "$upkeep" scan host -f json
"$upkeep" scan host -f json 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)["summary"]
print("scan host: %d components, %d findings in %d components" %
      (s["components"], s["findings"], s["vulnerable_components"]))'
