"""Identity neuron: the constant K = 1/96 is right and a smaller one is refused."""

from __future__ import annotations

import math

import sympy as sp

from gradproof.derivation import sign_is
from gradproof.proofs import identity_neuron as idn


def test_error_bound_constant_is_one_over_96() -> None:
    assert sp.Rational(1, 96) == idn.K


def test_error_approaches_the_bound_for_small_weight() -> None:
    # E(1) for w₁ = 1e-3 by an independent float expansion: E ≈ −w₁²Δ³/12 at Δ = 1/2
    w1 = 1e-3
    u = w1 / 2
    r = math.tanh(u / 2) / 2 - u / 4  # σ(u) − 1/2 − u/4 = tanh(u/2)/2 − u/4
    e = 4 / w1 * r
    assert abs(e) <= w1**2 / 96
    assert abs(e) / (w1**2 / 96) > 0.99


def test_smaller_constant_is_refused() -> None:
    # K = 1/100 would need w₁²/100 − w₁²|Δ|³/12 ≥ 0 at |Δ| = 1/2: it is negative
    m = idn.m
    assert sign_is(m**2 / 100 - m**2 * sp.Rational(1, 8) / 12, "negative")


def test_third_derivative_bound_needs_q_at_most_a_quarter() -> None:
    # outside q ∈ [0, 1/4] the bound |q(1 − 6q)| ≤ 1/8 fails (q = 1/2 gives −1)
    q = sp.Rational(1, 2)
    assert abs(q * (1 - 6 * q)) > sp.Rational(1, 8)
