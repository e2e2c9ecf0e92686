"""The verified formulas (``gradproof.numerics.formulas``): accuracy against mpmath at 50 digits,
limits, stability, bad input and the light import.

Every expected value here comes from an independent computation: mpmath at 50 (or more) digits
of the textbook definition, high-precision numerical differentiation, or the sources' numbers.
The comparison with each claim's SymPy expression is in ``tests/test_formulas_claims.py``.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np
import pytest
from _accuracy import ulp_errors
from hypothesis import example, given
from hypothesis import strategies as st

import gradproof
from gradproof.numerics import formulas as fm

EPS = 2.0**-52
mpf = mpmath.mpf


# ------------------------------------------------------------------ helpers


def sigma_mp(x: Any) -> Any:
    """σ(x) = 1/(1 + e^{−x}) in mpmath (the caller sets the precision)."""
    return 1 / (1 + mpmath.exp(-x))


def digits_for(z: float) -> int:
    """Working digits so that 1 − σ(z) keeps 50 digits: e^{−|z|} is |z|/ln 10 digits down."""
    return 50 + int(abs(z) / 2.3) + 5


def sample_points() -> np.ndarray:
    """z in [−700, 700]: uniform, dense near 0, log-spaced magnitudes, and the edges."""
    rng = np.random.default_rng(20261122)
    magnitudes = 10.0 ** rng.uniform(-300, math.log10(700), 400)
    pts = np.concatenate(
        [
            rng.uniform(-700, 700, 600),
            rng.uniform(-40, 40, 600),
            rng.uniform(-1, 1, 200),
            magnitudes * rng.choice([-1.0, 1.0], magnitudes.size),
            [0.0, -0.0, 5e-324, -5e-324, 1e-300, 1.0, -1.0, 36.7, -36.7, 700.0, -700.0],
        ]
    )
    return pts


POINTS = sample_points()


# ------------------------------------------------------------------ sigmoid, sigmoid_prime


def test_sigmoid_within_4_ulp_of_mpmath_on_minus_700_to_700() -> None:
    with mpmath.workdps(50):
        reference = [sigma_mp(mpf(float(x))) for x in POINTS]
    errors = ulp_errors(fm.sigmoid(POINTS), reference)
    assert errors.max() <= 4.0, f"worst {errors.max():.2f} ulp at z = {POINTS[errors.argmax()]!r}"


def test_sigmoid_prime_within_4_ulp_of_mpmath_on_minus_700_to_700() -> None:
    # reference in a form the implementation does not use: σ′(z) = 1/(4 cosh²(z/2))
    with mpmath.workdps(50):
        reference = [1 / (4 * mpmath.cosh(mpf(float(x)) / 2) ** 2) for x in POINTS]
    errors = ulp_errors(fm.sigmoid_prime(POINTS), reference)
    assert errors.max() <= 4.0, f"worst {errors.max():.2f} ulp at z = {POINTS[errors.argmax()]!r}"


@pytest.mark.skipif(
    np.finfo(np.longdouble).nmant < 63, reason="needs an 80-bit (or wider) long double reference"
)
def test_sigmoid_and_prime_within_4_ulp_at_two_million_points_against_long_double() -> None:
    # a dense scan (the mpmath tests above use ~1,800 points): with 11 extra bits the long double
    # reference is good to ~1/1000 ulp of float64, enough to measure errors in ulps
    rng = np.random.default_rng(99)
    z = np.concatenate([rng.uniform(-700, 700, 1_000_000), rng.uniform(-40, 40, 1_000_000)])
    zl = z.astype(np.longdouble)
    t = np.exp(-np.abs(zl))
    ref_prime = t / (1 + t) ** 2
    ref_sigma = np.where(zl >= 0, 1 / (1 + t), t / (1 + t))
    for got, ref in ((fm.sigmoid_prime(z), ref_prime), (fm.sigmoid(z), ref_sigma)):
        spacing = np.spacing(ref.astype(np.float64)).astype(np.longdouble)
        worst = np.max(np.abs(got.astype(np.longdouble) - ref) / spacing)
        assert worst <= 4.0, f"worst {float(worst):.2f} ulp"


def test_sigmoid_prime_matches_mpmath_numerical_derivative() -> None:
    points = np.array([-30.0, -5.5, -1.0, -1e-3, 0.0, 0.25, 2.0, 9.0, 45.0])
    with mpmath.workdps(60):
        reference = [mpmath.diff(sigma_mp, mpf(float(x))) for x in points]
    errors = ulp_errors(fm.sigmoid_prime(points), reference)
    assert errors.max() <= 4.0


def test_sigmoid_and_prime_limits_at_infinity_and_zero() -> None:
    assert fm.sigmoid(np.inf) == 1.0
    assert fm.sigmoid(-np.inf) == 0.0
    assert fm.sigmoid(0.0) == 0.5
    assert fm.sigmoid_prime(np.inf) == 0.0
    assert fm.sigmoid_prime(-np.inf) == 0.0
    assert fm.sigmoid_prime(0.0) == 0.25
    assert fm.sigmoid_prime(-0.0) == 0.25


def test_sigmoid_prime_never_exceeds_a_quarter_near_zero() -> None:
    z = np.concatenate([np.linspace(-1e-6, 1e-6, 20001), np.linspace(-1e-2, 1e-2, 20001)])
    assert np.all(fm.sigmoid_prime(z) <= 0.25)


def test_float32_input_keeps_float32_and_its_accuracy() -> None:
    z32 = np.linspace(-80, 80, 1601, dtype=np.float32)
    got = fm.sigmoid_prime(z32)
    assert got.dtype == np.float32
    assert fm.sigmoid(z32).dtype == np.float32
    with mpmath.workdps(30):
        reference = np.array([float(1 / (4 * mpmath.cosh(mpf(float(x)) / 2) ** 2)) for x in z32])
    spacing = np.spacing(reference.astype(np.float32)).astype(np.float64)
    assert np.max(np.abs(got.astype(np.float64) - reference) / spacing) <= 4.0


def test_scalars_give_numpy_scalars_and_arrays_keep_their_shape() -> None:
    assert isinstance(fm.sigmoid(1.0), np.floating)
    assert isinstance(fm.sigmoid_prime(1), np.floating)
    assert fm.sigmoid_prime(np.zeros((2, 3))).shape == (2, 3)
    assert fm.gain(np.zeros((2, 1)), np.zeros(3), 0.0).shape == (2, 3)


def test_input_array_is_not_modified() -> None:
    z = np.array([-3.0, 0.0, 5.0])
    before = z.copy()
    fm.sigmoid(z)
    fm.sigmoid_prime(z)
    np.testing.assert_array_equal(z, before)


@given(st.floats(allow_nan=False))
@example(0.0)
@example(710.0)
@example(-745.2)
def test_sigmoid_of_z_plus_sigmoid_of_minus_z_is_one(z: float) -> None:
    total = float(fm.sigmoid(z)) + float(fm.sigmoid(-z))
    assert abs(total - 1.0) <= EPS


@given(st.floats(allow_nan=False))
def test_sigmoid_prime_is_exactly_even(z: float) -> None:
    assert fm.sigmoid_prime(z) == fm.sigmoid_prime(-z)


# ------------------------------------------------------------------ costs


def test_binary_entropy_within_4_ulp_of_mpmath() -> None:
    rng = np.random.default_rng(1)
    ys = np.concatenate(
        [
            rng.uniform(0, 1, 300),
            10.0 ** rng.uniform(-300, 0, 100),
            1 - 10.0 ** rng.uniform(-16, 0, 100),
        ]
    )
    ys = ys[(ys > 0) & (ys < 1)]
    with mpmath.workdps(50):
        reference = [
            -(mpf(y) * mpmath.log(mpf(y)) + (1 - mpf(y)) * mpmath.log1p(-mpf(y))) for y in ys
        ]
    errors = ulp_errors(fm.binary_entropy(ys), reference)
    assert errors.max() <= 4.0
    assert fm.binary_entropy(0.0) == 0.0
    assert fm.binary_entropy(1.0) == 0.0
    assert fm.binary_entropy(0.5) == pytest.approx(math.log(2), rel=EPS)


def test_cross_entropy_within_4_ulp_of_mpmath() -> None:
    rng = np.random.default_rng(2)
    a = np.concatenate(
        [
            rng.uniform(0, 1, 300),
            10.0 ** rng.uniform(-300, 0, 100),
            1 - 10.0 ** rng.uniform(-16, 0, 100),
        ]
    )
    y = np.concatenate([rng.uniform(0, 1, 300), rng.choice([0.0, 1.0], 200)])
    keep = (a > 0) & (a < 1)
    a, y = a[keep], y[keep]
    with mpmath.workdps(50):
        reference = [
            -(mpf(yy) * mpmath.log(mpf(aa)) + (1 - mpf(yy)) * mpmath.log1p(-mpf(aa)))
            for aa, yy in zip(a, y, strict=True)
        ]
    errors = ulp_errors(fm.cross_entropy(a, y), reference)
    assert errors.max() <= 4.0


def test_cross_entropy_edges_follow_zero_log_zero_convention() -> None:
    assert fm.cross_entropy(0.0, 0.0) == 0.0
    assert fm.cross_entropy(1.0, 1.0) == 0.0
    assert fm.cross_entropy(0.0, 1.0) == np.inf
    assert fm.cross_entropy(1.0, 0.0) == np.inf
    assert fm.cross_entropy(0.0, 0.5) == np.inf


def test_cross_entropy_from_logits_within_4_ulp_of_mpmath_up_to_1e4() -> None:
    rng = np.random.default_rng(3)
    z = np.concatenate(
        [
            rng.uniform(-50, 50, 120),
            rng.uniform(-1e4, 1e4, 30),
            [-1e4, 1e4, -745.0, 745.0, 0.0, 1e-20],
        ]
    )
    y = np.concatenate([rng.choice([0.0, 1.0, 0.5, 0.3], 150), [1.0, 0.0, 1.0, 0.0, 0.2, 1.0]])
    reference = []
    for zz, yy in zip(z, y, strict=True):
        # the literal definition, with enough digits that 1 − σ(z) keeps 50 of them
        with mpmath.workdps(digits_for(zz)):
            s = sigma_mp(mpf(float(zz)))
            reference.append(-(mpf(yy) * mpmath.log(s) + (1 - mpf(yy)) * mpmath.log(1 - s)))
    errors = ulp_errors(fm.cross_entropy_from_logits(z, y), reference)
    assert errors.max() <= 4.0, f"worst {errors.max():.2f} ulp at z = {z[errors.argmax()]!r}"


def test_cross_entropy_from_logits_limits_at_infinity() -> None:
    assert fm.cross_entropy_from_logits(np.inf, 1.0) == 0.0
    assert fm.cross_entropy_from_logits(-np.inf, 0.0) == 0.0
    assert fm.cross_entropy_from_logits(np.inf, 0.0) == np.inf
    assert fm.cross_entropy_from_logits(-np.inf, 0.5) == np.inf


def _sigma_minus_y_scale(z: float, y: float) -> Any:
    """(1 − y)σ(z) + yσ(−z): the size of the two terms whose difference is σ(z) − y."""
    return (1 - mpf(y)) * sigma_mp(mpf(z)) + mpf(y) * sigma_mp(-mpf(z))


def test_cross_entropy_grad_within_4_ulp_of_mpmath() -> None:
    rng = np.random.default_rng(4)
    z = np.concatenate([rng.uniform(-60, 60, 300), rng.uniform(-800, 800, 50), [40.0, -40.0, 0.0]])
    y = np.concatenate([rng.choice([0.0, 1.0], 200), rng.uniform(0, 1, 150), [1.0, 0.0, 0.5]])
    reference, scale = [], []
    for zz, yy in zip(z, y, strict=True):
        with mpmath.workdps(digits_for(zz)):
            reference.append(sigma_mp(mpf(float(zz))) - mpf(yy))
            scale.append(_sigma_minus_y_scale(float(zz), float(yy)))
    errors = ulp_errors(fm.cross_entropy_grad(z, y), reference, scale)
    assert errors.max() <= 4.0
    # relative accuracy for classification targets (where σ(z) − 1 would round to 0)
    assert fm.cross_entropy_grad(40.0, 1.0) == pytest.approx(
        -math.exp(-40) / (1 + math.exp(-40)), rel=4 * EPS
    )


def test_cross_entropy_grad_is_the_z_derivative_of_the_cost() -> None:
    # independent: numerical differentiation (mpmath, 60 digits) of the cost from logits
    for zz, yy in [(-3.0, 1.0), (0.7, 0.0), (2.5, 0.25), (-12.0, 0.6)]:
        with mpmath.workdps(60):

            def cost(s: Any, y: float = yy) -> Any:
                return -(y * mpmath.log(sigma_mp(s)) + (1 - y) * mpmath.log(1 - sigma_mp(s)))

            reference = mpmath.diff(cost, mpf(zz))
        assert float(fm.cross_entropy_grad(zz, yy)) == pytest.approx(float(reference), rel=1e-14)


def test_gradients_limits_at_infinite_logits() -> None:
    # σ(+∞) = 1, σ(−∞) = 0 and σ′(±∞) = 0
    np.testing.assert_array_equal(fm.cross_entropy_grad(np.inf, [0.0, 0.25, 1.0]), [1.0, 0.75, 0.0])
    np.testing.assert_array_equal(
        fm.cross_entropy_grad(-np.inf, [0.0, 0.25, 1.0]), [0.0, -0.25, -1.0]
    )
    np.testing.assert_array_equal(fm.quadratic_grad([np.inf, -np.inf], 0.5), [0.0, 0.0])


def test_quadratic_cost_within_2_ulp_of_mpmath() -> None:
    rng = np.random.default_rng(5)
    a = np.concatenate([rng.uniform(0, 1, 200), rng.normal(0, 1e3, 100)])
    y = np.concatenate([rng.uniform(0, 1, 200), rng.normal(0, 1e3, 100)])
    with mpmath.workdps(50):
        reference = [(mpf(yy) - mpf(aa)) ** 2 / 2 for aa, yy in zip(a, y, strict=True)]
    assert ulp_errors(fm.quadratic_cost(a, y), reference).max() <= 2.0


def test_quadratic_grad_within_6_ulp_of_mpmath_and_matches_numerical_derivative() -> None:
    rng = np.random.default_rng(6)
    z = np.concatenate([rng.uniform(-40, 40, 200), rng.uniform(-700, 700, 50)])
    y = np.concatenate([rng.choice([0.0, 1.0], 150), rng.uniform(-2, 3, 100)])
    reference, scale = [], []
    for zz, yy in zip(z, y, strict=True):
        with mpmath.workdps(digits_for(zz)):
            s = sigma_mp(mpf(float(zz)))
            reference.append((s - mpf(yy)) * s * (1 - s))
            scale.append((abs(1 - mpf(yy)) * s + abs(mpf(yy)) * (1 - s)) * s * (1 - s))
    assert ulp_errors(fm.quadratic_grad(z, y), reference, scale).max() <= 6.0
    for zz, yy in [(-1.0, 0.0), (2.0, 1.0), (0.3, 0.4)]:
        with mpmath.workdps(60):
            reference_d = mpmath.diff(lambda s, y=yy: (mpf(y) - sigma_mp(s)) ** 2 / 2, mpf(zz))
        assert float(fm.quadratic_grad(zz, yy)) == pytest.approx(float(reference_d), rel=1e-14)


def test_toy_neuron_starts_at_the_texts_outputs() -> None:
    # seed 001 §1: input 1, (w, b) = (0.6, 0.9) gives output 0.82; (2, 2) gives 0.98
    assert round(float(fm.sigmoid(0.6 * 1 + 0.9)), 2) == 0.82
    assert round(float(fm.sigmoid(2 * 1 + 2)), 2) == 0.98
    # the saturated start learns slowly under the quadratic cost: its gradient is ~12x smaller
    slow = float(fm.quadratic_grad(4.0, 0.0))
    fast = float(fm.quadratic_grad(1.5, 0.0))
    assert slow < fast / 7


@given(st.floats(0, 1), st.floats(0, 1))
def test_cross_entropy_is_at_least_the_binary_entropy(a: float, y: float) -> None:
    # claim cross_entropy_min_at_y: C(a, y) − H(y) = KL(y ‖ a) ≥ 0
    c = float(fm.cross_entropy(a, y))
    h = float(fm.binary_entropy(y))
    assert c >= h * (1 - 8 * EPS)


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(0, 1))
def test_cross_entropy_from_logits_is_finite_and_nonnegative(z: float, y: float) -> None:
    c = float(fm.cross_entropy_from_logits(z, y))
    assert math.isfinite(c) and c >= 0.0


@given(st.floats(-30, 30), st.floats(0, 1))
def test_logits_and_probability_versions_agree_away_from_saturation(z: float, y: float) -> None:
    via_probability = float(fm.cross_entropy(fm.sigmoid(z), y))
    via_logits = float(fm.cross_entropy_from_logits(z, y))
    # σ(z) rounds to a relative 2⁻⁵³, which costs ln(1 − σ) up to e^{|z|}·2⁻⁵³ in absolute terms
    assert via_probability == pytest.approx(via_logits, rel=1e-12, abs=8 * EPS * math.exp(abs(z)))


# ------------------------------------------------------------------ chain of single neurons


def _chain_forward_mp(
    w: Sequence[float] | np.ndarray, b: Sequence[Any] | np.ndarray, a0: float
) -> list[Any]:
    zs, a = [], mpf(a0)
    for wk, bk in zip(w, b, strict=True):
        z = mpf(wk) * a + mpf(bk)
        zs.append(z)
        a = sigma_mp(z)
    return zs


def test_chain_bias_gradients_match_mpmath_finite_differences() -> None:
    # independent of the product formula: differentiate the forward pass numerically (60 digits)
    rng = np.random.default_rng(7)
    for depth in (1, 2, 4, 6):
        for _ in range(4):
            w = rng.normal(0, 2, depth)
            b = rng.normal(0, 1, depth)
            a0, g = float(rng.uniform(-1, 1)), float(rng.normal())
            got = fm.chain_bias_gradients(w, b, a0, g)
            assert got.shape == (depth,)
            with mpmath.workdps(60):
                for j in range(depth):

                    def cost(
                        bj: Any,
                        j: int = j,
                        w: np.ndarray = w,
                        b: np.ndarray = b,
                        a0: float = a0,
                        g: float = g,
                    ) -> Any:
                        bb = [mpf(float(x)) for x in b]
                        bb[j] = bj
                        # C = g·a_L, so ∂C/∂a_L = g exactly
                        return mpf(g) * sigma_mp(_chain_forward_mp(w, bb, a0)[-1])

                    reference = mpmath.diff(cost, mpf(float(b[j])))
                    assert float(got[j]) == pytest.approx(float(reference), rel=1e-13), (depth, j)


def test_chain_seed_000_exploding_example() -> None:
    # seed 000: w_j = 100 and biases making every z_j = 0 give ∂C/∂b_1 = (1/4)·25³·∂C/∂a_4
    a0 = 0.3
    w = [100.0] * 4
    b = [-100.0 * a0, -50.0, -50.0, -50.0]
    got = fm.chain_bias_gradients(w, b, a0, 1.0)
    np.testing.assert_array_equal(got, [0.25 * 25**3, 0.25 * 25**2, 0.25 * 25, 0.25])


def test_chain_broadcasts_a_batch_of_chains() -> None:
    rng = np.random.default_rng(8)
    w = rng.normal(size=(5, 3))
    b = rng.normal(size=(5, 3))
    a0 = rng.uniform(size=5)
    g = rng.normal(size=5)
    batch = fm.chain_bias_gradients(w, b, a0, g)
    assert batch.shape == (5, 3)
    for i in range(5):
        np.testing.assert_array_equal(batch[i], fm.chain_bias_gradients(w[i], b[i], a0[i], g[i]))
    # shared weights, many inputs
    assert fm.chain_bias_gradients(w[0], b[0], a0, 1.0).shape == (5, 3)


def test_chain_log_variant_matches_mpmath_on_a_chain_whose_product_underflows() -> None:
    rng = np.random.default_rng(9)
    depth = 2000
    w = rng.normal(0, 1, depth)
    b = rng.normal(0, 1, depth)
    a0, g = 0.4, -2.5
    sign, logabs = fm.chain_bias_gradients_log(w, b, a0, g)
    direct = fm.chain_bias_gradients(w, b, a0, g)
    assert direct[0] == 0.0  # the plain product has underflowed …
    with mpmath.workdps(50):
        zs = _chain_forward_mp(w, b, a0)
        sp = [sigma_mp(z) * (1 - sigma_mp(z)) for z in zs]
        tail = mpf(g)  # ∏_{k>j} w_k σ′(z_k) · ∂C/∂a_L
        reference: list[Any] = [None] * depth
        for j in range(depth - 1, -1, -1):
            reference[j] = sp[j] * tail
            tail *= mpf(float(w[j])) * sp[j]
    ref_log = np.array([float(mpmath.log(abs(r))) for r in reference])
    ref_sign = np.array([float(mpmath.sign(r)) for r in reference])
    assert ref_log[0] < -745  # … because the true value is below the float range
    np.testing.assert_array_equal(sign, ref_sign)
    # absolute error in log ≈ relative error of the gradient; the forward pass adds ~|z|·2⁻⁵³
    np.testing.assert_allclose(logabs, ref_log, rtol=0, atol=1e-10)


def test_chain_log_variant_gives_sign_zero_when_a_factor_vanishes() -> None:
    # w_2 = 0 kills ∂C/∂b_1 only: ∂C/∂b_2 and ∂C/∂b_3 involve w_3 alone
    sign, logabs = fm.chain_bias_gradients_log([1.0, 0.0, -2.0], [0.0, 0.0, 0.0], 0.5, 1.0)
    np.testing.assert_array_equal(sign, [0.0, -1.0, 1.0])
    assert logabs[0] == -np.inf and np.all(np.isfinite(logabs[1:]))
    sign, logabs = fm.chain_bias_gradients_log([1.0, 2.0], [0.0, 0.0], 0.5, 0.0)
    np.testing.assert_array_equal(sign, [0.0, 0.0])
    np.testing.assert_array_equal(logabs, [-np.inf, -np.inf])


@given(
    st.lists(st.floats(-8, 8), min_size=1, max_size=12),
    st.floats(-3, 3),
    st.floats(-10, 10).filter(lambda v: abs(v) > 1e-100),
)
def test_chain_log_variant_agrees_with_the_direct_product(
    ws: list[float], a0: float, g: float
) -> None:
    w = np.array(ws)
    b = np.linspace(-1, 1, w.size)
    direct = fm.chain_bias_gradients(w, b, a0, g)
    sign, logabs = fm.chain_bias_gradients_log(w, b, a0, g)
    normal = np.abs(direct) > 1e-300
    np.testing.assert_array_equal(sign[normal], np.sign(direct[normal]))
    np.testing.assert_allclose(
        logabs[normal], np.log(np.abs(direct[normal])), rtol=1e-12, atol=1e-12
    )


# ------------------------------------------------------------------ gain


def test_gain_within_tolerance_of_mpmath() -> None:
    rng = np.random.default_rng(10)
    w = np.concatenate([rng.normal(0, 5, 300), rng.normal(0, 1e3, 50)])
    a = rng.uniform(-1, 2, w.size)
    b = rng.normal(0, 3, w.size)
    reference, tolerance = [], []
    with mpmath.workdps(50):
        for ww, aa, bb in zip(w, a, b, strict=True):
            z = mpf(ww) * mpf(aa) + mpf(bb)
            reference.append(abs(mpf(ww)) / (4 * mpmath.cosh(z / 2) ** 2))
            # the docstring's bound: 4 ulp + a relative (|wa| + |z|)·2⁻⁵³, which is at most
            # |wa| + |z| ulp (the spacing at r is at least r·2⁻⁵³)
            tolerance.append(4 + abs(float(ww * aa)) + abs(float(z)))
    errors = ulp_errors(fm.gain(w, a, b), reference)
    assert np.all(errors <= np.array(tolerance))


def test_gain_limits_for_infinite_weight_and_overflowing_product() -> None:
    assert fm.gain(np.inf, 0.0, 1.0) == np.inf
    assert fm.gain(-np.inf, 0.5, 1.0) == 0.0
    assert fm.gain(1e300, 1e300, 0.0) == 0.0
    assert fm.gain(100.0, 0.0, 0.0) == 25.0  # seed 000: w = 100 at z = 0 gives a term of 25


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_gain_never_exceeds_a_quarter_of_the_weight(w: float, a: float, b: float) -> None:
    assert float(fm.gain(w, a, b)) <= abs(w) / 4


def test_gain_interval_endpoints_match_mpmath_roots_of_gain_equal_one() -> None:
    # independent of (123): solve |w σ′(wa + b)| = 1 for a with mpmath, on either side of −b/w
    rng = np.random.default_rng(11)
    for w in [4.0 + 1e-9, 4.5, -5.0, 6.894151032272928, 10.0, -37.5, 1e3, 1e6]:
        b = float(rng.normal(0, 2))
        lo, hi = fm.gain_interval(w, b)
        with mpmath.workdps(50):

            def excess(a: Any, w: float = w, b: float = b) -> Any:
                return abs(mpf(w)) / (4 * mpmath.cosh((mpf(w) * a + mpf(b)) / 2) ** 2) - 1

            centre = -mpf(b) / mpf(w)
            # σ′(z) < e^{−|z|}, so the gain is below 1 once |z| > ln|w|: a safe bracket
            reach = (mpmath.log(abs(mpf(w))) + 1) / abs(mpf(w))
            roots = [
                mpmath.findroot(excess, (centre, centre + s * reach), solver="bisect")
                for s in (-1, 1)
            ]
        scale = max(abs(float(centre)), float(roots[1] - roots[0]))
        assert abs(lo - float(roots[0])) <= 8 * EPS * scale, (w, b, lo, roots[0])
        assert abs(hi - float(roots[1])) <= 8 * EPS * scale, (w, b, hi, roots[1])


def test_gain_interval_is_empty_below_4_and_a_point_at_4() -> None:
    lo, hi = fm.gain_interval([3.99, -1.0, 0.0, 4.0, -4.0], 2.0)
    assert np.all(np.isnan(lo[:3])) and np.all(np.isnan(hi[:3]))
    assert lo[3] == hi[3] == -0.5
    assert lo[4] == hi[4] == 0.5
    with pytest.raises(fm.GainIntervalEmptyError, match=r"w = 3\.99.*\|w\| ≥ 4"):
        fm.gain_interval([5.0, 3.99], 0.0, empty="raise")
    not_an_option: Any = "ignore"
    with pytest.raises(ValueError, match="empty must be"):
        fm.gain_interval(5.0, 0.0, empty=not_an_option)
    # |w| → ∞ squeezes the interval onto −b/w → 0; an infinite bias moves it off to ∓∞ (the
    # limit), and both infinite have no limit
    assert fm.gain_interval(np.inf, 2.0) == (0.0, 0.0)
    assert fm.gain_interval(5.0, np.inf) == (-np.inf, -np.inf)
    assert fm.gain_interval(-5.0, np.inf) == (np.inf, np.inf)
    assert all(np.isnan(v) for v in fm.gain_interval(np.inf, np.inf))
    interval = fm.gain_interval(5.0, 0.0, empty="raise")
    assert interval.lo < 0 < interval.hi


@given(st.floats(4.5, 1e4), st.floats(-20, 20))
def test_gain_is_one_at_the_endpoints_and_at_least_one_inside(w: float, b: float) -> None:
    lo, hi = (float(v) for v in fm.gain_interval(w, b))
    assert float(fm.gain(w, (lo + hi) / 2, b)) >= 1.0
    for end in (lo, hi):
        # the gain's relative sensitivity to a is |w|·|tanh(z/2)| ≤ |w|; rounding of a is ~|a|·2⁻⁵³
        tol = 64 * EPS * (1 + abs(w) * (abs(end) + 1))
        assert float(fm.gain(w, end, b)) == pytest.approx(1.0, abs=tol)
    width = hi - lo
    outside = 1e-3 * width
    assert float(fm.gain(w, lo - outside, b)) < 1.0
    assert float(fm.gain(w, hi + outside, b)) < 1.0


def test_gain_interval_width_within_6_ulp_of_formula_123_at_50_digits() -> None:
    ws = np.concatenate(
        [
            4 + 10.0 ** np.linspace(-15, 0, 40),
            np.linspace(4, 100, 200),
            10.0 ** np.linspace(2, 300, 60),
        ]
    )
    ws = np.concatenate([ws, -ws])
    with mpmath.workdps(50):
        reference = [
            2
            / abs(mpf(w))
            * mpmath.log(abs(mpf(w)) * (1 + mpmath.sqrt(1 - 4 / abs(mpf(w)))) / 2 - 1)
            for w in ws
        ]
    got = fm.gain_interval_width(ws)
    keep = np.array([r != 0 for r in reference])
    assert (
        ulp_errors(got[keep], [r for r, k in zip(reference, keep, strict=True) if k]).max() <= 6.0
    )
    assert fm.gain_interval_width(4.0) == 0.0
    assert fm.gain_interval_width(np.inf) == 0.0
    np.testing.assert_array_equal(fm.gain_interval_width([0.0, 1.0, -3.9]), [0.0, 0.0, 0.0])


@given(st.floats(4, 1e12), st.floats(-1, 1))
def test_gain_interval_width_is_hi_minus_lo(w: float, b: float) -> None:
    lo, hi = fm.gain_interval(w, b)
    width = float(fm.gain_interval_width(w))
    assert float(hi - lo) == pytest.approx(width, rel=0, abs=8 * EPS * (abs(b / w) + width))


@given(st.floats(allow_nan=False))
def test_gain_interval_width_never_exceeds_the_maximum(w: float) -> None:
    assert float(fm.gain_interval_width(w)) <= fm.WIDTH_MAX_VALUE * (1 + 4 * EPS)


def _width_maximum_mpmath() -> tuple[Any, Any]:
    """Maximise formula (123) in |w| with mpmath at 50 digits: root of the derivative."""
    with mpmath.workdps(50):

        def width(v: Any) -> Any:
            return 2 / v * mpmath.log(v * (1 + mpmath.sqrt(1 - 4 / v)) / 2 - 1)

        argmax = mpmath.findroot(lambda v: mpmath.diff(width, v), mpf(7))
        return argmax, width(argmax)


def test_width_max_constants_are_the_nearest_floats_to_an_mpmath_maximisation() -> None:
    argmax, value = _width_maximum_mpmath()
    assert float(argmax) == fm.WIDTH_MAX_ARGMAX
    assert float(value) == fm.WIDTH_MAX_VALUE
    # the text: "greatest at |w| ≈ 6.9, where it takes a value ≈ 0.45"
    assert round(fm.WIDTH_MAX_ARGMAX, 1) == 6.9 and round(fm.WIDTH_MAX_VALUE, 2) == 0.45
    assert float(fm.gain_interval_width(fm.WIDTH_MAX_ARGMAX)) == pytest.approx(
        fm.WIDTH_MAX_VALUE, rel=4 * EPS
    )


# ------------------------------------------------------------------ stability, NaN, bad input

# (function, number of arguments, a valid value for each argument)
FUNCTIONS: list[tuple[Callable[..., Any], tuple[str, ...], tuple[float, ...]]] = [
    (fm.sigmoid, ("z",), (0.3,)),
    (fm.sigmoid_prime, ("z",), (0.3,)),
    (fm.binary_entropy, ("y",), (0.3,)),
    (fm.cross_entropy, ("a", "y"), (0.3, 1.0)),
    (fm.cross_entropy_from_logits, ("z", "y"), (0.3, 1.0)),
    (fm.cross_entropy_grad, ("z", "y"), (0.3, 1.0)),
    (fm.quadratic_cost, ("a", "y"), (0.3, 1.0)),
    (fm.quadratic_grad, ("z", "y"), (0.3, 1.0)),
    (fm.gain, ("w", "a", "b"), (5.0, 0.3, 1.0)),
    (fm.gain_interval, ("w", "b"), (5.0, 1.0)),
    (fm.gain_interval_width, ("w",), (5.0,)),
]
IDS = [f.__name__ for f, _, _ in FUNCTIONS]

EXTREME = np.array(
    [
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        1e-300,
        0.5,
        1.0,
        -1.0,
        36.7,
        700.0,
        -700.0,
        745.5,
        -745.5,
        1e4,
        -1e4,
        1e300,
        -1e300,
        np.finfo(float).max,
        -np.finfo(float).max,
    ]
)
UNIT = np.array([0.0, 5e-324, 1e-300, 1e-17, 0.3, 0.5, 1 - 2**-53, 1.0])


PROBABILITY_ARGS = {
    (fm.binary_entropy, "y"),
    (fm.cross_entropy, "a"),
    (fm.cross_entropy, "y"),
    (fm.cross_entropy_from_logits, "y"),
    (fm.cross_entropy_grad, "y"),
}


def _domain(func: Callable[..., Any], name: str) -> np.ndarray:
    """The extreme values to try: probabilities for the cross-entropy's a and y, else any float."""
    return UNIT if (func, name) in PROBABILITY_ARGS else EXTREME


