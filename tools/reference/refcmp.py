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
