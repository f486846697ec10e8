"""Normalisation of one indicator column (NaN = missing), following COINr's definitions.

Direction is applied the COINr way: the column is multiplied by the direction (−1 for "lower is
better") before min-max, z-score, rank and distance methods, so the best value always maps to
the top of the scale. Goalposts are given in natural units and handle direction themselves.
References: OECD/JRC Handbook (2008) section 5; COINr ``n_minmax``, ``n_zscore``,
``n_goalposts``, ``n_rank``, ``n_dist2max``, ``n_dist2targ``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from sushasan.index.meta import Goalposts, IndexSpecError

__all__ = ["METHODS", "goalposts", "minmax", "normalise_column", "zscore"]


def minmax(x: np.ndarray, lower: float = 0.0, upper: float = 100.0) -> np.ndarray:
    """(x − min) / (max − min) × (u − l) + l. A constant column gives NaN, as in COINr."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x - lo) / (hi - lo) * (upper - lower) + lower


def zscore(x: np.ndarray, mean: float = 0.0, sd: float = 1.0) -> np.ndarray:
    """(x − mean(x)) / sd(x) × sd + mean, with the sample (n−1) standard deviation.

    Fewer than two values have no spread: NaN, like a constant column (a new indicator that only
    one unit reports yet, such as a first website audit)."""
    if np.count_nonzero(~np.isnan(x)) < 2:
        return np.full(x.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x - np.nanmean(x)) / np.nanstd(x, ddof=1) * sd + mean


def goalposts(x: np.ndarray, gp: Goalposts, direction: int = 1) -> np.ndarray:
    """(x − lower) / (upper − lower), reversed for direction −1, optionally truncated to [0, 1],
    times the scale."""
    if direction == 1:
        y = (x - gp.lower) / (gp.upper - gp.lower)
    else:
        y = (x - gp.upper) / (gp.lower - gp.upper)
    if gp.trunc:
        y = np.clip(y, 0.0, 1.0)
    return y * gp.scale


def rank(x: np.ndarray) -> np.ndarray:
    """Rank with ties at the minimum (1 = lowest); missing stays missing."""
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    v = x[ok]
    order = np.sort(v)
    out[ok] = np.searchsorted(order, v, side="left") + 1
    return out


def dist2max(x: np.ndarray) -> np.ndarray:
    """1 − (max − x) / (max − min): the distance to the best, on [0, 1]."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1 - (hi - x) / (hi - lo)


def dist2targ(x: np.ndarray, target: float, cap_max: bool = False) -> np.ndarray:
    """(x − min) / (target − min), optionally capped at 1 beyond the target (COINr n_dist2targ;
    the target is given in natural units and flipped with the direction like the data)."""
    lo = np.nanmin(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        y = (x - lo) / (target - lo)
    return np.minimum(y, 1.0) if cap_max else y


def fracmax(x: np.ndarray) -> np.ndarray:
    """x / max (COINr n_fracmax)."""
    return x / np.nanmax(x)


def borda(x: np.ndarray) -> np.ndarray:
    """Rank − 1, ties at the minimum (COINr n_borda)."""
    return rank(x) - 1


def prank(x: np.ndarray) -> np.ndarray:
    """(rank − 1) / (n − 1): percentile rank on [0, 1] (COINr n_prank)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rank(x) - 1) / (np.count_nonzero(~np.isnan(x)) - 1)


def scaled(x: np.ndarray, lower: float = 0.0, upper: float = 100.0) -> np.ndarray:
    """(x − lower) / (upper − lower) × 100 with fixed bounds (COINr n_scaled)."""
    return (x - lower) / (upper - lower) * 100.0


METHODS: dict[str, Callable[..., np.ndarray]] = {
    "minmax": minmax,
    "zscore": zscore,
    "goalposts": goalposts,
    "rank": rank,
    "dist2max": dist2max,
    "dist2targ": dist2targ,
    "fracmax": fracmax,
    "borda": borda,
    "prank": prank,
    "scaled": scaled,
}


def normalise_column(
    x: np.ndarray, method: str, direction: int, params: dict[str, Any], gp: Goalposts | None,
    code: str = "",
) -> np.ndarray:
    if np.all(np.isnan(x)):
        return x.astype(float, copy=True)  # an indicator nobody has (yet) stays missing
    if method == "goalposts":
        if gp is None:
            raise IndexSpecError(f"'{code}': goalposts normalisation needs goalpost_lower/upper")
        return goalposts(x, gp, direction)
    if method == "dist2targ" and "target" in params:
        params = {**params, "target": params["target"] * direction}
    if method not in METHODS:
        raise IndexSpecError(f"unknown normalisation '{method}' (use {', '.join(METHODS)})")
    return METHODS[method](x * direction, **params)
