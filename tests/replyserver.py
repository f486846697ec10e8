"""A local server that answers the way a platform does, for the replies tests: each request
takes the next scripted answer (status, headers, body, delay) and every request is kept."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Platform", "serve_platform"]


class Platform:
    """A scripted platform: each request takes the next answer; every request is kept."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str], Any, float]] = []
        self.requests: list[dict[str, Any]] = []
        self.gets: list[tuple[int, Any]] = []
        self.url = ""

    def answer(self, status: int, body: Any, headers: dict[str, str] | None = None,
               delay: float = 0.0) -> None:
        self.answers.append((status, headers or {}, body, delay))

    @property
    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST"]


@contextmanager
def serve_platform() -> Iterator[Platform]:
    """A local server on a free port speaking as the scripted :class:`Platform` says."""
    state = Platform()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            state.requests.append({"method": method, "path": self.path, "body": body,
                                   "headers": dict(self.headers)})
            if method == "GET" and state.gets:
                status, payload = state.gets.pop(0)
                headers, delay = {}, 0.0
            else:
                status, headers, payload, delay = state.answers.pop(0)
            if delay:
                time.sleep(delay)  # the platform took it, but answers too late
            raw = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if isinstance(payload, str)
                                 else "application/json")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self) -> None:
            self._reply("POST")

        def do_GET(self) -> None:
            self._reply("GET")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
