"""False and ill-posed statements: the kernel must refuse each one, naming the rule that refused.

Every statement here is false somewhere in its domain (the comment says where) or undefined
somewhere in it; none may ever be reported proved. The statements listed in issue 20 (implications
decided by solving for one variable, SymPy's conventions at kinks, cancelled undefined points, sums
over ranges without a sign, rewrites that do not cover the domain) are here, each as a test.
"""

from __future__ import annotations

import pytest
import sympy as sp
from _wrong import Wrong, assert_refused_by, k, m, n, s, sigma, t, u, w, x, y, z

from gradproof.logic import Rewrite, Statement
from gradproof.proofs import sigmoid as sig

half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
SP = sig.SIGMA_PRIME
DEFS = sig.DEFINITIONS


def st(rel: sp.Basic, domain: str = "real", **kw: object) -> Statement:
    return Statement(rel, domain=domain, **kw)  # type: ignore[arg-type]


def relu(v: sp.Expr) -> sp.Expr:
    return sp.Max(0, v)


CASES = [
    # ---------------------------------------------- implications (issue: solved for one variable)
    Wrong(
        "xy_zero_implies_x_zero",
        lambda: st(sp.Implies(sp.Eq(x * y, 0), sp.Eq(x, 0))),
        "only_solution",
        "false at x = 1, y = 0",
        says="also depends on",
    ),
    Wrong(
        "x2y_zero_implies_x_zero",
        lambda: st(sp.Implies(sp.Eq(x**2 * y, 0), sp.Eq(x, 0))),
        "only_solution",
        "false at x = 1, y = 0",
        says="also depends on",
    ),
    Wrong(
        "y_one_implies_x_two",
        lambda: st(sp.Implies(sp.Eq(y, 1), sp.Eq(x, 2))),
        "only_solution",
        "x is free: false at x = 0, y = 1",
        says="also depends on",
    ),
    Wrong(
        "sigma_prime_quarter_implies_z_one",
        lambda: st(
            sp.Implies(sp.Eq(SP(z), quarter), sp.Eq(z, 1)),
            definitions=DEFS,
            rewrite=(sig.T_REWRITE,),
        ),
        "only_solution",
        "σ′(0) = 1/4 but 0 ≠ 1 (was proved through the rewrite, which removed z)",
        says="not only 1",
    ),
    Wrong(
        "sigma_prime_quarter_implies_z_zero_and_y",
        lambda: st(sp.Implies(sp.Eq(SP(z) + y, quarter), sp.Eq(z, 0)), definitions=DEFS),
        "only_solution",
        "with y = σ′(0) − σ′(1), z = 1 also satisfies it",
        says="also depends on",
    ),
    Wrong(
        "square_equal_implies_equal",
        lambda: st(sp.Implies(sp.Eq(x**2, 4), sp.Eq(x, 2))),
        "only_solution",
        "x = −2",
        says="not only 2",
    ),
    Wrong(
        "implication_with_false_conclusion",
        lambda: st(sp.Implies(sp.Gt(x, 0), sp.Gt(x, 1))),
        "inequality",
        "x = 1/2",
    ),
    Wrong(
        "implication_hypothesis_too_weak",
        lambda: st(sp.Implies(sp.Lt(sp.Abs(w), 2), sp.Lt(sp.Abs(w) / 4, quarter, evaluate=False))),
        "inequality",
        "|w| = 3/2",
    ),
    Wrong(
        "implication_uses_strictness_it_lacks",
        lambda: st(sp.Implies(sp.Le(x, 1), sp.Lt(x, 1))),
        "inequality",
        "x = 1",
    ),
    Wrong(
        "implication_about_other_variable",
        lambda: st(sp.Implies(sp.Gt(x, 0), sp.Gt(y, 0))),
        "inequality",
        "y is not constrained",
    ),
    # ---------------------------------------------- undefined points that SymPy would cancel
    Wrong(
        "x_over_x_is_one",
        lambda: st(sp.Eq(sp.Mul(x, sp.Pow(x, -1, evaluate=False), evaluate=False), 1)),
        "identity",
        "undefined at x = 0",
        says="defined on the whole domain",
    ),
    Wrong(
        "difference_of_squares_quotient",
        lambda: st(sp.Eq((x**2 - 1) / (x - 1), x + 1)),
        "identity",
        "undefined at x = 1",
        says="defined on the whole domain",
    ),
    Wrong(
        "reciprocal_of_reciprocal",
        lambda: st(
            sp.Eq(sp.Pow(sp.Pow(x, -1, evaluate=False), -1, evaluate=False), x, evaluate=False)
        ),
        "identity",
        "undefined at x = 0",
        says="defined on the whole domain",
    ),
    Wrong(
        "log_of_square_is_twice_log",
        lambda: st(sp.Eq(sp.log(x**2), 2 * sp.log(x))),
        "identity",
        "log x undefined for x ≤ 0",
        says="defined on the whole domain",
    ),
    Wrong(
        "log_of_product",
        lambda: st(sp.Eq(sp.log(x * y), sp.log(x) + sp.log(y))),
        "identity",
        "x, y < 0",
        says="defined on the whole domain",
    ),
    Wrong(
        "sqrt_of_square",
        lambda: st(sp.Eq(sp.sqrt(x**2), x)),
        "identity",
        "x = −1",
    ),
    Wrong(
        "sqrt_of_negative_defined",
        lambda: st(sp.Ge(sp.sqrt(x), 0, evaluate=False)),
        "inequality",
        "√x undefined for x < 0",
        says="defined on the whole domain",
    ),
    Wrong(
        "cross_entropy_without_unit_premise",
        lambda: st(sp.Gt(-sp.log(t), 0)),
        "inequality",
        "t = 2: −ln 2 < 0 (t ∈ (0,1) only in words)",
    ),
    Wrong(
        "log_one_minus_a_for_positive_a",
        lambda: st(sp.Gt(-sp.log(1 - t), 0, evaluate=False)),
        "inequality",
        "undefined for t ≥ 1",
        says="defined on the whole domain",
    ),
    Wrong(
        "tan_is_defined",
        lambda: st(sp.Eq(sp.tan(x) * sp.cos(x), sp.sin(x))),
        "identity",
        "tan undefined at π/2",
        says="does not know where tan is defined",
    ),
    Wrong(
        "heaviside_at_zero_is_half",
        lambda: st(sp.Eq(sp.Heaviside(x) + sp.Heaviside(-x), 1)),
        "identity",
        "Heaviside(0) is a convention (SymPy's 1/2 gives 1)",
        says="convention",
    ),
    Wrong(
        "reciprocal_of_sigma_prime_minus_quarter",
        lambda: st(
            sp.Gt(1 / (quarter - SP(z)), 0, evaluate=False),
            definitions=DEFS,
        ),
        "inequality",
        "undefined at z = 0",
        says="defined on the whole domain",
    ),
    # ---------------------------------------------- derivatives at kinks (SymPy's conventions)
    Wrong(
        "relu_prime_at_zero_is_half",
        lambda: st(sp.Eq(sp.Subs(sp.Derivative(relu(x), x), x, 0), half)),
        "identity",
        "max(0, x) has no derivative at 0",
        says="has no derivative",
    ),
    Wrong(
        "abs_prime_at_zero_is_zero",
        lambda: st(sp.Eq(sp.Subs(sp.Derivative(sp.Abs(x), x), x, 0), 0)),
        "identity",
        "|x| has no derivative at 0",
        says="has no derivative",
    ),
    Wrong(
        "abs_prime_is_sign_everywhere",
        lambda: st(sp.Eq(sp.Derivative(sp.Abs(x), x), sp.sign(x))),
        "identity",
        "no derivative at x = 0",
        says="has no derivative",
    ),
    Wrong(
        "relu_prime_is_heaviside_everywhere",
        lambda: st(sp.Eq(sp.Derivative(relu(x), x), sp.Heaviside(x))),
        "identity",
        "no derivative at x = 0",
        says="has no derivative",
    ),
    Wrong(
        "min_prime",
        lambda: st(sp.Le(sp.Derivative(sp.Min(x, 1), x), 1, evaluate=False)),
        "inequality",
        "no derivative at x = 1",
        says="has no derivative",
    ),
    Wrong(
        "max_of_two_variables_prime",
        lambda: st(sp.Ge(sp.Derivative(sp.Max(x, y), x), 0, evaluate=False)),
        "inequality",
        "no derivative where x = y",
        says="has no derivative",
    ),
    Wrong(
        "piecewise_prime",
        lambda: st(sp.Ge(sp.Derivative(sp.Piecewise((0, x < 0), (x, True)), x), 0, evaluate=False)),
        "inequality",
        "no derivative at x = 0",
        says="no derivative at its breakpoints",
    ),
    Wrong(
        "abs_of_weighted_input_prime",
        lambda: st(sp.Eq(sp.Derivative(sp.Abs(w * x), w), x * sp.sign(w * x))),
        "identity",
        "no derivative where w x = 0",
        says="has no derivative",
    ),
    Wrong(
        "sqrt_prime_at_zero",
        lambda: st(sp.Ge(sp.Derivative(sp.sqrt(x**2), x), -1, evaluate=False)),
        "inequality",
        "√(x²) = |x|: no derivative at 0",
    ),
    Wrong(
        "relu_layer_prime_everywhere",
        lambda: st(sp.Eq(sp.Derivative(relu(w * x + y), y), sp.Heaviside(w * x + y))),
        "identity",
        "no derivative where wx + y = 0",
        says="has no derivative",
    ),
    # ---------------------------------------------- sums and products over unsigned ranges
    Wrong(
        "sum_of_ones_for_every_integer",
        lambda: st(sp.Eq(sp.Sum(1, (k, 1, m)), m)),
        "identity",
        "m = −2: the empty sum is 0 ≠ −2",
        says="range with a sign",
    ),
    Wrong(
        "sum_of_k_for_every_integer",
        lambda: st(sp.Eq(sp.Sum(k, (k, 1, m)), m * (m + 1) / 2)),
        "identity",
        "m = −3: 0 ≠ 3",
        says="range with a sign",
    ),
    Wrong(
        "product_over_unsigned_range",
        lambda: st(sp.Eq(sp.Product(2, (k, 1, m)), 2**m)),
        "identity",
        "m = −1: empty product 1 ≠ 1/2",
        says="range with a sign",
    ),
    Wrong(
        "sum_from_shifted_lower_bound",
        lambda: st(sp.Eq(sp.Sum(1, (k, n, m)), m - n + 1)),
        "identity",
        "m < n − 1",
        says="range with a sign",
    ),
    Wrong(
        "sum_with_non_integer_bound",
        lambda: st(sp.Eq(sp.Sum(1, (k, 1, x)), x)),
        "identity",
        "x = 1/2 is not a bound",
        says="not an integer",
    ),
    # ---------------------------------------------- plain false identities and inequalities
    Wrong(
        "square_of_sum",
        lambda: st(sp.Eq((x + 1) ** 2, x**2 + 1)),
        "identity",
        "x = 1",
        says="not shown ≡ 0",
    ),
    Wrong(
        "sigma_prime_at_most_one_fifth",
        lambda: st(sp.Le(SP(z), sp.Rational(1, 5)), definitions=DEFS, rewrite=(sig.T_REWRITE,)),
        "inequality",
        "σ′(0) = 1/4",
        says="is not shown nonnegative",
    ),
    Wrong(
        "sigma_prime_below_quarter_strictly",
        lambda: st(sp.Lt(SP(z), quarter), definitions=DEFS, rewrite=(sig.T_REWRITE,)),
        "inequality",
        "σ′(0) = 1/4",
    ),
    Wrong(
        "sigma_prime_is_sigma_times_sigma",
        lambda: st(sp.Eq(sp.Derivative(sig.SIGMA(z), z), sig.SIGMA(z) ** 2), definitions=DEFS),
        "identity",
        "z = 1: σ′(1) ≠ σ(1)²",
        says="not shown ≡ 0",
    ),
    Wrong(
        "sigma_below_half",
        lambda: st(sp.Lt(sigma(z), half)),
        "inequality",
        "z = 1",
    ),
    Wrong("square_positive", lambda: st(sp.Gt(x**2, 0, evaluate=False)), "inequality", "x = 0"),
    Wrong(
        "weighted_bound_with_eighth",
        lambda: st(
            sp.Implies(
                sp.Lt(sp.Abs(w), 1),
                sp.Lt(sp.Abs(w * SP(z)), sp.Rational(1, 8)),
            ),
            definitions=DEFS,
            rewrite=(sig.T_REWRITE,),
        ),
        "inequality",
        "w = 0.9, z = 0",
    ),
    Wrong(
        "exp_below_one_plus",
        lambda: st(sp.Le(sp.exp(x), 1 + x + x**2, evaluate=False)),
        "inequality",
        "x = 3",
    ),
    Wrong(
        "cube_nonnegative",
        lambda: st(sp.Ge(x**3, 0, evaluate=False)),
        "inequality",
        "x = −1",
    ),
    Wrong(
        "sum_of_positive_squares_strict",
        lambda: st(sp.Gt(x**2 + y**2, 0, evaluate=False)),
        "inequality",
        "x = y = 0",
    ),
    Wrong(
        "log_below_minus_one_plus_x",
        lambda: st(sp.Le(sp.log(t), t - 2, evaluate=False)),
        "inequality",
        "t = 1",
    ),
    Wrong(
        "reciprocal_bound",
        lambda: st(sp.Le(1 / t, t, evaluate=False)),
        "inequality",
        "t = 1/2",
    ),
    # ---------------------------------------------- changes of variables that do not cover
    Wrong(
        "rewrite_exp_as_one_plus_t",
        lambda: st(
            sp.Lt(sigma(z), half),
            rewrite=(Rewrite(sp.exp(-z), 1 + t, t, sp.exp(-z) - 1),),
        ),
        "substitution",
        "1 + t covers only e^(−z) > 1, i.e. z < 0",
        says="does not cover the domain",
    ),
    Wrong(
        "rewrite_z_as_zero",
        lambda: st(
            sp.Eq(z, 0, evaluate=False),
            rewrite=(Rewrite(z, sp.Integer(0) * t, t, z),),
        ),
        "substitution",
        "z = 0 is no change of variables",
    ),
    Wrong(
        "rewrite_z_as_square",
        lambda: st(sp.Ge(z, 0, evaluate=False), rewrite=(Rewrite(z, x**2, x, sp.sqrt(z)),)),
        "substitution",
        "x² covers only z ≥ 0",
        says="defined on the whole domain",
    ),
    Wrong(
        "rewrite_with_wrong_inverse",
        lambda: st(
            sp.Gt(-sp.log(y), 0),
            rewrite=(Rewrite(y, 1 / (1 + s), s, y),),
        ),
        "substitution",
        "y ↦ y is not the inverse of 1/(1 + s), and y is not positive",
    ),
    Wrong(
        "rewrite_unit_interval_for_positive",
        lambda: st(
            sp.Gt(-sp.log(u), 0, evaluate=False),
            rewrite=(Rewrite(u, 1 / (1 + s), s, 1 / u - 1),),
        ),
        "substitution",
        "u > 0 is not in (0, 1): u = 2",
        says="does not cover the domain",
    ),
    Wrong(
        "rewrite_abs_w_beyond_four",
        lambda: st(
            sp.Ge(t, 4, evaluate=False),
            rewrite=(Rewrite(t, 4 * (1 + s) ** 2 / (1 + 2 * s), s, t),),
        ),
        "substitution",
        "covers only t > 4",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_false_or_ill_posed_statement_is_refused(case: Wrong) -> None:
    assert_refused_by(case)


def test_there_are_many_statement_cases() -> None:
    assert len(CASES) >= 50
