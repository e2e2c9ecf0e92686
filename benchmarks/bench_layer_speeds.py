"""Benchmark: the layer-speed training run and experiment against fair baselines.

Times, in one run on this machine (interleaved repeats, medians):

1. the book's 4-hidden-layer run (Nielsen ch. 5): a [784, 30, 30, 30, 30, 10] network, 1,000
   images as one batch, 500 epochs of gradient descent recording ‖δˡ‖ before every update, with
   :func:`gradproof.numerics.network.train_recording_speeds` (whole batch per matrix product);
2. the baseline a competent user would write: a plain per-example loop as in Nielsen's
   ``network2.py`` (:func:`nielsen_epoch`: column vectors, ``np.dot``, the sigmoid by
   ``1/(1 + np.exp(−z))``, no input validation), BLAS at one thread — only :data:`LOOP_EPOCHS`
   epochs are timed and scaled to the run's 501 gradient evaluations (the work per epoch is the
   same every epoch; the output says so);
3. the experiment (``gradproof experiment layer-speeds``): :data:`EXP_SEEDS` seeds ×
   :data:`EXP_EPOCHS` epochs, sequential (``jobs=1``) against one process per core;
4. a large float64 ``np.matmul`` (2000 × 2000) for the machine's matrix-multiply rate, with one
   BLAS thread and with all threads: the matmul-bound floor of a run is its floating-point
   operations in matrix products (:func:`flops_per_epoch`) divided by that rate.

Targets (issue "Speed"): vectorised ≥ 17× the Nielsen loop (a fair baseline halves the old 34×
claim, made against a loop that validated every call); the parallel experiment ≤ 0.6× the
sequential one and ≤ 2.5× the whole-machine matmul floor. Data: MNIST if already in the cache
(never downloaded here), else scikit-learn's digits upscaled to 784 inputs — the work is the same.
"""

from __future__ import annotations

import itertools
import statistics
import time
from typing import Any

import numpy as np
from _timing import interleaved_medians, machine_line, verdict

from gradproof.numerics.digits_data import DataUnavailableError, embedded_digits, load_mnist
from gradproof.numerics.layer_speeds import run_layer_speeds
from gradproof.numerics.network import Network, single_blas_thread, train_recording_speeds
from gradproof.runner import default_jobs

SIZES = (784, 30, 30, 30, 30, 10)
EPOCHS = 500
IMAGES = 1000
LOOP_EPOCHS = 3
EXP_SEEDS = 4
EXP_EPOCHS = 250
REPEATS = 3


def _nielsen_sigmoid(z: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-z))


def nielsen_backprop(
    weights: list[Any], biases: list[Any], x: Any, y: Any
) -> tuple[list[Any], list[Any]]:
    """∂C/∂b, ∂C/∂W for one input (column vectors), cross-entropy cost, as ``network2.py``
    structures it: a forward pass storing z and a, δᴸ = aᴸ − y, then δ back layer by layer."""
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(biases, weights, strict=True):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = _nielsen_sigmoid(z)
        activations.append(activation)
    delta = activations[-1] - y
    nabla_b[-1] = delta
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())
    for layer in range(2, len(weights) + 1):
        s = _nielsen_sigmoid(zs[-layer])
        delta = np.dot(weights[-layer + 1].transpose(), delta) * (s * (1 - s))
        nabla_b[-layer] = delta
        nabla_w[-layer] = np.dot(delta, activations[-layer - 1].transpose())
    return nabla_b, nabla_w


