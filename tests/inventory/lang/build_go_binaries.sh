#!/usr/bin/env bash
# Builds small Go programs for the go-binary tests, offline, with the machine's Go toolchain:
#   build_go_binaries.sh OUTDIR
# The program requires example.com/dep v1.4.0, example.com/old v1.0.0 replaced by the module
# example.com/new v1.1.0, and example.com/lib v1.2.3 replaced by the directory ../lib. The two
# published modules come from a file:// module proxy made here (no network). It is built for
# linux/amd64 (ELF, 64-bit little-endian), linux/386 (ELF 32-bit), linux/s390x (ELF big-endian),
# windows/amd64 (PE) and darwin/arm64 (Mach-O); `go version -m` of each goes beside it as the
# reference. Prints nothing on success.
set -euo pipefail
out=$1
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
export HOME=$out/home GOPATH=$out/gopath GOCACHE=${UPKEEP_GO_CACHE:-$out/cache}
export GOMODCACHE=$out/gopath/pkg/mod GOPROXY=file://$out/proxy GOSUMDB=off GOFLAGS=-mod=mod
export GOTOOLCHAIN=local CGO_ENABLED=0 GO111MODULE=on
mkdir -p "$HOME" "$out/proxy"

# A module version in the proxy: .info, .mod and a zip whose entries start "path@version/".
publish() {
  local path=$1 version=$2 pkg=$3
  local dir=$out/proxy/$path/@v
  mkdir -p "$dir"
  printf '{"Version":"%s"}\n' "$version" >"$dir/$version.info"
  printf 'module %s\n\ngo 1.18\n' "$path" >"$dir/$version.mod"
  echo "$version" >>"$dir/list"
  python3 - "$dir/$version.zip" "$path@$version" "$pkg" "$path" <<'PY'
import sys, zipfile
zpath, prefix, pkg, mod = sys.argv[1:]
with zipfile.ZipFile(zpath, "w") as z:
    z.writestr(prefix + "/go.mod", "module %s\n\ngo 1.18\n" % mod)
    z.writestr(prefix + "/%s.go" % pkg, "package %s\n\nfunc Name() string { return \"%s\" }\n" % (pkg, mod))
PY
}
publish example.com/dep v1.4.0 dep
publish example.com/new v1.1.0 new

mkdir -p "$out/src/lib" "$out/src/app"
printf 'module example.com/lib\n\ngo 1.18\n' >"$out/src/lib/go.mod"
printf 'package lib\n\nfunc Name() string { return "lib" }\n' >"$out/src/lib/lib.go"
cat >"$out/src/app/go.mod" <<'GOMOD'
module example.com/app

go 1.18

require (
	example.com/dep v1.4.0
	example.com/lib v1.2.3
	example.com/old v1.0.0
)

replace example.com/old => example.com/new v1.1.0

replace example.com/lib => ../lib
GOMOD
cat >"$out/src/app/main.go" <<'GO'
package main

import (
	"os"

	"example.com/dep"
	"example.com/lib"
	old "example.com/old"
)

func main() { os.Stdout.WriteString(dep.Name() + lib.Name() + old.Name() + "\n") }
GO
# The replacement module's code is imported under the replaced path.
cd "$out/src/app"
for target in linux/amd64 linux/386 linux/s390x windows/amd64 darwin/arm64; do
  goos=${target%/*} goarch=${target#*/}
  bin=$out/app-$goos-$goarch
  [[ $goos == windows ]] && bin=$bin.exe
  GOOS=$goos GOARCH=$goarch go build -trimpath -o "$bin" . 2>"$out/build.log" || { cat "$out/build.log" >&2; exit 1; }
  go version -m "$bin" >"$bin.version-m.txt"
done
chmod -R u+w "$out/gopath"
