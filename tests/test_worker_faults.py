"""Faults: ``kill -9`` the worker in the middle of triaging a surge, start it again.

The surge is the scale generator's small quarter (about 10,000 interactions in the lake). The
real worker (``sushasan worker``, Huey consumer, triage every second, 300 messages a batch) runs
in a subprocess; once some batches are committed it gets SIGKILL, wherever it is — inside a
batch's transaction, classifying, or between batches. A second worker then finishes the
surge. Nothing may be lost (every citizen's message is in the triage ledger), nothing doubled
(one ticket per message, dockets without gaps), and the queue consistent (every ticket has its
opening event, the ledger names every ticket, the maintained counts equal a full count). On
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from sushasan.desk import ticket_counts
from sushasan.desk.tables import ticket_counts as counts_table
from tests.conftest import Cli, new_database

_names = itertools.count()
BATCH = "300"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """'' for the data folder's SQLite desk, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield ""
        return
    server = request.getfixturevalue("postgres_url")
    yield new_database(server, f"sushasan_faults_{os.getpid()}_{next(_names)}")


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "SUSHASAN_DATABASE_URL": url, "SUSHASAN_TRIAGE_EVERY": "1s",
            "SUSHASAN_INGEST_EVERY": "off", "SUSHASAN_AUDIT_EVERY": "off",
            "SUSHASAN_TRIAGE_BATCH": BATCH, "PYTHONPATH": _pythonpath()}


def _pythonpath() -> str:
    src = str(Path(__file__).resolve().parents[1] / "src")
    return os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)


def _worker(data: Path, url: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", "from sushasan.cli import main; main()",
             "--data-dir", str(data), "worker"],
            env=_env(url), stdout=out, stderr=subprocess.STDOUT)


def _citizens(data: Path) -> int:
    """Messages triage must look at: citizens' interactions with text (not the replies)."""
    files = [str(f) for f in (data / "lake" / "interaction").rglob("*.parquet")]
    con = duckdb.connect()
    n = con.execute(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning = true, "
        "hive_types_autocast = false) WHERE NOT coalesce(from_department, false) "
        "AND text IS NOT NULL", [files]).fetchone()
    con.close()
    return int(n[0]) if n else 0


def _count(engine: sa.Engine, sql: str) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql)).scalar_one())
    except sa.exc.OperationalError:  # the schema is still being made by the worker
        return 0


def _wait(engine: sa.Engine, at_least: int, proc: subprocess.Popen[bytes], log: Path,
          seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while True:
        n = _count(engine, "SELECT count(*) FROM triaged")
        if n >= at_least:
            return n
        if proc.poll() is not None:
            raise AssertionError(f"the worker stopped: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"only {n} of {at_least} triaged: {log.read_text()[-2000:]}")
        time.sleep(0.05)


def test_kill_9_mid_surge_loses_nothing_and_doubles_nothing(
    sushasan: Cli, database_url: str, tmp_path: Path
) -> None:
    sushasan.env = {"SUSHASAN_DATABASE_URL": database_url}
    sushasan("init")
    sushasan("sample", "--scale", "10k", "--quarter", "2024Q3", "--seed", "7")
    total = _citizens(sushasan.data_dir)
    assert total > 10 * int(BATCH)  # enough batches for the kill to land in the middle
    url = database_url or f"sqlite:///{sushasan.data_dir / 'desk.sqlite'}"
    engine = sa.create_engine(url)
    log = tmp_path / "worker.log"
    try:
        first = _worker(sushasan.data_dir, database_url, log)
        try:
            done = _wait(engine, 2 * int(BATCH), first, log, 600)
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait(30)
        assert first.returncode == -signal.SIGKILL
        killed_at = _count(engine, "SELECT count(*) FROM triaged")
        assert done <= killed_at < total, "the kill did not land in the middle of the surge"

        second = _worker(sushasan.data_dir, database_url, log)
        try:
            _wait(engine, total, second, log, 900)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(120)

        q = lambda sql: _count(engine, sql)  # noqa: E731
        assert q("SELECT count(*) FROM triaged") == total  # 0 lost
        tickets = q("SELECT count(*) FROM tickets")
        assert tickets > 0
        assert q("SELECT count(DISTINCT platform || ':' || interaction_id) FROM tickets") \
            == tickets  # 0 doubled
        assert q("SELECT count(*) FROM triaged WHERE docket IS NOT NULL") == tickets
        assert q("SELECT count(*) FROM triaged t JOIN tickets k ON k.docket = t.docket "
                 "AND k.interaction_id = t.interaction_id") == tickets
        assert q("SELECT count(DISTINCT docket) FROM ticket_events WHERE action = 'open'") \
            == tickets
        assert q("SELECT count(*) FROM ticket_events WHERE action = 'open'") == tickets
        # Docket numbers count up without a hole or a repeat, whatever the kill interrupted.
        assert q("SELECT sum(last) FROM docket_counters") == tickets
        with engine.connect() as conn:
            kept = {(r.department_id, r.state, bool(r.needs_triage)): r.n
                    for r in conn.execute(sa.select(counts_table)) if r.n}
            assert kept == ticket_counts.recount(conn)
    finally:
        engine.dispose()