def nielsen_epoch(
    weights: list[Any], biases: list[Any], xs: list[Any], ys: list[Any], eta: float, lmbda: float
) -> list[float]:
    """One full-batch update as ``network2.update_mini_batch`` does it (sum the per-example
    gradients, L2 decay, step), returning the hidden layers' ‖δˡ‖ before the update."""
    n = len(xs)
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    for x, y in zip(xs, ys, strict=True):
        db, dw = nielsen_backprop(weights, biases, x, y)
        nabla_b = [nb + d for nb, d in zip(nabla_b, db, strict=True)]
        nabla_w = [nw + d for nw, d in zip(nabla_w, dw, strict=True)]
    speeds = [float(np.linalg.norm(nb / n)) for nb in nabla_b[:-1]]
    for k in range(len(weights)):
        weights[k] = (1 - eta * lmbda / n) * weights[k] - (eta / n) * nabla_w[k]
        biases[k] = biases[k] - (eta / n) * nabla_b[k]
    return speeds


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
    cores = default_jobs()
    print(machine_line())
    print(f"data: {data.source}; network {list(SIZES)}; one batch of {len(data)}")

    # 1 and 2: one training run, vectorised vs the Nielsen-style loop (one BLAS thread both)
    def vectorised() -> None:
        net = Network.initialise(SIZES, np.random.default_rng(0))
        train_recording_speeds(net, x, y, EPOCHS)

    def loop_epochs() -> None:
        net = Network.initialise(SIZES, np.random.default_rng(0))
        weights = [w.copy() for w in net.weights]
        biases = [b.reshape(-1, 1).copy() for b in net.biases]
        xs = [row.reshape(-1, 1) for row in x]
        ys = [row.reshape(-1, 1) for row in y]
        with single_blas_thread():
            for _ in range(LOOP_EPOCHS):
                nielsen_epoch(weights, biases, xs, ys, 0.1, 5.0)

    t = interleaved_medians({"fast": vectorised, "loop": loop_epochs}, REPEATS, warmup=False)
    fast = t["fast"]
    loop_per_epoch = t["loop"] / LOOP_EPOCHS
    loop = loop_per_epoch * (EPOCHS + 1)
    speedup = loop / fast

    # 3: the experiment, sequential vs one process per core
    seq: list[float] = []
    par: list[float] = []
    for _ in range(REPEATS):
        for jobs, out in ((1, seq), (cores, par)):
            start = time.perf_counter()
            run_layer_speeds(SIZES, data, seeds=EXP_SEEDS, epochs=EXP_EPOCHS, jobs=jobs)
            out.append(time.perf_counter() - start)
    t_seq, t_par = statistics.median(seq), statistics.median(par)

    # 4: matmul rates and floors
    with single_blas_thread():
        rate_1 = matmul_gflops()
    rate_all = matmul_gflops()
    flops = flops_per_epoch(SIZES, len(data)) * (EPOCHS + 1)
    floor_1 = flops / (rate_1 * 1e9)
    exp_flops = flops_per_epoch(SIZES, len(data)) * (EXP_EPOCHS + 1) * EXP_SEEDS
    exp_floor_all = exp_flops / (rate_all * 1e9)

    print(f"medians of {REPEATS} interleaved repeats:")
    per_epoch = fast / (EPOCHS + 1) * 1e3
    print(f"  vectorised, {EPOCHS} epochs:           {fast:8.2f} s  ({per_epoch:.2f} ms/epoch)")
    print(
        f"  Nielsen-style loop, {EPOCHS} epochs:   {loop:8.2f} s  (scaled from {LOOP_EPOCHS} timed "
        f"epochs, {loop_per_epoch * 1e3:.1f} ms/epoch; the work is the same every epoch)"
    )
    print(f"  speed-up vectorised / Nielsen loop: {speedup:6.1f}×   (target ≥ 17×)")
    print(
        f"  experiment, {EXP_SEEDS} seeds × {EXP_EPOCHS} epochs: sequential {t_seq:.2f} s, "
        f"{cores} processes {t_par:.2f} s: ratio {t_par / t_seq:.2f}×  (target ≤ 0.6×)"
    )
    print(
        f"  np.matmul 2000² float64: {rate_1:.1f} GFLOP/s (1 BLAS thread), {rate_all:.1f} GFLOP/s "
        "(all threads)"
    )
    print(
        f"  one run: {flops / 1e9:.1f} GFLOP in matrix products, floor {floor_1:.2f} s on one "
        f"core: run / floor = {fast / floor_1:.2f}×"
    )
    print(
        f"  experiment: {exp_flops / 1e9:.1f} GFLOP, whole-machine floor {exp_floor_all:.2f} s: "
        f"parallel / floor = {t_par / exp_floor_all:.2f}×  (target ≤ 2.5×)"
    )
    print(
        f"verdict: speed-up ≥ 17×: {verdict(speedup >= 17)} ({speedup:.1f}×); experiment "
        f"parallel ≤ 0.6× sequential: {verdict(t_par / t_seq <= 0.6)} ({t_par / t_seq:.2f}×); "
        f"≤ 2.5× the whole-machine floor: {verdict(t_par / exp_floor_all <= 2.5)} "
        f"({t_par / exp_floor_all:.2f}×)"
    )


if __name__ == "__main__":
    main()
