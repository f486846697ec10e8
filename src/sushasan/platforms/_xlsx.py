"""XLSX exports read as the CSV text the same importer reads (Meta Business Suite offers both).

The first sheet becomes CSV text. A note or rejection names the line of that text, which is the
sheet's row unless a cell above holds line breaks (kept: they are the post's text). Dates
become ISO text (``2025-03-21 10:15:00``), whole numbers
lose Excel's ``.0``. A file that is not a readable workbook is refused whole.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from sushasan.errors import ImportFileError

__all__ = ["is_xlsx", "xlsx_text"]


def is_xlsx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_text(path: Path, data: bytes) -> str:
    import openpyxl  # only when a workbook arrives

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            f"{path}: not a readable XLSX workbook ({exc}). Nothing was imported. "
            "Download it again, or export CSV instead."
        ) from None
    try:
        sheet = book.worksheets[0]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in sheet.iter_rows(values_only=True):
            writer.writerow([_cell(v) for v in row])
        return out.getvalue()
    finally:
        book.close()
