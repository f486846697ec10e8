"""Variance-based sensitivity: which uncertain choice moves the ranking most?

Follows COINr ``get_sensitivity`` (Saltelli et al. 2010): each uncertain choice is one input
dimension sampled on [0, 1) and mapped to one of its alternatives (weights: one of ``K`` noisy
weight sets drawn like the Monte Carlo analysis). Matrices A and B (N rows each) and, for each
dimension i, A with column i taken from B; the output of a run is the mean absolute shift of the
units' ranks from the nominal ranking. First-order index Sᵢ = mean(y_B · (y_ABᵢ − y_A)) / V
(Saltelli 2010) and total index Tᵢ = Σ (y_A − y_ABᵢ)² / (2N·V) (Jansen), V the sample variance
of y over A and B together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from sushasan.index.batch import RunAggregator, rank_rows
from sushasan.index.engine import IndexMethod, aggregate_all, rank_desc
from sushasan.index.meta import IndexSpecError, Meta
from sushasan.index.uncertainty import Variants, chunk_runs

__all__ = ["SensitivityResult", "sensitivity"]


@dataclass(frozen=True)
class SensitivityResult:
    names: list[str]
    first_order: np.ndarray
    total: np.ndarray
    runs: int
    variance: float


def sensitivity(
    data: np.ndarray,
    meta: Meta,
    method: IndexMethod,
    alternatives: Mapping[str, Sequence[Mapping[str, Any]]],
    n: int = 500,
    seed: int = 0,
    weight_noise: float = 0.25,
    weight_sets: int = 100,
) -> SensitivityResult:
    """``alternatives``: uncertain method choices (as in MonteCarlo); weights are always one."""
    rng = np.random.default_rng(seed)
    base = meta.weights(method.weights)
    codes = list(base)
    nominal_w = np.array([base[c] for c in codes])
    noisy = nominal_w * rng.uniform(1 - weight_noise, 1 + weight_noise, (weight_sets, len(codes)))
    names = ["weights", *sorted(alternatives)]
    sizes = [weight_sets, *(len(alternatives[k]) for k in sorted(alternatives))]
    d = len(names)
    if d < 2:
        raise IndexSpecError("sensitivity analysis needs at least two uncertain choices")
    a = rng.random((n, d))
    b = rng.random((n, d))
    rows = [a, b] + [np.where(np.arange(d) == i, b, a) for i in range(d)]
    picks = (np.vstack(rows) * np.array(sizes)).astype(int)

    variants = Variants(data, meta, method, alternatives)
    _, normalised = variants.get({})
    nominal = rank_desc(aggregate_all(normalised, meta, base, method)[meta.top])
    y = _rank_shifts(variants, meta, names[1:], picks, dict(zip(codes, noisy.T, strict=True)),
                     nominal)
    y_a, y_b = y[:n], y[n : 2 * n]
    var = float(np.var(np.concatenate([y_a, y_b]), ddof=1))
    first, total = np.zeros(d), np.zeros(d)
    for i in range(d):
        y_ab = y[(2 + i) * n : (3 + i) * n]
        if var > 0:
            first[i] = np.mean(y_b * (y_ab - y_a)) / var
            total[i] = np.sum((y_a - y_ab) ** 2) / (2 * n * var)
    return SensitivityResult(names, first, total, len(y), var)


def _rank_shifts(
    variants: Variants, meta: Meta, names: list[str], picks: np.ndarray,
    weight_sets: Mapping[str, np.ndarray], nominal: np.ndarray,
) -> np.ndarray:
    """Per row of ``picks`` (weight set, then one alternative per name), the mean absolute rank
    shift from ``nominal``; rows sharing alternatives are aggregated and ranked together, as in
    ``monte_carlo`` (a unit without a score is left out, as ``rank_desc`` leaves it out)."""
    y = np.empty(len(picks))
    combos, which = np.unique(picks[:, 1:], axis=0, return_inverse=True)
    chunk = chunk_runs(nominal.size, meta)
    with threadpool_limits(1, user_api="blas"):
        for c, combo in enumerate(combos):
            variant, normalised = variants.get(dict(zip(names, map(int, combo), strict=True)))
            aggregate = RunAggregator(normalised, meta, variant)
            rows = np.flatnonzero(which.ravel() == c)
            for start in range(0, rows.size, chunk):
                part = rows[start : start + chunk]
                sets = picks[part, 0]
                scores = aggregate({code: w[sets] for code, w in weight_sets.items()})
                ranks = rank_rows(scores)
                ranks[np.isnan(scores)] = np.nan
                y[part] = np.nanmean(np.abs(ranks - nominal), axis=1)
    return y
