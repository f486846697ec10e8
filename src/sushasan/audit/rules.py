"""Each audit check's severity, and the GIGW links' patterns (``static/gigw_links.toml``).

The words of a check (the fix in English and Hindi, the GIGW document's name) are the catalogue's
``fix:<check>`` and ``gigw:<check>`` words (:mod:`sushasan.words`); a test keeps the two in step.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

__all__ = ["GIGW_FILE", "GIGW_LINKS", "SEVERITY"]

GIGW_FILE = Path(__file__).resolve().parent / "static" / "gigw_links.toml"

#: check id → severity (weight class in the score unless the method file weighs it itself)
SEVERITY: dict[str, str] = {
    "timeout": "critical",
    "reachability": "critical",
    "https": "serious",
    "http_redirect": "moderate",
    "hsts": "minor",
    "tls_certificate": "critical",
    "tls_renewal": "minor",
    "tls_version": "moderate",
    "response_time": "moderate",
    "page_weight": "minor",
    "robots_txt": "minor",
    "robots_blocks_all": "moderate",
    "sitemap_xml": "moderate",
    "not_found": "moderate",
    "title": "serious",
    "meta_description": "minor",
    "html_lang": "serious",
    "viewport": "moderate",
    "favicon": "minor",
    "img_alt": "serious",
    "bilingual": "serious",
    "freshness": "moderate",
    "gigw_contact": "moderate",
    "gigw_rti": "serious",
    "gigw_privacy": "moderate",
    "gigw_terms": "minor",
    "gigw_hyperlinking": "minor",
    "gigw_copyright": "minor",
    "gigw_accessibility": "moderate",
    "gigw_screen_reader": "minor",
    "gigw_help": "minor",
    "gigw_sitemap": "minor",
    "gigw_feedback": "moderate",
    "plain_http_links": "minor",
    "language_parity": "minor",
    "menu_parity": "minor",
    "social_registered": "moderate",
    "social_unknown": "info",
    "broken_links": "serious",
    "redirects": "moderate",
    "a11y_critical": "critical",
    "a11y_serious": "serious",
    "a11y_moderate": "moderate",
    "a11y_minor": "minor",
    "accessibility_not_measured": "info",
}

#: GIGW 3.0 links every page must carry: check id → (pattern for the link's text, title or the
#: target page's title and headings; pattern for the link's path).
GIGW_LINKS: dict[str, tuple[str, str]] = {
    check: (rule["text"], rule["path"])
    for check, rule in tomllib.loads(GIGW_FILE.read_text(encoding="utf-8")).items()
}
