#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A test HTTP server for `upkeep db update`: serves a directory on 127.0.0.1 (an ephemeral port)
with ETag, Last-Modified and 304 answers, logs every request, and injects failures.

Run as a program (`mirror_server.py ROOT`: prints "PORT <n>" on stdout, serves until killed) or
import it (`MirrorServer(root)` in a thread).

Failures come from ROOT/_faults.json, read on every request: a map from the request path without
its leading "/" ("PyPI/all.zip") to one of
  {"status": 404}          that status, a short HTML body
  {"truncate": N}          announces the whole file, sends N bytes and closes the connection
  {"stall": SECONDS}       sends the headers and 16 bytes, then nothing for SECONDS
  {"body": "TEXT"}         status 200 with TEXT instead of the file (an HTML error page)
  {"redirect": "/PATH"}    302 to PATH
Every request is appended to ROOT/_requests.log as one JSON object per line: path, the
If-None-Match and If-Modified-Since headers, the status answered.
"""
import email.utils
import hashlib
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _log(self, path, status):
        entry = {
            "path": path,
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "user_agent": self.headers.get("User-Agent"),
            "status": status,
        }
        with self.server.log_lock, open(os.path.join(self.server.root, "_requests.log"), "a") as f:
            f.write(json.dumps(entry) + "\n")

    def _faults(self):
        try:
            with open(os.path.join(self.server.root, "_faults.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def _simple(self, path, status, body=b"", headers=()):
        self._log(path, status)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
        fault = self._faults().get(path)
        if fault and "status" in fault:
            return self._simple(path, fault["status"], b"<html><body>error</body></html>",
                                [("Content-Type", "text/html")])
        if fault and "redirect" in fault:
            return self._simple(path, 302, headers=[("Location", fault["redirect"])])
        if fault and "body" in fault:
            return self._simple(path, 200, fault["body"].encode(), [("Content-Type", "text/html")])
        full = os.path.realpath(os.path.join(self.server.root, path))
        parts = path.split("/")
        if ".." in parts or not os.path.isfile(full) or path.startswith("_"):
            return self._simple(path, 404, b"not found")
        st = os.stat(full)
        with open(full, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:20]
        last_modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        validators = [("ETag", etag), ("Last-Modified", last_modified)]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            unchanged = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                unchanged = int(st.st_mtime) <= since
            except (TypeError, ValueError):
                unchanged = False
        else:
            unchanged = False
        if unchanged:
            self._log(path, 304)
            self.send_response(304)
            for name, value in validators:
                self.send_header(name, value)
            self.end_headers()
            return
        self._log(path, 200)
        self.send_response(200)
        for name, value in validators:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault and "truncate" in fault:
            self.wfile.write(data[: fault["truncate"]])
            self.wfile.flush()
            self.close_connection = True
            return
        if fault and "stall" in fault:
            self.wfile.write(data[:16])
            self.wfile.flush()
            time.sleep(fault["stall"])
            self.close_connection = True
            return
        self.wfile.write(data)


class MirrorServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root):
        super().__init__(("127.0.0.1", 0), Handler)
        self.root = root
        self.log_lock = threading.Lock()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()


def requests(root):
    """The requests logged so far, as dicts."""
    try:
        with open(os.path.join(root, "_requests.log")) as f:
            return [json.loads(line) for line in f]
    except OSError:
        return []


if __name__ == "__main__":
    server = MirrorServer(sys.argv[1])
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()
