"""Cost-function claims: the helpers are right, and the proofs refuse wrong variants."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from gradproof.derivation import Derivation, Step, are_equal
from gradproof.proofs import activations, costs
from gradproof.proofs.sigmoid import sigma


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


def test_display_sigma_prints_as_sigma_and_is_the_sigmoid() -> None:
    z = sp.Symbol("z", real=True)
    assert sp.latex(costs.SigmaPrime(z)) == r"\sigma'\left(z\right)"
    assert sp.latex(costs.Sigma(z)) == r"\sigma\left(z\right)"
    assert costs.display_functions_are_the_sigmoid()


def test_cancellation_derivation_shows_the_sigma_prime_ratio() -> None:
    steps = costs.CANCELLATION_DERIVATION.steps
    assert len(steps) == 5
    assert steps[2].expr.has(costs.SigmaPrime)  # the intermediate form keeps σ′/(σ(1 − σ))
    assert not steps[-1].expr.has(costs.SigmaPrime)  # and the result has no σ′


def test_cancellation_without_sigma_prime_identity_is_refused() -> None:
    """If σ′ were some other function, the cancellation link must not be accepted."""
    z = sp.Symbol("z", real=True)
    y = sp.Symbol("y", real=True)
    s = costs.Sigma(z)
    wrong = Derivation(
        title="cancellation with σ′ replaced by σ",
        steps=(
            Step(s * (s - y) / (s * (1 - s)), "σ′ replaced by σ (wrong)"),
            Step(s - y, "claimed cancellation"),
        ),
    )
    assert not wrong.check().ok


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
    """The KL derivation's last link checks a sign; a flipped sign is refused."""
    last = costs.MIN_KL_NONNEG_DERIVATION.steps
    flipped = Derivation(
        title="−KL ≥ 0 (wrong)",
        steps=(
            Step(-last[1].expr, "negated"),
            Step(sp.Integer(0), "≥ 0?", ">=", check=last[2].check),
        ),
    )
    assert not flipped.check().ok


def test_relu_derivative_at_zero_is_not_one() -> None:
    """The loose reading 'ReLU′(0) = 1' is refuted: the left derivative at 0 is 0."""
    lim = activations.one_sided_derivatives_at_zero()
    assert lim["relu-"] == 0
    assert lim["relu+"] == 1


def test_term_by_term_check_refuses_non_sum_multiples() -> None:
    """Σ f/n = Σ g/n + h must not be 'proved' from f/n = g/n + h (not a multiple of one Sum)."""
    n, i = costs.n, costs.i
    f = sp.IndexedBase("f")
    h = sp.Symbol("h", real=True)
    total = sp.Sum(f[i], (i, 1, n)) / n
    assert costs._equal_term_by_term(total, sp.Sum(f[i] / n, (i, 1, n)))
    assert not costs._equal_term_by_term(total, sp.Sum(f[i] - n * h, (i, 1, n)) / n + h)
    assert not costs._equal_term_by_term(total, sp.Sum(f[i], (i, 1, n + 1)) / n)
    assert not costs._equal_term_by_term(total, i * sp.Sum(f[i], (i, 1, n)) / n)


def test_cancellation_derivation_with_a_wrong_final_form_fails() -> None:
    """Dropping x_j from the result (the bias formula in place of the weight one) is refused."""
    steps = costs.CANCELLATION_DERIVATION.steps
    i = costs.i
    z_i = costs.wj * costs._X[i] + costs._R[i]
    wrong_final = sp.Sum(costs.Sigma(z_i) - costs._Y[i], (i, 1, costs.n)) / costs.n
    right_final = sp.Sum(costs._X[i] * (costs.Sigma(z_i) - costs._Y[i]), (i, 1, costs.n)) / costs.n
    assert costs._equal_term_by_term(steps[3].expr, right_final)
    wrong = Derivation(
        title="wrong", steps=(steps[3], Step(wrong_final, "x_j dropped", check=steps[4].check))
    )
    assert not wrong.check().ok


def test_kl_mean_value_premises_refuse_a_wrong_derivative() -> None:
    """The F′ the KL ≥ 0 proof signs must be the derivative of KL(y‖a); a wrong one is refused."""
    a, y = costs.a, costs.y
    assert costs._kl_mvt_premises(costs._F_prime)
    assert not costs._kl_mvt_premises((a - y) / a)  # the (1 − a) factor dropped
    assert not costs._kl_mvt_premises((y - a) / (a * (1 - a)))  # the sign flipped


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
