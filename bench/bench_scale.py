"""The review at state scale: whole review vs the DuckDB floor vs pandas, in one run.

For each size on the curve (1M → 3M → 10M interactions; 30M with ``--with-30m``) it builds or
reuses the SAMPLE quarter (``sushasan sample --scale``), then runs, each in its own process so
that peak memory is its own (``os.wait4``'s ``ru_maxrss``):

- the whole review: ``sushasan review --data sample --format json`` (Monte Carlo and all);
- the floor: one DuckDB query over the same Parquet files (``scale_floor.py``), on the string
  ids and again on the integer keys the lake derives at import (the stricter floor);
- pandas: the same lake indicators in pandas (``scale_pandas.py``).

At the state size (10M) it also checks that pandas gives the review's numbers
(``scale_review_indicators.py``). Goals (issue 18): review ≤ 1.5× floor, ≥ 10× faster than pandas,
peak ≤ 1 GB. Writes the ``scale`` section of ``bench/results.json`` (other sections are kept) and
prints a table. Data goes to ``$SUSHASAN_BENCH_DIR`` (default: the temp folder), and is reused.

    python bench/bench_scale.py [--sizes 1M,3M,10M] [--with-30m] [--seed 7] [--quarter 2024Q3]
                                [--baseline-src DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.json"
STATE = "10M"  # one state's quarter: the size the goals are about
INDICATOR_KEYS = (
    "posts", "active_days", "consistency", "engagement_per_post_per_1k", "follower_growth",
    "answered_share", "median_response_hours", "informative_share", "hindi_share",
    "english_share", "bilingual_share", "media_share", "citizen_messages", "answered",
    "followers", "posts_by_platform",
)


def _env(src_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    src = str(src_dir or ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True, env=_env(), cwd=ROOT)


#: CPU seconds (user + system) of each child measured, by its command line: on a shared
#: machine the wall time follows the load, the CPU time much less.
CPU: dict[str, float] = {}


def measured(args: list[str], src: Path | None = None) -> tuple[float, float, str]:
    """Wall seconds, the child's own peak RSS (MB, from ``os.wait4``) and its output; ``src``
    runs it on another source tree (the code before a change, for a same-run comparison).
    The child's CPU seconds go to ``CPU``."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=_env(src), cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"{' '.join(args)} failed:\n{err.read().decode()[-3000:]}")
        peak_mb = usage.ru_maxrss / 1024  # kB on Linux
        CPU[" ".join(args) + f" @{src}"] = usage.ru_utime + usage.ru_stime
        return seconds, peak_mb, out.read().decode()


