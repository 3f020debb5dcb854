#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Compares upkeep's Java extractors with cdxgen (@cyclonedx/cdxgen from the npm registry) on one
# folder: "group:artifact@version" lines that only one of them reports, then the count both do.
#   tools/reference/cdxgen_java.sh UPKEEP DIR jar     a folder of .jar/.war files (java-archive)
#   tools/reference/cdxgen_java.sh UPKEEP DIR java    a Maven project (pom.xml; cdxgen falls back
#                                                      to reading the poms when mvn cannot run)
# cdxgen is installed once into build/reference/cdxgen. Not part of ctest: it needs the npm
# registry and about 300 MB. Results on this machine are in the report of the Java extractors.
set -euo pipefail
upkeep=$1 dir=$2 type=${3:-jar}
here=$(cd "$(dirname "$0")/../.." && pwd)
cache=$here/build/reference/cdxgen
version=12.8.4
if [[ ! -x $cache/node_modules/.bin/cdxgen ]]; then
  mkdir -p "$cache"
  (cd "$cache" && npm install --ignore-scripts --no-audit --no-fund --silent "@cyclonedx/cdxgen@$version")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
only=java-archive
[[ $type == java ]] && only=pom.xml
# MVN_CMD=/bin/false: offline, cdxgen reads the poms itself (direct dependencies only).
MVN_CMD=/bin/false "$cache/node_modules/.bin/cdxgen" -t "$type" --no-recurse -o "$work/cdx.json" \
  "$dir" >/dev/null 2>&1
jq -r '.components[] | (if .group == "" or .group == null then "" else .group + ":" end) + .name + "@" + (.version // "")' \
  "$work/cdx.json" | sort -u >"$work/cdx.txt"
"$upkeep" inventory --only "$only" --format json "$dir" | jq -r '.components[] | .name + "@" + .version' |
  sort -u >"$work/upkeep.txt"
echo "only cdxgen:"
comm -23 "$work/cdx.txt" "$work/upkeep.txt" | sed 's/^/  /'
echo "only upkeep:"
comm -13 "$work/cdx.txt" "$work/upkeep.txt" | sed 's/^/  /'
echo "both: $(comm -12 "$work/cdx.txt" "$work/upkeep.txt" | wc -l)"
