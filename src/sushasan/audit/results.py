"""Saved audit runs: one JSON file per run in ``<data_dir>/audits/``, read back by the review.

Why files and not desk tables: a run is written once and never changed, the review only needs
the latest score per department, and a JSON file per run can be read, diffed, archived or sent to
a department as it is. File names sort by time (``YYYY-MM-DD-HHMMSS.json``, UTC); each file is
written to a temporary name and renamed, so a reader never sees half a run.

"Not measured" stays ``None`` all the way: :func:`latest_scores` gives ``None`` for a department
whose site was audited but could not be measured, and leaves out one never audited in the window.
The review must treat both as a *missing* website indicator, never as zero.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sushasan.audit.model import SiteReport
from sushasan.audit.score import AUDIT_METHOD_VERSION

__all__ = ["AUDITS_DIR", "AuditRun", "latest_scores", "load_runs", "save_run"]

AUDITS_DIR = "audits"
_STAMP = "%Y-%m-%d-%H%M%S"


@dataclass(frozen=True)
class AuditRun:
    """One saved run: when it was saved, where, and its site reports."""

    path: Path
    saved_at: datetime
    method_version: str
    reports: list[SiteReport]


def save_run(
    data_dir: Path, reports: Iterable[SiteReport], now: datetime | None = None,
) -> Path:
    """Write one run's reports to ``<data_dir>/audits/<UTC time>.json``; returns the path.

    Two runs in the same second get ``-2``, ``-3`` … rather than overwriting each other.
    """
    saved_at = (now or datetime.now(UTC)).astimezone(UTC)
    folder = Path(data_dir) / AUDITS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    sites = [_row(r) for r in reports]
    payload = {"saved_at": saved_at.isoformat(), "method_version": AUDIT_METHOD_VERSION,
               "modes": sorted({str(s.get("mode", "http")) for s in sites}), "sites": sites}
    stem = saved_at.strftime(_STAMP)
    path, n = folder / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.json"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def _row(r: SiteReport) -> dict[str, Any]:
    """A report as saved: the review's columns first, then everything else it carries."""
    d = r.to_dict()
    return {"department_id": d.pop("department_id"), "url": d.pop("url"),
            "audited_at": d.pop("audited_at"), "method_version": d.pop("method_version"),
            "score": d.pop("score"), "findings": d.pop("findings"), **d}


def load_runs(
    data_dir: Path, since: date | None = None, until: date | None = None,
) -> list[AuditRun]:
    """Saved runs, oldest first, optionally only those saved between ``since`` and ``until``
    (inclusive, UTC days). A file that cannot be read is skipped, not fatal: one damaged run
    must not hide every other from the review."""
    folder = Path(data_dir) / AUDITS_DIR
    if not folder.is_dir():
        return []
    runs = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            saved_at = datetime.fromisoformat(data["saved_at"])
            reports = [SiteReport.from_dict(s) for s in data.get("sites", [])]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        day = saved_at.astimezone(UTC).date()
        if (since and day < since) or (until and day > until):
            continue
        runs.append(AuditRun(path, saved_at, str(data.get("method_version", "")), reports))
    runs.sort(key=lambda run: run.saved_at)
    return runs


def latest_scores(
    data_dir: Path,
    as_of: date | None = None,
    max_age_days: int = 120,
    method_version: str | None = None,
    mode: str | None = None,
) -> dict[str, float | None]:
    """department_id → its latest website score audited within ``max_age_days`` up to ``as_of``.

    The latest *measured* score wins over a later "not measured" (one timeout must not erase
    a good measurement from last week); ``None`` means audited in the window but never measured.
    Departments not audited in the window are absent. Audits after ``as_of`` are ignored, so a
    past quarter's review gives the same answer when re-run. ``method_version`` keeps only that
    method's scores (scores of two methods are not comparable); ``None`` accepts any.

    One mode per window: runs with Chromium (``chromium``, accessibility measured) and without
    (``http``) score on different checks, so they are never mixed. ``mode`` None picks the mode
    that measured the most departments in the window (Chromium on a tie), so a quarter with one
    browserless night is still ranked on its Chromium runs, all departments alike.
    """
    end_day = as_of or datetime.now(UTC).date()
    end = datetime.combine(end_day, time.max, tzinfo=UTC)
    start = end - timedelta(days=max_age_days)
    rows: list[tuple[datetime, SiteReport]] = []
    for run in load_runs(data_dir, since=start.date(), until=None):
        for r in run.reports:
            if r.department_id is None:
                continue  # an ad-hoc --url audit belongs to no department
            if method_version is not None and r.method_version != method_version:
                continue
            when = _when(r.audited_at, run.saved_at)
            if start <= when <= end:
                rows.append((when, r))
    if mode is None:
        mode = _window_mode(r for _, r in rows)
    best: dict[str, tuple[datetime, float | None]] = {}
    for when, r in rows:
        if r.mode != mode and r.score is not None:
            continue  # a "not measured" has no mode to mix: it still marks the site audited
        dep = r.department_id
        assert dep is not None
        old = best.get(dep)
        newer = old is None or when >= old[0]
        if old is None or (r.score is not None and (old[1] is None or newer)) or (
                r.score is None and old[1] is None and newer):
            best[dep] = (when, r.score)
    return {dep: value for dep, (_, value) in sorted(best.items())}


def _window_mode(reports: Iterable[SiteReport]) -> str:
    """The mode that measured the most departments (``chromium`` on a tie)."""
    measured: dict[str, set[str]] = {"chromium": set(), "http": set()}
    for r in reports:
        if r.score is not None and r.department_id is not None:
            measured.setdefault(r.mode, set()).add(r.department_id)
    return "http" if len(measured["http"]) > len(measured["chromium"]) else "chromium"


def _when(audited_at: str, fallback: datetime) -> datetime:
    try:
        when = datetime.fromisoformat(audited_at)
    except (TypeError, ValueError):
        return fallback
    return when if when.tzinfo else when.replace(tzinfo=UTC)
