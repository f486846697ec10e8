"""The PDF canvas shared by the review pack and the certificates: fonts, text, boxes, the footer.

fpdf2 writes the PDF in pure Python and shapes text with HarfBuzz (uharfbuzz), so Devanagari
conjuncts, reph and pre-base matras come out right without Pango or a browser. Its per-glyph
font fallback is not shaped, though, so a piece of text containing any Devanagari is set entirely
in Noto Sans Devanagari (whose Latin letters, digits and punctuation match Noto Sans) and
English-only text in Noto Sans. Text is laid out here with the same fonts it is drawn with, so
measured heights (league-table pagination, clamped names) are exact, not estimates.

Units: millimetres for positions and sizes, points for font sizes.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from fontTools.ttLib import TTFont
from fpdf import FPDF

from sushasan.reports.fonts import font_paths
from sushasan.words import both

__all__ = [
    "ACCENT", "INK", "MUTED", "NAVY", "PT_PER_MM", "League", "Part", "ReportPDF",
    "has_devanagari", "lab", "rgb",
]

PT_PER_MM = 72 / 25.4
INK, NAVY, MUTED, ACCENT = "#1b2a3a", "#1f3b57", "#6b7785", "#d9822b"
_DEVANAGARI = re.compile("[\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff]")


def lab(key: str) -> tuple[str, str]:
    """(English, Hindi) for a key; unknown keys (a new indicator) show their id, not a crash."""
    text = key.replace("_", " ")
    return both(key, (text, text))


def has_devanagari(text: str) -> bool:
    return bool(_DEVANAGARI.search(text))


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1b2a3a' → (27, 42, 58)."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


@dataclass(frozen=True)
class Part:
    """One run of text in a stacked cell: its size (pt), weight, colour and line height factor."""

    text: str
    size: float
    bold: bool = False
    colour: str = INK
    leading: float = 1.25
    max_lines: int | None = None


@cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


# (fonts, kind, text, ...) → width or lines. Bounded: a dashboard that writes many drafts
# measures free text (flags, notes) too, so the oldest entries go past this many.
_MEASURED_MAX = 50_000
_MEASURED: LRUCache[tuple[Any, ...], float | list[str]] = LRUCache(maxsize=_MEASURED_MAX)
_MEASURED_LOCK = threading.Lock()  # PDFs are written from the dashboard's threads


def _remember(key: tuple[Any, ...], value: float | list[str]) -> None:
    """Keep a measurement (the least recently used go first once the cache is full)."""
    with _MEASURED_LOCK:
        _MEASURED[key] = value


def _recall(key: tuple[Any, ...]) -> float | list[str] | None:
    with _MEASURED_LOCK:
        return _MEASURED.get(key)


class ReportPDF(FPDF):
    """An FPDF with the four Noto faces, shaping on, a bilingual footer and overflow bookkeeping.

    ``footer_text`` is drawn at the bottom of every page with "page / total"; ``overflows``
    collects the names of one-page sections whose content ran past ``bottom`` (the tests and
    ``write_pdf`` check it is empty: a pack is cited by page, so nothing may spill or be cut).
    """

    def __init__(
        self,
        orientation: str = "P",
        footer_text: tuple[str, str] | None = None,
        total_pages: int | None = None,
        title: str = "",
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        paths = font_paths()
        self._fonts_key = tuple(str(p) for p in paths.values())
        self.add_font("sans", "", str(paths["sans"]))
        self.add_font("sans", "B", str(paths["sans-bold"]))
        self.add_font("deva", "", str(paths["deva"]))
        self.add_font("deva", "B", str(paths["deva-bold"]))
        for font in self.fonts.values():  # fpdf2 keeps each font file open (lazy tables) until
            font.ttfont.close()  # garbage collection: read them from memory instead
            font.ttfont = TTFont(io.BytesIO(_font_bytes(str(font.ttffile))),
                                 recalcTimestamp=False, lazy=True)
        self.set_text_shaping(True)
        self.set_auto_page_break(False)
        self.set_margins(14, 14, 14)
        self.c_margin = 0
        self.footer_text = footer_text
        self.total_pages = total_pages
        self.overflows: list[str] = []
        self.bottom = self.h - 16
        self.set_creator("Sushasan")
        self.set_producer("Sushasan (fpdf2)")
        if title:
            self.set_title(title)
        self.set_lang("en")

    # ---- text ---------------------------------------------------------------------------

    def use(self, text: str, size: float, bold: bool = False, colour: str = INK) -> None:
        """Select the face for `text`: Devanagari if it has any, else Latin."""
        self.set_font("deva" if has_devanagari(text) else "sans", "B" if bold else "", size)
        self.set_text_color(*rgb(colour))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width in mm of `text` shaped in its face at `size` pt."""
        key = (self._fonts_key, "w", text, size, bold)
        if (hit := _recall(key)) is None:
            self.use(text, size, bold)
            hit = float(self.get_string_width(text))
            _remember(key, hit)
        return hit  # type: ignore[return-value]

    def lines(self, text: str, w: float, size: float, bold: bool = False) -> list[str]:
        """`text` broken into lines `w` mm wide, the way :meth:`text_at` draws it.

        fpdf2 shapes each character on its own while breaking lines, which is slow, and the
        same labels recur on every department page: results are kept per process (the fonts'
        paths are part of the key), and text that fits on one line is never broken.
        """
        if not text:
            return [""]
        key = (self._fonts_key, "l", text, round(w, 3), size, bold)
        if (hit := _recall(key)) is None:
            if "\n" not in text and self.width(text, size, bold) <= w:
                hit = [text]
            else:
                self.use(text, size, bold)
                out = self.multi_cell(w, size / PT_PER_MM, text, dry_run=True, output="LINES",
                                      new_x="LEFT", new_y="TOP")
                hit = [str(line) for line in out] or [""]
            _remember(key, hit)
        return list(hit)  # type: ignore[arg-type]

    def clamp(self, text: str, w: float, size: float, bold: bool, max_lines: int) -> str:
        """`text` cut to `max_lines` lines of width `w`, ending in "…" when something was cut."""
        lines = self.lines(text, w, size, bold)
        if len(lines) <= max_lines:
            return text
        kept = lines[:max_lines]
        last = kept[-1].rstrip()
        while last and self.width(last + " …", size, bold) > w:
            last = last[:-1].rstrip()
        return " ".join([*(s.strip() for s in kept[:-1]), last + " …"]).strip()

    def height(self, part: Part, w: float) -> float:
        """Height in mm of `part` set in a box `w` mm wide."""
        text = self._clamped(part, w)
        return len(self.lines(text, w, part.size, part.bold)) * part.size * part.leading / PT_PER_MM

    def _clamped(self, part: Part, w: float) -> str:
        if part.max_lines is None:
            return part.text
        return self.clamp(part.text, w, part.size, part.bold, part.max_lines)

    def text_at(self, x: float, y: float, w: float, part: Part, align: str = "L") -> float:
        """Draw `part` in a box from (x, y) `w` mm wide; returns the y below it."""
        text = self._clamped(part, w)
        lh = part.size * part.leading / PT_PER_MM
        for line in self.lines(text, w, part.size, part.bold):  # already broken: draw lines
            self.use(line, part.size, part.bold, part.colour)
            self.set_xy(x, y)
            self.cell(w, lh, line.strip(), align=align)
            y += lh
        return y

    def stack_height(self, parts: Sequence[Part], w: float) -> float:
        return sum(self.height(p, w) for p in parts if p.text)

    def stack(self, x: float, y: float, w: float, parts: Sequence[Part], align: str = "L") -> float:
        """Parts one under the other (English above Hindi); returns the y below the last."""
        for p in parts:
            if p.text:
                y = self.text_at(x, y, w, p, align)
        return y

    def runs(self, x: float, y: float, runs: Sequence[Part]) -> float:
        """Parts side by side on one line (e.g. a title in navy, its quarter in saffron)."""
        for p in runs:
            self.use(p.text, p.size, p.bold, p.colour)
            self.set_xy(x, y)
            w = self.get_string_width(p.text)
            self.cell(w, p.size * p.leading / PT_PER_MM, p.text)
            x += w
        return x

    # ---- shapes -------------------------------------------------------------------------

    def box(self, x: float, y: float, w: float, h: float, fill: str | None = None,
            line: str | None = None, width: float = 0.25, radius: float = 0.0) -> None:
        if fill:
            self.set_fill_color(*rgb(fill))
        if line:
            self.set_draw_color(*rgb(line))
            self.set_line_width(width)
        style = ("F" if fill else "") + ("D" if line else "")
        if style:
            self.rect(x, y, w, h, style=style, round_corners=radius > 0, corner_radius=radius)

    def rule(self, x1: float, y: float, x2: float, colour: str, width: float) -> None:
        self.set_draw_color(*rgb(colour))
        self.set_line_width(width)
        self.line(x1, y, x2, y)

    def bar(self, x: float, y: float, w: float, h: float, score: Any, median: Any = None,
            colour: str = "#2f5d8a", track: str = "#e6ebf0") -> None:
        """A 0–100 bar with its track, and the ranked median as a saffron tick."""
        self.box(x, y, w, h, fill=track)
        if score is not None:
            self.box(x, y, w * min(max(float(score), 0.0), 100.0) / 100, h, fill=colour)
        if median is not None:
            mx = x + w * min(max(float(median), 0.0), 100.0) / 100
            self.box(mx - 0.3, y - 0.9, 0.6, h + 1.8, fill=ACCENT)

    # ---- page furniture -----------------------------------------------------------------

    def check_fit(self, name: str, y: float) -> None:
        """Record `name` when its content ended below the page's usable bottom."""
        if y > self.bottom + 0.05:
            self.overflows.append(name)

    def footer(self) -> None:
        if not self.footer_text:
            return
        left, sample = self.footer_text
        y = self.h - 11
        x = self.l_margin
        x = self.runs(x, y, [Part(left, 7, colour=MUTED)])
        if sample:
            self.runs(x, y, [Part(f" · {sample}", 7, bold=True, colour="#9c4a00")])
        total = self.total_pages or "{nb}"
        page = f"{self.page_no()} / {total}"
        self.use(page, 7, colour=MUTED)
        self.set_xy(self.w - self.r_margin - 30, y)
        self.cell(30, 7 * 1.25 / PT_PER_MM, page, align="R")


