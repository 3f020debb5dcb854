#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`upkeep review BASE HEAD`, end to end: the v1 and v3 package-lock.json of nodejs/security-wg
(../shared/data; what changed is computed here from the two files, independently of upkeep), a
change that adds known vulnerable npm packages (lodash 4.17.11 and, through optimist, minimist
0.0.10, both in the GHSA sample) and fails, one that passes, git:REV:PATH targets in a repository
the test creates, the three formats (SARIF validated against the official schema when the
reference tools are installed), and the exit codes 2 and 3."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(HERE, "..", "fixtures", "review")
DATA = os.environ.get("UPKEEP_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))
V1 = os.path.join(DATA, "lockfiles", "npm", "nodejs-security-wg-package-lock.v1.json")
V3 = os.path.join(DATA, "lockfiles", "npm", "nodejs-security-wg-package-lock.v3.json")
GHSA = os.path.join(DATA, "osv", "ghsa-sample.zip")
SARIF_VALIDATE = os.path.join(ROOT, "tools", "reference", "sarif", "validate.js")
UPKEEP = None
DB = None
WORK = None


def run(*args, cwd=None):
    env = dict(os.environ)
    env.pop("UPKEEP_DB", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([UPKEEP, *args], capture_output=True, timeout=600, env=env, cwd=cwd)


def review(*args, cwd=None):
    r = run("review", "--db", DB, *args, cwd=cwd)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def review_json(*args, cwd=None):
    code, out, err = review("-f", "json", *args, cwd=cwd)
    return code, (json.loads(out) if out else None), err


def git(repo, *args):
    subprocess.run(["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


def write_policy(name, text):
    """A policy file in the work directory; returns its path."""
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write("[policy]\n" + text)
    return path


def need_data():
    if not os.path.isfile(GHSA):
        raise unittest.SkipTest("../shared/data is not beside the checkout (UPKEEP_SHARED_DATA)")


def changes_by_name(report):
    out = {}
    for c in report["changes"]:
        out.setdefault(c["name"], []).append(c)
    return out


def npm_versions_v1(path):
    """(name, version) of every package of a version 1 lockfile, nested trees included."""
    with open(path) as f:
        lock = json.load(f)
    found = set()

    def walk(deps):
        for name, entry in deps.items():
            found.add((name, entry["version"]))
            walk(entry.get("dependencies", {}))
    walk(lock["dependencies"])
    return found


def npm_versions_v3(path):
    with open(path) as f:
        lock = json.load(f)
    found = set()
    for key, entry in lock["packages"].items():
        if "node_modules/" not in key or entry.get("link"):
            continue
        found.add((entry.get("name", key.rsplit("node_modules/", 1)[1]), entry["version"]))
    return found


def plain_semver(v):
    """A sort key for semver 2.0.0 versions without build metadata (None for anything else):
    a pre-release sorts before its release, numeric identifiers before alphanumeric ones."""
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?", v)
    if not m:
        return None
    pre = m.group(4)
    ids = () if pre is None else tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre is None, ids)


def expected_diff(base, head):
    """The documented pairing, on semver versions: per name, what both sides have is
    unchanged, the rest pairs up from the highest version down, the leftovers are added or
    removed. Returns {name: [(kind, base_version, head_version)]}."""
    out = {}
    for name in sorted({n for n, _ in base} | {n for n, _ in head}):
        b = {v for n, v in base if n == name}
        h = {v for n, v in head if n == name}
        only_b = sorted(b - h, key=plain_semver)
        only_h = sorted(h - b, key=plain_semver)
        items = []
        while only_b and only_h:
            bv, hv = only_b.pop(), only_h.pop()
            items.append(("upgraded" if plain_semver(bv) < plain_semver(hv) else "downgraded",
                          bv, hv))
        items += [("added", None, v) for v in only_h]
        items += [("removed", v, None) for v in only_b]
        if items:
            out[name] = sorted(items, key=lambda t: (t[0], str(t[1]), str(t[2])))
    return out


class RealLockfiles(unittest.TestCase):
    """nodejs/security-wg's package-lock.json, version 1 (2021) and version 3 (2026)."""

    @classmethod
    def setUpClass(cls):
        need_data()
        cls.code, cls.report, cls.stderr = review_json(V1, V3)

    def test_every_version_is_semver_so_the_independent_diff_applies(self):
        for name, version in npm_versions_v1(V1) | npm_versions_v3(V3):
            self.assertIsNotNone(plain_semver(version), (name, version))

    def test_the_changes_are_those_computed_from_the_files(self):
        self.assertIn(self.code, (0, 1), self.stderr)
        want = expected_diff(npm_versions_v1(V1), npm_versions_v3(V3))
        got = {}
        for c in self.report["changes"]:
            got.setdefault(c["name"], []).append((c["change"], c["base_version"],
                                                  c["head_version"]))
        got = {n: sorted(v, key=lambda t: (t[0], str(t[1]), str(t[2]))) for n, v in got.items()}
        self.assertEqual(got, want)
        s = self.report["summary"]
        self.assertEqual(s["added"], sum(k == "added" for v in want.values() for k, _, _ in v))
        self.assertEqual(s["removed"], sum(k == "removed" for v in want.values() for k, _, _ in v))
        self.assertEqual(s["base_components"], len(npm_versions_v1(V1)))
        self.assertEqual(s["head_components"], len(npm_versions_v3(V3)))

    def test_specific_packages(self):
        by_name = changes_by_name(self.report)
        # semver: 5.7.0, 6.3.0 and 7.3.4 in v1, only 7.6.3 in v3: the newest is upgraded.
        semver = sorted((c["change"], c["base_version"], c["head_version"])
                        for c in by_name["semver"])
        self.assertEqual(semver, [("removed", "5.7.0", None), ("removed", "6.3.0", None),
                                  ("upgraded", "7.3.4", "7.6.3")])
        self.assertEqual([(c["change"], c["head_version"]) for c in by_name["@pkgjs/nv"]],
                         [("added", "0.2.2")])
        self.assertEqual(by_name["@pkgjs/nv"][0]["relationship"], "direct")

    def test_transitive_additions_name_a_direct_dependency_of_the_v3_project(self):
        with open(V3) as f:
            direct = set(json.load(f)["packages"][""]["dependencies"])
        transitive = [c for c in self.report["changes"]
                      if c["change"] != "removed" and c["relationship"] == "transitive"]
        self.assertTrue(transitive)
        for c in transitive:
            self.assertIn(c["introduced_by"].split(" ")[0], direct, c["name"])

    def test_the_exit_code_follows_the_result(self):
        self.assertEqual(self.code, 0 if self.report["result"] == "pass" else 1)
        self.assertEqual(self.report["schema"], "upkeep.review/1")
        self.assertIsNone(self.report["owners"])
        self.assertIn("no owners file", self.stderr)

    def test_markdown(self):
        code, out, _ = review(V1, V3)
        self.assertEqual(code, self.code)
        self.assertTrue(out.startswith("## Dependency review: "))
        self.assertIn("@\u2060pkgjs/nv", out)  # no @-mention of a GitHub user
        self.assertIn("removed</summary>", out)


class VulnerableChange(unittest.TestCase):
    """HEAD adds lodash 4.17.11 and optimist 0.6.1 (with minimist 0.0.10) to BASE; its owners file
    (found at HEAD's root) sets fail_on_severity = "critical" and makes optimist key without a
    group."""

    @classmethod
    def setUpClass(cls):
        need_data()
        cls.base = os.path.join(FIXTURES, "base")
        cls.head = os.path.join(FIXTURES, "vulnerable")
        cls.code, cls.report, cls.stderr = review_json(cls.base, cls.head)

    def test_the_advisories_used_are_in_the_sample(self):
        import zipfile
        with zipfile.ZipFile(GHSA) as z:
            names = {n.split("/")[-1] for n in z.namelist()}
        self.assertIn("GHSA-jf85-cpcp-j695.json", names)
        self.assertIn("GHSA-xvch-5gv4-984h.json", names)

    def test_fails_with_the_reasons(self):
        self.assertEqual(self.code, 1, self.stderr)
        self.assertEqual(self.report["result"], "fail")
        got = {(v["rule"], v.get("name"), v.get("advisory")) for v in self.report["violations"]}
        # Findings are named by their CVE when they have one: GHSA-jf85-cpcp-j695 (critical,
        # lodash before 4.17.12) and GHSA-xvch-5gv4-984h (critical, minimist before 0.2.4).
        self.assertIn(("new-finding", "lodash", "CVE-2019-10744"), got)
        self.assertIn(("new-finding", "minimist", "CVE-2021-44906"), got)
        self.assertIn(("key-without-group", "optimist", None), got)
        # High findings (GHSA-35jh-r3h4-6jhm, CVE-2021-23337 on lodash) do not fail a "critical"
        # policy.
        self.assertNotIn(("new-finding", "lodash", "CVE-2021-23337"), got)
        self.assertEqual(len(got), 3, got)
        for v in self.report["violations"]:
            self.assertIn("upkeep: review failed: " + v["message"], self.stderr)

    def test_each_added_component(self):
        by_name = changes_by_name(self.report)
        self.assertEqual(sorted(by_name), ["lodash", "minimist", "optimist", "wordwrap"])
        lodash = by_name["lodash"][0]
        self.assertEqual((lodash["change"], lodash["head_version"], lodash["group"], lodash["key"]),
                         ("added", "4.17.11", "utilities", True))
        self.assertIn("GHSA-jf85-cpcp-j695", {i for f in lodash["findings"] for i in f["ids"]})
        self.assertTrue(all(f["new"] for f in lodash["findings"]))
        # 4.17.21 fixes every lodash advisory of the sample (the highest "fixed" among them).
        self.assertEqual(lodash["fix"], {"kind": "upgrade", "version": "4.17.21"})
        self.assertIsNone(lodash["introduced_by"])
        minimist = by_name["minimist"][0]
        self.assertEqual(minimist["relationship"], "transitive")
        self.assertEqual(minimist["introduced_by"], "optimist 0.6.1")
        self.assertIsNone(minimist["group"])
        self.assertEqual(minimist["fix"]["kind"], "upgrade")
        self.assertEqual(self.report["owners"], os.path.join(self.head, "upkeep-owners.toml"))
        self.assertEqual(self.report["policy"]["fail_on_severity"], "critical")

    def test_markdown_nests_the_transitive_ones(self):
        code, out, _ = review(self.base, self.head)
        self.assertEqual(code, 1)
        self.assertIn("## Dependency review: failed", out)
        self.assertIn("<details><summary>2 through optimist 0.6.1", out)
        self.assertIn("[CVE-2019-10744](https://osv.dev/vulnerability/CVE-2019-10744) critical, new",
                      out)

    def test_sarif(self):
        code, out, _ = review("-f", "sarif", self.base, self.head)
        self.assertEqual(code, 1)
        sarif = json.loads(out)
        self.assertEqual(sarif["version"], "2.1.0")
        results = sarif["runs"][0]["results"]
        rules = {r["ruleId"] for r in results}
        self.assertIn("optimist", json.dumps(results))
        self.assertIn("key-without-group", rules)
        for r in results:
            self.assertEqual(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                             os.path.join(self.head, "package-lock.json").lstrip("/"))
        if shutil.which("node") is None or not os.path.isdir(
                os.path.join(os.path.dirname(SARIF_VALIDATE), "node_modules", "ajv")):
            if os.environ.get("UPKEEP_REQUIRE_REFERENCE") == "1":
                self.fail("the SARIF validator is not installed (scripts/install-deps)")
            self.skipTest("the SARIF validator is not installed (scripts/install-deps)")
        path = os.path.join(WORK, "review.sarif")
        with open(path, "w") as f:
            f.write(out)
        v = subprocess.run(["node", SARIF_VALIDATE, path], capture_output=True, text=True)
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)

    def test_a_policy_file_takes_precedence(self):
        policy = write_policy("lenient.toml",
                              'fail_on_severity = "none"\nfail_on_key_without_group = false\n')
        code, report, err = review_json("--policy", policy, self.base, self.head)
        self.assertEqual(code, 0, err)
        self.assertEqual(report["violations"], [])
        self.assertEqual(report["policy"]["source"], policy)

    def test_allowed_advisories_do_not_fail(self):
        policy = write_policy("allow.toml",
                              'fail_on_severity = "critical"\nfail_on_key_without_group = false\n'
                              'allow = ["GHSA-jf85-cpcp-j695", "CVE-2021-44906"]\n')
        code, report, err = review_json("--policy", policy, self.base, self.head)
        self.assertEqual(code, 0, err)

    def test_max_new_transitive(self):
        policy = write_policy("transitive.toml",
                              'fail_on_severity = "none"\nfail_on_key_without_group = false\n'
                              'max_new_transitive = 1\n')
        code, report, err = review_json("--policy", policy, self.base, self.head)
        self.assertEqual(code, 1, err)
        self.assertEqual([v["rule"] for v in report["violations"]], ["max-new-transitive"])
        self.assertEqual(report["summary"]["new_transitive"], 2)


class StillVulnerableUpgrade(unittest.TestCase):
    """BASE has lodash 4.17.11, HEAD upgrades it to 4.17.15: the critical CVE-2019-10744 is fixed,
    the high findings remain. What BASE already had is not new: the review passes and says so."""

    def test_findings_base_already_had_are_not_new(self):
        need_data()
        code, report, err = review_json(
            os.path.join(FIXTURES, "vulnerable", "package-lock.json"),
            os.path.join(FIXTURES, "still-vulnerable", "package-lock.json"))
        self.assertEqual(code, 0, err)
        [lodash] = report["changes"]
        self.assertEqual((lodash["change"], lodash["base_version"], lodash["head_version"]),
                         ("upgraded", "4.17.11", "4.17.15"))
        ids = {f["id"]: f for f in lodash["findings"]}
        self.assertNotIn("CVE-2019-10744", ids)  # fixed in 4.17.12
        highs = [f for f in lodash["findings"] if f["severity"] == "high"]
        self.assertTrue(highs)
        self.assertFalse(any(f["new"] for f in lodash["findings"]))
        self.assertEqual(report["summary"]["new_findings"], 0)
        self.assertEqual(report["summary"]["open_findings"], len(lodash["findings"]))
        # The same HEAD against a BASE without lodash: the same findings are new and fail.
        code, report, err = review_json(os.path.join(FIXTURES, "base", "package-lock.json"),
                                        os.path.join(FIXTURES, "still-vulnerable",
                                                     "package-lock.json"))
        self.assertEqual(code, 1, err)
        self.assertGreater(report["summary"]["new_findings"], 0)


class PassingChange(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        need_data()

    def test_an_upgrade_that_removes_dependencies_passes(self):
        code, report, err = review_json(os.path.join(FIXTURES, "base", "package-lock.json"),
                                        os.path.join(FIXTURES, "upgrade", "package-lock.json"))
        self.assertEqual(code, 0, err)
        self.assertEqual(report["result"], "pass")
        got = sorted((c["change"], c["name"], c["base_version"], c["head_version"])
                     for c in report["changes"])
        self.assertEqual(got, [("removed", "lru-cache", "6.0.0", None),
                               ("removed", "yallist", "4.0.0", None),
                               ("upgraded", "semver", "7.6.0", "7.6.3")])

    def test_no_change(self):
        lock = os.path.join(FIXTURES, "base", "package-lock.json")
        code, out, err = review(lock, lock)
        self.assertEqual(code, 0, err)
        self.assertIn("No dependency changed.", out)


class GitTargets(unittest.TestCase):
    """A repository with two commits: BASE's lockfile, then the vulnerable one."""

    @classmethod
    def setUpClass(cls):
        need_data()
        if shutil.which("git") is None:
            raise unittest.SkipTest("git is not installed")
        cls.repo = os.path.join(WORK, "repo")
        os.makedirs(os.path.join(cls.repo, "app"))
        shutil.copy(os.path.join(FIXTURES, "base", "package-lock.json"),
                    os.path.join(cls.repo, "app", "package-lock.json"))
        git(cls.repo, "init", "-q")
        git(cls.repo, "add", "-A")
        git(cls.repo, "commit", "-q", "-m", "base")
        shutil.copy(os.path.join(FIXTURES, "vulnerable", "package-lock.json"),
                    os.path.join(cls.repo, "app", "package-lock.json"))
        git(cls.repo, "commit", "-q", "-a", "-m", "head")

    def test_files_of_two_revisions(self):
        code, report, err = review_json("git:HEAD~1:app/package-lock.json",
                                        "git:HEAD:app/package-lock.json", cwd=self.repo)
        self.assertEqual(code, 1, err)
        names = sorted(c["name"] for c in report["changes"])
        self.assertEqual(names, ["lodash", "minimist", "optimist", "wordwrap"])
        for c in report["changes"]:
            self.assertEqual(c["location"], "git:HEAD:app/package-lock.json")

    def test_trees_of_two_revisions_with_repo_option(self):
        code, report, err = review_json("-C", self.repo, "git:HEAD~1:", "git:HEAD:app")
        self.assertEqual(code, 1, err)
        self.assertEqual(report["summary"]["added"], 4)
        for c in report["changes"]:
            self.assertEqual(c["location"], "git:HEAD:app/package-lock.json")

    def test_a_git_target_against_the_working_tree(self):
        code, report, err = review_json("git:HEAD~1:app/package-lock.json",
                                        os.path.join(self.repo, "app", "package-lock.json"),
                                        cwd=self.repo)
        self.assertEqual(code, 1, err)
        self.assertEqual(report["summary"]["added"], 4)

    def test_an_unknown_revision_is_exit_2(self):
        code, _, err = review("git:no-such-rev:app/package-lock.json",
                              "git:HEAD:app/package-lock.json", cwd=self.repo)
        self.assertEqual(code, 2)
        self.assertIn('unknown revision "no-such-rev"', err)

    def test_a_head_path_not_in_the_revision_is_exit_2(self):
        code, _, err = review("git:HEAD:app/package-lock.json",
                              "git:HEAD:missing/package-lock.json", cwd=self.repo)
        self.assertEqual(code, 2)
        self.assertIn('path "missing/package-lock.json" is not in revision HEAD', err)

    def test_a_base_path_not_in_the_revision_reads_as_empty(self):
        # A change that adds a project: every component of HEAD is added.
        code, report, err = review_json("git:HEAD~1:new/package-lock.json",
                                        "git:HEAD:app/package-lock.json", cwd=self.repo)
        self.assertIn('path "new/package-lock.json" is not in revision HEAD~1', err)
        self.assertIn("reviewed as empty", err)
        self.assertEqual(report["summary"]["base_components"], 0)
        self.assertEqual(report["summary"]["added"], report["summary"]["head_components"])
        self.assertGreater(report["summary"]["added"], 0)
        self.assertEqual(code, 1, err)  # the vulnerable lockfile is all new

    def test_a_change_cannot_suppress_its_own_findings(self):
        # HEAD's tree carries an .upkeepignore for everything it adds: the review ignores it.
        ignore = os.path.join(WORK, "ignore-repo")
        shutil.copytree(self.repo, ignore)
        with open(os.path.join(ignore, "app", ".upkeepignore"), "w") as f:
            f.write("CVE-2019-10744 until 2099-01-01 because trust me\n"
                    "CVE-2021-44906 until 2099-01-01 because trust me\n")
        git(ignore, "add", "-A")
        git(ignore, "commit", "-q", "-m", "silence")
        code, report, err = review_json("git:HEAD~2:app", "git:HEAD:app", cwd=ignore)
        self.assertEqual(code, 1, err)
        findings = {f["id"]: f for c in report["changes"] for f in c["findings"]}
        for cve in ("CVE-2019-10744", "CVE-2021-44906"):
            self.assertIn(cve, findings)
            self.assertFalse(findings[cve]["suppressed"], cve)
        self.assertTrue(any(v["rule"] == "new-finding" and "CVE-2019-10744" in v["message"]
                            for v in report["violations"]), report["violations"])

    def test_outside_a_repository_is_exit_2(self):
        outside = tempfile.mkdtemp(dir=WORK)
        code, _, err = review("git:HEAD:a", "git:HEAD:b", cwd=outside)
        self.assertEqual(code, 2)
        self.assertIn("is not in a git repository", err)


class Errors(unittest.TestCase):
    lock = os.path.join(FIXTURES, "base", "package-lock.json")

    def test_a_bad_policy_is_exit_2_naming_file_line_and_column(self):
        policy = os.path.join(FIXTURES, "policy", "unknown_key.toml")
        code, _, err = review("--policy", policy, self.lock, self.lock)
        self.assertEqual(code, 2)
        self.assertIn(policy + ":3:1: unknown key \"fail_on_critical\"", err)

    def test_a_policy_file_without_a_policy_table_is_exit_2(self):
        policy = os.path.join(FIXTURES, "policy", "no_policy.toml")
        code, _, err = review("--policy", policy, self.lock, self.lock)
        self.assertEqual(code, 2)
        self.assertIn("no [policy] table", err)

    def test_a_missing_target_is_exit_2(self):
        code, _, err = review(self.lock, os.path.join(WORK, "absent.json"))
        self.assertEqual(code, 2)
        self.assertIn("absent.json", err)

    def test_an_unknown_format_is_exit_2(self):
        code, _, err = review("-f", "html", self.lock, self.lock)
        self.assertEqual(code, 2)
        self.assertIn("markdown, json, sarif", err)

    def test_no_database_is_exit_3(self):
        r = run("review", "--db", os.path.join(WORK, "none.db"), self.lock, self.lock)
        self.assertEqual(r.returncode, 3)
        self.assertIn("no advisory database", r.stderr.decode())

    def test_skip_db_reviews_without_findings(self):
        r = run("review", "--skip-db", "-f", "json", os.path.join(FIXTURES, "base"),
                os.path.join(FIXTURES, "vulnerable"))
        report = json.loads(r.stdout)
        # Without advisories only the owners rules can fail it: optimist is key without group.
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertEqual([v["rule"] for v in report["violations"]], ["key-without-group"])


def main():
    global UPKEEP, DB, WORK
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    args, rest = parser.parse_known_args()
    UPKEEP = os.path.abspath(args.upkeep)
    with tempfile.TemporaryDirectory() as work:
        WORK = work
        DB = os.path.join(work, "adv.db")
        if os.path.isfile(GHSA):
            r = run("db", "import", "-q", "--db", DB, GHSA)
            if r.returncode != 0:
                sys.exit("db import failed: " + r.stderr.decode())
        else:
            print("../shared/data is missing: only the tests that need no advisories run")
        result = unittest.main(argv=[sys.argv[0], *rest], exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
