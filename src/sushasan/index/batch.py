"""Monte Carlo aggregation and ranking of many runs at once, as array operations.

Why a separate path from ``aggregate_all``: runs of one method variant differ only in their
weights, so the children of a first-level aggregate (the normalised indicators) are the same
matrix in every run. Their weighted sums for all runs are one matrix product,
(runs × children) @ (children × units), instead of a runs × units × children array built and
reduced per aggregate (the old path spent most of its time allocating those). Aggregates higher
up hold one value per run and unit; they are summed child by child in place over runs × units.
The arithmetic is COINr's, as in ``aggregate``: missing children drop out and the remaining
weights are re-scaled; a share of available children below ``dat_thresh`` gives no value.

Only the summation order differs from ``aggregate`` (BLAS and child-by-child sums instead of
NumPy's pairwise sum), so scores agree to rounding (~1e-13), and identical units still get
identical scores (every unit goes through the same operations).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sushasan.index.aggregate import AGGREGATIONS
from sushasan.index.engine import IndexMethod, _floor
from sushasan.index.meta import IndexSpecError, Meta

__all__ = ["RunAggregator", "aggregate_runs", "rank_rows"]


@dataclass(frozen=True)
class _Shared:
    """What a first-level aggregate needs from its children, the same in every run."""

    terms: np.ndarray  # children × units: x (or log x, 1/x), 0 where missing
    avail: np.ndarray | None  # children × units, 1.0 where present; None when nothing is missing
    blocked: np.ndarray | None  # units below the data-availability threshold


@dataclass(frozen=True)
class _Step:
    code: str
    kids: list[str]
    agg: str
    floor: float | None
    bounded: bool
    thresh: float | None
    shared: _Shared | None  # None when a child has one value per run


class RunAggregator:
    """One method variant's aggregation, prepared once and applied to chunks of runs.

    Everything that does not depend on the weights (floors, logs, masks, threshold checks of
    the first-level aggregates) is computed here, once per variant rather than once per chunk.
    """

    def __init__(self, normalised: np.ndarray, meta: Meta, method: IndexMethod) -> None:
        self.meta = meta
        self.columns = {c: normalised[:, j] for j, c in enumerate(meta.indicators)}
        self.steps: list[_Step] = []
        for code in meta.aggregates:
            kids = meta.children(code)
            level = meta.node(code).level
            agg = method.aggregation_at(level)
            if agg not in AGGREGATIONS:
                raise IndexSpecError(
                    f"unknown aggregation '{agg}' (use {', '.join(AGGREGATIONS)})"
                )
            floor = method.geometric_floor if agg == "geometric" else None
            bounded = method.normalisation in ("minmax", "goalposts") or level > 2
            thresh = method.dat_thresh_by.get(code, method.dat_thresh)
            shared = None
            if all(k in self.columns for k in kids):
                x = np.column_stack([self.columns[k] for k in kids])
                shared = _shared(x, agg, floor, bounded, thresh, code)
            self.steps.append(_Step(code, kids, agg, floor, bounded, thresh, shared))

    def __call__(self, weights: Mapping[str, np.ndarray]) -> np.ndarray:
        """Top-level scores, runs × units; ``weights`` maps every code to one weight per run.

        A child's values are dropped once its parent is computed (every node has one parent),
        so about one level of runs × units arrays is held at a time."""
        values: dict[str, np.ndarray] = {}
        for step in self.steps:
            w = np.column_stack([np.asarray(weights[k], float) for k in step.kids])
            if step.shared is not None:
                values[step.code] = _from_shared(step.shared, w, step.agg)
            else:
                kids = [values.pop(k) if k in values else self.columns[k] for k in step.kids]
                values[step.code] = _per_run_children(kids, w, step)
        return values[self.meta.top]


def aggregate_runs(
    normalised: np.ndarray, meta: Meta, weights: Mapping[str, np.ndarray], method: IndexMethod
) -> np.ndarray:
    """Top-level scores of every run, runs × units (``RunAggregator`` used once)."""
    return RunAggregator(normalised, meta, method)(weights)


def _shared(
    x: np.ndarray, agg: str, floor: float | None, bounded: bool, thresh: float | None, code: str
) -> _Shared:
    """Children shared by all runs (units × children): floor, checks and terms, done once."""
    if floor is not None:
        x = _floor(x, floor, bounded)
    _check(x, agg, code)
    avail = ~np.isnan(x)
    x1 = np.where(avail, x, 1.0)
    with np.errstate(divide="ignore"):
        terms = x1 if agg == "arithmetic" else np.log(x1) if agg == "geometric" else 1.0 / x1
    terms = np.where(avail, terms, 0.0).T.copy()
    blocked = None
    if thresh is not None:
        blocked = ~(avail.mean(axis=-1) >= thresh)
    return _Shared(terms, None if avail.all() else avail.T.astype(float), blocked)


def _from_shared(s: _Shared, w: np.ndarray, agg: str) -> np.ndarray:
    """Weights runs × children → runs × units: two matrix products (sums, weights present)."""
    num = w @ s.terms
    wsum = w.sum(axis=1, keepdims=True) if s.avail is None else w @ s.avail
    with np.errstate(invalid="ignore", divide="ignore"):
        if agg == "arithmetic":
            out = np.divide(num, wsum, out=num)
        elif agg == "geometric":
            out = np.exp(np.divide(num, wsum, out=num), out=num)
        else:
            out = np.divide(wsum, num, out=num)
    out[np.broadcast_to(~(wsum > 0), out.shape)] = np.nan
    if s.blocked is not None:
        out[:, s.blocked] = np.nan
    return out


def _per_run_children(kids: list[np.ndarray], w: np.ndarray, step: _Step) -> np.ndarray:
    """Children with one value per run (runs × units; a shared child is a units vector),
    accumulated one child at a time so no runs × units × children array is built."""
    shape = (w.shape[0], max(k.shape[-1] for k in kids))
    num, wsum = np.zeros(shape), np.zeros(shape)
    count = np.zeros(shape) if step.thresh is not None else None
    for j, v in enumerate(kids):
        if step.floor is not None:
            v = _floor(v[..., None], step.floor, step.bounded)[..., 0]
        _check(v, step.agg, step.code)
        avail = ~np.isnan(v)
        wj = w[:, j, None]
        with np.errstate(divide="ignore"):
            if step.agg == "arithmetic":
                term = v
            else:
                term = np.log(v) if step.agg == "geometric" else 1.0 / v
        if avail.all():
            num += wj * term
            wsum += wj
        else:
            num += np.where(avail, wj * term, 0.0)
            wsum += np.where(avail, wj, 0.0)
        if count is not None:
            count += avail
    with np.errstate(invalid="ignore", divide="ignore"):
        if step.agg == "arithmetic":
            out = np.divide(num, wsum, out=num)
        elif step.agg == "geometric":
            out = np.exp(np.divide(num, wsum, out=num), out=num)
        else:
            out = np.divide(wsum, num, out=num)
    out[~(wsum > 0)] = np.nan
    if count is not None and step.thresh is not None:
        out[~(count / len(kids) >= step.thresh)] = np.nan
    return out


def _check(x: np.ndarray, agg: str, code: str) -> None:
    """The value checks of ``aggregate``, with its messages (NaN compares false: skipped)."""
    if agg == "geometric" and np.any(x <= 0):
        raise IndexSpecError(
            f"'{code}': the geometric mean needs values above zero; normalise to a "
            "positive range (e.g. min-max 1–100) or use the arithmetic mean"
        )
    if agg == "harmonic" and np.any(x == 0):  # COINr a_hmean rejects zeros only
        raise IndexSpecError(f"'{code}': the harmonic mean cannot take a zero value")


def rank_rows(scores: np.ndarray) -> np.ndarray:
    """Rank each row descending, ties at the minimum rank; missing scores rank last (tied).

    One argsort over all rows: a unit's rank is one more than the number of units scoring
    strictly higher, i.e. the position of the first of its ties in the sorted row."""
    s = np.where(np.isnan(scores), np.inf, -scores)
    order = np.argsort(s, axis=1)
    ordered = np.take_along_axis(s, order, axis=1)
    first = np.zeros(s.shape, dtype=np.int64)
    first[:, 1:] = np.where(ordered[:, 1:] != ordered[:, :-1], np.arange(1, s.shape[1]), 0)
    np.maximum.accumulate(first, axis=1, out=first)
    ranks = np.empty(s.shape)
    np.put_along_axis(ranks, order, first + 1.0, axis=1)
    return ranks
