"""Gain claims: the public expressions are right, and the proofs refuse wrong variants."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from gradproof.derivation import Derivation, Step, sign_is
from gradproof.proofs import gain

w, b = sp.symbols("w b", real=True)


def test_width_formula_matches_hand_value_at_w_8() -> None:
    # |w| = 8: s = √(1/2), width = (1/4) ln(4(1 + √½) − 1), evaluated independently with math
    expected = 0.25 * math.log(4 * (1 + math.sqrt(0.5)) - 1)
    assert float(gain.gain_width_expr(sp.Integer(8))) == pytest.approx(expected, rel=1e-15)
    assert float(gain.gain_width_expr(sp.Integer(-8))) == pytest.approx(expected, rel=1e-15)


def test_gain_equals_one_at_the_endpoints_for_both_signs() -> None:
    for wv, bv in ((8, 3), (-8, 3), (25, -7)):
        lo, hi = gain.gain_interval_endpoints_expr(sp.Integer(wv), sp.Integer(bv))
        for end in (lo, hi):
            g = gain.gain_expr(sp.Integer(wv), end, sp.Integer(bv))
            assert abs(float(sp.N(g, 30)) - 1) < 1e-25


def test_width_formula_matches_measured_set() -> None:
    lo, hi = gain._measured_interval(-12.5, 4.0)
    assert hi - lo == pytest.approx(gain._width_123_float(12.5), rel=1e-12)


def test_gain_below_one_refuses_a_weight_above_four() -> None:
    # the same sign argument with |w| = 4 + d (d > 0) must not go through
    d = sp.Symbol("d", positive=True)
    t = gain.t
    assert not sign_is(1 - (4 + d) * t / (1 + t) ** 2, "positive")


def test_width_derivation_refuses_a_wrong_formula() -> None:
    s = gain.s
    wrong = Derivation(
        title="wrong (123)",
        steps=(
            Step(2 * gain.HALF_WIDTH_Z / gain.ABS_W_OF_S, "width"),
            Step(2 / gain.ABS_W_OF_S * sp.log(gain.ABS_W_OF_S * (1 + s) / 2), "forgot the −1"),
        ),
    )
    assert not wrong.check().ok


def test_width_is_zero_at_four_and_nan_free_beyond() -> None:
    assert (
        gain.gain_width_expr(sp.Integer(4)).equals(0)
        or sp.simplify(gain.gain_width_expr(sp.Integer(4))) == 0
    )
    with mpmath.workdps(30):
        f = sp.lambdify([w], gain.gain_width_expr(w), "mpmath")
        assert f(mpmath.mpf(1e6)) > 0
