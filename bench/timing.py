"""Timing shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best"]


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """Seconds of the fastest of ``repeat`` runs: the machine is shared, and the minimum is the
    run the least disturbed by anything else."""
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest
