"""What one site's audit fetched (:class:`SiteData`, :class:`PageData`) and how checks read it.

Shared by the site checks (``checks``) and the link checks (``link_checks``): the pages, the
home page, the other-language switch, and :func:`finding`, which gives every finding its
rule's severity and fixes in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from sushasan.audit.a11y import AxeResult
from sushasan.audit.crawl import Fetched
from sushasan.audit.dates import WORDS_FILE
from sushasan.audit.model import Finding
from sushasan.audit.page import Link, PageFacts
from sushasan.audit.rules import SEVERITY
from sushasan.audit.tls import TlsFacts
from sushasan.language import patterns
from sushasan.words import both, counted, hindi, word

__all__ = ["PageData", "SiteData", "count_days", "facts", "finding", "hindi_verdict", "home",
           "language_switch", "links_count", "other_language"]


@dataclass
class PageData:
    """One page read by the crawl: its answer, its facts and how the crawl reached it."""

    url: str  # the final URL after redirects
    got: Fetched
    facts: PageFacts
    lang: str
    #: home / language switch / header / footer / sitemap: why the crawl read this page.
    found_in: str = "home"


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
    #: every link address checked (pages read count as checked) → its answer
    links: dict[str, Fetched] = field(default_factory=dict)
    robots_skipped: list[str] = field(default_factory=list)
    #: links found but not checked because the link (or time) budget ran out
    over_budget: list[str] = field(default_factory=list)
    #: pages found but not read because the page budget ran out
    pages_left: list[str] = field(default_factory=list)
    accounts: tuple[tuple[str, str], ...] = ()
    #: Certificate facts of the final host; None for plain HTTP or when not probed.
    tls: TlsFacts | None = None
    #: why the certificate was not probed (an injected transport), when it was not
    tls_skipped: str = ""
    #: The pages were read past a rejected certificate.
    insecure: bool = False
    axe: AxeResult | None = None
    #: axe on the sampled pages, the home page's (``axe``) first
    axe_pages: list[AxeResult] = field(default_factory=list)
    #: pages read, the home page first
    pages: list[PageData] = field(default_factory=list)
    #: sitemap <loc> → its <lastmod>, as written
    sitemap_dates: dict[str, str] = field(default_factory=dict)
    _index: dict[str, PageData] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=0, repr=False)

    def page(self, url: str) -> PageData | None:
        """The page read at ``url`` (its final or its requested address); the first read wins."""
        for p in self.pages[self._indexed:]:  # index the pages added since the last call
            self._index.setdefault(p.url, p)
            self._index.setdefault(p.got.url, p)
        self._indexed = len(self.pages)
        return self._index.get(url)


def count_days(n: int) -> str:
    return counted(n, "day", "days")


def links_count(n: int) -> str:
    return counted(n, "link", "links")


def finding(
    check_id: str, outcome: bool | str, evidence: str, *, page: str = "", region: str = "",
    element: str = "", reason: str = "", evidence_hi: str = "",
) -> Finding:
    """A finding with its rule's severity and fixes; ``outcome`` True/False or an outcome."""
    severity, (fix_en, fix_hi) = SEVERITY[check_id], both(f"fix:{check_id}")
    out = outcome if isinstance(outcome, str) else ("pass" if outcome else "fail")
    if not evidence_hi:  # every finding speaks Hindi too: the check's name and its verdict
        evidence_hi = hindi_verdict(check_id, out, element)
    return Finding(check_id, severity, out == "pass", evidence, fix_en, fix_hi, outcome=out,
                   reason=reason or evidence, page=page, region=region, element=element,
                   evidence_hi=evidence_hi)


def hindi_verdict(check_id: str, outcome: str, element: str = "") -> str:
    """The Hindi evidence of a finding that has no sentence of its own: the check's name
    (``check:<id>``), its outcome and, for a pass, the element that passed as written."""
    name = word(f"check:{check_id}", "hi")
    if outcome == "pass":
        if element:
            return hindi("{check}: passed ({element})").format(check=name, element=element[:160])
        return hindi("{check}: passed").format(check=name)
    if outcome == "not_checked":
        return hindi("{check}: could not be checked").format(check=name)
    return hindi("{check}: failed").format(check=name)


def facts(d: SiteData) -> PageFacts:
    assert d.facts is not None
    return d.facts


def home(d: SiteData) -> PageData:
    return d.pages[0] if d.pages else PageData(d.home.final_url, d.home, facts(d), "en")


_LANG_NAMES = {  # a link text that is the language's whole name (``data/words.yaml``)
    lang: patterns.compiled("^(" + "|".join(names) + ")$", WORDS_FILE, re.I)
    for lang, names in patterns.load(WORDS_FILE)["language_names"].items()
}
_SWITCH_HREF = {
    "hi": re.compile(r"/(hi|hindi)(/|$|\.|_)|[?&](lang|language|locale)=hi", re.I),
    "en": re.compile(r"/(en|english)(/|$|\.|_)|[?&](lang|language|locale)=en", re.I),
}


def other_language(lang: str) -> str:
    return "en" if lang == "hi" else "hi"


def language_switch(p: PageData) -> Link | None:
    """The link to the page's other-language version, the way a reader spots it: its text is
    the language's name (हिन्दी, English), or it carries ``hreflang``/``lang``; an address
    pattern (``/hi/``, ``?lang=hi``) alone counts only as a weak sign. Header links win."""
    target = other_language(p.lang)
    best: tuple[int, Link] | None = None
    for lk in p.facts.links:
        text = re.sub(r"[\s|/\[\]()]+", " ", lk.text).strip()
        where = urlsplit(lk.url)
        rank = 0
        first = text.split(" ")[0] if text else ""
        if _LANG_NAMES[target].match(text) or lk.lang.split("-")[0] == target:
            rank = 4
        elif _LANG_NAMES[target].match(first) and len(text) <= 24 and (
                _SWITCH_HREF[target].search(where.path + "?" + where.query)):
            rank = 3  # "हिन्दी संस्करण", "Hindi version" → /hi/
        elif _SWITCH_HREF[target].search(where.path + "?" + where.query) and (
                not text or len(text) <= 12):
            rank = 2
        if rank and lk.region == "header":
            rank += 1
        if rank and (best is None or rank > best[0]):
            best = (rank, lk)
    return best[1] if best else None
