"""`sushasan grievances …`: the grievance desk from the command line, for the review cell.

The CLI acts as the review cell (role admin), so citizens' texts are shown with phone numbers,
e-mail addresses and Aadhaar numbers redacted: only the owning department's officers see them
whole, in the dashboard.
"""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from sushasan.app import Sushasan
from sushasan.config import env_value
from sushasan.errors import SushasanError
from sushasan.words import counted, hindi, slashed

__all__ = ["grievances"]


def _core(ctx: click.Context) -> Sushasan:
    app: Sushasan = ctx.find_root().obj
    return app


def _actor(by: str | None) -> Any:
    from sushasan.grievances.tickets.desk import Actor

    return Actor(by or env_value("user") or getpass.getuser() or "cli", "admin")


def _by_option(f: Any) -> Any:
    return click.option("--by", metavar="NAME",
                        help="Who is acting, for the audit trail (default: your login name).")(f)


def _data(value: str) -> bool | None:
    return {"real": False, "sample": True, "all": None}[value]


@click.group()
def grievances() -> None:
    """The grievance desk: triage, tickets, deadlines, digests (शिकायत डेस्क)."""


@grievances.command()
@click.option("--data", type=click.Choice(["all", "real", "sample"]), default="all",
              show_default=True, help="Which interactions to look at.")
@click.option("--limit", type=int, help="Stop after this many interactions (for trials).")
@click.pass_context
def triage(ctx: click.Context, data: str, limit: int | None) -> None:
    """Find grievances among new citizens' messages and open tickets (safe to run again)."""
    g = _core(ctx).grievances
    r = g.triage(sample=_data(data), limit=limit)
    moved = g.escalate()
    examined = counted(r.examined, "message", "messages")
    click.echo(f"examined {examined} / {hindi('messages examined')}; grievances {r.grievances}; "
               f"tickets opened {r.opened} / {hindi('tickets opened')} ({r.queued} "
               f"{slashed('to the triage queue')}); escalated {moved}")


@grievances.command()
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Play the desk up to this day (default: 21 days after the last ticket).")
@click.pass_context
def simulate(ctx: click.Context, seed: int, as_of: datetime | None) -> None:
    """SAMPLE desk only: play seeded officers' work so every ticket state can be seen."""
    r = _core(ctx).grievances.simulate(seed, as_of.replace(tzinfo=UTC) if as_of else None)
    states = ", ".join(f"{k} {v}" for k, v in sorted(r.states.items()))
    click.echo(f"sample desk: {counted(r.tickets, 'ticket', 'tickets')} worked, "
               f"{counted(r.events, 'action', 'actions')} recorded"
               + (f" up to {r.as_of:%Y-%m-%d}" if r.as_of else "") + (f" — {states}" if states
                                                                      else ""))


@grievances.command()
@click.pass_context
def escalate(ctx: click.Context) -> None:
    """Escalate tickets whose level timer ran out (running it twice escalates once)."""
    moved = counted(_core(ctx).grievances.escalate(), "ticket", "tickets")
    click.echo(f"escalated {moved} / {hindi('tickets escalated')}")


def _ist(when: datetime) -> str:
    """Officers read times in India Standard Time; the desk keeps UTC."""
    from sushasan.grievances.tickets.calendar import IST

    return when.astimezone(IST).strftime("%Y-%m-%d %H:%M IST")


def _row(t: Any) -> str:
    from sushasan.language.pii import redact

    text = redact(t.text).replace("\n", " ")
    dep = t.department_id or "(triage)"
    return (f"{t.docket:<16} {t.state:<15} {dep:<24} L{t.level} "
            f"due {t.current_due():%Y-%m-%d}  {text[:60]}")


@grievances.command("list")
@click.option("--state", help="received, acknowledged, in_progress, waiting_citizen, disposed, "
                              "closed, appeal, merged, or open.")
@click.option("--department", help="Only this department's tickets.")
@click.option("--overdue", is_flag=True, help="Only tickets past their deadline.")
@click.option("--triage", "triage_only", is_flag=True, help="Only the triage queue.")
@click.option("--data", type=click.Choice(["all", "real", "sample"]), default="all",
              show_default=True)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (texts redacted).")
