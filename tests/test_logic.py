"""The statement / lemma / induction kernel (gradproof.logic) on small examples of its own."""

from __future__ import annotations

import doctest
from dataclasses import replace

import pytest
import sympy as sp

import gradproof.logic as logic
from gradproof.claims import Claim, ClaimError, Outcome, run_claim, symbolic
from gradproof.core import ProofError
from gradproof.derivation import Derivation, Step
from gradproof.logic import Induction, LemmaError, Rewrite, Statement, by, use

n, k = sp.symbols("n k", integer=True, positive=True)
x = sp.Symbol("x", real=True)
t = sp.Symbol("t", positive=True)


def _odd_sum(P: sp.Lambda) -> Induction:
    def base(goal: sp.Basic) -> Derivation:
        return Derivation("n = 1", (Step(goal.lhs, "P(1)"), Step(goal.rhs, "evaluate")))

    def step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
        return Derivation(
            "n → n + 1",
            (
                Step(goal.lhs, "goal"),
                Step(ih.lhs + 2 * n + 1, "split off the last term"),
                Step(n**2 + 2 * n + 1, "inductive hypothesis", check=by(ih)),
                Step(goal.rhs, "algebra"),
            ),
        )

    return Induction("odd sum", var=n, base=1, P=P, base_case=base, step=step)


ODD = sp.Lambda(n, sp.Eq(sp.Sum(2 * k - 1, (k, 1, n)), n**2))


def test_module_docstring_example_runs() -> None:
    assert doctest.testmod(logic).failed == 0


def test_induction_proves_the_sum_of_odd_numbers() -> None:
    assert _odd_sum(ODD).check().ok


def test_induction_fails_when_p_changes_a_number() -> None:
    # a wrong P is false at the base (2k + 1: P(1) says 3 = 1) …
    wrong_base = sp.Lambda(n, sp.Eq(sp.Sum(2 * k + 1, (k, 1, n)), n**2))
    assert not _odd_sum(wrong_base).check().ok
    # … or true at the base and wrong in the step (n² + n − 1: 1 at n = 1, 5 ≠ 4 at n = 2)
    wrong_step = sp.Lambda(n, sp.Eq(sp.Sum(2 * k - 1, (k, 1, n)), n**2 + n - 1))
    outcome = _odd_sum(wrong_step).check()
    assert not outcome.ok and "step" in outcome.detail


def test_induction_statement_is_p_and_a_changed_copy_fails() -> None:
    ind = _odd_sum(ODD)
    st = ind.statement()
    assert st.relation == ODD(n)
    assert st.prove().ok
    changed = replace(st, relation=sp.Eq(sp.Sum(2 * k - 1, (k, 1, n)), n**2 + 1))
    assert not changed.prove().ok


def test_a_derivation_that_does_not_end_at_the_goal_does_not_fit() -> None:
    goal = sp.Eq(x * (x + 1), x**2 + x, evaluate=False)
    ok_chain = Derivation("d", (Step(x * (x + 1), "start"), Step(x**2 + x, "expand")))
    assert logic.fits(ok_chain, goal).prop == goal
    # every link holds, but the chain goes back to where it started: it does not prove the goal
    off = Derivation("d", (Step(x * (x + 1), "s"), Step(x**2 + x, "e"), Step(x * (x + 1), "f")))
    assert off.check().ok
    with pytest.raises(ProofError, match="ends at"):
        logic.fits(off, goal)
    # links that do not compose to the goal's relation
    le = Derivation("d", (Step(x * (x + 1), "s"), Step(x**2 + x, "e", "<=")))
    with pytest.raises(ProofError, match="weaken"):
        logic.fits(le, goal)


def test_generic_prover_identity_inequality_and_attainment() -> None:
    sig = sp.Function("σ")
    defs = {sig: sp.Lambda(x, 1 / (1 + sp.exp(-x)))}
    sp_of = sp.Lambda(x, sp.diff(1 / (1 + sp.exp(-x)), x))
    ok = Statement(
        sp.And(
            sp.Le(sp_of(x), sp.Rational(1, 4)),
            sp.Eq(sig(0), sp.Rational(1, 2), evaluate=False),
        ),
        domain="x real",
        definitions=defs,
        rewrite=(Rewrite(sp.exp(-x), t, t, sp.exp(-x), "t = e^(−x) > 0"),),
    )
    assert ok.prove().ok
    for bad in (sp.Rational(1, 5), sp.Rational(1, 3)):  # 1/5 false; 1/3 true but weaker: see below
        rel = sp.And(sp.Le(sp_of(x), bad), sp.Eq(sig(0), bad, evaluate=False))
        assert not replace(ok, relation=rel).prove().ok


