"""Pillars measured outside the lake: the grievance desk, the website audit, and plugins.

Each is an implementation of the ``sushasan_review_indicators`` hook, so a state that adds a
pillar (say, RTI replies) writes one plugin and names its indicators in the method file; the
built-in pillars use the same door. A missing value stays missing: the method re-weights.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

from sushasan.hookspecs import hookimpl
from sushasan.quarters import Quarter

if TYPE_CHECKING:
    from sushasan.app import Sushasan

__all__ = ["outside_indicators"]

GRIEVANCE_INDICATORS = ("disposed_in_time_share", "median_disposal_days", "reopen_rate")


@hookimpl
def sushasan_review_indicators(
    app: Sushasan, quarter: Quarter, data: str
) -> dict[str, dict[str, Any]]:
    """The grievance desk's disposal record and, for real data, the latest website audit."""
    out: dict[str, dict[str, Any]] = {}
    for dep, v in app.grievances.indicators(quarter, data == "sample").items():
        out[dep] = {k: v[k] for k in GRIEVANCE_INDICATORS}
    if data == "real":  # sample departments have made-up sites; audits are of real ones
        for dep, score in app.website_scores(as_of=quarter.last_day).items():
            out.setdefault(dep, {})["website_score"] = score
    return out


def outside_indicators(
    pm: pluggy.PluginManager, app: Any, quarter: Quarter, data: str
) -> dict[str, dict[str, Any]]:
    """Every pillar plugin's indicators, merged (department → indicator → value)."""
    merged: dict[str, dict[str, Any]] = {}
    # pluggy calls the last registered first; merge in registration order instead, so a
    # plugin installed later can refine a built-in value.
    for found in reversed(pm.hook.sushasan_review_indicators(app=app, quarter=quarter,
                                                               data=data)):
        for dep, values in (found or {}).items():
            merged.setdefault(dep, {}).update(values)
    return merged
