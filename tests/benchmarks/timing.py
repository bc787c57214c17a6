"""The timing and memory helpers every benchmark script uses (wall time, traced peak)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable


def wall_times(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of ``repeat`` runs of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    return min(wall_times(fn, repeat))


def median_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` runs, in seconds."""
    return statistics.median(wall_times(fn, repeat))


def peak_memory(fn: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MB of Python allocations) of one traced run (slow: not for timing)."""
    tracemalloc.start()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak
