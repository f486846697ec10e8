"""The audit's checks: pure functions from what was fetched (:class:`SiteData`) to Findings.

Network work happens in :mod:`sushasan.audit.site`; keeping checks pure means each rule is
tested and explained on its own, and a re-scored audit never re-fetches. Severities follow
GIGW 3.0 and WCAG 2.1 weight: statutory or blocking defects are serious or critical.

Three outcomes: a check that could not be judged — an unreachable or refused link, a timed-out
request, a failed certificate probe, a page without Chromium — is ``not_checked`` with its
reason, never a failure and never silently left out. Page checks (title, language, images,
freshness, the GIGW links, plain-http links, broken links) run on every page read, so each
finding names its page, the region (header / footer / body) and the element.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from sushasan.audit.a11y import IMPACTS, WCAG_TAGS, AxeResult
from sushasan.audit.crawl import Fetched
from sushasan.audit.dates import iso_date, last_updated
from sushasan.audit.link_checks import gigw_links, link_findings, plain_http_links, social
from sushasan.audit.model import AuditSettings, Finding
from sushasan.audit.page import devanagari_share
from sushasan.audit.parity import language_parity, menu_parity
from sushasan.audit.sitedata import (
    PageData,
    SiteData,
    count_days,
    facts,
    finding,
    home,
    language_switch,
    other_language,
)
from sushasan.quarters import ist_day
from sushasan.words import counted, hindi, pair, slashed

__all__ = ["CHECKS", "PageData", "SiteData", "devanagari_share", "finding",
           "language_switch", "last_updated", "run_checks"]


def reachability(d: SiteData) -> Finding:
    h = d.home
    hops = f" via {counted(len(h.hops) - 1, 'redirect', 'redirects')}" if len(h.hops) > 1 else ""
    ok = h.ok and not h.loop and d.facts is not None
    evidence = f"{h.url}: {h.describe()}{hops}; final URL {h.final_url}"
    if not ok and h.unknown and "timed out" in h.unknown:
        return finding("reachability", "not_checked", evidence, page=h.url, region="site",
                       reason=f"home page {h.unknown}",
                       evidence_hi=hindi("The home page did not answer in time: {why}").format(
                           why=h.describe()))
    return finding("reachability", ok, evidence, page=h.url, region="site",
                   evidence_hi="" if ok else hindi("The home page did not open: {why}").format(
                       why=h.describe()))


def _site(d: SiteData) -> dict[str, str]:
    return {"page": d.home.final_url, "region": "site"}


def https(d: SiteData) -> Finding:
    final = d.home.final_url
    return finding("https", final.startswith("https://"),
                   f"home page served from {final}" + ("" if final.startswith("https://")
                                                       else " over plain HTTP"), **_site(d))


def http_redirect(d: SiteData) -> Finding:
    v = d.http_variant
    if v is None:  # the registered address itself is http://
        return finding("http_redirect", False,
                       f"{d.home.url} answered over HTTP and stayed at {d.home.final_url}",
                       **_site(d))
    if v.error and "timed out" in v.error:
        return finding("http_redirect", "not_checked", f"{v.url}: {v.describe()}",
                       reason=f"{v.url} {v.unknown}", **_site(d))
    return finding("http_redirect", v.final_url.startswith("https://"),
                   f"{v.url} → {v.final_url} ({v.describe()})", **_site(d))


_YEAR = 365 * 86400
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)


def hsts(d: SiteData) -> Finding:
    """HSTS with a max-age of a year or more: shorter lets a downgrade attack wait it out."""
    if not d.home.final_url.startswith("https://"):
        return finding("hsts", False, "no HTTPS, so no Strict-Transport-Security header",
                       **_site(d))
    value = d.home.headers.get("strict-transport-security")
    m = _MAX_AGE.search(value or "")
    age = int(m.group(1)) if m else None
    note = "" if age is None else f" (max-age {count_days(age // 86400)}, at least 365 needed)"
    return finding("hsts", age is not None and age >= _YEAR,
                   f"Strict-Transport-Security: {value or 'absent'}{note}",
                   element=f"Strict-Transport-Security: {value}" if value else "", **_site(d))


_MODERN_TLS = ("TLSv1.2", "TLSv1.3")
_TLS_CHECKS = ("tls_certificate", "tls_renewal", "tls_version")


def tls(d: SiteData, s: AuditSettings, now: datetime) -> list[Finding]:
    """Certificate as a browser judges it, its renewal margin and the protocol version.

    A plain-HTTP site fails all three ("no HTTPS"): every site is then judged on the same
    checks, so a site cannot score better by dropping HTTPS than by keeping a flawed one. A
    probe that failed (or was not made) leaves all three *not checked*, with the reason.
    """
    t = d.tls
    if not d.home.final_url.startswith("https://"):
        why = f"no HTTPS: {d.home.final_url} is served without a certificate"
        return [finding(c, False, why, **_site(d)) for c in _TLS_CHECKS]
    if t is None or t.error:
        why = (f"certificate probe failed: {t.error}" if t is not None
               else f"certificate not probed: {d.tls_skipped or 'no probe made'}")
        return [finding(c, "not_checked", why, reason=why, **_site(d),
                        evidence_hi=hindi("The certificate could not be checked"))
                for c in _TLS_CHECKS]
    days = t.days_left(now)
    problems = []
    if t.trusted is False:
        problems.append("self-signed" if t.self_signed else "not issued by a trusted authority")
    if t.hostname_ok is False:
        problems.append(f"not valid for {t.host} (names: {', '.join(t.names) or 'none'})")
    if days is not None and days < 0:
        expired = t.not_after[:10] if t.not_after else ""
        problems.append(f"expired {expired}, {count_days(-days)} ago")
    if t.not_before and datetime.fromisoformat(t.not_before) > now:
        problems.append(f"not valid before {t.not_before[:10]}")
    if not t.verified and not problems:
        problems.append(t.reason or "rejected")
    who = f"certificate for {t.subject or '?'} issued by {t.issuer or '?'}"
    until = f"valid until {t.not_after[:10]}" if t.not_after else "expiry unknown"
    if problems:
        evidence = f"{who}: {'; '.join(problems)}"
        evidence += f" (OpenSSL: {t.reason})" if t.reason else ""
    else:
        evidence = f"{who}, {until} ({count_days(days)} left)"
    cert = finding("tls_certificate", t.verified, evidence, **_site(d))
    margin = s.tls_renewal_days
    if days is None:
        renewal = finding("tls_renewal", "not_checked", "expiry date unknown", **_site(d))
    else:
        renewal = finding("tls_renewal", days >= margin,
                          f"{until}: {count_days(days)} left (renew at least {margin} days ahead)",
                          **_site(d))
    version = finding("tls_version", t.version in _MODERN_TLS,
                      f"negotiated {t.version or 'unknown'} (TLS 1.2 or 1.3 needed)", **_site(d))
    return [cert, renewal, version]


#: axe rules whose verdict rests on the site's CSS: without the stylesheets they are not judged.
CSS_RULES = frozenset({"color-contrast", "color-contrast-enhanced", "link-in-text-block"})


def accessibility(d: SiteData) -> list[Finding]:
    """axe's verdicts on every sampled page (the home page first): as a page check, each
    level counts as the share of sampled pages passing it."""
    if not d.axe_pages:
        return _axe_findings(d.axe, d.home.final_url)
    return [f for a in d.axe_pages for f in _axe_findings(a, a.url)]


def _axe_findings(a: AxeResult | None, url: str) -> list[Finding]:
    """One finding per axe impact level, so every measured page is judged on the same four
    weights however many rules it breaks; unmeasured: the four are *not checked* with the
    reason, and the score leaves them out. Contrast rules on a page whose stylesheets did not
    load are set aside (listed in the evidence), as the colours axe saw are not the site's."""
    where = {"page": url, "region": "body"}
    if a is None or not a.measured:
        why = a.reason if a else "not run"
        return [finding(f"a11y_{impact}", "not_checked",
                        f"{slashed('accessibility not measured')}: {why}",
                        reason=f"accessibility not measured: {why}",
                        evidence_hi=f"{hindi('accessibility not measured')}: {why}", **where)
                for impact in IMPACTS]
    out = []
    rules = f"axe-core {a.axe_version}, {'/'.join(WCAG_TAGS)}"
    css_failed = bool(getattr(a, "css_failed", []))
    for impact in IMPACTS:
        hits = [v for v in a.by_impact(impact)
                if not (css_failed and v["id"] in CSS_RULES)]
        aside = [v["id"] for v in a.by_impact(impact) if css_failed and v["id"] in CSS_RULES]
        note = (f"; set aside as the CSS did not load: {', '.join(aside)}" if aside else "")
        shown = "; ".join(f"{v['id']} ×{v['nodes']} ({v['help']}: {', '.join(v['targets'])})"
                          for v in hits)
        element = ", ".join(t for v in hits for t in v["targets"][:1])
        out.append(finding(f"a11y_{impact}", not hits,
                           (f"{counted(len(hits), impact + ' rule', impact + ' rules')} "
                            f"violated ({rules}): {shown}" if hits
                            else f"no {impact} violations ({rules})") + note,
                           element=element, **where))
    return out


def response_time(d: SiteData, s: AuditSettings) -> Finding:
    secs = d.home.seconds
    return finding("response_time", secs <= s.slow_seconds,
                   f"home page took {secs:.2f} s (limit {s.slow_seconds:g} s)", **_site(d))


def page_weight(d: SiteData, s: AuditSettings) -> Finding:
    size = len(d.home.body)
    more = "at least " if d.home.truncated else ""
    return finding("page_weight", size <= s.heavy_bytes and not d.home.truncated,
                   f"home page HTML is {more}{size} bytes (limit {s.heavy_bytes})", **_site(d))


def _unknown(check_id: str, got: Fetched | None, d: SiteData) -> Finding | None:
    """A not-checked finding when ``got`` could not be judged (unreachable, timed out)."""
    if got is not None and got.unknown and not got.blocked:
        return finding(check_id, "not_checked", f"{got.url}: {got.describe()}",
                       reason=f"{got.url} {got.unknown}", **_site(d))
    return None


def robots_txt(d: SiteData) -> Finding:
    r = d.robots
    if (nc := _unknown("robots_txt", r, d)) is not None:
        return nc
    present = d.robots_rules is not None
    return finding("robots_txt", present,
                   f"/robots.txt: {r.describe() if r else 'not fetched'}"
                   + ("" if present or r is None or r.status != 200 else " (not a robots file)"),
                   **_site(d))


