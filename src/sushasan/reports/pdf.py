"""The review as bilingual PDFs for the review meeting, written in pure Python with fpdf2.

Two files from one review: the full pack (``review-<quarter>.pdf``: a one-page summary, the
league table on A4 landscape pages, one page per ranked department and the method annex) and the
meeting version (``review-<quarter>-meeting.pdf``: the summary, a compact league table and the
top 3's department pages, at most six pages to print for the table). Insufficient-data
departments come in their own block after the ranked ones, never ranked last.

Everything is laid out here with the fonts it is drawn with (reports/pdf_layout.py), so the league
table is cut into pages exactly and the page count is known before drawing (``page_count``):
review packs are printed and referred to by page. Devanagari is shaped by HarfBuzz (uharfbuzz) in
the page text and by matplotlib's libraqm in the chart; the Noto fonts come from Python packages
(reports/fonts.py) and are embedded. Nothing is fetched: text is text, never a URL to follow.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from sushasan.errors import SushasanError
from sushasan.reports import pdf_annex, pdf_department, pdf_pages
from sushasan.reports.fonts import font_paths
from sushasan.reports.pdf_layout import PT_PER_MM, League, ReportPDF, lab
from sushasan.reports.pdf_values import (
    OPTIONAL,
    PLATFORMS,
    fmt_value,
    has_field,
    medians,
    pillars,
    prepared,
    ranked,
    review_state,
    top3,
    unranked,
)
from sushasan.words import slashed

__all__ = [
    "OPTIONAL",
    "PLATFORMS",
    "PT_PER_MM",
    "League",
    "fmt_value",
    "lab",
    "league_pages",
    "meeting_page_count",
    "page_count",
    "render",
    "review_state",
    "write_meeting_pdf",
    "write_pdf",
]

MEETING_MAX_PAGES = 6

_log = logging.getLogger(__name__)


# ---- league table layout --------------------------------------------------------------------


def _league_columns(pdf: ReportPDF, review: dict[str, Any], compact: bool) -> dict[str, float]:
    """Column widths (mm): pillar columns as wide as their longest header word, the rest names."""
    has_change, has_tier = has_field(review, "trend"), has_field(review, "tier")
    if compact:
        width = (273.0 - 6.0) / 2
        cols = {"rank": 9.0, "name": 0.0, "score": 22.0, "coverage": 15.0}
        if has_change:
            cols["change"] = 13.0
        cols["name"] = width - sum(cols.values())
        return cols
    pillar_mm = 16.0
    for p in pillars(review):
        for word in " ".join(lab(p)).split():
            pillar_mm = max(pillar_mm, pdf.width(word, 6.8, bold=True) + 2 * 1.4 + 0.4)
    cols = {"rank": 10.0, "name": 0.0, "score": 21.0}
    cols |= {f"p:{p}": round(pillar_mm, 1) for p in pillars(review)}
    cols["coverage"] = 16.0
    if has_change:
        cols["change"] = 15.0
    if has_tier:
        cols["tier"] = 12.0
    cols["name"] = round(273.0 - sum(cols.values()), 1)
    return cols


def header_height(pdf: ReportPDF, league: League) -> float:
    keys = league.header_keys()
    return max(
        pdf.stack_height(league.header_parts(keys[k]), w - 2 * league.pad_x)
        for k, w in league.cols.items()
    ) + 2.0


def row_height(pdf: ReportPDF, league: League, d: dict[str, Any]) -> float:
    w = league.cols["name"] - 2 * league.pad_x
    return pdf.stack_height(league.name_parts(d), w) + 2 * league.pad_y + 0.3


def _paginate(
    review: dict[str, Any], league: League, rows: list[tuple[dict[str, Any], float]],
    budget: float,
) -> list[list[list[dict[str, Any]]]]:
    """Rows into slots (a table's height on a page), slots into pages."""
    slots: list[list[dict[str, Any]]] = [[]]
    used = 0.0
    for i, (row, height) in enumerate(rows):
        # a divider never ends a slot: it must sit above the first row it introduces
        need = height + (rows[i + 1][1] if row["kind"] == "divider" else 0.0)
        if slots[-1] and used + need > budget:
            slots.append([])
            used = 0.0
            if row["kind"] == "unranked":  # the block goes on: say so again at the top
                slots[-1].append({"kind": "divider", "continued": True})
                used = league.divider_h
        slots[-1].append(row)
        used += height
    return [slots[i:i + league.slots] for i in range(0, len(slots), league.slots)]


def layout_league(pdf: ReportPDF, review: dict[str, Any], compact: bool = False) -> League:
    """The league table measured with `pdf`'s fonts and cut into pages.

    The compact form is shrunk a step at a time (down to 80 %) while it would take more than
    the two pages the meeting version has for it.
    """
    review = prepared(review)
    for scale in ((1.0, 0.9, 0.8) if compact else (1.0,)):
        league = League(compact=compact, cols=_league_columns(pdf, review, compact),
                        pillars=pillars(review), scale=scale, slots=2 if compact else 1,
                        slot_w=(273.0 - 6.0) / 2 if compact else 273.0,
                        divider_h=(2 * 8.0 * scale * 1.3 / PT_PER_MM + 2.0) if compact else 8.0)
        budget = league.bottom - league.top - header_height(pdf, league) - 1.0
        rows = [({"kind": "ranked", "d": d}, row_height(pdf, league, d)) for d in ranked(review)]
        if rest := unranked(review):
            rows.append(({"kind": "divider"}, league.divider_h))
            rows += [({"kind": "unranked", "d": d}, row_height(pdf, league, d)) for d in rest]
        league.pages = _paginate(review, league, rows, budget)
        if len(league.pages) <= 2:
            break
    return league


_measurer: ReportPDF | None = None
_measure_lock = threading.Lock()  # the dashboard writes PDFs from worker threads


def _layout(review: dict[str, Any], compact: bool) -> League:
    """layout_league on one off-screen canvas per process, one caller at a time."""
    global _measurer
    with _measure_lock:
        if _measurer is None:
            _measurer = ReportPDF("L")
            _measurer.add_page()
        return layout_league(_measurer, review, compact)


def league_pages(review: dict[str, Any], compact: bool = False) -> list[list[dict[str, Any]]]:
    """The league table's rows per page (a row: a department or the insufficient-data divider).

    For the compact form a page's rows are its two tables, left then right.
    """
    pages = _layout(review, compact).pages
    return [[row for slot in page for row in slot] for page in pages]


def page_count(review: dict[str, Any]) -> int:
    """Pages of the full pack: summary + league table + one per ranked department + annex."""
    return 1 + len(league_pages(review)) + len(ranked(review)) + 1


def meeting_page_count(review: dict[str, Any]) -> int:
    """Pages of the meeting version: summary + compact league table + the top 3's pages."""
    return 1 + len(league_pages(review, compact=True)) + len(top3(review))


# ---- drawing --------------------------------------------------------------------------------


def _footer(review: dict[str, Any]) -> tuple[str, str]:
    title = lab("title")[0]
    left = f"Sushasan · {title} {review['quarter']} · {review_state(review)[0]}"
    sample = slashed("SAMPLE DATA") if review.get("data") == "sample" else ""
    return left, sample


def render(review: dict[str, Any], meeting: bool = False) -> ReportPDF:
    """The pack (or the meeting version) drawn, not yet written; ``.overflows`` lists misfits."""
    font_paths()  # fail before any work when the fonts cannot be had
    review = prepared(review)
    dept_pages = top3(review) if meeting else ranked(review)
    pdf = ReportPDF(footer_text=_footer(review),
                    title=f"{lab('title')[0]} {review['quarter']} — {review_state(review)[0]}")
    league = _layout(review, compact=meeting)
    pdf.total_pages = 1 + len(league.pages) + len(dept_pages) + (0 if meeting else 1)
    meds = medians(review)
    pdf_pages.summary(pdf, review, meeting=meeting)
    pdf_pages.league(pdf, review, league)
    for d in dept_pages:
        pdf_department.department(pdf, review, d, meds)
    if not meeting:
        pdf_annex.annex(pdf, review)
    if pdf.page_no() != pdf.total_pages:  # the footers said "n / total": they must be right
        raise SushasanError(f"PDF not written: drew {pdf.page_no()} pages but numbered them "
                            f"out of {pdf.total_pages}; please report this review's JSON")
    if meeting and pdf.total_pages > MEETING_MAX_PAGES:
        _log.warning("the meeting PDF has %d pages (meant to be at most %d): the league table "
                     "did not fit two pages", pdf.total_pages, MEETING_MAX_PAGES)
    return pdf


def _write(pdf: ReportPDF, path: Path) -> Path:
    if pdf.overflows:
        _log.warning("PDF pages too full, content ran past the page: %s",
                     ", ".join(pdf.overflows))
    pdf.output(str(path))
    return path


def write_pdf(review: dict[str, Any], path: Path) -> Path:
    """The full review pack at `path`."""
    return _write(render(review), path)


def write_meeting_pdf(review: dict[str, Any], path: Path) -> Path:
    """The meeting version (summary, compact league table, the top 3's pages) at `path`."""
    return _write(render(review, meeting=True), path)

