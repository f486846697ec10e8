"""How much of the quarter each department's sources covered, platform by platform.

A department is ranked only on a quarter its sources covered; a gap is shown, never silently
treated as a quiet department.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sushasan.desk.store import CoverageSpan
from sushasan.quarters import Quarter
from sushasan.registry.model import Department

__all__ = ["coverage_shares"]


def coverage_shares(
    spans: list[CoverageSpan], quarter: Quarter, departments: list[Department], sample: bool
) -> dict[str, dict[str, Any]]:
    """department → {platform: covered days / days in the quarter, "overall": …}.

    "overall" is the *lowest* share among the platforms on which the department has a registered
    account: a department whose X data is missing must not be judged on its Facebook page alone,
    so a gap on any one platform makes it insufficient data rather than a low rank.
    """
    days: dict[str, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    union: dict[str, set[date]] = defaultdict(set)
    for s in spans:
        first = max(s.first_day, quarter.first_day)
        last = min(s.last_day, quarter.last_day)
        span_days = {first + timedelta(days=i) for i in range((last - first).days + 1)}
        days[s.department_id][s.platform] |= span_days
        union[s.department_id] |= span_days
    out: dict[str, dict[str, Any]] = {}
    for d in departments:
        covered = days.get(d.id, {})
        shares: dict[str, Any] = {p: len(v) / quarter.days for p, v in covered.items()}
        registered = sorted({a.platform for a in d.accounts if a.sample == sample})
        shares["overall"] = min((shares.get(p, 0.0) for p in registered), default=0.0)
        shares["union"] = len(union.get(d.id, ())) / quarter.days
        shares["gaps"] = {
            p: g for p in registered if (g := _gaps(covered.get(p, set()), quarter))
        }
        out[d.id] = shares
    return out


def _gaps(covered: set[date], quarter: Quarter) -> list[list[str]]:
    """Runs of the quarter's days no source covered, as [first, last] ISO dates."""
    runs: list[list[str]] = []
    day, start = quarter.first_day, None
    while day <= quarter.last_day:
        if day not in covered and start is None:
            start = day
        if day in covered and start is not None:
            runs.append([start.isoformat(), (day - timedelta(days=1)).isoformat()])
            start = None
        day += timedelta(days=1)
    if start is not None:
        runs.append([start.isoformat(), quarter.last_day.isoformat()])
    return runs