def robots_blocks_all(d: SiteData) -> Finding:
    rp = d.robots_rules
    blocked = rp is not None and not rp.can_fetch("*", d.home.final_url)
    return finding("robots_blocks_all", not blocked,
                   "robots.txt disallows the home page for all crawlers" if blocked
                   else "robots.txt lets crawlers reach the home page", **_site(d))


def sitemap(d: SiteData) -> Finding:
    import xml.etree.ElementTree as ET

    sm = d.sitemap
    if (nc := _unknown("sitemap_xml", sm, d)) is not None:
        return nc
    if sm is None or not sm.ok or sm.status != 200:
        return finding("sitemap_xml", False,
                       f"{sm.url if sm else '/sitemap.xml'}: {sm.describe() if sm else 'absent'}",
                       **_site(d))
    try:
        root = ET.fromstring(sm.body)
    except ET.ParseError as exc:
        return finding("sitemap_xml", False, f"{sm.final_url} is not valid XML: {exc}",
                       **_site(d))
    count = sum(1 for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("url", "sitemap"))
    kind = root.tag.rsplit("}", 1)[-1]
    return finding("sitemap_xml", kind in ("urlset", "sitemapindex") and count > 0,
                   f"{sm.final_url}: <{kind}> with {count} entr{'y' if count == 1 else 'ies'}",
                   **_site(d))


def not_found(d: SiteData) -> Finding:
    m = d.missing
    if m is None:
        return finding("not_found", "not_checked", "missing-page probe not made", **_site(d))
    if (nc := _unknown("not_found", m, d)) is not None:
        return nc
    return finding("not_found", m.status in (404, 410),
                   f"GET {m.url} (a page that cannot exist) gave {m.describe()}"
                   + (f", final URL {m.final_url}" if m.final_url != m.url else ""), **_site(d))


