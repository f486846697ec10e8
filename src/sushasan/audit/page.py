"""What the checks need from an HTML page, read with the standard library's tolerant parser.

Government CMS pages are often malformed; ``html.parser`` never raises on bad markup, and we
need only a handful of facts (title, meta tags, links, images, visible text), not a DOM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

__all__ = ["Link", "PageFacts", "parse_page"]

_INVISIBLE = {"script", "style", "noscript", "template", "head", "title"}


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without fragment
    text: str  # link text, alt of an image inside, or title/aria-label


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


class _Parser(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.facts = PageFacts()
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []
        self._text: list[str] = []
        self._link: tuple[str, list[str], str] | None = None  # href, text parts, fallback

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        f = self.facts
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        elif tag == "html" and a.get("lang", "").strip():
            f.lang = a["lang"].strip()
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            name = a.get("name", "").lower()
            if name == "description" and a.get("content", "").strip():
                f.description = a["content"].strip()
            elif name == "viewport" and "width" in a.get("content", ""):
                f.viewport = True
        elif tag == "link" and "icon" in a.get("rel", "").lower().split() and a.get("href"):
            f.favicon = urljoin(self.base, a["href"])
        elif tag == "img":
            f.images += 1
            if "alt" not in a:
                f.images_without_alt.append(a.get("src", "?"))
            if self._link is not None and a.get("alt"):
                self._link[1].append(a["alt"])
        elif tag == "a" and a.get("href"):
            href = a["href"].strip()
            if not href.lower().startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
                self._link = (href, [], a.get("aria-label") or a.get("title") or "")
        if tag in _INVISIBLE:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            if self.facts.title is None:
                self.facts.title = " ".join("".join(self._title).split()) or None
        elif tag == "a" and self._link is not None:
            href, parts, fallback = self._link
            url = urldefrag(urljoin(self.base, href))[0]
            text = " ".join(" ".join(parts).split()) or fallback
            self.facts.links.append(Link(url, text))
            self._link = None
        if tag in _INVISIBLE and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        if self._link is not None:
            self._link[1].append(data)
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
