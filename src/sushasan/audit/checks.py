"""The audit's checks: pure functions from what was fetched (:class:`SiteData`) to a Finding.

Network work happens in :mod:`sushasan.audit.site`; keeping checks pure means each rule is
tested and explained on its own, and a re-scored audit never re-fetches. Severities follow
GIGW 3.0 and WCAG 2.1 weight: statutory or blocking defects are serious or critical.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from sushasan.audit.a11y import IMPACTS, WCAG_TAGS, AxeResult
from sushasan.audit.crawl import Fetched
from sushasan.audit.model import AuditSettings, Finding
from sushasan.audit.page import PageFacts
from sushasan.audit.social import account_of
from sushasan.audit.texts import FIXES, GIGW_LINKS
from sushasan.audit.tls import TlsFacts

__all__ = ["CHECKS", "SiteData", "finding", "run_checks"]


@dataclass
class SiteData:
    """Everything one site's audit fetched, for the checks to judge."""

    url: str
    home: Fetched
    facts: PageFacts | None = None
    http_variant: Fetched | None = None
    robots: Fetched | None = None
    robots_rules: RobotFileParser | None = None
    sitemap: Fetched | None = None
    missing: Fetched | None = None
    favicon: Fetched | None = None
    links: dict[str, Fetched] = field(default_factory=dict)
    robots_skipped: list[str] = field(default_factory=list)
    accounts: tuple[tuple[str, str], ...] = ()
    #: Certificate facts of the final host; None for plain HTTP or when not probed.
    tls: TlsFacts | None = None
    #: The pages were read past a rejected certificate.
    insecure: bool = False
    axe: AxeResult | None = None


def finding(check_id: str, passed: bool, evidence: str) -> Finding:
    severity, fix_en, fix_hi = FIXES[check_id]
    return Finding(check_id, severity, passed, evidence, fix_en, fix_hi)


def reachability(d: SiteData) -> Finding:
    h = d.home
    hops = f" via {len(h.hops) - 1} redirect(s)" if len(h.hops) > 1 else ""
    return finding("reachability", h.ok and not h.loop and d.facts is not None,
                   f"{h.url}: {h.describe()}{hops}; final URL {h.final_url}")


def https(d: SiteData) -> Finding:
    final = d.home.final_url
    return finding("https", final.startswith("https://"),
                   f"home page served from {final}" + ("" if final.startswith("https://")
                                                       else " over plain HTTP"))


def http_redirect(d: SiteData) -> Finding:
    v = d.http_variant
    if v is None:  # the registered address itself is http://
        return finding("http_redirect", False,
                       f"{d.home.url} answered over HTTP and stayed at {d.home.final_url}")
    return finding("http_redirect", v.final_url.startswith("https://"),
                   f"{v.url} → {v.final_url} ({v.describe()})")


_YEAR = 365 * 86400
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)


def hsts(d: SiteData) -> Finding:
    """HSTS with a max-age of a year or more: shorter lets a downgrade attack wait it out."""
    if not d.home.final_url.startswith("https://"):
        return finding("hsts", False, "no HTTPS, so no Strict-Transport-Security header")
    value = d.home.headers.get("strict-transport-security")
    m = _MAX_AGE.search(value or "")
    age = int(m.group(1)) if m else None
    note = "" if age is None else f" (max-age {age // 86400} day(s), at least 365 needed)"
    return finding("hsts", age is not None and age >= _YEAR,
                   f"Strict-Transport-Security: {value or 'absent'}{note}")


_MODERN_TLS = ("TLSv1.2", "TLSv1.3")


