"""Benchmark: ``check_backprop`` on [20, 20, 10] against a plain float64 central-difference check.

The same correct backpropagation (Nielsen's network.py style: column vectors, one example at a
time) is checked two ways on the same random networks (3 networks, a batch of 3, sigmoid layers,
quadratic cost — check_backprop's defaults):

* ``check_backprop`` — every entry decided against float64 BP1–BP4 with a rigorous error bound
  (mpmath only where the bound is too wide), your function run in a worker process under a time
  limit; and, for information, with ``timeout=None`` (in this process, no worker);
* the baseline written here: every ∂C/∂wˡ_jk and ∂C/∂bˡ_j by a float64 central difference of the
  batch-mean cost (h = 10⁻⁶, two vectorised forward passes per parameter), compared with a
  relative tolerance of 10⁻⁶ — what ``torch.autograd.gradcheck`` or a course's gradient check does
  (and what cannot tell a rounding error from a bug).

Interleaved repeats, medians. Target: check_backprop ≤ 3× the baseline. Prints the ratio and met /
NOT met; exits 0 either way (timings are not assertions). Before this benchmark existed the check
took ~85 s here (50-digit central differences for every entry).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from _timing import interleaved_medians, machine_line, verdict

from gradproof.backprop_check import check_backprop, draw_network

SIZES = [20, 20, 10]
TRIALS, BATCH = 3, 3
REPEATS = 7
TARGET = 3.0


def _sigmoid(z: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-z))


def network_style_backprop(weights: Any, biases: Any, x: Any, y: Any) -> Any:
    """Batch-mean gradients of the quadratic cost, Nielsen's network.py style."""
    nabla_w = [np.zeros(w.shape) for w in weights]
    nabla_b = [np.zeros((b.size, 1)) for b in biases]
    for xi, yi in zip(x, y, strict=True):
        activation = xi.reshape(-1, 1)
        acts, zs = [activation], []
        for b, w in zip(biases, weights, strict=True):
            z = w @ activation + b.reshape(-1, 1)
            zs.append(z)
            activation = _sigmoid(z)
            acts.append(activation)
        s = _sigmoid(zs[-1])
        delta = (acts[-1] - yi.reshape(-1, 1)) * s * (1 - s)
        nabla_b[-1] += delta
        nabla_w[-1] += delta @ acts[-2].T
        for ell in range(2, len(weights) + 1):
            s = _sigmoid(zs[-ell])
            delta = (weights[-ell + 1].T @ delta) * s * (1 - s)
            nabla_b[-ell] += delta
            nabla_w[-ell] += delta @ acts[-ell - 1].T
    m = len(x)
    return [nw / m for nw in nabla_w], [nb / m for nb in nabla_b]


def _cost(weights: Any, biases: Any, x: Any, y: Any) -> float:
    a = x
    for w, b in zip(weights, biases, strict=True):
        a = _sigmoid(a @ w.T + b)
    return float(0.5 * np.sum((a - y) ** 2) / len(x))


def central_difference_check(fn: Any, sizes: list[int], seed: int = 0) -> bool:
    """The plain float64 gradient check: central differences, rtol 1e-6 (the baseline)."""
    rng = np.random.default_rng(seed)
    h, ok = 1e-6, True
    for _ in range(TRIALS):
        weights, biases, x, y = draw_network(sizes, rng, BATCH, "quadratic")
        got_w, got_b = fn([w.copy() for w in weights], [b.copy() for b in biases], x, y)
        for params, got in ((weights, got_w), (biases, got_b)):
            for p, g in zip(params, got, strict=True):
                g = np.asarray(g).reshape(p.shape)
                for idx in itertools.product(*(range(n) for n in p.shape)):
                    saved = p[idx]
                    p[idx] = saved + h
                    up = _cost(weights, biases, x, y)
                    p[idx] = saved - h
                    down = _cost(weights, biases, x, y)
                    p[idx] = saved
                    fd = (up - down) / (2 * h)
                    ok &= abs(fd - g[idx]) <= 1e-6 * max(abs(fd), abs(g[idx])) + 1e-9
    return ok


def main() -> None:
    print(machine_line())
    report = check_backprop(network_style_backprop, SIZES, trials=TRIALS, batch=BATCH)
    baseline_ok = central_difference_check(network_style_backprop, SIZES)
    cases = {
        "check_backprop": lambda: check_backprop(
            network_style_backprop, SIZES, trials=TRIALS, batch=BATCH
        ),
        "check_backprop, timeout=None": lambda: check_backprop(
            network_style_backprop, SIZES, trials=TRIALS, batch=BATCH, timeout=None
        ),
        "float64 central differences": lambda: central_difference_check(
            network_style_backprop, SIZES
        ),
    }
    med = interleaved_medians(cases, REPEATS)
    ratio = med["check_backprop"] / med["float64 central differences"]
    print(
        f"check_backprop on {SIZES} ({TRIALS} networks × batch {BATCH}, "
        f"{report.entries_checked} entries), median of {REPEATS} interleaved runs:"
    )
    for name, seconds in med.items():
        print(f"  {name:<32} {seconds * 1000:8.1f} ms")
    print(
        f"  verdicts: check_backprop {'PASSED' if report.ok else 'FAILED'} "
        f"({report.high_precision_entries} entries needed mpmath); central differences "
        f"{'agree' if baseline_ok else 'DISAGREE'}"
    )
    print(
        f"verdict: check_backprop ≤ {TARGET:g}× the float64 central-difference check: "
        f"{verdict(ratio <= TARGET)} ({ratio:.2f}×; in-process "
        f"{med['check_backprop, timeout=None'] / med['float64 central differences']:.2f}×)"
    )


if __name__ == "__main__":
    main()
