"""Cost-function claims: the helpers are right, and the proofs refuse wrong variants."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
import sympy as sp

from gradproof.core import ProofError
from gradproof.derivation import Derivation, Step, are_equal
from gradproof.proofs import activations, costs
from gradproof.proofs.sigmoid import SIGMA, SIGMA_PRIME, sigma
from gradproof.typeset import canonical_functions, latex


def test_cost_expressions_match_hand_values() -> None:
    a, y = sp.Rational(1, 4), sp.Rational(1, 3)
    assert float(costs.quadratic_cost_expr(a, y)) == pytest.approx((1 / 3 - 1 / 4) ** 2 / 2)
    expected_ce = -(1 / 3 * math.log(1 / 4) + 2 / 3 * math.log(3 / 4))
    assert float(costs.cross_entropy_expr(a, y)) == pytest.approx(expected_ce, rel=1e-15)
    expected_h = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3))
    assert float(costs.binary_entropy_expr(y)) == pytest.approx(expected_h, rel=1e-15)
    z = sp.Float(0.7)
    assert float(costs.cross_entropy_grad_z_expr(z, y)) == pytest.approx(
        1 / (1 + math.exp(-0.7)) - 1 / 3, rel=1e-15
    )


def test_derivations_print_sigma_and_define_it_as_the_sigmoid() -> None:
    z = sp.Symbol("z", real=True)
    assert latex(canonical_functions(SIGMA_PRIME(z))) == r"\sigma'\left(z\right)"
    assert latex(canonical_functions(SIGMA(z))) == r"\sigma\left(z\right)"
    assert costs.sigma_definitions_are_the_sigmoid()
    # every derivation of the family carries σ's definition: a link is checked against it
    for d in (costs.CANCELLATION_DERIVATION, costs.BIAS_GRAD_DERIVATION):
        defined = {t.prop.lhs.func for t in d.using}
        assert {SIGMA, SIGMA_PRIME} <= defined


def test_cancellation_derivation_shows_the_sigma_prime_ratio() -> None:
    steps = costs.CANCELLATION_DERIVATION.steps
    assert len(steps) == 5
    assert steps[2].expr.has(SIGMA_PRIME)  # the intermediate form keeps σ′/(σ(1 − σ))
    assert steps[2].expr.has(1 - SIGMA(costs.zs))
    assert not steps[-1].expr.has(SIGMA_PRIME)  # and the result has no σ′
    assert costs.CANCELLATION_DERIVATION.check().ok


def test_cancellation_without_sigma_prime_identity_is_refused() -> None:
    """If σ′ were some other function, the cancellation link must not be accepted."""
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y", real=True)
    s = SIGMA(z)
    wrong = Derivation(
        title="cancellation with σ′ replaced by σ",
        steps=(
            Step(s * (s - y) / (s * (1 - s)), "σ′ replaced by σ (wrong)"),
            Step(s - y, "claimed cancellation"),
        ),
        using=costs.DEFINITION_THEOREMS,
    )
    assert not wrong.check().ok
    right = Derivation(
        title="cancellation with σ′",
        steps=(Step(SIGMA_PRIME(z) * (s - y) / (s * (1 - s)), "σ′"), Step(s - y, "cancels")),
        using=costs.DEFINITION_THEOREMS,
    )
    assert right.check().ok


def test_quadratic_output_gradient_without_sigma_prime_is_refused() -> None:
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y", real=True)
    grad = sp.diff(costs.quadratic_cost_expr(sigma(z), y), z)
    assert are_equal(grad, (sigma(z) - y) * sigma(z) * (1 - sigma(z)))
    assert not are_equal(grad, sigma(z) - y)  # the σ′ factor is really there


def test_binary_entropy_is_not_the_minimum_at_a_wrong_point() -> None:
    y = costs.y
    assert are_equal(costs.cross_entropy_expr(y, y), costs.binary_entropy_expr(y))
    assert not are_equal(costs.cross_entropy_expr(y / 2, y), costs.binary_entropy_expr(y))


def test_wrong_kl_sign_fails_the_sign_argument() -> None:
    """KL ≥ its tangent bound is proved (in p, q, carried back by the substitution rule);
    −KL ≥ −bound, with the same justification, is refused."""
    d = costs.MIN_KL_NONNEG_DERIVATION
    right = Derivation("KL ≥ bound", (d.steps[0], d.steps[1]), hyps=d.hyps)
    assert right.check().ok
    flipped = Derivation(
        title="−KL ≥ −bound (wrong)",
        steps=(
            Step(-d.steps[0].expr, "negated"),
            Step(-d.steps[1].expr, "≥ ?", ">=", check=d.steps[1].check),
        ),
        hyps=d.hyps,
    )
    assert not flipped.check().ok


def test_log_bound_is_the_mean_value_theorem_and_a_wrong_bound_is_refused() -> None:
    """ln t ≥ 1 − 1/t by the core's mean value rule; ln t ≥ 1 − 1/(2t) (false at t = 1/4:
    ln(1/4) ≈ −1.39 < −1) with the same justification is refused."""
    d = costs.LOG_BOUND_DERIVATION
    assert d.theorem().rules_used().get("mean_value") == 1
    t = costs._t
    wrong = Derivation(
        "ln t ≥ 1 − 1/(2t)?",
        (d.steps[0], Step(1 - 1 / (2 * t), "mean value?", ">=", check=d.steps[1].check)),
    )
    assert not wrong.check().ok


def test_unit_square_rewrite_that_does_not_cover_the_square_is_refused() -> None:
    """a = 1/(2 + p) covers only a < 1/2: the substitution rule refuses it (p = 1/a − 2 is not
    shown positive for every a < 1), so the KL identity is not proved through it."""
    narrow = costs.Rewrite(costs.a, 1 / (2 + costs._p), costs._p, 1 / costs.a - 2)
    d = costs.MIN_KL_DERIVATION
    original = costs.A_REWRITE
    try:
        costs.A_REWRITE = narrow
        results = d.link_results()
    finally:
        costs.A_REWRITE = original
    assert isinstance(results[0], ProofError)
    assert results[0].rule == "substitution"
    assert "does not cover the domain" in str(results[0])
    assert d.check().ok


def test_stationary_point_needs_the_hypothesis_c_prime_zero() -> None:
    """a = y follows from C′(a) = 0 (a hypothesis of the derivation); without it the last link
    y + a(1 − a)C′(a) = y is refused."""
    d = costs.MIN_STATIONARY_DERIVATION
    assert d.check().ok
    without = Derivation(d.title, d.steps, hyps=(costs.A_BELOW_ONE, costs.Y_BELOW_ONE))
    assert without.failed_links() == [2]


def test_cross_entropy_nonneg_needs_its_premise() -> None:
    """C(a, 1) > 0 only for a < 1 (a > 1 makes −ln a negative): without the premise it fails."""
    st = costs.cross_entropy_nonneg.formal
    bare = sp.And(
        *(
            p.args[1] if isinstance(p, sp.Implies) and p.args[1].lhs.args[1] == 1 else p
            for p in st.parts()
        )
    )
    assert bare != st.relation
    assert not replace(st, relation=bare).prove().ok


def test_termwise_justification_refuses_another_range_or_a_non_sum() -> None:
    """Σ f = Σ g is proved term by term only over one and the same range, and only for sums."""
    n, i = costs.n, costs.i
    x = sp.IndexedBase("x", real=True)
    total = sp.Sum((x[i] + 1) ** 2, (i, 1, n))

    def one_link(cur: sp.Expr) -> Derivation:
        return Derivation("Σ", (Step(total, "Σ"), Step(cur, "termwise", check=costs.termwise())))

    assert one_link(sp.Sum(x[i] ** 2 + 2 * x[i] + 1, (i, 1, n))).check().ok
    assert not one_link(sp.Sum(x[i] ** 2 + 2 * x[i] + 1, (i, 1, n + 1))).check().ok
    assert not one_link(sp.Sum(x[i] ** 2 + 2 * x[i], (i, 1, n))).check().ok
    assert not one_link(n + sp.Sum(x[i] ** 2 + 2 * x[i], (i, 1, n))).check().ok


def test_gradients_with_a_wrong_final_form_fail() -> None:
    """Dropping x_j from the weight gradient (the bias formula in its place) is refused, and so
    is the bias gradient with an x_j it does not have."""
    i, n = costs.i, costs.n
    st = costs.cross_entropy_cancellation.formal
    grad = st.part(sp.Eq, lambda p: p.lhs.has(sp.Sum))
    z_i = costs.wj * costs._X[i] + costs._R[i]
    no_x = sp.Sum((SIGMA(z_i) - costs._Y[i]) / n, (i, 1, n))
    wrong = sp.And(*(sp.Eq(p.lhs, no_x) if p is grad else p for p in st.parts()))
    assert not replace(st, relation=wrong).prove().ok
    bias = costs.BIAS_GRAD_DERIVATION
    extra_x = sp.Sum(costs._X[i] * bias.steps[-1].expr.function, (i, 1, n))
    wrong_bias = Derivation(
        "wrong",
        (bias.steps[-2], Step(extra_x, "x_j added", check=bias.steps[-1].check)),
        using=bias.using,
    )
    assert not wrong_bias.check().ok


def test_relu_derivative_at_zero_is_not_one() -> None:
    """The loose reading 'ReLU′(0) = 1' is refuted: the left derivative at 0 is 0."""
    lim = activations.one_sided_derivatives_at_zero()
    assert lim["relu-"] == 0
    assert lim["relu+"] == 1


@pytest.mark.parametrize(
    ("derivation", "wrong_value"),
    [
        (activations.RELU_NEGATIVE_DERIVATION, sp.Integer(1)),
        (activations.RELU_POSITIVE_DERIVATION, sp.Integer(0)),
        (activations.LEAKY_NEGATIVE_DERIVATION, sp.Integer(1)),
        (activations.LEAKY_NEGATIVE_DERIVATION, sp.Integer(0)),
        (activations.LEAKY_POSITIVE_DERIVATION, activations.EPS),
    ],
)
def test_relu_difference_quotient_with_a_wrong_slope_is_refused(
    derivation: Derivation, wrong_value: sp.Expr
) -> None:
    """Each ReLU / leaky ReLU link checks a real quotient: a wrong slope is not accepted."""
    wrong = Derivation(
        title="wrong slope", steps=(derivation.steps[0], Step(wrong_value, "wrong slope"))
    )
    assert not wrong.check().ok
    assert derivation.check().ok
