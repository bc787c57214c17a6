"""The timing and memory helpers every benchmark script uses (wall time, traced peak)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path


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


def run_alone(run: Callable[[list, Path], None], base_digits: int = 3, ratio: str = "7.2f") -> None:
    """A benchmark script run by itself: ``run`` in the folder named on the command line (or
    a temporary one), then one line per result (ours, the bare baseline, their ratio)."""
    found: list = []
    with tempfile.TemporaryDirectory() as folder:
        run(found, Path(sys.argv[1]) if len(sys.argv) > 1 else Path(folder))
    for name, ours, base, unit in found:
        bare = f"{base:>10.{base_digits}f}"
        print(f"{name:<32}{ours:>10.3f}{unit:<2}{bare}{unit:<2}{ours / base:>{ratio}}x")
