"""Load benchmark for the dashboard on loopback: p50/p95 latency and req/s at 50 concurrent users.

Starts the real server (`sushasan serve`) on 127.0.0.1 over a data folder with published sample
quarters, signs in as a reviewer, then runs a bounded load — a fixed number of requests spread over
50 concurrent clients, so it stops by itself — against the league table, a department
scorecard and the grievance queue (the sample desk, triaged and simulated). The baseline from
the same run is /healthz (the framework, middleware and session cookie, no page): the ratio
says what rendering a page costs on top of serving anything.

    .venv/bin/python bench/bench_web.py [--data-dir DIR] [--users 50] [--requests 2000]

Without --data-dir a full sample state (82 departments, two quarters) is generated first (~30 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2
import pyarrow.parquet as pq

QUARTER = "2024Q3"
DEPARTMENT = "transport"
PASSWORD = "bench-reviewer-password"


def _sushasan(data_dir: Path, *args: str, stdin: str | None = None) -> str:
    exe = Path(sys.executable).with_name("sushasan")
    done = subprocess.run([str(exe), "--data-dir", str(data_dir), *args], input=stdin,
                          capture_output=True, text=True, check=True)
    return done.stdout


def prepare(data_dir: Path) -> None:
    """A data folder with 2024Q3 published and a reviewer account (sample data only)."""
    fresh = not (data_dir / "desk.sqlite").exists()
    _sushasan(data_dir, "init")  # on an existing folder: brings the desk schema up to date
    if fresh:
        _sushasan(data_dir, "sample", "--quarter", "2024Q2")
        _sushasan(data_dir, "sample", "--quarter", QUARTER)
        # The sample desk: tickets in every state, so the queue page has something to page.
        _sushasan(data_dir, "grievances", "triage")
        _sushasan(data_dir, "grievances", "simulate", "--seed", "7")
    _sushasan(data_dir, "review", "--quarter", QUARTER, "--publish", "--out",
              str(data_dir / "bench-out"), "--format", "json")
    if "bench-reviewer" not in _sushasan(data_dir, "users", "list"):
        _sushasan(data_dir, "users", "add", "bench-reviewer", "--role", "reviewer",
                  stdin=PASSWORD + "\n")


def dataset_size(data_dir: Path) -> dict[str, int]:
    lake = data_dir / "lake"
    records = {
        kind: sum(pq.ParquetFile(f).metadata.num_rows
                  for f in (lake / kind).glob("platform=*/month=*/data.parquet"))
        for kind in ("post", "interaction", "account_stat")
    }
    with sqlite3.connect(data_dir / "desk.sqlite") as db:
        departments = db.execute("SELECT count(*) FROM departments").fetchone()[0]
        tickets = db.execute("SELECT count(*) FROM tickets").fetchone()[0]
    return {"departments": departments, **records, "tickets": tickets}


def wait_for_server(base: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    """Until ``base``/healthz answers; exits the benchmark if the server dies or is too slow."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx2.get(base + "/healthz").status_code == 200:
                return
        except httpx2.TransportError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.2)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _login(base: str) -> dict[str, str]:
    async with httpx2.AsyncClient(base_url=base) as client:
        page = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        r = await client.post("/login", data={"username": "bench-reviewer", "password": PASSWORD,
                                              "csrf_token": token})
        assert r.status_code in (200, 303), r.status_code
        return dict(client.cookies)


async def load(base: str, path: str, cookies: dict[str, str], users: int,
               requests: int) -> dict[str, float]:
    """``requests`` GETs of ``path`` by ``users`` concurrent clients; latency stats in ms."""
    latencies: list[float] = []
    remaining = requests
    errors = 0

    async def user(client: httpx2.AsyncClient) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            start = time.perf_counter()
            r = await client.get(path)
            latencies.append((time.perf_counter() - start) * 1000)
            if r.status_code != 200:
                errors += 1

    limits = httpx2.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx2.AsyncClient(base_url=base, cookies=cookies, limits=limits,
                                  timeout=60) as client:
        await client.get(path)  # warm caches once
        start = time.perf_counter()
        await asyncio.gather(*(user(client) for _ in range(users)))
        wall = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return {"p50": q[49], "p95": q[94], "rps": len(latencies) / wall, "errors": errors,
            "n": len(latencies)}


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    args = ap.parse_args(argv)
    tmp = None
    if args.data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="sushasan-bench-web-")
        args.data_dir = Path(tmp.name) / "data"
    prepare(args.data_dir)
    size = dataset_size(args.data_dir)
    port = _port()
    exe = Path(sys.executable).with_name("sushasan")
    env = {**os.environ, "SUSHASAN_SECRET_KEY": "bench-only-secret"}
    server = subprocess.Popen(
        [str(exe), "--data-dir", str(args.data_dir), "serve", "--host", "127.0.0.1",
         "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    results: dict[str, dict[str, float]] = {}
    try:
        wait_for_server(base, server, 60)
        cookies = asyncio.run(_login(base))
        targets = {
            "baseline /healthz": "/healthz",
            "league table": f"/league/{QUARTER}",
            "scorecard": f"/departments/{DEPARTMENT}/{QUARTER}",
            "ticket queue": "/tickets",
        }
        for name, path in targets.items():
            results[name] = asyncio.run(load(base, path, cookies, args.users, args.requests))
    finally:
        server.terminate()
        server.wait(10)
        if tmp is not None:
            tmp.cleanup()
    print(f"dashboard load, {args.users} concurrent users, {args.requests} requests per page, "
          f"one uvicorn process on loopback")
    print("dataset: " + ", ".join(f"{k}={v:,}" for k, v in size.items()))
    base_p95 = results["baseline /healthz"]["p95"]
    for name, r in results.items():
        print(f"  {name:<18} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
              f"{r['rps']:7.1f} req/s  errors {int(r['errors'])}  "
              f"p95 ×{r['p95'] / base_p95:5.1f} baseline")
    return results


if __name__ == "__main__":
    main()
