"""Benchmarks for the walking skeleton, reported as ratios against baselines from the same run.

- import: records/s through `sushasan import --format sushasan-jsonl` (parse, validate, resolve
  accounts, merge into Parquet, ledger) against a bare `json.loads` of every line of the same file.
- review: one quarterly review with 1,000 Monte Carlo runs (Ibis on DuckDB, anti-gaming checks,
  index, uncertainty, explanations) against a bare DuckDB scan that reads every column of the same
  Parquet files; and the same review without the Monte Carlo runs, to show what uncertainty costs.

Run with `make bench`. Numbers are machine-dependent; the ratios are what to compare over time.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import duckdb

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.quarters import Quarter


def _best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    quarter = Quarter.parse("2024Q3")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app = Sushasan(Config.load(env={}, data_dir=str(root / "data")))
        app.init()
        sample_file = root / "sample.jsonl"
        start = time.perf_counter()
        app.sample(quarter, seed=7, out=sample_file)
        generate = time.perf_counter() - start
        lines = sample_file.read_text(encoding="utf-8").splitlines()
        n = len(lines)

        baseline = _best(lambda: [json.loads(line) for line in lines])
        start = time.perf_counter()
        app.import_files("sushasan-jsonl", [sample_file])
        imported = time.perf_counter() - start

        lake = root / "data" / "lake"

        def scan_all() -> None:
            con = duckdb.connect()
            for kind in ("post", "interaction", "account_stat"):
                files = [str(p) for p in (lake / kind).rglob("*.parquet")]
                con.execute(
                    f"SELECT count(DISTINCT COLUMNS(*)) FROM read_parquet({files!r})"
                ).fetchall()

        scan = _best(scan_all)
        review = _best(lambda: app.compute_review(quarter, "sample"))
        nominal = _best(lambda: app.compute_review(quarter, "sample", uncertainty=False))
        app.close()

    print(f"sample quarter: {n:,} records, generated in {generate:.2f} s")
    print(
        f"import: {n / imported:,.0f} records/s; json.loads baseline {n / baseline:,.0f} "
        f"records/s; ratio {baseline / imported:.2f}× of baseline speed"
    )
    print(
        f"review with 1,000 Monte Carlo runs: {review:.2f} s (goal < 30 s); raw DuckDB scan of "
        f"the lake {scan * 1000:.0f} ms; ratio {review / scan:.1f}× the scan time"
    )
    print(
        f"review without Monte Carlo: {nominal:.2f} s; the 1,000 runs add "
        f"{(review - nominal) / nominal * 100:.0f}% ({review / nominal:.2f}×)"
    )


if __name__ == "__main__":
    main()
