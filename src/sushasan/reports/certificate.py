"""Certificates of appreciation for the top 3 departments of a quarter, in Hindi and English.

One A4-landscape PDF per department so each can be printed, signed and handed over on its own.
They share the review PDF's fonts and offline renderer; certificates made from sample data carry
a SAMPLE watermark and a note, so a demonstration can never pass for an award.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from sushasan.labels import LABELS
from sushasan.reports import charts
from sushasan.reports.pdf import PT_PER_MM, lab, render_pdf, review_state
from sushasan.reports.pdf import template as _template

__all__ = ["certificate_name", "write_certificates"]


def certificate_name(review: dict[str, Any], department: dict[str, Any]) -> str:
    """certificate-<quarter>-<rank>-<id>.pdf, with the id made safe for any file system."""
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(department["id"]))
    return f"certificate-{review['quarter']}-{department['rank']}-{safe_id}.pdf"


def _top3(review: dict[str, Any]) -> list[dict[str, Any]]:
    by_id = {d["id"]: d for d in review["departments"]}
    chosen = [by_id[i] for i in review.get("top3", []) if i in by_id]
    return [d for d in chosen if d.get("rank") is not None]


_BODY_MAX_MM = 215.0
_BODY_PT = {"en": 10.5, "hi": 12.0}  # keep in step with .body in static/certificate.css


def _balanced_mm(text: str, size: float) -> float:
    """A width that splits `text` into lines of even length (no lone word on the last line)."""
    width_mm = charts.text_width(text, size) / PT_PER_MM
    lines = math.ceil(width_mm / _BODY_MAX_MM)
    return round(min(_BODY_MAX_MM, width_mm / lines * 1.06 + 4), 1)


def render_certificate_html(review: dict[str, Any], department: dict[str, Any]) -> str:
    state_en, state_hi = review_state(review)
    rank = department["rank"]
    place = LABELS.get(f"place_{rank}", (str(rank), str(rank)))
    words = {
        "quarter": review["quarter"],
        "fiscal": review.get("fiscal_quarter") or review["quarter"],
    }
    body_en, body_hi = lab("certificate_body")
    score_en, score_hi = lab("certificate_score")
    issued_en, issued_hi = lab("issued_by")
    score = "—" if department.get("score") is None else f"{department['score']:.1f}"
    body = (
        body_en.format(place=place[0], state=state_en, **words),
        body_hi.format(place=place[1], state=state_hi, **words),
    )
    return _template("certificate_page.html.j2").render(
        r=review,
        d=department,
        sample=review.get("data") == "sample",
        place=place,
        body=body,
        widths=(_balanced_mm(body[0], _BODY_PT["en"]), _balanced_mm(body[1], _BODY_PT["hi"])),
        score=(score_en.format(score=score), score_hi.format(score=score)),
        issued_by=(issued_en.format(state=state_en), issued_hi.format(state=state_hi)),
    )


def write_certificates(review: dict[str, Any], out_dir: Path) -> list[Path]:
    """One certificate PDF per top-3 department, in rank order; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for department in _top3(review):
        path = out_dir / certificate_name(review, department)
        written.append(
            render_pdf(render_certificate_html(review, department), "certificate.css", path)
        )
    return written
