"""The many-neuron family (proofs/layers.py): the proofs hold, and break when a factor is wrong."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp

from gradproof.claims import run_claim
from gradproof.derivation import Derivation
from gradproof.proofs import layers as ly


def _with_last(d: Derivation, expr: sp.Basic) -> Derivation:
    last = d.steps[-1]
    return replace(d, steps=(*d.steps[:-1], replace(last, expr=expr)))


@pytest.mark.parametrize(
    "claim",
    [
        "backprop_equations",
        "delta_matrix_product",
        "delta_norm_bound",
        "width_one_layers_are_the_chain",
    ],
)
def test_claim_is_proved(claim):
    assert run_claim(getattr(ly, claim)).status == "proved"


def test_the_widths_are_symbols_not_numbers():
    for d in ly.BP_DERIVATIONS:
        limits = [lim for s in d.steps for e in s.expr.atoms(sp.Sum) for lim in e.limits]
        assert limits and all(not hi.is_number for _, _, hi in limits), d.title


@pytest.mark.parametrize(
    ("derivation", "wrong"),
    [
        # BP1 with σ instead of σ′
        (ly.BP1, ly._grad[ly._j] * ly.sigma_f(ly._zL[ly._j])),
        # BP2 without the transpose: Σ_i w_ji δ_i
        (
            ly.BP2,
            sp.Sum(ly._wn[ly._j, ly._i] * ly._dn[ly._i], (ly._i, 1, ly.n_next))
            * ly.sigma_p(ly._zl[ly._j]),
        ),
        # BP2 with σ′ of the wrong layer
        (
            ly.BP2,
            sp.Sum(ly._wn[ly._i, ly._j] * ly._dn[ly._i], (ly._i, 1, ly.n_next))
            * ly.sigma_p(ly._zL[ly._j]),
        ),
        # BP3 with a factor σ′
        (ly.BP3, ly._dl[ly._j] * ly.sigma_p(ly._zl[ly._j])),
        # BP4 with the indices swapped
        (ly.BP4, ly._al_prev[ly._j] * ly._dl[ly._k]),
    ],
)
def test_a_wrong_backprop_equation_is_not_proved(derivation, wrong):
    assert derivation.check().ok
    assert not _with_last(derivation, wrong).check().ok


def test_norm_bound_breaks_with_a_larger_constant_in_the_wrong_place():
    # ‖Σ′v‖² ≤ ‖v‖²/32 is false (σ′(0) = 1/4): the termwise check must refuse it
    bad = Derivation(
        "too strong",
        (
            ly.SIGMA_PRIME_CONTRACTS.steps[0],
            replace(
                ly.SIGMA_PRIME_CONTRACTS.steps[1],
                expr=sp.Sum(ly._v[ly._j] ** 2 / 32, (ly._j, 1, ly.n_l)),
            ),
        ),
    )
    assert not bad.check().ok


def test_induction_refuses_a_statement_with_a_factor_dropped():
    # P without the diagonal factor of layer l: base and step no longer fit their goals
    other = replace(
        ly.PRODUCT_INDUCTION,
        P=lambda m: sp.Eq(ly.delta_matrix(ly._L - m), ly.GRAD_A_C),
    )
    assert not other.check().ok


def test_induction_step_without_the_hypothesis_fails():
    steps = list(ly.PRODUCT_STEP.steps)
    steps[2] = replace(steps[2], expr=steps[1].expr)  # the hypothesis not applied
    assert not replace(ly.PRODUCT_STEP, steps=tuple(steps)).check().ok


def test_formal_statements_are_the_inductions_and_hold():
    assert ly.delta_matrix_product.formal.relation == ly.delta_P(ly._m)
    assert ly.delta_norm_bound.formal.relation == ly.norm_P(ly._m)
    for claim in (ly.delta_matrix_product, ly.delta_norm_bound, ly.backprop_equations):
        assert claim.formal.prove().ok, claim.id
    changed = replace(
        ly.delta_norm_bound.formal,
        relation=ly.delta_norm_bound.formal.relation.xreplace(
            {sp.Rational(1, 4): sp.Rational(1, 5)}
        ),
    )
    assert not changed.prove().ok


def test_width_one_agrees_with_the_chain_module():
    out = ly.width_one_product_is_the_chain_formula()
    assert out.ok and "15 of 15" in out.detail


def test_norm_bound_uses_the_proved_sigma_prime_bound(monkeypatch):
    """With σ′ ≤ 1/2 instead of the proved 1/4 (claim sigmoid_prime_max), the bound ¼ per
    layer no longer follows: the proof must fail."""
    assert ly.norm_bound_by_induction().ok
    monkeypatch.setattr(ly, "SIGMOID_PRIME_BOUND", sp.Rational(1, 2))
    assert not ly.norm_bound_by_induction().ok
