"""A local transport that answers from recorded API responses: tests never touch the network.

Recordings use the shape of ``shared/realdata/api`` ({request: {method, uri}, response: {status,
headers, body}}). Each path answers its recordings in order (the last one repeats), and a
``fail_on`` hook can raise mid-run to play a crash between pages.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2

_DROP = {"content-encoding", "content-length", "transfer-encoding"}


def response_from(recording: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    resp = recording["response"]
    body = resp.get("body")
    if body is None:
        body = resp.get("content", "")
    data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    headers = {k: str(v) for k, v in (resp.get("headers") or {}).items() if k.lower() not in _DROP}
    return int(resp.get("status") or resp.get("status_code") or 200), headers, data


class Replay:
    def __init__(self) -> None:
        self.routes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.requests: list[httpx2.Request] = []
        self.fail_on: Callable[[httpx2.Request, int], None] | None = None

    def add(self, path: str, recording: dict[str, Any]) -> Replay:
        self.routes[path].append(recording)
        return self

    def add_file(self, path: str, file: Path) -> Replay:
        return self.add(path, json.loads(file.read_text(encoding="utf-8")))

    def add_json(self, path: str, body: Any, status: int = 200,
                 headers: dict[str, str] | None = None) -> Replay:
        return self.add(path, {"response": {"status": status, "body": body,
                                            "headers": {"content-type": "application/json",
                                                        **(headers or {})}}})

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self.fail_on is not None:
            self.fail_on(request, len(self.requests))
        queue = self.routes.get(request.url.path)
        if not queue:
            return httpx2.Response(404, text=f"no recording for {request.url.path}")
        rec = queue.pop(0) if len(queue) > 1 else queue[0]
        status, headers, data = response_from(rec)
        return httpx2.Response(status, headers=headers, content=data)

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self.handler)
