"""`sushasan audit-sites`: the website audit from the command line (its own module, as the
main CLI module stays within its size)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sushasan.quarters import IST, ist_day
from sushasan.words import counted, hindi, slashed

if TYPE_CHECKING:
    from sushasan.app import Sushasan

__all__ = ["audit_sites"]


@click.command("audit-sites")
@click.option("--department", metavar="ID", help="Audit only this department's website.")
@click.option("--url", metavar="URL",
              help="Audit this address instead of the registry's websites.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every finding, with fixes in English and Hindi, to FILE.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the findings page by page (page, element, rule, fix in English "
                   "and Hindi) as an HTML page to FILE.")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the sites and the findings page by page to the spreadsheet FILE.")
@click.option("--save/--no-save", default=None,
              help="Keep the run in the data folder (audits/) for the review; default: save "
                   "unless only --url is given.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge freshness and certificates as of this day (YYYY-MM-DD); "
                   "default: today.")
@click.option("--fresh", is_flag=True,
              help="Fetch every page in full, not asking whether the copy kept from the last "
                   "run (audits/pages/) is still current, and renew the kept copies.")
@click.pass_context
def audit_sites(
    ctx: click.Context, department: str | None, url: str | None, json_out: Path | None,
    html_out: Path | None, xlsx_out: Path | None, save: bool | None, as_of: datetime | None,
    fresh: bool,
) -> None:
    """Audit departments' websites (GIGW 3.0): every page up to a budget, a 0–100 score over
    the checks that could be judged, and the failed checks with page, element and fix."""
    from sushasan.audit import AUDIT_METHOD_VERSION

    app: Sushasan = ctx.obj
    now = None
    if as_of is not None:  # noon in India on that day: the same run gives the same findings
        now = datetime.combine(as_of.date(), time(12), IST).astimezone(UTC)
    reports = app.audit_sites(department=department, url=url, now=now, fresh=fresh)
    if not reports:
        click.echo("No department in the registry has a website (registry column `website`).")
    for r in sorted(reports, key=lambda r: (r.score is None, -(r.score or 0.0))):
        shown = "not measured" if r.score is None else f"{r.score:5.1f}"
        share = "" if r.checked_share is None else f"  {slashed('checked')} {r.checked_share:.0%}"
        kept = sum(1 for p in r.pages if p.get("unchanged"))
        if kept:  # judged on the copies of the last run: the server answered 304
            share += f"  {slashed('unchanged since the last run')} {kept}"
        click.echo(f"{shown:>12}  {r.department_id or '-':<28} {r.url}  "
                   f"{counted(len(r.pages), 'page', 'pages')} / {hindi('pages')}{share}")
        grouped: dict[tuple[str, str], list[str]] = {}
        for f in r.failed:
            grouped.setdefault((f"[{f.severity}] {f.id}", f.reason), []).append(f.page)
        for (head, reason), pages in grouped.items():
            more = counted(len(pages) - 1, "page", "pages")
            where = pages[0] if len(pages) == 1 else f"{pages[0]} +{more}"
            click.echo(f"{'':14}{head}: {reason} — {where}")
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        payload = {"method_version": AUDIT_METHOD_VERSION,
                   "as_of": ist_day(now or datetime.now(UTC)).isoformat(),
                   "sites": [_audit_json(r) for r in reports]}
        partial = json_out.with_name(f".{json_out.name}.partial")  # a reader never sees half
        partial.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        partial.replace(json_out)
        click.echo(f"wrote {json_out}")
    from sushasan.audit.export import write_html, write_xlsx

    for out, write in ((html_out, write_html), (xlsx_out, write_xlsx)):
        if out is not None:
            click.echo(f"wrote {write(reports, out)}")
    if save is None:
        save = url is None or department is not None
    if save and reports:
        click.echo(f"{slashed('saved')}: {app.save_audit(reports)}")


def _audit_json(report: Any) -> dict[str, Any]:
    """A site as the scripts read it: every saved field, and each finding's ``check`` name."""
    site = report.to_dict()
    site["findings"] = [{"check": f["id"], **f} for f in site["findings"]]
    return site