def title(p: PageData) -> Finding:
    t = p.facts.title
    return finding("title", bool(t), f"<title>{t}</title>" if t else "no <title>",
                   page=p.url, region="head", element=f"<title>{t}</title>" if t else "<head>",
                   evidence_hi="" if t else hindi("The page has no <title>"))


def meta_description(d: SiteData) -> Finding:
    desc = facts(d).description
    return finding("meta_description", bool(desc),
                   f'description: "{desc[:120]}"' if desc else "no meta description",
                   page=d.home.final_url, region="head")


def html_lang(p: PageData) -> Finding:
    lang = p.facts.lang
    return finding("html_lang", bool(lang),
                   f'<html lang="{lang}">' if lang else "<html> has no lang",
                   page=p.url, region="head", element=f'<html lang="{lang}">' if lang else "<html>",
                   evidence_hi="" if lang else hindi("<html> declares no language (lang)"))


def viewport(d: SiteData) -> Finding:
    ok = facts(d).viewport
    return finding("viewport", ok, "viewport meta present" if ok else "no viewport meta",
                   page=d.home.final_url, region="head")


def favicon(d: SiteData) -> Finding:
    f = facts(d)
    where = {"page": d.home.final_url, "region": "head"}
    if f.favicon:
        return finding("favicon", True, f"<link rel=icon href={f.favicon}>",
                       element=f'<link rel="icon" href="{f.favicon}">', **where)
    got = d.favicon
    if got is not None and got.unknown:
        return finding("favicon", "not_checked", f"no <link rel=icon>; /favicon.ico: "
                       f"{got.describe()}", reason=f"/favicon.ico {got.unknown}", **where)
    ok = (got is not None and got.ok and got.status == 200 and bool(got.body)
          and "html" not in got.headers.get("content-type", ""))  # not a soft-404 page
    return finding("favicon", ok, f"no <link rel=icon>; /favicon.ico: "
                   f"{got.describe() if got else 'not fetched'}", **where)


def img_alt(p: PageData) -> Finding:
    f = p.facts
    bad = f.images_without_alt
    shown = ", ".join(bad[:5]) + (" …" if len(bad) > 5 else "")
    images = counted(f.images, "image", "images")
    return finding("img_alt", not bad, f"{len(bad)} of {images} without alt"
                   + (f": {shown}" if bad else ""), page=p.url, region="body",
                   element=f'<img src="{bad[0]}">' if bad else "",
                   evidence_hi=hindi("{missing} of {images} images have no alt").format(
                       missing=len(bad), images=f.images) if bad else "")


def bilingual(d: SiteData) -> Finding:
    p = home(d)
    share = devanagari_share(p.facts.text)
    switch = language_switch(p)
    other = other_language(p.lang)
    alt = next((u for lang, u in p.facts.alternates if lang.split("-")[0] == other), None)
    ok = switch is not None or alt is not None or 0.2 <= share <= 0.8
    where = (f'language switch "{switch.text}" → {switch.url}' if switch
             else f"hreflang alternate → {alt}" if alt else "no language switch")
    return finding("bilingual", ok, f"{where}; Devanagari is {share:.0%} of the page's letters",
                   page=p.url, region=switch.region if switch else "header",
                   element=switch.element if switch else "",
                   evidence_hi="" if ok else hindi("No language switch was found"))


def page_date(d: SiteData, p: PageData) -> tuple[date | None, str]:
    """When the page was last updated and where that was read: the page's own "last updated /
    अंतिम अद्यतन" text first (what citizens see), then ``<meta>``, the sitemap's lastmod and
    the server's Last-Modified header."""
    when = last_updated(p.facts.text)
    if when is not None:
        return when, "last-updated text"
    when = iso_date(p.facts.meta_modified)
    if when is not None:
        return when, "<meta> modified date"
    when = iso_date(d.sitemap_dates.get(p.url) or d.sitemap_dates.get(p.got.url))
    if when is not None:
        return when, "sitemap lastmod"
    header = p.got.headers.get("last-modified")
    if header:
        try:
            return parsedate_to_datetime(header).date(), "HTTP Last-Modified"
        except (TypeError, ValueError):
            pass
    return None, ""