@pytest.mark.parametrize(("func", "names", "valid"), FUNCTIONS, ids=IDS)
def test_no_floating_point_warnings_for_finite_inputs(
    func: Callable[..., Any], names: tuple[str, ...], valid: tuple[float, ...]
) -> None:
    grids = np.meshgrid(*[_domain(func, n) for n in names])
    with np.errstate(all="raise"):
        result = func(*[g.ravel() for g in grids])
    values = result if isinstance(result, tuple) else (result,)
    for v in values:
        assert not np.any(np.isnan(v)) or func is fm.gain_interval  # NaN only for empty intervals


def test_chain_no_floating_point_warnings_for_extreme_finite_inputs() -> None:
    w = np.array([1e300, -1e-300, 5.0, 0.0, 1e4, -700.0])
    b = np.array([1e300, -1e300, 0.0, 745.5, -1e4, 3.0])
    with np.errstate(all="raise"):
        for a0 in (0.0, 1e300, -1e300, 0.5):
            for g in (0.0, 1e300, -1.0):
                fm.chain_bias_gradients(w, b, a0, g)
                fm.chain_bias_gradients_log(w, b, a0, g)
        fm.chain_bias_gradients(np.full(3000, 3.9), np.zeros(3000), 0.1, 1.0)
        fm.chain_bias_gradients(np.full(3000, 100.0), np.full(3000, -50.0), 0.5, 1.0)


