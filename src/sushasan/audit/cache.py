"""Conditional requests between audit runs: each page's validators and the copy they validate.

Why: a nightly audit of 60 departments reads up to 50 pages per site, and most pages of a
government site do not change from one night to the next. With the ``ETag`` and
``Last-Modified`` a page was served with, the next run asks ``If-None-Match`` /
``If-Modified-Since``; a ``304 Not Modified`` costs the state server no body, and the audit
judges the copy it kept — the same bytes, so the same findings — marked as unchanged since
the day it was fetched. Time-bound checks (freshness) are still judged against the new run's
date, from the kept page's own dates and headers.

Why the body is kept and not only the previous findings: the crawl discovers pages through a
page's header and footer, and the parity and link checks read the links of every page, so a
page answering 304 must still give its links. A copy per address is what any HTTP cache keeps.

Layout: ``<folder>/<sha256 of the URL>.json`` (address, validators, headers, status, when
fetched) beside ``.html.gz`` (the body). Each file is written under a temporary name and
renamed, so a run that stops halfway leaves whole entries or none. Nothing here is a record of
the department's: deleting the folder only makes the next run fetch every page in full.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CachedPage", "PageCache", "merge_headers"]

#: Headers of a 304 that describe the message, not the stored page: kept from the stored copy.
_MESSAGE_HEADERS = frozenset({"content-length", "content-type", "content-encoding",
                              "transfer-encoding", "connection", "keep-alive"})


@dataclass(frozen=True)
class CachedPage:
    """A page as fetched in full by an earlier run."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    #: When the copy was fetched (the audit's time, ISO 8601).
    fetched_at: str

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    def conditions(self) -> dict[str, str]:
        """The request headers that ask the server whether this copy is still current."""
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


def merge_headers(stored: dict[str, str], fresh: dict[str, str]) -> dict[str, str]:
    """The stored copy's headers updated by a 304's (RFC 9111 §4.3.4), the message's own
    framing headers aside: a 304 has no body, so its length is not the page's."""
    out = dict(stored)
    out.update({k: v for k, v in fresh.items() if k not in _MESSAGE_HEADERS})
    return out


class PageCache:
    """Pages with validators, one pair of files per address in ``folder``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _stem(self, url: str) -> Path:
        return self.folder / hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]

    def get(self, url: str) -> CachedPage | None:
        """The kept copy of ``url``, or None (never fetched in full, or an entry unreadable:
        then the page is simply fetched again)."""
        stem = self._stem(url)
        try:
            meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
            body = gzip.decompress(stem.with_suffix(".html.gz").read_bytes())
            if meta["url"] != url:
                return None
            return CachedPage(url, int(meta["status"]), dict(meta["headers"]), body,
                              str(meta["fetched_at"]))
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            return None

    def put(self, url: str, status: int, headers: dict[str, str], body: bytes,
            fetched_at: str) -> bool:
        """Keep a full answer that carries a validator; False (nothing kept) without one, as
        the server then could not answer a conditional request anyway."""
        if not (headers.get("etag") or headers.get("last-modified")):
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = self._stem(url)
        meta = {"url": url, "status": status, "headers": headers, "fetched_at": fetched_at}
        # body first: a reader that finds the .json finds the body it describes
        for path, data in ((stem.with_suffix(".html.gz"), gzip.compress(body, 6)),
                           (stem.with_suffix(".json"),
                            json.dumps(meta, ensure_ascii=False).encode("utf-8"))):
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return True
