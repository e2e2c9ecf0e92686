"""Wrong proofs built from the kernel's pieces: derivations, inductions, lemmas, statement proofs.

Each is the kind of mistake a proof author makes (a derivation that starts or ends at the wrong
place, a `<` with no strict link, an inductive step from the wrong hypothesis, a lemma outside its
domain, a fact nobody proved, a proof that concludes outside the core); each must be refused,
naming the rule or the kernel check that refused it.
"""

from __future__ import annotations

import pytest
import sympy as sp
from _wrong import Wrong, assert_refused_by, k, n, t, w, x, y, z

from gradproof import core
from gradproof.claims import Claim, Outcome, symbolic
from gradproof.core import Theorem
from gradproof.derivation import Derivation, Step
from gradproof.logic import Induction, Statement, by, fits, instance, lemma, proved_by, use

half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
u = sp.Symbol("u", nonnegative=True)
f = sp.Function("f")


def _odd_P(v: sp.Basic) -> sp.Basic:
    return sp.Eq(sp.Sum(2 * k - 1, (k, 1, v)), v**2, evaluate=False)


def _odd_base(goal: sp.Basic) -> Derivation:
    return Derivation("n = 1", (Step(goal.lhs, "P(1)"), Step(goal.rhs, "evaluate")))


def _odd_step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
    return Derivation(
        "n → n + 1",
        (
            Step(goal.lhs, "goal"),
            Step(ih.lhs + 2 * n + 1, "split off the last term"),
            Step(n**2 + 2 * n + 1, "inductive hypothesis", check=by(ih)),
            Step(goal.rhs, "algebra"),
        ),
    )


def _induction(**changes: object) -> Induction:
    kw: dict[str, object] = {
        "name": "odd sum",
        "var": n,
        "base": 1,
        "P": _odd_P,
        "base_case": _odd_base,
        "step": _odd_step,
    }
    kw.update(changes)
    return Induction(**kw)  # type: ignore[arg-type]


def _squares_P(v: sp.Basic) -> sp.Basic:
    return sp.Ge(v**2, 2 * v, evaluate=False)  # true at 0 and from 2 on, false at 1


def _squares_base(goal: sp.Basic) -> Derivation:
    return Derivation("n = 0", (Step(goal.lhs, "0²"), Step(goal.rhs, "= 2·0", ">=")))


def _squares_step(ih: sp.Basic, goal: sp.Basic) -> Derivation:
    return Derivation(
        "n → n + 1",
        (
            Step(goal.lhs, "(n + 1)²"),
            Step(ih.lhs + 2 * n + 1, "expand"),
            Step(ih.rhs + 2 * n + 1, "inductive hypothesis", ">=", check=by(ih)),
            Step(goal.rhs, "4n + 1 ≥ 2n + 2 for n ≥ 1", ">="),
        ),
    )


def _statement_with_proof(rel: sp.Basic, proof: object, **kw: object) -> Statement:
    return Statement(rel, domain="test", proof=proof, **kw)  # type: ignore[arg-type]


def _toy_claim(formal: Statement) -> Claim:
    return Claim(
        id="toy_lemma",
        statement="a toy lemma",
        source="nielsen-ch5 eq. (122)",
        evidence=(symbolic(lambda: Outcome.holds("fine")),),
        formal=formal,
    )


LOG_LEMMA = _toy_claim(Statement(sp.Gt(sp.log(1 + t), 0, evaluate=False), domain="t > 0"))
FALSE_LEMMA = _toy_claim(Statement(sp.Ge(x**2, 1, evaluate=False), domain="x real"))
NUMERIC_LEMMA = _toy_claim(
    Statement(
        sp.Lt(sp.Abs(x - 1), half, evaluate=False),
        domain="measured",
        kind="numeric",
        proof=lambda st: Outcome.holds("measured"),
    )
)

