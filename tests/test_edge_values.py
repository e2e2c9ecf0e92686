"""The verified formulas at ±inf, NaN and huge values: the documented limits, no warnings.

Every test here runs with warnings as errors (``pytestmark`` below, and CI also runs this file
under ``python -W error``) and inside ``np.errstate(all="raise")``. The expected values are not
taken from the formulas: a limit at ±inf is compared with the same formula at ±1e300 (where the
limit has long been reached in float64), a log-space gradient with an mpmath forward pass.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gradproof.numerics.formulas as fm

pytestmark = pytest.mark.filterwarnings("error")

INF = math.inf

# (function, argument names, a valid finite point, the arguments restricted to [0, 1])
FORMULAS: list[tuple[Callable[..., Any], tuple[str, ...], tuple[float, ...], set[str]]] = [
    (fm.sigmoid, ("z",), (0.3,), set()),
    (fm.sigmoid_prime, ("z",), (0.3,), set()),
    (fm.binary_entropy, ("y",), (0.3,), {"y"}),
    (fm.cross_entropy, ("a", "y"), (0.3, 0.6), {"a", "y"}),
    (fm.cross_entropy_from_logits, ("z", "y"), (0.3, 0.6), {"y"}),
    (fm.cross_entropy_grad, ("z", "y"), (0.3, 0.6), {"y"}),
    (fm.quadratic_cost, ("a", "y"), (0.3, 0.6), set()),
    (fm.quadratic_grad, ("z", "y"), (0.3, 0.6), set()),
    (fm.gain, ("w", "a", "b"), (5.0, 0.3, 1.0), set()),
    (fm.gain_interval, ("w", "b"), (5.0, 1.0), set()),
    (fm.gain_interval_width, ("w",), (5.0,), set()),
]
IDS = [f.__name__ for f, *_ in FORMULAS]


def _quiet(func: Callable[..., Any], *args: Any) -> tuple[Any, ...]:
    """``func(*args)`` with every floating-point event and warning an error; a tuple of results."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            result = func(*args)
    return tuple(result) if isinstance(result, tuple) else (result,)


def _same_limit(at_inf: Any, at_huge: Any) -> bool:
    """The value at ±inf is the limit the value at ±1e300 approaches (an unbounded one: ±inf)."""
    a, h = np.asarray(at_inf, dtype=float), np.asarray(at_huge, dtype=float)
    if np.isinf(a).any():  # diverges: the value at 1e300 is already huge, with the same sign
        return bool(np.all((np.sign(a) == np.sign(h)) & (np.abs(h) > 1e100)))
    return bool(np.allclose(a, h, rtol=1e-12, atol=1e-290))


@pytest.mark.parametrize(("func", "names", "valid", "unit"), FORMULAS, ids=IDS)
def test_an_infinite_argument_gives_the_limit_without_a_warning(
    func: Callable[..., Any], names: tuple[str, ...], valid: tuple[float, ...], unit: set[str]
) -> None:
    for i, name in enumerate(names):
        for sign in (1.0, -1.0):
            args = list(valid)
            args[i] = sign * INF
            if name in unit:  # a probability or target: ±inf is outside [0, 1]
                with pytest.raises(ValueError, match=name):
                    _quiet(func, *args)
                continue
            at_inf = _quiet(func, *args)
            args[i] = sign * 1e300
            at_huge = _quiet(func, *args)
            for r, h in zip(at_inf, at_huge, strict=True):
                assert _same_limit(r, h), f"{func.__name__}({name}={sign * INF}) = {r}, not {h}"


@pytest.mark.parametrize(("func", "names", "valid", "unit"), FORMULAS, ids=IDS)
def test_nan_gives_nan_without_a_warning(
    func: Callable[..., Any], names: tuple[str, ...], valid: tuple[float, ...], unit: set[str]
) -> None:
    for i in range(len(names)):
        args = list(valid)
        args[i] = math.nan
        for r in _quiet(func, *args):
            assert np.isnan(r)


def test_quadratic_cost_of_two_infinities_has_no_limit_and_does_not_warn() -> None:
    # the report: quadratic_cost(inf, inf) warned "invalid value encountered"
    (same,) = _quiet(fm.quadratic_cost, INF, INF)
    (opposite,) = _quiet(fm.quadratic_cost, INF, -INF)
    assert np.isnan(same) and opposite == INF


@pytest.mark.parametrize(
    "func",
    [f for f, *_ in FORMULAS] + [fm.chain_bias_gradients, fm.chain_bias_gradients_log],
    ids=lambda f: f.__name__,
)
def test_masked_arrays_are_refused_not_silently_unmasked(func: Callable[..., Any]) -> None:
    masked = np.ma.masked_array([0.2, 0.4], mask=[False, True])
    arity = {f: len(n) for f, n, *_ in FORMULAS}
    nargs = arity.get(func, 4)  # the chain functions take (weights, biases, a0, dC_daL)
    args: list[Any] = [masked] + [np.array([0.5, 0.5])] * (nargs - 1)
    with pytest.raises(TypeError, match="masked array"):
        func(*args)


# ------------------------------------------------------------------ chain: infinite weights


