"""Accessibility: axe-core in headless Chromium on a sample of each site's pages (WCAG 2.1 A/AA):
the home page and up to ``axe_pages`` - 1 inner pages of different kinds (the other language,
header, footer and sitemap pages), in one tab per site, one after the other.

Why a real browser: contrast, labels and names depend on CSS and scripts that no HTML parser
sees. Why axe-core: it is what GIGW auditors and most scanners use, with few false positives.
Its ``axe.min.js`` is vendored in ``static/`` (version in ``static/README.md``) and evaluated in
the page, so a run downloads nothing and a site's Content-Security-Policy cannot block it.

Degrades, never zeroes: without Playwright, Chromium or a page that loads in time, a site's result
says *not measured* and why, and the score leaves accessibility out. One browser serves the whole
run (starting one costs about a second); each site gets its own context, so cookies, a rejected
certificate's exception or a crashed renderer stay with that site.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sushasan.audit.model import USER_AGENT, AuditSettings

__all__ = ["AXE_JS", "CHROMIUM_ARGS", "WCAG_TAGS", "Accessibility", "AxeResult", "axe_version",
           "open_browser"]

AXE_JS = Path(__file__).resolve().parent / "static" / "axe.min.js"
#: The rules GIGW 3.0 asks for (WCAG 2.0 and 2.1, levels A and AA); axe's "best-practice" rules
#: are left out because they are advice, not the standard a department is held to.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
IMPACTS = ("critical", "serious", "moderate", "minor")

#: Chromium stays quiet: no background networking, autofill or sync services, no component or
#: browser updates, no crash reports, no field trials — the audit visits the site and nothing
#: else, so a government network's logs show no calls to outside services.
CHROMIUM_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pings",
    "--metrics-recording-only",
    "--disable-field-trial-config",
    "--disable-features=AutofillServerCommunication,Translate,OptimizationHints,"
    "MediaRouter,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater",
)

_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact || 'minor', help: v.help,
    help_url: v.helpUrl, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@cache
def axe_version() -> str:
    """The vendored axe-core's version, read from its licence header."""
    with AXE_JS.open(encoding="utf-8") as fh:
        m = re.search(r"axe v(\d+\.\d+\.\d+)", fh.read(200))
    return m.group(1) if m else "unknown"


@dataclass
class AxeResult:
    """One page's violations; ``measured`` False means the reason says why there are none."""

    url: str
    measured: bool
    reason: str = ""
    violations: list[dict[str, Any]] = field(default_factory=list)
    axe_version: str = field(default_factory=axe_version)
    #: Stylesheets that did not load: contrast cannot be judged on colours the site did not set.
    css_failed: list[str] = field(default_factory=list)

    def by_impact(self, impact: str) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["impact"] == impact]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Accessibility:
    """Runs axe on pages of one shared browser, at most ``browser_concurrency`` at a time."""

    def __init__(self, settings: AuditSettings, browser: Any = None, reason: str = "") -> None:
        self.settings = settings
        self.browser = browser
        self.reason = reason or "Chromium was not started"
        self._gate = asyncio.Semaphore(max(1, settings.browser_concurrency))

    async def check(self, url: str, insecure: bool = False) -> AxeResult:
        """axe's WCAG violations on ``url``; ``insecure`` lets a rejected certificate through
        (the TLS checks already judged it), as the HTTP crawl did."""
        return (await self.check_pages([url], insecure))[0]

    async def check_pages(self, urls: Sequence[str], insecure: bool = False,
                          deadline: float | None = None,
                          pace: Callable[[str], Awaitable[None]] | None = None,
                          ) -> list[AxeResult]:
        """axe on each of ``urls`` (one site's sample) in one context and one tab, in turn:
        a site costs one renderer however many pages are sampled. A page that fails says why
        and the next is still tried; past ``deadline`` (``time.monotonic()``) the pages left
        are not measured, with that reason, so the sample never costs the site its score.
        ``pace`` waits for the host's turn before each page (the crawl's politeness)."""
        if self.browser is None:  # said once, on the home page: the site is not measured
            return [AxeResult(urls[0], False, self.reason)]
        s = self.settings
        out: list[AxeResult] = []
        async with self._gate:
            context = await self.browser.new_context(
                user_agent=s.user_agent or USER_AGENT, ignore_https_errors=insecure,
                service_workers="block")
            css_failed: list[str] = []

            def failed(request: Any) -> None:
                if request.resource_type == "stylesheet":
                    css_failed.append(request.url)

            def answered(response: Any) -> None:
                if response.request.resource_type == "stylesheet" and response.status >= 400:
                    css_failed.append(response.url)

            async def tab() -> Any:
                page = await context.new_page()
                page.on("requestfailed", failed)
                page.on("response", answered)
                page.set_default_timeout(s.axe_timeout * 1000)
                return page

            try:
                page = await tab()
                for url in urls:
                    if deadline is not None and time.monotonic() > deadline:
                        out.append(AxeResult(url, False, "not run: the site's time for "
                                                         "accessibility ran out"))
                        continue
                    css_failed.clear()
                    if pace is not None:
                        await pace(url)
                    out.append(await self._one(page, url, css_failed))
                    if not out[-1].measured:  # a tab left on an error page: start clean
                        await page.close()
                        page = await tab()
            except Exception as exc:  # the context or tab could not be opened
                why = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
                out += [AxeResult(url, False, why) for url in urls[len(out):]]
            finally:
                await context.close()
        return out

    async def _one(self, page: Any, url: str, css_failed: list[str]) -> AxeResult:
        s = self.settings
        try:
            await page.goto(url, wait_until="load")
            await page.evaluate(_axe_source())
            found = await asyncio.wait_for(page.evaluate(_RUN, list(WCAG_TAGS)), s.axe_timeout)
        except TimeoutError:
            return AxeResult(url, False, f"axe did not finish within {s.axe_timeout:g} s")
        except Exception as exc:  # Playwright's errors: a crashed tab, a refused page
            return AxeResult(url, False, f"{type(exc).__name__}: {exc}".splitlines()[0][:200])
        return AxeResult(url, True, violations=sorted(
            found, key=lambda v: (IMPACTS.index(v["impact"]) if v["impact"] in IMPACTS else 9,
                                  v["id"])), css_failed=sorted(set(css_failed)))


@asynccontextmanager
async def open_browser(settings: AuditSettings) -> AsyncIterator[Accessibility]:
    """An :class:`Accessibility` for a run; without a usable Chromium it only says why."""
    if not settings.accessibility:
        yield Accessibility(settings, reason="accessibility switched off in the settings")
        return
    if not AXE_JS.is_file():  # a wheel built without the package data
        yield Accessibility(settings, reason=f"axe-core is missing ({AXE_JS})")
        return
    if not Path(settings.chromium_path).is_file():
        yield Accessibility(settings, reason=f"Chromium not found at {settings.chromium_path}")
        return
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        yield Accessibility(settings, reason="the playwright package is not installed")
        return
    async with async_playwright() as pw:
        try:
            browser = await pw.chromium.launch(executable_path=settings.chromium_path,
                                               headless=True, args=list(CHROMIUM_ARGS))
        except Exception as exc:  # a broken install must not stop the HTTP checks
            yield Accessibility(settings, reason=f"Chromium did not start: {exc}"[:200])
            return
        try:
            yield Accessibility(settings, browser)
        finally:
            await browser.close()
