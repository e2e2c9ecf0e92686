"""BP1–BP4 for every activation, dead ReLUs, the leaky ReLU's floor (proofs/activation_layers.py):
proved, and a wrong variant (tanh′ without the square, ReLU′ at the kink, a dead unit with a
positive input, the floor 2ε|w|) is refused by the kernel."""

from __future__ import annotations

from dataclasses import replace

import mpmath
import pytest
import sympy as sp

from gradproof import core
from gradproof.claims import run_claim
from gradproof.derivation import Derivation
from gradproof.proofs import activation_layers as al


def _with_last(d: Derivation, expr: sp.Basic) -> Derivation:
    last = d.steps[-1]
    return replace(d, steps=(*d.steps[:-1], replace(last, expr=expr)))


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim",
    ["backprop_equations_any_activation", "dead_relu_blocks_gradient", "leaky_relu_factor_floor"],
)
def test_claim_is_proved(claim):
    assert run_claim(getattr(al, claim)).status == "proved"


def test_every_activation_has_bp1_and_bp2_for_each_case_off_the_kink():
    titles = [d.title for d in al.ANY_ACTIVATION_DERIVATIONS]
    assert len(titles) == 2 * sum(len(a.cases) for a in al.ACTIVATIONS) == 12
    for a in (al.RELU, al.LEAKY):
        for case in range(len(a.cases)):
            premise = a.cases[case][0](al._zL[al._j])
            assert premise is not None and premise.has(al._zL[al._j])  # the kink is excluded


def test_tanh_derivative_without_the_square_is_refused():
    d = al.bp1(al.TANH, 0)
    wrong = al._grad[al._j] * (1 - sp.tanh(al._zL[al._j]))
    assert not _with_last(d, wrong).check().ok


def test_relu_derivative_at_the_kink_is_refused():
    # f′_ReLU(z) = 1 without the premise z > 0: the core refuses the derivative at z = 0
    with pytest.raises(core.ProofError):
        core.identity(
            al.RELU.fp(al._zL[al._j]),
            sp.Integer(1),
            using=al._defs(al.RELU.f, al.RELU.fp, al.act.RELU, al.act.RELU_PRIME),
        )


def test_relu_value_of_the_wrong_side_is_refused():
    # z < 0 but ReLU′ = 1 claimed
    d = al.bp1(al.RELU, 1)
    assert not _with_last(d, al._grad[al._j]).check().ok


def test_dead_unit_with_a_positive_input_passes_gradient():
    # the same bias derivation, but with δˡ_j from BP2 in the case zˡ_j > 0: its last link
    # (∂C/∂zˡ_j = 0) is refused
    live = al.bp2(al.RELU, 0)

    def live_delta():
        named = core.identity(
            al.partial_z(al._l, al._j), al.delta(al._l, al._j), using=al._defs(al.lay.delta)
        )
        return core.chain([named, live.theorem()])

    last = replace(al.DEAD_BIAS.steps[-1], check=al._times_zero(live_delta))
    wrong = replace(
        al.DEAD_BIAS,
        hyps=(*live.hyps, al.lay.CHAIN_RULE_B),
        steps=(*al.DEAD_BIAS.steps[:-1], last),
    )
    assert al.DEAD_BIAS.check().ok
    assert not wrong.check().ok


def test_dead_relu_statement_with_a_positive_input_is_refused():
    st = al.dead_relu_blocks_gradient.formal
    neg = sp.Lt(al._zl[al._j], 0, evaluate=False)
    wrong = st.relation.xreplace({neg: sp.Gt(al._zl[al._j], 0, evaluate=False)})
    assert wrong != st.relation
    assert not replace(st, relation=wrong).prove().ok


def test_leaky_floor_doubled_is_refused():
    st = al.leaky_relu_factor_floor.formal
    two = 2 * al.eps * sp.Abs(al.w)
    wrong = st.relation.xreplace({al.eps * sp.Abs(al.w): two})
    assert wrong != st.relation
    assert not replace(st, relation=wrong).prove().ok


def test_leaky_floor_is_attained_only_for_negative_inputs():
    """Independent of the proof: one-sided difference quotients of max(εz, z) in mpmath."""
    with mpmath.workdps(50):
        eps = mpmath.mpf("0.01")
        h = mpmath.mpf(10) ** -10  # each side is linear: no truncation error, rounding ~1e−40
        for w in (mpmath.mpf(-3), mpmath.mpf("0.5")):
            for z in (mpmath.mpf(-2), mpmath.mpf("0.7")):
                slope = (max(eps * (z + h), z + h) - max(eps * z, z)) / h
                factor = abs(w * slope)
                assert factor >= eps * abs(w) - mpmath.mpf(10) ** -25
                assert (abs(factor - eps * abs(w)) < mpmath.mpf(10) ** -25) == (z < 0)
