"""The composite-indicator pipeline: treat → normalise → aggregate level by level → rank.

One engine for every index Sushasan builds (the quarterly review and ``sushasan index``), written
on NumPy arrays of units × indicators with NaN for missing values so that Monte Carlo runs can
reuse the treated and normalised matrices and only re-aggregate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from sushasan.index.aggregate import aggregate
from sushasan.index.meta import IndexSpecError, Meta
from sushasan.index.normalise import normalise_column
from sushasan.index.treat import Treatment, treat_column

__all__ = [
    "IndexMethod",
    "IndexResult",
    "Prepared",
    "aggregate_all",
    "normalise_matrix",
    "prepare",
    "rank_desc",
    "resolved",
    "run",
    "treat_matrix",
]


@dataclass(frozen=True)
class IndexMethod:
    treatment: Treatment | None = None
    normalisation: str = "minmax"
    norm_params: Mapping[str, Any] = field(default_factory=lambda: {"lower": 0.0, "upper": 100.0})
    aggregation: str = "arithmetic"
    #: Per-level overrides of ``aggregation`` (level 2 = the first aggregates above indicators).
    aggregation_levels: Mapping[int, str] = field(default_factory=dict)
    weights: Mapping[str, float] | None = None
    dat_thresh: float | None = None
    #: Per-aggregate data-availability thresholds, overriding ``dat_thresh`` for those codes.
    dat_thresh_by: Mapping[str, float] = field(default_factory=dict)
    #: Geometric means need positive values: rescale normalised 0–100 values to [floor, 100].
    geometric_floor: float | None = None

    def aggregation_at(self, level: int) -> str:
        return self.aggregation_levels.get(level, self.aggregation)


@dataclass(frozen=True)
class Prepared:
    """Everything before aggregation, reusable across weight draws."""

    treated: np.ndarray
    flags: np.ndarray  # units × indicators, "" where untouched
    status: dict[str, str]  # indicator → none / not_needed / winsorised / log
    normalised: np.ndarray


@dataclass(frozen=True)
class IndexResult:
    units: list[str]
    meta: Meta
    prepared: Prepared
    scores: dict[str, np.ndarray]  # every aggregate code → one value per unit
    weights: dict[str, float]

    @property
    def index(self) -> np.ndarray:
        return self.scores[self.meta.top]

    @property
    def ranks(self) -> np.ndarray:
        return rank_desc(self.index)


def rank_desc(x: np.ndarray) -> np.ndarray:
    """Rank with 1 = highest; ties share the minimum rank (R's ties.method = "min")."""
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    v = x[ok]
    order = np.sort(-v)
    out[ok] = np.searchsorted(order, -v, side="left") + 1
    return out


def prepare(data: np.ndarray, meta: Meta, method: IndexMethod) -> Prepared:
    treated, flags, status = treat_matrix(data, meta, resolved(method))
    return Prepared(treated, flags, status, normalise_matrix(treated, meta, method))


def resolved(method: IndexMethod) -> Treatment | None:
    """The treatment as applied: ``log_fallback="auto"`` depends on the normalisation. Two
    method variants with the same resolved treatment share one treated matrix."""
    treatment = method.treatment
    if treatment is not None and treatment.log_fallback == "auto":
        fallback = "skip" if method.normalisation == "goalposts" else "log"
        treatment = replace(treatment, log_fallback=fallback)
    return treatment


def treat_matrix(
    data: np.ndarray, meta: Meta, treatment: Treatment | None
) -> tuple[np.ndarray, np.ndarray, dict[str, str]]:
    """Treated values, per-point flags and per-indicator status (``resolved`` treatment)."""
    codes = meta.indicators
    if data.shape[1] != len(codes):
        raise IndexSpecError(f"data has {data.shape[1]} indicator columns, metadata {len(codes)}")
    treated = data.astype(float, copy=True)
    flags = np.full(data.shape, "", dtype=object)
    status = dict.fromkeys(codes, "none")
    if treatment is not None:
        for j, code in enumerate(codes):
            res = treat_column(treated[:, j], treatment)
            treated[:, j] = res.values
            flags[:, j] = res.flags
            status[code] = res.status
    return treated, flags, status


def normalise_matrix(treated: np.ndarray, meta: Meta, method: IndexMethod) -> np.ndarray:
    normalised = np.empty_like(treated)
    for j, code in enumerate(meta.indicators):
        node = meta.node(code)
        params = dict(method.norm_params)
        if method.normalisation == "dist2targ" and "target" not in params:
            if node.target is None:
                raise IndexSpecError(f"'{code}': dist2targ needs a Target in the metadata")
            params["target"] = node.target
        normalised[:, j] = normalise_column(
            treated[:, j], method.normalisation, node.direction, params, node.goalposts, code,
        )
    return normalised


def aggregate_all(
    normalised: np.ndarray,
    meta: Meta,
    weights: Mapping[str, np.ndarray | float],
    method: IndexMethod,
) -> dict[str, np.ndarray]:
    """Aggregate bottom-up. A weight may be an array over Monte Carlo runs (runs,)."""
    values: dict[str, np.ndarray] = {c: normalised[:, j] for j, c in enumerate(meta.indicators)}
    runs = _runs(weights)
    if runs:
        values = {c: np.broadcast_to(v, (runs, v.size)) for c, v in values.items()}
    for code in meta.aggregates:
        kids = meta.children(code)
        agg = method.aggregation_at(meta.node(code).level)
        x = np.stack([values[k] for k in kids], axis=-1)
        if agg == "geometric" and method.geometric_floor is not None:
            bounded = method.normalisation in ("minmax", "goalposts") or meta.node(code).level > 2
            x = _floor(x, method.geometric_floor, bounded)
        shape = (runs,) if runs else ()
        w = np.stack([np.broadcast_to(np.asarray(weights[k], float), shape) for k in kids], axis=-1)
        thresh = method.dat_thresh_by.get(code, method.dat_thresh)
        values[code] = aggregate(x, w, agg, thresh, code)
    return {c: values[c] for c in meta.aggregates}


def _runs(weights: Mapping[str, np.ndarray | float]) -> int:
    sizes = {np.asarray(w).size for w in weights.values() if np.asarray(w).ndim > 0}
    if len(sizes) > 1:
        raise IndexSpecError("all Monte Carlo weight arrays must have the same length")
    return sizes.pop() if sizes else 0


def _floor(x: np.ndarray, floor: float, bounded: bool) -> np.ndarray:
    """Map 0..100 onto floor..100 so a zero does not wipe out a geometric mean; unbounded scales
    (z-scores) are first mapped column by column onto 0..100 by min-max."""
    if not bounded:
        with np.errstate(invalid="ignore", divide="ignore"):
            lo = np.nanmin(np.where(np.isnan(x), np.inf, x), axis=-2, keepdims=True)
            hi = np.nanmax(np.where(np.isnan(x), -np.inf, x), axis=-2, keepdims=True)
            x = (x - lo) / (hi - lo) * 100.0
    return floor + x * (100.0 - floor) / 100.0


def run(
    data: np.ndarray, units: Sequence[str], meta: Meta, method: IndexMethod | None = None
) -> IndexResult:
    method = method or IndexMethod()
    weights = meta.weights(method.weights)
    for code in meta.aggregates:
        if sum(weights[k] for k in meta.children(code)) <= 0:
            raise IndexSpecError(f"the weights of '{code}''s children sum to zero")
    prepared = prepare(data, meta, method)
    scores = aggregate_all(prepared.normalised, meta, weights, method)
    return IndexResult(list(units), meta, prepared, scores, weights)
