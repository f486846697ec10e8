"""Conditional requests between audit runs, against a real server on 127.0.0.1 that counts
what it is asked and answers 304 Not Modified to a matching If-None-Match / If-Modified-Since.

A re-audit asks for every page kept from the previous run with its validators; a page that has
not changed costs the server no body and is judged on the kept copy (same findings, marked as
unchanged since the day it was fetched), a changed page is read and judged anew, and freshness
is still judged against the new run's date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sushasan.audit import AuditSettings, SiteReport, SiteTarget, load_runs, run_audit
from sushasan.audit.cache import PageCache, merge_headers
from tests.conftest import Cli
from tests.sites import MemorySite, Page, _cmf_page, nic_cmf_site, served

FIRST = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SECOND = datetime(2027, 3, 26, 12, 0, tzinfo=UTC)  # 120 days on: 90-day freshness runs out
SETTINGS = AuditSettings(min_interval=0.002, site_deadline=30, connect_timeout=2,
                         read_timeout=5, trust_env=False, accessibility=False)
#: checks judged on a page's own copy (the rest read other answers and stay live)
LIVE = {"broken_links", "redirects", "language_parity", "menu_parity", "favicon", "freshness"}
ABOUT_MODIFIED = "Mon, 16 Nov 2026 10:00:00 GMT"  # /about-us shows no date: only the header


def _path(url: str) -> str:
    return urlsplit(url).path


def _key(f: object) -> tuple[str, str, str]:
    return (f.id, _path(f.page), f.element)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MemorySite, SiteReport,
                                                                     SiteReport, Path]]:
    pages, _ = nic_cmf_site()
    for path, page in pages.items():
        if "html" in page.ctype and page.status == 200:
            page.headers["ETag"] = f'"v1{path}"'
    del pages["/about-us"].headers["ETag"]  # validated by its date alone
    pages["/about-us"].headers["Last-Modified"] = ABOUT_MODIFIED
    site = served(pages)
    cache = tmp_path_factory.mktemp("pages")
    settings = replace(SETTINGS, page_cache=str(cache))
    try:
        [first] = run_audit([SiteTarget(site.url, "transport")], settings, now=FIRST)
        assert site.asked == [] and site.not_modified == []  # nothing kept yet: nothing asked
        # between the runs the department edits one page: an image without alt text
        pages["/rti"] = Page(_cmf_page("rti", "en", '<img src="/rti-chart.png">', "20/03/2027"),
                             headers={"ETag": '"v2/rti"'})
        [second] = run_audit([SiteTarget(site.url, "transport")], settings, now=SECOND)
        yield site, first, second, cache
    finally:
        site.stop()


def test_every_kept_page_is_asked_for_with_its_validators(
        runs: tuple[MemorySite, SiteReport, SiteReport, Path]) -> None:
    site, first, _, _ = runs
    html = {_path(p["url"]) for p in first.pages}
    asked = {path: (etag, since) for path, etag, since in site.asked}
    assert html <= set(asked)
    assert asked["/tenders"] == ('"v1/tenders"', None)
    assert asked["/about-us"] == (None, ABOUT_MODIFIED)
    assert {p["etag"] for p in first.pages if _path(p["url"]) == "/rti"} == {'"v1/rti"'}


def test_unchanged_pages_cost_no_body_and_the_changed_one_is_read(
        runs: tuple[MemorySite, SiteReport, SiteReport, Path]) -> None:
    site, first, second, _ = runs
    rows = {_path(p["url"]): p for p in second.pages}
    assert len(rows) == len(first.pages) == 30
    unchanged = {path for path, row in rows.items() if row["unchanged"]}
    assert unchanged == set(rows) - {"/rti"}
    assert set(site.not_modified) >= unchanged and "/rti" not in site.not_modified
    assert second.details["crawl"]["not_modified"] == len(site.not_modified)
    assert rows["/tenders"]["fetched_at"] == FIRST.isoformat()  # the day the copy was read
    assert rows["/rti"]["fetched_at"] == SECOND.isoformat() and rows["/rti"]["etag"] == '"v2/rti"'
    # the changed page is judged on what it says now
    assert first.finding("img_alt", site.url + "rti").passed  # type: ignore[union-attr]
    assert second.finding("img_alt", site.url + "rti").outcome == "fail"  # type: ignore[union-attr]


def test_unchanged_pages_keep_their_findings_marked_unchanged(
        runs: tuple[MemorySite, SiteReport, SiteReport, Path]) -> None:
    _, first, second, _ = runs
    before = {_key(f): f for f in first.findings if f.id not in LIVE
              and not f.id.startswith(("a11y_", "tls_")) and _path(f.page) != "/rti"}
    after = {_key(f): f for f in second.findings if _key(f) in before}
    assert set(after) == set(before) and len(before) > 200
    for key, f in after.items():
        old = before[key]
        assert (f.outcome, f.severity, f.region, f.fix_hi) == (
            old.outcome, old.severity, old.region, old.fix_hi), key
        if f.page == second.final_url and f.id in ("https", "hsts", "response_time",
                                                    "page_weight", "reachability", "robots_txt",
                                                    "sitemap_xml", "not_found", "http_redirect",
                                                    "robots_blocks_all"):
            continue  # site checks: measured anew every run
        assert f.unchanged_since == FIRST.isoformat(), key
        assert f.evidence.startswith(old.evidence) and "unchanged since 2026-11-26" in f.evidence
        assert "2026-11-26 से अपरिवर्तित" in f.evidence_hi
    assert all(not f.unchanged_since for f in first.findings)
    assert all(not f.unchanged_since for f in second.findings if _path(f.page) == "/rti")


def test_freshness_is_judged_against_the_new_date(
        runs: tuple[MemorySite, SiteReport, SiteReport, Path]) -> None:
    site, first, second, _ = runs
    home_then, home_now = first.finding("freshness", site.url), second.finding("freshness",
                                                                                site.url)
    assert home_then is not None and home_now is not None
    assert home_then.passed and "1 day before 2026-11-26" in home_then.reason
    assert home_now.outcome == "fail" and "121 days before 2027-03-26" in home_now.reason
    about_then = first.finding("freshness", site.url + "about-us")
    about_now = second.finding("freshness", site.url + "about-us")
    assert about_then is not None and about_now is not None
    assert about_then.passed and "HTTP Last-Modified" in about_then.reason
    assert about_now.outcome == "fail" and "HTTP Last-Modified" in about_now.reason
    assert about_now.unchanged_since == FIRST.isoformat()
    assert second.finding("freshness", site.url + "rti").passed  # type: ignore[union-attr]


def test_fresh_run_asks_nothing_and_renews_the_copies(
        runs: tuple[MemorySite, SiteReport, SiteReport, Path]) -> None:
    site, _, _, cache = runs
    asked = len(site.asked)
    later = datetime(2027, 4, 1, 12, 0, tzinfo=UTC)
    settings = replace(SETTINGS, page_cache=str(cache), conditional=False)
    [third] = run_audit([SiteTarget(site.url, "transport")], settings, now=later)
    assert len(site.asked) == asked and not any(p["unchanged"] for p in third.pages)
    kept = PageCache(cache).get(site.url + "tenders")
    assert kept is not None and kept.fetched_at == later.isoformat()


def test_cache_keeps_only_answers_with_a_validator_and_survives_damage(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    assert not cache.put("http://a/x", 200, {"content-type": "text/html"}, b"<p>", "t")
    assert cache.get("http://a/x") is None
    assert cache.put("http://a/y", 200, {"etag": '"1"'}, "<p>नमस्ते</p>".encode(), "t")
    got = cache.get("http://a/y")
    assert got is not None and got.body.decode() == "<p>नमस्ते</p>"
    assert got.conditions() == {"If-None-Match": '"1"'}
    for gz in tmp_path.glob("*.html.gz"):
        gz.write_bytes(b"not gzip")
    assert cache.get("http://a/y") is None  # a damaged copy: fetched in full again
    merged = merge_headers({"etag": '"1"', "content-length": "900", "last-modified": "a"},
                           {"content-length": "0", "last-modified": "b"})
    assert merged == {"etag": '"1"', "content-length": "900", "last-modified": "b"}


def test_registry_runs_keep_pages_and_ask_next_time(sushasan: Cli) -> None:
    pages, _ = nic_cmf_site()
    for path, page in pages.items():
        if "html" in page.ctype and page.status == 200:
            page.headers["ETag"] = f'"v1{path}"'
    site = served(pages)
    try:
        env = {**sushasan.env, "SUSHASAN_AUDIT_CHROMIUM": "off",
               "SUSHASAN_AUDIT_HOST_RATE": "200"}
        cli = Cli(sushasan.data_dir, env).registered(
            "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
            f"transport,Transport Department,परिवहन विभाग,department,,,,,,{site.url}\n")
        first = cli("audit-sites", "--as-of", "2026-11-26")
        assert "unchanged" not in first.output and not site.asked
        assert any((sushasan.data_dir / "audits" / "pages").glob("*.html.gz"))
        second = cli("audit-sites", "--as-of", "2026-11-27")
        assert "unchanged since the last run / पिछले दौर से अपरिवर्तित 30" in second.output
        fresh = cli("audit-sites", "--as-of", "2026-11-28", "--fresh")
        assert "unchanged" not in fresh.output
        [run1, run2, run3] = load_runs(sushasan.data_dir)
        assert [sum(p["unchanged"] for p in r.reports[0].pages)
                for r in (run1, run2, run3)] == [0, 30, 0]
    finally:
        site.stop()