@click.pass_context
def list_(ctx: click.Context, state: str | None, department: str | None, overdue: bool,
          triage_only: bool, data: str, limit: int, as_json: bool) -> None:
    """List tickets (citizens' personal details redacted)."""
    g = _core(ctx).grievances
    if department is not None and department not in g.desk.department_ids():
        # A typo would otherwise list nothing, which reads as "this department has no tickets".
        raise click.BadParameter(
            slashed("unknown department {department}; see `sushasan registry list` for the "
                    "valid ids", department=repr(department)),
            param_hint="'--department'",
        )
    found = g.tickets.list(
        _actor(None), state=state, department_id=department, overdue=True if overdue else None,
        triage=True if triage_only else None, sample=_data(data), limit=limit,
    )
    if as_json:
        from sushasan.language.pii import redact

        click.echo(json.dumps([_public(t, redact) for t in found], ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo(slashed("no tickets"))
    else:
        click.echo(f"{slashed('docket'):<16} {slashed('state'):<15} {slashed('department'):<24} "
                   f"level  {slashed('due')}  {slashed('text')}")
    for t in found:
        click.echo(_row(t))


def _public(t: Any, redact: Any) -> dict[str, Any]:
    return {
        "docket": t.docket, "state": t.state, "department_id": t.department_id,
        "level": t.level, "received_at": t.received_at.isoformat(),
        "due_at": t.current_due().isoformat(), "language": t.language,
        "text": redact(t.text), "sample": t.sample, "transfers": t.transfer_count,
        "reopened": t.reopen_count,
    }


@grievances.command()
@click.argument("docket")
@click.pass_context
def show(ctx: click.Context, docket: str) -> None:
    """One ticket with its audit trail (who, when, what, why)."""
    from sushasan.language.pii import redact

    g = _core(ctx).grievances
    actor = _actor(None)
    t = g.tickets.get(docket, actor)
    chain = g.policy.chain
    shown = _public(t, redact)
    shown["level"] = f"{t.level} ({chain[min(t.level, len(chain) - 1)]})"
    shown["received_at"] = _ist(t.received_at)
    shown["due_at"] = _ist(t.current_due())
    for key, value in shown.items():
        click.echo(f"{key:>14}: {value}")
    if t.is_open:
        from sushasan.grievances.tickets.deadlines import interim_due

        due = interim_due(t.received_at, t.pauses, g.calendar, g.policy)
        given = f"given {t.interim_reply_at:%Y-%m-%d}" if t.interim_reply_at else "not given"
        if due is not None:
            click.echo(f"{'interim reply':>14}: due {due:%Y-%m-%d}, {given}")
    click.echo(f"{'routing':>14}: {t.routing_score:.2f} — " + "; ".join(t.routing_reasons))
    click.echo(f"{slashed('audit trail')}:")
    for e in g.tickets.events(docket, actor):
        move = f"{e.from_state or '-'} → {e.to_state or '-'}"
        dept = f" [{e.from_department or 'triage'} → {e.to_department or 'triage'}]" \
            if e.from_department != e.to_department else ""
        why = f" — {e.reason}" if e.reason else ""
        click.echo(f"  {_ist(e.at)} {e.actor:<26} {e.action:<14} {move}{dept}{why}")


def _act(ctx: click.Context, docket: str, by: str | None, **action: Any) -> None:
    from sushasan.grievances.tickets.lifecycle import Action

    t = _core(ctx).grievances.tickets.act(docket, Action(**action), _actor(by))
    click.echo(f"{t.docket}: {t.state} ({t.department_id or 'triage queue'})")


@grievances.command()
@click.argument("docket")
@click.argument("officer")
@_by_option
@click.pass_context
def assign(ctx: click.Context, docket: str, officer: str, by: str | None) -> None:
    """Give a ticket to an officer of its department."""
    _act(ctx, docket, by, name="assign", assignee=officer)


@grievances.command()
@click.argument("docket")
@_by_option
@click.pass_context
def acknowledge(ctx: click.Context, docket: str, by: str | None) -> None:
    """Acknowledge receipt (प्राप्ति स्वीकार)."""
    _act(ctx, docket, by, name="acknowledge")


@grievances.command()
@click.argument("docket")
@click.option("--to", "to", required=True, metavar="DEPARTMENT", help="Registry id.")
@click.option("--reason", required=True, help="Why it concerns the other department.")
@_by_option
@click.pass_context
def transfer(ctx: click.Context, docket: str, to: str, reason: str, by: str | None) -> None:
    """Transfer to the department it concerns (at most 3 times)."""
    _act(ctx, docket, by, name="transfer", department_id=to, reason=reason)


@grievances.command()
@click.argument("docket")
@click.option("--to", "to", required=True, metavar="DEPARTMENT", help="Registry id.")
@_by_option
@click.pass_context
def route(ctx: click.Context, docket: str, to: str, by: str | None) -> None:
    """Route a ticket from the triage queue (recorded as a label for retraining)."""
    _act(ctx, docket, by, name="route", department_id=to, reason="routed by the review cell")


@grievances.command()
@click.argument("docket")
@click.option("--reply", required=True, help="The reply sent to the citizen.")
@click.option("--resolution", default="resolved", show_default=True,
              type=click.Choice(["resolved", "information_given", "rejected_with_reason",
                                 "policy_matter"]))
@_by_option
@click.pass_context
def dispose(ctx: click.Context, docket: str, reply: str, resolution: str, by: str | None) -> None:
    """Dispose of a ticket with the reply sent to the citizen (निस्तारण)."""
    _act(ctx, docket, by, name="dispose", reply=reply, resolution=resolution)


@grievances.command()
@click.argument("docket")
@click.option("--rating", type=click.IntRange(1, 5), help="The citizen's rating (1–2 is poor).")
@click.option("--reason", help="Why it is reopened.")
@_by_option
@click.pass_context
def reopen(ctx: click.Context, docket: str, rating: int | None, reason: str | None,
           by: str | None) -> None:
    """Reopen a disposed ticket as an appeal, with its own deadline."""
    _act(ctx, docket, by, name="reopen", rating=rating, reason=reason)


@grievances.command("not-grievance")
@click.argument("docket")
@click.option("--reason", required=True)
@_by_option
@click.pass_context
def not_grievance(ctx: click.Context, docket: str, reason: str, by: str | None) -> None:
    """Close a ticket that is not a grievance (recorded as a label for retraining)."""
    _act(ctx, docket, by, name="not_grievance", reason=reason)


@grievances.command()
@click.argument("docket")
@click.option("--into", required=True, metavar="DOCKET", help="The ticket it duplicates.")
@_by_option
@click.pass_context
def merge(ctx: click.Context, docket: str, into: str, by: str | None) -> None:
    """Merge a duplicate ticket into another one."""
    _act(ctx, docket, by, name="merge", into=into, reason=f"duplicate of {into}")


@grievances.command()
@click.option("--in", "src", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV or JSONL with a `text` column (optional: `id`; `author_handle` or "
                   "`from_department` to mark a department's own posts, never grievances).")
@click.option("--out", "dst", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV or JSONL (by extension).")
@click.pass_context
def classify(ctx: click.Context, src: Path, dst: Path) -> None:
    """Detect and route every row of a file: id, language, is_grievance, grievance_score,
    department_id, department_score."""
    n = _core(ctx).grievances.classify_file(src, dst)
    click.echo(f"classified {counted(n, 'row', 'rows')} → {dst}")


@grievances.command("eval")
@click.option("--json", "as_json", is_flag=True)
@click.option("--in", "src", type=click.Path(dir_okay=False, path_type=Path),
              help="A labelled CSV (or JSONL): columns text, is_grievance, optionally "
                   "department_id and language. Without it: the shipped evaluation set.")
@click.option("--departments", metavar="IDS",
              help="With --in: route among only these registry departments (comma-separated).")
@click.option("--split", metavar="NAME",
              help="With --in: only rows whose `split` column is NAME (e.g. dev).")
@click.option("--registry", "registry_file",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="With --in: route among this registry file's departments (YAML or CSV, as "
                   "`registry import` reads) instead of the shipped Uttarakhand registry.")
def eval_(as_json: bool, src: Path | None, departments: str | None, split: str | None,
          registry_file: Path | None) -> None:
    """Precision, recall and F1 per language on the shipped evaluation set, or (with --in)
    per language and script on your labelled file, with calibration, routing and the worst
    errors."""
    from sushasan.grievances.classify.detect import Detector, default_eval_path, load_examples
    from sushasan.grievances.classify.evaluate import evaluate, render_table
    from sushasan.grievances.classify.lexicon import Lexicon

    if src is not None:
        _eval_file(src, departments, as_json, split, registry_file)
        return
    if registry_file is not None:
        raise click.UsageError(slashed("--registry needs --in"))
    examples = load_examples(default_eval_path())
    reports = [evaluate(Lexicon(), examples, "Lexicon"),
               evaluate(Detector.default(), examples, "Model")]
    if as_json:
        click.echo(json.dumps({r.name: r.to_dict() for r in reports}, indent=1))
        return
    click.echo(f"{slashed('evaluation set')}: {len(examples)} examples "
               f"({default_eval_path().name})")
    click.echo(render_table(reports))


def _eval_file(src: Path, departments: str | None, as_json: bool, split: str | None,
               registry_file: Path | None = None) -> None:
    """``eval --in``: the shipped detector and router on a labelled file, routing among the
    shipped registry or (``--registry``) another state's, as a cell with its own registry
    would run it."""
    from sushasan.app import DEFAULT_REGISTRY
    from sushasan.grievances.classify.detect import Detector
    from sushasan.grievances.classify.evaluate import (
        evaluate_labelled,
        read_labelled,
        render_file_report,
    )
    from sushasan.grievances.classify.route_model import learned_router
    from sushasan.grievances.classify.routing import Router
    from sushasan.registry import load_registry_file

    rows = read_labelled(src, split)
    if not rows:
        raise SushasanError(f"{src}: no labelled rows" + (f" in split {split}" if split else ""))
    registry = load_registry_file(registry_file or DEFAULT_REGISTRY)
    if departments:
        wanted = {d.strip() for d in departments.split(",") if d.strip()}
        unknown = wanted - {d.id for d in registry}
        if unknown:
            raise SushasanError(f"not in the registry: {', '.join(sorted(unknown))}")
        registry = [d for d in registry if d.id in wanted]
    labelled = {r.department_id for r in rows if r.department_id}
    foreign = sorted(labelled - {d.id for d in registry})
    if labelled and len(foreign) == len(labelled):
        raise SushasanError(
            f"{src}: no department_id in the file is a department of "
            f"{registry_file or 'the shipped registry'} (the file has {', '.join(foreign[:6])}"
            f"{', …' if len(foreign) > 6 else ''}): label the rows with this registry's ids, "
            "or give the registry they come from with --registry / " + hindi(
                "No department_id in the file is a department of this registry: label the rows "
                "with this registry's ids")
        )
    if foreign:
        click.echo(f"note: {len(foreign)} department_id values are not in the registry and count "
                   f"as misrouted: {', '.join(foreign[:10])}", err=True)
    router = Router(registry)
    model = learned_router(registry)
    report = evaluate_labelled(rows, Detector.default(), router, model)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_file_report(report, str(src)))


@grievances.command()
@click.pass_context
def retrain(ctx: click.Context) -> None:
    """Retrain with officers' corrections and show the evaluation before and after."""
    from sushasan.grievances.classify.evaluate import render
    from sushasan.grievances.classify.evaluate import retrain as do_retrain

    labels = _core(ctx).grievances.corrections()
    if not labels:
        raise SushasanError("no corrections from real tickets yet: nothing to learn from")
    _model, before, after = do_retrain(labels)
    click.echo(f"corrections used: {len(labels)}")
    click.echo(f"{slashed('before')}:\n" + render(before))
    click.echo(f"{slashed('after')}:\n" + render(after))


@grievances.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out/digests"), show_default=True,
              help="Folder for the digests as .eml files.")
@click.option("--send", is_flag=True, help="Also send them (smtp_host; recipients from "
                                           "contacts.csv in the data folder).")
@click.option("--now", type=click.DateTime(["%Y-%m-%d"]),
              help="Count overdue as of this day (default: now).")
@click.option("--data", type=click.Choice(["real", "sample"]), default="real",
              show_default=True, help="Sample tickets only when asked for.")
@click.pass_context
def digest(ctx: click.Context, out: Path, send: bool, now: datetime | None, data: str) -> None:
    """E-mail digests of overdue tickets, one per department (personal details redacted)."""
    g = _core(ctx).grievances
    found = g.digests(now.replace(tzinfo=UTC) if now else None, sample=data == "sample")
    out.mkdir(parents=True, exist_ok=True)
    for dep, msg in found:
        (out / f"{dep}.eml").write_bytes(bytes(msg))
    click.echo(f"{counted(len(found), 'department has', 'departments have')} overdue tickets; "
               f"digests in {out}")
    if send:
        addressed = [m for _d, m in found if m.get("To")]
        if len(addressed) < len(found):
            missing = counted(len(found) - len(addressed), "department has", "departments have")
            click.echo(f"{missing} no address in "
                       "contacts.csv (columns department_id,email): not sent")
        click.echo(f"sent {counted(g.send(addressed), 'digest', 'digests')}")


from sushasan.cli_erase import erase, purge  # noqa: E402  (the erasure commands' own module)

grievances.add_command(erase)
grievances.add_command(purge)
