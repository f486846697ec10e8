"""Computing a quarter's review: coverage screen, indicators, index, uncertainty, one document.

Every report format and the dashboard read the same document (``model.Review``). Nothing in
it depends on the wall clock, and the Monte Carlo draws are seeded, so the same inputs give
byte-identical JSON. Indicators measured outside the lake (grievance desk, website audit, plugin
pillars: ``pillars.py``) and the previous quarter (its published snapshot) come in as
arguments, so this module reads only the lake and the coverage ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sushasan.analytics.explain import explain
from sushasan.analytics.indicators import AUXILIARY, INDICATORS, compute_indicators
from sushasan.analytics.method import Method
from sushasan.analytics.rates import apply_volume_rules
from sushasan.analytics.top3 import top3_note
from sushasan.desk.store import Desk
from sushasan.index import monte_carlo, run, tiers
from sushasan.index.engine import IndexMethod, Prepared
from sushasan.index.meta import Meta
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.registry.model import PLATFORMS, Department
from sushasan.review.basis import department_basis, excluded_by_department, lake_figures
from sushasan.review.coverage import coverage_shares
from sushasan.review.flags import flag_summary, gaming_flags
from sushasan.review.model import SCHEMA, Review

__all__ = ["run_review"]

_DIGITS = 6


@dataclass
class _Scores:
    """The index's output for the ranked units, keyed by department id."""

    units: list[str]
    scored: dict[str, dict[str, Any]]
    scores: dict[str, float]
    pillars: dict[str, dict[str, float | None]]
    normalised: dict[str, dict[str, float | None]]
    treated: dict[str, dict[str, str]]
    ranks: dict[str, int]
    matrix: np.ndarray
    meta: Meta
    index_method: IndexMethod
    prepared: Prepared | None = None  #: the nominal run, reused by the Monte Carlo


