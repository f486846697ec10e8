"""Certificates of appreciation for the top 3 departments of a quarter, in Hindi and English.

One A4-landscape PDF per department so each can be printed, signed and handed over on its own.
They share the review PDF's fonts and canvas (pdf_layout.py); certificates made from sample data
carry a SAMPLE watermark and a note, so a demonstration can never pass for an award.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path
from typing import Any

from sushasan.reports.pdf_layout import ACCENT, NAVY, PT_PER_MM, Part, ReportPDF, lab
from sushasan.reports.pdf_values import review_state
from sushasan.words import both

_log = logging.getLogger(__name__)

__all__ = ["certificate_name", "render_certificate", "write_certificates"]

_BODY_MAX_MM = 215.0
_PAGE_W, _PAGE_H = 297.0, 210.0
_BROWN, _GREY, _INK2 = "#b35f0f", "#4a5a6a", "#33475b"


def certificate_name(review: dict[str, Any], department: dict[str, Any]) -> str:
    """certificate-<quarter>-<rank>-<id>.pdf, with the id made safe for any file system."""
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(department["id"]))
    return f"certificate-{review['quarter']}-{department['rank']}-{safe_id}.pdf"


def _top3(review: dict[str, Any]) -> list[dict[str, Any]]:
    by_id = {d["id"]: d for d in review["departments"]}
    chosen = [by_id[i] for i in review.get("top3", []) if i in by_id]
    return [d for d in chosen if d.get("rank") is not None]


def _balanced(pdf: ReportPDF, text: str, size: float) -> float:
    """A width that splits `text` into lines of even length (no lone word on the last line)."""
    width = pdf.width(text, size)
    lines = math.ceil(width / _BODY_MAX_MM)
    return min(_BODY_MAX_MM, width / lines * 1.06 + 4)


def _centred(pdf: ReportPDF, y: float, part: Part, w: float = 253.0) -> float:
    return pdf.text_at((_PAGE_W - w) / 2, y, w, part, align="C")


def _spaced(text: str) -> str:
    """Letter-spaced capitals for the English title (as the printed certificates have it)."""
    return " ".join(text.upper())


def render_certificate(review: dict[str, Any], department: dict[str, Any]) -> ReportPDF:
    """One certificate drawn (not written); ``.overflows`` is non-empty if the sheet overflowed."""
    state_en, state_hi = review_state(review)
    rank = department["rank"]
    place = both(f"place_{rank}", (str(rank), str(rank)))
    words = {"quarter": review["quarter"],
             "fiscal": review.get("fiscal_quarter") or review["quarter"]}
    body_en, body_hi = lab("certificate_body")
    score_en, score_hi = lab("certificate_score")
    issued_en, issued_hi = lab("issued_by")
    score = "—" if department.get("score") is None else f"{department['score']:.1f}"
    sample = review.get("data") == "sample"

    pdf = ReportPDF("L", title=f"{lab('certificate_title')[0]} — {department['name_en']} — "
                               f"{review['quarter']}")
    pdf.set_lang("hi")
    pdf.add_page()
    pdf.bottom = _PAGE_H - 9
    pdf.box(0, 0, _PAGE_W, _PAGE_H, fill="#fffdf8")
    # frame: a double saffron rule with a thin navy outline 3 mm outside it
    pdf.box(6, 6, _PAGE_W - 12, _PAGE_H - 12, line=NAVY, width=0.26)
    pdf.box(9, 9, _PAGE_W - 18, _PAGE_H - 18, line=ACCENT, width=0.45)
    pdf.box(10.2, 10.2, _PAGE_W - 20.4, _PAGE_H - 20.4, line=ACCENT, width=0.45)
    if sample:
        mark = f"{lab('sample_watermark')[0]} · {lab('sample_watermark')[1]}"
        with pdf.local_context(fill_opacity=0.10, text_color=(198, 40, 40)), \
                pdf.rotation(18, _PAGE_W / 2, 105):
            pdf.use(mark, 80, True, "#c62828")
            pdf.set_xy(0, 88)
            pdf.cell(_PAGE_W, 80 / PT_PER_MM * 1.2, mark, align="C")
    # medal, top right
    pdf.set_fill_color(217, 130, 43)
    pdf.set_draw_color(179, 95, 15)
    pdf.set_line_width(0.53)
    cx, cy = _PAGE_W - 9 - 16 - 15, 9 + 14 + 15
    pdf.circle(cx, cy, 15, style="DF")
    pdf.text_at(cx - 15, cy - 10.5, 30, Part(str(rank), 30, True, "#ffffff", 1.0), align="C")
    pdf.text_at(cx - 14, cy + 3.5, 28, Part(f"{place[1]} · {place[0].capitalize()}", 7.5, False,
                                            "#ffffff", 1.2), align="C")

    y = 19.0
    y = _centred(pdf, y, Part(issued_hi.format(state=state_hi), 10, False, NAVY, 1.5), 190)
    y = _centred(pdf, y, Part(" ".join(issued_en.format(state=state_en).upper().split()), 8.5,
                              False, _GREY, 1.5), 190)
    y = _centred(pdf, y + 3, Part(lab("certificate_title")[1], 40, True, _BROWN, 1.35), 190)
    y = _centred(pdf, y, Part(_spaced(lab("certificate_title")[0]), 13, False, NAVY, 1.4), 190)
    y += 5
    presented = f"{lab('certificate_presented')[1]} · {lab('certificate_presented')[0]}"
    y = _centred(pdf, y, Part(presented, 10.5, False, _GREY, 1.4)) + 2
    y = _centred(pdf, y, Part(department["name_hi"], 26, True, NAVY, 1.35, max_lines=2))
    y = _centred(pdf, y, Part(department["name_en"], 18, True, NAVY, 1.3, max_lines=2)) + 5
    hi = body_hi.format(place=place[1], state=state_hi, **words)
    en = body_en.format(place=place[0], state=state_en, **words)
    y = _centred(pdf, y, Part(hi, 12, False, "#1b2a3a", 1.55), _balanced(pdf, hi, 12)) + 1.5
    y = _centred(pdf, y, Part(en, 10.5, False, _INK2, 1.55), _balanced(pdf, en, 10.5)) + 4
    y = _centred(pdf, y, Part(f"{score_hi.format(score=score)} · {score_en.format(score=score)}",
                              11, True, _BROWN, 1.4))
    # signature block, bottom
    sy = _PAGE_H - 9 - 12 - 16
    if y + 4 > sy:  # the body must end above the signature lines
        pdf.overflows.append("certificate-body")
    left, right = 9 + 22 + 8, _PAGE_W - 9 - 22 - 8
    pdf.rule(left, sy, left + 70, "#1b2a3a", 0.26)
    pdf.rule(right - 70, sy, right, "#1b2a3a", 0.26)
    date = f"{lab('date')[1]} / {lab('date')[0]}"
    pdf.text_at(left, sy + 1.5, 90, Part(date, 9, False, _INK2, 1.5))
    signatory = f"{lab('signatory')[1]} / {lab('signatory')[0]}"
    end = pdf.text_at(right - 110, sy + 1.5, 110, Part(signatory, 9, False, _INK2, 1.5), "R")
    issued = f"{issued_hi.format(state=state_hi)} / {issued_en.format(state=state_en)}"
    pdf.text_at(right - 110, end, 110, Part(issued, 7.5, False, "#6b7785", 1.5), "R")
    if sample:
        note = " / ".join(lab("certificate_sample_note"))
        _centred(pdf, _PAGE_H - 9 - 7.5, Part(note, 7.5, True, "#9c4a00", 1.3))
    return pdf


def write_certificates(review: dict[str, Any], out_dir: Path) -> list[Path]:
    """One certificate PDF per top-3 department, in rank order; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for department in _top3(review):
        path = out_dir / certificate_name(review, department)
        pdf = render_certificate(review, department)
        if pdf.overflows:
            _log.warning("certificate for %s: the text ran into the signature block",
                         department["id"])
        pdf.output(str(path))
        written.append(path)
    return written
