"""Outlier treatment, the JRC/COINr rule: winsorise while skewed, else log-transform.

Follows COINr v1 ``Treat``/``winsorise``/``log_CT`` exactly (R/treat.R):

- An indicator fails the check when |skew| ≥ ``skew_threshold`` **and** kurtosis ≥
  ``kurtosis_threshold`` (2 and 3.5; ``check_SkewKurt``). A column whose statistics cannot be
  computed (too few points, no spread) is left as it is.
- Winsorisation: while failing and fewer than ``winmax`` points have been winsorised, replace
  every point equal to the current extreme on the side of the skew (high when skew ≥ 0) with the
  next distinct value inwards. Ties are replaced together, so the count can pass ``winmax``.
- If the winsorised column still fails, the winsorisation is discarded and the **original**
  column is log-transformed: log(x − min + 0.01·(max − min)) (``log_CT``).

Per-point flags use COINr's words: ``winhi``, ``winlo``, ``log_CT``, and ``winhi+log_CT`` for a
point that was winsorised in the failed attempt (COINr writes ``+log_CT`` for the others; we write
``log_CT``). Handbook section 3.2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sushasan.index.stats import skew_kurt

__all__ = ["Treatment", "TreatmentResult", "fails_check", "log_ct", "treat_column", "winsorise"]


@dataclass(frozen=True)
class Treatment:
    winmax: int = 5
    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5
    #: What to do when winsorisation fails: "log" (COINr); "skip" keeps the untreated column and
    #: flags it "log_skipped"; "auto" skips only under goalposts, whose posts are in natural
    #: units that a log transform would break (the posts already truncate the tail).
    log_fallback: str = "log"


@dataclass(frozen=True)
class TreatmentResult:
    values: np.ndarray
    flags: np.ndarray  # per point: "", "winhi", "winlo", "log_CT", "winhi+log_CT", ...
    status: str  # "not_needed", "winsorised", "log", "log_skipped", "none"
    winsorised: int  # points winsorised (COINr's nwin)
    skew: float
    kurtosis: float


def fails_check(x: np.ndarray, t: Treatment) -> bool:
    return _fails(*skew_kurt(x), t)


def _fails(s: float, k: float, t: Treatment) -> bool:
    """The check on skew and kurtosis already computed (the loop below reuses them)."""
    if np.isnan(s) or np.isnan(k):
        return False
    return bool(abs(s) >= t.skew_threshold and k >= t.kurtosis_threshold)


def log_ct(x: np.ndarray) -> np.ndarray:
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(divide="ignore"):
        return np.log(x - lo + 0.01 * (hi - lo))


def winsorise(x: np.ndarray, t: Treatment) -> tuple[np.ndarray, np.ndarray, int]:
    y, flags, nwin, _, _ = _winsorise(x, t)
    return y, flags, nwin


def _winsorise(x: np.ndarray, t: Treatment) -> tuple[np.ndarray, np.ndarray, int, float, float]:
    """``winsorise`` that also returns the skew and kurtosis of the result: each step's
    statistics are computed once and serve both the loop's check and the caller's."""
    y = x.copy()
    hi_set = np.zeros(x.shape, bool)
    lo_set = np.zeros(x.shape, bool)
    nwin = 0
    s, k = skew_kurt(y)
    while _fails(s, k, t) and nwin < t.winmax:
        ok = ~np.isnan(y)
        if s >= 0:
            hit = ok & (y == np.nanmax(y))
            rest = y[ok & ~hit]
            if rest.size == 0:
                break
            y[hit] = rest.max()
            hi_set = hit
        else:
            hit = ok & (y == np.nanmin(y))
            rest = y[ok & ~hit]
            if rest.size == 0:
                break
            y[hit] = rest.min()
            lo_set = hit
        nwin = int(hi_set.sum() + lo_set.sum())
        s, k = skew_kurt(y)
    flags = np.full(x.shape, "", dtype=object)
    flags[hi_set] = "winhi"
    flags[lo_set] = "winlo"
    return y, flags, nwin, s, k


def treat_column(x: np.ndarray, t: Treatment) -> TreatmentResult:
    s, k = skew_kurt(x)
    if not _fails(s, k, t):
        return TreatmentResult(x.copy(), np.full(x.shape, "", dtype=object), "not_needed", 0, s, k)
    y, flags, nwin, ys, yk = _winsorise(x, t)
    if not _fails(ys, yk, t):
        return TreatmentResult(y, flags, "winsorised", nwin, s, k)
    present = ~np.isnan(x)
    if t.log_fallback == "skip":
        skipped = np.where(present, "log_skipped", "").astype(object)
        return TreatmentResult(x.copy(), skipped, "log_skipped", nwin, s, k)
    logged = np.where(flags != "", flags + "+log_CT", "log_CT").astype(object)
    logged[~present] = ""
    return TreatmentResult(log_ct(x), logged, "log", nwin, s, k)
