"""Auditing sites: gather what the checks need from one site, then run many sites politely.

Bounded everywhere: ``max_pages`` pages parsed, ``max_links`` links checked, ``concurrency``
sites at once, and a per-site deadline so one slow or hostile server cannot stall the run.
With an injected transport (tests, replays) nothing else touches the network: the TLS probe and
Chromium need real sockets, so certificates and accessibility are then not measured.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import httpx2

from sushasan import progress
from sushasan.audit.a11y import Accessibility, AxeResult, open_browser
from sushasan.audit.checks import SiteData, finding, run_checks
from sushasan.audit.crawl import Crawler, Fetched, HostPacer, robots_from
from sushasan.audit.model import AuditSettings, SiteReport, SiteTarget
from sushasan.audit.page import parse_page
from sushasan.audit.score import AUDIT_METHOD_VERSION, score
from sushasan.audit.social import is_social
from sushasan.audit.tls import inspect_tls

__all__ = ["audit_site", "audit_sites", "run_audit"]

_SKIP_EXT = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".doc", ".docx", ".xls", ".xlsx",
             ".mp4", ".mp3", ".ppt", ".pptx", ".svg", ".webp")


def _root(url: str, path: str = "/") -> str:
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc, path, "", ""))


def _is_html(got: Fetched) -> bool:
    return "html" in got.headers.get("content-type", "html").lower()


async def gather(
    target: SiteTarget, crawler: Crawler, settings: AuditSettings,
) -> SiteData:
    """Fetch the home page, the site's standard files, pages one level down and their links."""
    home = await crawler.fetch(target.url)
    if home.cert_error:  # judged by the TLS checks; read on to find the site's other defects
        await crawler.trust_any()
        home = await crawler.fetch(target.url)
    d = SiteData(url=target.url, home=home, accounts=target.accounts)
    if not home.ok or home.loop or not _is_html(home):
        return d
    base = home.final_url
    d.insecure = crawler.insecure
    parts = urlsplit(base)
    if parts.scheme == "https" and crawler.transport is None and parts.hostname:
        await crawler.pacer.wait(parts.netloc)
        d.tls = await inspect_tls(parts.hostname, parts.port or 443, settings.ca_bundle,
                                  settings.connect_timeout)
    d.facts = parse_page(home.text(), base)
    if urlsplit(base).scheme == "https":
        d.http_variant = await crawler.fetch(_root(base).replace("https://", "http://", 1),
                                             body=False)
    d.robots = await crawler.fetch(_root(base, "/robots.txt"))
    d.robots_rules = robots_from(d.robots)
    await crawler.robots(base)  # caches the rules and any Crawl-delay for the link checks
    sitemaps = d.robots_rules.site_maps() if d.robots_rules else None
    d.sitemap = await crawler.fetch(sitemaps[0] if sitemaps else _root(base, "/sitemap.xml"))
    d.missing = await crawler.fetch(_root(base, f"/sushasan-audit-{secrets.token_hex(6)}-missing"),
                                    body=False)
    if not d.facts.favicon:
        d.favicon = await crawler.fetch(_root(base, "/favicon.ico"))
    await _check_links(d, crawler, settings)
    return d


async def _check_links(d: SiteData, crawler: Crawler, settings: AuditSettings) -> None:
    """Home-page links, then links of up to ``max_pages - 1`` same-site pages, robots permitting.

    Social-media links are not fetched: those platforms refuse automated visitors, so their
    answers say nothing about the link, and the social checks judge them by address instead.
    """
    assert d.facts is not None
    host = urlsplit(d.home.final_url).netloc
    queue = [lk.url for lk in d.facts.links]
    seen = {d.home.final_url, d.home.url}
    pages = 1
    while queue and len(d.links) < settings.max_links:
        url = queue.pop(0)
        if url in seen or urlsplit(url).scheme not in ("http", "https") or is_social(url):
            continue
        seen.add(url)
        if not await crawler.allowed(url):
            d.robots_skipped.append(url)
            continue
        same_site = urlsplit(url).netloc == host
        if same_site and pages < settings.max_pages and not url.lower().endswith(_SKIP_EXT):
            got = await crawler.fetch(url)
            if got.ok and _is_html(got) and urlsplit(got.final_url).netloc == host:
                pages += 1
                if _from_home(d, url):
                    queue.extend(lk.url for lk in parse_page(got.text(), got.final_url).links)
            got.body = b""  # keep memory flat: only the status matters from here on
        else:
            got = await crawler.check_link(url)
        d.links[url] = got


def _from_home(d: SiteData, url: str) -> bool:
    """Only home-page links are expanded: the audit goes one level down, no further."""
    assert d.facts is not None
    return any(lk.url == url for lk in d.facts.links)


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
    crawler = Crawler(settings, pacer, transport)
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
            data.axe = await axe.check(data.home.final_url, insecure=data.insecure)
    findings = run_checks(data, settings, now or datetime.now(UTC))
    details: dict[str, object] = {}
    if data.tls is not None:
        details["tls"] = data.tls.to_dict()
    if data.axe is not None:
        details["accessibility"] = data.axe.to_dict()
    return SiteReport(
        url=target.url, department_id=target.department_id, findings=findings,
        score=score(findings), method_version=AUDIT_METHOD_VERSION,
        audited_at=(now or datetime.now(UTC)).isoformat(), final_url=data.home.final_url,
        seconds=round(time.monotonic() - started, 3), requests=crawler.requests,
        details=details,
    )


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

    with progress.task("Auditing websites / वेबसाइटों का ऑडिट", len(targets)) as step:
        return list(await asyncio.gather(*(one(t) for t in targets)))


def run_audit(
    targets: Sequence[SiteTarget],
    settings: AuditSettings | None = None,
    transport: httpx2.AsyncBaseTransport | None = None,
    now: datetime | None = None,
) -> list[SiteReport]:
    """Synchronous door for the app, CLI and worker."""
    return asyncio.run(audit_sites(targets, settings, transport, now))
