"""Identity neuron: the constant K = 1/96 is right and a smaller one is refused."""

from __future__ import annotations

import math
import re

import pytest
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


def test_smaller_constant_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # the symbolic evidence must fail once K is too small: with K = 1/100,
    # K w₁² < w₁²|Δ|³/12 at |Δ| = 1/2 (x = 0 or 1)
    assert idn.identity_up_to_offset_with_error_bound().ok
    monkeypatch.setattr(idn, "K", sp.Rational(1, 100))
    assert not idn.identity_up_to_offset_with_error_bound().ok


def test_third_derivative_lower_bound_refuses_a_smaller_constant() -> None:
    # σ‴(0) = −1/8, so the sign argument that proves 1/8 + σ‴ ≥ 0 on q = 1/4 − c/(4(1 + c))
    # must not establish 1/16 + σ‴ ≥ 0
    assert idn.THIRD_DERIVATIVE_BOUND_DERIVATION.check().ok
    v = idn.c / (4 * (1 + idn.c))
    q = sp.Rational(1, 4) - v
    assert sign_is(sp.Rational(1, 8) + q * (1 - 6 * q), "nonnegative")
    assert not sign_is(sp.Rational(1, 16) + q * (1 - 6 * q), "nonnegative")


@pytest.mark.parametrize("k_const", [sp.Rational(1, 50), sp.Rational(1, 96)])
def test_any_constant_at_least_one_over_96_is_proved(
    monkeypatch: pytest.MonkeyPatch, k_const: sp.Rational
) -> None:
    # a true bound, weaker or sharp, is proved as an inequality (not matched against a form)
    monkeypatch.setattr(idn, "K", k_const)
    outcome = idn.identity_up_to_offset_with_error_bound()
    assert outcome.ok, outcome.detail
    assert f"for K = {k_const}" in outcome.detail
    assert idn.error_bound_holds_on_a_grid().ok


def test_constant_below_one_over_96_is_refused_with_a_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(idn, "K", sp.Rational(1, 100))
    outcome = idn.identity_up_to_offset_with_error_bound()
    assert not outcome.ok
    found = re.search(
        r"fails at x = 1, w₁ = 2\^-(\d+): \|E\(1\)\| = ([0-9.]+) > K·w₁² = ([0-9.]+)",
        outcome.detail,
    )
    assert found, outcome.detail
    # recompute |E(1)| independently: E(1) = (4/w)σ(w/2) − 1 − (2/w − 1/2) = (2/w)tanh(w/4) − 1/2
    w1 = 2.0 ** -int(found.group(2 - 1))
    e1 = abs(2 / w1 * math.tanh(w1 / 4) - 0.5)
    assert e1 == pytest.approx(float(found.group(2)), rel=1e-9)
    assert e1 > w1**2 / 100 and float(found.group(3)) == pytest.approx(w1**2 / 100)
    assert len(found.group(2).split(".")[1]) >= 40  # printed to 50 significant digits


def test_formal_statement_is_proved_by_taylor_and_the_abs_bound_rule() -> None:
    outcome = idn.identity_neuron.formal.prove()
    assert outcome.ok, outcome.detail
    rules = outcome.theorem.rules_used()
    assert rules["taylor"] == 2 and rules["abs_bound"] >= 3 and rules["implies"] == 2
    # every premise is inside the relation: w₁ ≠ 0 and 0 ≤ x ≤ 1
    premises = [p.args[0] for p in idn.identity_neuron.formal.parts()]
    assert sp.Ne(idn.w1, 0) in sp.And(*premises).args


def test_dropping_a_premise_or_widening_the_interval_is_refused() -> None:
    from dataclasses import replace

    st = idn.identity_neuron.formal
    bound = idn.BOUND_PART
    no_lower = sp.Implies(sp.And(idn.NONZERO, sp.Le(idn.x, 1)), bound.args[1])
    wider = sp.Implies(sp.And(idn.NONZERO, sp.Ge(idn.x, -1), sp.Le(idn.x, 1)), bound.args[1])
    for broken in (no_lower, wider):
        outcome = replace(st, relation=st.relation.xreplace({bound: broken})).prove()
        assert not outcome.ok, broken


def test_sharpness_bound_gives_the_limit_numerically() -> None:
    # |E(1) + w₁²/96| ≤ w₁⁴/3840 at w₁ = 1e-3, E(1) = (2/w)tanh(w/4) − 1/2 (independent form)
    w = 1e-3
    e1 = 2 / w * math.tanh(w / 4) - 0.5
    assert abs(e1 + w**2 / 96) <= w**4 / 3840
    assert abs(e1 / w**2 + 1 / 96) < 1e-6
