"""check_backprop on deep chains: the reference resolves tolerances far below 10⁻³⁰.

A chain of sigmoid layers multiplies the gradient by σ′ ≤ 1/4 per layer, so in a chain of 30 the
first layer's gradient is ~10⁻²⁰ or less and its float64 tolerance ~10⁻³⁶. Central differences
at a fixed 50 digits (h = 10⁻²⁰) carry a rounding error of ~10⁻³⁰ × the cost: they could not tell
a correct backprop from a wrong one there — a correct implementation used to stop the check with
"internal error: BP1–BP4 and the 50-digit differences disagree". The legacy central differences'
digits grow with the smallest tolerance (reference_digits); check_backprop itself now decides
such entries in float64, its error bound being relative to each entry's own magnitude. The
backprop under test is written here by hand (not taken from gradproof).
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import pytest

from gradproof.backprop_check import (
    MP_DIGITS,
    check_backprop,
    mp_finite_difference_gradients,
    random_network,
    reference_digits,
)

DEEP = [1] * 30  # 29 sigmoid layers of one neuron


def _sig(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def backprop(weights: Any, biases: Any, x: Any, y: Any, first_layer_factor: float = 1.0) -> Any:
    """Batch-mean gradients of the quadratic cost (one example per row), by hand."""
    acts, zs = [x], []
    for w, b in zip(weights, biases, strict=True):
        zs.append(acts[-1] @ w.T + b)
        acts.append(_sig(zs[-1]))
    delta = (acts[-1] - y) * _sig(zs[-1]) * (1 - _sig(zs[-1]))
    m = x.shape[0]
    gw: list[Any] = [None] * len(weights)
    gb: list[Any] = [None] * len(weights)
    for layer in range(len(weights) - 1, -1, -1):
        gb[layer] = delta.sum(axis=0) / m
        gw[layer] = delta.T @ acts[layer] / m
        if layer:
            s = _sig(zs[layer - 1])
            delta = (delta @ weights[layer]) * s * (1 - s)
    gw[0] = gw[0] * first_layer_factor
    return gw, gb


def test_a_correct_backprop_on_a_deep_chain_passes() -> None:
    report = check_backprop(backprop, DEEP, trials=1)
    assert report.ok, str(report)
    # the float64 reference's bound is relative to the entries' own magnitudes: tiny
    # first-layer gradients are decided without more digits
    assert report.entries_checked == 2 * 29


def test_a_one_in_a_million_error_in_the_first_layer_of_a_deep_chain_is_found() -> None:
    report = check_backprop(
        lambda w, b, x, y: backprop(w, b, x, y, first_layer_factor=1 + 1e-6), DEEP, trials=1
    )
    assert not report.ok and report.mismatch is not None, str(report)
    assert (report.mismatch.layer, report.mismatch.parameter) == (1, "weights")
    assert "float64 BP1–BP4" in str(report)


def test_the_reference_digits_grow_with_the_smallest_tolerance() -> None:
    assert reference_digits(1e-20, 1.0, 10) == MP_DIGITS
    # error 10^(−3d/5)·|C|·ops must be 10⁻⁸ below 10⁻⁴⁰: d ≥ (1 + 40 + 8)·5/3
    assert reference_digits(1e-40, 1.0, 10) >= 82


@pytest.mark.parametrize("digits", [MP_DIGITS, 90])
def test_the_deep_reference_matches_an_independent_derivative(digits: int) -> None:
    rng = np.random.default_rng(3)
    w, b, x, y = random_network([1] * 12, rng, 1)
    fd_w, _ = mp_finite_difference_gradients(w, b, x, y, "quadratic", digits)
    with mpmath.workdps(120):  # ∂C/∂w¹ by mpmath's own differentiation of the forward pass

        def cost(w1: object) -> object:
            a = mpmath.mpf(float(x[0, 0]))
            for k, (wk, bk) in enumerate(zip(w, b, strict=True)):
                weight = w1 if k == 0 else mpmath.mpf(float(wk[0, 0]))
                a = 1 / (1 + mpmath.exp(-(weight * a + mpmath.mpf(float(bk[0])))))
            return (a - mpmath.mpf(float(y[0, 0]))) ** 2 / 2

        exact = mpmath.diff(cost, mpmath.mpf(float(w[0][0, 0])))
    assert abs(fd_w[0][0, 0] - float(exact)) <= 1e-12 * abs(float(exact))
