"""Benchmark: the layer-speed training run, vectorised vs the textbook per-example loop.

Times, in one run on this machine:

1. the book's 4-hidden-layer run (Nielsen ch. 5): a [784, 30, 30, 30, 30, 10] network, 1,000
   images as one batch, 500 epochs of gradient descent recording ‖δˡ‖ before every update, with
   :func:`gradproof.numerics.network.train_recording_speeds` (whole batch per matrix product),
   also recording the norm-bound ratios as the experiment does (the same run without them is
   timed too, for the overhead);
2. the same epochs with the textbook structure (:func:`per_example_gradients`: one image at a
   time, column vectors, a Python loop, also one BLAS thread) — only the first
   :data:`LOOP_EPOCHS` epochs are timed and the time is scaled to the run's gradient evaluations
   (the shapes and the number of Python iterations, hence the work, are the same every epoch;
   the output says so next to the number);
3. a large float64 ``np.matmul`` (2000 × 2000) for the machine's matrix-multiply rate, with one
   BLAS thread (what the training uses) and with all threads.

It prints the speed-up (target ≥ 20×) and the achieved GFLOP/s of run 1 against the matmul rate:
the matmul-bound floor is the run's floating-point operations in matrix products
(:func:`flops_per_epoch` × the 501 gradient evaluations) divided by the matmul rate (target:
within 3× of it). Both floors are printed with a plain verdict: the one-core floor (the run is
single-threaded by design) and the whole-machine floor (all cores), which thin products with a
side of 30 do not approach. Data: MNIST if already in the cache (never downloaded here), else
scikit-learn's digits upscaled to 784 inputs — the work is the same.
"""

from __future__ import annotations

import itertools
import os
import time

import numpy as np

from gradproof.numerics.digits_data import DataUnavailableError, embedded_digits, load_mnist
from gradproof.numerics.network import (
    BoundRecord,
    Network,
    per_example_gradients,
    single_blas_thread,
    train_recording_speeds,
)

SIZES = (784, 30, 30, 30, 30, 10)
EPOCHS = 500
IMAGES = 1000
LOOP_EPOCHS = 3


def flops_per_epoch(sizes: tuple[int, ...], n: int) -> int:
    """Floating-point operations (2 per multiply-add) of the matrix products in one epoch:
    forward z = aWᵀ, weight gradient δᵀa, and δ Wˡ for every layer but the first."""
    pairs = list(itertools.pairwise(sizes))
    forward = sum(2 * n * i * o for i, o in pairs)
    weight_grads = forward
    backward_deltas = sum(2 * n * i * o for i, o in pairs[1:])
    return forward + weight_grads + backward_deltas


