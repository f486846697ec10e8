"""The quarterly review as a service: coverage screen, indicators, index, ranking, one document.

The result is a plain dict (the contract of ``review-<quarter>.json``) so every report format and
the dashboard read the same thing. Nothing in it depends on the wall clock, so the same inputs give
byte-identical JSON.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sushasan.analytics.index import compute_index
from sushasan.analytics.indicators import INDICATORS, compute_indicators, connect
from sushasan.analytics.method import Method
from sushasan.desk.store import CoverageSpan, Desk
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.registry.model import PLATFORMS, Department

__all__ = ["SCHEMA", "choose_data", "coverage_shares", "run_review"]

SCHEMA = "sushasan.review/1"
_DIGITS = 6


def choose_data(desk: Desk, quarter: Quarter, data: str) -> str:
    """``auto`` reviews real records when the quarter has any, else the sample if it has one."""
    if data != "auto":
        return data
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=False):
        return "real"
    if desk.coverage_spans(quarter.first_day, quarter.last_day, sample=True):
        return "sample"
    return "real"


def coverage_shares(
    spans: list[CoverageSpan], quarter: Quarter
) -> dict[str, dict[str, float]]:
    """department → {"overall": share, platform: share}: covered days / days in the quarter."""
    days: dict[str, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    for s in spans:
        first = max(s.first_day, quarter.first_day)
        last = min(s.last_day, quarter.last_day)
        covered = {first + timedelta(days=i) for i in range((last - first).days + 1)}
        days[s.department_id][s.platform] |= covered
        days[s.department_id]["overall"] |= covered
    return {
        dep: {k: len(v) / quarter.days for k, v in per.items()} for dep, per in days.items()
    }


def run_review(
    desk: Desk,
    lake: Lake,
    departments: list[Department],
    quarter: Quarter,
    method: Method,
    data: str,
    state: str | None = None,
) -> dict[str, Any]:
    sample = data == "sample"
    spans = desk.coverage_spans(quarter.first_day, quarter.last_day, sample=sample)
    coverage = coverage_shares(spans, quarter)
    con = connect()
    try:
        values = compute_indicators(con, lake, quarter, sample)
    finally:
        con.disconnect()
    ranked_ids = [
        d.id for d in departments
        if coverage.get(d.id, {}).get("overall", 0.0) >= method.coverage_threshold
    ]
    for dep in ranked_ids:  # covered but silent: zero activity is a real zero here
        v = values.setdefault(dep, {})
        v.setdefault("posts", 0)
        v.setdefault("active_days", 0)
        v.setdefault("consistency", 0.0)
    index = compute_index(method, {d: values.get(d, {}) for d in ranked_ids})
    entries = []
    for d in departments:
        raw = values.get(d.id, {})
        cov = coverage.get(d.id, {})
        is_ranked = d.id in index.ranks
        entries.append(
            {
                "id": d.id,
                "name_en": d.name_en,
                "name_hi": d.name_hi,
                "kind": d.kind,
                "status": "ranked" if is_ranked else "insufficient_data",
                "rank": index.ranks.get(d.id),
                "score": _r(index.scores.get(d.id)),
                "pillars": {
                    p.name: _r(index.pillars[d.id][p.name]) if is_ranked else None
                    for p in method.pillars
                },
                "indicators": {
                    ind: {
                        "value": _r(raw.get(ind)),
                        "score": _r(index.normalised[d.id].get(ind)) if is_ranked else None,
                    }
                    for ind in INDICATORS
                },
                "coverage": {
                    "overall": _r(cov.get("overall", 0.0)),
                    **{p: _r(cov.get(p, 0.0)) for p in PLATFORMS},
                },
            }
        )
    entries.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0, e["id"]))
    top3 = [e["id"] for e in entries if e["rank"] is not None and e["rank"] <= 3]
    return {
        "schema": SCHEMA,
        "quarter": str(quarter),
        "fiscal_quarter": quarter.fiscal,
        "period": {
            "first_day": quarter.first_day.isoformat(),
            "last_day": quarter.last_day.isoformat(),
            "timezone": "Asia/Kolkata",
        },
        "state": state,
        "data": data,
        "method": method.as_json(),
        "summary": {
            "departments": len(entries),
            "ranked": len(index.ranks),
            "insufficient_data": len(entries) - len(index.ranks),
        },
        "top3": top3,
        "departments": entries,
    }


def _r(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float):
        return None if v != v else round(v, _DIGITS)
    return v
