"""The page-by-page audit on imitations of the NIC platforms (S3WaaS, NIC CMF) on 127.0.0.1.

Each fixture site (``tests/sites.py``) lists its planted defects by check and page; the audit
must find each of them and nothing else, say "not checked" (with why) for what it cannot
judge, and write the JSON contract scripts rely on.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sushasan.audit import AuditSettings, SiteReport, SiteTarget, run_audit
from sushasan.audit.checks import PageData, language_switch
from sushasan.audit.crawl import Fetched, HostPacer
from sushasan.audit.page import parse_page
from tests.conftest import Cli
from tests.sites import MemorySite, nic_cmf_site, s3waas_site, served

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SETTINGS = AuditSettings(min_interval=0.002, site_deadline=30, connect_timeout=2,
                         read_timeout=5, trust_env=False, accessibility=False)
# 127.0.0.1 serves plain http: these fail on every fixture, rightly
HTTPS_CHECKS = {"https", "http_redirect", "hsts", "tls_certificate", "tls_renewal", "tls_version"}
S3_ACCOUNTS = (("x", "ukhealthdept"), ("youtube", "UCxYz123AbCdEf"))
CMF_ACCOUNTS = (("x", "UKTransport"),)


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, tuple[MemorySite, set[tuple[str, str]]]]]:
    made = {}
    for name, build in (("s3waas", s3waas_site), ("cmf", nic_cmf_site)):
        pages, planted = build()
        made[name] = (served(pages), planted)
    yield made
    for site, _ in made.values():
        site.stop()


@pytest.fixture(scope="module")
def reports(sites: dict[str, tuple[MemorySite, set[tuple[str, str]]]]) -> dict[str, SiteReport]:
    got = run_audit([SiteTarget(sites["s3waas"][0].url, "health", S3_ACCOUNTS),
                     SiteTarget(sites["cmf"][0].url, "transport", CMF_ACCOUNTS)],
                    SETTINGS, now=NOW)
    return {r.department_id or "": r for r in got}


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.parametrize(("name", "dep"), [("s3waas", "health"), ("cmf", "transport")])
def test_each_planted_defect_is_found_and_nothing_else(
    sites: dict[str, tuple[MemorySite, set[tuple[str, str]]]], reports: dict[str, SiteReport],
    name: str, dep: str,
) -> None:
    r = reports[dep]
    planted = sites[name][1]
    found = {(f.id, _path(f.page)) for f in r.failed if f.id not in HTTPS_CHECKS}
    assert found == planted, {"missed": planted - found, "false alarms": found - planted}
    for f in r.failed:
        assert f.page and f.region in ("header", "footer", "body", "head", "site"), f
        assert f.fix_en and any("\u0900" <= c <= "\u097f" for c in f.fix_hi)


def test_whole_site_is_read_in_both_languages(reports: dict[str, SiteReport]) -> None:
    s3 = reports["health"]
    langs = {_path(p["url"]): p["lang"] for p in s3.pages}
    assert len(langs) == 23 and langs["/"] == "en" and langs["/hi/"] == "hi"
    assert langs["/hi/feedback/"] == "hi" and langs["/feedback/"] == "en"
    crawl = s3.details["crawl"]
    assert crawl["pages_read"] == 23 and crawl["pages_left"] == [] and crawl["page_budget"] == 50
    assert crawl["languages"] == ["en", "hi"]


def test_page_budget_is_kept_and_what_was_left_is_stated(
    sites: dict[str, tuple[MemorySite, set[tuple[str, str]]]],
) -> None:
    settings = AuditSettings(**{**SETTINGS.__dict__, "max_pages": 5, "max_links": 3})
    [r] = run_audit([SiteTarget(sites["s3waas"][0].url, "health")], settings, now=NOW)
    crawl = r.details["crawl"]
    assert len(r.pages) == 5 and crawl["pages_read"] == 5 and crawl["pages_left"]
    # the other-language home comes first, then the footer's GIGW pages
    assert [_path(p["url"]) for p in r.pages[:2]] == ["/", "/hi/"]
    assert {p["found_in"] for p in r.pages[2:]} == {"footer"}
    assert crawl["links_not_checked"] > 0 and crawl["links_left"]


def test_unreachable_link_is_not_checked_never_broken(reports: dict[str, SiteReport]) -> None:
    r = reports["health"]
    dead = [f for f in r.findings if "localhost:9" in f.evidence and f.id == "broken_links"]
    assert dead and all(f.outcome == "not_checked" for f in dead)
    assert all("could not be reached" in f.reason for f in dead)
    gone = [f for f in r.failed if f.id == "broken_links" and "old-circular" in f.evidence]
    assert {_path(f.page) for f in gone} == {"/notices/", "/hi/notices/"}
    assert gone[0].element == ('<a href="/wp-content/uploads/2019/old-circular.pdf">'
                               "Circular 2019 (PDF)</a>") and gone[0].region == "body"
    assert r.checked_share is not None and 0.5 < r.checked_share < 1


def test_terms_are_not_a_privacy_policy(reports: dict[str, SiteReport]) -> None:
    cmf = reports["transport"]
    home = cmf.finding("gigw_privacy", cmf.final_url)
    assert home is not None and home.outcome == "fail" and home.region == "footer"
    assert '"Terms & Conditions" (footer) is a terms page, not a privacy policy' in home.reason
    assert "गोपनीयता नीति" in home.evidence_hi
    on_terms = cmf.finding("gigw_privacy", cmf.final_url + "terms-conditions")  # type: ignore[operator]
    assert on_terms is not None and '"Terms & Conditions" (footer)' in on_terms.reason  # not "हिंदी"
    terms = cmf.finding("gigw_terms", cmf.final_url)
    assert terms is not None and terms.passed and terms.region == "footer"
    assert terms.element.startswith('<a href="/terms-conditions">')
    # S3WaaS: "Website Policies" counts for each policy its page holds
    s3 = reports["health"]
    privacy = s3.finding("gigw_privacy", s3.final_url)
    assert privacy is not None and privacy.passed
    assert 'whose page holds "Privacy Policy"' in privacy.evidence


def test_hindi_footer_gaps_are_named_on_each_hindi_page(reports: dict[str, SiteReport]) -> None:
    s3 = reports["health"]
    hi_home = s3.final_url + "hi/"  # type: ignore[operator]
    for check in ("gigw_privacy", "gigw_hyperlinking", "gigw_copyright"):
        f = s3.finding(check, hi_home)
        assert f is not None and f.outcome == "fail", check
    found = s3.finding("gigw_feedback", hi_home)
    assert found is not None and found.passed and found.element == (
        '<a href="/hi/feedback/">प्रतिक्रिया</a>')
    reader = s3.finding("gigw_screen_reader", hi_home)
    assert reader is not None and reader.passed and reader.region == "header"


def test_freshness_against_the_stated_date(reports: dict[str, SiteReport]) -> None:
    s3 = reports["health"]
    stale = s3.finding("freshness", s3.final_url + "feedback/")  # type: ignore[operator]
    assert stale is not None and not stale.passed
    assert "2024-03-08" in stale.evidence and "993 days before 2026-11-26" in stale.evidence
    hi = s3.finding("freshness", s3.final_url + "hi/")  # type: ignore[operator]
    assert hi is not None and hi.passed and "2026-11-20" in hi.evidence  # Devanagari digits
    cmf = reports["transport"]
    undated = cmf.finding("freshness", cmf.final_url + "about-us")  # type: ignore[operator]
    assert undated is not None and undated.outcome == "not_checked"


def test_language_switch_evidence_names_the_switch(reports: dict[str, SiteReport]) -> None:
    cmf = reports["transport"]
    f = cmf.finding("bilingual")
    assert f is not None and f.passed
    assert f.element == '<a href="/hi" hreflang="hi">हिंदी</a>', f.element  # not "Hindi font"
    parity = cmf.finding("language_parity", cmf.final_url + "tenders")  # type: ignore[operator]
    assert parity is not None and parity.passed and "/hi/tenders (hi)" in parity.evidence
    s3 = reports["health"]
    alone = s3.finding("language_parity", s3.final_url + "schemes/")  # type: ignore[operator]
    assert alone is not None and not alone.passed and "English only" in alone.evidence


def test_menus_and_footers_that_differ_between_languages(reports: dict[str, SiteReport]) -> None:
    s3 = reports["health"]
    base = s3.final_url or ""
    hi_home = [f for f in s3.all("menu_parity") if f.page == base + "hi/"]
    by_region = {f.region: f for f in hi_home}
    assert set(by_region) == {"header", "footer"} and not any(f.passed for f in hi_home)
    assert '"Schemes"' in by_region["header"].evidence
    assert by_region["footer"].element == '<a href="/website-policies/">Website Policies</a>'
    assert "Website Policies" in by_region["footer"].evidence_hi
    assert "फ़ुटर" in by_region["footer"].evidence_hi
    english = s3.finding("menu_parity", base)
    assert english is not None and english.passed  # English offers all the Hindi one does
    alone = s3.finding("menu_parity", base + "schemes/")
    assert alone is not None and alone.outcome == "not_checked"  # no Hindi twin to compare
    cmf = reports["transport"]
    assert all(f.outcome == "pass" for f in cmf.all("menu_parity"))


def test_every_finding_has_hindi_evidence_passes_too(reports: dict[str, SiteReport]) -> None:
    from sushasan.audit.rules import SEVERITY
    from sushasan.words import has

    assert all(has(f"check:{c}") for c in SEVERITY)  # every check has its Hindi name
    for r in reports.values():
        for f in r.findings:
            assert any("\u0900" <= c <= "\u097f" for c in f.evidence_hi), f
    s3 = reports["health"]
    found = s3.finding("gigw_feedback", (s3.final_url or "") + "hi/")
    assert found is not None and found.evidence_hi == (
        'प्रतिक्रिया लिंक: ठीक है (<a href="/hi/feedback/">प्रतिक्रिया</a>)')


def test_handles_and_channel_ids_as_written(reports: dict[str, SiteReport]) -> None:
    s3 = reports["health"]
    assert s3.finding("social_registered").passed  # type: ignore[union-attr]
    [wrong] = run_audit([SiteTarget(s3.url, "health", (("youtube", "UCXYZ123ABCDEF"),))],
                        AuditSettings(**{**SETTINGS.__dict__, "max_pages": 1}), now=NOW)
    f = wrong.finding("social_unknown")
    assert f is not None and "youtube:UCxYz123AbCdEf" in f.evidence and "x:UKHealthDept" in (
        f.evidence)


def test_json_contract(sushasan: Cli, sites: dict[str, tuple[MemorySite, set[tuple[str, str]]]],
                       tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    env = {**sushasan.env, "SUSHASAN_AUDIT_CHROMIUM": "off", "SUSHASAN_AUDIT_HOST_RATE": "200"}
    result = Cli(sushasan.data_dir, env)("audit-sites", "--url", sites["cmf"][0].url,
                                         "--as-of", "2026-11-26", "--json", str(out), "--no-save")
    assert "wrote" in result.output and "pages" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-11-26"
    [site] = data["sites"]
    assert isinstance(site["score"], float) and 0 < site["checked_share"] <= 1
    assert all(set(p) >= {"url", "lang"} for p in site["pages"]) and len(site["pages"]) == 30
    keys = {"page", "check", "outcome", "reason", "element", "fix_en", "fix_hi"}
    assert all(set(f) >= keys for f in site["findings"])
    assert {f["outcome"] for f in site["findings"]} == {"pass", "fail", "not_checked"}
    stale = [f for f in site["findings"] if f["check"] == "freshness" and f["outcome"] == "fail"]
    assert {_path(f["page"]) for f in stale} == {"/tenders", "/hi/tenders"}  # judged as of
    assert "1,411 days before 2026-11-26" in stale[0]["reason"]


def test_pacer_keeps_two_requests_a_second_and_crawl_delay() -> None:
    async def starts(pacer: HostPacer, host: str, n: int) -> list[float]:
        out = []

        async def one() -> None:
            await pacer.wait(host)
            out.append(time.monotonic())

        await asyncio.gather(*(one() for _ in range(n)))
        return out

    async def run() -> tuple[list[float], list[float], list[float]]:
        pacer = HostPacer(AuditSettings().min_interval)
        pacer.set_delay("slow.example", 0.8)
        return await asyncio.gather(starts(pacer, "a.example", 3), starts(pacer, "b.example", 3),
                                    starts(pacer, "slow.example", 2))

    began = time.monotonic()
    a, b, slow = asyncio.run(run())
    gaps = [y - x for x, y in itertools.pairwise(a)]
    assert AuditSettings().min_interval == 0.5 and all(g >= 0.49 for g in gaps)
    assert slow[1] - slow[0] >= 0.79  # robots.txt Crawl-delay wins over the default
    assert b[0] - began < 0.2  # another host is not kept waiting by the first
    assert time.monotonic() - began < 1.6  # hosts paced side by side, not one after another


def test_slow_host_gives_a_partial_stated_result_not_a_timeout(
    sites: dict[str, tuple[MemorySite, set[tuple[str, str]]]],
) -> None:
    """A host that allows few requests a second (Crawl-delay) is read while time allows."""
    settings = AuditSettings(**{**SETTINGS.__dict__, "min_interval": 0.25, "site_deadline": 3.0})
    [r] = run_audit([SiteTarget(sites["cmf"][0].url, "transport")], settings, now=NOW)
    crawl = r.details["crawl"]
    assert r.score is not None and 1 < len(r.pages) < 30
    assert crawl["pages_left"] and r.seconds < 3.0


def test_regions_follow_the_themes_markup() -> None:
    html = ('<div id="topBar" class="header-top"><a href="/screen-reader-access/">Screen Reader'
            '</a></div><main><a href="/about/">About</a></main>'
            '<footer id="footer"><nav><ul class="menu"><li class="menu-item">'
            '<a href="/help/" title="Help page">Help</a></li></ul></nav></footer>'
            '<div class="region-footer"><p><a href="/rti">RTI</a>')  # unclosed, as CMS emit
    links = {lk.href: lk for lk in parse_page(html, "https://d.example/").links}
    assert links["/screen-reader-access/"].region == "header"
    assert links["/about/"].region == "body"
    assert links["/help/"].region == "footer"  # a footer's own menu is still the footer
    assert links["/help/"].element == '<a href="/help/" title="Help page">Help</a>'
    assert links["/rti"].region == "footer"


def test_language_switch_is_told_from_links_that_name_a_language() -> None:
    def switch(html: str) -> str | None:
        facts = parse_page(html, "https://d.example/")
        lk = language_switch(PageData("https://d.example/", Fetched("u", "u"), facts, "en"))
        return lk.href if lk else None

    assert switch('<a href="/news/hindi-diwas">Hindi Diwas celebrations</a>'
                  '<header><a href="/hi/">हिन्दी संस्करण</a></header>') == "/hi/"
    assert switch('<a href="/hindi-font">Download Hindi font</a>'
                  '<a href="/home?lang=hi" lang="hi">हिं</a>') == "/home?lang=hi"
    assert switch('<a href="/hindi-font">Download Hindi font</a>') is None


def test_findings_page_by_page_in_html_and_xlsx(
    sushasan: Cli, sites: dict[str, tuple[MemorySite, set[tuple[str, str]]]], tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    html, xlsx = tmp_path / "audit.html", tmp_path / "audit.xlsx"
    env = {**sushasan.env, "SUSHASAN_AUDIT_CHROMIUM": "off", "SUSHASAN_AUDIT_HOST_RATE": "200"}
    site = sites["s3waas"][0].url
    result = Cli(sushasan.data_dir, env)("audit-sites", "--url", site, "--as-of", "2026-11-26",
                                         "--html", str(html), "--xlsx", str(xlsx), "--no-save")
    assert f"wrote {html}" in result.output and f"wrote {xlsx}" in result.output
    book = load_workbook(xlsx, read_only=True)
    rows = list(book["findings"].iter_rows(values_only=True))
    head = rows[0]
    assert head[1] == "Page address / पृष्ठ का पता" and head[9] == "Fix in Hindi / सुधार (हिन्दी में)"
    stale = [r for r in rows[1:] if str(r[2]).endswith("(freshness)") and r[3] == "fail / त्रुटि"]
    assert [r[1] for r in stale] == [site + "feedback/"]
    assert stale[0][4] == "footer" and "993 days" in stale[0][6]
    assert any("\u0900" <= c <= "\u097f" for c in stale[0][7] + stale[0][9])
    footer = next(r for r in rows[1:] if str(r[2]).endswith("(menu_parity)")
                  and r[1] == site + "hi/" and r[4] == "footer")
    assert footer[5] == '<a href="/website-policies/">Website Policies</a>'
    outcomes = [str(r[3]).split(" / ")[0] for r in rows[1:]]
    assert outcomes == sorted(outcomes, key=["fail", "not checked", "pass"].index)  # fails first
    [sheet] = list(book["sites"].iter_rows(min_row=2, values_only=True))
    assert sheet[0] == site and 0 < float(sheet[2]) <= 100 and sheet[5] == 23
    page = html.read_text(encoding="utf-8")
    assert 'href="' + site + 'feedback/"' in page and "वेबसाइट ऑडिट: पृष्ठवार निष्कर्ष" in page
    assert '<td lang="hi">' in page and "&lt;a href=&quot;/website-policies/&quot;&gt;" in page
