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
import glob
import os
import re
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


def ref_npm(cache):
    node = need_program("node", "nodejs")
    folder = os.path.join(HERE, "npm")
    if not os.path.exists(os.path.join(folder, "node_modules", "semver", "package.json")):
        # The pinned semver of package-lock.json, from the npm registry (scripts/install-deps
        # does the same).
        npm = need_program("npm", "npm")
        r = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"],
                           cwd=folder, capture_output=True, text=True)
        if r.returncode != 0:
            raise Missing(f"npm ci in {folder} failed:\n{r.stderr}")
    return [node, os.path.join(folder, "compare.js")]


# Debian's rustc and its packaged semver source (not a rustup toolchain: the reference is what
# Debian ships, and builds offline).
RUSTC = "/usr/bin/rustc"
SEMVER_CRATE = "/usr/share/cargo/registry/semver-1.0.14"


def ref_cargo(cache):
    need_file(RUSTC, "rustc")
    lib = os.path.join(SEMVER_CRATE, "src", "lib.rs")
    need_file(lib, "librust-semver-dev")
    crate_sources = glob.glob(os.path.join(SEMVER_CRATE, "src", "*.rs"))
    version = subprocess.run([RUSTC, "--version"], capture_output=True, text=True).stdout
    m = re.match(r"rustc 1\.(\d+)", version)
    # The crate's build.rs emits cfg flags only for rustc older than 1.53 (no_* fallbacks).
    if not m or int(m.group(1)) < 53:
        raise Missing(f"{RUSTC} is older than 1.53 ({version.strip()}); semver's build.rs would "
                      "need cfg flags this harness does not pass")
    rlib = os.path.join(cache, "libsemver.rlib")
    build([RUSTC, "--crate-name", "semver", "--crate-type", "rlib", "--edition", "2018", "-O",
           "--cfg", 'feature="default"', "--cfg", 'feature="std"', "--cap-lints", "allow",
           "-o", rlib, lib], rlib, crate_sources)
    src = os.path.join(HERE, "cargo.rs")
    exe = os.path.join(cache, "ref-cargo")
    build([RUSTC, "--edition", "2021", "-O", "--extern", f"semver={rlib}", "-o", exe, src],
          exe, [src, rlib])
    return [exe]


def ref_pypi(cache):
    # Debian's interpreter and module, not whatever python3 is first on PATH: the reference is
    # python3-packaging 23.0 as Debian 12 ships it.
    python = "/usr/bin/python3"
    need_file(python, "python3")
    need_file("/usr/lib/python3/dist-packages/packaging/version.py", "python3-packaging")
    r = subprocess.run([python, "-c", "import packaging; print(packaging.__version__)"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise Missing(f"{python} cannot import packaging:\n{r.stderr}")
    if r.stdout.strip() != "23.0":
        raise Missing(f"packaging {r.stdout.strip()} found, the pypi scheme follows 23.0")
    return [python, os.path.join(HERE, "pypi.py")]


def ref_rubygems(cache):
    need_file("/usr/lib/ruby/vendor_ruby/rubygems/version.rb", "ruby-rubygems")
    ruby = need_program("ruby", "ruby")
    return [ruby, "--disable-gems", "-W0", os.path.join(HERE, "rubygems.rb")]


def ref_composer(cache):
    need_file("/usr/share/php/Composer/Semver/VersionParser.php", "php-composer-semver")
    php = need_program("php", "php-cli")
    return [php, "-n", "-d", "error_reporting=-1", "-d", "display_errors=stderr",
            os.path.join(HERE, "composer.php")]


REFERENCES = {
    "deb": ref_deb,
    "maven": ref_maven,
    "rpm": ref_rpm,
    "go": ref_go,
    "npm": ref_npm,
    "cargo": ref_cargo,
    "pypi": ref_pypi,
    "rubygems": ref_rubygems,
    "composer": ref_composer,
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
