"""Desk throughput in a surge: triage + ticket creation of ~50,000 citizens' messages.

A fresh data folder gets the scale generator's ``surge`` quarter (68,000 interactions in the
lake, about 50,000 of them citizens' messages; the rest are the departments' replies, which
triage skips). Then, in the same run and on the same desk:

- **baseline**: a plain insert of the same number of rows (platform, id, time, text, score)
  into a scratch table, in batches of the triage batch size, one transaction per batch: the
  floor for writing one row per message;
- **triage**: ``Sushasan.grievances.triage()`` as the worker runs it: read the messages not yet
  in the ledger (DuckDB over Parquet), classify and route them in batches, open the tickets
  (docket numbers, due dates, opening events, audit rows) and write the ledger, one transaction
  per batch.

Goal (issue 19): the surge triaged in ≤ 60 s. Prints messages/s, tickets opened, and the
triage time as a multiple of the baseline; ``--database-url`` runs it on PostgreSQL.

    .venv/bin/python bench/bench_surge.py [--postgres | --database-url URL] [--batch 5000]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import duckdb  # noqa: E402
import sqlalchemy as sa  # noqa: E402

QUARTER = "2025Q1"


def citizens(lake: Path) -> list[tuple[str, str, datetime, str]]:
    files = [str(f) for f in (lake / "interaction").rglob("*.parquet")]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    table = con.execute(
        "SELECT platform, interaction_id, created_at, text FROM read_parquet(?, "
        "hive_partitioning = true, hive_types_autocast = false) "
        "WHERE NOT coalesce(from_department, false) AND text IS NOT NULL", [files]
    ).arrow().read_all()
    con.close()
    return [(r["platform"], r["interaction_id"], r["created_at"], r["text"])
            for r in table.to_pylist()]


def baseline(engine: sa.Engine, rows: list[tuple[str, str, datetime, str]], batch: int
             ) -> float:
    """Seconds to insert ``rows`` plainly, one transaction per batch (then dropped)."""
    meta = sa.MetaData()
    scratch = sa.Table(
        "bench_plain_insert", meta,
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("interaction_id", sa.String(128), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
    )
    meta.drop_all(engine)
    meta.create_all(engine)
    start = time.perf_counter()
    for i in range(0, len(rows), batch):
        with engine.begin() as conn:
            conn.execute(sa.insert(scratch), [
                {"platform": p, "interaction_id": iid, "at": at, "text": text, "score": 0.5}
                for p, iid, at, text in rows[i:i + batch]])
    seconds = time.perf_counter() - start
    meta.drop_all(engine)
    return seconds


def main(argv: list[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--data-dir", type=Path, help="keep the data folder here")
    ap.add_argument("--postgres", action="store_true",
                    help="on a throwaway PostgreSQL cluster (initdb + pg_ctl, unix socket)")
    args = ap.parse_args(argv)
    if args.postgres:
        from bench_load import postgres

        with postgres() as url:
            args.database_url, args.postgres = url, False
            return run(args)
    return run(args)


def run(args: argparse.Namespace) -> dict[str, float]:
    tmp = None
    if args.data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="sushasan-bench-surge-")
        args.data_dir = Path(tmp.name) / "data"
    env = {**os.environ, "SUSHASAN_DATABASE_URL": args.database_url,
           "SUSHASAN_TRIAGE_BATCH": str(args.batch)}
    os.environ.update(env)
    exe = [sys.executable, "-c", "from sushasan.cli import main; main()",
           "--data-dir", str(args.data_dir)]
    subprocess.run([*exe, "init"], env=env, check=True, capture_output=True)
    made = time.perf_counter()
    subprocess.run([*exe, "sample", "--scale", "surge", "--quarter", QUARTER],
                   env=env, check=True, capture_output=True)
    made = time.perf_counter() - made

    from sushasan.app import Sushasan
    from sushasan.config import Config

    app = Sushasan(Config.load(env=env, data_dir=str(args.data_dir)))
    rows = citizens(args.data_dir / "lake")
    base = baseline(app.desk.engine, rows, args.batch)
    g = app.grievances
    g.detector  # noqa: B018 - load the models before the clock starts, as a running worker has
    g.router  # noqa: B018
    start = time.perf_counter()
    found = g.triage()
    seconds = time.perf_counter() - start
    with app.desk.engine.connect() as conn:
        tickets = conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
    app.close()
    if tmp is not None:
        tmp.cleanup()
    out = {"messages": found.examined, "tickets": int(tickets), "seconds": seconds,
           "per_second": found.examined / seconds, "baseline_seconds": base,
           "ratio": seconds / base, "generate_seconds": made}
    load = os.getloadavg()
    print(f"surge triage on {app.desk.backend}, batch {args.batch}, "
          f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at {datetime.now(UTC):%H:%M} UTC")
    print(f"  {found.examined:,} messages examined, {found.grievances:,} grievances, "
          f"{found.opened:,} tickets opened ({found.queued:,} to the triage queue)")
    print(f"  triage {seconds:6.1f} s = {out['per_second']:7.0f} messages/s  "
          f"(goal: the surge in <= 60 s)")
    print(f"  plain insert of the same rows {base:6.2f} s: triage costs x{out['ratio']:.1f}")
    print(json.dumps({k: round(v, 3) for k, v in out.items()}))
    return out


if __name__ == "__main__":
    main()
