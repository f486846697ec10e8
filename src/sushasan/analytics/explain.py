"""Why a department scored what it did, and what would have put it in the top 3.

With arithmetic aggregation the composite is a weighted sum of normalised indicators, so each
indicator's part in the gap to the median department is its effective weight (indicator weight in
its pillar × pillar weight, both re-scaled over what the department has) times its distance from
the median normalised value. The improvement needed on one indicator to close the gap to the
third-placed department is the gap divided by that effective weight, turned back into natural
units through the goalposts; it is reported only when some department actually reached that value
this quarter ("realistic"), and never beyond the upper goalpost, where extra effort scores nothing.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sushasan.analytics.method import Method

__all__ = ["effective_weights", "explain"]


def effective_weights(method: Method, normalised: dict[str, float | None]) -> dict[str, float]:
    """Weight of each indicator in one department's composite, after missing-value re-weighting."""
    pillar_sums = {
        p.name: sum(s.weight for i, s in p.indicators.items() if normalised.get(i) is not None)
        for p in method.pillars
    }
    live = [p for p in method.pillars if pillar_sums[p.name] > 0]
    total = sum(p.weight for p in live)
    out: dict[str, float] = {}
    for p in live:
        for i, s in p.indicators.items():
            if normalised.get(i) is not None:
                out[i] = s.weight / pillar_sums[p.name] * p.weight / total
    return out


def explain(
    method: Method,
    units: list[str],
    raw: dict[str, dict[str, Any]],
    normalised: dict[str, dict[str, float | None]],
    scores: dict[str, float],
    ranks: dict[str, int],
    top_n: int = 2,
) -> dict[str, dict[str, Any]]:
    specs = {i: s for p in method.pillars for i, s in p.indicators.items()}
    medians = {
        i: float(np.median(col)) if (col := [normalised[u][i] for u in units
                                             if normalised[u].get(i) is not None]) else None
        for i in specs
    }
    third = sorted(scores.values(), reverse=True)[2] if len(scores) >= 3 else None
    best = {}
    for i, s in specs.items():
        seen = [raw[u].get(i) for u in units if raw[u].get(i) is not None]
        best[i] = (max(seen) if s.direction > 0 else min(seen)) if seen else None
    out: dict[str, dict[str, Any]] = {}
    for u in units:
        eff = effective_weights(method, normalised[u])
        effects = {
            i: eff[i] * (normalised[u][i] - medians[i])  # type: ignore[operator]
            for i in eff
            if medians[i] is not None
        }
        ordered = sorted(effects.items(), key=lambda kv: kv[1])
        entry: dict[str, Any] = {
            "helped": [{"indicator": i, "effect": _r(e)} for i, e in reversed(ordered) if e > 0][
                :top_n
            ],
            "hurt": [{"indicator": i, "effect": _r(e)} for i, e in ordered if e < 0][:top_n],
            "to_top3": [],
        }
        if third is not None and ranks[u] > 3 and method.normalisation == "goalposts":
            gap = third - scores[u] + 1e-6
            options = []
            for i, w in eff.items():
                s = specs[i]
                needed = normalised[u][i] + gap / w  # type: ignore[operator]
                if needed > 100 or s.goalposts is None or best[i] is None:
                    continue
                lo, hi = s.goalposts
                target = lo + needed / 100 * (hi - lo) if s.direction > 0 else (
                    hi - needed / 100 * (hi - lo)
                )
                realistic = target <= best[i] if s.direction > 0 else target >= best[i]
                if realistic:
                    current = raw[u].get(i)
                    # the points needed, to 9 places: equal weights need equal points, and
                    # the last bits (which follow the engine's summation order) must not
                    # decide between them; the indicator's name does
                    change = round(abs(needed - normalised[u][i]), 9)  # type: ignore[operator]
                    options.append((change, i, current, target))
            entry["to_top3"] = [
                {"indicator": i, "from": _r(cur), "to": _r(target)}
                for _, i, cur, target in sorted(options)
            ]
        out[u] = entry
    return out


def _r(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v), 6)
