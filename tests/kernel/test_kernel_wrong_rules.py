"""Wrong uses of each rule of the core: every one must be refused by the rule it misuses.

Each case calls the rule directly with a premise or an argument that would make its conclusion
false (or meaningless) if the rule did not check its side condition.
"""

from __future__ import annotations

import pytest
import sympy as sp
from _wrong import Wrong, assert_refused_by, k, m, n, s, t, w, x, y, z

from gradproof import core
from gradproof.core import Theorem

half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
f = sp.Function("f")
g = sp.Function("g")
a_ = sp.Function("a")


def _le(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Le(a, b, evaluate=False)


def _lt(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Lt(a, b, evaluate=False)


def _eq(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Eq(a, b, evaluate=False)


def _ge(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Ge(a, b, evaluate=False)


def _gt(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    return sp.Gt(a, b, evaluate=False)


def _square_link() -> Theorem:
    return core.identity((x - 1) ** 2, x**2 - 2 * x + 1)


def _odd_sum_step(P: sp.Lambda, hyp: sp.Basic, var: sp.Symbol = n) -> Theorem:
    """A step theorem for P(var + 1) under the hypothesis ``hyp`` (normally P(var))."""
    goal = P(var + 1)
    return core.identity(goal.lhs, goal.rhs, hyps=(hyp,))


ODD = sp.Lambda(n, _eq(sp.Sum(2 * k - 1, (k, 1, n)), n**2))


def SQUARES(v: sp.Basic) -> sp.Basic:
    """n² ≥ 2n: true for n = 0 and n ≥ 2, false at n = 1."""
    return _ge(v**2, 2 * v)


n0 = sp.Symbol("n", integer=True, nonnegative=True)
j = sp.Symbol("j", integer=True, positive=True)


def _positive_base_zero() -> Theorem:
    """n positive, base 0: P(0) and the step for n ≥ 1 never reach n = 1 (n² ≥ 2n is false)."""
    base = core.inequality(SQUARES(sp.Integer(0)))
    step = core.inequality(SQUARES(n + 1), hyps=(SQUARES(n),))  # true for n ≥ 1
    return core.induction(n, 0, SQUARES, base, step)


CASES = [
    # ------------------------------------------------------------ define
    Wrong(
        "define_a_builtin_function",
        lambda: core.define(sp.exp(x), x + 1),
        "define",
        "exp cannot be redefined",
        says="can only define",
    ),
    Wrong(
        "define_a_plain_symbol",
        lambda: core.define(x, sp.Integer(3)),
        "define",
        "x is a variable: defining it makes every statement about x about 3",
        says="can only define",
    ),
    Wrong(
        "define_a_recursion_that_does_not_descend",
        lambda: core.define(a_(n + 1), a_(n + 1) + 1),
        "define",
        "a(n+1) = a(n+1) + 1 is a contradiction",
        says="smaller integer",
    ),
    Wrong(
        "define_a_recursion_upwards",
        lambda: core.define(a_(n), a_(n + 1) / 2),
        "define",
        "recurs on a larger argument",
        says="smaller integer",
    ),
    Wrong(
        "define_an_indexed_name_by_itself",
        lambda: core.define(sp.IndexedBase("z")[k], sp.IndexedBase("z")[k] + 1),
        "define",
        "z[k] = z[k] + 1",
    ),
    Wrong(
        "two_bodies_for_one_definition",
        lambda: core.conj(core.define(f(x), x + 1), core.define(f(x), x + 2)),
        "conj",
        "f(x) = x + 1 and f(x) = x + 2 give 1 = 2",
        says="define f(x) twice",
    ),
    Wrong(
        "definition_used_outside_its_domain",
        lambda: core.identity(g(-t), sp.log(-t), using=(core.define(g(s), sp.log(s)),)),
        "identity",
        "g is defined for s > 0 only",
        says="outside its domain",
    ),
    # ------------------------------------------------------------ identity / inequality
    Wrong(
        "identity_of_unequal_sides",
        lambda: core.identity(x**2, x),
        "identity",
        "x = 2",
        says="not shown ≡ 0",
    ),
    Wrong(
        "identity_with_an_unproved_fact",
        lambda: core.identity(x, y, using=(_eq(x, y),)),  # type: ignore[arg-type]
        "identity",
        "a relation nobody proved is not a fact",
        says="can only use proved theorems",
    ),
    Wrong(
        "identity_through_a_cancelled_pole",
        lambda: core.identity(sp.Mul(x - 1, 1 / (x - 1), evaluate=False), 1),
        "identity",
        "undefined at x = 1",
        says="defined on the whole domain",
    ),
    Wrong(
        "inequality_strict_where_equal",
        lambda: core.inequality(_lt(x**2, x**2 + 0 * y)),
        "inequality",
        "x² < x² is false",
    ),
    Wrong(
        "inequality_of_an_equation",
        lambda: core.inequality(_eq(x, x + 0 * y)),
        "inequality",
        "an equation is not an inequality",
        says="not an inequality",
    ),
    Wrong(
        "inequality_with_the_fact_the_wrong_way",
        lambda: core.inequality(_le(x, 1), hyps=(_ge(x, 1),)),
        "inequality",
        "x ≥ 1 does not give x ≤ 1",
    ),
    Wrong(
        "inequality_from_a_nonstrict_fact_strictly",
        lambda: core.inequality(_lt(x, 1), hyps=(_le(x, 1),)),
        "inequality",
        "x ≤ 1 does not give x < 1",
    ),
    Wrong(
        "identity_under_an_equation_used_wrongly",
        lambda: core.identity(x * y, x**2, hyps=(_eq(x, 2 * y),)),
        "identity",
        "under x = 2y, xy = 2y² but x² = 4y²",
    ),
    Wrong(
        "inequality_from_an_upper_bound_to_a_lower_bound",
        lambda: core.inequality(_ge(x, 1), hyps=(_le(x, 1),)),
        "inequality",
        "x ≤ 1 says nothing about x ≥ 1",
    ),
    Wrong(
        "inequality_positive_symbol_below_bound_claims_a_lower_bound",
        lambda: core.inequality(_gt(t, half), hyps=(_lt(t, 1),)),
        "inequality",
        "t ∈ (0, 1) does not give t > 1/2",
    ),
    Wrong(
        "sum_of_a_square_and_a_negative_term",
        lambda: core.inequality(_ge((t - 1) ** 2 - 4 * s * t, 0)),
        "inequality",
        "false at t = 1: a square plus a negative term has no sign",
    ),
    Wrong(
        "inequality_positive_symbol_beyond_bound",
        lambda: core.inequality(_lt(t, 1), hyps=(_le(t, 2),)),
        "inequality",
        "t ≤ 2 does not give t < 1",
    ),
    Wrong(
        "limit_at_a_jump",
        lambda: core.identity(sp.Limit(sp.Heaviside(x), x, 0, "+"), 1),
        "identity",
        "a limit at a jump is not the value there",
    ),
    Wrong(
        "limit_where_undefined",
        lambda: core.identity(sp.Limit(sp.log(x), x, 0, "+"), 0),
        "identity",
        "ln x → −∞, not 0",
    ),
    # ------------------------------------------------------------ chain
    Wrong(
        "chain_links_that_do_not_meet",
        lambda: core.chain([_square_link(), core.identity(x**2 + 1, 1 + x**2)]),
        "chain",
        "the second link starts somewhere else",
        says="do not meet",
    ),
    Wrong(
        "chain_pointing_both_ways",
        lambda: core.chain(
            [core.inequality(_le(x**2, x**2 + 1)), core.inequality(_ge(x**2 + 1, x**2))]
        ),
        "chain",
        "≤ then ≥ gives nothing",
        says="both ways",
    ),
    Wrong(
        "chain_of_nonstrict_links_weakened_to_strict",
        lambda: core.weaken(
            core.chain(
                [core.inequality(_le(x**2, x**2 + y**2)), core.identity(x**2 + y**2, y**2 + x**2)]
            ),
            sp.Lt,
        ),
        "weaken",
        "≤ does not give <",
    ),
    Wrong(
        "chain_of_a_relation_not_proved",
        lambda: core.chain([_square_link(), _le(x**2 - 2 * x + 1, x**2 + 1)]),  # type: ignore[list-item]
        "chain",
        "a link must be a theorem",
    ),
    Wrong(
        "weaken_le_to_eq",
        lambda: core.weaken(core.inequality(_le(x**2, x**2 + 1)), sp.Eq),
        "weaken",
        "≤ does not give =",
    ),
    Wrong(
        "weaken_ge_to_le",
        lambda: core.weaken(core.inequality(_ge(x**2 + 1, x**2)), sp.Le),
        "weaken",
        "≥ does not give ≤",
    ),
    # ------------------------------------------------------------ cut, conj, part, implies
    Wrong(
        "cut_a_fact_that_is_not_a_hypothesis",
        lambda: core.cut(_square_link(), core.inequality(_le(x, 1), hyps=(_le(x, 0),))),
        "cut",
        "the fact must be exactly the hypothesis discharged",
        says="is not a hypothesis",
    ),
    Wrong(
        "part_that_is_not_a_conjunct",
        lambda: core.part(core.conj(_square_link(), core.inequality(_ge(x**2, 0))), _le(x, 1)),
        "part",
        "x ≤ 1 was never proved",
    ),
    Wrong(
        "implies_on_a_non_relation",
        lambda: core.implies(_square_link(), sp.Symbol("P")),
        "implies",
        "a hypothesis must be a relation",
    ),
    # ------------------------------------------------------------ instantiate
    Wrong(
        "instantiate_outside_the_domain",
        lambda: core.instantiate(core.inequality(_gt(sp.log(1 + t), 0)), {t: x}),
        "instantiate",
        "ln(1 + x) > 0 is false at x = −1/2",
        says="outside its domain",
    ),
    Wrong(
        "instantiate_integer_by_fraction",
        lambda: core.instantiate(core.identity(sp.Sum(1, (k, 1, n)), n), {n: half}),
        "instantiate",
        "Σ_{k=1}^{n} 1 = n needs n a positive integer",
        says="outside its domain",
    ),
    Wrong(
        "instantiate_a_bound_variable_by_a_number",
        lambda: core.instantiate(core.identity(sp.Derivative(x**2, x), 2 * x), {x: sp.Integer(3)}),
        "instantiate",
        "d(x²)/dx at x = 3 is not d(9)/d3",
        says="bound variable",
    ),
    Wrong(
        "instantiate_a_symbol_that_does_not_occur",
        lambda: core.instantiate(_square_link(), {y: sp.Integer(2)}),
        "instantiate",
        "nothing to instantiate",
    ),
    # ------------------------------------------------------------ induction
    Wrong(
        "induction_domain_does_not_reach_the_base",
        _positive_base_zero,
        "induction",
        "n positive, base 0: n² ≥ 2n would be 'proved' for all n ≥ 0, false at n = 1",
        says="domain does not contain",
    ),
    Wrong(
        "induction_base_case_of_another_statement",
        lambda: core.induction(
            n, 1, ODD, core.identity(sp.Integer(1), sp.Integer(1)), _odd_sum_step(ODD, ODD(n))
        ),
        "induction",
        "the base case must prove P(1) itself",
        says="base case",
    ),
    Wrong(
        "induction_step_from_the_wrong_hypothesis",
        lambda: core.induction(
            n,
            1,
            ODD,
            core.identity(ODD(1).lhs, ODD(1).rhs),
            _odd_sum_step(ODD, ODD(n + 1)),
        ),
        "induction",
        "the step assumes P(n + 1), what it proves",
        says="neither P(n)",
    ),
    Wrong(
        "induction_step_off_by_one",
        lambda: core.induction(
            n,
            1,
            ODD,
            core.identity(ODD(1).lhs, ODD(1).rhs),
            core.identity(ODD(n + 2).lhs, ODD(n + 2).rhs, hyps=(ODD(n),)),
        ),
        "induction",
        "the step proves P(n + 2)",
        says="step proves",
    ),
    Wrong(
        "induction_on_a_real_variable",
        lambda: core.induction(
            x,
            0,
            sp.Lambda(x, _ge(x**2, 0)),
            core.inequality(_ge(sp.Integer(0), 0 * y)),
            _square_link(),
        ),
        "induction",
        "x is not an integer",
    ),
    Wrong(
        "induction_base_depends_on_the_variable",
        lambda: core.induction(
            n,
            n,
            ODD,
            core.identity(ODD(n).lhs, ODD(n).rhs),
            _odd_sum_step(ODD, ODD(n)),
        ),
        "induction",
        "the base may not mention n",
    ),
    Wrong(
        "induction_context_constrains_the_variable",
        lambda: core.induction(
            n,
            1,
            ODD,
            core.identity(ODD(1).lhs, ODD(1).rhs),
            core.identity(ODD(n + 1).lhs, ODD(n + 1).rhs, hyps=(ODD(n), _le(n, 3))),
        ),
        "induction",
        "a step proved only for n ≤ 3 does not reach every n",
        says="neither P(n)",
    ),
    Wrong(
        "induction_with_symbolic_base_beyond_domain",
        lambda: core.induction(
            n,
            j - 1,
            ODD,
            core.identity(ODD(j - 1).lhs, ODD(j - 1).rhs),
            _odd_sum_step(ODD, ODD(n)),
        ),
        "induction",
        "base j − 1 may be 0, which n (positive) does not reach",
        says="domain does not contain",
    ),
    # ------------------------------------------------------------ substitution
    Wrong(
        "substitution_premise_of_another_statement",
        lambda: core.substitution(
            core.inequality(_gt(t + 1, 0)), _gt(sp.exp(-z), 0), sp.exp(-z), t, t, sp.exp(-z)
        ),
        "substitution",
        "the premise must be the statement rewritten",
    ),
    Wrong(
        "substitution_new_variable_not_fresh",
        lambda: core.substitution(core.inequality(_ge(z**2, 0)), _ge(z**2, 0), z, z, z, z),
        "substitution",
        "the new variable must not be in the statement",
    ),
    Wrong(
        "substitution_inverse_not_an_inverse",
        lambda: core.substitution(
            core.inequality(_gt(1 / (1 + s), 0)),
            _gt(1 / (1 + sp.exp(x)), 0),
            sp.exp(x),
            s,
            s,
            sp.exp(x) + 1,
        ),
        "substitution",
        "s = eˣ + 1 is not the inverse of s ↦ s",
        says="not an inverse",
    ),
    # ------------------------------------------------------------ only_solution
    Wrong(
        "only_solution_of_a_quadratic",
        lambda: core.only_solution(_eq(x**2, 1), x, 1),
        "only_solution",
        "x = −1 also",
    ),
    Wrong(
        "only_solution_over_the_integers",
        lambda: core.only_solution(_eq(m**2, 4), m, 2),
        "only_solution",
        "solving over the reals is wrong for an integer",
    ),
    Wrong(
        "only_solution_of_an_equation_it_does_not_solve",
        lambda: core.only_solution(_eq(sp.exp(x), 2), x, 0),
        "only_solution",
        "x = ln 2",
    ),
    Wrong(
        "only_solution_of_a_sine",
        lambda: core.only_solution(_eq(sp.sin(x), 0), x, 0),
        "only_solution",
        "x = π",
    ),
    # ------------------------------------------------------------ range_split
    Wrong(
        "range_split_outside_the_range",
        lambda: core.range_split(sp.Sum(k, (k, 1, n)), n + 2),
        "range_split",
        "splitting 1..n at n + 2 leaves a range n + 3..n",
        says="range with a sign",
    ),
    Wrong(
        "range_split_of_a_plain_expression",
        lambda: core.range_split(x + 1, 1),
        "range_split",
        "nothing to split",
    ),
    # ------------------------------------------------------------ calculus
    Wrong(
        "mean_value_with_the_wrong_sign",
        lambda: core.mean_value(sp.Lambda(x, x**2), t, 0, "nonpositive"),
        "mean_value",
        "t² − 0 ≥ 0, not ≤ 0",
    ),
    Wrong(
        "mean_value_across_a_pole",
        lambda: core.mean_value(sp.Lambda(x, -1 / x), t, -t, "nonnegative"),
        "mean_value",
        "−1/x is not differentiable on [−t, t]",
    ),
    Wrong(
        "taylor_with_a_bound_on_the_wrong_derivative",
        lambda: core.taylor(
            sp.Lambda(x, 1 / (1 + sp.exp(-x))),
            y,
            0,
            1,
            core.inequality(_le(sp.Abs(sp.exp(-w) / (1 + sp.exp(-w)) ** 2), quarter)),
        ),
        "taylor",
        "order 1 needs a bound on σ″; a bound on σ′ was given",
    ),
    Wrong(
        "taylor_with_a_bound_that_depends_on_the_point",
        lambda: core.taylor(
            sp.Lambda(x, x**3),
            y,
            0,
            1,
            core.inequality(_le(sp.Abs(6 * w), 6 * sp.Abs(w))),
        ),
        "taylor",
        "M must not depend on ξ",
    ),
    # ------------------------------------------------------------ enclosure
    Wrong(
        "enclosure_of_a_false_inequality",
        lambda: core.enclosure(_lt(sp.pi, sp.Rational(314, 100))),
        "enclosure",
        "π > 3.14",
        says="is false",
    ),
    Wrong(
        "enclosure_of_a_tie_strictly",
        lambda: core.enclosure(_lt(sp.sqrt(2) ** 2, 2)),
        "enclosure",
        "2 < 2",
    ),
    Wrong(
        "enclosure_with_a_variable",
        lambda: core.enclosure(_lt(x, 2)),
        "enclosure",
        "not a closed number",
    ),
    Wrong(
        "enclosure_of_an_undefined_number",
        lambda: core.enclosure(_lt(sp.log(sp.Integer(-1), evaluate=False), 2)),
        "enclosure",
        "ln(−1) is not real",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_misused_rule_refuses(case: Wrong) -> None:
    assert_refused_by(case)


def test_there_are_many_rule_cases() -> None:
    assert len(CASES) >= 45


def test_a_theorem_cannot_be_made_outside_the_rules() -> None:
    with pytest.raises(TypeError, match="only by the rules"):
        Theorem(object(), (), _eq(x, x + 1), "forged", "")
    thm = _square_link()
    with pytest.raises(AttributeError):
        thm.prop = _eq(x, x + 1)  # type: ignore[misc]


def test_an_instance_at_an_undefined_value_is_refused() -> None:
    """t := x/x is 'positive' wherever it is defined, but not at x = 0: refused."""
    lemma = core.inequality(sp.Gt(sp.log(1 + t), 0, evaluate=False))
    value = sp.Mul(x**2 + 1, sp.Pow(x, -1, evaluate=False), x, evaluate=False)
    with pytest.raises(core.ProofError, match="rule instantiate refused: not shown defined"):
        core.instantiate(lemma, {t: value})
