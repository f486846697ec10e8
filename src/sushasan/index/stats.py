"""Sample statistics as COINr computes them (and Excel's SKEW/KURT): bias-adjusted, NaN ignored.

JRC/COINr flag an indicator for outlier treatment when |skewness| ≥ 2 and kurtosis ≥ 3.5, using
these sample (bias-adjusted) estimators with the n−1 standard deviation.
"""

from __future__ import annotations

import numpy as np

__all__ = ["kurt", "skew"]


def skew(x: np.ndarray) -> float:
    """G1 = n / ((n−1)(n−2)) · Σ((x−m)/s)³, s the sample standard deviation."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 3:
        return float("nan")
    s = v.std(ddof=1)
    if s == 0:
        return float("nan")
    z = (v - v.mean()) / s
    return float(n / ((n - 1) * (n - 2)) * np.sum(z**3))


def kurt(x: np.ndarray) -> float:
    """Excess kurtosis G2 = n(n+1)/((n−1)(n−2)(n−3)) · Σ z⁴ − 3(n−1)²/((n−2)(n−3))."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 4:
        return float("nan")
    s = v.std(ddof=1)
    if s == 0:
        return float("nan")
    z = (v - v.mean()) / s
    return float(
        n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * np.sum(z**4)
        - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
    )