@pytest.mark.parametrize(("func", "names", "valid"), FUNCTIONS, ids=IDS)
def test_nan_in_gives_nan_out(
    func: Callable[..., Any], names: tuple[str, ...], valid: tuple[float, ...]
) -> None:
    for i in range(len(names)):
        args = list(valid)
        args[i] = math.nan
        with np.errstate(all="raise"):
            result = func(*args)
        values = result if isinstance(result, tuple) else (result,)
        for v in values:
            assert np.isnan(v), f"{func.__name__} with {names[i]} = nan gave {v!r}"


def test_chain_nan_in_gives_nan_out() -> None:
    assert np.all(np.isnan(fm.chain_bias_gradients([1.0, 2.0], [0.0, 0.0], math.nan, 1.0)))
    assert np.isnan(fm.chain_bias_gradients([1.0, math.nan], [0.0, 0.0], 0.5, 1.0)[0])
    assert np.all(np.isnan(fm.chain_bias_gradients_log([1.0, 2.0], [0.0, 0.0], 0.5, math.nan)[1]))


BAD_VALUES: list[tuple[object, type[Exception], str]] = [
    ("0.5", TypeError, "string"),
    (1 + 2j, TypeError, "complex"),
    (np.array([1j]), TypeError, "complex"),
    (None, TypeError, "dtype object"),
    ([[1.0, 2.0], [3.0]], TypeError, "real number"),
    ({"z": 1}, TypeError, "real number"),
]


