"""XLSX workbook: the league table and every indicator, headers in Hindi and English.

Spreadsheets are where review cells keep working with the numbers, and text copied out of a Hindi
PDF is scrambled, so every number in the reports is also here. Each sheet is ready to work with
as opened: the header row frozen and filterable, numbers stored as numbers with a display format
(scores to one decimal, shares as percentages, counts as whole numbers), platforms by their
names, and times in Indian Standard Time, the review's own clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sushasan.analytics.indicators import INDICATORS
from sushasan.quarters import IST
from sushasan.registry.model import PLATFORMS
from sushasan.words import both, has, slashed

__all__ = ["PLATFORM_NAMES", "formula_safe", "write_xlsx"]

_BOLD = Font(bold=True)
_TOP = PatternFill("solid", fgColor="E8F5E9")
PLATFORM_NAMES = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "youtube": "YouTube"}

# Display formats: the cell keeps the full number, the sheet shows what a reader needs.
SCORE, SHARE, COUNT, SIGNED, SIGNED_COUNT, TEXT = (
    "0.0", "0.0%", "0", "+0.0;-0.0;0.0", "+0;-0;0", "@"
)
#: Indicators whose value is a share (0–1) or a count; the others show one decimal.
_SHARE_INDICATORS = {i for i in INDICATORS if i.endswith("_share") or i in (
    "consistency", "reopen_rate")}
_COUNT_INDICATORS = {"posts", "active_days"}
_WIDTH_MIN, _WIDTH_MAX = 8, 50
#: Columns headed Hindi first (the Hindi names and findings); the others English first.
_HINDI_FIRST = {"name_hi", "finding_hi"}


def _header(column: str) -> str:
    """A column's heading in both languages (the catalogue's ``column:`` words)."""
    en, hi = both(f"column:{column}")
    return f"{hi} / {en}" if column in _HINDI_FIRST else f"{en} / {hi}"


def _flag_kind(kind: str) -> str:
    return " / ".join(both(f"flag:{kind}", (kind,)))


def _bi(key: str) -> str:
    en, hi = both(key)
    return f"{en} / {hi}"


#: What a spreadsheet skips before it looks for a formula's first character: spaces, and tab,
#: carriage return and the other C0 controls (Excel and LibreOffice run "\t=1+1" too).
_SKIPPED = "".join(map(chr, range(0x21)))


def formula_safe(text: Any) -> Any:
    """Neutralise cells a spreadsheet would run as a formula (CSV/formula injection), also
    when the ``=``, ``+``, ``-`` or ``@`` follows leading white space or control characters."""
    if isinstance(text, str) and text.lstrip(_SKIPPED)[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def ist(timestamp: str | None) -> str | None:
    """An ISO timestamp as "YYYY-MM-DD HH:MM IST" (naive ones are taken as UTC)."""
    if not timestamp:
        return None
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(IST).strftime("%Y-%m-%d %H:%M IST")


def _table(
    ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]],
    formats: Sequence[str | None],
) -> int:
    """Append a header and rows, then make the sheet workable: bold wrapped header, frozen and
    filterable, number formats per column, widths from the content. Returns the header's row."""
    ws.append(list(header))
    header_row = ws.max_row
    for row in rows:
        ws.append(list(row))
    last = ws.max_row
    for cell in ws[header_row]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for j, fmt in enumerate(formats, start=1):
        if fmt is None:
            continue
        for r in range(header_row + 1, last + 1):
            ws.cell(row=r, column=j).number_format = fmt
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(max(1, len(header)))}{max(last, header_row)}"
    )
    for j, title in enumerate(header, start=1):
        longest = max(
            (len(_shown(ws.cell(row=r, column=j).value, formats[j - 1]))
             for r in range(header_row + 1, last + 1)), default=0,
        )
        # A header wraps onto two or three lines; the data decide the rest.
        head = max(len(w) for w in str(title).split()) if title else 0
        want = max(longest, head, min(len(str(title)) // 3, 24)) + 2
        ws.column_dimensions[get_column_letter(j)].width = max(_WIDTH_MIN, min(_WIDTH_MAX, want))
    return header_row


def _shown(value: Any, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and fmt == SHARE:
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def write_xlsx(review: dict[str, Any], path: Path) -> Path:
    wb = Workbook()
    _league(wb.active, review)
    _indicators(wb.create_sheet("Indicators"), review)
    _coverage(wb.create_sheet("Coverage"), review)
    _flags(wb.create_sheet("Flags"), review)
    _raw_counted(wb.create_sheet("Raw and counted"), review)
    _platforms(wb.create_sheet("Basis"), review)
    _method(wb.create_sheet("Method"), review)
    wb.save(path)
    return path


def _league(ws: Worksheet, review: dict[str, Any]) -> None:
    ws.title = "League table"
    pillars = list(review["method"]["weights"]["pillars"])
    if review["data"] == "sample":
        ws.append([_bi("sample_banner")])
        ws["A1"].font = Font(bold=True, color="9C6500")
    ws.append([f"{_bi('title')} — {review['quarter']} ({review['fiscal_quarter']})"])
    note = review.get("top3_note")
    if note:
        ws.append([f"{note['en']} / {note['hi']}"])
    ws.append([])
    header = [
        _bi("rank"), _header("id"), _header("name_en"), _header("name_hi"), _bi("score"),
        _bi("median_rank"), _bi("rank_interval"), _bi("tier"), _bi("top3_share"),
        _bi("size_group"), _header("previous_rank"), _header("rank_change"),
        _bi("score_change"), *[_bi(p) for p in pillars], _bi("coverage"), _bi("status"),
    ]
    formats = [COUNT, None, None, None, SCORE, COUNT, None, COUNT, SHARE, None, COUNT,
               SIGNED_COUNT, SIGNED, *[SCORE] * len(pillars), SHARE, None]
    rows = []
    for d in review["departments"]:
        interval = d.get("rank_interval")
        trend = d.get("trend") or {}
        rows.append([
            d["rank"], d["id"], formula_safe(d["name_en"]), formula_safe(d["name_hi"]),
            d["score"], d.get("median_rank"),
            f"{interval[0]:.0f}–{interval[1]:.0f}" if interval else None,
            d.get("tier"), d.get("top3_share"), d.get("size_group"),
            trend.get("previous_rank"), trend.get("rank_change"),
            None if trend.get("score_change") is None else round(trend["score_change"], 1),
            *[d["pillars"][p] for p in pillars], d["coverage"]["overall"], _bi(d["status"]),
        ])
    header_row = _table(ws, header, rows, formats)
    for k, d in enumerate(review["departments"], start=header_row + 1):
        if d["rank"] is not None and d["rank"] <= 3:
            for cell in ws[k]:
                cell.fill = _TOP
    # The names stay in view while scrolling right through the pillars.
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)


def _indicators(ws: Worksheet, review: dict[str, Any]) -> None:
    header = [_header("id"), _header("name_en"), _header("name_hi")]
    formats: list[str | None] = [None, None, None]
    for i in INDICATORS:
        header += [f"{_bi(i)} — {_bi('value')}", f"{_bi(i)} — {_bi('score')}"]
        kind = SHARE if i in _SHARE_INDICATORS else COUNT if i in _COUNT_INDICATORS else SCORE
        formats += [kind, SCORE]
    rows = []
    for d in review["departments"]:
        row = [d["id"], formula_safe(d["name_en"]), formula_safe(d["name_hi"])]
        for i in INDICATORS:
            row += [d["indicators"][i]["value"], d["indicators"][i]["score"]]
        rows.append(row)
    _table(ws, header, rows, formats)
    ws.freeze_panes = ws.cell(row=2, column=4)


def _coverage(ws: Worksheet, review: dict[str, Any]) -> None:
    """Data coverage per platform by name (X, Facebook, …), as shares of the quarter's days."""
    header = [_header("id"), _header("name_en"), _header("name_hi"), _bi("coverage"),
              *[f"{PLATFORM_NAMES[p]} — {_bi('coverage')}" for p in PLATFORMS], _bi("status")]
    rows = [
        [d["id"], formula_safe(d["name_en"]), formula_safe(d["name_hi"]),
         d["coverage"].get("overall"), *[d["coverage"].get(p) for p in PLATFORMS],
         _bi(d["status"])]
        for d in review["departments"]
    ]
    _table(ws, header, rows, [None, None, None, SHARE, *[SHARE] * len(PLATFORMS), None])


def _flags(ws: Worksheet, review: dict[str, Any]) -> None:
    header = [_header("id"), _header("name_en"), _header("kind"), _header("posts"),
              _header("finding_en"), _header("finding_hi")]
    rows = [
        [d["id"], formula_safe(d["name_en"]), _flag_kind(f["kind"]), f["posts"],
         formula_safe(f["detail_en"]), formula_safe(f["detail_hi"])]
        for d in review["departments"] for f in d.get("flags") or []
    ]
    _table(ws, header, rows, [None, None, None, COUNT, None, None])


def _method(ws: Worksheet, review: dict[str, Any]) -> None:
    m = review["method"]
    pub = review.get("publication") or {}
    rule = m.get("top3_rule") or {}
    facts: list[list[Any]] = [
        [_bi("method"), m["version"]],
        [_bi("quarter"), f"{review['quarter']} ({review['fiscal_quarter']})"],
        [_bi("period"), f"{review['period']['first_day']} – {review['period']['last_day']} (IST)"],
        [_bi("published_version"), pub.get("version")],
        [slashed("Published at"), ist(pub.get("published_at"))],
        [_bi("coverage_threshold"), m.get("coverage_threshold")],
    ]
    if rule:
        facts.append([slashed("How the top 3 are chosen"),
                      f"{rule['award_en']} / {rule['award_hi']}"])
    for row in facts:
        ws.append(row)
    ws.cell(row=6, column=2).number_format = SHARE
    for r in range(1, ws.max_row + 1):
        ws.cell(row=r, column=1).font = _BOLD
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    pillars = m["weights"]["pillars"]
    rows = [
        [_bi(spec["pillar"]), pillars[spec["pillar"]], _bi(name), spec["weight"],
         _bi("higher") if spec["direction"] > 0 else _bi("lower")]
        for name, spec in m["weights"]["indicators"].items()
    ]
    header = [_bi("pillar"), f"{_bi('pillar')} — {_bi('weight')}", _bi("indicator"),
              f"{_bi('indicator')} — {_bi('weight')}", _header("direction")]
    _table(ws, header, rows, [None, SHARE, None, SHARE, None])
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 40)


def _reason(step: dict[str, Any]) -> str:
    en, hi = both(f"adjust:{step['reason']}", (step["reason"], step["reason"]))
    return f"{en} / {hi}"


def _raw_counted(ws: Worksheet, review: dict[str, Any]) -> None:
    """Every indicator's figure as the records give it and as counted, one step a row: a
    department contesting a score can check each step (the posts concerned are named)."""
    header = [_header("id"), _header("name_en"), _bi("indicator"), _bi("raw"), _bi("counted"),
              _bi("basis"), _bi("why_differ"), f"{_bi('why_differ')} — {_bi('raw')}",
              f"{_bi('why_differ')} — {_bi('counted')}", _header("posts"), _bi("imputed_share"),
              _header("post_ids")]
    rows = []
    for d in review["departments"]:
        for ind, v in d["indicators"].items():
            if "raw" not in v and "counted" not in v:
                continue
            basis = "; ".join(" / ".join(both(f"basis:{b}", (b, b))) for b in v.get("basis") or [])
            first = [d["id"], formula_safe(d["name_en"]), _bi(ind) if has(ind) else ind,
                     v.get("raw"), v.get("counted"), basis]
            steps = v.get("adjustments") or []
            if not steps:
                rows.append([*first, None, None, None, None, None, None])
            for step in steps:
                rows.append([*first, _reason(step), step.get("from"), step.get("to"),
                             step.get("records"), step.get("share"),
                             ", ".join(step.get("post_ids") or []) or None])
    _table(ws, header, rows, [None, None, None, SCORE, SCORE, None, None, SCORE, SCORE, COUNT,
                              SHARE, TEXT])


def _platforms(ws: Worksheet, review: dict[str, Any]) -> None:
    """Coverage and imputation per platform, the account-level figures with their basis, and
    the daily-against-per-post lines (flagged above 0.5%)."""
    header = [_header("id"), _header("name_en"), _bi("platform"), _bi("coverage"), _bi("status"),
              _bi("imputed_share"), f"{_bi('raw')} — {_header('posts')}",
              f"{_bi('counted')} — {_header('posts')}"]
    rows = [
        [d["id"], formula_safe(d["name_en"]), PLATFORM_NAMES.get(p, p), r["coverage"],
         " / ".join(both(f"pstatus:{r['status']}")), r["imputed_share"], r["posts_raw"],
         r["posts_counted"]]
        for d in review["departments"] for p, r in (d.get("platforms") or {}).items()
    ]
    _table(ws, header, rows, [None, None, None, SHARE, None, SHARE, COUNT, SCORE])
    ws.append([])
    ws.append([_bi("figures_title")])
    ws.cell(row=ws.max_row, column=1).font = _BOLD
    header = [_header("id"), _header("name_en"), _bi("platform"), _bi("indicator"), _bi("value"),
              _bi("basis"), _bi("per_post"), _bi("daily"), _bi("difference"), _bi("recon_flagged")]
    rows = []
    for d in review["departments"]:
        lines = {(r["platform"], r["metric"]): r for r in d.get("reconciliation") or []}
        for p, figs in (d.get("figures") or {}).items():
            for metric, f in figs.items():
                line = lines.get((p, metric))
                rows.append([
                    d["id"], formula_safe(d["name_en"]), PLATFORM_NAMES.get(p, p),
                    " / ".join(both(f"figure:{metric}", (metric, metric))), f["value"],
                    " / ".join(both(f"basis:{f['basis']}")) if f["basis"] else None,
                    f["per_post"], f["daily"], line["difference_share"] if line else None,
                    (_bi("recon_flagged") if line["flagged"] else "—") if line else None,
                ])
    _table_below(ws, header, rows, [None, None, None, None, COUNT, None, COUNT, COUNT, SHARE,
                                    None])


def _table_below(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 formats: Sequence[str | None]) -> None:
    """A second table under the first on one sheet: header and number formats only (the first
    table keeps the frozen header and the filter)."""
    ws.append(list(header))
    top = ws.max_row
    for cell in ws[top]:
        cell.font = _BOLD
    for row in rows:
        ws.append(list(row))
    for j, fmt in enumerate(formats, start=1):
        if fmt is not None:
            for r in range(top + 1, ws.max_row + 1):
                ws.cell(row=r, column=j).number_format = fmt

