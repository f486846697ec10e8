"""Hindi and English for the dashboard: gettext catalogues, the language choice, Indian numbers.

Catalogues live in ``web/locale/{hi,en}/LC_MESSAGES/messages.po`` and nowhere else: each process
compiles a language's ``.po`` in memory with Babel the first time it is asked for (about 3 ms a
catalogue) and keeps the result. There is no ``.mo`` in git or in the package, because a compiled
binary beside its source can go stale unseen (a fresh clone gives every file the same mtime, so
"older than the .po" cannot be told), and an editable install has no build step to refresh it.
A translator edits the ``.po`` and restarts the server; ``python -m sushasan.web.i18n`` lists
messages that still lack a translation or are marked fuzzy (fuzzy ones are not used).

Numbers use Indian grouping (12,34,567) in both languages, as government documents do.
"""

from __future__ import annotations

import gettext
import io
import sys
from collections.abc import Iterator
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
    "catalogue_problems",
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


def _po(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / "messages.po"


def _compiled(po: Path, lang: str) -> bytes:
    """The .po compiled to .mo bytes in memory (fuzzy entries left out, as msgfmt does)."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


@cache
def translations(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.GNUTranslations:
    """The language's catalogue, compiled from its .po on disk once per process."""
    return gettext.GNUTranslations(io.BytesIO(_compiled(_po(lang, locale_dir), lang)))


def catalogue_problems(lang: str, locale_dir: Path = LOCALE_DIR) -> Iterator[str]:
    """Messages a user would see untranslated: an empty msgstr (or plural form), or a fuzzy
    entry, which the loader skips. English is the source language, so only ``hi`` is checked
    for empty strings."""
    with _po(lang, locale_dir).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        ident = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.fuzzy:
            yield f"{lang}: fuzzy: {ident!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if lang != "en" and not all(strings):
            yield f"{lang}: not translated: {ident!r}"


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
    problems = [p for lang in LANGUAGES for p in catalogue_problems(lang)]
    for problem in problems:
        sys.stdout.write(problem + "\n")
    sys.exit(1 if problems else 0)