CASES = [
    # ------------------------------------------------------------ derivations
    Wrong(
        "derivation_starts_elsewhere",
        lambda: fits(
            Derivation("d", (Step(x**2 + 1, "s"), Step(x**2 + 1, "same"))),
            sp.Eq((x + 1) ** 2, x**2 + 1),
        ),
        "fits",
        "it proves x² + 1 = x² + 1, not (x + 1)² = x² + 1",
        says="starts at",
    ),
    Wrong(
        "derivation_ends_elsewhere",
        lambda: fits(
            Derivation("d", (Step((x + 1) ** 2, "s"), Step(x**2 + 2 * x + 1, "expand"))),
            sp.Eq((x + 1) ** 2, x**2 + 1),
        ),
        "fits",
        "it ends at x² + 2x + 1",
        says="ends at",
    ),
    Wrong(
        "strict_goal_without_a_strict_link",
        lambda: fits(
            Derivation(
                "d",
                (
                    Step(x**2, "s"),
                    Step(x**2 + y**2, "add a square", "<="),
                    Step(y**2 + x**2, "commute"),
                ),
            ),
            sp.Lt(x**2, y**2 + x**2, evaluate=False),
        ),
        "weaken",
        "every link is ≤ or =: the chain gives ≤, not <",
    ),
    Wrong(
        "derivation_links_both_ways",
        lambda: Derivation(
            "d",
            (
                Step(x**2, "s"),
                Step(x**2 + 1, "+1", "<="),
                Step(x**2, "−1", ">="),
            ),
        ).theorem(),
        "chain",
        "≤ then ≥",
    ),
    Wrong(
        "derivation_with_a_false_link",
        lambda: Derivation("d", (Step((x + 1) ** 2, "s"), Step(x**2 + 1, "oops"))).theorem(),
        "derivation",
        "(x + 1)² ≠ x² + 1",
    ),
    Wrong(
        "derivation_with_a_boolean_check",
        lambda: Derivation(
            "d",
            (Step(x, "s"), Step(x + 1, "trust me", check=lambda *a: True)),  # type: ignore[arg-type]
        ).theorem(),
        "derivation",
        "a boolean is not a proof",
        says="not a core theorem",
    ),
    Wrong(
        "justification_of_another_link",
        lambda: Derivation(
            "d",
            (
                Step(x, "s"),
                Step(x + 1, "borrowed", check=lambda p, c, r, ctx: core.identity(x + 1, 1 + x)),
            ),
        ).theorem(),
        "derivation",
        "a theorem about x + 1 = 1 + x does not justify x = x + 1",
        says="not the link",
    ),
    Wrong(
        "derivation_using_an_unproved_relation_as_a_fact",
        lambda: Derivation("d", (Step(x, "s"), Step(y, "x = y")), using=(sp.Eq(x, y),)).theorem(),
        "derivation",
        "x = y was never proved",
        says="not a proved theorem",
    ),
    Wrong(
        "by_a_fact_that_gives_the_wrong_bound",
        lambda: Derivation(
            "d",
            (
                Step(2 * u, "s"),
                Step(sp.Rational(1, 3), "u ≤ 1/4", "<=", check=by(sp.Le(u, quarter))),
            ),
        ).theorem(),
        "derivation",
        "2u ≤ 1/2, not 1/3",
    ),
    Wrong(
        "lemma_used_outside_its_domain",
        lambda: instance(use(LOG_LEMMA), {t: x}),
        "instantiate",
        "ln(1 + t) > 0 for t > 0 says nothing at t = x = −1/2",
        says="outside its domain",
    ),
    Wrong(
        "lemma_that_is_false",
        lambda: lemma(FALSE_LEMMA)(),
        "lemma",
        "x² ≥ 1 is false at 0",
        says="not proved",
    ),
    Wrong(
        "lemma_that_is_only_measured",
        lambda: lemma(NUMERIC_LEMMA)(),
        "lemma",
        "a numeric statement is confirmed, not proved",
        says="only confirmed numerically",
    ),
    # ------------------------------------------------------------ inductions
    Wrong(
        "induction_var_positive_base_zero",
        lambda: _induction(
            name="n² ≥ 2n", base=0, P=_squares_P, base_case=_squares_base, step=_squares_step
        ).theorem(),
        "induction",
        "n positive with base 0: 'n² ≥ 2n for n ≥ 0' is false at n = 1",
        says="domain does not contain",
    ),
    Wrong(
        "induction_base_case_derivation_of_another_goal",
        lambda: _induction(
            base_case=lambda goal: Derivation(
                "n = 1", (Step(sp.Integer(1), "1"), Step(sp.Integer(1), "1"))
            )
        ).theorem(),
        "fits",
        "the base derivation proves 1 = 1, not P(1)",
        says="starts at",
    ),
    Wrong(
        "induction_false_at_the_base",
        lambda: _induction(
            P=lambda v: sp.Eq(sp.Sum(2 * k - 1, (k, 1, v)), v**2 + 1, evaluate=False),
            step=lambda ih, goal: Derivation(
                "n → n + 1",
                (
                    Step(goal.lhs, "goal"),
                    Step(ih.lhs + 2 * n + 1, "split"),
                    Step(n**2 + 1 + 2 * n + 1, "ih", check=by(ih)),
                    Step(goal.rhs, "algebra"),
                ),
            ),
        ).theorem(),
        "derivation",
        "n² + 1: the step holds (it is P(n) ⇒ P(n + 1)) but P(1) says 1 = 2",
    ),
    Wrong(
        "induction_step_assumes_its_goal",
        lambda: _induction(
            step=lambda ih, goal: Derivation(
                "n → n + 1",
                (Step(goal.lhs, "goal"), Step(goal.rhs, "the goal itself", check=by(goal))),
            )
        ).theorem(),
        "induction",
        "the step uses P(n + 1), what it proves",
        says="neither P(n)",
    ),
    Wrong(
        "induction_step_off_by_one",
        lambda: _induction(step=lambda ih, goal: _odd_step(ih, _odd_P(n + 2))).theorem(),
        "fits",
        "the step derivation proves P(n + 2)",
    ),
    Wrong(
        "induction_step_with_a_wrong_link",
        lambda: _induction(
            step=lambda ih, goal: Derivation(
                "n → n + 1",
                (
                    Step(goal.lhs, "goal"),
                    Step(ih.lhs + 2 * n, "split off the last term (wrong: 2n + 1)"),
                    Step(n**2 + 2 * n + 1, "ih", check=by(ih)),
                    Step(goal.rhs, "algebra"),
                ),
            )
        ).theorem(),
        "derivation",
        "the last term is 2n + 1",
    ),
    # ------------------------------------------------------------ statement proofs
    Wrong(
        "statement_proof_concludes_outside_the_core",
        lambda: _statement_with_proof(
            sp.Eq(x, x + 1, evaluate=False), lambda st: Outcome.holds("trust me")
        ).theorem(),
        "statement",
        "an Outcome is not a theorem",
        says="outside the core",
    ),
    Wrong(
        "statement_proof_returns_a_boolean",
        lambda: _statement_with_proof(sp.Eq(x, x + 1, evaluate=False), lambda st: True).theorem(),
        "statement",
        "True is not a theorem",
        says="not a core theorem",
    ),
    Wrong(
        "statement_proof_of_another_statement",
        lambda: _statement_with_proof(
            sp.Eq((x + 1) ** 2, x**2 + 1, evaluate=False),
            lambda st: core.identity((x + 1) ** 2, x**2 + 2 * x + 1),
        ).theorem(),
        "statement",
        "a true theorem about another relation",
        says="not the statement",
    ),
    Wrong(
        "statement_proof_left_with_a_hypothesis",
        lambda: _statement_with_proof(
            sp.Le(w, 1, evaluate=False),
            lambda st: core.inequality(st.relation, hyps=(sp.Le(w, 0),)),
        ).theorem(),
        "statement",
        "w ≤ 1 only under w ≤ 0",
        says="hypotheses nobody proved",
    ),
    Wrong(
        "statement_proved_with_an_undeclared_definition",
        lambda: _statement_with_proof(
            sp.Eq(f(x), x + 1, evaluate=False),
            lambda st: core.identity(f(x), x + 1, using=(core.define(f(y), y + 1),)),
        ).theorem(),
        "statement",
        "f is arbitrary in the statement; the proof defined it",
        says="does not declare",
    ),
    Wrong(
        "statement_proved_with_another_definition",
        lambda: Statement(
            sp.Eq(f(x), x + 2, evaluate=False),
            domain="test",
            definitions={f: sp.Lambda(y, y + 1)},
            proof=lambda st: core.identity(f(x), x + 2, using=(core.define(f(y), y + 2),)),
        ).theorem(),
        "statement",
        "the statement defines f(y) = y + 1; the proof used y + 2",
        says="does not declare",
    ),
    Wrong(
        "proved_by_with_an_extra_prover_for_another_part",
        lambda: Statement(
            sp.And(sp.Eq((x + 1) ** 2, x**2 + 1, evaluate=False), sp.Ge(z**2, 0, evaluate=False)),
            domain="test",
            proof=proved_by(extra=(lambda p, st: core.identity(x + 1, 1 + x),)),
        ).theorem(),
        "statement",
        "the extra prover proves x + 1 = 1 + x, not the part",
        says="not the statement",
    ),
    Wrong(
        "induction_statement_changed_copy",
        lambda: Statement(
            sp.Eq(sp.Sum(2 * k - 1, (k, 1, n)), n**2 + 1, evaluate=False),
            domain="n ≥ 1",
            proof=lambda st: _induction().theorem(),
        ).theorem(),
        "statement",
        "the induction proves Σ = n², not Σ = n² + 1",
        says="not the statement",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_wrong_proof_is_refused(case: Wrong) -> None:
    assert_refused_by(case)


def test_the_examples_work_when_right() -> None:
    """The same pieces, used rightly, prove (so the refusals above are not refusals of all)."""
    assert isinstance(_induction().theorem(), Theorem)
    thm = instance(use(LOG_LEMMA), {t: x**2 + 1})
    assert thm.prop == sp.Gt(sp.log(x**2 + 2), 0, evaluate=False)
    assert fits(
        Derivation("d", (Step((x + 1) ** 2, "s"), Step(x**2 + 2 * x + 1, "expand"))),
        sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1),
    ).closed