def freshness(d: SiteData, p: PageData, s: AuditSettings, now: datetime) -> Finding:
    """Judged against the audit's date (``--as-of``), never the machine's clock. The home page
    must show a date; another page with no date anywhere is not checked, not failed."""
    when, source = page_date(d, p)
    is_home = p is home(d)
    where = {"page": p.url, "region": "footer"}
    if when is None:
        if is_home:
            return finding("freshness", False,
                           f'no "{slashed("last updated")}" date on the home page', **where,
                           evidence_hi=hindi('The home page has no "last updated" date'))
        return finding("freshness", "not_checked", "no last-updated date on this page",
                       reason="no date on the page, in <meta>, the sitemap or HTTP headers",
                       **where, evidence_hi=hindi("No date was found on this page"))
    today = ist_day(now)  # the site's own calendar day, not the UTC one
    age = (today - when).days
    ok = age <= s.stale_days
    return finding("freshness", ok,
                   f"last updated {when.isoformat()} ({source}), {count_days(age)} before "
                   f"{today.isoformat()} (limit {s.stale_days})", **where,
                   evidence_hi="" if ok else hindi(
                       "Last updated {when}, {age} days ago (limit {limit} days)").format(
                       when=when.isoformat(), age=age, limit=s.stale_days))


Check = Callable[[SiteData, AuditSettings, datetime], list[Finding]]
PageCheck = Callable[[SiteData, PageData, AuditSettings, datetime], list[Finding]]


def _one(fn: Callable[[SiteData], Finding]) -> Check:
    return lambda d, s, n: [fn(d)]


#: Checks of the home page alone (the site's front door).
HOME_CHECKS: list[Check] = [
    _one(meta_description), _one(viewport), _one(favicon), _one(bilingual),
    lambda d, s, n: social(d), lambda d, s, n: accessibility(d),
]
#: Checks run on every page read.
PAGE_CHECKS: list[PageCheck] = [
    lambda d, p, s, n: [title(p)], lambda d, p, s, n: [html_lang(p)],
    lambda d, p, s, n: [img_alt(p)], lambda d, p, s, n: [freshness(d, p, s, n)],
    lambda d, p, s, n: gigw_links(d, p), lambda d, p, s, n: plain_http_links(d, p),
    lambda d, p, s, n: [language_parity(d, p)], lambda d, p, s, n: menu_parity(d, p),
    lambda d, p, s, n: link_findings(d, p),
]
CHECKS: list[Check] = [
    _one(https), _one(http_redirect), _one(hsts), tls, lambda d, s, n: [response_time(d, s)],
    lambda d, s, n: [page_weight(d, s)], _one(robots_txt), _one(robots_blocks_all),
    _one(sitemap), _one(not_found),
]


#: Checks that read something other than the page's own copy — the links' answers, the
#: other language's page, the favicon's address, the page in Chromium — and so stay live
#: when the page itself answered 304 Not Modified.
_LIVE = frozenset({"broken_links", "redirects", "language_parity", "menu_parity", "favicon"})


def _kept(f: Finding, p: PageData) -> Finding:
    """A finding of a page judged on its kept copy (the server answered 304) says so, with
    the day that copy was fetched, in both languages."""
    if not p.got.unchanged or f.id in _LIVE or f.id.startswith("a11y_") or f.page != p.url:
        return f
    when = p.got.fetched_at
    en, hi = pair("page unchanged since {when} (304 Not Modified): judged on the copy "
                  "fetched then", when=when[:10])
    return replace(f, unchanged_since=when, evidence=f"{f.evidence}; {en}",
                   evidence_hi=f"{f.evidence_hi}; {hi}")


def run_checks(d: SiteData, s: AuditSettings, now: datetime) -> list[Finding]:
    """Every finding for a site; an unreachable home page yields reachability alone."""
    first = reachability(d)
    if not first.passed:
        return [first]
    out = [first]
    for check in CHECKS:
        out.extend(check(d, s, now))
    for check in HOME_CHECKS:
        out.extend(_kept(f, home(d)) for f in check(d, s, now))
    for page in d.pages or [home(d)]:
        for page_check in PAGE_CHECKS:
            out.extend(_kept(f, page) for f in page_check(d, page, s, now))
    return out
