"""Composite index: normalise indicators, aggregate to pillars and a 0–100 score, rank.

Missing values are not zeros: an indicator a department has no value for (say, no citizen
interactions to answer) drops out and the weights of what remains are re-scaled to sum to one, at
the pillar and at the index level. This follows the OECD/JRC Handbook's re-weighting of available
data; the full method (goalposts, outlier treatment, uncertainty) builds on this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sushasan.analytics.method import Method

__all__ = ["IndexResult", "compute_index"]


@dataclass(frozen=True)
class IndexResult:
    scores: dict[str, float]  # department → composite 0..100
    pillars: dict[str, dict[str, float | None]]  # department → pillar → 0..100
    normalised: dict[str, dict[str, float | None]]  # department → indicator → 0..100
    ranks: dict[str, int]


def _present(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _minmax(values: dict[str, float | None], direction: int) -> dict[str, float | None]:
    """x' = (x - min) / (max - min) × 100, reversed for negative direction (JRC Handbook, 5.2)."""
    known = [v for v in values.values() if _present(v)]
    if not known:
        return dict.fromkeys(values)
    lo, hi = min(known), max(known)
    out: dict[str, float | None] = {}
    for unit, v in values.items():
        if not _present(v):
            out[unit] = None
        elif hi == lo:
            out[unit] = 100.0  # nobody is behind anybody on this indicator
        else:
            share = (float(v) - lo) / (hi - lo)  # type: ignore[arg-type]
            out[unit] = 100.0 * (share if direction > 0 else 1.0 - share)
    return out


def _weighted_mean(parts: list[tuple[float | None, float]]) -> float | None:
    """Arithmetic mean over available parts with weights re-scaled to sum to one."""
    avail = [(v, w) for v, w in parts if v is not None and w > 0]
    total = sum(w for _, w in avail)
    if not avail or total <= 0:
        return None
    return sum(v * w for v, w in avail) / total


def compute_index(method: Method, values: dict[str, dict[str, Any]]) -> IndexResult:
    """``values``: the ranked departments only → indicator → raw value."""
    units = sorted(values)
    normalised: dict[str, dict[str, float | None]] = {u: {} for u in units}
    for pillar in method.pillars:
        for ind, (_, direction) in pillar.indicators.items():
            column = _minmax({u: values[u].get(ind) for u in units}, direction)
            for u in units:
                normalised[u][ind] = column[u]
    pillars: dict[str, dict[str, float | None]] = {}
    scores: dict[str, float] = {}
    for u in units:
        pillars[u] = {
            p.name: _weighted_mean([(normalised[u][i], w) for i, (w, _) in p.indicators.items()])
            for p in method.pillars
        }
        score = _weighted_mean([(pillars[u][p.name], p.weight) for p in method.pillars])
        scores[u] = 0.0 if score is None else score
    # Ties are broken by the responsiveness pillar, then the id, so ranks run 1..N without gaps.
    def key(u: str) -> tuple[float, float, str]:
        resp = pillars[u].get("responsiveness")
        return (-round(scores[u], 9), -(resp if resp is not None else -1.0), u)

    ranks = {u: i for i, u in enumerate(sorted(units, key=key), start=1)}
    return IndexResult(scores, pillars, normalised, ranks)
