"""Review reports: JSON (the contract), HTML, XLSX and PDF in Hindi and English, and certificates.

``pdf`` writes the full review pack and its short meeting version (summary, league table, the
top 3's pages). ``certificates`` writes one PDF per top-3 department; ``index`` writes the review
as COINr-style data, metadata and method files that ``sushasan index`` (or COINr) recomputes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sushasan.errors import SushasanError
from sushasan.reports.certificate import write_certificates
from sushasan.reports.html import write_html
from sushasan.reports.index_export import write_index_files
from sushasan.reports.json_report import write_json
from sushasan.reports.pdf import write_meeting_pdf, write_pdf
from sushasan.reports.xlsx import write_xlsx

__all__ = ["FORMATS", "write_reports"]

FORMATS = {"json": write_json, "html": write_html, "xlsx": write_xlsx, "pdf": write_pdf}
EXTRA = ("certificates", "index")


def write_reports(review: dict[str, Any], out_dir: Path, formats: list[str]) -> list[Path]:
    unknown = [f for f in formats if f not in FORMATS and f not in EXTRA]
    if unknown:
        raise SushasanError(
            f"unknown report format(s) {', '.join(unknown)}; "
            f"use {', '.join([*FORMATS, *EXTRA])}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"review-{review['quarter']}"
    paths = [FORMATS[f](review, stem.with_suffix(f".{f}")) for f in formats if f in FORMATS]
    if "pdf" in formats:  # "pdf" means both: the full pack and the short meeting version
        paths.append(write_meeting_pdf(review, out_dir / f"review-{review['quarter']}-meeting.pdf"))
    if "certificates" in formats:
        paths += write_certificates(review, out_dir)
    if "index" in formats:
        paths += write_index_files(review, out_dir)
    return paths
