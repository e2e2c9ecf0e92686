"""Benchmark the verified formulas against baselines measured in the same run.

1. ``sigmoid_prime`` on 10⁷ float64 vs SciPy's ``expit(z) * (1 - expit(z))`` and vs the naive
   ``exp(-z) / (1 + exp(-z))**2`` (best of several repeats). Target: ≤ 1.2× the SciPy composite.
2. Import time of ``gradproof.numerics.formulas`` vs ``import numpy`` alone, each in fresh
   subprocesses, median of repeated runs, with the bytecode cache a normal install has (and,
   for reference, without it, as under ``PYTHONDONTWRITEBYTECODE=1``). Target: ≤ 1.2×.

Prints ratios (lower is better for gradproof); exits 0 either way — timings are not assertions.
Run with ``python benchmarks/bench_formulas.py`` (``make bench`` runs every bench_*.py).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import numpy as np

N = 10_000_000
REPEATS = 7
IMPORT_RUNS = 21


def best_of(func: Callable[[], object], repeats: int = REPEATS) -> float:
    """Best wall-clock seconds of ``repeats`` calls (after one warm-up call)."""
    func()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_sigmoid_prime() -> None:
    from scipy.special import expit

    from gradproof.numerics.formulas import sigmoid_prime

    z = np.random.default_rng(0).uniform(-30.0, 30.0, N)

    def scipy_composite() -> object:
        return expit(z) * (1 - expit(z))

    def naive() -> object:
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(-z)
            return e / (1 + e) ** 2

    def ours() -> object:
        return sigmoid_prime(z)

    t_scipy = best_of(scipy_composite)
    t_naive = best_of(naive)
    t_ours = best_of(ours)
    print(f"sigmoid_prime on {N:.0e} float64 values, best of {REPEATS}:")
    print(f"  gradproof.sigmoid_prime        {t_ours * 1e3:8.1f} ms")
    print(f"  scipy expit(z)*(1-expit(z))    {t_scipy * 1e3:8.1f} ms")
    print(f"  naive exp(-z)/(1+exp(-z))**2   {t_naive * 1e3:8.1f} ms")
    print(f"  ratio gradproof / scipy        {t_ours / t_scipy:8.2f}x  (target <= 1.2x)")
    print(f"  ratio gradproof / naive        {t_ours / t_naive:8.2f}x")


def import_seconds(statement: str, env: dict[str, str]) -> float:
    """Seconds ``statement`` takes in a fresh interpreter (interpreter start-up excluded)."""
    code = f"import time; s = time.perf_counter(); {statement}; print(time.perf_counter() - s)"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    return float(out.stdout.strip())


def median_import_ratio(env: dict[str, str]) -> tuple[float, float]:
    """Median seconds of ``import numpy`` and of the formulas module, interleaved runs."""
    for statement in ("import numpy", "import gradproof.numerics.formulas"):
        import_seconds(statement, env)  # warm-up: file cache, and the bytecode cache if enabled
    numpy_times, formulas_times = [], []
    for _ in range(IMPORT_RUNS):  # interleaved, so drifts in machine load hit both alike
        numpy_times.append(import_seconds("import numpy", env))
        formulas_times.append(import_seconds("import gradproof.numerics.formulas", env))
    return statistics.median(numpy_times), statistics.median(formulas_times)


def bench_import() -> None:
    # As installed, Python caches bytecode; a PYTHONDONTWRITEBYTECODE environment recompiles every
    # .py file not already compiled at each start. Measure the installed case with a throw-away
    # cache (PYTHONPYCACHEPREFIX, so the source tree stays clean) and show the other for reference.
    with tempfile.TemporaryDirectory() as cache:
        cached_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached_env["PYTHONPYCACHEPREFIX"] = cache
        cases = {
            "bytecode cached (as installed)": median_import_ratio(cached_env),
            "no bytecode cache (recompiles)": median_import_ratio(
                {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
            ),
        }
    print(f"import time, median of {IMPORT_RUNS} fresh interpreters each:")
    for label, (t_numpy, t_formulas) in cases.items():
        print(f"  {label}:")
        print(f"    import numpy                          {t_numpy * 1e3:7.1f} ms")
        print(f"    import gradproof.numerics.formulas    {t_formulas * 1e3:7.1f} ms")
        print(f"    ratio formulas / numpy                {t_formulas / t_numpy:7.2f}x")
    print("  target <= 1.2x (bytecode cached)")


if __name__ == "__main__":
    bench_sigmoid_prime()
    bench_import()
