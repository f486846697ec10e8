"""A run's findings page by page, for the people who fix the sites: HTML and XLSX.

Each row is one finding: the site, the page's address, the check, its outcome, where on the
page (region) and the element as written, the reason, the Hindi evidence and the fix in both
languages. Failures come first, then what could not be checked (with why), then the passes,
so a webmaster reads the work to do before the proof of what is fine. The JSON of
``sushasan audit-sites --json`` carries the same fields for scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from sushasan.audit.model import Finding, SiteReport
from sushasan.words import N_, both, slashed

__all__ = ["COLUMNS", "SITE_COLUMNS", "finding_rows", "write_html", "write_xlsx"]

#: Column headings (English; each shown with its Hindi) and the row field under each.
COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("Website"), "site"), (N_("Page address"), "page"), (N_("Audit check"), "check"),
    (N_("Outcome"), "outcome"), (N_("Page region"), "region"),
    (N_("Page element"), "element"), (N_("Reason"), "reason"),
    (N_("Evidence in Hindi"), "evidence_hi"), (N_("Fix in English"), "fix_en"),
    (N_("Fix in Hindi"), "fix_hi"),
)
_ORDER = {"fail": 0, "not_checked": 1, "pass": 2}


def _row(r: SiteReport, f: Finding) -> dict[str, str]:
    name_en, name_hi = both(f"check:{f.id}", (f.id, f.id))
    out_en, out_hi = both(f"outcome:{f.outcome}")
    return {"site": r.final_url or r.url, "page": f.page or r.final_url or r.url,
            "check": f"{name_en} / {name_hi} ({f.id})", "outcome": f"{out_en} / {out_hi}",
            "region": f.region, "element": f.element, "reason": f.reason,
            "evidence_hi": f.evidence_hi, "fix_en": f.fix_en, "fix_hi": f.fix_hi,
            "severity": f.severity, "kind": f.outcome}


def finding_rows(reports: Sequence[SiteReport]) -> list[dict[str, str]]:
    """Every finding of every site as a row, failures first, then by page and check."""
    rows = []
    for r in reports:
        for f in sorted(r.findings, key=lambda f: (_ORDER[f.outcome], f.page, f.id)):
            rows.append(_row(r, f))
    return rows


#: The sites sheet's headings.
SITE_COLUMNS = (N_("Website"), N_("Department"), N_("Audit score"), N_("Share checked"),
                N_("Audit mode"), N_("Pages read"))


def _finding_heads(skip_site: bool = False) -> list[str]:
    return [slashed(COLUMNS[i][0]) for i in range(len(COLUMNS))
            if not (skip_site and COLUMNS[i][1] == "site")]


def write_xlsx(reports: Sequence[SiteReport], path: Path) -> Path:
    """One sheet of sites (score, share checked, mode) and one of findings, page by page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    sites = wb.active
    assert sites is not None
    sites.title = "sites"
    sites.append([slashed(SITE_COLUMNS[i]) for i in range(len(SITE_COLUMNS))])
    for r in reports:
        sites.append([r.final_url or r.url, r.department_id or "", r.score, r.checked_share,
                      r.mode, len(r.pages)])
    sheet = wb.create_sheet("findings")
    sheet.append(_finding_heads())
    for row in finding_rows(reports):
        sheet.append([row[key] for _, key in COLUMNS])
    for ws in (sites, sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJ", (28, 40, 30, 18, 10, 40, 60, 60, 60, 60),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


_STYLE = """body{font-family:"Noto Sans","Noto Sans Devanagari",sans-serif;margin:1.5rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border:1px solid #999;
padding:.3rem;vertical-align:top;text-align:left}th{background:#eee}code{white-space:pre-wrap;
word-break:break-all}tr.fail td:nth-child(3){background:#fde2e2}
tr.not_checked td:nth-child(3){background:#fff4cc}tr.pass td:nth-child(3){background:#e3f4e3}"""


def _site_html(r: SiteReport) -> str:
    score = " / ".join(both("outcome:not_checked")) if r.score is None else f"{r.score:.1f}"
    share = "" if r.checked_share is None else f"{r.checked_share:.0%}"
    head = (f"<h2>{escape(r.final_url or r.url)} ({escape(r.department_id or '-')})</h2>"
            f"<p>{escape(slashed('Audit score'))}: <b>{escape(score)}</b> · "
            f"{escape(slashed('Share checked'))}: {escape(share)} · "
            f"{escape(slashed('Audit mode'))}: {escape(r.mode)} · "
            f"{escape(slashed('Pages read'))}: {len(r.pages)}</p>")
    cols = [c for c in COLUMNS if c[1] != "site"]
    heads = "".join(f"<th>{escape(h)}</th>" for h in _finding_heads(skip_site=True))
    body = []
    for row in finding_rows([r]):
        cells = []
        for _, key in cols:
            value = escape(row[key])
            if key == "page":
                value = f'<a href="{value}">{value}</a>'
            elif key == "element" and value:
                value = f"<code>{value}</code>"
            lang = ' lang="hi"' if key in ("evidence_hi", "fix_hi") else ""
            cells.append(f"<td{lang}>{value}</td>")
        body.append(f'<tr class="{row["kind"]}">{"".join(cells)}</tr>')
    return f"<section>{head}<table><tr>{heads}</tr>{''.join(body)}</table></section>"


def write_html(reports: Sequence[SiteReport], path: Path) -> Path:
    """One page: each site's score and share checked, then its findings page by page."""
    title = escape(slashed("Website audit: findings page by page"))
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}'
            f"</title><style>{_STYLE}</style></head><body><h1>{title}</h1>"
            + "".join(_site_html(r) for r in reports) + "</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
