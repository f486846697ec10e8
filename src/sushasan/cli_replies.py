"""`sushasan replies`: the outbox of replies from the desk to the citizens' posts."""

from __future__ import annotations

import getpass
import json
from typing import Any

import click

from sushasan.config import env_value

__all__ = ["replies"]


def _grievances(ctx: click.Context) -> Any:
    return ctx.find_root().obj.grievances


def _by(by: str | None) -> str:
    return by or env_value("user") or getpass.getuser() or "cli"


@click.group()
def replies() -> None:
    """Replies from the desk, posted where the citizen wrote (X, Facebook, Instagram, YouTube)."""


@replies.command()
@click.option("--platform", "platforms", multiple=True,
              type=click.Choice(["x", "facebook", "instagram", "youtube"]),
              help="Only these platforms (repeatable).")
@click.option("--limit", type=int, help="Post at most this many replies.")
@click.option("--by", metavar="NAME", help="Who is sending, for the audit trail.")
@click.pass_context
def send(ctx: click.Context, platforms: tuple[str, ...], limit: int | None,
         by: str | None) -> None:
    """Post the queued replies, each at most once."""
    report = _grievances(ctx).send_replies(_by(by), limit=limit,
                                           platforms=list(platforms) or None)
    click.echo(f"sent {report.sent}, failed {report.failed}, waiting for a rate limit "
               f"{report.deferred}, to check by hand {report.unknown}")
    if report.recovered:
        click.echo(f"found posted after a stopped run {report.recovered}")
    for platform, why in sorted({**report.skipped, **report.unconfigured}.items()):
        click.echo(f"  {platform}: not sent: {why}")


@replies.command("list")
@click.option("--state", help="draft, awaiting_approval, queued, sending, sent, failed or "
                              "unknown_check_by_hand.")
@click.option("--platform", help="Only this platform.")
@click.option("--docket", help="Only this ticket's replies.")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_(ctx: click.Context, state: str | None, platform: str | None, docket: str | None,
          limit: int, as_json: bool) -> None:
    """The outbox: state, platform, ticket, and the platform's id or error."""
    found = _grievances(ctx).replies(state=state, platform=platform, docket=docket,
                                     limit=limit)
    if as_json:
        click.echo(json.dumps([{"id": r.id, "state": r.state, "platform": r.platform,
                                "docket": r.docket, "purpose": r.purpose,
                                "channel": r.channel,
                                "platform_id": r.platform_id, "url": r.url,
                                "error": r.error} for r in found],
                              ensure_ascii=False, indent=2))
        return
    for r in found:
        what = r.url or r.platform_id or r.error or ""
        click.echo(f"{r.id:>5} {r.state:<22} {r.platform:<10} {r.docket:<18} {r.purpose:<12} "
                   f"{what}")
    click.echo(f"{len(found)} replies")


def _move(ctx: click.Context, reply_id: int, state: str, by: str | None,
          text: str | None = None) -> None:
    g = _grievances(ctx)
    moved = (g.edit_reply(reply_id, text, _by(by)) if text is not None
             else g.move_reply(reply_id, state, _by(by)))
    if not moved:
        raise click.ClickException(f"reply {reply_id} cannot become {state} from where it is")
    r = _grievances(ctx).replies(limit=10_000)
    now = next((x for x in r if x.id == reply_id), None)
    click.echo(f"{reply_id}: {now.state if now else state}"
               + (f" ({now.error})" if now and now.error else ""))


@replies.command()
@click.argument("reply_id", type=int)
@click.option("--by", metavar="NAME", help="The nodal officer approving, for the audit trail.")
@click.pass_context
def approve(ctx: click.Context, reply_id: int, by: str | None) -> None:
    """Approve a reply (or a checked draft) for posting."""
    _move(ctx, reply_id, "queued", by)


@replies.command()
@click.argument("reply_id", type=int)
@click.argument("text")
@click.option("--by", metavar="NAME", help="Who edits, for the audit trail.")
@click.pass_context
def edit(ctx: click.Context, reply_id: int, text: str, by: str | None) -> None:
    """Replace a reply's text before it is sent; it is checked again and queued (or waits for
    approval again, where its department needs approval)."""
    _move(ctx, reply_id, "queued", by, text)
