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


# ------------------------------------------------------------------ the formal statements


def test_width_statement_has_its_premises_inside_the_relation() -> None:
    st = gain.gain_set_width.formal
    outer = {sp.Gt(gain.wp, 4), sp.Lt(gain.wn, -4)}
    premises = [p.args[0] for p in st.parts() if isinstance(p, sp.Implies)]
    assert len(premises) == 4
    for premise in premises:  # |w| > 4 of one sign, alone or with gain ≥ 1
        parts = set(premise.args) if isinstance(premise, sp.And) else {premise}
        assert len(parts & outer) == 1, premise
    assert st.relation.free_symbols == {gain.wp, gain.wn, gain.a, gain.b}


def test_every_input_with_gain_at_least_one_lies_between_lo_and_hi() -> None:
    # the inclusion part, for w > 4: moving lo up by 1/100 must fail (a = lo has gain 1)
    from dataclasses import replace

    st = gain.gain_set_width.formal
    inclusion = st.part(sp.Implies, lambda p: p.args[0].has(gain.GAIN) and p.has(gain.wp))
    lo = gain.LO(gain.wp, gain.b)
    narrower = inclusion.xreplace({sp.Le(lo, gain.a): sp.Le(lo + sp.Rational(1, 100), gain.a)})
    assert narrower != inclusion
    theorem = gain._inclusion_prover(inclusion, st)
    assert theorem is not None and theorem.prop == inclusion and theorem.closed
    assert theorem.rules_used()["substitution"] == 3
    outcome = replace(st, relation=st.relation.xreplace({inclusion: narrower})).prove()
    assert not outcome.ok


def test_width_statement_is_proved_through_checked_changes_of_variables() -> None:
    outcome = gain.gain_set_width.formal.prove()
    assert outcome.ok, outcome.detail
    assert outcome.theorem is not None and outcome.theorem.closed
    assert outcome.theorem.rules_used()["substitution"] >= 2


def test_a_rewrite_covering_only_part_of_the_domain_is_refused() -> None:
    # w = 5 + v covers only w > 5: its inverse w − 5 is not > 0 for 4 < w ≤ 5
    from dataclasses import replace

    from gradproof import core
    from gradproof.core import ProofError
    from gradproof.logic import Rewrite

    narrow = Rewrite(gain.wp, 5 + gain.v, gain.v, gain.wp - 5, "covers w > 5 only")
    st = gain.gain_set_width.formal
    rewrites = (narrow, *(rw for rw in st.rewrite if rw.target != gain.wp))
    assert not replace(st, rewrite=rewrites).prove().ok
    # the rule itself, on the simplest statement of the kind: w > 4 ⇒ w − 4 > 0
    goal = sp.Gt(gain.wp - 4, 0, evaluate=False)
    premise = sp.Gt(gain.wp, 4)
    in_v = core.inequality(sp.Gt(1 + gain.v, 0, evaluate=False))
    with pytest.raises(ProofError) as refused:
        core.substitution(in_v, goal, gain.wp, 5 + gain.v, gain.v, gain.wp - 5, hyps=[premise])
    assert refused.value.rule == "substitution" and "does not cover" in refused.value.reason


def test_needs_four_is_proved_from_the_lemma_and_the_hypothesis() -> None:
    outcome = gain.gain_needs_w_ge_4.formal.prove()
    assert outcome.ok, outcome.detail
    rules = outcome.theorem.rules_used()
    assert {"instantiate", "implies", "inequality", "part"} <= set(rules)


def test_needs_four_refuses_a_larger_bound_and_a_dropped_hypothesis() -> None:
    from dataclasses import replace

    st = gain.gain_needs_w_ge_4.formal
    implication = st.part(sp.Implies)
    hyp, goal = implication.args
    for broken in (
        sp.Implies(hyp, sp.Ge(goal.lhs, sp.Rational(41, 10))),  # |w| ≥ 4.1 does not follow
        sp.Implies(sp.Ge(sp.Abs(gain.w), 0), goal),  # the gain hypothesis dropped
    ):
        relation = st.relation.xreplace({implication: broken})
        assert not replace(st, relation=relation).prove().ok