@pytest.mark.parametrize(("func", "names", "valid"), FUNCTIONS, ids=IDS)
@pytest.mark.parametrize(("bad", "error", "what"), BAD_VALUES)
def test_bad_input_raises_and_names_the_argument(
    func: Callable[..., Any],
    names: tuple[str, ...],
    valid: tuple[float, ...],
    bad: object,
    error: type[Exception],
    what: str,
) -> None:
    for i, name in enumerate(names):
        args: list[object] = list(valid)
        args[i] = bad
        with pytest.raises(error, match=rf"^{name} .*{what}"):
            func(*args)


@pytest.mark.parametrize(
    ("func", "names", "valid"),
    [f for f in FUNCTIONS if len(f[1]) > 1],
    ids=[f[0].__name__ for f in FUNCTIONS if len(f[1]) > 1],
)
def test_mismatched_shapes_raise_value_error_naming_the_arguments(
    func: Callable[..., Any], names: tuple[str, ...], valid: tuple[float, ...]
) -> None:
    args = [np.full(2 + i, v) for i, v in enumerate(valid)]
    with pytest.raises(
        ValueError, match=rf"{names[0]} has shape \(2,\), {names[1]} has shape \(3,\)"
    ):
        func(*args)


@pytest.mark.parametrize(
    ("func", "args", "name"),
    [
        (fm.binary_entropy, (1.5,), "y"),
        (fm.cross_entropy, (-0.1, 0.5), "a"),
        (fm.cross_entropy, (0.5, 2.0), "y"),
        (fm.cross_entropy_from_logits, (0.0, -1.0), "y"),
        (fm.cross_entropy_grad, (0.0, np.array([0.5, 1.5])), "y"),
    ],
)
def test_probabilities_outside_unit_interval_are_refused(
    func: Callable[..., Any], args: tuple[Any, ...], name: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must lie in \[0, 1\]"):
        func(*args)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1.0, [0.0], 0.5, 1.0), "weights must be an array"),
        (([1.0], 0.0, 0.5, 1.0), "biases must be an array"),
        (([1.0, 2.0], [0.0], 0.5, 1.0), "weights has shape \\(2,\\) \\(2 layers\\) and biases"),
        (([], [], 0.5, 1.0), "at least one layer"),
        ((np.ones((3, 2)), np.ones(2), np.ones(4), 1.0), "a0 has shape \\(4,\\)"),
        (([1.0], [0.0], "x", 1.0), "^a0 "),
        (([1.0], [0.0], 0.5, 1j), "^dC_daL "),
        ((["w"], [0.0], 0.5, 1.0), "^weights "),
    ],
)
def test_chain_bad_input_names_the_argument(args: tuple[Any, ...], match: str) -> None:
    for func in (fm.chain_bias_gradients, fm.chain_bias_gradients_log):
        with pytest.raises((TypeError, ValueError), match=match):
            func(*args)


