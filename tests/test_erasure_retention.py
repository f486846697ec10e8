"""Retention runs the erasure on a schedule: the worker's daily ``retention`` job erases, from
every store, the tickets closed longer than ``retention_days`` (frozen clocks, never today), once;
and ``sushasan grievances erase`` through the real console entry point, by docket, dry run first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import sqlalchemy as sa

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.desk import tables
from sushasan.grievances.tickets.desk import Actor, NewTicket
from sushasan.grievances.tickets.lifecycle import Action
from sushasan.worker import WorkerSettings, make_worker
from tests.conftest import Cli

REGISTRY = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "jal_sansthan,Uttarakhand Jal Sansthan,उत्तराखण्ड जल संस्थान,undertaking,paani,jal_x,,,,\n"
)
PHONE = "9822233445"
OLD = datetime(2024, 8, 5, 4, 30, tzinfo=UTC)
CLOSED = datetime(2024, 8, 20, 6, 0, tzinfo=UTC)


def _msg(iid: str, text: str, at: datetime = OLD) -> dict[str, Any]:
    return {"record": "interaction", "platform": "x", "account_id": "jal_x",
            "interaction_id": iid, "created_at": at.isoformat(), "kind": "mention",
            "text": text, "author_handle": f"citizen_{iid}", "author_id": f"id_{iid}"}


RECORDS = [
    _msg("old1", f"@jal_x paani nahi aa raha ward 3, call me on {PHONE} please"),
    _msg("new1", "@jal_x paani nahi aa raha ward 9 since yesterday, please help",
         at=datetime(2024, 12, 1, 4, 30, tzinfo=UTC)),
]


def _app(cli: Cli, now: datetime) -> Sushasan:
    env = {**cli.env, "SUSHASAN_RETENTION_DAYS": "30"}
    app = Sushasan(Config.load(env=env, data_dir=str(cli.data_dir)))
    app.grievances.clock = lambda: now
    return app


#: Real (not sample) tickets, while tickets still carry a sample flag.
_real = {"sample": False} if "sample" in NewTicket.__dataclass_fields__ else {}


def _world(cli: Cli) -> dict[str, str]:
    """Two tickets opened straight from the lake's messages (no model needed): an old one
    closed in August, a newer one still open."""
    cli.registered(REGISTRY)
    cli.import_records(RECORDS, "msgs.jsonl")
    app = _app(cli, CLOSED)
    g = app.grievances
    with g.tickets.transaction():
        opened = g.tickets.open([
            NewTicket(platform="x", interaction_id=r["interaction_id"], text=r["text"],
                      received_at=datetime.fromisoformat(r["created_at"]),
                      department_id="jal_sansthan", needs_triage=False, routing_score=0.9,
                      routing_reasons=("keyword: paani",), grievance_score=0.9, language="en",
                      author_handle=r["author_handle"], addressed_department_id="jal_sansthan",
                      place=None, district=None, **_real)
            for r in RECORDS])
    dockets = {t.interaction_id: t.docket for t in opened}
    g.tickets.act(dockets["old1"], Action("not_grievance", reason=f"asked to call {PHONE}"),
                  Actor("admin1", "admin"))
    app.close()
    return dockets


def _lake_ids(data_dir: Path) -> list[str]:
    files = sorted((data_dir / "lake" / "interaction").rglob("*.parquet"))
    return sorted(i for f in files for i in pq.read_table(f).column("interaction_id").to_pylist())


def test_the_worker_runs_retention_through_the_erasure_once(sushasan: Cli) -> None:
    dockets = _world(sushasan)
    assert _lake_ids(sushasan.data_dir) == ["new1", "old1"]
    data = sushasan.data_dir
    default = WorkerSettings.from_config(Config.load(env={}, data_dir=str(data)))
    assert default.every["retention"] == 86400  # daily unless the settings say otherwise

    def run_at(now: datetime) -> Any:
        worker = make_worker(lambda: _app(sushasan, now),
                             WorkerSettings(data, data / "queue.sqlite", {"retention": 86400}))
        try:
            return worker.run_job("retention")
        finally:
            worker.close()

    # 29 days after closing: not yet due
    early = run_at(CLOSED + timedelta(days=29))
    assert early.status == "ok" and early.detail.startswith("0 tickets erased"), early
    assert _lake_ids(data) == ["new1", "old1"]
    due = run_at(CLOSED + timedelta(days=31))
    assert due.status == "ok" and due.detail.startswith("1 ticket erased, 1 lake rows"), due
    again = run_at(CLOSED + timedelta(days=32))
    assert again.detail.startswith("0 tickets erased"), again  # idempotent
    assert _lake_ids(data) == ["new1"]

    engine = sa.create_engine(f"sqlite:///{data}/desk.sqlite")
    with engine.connect() as conn:
        t = conn.execute(sa.select(tables.tickets).where(
            tables.tickets.c.docket == dockets["old1"])).one()
        kept = conn.execute(sa.select(tables.tickets.c.text).where(
            tables.tickets.c.docket == dockets["new1"])).scalar_one()
        runs = conn.execute(sa.select(tables.audit_events.c.actor, tables.audit_events.c.at,
                                      tables.audit_events.c.after)
                            .where(tables.audit_events.c.action == "subject.erase")
                            .order_by(tables.audit_events.c.id)).all()
        reasons = conn.execute(sa.select(tables.ticket_events.c.reason).where(
            tables.ticket_events.c.docket == dockets["old1"])).scalars().all()
    engine.dispose()
    assert (t.text, t.state, t.department_id) == ("[erased]", "closed", "jal_sansthan")
    assert t.author_handle.startswith("erased:") and t.erased_at is not None
    assert "ward 9" in kept
    assert PHONE not in " ".join(r or "" for r in reasons)
    assert [r.actor for r in runs] == ["system:retention"] * 3
    after = [json.loads(r.after) for r in runs]
    assert [a["tickets"] for a in after] == [0, 1, 0]
    assert after[1]["mode"] == "retention" and after[1]["counts"]["lake_rows"] == 1
    assert runs[1].at.replace(tzinfo=UTC) == CLOSED + timedelta(days=31)  # the frozen clock
    raw = b"".join(p.read_bytes() for p in (data / "raw").rglob("*") if p.is_file())
    assert PHONE.encode() not in raw and b"ward 9" in raw


def test_erase_by_docket_through_the_console_entry_point(sushasan: Cli) -> None:
    dockets = _world(sushasan)
    env = {**os.environ, "SUSHASAN_DATABASE_URL": "",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from sushasan.cli import main; main()",
             "--data-dir", str(sushasan.data_dir), "grievances", "erase", *args],
            env=env, capture_output=True, text=True, timeout=300)

    dry = run("--docket", dockets["old1"], "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    counts = json.loads(dry.stdout)["counts"]
    assert counts["lake_rows"] == 1 and counts["desk_tickets"] == 1
    assert _lake_ids(sushasan.data_dir) == ["new1", "old1"]  # a dry run changes nothing

    done = run("--docket", dockets["old1"], "--reason", "request 17/2026")
    assert done.returncode == 0, done.stderr
    assert "Erased" in done.stdout and "lake: messages removed" in done.stdout
    assert _lake_ids(sushasan.data_dir) == ["new1"]

    missing = sushasan("grievances", "erase", "--docket", "SUS-2024-999999", ok=False)
    assert missing.exit_code == 1 and "no ticket SUS-2024-999999" in missing.output
    neither = sushasan("grievances", "erase", ok=False)
    assert neither.exit_code == 1 and "--author" in neither.output
