"""The ``sushasan`` command: a thin shell over :class:`sushasan.app.Sushasan`."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from sushasan import progress
from sushasan.actions import cli_actor
from sushasan.app import Sushasan
from sushasan.config import SETTINGS, Config
from sushasan.desk.trail import OBJECT_KINDS
from sushasan.errors import SushasanError
from sushasan.platforms import PLATFORMS
from sushasan.quarters import IST, Quarter
from sushasan.words import counted, hindi, slashed
from sushasan.worker import JOBS, make_worker

__all__ = ["cli", "main"]

_SHOW_ROWS = 20  # rows listed one by one before the import summary switches to counts


class _Group(click.Group):
    """Turns expected errors into a clear message and their exit code (1, or 2 for a command
    asked of the wrong thing, like a review of a quarter without data), without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SushasanError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _app(ctx: click.Context) -> Sushasan:
    app: Sushasan = ctx.obj
    return app


def _quarter(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Quarter | None:
    if value is None:
        return None
    try:
        return Quarter.parse(value)
    except SushasanError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SUSHASAN_DATA_DIR",
    help="Data folder (lake, desk, raw files). Default ./sushasan-data.",
)
@click.version_option(package_name="sushasan")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Sushasan (सुशासन): measure, rank and improve departments' social-media service."""
    app = Sushasan(Config.load(data_dir=str(data_dir) if data_dir else None))
    ctx.obj = app
    ctx.call_on_close(app.close)
    ctx.with_resource(progress.showing(progress.terminal_reporter()))


@cli.command()
@click.option("--empty", is_flag=True, help="Start with no departments.")
@click.option(
    "--registry", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Load this registry file instead of the default Uttarakhand registry.",
)
@click.pass_context
def init(ctx: click.Context, empty: bool, registry: Path | None) -> None:
    """Create the data folder and desk database, and load the default state registry."""
    app = _app(ctx)
    result = app.init(empty=empty, registry=registry)
    if result["fresh"]:
        click.echo(f"Initialised {app.data_dir} (desk: {result['desk']}).")
        click.echo(f"Loaded {result['departments']} departments into the registry.")
    else:
        click.echo(f"{app.data_dir} was already initialised; desk schema is up to date.")


@cli.group()
def registry() -> None:
    """Departments, their accounts and websites."""


@registry.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def registry_import(ctx: click.Context, file: Path) -> None:
    """Add or update departments from a YAML or CSV file (all rows checked first)."""
    added, updated = _app(ctx).registry_import(file)
    click.echo(f"{file}: {counted(added, 'department', 'departments')} added, {updated} updated.")


@registry.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def registry_list(ctx: click.Context, as_json: bool) -> None:
    """List departments with their Hindi and English names and accounts."""
    deps = _app(ctx).departments()
    if as_json:
        rows = [
            {
                "id": d.id, "name_en": d.name_en, "name_hi": d.name_hi, "kind": d.kind,
                "parent": d.parent, "website": d.website,
                "accounts": [
                    {"platform": a.platform, "handle": a.handle, "sample": a.sample}
                    for a in d.accounts
                ],
            }
            for d in deps
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for d in deps:
        accs = ", ".join(f"{a.platform}:@{a.handle}" for a in d.real_accounts()) or "—"
        sample = sum(a.sample for a in d.accounts)
        extra = f" (+{sample} sample)" if sample else ""
        click.echo(f"{d.id:<28} {d.kind:<16} {d.name_en} / {d.name_hi}  [{accs}{extra}]")
    click.echo(f"{len(deps)} departments")


@registry.command("export")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@click.pass_context
def registry_export(ctx: click.Context, fmt: str, out: Path | None) -> None:
    """Write the registry as YAML or CSV (the same forms `registry import` reads)."""
    text = _app(ctx).registry_export(fmt)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}")
    else:
        click.echo(text, nl=False)


