"""What the checks need from an HTML page, read with the standard library's tolerant parser.

Government CMS pages are often malformed; ``html.parser`` never raises on bad markup, and we
need only a handful of facts (title, meta tags, links, images, visible text), not a DOM. Each
link remembers the *region* it sits in (header, footer or body) and the tag exactly as written,
so a finding can say where a GIGW link was found or expected, and which element is at fault.

Regions: ``<footer>`` and any element whose id or class names a footer are the footer;
``<header>``, ``<nav>`` and elements named header, masthead, navbar, top bar or menu are the
header — the markup of S3WaaS (WordPress) and NIC CMF (Drupal ``region-header`` /
``region-footer``) themes. Inside a footer is footer, whatever menu it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

__all__ = ["Link", "PageFacts", "devanagari_share", "page_lang", "parse_page"]

_INVISIBLE = {"script", "style", "noscript", "template", "head", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_FOOTER = re.compile(r"foot", re.I)
_HEADER = re.compile(r"header|masthead|navbar|top-?bar|topnav|(^|[-_])(nav|menu)([-_]|$)", re.I)
#: ``<meta>`` names and properties that carry a page's modification date.
_MODIFIED_META = {"last-modified", "article:modified_time", "og:updated_time",
                  "dcterms.modified", "dc.date.modified", "revised", "date.modified",
                  "modified"}


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without fragment
    text: str  # link text, alt of an image inside, or title/aria-label
    region: str = "body"  # header / footer / body
    #: The opening tag as written on the page, with the link text (shortened), for evidence.
    element: str = ""
    href: str = ""  # the href attribute as written
    title: str = ""  # title or aria-label attribute
    lang: str = ""  # hreflang or lang attribute


@dataclass
class PageFacts:
    title: str | None = None
    description: str | None = None
    lang: str | None = None
    viewport: bool = False
    favicon: str | None = None
    images: int = 0
    images_without_alt: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    text: str = ""
    #: h1–h3 texts: what a linked policy page says it is (a "Website Policies" page that holds
    #: the privacy and copyright policies counts for both).
    headings: list[str] = field(default_factory=list)
    #: ``<link rel="alternate" hreflang>`` pairs: (language, absolute URL).
    alternates: list[tuple[str, str]] = field(default_factory=list)
    #: A modification date from ``<meta>`` as written (parsed by the freshness check).
    meta_modified: str | None = None


class _Parser(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.facts = PageFacts()
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []
        self._text: list[str] = []
        self._heading: list[str] | None = None
        #: open elements: (tag, region it opens or None)
        self._stack: list[tuple[str, str | None]] = []
        #: href, text parts, fallback, raw tag, title, lang, region
        self._link: tuple[str, list[str], str, str, str, str, str] | None = None

    def _region(self) -> str:
        """Footer when inside one, else header, else body: a footer's own menu
        (``<ul class="menu">``, ``<nav>``) stays the footer."""
        marks = {r for _, r in self._stack if r}
        return "footer" if "footer" in marks else "header" if "header" in marks else "body"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        f = self.facts
        if tag not in _VOID:
            marks = f"{a.get('id', '')} {a.get('class', '')} {a.get('role', '')}".split()
            region = ("footer" if tag == "footer" or a.get("role") == "contentinfo"
                      or any(_FOOTER.search(m) for m in marks)
                      else "header" if tag in ("header", "nav") or a.get("role") == "banner"
                      or any(_HEADER.search(m) for m in marks) else None)
            self._stack.append((tag, region))
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        elif tag == "html" and a.get("lang", "").strip():
            f.lang = a["lang"].strip()
        elif tag == "title":
            self._in_title = True
        elif tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "meta":
            name = (a.get("name") or a.get("property") or a.get("http-equiv") or "").lower()
            if name == "description" and a.get("content", "").strip():
                f.description = a["content"].strip()
            elif name == "viewport" and "width" in a.get("content", ""):
                f.viewport = True
            elif name in _MODIFIED_META and a.get("content", "").strip() and not f.meta_modified:
                f.meta_modified = a["content"].strip()
        elif tag == "link":
            rel = a.get("rel", "").lower().split()
            if "icon" in rel and a.get("href"):
                f.favicon = urljoin(self.base, a["href"])
            elif "alternate" in rel and a.get("hreflang") and a.get("href"):
                f.alternates.append((a["hreflang"].strip().lower(),
                                     urldefrag(urljoin(self.base, a["href"]))[0]))
        elif tag == "img":
            f.images += 1
            if "alt" not in a:
                f.images_without_alt.append(a.get("src", "?"))
            if self._link is not None and a.get("alt"):
                self._link[1].append(a["alt"])
        elif tag == "a" and a.get("href"):
            href = a["href"].strip()
            if not href.lower().startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
                title = a.get("aria-label") or a.get("title") or ""
                self._link = (href, [], title, self.get_starttag_text() or "", title,
                              (a.get("hreflang") or a.get("lang") or "").strip().lower(),
                              self._region())
        if tag in _INVISIBLE:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            if self.facts.title is None:
                self.facts.title = " ".join("".join(self._title).split()) or None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            text = " ".join(" ".join(self._heading).split())
            if text:
                self.facts.headings.append(text)
            self._heading = None
        elif tag == "a" and self._link is not None:
            href, parts, fallback, raw, title, lang, region = self._link
            url = urldefrag(urljoin(self.base, href))[0]
            text = " ".join(" ".join(parts).split()) or fallback
            shown = text if len(text) <= 60 else text[:59] + "…"
            element = f"{raw[:160]}{shown}</a>"
            self.facts.links.append(Link(url, text, region, element, href, title, lang))
            self._link = None
        if tag in _INVISIBLE and self._skip:
            self._skip -= 1
        if tag not in _VOID and any(t == tag for t, _ in self._stack):
            while self._stack:
                if self._stack.pop()[0] == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        if self._link is not None:
            self._link[1].append(data)
        if self._heading is not None:
            self._heading.append(data)
        if not self._skip:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.facts.text = " ".join(" ".join(self._text).split())


def parse_page(html: str, url: str) -> PageFacts:
    """Facts of one page; relative links are resolved against ``url`` (and any ``<base>``)."""
    parser = _Parser(url)
    parser.feed(html)
    parser.close()
    return parser.facts


def devanagari_share(text: str) -> float:
    """Devanagari share of Latin + Devanagari letters, so digits and marks do not count."""
    dev = sum(1 for c in text if "\u0900" <= c <= "\u097f" and not "\u0964" <= c <= "\u096f")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return dev / (dev + latin) if dev + latin else 0.0


def page_lang(facts: PageFacts) -> str:
    """``hi`` or ``en`` (or the declared language): what a reader meets, not only what the
    template declares — NIC themes often keep ``lang="en"`` on their Hindi pages."""
    share = devanagari_share(facts.text)
    declared = (facts.lang or "").split("-")[0].lower()
    if share >= 0.5:
        return "hi"
    if share <= 0.2 and declared in ("", "hi", "en"):
        return "en"
    return declared or ("hi" if share > 0.35 else "en")