def matmul_gflops(size: int = 2000, repeats: int = 3) -> float:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size))
    b = rng.standard_normal((size, size))
    a @ b  # warm-up
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _timed(f: object) -> float:
    start = time.perf_counter()
    f()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    try:
        data = load_mnist(None, IMAGES, download=False)
    except (DataUnavailableError, ValueError):
        data = embedded_digits(IMAGES, 784)
    x, y = data.images, data.targets
    print(f"data: {data.source}; network {list(SIZES)}; {EPOCHS} epochs, one batch of {len(data)}")
    print(
        "BLAS env: OPENBLAS_CORETYPE="
        f"{os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, cores: {os.cpu_count()}"
    )
    if hasattr(os, "getloadavg"):
        load = os.getloadavg()[0]
        print(
            f"load average (1 min) at start: {load:.1f} on {os.cpu_count()} cores"
            + (" — a busy machine: the timings below are slower and noisier" if load > 1 else "")
        )

    net = Network.initialise(SIZES, np.random.default_rng(0))
    bounds = BoundRecord.empty(EPOCHS, len(SIZES) - 2)
    start = time.perf_counter()
    speeds = train_recording_speeds(net, x, y, EPOCHS, bounds=bounds)
    fast = time.perf_counter() - start  # what the experiment runs: speeds and the bound ratios
    assert speeds.shape == (EPOCHS + 1, len(SIZES) - 2)
    assert bounds.ratio_max.max() <= 1.0, "a bound ratio above 1: a bug"
    net = Network.initialise(SIZES, np.random.default_rng(0))
    start = time.perf_counter()
    plain = train_recording_speeds(net, x, y, EPOCHS)
    no_bounds = time.perf_counter() - start
    assert np.array_equal(plain, speeds)
    net = Network.initialise(SIZES, np.random.default_rng(0))
    start = time.perf_counter()
    threaded = train_recording_speeds(net, x, y, EPOCHS, one_blas_thread=False)
    fast_threaded = time.perf_counter() - start
    assert np.allclose(threaded, speeds, rtol=1e-9)

    loop_net = Network.initialise(SIZES, np.random.default_rng(0))
    start = time.perf_counter()
    with single_blas_thread():
        for _ in range(LOOP_EPOCHS):
            grads = per_example_gradients(loop_net, x, y)
            grads.hidden_speeds()
            loop_net.update(grads, 0.1, 5.0, len(data))
    loop_per_epoch = (time.perf_counter() - start) / LOOP_EPOCHS
    loop = loop_per_epoch * (EPOCHS + 1)  # the same 501 gradient evaluations as run 1

    with single_blas_thread():
        rate_1 = matmul_gflops()
    rate_all = matmul_gflops()
    flops = flops_per_epoch(SIZES, len(data)) * (EPOCHS + 1)
    achieved = flops / fast / 1e9
    floor_1 = flops / (rate_1 * 1e9)
    floor_all = flops / (rate_all * 1e9)

    print(
        f"vectorised, {EPOCHS} epochs:        {fast:8.2f} s  "
        f"({fast / (EPOCHS + 1) * 1e3:.2f} ms/epoch)"
    )
    print(
        f"per-example loop, {EPOCHS} epochs:  {loop:8.2f} s  "
        f"(extrapolated from {LOOP_EPOCHS} timed epochs, {loop_per_epoch * 1e3:.1f} ms/epoch; "
        "the work per epoch is the same every epoch)"
    )
    print(
        f"  of which the bound ratios (spectral norms once per epoch per layer, per-example norms "
        f"vectorised): run without them {no_bounds:.2f} s, overhead {fast / no_bounds - 1:+.0%}"
    )
    print(
        f"vectorised, BLAS threads unrestricted: {fast_threaded:6.2f} s  (the default limits BLAS "
        "to one thread: thin products gain little from more, and lose a lot on a busy machine)"
    )
    print(f"speed-up vectorised / per-example: {loop / fast:6.1f}×   (target ≥ 20×)")
    print(
        f"matrix products: {flops / 1e9:.1f} GFLOP in the run → {achieved:.1f} GFLOP/s achieved; "
        f"np.matmul 2000² float64: {rate_1:.1f} GFLOP/s (1 BLAS thread), {rate_all:.1f} GFLOP/s "
        "(all threads)"
    )
    print(
        f"matmul-bound floor: {floor_1:.2f} s (1 thread), {floor_all:.2f} s (all threads); "
        f"run / floor = {fast / floor_1:.2f}× (1 thread), {fast / floor_all:.2f}× (all threads)"
        "   (target ≤ 3×)"
    )
    best = min(fast, fast_threaded)
    print(
        f"verdict: speed-up {loop / fast:.1f}× ≥ 20×: {'met' if loop / fast >= 20 else 'NOT met'}; "
        f"within 3× of the one-core floor: {'met' if fast / floor_1 <= 3 else 'NOT met'} "
        f"({fast / floor_1:.2f}×); within 3× of the whole-machine floor ({os.cpu_count()} cores): "
        f"{'met' if best / floor_all <= 3 else 'NOT met'} ({best / floor_all:.2f}×, faster of "
        "the one-thread and all-thread runs). The run uses one core by design, so the one-core "
        "floor is its own bound; the all-core floor is the machine's, which thin products "
        "(one side 30) do not approach"
    )


if __name__ == "__main__":
    main()
