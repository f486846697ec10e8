"""Timing shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best", "best_cpu"]


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """Seconds of the fastest of ``repeat`` runs: the machine is shared, and the minimum is the
    run the least disturbed by anything else."""
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def best_cpu(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """(fastest wall seconds, fastest process CPU seconds) of ``repeat`` runs. On a machine
    shared with a dozen other jobs the wall time measures the queue for a core; the CPU time
    of a single-threaded run is what it would take with a core to itself."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu
