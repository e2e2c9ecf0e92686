"""Benchmark the verified formulas against baselines measured in the same run.

1. ``sigmoid_prime`` on 10⁷ and on 3·10⁴ float64 (one layer of the training run) against what
   a competent user would write: SciPy's one-call composite ``s = expit(z); s * (1 - s)`` (one
   ``expit``, the fair SciPy baseline), the np.exp
   forms ``e = np.exp(-np.abs(z)); e / (1 + e)**2`` (stable, even function) and
   ``e = np.exp(-z); e / (1 + e)**2`` (naive, overflows for z < −709), and, for reference only,
   ``expit(z) * (1 - expit(z))`` (two ``expit`` calls: not a fair baseline). Interleaved repeats,
   medians. Target: ≤ 1.2× the one-call SciPy composite. ``sigmoid`` against ``expit`` too.
2. Import time of ``gradproof.numerics.formulas`` vs ``import numpy`` alone, each in fresh
   subprocesses, median of repeated runs, with the bytecode cache a normal install has (and,
   for reference, without it, as under ``PYTHONDONTWRITEBYTECODE=1``). Target: ≤ 1.2×.

Prints ratios (lower is better for gradproof) and met / NOT met; exits 0 either way — timings
are not assertions. ``make bench`` runs every bench_*.py.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable

import numpy as np
from _timing import interleaved_medians, machine_line, verdict

N = 10_000_000
N_SMALL = 30_000
REPEATS = 9
IMPORT_RUNS = 21
TARGET = 1.2


def bench_sigmoid_prime(n: int = N, calls: int = 1) -> float:
    """Time σ′ and its baselines on ``n`` values (``calls`` evaluations per timing); returns the
    ratio ours / the one-call SciPy composite."""
    from scipy.special import expit

    from gradproof.numerics.formulas import sigmoid, sigmoid_prime

    z = np.random.default_rng(0).uniform(-30.0, 30.0, n)

    def repeated(f: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            for _ in range(calls):
                f()
            return None

        return run

    def scipy_one_call() -> object:
        s = expit(z)
        return s * (1 - s)

    def scipy_two_calls() -> object:
        return expit(z) * (1 - expit(z))

    def np_exp_stable() -> object:
        e = np.exp(-np.abs(z))
        return e / (1 + e) ** 2

    def np_exp_naive() -> object:
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(-z)
            return e / (1 + e) ** 2

    cases = {
        "ours": lambda: sigmoid_prime(z),
        "scipy1": scipy_one_call,
        "stable": np_exp_stable,
        "naive": np_exp_naive,
        "scipy2": scipy_two_calls,
        "sigmoid": lambda: sigmoid(z),
        "expit": lambda: expit(z),
    }
    t = interleaved_medians({k: repeated(f) for k, f in cases.items()}, REPEATS)
    t = {k: v / calls for k, v in t.items()}
    r = t["ours"] / t["scipy1"]
    print(f"sigmoid_prime on {n:.0e} float64 values in [−30, 30], median of {REPEATS} interleaved:")
    print(f"  gradproof.sigmoid_prime                  {t['ours'] * 1e3:9.3f} ms")
    for key, label in (
        ("scipy1", "scipy: s = expit(z); s*(1-s)  (1 call) "),
        ("stable", "np.exp(-|z|): e/(1+e)**2 (stable)      "),
        ("naive", "np.exp(-z):   e/(1+e)**2 (naive)       "),
    ):
        print(f"  {label}  {t[key] * 1e3:9.3f} ms   ratio ours/this {t['ours'] / t[key]:5.2f}x")
    print(
        "  scipy expit(z)*(1-expit(z)) (2 calls; reference, not a fair baseline) "
        f"{t['scipy2'] * 1e3:.3f} ms"
    )
    print(
        f"  gradproof.sigmoid {t['sigmoid'] * 1e3:.3f} ms vs scipy expit {t['expit'] * 1e3:.3f} "
        f"ms: ratio {t['sigmoid'] / t['expit']:.2f}x"
    )
    print(
        f"verdict ({n:.0e} values): sigmoid_prime ≤ {TARGET}× the one-call SciPy composite: "
        f"{verdict(r <= TARGET)} ({r:.2f}×)"
    )
    return r


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
    t_numpy, t_formulas = cases["bytecode cached (as installed)"]
    print(
        f"verdict: import ≤ {TARGET}× numpy (bytecode cached): "
        f"{verdict(t_formulas / t_numpy <= TARGET)} ({t_formulas / t_numpy:.2f}×)"
    )


if __name__ == "__main__":
    print(machine_line())
    large = bench_sigmoid_prime(N, 1)
    small = bench_sigmoid_prime(N_SMALL, 100)
    print(
        f"σ′ / one-call SciPy composite: {large:.2f}× on {N:.0e} values, {small:.2f}× on "
        f"{N_SMALL:.0e} (a layer of the training run). Ours is compensated to ≤ 4 ulp (the "
        "composites lose accuracy where σ is near 1: 1 − s cancels) and runs block by block, "
        "so its temporaries stay in cache where the composites' full-size ones do not"
    )
    bench_import()
