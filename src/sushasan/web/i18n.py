"""Hindi and English for the dashboard: gettext catalogues, the language choice, Indian numbers.

Catalogues live in ``web/locale/{hi,en}/LC_MESSAGES/messages.po`` with their compiled ``.mo``
beside them. A checkout or an install whose ``.mo`` is missing or older than its ``.po`` still
works: the ``.po`` is compiled in memory with Babel at start-up, so a fresh install never shows
raw message ids. ``python -m sushasan.web.i18n`` recompiles the ``.mo`` files (run it after
editing a catalogue; a test checks they are in step).

Numbers use Indian grouping (12,34,567) in both languages, as government documents do.
"""

from __future__ import annotations

import gettext
import io
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from sushasan.labels import LABELS

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "babel_number",
    "compile_catalogues",
    "fmt_number",
    "fmt_percent",
    "label",
    "pick_language",
    "translations",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("hi", "en")
DEFAULT_LANGUAGE = "hi"
_BABEL_LOCALE = {"hi": "hi_IN", "en": "en_IN"}


def _po(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def _compiled(lang: str) -> bytes:
    with _po(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The language's catalogue, from its .mo if current, else compiled from the .po now."""
    po, mo = _po(lang), _po(lang).with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        data = mo.read_bytes()
    else:
        data = _compiled(lang)
    return gettext.GNUTranslations(io.BytesIO(data))


def compile_catalogues() -> list[Path]:
    """Write every .mo from its .po (what a release build or a translator runs)."""
    written = []
    for lang in LANGUAGES:
        mo = _po(lang).with_suffix(".mo")
        mo.write_bytes(_compiled(lang))
        written.append(mo)
    translations.cache_clear()
    return written


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
    """A review word (pillar, indicator, status) from the core's bilingual labels."""
    en, hi = LABELS.get(key, (key, key))
    return hi if lang == "hi" else en


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    for path in compile_catalogues():
        sys.stdout.write(f"wrote {path}\n")
