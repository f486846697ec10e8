"""Review reports: JSON (the contract), HTML and XLSX with the league table in Hindi and English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sushasan.errors import SushasanError
from sushasan.reports.html import write_html
from sushasan.reports.json_report import write_json
from sushasan.reports.xlsx import write_xlsx

__all__ = ["FORMATS", "write_reports"]

FORMATS = {"json": write_json, "html": write_html, "xlsx": write_xlsx}


def write_reports(review: dict[str, Any], out_dir: Path, formats: list[str]) -> list[Path]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SushasanError(
            f"unknown report format(s) {', '.join(unknown)}; use {', '.join(FORMATS)}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"review-{review['quarter']}"
    return [FORMATS[f](review, stem.with_suffix(f".{f}")) for f in formats]
