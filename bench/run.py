"""Benchmarks for the walking skeleton, reported as ratios against baselines from the same run.

- import: records/s through `sushasan import --format sushasan-jsonl` (parse, validate, resolve
  accounts, merge into Parquet, ledger) against pyarrow's raw JSON parse of the same bytes (the
  issue's baseline; goal ≥ 0.5×) and against a bare `json.loads` of every line.
- review: one quarterly review with 1,000 Monte Carlo runs (Ibis on DuckDB, anti-gaming checks,
  index, uncertainty, explanations) against a bare DuckDB scan that reads every column of the same
  Parquet files; and the same review without the Monte Carlo runs, to show what uncertainty costs.

- index: `sushasan index`'s engine on 5,000 units × 200 indicators × 4 levels with 1,000 Monte
  Carlo runs against bare NumPy doing the same arithmetic (goal ≤ 3×), written to
  bench/results.json section ``index_engine``; see bench_index.py.

Run with `make bench`. Numbers are machine-dependent; the ratios are what to compare over time.
"""

from __future__ import annotations

import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow.json as pa_json
from bench_index import index_bench
from timing import best

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.quarters import Quarter

_IMPORT_RUNS = 8


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

        baseline = best(lambda: [json.loads(line) for line in lines])
        raw = sample_file.read_bytes()
        # The import and Arrow's parse take turns, so both see the machine in the same state (a
        # shared VM drifts by tens of percent between seconds). Each import goes into its own
        # copy of the data folder (registry and sample accounts, empty lake), so every run does
        # the whole work; the first also pays the one-time imports of the libraries it uses,
        # reported apart. Wall time and CPU time (all threads) are both reported: the ratio of
        # CPU times is the steadier on a busy machine.
        app.close()
        walls, cpus, arrow_walls, arrow_cpus = [], [], [], []
        for i in range(_IMPORT_RUNS):
            cpu, start = time.process_time(), time.perf_counter()
            pa_json.read_json(io.BytesIO(raw))
            arrow_walls.append(time.perf_counter() - start)
            arrow_cpus.append(time.process_time() - cpu)
            shutil.copytree(root / "data", root / f"run{i}")
            app = Sushasan(Config.load(env={}, data_dir=str(root / f"run{i}")))
            cpu, start = time.process_time(), time.perf_counter()
            app.import_files("sushasan-jsonl", [sample_file])
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
            if i < _IMPORT_RUNS - 1:
                app.close()
                shutil.rmtree(root / f"run{i}")
        first = walls[0]
        imported, arrow = min(walls[1:]), min(arrow_walls[1:])
        median_ratio = statistics.median(arrow_walls[1:]) / statistics.median(walls[1:])
        cpu_ratio = min(arrow_cpus[1:]) / min(cpus[1:])

        lake = root / f"run{_IMPORT_RUNS - 1}" / "lake"

        def scan_all() -> None:
            con = duckdb.connect()
            for kind in ("post", "interaction", "account_stat"):
                files = [str(p) for p in (lake / kind).rglob("*.parquet")]
                con.execute(
                    f"SELECT count(DISTINCT COLUMNS(*)) FROM read_parquet({files!r})"
                ).fetchall()

        scan = best(scan_all)
        review = best(lambda: app.compute_review(quarter, "sample"))
        nominal = best(lambda: app.compute_review(quarter, "sample", uncertainty=False))
        app.close()

    print(f"sample quarter: {n:,} records, generated in {generate:.2f} s")
    print(
        f"import: {n / imported:,.0f} records/s; pyarrow raw JSON parse {n / arrow:,.0f} "
        f"records/s, ratio {arrow / imported:.2f}× (goal ≥ 0.5×; {median_ratio:.2f}× at the "
        f"median run); CPU time {min(cpus[1:]) * 1000:.0f} ms against the parse's "
        f"{min(arrow_cpus[1:]) * 1000:.0f} ms, ratio {cpu_ratio:.2f}×; json.loads "
        f"{n / baseline:,.0f} records/s, ratio {baseline / imported:.2f}×; first run in a "
        f"fresh process {n / first:,.0f} records/s"
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
    # `python bench/run.py index` runs only the index engine's part.
    if sys.argv[1:] != ["index"]:
        main()
    index_bench()
