"""Writing a state-scale SAMPLE quarter into a data folder, once per (quarter, scale, seed).

The quarter goes straight into the lake's partition files (no JSONL, no import: at ten million
records that detour is most of the time), and the desk learns what the import would have told it:
the sample accounts and the days they cover, as one import row. A manifest beside the partitions
names the files and their sizes, so the same request again finds its data and reuses it. The
partitions must be the sample's own: a data folder holding other records for those months is
refused rather than overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sushasan.desk.store import CoverageSpan, Desk
from sushasan.errors import SushasanError
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.registry.model import Department
from sushasan.sample import scale
from sushasan.sample.generator import profile, sample_accounts

__all__ = ["ScaleResult", "write_scale_sample"]

#: Bumped whenever the generator's output changes, so an old cache is not taken for a new one.
VERSION = 2


@dataclass(frozen=True)
class ScaleResult:
    quarter: Quarter
    scale: str
    seed: int
    reused: bool
    counts: dict[str, int]
    seconds: float
    manifest: Path


def _manifest_path(lake: Lake, quarter: Quarter) -> Path:
    return lake.root / "_scale_samples" / f"{quarter}.json"


def _key(quarter: Quarter, interactions: int, seed: int) -> str:
    return f"sample-scale/{VERSION}/{quarter}/{interactions}/{seed}"


def _intact(lake: Lake, manifest: dict[str, Any]) -> bool:
    return all(
        (lake.root / rel).is_file() and (lake.root / rel).stat().st_size == size
        for rel, size in manifest["files"].items()
    )


def write_scale_sample(
    desk: Desk, lake: Lake, quarter: Quarter, scale_name: str, seed: int
) -> ScaleResult:
    """Generate (or find) the quarter at this scale and register it in the desk."""
    started = time.perf_counter()
    interactions = scale.interactions_for(scale_name)
    key = _key(quarter, interactions, seed)
    sha = hashlib.sha256(key.encode()).hexdigest()
    path = _manifest_path(lake, quarter)
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    months = {"post": quarter.months, "account_stat": quarter.months,
              "interaction": [*quarter.months, quarter.next().months[0]]}
    # reused only if written with the lake's current derived columns (else made again)
    if (old and old["key"] == key and _intact(lake, old) and desk.find_import(sha)
            and not any(lake.stale(kind, ms) for kind, ms in months.items())):
        return ScaleResult(quarter, scale_name, seed, True, old["counts"],
                           time.perf_counter() - started, path)
    ours = set(old["files"]) if old else set()
    foreign = [
        f for kind, ms in months.items() for f in lake.files(kind, ms)
        if str(f.relative_to(lake.root)) not in ours
    ]
    if foreign:
        raise SushasanError(
            f"the lake in {lake.root} already holds other records for {quarter}'s months "
            f"({foreign[0].relative_to(lake.root)} and {len(foreign) - 1} more); a state-scale "
            "sample writes whole partitions, so give it a data folder of its own "
            "(`sushasan --data-dir FOLDER init`)"
        )
    for rel in ours:  # an earlier scale or seed for this quarter: its files go
        (lake.root / rel).unlink(missing_ok=True)
    path.unlink(missing_ok=True)

    departments = desk.departments()
    chosen = scale.scale_departments(departments, seed)
    have = {a.key for d in departments for a in d.accounts}
    for d in chosen:
        new = [a for a in sample_accounts(d, seed) if a.key not in have]
        if new:
            desk.add_accounts(d.id, new)
    counts = {"post": 0, "interaction": 0, "account_stat": 0}
    files: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        pending: list[tuple[Future[Path], int, str]] = []
        for part in scale.generate(departments, quarter, seed, interactions):
            fut = pool.submit(lake.put_partition, part.kind, part.platform, part.month,
                              part.table)
            pending.append((fut, part.table.num_rows, part.kind))
            # Keep at most a couple of partitions in memory: wait for the oldest ones.
            while len([p for p in pending if not p[0].done()]) > 2:
                next(p for p in pending if not p[0].done())[0].result()
        for fut, rows, kind in pending:
            written = fut.result()
            files[str(written.relative_to(lake.root))] = written.stat().st_size
            counts[kind] += rows
    earlier = desk.find_import(old["sha"]) if old else None
    _register(desk, quarter, chosen, seed, sha, key, counts, earlier.id if earlier else None)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    seconds = time.perf_counter() - started
    tmp.write_text(json.dumps({"key": key, "sha": sha, "scale": scale_name, "seed": seed,
                               "quarter": str(quarter), "counts": counts, "files": files,
                               "seconds": round(seconds, 1)},
                              indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
    return ScaleResult(quarter, scale_name, seed, False, counts, seconds, path)


def _register(
    desk: Desk, quarter: Quarter, chosen: list[Department], seed: int, sha: str, key: str,
    counts: dict[str, int], replaces: int | None,
) -> None:
    """One import row with the accounts' coverage, as an import of the same records would."""
    index = desk.account_index()
    spans = []
    for d in chosen:
        partial = profile(seed, d.id).partial
        last = quarter.first_day + timedelta(days=29) if partial else quarter.last_day
        for a in sample_accounts(d, seed):
            row = index[(a.platform, a.handle.lower())][0]
            spans.append(CoverageSpan(a.platform, row, d.id, scale.SOURCE, quarter.first_day,
                                      last, True))
    desk.record_import(
        sha256=sha, path=key, fmt=scale.SOURCE, sample=True,
        counts={"read": sum(counts.values()), "stored": sum(counts.values())},
        spans=spans, quarantined=[], replaces=replaces,
    )