def cli(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sushasan.cli", "--data-dir", str(data_dir), *args]


def ensure_sample(base: Path, size: str, quarter: str, seed: int) -> dict[str, Any]:
    data_dir = base / f"scale-{size}-{quarter}-seed{seed}"
    if not (data_dir / "desk.sqlite").exists():
        run(cli(data_dir, "init"))
    seconds, peak, out = measured(cli(data_dir, "sample", "--scale", size, "--quarter", quarter,
                                      "--seed", str(seed)))
    manifest = json.loads((data_dir / "lake" / "_scale_samples" / f"{quarter}.json").read_text())
    reused = "reused" in out
    return {"data_dir": str(data_dir), "reused": reused,
            "generate_s": manifest.get("seconds"), "call_s": round(seconds, 2),
            "generate_peak_mb": None if reused else round(peak),
            "generate_cpu_s": None if reused else round(_last_cpu(), 1),
            "counts": manifest["counts"]}


def measure(
    base: Path, size: str, quarter: str, seed: int, check: bool, baseline: Path | None,
    with_pandas: bool = True,
) -> dict[str, Any]:
    sample = ensure_sample(base, size, quarter, seed)
    load = os.getloadavg()[0]
    data_dir = Path(sample["data_dir"])
    print(f"  {size}: sample {'reused' if sample['reused'] else 'generated'} "
          f"({sample['counts']['interaction']:,} interactions); review…", flush=True)
    with tempfile.TemporaryDirectory() as out_dir:
        review_s, review_mb, _ = measured(cli(data_dir, "review", "--quarter", quarter, "--data",
                                              "sample", "--out", out_dir, "--format", "json"))
    review_cpu = _last_cpu()
    before: dict[str, Any] = {}
    if baseline is not None:
        print(f"  {size}: review {review_s:.1f} s; the review before the change…", flush=True)
        with tempfile.TemporaryDirectory() as out_dir:
            b_s, b_mb, _ = measured(cli(data_dir, "review", "--quarter", quarter, "--data",
                                        "sample", "--out", out_dir, "--format", "json"),
                                    src=baseline)
        b_cpu = _last_cpu()
        before = {"review_before_s": round(b_s, 2), "review_before_peak_mb": round(b_mb),
                  "review_before_cpu_s": round(b_cpu, 2),
                  "before_over_after": round(b_s / review_s, 2),
                  "before_over_after_cpu": round(b_cpu / review_cpu, 2)}
    floor_s, floor_mb, floor_out = measured(
        [sys.executable, str(HERE / "scale_floor.py"), str(data_dir), quarter])
    floor_cpu = _last_cpu()
    # the same query on the integer keys the lake now derives at import: the engine's best
    keys_s, keys_mb, keys_out = measured(
        [sys.executable, str(HERE / "scale_floor.py"), str(data_dir), quarter, "--keys"])
    print(f"  {size}: review {review_s:.1f} s, floor {floor_s:.1f} s"
          + ("; pandas…" if with_pandas else ""), flush=True)
    if with_pandas:
        pandas_s, pandas_mb, pandas_out = measured(
            [sys.executable, str(HERE / "scale_pandas.py"), str(data_dir), quarter])
        pandas_cpu = _last_cpu()
    row: dict[str, Any] = {
        "sample": sample,
        "review_s": round(review_s, 2), "review_peak_mb": round(review_mb),
        "floor_s": round(floor_s, 2), "floor_query_s": round(json.loads(floor_out)["seconds"], 2),
        "floor_peak_mb": round(floor_mb),
        "floor_keys_s": round(keys_s, 2),
        "floor_keys_query_s": round(json.loads(keys_out)["seconds"], 2),
        "floor_keys_peak_mb": round(keys_mb),
        "review_over_floor_keys": round(review_s / keys_s, 2),
        "review_over_floor": round(review_s / floor_s, 2),
        "review_cpu_s": round(review_cpu, 2), "floor_cpu_s": round(floor_cpu, 2),
        "review_over_floor_cpu": round(review_cpu / floor_cpu, 2),
        "load_1min": [round(load, 2), round(os.getloadavg()[0], 2)],  # at start and end
        **before,
    }
    if with_pandas:
        row |= {"pandas_s": round(pandas_s, 2), "pandas_peak_mb": round(pandas_mb),
                "pandas_cpu_s": round(pandas_cpu, 2),
                "pandas_over_review": round(pandas_s / review_s, 2),
                "pandas_over_review_cpu": round(pandas_cpu / review_cpu, 2)}
    if check and with_pandas:
        _, _, ours = measured(
            [sys.executable, str(HERE / "scale_review_indicators.py"), str(data_dir), quarter])
        row["pandas_check"] = compare(json.loads(pandas_out)["departments"],
                                      json.loads(ours)["departments"])
    return row


def _last_cpu() -> float:
    return list(CPU.values())[-1]


def compare(pandas: dict[str, dict[str, Any]], review: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every indicator of every department, pandas against the review (relative 1e-9)."""
    diffs = []
    n = 0
    for dep in sorted(set(pandas) | set(review)):
        a, b = pandas.get(dep, {}), review.get(dep, {})
        for key in INDICATOR_KEYS:
            x, y = a.get(key), b.get(key)
            n += 1
            same = (x == y) if not (isinstance(x, float) or isinstance(y, float)) else (
                x is not None and y is not None and abs(x - y) <= 1e-9 * max(1.0, abs(y))
            )
            if not same:
                diffs.append(f"{dep}.{key}: pandas {x!r}, review {y!r}")
    return {"values": n, "differ": len(diffs), "examples": diffs[:5]}


def write_results(section: dict[str, Any]) -> None:
    """Read-modify-write by key: other benchmarks keep their own sections of the file."""
    doc = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    doc["scale"] = section
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, RESULTS)


def table(rows: dict[str, dict[str, Any]]) -> str:
    head = (f"{'size':>5} {'gen s':>6} {'review s':>9} {'floor s':>8} {'keys s':>7} "
            f"{'pandas s':>9} {'rev/floor':>9} {'rev/keys':>8} {'pandas/rev':>10} {'rev MB':>7} "
            f"{'floor MB':>8} {'pandas MB':>9}")
    lines = [head, "-" * len(head)]
    for size, r in rows.items():
        lines.append(
            f"{size:>5} {r['sample']['generate_s'] or 0:>6.1f} {r['review_s']:>9.1f} "
            f"{r['floor_s']:>8.1f} {r['floor_keys_s']:>7.1f} {r.get('pandas_s', 0):>9.1f} "
            f"{r['review_over_floor']:>8.2f}× {r['review_over_floor_keys']:>7.2f}× "
            f"{r.get('pandas_over_review', 0):>9.2f}× {r['review_peak_mb']:>7} "
            f"{r['floor_peak_mb']:>8} {r.get('pandas_peak_mb', '-'):>9}"
        )
        if "review_before_s" in r:
            lines.append(f"{'':>5} {'':>6} {r['review_before_s']:>9.1f}  ← the review before the "
                         f"change ({r['before_over_after']:.1f}× slower, "
                         f"{r['review_before_peak_mb']} MB)")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1M,3M,10M")
    ap.add_argument("--with-30m", action="store_true", help="add 30M to the curve (~minutes)")
    ap.add_argument("--quarter", default="2024Q3")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--baseline-src", type=Path,
                    help="also time the review on this source tree (e.g. the code before a "
                         "change, from `git archive`), in the same run")
    ap.add_argument("--baseline-sizes", default="1M,3M,10M",
                    help="the sizes at which to time the baseline too")
    ap.add_argument("--pandas-sizes", default=None,
                    help="the sizes at which to run the pandas script (default: all)")
    args = ap.parse_args()
    sizes = [s for s in args.sizes.split(",") if s] + (["30M"] if args.with_30m else [])
    base = Path(os.environ.get("SUSHASAN_BENCH_DIR", Path(tempfile.gettempdir())
                               / "sushasan-bench"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"Review at scale ({os.cpu_count()} cores), data in {base}", flush=True)
    with_baseline = set(args.baseline_sizes.split(","))
    with_pandas = set(sizes if args.pandas_sizes is None else args.pandas_sizes.split(","))
    rows: dict[str, dict[str, Any]] = {}
    for s in sizes:  # the section is written after each size, so a long run keeps its rows
        rows[s] = measure(base, s, args.quarter, args.seed, s == STATE,
                          args.baseline_src if s in with_baseline else None, s in with_pandas)
        write_results(_section(args, rows))
    print(table(rows))
    state = rows.get(STATE)
    if state and "pandas_check" in state:
        c = state["pandas_check"]
        print(f"pandas vs review at {STATE}: {c['differ']} of {c['values']} values differ"
              + ("" if not c["differ"] else f" (e.g. {c['examples'][0]})"))
    print(f"wrote the 'scale' section of {RESULTS}")


def _section(args: argparse.Namespace, rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    state = rows.get(STATE)
    section: dict[str, Any] = {
        "cores": os.cpu_count(),
        # when and under what load: the machine may be shared, so wall times are noisy and
        # the ratios (and the CPU seconds) are what compare
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_avg_at_end": [round(x, 2) for x in os.getloadavg()],
        "quarter": args.quarter, "seed": args.seed, "curve": rows,
        "goals": {"review_over_floor_max": 1.5, "pandas_over_review_min": 10.0,
                  "review_peak_mb_max": 1024},
    }
    if state:
        section["state"] = {
            "review_over_floor": state["review_over_floor"],
            "review_over_floor_keys": state["review_over_floor_keys"],
            "review_over_floor_cpu": state["review_over_floor_cpu"],
            "pandas_over_review": state.get("pandas_over_review"),
            "review_peak_mb": state["review_peak_mb"],
            "met": {
                "review_over_floor": state["review_over_floor"] <= 1.5,
                "pandas_over_review": state.get("pandas_over_review", 0) >= 10.0,
                "review_peak": state["review_peak_mb"] <= 1024,
            },
        }
    return section


if __name__ == "__main__":
    main()
