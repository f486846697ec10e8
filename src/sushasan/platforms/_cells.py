"""Reading the number cells of hand-downloaded exports without losing rows.

A real export is full of things that look odd and are data: YouTube Studio writes negative like
counts when more likes were removed than added in the period, spreadsheets write ``1,23,456``
(Indian grouping) or ``12,400``, Meta leaves cells blank, X writes ``-`` for "not applicable", and
a Hindi UI may write Devanagari digits. All of these read. A cell that truly cannot be read
(``abc``, ``1.5`` likes, ``1e30``) is stored as missing, and the row is kept with a ``Note`` saying
which cell and why; the import summary lists the notes by row. Only a row's identity (its post id,
its day) can still reject a row: without it there is nothing to store.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sushasan.ingest.records import Note

__all__ = ["MISSING", "Cells", "read_number"]

#: Cells that mean "no value": blank, X's "-", em and en dashes, and what spreadsheets write.
MISSING = frozenset({"", "-", "\u2014", "\u2013", "n/a", "na", "none", "null", "--"})
_MINUS = ("-", "\u2212", "\u2012", "\u2013")  # ASCII hyphen-minus, minus sign, figure/en dash
#: 12,345 · 1,23,456 (lakh grouping) · 12 345 (thin or no-break spaces) · plain digits.
_GROUPED = re.compile(
    r"^(?:\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+|\d{1,2}(?:,\d{2})+,\d{3})(?:\.\d+)?$"
)
_MAX = 2**53  # well inside int64; a larger "count" is damage, not reach


def read_number(value: object) -> int | None:
    """``"1,23,456"`` → 123456, ``"-3"`` → -3, ``"—"`` → None; ValueError with why otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().strip('"').strip()
        if text.lower() in MISSING:
            return None
        negative = text.startswith(_MINUS) and len(text) > 1
        if negative:
            text = text[1:].strip()
        elif text.startswith("(") and text.endswith(")"):  # accountants' negative
            negative, text = True, text[1:-1].strip()
        digits = text
        if _GROUPED.match(text):
            digits = re.sub(r"[,\u00a0\u202f\u2009 ]", "", text)
        elif "," in text:
            raise ValueError("has separators in the wrong places")
        try:
            number = float(digits)  # also reads Devanagari and other Unicode decimal digits
        except ValueError:
            raise ValueError("is not a number") from None
        number = -number if negative else number
    if not math.isfinite(number):
        raise ValueError("is not a number")
    if number != int(number):
        raise ValueError("is not a whole number")
    if abs(number) > _MAX:
        raise ValueError("is too large to be a count")
    return int(number)


@dataclass
class Cells:
    """One record's cells by field name, collecting a note for each cell that cannot be read."""

    cells: list[str]
    col: Mapping[str, int]
    line: int
    notes: list[Note] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        i = self.col.get(key)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def number(self, key: str, label: str, *, level: bool = False) -> int | None:
        """A count or a change in the period (negative allowed); a ``level`` (followers on a
        day) cannot be negative. What cannot be read is None, with a note."""
        raw = self.get(key)
        try:
            value = read_number(raw)
        except ValueError as exc:
            self.note(f"{label} '{raw}' {exc}; stored as missing")
            return None
        if level and value is not None and value < 0:
            self.note(f"{label} '{raw}' is negative, which a total cannot be; stored as missing")
            return None
        return value

    def note(self, text: str) -> None:
        self.notes.append(Note(self.line, text))
