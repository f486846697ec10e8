"""Hindi and English for the dashboard: the language choice and Indian numbers.

The words themselves are the one catalogue of :mod:`sushasan.words` (its Jinja ``_()`` too);
this module re-exports what the web asks of it.

Numbers use Indian grouping (12,34,567) in both languages, as government documents do.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal

from sushasan import words
from sushasan.words import LANGUAGES, LOCALE_DIR, catalogue_problems, translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "babel_number",
    "catalogue_problems",
    "fmt_number",
    "fmt_percent",
    "label",
    "pick_language",
    "translations",
]

DEFAULT_LANGUAGE = "hi"
_BABEL_LOCALE = {"hi": "hi_IN", "en": "en_IN"}


def pick_language(*choices: str | None, accept: str = "") -> str:
    """The first valid explicit choice, else the browser's preference, else Hindi."""
    for c in choices:
        if c in LANGUAGES:
            return c  # type: ignore[return-value]
    for part in accept.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def fmt_number(value: Any, lang: str, digits: int = 0) -> str:
    """12,34,567 grouping; an em dash for a missing value (never a misleading zero).

    The same output as Babel's ``format_decimal(value, "#,##,##0.0…", locale="hi_IN")`` (a test
    compares them), computed directly: a league page shows ~700 numbers and Babel's general
    pattern machinery was most of the page's rendering time.
    """
    if value is None:
        return "—"
    return _indian(value, digits)


@lru_cache(maxsize=65536)
def _indian(value: Any, digits: int) -> str:
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    q = d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    whole, _, frac = f"{abs(q):f}".partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups = []
    while head:
        groups.insert(0, head[-2:])
        head = head[:-2]
    text = ",".join([*groups, tail]) + (f".{frac}" if digits else "")
    return f"-{text}" if q < 0 else text


def babel_number(value: Any, lang: str, digits: int = 0) -> str:
    """The reference: Babel's Indian formatting (what ``fmt_number`` must equal)."""
    pattern = "#,##,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_BABEL_LOCALE[lang])


def fmt_percent(share: Any, lang: str, digits: int = 0) -> str:
    if share is None:
        return "—"
    return fmt_number(float(share) * 100, lang, digits) + "%"


def label(key: str, lang: str) -> str:
    """A review word (pillar, indicator, status) from the catalogue; an unknown key as it is."""
    return words.word(key, lang)