@cli.command("import")
@click.option("--format", "fmt", required=True, help="Import format; see `sushasan formats`.")
@click.option("--account", help="Handle (or id:<platform id>) of the account for files that do "
              "not name it, e.g. a YouTube Studio or Meta page export.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def import_(ctx: click.Context, fmt: str, account: str | None, paths: tuple[Path, ...]) -> None:
    """Import export files or normal-record files into the lake."""
    app = _app(ctx)
    failed = 0
    done: list[tuple[Path, Any]] = []
    # A progress bar on an interactive terminal when several files are imported; the per-file
    # summaries follow it, so scripts reading the output see the same lines either way.
    bar = (
        click.progressbar(paths, label="Importing", file=sys.stderr)
        if len(paths) > 1 and sys.stderr.isatty() else contextlib.nullcontext(paths)
    )
    with bar as items:
        for path in items:
            try:
                done.append((path, app.import_files(fmt, [path], account)[0]))
            except SushasanError as exc:
                done.append((path, exc))
    for path, report in done:
        if isinstance(report, SushasanError):
            failed += 1
            click.echo(f"Error: {report}", err=True)
            continue
        if report.status == "duplicate":
            click.echo(f"{path}: {report.note}")
            continue
        if report.note:
            click.echo(f"{path}: {report.note}")
        w = report.written
        click.echo(
            f"{path}: read {counted(report.read, 'row', 'rows')}; {w.added} new, "
            f"{w.updated} updated, "
            f"{w.unchanged} unchanged; {len(report.quarantined)} quarantined; "
            f"{len(report.rejected)} rejected"
            + (f"; {counted(len(report.notes), 'note', 'notes')}" if report.notes else "")
            + (" [sample data]" if report.sample else "")
        )
        for span in report.coverage:
            click.echo(
                f"  coverage: {span.department_id} {span.platform} "
                f"{span.first_day} – {span.last_day}"
            )
        for p in report.summaries:
            click.echo(
                f"  summary only: @{p.account} {p.platform} {p.first_day} – {p.last_day} (totals "
                "without posts: these days count as covered only with the per-post export)"
            )
        for row, text in report.notes:  # every one: each is a value the lake does not hold
            click.echo(f"  {path}, row {row}: note: {text}", err=True)
        problems = report.rejected + report.quarantined
        for row, reason in problems[:_SHOW_ROWS]:
            click.echo(f"  {path}, row {row}: {reason}", err=True)
        if len(problems) > _SHOW_ROWS:
            click.echo(f"  … and {len(problems) - _SHOW_ROWS} more", err=True)
        if problems:
            click.echo("  by reason:", err=True)
            for reason, count in report.reasons().items():
                click.echo(f"    {count} × {reason}", err=True)
    if failed:
        ctx.exit(1)


@cli.command()
@click.option("--platform", "platforms", multiple=True, default=("x",), show_default=True,
              type=click.Choice(PLATFORMS),
              help="Platform to fetch (repeat for several).")
@click.option("--department", help="Only this department's accounts.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]),
              help="First day to fetch when an account has no cursor yet (UTC).")
@click.option("--max-wait", type=float, default=60.0, show_default=True,
              help="Longest wait (s) for a rate limit to reset before stopping the platform.")
@click.pass_context
def ingest(
    ctx: click.Context, platforms: tuple[str, ...], department: str | None,
    since: datetime | None, max_wait: float,
) -> None:
    """Fetch new posts, mentions and follower counts from the platforms' APIs."""
    since_utc = since.replace(tzinfo=UTC) if since else None
    report = _app(ctx).ingest(platforms, department, since_utc, max_wait)
    click.echo(
        f"Fetched {counted(report.pages, 'page', 'pages')}, stored "
        f"{counted(report.records, 'new or updated record', 'new or updated records')}; "
        f"{counted(len(report.accounts_done), 'account', 'accounts')} up to date."
    )
    for line in report.stopped:
        click.echo(f"Stopped: {line}", err=True)
    for line in report.failures:
        click.echo(f"Failed: {line}", err=True)
    if report.failures:
        ctx.exit(1)


@cli.command()
@click.pass_context
def formats(ctx: click.Context) -> None:
    """List the import formats."""
    for name, imp in _app(ctx).importers.items():
        click.echo(f"{name:<20} {imp.help}")


_PUBLIC_SCALES = ("state", "1M", "3M", "10M", "30M")


def _scale(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from sushasan.sample.scale import SCALES  # "10k" is accepted too, for tests

    if value is not None and value not in SCALES:
        raise click.BadParameter(f"one of {', '.join(_PUBLIC_SCALES)}")
    return value


@cli.command()
@click.option("--quarter", required=True, callback=_quarter, help="e.g. 2024Q3 or FY2024-25Q2.")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path),
    help="Only write the sample as sushasan-jsonl to this file; do not import it.",
)
@click.option(
    "--scale", "scale_", callback=_scale, metavar="|".join(_PUBLIC_SCALES),
    help="A state-size quarter instead: 'state' is 60 departments, 1M posts and 10M "
         "interactions; 1M, 3M, 10M, 30M give that many interactions. Written straight "
         "into the lake (no import), and reused when asked for again.",
)
@click.pass_context
def sample(
    ctx: click.Context, quarter: Quarter, seed: int, out: Path | None, scale_: str | None
) -> None:
    """Generate a labelled SAMPLE quarter for the registry and import it."""
    if scale_ is not None:
        if out is not None:
            raise click.UsageError("--scale writes into the lake; it does not take --out")
        done = _app(ctx).sample_scale(quarter, seed, scale_)
        c = done.counts
        how = "reused the data already there" if done.reused else "generated"
        click.echo(
            f"SAMPLE data at scale {scale_} (seed {seed}) for {quarter}: {how} in "
            f"{done.seconds:.1f} s: {c['post']:,} posts, {c['interaction']:,} interactions, "
            f"{c['account_stat']:,} account-days (manifest {done.manifest})"
        )
        return
    result = _app(ctx).sample(quarter, seed, out)
    report = result["report"]
    if report is None:
        click.echo(f"Sample data (seed {seed}) for {quarter} written to {result['path']}")
    else:
        click.echo(f"Sample data (seed {seed}) for {quarter}, labelled as sample:")
        w = report.written
        status = report.note if report.status == "duplicate" else (
            f"{counted(w.added, 'new record', 'new records')}, {w.updated} updated, "
            f"{counted(len(report.coverage), 'account', 'accounts')} covered"
        )
        click.echo(f"  imported: {status}")


