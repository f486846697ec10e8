"""What every page of the review PDF shares: the content box, colours, and bilingual cells."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sushasan.reports.pdf_layout import INK, NAVY, Part, ReportPDF, lab

__all__ = [
    "AMBER",
    "BROWN",
    "GREEN",
    "GREY",
    "HEAD_FILL",
    "MAX_FLAGS",
    "MAX_ITEMS",
    "RED",
    "RULE",
    "SOFT",
    "X0",
    "Cell",
    "W",
    "bi",
    "row",
    "stacked",
]

X0, W = 14.0, 182.0  # portrait content box
GREY, HEAD_FILL, RULE, SOFT = "#4a5a6a", "#eef2f6", "#b9c4cf", "#e3e8ee"
GREEN, RED, BROWN, AMBER = "#2e7d32", "#c62828", "#9c4a00", "#b58900"
MAX_ITEMS, MAX_FLAGS = 3, 2  # explanation items per list, flags per department page
Cell = tuple[float, Sequence[Part], str]  # width (mm), stacked parts, "L"/"R"/"C"


def bi(key: str, size: float, bold: bool = False, colour: str = INK, **kw: Any) -> Part:
    en, hi = lab(key)
    return Part(f"{en} / {hi}", size, bold, colour, **kw)


def stacked(key: str, size: float, bold_en: bool = True, colour: str = NAVY) -> list[Part]:
    en, hi = lab(key)
    return [Part(en, size, bold_en, colour), Part(hi, size, False, colour, leading=1.4)]


def row(pdf: ReportPDF, x: float, y: float, cells: Sequence[Cell], pad_x: float = 1.4,
        pad_y: float = 0.8, fill: str | None = None, line: str | None = SOFT,
        valign: str = "top", min_h: float = 0.0) -> float:
    """A table row: each cell's parts stacked, the row as tall as its tallest cell; → height."""
    heights = [pdf.stack_height(parts, w - 2 * pad_x) for w, parts, _ in cells]
    h = max([*heights, min_h]) + 2 * pad_y
    if fill:
        pdf.box(x, y, sum(w for w, _, _ in cells), h, fill=fill)
    cx = x
    for (w, parts, align), ch in zip(cells, heights, strict=True):
        offset = {"top": 0.0, "middle": (h - 2 * pad_y - ch) / 2, "bottom": h - 2 * pad_y - ch}
        pdf.stack(cx + pad_x, y + pad_y + offset[valign], w - 2 * pad_x, parts, align)
        cx += w
    if line:
        pdf.rule(x, y + h, cx, line, 0.18)
    return h