def tls(d: SiteData, s: AuditSettings, now: datetime) -> list[Finding]:
    """Certificate as a browser judges it, its renewal margin and the protocol version.

    A plain-HTTP site fails all three ("no HTTPS"): every site is then judged on the same
    checks, so a site cannot score better by dropping HTTPS than by keeping a flawed one.
    """
    t = d.tls
    if not d.home.final_url.startswith("https://"):
        why = f"no HTTPS: {d.home.final_url} is served without a certificate"
        return [finding(c, False, why) for c in ("tls_certificate", "tls_renewal", "tls_version")]
    if t is None or t.error:  # not probed (injected transport) or the probe failed: unknown
        return []
    days = t.days_left(now)
    problems = []
    if t.trusted is False:
        problems.append("self-signed" if t.self_signed else "not issued by a trusted authority")
    if t.hostname_ok is False:
        problems.append(f"not valid for {t.host} (names: {', '.join(t.names) or 'none'})")
    if days is not None and days < 0:
        problems.append(f"expired {t.not_after[:10] if t.not_after else ''}, {-days} day(s) ago")
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
        evidence = f"{who}, {until} ({days} day(s) left)"
    cert = finding("tls_certificate", t.verified, evidence)
    margin = s.tls_renewal_days
    renewal = finding("tls_renewal", days is not None and days >= margin,
                      f"{until}: {days} day(s) left (renew at least {margin} days ahead)"
                      if days is not None else "expiry date unknown")
    version = finding("tls_version", t.version in _MODERN_TLS,
                      f"negotiated {t.version or 'unknown'} (TLS 1.2 or 1.3 needed)")
    return [cert, renewal, version]


def accessibility(d: SiteData) -> list[Finding]:
    """One finding per axe impact level, so every measured site is judged on the same four
    weights however many rules it breaks; unmeasured is an info finding that scores nothing."""
    a = d.axe
    if a is None or not a.measured:
        why = a.reason if a else "not run"
        return [finding("accessibility_not_measured", False,
                        f"accessibility not measured / सुगम्यता नहीं मापी गई: {why}")]
    out = []
    rules = f"axe-core {a.axe_version}, {'/'.join(WCAG_TAGS)}"
    for impact in IMPACTS:
        hits = a.by_impact(impact)
        shown = "; ".join(f"{v['id']} ×{v['nodes']} ({v['help']}: {', '.join(v['targets'])})"
                          for v in hits)
        out.append(finding(f"a11y_{impact}", not hits,
                           f"{len(hits)} {impact} rule(s) violated ({rules}): {shown}" if hits
                           else f"no {impact} violations ({rules})"))
    return out


def response_time(d: SiteData, s: AuditSettings) -> Finding:
    secs = d.home.seconds
    return finding("response_time", secs <= s.slow_seconds,
                   f"home page took {secs:.2f} s (limit {s.slow_seconds:g} s)")


def page_weight(d: SiteData, s: AuditSettings) -> Finding:
    size = len(d.home.body)
    more = "at least " if d.home.truncated else ""
    return finding("page_weight", size <= s.heavy_bytes and not d.home.truncated,
                   f"home page HTML is {more}{size} bytes (limit {s.heavy_bytes})")


def robots_txt(d: SiteData) -> Finding:
    r = d.robots
    present = d.robots_rules is not None
    return finding("robots_txt", present,
                   f"/robots.txt: {r.describe() if r else 'not fetched'}"
                   + ("" if present or r is None or r.status != 200 else " (not a robots file)"))


def robots_blocks_all(d: SiteData) -> Finding:
    rp = d.robots_rules
    blocked = rp is not None and not rp.can_fetch("*", d.home.final_url)
    return finding("robots_blocks_all", not blocked,
                   "robots.txt disallows the home page for all crawlers" if blocked
                   else "robots.txt lets crawlers reach the home page")


def sitemap(d: SiteData) -> Finding:
    import xml.etree.ElementTree as ET

    sm = d.sitemap
    if sm is None or not sm.ok or sm.status != 200:
        return finding("sitemap_xml", False,
                       f"{sm.url if sm else '/sitemap.xml'}: {sm.describe() if sm else 'absent'}")
    try:
        root = ET.fromstring(sm.body)
    except ET.ParseError as exc:
        return finding("sitemap_xml", False, f"{sm.final_url} is not valid XML: {exc}")
    count = sum(1 for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("url", "sitemap"))
    kind = root.tag.rsplit("}", 1)[-1]
    return finding("sitemap_xml", kind in ("urlset", "sitemapindex") and count > 0,
                   f"{sm.final_url}: <{kind}> with {count} entr{'y' if count == 1 else 'ies'}")


