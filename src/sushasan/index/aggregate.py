"""Aggregation of children into their parent, with COINr's handling of missing values.

Weights of a unit's missing children are dropped and the rest re-scaled (``a_amean`` with
``na.rm``), and a unit whose share of available children is below the data-availability threshold
gets no value for that aggregate. Handbook section 6; COINr ``a_amean``, ``a_gmean``, ``a_hmean``.
"""

from __future__ import annotations

import numpy as np

from sushasan.index.meta import IndexSpecError

__all__ = ["AGGREGATIONS", "aggregate"]

AGGREGATIONS = ("arithmetic", "geometric", "harmonic")


def aggregate(
    x: np.ndarray, w: np.ndarray, method: str = "arithmetic", dat_thresh: float | None = None,
    code: str = "",
) -> np.ndarray:
    """x: units × children (NaN = missing); w: child weights. Returns one value per unit.

    For Monte Carlo, x is runs × units × children and w is runs × children.
    """
    avail = ~np.isnan(x)
    wx = np.where(avail, w[..., None, :], 0.0)
    wsum = wx.sum(axis=-1)
    x0 = np.where(avail, x, 0.0)
    x1 = np.where(avail, x, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "arithmetic":
            out = (x0 * wx).sum(axis=-1) / wsum
        elif method == "geometric":
            if np.any(x[avail] <= 0):
                raise IndexSpecError(
                    f"'{code}': the geometric mean needs values above zero; normalise to a "
                    "positive range (e.g. min-max 1–100) or use the arithmetic mean"
                )
            out = np.exp((np.log(x1) * wx).sum(axis=-1) / wsum)
        elif method == "harmonic":
            if np.any(x[avail] == 0):  # COINr a_hmean rejects zeros only
                raise IndexSpecError(f"'{code}': the harmonic mean cannot take a zero value")
            out = wsum / (wx / x1).sum(axis=-1)
        else:
            raise IndexSpecError(f"unknown aggregation '{method}' (use {', '.join(AGGREGATIONS)})")
    out = np.where(wsum > 0, out, np.nan)
    if dat_thresh is not None:
        share = avail.mean(axis=-1)
        out = np.where(share >= dat_thresh, out, np.nan)
    return out
