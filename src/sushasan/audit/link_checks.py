"""Link checks on every page read: the GIGW links, plain-http links, the registered social
accounts, and broken links and redirect loops (footer links first)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sushasan.audit.dates import WORDS_FILE
from sushasan.audit.model import Finding
from sushasan.audit.page import Link
from sushasan.audit.rules import GIGW_LINKS
from sushasan.audit.sitedata import (
    PageData,
    SiteData,
    facts,
    finding,
    home,
    language_switch,
    links_count,
)
from sushasan.audit.social import account_of, same_account
from sushasan.language import patterns
from sushasan.words import both, counted, hindi

__all__ = ["gigw_links", "link_findings", "plain_http_links", "social"]


_POLICY_WORDS = patterns.compiled(
    "|".join(patterns.load(WORDS_FILE)["policy_words"]), WORDS_FILE, re.I)
_REGION_ORDER = {"footer": 0, "header": 1, "body": 2}


def _gigw_match(check_id: str, lk: Link, d: SiteData, page: PageData) -> str | None:
    """How ``lk`` is the page's link for ``check_id`` (None when it is not): by its text or
    title, by its address, or — for a policies page — by the headings of the page it opens."""
    text_rx, href_rx = GIGW_LINKS[check_id]
    for label in (lk.text, lk.title):
        if label and re.search(text_rx, label.strip(), re.I):
            return f'"{lk.text or lk.title}"'
    path = urlsplit(lk.url).path
    if urlsplit(lk.url).netloc == urlsplit(page.url).netloc and re.search(href_rx, path, re.I):
        return f'"{lk.text}" ({path})'
    target = d.page(lk.url)
    if target is None or target is page or target is home(d):
        return None
    # only a link that says it opens policies ("Website Policies", "वेबसाइट नीतियाँ"): a
    # language switch or a menu item that happens to land there is not the policy link
    if not (_POLICY_WORDS.search(lk.text) or _POLICY_WORDS.search(lk.title)):
        return None
    heads = [target.facts.title or "", *target.facts.headings]
    hit = next((h for h in heads if re.search(text_rx, h, re.I)), None)
    return f'"{lk.text}", whose page holds "{hit}"' if hit else None


def gigw_links(d: SiteData, p: PageData) -> list[Finding]:
    """The eleven GIGW links on page ``p``. The language switch is left out: on a policy page
    it opens the same policy in the other language, which is not the page's link to it."""
    out = []
    switch = language_switch(p)
    links = [lk for lk in p.facts.links if lk is not switch]
    for check_id in GIGW_LINKS:
        what_en, what_hi = both(f"gigw:{check_id}")
        hits = [(lk, how) for lk in links
                if (how := _gigw_match(check_id, lk, d, p)) is not None]
        hits.sort(key=lambda h: _REGION_ORDER.get(h[0].region, 3))
        if hits:
            lk, how = hits[0]
            out.append(finding(check_id, True, f"{how} → {lk.url} ({lk.region})", page=p.url,
                               region=lk.region, element=lk.element))
            continue
        own = next((h for h in [p.facts.title or "", *p.facts.headings]
                    if re.search(GIGW_LINKS[check_id][0], h, re.I)), None)
        if own is not None and p is not home(d):  # this page is the document itself
            out.append(finding(check_id, True, f'this page holds "{own}"', page=p.url,
                               region="body", element=f"<h>{own}</h>"))
            continue
        note = ""
        if check_id == "gigw_privacy":
            terms = next((lk for lk in sorted(links, key=lambda x: _REGION_ORDER.get(x.region, 3))
                          if _gigw_match("gigw_terms", lk, d, p) is not None), None)
            if terms is not None:
                note = f'; "{terms.text}" ({terms.region}) is a terms page, not a privacy policy'
        out.append(finding(check_id, False,
                           f"no link to the {what_en} in the header, footer or body{note}",
                           page=p.url, region="footer",
                           element="footer" if any(lk.region == "footer" for lk in p.facts.links)
                           else "",
                           evidence_hi=hindi("This page has no link to the {what}").format(
                               what=what_hi)))
    return out


