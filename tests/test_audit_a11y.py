"""Accessibility: the vendored axe-core in Debian's headless Chromium, on the fixture sites.

The poor site carries known WCAG defects (images without alt, no page language, an unlabelled
search box, light-grey text); the good one none. Without Chromium the audit must say "not
measured" and leave the score alone rather than score accessibility as zero.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from sushasan.audit import AuditSettings, SiteReport, SiteTarget, run_audit, score
from sushasan.audit.a11y import AXE_JS, CHROMIUM_ARGS, AxeResult, axe_version, open_browser
from tests.parts import CHROMIUM
from tests.sites import SITES, MemorySite, Page, Site, s3waas_site, served
from tests.test_audit import NOW

needs_chromium = pytest.mark.browser  # skips without Chromium, fails then in CI (tests/parts.py)
SETTINGS = AuditSettings(min_interval=0.002, site_deadline=60, connect_timeout=2,
                         read_timeout=5, trust_env=False, chromium_path=str(CHROMIUM))
A11Y = ("a11y_critical", "a11y_serious", "a11y_moderate", "a11y_minor")


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Site, Site]]:
    good = Site(SITES / "good", soft404=False, gone=set())
    poor = Site(SITES / "poor", soft404=True, gone={"/old-notice.html", "/gone.html"})
    for s in (good, poor):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    yield good, poor
    for s in (good, poor):
        s.shutdown()
        s.server_close()


@pytest.fixture(scope="module")
def measured(servers: tuple[Site, Site]) -> dict[str, SiteReport]:
    good, poor = servers
    reports = run_audit([SiteTarget(good.url, "good"), SiteTarget(poor.url, "poor"),
                         SiteTarget(poor.url + "loop", "looping")], SETTINGS, now=NOW)
    return {r.department_id or "": r for r in reports}


def _rules(report: SiteReport) -> dict[str, str]:
    """axe rule id → impact, from the report's details."""
    return {v["id"]: v["impact"] for v in report.details["accessibility"]["violations"]}


@needs_chromium
def test_poor_site_breaks_the_expected_wcag_rules(measured: dict[str, SiteReport]) -> None:
    poor = measured["poor"]
    assert poor.details["accessibility"]["measured"] is True
    assert _rules(poor) == {"image-alt": "critical", "label": "critical",
                            "html-has-lang": "serious", "color-contrast": "serious"}
    failed = {f.id: f for f in poor.failed if f.page == poor.final_url}  # the home page's
    assert "image-alt ×2" in failed["a11y_critical"].evidence
    assert 'img[src$="banner.jpg"]' in failed["a11y_critical"].evidence
    assert "label ×1" in failed["a11y_critical"].evidence
    assert "color-contrast ×1" in failed["a11y_serious"].evidence
    assert "html-has-lang" in failed["a11y_serious"].evidence
    assert not {"a11y_moderate", "a11y_minor"} & set(failed)
    assert not poor.not_checked or all(f.id not in A11Y for f in poor.not_checked)
    for f in (failed["a11y_critical"], failed["a11y_serious"]):
        assert f.fix_en and any("\u0900" <= c <= "\u097f" for c in f.fix_hi)


@needs_chromium
def test_good_site_has_no_violation(measured: dict[str, SiteReport]) -> None:
    good = measured["good"]
    assert _rules(good) == {}
    assert all(good.finding(c).passed for c in A11Y)  # type: ignore[union-attr]
    assert good.details["accessibility"]["axe_version"] == axe_version() == "4.14.1"


@needs_chromium
def test_accessibility_weighs_in_the_score(measured: dict[str, SiteReport]) -> None:
    poor = measured["poor"]
    cleared = score([replace(f, outcome="pass") if f.id in A11Y else f for f in poor.findings])
    assert poor.score is not None and cleared is not None and poor.score < cleared
    assert measured["good"].score > poor.score + 20  # type: ignore[operator]
    assert measured["good"].mode == poor.mode == "chromium"  # never ranked with http-only runs


@needs_chromium
def test_unreachable_page_is_not_opened_in_the_browser(measured: dict[str, SiteReport]) -> None:
    looping = measured["looping"]
    assert [f.id for f in looping.findings] == ["reachability"] and looping.score == 0
    assert "accessibility" not in looping.details


def test_without_chromium_accessibility_is_not_measured_not_zero(
    servers: tuple[Site, Site],
) -> None:
    _, poor = servers
    settings = AuditSettings(min_interval=0.002, site_deadline=30, trust_env=False,
                             chromium_path="/nonexistent/chromium")
    [report] = run_audit([SiteTarget(poor.url, "poor")], settings, now=NOW)
    notes = [f for f in report.findings if f.id in A11Y]
    assert [f.id for f in notes] == list(A11Y)  # each level said, none silently absent
    for note in notes:
        assert note.outcome == "not_checked" and not note.passed
        assert "accessibility not measured" in note.evidence
        assert "Chromium not found at /nonexistent/chromium" in note.reason
        assert "सुगम्यता" in note.evidence_hi
    assert report.score is not None and report.score == score(
        [f for f in report.findings if f.id not in A11Y])  # left out, not scored as zero
    assert report.mode == "http" and report.checked_share is not None
    assert report.checked_share < 1
    off = AuditSettings.from_config(type("Cfg", (), {"audit_chromium": "off"})())
    assert off.accessibility is False


