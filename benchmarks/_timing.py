"""Shared timing helpers of the benchmarks: interleaved repeats, medians, plain verdicts.

Every benchmark measures its baseline in the same run as the thing it compares, interleaving
the repeats (A, B, A, B, …) so a change in machine load hits both alike, and reports medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence


def interleaved_medians(
    cases: dict[str, Callable[[], object]], repeats: int, warmup: bool = True
) -> dict[str, float]:
    """Median wall seconds of each case over ``repeats`` rounds, the cases interleaved."""
    if warmup:
        for f in cases.values():
            f()
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(repeats):
        for name, f in cases.items():
            start = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()}


def run_seconds(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of a subprocess (output discarded); raises if it fails."""
    start = time.perf_counter()
    subprocess.run(list(argv), check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def machine_line() -> str:
    """Cores and the load average at the start (timings on a busy machine are slower)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    line = f"machine: {cores} cores"
    if hasattr(os, "getloadavg"):
        load = os.getloadavg()[0]
        line += f", load average (1 min) {load:.1f}"
        if cores and load > 0.5 * cores:
            line += " — a busy machine: timings are slower and noisier than on a quiet one"
    return line


BIN = os.path.dirname(sys.executable)
