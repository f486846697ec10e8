"""XLSX workbook: the league table and every indicator, headers in Hindi and English.

Spreadsheets are where review cells keep working with the numbers, and text copied out of a Hindi
PDF is scrambled, so every number in the reports is also here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sushasan.analytics.indicators import INDICATORS
from sushasan.labels import LABELS

__all__ = ["formula_safe", "write_xlsx"]

_BOLD = Font(bold=True)
_TOP = PatternFill("solid", fgColor="E8F5E9")


def _bi(key: str) -> str:
    en, hi = LABELS[key]
    return f"{en} / {hi}"


def formula_safe(text: Any) -> Any:
    """Neutralise cells a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def write_xlsx(review: dict[str, Any], path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "League table"
    pillars = list(review["method"]["weights"]["pillars"])
    if review["data"] == "sample":
        ws.append([_bi("sample_banner")])
        ws["A1"].font = Font(bold=True, color="9C6500")
    ws.append([f"{_bi('title')} — {review['quarter']} ({review['fiscal_quarter']})"])
    ws.append([])
    header = [
        _bi("rank"), "ID", "Department (English)", "विभाग (हिन्दी)", _bi("score"),
        _bi("median_rank"), _bi("rank_interval"), _bi("tier"), _bi("top3_share"),
        _bi("size_group"), _bi("trend"),
        *[_bi(p) for p in pillars], _bi("coverage"), _bi("status"),
    ]
    ws.append(header)
    header_row = ws.max_row
    for d in review["departments"]:
        interval = d.get("rank_interval")
        trend = d.get("trend") or {}
        ws.append(
            [
                d["rank"], d["id"], formula_safe(d["name_en"]), formula_safe(d["name_hi"]),
                d["score"],
                d.get("median_rank"),
                f"{interval[0]:.0f}–{interval[1]:.0f}" if interval else None,
                d.get("tier"), d.get("top3_share"), d.get("size_group"),
                trend.get("rank_change"),
                *[d["pillars"][p] for p in pillars], d["coverage"]["overall"], _bi(d["status"]),
            ]
        )
        if d["rank"] is not None and d["rank"] <= 3:
            for cell in ws[ws.max_row]:
                cell.fill = _TOP
    for cell in ws[header_row]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    widths = [10, 26, 44, 44, 14, 12, 14, 8, 12, 10, 12, *[16] * len(pillars), 14, 28]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    wi = wb.create_sheet("Indicators")
    wi.append(["ID", "Department (English)", "विभाग (हिन्दी)", *[
        f"{_bi(i)} — {part}" for i in INDICATORS for part in ("value", "score")
    ]])
    for cell in wi[1]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for d in review["departments"]:
        row = [d["id"], formula_safe(d["name_en"]), formula_safe(d["name_hi"])]
        for i in INDICATORS:
            row += [d["indicators"][i]["value"], d["indicators"][i]["score"]]
        wi.append(row)

    wf = wb.create_sheet("Flags")
    wf.append(
        ["ID", "Department (English)", "kind", "posts", "Finding (English)", "निष्कर्ष (हिन्दी)"]
    )
    for cell in wf[1]:
        cell.font = _BOLD
    for d in review["departments"]:
        for f in d.get("flags") or []:
            wf.append([d["id"], formula_safe(d["name_en"]), f["kind"], f["posts"],
                       formula_safe(f["detail_en"]), formula_safe(f["detail_hi"])])

    wm = wb.create_sheet("Method")
    wm.append([_bi("method"), review["method"]["version"]])
    wm.append([_bi("pillar"), _bi("weight"), _bi("indicator"), _bi("weight"), "direction"])
    for name, spec in review["method"]["weights"]["indicators"].items():
        wm.append([
            _bi(spec["pillar"]), review["method"]["weights"]["pillars"][spec["pillar"]],
            _bi(name), spec["weight"], spec["direction"],
        ])
    wb.save(path)
    return path
