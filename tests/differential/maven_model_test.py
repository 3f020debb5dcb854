#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compares upkeep's pom.xml extractor with Maven's own effective model.

    maven_model_test.py --upkeep PATH [--fixtures DIR]

Maven's model builder (tools/reference/RefMavenModel.java, over Debian's libmaven3-core-java)
builds the effective model of every pom under the fixture folder; upkeep inventories the same
folder. For each pom Maven could build (its parents are in the tree, it is valid), the
dependencies must agree one for one:
  - the same groupId:artifactId, type and classifier (upkeep's purl qualifiers);
  - the same version, except where Maven leaves an expression ("${env.X}") or a range
    ("[1.0,2.0)") in it: upkeep then has no version and a version_note saying so;
  - the scope mapped as documented in src/inventory/lang/pom_xml.cc: test -> development,
    optional=true -> optional, anything else -> runtime.
Poms Maven cannot build (a parent from a repository, deliberate errors) are listed, not compared.
Exit 77 (skipped) when Java or Maven's jars are missing.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SKIP = 77
JARS = ["maven3-model-builder", "maven3-model", "maven3-builder-support", "maven3-artifact",
        "plexus-utils2", "plexus-interpolation", "commons-lang3", "atinject-jsr330-api"]


def reference(cache, poms):
    java, javac = shutil.which("java"), shutil.which("javac")
    jars = [f"/usr/share/java/{j}.jar" for j in JARS]
    missing = [j for j in jars if not os.path.exists(j)]
    if java is None or javac is None or missing:
        print(f"skipped: need java, javac and {missing or 'the Maven jars'} "
              "(Debian packages default-jdk-headless, libmaven3-core-java)")
        sys.exit(SKIP)
    src = os.path.join(ROOT, "tools", "reference", "RefMavenModel.java")
    classes = os.path.join(cache, "ref-maven-model")
    target = os.path.join(classes, "RefMavenModel.class")
    classpath = os.pathsep.join([classes] + jars)
    if not (os.path.exists(target) and os.path.getmtime(target) >= os.path.getmtime(src)):
        os.makedirs(classes, exist_ok=True)
        subprocess.run([javac, "-nowarn", "-cp", classpath, "-d", classes, src], check=True,
                       capture_output=True)
    out = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-cp", classpath, "RefMavenModel",
                          *poms], check=True, capture_output=True, text=True).stdout
    models, current = {}, None
    for line in out.splitlines():
        if line.startswith("# "):
            current = line[2:]
            models[current] = []
        elif line.startswith("! "):
            models[current] = line[2:]
        else:
            g, a, v, scope, optional, typ, classifier = line.split("\t")
            models[current].append(dict(name=f"{g}:{a}", version=v, scope=scope,
                                        optional=optional == "true", type=typ,
                                        classifier="" if classifier == "null" else classifier))
    return models


def qualifiers(purl):
    if "?" not in purl:
        return {}
    return dict(kv.split("=", 1) for kv in purl.split("?", 1)[1].split("&"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upkeep", required=True)
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "tests", "fixtures", "inventory",
                                                        "pom-xml"))
    args = ap.parse_args()
    cache = os.environ.get("UPKEEP_REF_CACHE", os.path.join(ROOT, "build", "reference"))
    fixtures = os.path.abspath(args.fixtures)
    poms = sorted(os.path.join(d, f) for d, _, files in os.walk(fixtures) for f in files
                  if f.endswith(".xml"))
    models = reference(cache, poms)

    # upkeep: the multi-module tree as a directory (parents are read through it); single-file
    # poms as files (their names are not pom.xml).
    ours = collections.defaultdict(list)
    targets = [os.path.join(fixtures, "multimodule")] + [
        p for p in poms if os.path.dirname(p) == fixtures]
    for target in targets:
        r = subprocess.run([args.upkeep, "inventory", "--only", "pom.xml", "--format", "json",
                            target], capture_output=True, text=True)
        if not r.stdout:
            continue  # a fixture that is no pom at all (empty.xml): nothing to compare
        for c in json.loads(r.stdout)["components"]:
            ours[os.path.abspath(c["location"])].append(c)

    failures, compared, dependencies = [], 0, 0
    for pom in poms:
        model = models.get(pom)
        rel = os.path.relpath(pom, fixtures)
        if isinstance(model, str):
            print(f"not compared (Maven: {model[:120]}): {rel}")
            continue
        compared += 1
        mine = {c["name"]: c for c in ours.get(pom, [])}
        if len(mine) != len(ours.get(pom, [])):
            failures.append(f"{rel}: upkeep reports a dependency twice")
        theirs = {d["name"]: d for d in model}
        for name in sorted(set(mine) | set(theirs)):
            m, t = mine.get(name), theirs.get(name)
            if m is None or t is None:
                failures.append(f"{rel}: {name} only in {'Maven' if m is None else 'upkeep'}")
                continue
            dependencies += 1
            v = t["version"]
            if "${" in v and v.rfind("}") > v.find("${"):
                ok = m["version"] == "" and "unresolved property" in m.get("version_note", "")
            elif v.startswith(("[", "(")):
                ok = m["version"] == "" and m.get("version_note") == f"version range {v}"
            else:
                ok = m["version"] == v
            if not ok:
                failures.append(f"{rel}: {name}: version {m['version']!r} "
                                f"({m.get('version_note', '')}), Maven {v!r}")
            scope = ("development" if t["scope"] == "test" else
                     "optional" if t["optional"] else "runtime")
            if m["scope"] != scope:
                failures.append(f"{rel}: {name}: scope {m['scope']}, Maven {t['scope']}"
                                f"{' optional' if t['optional'] else ''}")
            q = qualifiers(m["purl"])
            if q.get("type", "jar") != t["type"] or q.get("classifier", "") != t["classifier"]:
                failures.append(f"{rel}: {name}: purl {m['purl']}, Maven type {t['type']} "
                                f"classifier {t['classifier']!r}")
    print(f"{compared} poms compared with Maven's effective model, {dependencies} dependencies")
    for f in failures:
        print("MISMATCH", f)
    if compared < 5:
        print("too few poms compared")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
