"""Volume rules for rate indicators: no rate from two cases, and small volumes shrunk.

A department answering 3 of 3 messages must not outrank one answering 180 of 200. Below
``min_volume`` cases a rate is missing (and re-weighted away, not scored zero). Above it, the rate
is shrunk toward the mean of all departments with ``pseudo_count`` imaginary cases at that mean:
(successes + k·m) / (n + k) — the usual empirical-Bayes (beta-binomial) estimate, which moves
small-volume rates most and large-volume rates hardly at all.
"""

from __future__ import annotations

from typing import Any

__all__ = ["apply_volume_rules"]

#: rate indicator → (count of cases, count of successes) among the auxiliary values
_CASES = {
    "answered_share": ("citizen_messages", "answered"),
    "median_response_hours": ("answered", None),
}


def apply_volume_rules(
    values: dict[str, dict[str, Any]], rates: dict[str, dict[str, float]]
) -> dict[str, dict[str, Any]]:
    """Return a copy of ``values`` with each configured rate screened and shrunk."""
    out = {dep: dict(v) for dep, v in values.items()}
    for indicator, rule in rates.items():
        cases_key, successes_key = _CASES[indicator]
        min_volume = rule.get("min_volume", 0)
        for v in out.values():
            if (v.get(cases_key) or 0) < min_volume:
                v[indicator] = None
        k = rule.get("pseudo_count", 0)
        if k and successes_key:
            known = [v[indicator] for v in out.values() if v.get(indicator) is not None]
            if not known:
                continue
            mean = sum(known) / len(known)
            for v in out.values():
                if v.get(indicator) is not None:
                    n = v[cases_key]
                    v[indicator] = (v[successes_key] + k * mean) / (n + k)
    return out
