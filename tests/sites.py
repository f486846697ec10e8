"""The good and poor fixture sites, served by a real HTTP server on 127.0.0.1 only.

Shared by the audit tests and ``bench/bench_audit.py``. The server answers like the sites the
audit meets: a redirect loop (``/loop``), a server error (``/error``), a page that answers only
after ``SLOW_SECONDS`` (``/slow/``), pages that are gone, and optionally a CMS that answers any
unknown path with its home page (a soft 404).
"""

from __future__ import annotations

import mimetypes
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["SITES", "SLOW_SECONDS", "Handler", "Site"]

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"
SLOW_SECONDS = 3.0


class Site(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, root: Path, soft404: bool, gone: set[str]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.root, self.soft404, self.gone = root, soft404, gone
        self.seen: list[tuple[str, str, str]] = []  # (method, path, user agent)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _send(self, status: int, data: bytes, ctype: str, body: bool, **headers: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(data)
        except OSError:  # the client gave up (the slow path): nothing to tell it
            pass

    def _serve(self, body: bool) -> None:
        s = self.server
        path = self.path.split("?")[0]
        s.seen.append((self.command, path, self.headers.get("User-Agent", "")))
        if path in ("/loop", "/loop2"):
            other = "/loop2" if path == "/loop" else "/loop"
            return self._send(302, b"", "text/html", body, Location=other)
        if path == "/error":
            return self._send(500, b"oops", "text/html", body)
        if path.startswith("/slow/"):
            time.sleep(SLOW_SECONDS)
            path = "/"
        file = s.root / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if path not in s.gone and file.is_file():
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if ctype.startswith("text/"):
                ctype += "; charset=utf-8"
            return self._send(200, file.read_bytes(), ctype, body)
        if s.soft404 and path not in s.gone:  # the CMS answers anything with its home page
            return self._send(200, (s.root / "index.html").read_bytes(), "text/html", body)
        return self._send(404, b"<html><title>Not found</title></html>", "text/html", body)
