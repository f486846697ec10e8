"""Reading a page's "last updated / अंतिम अद्यतन" date, in the forms Indian government sites
write it (English and Hindi month names, Devanagari digits, day first)."""

from __future__ import annotations

import re
from datetime import date

__all__ = ["iso_date", "last_updated"]


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTHS.update({"जनवरी": 1, "फ़रवरी": 2, "फरवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6,
                "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10,
                "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12})
_LABEL = re.compile(r"(last\s*(updated|modified|reviewed)|updated\s*on|अंतिम\s*(अद्यतन|संशोधन|अपडेट)"
                    r"|अद्यतन\s*तिथि)", re.I)
_DATES = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z\u0900-\u097f]+)\.?,?\s+(\d{4})"),
     ("d", "M", "y")),
    (re.compile(r"([A-Za-z\u0900-\u097f]+)\.?\s+(\d{1,2}),?\s+(\d{4})"), ("M", "d", "y")),
]
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


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
