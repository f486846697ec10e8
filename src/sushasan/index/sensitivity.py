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

from sushasan.index.engine import IndexMethod, aggregate_all, rank_desc
from sushasan.index.meta import IndexSpecError, Meta
from sushasan.index.uncertainty import Variants

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
    y = np.empty(len(picks))
    for r, pick in enumerate(picks):
        variant, normalised = variants.get(
            {name: int(k) for name, k in zip(names[1:], pick[1:], strict=True)}
        )
        weights = dict(zip(codes, noisy[pick[0]], strict=True))
        ranks = rank_desc(aggregate_all(normalised, meta, weights, variant)[meta.top])
        y[r] = np.nanmean(np.abs(ranks - nominal))
    y_a, y_b = y[:n], y[n : 2 * n]
    var = float(np.var(np.concatenate([y_a, y_b]), ddof=1))
    first, total = np.zeros(d), np.zeros(d)
    for i in range(d):
        y_ab = y[(2 + i) * n : (3 + i) * n]
        if var > 0:
            first[i] = np.mean(y_b * (y_ab - y_a)) / var
            total[i] = np.sum((y_a - y_ab) ** 2) / (2 * n * var)
    return SensitivityResult(names, first, total, len(y), var)
