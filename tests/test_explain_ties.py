"""The "to reach the top 3" list does not let floating-point noise order equal-weight indicators.

Two indicators of equal effective weight need the same number of normalised points; which one is
listed first used to follow the last bits of the score gap, and those follow the engine's
summation order (a parallel mean at ten million interactions), so two runs of one review could
list them differently. They are now ordered by the points needed to 9 places, then by name.
"""

from __future__ import annotations

import itertools

from sushasan.analytics.explain import effective_weights, explain
from sushasan.analytics.method import load_method


def _case(noise: float) -> list[str]:
    method = load_method()
    codes = [i for p in method.pillars for i in p.indicators]
    units = ["a", "b", "c", "d", "e"]
    level = {"a": 90.0, "b": 80.0, "c": 70.0, "d": 50.0, "e": 40.0}
    # unit e's indicators at different levels, so that (level + gap / w) - level rounds
    # differently for two indicators of one weight
    normalised = {u: {i: level[u] + (k * 0.7310427 if u == "e" else 0.0)
                      for k, i in enumerate(codes)} for u in units}
    raw: dict[str, dict[str, float]] = {}
    for u in units:
        raw[u] = {}
        for p in method.pillars:
            for i, s in p.indicators.items():
                lo, hi = s.goalposts
                x = normalised[u][i] / 100
                raw[u][i] = lo + x * (hi - lo) if s.direction > 0 else hi - x * (hi - lo)
    scores = {u: level[u] for u in units}
    scores["e"] = 69.5 + noise  # half a point short of the third
    ranks = {u: k for k, u in enumerate(units, start=1)}
    out = explain(method, units, raw, normalised, scores, ranks)
    return [o["indicator"] for o in out["e"]["to_top3"]]


def test_equal_weights_are_listed_by_name_whatever_the_last_bits() -> None:
    method = load_method()
    weights = effective_weights(method, {i: 1.0 for p in method.pillars for i in p.indicators})
    # the case relies on indicators of one effective weight
    assert len({round(weights[i], 12) for i in ("informative_share", "median_response_hours",
                                                "posts")}) == 1
    orders = {tuple(_case(k * 1e-15)) for k in range(-40, 41)}
    assert len(orders) == 1
    listed = orders.pop()
    assert {"informative_share", "median_response_hours", "posts"} <= set(listed)
    w = effective_weights(load_method(), {i: 50.0 for i in listed})
    for x, y in itertools.pairwise(listed):
        assert (round(1 / w[x], 6), x) <= (round(1 / w[y], 6), y)