def plain_http_links(d: SiteData, p: PageData) -> list[Finding]:
    """Links written as ``http://``: on an HTTPS page any of them, elsewhere those that leave
    the site (the ``https`` check already judges a plain-HTTP site's own links)."""
    secure = p.url.startswith("https://")
    host = urlsplit(p.url).netloc
    bad = [lk for lk in p.facts.links if lk.href.lower().startswith("http://")
           and (secure or urlsplit(lk.url).netloc != host)]
    if not bad:
        return [finding("plain_http_links", True, "no link written as plain http://",
                        page=p.url, region="body")]
    return [finding("plain_http_links", False, f"plain http:// link → {lk.url} ({lk.region})",
                    page=p.url, region=lk.region, element=lk.element,
                    evidence_hi=hindi("Insecure http:// link: {url}").format(url=lk.url))
            for lk in bad]


def social(d: SiteData) -> list[Finding]:
    """Registered accounts linked from the home page; handles and ids shown exactly as written
    (compared without case, except YouTube channel ids, which are case-sensitive)."""
    linked = {a for lk in facts(d).links if (a := account_of(lk.url))}
    known = {(p, h.lstrip("@")) for p, h in d.accounts}
    missing = sorted(k for k in known if not any(same_account(k, x) for x in linked))
    unknown = sorted(x for x in linked if not any(same_account(k, x) for k in known))
    fmt = lambda accs: ", ".join(f"{p}:{h}" for p, h in accs)  # noqa: E731
    where = {"page": d.home.final_url, "region": "footer"}
    reg = finding("social_registered", not missing,
                  (f"not linked: {fmt(missing)}" if missing else
                   "links all " + counted(len(known), "registered account", "registered accounts")
                   if known
                   else "no registered accounts to compare"), **where)
    unk = finding("social_unknown", not unknown,
                  f"accounts linked but not in the registry: {fmt(unknown)}" if unknown
                  else "no unregistered accounts linked", **where)
    return [reg, unk]


def link_findings(d: SiteData, p: PageData) -> list[Finding]:
    """Per page: one finding per broken link and per redirect loop (with its element), one
    *not checked* per link that could not be judged, and a pass when the rest answer."""
    out: list[Finding] = []
    seen: set[str] = set()
    ok = loops = 0
    skipped = {u: "robots.txt asks not to" for u in d.robots_skipped}
    skipped.update({u: "over the link or time budget" for u in d.over_budget})
    left = 0
    for lk in p.facts.links:
        if lk.url in seen or urlsplit(lk.url).scheme not in ("http", "https"):
            continue
        seen.add(lk.url)
        got = d.links.get(lk.url)
        where = {"page": p.url, "region": lk.region, "element": lk.element}
        if got is None:
            left += lk.url in skipped
            continue
        if got.loop:
            loops += 1
            out.append(finding("redirects", False, f"{lk.url}: {got.describe()}", **where,
                               evidence_hi=hindi("Redirect loop: {url}").format(url=lk.url)))
        elif got.unknown:
            out.append(finding("broken_links", "not_checked", f"{lk.url}: {got.describe()}",
                               reason=f"{lk.url} {got.unknown}", **where,
                               evidence_hi=hindi("The link could not be checked: {url}").format(
                                   url=lk.url)))
        elif got.broken:
            out.append(finding("broken_links", False, f"{lk.url} ({got.describe()})", **where,
                               evidence_hi=hindi("Broken link: {url} ({why})").format(
                                   url=lk.url, why=got.describe())))
        else:
            ok += 1
    broken = sum(1 for f in out if f.id == "broken_links" and f.outcome == "fail")
    unknown = sum(1 for f in out if f.outcome == "not_checked")
    tail = (f"; {unknown} could not be checked" if unknown else "") + (
        f"; {left} left unchecked (robots.txt or budget)" if left else "")
    if ok or broken:
        out.append(finding("broken_links", not broken,
                           f"{broken} of {links_count(ok + broken)} checked broken{tail}",
                           page=p.url, region="body"))
    if not loops and (ok or broken):
        out.append(finding("redirects", True, f"no redirect loops among {links_count(ok + broken)}",
                           page=p.url, region="body"))
    return out
