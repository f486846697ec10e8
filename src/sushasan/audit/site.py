"""Auditing sites: crawl what the checks need from one site, then run many sites politely.

The crawl reads the site, not the page: the home page, its other-language version and the
pages its header, footer and sitemap link to, up to ``max_pages``; every page read is judged.
Bounded everywhere: ``max_pages`` pages parsed, ``max_links`` further links checked (footer and
GIGW links first; what was left is stated), ``concurrency`` sites at once, each host paced by
the shared :class:`HostPacer`, and a per-site deadline so one slow server cannot stall the run.
With an injected transport (tests, replays) nothing else touches the network: the TLS probe and
Chromium need real sockets, so certificates and accessibility are then not measured.
"""

from __future__ import annotations

import asyncio
import heapq
import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import httpx2

from sushasan import progress
from sushasan.audit.a11y import Accessibility, AxeResult, open_browser
from sushasan.audit.checks import PageData, SiteData, finding, language_switch, run_checks
from sushasan.audit.crawl import Crawler, Fetched, HostPacer, robots_from
from sushasan.audit.model import AuditSettings, SiteReport, SiteTarget
from sushasan.audit.page import page_lang, parse_page
from sushasan.audit.rules import GIGW_LINKS
from sushasan.audit.score import AUDIT_METHOD_VERSION, checked_share, score
from sushasan.audit.social import is_social
from sushasan.audit.tls import inspect_tls
from sushasan.words import slashed

__all__ = ["audit_site", "audit_sites", "run_audit"]

_SKIP_EXT = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".doc", ".docx", ".xls", ".xlsx",
             ".mp4", ".mp3", ".ppt", ".pptx", ".svg", ".webp")


def _root(url: str, path: str = "/") -> str:
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc, path, "", ""))


def _is_html(got: Fetched) -> bool:
    return "html" in got.headers.get("content-type", "html").lower()


def _same_site(url: str, host: str) -> bool:
    return urlsplit(url).netloc == host


