#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs a version scheme's reference tool: "A<TAB>B" lines in, one of < = > ! per line out.

    refcmp.py SCHEME [--cache DIR] < pairs > answers
    refcmp.py SCHEME --check        exit 0 when the reference is installed, else 77 and why

Each reference is the ecosystem's own code (libdpkg, python3-rpm, python3-packaging, node's
semver, ...), installed from Debian packages by scripts/install-deps. Compiled harnesses are built
once into the cache folder. Every harness answers ! for an empty version; where upkeep is stricter
than the tool on purpose, the harness says so in a marked block.
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77  # CTest's conventional "skipped" exit code


class Missing(Exception):
    pass


def need_file(path, package):
    if not os.path.exists(path):
        raise Missing(f"{path} not found (Debian package {package})")


def need_program(name, package):
    path = shutil.which(name)
    if path is None:
        raise Missing(f"{name} not found (Debian package {package})")
    return path


def newer(target, *sources):
    return os.path.exists(target) and all(
        os.path.getmtime(target) >= os.path.getmtime(s) for s in sources)


def build(cmd, target, sources, env=None):
    if newer(target, *sources):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise Missing(f"building {os.path.basename(target)} failed:\n{r.stderr}")


# Each function returns the argv of a ready harness, building it first when needed.

def ref_deb(cache):
    need_file("/usr/include/dpkg/dpkg-db.h", "libdpkg-dev")
    cc = need_program("cc", "gcc")
    src = os.path.join(HERE, "deb.c")
    exe = os.path.join(cache, "ref-deb")
    libs = subprocess.run(["pkg-config", "--static", "--libs", "libdpkg"], capture_output=True,
                          text=True).stdout.split() or ["-ldpkg"]
    build([cc, "-O2", "-o", exe, src, *libs], exe, [src])
    return [exe]


def ref_maven(cache):
    jar = "/usr/share/java/maven3-artifact.jar"
    need_file(jar, "libmaven3-core-java")
    javac = need_program("javac", "default-jdk-headless")
    java = need_program("java", "default-jdk-headless")
    src = os.path.join(HERE, "RefMaven.java")
    classes = os.path.join(cache, "ref-maven")
    build([javac, "-cp", jar, "-d", classes, src], os.path.join(classes, "RefMaven.class"),
          [src, jar])
    # C1 only: the run is short, so full JIT warm-up costs more than it saves. The larger stack
    # leaves room for ComparableVersion's recursion over deeply nested versions ("a1a1a1...").
    return [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-cp", os.pathsep.join([classes, jar]),
            "RefMaven"]


def ref_rpm(cache):
    del cache  # nothing to build
    script = os.path.join(HERE, "rpm_ref.py")  # not rpm.py: it would shadow the module
    r = subprocess.run([sys.executable, "-c", "import rpm"], capture_output=True, text=True)
    if r.returncode != 0:
        raise Missing(f"python module rpm not importable by {sys.executable} (Debian package "
                      "python3-rpm)")
    return [sys.executable, script]


def ref_go(cache):
    need_file("/usr/share/gocode/src/golang.org/x/mod/semver/semver.go",
              "golang-golang-x-mod-dev")
    go = need_program("go", "golang-go")
    src = os.path.join(HERE, "go.go")
    exe = os.path.join(cache, "ref-go")
    # Offline and outside any module: x/mod comes from Debian's GOPATH. CI may have neither HOME
    # nor a Go cache, so both point into the cache folder.
    env = dict(os.environ, GOPATH="/usr/share/gocode", GO111MODULE="off", GOFLAGS="",
               GOCACHE=os.path.join(cache, "gocache"), HOME=cache, GOTOOLCHAIN="local",
               CGO_ENABLED="0")
    build([go, "build", "-o", exe, src], exe, [src], env=env)
    return [exe]


REFERENCES = {
    "deb": ref_deb,
    "maven": ref_maven,
    "rpm": ref_rpm,
    "go": ref_go,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scheme", choices=sorted(REFERENCES))
    parser.add_argument("--cache", default=os.environ.get(
        "UPKEEP_REF_CACHE", os.path.join(HERE, "..", "..", "build", "reference")))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    try:
        argv = REFERENCES[args.scheme](os.path.abspath(args.cache))
    except Missing as e:
        print(f"refcmp: reference for {args.scheme} unavailable: {e}", file=sys.stderr)
        return SKIP
    if args.check:
        print(" ".join(argv))
        return 0
    sys.stdout.flush()
    return subprocess.run(argv, stdin=sys.stdin.buffer, stdout=sys.stdout.buffer).returncode


if __name__ == "__main__":
    sys.exit(main())
