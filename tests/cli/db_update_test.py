#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`upkeep db update` against a mirror of ../shared/data served by a server started here on
127.0.0.1 (tests/support/mirror_server.py): downloads and imports, conditional requests and 304s,
changed files, failing sources, an unreachable mirror, a directory mirror, usage errors, and
SIGKILL at random moments; the end-of-life sources (../shared/data/eol in the mirror's eol/).
Nothing but 127.0.0.1 is ever contacted."""
import argparse
import gzip
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import mirror_server  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "fixtures", "advisory")
UPKEEP = None
CRATES = 1206  # records in shared/data/osv/crates.io.zip
PYPI = 2661    # shared/data/osv/PyPI.zip
DEBIAN = 4     # shared/data/osv/debian-sample.zip
KEV = 1404     # shared/data/kev/known_exploited_vulnerabilities.json
EPSS = 4       # tests/fixtures/advisory/epss/small.csv
# shared/data/eol: products, releases per table, entries per support list.
EOL = {"endoflife.date": 464, "distro-info-data/debian": 22, "distro-info-data/ubuntu": 45,
       "debian-security-support/deb9": 21, "debian-security-support/deb10": 8,
       "debian-security-support/deb11": 0, "debian-security-support/deb12": 16,
       "debian-security-support/limited": 32}
EOL_PATHS = ["eol/endoflife-products.zip", "eol/distro-info-data/debian.csv",
             "eol/distro-info-data/ubuntu.csv"] + [
    "eol/debian-security-support/security-support-ended.deb%d" % n for n in range(9, 14)] + [
    "eol/debian-security-support/security-support-limited"]


def shared_data():
    env = os.environ.get("UPKEEP_SHARED_DATA")
    path = env or os.path.join(HERE, "..", "..", "..", "shared", "data")
    return path if os.path.isdir(path) else None


def run(*args, timeout=600):
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "upkeep_db")}
    return subprocess.run([UPKEEP, *args], capture_output=True, timeout=timeout, env=env)


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Update(unittest.TestCase):
    def setUp(self):
        self.data = shared_data()
        if self.data is None:
            self.skipTest("no ../shared/data (set UPKEEP_SHARED_DATA)")
        self.tmp = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.tmp.name, "mirror")
        self.db = os.path.join(self.tmp.name, "db", "adv.db")
        self.link("osv/crates.io.zip", "crates.io/all.zip")
        self.link("osv/PyPI.zip", "PyPI/all.zip")
        self.link("osv/debian-sample.zip", "Debian/all.zip")
        self.link("kev/known_exploited_vulnerabilities.json", "known_exploited_vulnerabilities.json")
        self.link("eol", "eol")  # the mirror layout of the end-of-life sources is shared/data's
        with open(os.path.join(FIXTURES, "epss", "small.csv"), "rb") as f:
            epss = gzip.compress(f.read(), mtime=0)
        with open(os.path.join(self.root, "epss_scores-current.csv.gz"), "wb") as f:
            f.write(epss)
        self.server = mirror_server.MirrorServer(self.root).start()

    def tearDown(self):
        if hasattr(self, "server"):
            self.server.stop()
        if hasattr(self, "tmp"):
            self.tmp.cleanup()

    # -- helpers --

    def link(self, source, path):
        target = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.lexists(target):
            os.unlink(target)
        os.symlink(os.path.join(self.data, source), target)

    def subset_zip(self, source, path, count):
        """The first `count` JSON entries of a shared zip, as the mirror's `path` (a new file)."""
        target = os.path.join(self.root, path)
        if os.path.lexists(target):
            os.unlink(target)
        with zipfile.ZipFile(os.path.join(self.data, source)) as src, \
                zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
            names = [n for n in src.namelist() if n.endswith(".json")][:count]
            for n in names:
                dst.writestr(n, src.read(n))

    def faults(self, faults):
        with open(os.path.join(self.root, "_faults.json"), "w") as f:
            json.dump(faults, f)

    def requests(self):
        """Requests since the last call."""
        log = os.path.join(self.root, "_requests.log")
        seen = mirror_server.requests(self.root)
        if os.path.exists(log):
            os.unlink(log)
        return seen

    def update(self, *args, mirror=None, eol=False):
        """The OSV, KEV and EPSS sources; the end-of-life ones too with eol=True."""
        return run("db", "update", "--db", self.db, "--mirror", mirror or self.server.url, *args,
                   *([] if eol else ["--no-eol"]))

    def status(self):
        r = run("db", "status", "--db", self.db, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        s = json.loads(r.stdout)
        return s["records"], {x["name"]: x["records"] for x in s["sources"]}

    def db_identity(self):
        st = os.stat(self.db)
        return st.st_ino, st.st_mtime_ns, st.st_size

    # -- tests --

    def test_first_update_imports_second_gets_304s(self):
        r = self.update("-e", "crates.io,debian")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"crates.io: downloaded", r.stderr)
        records, sources = self.status()
        self.assertEqual(records, CRATES + DEBIAN)
        self.assertEqual(sources, {"crates.io": CRATES, "Debian": DEBIAN, "KEV": KEV, "EPSS": EPSS})
        first = self.requests()
        self.assertEqual([(q["path"], q["status"]) for q in first],
                         [("crates.io/all.zip", 200), ("Debian/all.zip", 200),
                          ("known_exploited_vulnerabilities.json", 200),
                          ("epss_scores-current.csv.gz", 200)])
        self.assertTrue(all(q["if_none_match"] is None for q in first))
        self.assertTrue(first[0]["user_agent"].startswith("upkeep/"))

        before = self.db_identity()
        # No --ecosystem: the ecosystems already in the database.
        r = self.update()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"up to date", r.stderr)
        second = self.requests()
        self.assertEqual(len(second), 4)
        for q in second:
            self.assertEqual(q["status"], 304, q)
            self.assertTrue(q["if_none_match"].startswith('"'), q)
            self.assertIsNotNone(q["if_modified_since"], q)
        self.assertEqual(self.db_identity(), before)  # not rewritten

    def test_changed_file_is_downloaded_again(self):
        self.subset_zip("osv/crates.io.zip", "crates.io/all.zip", 100)
        r = self.update("-e", "crates.io", "--no-kev", "--no-epss")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.status()[0], 100)
        self.requests()
        self.link("osv/crates.io.zip", "crates.io/all.zip")
        r = self.update("--no-kev", "--no-epss")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([(q["path"], q["status"]) for q in self.requests()],
                         [("crates.io/all.zip", 200)])
        self.assertIn(b"1106 new", r.stderr)
        self.assertEqual(self.status()[0], CRATES)

    def test_failing_source_keeps_the_others(self):
        self.faults({"Debian/all.zip": {"status": 404}})
        r = self.update("-e", "crates.io,Debian")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"Debian/all.zip: HTTP 404", r.stderr)
        self.assertIn(b"1 of 4 sources failed", r.stderr)
        self.assertEqual(self.status()[1], {"crates.io": CRATES, "KEV": KEV, "EPSS": EPSS})
        self.faults({})
        self.requests()
        r = self.update("-e", "crates.io,Debian")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual({q["path"]: q["status"] for q in self.requests()},
                         {"crates.io/all.zip": 304, "Debian/all.zip": 200,
                          "known_exploited_vulnerabilities.json": 304,
                          "epss_scores-current.csv.gz": 304})
        self.assertEqual(self.status()[0], CRATES + DEBIAN)

    def test_broken_downloads_keep_the_old_copy_and_database(self):
        self.subset_zip("osv/crates.io.zip", "crates.io/all.zip", 100)
        r = self.update("-e", "crates.io")
        self.assertEqual(r.returncode, 0, r.stderr)
        before = self.db_identity()
        cached = os.path.join(self.db + ".downloads", "crates.io", "all.zip")
        with open(cached, "rb") as f:
            cached_bytes = f.read()
        # The mirror now has a new crates.io, and every source fails in a different way.
        self.link("osv/crates.io.zip", "crates.io/all.zip")
        self.faults({"crates.io/all.zip": {"truncate": 5000},
                     "known_exploited_vulnerabilities.json": {"body": "<!DOCTYPE html><p>maint"},
                     "epss_scores-current.csv.gz": {"status": 500}})
        r = self.update()
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"crates.io/all.zip: the connection ended after", r.stderr)
        self.assertIn(b"known_exploited_vulnerabilities.json: not a JSON object "
                      b"(starts with \"<!DOCTYPE html>", r.stderr)
        self.assertIn(b"epss_scores-current.csv.gz: HTTP 500", r.stderr)
        self.assertIn(b"3 of 3 sources failed", r.stderr)
        self.assertEqual(self.db_identity(), before)
        with open(cached, "rb") as f:
            self.assertEqual(f.read(), cached_bytes)
        leftovers = [n for _, _, files in os.walk(self.db + ".downloads") for n in files
                     if ".part-" in n]
        self.assertEqual(leftovers, [])
        # Once the mirror is well again, the new file comes (sent with the old validators).
        self.faults({})
        self.requests()
        r = self.update()
        self.assertEqual(r.returncode, 0, r.stderr)
        crates = [q for q in self.requests() if q["path"] == "crates.io/all.zip"]
        self.assertEqual(crates[0]["status"], 200)
        self.assertIsNotNone(crates[0]["if_none_match"])
        self.assertEqual(self.status()[0], CRATES)

    def test_stalled_download_fails(self):
        self.faults({"Debian/all.zip": {"stall": 20}})
        r = self.update("-e", "Debian", "--no-kev", "--no-epss", "--stall-timeout", "1")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"Debian/all.zip: transfer stalled", r.stderr)
        self.assertFalse(os.path.exists(self.db))

    def test_unreachable_mirror(self):
        url = "http://127.0.0.1:%d" % closed_port()
        r = self.update("-e", "crates.io,PyPI", mirror=url)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"cannot reach 127.0.0.1", r.stderr)
        self.assertIn(b"--mirror URL|DIR", r.stderr)
        self.assertIn(b"(not tried)", r.stderr)  # one failed connection is enough per host
        self.assertIn(b"4 of 4 sources failed", r.stderr)
        self.assertFalse(os.path.exists(self.db))
        # An existing database stays as it was, and the exit code is the same.
        self.assertEqual(self.update("-e", "Debian").returncode, 0)
        before = self.db_identity()
        r = self.update(mirror=url)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(self.db_identity(), before)

    def test_directory_mirror(self):
        r = self.update("-e", "crates.io,Debian", mirror=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        records, sources = self.status()
        self.assertEqual(sources, {"crates.io": CRATES, "Debian": DEBIAN, "KEV": KEV, "EPSS": EPSS})
        r = self.update(mirror=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.count(b": unchanged"), 4, r.stderr)
        self.assertEqual(self.requests(), [])  # no HTTP at all
        # A source missing from the directory is named.
        r = self.update("-e", "npm", mirror=self.root)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"npm/all.zip: No such file or directory", r.stderr)

    def test_deleted_database_is_rebuilt_from_the_cache(self):
        self.assertEqual(self.update("-e", "Debian", "--no-epss").returncode, 0)
        os.unlink(self.db)
        self.requests()
        r = self.update("-e", "Debian", "--no-epss")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(all(q["status"] == 304 for q in self.requests()))
        self.assertEqual(self.status()[1], {"Debian": DEBIAN, "KEV": KEV})

    def test_first_update_without_ecosystems_fetches_the_default_set(self):
        r = self.update("--no-kev", "--no-epss")
        # The test mirror has only some of them: the others are 404s, PyPI and crates.io arrive.
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"fetched the default set PyPI,npm,Go,crates.io,Maven,NuGet,RubyGems,"
                      b"Packagist", r.stderr)
        paths = {q["path"]: q["status"] for q in self.requests()}
        self.assertEqual(paths["PyPI/all.zip"], 200)
        self.assertEqual(paths["npm/all.zip"], 404)
        held = self.status()[1]
        # The host's distribution comes last when OSV covers it (of those, the mirror has Debian).
        host_debian = held.pop("Debian", None)
        self.assertEqual(held, {"PyPI": PYPI, "crates.io": CRATES})
        # From now on: the ecosystems held.
        r = self.update("--no-kev", "--no-epss")
        self.assertEqual(r.returncode, 0, r.stderr)
        expected = ["PyPI/all.zip", "crates.io/all.zip"] + (["Debian/all.zip"] if host_debian else [])
        self.assertEqual(sorted(q["path"] for q in self.requests()), sorted(expected))

    def test_end_of_life_sources(self):
        r = self.update("-e", "crates.io", "--no-kev", "--no-epss", eol=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        # shared/data has no list for trixie: not published is no failure.
        self.assertIn(b"debian-security-support/deb13: not published", r.stderr)
        self.assertIn(b"end of life: 464 endoflife.date products", r.stderr)
        self.assertEqual(self.status()[1], {"crates.io": CRATES, **EOL})
        self.assertEqual([(q["path"], q["status"]) for q in self.requests()],
                         [("crates.io/all.zip", 200)] +
                         [(p, 404 if p.endswith(".deb13") else 200) for p in EOL_PATHS])
        table = run("db", "status", "--db", self.db)
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assertRegex(table.stdout, rb"\ndebian-security-support/deb12 +eol +16 +2026-06-12 ")
        # Unchanged: 304s, nothing imported.
        before = self.db_identity()
        r = self.update("--no-kev", "--no-epss", eol=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"up to date", r.stderr)
        self.assertEqual({q["path"]: q["status"] for q in self.requests()},
                         {"crates.io/all.zip": 304,
                          **{p: 404 if p.endswith(".deb13") else 304 for p in EOL_PATHS}})
        self.assertEqual(self.db_identity(), before)
        # --no-eol leaves them alone, and what the database holds of them stays.
        r = self.update("--no-kev", "--no-epss")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([q["path"] for q in self.requests()], ["crates.io/all.zip"])
        self.assertEqual(self.status()[1], {"crates.io": CRATES, **EOL})

    def test_end_of_life_source_failing_keeps_the_others(self):
        self.faults({"eol/endoflife-products.zip": {"body": "<!DOCTYPE html><p>rate limited"},
                     "eol/distro-info-data/ubuntu.csv": {"status": 500}})
        r = self.update("-e", "Debian", "--no-kev", "--no-epss", eol=True)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"eol/endoflife-products.zip: not a zip archive", r.stderr)
        self.assertIn(b"eol/distro-info-data/ubuntu.csv: HTTP 500", r.stderr)
        self.assertIn(b"2 of 10 sources failed", r.stderr)
        held = self.status()[1]
        self.assertEqual(held, {"Debian": DEBIAN, **{k: v for k, v in EOL.items()
                                                     if k not in ("endoflife.date",
                                                                  "distro-info-data/ubuntu")}})
        self.faults({})
        self.requests()
        r = self.update("--no-kev", "--no-epss", eol=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.status()[1], {"Debian": DEBIAN, **EOL})

    def test_usage_errors(self):
        r = self.update("-e", "PyPI", mirror="ftp://127.0.0.1/x")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"only http:// and https://", r.stderr)
        r = self.update("-e", "PyPI", mirror=os.path.join(self.tmp.name, "nowhere"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"neither an http(s) URL nor a directory", r.stderr)
        r = self.update("-e", "../etc")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"is not an ecosystem name", r.stderr)
        self.assertEqual(self.requests(), [])
        self.assertFalse(os.path.exists(self.db))

    def test_killed_update_leaves_old_or_new_database(self):
        # Old: crates.io. New: crates.io and PyPI.
        self.assertEqual(self.update("-e", "crates.io", "--no-kev", "--no-epss").returncode, 0)
        pristine = os.path.join(self.tmp.name, "pristine")
        os.makedirs(pristine)
        shutil.copy(self.db, pristine)
        shutil.copytree(self.db + ".downloads", os.path.join(pristine, "downloads"))
        args = [UPKEEP, "db", "update", "-q", "--db", self.db, "--mirror", self.server.url,
                "-e", "crates.io,PyPI", "--no-kev", "--no-epss"]

        def restore():
            shutil.copy(os.path.join(pristine, "adv.db"), self.db)
            shutil.rmtree(self.db + ".downloads")
            shutil.copytree(os.path.join(pristine, "downloads"), self.db + ".downloads")

        restore()
        start = time.monotonic()
        self.assertEqual(subprocess.run(args).returncode, 0)
        full = time.monotonic() - start
        self.assertEqual(self.status()[0], CRATES + PYPI)

        rng = random.Random(20240602)
        seen = {CRATES: 0, CRATES + PYPI: 0}
        for round in range(12):
            restore()
            delay = rng.uniform(0, full * 1.5)
            p = subprocess.Popen(args, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            records, _ = self.status()
            self.assertIn(records, seen, "round %d after %.3f s" % (round, delay))
            seen[records] += 1
            # The next update finishes the job whatever the moment of the kill.
            if round % 3 == 0:
                self.assertEqual(run(*args[1:]).returncode, 0)
                self.assertEqual(self.status()[0], CRATES + PYPI)
                leftovers = [n for _, _, files in os.walk(os.path.dirname(self.db)) for n in files
                             if ".part-" in n or ".tmp-" in n]
                self.assertEqual(leftovers, [])
        print("kill test: full update %.2f s; old %d, new %d" % (full, seen[CRATES],
                                                                 seen[CRATES + PYPI]),
              file=sys.stderr)
        self.assertGreater(seen[CRATES], 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upkeep", required=True)
    args, rest = parser.parse_known_args()
    UPKEEP = os.path.abspath(args.upkeep)
    unittest.main(argv=[sys.argv[0], *rest])
