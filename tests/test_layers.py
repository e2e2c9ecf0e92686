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
            sp.Sum(ly._wn[ly._j, ly._i] * ly.delta(ly._l + 1, ly._i), (ly._i, 1, ly.n_next))
            * ly.sigma_p(ly._zl[ly._j]),
        ),
        # BP2 with σ′ of the wrong layer
        (
            ly.BP2,
            sp.Sum(ly._wn[ly._i, ly._j] * ly.delta(ly._l + 1, ly._i), (ly._i, 1, ly.n_next))
            * ly.sigma_p(ly._zL[ly._j]),
        ),
        # BP2 with δ of the wrong layer
        (
            ly.BP2,
            sp.Sum(ly._wn[ly._i, ly._j] * ly.delta(ly._l, ly._i), (ly._i, 1, ly.n_next))
            * ly.sigma_p(ly._zl[ly._j]),
        ),
        # BP3 with a factor σ′
        (ly.BP3, ly.delta(ly._l, ly._j) * ly.sigma_p(ly._zl[ly._j])),
        # BP4 with the indices swapped
        (ly.BP4, ly.a_prev(ly._j) * ly.delta(ly._l, ly._k)),
    ],
)
def test_a_wrong_backprop_equation_is_not_proved(derivation, wrong):
    assert derivation.check().ok
    assert not _with_last(derivation, wrong).check().ok


def test_backprop_statement_says_delta_is_the_cost_derivative():
    st = ly.backprop_equations.formal
    # δ(l, j) := ∂C/∂z(l, j) is a declared definition, and every equation is about δ or ∂C/∂…
    assert st.definitions[ly.delta] == sp.Lambda((ly._l, ly._j), ly.partial_z(ly._l, ly._j))
    lefts = {p.args[1].lhs for p in st.parts()}
    assert ly.delta(ly._L, ly._j) in lefts and ly.delta(ly._l, ly._j) in lefts
    # without the definition the equations say nothing about δ, and are not proved
    others = {f: lam for f, lam in st.definitions.items() if f != ly.delta}
    assert not replace(st, definitions=others).prove().ok


def _drop_premise(relation: sp.Basic, part_lhs: sp.Basic, premise: sp.Basic) -> sp.Basic:
    """The relation with ``premise`` removed from the part whose conclusion's left side is
    ``part_lhs``."""
    out = []
    for p in relation.args:
        hyp, concl = p.args
        if concl.lhs == part_lhs:
            rest = [h for h in (hyp.args if isinstance(hyp, sp.And) else (hyp,)) if h != premise]
            p = sp.Implies(sp.And(*rest), concl) if rest else concl
        out.append(p)
    return sp.And(*out)


@pytest.mark.parametrize(
    ("part_lhs", "premise"),
    [
        # BP1 without the chain rule (δᴸ could be anything)
        (ly.delta(ly._L, ly._j), ly.CHAIN_RULE_L),
        # BP1 for an index outside the output layer (the Kronecker sum is then 0)
        (ly.delta(ly._L, ly._j), ly._in(ly.n_L, ly._j)),
        # BP4 with k outside layer l − 1
        (ly.partial_w(ly._l, ly._j, ly._k), ly._in(ly.n_prev, ly._k)),
    ],
)
def test_backprop_equation_without_a_premise_is_not_proved(part_lhs, premise):
    st = ly.backprop_equations.formal
    relation = _drop_premise(st.relation, part_lhs, premise)
    assert relation != st.relation
    assert not replace(st, relation=relation).prove().ok


def test_norm_bound_breaks_with_a_larger_constant_in_the_wrong_place():
    # ‖δˡ‖² ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖²/64 is false (σ′(0) = 1/4): the termwise step must refuse it
    steps = ly.SIGMA_PRIME_CONTRACTS.steps
    too_strong = replace(
        steps[2], expr=sp.Sum(ly.BACK(ly._l, ly._j) ** 2 / 64, (ly._j, 1, ly._n[ly._l]))
    )
    bad = replace(ly.SIGMA_PRIME_CONTRACTS, steps=(steps[0], steps[1], too_strong))
    assert not bad.check().ok