@dataclass
class League:
    """The league table's geometry: columns (key → mm), type sizes, and its rows cut into pages.

    ``compact`` is the meeting version's form: no pillar columns, names on one line each (the
    full pack has them in full), two tables side by side on each landscape page.
    """

    compact: bool
    cols: dict[str, float]
    pillars: list[str]
    scale: float = 1.0
    slots: int = 1
    slot_w: float = 273.0
    pages: list[list[list[dict[str, Any]]]] = field(default_factory=list)

    # type sizes (pt) and paddings (mm)
    @property
    def en_pt(self) -> float:
        return (6.8 if self.compact else 8.5) * self.scale

    @property
    def hi_pt(self) -> float:
        return (7.2 if self.compact else 9.0) * self.scale

    @property
    def en_lead(self) -> float:
        return 1.15 if self.compact else 1.235

    @property
    def hi_lead(self) -> float:
        return 1.25 if self.compact else 1.333

    @property
    def pad_y(self) -> float:
        return (0.45 if self.compact else 0.9) * self.scale

    pad_x: float = 1.4
    top: float = 25.5
    bottom: float = 195.0
    divider_h: float = 8.0

    def name_parts(self, d: dict[str, Any]) -> list[Part]:
        one = 1 if self.compact else None
        return [
            Part(d["name_en"], self.en_pt, bold=self.compact, leading=self.en_lead, max_lines=one),
            Part(d["name_hi"], self.hi_pt, colour="#33475b", leading=self.hi_lead, max_lines=one),
        ]

    def header_keys(self) -> dict[str, str]:
        """Column → label key ("p:activity" → "activity", "name" → "department")."""
        return {k: (k[2:] if k.startswith("p:") else ("department" if k == "name" else k))
                for k in self.cols}

    def header_parts(self, key: str) -> list[Part]:
        en, hi = lab(key)
        size = 6.8 * self.scale if not self.compact else 6.5 * self.scale
        return [Part(en, size, bold=True, colour=NAVY, leading=1.25),
                Part(hi, size, colour=NAVY, leading=1.47)]
