"""`sushasan grievances erase` and `purge`: a citizen's erasure request and the retention run,
both through ``sushasan.erasure`` (one path), printing what was removed where."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from sushasan.actions import cli_actor
from sushasan.platforms import PLATFORMS
from sushasan.words import N_, hindi, slashed

__all__ = ["erase", "purge"]

#: The report's counts, in the order printed, with their words.
STORES = {
    "desk_tickets": N_("tickets: text and handle replaced by a tombstone"),
    "desk_tickets_mentioning": N_("other tickets: mentions tombstoned"),
    "desk_ticket_events": N_("ticket events: officers' notes tombstoned"),
    "desk_replies": N_("reply drafts in the outbox tombstoned"),
    "desk_labels": N_("retraining labels deleted"),
    "desk_labels_mentioning": N_("other labels: mentions tombstoned"),
    "desk_audit_events": N_("audit rows: personal values tombstoned"),
    "desk_quarantine": N_("quarantined import rows deleted"),
    "lake_rows": N_("lake: messages removed"),
    "lake_values": N_("lake: mentions in other records tombstoned"),
    "lake_files": N_("lake: partition files rewritten"),
    "raw_files": N_("raw copies rewritten"),
    "raw_records": N_("raw copies: records removed"),
    "raw_values": N_("raw copies: values tombstoned"),
    "other_files": N_("generated files rewritten (exports, digests)"),
    "other_values": N_("generated files: values tombstoned"),
}


def _show(report: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"erasure": report.erasure_id, "mode": report.mode,
                               "dry_run": report.dry_run, "dockets": report.dockets,
                               "counts": report.counts, "left": report.left}, indent=2))
        return
    head = slashed("Dry run: nothing was changed") if report.dry_run else slashed(
        "Erased; the audit trail holds the counts")
    click.echo(f"{head} ({report.erasure_id}, {report.mode}, "
               f"{len(report.dockets)} {slashed('tickets')})")
    for key in STORES:
        click.echo(f"  {report.counts.get(key, 0):>7,}  {STORES[key]} / {hindi(STORES[key])}")
    for path in report.left:
        click.echo(f"{slashed('Could not read, clean it by hand')}: {path}")


@click.command()
@click.option("--author", metavar="HANDLE_OR_ID",
              help="The citizen's handle (with or without @) or the platform's author id.")
@click.option("--platform", type=click.Choice(PLATFORMS),
              help="Only this platform's account of that handle.")
@click.option("--docket", "dockets", multiple=True, metavar="DOCKET",
              help="Erase one ticket and the message it came from (repeatable).")
@click.option("--reason", default="", help="Why (kept in the audit trail, personal data "
                                           "removed), e.g. the request's reference.")
@click.option("--dry-run", is_flag=True, help="Count what would be erased; change nothing.")
@click.option("--also", multiple=True, type=click.Path(file_okay=False, exists=True,
                                                       path_type=Path),
              help="Another folder of generated files to clean (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.option("--by", metavar="NAME", help="Who is acting, for the audit trail.")
@click.pass_context
def erase(ctx: click.Context, author: str | None, platform: str | None,
          dockets: tuple[str, ...], reason: str, dry_run: bool, also: tuple[Path, ...],
          as_json: bool, by: str | None) -> None:
    """Erase a citizen's data from every store (an erasure request under the DPDP Act)."""
    g = ctx.find_root().obj.grievances
    report = g.erase(author=author, platform=platform, dockets=dockets, reason=reason,
                     by=by or cli_actor(), dry_run=dry_run, also=also)
    _show(report, as_json)


@click.command()
@click.option("--now", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
@click.option("--dry-run", is_flag=True, help="Count what would be erased; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.pass_context
def purge(ctx: click.Context, now: datetime | None, dry_run: bool, as_json: bool) -> None:
    """Retention: erase citizens' data of tickets closed longer than retention_days."""
    g = ctx.find_root().obj.grievances
    report = g.purge(now.replace(tzinfo=UTC) if now else None, by=cli_actor(), dry_run=dry_run)
    _show(report, as_json)
