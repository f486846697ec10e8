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

import numpy as np

from sushasan.index.aggregate import AGGREGATIONS
from sushasan.index.engine import IndexMethod, _floor
from sushasan.index.meta import IndexSpecError, Meta

__all__ = ["aggregate_runs", "rank_rows"]


def aggregate_runs(
    normalised: np.ndarray, meta: Meta, weights: Mapping[str, np.ndarray], method: IndexMethod
) -> np.ndarray:
    """Top-level scores of every run, runs × units.

    ``normalised`` is units × indicators; ``weights`` maps every code to one weight per run.
    A child's values are dropped as soon as its parent is computed (every node has one parent),
    so at most one level of runs × units arrays is held at a time.
    """
    values: dict[str, np.ndarray] = {c: normalised[:, j] for j, c in enumerate(meta.indicators)}
    per_run: set[str] = set()  # codes whose values are runs × units (not shared by all runs)
    for code in meta.aggregates:
        kids = meta.children(code)
        level = meta.node(code).level
        agg = method.aggregation_at(level)
        if agg not in AGGREGATIONS:
            raise IndexSpecError(f"unknown aggregation '{agg}' (use {', '.join(AGGREGATIONS)})")
        floor = method.geometric_floor if agg == "geometric" else None
        bounded = method.normalisation in ("minmax", "goalposts") or level > 2
        thresh = method.dat_thresh_by.get(code, method.dat_thresh)
        w = np.column_stack([np.asarray(weights[k], float) for k in kids])
        if per_run.isdisjoint(kids):
            x = np.column_stack([values[k] for k in kids])
            values[code] = _shared_children(x, w, agg, floor, bounded, thresh, code)
        else:
            kid_values = [values[k] for k in kids]
            values[code] = _per_run_children(kid_values, w, agg, floor, bounded, thresh, code)
        per_run.add(code)
        for k in kids:
            del values[k]
    return values[meta.top]


def _shared_children(
    x: np.ndarray, w: np.ndarray, agg: str, floor: float | None, bounded: bool,
    thresh: float | None, code: str,
) -> np.ndarray:
    """Children shared by all runs (units × children), weights runs × children → runs × units.

    The geometric floor and the value checks are done once on the shared matrix, not per run."""
    if floor is not None:
        x = _floor(x, floor, bounded)
    avail = ~np.isnan(x)
    _check(x[avail], agg, code)
    wsum = w @ avail.T.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if agg == "arithmetic":
            out = (w @ np.where(avail, x, 0.0).T) / wsum
        elif agg == "geometric":
            out = np.exp((w @ np.log(np.where(avail, x, 1.0)).T) / wsum)
        else:
            out = wsum / (w @ np.where(avail, 1.0 / np.where(avail, x, 1.0), 0.0).T)
    out[~(wsum > 0)] = np.nan
    if thresh is not None:
        out[:, ~(avail.mean(axis=-1) >= thresh)] = np.nan
    return out


def _per_run_children(
    kids: list[np.ndarray], w: np.ndarray, agg: str, floor: float | None, bounded: bool,
    thresh: float | None, code: str,
) -> np.ndarray:
    """Children with one value per run (runs × units; a shared child is a units vector),
    accumulated one child at a time so no runs × units × children array is built."""
    shape = (w.shape[0], kids[0].shape[-1])
    num, wsum = np.zeros(shape), np.zeros(shape)
    count = np.zeros(shape) if thresh is not None else None
    for j, v in enumerate(kids):
        if floor is not None:
            v = _floor(v[..., None], floor, bounded)[..., 0]
        avail = ~np.isnan(v)
        _check(v[avail], agg, code)
        wj = w[:, j, None]
        with np.errstate(divide="ignore"):
            term = v if agg == "arithmetic" else np.log(v) if agg == "geometric" else 1.0 / v
        if avail.all():
            num += wj * term
            wsum += wj
        else:
            num += np.where(avail, wj * term, 0.0)
            wsum += np.where(avail, wj, 0.0)
        if count is not None:
            count += avail
    with np.errstate(invalid="ignore", divide="ignore"):
        if agg == "arithmetic":
            out = num / wsum
        elif agg == "geometric":
            out = np.exp(num / wsum)
        else:
            out = wsum / num
    out[~(wsum > 0)] = np.nan
    if count is not None:
        out[~(count / len(kids) >= thresh)] = np.nan
    return out


def _check(present: np.ndarray, agg: str, code: str) -> None:
    """The value checks of ``aggregate``, with its messages."""
    if agg == "geometric" and np.any(present <= 0):
        raise IndexSpecError(
            f"'{code}': the geometric mean needs values above zero; normalise to a "
            "positive range (e.g. min-max 1–100) or use the arithmetic mean"
        )
    if agg == "harmonic" and np.any(present == 0):  # COINr a_hmean rejects zeros only
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