def test_implies_uses_its_hypothesis_as_every_value_it_allows() -> None:
    w = sp.Symbol("w", real=True)
    st = Statement(
        sp.Implies(sp.Lt(sp.Abs(w), 1), sp.Lt(sp.Abs(w) / 4, sp.Rational(1, 4))),
        domain="w real",
    )
    assert st.prove().ok
    # the conclusion with a changed constant (1/8) is false for |w| near 1
    rel = sp.Implies(sp.Lt(sp.Abs(w), 1), sp.Lt(sp.Abs(w) / 4, sp.Rational(1, 8)))
    assert not replace(st, relation=rel).prove().ok
    # a weaker hypothesis, |w| < 2, does not give |w|/4 < 1/4
    rel = sp.Implies(sp.Lt(sp.Abs(w), 2), sp.Lt(sp.Abs(w) / 4, sp.Rational(1, 4)))
    assert not replace(st, relation=rel).prove().ok


def _claim(formal: Statement, uses: tuple[Claim, ...] = ()) -> Claim:
    return Claim(
        id="toy_claim",
        statement="a toy",
        source="nielsen-ch5 eq. (122)",
        evidence=(symbolic(lambda: Outcome.holds("fine")),),
        formal=formal,
        uses=uses,
    )


def test_kernel_proves_the_formal_statement_and_fails_a_wrong_one() -> None:
    good = Statement(sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1), domain="x real")
    result = run_claim(_claim(good))
    assert result.status == "proved"
    assert result.evidence[0].name == "statement"
    bad = replace(good, relation=sp.Eq((x + 1) ** 2, x**2 + 3 * x + 1))
    assert run_claim(_claim(bad)).status == "failed"


def test_a_theorem_fails_when_its_lemma_fails() -> None:
    sq = (x - 1) ** 2
    lemma_ok = _claim(Statement(sp.Ge(sq, 0, evaluate=False), domain="x real"))
    lemma_bad = _claim(Statement(sp.Ge(sq, 1, evaluate=False), domain="x real"))
    theorem = Statement(sp.Ge(sq + 1, 1, evaluate=False), domain="x real")
    assert run_claim(_claim(theorem, uses=(lemma_ok,))).status == "proved"
    result = run_claim(_claim(theorem, uses=(lemma_bad,)))
    assert result.status == "failed"
    assert result.evidence[0].name == "uses toy_claim" and not result.evidence[0].ok
    with pytest.raises(LemmaError, match="not proved"):
        use(lemma_bad)


def test_by_uses_an_inequality_fact_which_stays_a_hypothesis_until_proved() -> None:
    u = sp.Symbol("u", nonnegative=True)
    fact = sp.Le(u, sp.Rational(1, 4))
    half, third = sp.Rational(1, 2), sp.Rational(1, 3)
    chain = Derivation("d", (Step(2 * u, "s"), Step(half, "fact", "<=", check=by(fact))))
    outcome = chain.check()
    assert outcome.ok and outcome.theorem.hyps == {fact}  # nobody proved u ≤ 1/4
    wrong = Derivation("d", (Step(2 * u, "s"), Step(third, "fact", "<=", check=by(fact))))
    assert not wrong.check().ok
    # with the fact proved (a theorem, here under u ≤ 1/8), the link rests on that instead
    from gradproof import core

    proved = core.inequality(fact, hyps=(sp.Le(u, sp.Rational(1, 8)),))
    on_theorem = Derivation("d", (Step(2 * u, "s"), Step(half, "fact", "<=", check=by(proved))))
    assert on_theorem.check().theorem.hyps == {sp.Le(u, sp.Rational(1, 8))}


def test_claim_refuses_a_formal_that_is_not_a_statement() -> None:
    with pytest.raises(ClaimError, match="formal must be"):
        Claim(
            id="toy_claim",
            statement="a toy",
            source="nielsen-ch5 eq. (122)",
            evidence=(symbolic(lambda: Outcome.holds("fine")),),
            formal="x = 1",
        )


def test_statement_prints_pretty_and_latex() -> None:
    with pytest.raises(ValueError, match="already True"):
        Statement(sp.Le(sp.Abs(x) / 4, sp.Abs(x)), domain="x real")  # SymPy decides it at once
    st = Statement(sp.Le(sp.Abs(x) / 4, sp.Abs(x), evaluate=False), domain="x real")
    assert st.pretty() == "|x|/4 ≤ |x|\nfor x real"  # one line of text, no 2-D diagram
    assert st.latex() == (
        r"\begin{array}{l} \frac{\left|{x}\right|}{4} \leq \left|{x}\right| \\ \text{for x real} "
        r"\end{array}"
    )
    assert st._repr_latex_().startswith("$")


def test_discharged_uses_a_premise_only_where_the_domains_prove_it() -> None:
    """L ≥ 1 ⇒ P for a positive integer L gives P; L ≥ 3 ⇒ P stays an implication."""
    import sympy as sp

    from gradproof import core
    from gradproof.logic import discharged

    L = sp.Symbol("L", integer=True, positive=True)
    goal = sp.Ge(L**2, L, evaluate=False)
    for bound, dischargeable in ((1, True), (3, False)):
        premise = sp.Ge(L, bound, evaluate=False)
        thm = core.implies(core.inequality(goal, hyps=(premise,)), premise)
        out = discharged(thm)
        assert (out.prop == goal) is dischargeable
        assert out.closed