def _page_like(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not parts.path.lower().endswith(_SKIP_EXT)


#: Crawl order of the pages a page links to: the other-language version first, then the
#: footer (where GIGW puts its policy pages), the header menu, and the sitemap's pages.
#: Body links of the home page come last: a site without header or footer markup is still read
#: one level down.
_PRIORITY = {"language switch": 0, "footer": 1, "header": 2, "sitemap": 3, "home page body": 4}
#: Link-check order: footer links (the GIGW ones first), then the header, then the body.
_LINK_ORDER = {"footer": 0, "header": 1, "body": 2}


async def gather(
    target: SiteTarget, crawler: Crawler, settings: AuditSettings,
) -> SiteData:
    """Fetch the home page, the site's standard files, up to ``max_pages`` pages reached from
    the header, footer, language switch and sitemap, then the links found on them."""
    home = await crawler.fetch(target.url)
    if home.cert_error:  # judged by the TLS checks; read on to find the site's other defects
        await crawler.trust_any()
        home = await crawler.fetch(target.url)
    d = SiteData(url=target.url, home=home, accounts=target.accounts)
    if not home.ok or home.loop or not _is_html(home):
        return d
    base = home.final_url
    d.insecure = crawler.insecure
    d.facts = parse_page(home.text(), base)
    d.pages.append(PageData(base, home, d.facts, page_lang(d.facts)))
    d.links[home.url] = d.links[base] = home
    parts = urlsplit(base)

    async def probe_tls() -> None:
        if parts.scheme != "https" or not parts.hostname:
            return
        if crawler.transport is not None:
            d.tls_skipped = "no socket behind an injected transport"
            return
        await crawler.pacer.wait(parts.netloc)
        d.tls = await inspect_tls(parts.hostname, parts.port or 443, settings.ca_bundle,
                                  settings.connect_timeout)

    async def http_variant() -> None:
        if parts.scheme == "https":
            d.http_variant = await crawler.fetch(_root(base).replace("https://", "http://", 1),
                                                 body=False)

    async def robots_and_sitemap() -> None:
        d.robots = await crawler.fetch(_root(base, "/robots.txt"))
        d.robots_rules = robots_from(d.robots)
        crawler.remember_robots(base, d.robots_rules)
        sitemaps = d.robots_rules.site_maps() if d.robots_rules else None
        # a relative "Sitemap: /wp-sitemap.xml" is common on government sites: read it as meant
        d.sitemap = await crawler.fetch(urljoin(base, sitemaps[0]) if sitemaps
                                        else _root(base, "/sitemap.xml"))
        d.sitemap_dates = await _sitemap_entries(d.sitemap, crawler)

    async def probes() -> None:
        d.missing = await crawler.fetch(
            _root(base, f"/sushasan-audit-{secrets.token_hex(6)}-missing"), body=False)
        if not d.facts or not d.facts.favicon:
            d.favicon = await crawler.fetch(_root(base, "/favicon.ico"))

    await asyncio.gather(probe_tls(), http_variant(), robots_and_sitemap(), probes())
    await _crawl(d, crawler, settings)
    await _check_links(d, crawler, settings)
    return d


#: Share of the site deadline the crawl and link checks may use; the rest is left for the
#: checks, so a slow host (or a Crawl-delay of 5 s) gives a partial, stated result, not a timeout.
_CRAWL_SHARE = 0.7


def _late(crawler: Crawler, settings: AuditSettings) -> bool:
    return time.monotonic() - crawler.started > _CRAWL_SHARE * settings.site_deadline


async def _sitemap_entries(sm: Fetched | None, crawler: Crawler) -> dict[str, str]:
    """``<loc>`` → ``<lastmod>`` of the sitemap, following a sitemap index one level down
    (at most three child sitemaps: the pages are a budget, not a census)."""
    import xml.etree.ElementTree as ET

    def read(got: Fetched) -> tuple[str, list[tuple[str, str]]]:
        try:
            root = ET.fromstring(got.body)
        except ET.ParseError:
            return "", []
        entries = []
        for el in root:
            loc = lastmod = ""
            for child in el:
                tag = child.tag.rsplit("}", 1)[-1]
                if tag == "loc":
                    loc = (child.text or "").strip()
                elif tag == "lastmod":
                    lastmod = (child.text or "").strip()
            if loc:
                entries.append((loc, lastmod))
        return root.tag.rsplit("}", 1)[-1], entries

    if sm is None or not sm.ok or sm.status != 200:
        return {}
    kind, entries = read(sm)
    if kind == "sitemapindex":
        children = await asyncio.gather(*(crawler.fetch(urljoin(sm.final_url, loc))
                                          for loc, _ in entries[:3]))
        entries = [e for got in children if got.ok for e in read(got)[1]]
    return {urldefrag(urljoin(sm.final_url, loc))[0]: lastmod for loc, lastmod in entries}


async def _crawl(d: SiteData, crawler: Crawler, settings: AuditSettings) -> None:
    """Read pages in priority order up to the budget, a few requests in flight at a time (the
    host's pacer keeps them polite); each page read adds its own switch, footer and header."""
    host = urlsplit(d.home.final_url).netloc
    queue: list[tuple[int, int, str, str]] = []
    queued = {d.home.url, d.home.final_url}
    seq = 0

    def offer(url: str, why: str) -> None:
        nonlocal seq
        if url in queued or not _same_site(url, host) or not _page_like(url):
            return
        queued.add(url)
        seq += 1
        heapq.heappush(queue, (_PRIORITY[why], seq, url, why))

    def offer_from(page: PageData) -> None:
        switch = language_switch(page)
        if switch is not None:
            offer(switch.url, "language switch")
        for lang, url in page.facts.alternates:
            if lang.split("-")[0] != page.lang:
                offer(url, "language switch")
        for lk in page.facts.links:
            if lk.region in ("footer", "header"):
                offer(lk.url, lk.region)

    offer_from(d.pages[0])
    for url in d.sitemap_dates:
        offer(url, "sitemap")
    for lk in d.pages[0].facts.links:
        offer(lk.url, "home page body")
    width = max(1, settings.fetch_concurrency)
    while queue and len(d.pages) < settings.max_pages and not _late(crawler, settings):
        batch = [heapq.heappop(queue) for _ in range(min(width, len(queue),
                                                           settings.max_pages - len(d.pages)))]
        allowed = [await crawler.allowed(url) for _, _, url, _ in batch]
        for (_, _, url, _), ok in zip(batch, allowed, strict=True):
            if not ok:
                d.robots_skipped.append(url)
        todo = [item for item, ok in zip(batch, allowed, strict=True) if ok]
        got = await asyncio.gather(*(crawler.fetch(url) for _, _, url, _ in todo))
        for (_, _, url, why), page in zip(todo, got, strict=True):
            d.links[url] = page
            final = page.final_url
            if (not page.ok or page.loop or not 200 <= (page.status or 0) < 300
                    or not _is_html(page) or not _same_site(final, host)
                    or d.page(final) is not None):  # a redirect loop is a link finding
                page.body = b""
                continue
            facts = parse_page(page.text(), final)
            page.body = b""  # keep memory flat: the facts are what the checks read
            data = PageData(final, page, facts, page_lang(facts), why)
            d.pages.append(data)
            d.links.setdefault(final, page)
            offer_from(data)
    d.pages_left = [url for _, _, url, _ in sorted(queue)]


async def _check_links(d: SiteData, crawler: Crawler, settings: AuditSettings) -> None:
    """Links of every page read, footer first, up to ``max_links`` requests, robots permitting.

    Social-media links are not fetched: those platforms refuse automated visitors, so their
    answers say nothing about the link, and the social checks judge them by address instead.
    Requests to different hosts run at once; each host keeps its own pace.
    """
    order: dict[str, tuple[int, int]] = {}
    gigw = "|".join(f"(?:{rx})" for rx, _ in GIGW_LINKS.values())
    for page in d.pages:
        for lk in page.facts.links:
            if urlsplit(lk.url).scheme not in ("http", "https") or is_social(lk.url):
                continue
            rank = (_LINK_ORDER.get(lk.region, 2), 0 if re.search(gigw, lk.text, re.I) else 1)
            if lk.url not in order or rank < order[lk.url]:
                order[lk.url] = rank
    todo = [u for u, _ in sorted(order.items(), key=lambda kv: kv[1]) if u not in d.links]
    d.over_budget = todo[settings.max_links:]
    gate = asyncio.Semaphore(max(1, settings.fetch_concurrency))

    async def one(url: str) -> None:
        async with gate:
            if _late(crawler, settings):  # a slow host or a long Crawl-delay: stop in time
                d.over_budget.append(url)
                return
            if not await crawler.allowed(url):
                d.robots_skipped.append(url)
                return
            d.links[url] = await crawler.check_link(url)

    await asyncio.gather(*(one(u) for u in todo[:settings.max_links]))


#: Share of the site deadline after which axe starts no further page (the rest of the sample
#: is "not measured"), so a slow site in Chromium keeps its HTTP findings and score.
_AXE_SHARE = 0.9
#: Kinds of page sampled for axe, one of each in turn after the home page: templates differ by
#: section (a policy page, a menu page, a notice), and defects follow templates.
_AXE_KINDS = ("language switch", "header", "footer", "sitemap", "home page body")


def axe_sample(d: SiteData, n: int) -> list[str]:
    """The home page and up to ``n - 1`` pages read, one of each kind in turn (crawl order
    within a kind): the sample is the same for the same site, run after run."""
    kinds: dict[str, list[str]] = {k: [] for k in _AXE_KINDS}
    for p in d.pages[1:]:
        kinds.setdefault(p.found_in, []).append(p.url)
    out = [d.home.final_url]
    while len(out) < n and any(kinds.values()):
        for urls in kinds.values():
            if urls and len(out) < n:
                out.append(urls.pop(0))
    return out


async def audit_site(
    target: SiteTarget,
    settings: AuditSettings,
    pacer: HostPacer,
    transport: httpx2.AsyncBaseTransport | None = None,
    now: datetime | None = None,
    axe: Accessibility | None = None,
) -> SiteReport:
    """One site's report, without a deadline (see :func:`audit_sites`); ``axe`` None: the
    accessibility checks say "not measured"."""
    started = time.monotonic()
    crawler = Crawler(settings, pacer, transport, now=(now or datetime.now(UTC)).isoformat())
    try:
        data = await gather(target, crawler, settings)
    finally:
        await crawler.aclose()
    if data.facts is not None:
        if transport is not None:
            data.axe = AxeResult(data.home.final_url, False,
                                 "not measured through an injected transport")
        elif axe is None:
            data.axe = AxeResult(data.home.final_url, False, "Chromium was not started")
        else:
            host = urlsplit(data.home.final_url).netloc
            data.axe_pages = await axe.check_pages(
                axe_sample(data, settings.axe_pages), insecure=data.insecure,
                deadline=started + _AXE_SHARE * settings.site_deadline,
                pace=lambda url: pacer.wait(host))
            data.axe = data.axe_pages[0]
    findings = run_checks(data, settings, now or datetime.now(UTC))
    details: dict[str, object] = {}
    if data.tls is not None:
        details["tls"] = data.tls.to_dict()
    if data.axe is not None:
        details["accessibility"] = data.axe.to_dict()  # the home page's, as before 2026.5
    if len(data.axe_pages) > 1:
        details["accessibility_pages"] = [a.to_dict() for a in data.axe_pages]
    summary = _crawl_summary(data, settings)
    summary["not_modified"] = crawler.not_modified  # conditional requests answered 304
    details["crawl"] = summary
    measured = data.axe is not None and data.axe.measured
    return SiteReport(
        url=target.url, department_id=target.department_id, findings=findings,
        score=score(findings), method_version=AUDIT_METHOD_VERSION,
        audited_at=(now or datetime.now(UTC)).isoformat(), final_url=data.home.final_url,
        seconds=round(time.monotonic() - started, 3), requests=crawler.requests,
        details=details, pages=[_page_row(p) for p in data.pages],
        checked_share=checked_share(findings), mode="chromium" if measured else "http",
    )


def _page_row(p: PageData) -> dict[str, object]:
    """A page read, with the validators the next run will ask with: ``unchanged`` when the
    server answered 304 and the page was judged on the copy fetched at ``fetched_at``."""
    return {"url": p.url, "lang": p.lang, "declared_lang": p.facts.lang, "title": p.facts.title,
            "status": p.got.status, "found_in": p.found_in,
            "etag": p.got.headers.get("etag", ""),
            "last_modified": p.got.headers.get("last-modified", ""),
            "fetched_at": p.got.fetched_at, "unchanged": p.got.unchanged}


def _crawl_summary(d: SiteData, s: AuditSettings) -> dict[str, object]:
    """The budget and what it left: a reader must know what the score did not look at."""
    unknown = sorted(u for u, r in d.links.items() if r.unknown)
    return {
        "page_budget": s.max_pages, "pages_read": len(d.pages),
        "pages_left": d.pages_left, "link_budget": s.max_links,
        "links_checked": len(d.links), "links_not_checked": len(d.over_budget),
        "links_left": d.over_budget[:200], "links_unreachable": unknown[:200],
        "robots_skipped": d.robots_skipped[:200],
        "languages": sorted({p.lang for p in d.pages}),
    }


async def audit_sites(
    targets: Sequence[SiteTarget],
    settings: AuditSettings | None = None,
    transport: httpx2.AsyncBaseTransport | None = None,
    now: datetime | None = None,
) -> list[SiteReport]:
    """Reports in the order of ``targets``; at most ``concurrency`` sites at once, each bounded
    by ``site_deadline`` (a site past it gets a single "timeout" finding and no score)."""
    s = settings or AuditSettings()
    if not targets:
        return []
    pacer = HostPacer(s.min_interval)
    gate = asyncio.Semaphore(s.concurrency)
    if transport is not None:  # no browser: it would reach past the injected transport
        s = replace(s, accessibility=False)
    async with open_browser(s) as axe:
        return await _run(targets, s, pacer, gate, transport, now, axe)


async def _run(
    targets: Sequence[SiteTarget], s: AuditSettings, pacer: HostPacer, gate: asyncio.Semaphore,
    transport: httpx2.AsyncBaseTransport | None, now: datetime | None, axe: Accessibility,
) -> list[SiteReport]:
    async def one(t: SiteTarget) -> SiteReport:
        try:
            return await _bounded(t)
        finally:
            step.advance()

    async def _bounded(t: SiteTarget) -> SiteReport:
        async with gate:
            started = time.monotonic()
            try:
                return await asyncio.wait_for(audit_site(t, s, pacer, transport, now, axe),
                                              s.site_deadline)
            except TimeoutError:
                f = finding("timeout", False,
                            f"audit of {t.url} stopped after the {s.site_deadline:g} s deadline")
                return SiteReport(
                    url=t.url, department_id=t.department_id, findings=[f], score=score([f]),
                    method_version=AUDIT_METHOD_VERSION,
                    audited_at=(now or datetime.now(UTC)).isoformat(),
                    seconds=round(time.monotonic() - started, 3),
                )

    with progress.task(slashed("Auditing websites"), len(targets)) as step:
        return list(await asyncio.gather(*(one(t) for t in targets)))


def run_audit(
    targets: Sequence[SiteTarget],
    settings: AuditSettings | None = None,
    transport: httpx2.AsyncBaseTransport | None = None,
    now: datetime | None = None,
) -> list[SiteReport]:
    """Synchronous door for the app, CLI and worker."""
    return asyncio.run(audit_sites(targets, settings, transport, now))
