"""Review reports: JSON (the contract), HTML, XLSX and PDF in Hindi and English, and certificates.

``pdf`` writes the full review pack and its short meeting version (summary, league table, the
top 3's pages). ``certificates`` writes one PDF per top-3 department; ``index`` writes the review
as COINr-style data, metadata and method files that ``sushasan index`` (or COINr) recomputes.

The writers are imported when a format is asked for, so commands that write no PDF do not pay
for loading the PDF engine and its fonts. Reports are written into a staging folder beside the
target and moved into place only when every format is done: a run that fails half-way leaves the
previous reports as they were, never a half-written set.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from sushasan import progress
from sushasan.errors import SushasanError
from sushasan.words import slashed

__all__ = ["FORMATS", "write_reports"]

#: format → (module, function) writing one file at a path (``pdf`` also writes the meeting PDF)
FORMATS = {
    "json": ("json_report", "write_json"),
    "html": ("html", "write_html"),
    "xlsx": ("xlsx", "write_xlsx"),
    "pdf": ("pdf", "write_pdf"),
}
#: format → (module, function) writing several files into a folder
EXTRA = {
    "certificates": ("certificate", "write_certificates"),
    "index": ("index_export", "write_index_files"),
}


def _writer(module: str, name: str) -> Callable[..., Any]:
    writer: Callable[..., Any] = getattr(import_module(f"sushasan.reports.{module}"), name)
    return writer


def write_reports(review: dict[str, Any], out_dir: Path, formats: list[str]) -> list[Path]:
    unknown = [f for f in formats if f not in FORMATS and f not in EXTRA]
    if unknown:
        raise SushasanError(
            f"unknown report format(s) {', '.join(unknown)}; "
            f"use {', '.join([*FORMATS, *EXTRA])}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".writing-", dir=out_dir))
    try:
        staged: list[Path] = []
        name = f"review-{review['quarter']}"
        for f in progress.track(formats, slashed("Writing reports")):
            if f in FORMATS:
                staged.append(_writer(*FORMATS[f])(review, stage / f"{name}.{f}"))
                if f == "pdf":  # "pdf" means both: the full pack and the short meeting version
                    staged.append(_writer("pdf", "write_meeting_pdf")(
                        review, stage / f"{name}-meeting.pdf"))
            else:
                staged += _writer(*EXTRA[f])(review, stage)
        if "certificates" in formats:  # last run's certificates of a changed top 3 must go
            new = {p.name for p in staged}
            for old in out_dir.glob(f"certificate-{review['quarter']}-*.pdf"):
                if old.name not in new:
                    old.unlink()
        paths = []
        for path in staged:
            target = out_dir / path.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            paths.append(target)
        return paths
    finally:
        shutil.rmtree(stage, ignore_errors=True)
