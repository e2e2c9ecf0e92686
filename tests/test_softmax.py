"""The softmax family (proofs/softmax.py): proved for every number of outputs, and a wrong
variant (sum 1/2, δᴸ = aᴸ − 2y, the wrong input in ∂C/∂w) is refused by the kernel."""

from __future__ import annotations

from dataclasses import replace

import mpmath
import pytest
import sympy as sp

from gradproof.claims import run_claim
from gradproof.derivation import Derivation
from gradproof.proofs import softmax as sm


def _with_last(d: Derivation, expr: sp.Basic) -> Derivation:
    last = d.steps[-1]
    return replace(d, steps=(*d.steps[:-1], replace(last, expr=expr)))


@pytest.mark.slow
@pytest.mark.parametrize("claim", ["softmax_is_a_distribution", "softmax_log_likelihood_delta"])
def test_softmax_claim_is_proved(claim):
    assert run_claim(getattr(sm, claim)).status == "proved"


def test_the_number_of_outputs_is_a_symbol_not_a_number():
    for d in (sm.SUM_IS_ONE, *sm.LL_DERIVATIONS):
        limits = [lim for s in d.steps for e in s.expr.atoms(sp.Sum) for lim in e.limits]
        limits += [
            lim
            for lam in sm.DEFINITIONS.values()
            for e in lam.expr.atoms(sp.Sum)
            for lim in e.limits
        ]
        assert limits and all(not hi.is_number for _, _, hi in limits), d.title


def test_softmax_summing_to_one_half_is_refused():
    st = sm.softmax_is_a_distribution.formal
    wrong = st.relation.xreplace({sp.Integer(1): sp.Rational(1, 2)})
    assert wrong != st.relation
    assert not replace(st, relation=wrong).prove().ok


def test_softmax_with_a_normaliser_missing_an_output_does_not_sum_to_one():
    short = {
        **sm.DEFINITIONS,
        sm.NORMALISER: sp.Lambda(
            sm.n_out, sp.Sum(sp.exp(sm.z_out[sm._k]), (sm._k, 1, sm.n_out - 1))
        ),
    }
    st = sm.softmax_is_a_distribution.formal
    assert not replace(st, definitions=short).prove().ok


@pytest.mark.parametrize(
    ("derivation", "wrong"),
    [
        # δᴸ = aᴸ − 2y
        (sm.DELTA_DERIVATION, sm.SOFTMAX(sm._j) - 2 * sm.one_hot(sm._j)),
        # δᴸ = y − aᴸ (sign)
        (sm.DELTA_DERIVATION, sm.one_hot(sm._j) - sm.SOFTMAX(sm._j)),
        # ∂C/∂w with the wrong input a_j instead of a_k
        (sm.WEIGHT_DERIVATION, sm.a_in[sm._j] * (sm.SOFTMAX(sm._j) - sm.one_hot(sm._j))),
        # ∂C/∂b with the sigmoid-quadratic factor a(1 − a) left in
        (
            sm.BIAS_DERIVATION,
            (sm.SOFTMAX(sm._j) - sm.one_hot(sm._j)) * sm.SOFTMAX(sm._j) * (1 - sm.SOFTMAX(sm._j)),
        ),
    ],
)
def test_a_wrong_log_likelihood_gradient_is_refused(derivation, wrong):
    assert not _with_last(derivation, wrong).check().ok


def test_delta_is_aL_minus_y_against_mpmath_differences():
    """Independent of the proof: ∂(−ln softmax_y)/∂z_j by mpmath.diff at 30 digits."""
    zs = [mpmath.mpf(v) for v in ("0.3", "-1.2", "2.5", "0.0")]
    y = 2
    with mpmath.workdps(30):
        for j in range(len(zs)):

            def cost(t, j=j):
                shifted = list(zs)
                shifted[j] = t
                return -mpmath.log(mpmath.exp(shifted[y]) / mpmath.fsum(map(mpmath.exp, shifted)))

            a_j = mpmath.exp(zs[j]) / mpmath.fsum(map(mpmath.exp, zs))
            expected = a_j - (1 if j == y else 0)
            assert abs(mpmath.diff(cost, zs[j]) - expected) < mpmath.mpf(10) ** -25