def test_induction_refuses_a_statement_with_a_factor_dropped():
    # P without the diagonal factor of layer l: base and step no longer fit their goals
    other = replace(
        ly.PRODUCT_INDUCTION,
        P=lambda m: sp.Eq(ly.delta_vector(m), ly.GRAD_A_C),
    )
    assert not other.check().ok


def test_induction_refuses_a_product_in_the_wrong_order():
    # Πˡ∇ₐC with the factors in the other order, (wˡ⁺¹)ᵀΣ′(zˡ): matrices do not commute
    def swapped(m: sp.Expr) -> sp.Basic:
        return sp.Eq(ly.delta_vector(m), ly.GRAD_A_C * ly.product_matrix(m))

    assert not replace(ly.PRODUCT_INDUCTION, P=swapped).check().ok


def test_induction_step_without_the_hypothesis_fails():
    steps = list(ly.PRODUCT_STEP.steps)
    steps[2] = replace(steps[2], expr=steps[1].expr)  # the hypothesis not applied
    assert not replace(ly.PRODUCT_STEP, steps=tuple(steps)).check().ok


def test_formal_statements_are_the_inductions_and_hold():
    assert ly.delta_matrix_product.formal.relation == ly.delta_P(ly._m)
    norm = ly.delta_norm_bound.formal
    assert norm.relation == sp.And(
        sp.Implies(sp.And(*ly.PER_LAYER_PREMISES), ly.PER_LAYER_FORM),
        sp.Implies(sp.And(*ly.PRODUCT_PREMISES), ly.PRODUCT_FORM),
    )
    for claim in (ly.delta_matrix_product, ly.delta_norm_bound, ly.backprop_equations):
        assert claim.formal.prove().ok, claim.id
    # the squared bound with 1/25 for 1/16 (|σ′| ≤ 1/5 for 1/4) is false and must fail
    changed = replace(
        norm, relation=norm.relation.xreplace({sp.Rational(1, 16): sp.Rational(1, 25)})
    )
    assert changed.relation != norm.relation
    assert not changed.prove().ok


@pytest.mark.parametrize("dropped", [1, 2])
def test_norm_bound_without_a_product_premise_is_not_proved(dropped):
    # without the spectral bound on the gains, or without ∏‖δᵏ‖² > 0, the product form fails
    norm = ly.delta_norm_bound.formal
    premises = [p for i, p in enumerate(ly.PRODUCT_PREMISES) if i != dropped]
    relation = sp.And(
        sp.Implies(sp.And(*ly.PER_LAYER_PREMISES), ly.PER_LAYER_FORM),
        sp.Implies(sp.And(*premises), ly.PRODUCT_FORM),
    )
    assert not replace(norm, relation=relation).prove().ok


def test_width_one_agrees_with_the_chain_module():
    out = ly.width_one_product_is_the_chain_formula()
    assert out.ok and "15 of 15" in out.detail


def test_width_one_inductions_hold_and_break_with_a_factor_dropped():
    assert ly.width_one_products_by_induction().ok

    def without_w(m: sp.Expr) -> sp.Basic:
        p = ly.width_one_P(m)
        return sp.Eq(p.lhs, p.rhs.xreplace({ly._wc[ly._kk]: 1}))

    assert not replace(ly.WIDTH_ONE_INDUCTION, P=without_w).check().ok


def test_norm_bound_uses_the_proved_sigma_prime_bound(monkeypatch):
    """With σ′ ≤ 1/2 instead of the proved 1/4 (claim sigmoid_prime_max), the bound ¼ per
    layer no longer follows: the proof must fail."""
    assert ly.norm_bound_by_induction().ok
    monkeypatch.setattr(ly, "SIGMOID_PRIME_BOUND", sp.Rational(1, 2))
    assert not ly.norm_bound_by_induction().ok


def test_declared_signs_of_the_squared_norms_follow_from_their_bodies():
    assert len(ly.declared_signs()) == 3
