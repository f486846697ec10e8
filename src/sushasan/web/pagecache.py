"""Pages that cost little: rendered once per published version, revalidated with ETag.

A published review never changes (a correction is a new version with a new hash), so the league
table, a scorecard and the public page are functions of the version's hash and of who looks
(language, user, role, the session's CSRF token that the forms carry). :func:`cached_page` names
that as an ETag: a browser that sends it back in ``If-None-Match`` gets ``304 Not Modified``
without a byte rendered, and a second look from the same session is served from a small LRU of
rendered pages. ``If-Modified-Since`` is honoured only when the client sends no ETag (RFC 9110
§13.1.3), against the version's publication time. ``Cache-Control: private, no-cache`` keeps
the page out of shared caches (it names the user) and makes the browser ask every time, which
costs one small query.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from cachetools import LRUCache
from fastapi import Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from sushasan.web.render import language
from sushasan.web.security import csrf_token

__all__ = ["CACHE_CONTROL", "CachedStatic", "PageCache", "cached_page", "not_modified"]

CACHE_CONTROL = "private, no-cache"
_VARY = "Cookie, Accept-Language"


class PageCache:
    """Rendered pages by ETag (bounded: a few hundred pages of a few dozen kB)."""

    def __init__(self, size: int = 256) -> None:
        self._pages: LRUCache[str, bytes] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, etag: str) -> bytes | None:
        with self._lock:
            return self._pages.get(etag)

    def put(self, etag: str, body: bytes) -> None:
        with self._lock:
            self._pages[etag] = body


def etag_for(request: Request, parts: Iterable[Any]) -> str:
    """A weak ETag over the page's inputs and everything about the viewer the page shows."""
    user = getattr(request.state, "user", None)
    viewer = (getattr(user, "username", None), getattr(user, "role", None),
              getattr(user, "department_id", None))
    key = json.dumps([request.url.path, request.url.query, language(request), viewer,
                      csrf_token(request), *parts], default=str, ensure_ascii=False)
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def not_modified(request: Request, etag: str, last_modified: datetime) -> bool:
    """Whether the client's copy is current: its ETag if it sent one, else its date."""
    sent = request.headers.get("if-none-match")
    if sent is not None:
        tags = {t.strip() for t in sent.split(",")}
        return "*" in tags or etag in tags or etag.removeprefix("W/") in tags
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # a date we cannot read: send the page
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= when


def cached_page(
    request: Request, cache: PageCache, parts: Iterable[Any], last_modified: datetime,
    make: Callable[[], Response],
) -> Response:
    """The page for ``parts`` (which must name every input besides the viewer): 304 when the
    client has it, else from the cache, else ``make()`` (cached only when it answers 200)."""
    etag = etag_for(request, parts)
    headers = {"ETag": etag, "Last-Modified": format_datetime(last_modified.astimezone(UTC),
                                                              usegmt=True),
               "Cache-Control": CACHE_CONTROL, "Vary": _VARY}
    if not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    body = cache.get(etag)
    if body is not None:
        return Response(body, media_type="text/html; charset=utf-8", headers=headers)
    response = make()
    if response.status_code == 200:
        cache.put(etag, bytes(response.body))
        response.headers.update(headers)
    return response


class CachedStatic(StaticFiles):
    """Static files with ``Cache-Control`` beside Starlette's own ETag and Last-Modified (and
    its 304 for a matching ``If-None-Match``): a browser keeps the stylesheet and scripts for an
    hour (vendored libraries, which change only with a release, for a day) before asking."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            age = 86_400 if path.startswith("vendor/") else 3_600
            response.headers["Cache-Control"] = f"public, max-age={age}"
        return response
