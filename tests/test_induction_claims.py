"""The two claims proved by Induction objects break when a factor is dropped anywhere.

chain_grad_any_depth: P(n) is ∂a_n/∂b_j = σ′(z_j) ∏_{k=j+1}^{n} w_k σ′(z_k) (∂a_n/∂b_j the
derivative in β of the chain a(n, j, β) with b_j = β, at β = b_j); the base and step derivations
are built from P's goals, so a factor dropped in the stated product, in the step or in the base
no longer fits. depth_shrink_bound: P(L) is |Π_L| ≤ 4^(−L) ∏_{k=2}^{L}|w_k|, with the lemma
weighted_sigmoid_prime_bound used through its proved statement.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp

import gradproof.proofs.chain as ch
import gradproof.proofs.sigmoid as sig
from gradproof.claims import run_claim
from gradproof.derivation import Derivation, Step


def _without_factor(d: Derivation, start: int, change: object) -> Derivation:
    steps = (
        list(d.steps[:start])
        + [
            Step(change(s.expr), s.why, s.relation, check=s.check)  # type: ignore[operator]
            for s in d.steps[start:]
        ]
    )
    return replace(d, steps=tuple(steps))


def test_both_inductions_hold() -> None:
    assert ch.CHAIN_INDUCTION.check().ok
    assert ch.SHRINK_INDUCTION.check().ok


def test_statement_is_printed_from_p() -> None:
    st = ch.chain_grad_any_depth.formal
    premise, equation = st.relation.args
    assert premise == sp.Ge(ch._L, ch._j)  # the product's range needs L ≥ j: inside the relation
    assert equation.rhs.has(ch.chain_P(ch._L).rhs)
    outcome = st.prove()
    assert outcome.ok and "induction×2" in outcome.detail and "modus_ponens" in outcome.detail


def test_dropping_w_from_the_stated_product_fails_the_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the mutation: the helper that builds the stated product loses w_k
    monkeypatch.setattr(ch.SIGMOID_CHAIN, "factor", lambda k: sig.SIGMA_PRIME(ch._z_of(k)))
    outcome = ch.CHAIN_INDUCTION.check()
    assert not outcome.ok and "step" in outcome.detail
    result = run_claim(ch.chain_grad_any_depth)
    assert result.status == "failed"
    assert not next(e for e in result.evidence if e.name == "statement").ok
    # depth_shrink_bound is built on the same product: its step no longer fits either. Checked
    # link by link: under this change the base's first link (still true) names w on one side
    # only, and the sanity net gives each side of a link its own test functions, so it would
    # report that true link false before the step is reached
    step = ch.shrink_induction().step_derivation()
    assert step.failed_links() == [1]


def test_dropping_w_from_the_concrete_helper_fails_the_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def without_w(L: int, j: int) -> sp.Expr:
        s = ch.chain_symbols(L)
        out = sig.sigma_prime(s.z(j))
        for k in range(j + 1, L + 1):
            out = out * sig.sigma_prime(s.z(k))
        return out * s.dC_daL

    monkeypatch.setattr(ch, "bias_gradient_closed_form", without_w)
    # the formal statement does not read the helper; the evidence that ties the helper (which
    # other modules and the exported formulas use) to the proved product fails
    outcome = ch.closed_form_helper_is_the_proved_product()
    assert not outcome.ok and "NOT for" in outcome.detail


def test_dropping_a_factor_from_p_fails_in_the_base() -> None:
    M = ch.SIGMOID_CHAIN

    def p_without_first_factor(n: sp.Expr) -> sp.Basic:
        return sp.Eq(M.P(n).lhs, M.prod(ch._j + 1, n))

    outcome = replace(ch.CHAIN_INDUCTION, P=p_without_first_factor).check()
    assert not outcome.ok and "base case L = j" in outcome.detail
    assert "links not proved" in outcome.detail


def test_dropping_w_in_the_step_fails() -> None:
    def step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
        w_next = ch._w_i(ch._L + 1)
        d = ch.CHAIN_INDUCTION.step(ih, goal)
        return _without_factor(d, 2, lambda e: e.subs(w_next, 1))

    outcome = replace(ch.CHAIN_INDUCTION, step=step).check()
    assert not outcome.ok and "chain rule" in outcome.detail


def test_a_factor_in_the_base_that_is_not_in_p_fails() -> None:
    def base(goal: sp.Basic) -> Derivation:
        return _without_factor(ch.CHAIN_INDUCTION.base_case(goal), 2, lambda e: 2 * e)

    outcome = replace(ch.CHAIN_INDUCTION, base_case=base).check()
    assert not outcome.ok and "not at the goal's" in outcome.detail


def test_shrink_bound_with_a_stronger_p_fails_and_a_weaker_p_does_not_prove_the_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = ch.shrink_P
    monkeypatch.setattr(ch, "shrink_P", lambda n: sp.Le(original(n).lhs, original(n).rhs / 4))
    assert not ch.shrink_induction().check().ok  # false: the base |σ′(z₁)| ≤ 1/16 fails
    # true but weaker (4^(1−L)∏|w_k|): the induction holds, yet it is not the claim's statement
    monkeypatch.setattr(ch, "shrink_P", lambda n: sp.Le(original(n).lhs, 4 * original(n).rhs))
    assert ch.shrink_induction().check().ok
    assert not ch.depth_shrink_bound.formal.prove().ok


def test_shrink_step_without_the_weight_bound_fails() -> None:
    ind = ch.shrink_induction()

    def step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
        d = ind.step(ih, goal)
        # the same row |Π_L||w_{L+1}|/4 without the lemma |wσ′(z)| ≤ |w|/4 that justifies it
        skipped = Step(d.steps[3].expr, d.steps[3].why, "<=")
        return replace(d, steps=(*d.steps[:3], skipped, *d.steps[4:]))

    assert ind.check().ok
    assert not replace(ind, step=step).check().ok


def test_shrink_base_with_a_wrong_constant_fails() -> None:
    ind = ch.shrink_induction()

    def base(goal: sp.Basic) -> Derivation:
        d = ind.base_case(goal)
        last = d.steps[-1]
        eighth = Step(sp.Rational(1, 8), last.why, last.relation, check=last.check)
        return Derivation(d.title, (*d.steps[:-1], eighth))

    assert not replace(ind, base_case=base).check().ok


def test_shrink_bound_uses_its_lemmas() -> None:
    ids = [c.id for c in ch.depth_shrink_bound.uses]
    assert ids == ["chain_grad_any_depth", "weighted_sigmoid_prime_bound"]
    names = [e.name for e in ch.depth_shrink_bound.checks][:3]
    assert names == [f"uses {i}" for i in ids] + ["statement"]


# ------------------------------------------------------------------ layers (proofs/layers.py)
# delta_norm_bound's induction: T(m) is ‖δˡ‖² ∏_{k>l}‖δᵏ‖² ≤ (1/16) ∏_{k>l}(‖(wᵏ)ᵀδᵏ‖²/16)‖∇ₐC‖²,
# l = L − m; the per-layer bound ‖δˡ‖² ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖²/16 (from δ = ∂C/∂z and σ′ ≤ 1/4) is the
# step's one fact about the network.


def test_norm_induction_with_a_stronger_constant_fails_in_the_base() -> None:
    import gradproof.proofs.layers as ly

    def stronger(m: sp.Expr) -> sp.Basic:
        p = ly.norm_P(m)
        return sp.Le(p.lhs, p.rhs.xreplace({sp.Rational(1, 16): sp.Rational(1, 32)}))

    outcome = replace(ly.NORM_INDUCTION, P=stronger).check()
    assert not outcome.ok


def test_norm_induction_step_without_the_per_layer_bound_fails() -> None:
    import gradproof.proofs.layers as ly

    def step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
        d = ly._norm_step(ih, goal)
        # ‖δˡ‖² ≤ ‖(wˡ⁺¹)ᵀδˡ⁺¹‖²/16 claimed without its justification (a plain sign check)
        bare = Step(d.steps[2].expr, d.steps[2].why, "<=")
        return Derivation(d.title, (d.steps[0], d.steps[1], bare, *d.steps[3:]))

    assert not replace(ly.NORM_INDUCTION, step=step).check().ok


def test_width_one_bound_induction_uses_sigma_prime_max() -> None:
    import gradproof.proofs.layers as ly

    assert ly.WIDTH_ONE_BOUND_INDUCTION.check().ok
    assert [c.id for c in ly.width_one_layers_are_the_chain.uses] == ["sigmoid_prime_max"]
