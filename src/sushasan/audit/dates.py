"""Reading a page's "last updated / अंतिम अद्यतन" date, in the forms Indian government sites
write it (English and Hindi month names, Devanagari digits, day first)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sushasan.language import patterns

__all__ = ["iso_date", "last_updated"]


WORDS_FILE = Path(__file__).resolve().parent / "data" / "words.yaml"
"""The words the audit reads on pages (month names, labels, language names): data, not code."""
_WORDS = patterns.load(WORDS_FILE)
_MONTHS: dict[str, int] = {str(name): int(n) for name, n in _WORDS["months"].items()}
_LABEL = patterns.compiled(_WORDS["last_updated"], WORDS_FILE, re.I)
_DATES = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z\u0900-\u097f]+)\.?,?\s+(\d{4})"),
     ("d", "M", "y")),
    (re.compile(r"([A-Za-z\u0900-\u097f]+)\.?\s+(\d{1,2}),?\s+(\d{4})"), ("M", "d", "y")),
]
_DIGITS = str.maketrans("".join(map(chr, range(0x966, 0x970))), "0123456789")  # Devanagari


def _parse_date(snippet: str) -> date | None:
    best: tuple[int, date] | None = None
    for rx, order in _DATES:
        for m in rx.finditer(snippet):
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts.get("m") or str(_MONTHS.get(parts["M"].lower()[:3])
                                          or _MONTHS.get(parts["M"], ""))
            try:
                found = date(int(parts["y"]), int(month), int(parts["d"]))
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), found)
    return best[1] if best else None


def last_updated(text: str) -> date | None:
    """The latest date written right after a "last updated" label (English or Hindi)."""
    text = text.translate(_DIGITS)
    found = [_parse_date(text[m.end(): m.end() + 60]) for m in _LABEL.finditer(text)]
    dates = [x for x in found if x is not None]
    return max(dates) if dates else None


def iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return _parse_date(value)
