"""The good and poor fixture sites, served by a real HTTP server on 127.0.0.1 only.

Shared by the audit tests and ``bench/bench_audit.py``. The server answers like the sites the
audit meets: a redirect loop (``/loop``), a server error (``/error``), a page that answers only
after ``SLOW_SECONDS`` (``/slow/``), pages that are gone, and optionally a CMS that answers any
unknown path with its home page (a soft 404).
"""

from __future__ import annotations

import mimetypes
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["SITES", "SLOW_SECONDS", "Handler", "MemorySite", "Page", "Site", "nic_cmf_site",
           "s3waas_site", "served"]

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"
SLOW_SECONDS = 10.0  # well past the tests' 5 s site deadline, even on a loaded machine


class Site(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, root: Path, soft404: bool, gone: set[str]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.root, self.soft404, self.gone = root, soft404, gone
        self.seen: list[tuple[str, str, str]] = []  # (method, path, user agent)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _send(self, status: int, data: bytes, ctype: str, body: bool, **headers: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(data)
        except OSError:  # the client gave up (the slow path): nothing to tell it
            pass

    def _serve(self, body: bool) -> None:
        s = self.server
        path = self.path.split("?")[0]
        s.seen.append((self.command, path, self.headers.get("User-Agent", "")))
        if path in ("/loop", "/loop2"):
            other = "/loop2" if path == "/loop" else "/loop"
            return self._send(302, b"", "text/html", body, Location=other)
        if path == "/error":
            return self._send(500, b"oops", "text/html", body)
        if path.startswith("/slow/"):
            time.sleep(SLOW_SECONDS)
            path = "/"
        file = s.root / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if path not in s.gone and file.is_file():
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if ctype.startswith("text/"):
                ctype += "; charset=utf-8"
            return self._send(200, file.read_bytes(), ctype, body)
        if s.soft404 and path not in s.gone:  # the CMS answers anything with its home page
            return self._send(200, (s.root / "index.html").read_bytes(), "text/html", body)
        return self._send(404, b"<html><title>Not found</title></html>", "text/html", body)


# --- Sites of the NIC platforms, built in memory --------------------------------------------
#
# Imitations of what state departments run: S3WaaS (WordPress theme: header-top with screen
# reader access and the language switch, a menu, ``<footer id="footer">`` with the GIGW links
# and "Website Policies" holding the policies) and NIC CMF (Drupal: ``region-header`` /
# ``region-footer``, a Terms & Conditions page but no privacy policy). Each carries a few
# planted defects, listed in ``PLANTED`` by check and page, so a test can demand that the audit
# finds exactly those and nothing else.


@dataclass
class Page:
    body: str
    status: int = 200
    ctype: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class MemorySite(ThreadingHTTPServer):
    """Serves ``pages`` (path → Page) on 127.0.0.1; a path ending in ``/`` or not both match."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, pages: dict[str, Page]) -> None:
        super().__init__(("127.0.0.1", 0), _MemoryHandler)
        self.pages = pages
        self.seen: list[tuple[str, str, float]] = []  # (method, path, monotonic time)
        #: conditional requests: (path, If-None-Match, If-Modified-Since) as received
        self.asked: list[tuple[str, str | None, str | None]] = []
        self.not_modified: list[str] = []  # paths answered 304

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up on a kept-alive connection is not a server fault

    def start(self) -> MemorySite:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _MemoryHandler(BaseHTTPRequestHandler):
    server: MemorySite
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        path = self.path.split("?")[0]
        self.server.seen.append((self.command, path, time.monotonic()))
        page = self.server.pages.get(path) or self.server.pages.get(path.rstrip("/") or "/")
        if page is None:
            page = Page("<html><title>Not found</title></html>", 404)
        data = page.body.encode("utf-8")
        asks = (self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
        if any(asks):
            self.server.asked.append((path, *asks))
        if page.status == 200 and _not_modified(page, *asks):
            self.server.not_modified.append(path)
            try:  # RFC 9110: a 304 repeats the validators, and has no body
                self.send_response(304)
                for k, v in page.headers.items():
                    if k.lower() in ("etag", "last-modified", "cache-control"):
                        self.send_header(k, v)
                self.end_headers()
            except OSError:
                pass
            return
        try:
            self.send_response(page.status)
            self.send_header("Content-Type", page.ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in page.headers.items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(data)
        except OSError:
            pass


def _not_modified(page: Page, etag: str | None, since: str | None) -> bool:
    """A server's answer to a conditional GET: If-None-Match wins over If-Modified-Since
    (RFC 9110 §13.2.2); a page without the validator asked about is sent in full."""
    headers = {k.lower(): v for k, v in page.headers.items()}
    if etag is not None:
        return etag.strip() in {t.strip() for t in headers.get("etag", "-").split(",")}
    if since is not None and "last-modified" in headers:
        try:
            return parsedate_to_datetime(headers["last-modified"]) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


_EN_FOOTER = [("website-policies/", "Website Policies"), ("help/", "Help"),
              ("contact-us/", "Contact Us"), ("feedback/", "Feedback"),
              ("accessibility-statement/", "Accessibility Statement"), ("sitemap/", "Sitemap")]
#: The Hindi section's thinner footer: no "Website Policies" (privacy, terms, hyperlinking and
#: copyright policies), as the issue's capture found on a real S3WaaS site.
_HI_FOOTER = [("help/", "सहायता"), ("contact-us/", "संपर्क करें"), ("feedback/", "प्रतिक्रिया"),
              ("accessibility-statement/", "सुगम्यता कथन"), ("sitemap/", "साइटमैप")]
_EN_MENU = [("", "Home"), ("about-us/", "About Us"), ("schemes/", "Schemes"),
            ("notices/", "Notices"), ("rti/", "RTI")]
_HI_MENU = [("", "मुखपृष्ठ"), ("about-us/", "हमारे बारे में"), ("notices/", "सूचनाएँ"),
            ("rti/", "सूचना का अधिकार")]
_S3_PAGES = {  # path → (English title, Hindi title or None when there is no Hindi version)
    "": ("Health Department, Uttarakhand", "स्वास्थ्य विभाग, उत्तराखण्ड"),
    "about-us/": ("About Us", "हमारे बारे में"),
    "schemes/": ("Schemes", None),
    "notices/": ("Notices", "सूचनाएँ"),
    "rti/": ("Right to Information", "सूचना का अधिकार"),
    "screen-reader-access/": ("Screen Reader Access", "स्क्रीन रीडर एक्सेस"),
    "website-policies/": ("Website Policies", "वेबसाइट नीतियाँ"),
    "help/": ("Help", "सहायता"),
    "contact-us/": ("Contact Us", "संपर्क करें"),
    "feedback/": ("Feedback", "प्रतिक्रिया"),
    "accessibility-statement/": ("Accessibility Statement", "सुगम्यता कथन"),
    "sitemap/": ("Sitemap", "साइटमैप"),
}
_HI_TEXT = ("विभाग नागरिकों को स्वास्थ्य सेवाएँ, योजनाएँ और सूचनाएँ उपलब्ध कराता है। आवेदन ऑनलाइन "
            "किए जा सकते हैं और उनकी स्थिति देखी जा सकती है।")
_EN_TEXT = ("The department offers citizens health services, schemes and notices. "
            "Applications can be made online and tracked.")


def _a(href: str, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<a href="{href}"{extra}>{text}</a>'


def _s3_page(path: str, lang: str, body: str, updated: str, switch: bool = True) -> str:
    hi = lang == "hi"
    pre = "/hi/" if hi else "/"
    title = _S3_PAGES.get(path, (path, path))[1 if hi else 0] or path
    other = f"/{path}" if hi else f"/hi/{path}"
    top = [_a("#main", "मुख्य सामग्री पर जाएँ" if hi else "Skip to main content"),
           _a(f"{pre}screen-reader-access/",
              "स्क्रीन रीडर एक्सेस" if hi else "Screen Reader Access")]
    if switch:
        top.append(_a(other, "English", lang="en") if hi else _a(other, "हिन्दी", lang="hi"))
    menu = " ".join(_a(f"{pre}{p}", t) for p, t in (_HI_MENU if hi else _EN_MENU))
    foot = " | ".join(_a(f"{pre}{p}", t) for p, t in (_HI_FOOTER if hi else _EN_FOOTER))
    label = "अंतिम अद्यतन" if hi else "Last Updated"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{title}">
<title>{title} | {_S3_PAGES[""][1 if hi else 0]}</title>
<link rel="icon" href="/wp-content/themes/sdo-theme/images/favicon.ico">
</head><body>
<div id="topBar" class="header-top"><div class="container">{" ".join(top)}</div></div>
<header class="header-wrapper"><img src="/wp-content/uploads/emblem.png" alt="{title}">
<nav class="main-menu">{menu}</nav></header>
<main id="main"><h1>{title}</h1><p>{_HI_TEXT if hi else _EN_TEXT}</p>{body}</main>
<footer id="footer"><div class="footer-menu">{foot}</div>
<div class="share">{_a("https://www.facebook.com/sharer/sharer.php?u=x", "Share on Facebook")}
{_a("https://twitter.com/intent/tweet?text=x", "Share on X")}</div>
<div class="social">{_a("https://x.com/UKHealthDept", "X")}
{_a("https://www.youtube.com/channel/UCxYz123AbCdEf", "YouTube")}</div>
<p>{"सामग्री का स्वामित्व स्वास्थ्य विभाग" if hi else "Content owned by Health Department"}.
{label}: {updated}</p></footer>
</body></html>"""


def s3waas_site(extra_notices: int = 0) -> tuple[dict[str, Page], set[tuple[str, str]]]:
    """An S3WaaS-like site and its planted defects as (check, path) pairs.

    Planted: the Hindi footer lacks the privacy, terms, hyperlinking and copyright links (every
    Hindi page); /feedback/ was last updated 993 days before 2026-11-26; /notices/ and its
    Hindi version link a plain-http address (on a port nobody answers: *not checked*, never
    "broken") and a circular that is gone (404); /schemes/ exists in English only.
    ``extra_notices`` adds that many English-only notice pages (the benchmark's 50-page site).
    """
    pages: dict[str, Page] = {}
    fresh_en, fresh_hi = "20 Nov 2026", "२०/११/२०२६"
    bodies = {
        "website-policies/": "<h2>Copyright Policy</h2><p>Material may be reproduced.</p>"
                             "<h2>Hyperlinking Policy</h2><p>Links need no permission.</p>"
                             "<h2>Privacy Policy</h2><p>No personal data is collected.</p>"
                             "<h2>Terms &amp; Conditions</h2><p>Provided as is.</p>",
        "notices/": "<ul><li>" + _a("http://localhost:9/tenders/", "Tenders (old portal)")
                    + "</li><li>" + _a("/wp-content/uploads/2019/old-circular.pdf",
                                       "Circular 2019 (PDF)") + "</li>"
                    + "".join(f"<li>{_a(f'/notices/notice-{k}/', f'Notice {k}')}</li>"
                              for k in range(extra_notices)) + "</ul>",
    }
    for path, (_, hi_title) in _S3_PAGES.items():
        updated = "08 Mar 2024" if path == "feedback/" else fresh_en
        pages["/" + path] = Page(_s3_page(path, "en", bodies.get(path, ""), updated,
                                          switch=hi_title is not None))
        if hi_title is not None:
            pages["/hi/" + path] = Page(_s3_page(path, "hi", bodies.get(path, ""), fresh_hi))
    for k in range(extra_notices):
        path = f"notices/notice-{k}/"
        pages["/" + path] = Page(_s3_page(path, "en", f"<p>Notice number {k}.</p>", fresh_en,
                                          switch=False))
    pages["/wp-content/uploads/emblem.png"] = Page("PNG", ctype="image/png")
    pages["/wp-content/themes/sdo-theme/images/favicon.ico"] = Page("ICO", ctype="image/x-icon")
    locs = [p for p in pages if p.endswith("/") and not p.startswith("/wp-content")]
    pages["/robots.txt"] = Page("User-agent: *\nDisallow: /wp-admin/\n"
                                "Sitemap: /wp-sitemap.xml\n", ctype="text/plain")
    pages["/wp-sitemap.xml"] = Page(_sitemap(locs, "2026-11-20"), ctype="application/xml")
    planted = {(c, "/hi/" + p) for p, (_, h) in _S3_PAGES.items()
               if h is not None and p != "website-policies/"  # that page holds them itself
               for c in ("gigw_privacy", "gigw_terms", "gigw_hyperlinking", "gigw_copyright")}
    planted |= {("freshness", "/feedback/"), ("language_parity", "/schemes/")}
    # the Hindi header and footer lack what the English ones offer (Schemes, Website Policies)
    planted |= {("menu_parity", "/hi/" + p) for p, (_, h) in _S3_PAGES.items() if h is not None}
    planted |= {(c, p) for c in ("plain_http_links", "broken_links")
                for p in ("/notices/", "/hi/notices/")}
    planted |= {("language_parity", f"/notices/notice-{k}/") for k in range(extra_notices)}
    return pages, planted


def _sitemap(paths: list[str], lastmod: str | None) -> str:
    """A sitemap with paths relative to the site: the server fills in its own address."""
    mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    rows = "".join(f"<url><loc>{{base}}{p.lstrip('/')}</loc>{mod}</url>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>')


_CMF_FOOTER = [("terms-conditions", "Terms & Conditions"),
               ("copyright-policy", "Copyright Policy"),
               ("hyperlinking-policy", "Hyperlinking Policy"), ("disclaimer", "Disclaimer"),
               ("help", "Help"), ("feedback", "Feedback"), ("contact-us", "Contact Us"),
               ("sitemap", "Sitemap"), ("accessibility-statement", "Accessibility Statement")]
_CMF_FOOTER_HI = ["नियम एवं शर्तें", "कॉपीराइट नीति", "हाइपरलिंकिंग नीति", "अस्वीकरण", "सहायता",
                  "प्रतिक्रिया", "संपर्क करें", "साइटमैप", "सुगम्यता कथन"]
_CMF_PAGES = ["", "about-us", "tenders", "rti", "screen-reader-access", "hindi-unicode-font",
              *[p for p, _ in _CMF_FOOTER]]


def _cmf_page(path: str, lang: str, body: str, updated: str | None) -> str:
    hi = lang == "hi"
    pre = "/hi/" if hi else "/"
    name = path.replace("-", " ").title() or ("मुखपृष्ठ" if hi else "Home")
    other = ("/" + path) if hi else ("/hi/" + path).rstrip("/")
    header = " ".join([
        _a(f"{pre}screen-reader-access", "स्क्रीन रीडर का उपयोग" if hi else "Screen Reader Access"),
        # a link that names a language without switching to it: the switch is the next one
        _a(f"{pre}hindi-unicode-font", "हिन्दी यूनिकोड फ़ॉन्ट" if hi else "Download Hindi font"),
        _a(other or "/", "English", hreflang="en") if hi else _a(other, "हिंदी", hreflang="hi"),
        _a(f"{pre}rti", "सूचना का अधिकार" if hi else "Right to Information"),
    ])
    texts = _CMF_FOOTER_HI if hi else [t for _, t in _CMF_FOOTER]
    foot = " ".join(_a(f"{pre}{p}", t) for (p, _), t in zip(_CMF_FOOTER, texts, strict=True))
    date = (f'<div class="last-updated">{"अंतिम अद्यतन" if hi else "Page last updated on"}: '
            f"{updated}</div>" if updated else "")
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="ltr"><head>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="description" content="Transport Department">
<title>{name} | {"परिवहन विभाग" if hi else "Transport Department"}</title>
<link rel="shortcut icon" href="/sites/default/files/favicon.ico">
<link rel="alternate" hreflang="{"en" if hi else "hi"}" href="{other or "/"}">
</head><body>
<div id="header" class="region-header"><div class="top-links">{header}</div></div>
<div id="main-content" class="region-content"><h1>{name}</h1>
<p>{_HI_TEXT if hi else _EN_TEXT}</p>{body}</div>
<div id="footer" class="region-footer"><div class="footer-links">{foot}</div>{date}
<p>{_a("https://twitter.com/UKTransport", "Twitter")}</p></div>
</body></html>"""


def nic_cmf_site() -> tuple[dict[str, Page], set[tuple[str, str]]]:
    """A NIC CMF-like (Drupal) site and its planted defects as (check, path) pairs.

    Planted: no privacy policy anywhere — a "Terms & Conditions" link must not pass for one
    (every page, both languages); /tenders was last updated on 15 Jan 2023 and links a
    redirect loop; /about-us has an image without alt. /about-us shows no date at all (not
    checked, not failed), and the header's "Download Hindi font" is not the language switch.
    """
    pages: dict[str, Page] = {}
    bodies = {
        "tenders": "<p>" + _a("/old-portal", "Old tender portal") + "</p>",
        "about-us": '<img src="/sites/default/files/minister.jpg">',
        "terms-conditions": "<h2>Terms of use</h2><p>Use the site lawfully.</p>",
    }
    for path in _CMF_PAGES:
        for lang in ("en", "hi"):
            updated = (None if path == "about-us" else "15/01/2023" if path == "tenders"
                       else "25/11/2026" if lang == "en" else "२५/११/२०२६")
            key = ("/hi/" + path).rstrip("/") if lang == "hi" else "/" + path
            pages[key] = Page(_cmf_page(path, lang, bodies.get(path, ""), updated))
    pages["/old-portal"] = Page("", 302, headers={"Location": "/old-portal/"})
    pages["/old-portal/"] = Page("", 302, headers={"Location": "/old-portal"})
    pages["/sites/default/files/minister.jpg"] = Page("JPG", ctype="image/jpeg")
    pages["/sites/default/files/favicon.ico"] = Page("ICO", ctype="image/x-icon")
    pages["/robots.txt"] = Page("User-agent: *\nDisallow: /admin/\n", ctype="text/plain")
    pages["/sitemap.xml"] = Page(_sitemap([f"/{p}" for p in _CMF_PAGES if p], None),
                                 ctype="application/xml")
    planted = {("gigw_privacy", ("/hi/" + p).rstrip("/") if lang == "hi" else "/" + p)
               for p in _CMF_PAGES for lang in ("en", "hi")}
    planted |= {("freshness", "/tenders"), ("freshness", "/hi/tenders"),
                ("redirects", "/tenders"), ("redirects", "/hi/tenders"),
                ("img_alt", "/about-us"), ("img_alt", "/hi/about-us")}
    return pages, planted


def served(pages: dict[str, Page]) -> MemorySite:
    """Start a server for ``pages``; ``{base}`` in a body becomes the server's own address."""
    site = MemorySite(pages)
    for page in pages.values():
        page.body = page.body.replace("{base}", site.url)
    return site.start()
