"""Review reports: JSON (the contract), HTML, XLSX and PDF in Hindi and English, and certificates.

``certificates`` is a format of its own because it writes one PDF per top-3 department.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sushasan.errors import SushasanError
from sushasan.reports.certificate import write_certificates
from sushasan.reports.html import write_html
from sushasan.reports.json_report import write_json
from sushasan.reports.pdf import write_pdf
from sushasan.reports.xlsx import write_xlsx

__all__ = ["FORMATS", "write_reports"]

FORMATS = {"json": write_json, "html": write_html, "xlsx": write_xlsx, "pdf": write_pdf}
EXTRA = ("certificates",)


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
    if "certificates" in formats:
        paths += write_certificates(review, out_dir)
    return paths
