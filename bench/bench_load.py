"""Load benchmark with locust: 50 users in a realistic mix, during a surge, SQLite and PostgreSQL.

The data folder (``--data-dir``, made on first use and kept) holds two published sample
quarters, the sample desk topped up to ``--tickets`` tickets (labelled sample, opened through
the ticket desk in batches), and, for each run, a fresh surge in the lake: the scale
generator's ``surge`` quarter (68,000 interactions, ~50,000 citizens' messages) with a new seed.
Then, on loopback only:

- ``sushasan serve`` (one uvicorn process) and ``sushasan worker`` (triage every second), which
  triages the surge while the users load the pages;
- locust headless (``bench/locustfile.py``): ``--users`` users (cell, officers, public, API and
  a light /healthz baseline user), for ``--seconds`` seconds;
- p50/p95/p99 per page from locust's statistics, each as a multiple of /healthz in the same
  run, the surge's progress, and the machine's load (``os.getloadavg``).

``--postgres`` runs the same on a throwaway PostgreSQL cluster (initdb + pg_ctl in a temporary
folder, unix socket only), with the SQLite desk copied into it. Goal (issue 19): p95 ≤ 300 ms
for league, scorecard, queue and ticket pages.

    .venv/bin/python bench/bench_load.py [--data-dir DIR] [--postgres] [--users 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
import sqlalchemy as sa
from bench_web import PASSWORD, QUARTER, prepare, wait_for_server

HERE = Path(__file__).resolve().parent
PAGES = ("league", "scorecard", "queue", "queue (next page)", "ticket", "public", "api tickets",
         "api ticket", "api me", "healthz")
GOAL_PAGES = ("league", "scorecard", "queue", "ticket")
SURGE_QUARTER = "2025Q1"


def _cli(data_dir: Path, env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", "from sushasan.cli import main; main()",
                           "--data-dir", str(data_dir), *args], input=stdin, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (as the tests start one); yields its URL."""
    import glob
    import pwd
    import shutil

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL binaries not found (Debian: apt-get install postgresql)")
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="sushasan-bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    port = str(_port())
    run = lambda *c: subprocess.run([*prefix, *c], check=True, capture_output=True)  # noqa: E731
    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"), "-o",
        f"-k {root} -c listen_addresses='' -p {port} -c max_connections=200", "start")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(root, ignore_errors=True)


def copy_desk(source: str, target: str) -> None:
    """The prepared SQLite desk into an empty PostgreSQL database, table by table."""
    from sushasan.desk import Desk
    from sushasan.desk.tables import metadata

    Desk(target).upgrade()
    src, dst = sa.create_engine(source), sa.create_engine(target)
    with src.connect() as read, dst.begin() as write:
        for table in metadata.sorted_tables:
            result = read.execution_options(yield_per=5000).execute(sa.select(table))
            for chunk in result.partitions():
                write.execute(sa.insert(table), [dict(r._mapping) for r in chunk])
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, sa.Integer):
                write.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"coalesce((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1, false)"))
    src.dispose()
    dst.dispose()


def fill(data_dir: Path, env: dict[str, str], total: int) -> int:
    """Top the desk up to ``total`` tickets (labelled sample) through the ticket desk."""
    from sushasan.app import Sushasan
    from sushasan.config import Config
    from sushasan.grievances.tickets.desk import NewTicket

    app = Sushasan(Config.load(env=env, data_dir=str(data_dir)))
    g = app.grievances.tickets
    with app.desk.engine.connect() as conn:
        have = conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
        texts = [t for (t,) in conn.execute(sa.text("SELECT text FROM tickets LIMIT 2000"))]
    departments = sorted(app.desk.department_ids())
    rng = random.Random(19)
    now = app.grievances.desk_now()  # the sample desk's own day: ages and overdue read true
    made = int(have)
    while made < total:
        n = min(5000, total - made)
        items = []
        for i in range(made, made + n):
            dept = None if rng.random() < 0.08 else rng.choice(departments)
            items.append(NewTicket(
                platform="x", interaction_id=f"bench-fill-{i}",
                text=rng.choice(texts or ["bench ticket"]),
                received_at=now - timedelta(minutes=rng.uniform(0, 120 * 24 * 60)),
                department_id=dept, needs_triage=dept is None, routing_score=0.8,
                routing_reasons=(), grievance_score=0.9, language="hi", author_handle=None,
                addressed_department_id=dept, place=None, district=None, sample=True))
        g.open(items)
        made += n
    app.close()
    return made


def users(data_dir: Path, env: dict[str, str]) -> str:
    """The officer account beside bench_web's reviewer, and the reviewer's API token."""
    listed = _cli(data_dir, env, "users", "list")
    if "bench-officer" not in listed:
        _cli(data_dir, env, "users", "add", "bench-officer", "--role", "officer",
             "--department", "transport", stdin=PASSWORD + "\n")
    return _cli(data_dir, env, "users", "token", "bench-reviewer").strip()


def _sign_in(base: str, username: str) -> dict[str, str]:
    with httpx2.Client(base_url=base, timeout=300) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        r = client.post("/login", data={"username": username, "password": PASSWORD,
                                        "csrf_token": token.group(1) if token else ""})
        if r.status_code not in (200, 303):
            raise SystemExit(f"sign-in as {username} failed: {r.status_code}")
        return dict(client.cookies)


def stats(prefix: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                continue
            out[row["Name"]] = {
                "n": float(row["Request Count"]), "failures": float(row["Failure Count"]),
                "p50": float(row["50%"] or 0), "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0), "rps": float(row["Requests/s"] or 0)}
    return out


def run(data_dir: Path, env: dict[str, str], users_n: int, seconds: int, label: str) -> None:
    seed = str(int(time.time()) % 100_000)
    started = time.perf_counter()
    _cli(data_dir, env, "sample", "--scale", "surge", "--quarter", SURGE_QUARTER, "--seed", seed)
    print(f"[{label}] surge written in {time.perf_counter() - started:.0f} s (seed {seed})",
          flush=True)
    token = users(data_dir, env)
    url = env.get("SUSHASAN_DATABASE_URL") or f"sqlite:///{data_dir / 'desk.sqlite'}"
    engine = sa.create_engine(url)

    def count(sql: str) -> int:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql)).scalar_one())

    tickets = count("SELECT count(*) FROM tickets")
    triaged_before = count("SELECT count(*) FROM triaged")
    with engine.connect() as conn:
        departments = [d for (d,) in conn.execute(sa.text("SELECT id FROM departments "
                                                          "ORDER BY id"))]
    port = _port()
    base = f"http://127.0.0.1:{port}"
    penv = {**env, "SUSHASAN_SECRET_KEY": "bench-only-secret", "SUSHASAN_TRIAGE_EVERY": "1s",
            "SUSHASAN_INGEST_EVERY": "off", "SUSHASAN_AUDIT_EVERY": "off"}
    exe = [sys.executable, "-c", "from sushasan.cli import main; main()",
           "--data-dir", str(data_dir)]
    logs = data_dir / "bench-logs"
    logs.mkdir(exist_ok=True)
    server = subprocess.Popen([*exe, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              env=penv, stdout=(logs / "serve.log").open("wb"),
                              stderr=subprocess.STDOUT)
    worker = None
    try:
        wait_for_server(base, server, 300)
        cookies = {name: json.dumps(_sign_in(base, name))
                   for name in ("bench-reviewer", "bench-officer")}
        for path in (f"/league/{QUARTER}", f"/departments/transport/{QUARTER}", "/tickets",
                     "/public"):  # the first view of each page compiles its templates
            httpx2.get(base + path, cookies=json.loads(cookies["bench-reviewer"]), timeout=300)
        worker = subprocess.Popen([*exe, "worker"], env=penv,
                                  stdout=(logs / "worker.log").open("wb"),
                                  stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 600  # the load starts once the surge is being triaged
        while count("SELECT count(*) FROM triaged") == triaged_before:
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit(f"the worker did not start triaging; see {logs}/worker.log")
            time.sleep(0.5)
        lenv = {**os.environ, "BENCH_QUARTER": QUARTER, "BENCH_PASSWORD": PASSWORD,
                "BENCH_TOKEN": token, "BENCH_DEPARTMENTS": ",".join(departments),
                "BENCH_OFFICER_DEPARTMENT": "transport",
                **{f"BENCH_COOKIES_{k}": v for k, v in cookies.items()}}
        if extra := os.environ.get("BENCH_LOCUST_PATH"):  # locust in its own folder
            lenv["PYTHONPATH"] = extra
        prefix = logs / f"locust-{label}"
        load_before = os.getloadavg()
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"),
                        "--headless", "-u", str(users_n), "-r", str(max(1, users_n // 5)),
                        "-t", f"{seconds}s", "--host", base, "--csv", str(prefix),
                        "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
                       env=lenv, check=False, cwd=HERE, stdout=(logs / "locust.log").open("wb"),
                       stderr=subprocess.STDOUT)
        wall = time.perf_counter() - t0
        load_after = os.getloadavg()
        triaged = count("SELECT count(*) FROM triaged") - triaged_before
        opened = count("SELECT count(*) FROM tickets") - tickets
    finally:
        for p in (worker, server):
            if p is not None:
                p.terminate()
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
        engine.dispose()
    results = stats(prefix)
    base_p95 = results.get("healthz", {}).get("p95") or float("nan")
    print(f"[{label}] {users_n} locust users for {seconds} s ({wall:.0f} s wall), one uvicorn "
          f"process on loopback; desk {tickets:,} tickets at start, {len(departments)} "
          f"departments; load {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"(1-min avg, 2 cores); {datetime.now(UTC):%H:%M} UTC")
    print(f"[{label}] the worker triaged {triaged:,} surge messages and opened {opened:,} "
          "tickets during the load")
    for name in PAGES:
        r = results.get(name)
        if r is None:
            continue
        goal = "" if name not in GOAL_PAGES else (" ok" if r["p95"] <= 300 else " OVER 300 ms")
        print(f"  {name:<18} n {int(r['n']):6d}  fail {int(r['failures']):4d}  p50 "
              f"{r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms  p99 {r['p99']:6.0f} ms  "
              f"p95 x{r['p95'] / base_p95:5.1f} healthz{goal}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=Path("bench-data/load"))
    ap.add_argument("--tickets", type=int, default=200_000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    ap.add_argument("--only-postgres", action="store_true")
    args = ap.parse_args(argv)
    env = {**os.environ, "SUSHASAN_DATABASE_URL": ""}
    if not (args.data_dir / "desk.sqlite").exists() or not re.search(
            "bench-reviewer", _cli(args.data_dir, env, "users", "list")):
        prepare(args.data_dir)
    print(f"desk filled to {fill(args.data_dir, env, args.tickets):,} tickets", flush=True)
    if not args.only_postgres:
        run(args.data_dir, env, args.users, args.seconds, "sqlite")
    if args.postgres or args.only_postgres:
        with postgres() as url:
            copy_desk(f"sqlite:///{args.data_dir / 'desk.sqlite'}", url)
            run(args.data_dir, {**env, "SUSHASAN_DATABASE_URL": url}, args.users, args.seconds,
                "postgres")


if __name__ == "__main__":
    main()