def _size_groups(
    units: list[str], followers: dict[str, float], labels: tuple[str, ...]
) -> dict[str, str]:
    """Split ranked departments into equal-count groups by followers, largest first."""
    if not labels:
        return {}
    order = sorted(units, key=lambda u: (-(followers.get(u) or 0), u))
    per = -(-len(order) // len(labels))
    return {u: labels[min(i // per, len(labels) - 1)] for i, u in enumerate(order)}


def _ranked_units(
    values: dict[str, dict[str, Any]], coverage: dict[str, dict[str, Any]],
    departments: list[Department], method: Method,
) -> list[str]:
    """Departments covered enough to rank; a covered but silent one scores a real zero."""
    units = sorted(
        d.id for d in departments
        if coverage.get(d.id, {}).get("overall", 0.0) >= method.coverage_threshold
    )
    for dep in units:
        v = values.setdefault(dep, {})
        for key in ("posts", "active_days", "citizen_messages", "answered"):
            v.setdefault(key, 0)
        v.setdefault("consistency", 0.0)
    if method.coverage_scaling:
        for dep in units:
            _scale_to_coverage(values[dep], coverage[dep], method.coverage_floor)
    return units


def _score(units: list[str], values: dict[str, dict[str, Any]], method: Method) -> _Scores:
    """Volume rules, then the composite index, then the point-score ranking."""
    scored = apply_volume_rules({u: values.get(u, {}) for u in units}, method.rates)
    codes = method.indicators
    matrix = np.array(
        [[_num(scored[u].get(c)) for c in codes] for u in units], dtype=float
    ).reshape(len(units), len(codes))
    meta, index_method = method.meta(), method.index_method()
    result = run(matrix, units, meta, index_method) if units else None
    out = _Scores(units, scored, {}, {}, {}, {}, {}, matrix, meta, index_method,
                  result.prepared if result is not None else None)
    if result is not None:
        for k, u in enumerate(units):
            out.scores[u] = float(np.nan_to_num(result.index[k]))
            out.pillars[u] = {p.name: _f(result.scores[p.name][k]) for p in method.pillars}
            out.normalised[u] = {
                c: _f(result.prepared.normalised[k, j]) for j, c in enumerate(codes)
            }
            out.treated[u] = {
                c: str(result.prepared.flags[k, j]) for j, c in enumerate(codes)
                if result.prepared.flags[k, j]
            }

    def order_key(u: str) -> tuple[float, float, str]:
        resp = out.pillars[u].get("responsiveness")
        return (-round(out.scores[u], 9), -(resp if resp is not None else -1.0), u)

    out.ranks = {u: i for i, u in enumerate(sorted(units, key=order_key), start=1)}
    return out


def _uncertainty(
    s: _Scores, method: Method, uncertainty: bool
) -> tuple[dict[str, dict[str, Any]], dict[str, Any] | None, int | None]:
    """Monte Carlo re-runs → rank intervals, tiers and top-3 shares (per unit), and their meta."""
    mc = method.monte_carlo() if uncertainty else None
    if mc is None or len(s.units) < 2:
        return {}, None, None
    res = monte_carlo(s.matrix, s.meta, s.index_method, mc, nominal=s.prepared)
    tier = tiers(res.median_rank, res.p5, res.p95,
                 rank=np.array([s.ranks[u] for u in s.units], dtype=float))
    share = res.top_share(3)
    per_unit = {
        u: {
            "median_rank": _r(float(res.median_rank[k])),
            "rank_interval": [_r(float(res.p5[k])), _r(float(res.p95[k]))],
            "tier": int(tier[k]),
            "top3_share": _r(float(share[k])),
        }
        for k, u in enumerate(s.units)
    }
    meta = {
        "runs": mc.runs,
        "seed": mc.seed,
        "weight_noise": mc.weight_noise,
        "alternatives": {k: len(v) for k, v in sorted(mc.alternatives.items())},
    }
    return per_unit, meta, mc.runs


def _trend(
    dep_id: str, s: _Scores, before: Mapping[str, Any] | None, previous_quarter: str
) -> dict[str, Any] | None:
    """Rank and score against the previous quarter's published review, if there is one."""
    if before is None:
        return None
    ranked = dep_id in s.ranks
    return {
        "previous_quarter": previous_quarter,
        "previous_rank": before.get("rank"),
        "previous_score": before.get("score"),
        "rank_change": (before["rank"] - s.ranks[dep_id])
        if ranked and before.get("rank") else None,
        "score_change": _r(s.scores[dep_id] - before["score"])
        if ranked and before.get("score") is not None else None,
    }


def run_review(
    desk: Desk,
    lake: Lake,
    departments: list[Department],
    quarter: Quarter,
    method: Method,
    data: str,
    state: str | None = None,
    previous: Mapping[str, Any] | None = None,
    uncertainty: bool = True,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> Review:
    """The quarter's review. `extra` carries indicators measured outside the lake (grievance
    desk, website audit, plugin pillars), department → indicator → value; a missing value stays
    missing. `previous` is the previous quarter's published review (for the trend)."""
    sample = data == "sample"
    coverage = coverage_shares(
        desk.coverage_spans(quarter.first_day, quarter.last_day, sample=sample), quarter,
        departments, sample,
    )
    with lake.connect() as con:
        flags, excluded = gaming_flags(con, lake, quarter, sample, method)
        values = compute_indicators(
            con, lake, quarter, sample, exclude_posts=excluded, viral_cap=method.viral_cap
        )
        found = lake_figures(con, lake, quarter, sample, excluded, method.viral_cap)
    for dep, more in (extra or {}).items():
        values.setdefault(dep, {}).update(more)
    measured = {dep: dict(v) for dep, v in values.items()}  # before imputation (basis.py)
    removed = excluded_by_department(flags, excluded)
    units = _ranked_units(values, coverage, departments, method)
    s = _score(units, values, method)
    mc_out, mc_meta, runs = _uncertainty(s, method, uncertainty)
    explanations = (
        explain(method, units, s.scored, s.normalised, s.scores, s.ranks) if units else {}
    )
    groups = _size_groups(units, {u: values.get(u, {}).get("followers") or 0 for u in units},
                          method.size_groups)
    group_ranks: dict[str, int] = {}
    for label in method.size_groups:
        members = sorted((u for u in units if groups.get(u) == label), key=lambda u: s.ranks[u])
        group_ranks.update({u: i for i, u in enumerate(members, start=1)})
    unavailable = [
        p.name for p in method.pillars if all(s.pillars[u].get(p.name) is None for u in units)
    ] if units else [p.name for p in method.pillars]
    # Plugin pillars may add indicators the built-in list does not name: show them too.
    shown = [*INDICATORS, *(c for c in method.indicators if c not in INDICATORS)]
    before = {d["id"]: d for d in (previous or {}).get("departments", [])}
    previous_quarter = str(previous["quarter"]) if previous else ""

    entries = []
    for d in departments:
        raw = values.get(d.id, {})
        cov = coverage.get(d.id, {})
        ranked = d.id in s.ranks
        basis = department_basis(
            found.get(d.id, {}), measured.get(d.id, {}), raw,
            s.scored[d.id] if ranked else raw, ranked, cov, method, removed.get(d.id, []), shown,
        )
        entries.append({
            "id": d.id,
            "name_en": d.name_en,
            "name_hi": d.name_hi,
            "kind": d.kind,
            "status": "ranked" if ranked else "insufficient_data",
            "rank": s.ranks.get(d.id),
            "score": _r(s.scores.get(d.id)) if ranked else None,
            **(mc_out.get(d.id) or {
                "median_rank": None, "rank_interval": None, "tier": None, "top3_share": None
            }),
            "size_group": groups.get(d.id),
            "group_rank": group_ranks.get(d.id),
            "pillars": {p.name: _r(s.pillars[d.id][p.name]) if ranked else None
                        for p in method.pillars},
            "indicators": {
                ind: {
                    "value": _r((s.scored[d.id] if ranked else raw).get(ind)),
                    "score": _r(s.normalised[d.id].get(ind)) if ranked else None,
                    **({"treatment": s.treated[d.id][ind]}
                       if ranked and ind in s.treated[d.id] else {}),
                    **basis["indicators"][ind],
                }
                for ind in shown
            },
            "counts": {k: _r(raw.get(k)) for k in AUXILIARY},
            "coverage": {
                "overall": _r(cov.get("overall", 0.0)),
                **{p: _r(cov.get(p, 0.0)) for p in PLATFORMS},
                "days_covered_any": _r(cov.get("union", 0.0)),
                "gaps": cov.get("gaps", {}),
            },
            "explanation": explanations.get(d.id),
            "trend": _trend(d.id, s, before.get(d.id), previous_quarter),
            "flags": flag_summary(flags.get(d.id, []), excluded),
            "platforms": basis["platforms"],
            "figures": basis["figures"],
            "reconciliation": basis["reconciliation"],
        })
    entries.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0, e["id"]))
    top3 = [e["id"] for e in entries if e["rank"] is not None and e["rank"] <= 3]
    return Review.model_validate({
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
            "ranked": len(s.ranks),
            "insufficient_data": len(entries) - len(s.ranks),
            "flagged": sum(1 for e in entries if e["flags"]),
            "excluded_near_duplicate_posts": len(excluded),
            "imputed": sum(1 for e in entries if any(
                r["status"] == "imputed" for r in (e["platforms"] or {}).values())),
            "reconciliation_flagged": sum(1 for e in entries if any(
                r["flagged"] for r in e["reconciliation"] or [])),
        },
        "unavailable_pillars": unavailable,
        "uncertainty": mc_meta,
        "top3": top3,
        "top3_confidence": {u: mc_out[u]["top3_share"] for u in top3 if u in mc_out},
        "top3_note": top3_note(entries, method.top3, runs),
        "previous_quarter": previous["quarter"] if previous else None,
        "departments": entries,
    })


def _scale_to_coverage(v: dict[str, Any], cov: dict[str, Any], floor: float = 0.0) -> None:
    """Counts over the covered days, extrapolated to the quarter (see the method file); a
    platform covered on fewer than ``floor`` of the days keeps the count found."""
    by_platform = v.get("posts_by_platform") or {}
    if by_platform:
        v["posts"] = sum(
            n / cov[p] if cov.get(p, 0.0) >= floor else n
            for p, n in by_platform.items() if cov.get(p) or floor
        )
    union = cov.get("union") or 0.0
    if floor <= union < 1 and union > 0:
        v["active_days"] = (v.get("active_days") or 0) / union
        v["consistency"] = min(1.0, (v.get("consistency") or 0.0) / union)


def _num(v: Any) -> float:
    return float("nan") if v is None else float(v)


def _f(v: float) -> float | None:
    return None if v is None or np.isnan(v) else float(v)


def _r(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float):
        return None if v != v else round(v, _DIGITS)
    return v
