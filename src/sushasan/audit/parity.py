"""Bilingual parity: each page in both languages, and the two versions offering the same ways on.

A page's other-language version is found as a reader finds it (the language switch), then by
``hreflang``, then by the NIC platforms' address pattern (``/hi/…``). Pages read in both
languages are then compared region by region: a Hindi footer without the English one's
"Website Policies", or a Hindi menu without "Schemes", leaves Hindi readers without a way the
English ones have, though each version alone may pass its GIGW checks.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from sushasan.audit.model import Finding
from sushasan.audit.page import Link
from sushasan.audit.sitedata import (
    PageData,
    SiteData,
    finding,
    language_switch,
    links_count,
    other_language,
)
from sushasan.words import N_, hindi

__all__ = ["counterpart", "language_parity", "link_key", "menu_parity"]

_NAMES = {"hi": "Hindi", "en": "English"}
_LANG_PREFIX = re.compile(r"^/(hi|hindi|en|english)(?=/|$)", re.I)
_LANG_QUERY = {"lang", "language", "locale"}


def counterpart(d: SiteData, p: PageData) -> tuple[str | None, str]:
    """The address of ``p`` in its other language and how it was found."""
    other = other_language(p.lang)
    switch = language_switch(p)
    if switch is not None:
        return switch.url, f'language switch "{switch.text}"'
    alt = next((u for lang, u in p.facts.alternates if lang.split("-")[0] == other), None)
    if alt:
        return alt, "hreflang alternate"
    parts = urlsplit(p.url)
    if p.lang == "hi" and re.match(r"^/(hi|hindi)(/|$)", parts.path):
        path = re.sub(r"^/(hi|hindi)", "", parts.path) or "/"
    else:
        path = "/hi" + parts.path
    guess = parts._replace(path=path).geturl()
    if d.page(guess) is not None:
        return guess, "address pattern"
    return None, ""


def language_parity(d: SiteData, p: PageData) -> Finding:
    """A page exists in both languages: its counterpart was read and is in the other one."""
    where = {"page": p.url, "region": "header"}
    url, how = counterpart(d, p)
    other = other_language(p.lang)
    if url is None:
        return finding("language_parity", False,
                       f"page in {_NAMES.get(p.lang, p.lang)} only: no {_NAMES[other]} version "
                       "(no language switch, hreflang or /hi/ address)", **where,
                       evidence_hi=hindi("This page is in one language only"))
    twin = d.page(url)
    got = d.links.get(url)
    if twin is not None:
        ok = twin.lang == other
        return finding("language_parity", ok,
                       f"{how} → {twin.url} ({twin.lang})"
                       + ("" if ok else f": that page is not in {_NAMES[other]}"), **where)
    if got is not None and got.broken:
        return finding("language_parity", False, f"{how} → {url}: {got.describe()}", **where)
    return finding("language_parity", "not_checked", f"{how} → {url}, not read",
                   reason=f"the {_NAMES[other]} version {url} was not read (page budget)",
                   **where)


def link_key(url: str, host: str) -> str:
    """A link's address with its language taken out (``/hi/rti/`` and ``/rti`` are one place),
    so the menus of the two versions can be compared; other sites' links are kept whole."""
    parts = urlsplit(url)
    if parts.netloc != host:
        return f"{parts.netloc}{parts.path.rstrip('/')}"
    path = _LANG_PREFIX.sub("", parts.path).rstrip("/").lower()
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query)
                             if k.lower() not in _LANG_QUERY))
    return f"{path}?{query}" if query else path


def _region_keys(p: PageData, region: str, host: str) -> dict[str, Link]:
    out: dict[str, Link] = {}
    for lk in p.facts.links:
        if lk.region == region and urlsplit(lk.url).scheme in ("http", "https"):
            out.setdefault(link_key(lk.url, host), lk)
    return out


_LACKS = {
    "header": N_("The header lacks links that the other-language version has: {links}"),
    "footer": N_("The footer lacks links that the other-language version has: {links}"),
}


def menu_parity(d: SiteData, p: PageData) -> list[Finding]:
    """The page's header and footer offer every link its other-language version offers.

    Judged on pages read in both languages; a page whose twin was not read is *not checked*
    (``language_parity`` says whether the twin exists). Each region that lacks links is one
    finding naming the missing links as the twin writes them."""
    url, _ = counterpart(d, p)
    twin = d.page(url) if url else None
    other = other_language(p.lang)
    if twin is None or twin.lang != other or twin is p:
        return [finding("menu_parity", "not_checked",
                        f"no {_NAMES[other]} version of this page was read to compare menus",
                        page=p.url, region="header",
                        evidence_hi=hindi("No other-language version was read to compare"))]
    host = urlsplit(p.url).netloc
    out = []
    for region in ("header", "footer"):
        mine, theirs = _region_keys(p, region, host), _region_keys(twin, region, host)
        lacking = [lk for key, lk in theirs.items() if key not in mine]
        if not lacking:
            continue
        shown = ", ".join(f'"{lk.text}" ({lk.url})' for lk in lacking[:8])
        more = " …" if len(lacking) > 8 else ""
        out.append(finding(
            "menu_parity", False,
            f"{region} lacks {links_count(len(lacking))} of the {_NAMES[other]} version "
            f"{twin.url}: {shown}{more}", page=p.url, region=region, element=lacking[0].element,
            evidence_hi=hindi(_LACKS[region]).format(
                links=", ".join(f'"{lk.text}"' for lk in lacking[:8]) + more)))
    if not out:
        out.append(finding("menu_parity", True,
                           f"header and footer carry every link of the {_NAMES[other]} version "
                           f"{twin.url}", page=p.url, region="header"))
    return out