def test_chromium_is_kept_from_outside_services() -> None:
    for flag in ("--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-pings"):
        assert flag in CHROMIUM_ARGS
    features = next(a for a in CHROMIUM_ARGS if a.startswith("--disable-features="))
    assert "AutofillServerCommunication" in features


def test_axe_is_vendored_with_its_licence() -> None:
    head = AXE_JS.read_text(encoding="utf-8")[:400]
    assert "axe v4.14.1" in head and "Mozilla Public" in head
    readme = (AXE_JS.parent / "README.md").read_text(encoding="utf-8")
    assert "4.14.1" in readme and (AXE_JS.parent / "axe-core.LICENSE.txt").is_file()


@needs_chromium
def test_contrast_is_not_judged_when_the_css_did_not_load() -> None:
    """The colours axe sees without the site's stylesheet are the browser's, not the site's."""
    html = ('<!DOCTYPE html><html lang="en"><head><title>T</title>'
            '<link rel="stylesheet" href="/theme/missing.css"></head><body><main>'
            '<p style="color:#c8c8c8;background:#ffffff">Tender notices every Monday.</p>'
            "</main></body></html>")
    site = served({"/": Page(html)})
    try:
        [r] = run_audit([SiteTarget(site.url, "css")], SETTINGS, now=NOW)
    finally:
        site.stop()
    assert r.details["accessibility"]["css_failed"] == [site.url + "theme/missing.css"]
    assert "color-contrast" in _rules(r)  # axe saw it ...
    serious = r.finding("a11y_serious")
    assert serious is not None and serious.passed  # ... but it is not held against the site
    assert "set aside as the CSS did not load: color-contrast" in serious.evidence


@pytest.fixture(scope="module")
def sampled() -> Iterator[tuple[MemorySite, SiteReport]]:
    """The S3WaaS imitation with a search box without a label on /about-us/ only (axe
    ``label``, critical): a defect the home page does not show."""
    pages, _ = s3waas_site()
    pages["/about-us/"].body = pages["/about-us/"].body.replace(
        "<main id=\"main\">", '<main id="main"><form><input type="text" name="q"></form>')
    site = served(pages)
    try:
        [report] = run_audit([SiteTarget(site.url, "health")], SETTINGS, now=NOW)
        yield site, report
    finally:
        site.stop()


@needs_chromium
def test_axe_runs_on_a_bounded_sample_of_inner_pages(
        sampled: tuple[MemorySite, SiteReport]) -> None:
    site, report = sampled
    runs = report.details["accessibility_pages"]
    urls = [r["url"] for r in runs]
    assert len(urls) == SETTINGS.axe_pages == 6 and urls[0] == site.url
    assert all(r["measured"] for r in runs), [r["reason"] for r in runs]
    found_in = {p["url"]: p["found_in"] for p in report.pages}
    # the other language first, then one page of each kind in turn
    assert urls[1] == site.url + "hi/" and found_in[urls[1]] == "language switch"
    assert {found_in[u] for u in urls[2:]} >= {"header", "footer"}
    assert site.url + "about-us/" in urls
    assert report.details["accessibility"]["url"] == site.url  # the home page's, as before
    crit = {f.page: f for f in report.findings if f.id == "a11y_critical"}
    assert set(crit) == set(urls)  # judged page by page, on the sampled pages only
    assert crit[site.url + "about-us/"].outcome == "fail"
    assert "label ×1" in crit[site.url + "about-us/"].evidence
    assert all(f.passed for u, f in crit.items() if u != site.url + "about-us/")
    assert report.mode == "chromium"


@needs_chromium
def test_a_smaller_sample_and_a_spent_deadline_are_stated(
        sampled: tuple[MemorySite, SiteReport]) -> None:
    site, _ = sampled
    small = AuditSettings(**{**SETTINGS.__dict__, "axe_pages": 2})
    [report] = run_audit([SiteTarget(site.url, "health")], small, now=NOW)
    assert [r["url"] for r in report.details["accessibility_pages"]] == [site.url,
                                                                        site.url + "hi/"]

    async def spent() -> list[AxeResult]:
        async with open_browser(SETTINGS) as axe:
            return await axe.check_pages([site.url, site.url + "hi/"], deadline=0.0)

    late = asyncio.run(spent())
    assert [r.measured for r in late] == [False, False]
    assert all("time for accessibility ran out" in r.reason for r in late)