def not_found(d: SiteData) -> Finding:
    m = d.missing
    if m is None:
        return finding("not_found", False, "missing-page probe not made")
    return finding("not_found", m.status in (404, 410),
                   f"GET {m.url} (a page that cannot exist) gave {m.describe()}"
                   + (f", final URL {m.final_url}" if m.final_url != m.url else ""))


def _facts(d: SiteData) -> PageFacts:
    assert d.facts is not None
    return d.facts


def title(d: SiteData) -> Finding:
    t = _facts(d).title
    return finding("title", bool(t), f"<title>{t}</title>" if t else "no <title>")


def meta_description(d: SiteData) -> Finding:
    desc = _facts(d).description
    return finding("meta_description", bool(desc),
                   f'description: "{desc[:120]}"' if desc else "no meta description")


def html_lang(d: SiteData) -> Finding:
    lang = _facts(d).lang
    return finding("html_lang", bool(lang),
                   f'<html lang="{lang}">' if lang else "<html> has no lang")


def viewport(d: SiteData) -> Finding:
    ok = _facts(d).viewport
    return finding("viewport", ok, "viewport meta present" if ok else "no viewport meta")


def favicon(d: SiteData) -> Finding:
    f = _facts(d)
    if f.favicon:
        return finding("favicon", True, f"<link rel=icon href={f.favicon}>")
    got = d.favicon
    ok = (got is not None and got.ok and got.status == 200 and bool(got.body)
          and "html" not in got.headers.get("content-type", ""))  # not a soft-404 page
    return finding("favicon", ok, f"no <link rel=icon>; /favicon.ico: "
                   f"{got.describe() if got else 'not fetched'}")


def img_alt(d: SiteData) -> Finding:
    f = _facts(d)
    bad = f.images_without_alt
    shown = ", ".join(bad[:5]) + (" …" if len(bad) > 5 else "")
    return finding("img_alt", not bad, f"{len(bad)} of {f.images} image(s) without alt"
                   + (f": {shown}" if bad else ""))


_SWITCH_TEXT = re.compile(r"\b(hindi|english)\b|हिन्दी|हिंदी|अंग्रेज़ी|अंग्रेजी", re.I)
_SWITCH_HREF = re.compile(r"/(hi|en|hindi|english)(/|$|\.|_)|[?&](lang|language|locale)=", re.I)


def devanagari_share(text: str) -> float:
    """Devanagari share of Latin + Devanagari letters, so digits and marks do not count."""
    dev = sum(1 for c in text if "\u0900" <= c <= "\u097f" and not "\u0964" <= c <= "\u096f")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return dev / (dev + latin) if dev + latin else 0.0


def bilingual(d: SiteData) -> Finding:
    f = _facts(d)
    share = devanagari_share(f.text)
    switch = next((lk for lk in f.links if _SWITCH_TEXT.search(lk.text)
                   or _SWITCH_HREF.search(urlsplit(lk.url).path + "?" + urlsplit(lk.url).query)),
                  None)
    ok = switch is not None or 0.2 <= share <= 0.8
    where = f'language switch "{switch.text}" → {switch.url}' if switch else "no language switch"
    return finding("bilingual", ok, f"{where}; Devanagari is {share:.0%} of the page's letters")


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTHS.update({"जनवरी": 1, "फ़रवरी": 2, "फरवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6,
                "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10,
                "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12})
_LABEL = re.compile(r"(last\s*(updated|modified|reviewed)|updated\s*on|अंतिम\s*(अद्यतन|संशोधन|अपडेट)"
                    r"|अद्यतन\s*तिथि)", re.I)
_DATES = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z\u0900-\u097f]+)\.?,?\s+(\d{4})"),
     ("d", "M", "y")),
    (re.compile(r"([A-Za-z\u0900-\u097f]+)\.?\s+(\d{1,2}),?\s+(\d{4})"), ("M", "d", "y")),
]
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def _parse_date(snippet: str) -> date | None:
    best: tuple[int, date] | None = None
    for rx, order in _DATES:
        for m in rx.finditer(snippet):
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts.get("m") or str(_MONTHS.get(parts["M"].lower()[:3])
                                          or _MONTHS.get(parts["M"], ""))
            try:
                found = date(int(parts["y"]), int(month), int(parts["d"]))
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), found)
    return best[1] if best else None


