"""Polite fetching for the website audit: one async client per site, shared per-host pacing.

Why hand-rolled redirects: the audit must report every hop, spot loops, and stop after
``max_redirects`` rather than trust a client default. Why a shared :class:`HostPacer`: two
departments can live on the same state server, and it must see one polite visitor, not several.
Robots.txt rules (and Crawl-delay) apply to every link the audit follows on its own initiative.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx2

from sushasan.audit.cache import CachedPage, PageCache, merge_headers
from sushasan.audit.model import USER_AGENT, AuditSettings
from sushasan.audit.tls import client_context, is_cert_error

__all__ = ["USER_AGENT", "Crawler", "Fetched", "HostPacer"]

_ROBOTS_AGENT = "Sushasan-site-audit"
_REDIRECTS = {301, 302, 303, 307, 308}
#: Answers that refuse the visitor rather than describe the page: auth walls, WAFs, rate limits
#: (999 is what some platforms send to robots).
_BLOCKED = {401, 403, 407, 429, 999}


@dataclass
class Fetched:
    """One request's outcome after following redirects by hand."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    seconds: float = 0.0
    hops: list[str] = field(default_factory=list)
    loop: bool = False
    error: str | None = None
    #: The request failed because the certificate was rejected (the TLS checks say why).
    cert_error: bool = False
    #: When the body was fetched in full (ISO 8601): this run, or the earlier run whose copy
    #: a ``304 Not Modified`` confirmed (then ``unchanged`` is True).
    fetched_at: str = ""
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 400

    def text(self) -> str:
        ctype = self.headers.get("content-type", "")
        charset = ctype.split("charset=")[-1].split(";")[0].strip() if "charset=" in ctype else ""
        try:
            return self.body.decode(charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    @property
    def blocked(self) -> bool:
        """The server refused an automated visitor (or asked it to wait): says nothing of the
        link itself, so such links are "not checked", never "broken"."""
        return self.error is None and self.status in _BLOCKED

    @property
    def unknown(self) -> str | None:
        """Why this answer cannot judge the address (unreachable, timed out, blocked), or None
        when it can (any other status, or a redirect loop)."""
        if self.loop:
            return None
        if self.error is not None or self.status is None:
            return f"could not be reached: {self.error or 'no answer'}"
        if self.blocked:
            return f"refused the audit's visit (HTTP {self.status}), not judged"
        return None

    @property
    def broken(self) -> bool:
        """A real answer that the address is broken (4xx/5xx other than a refusal)."""
        return not self.loop and self.unknown is None and (self.status or 0) >= 400

    def describe(self) -> str:
        if self.loop:
            return f"redirect loop: {' → '.join(self.hops)}"
        if self.error:
            return self.error
        return f"HTTP {self.status}"


class HostPacer:
    """Keeps at least ``interval`` seconds between request starts to one host (per netloc).

    One pacer serves the whole run, so hosts shared by several departments still see one polite
    visitor, while requests to *different* hosts go out at the same time."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        self._delay[host] = max(self.interval, seconds)

    async def wait(self, host: str) -> None:
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            gap = self._delay.get(host, self.interval)
            pause = self._last.get(host, float("-inf")) + gap - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            self._last[host] = time.monotonic()


class Crawler:
    """Fetches for one site's audit; counts requests and caches robots.txt per host."""

    def __init__(
        self,
        settings: AuditSettings,
        pacer: HostPacer,
        transport: httpx2.AsyncBaseTransport | None = None,
        now: str = "",
    ) -> None:
        self.settings = settings
        self.pacer = pacer
        self.transport = transport
        self.requests = 0
        #: The audit's time, recorded as ``fetched_at`` of what this run fetches in full.
        self.now = now
        #: Copies of earlier runs for conditional requests (``settings.page_cache``).
        self.cache = PageCache(settings.page_cache) if settings.page_cache else None
        #: How many conditional requests were answered 304 (the body not sent again).
        self.not_modified = 0
        self.started = time.monotonic()
        #: True once the site is read past a rejected certificate (see :meth:`trust_any`).
        self.insecure = False
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robot_locks: dict[str, asyncio.Lock] = {}
        self.client = self._client(verify=True)

    def _client(self, verify: bool) -> httpx2.AsyncClient:
        s = self.settings
        return httpx2.AsyncClient(
            transport=self.transport, follow_redirects=False, trust_env=s.trust_env,
            timeout=httpx2.Timeout(s.read_timeout, connect=s.connect_timeout),
            verify=client_context(s.ca_bundle, verify=verify),
            headers={"User-Agent": s.user_agent or USER_AGENT, **s.extra_headers},
        )

    async def trust_any(self) -> None:
        """Read on past a rejected certificate, as a citizen who clicks through the warning
        would: the certificate checks already fail the site, and its other defects still count."""
        if not self.insecure:
            await self.client.aclose()
            self.client = self._client(verify=False)
            self.insecure = True

    async def aclose(self) -> None:
        await self.client.aclose()

    async def fetch(self, url: str, method: str = "GET", body: bool = True) -> Fetched:
        """``method`` on ``url``, following up to ``max_redirects`` hops by hand."""
        result = Fetched(url=url, final_url=url, hops=[url])
        start = time.monotonic()
        current = url
        try:
            for _ in range(self.settings.max_redirects + 1):
                await self.pacer.wait(urlsplit(current).netloc)
                self.requests += 1
                kept = (self.cache.get(current) if self.cache is not None
                        and self.settings.conditional and body and method == "GET" else None)
                asks = kept.conditions() if kept is not None else {}
                async with self.client.stream(method, current, headers=asks) as resp:
                    result.status = resp.status_code
                    result.headers = {k.lower(): v for k, v in resp.headers.items()}
                    if resp.status_code == 304 and kept is not None:
                        self._reuse(result, kept)
                        break
                    location = resp.headers.get("location")
                    if resp.status_code in _REDIRECTS and location:
                        nxt = urljoin(current, location)
                        if nxt in result.hops:
                            result.hops.append(nxt)
                            result.loop = True
                            break
                        result.hops.append(nxt)
                        current = nxt
                        continue
                    if body and method != "HEAD":
                        await self._read(resp, result)
                        result.fetched_at = self.now
                        self._keep(current, result)
                    break
            else:
                result.loop = True  # more than max_redirects hops counts as a loop
        except httpx2.TimeoutException as exc:
            result.error = f"timed out ({type(exc).__name__})"
        except httpx2.HTTPError as exc:
            result.error = f"{type(exc).__name__}: {exc}"[:200]
            result.cert_error = is_cert_error(exc)
        result.final_url = current
        result.seconds = time.monotonic() - start
        return result

    def _reuse(self, result: Fetched, kept: CachedPage) -> None:
        """A 304: the kept copy stands for the page, with the headers the server updated."""
        self.not_modified += 1
        result.status = kept.status
        result.headers = merge_headers(kept.headers, result.headers)
        result.body = kept.body
        result.fetched_at = kept.fetched_at
        result.unchanged = True

    def _keep(self, url: str, result: Fetched) -> None:
        """Keep a whole 200 answer that carries a validator, for the next run to ask about."""
        if self.cache is not None and result.status == 200 and not result.truncated:
            self.cache.put(url, result.status, result.headers, result.body, result.fetched_at)

    async def _read(self, resp: httpx2.Response, result: Fetched) -> None:
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > self.settings.max_body_bytes:
                result.truncated = True
                break
        result.body = b"".join(chunks)

    async def check_link(self, url: str) -> Fetched:
        """HEAD first (cheap for the server); GET when HEAD is refused or fails."""
        head = await self.fetch(url, "HEAD")
        if head.loop or head.ok:
            return head
        return await self.fetch(url, "GET", body=False)  # many servers mishandle HEAD

    async def robots(self, url: str) -> RobotFileParser | None:
        """The host's robots rules (None when it has no robots.txt: everything allowed)."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            lock = self._robot_locks.setdefault(host, asyncio.Lock())
            async with lock:  # links checked at once ask for one host's rules once
                if host not in self._robots:
                    got = await self.fetch(f"{parts.scheme}://{host}/robots.txt")
                    self.remember_robots(url, robots_from(got))
        return self._robots[host]

    def remember_robots(self, url: str, rules: RobotFileParser | None) -> None:
        """Keep rules already fetched (the site's own robots.txt), with their Crawl-delay."""
        host = urlsplit(url).netloc
        self._robots[host] = rules
        delay = rules.crawl_delay(_ROBOTS_AGENT) if rules else None
        if delay:
            self.pacer.set_delay(host, min(float(delay), self.settings.max_crawl_delay))

    async def allowed(self, url: str) -> bool:
        rp = await self.robots(url)
        return rp is None or rp.can_fetch(_ROBOTS_AGENT, url)


def robots_from(got: Fetched) -> RobotFileParser | None:
    """Parse a robots.txt response; a missing or non-text file means no rules."""
    if got.status != 200 or got.error or got.loop:
        return None
    if "html" in got.headers.get("content-type", "").lower():
        return None  # a CMS answering robots.txt with its home page has no rules
    rp = RobotFileParser()
    rp.parse(got.text().splitlines())
    return rp
