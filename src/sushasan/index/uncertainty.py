"""Monte Carlo uncertainty analysis: how much do the ranks depend on choices we made?

Each run draws every weight from U[w·(1−δ), w·(1+δ)] and one option for each uncertain method
choice (normalisation, aggregation, outlier treatment). A unit's rank over all runs gives its
median and 5th–95th percentile interval (Handbook section 7; COINr ``get_sensitivity``). Runs that
share method choices are aggregated and ranked together as array operations (``batch``), in chunks
of runs that keep memory bounded; treatment and normalisation are done once per variant.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from sushasan.index.batch import RunAggregator, rank_rows
from sushasan.index.engine import IndexMethod, Prepared, normalise_matrix, resolved, treat_matrix
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

#: runs × units cells alive at once while aggregating a chunk of runs (~32 MB of floats). Small
#: chunks keep the arrays in cache: at 5,000 units, chunks of 25 runs were faster than of 100.
_CHUNK_CELLS = 4_000_000


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
    normalisation: weight draws and aggregation choices only re-aggregate. The treated matrix
    is kept per treatment, so switching the normalisation does not treat the data again (the
    treatment is the slow step: a skew/kurtosis loop per indicator)."""

    def __init__(
        self,
        data: np.ndarray,
        meta: Meta,
        method: IndexMethod,
        alternatives: Mapping[str, Sequence[Mapping[str, Any]]],
        nominal: Prepared | None = None,
    ) -> None:
        self.data, self.meta, self.method, self.alternatives = data, meta, method, alternatives
        self._treated: dict[Treatment | None, np.ndarray] = {}
        self._prepared: dict[tuple, np.ndarray] = {}
        if nominal is not None:  # the caller's nominal run already prepared the base method
            self._treated[resolved(method)] = nominal.treated
            self._prepared[self._key(method)] = nominal.normalised

    @staticmethod
    def _key(variant: IndexMethod) -> tuple:
        params = tuple(sorted(variant.norm_params.items()))
        return (variant.treatment, variant.normalisation, params)

    def get(self, picks: Mapping[str, int]) -> tuple[IndexMethod, np.ndarray]:
        variant = self.method
        for name, i in picks.items():
            variant = replace(variant, **self.alternatives[name][i])
        key = self._key(variant)
        if key not in self._prepared:
            treatment = resolved(variant)
            if treatment not in self._treated:
                self._treated[treatment] = treat_matrix(self.data, self.meta, treatment)[0]
            self._prepared[key] = normalise_matrix(self._treated[treatment], self.meta, variant)
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
    data: np.ndarray, meta: Meta, method: IndexMethod, mc: MonteCarlo,
    nominal: Prepared | None = None,
) -> MonteCarloResult:
    """Ranks of every run, all runs of one method variant aggregated and ranked together.

    ``nominal``: the ``Prepared`` of a ``run`` with the same data and ``method``, if the caller
    has one (the review does), so the base variant is not treated and normalised twice.
    """
    rng = np.random.default_rng(mc.seed)
    base = meta.weights(method.weights)
    codes = list(base)
    nominal_w = np.array([base[c] for c in codes])
    factors = rng.uniform(1 - mc.weight_noise, 1 + mc.weight_noise, size=(mc.runs, len(codes)))
    draws = nominal_w * factors
    names = sorted(mc.alternatives)
    picks = np.column_stack(
        [rng.integers(0, len(mc.alternatives[n]), size=mc.runs) for n in names]
    ) if names else np.zeros((mc.runs, 0), dtype=int)
    units = data.shape[0]
    ranks = np.empty((mc.runs, units))
    variants = Variants(data, meta, method, mc.alternatives, nominal)
    chunk = chunk_runs(units, meta)
    # The products are small (runs × children @ children × units): OpenBLAS's threads cost more
    # than they bring, 6× slower on a busy 2-core machine, so they run on one thread.
    with threadpool_limits(1, user_api="blas"):
        for combo in itertools.product(*(range(len(mc.alternatives[n])) for n in names)):
            idx = np.flatnonzero(np.all(picks == np.array(combo, dtype=int), axis=1))
            if not idx.size:
                continue
            variant, normalised = variants.get(dict(zip(names, combo, strict=True)))
            aggregate = RunAggregator(normalised, meta, variant)
            for start in range(0, idx.size, chunk):
                part = idx[start : start + chunk]
                sub = draws[part]
                ranks[part] = rank_rows(aggregate({c: sub[:, j] for j, c in enumerate(codes)}))
    # One partition for the three percentiles; the 50th equals np.median on these integer ranks.
    p5, median, p95 = np.percentile(ranks, [5, 50, 95], axis=0)
    return MonteCarloResult(
        ranks=ranks,
        median_rank=median,
        p5=p5,
        p95=p95,
        choices=[dict(zip(names, map(int, p), strict=True)) for p in picks],
    )


def chunk_runs(units: int, meta: Meta) -> int:
    """Runs aggregated at once: at most every aggregate's runs × units array plus a few
    temporaries are alive, kept under ``_CHUNK_CELLS``."""
    return max(1, _CHUNK_CELLS // (max(units, 1) * (len(meta.aggregates) + 6)))


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