def test_chain_with_an_infinite_weight_takes_gains_limit_not_nan() -> None:
    # the report: chain_bias_gradients([1, inf], ...) gave NaN where gain gives 0
    w, b, a0, g = [1.0, INF], [0.0, 0.0], 0.5, 1.0
    (at_inf,) = _quiet(fm.chain_bias_gradients, w, b, a0, g)
    (at_huge,) = _quiet(fm.chain_bias_gradients, [1.0, 1e300], b, a0, g)
    assert not np.isnan(at_inf).any()
    np.testing.assert_array_equal(at_inf, at_huge)
    a1 = float(fm.sigmoid(1.0 * a0))
    (gain_limit,) = _quiet(fm.gain, INF, a1, 0.0)
    assert at_inf[0] == float(fm.sigmoid_prime(0.5)) * gain_limit * g == 0.0
    sign, logabs = _quiet(fm.chain_bias_gradients_log, w, b, a0, g)
    assert list(sign) == [0.0, 0.0] and list(logabs) == [-INF, -INF]


def test_an_infinite_weight_on_a_zero_input_is_the_bias_alone() -> None:
    # z₁ = w₁·0 + b₁ → b₁ as w₁ → ∞ (not ∞·0 = NaN); compare with a huge finite w₁
    for w1 in (INF, -INF):
        (at_inf,) = _quiet(fm.chain_bias_gradients, [w1, 2.0], [0.3, -0.1], 0.0, 1.0)
        huge = [math.copysign(1e300, w1), 2.0]
        (at_huge,) = _quiet(fm.chain_bias_gradients, huge, [0.3, -0.1], 0.0, 1.0)
        np.testing.assert_array_equal(at_inf, at_huge)
        sign, logabs = _quiet(fm.chain_bias_gradients_log, [w1, 2.0], [0.3, -0.1], 0.0, 1.0)
        np.testing.assert_allclose(sign * np.exp(logabs), at_inf, rtol=1e-13)


def test_log_space_sign_is_not_zero_for_huge_weights() -> None:
    # the report: chain_bias_gradients_log([1e308, 1e308], ...) gave sign 0
    sign, logabs = _quiet(fm.chain_bias_gradients_log, [1e308, 1e308], [0.0, 0.0], 1.0, 1.0)
    assert list(sign) == [1.0, 1.0]
    assert logabs[1] == pytest.approx(-1e308, rel=1e-15)
    # ln|∂C/∂b₁| ≈ −2e308 lies beyond the float range: −inf, but the gradient is not 0
    assert logabs[0] == -INF
    sign, _ = _quiet(fm.chain_bias_gradients_log, [-1e308, 1e308], [0.0, 0.0], 1.0, -1.0)
    assert list(sign) == [-1.0, -1.0]
    # z = 2·8.99e307 overflows to inf in float64, but from finite inputs: σ′(z) > 0 still
    sign, logabs = _quiet(fm.chain_bias_gradients_log, [8.98846567431158e307], [0.0], 2.0, 1.0)
    assert sign[0] == 1.0 and logabs[0] == -INF


def _mp_log_gradients(w: list[float], b: list[float], a0: float, g: float) -> list[Any]:
    """(sign, ln|∂C/∂b_j|) by an mpmath forward pass at 40 digits (huge exponents are fine)."""
    with mpmath.workdps(40):
        z, a = [], mpmath.mpf(a0)
        for wk, bk in zip(w, b, strict=True):
            zk = mpmath.mpf(wk) * a + mpmath.mpf(bk)
            z.append(zk)
            a = 1 / (1 + mpmath.exp(-zk))

        def ln_sp(x: Any) -> Any:
            return -abs(x) - 2 * mpmath.log1p(mpmath.exp(-abs(x)))

        out = []
        for j in range(len(w)):
            factors = [mpmath.mpf(w[k]) for k in range(j + 1, len(w))] + [mpmath.mpf(g)]
            sign = 1
            for f in factors:
                sign *= int(mpmath.sign(f))
            logs = ln_sp(z[j]) + sum((ln_sp(z[k]) for k in range(j + 1, len(w))), mpmath.mpf(0))
            logs += sum((mpmath.log(abs(f)) for f in factors if f != 0), mpmath.mpf(0))
            out.append((sign, logs))
        return out


@given(
    w=st.lists(
        st.one_of(
            st.floats(-1e308, 1e308, allow_nan=False),
            st.sampled_from([0.0, 1e308, -1e308, 1e200]),
        ),
        min_size=1,
        max_size=4,
    ),
    b=st.floats(-1e3, 1e3),
    a0=st.floats(-10, 10),
    g=st.floats(-1e300, 1e300, allow_nan=False),
)
def test_log_space_sign_is_zero_only_for_an_exact_zero(
    w: list[float], b: float, a0: float, g: float
) -> None:
    bs = [b] * len(w)
    sign, logabs = _quiet(fm.chain_bias_gradients_log, w, bs, a0, g)
    for j, (mp_sign, mp_log) in enumerate(_mp_log_gradients(w, bs, a0, g)):
        assert sign[j] == mp_sign, (j, sign, mp_sign)
        if mp_sign != 0 and abs(float(mp_log)) < 1e300 and abs(float(mp_log)) > 0:
            # the float forward pass rounds z_k (|z_k|·2⁻⁵³ each): compare relatively
            assert logabs[j] == pytest.approx(float(mp_log), rel=1e-9, abs=1e-9)