def last_updated(text: str) -> date | None:
    """The latest date written right after a "last updated" label (English or Hindi)."""
    text = text.translate(_DIGITS)
    found = [_parse_date(text[m.end(): m.end() + 60]) for m in _LABEL.finditer(text)]
    dates = [x for x in found if x is not None]
    return max(dates) if dates else None


def freshness(d: SiteData, s: AuditSettings, now: datetime) -> Finding:
    when = last_updated(_facts(d).text)
    if when is None:
        return finding("freshness", False, 'no "last updated / अंतिम अद्यतन" date on the home page')
    age = (now.date() - when).days
    return finding("freshness", age <= s.stale_days,
                   f"last updated {when.isoformat()}, {age} day(s) before {now.date().isoformat()}"
                   f" (limit {s.stale_days})")


def gigw_links(d: SiteData) -> list[Finding]:
    out = []
    for check_id, (text_rx, href_rx) in GIGW_LINKS.items():
        hit = next((lk for lk in _facts(d).links if re.search(text_rx, lk.text, re.I)
                    or re.search(href_rx, urlsplit(lk.url).path, re.I)), None)
        out.append(finding(check_id, hit is not None,
                           f'"{hit.text}" → {hit.url}' if hit else "no such link on the home page"))
    return out


def social(d: SiteData) -> list[Finding]:
    linked = {a for lk in _facts(d).links if (a := account_of(lk.url))}
    known = {(p, h.lower().lstrip("@")) for p, h in d.accounts}
    missing = sorted(known - linked)
    unknown = sorted(linked - known)
    fmt = lambda accs: ", ".join(f"{p}:{h}" for p, h in accs)  # noqa: E731
    reg = finding("social_registered", not missing,
                  (f"not linked: {fmt(missing)}" if missing else
                   f"links all {len(known)} registered account(s)" if known
                   else "no registered accounts to compare"))
    unk = finding("social_unknown", not unknown,
                  f"accounts linked but not in the registry: {fmt(unknown)}" if unknown
                  else "no unregistered accounts linked")
    return [reg, unk]


def broken_links(d: SiteData) -> Finding:
    bad = [(u, r) for u, r in d.links.items()
           if not r.loop and (r.error or r.status is None or r.status >= 400)]
    shown = "; ".join(f"{u} ({r.describe()})" for u, r in bad[:10])
    skipped = f"; {len(d.robots_skipped)} skipped as robots.txt asks" if d.robots_skipped else ""
    return finding("broken_links", not bad,
                   f"{len(bad)} of {len(d.links)} link(s) broken{skipped}"
                   + (f": {shown}" if bad else ""))


def redirects(d: SiteData) -> Finding:
    loops = [r for r in d.links.values() if r.loop]
    return finding("redirects", not loops,
                   "; ".join(f"{r.url}: {r.describe()}" for r in loops[:5])
                   or f"no redirect loops among {len(d.links)} link(s)")


Check = Callable[[SiteData, AuditSettings, datetime], list[Finding]]


def _one(fn: Callable[[SiteData], Finding]) -> Check:
    return lambda d, s, n: [fn(d)]


#: Checks that judge the HTML run only when the home page was read.
PAGE_CHECKS: list[Check] = [
    _one(title), _one(meta_description), _one(html_lang), _one(viewport), _one(favicon),
    _one(img_alt), _one(bilingual), lambda d, s, n: [freshness(d, s, n)],
    lambda d, s, n: gigw_links(d), lambda d, s, n: social(d), _one(broken_links),
    _one(redirects), lambda d, s, n: accessibility(d),
]
CHECKS: list[Check] = [
    _one(https), _one(http_redirect), _one(hsts), tls, lambda d, s, n: [response_time(d, s)],
    lambda d, s, n: [page_weight(d, s)], _one(robots_txt), _one(robots_blocks_all),
    _one(sitemap), _one(not_found),
]


def run_checks(d: SiteData, s: AuditSettings, now: datetime) -> list[Finding]:
    """Every finding for a site; an unreachable home page yields reachability alone."""
    first = reachability(d)
    if not first.passed:
        return [first]
    out = [first]
    for check in CHECKS + PAGE_CHECKS:
        out.extend(check(d, s, now))
    return out
