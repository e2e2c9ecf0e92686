"""The core's modus_ponens rule (⇒-elimination): H ⇒ G and a proof of exactly H give G.

Wrong uses it must refuse (each refusal names the rule): a premise that is not the implication's
hypothesis (a weaker or a different relation, one conjunct of a conjunction), a first premise
that is not an implication, and a "theorem" nobody proved. And the true use: an induction's
``n ≥ base ⇒ P(n)`` used under the assumption ``n ≥ base``, which stays a hypothesis until the
implies rule discharges it again.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gradproof import core
from gradproof.core import ProofError

x = sp.Symbol("x", real=True)
n = sp.Symbol("n", integer=True)


def _x_squared_bound() -> core.Theorem:
    """⊢ x ≥ 1 ⇒ x² ≥ x (proved by the core: under x ≥ 1, x² − x = x(x − 1) ≥ 0)."""
    hyp = sp.Ge(x, 1)
    inner = core.inequality(sp.Ge(x**2, x), hyps=(hyp,))
    return core.implies(inner, hyp)


def test_a_premise_weaker_than_the_hypothesis_is_refused() -> None:
    # x > 0 is not x ≥ 1: from x > 0 nothing about x² ≥ x follows (false at x = 1/2)
    weaker = core.assume(sp.Gt(x, 0))
    with pytest.raises(ProofError, match="not the implication's hypothesis") as exc:
        core.modus_ponens(_x_squared_bound(), weaker)
    assert exc.value.rule == "modus_ponens"


def test_a_strict_premise_does_not_stand_for_the_non_strict_one() -> None:
    # x > 1 implies x ≥ 1, but the rule asks for exactly the hypothesis (no silent weakening)
    with pytest.raises(ProofError) as exc:
        core.modus_ponens(_x_squared_bound(), core.assume(sp.Gt(x, 1)))
    assert exc.value.rule == "modus_ponens"


def test_one_conjunct_of_a_conjunctive_hypothesis_is_refused() -> None:
    y = sp.Symbol("y", real=True)
    hyp = sp.And(sp.Ge(x, 1), sp.Ge(y, 1))
    inner = core.inequality(sp.Ge(x * y, 1), hyps=(sp.Ge(x, 1), sp.Ge(y, 1)))
    both = core.implies(inner, hyp)
    with pytest.raises(ProofError) as exc:
        core.modus_ponens(both, core.assume(sp.Ge(x, 1)))  # y ≥ 1 not shown
    assert exc.value.rule == "modus_ponens"
    # with the whole conjunction it holds, and both parts stay hypotheses
    whole = core.modus_ponens(both, core.assume(hyp))
    assert whole.prop == sp.Ge(x * y, 1) and whole.hyps == {hyp}


def test_a_first_premise_that_is_not_an_implication_is_refused() -> None:
    eq = core.identity(x * (x + 1), x**2 + x)
    with pytest.raises(ProofError, match="not an implication") as exc:
        core.modus_ponens(eq, eq)
    assert exc.value.rule == "modus_ponens"


@pytest.mark.parametrize("which", ["implication", "premise"])
def test_a_relation_nobody_proved_is_refused(which: str) -> None:
    unproved = sp.Implies(sp.Ge(x, 1), sp.Ge(x, 2))  # false at x = 1
    args = (
        (unproved, core.assume(sp.Ge(x, 1)))
        if which == "implication"
        else (_x_squared_bound(), sp.Ge(x, 1))
    )
    with pytest.raises(ProofError, match="must be a proved theorem") as exc:
        core.modus_ponens(*args)  # type: ignore[arg-type]
    assert exc.value.rule == "modus_ponens"


def test_modus_ponens_gives_the_conclusion_with_both_premises_hypotheses() -> None:
    hyp = sp.Ge(x, 1)
    thm = core.modus_ponens(_x_squared_bound(), core.assume(hyp))
    assert thm.prop == sp.Ge(x**2, x) and thm.hyps == {hyp} and thm.rule == "modus_ponens"
    # an induction's conclusion n ≥ 0 ⇒ P(n), used under n ≥ 0 and discharged again
    k = sp.Symbol("k", integer=True)

    def P(m: sp.Basic) -> sp.Basic:
        return sp.Eq(sp.Sum(2 * k - 1, (k, 1, m)), m**2, evaluate=False)

    base = core.identity(P(0).lhs, P(0).rhs)
    ge = sp.Ge(n, 0, evaluate=False)
    step = core.identity(P(n + 1).lhs, P(n + 1).rhs, hyps=(P(n), ge))
    ind = core.induction(n, 0, P, base, step)
    assert isinstance(ind.prop, sp.Implies) and ind.closed
    used = core.modus_ponens(ind, core.assume(ge))
    assert used.prop == P(n) and used.hyps == {ge}
    assert core.implies(used, ge).prop == ind.prop and core.implies(used, ge).closed
