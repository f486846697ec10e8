"""Monte Carlo uncertainty analysis: how much do the ranks depend on choices we made?

Each run draws every weight from U[w·(1−δ), w·(1+δ)] and one option for each uncertain method
choice (normalisation, aggregation, outlier treatment). A unit's rank over all runs gives its
median and 5th–95th percentile interval (Handbook section 7; COINr ``get_sensitivity``). Runs that
share method choices are aggregated together, so 1,000 runs cost a handful of matrix operations.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from sushasan.index.engine import IndexMethod, aggregate_all, prepare
from sushasan.index.meta import Meta
from sushasan.index.treat import Treatment

__all__ = [
    "MonteCarlo",
    "MonteCarloResult",
    "Variants",
    "alternatives_from",
    "monte_carlo",
    "norm_params",
    "tiers",
]

_CHUNK_CELLS = 4_000_000  # runs × units × children held in memory at once (~32 MB of floats)


@dataclass(frozen=True)
class MonteCarlo:
    runs: int = 1000
    seed: int = 0
    weight_noise: float = 0.25
    #: Alternatives drawn uniformly per run; each is a set of IndexMethod fields to replace.
    alternatives: dict[str, Sequence[dict]] = field(default_factory=dict)


def norm_params(normalisation: str) -> dict[str, float]:
    """The scale an uncertain normalisation choice is drawn with (0–100 like the goalposts)."""
    return {"minmax": {"lower": 0.0, "upper": 100.0}, "zscore": {"mean": 50.0, "sd": 10.0}}.get(
        normalisation, {}
    )


def alternatives_from(
    block: Mapping[str, Any], treatment: Treatment | None
) -> dict[str, list[dict[str, Any]]]:
    """The ``uncertainty:`` block of a method file (review or METHOD.yaml) as alternatives.

    A choice with fewer than two options is not uncertain; treatment can only be switched off
    when the method has one to switch.
    """
    alternatives: dict[str, list[dict[str, Any]]] = {}
    norms = block.get("normalisation") or []
    if len(norms) > 1:
        alternatives["normalisation"] = [
            {"normalisation": n, "norm_params": norm_params(n)} for n in norms
        ]
    aggs = block.get("aggregation") or []
    if len(aggs) > 1:
        alternatives["aggregation"] = [{"aggregation": a} for a in aggs]
    treats = block.get("treatment") or []
    if len(treats) > 1 and treatment is not None:
        alternatives["treatment"] = [
            {"treatment": treatment if t in ("on", True) else None} for t in treats
        ]
    return alternatives


class Variants:
    """Method variants and their normalised matrices, prepared once per distinct treatment and
    normalisation: weight draws and aggregation choices only re-aggregate."""

    def __init__(
        self,
        data: np.ndarray,
        meta: Meta,
        method: IndexMethod,
        alternatives: Mapping[str, Sequence[Mapping[str, Any]]],
    ) -> None:
        self.data, self.meta, self.method, self.alternatives = data, meta, method, alternatives
        self._prepared: dict[tuple, np.ndarray] = {}

    def get(self, picks: Mapping[str, int]) -> tuple[IndexMethod, np.ndarray]:
        variant = self.method
        for name, i in picks.items():
            variant = replace(variant, **self.alternatives[name][i])
        key = (variant.treatment, variant.normalisation, tuple(sorted(variant.norm_params.items())))
        if key not in self._prepared:
            self._prepared[key] = prepare(self.data, self.meta, variant).normalised
        return variant, self._prepared[key]


@dataclass(frozen=True)
class MonteCarloResult:
    ranks: np.ndarray  # runs × units
    median_rank: np.ndarray
    p5: np.ndarray
    p95: np.ndarray
    choices: list[dict[str, int]]  # per run, the alternative index per uncertain choice

    def top_share(self, k: int) -> np.ndarray:
        """Share of runs in which each unit ranked k-th or better."""
        return (self.ranks <= k).mean(axis=0)


def monte_carlo(
    data: np.ndarray, meta: Meta, method: IndexMethod, mc: MonteCarlo
) -> MonteCarloResult:
    rng = np.random.default_rng(mc.seed)
    base = meta.weights(method.weights)
    codes = list(base)
    nominal = np.array([base[c] for c in codes])
    factors = rng.uniform(1 - mc.weight_noise, 1 + mc.weight_noise, size=(mc.runs, len(codes)))
    draws = nominal * factors
    names = sorted(mc.alternatives)
    picks = np.column_stack(
        [rng.integers(0, len(mc.alternatives[n]), size=mc.runs) for n in names]
    ) if names else np.zeros((mc.runs, 0), dtype=int)
    units = data.shape[0]
    ranks = np.empty((mc.runs, units))
    variants = Variants(data, meta, method, mc.alternatives)
    for combo in itertools.product(*(range(len(mc.alternatives[n])) for n in names)):
        rows = np.all(picks == np.array(combo, dtype=int), axis=1) if names else np.ones(
            mc.runs, bool
        )
        if not rows.any():
            continue
        variant, normalised = variants.get(dict(zip(names, combo, strict=True)))
        idx = np.flatnonzero(rows)
        widest = max(len(meta.children(a)) for a in meta.aggregates)
        chunk = max(1, _CHUNK_CELLS // (units * widest))  # bounds memory for large indices
        for start in range(0, idx.size, chunk):
            part = idx[start : start + chunk]
            weights = {c: draws[part, j] for j, c in enumerate(codes)}
            top = aggregate_all(normalised, meta, weights, variant)[meta.top]
            ranks[part] = _rank_rows(top)
    return MonteCarloResult(
        ranks=ranks,
        median_rank=np.median(ranks, axis=0),
        p5=np.percentile(ranks, 5, axis=0),
        p95=np.percentile(ranks, 95, axis=0),
        choices=[dict(zip(names, map(int, p), strict=True)) for p in picks],
    )


def _rank_rows(scores: np.ndarray) -> np.ndarray:
    """Rank each row descending, ties at the minimum; missing scores rank last."""
    s = np.where(np.isnan(scores), -np.inf, scores)
    order = np.sort(-s, axis=1)
    return np.stack([np.searchsorted(order[i], -s[i], side="left") + 1 for i in range(len(s))])


def tiers(
    median_rank: np.ndarray, p5: np.ndarray, p95: np.ndarray, rank: np.ndarray | None = None
) -> np.ndarray:
    """Tier per unit, in bands that only step down the table.

    Units are visited in the order the table shows them: by ``rank`` (the point-score rank the
    review publishes) when given, else by median rank (then best interval). The first unit leads
    tier 1; each next unit stays in the current tier while its interval reaches up to the
    leader's (5th-percentile rank ≤ the leader's 95th-percentile rank: it cannot be told apart
    from the leader), and otherwise leads the next tier. Tiers are contiguous runs of the table,
    so a tier number never goes up again further down: a unit far down the table with a wide
    interval joins the tier of the units around it, not the tier at the top (which made rank 12
    "tier 1" under rank 5 "tier 2")."""
    order = np.lexsort((p5, median_rank)) if rank is None else np.lexsort((p5, rank))
    out = np.zeros(median_rank.size, dtype=int)
    tier, leader = 0, -1
    for unit in order:
        if leader < 0 or p5[unit] > p95[leader]:
            tier += 1
            leader = unit
        out[unit] = tier
    return out