@cli.command()
@click.option("--quarter", required=True, callback=_quarter, help="e.g. 2024Q3 or FY2024-25Q2.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the reports.")
@click.option("--format", "fmt", default="json,html,xlsx", show_default=True,
              help="Comma-separated: json, html, xlsx, pdf (the review pack and its "
                   "short meeting version, ~6 s), certificates, index.")
@click.option("--data", type=click.Choice(["auto", "real", "sample"]), default="auto",
              show_default=True,
              help="Which records to review; auto = real if the quarter has any, else sample.")
@click.option("--method", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Review method file (default: the built-in versioned method).")
@click.option("--publish", is_flag=True,
              help="Freeze this review as the quarter's next published version.")
@click.option("--draft", is_flag=True,
              help="Recompute a published quarter without publishing (a preview).")
@click.option("--version", "version_", type=int,
              help="Re-issue the reports of this published version.")
@click.pass_context
def review(
    ctx: click.Context, quarter: Quarter, out: Path, fmt: str, data: str, method: Path | None,
    publish: bool, draft: bool, version_: int | None,
) -> None:
    """Run the quarterly review: indicators, scores, ranking, top 3, reports."""
    if sum((publish, draft, version_ is not None)) > 1:
        raise click.UsageError("use only one of --publish, --draft and --version")
    formats_ = [f.strip() for f in fmt.split(",") if f.strip()]
    outcome = _app(ctx).review(
        quarter, out, formats_, data, method, publish=publish, draft=draft, version=version_,
        by=cli_actor(),
    )
    r = outcome.review
    if r["data"] == "sample":
        click.echo(f"{slashed('SAMPLE DATA')} — not real departmental records")
    pub = r.get("publication")
    state = f"published version {pub['version']}" if pub else "draft, not published"
    s = r["summary"]
    click.echo(
        f"Review {r['quarter']} ({r['fiscal_quarter']}), method {r['method']['version']}, "
        f"{state}: {s['ranked']} ranked, {s['insufficient_data']} with insufficient data."
    )
    for note in outcome.notes:
        click.echo(f"Note: {note}")
    for path in outcome.files:
        click.echo(f"  wrote {path}")
    by_id = {d["id"]: d for d in r["departments"]}
    click.echo(f"{slashed('Top 3')}:")
    for dep_id in r["top3"]:
        d = by_id[dep_id]
        extra = ""
        if d.get("rank_interval"):
            lo, hi = d["rank_interval"]
            extra = (
                f" (rank interval {lo:.0f}–{hi:.0f}, in the top 3 in "
                f"{d['top3_share'] * 100:.0f}% of {r['uncertainty']['runs']} runs)"
            )
        click.echo(f"  {d['rank']}. {d['name_en']} / {d['name_hi']} — {d['score']:.1f}{extra}")
    note = r.get("top3_note")
    if note:
        click.echo(f"Note: {note['en']}\n{hindi('Note')}: {note['hi']}")


@cli.command("index")
@click.option("--data", "data_", required=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="DATA.csv: uCode, optional uName, one column per indicator.")
@click.option("--meta", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="META.csv in COINr's layout: Level, iCode, iName, Direction, Weight, Parent, "
                   "Type (+ goalpost columns).")
@click.option("--method", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="METHOD.yaml: treatment, normalisation, aggregation (default min-max 0–100, "
                   "arithmetic, no treatment).")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--uncertainty", "runs", type=int, default=0,
              help="Monte Carlo runs over weights (±25%) and method choices → uncertainty.csv.")