def test_integers_and_booleans_are_accepted_as_float64() -> None:
    assert fm.sigmoid_prime(0) == 0.25
    assert fm.sigmoid_prime(np.array([0], dtype=np.int8)).dtype == np.float64
    assert fm.cross_entropy(True, True) == 0.0


# ------------------------------------------------------------------ light import, re-exports


def test_importing_the_formulas_does_not_import_sympy_or_scipy() -> None:
    code = (
        "import sys, gradproof.numerics.formulas, gradproof\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sympy', 'scipy', 'mpmath', 'matplotlib', 'sklearn', 'hypothesis', 'tqdm'})\n"
        "assert not heavy, heavy\n"
        "gradproof.sigmoid_prime(0.0)\n"
        "assert 'sympy' not in sys.modules\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),  # outside the source tree (its gradproof/ shadows the install)
    )


def test_gradproof_reexports_every_public_formula() -> None:
    for name in fm.__all__:
        assert getattr(gradproof, name) is getattr(fm, name), name
        assert name in gradproof.__all__, name


def test_every_public_formula_cites_a_source_a_claim_and_its_accuracy() -> None:
    for name in fm.__all__:
        obj = getattr(fm, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        doc = obj.__doc__ or ""
        assert re.search(r"Source: (Nielsen|the lecture notes|lecture notes)", doc), (
            f"{name}: no source citation"
        )
        assert "seed 00" not in doc, f"{name}: cites a seed file instead of the work"
        assert "claim" in doc and "``" in doc, f"{name}: no claim id"
        assert "Accuracy" in doc, f"{name}: no stated accuracy"