@click.option("--sensitivity", "sens", type=int, default=0,
              help="Base sample size N for variance-based sensitivity indices → sensitivity.csv "
                   "and sensitivity.svg (N × (choices + 2) runs).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.pass_context
def index_(
    ctx: click.Context, data_: Path, meta: Path, method: Path | None, out: Path, runs: int,
    sens: int, seed: int,
) -> None:
    """Build any composite index with the engine the review uses (COINr conventions)."""
    result, files = _app(ctx).build_index(data_, meta, method, out, runs, sens, seed)
    for path in files:
        click.echo(f"wrote {path}")
    order = sorted(range(len(result.units)), key=lambda i: (result.ranks[i], result.units[i]))
    click.echo("Top 5:")
    for i in order[:5]:
        click.echo(f"  {int(result.ranks[i])}. {result.units[i]} — {result.index[i]:.2f}")


@cli.command()
@click.pass_context
def snapshots(ctx: click.Context) -> None:
    """List published reviews (quarter, version, when, by whom, top 3)."""
    rows = _app(ctx).snapshots()
    if not rows:
        click.echo("No review has been published yet (sushasan review --publish).")
    for snap in rows:
        top3 = ", ".join(json.loads(snap.result)["top3"])
        click.echo(
            f"{snap.quarter} {snap.data:<6} v{snap.version}  {snap.published_at:%Y-%m-%d %H:%M} "
            f"by {snap.published_by}  method {snap.method_version}  top 3: {top3}"
        )


@cli.command()
@click.option("--kind", type=click.Choice(OBJECT_KINDS),
              help="Only changes to this kind of object.")
@click.option("--object", "object_id", metavar="ID",
              help="Only this object (a username, department id, docket, quarter/data, …).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def history(ctx: click.Context, kind: str | None, object_id: str | None, limit: int,
            as_json: bool) -> None:
    """The audit trail, newest first: who changed what, when, from what to what."""
    found = _app(ctx).history(kind, object_id, limit)
    if not found and not as_json:
        click.echo(f"{slashed('Nothing recorded yet')}.")
    for e in found:
        if as_json:
            click.echo(json.dumps({"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                                   "object_kind": e.object_kind, "object_id": e.object_id,
                                   "before": e.before, "after": e.after}, ensure_ascii=False))
            continue
        change = _change(e.before, e.after)
        click.echo(f"{e.at.astimezone(IST):%Y-%m-%d %H:%M} IST  {e.actor:<22} {e.action:<20} "
                   f"{e.object_kind} {e.object_id}{change}")


def _change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """``field: old → new`` for what changed (everything, for a creation)."""
    after = after or {}
    before = before or {}
    parts = [f"{k}: {before.get(k)!s} → {v!s}" if k in before else f"{k}: {v!s}"
             for k, v in after.items() if before.get(k) != v or k not in before]
    return ("  " + "; ".join(parts))[:300] if parts else ""


@cli.command()
@click.option("--once", metavar="JOB", type=click.Choice(list(JOBS)),
              help="Run JOB now in this process and exit (for cron); exit 1 if it failed.")
@click.option("--enqueue", metavar="JOB", type=click.Choice(list(JOBS)),
              help="Queue one run of JOB for the worker and exit.")
@click.option("--max-seconds", type=float, hidden=True, help="Stop after this long (tests).")
@click.pass_context
def worker(
    ctx: click.Context, once: str | None, enqueue: str | None, max_seconds: float | None,
) -> None:
    """Run the scheduled jobs (ingest every `ingest_every`) until Ctrl-C or SIGTERM."""
    if once and enqueue:
        raise click.UsageError("use only one of --once and --enqueue")
    app = _app(ctx)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    jobs = make_worker(lambda: Sushasan(app.config, app.transport), app.config)
    try:
        if enqueue:
            jobs.enqueue(enqueue)
            click.echo(f"Queued {enqueue} in {jobs.settings.queue_file}.")
        elif once:
            outcome = jobs.run_job(once)
            click.echo(f"{once}: {outcome.status}: {outcome.detail}",
                       err=outcome.status != "ok")
            if outcome.status in ("failed", "problems"):
                ctx.exit(1)
        else:
            periods = ", ".join(f"{name} every {jobs.settings.every[name]:g} s"
                                for name in JOBS if jobs.settings.every[name]) or "none"
            click.echo(f"Worker on {jobs.settings.queue_file}; scheduled: {periods}. "
                       "Ctrl-C stops it after the running job.")
            jobs.serve(max_seconds)
    finally:
        jobs.close()


@cli.command()
@click.pass_context
def settings(ctx: click.Context) -> None:
    """Show every setting, its value and where the value came from."""
    cfg = _app(ctx).config
    for s in SETTINGS:
        value = getattr(cfg, s.name)
        shown = "***" if (s.secret and value) else value
        click.echo(f"{s.name:<20} {shown!s:<40} ({cfg.sources[s.name]}; env {s.env})")
        click.echo(f"{'':<20} {s.help}")


from sushasan.cli_grievances import grievances  # noqa: E402  (a group of its own module)

cli.add_command(grievances)
from sushasan.cli_replies import replies  # noqa: E402  (a group of its own module)

cli.add_command(replies)
from sushasan.cli_audit import audit_sites  # noqa: E402  (a command of its own module)

cli.add_command(audit_sites)


from sushasan.web.commands import demo_users, serve, users  # noqa: E402  (the dashboard's shell)

cli.add_command(users)
cli.add_command(serve)
cli.add_command(demo_users)


def main() -> None:
    cli(prog_name="sushasan")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
