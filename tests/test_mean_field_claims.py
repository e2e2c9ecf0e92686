"""The mean-field claims' numbers against independent computations (SciPy quad, NumPy
Gauss–Hermite), and the certificates' refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize

from gradproof.numerics import mean_field_certified as mfc
from gradproof.proofs import mean_field as mf


def _phi(name: str):  # type: ignore[no-untyped-def]
    return (lambda x: 1 / (1 + np.exp(-x))) if name == "sigmoid" else np.tanh


def _dphi(name: str):  # type: ignore[no-untyped-def]
    if name == "sigmoid":
        return lambda x: np.exp(-abs(x)) / (1 + np.exp(-abs(x))) ** 2
    return lambda x: 1 / np.cosh(x) ** 2


def _scipy_e(f, q: float) -> float:  # type: ignore[no-untyped-def]
    s = math.sqrt(q)
    g = lambda x: f(s * x) * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    return integrate.quad(g, -math.inf, math.inf, epsabs=1e-14, epsrel=1e-13)[0]


def _hermite_e(f, q: float, n: int = 120) -> float:  # type: ignore[no-untyped-def]
    x, w = np.polynomial.hermite_e.hermegauss(n)
    return float(np.sum(w * f(math.sqrt(q) * x)) / math.sqrt(2 * math.pi))


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_stated_fixed_points_match_scipy_brentq(name: str) -> None:
    phi, dphi = _phi(name), _dphi(name)
    q_star = optimize.brentq(
        lambda q: _scipy_e(lambda x: phi(x) ** 2, q) + 1 - q, 0.5, 3.0, xtol=1e-15
    )
    chi1 = _scipy_e(lambda x: dphi(x) ** 2, q_star)
    stated_q, stated_chi = mf.STATED_FIXED_POINTS[name]
    assert stated_q == pytest.approx(q_star, rel=1e-12)
    assert stated_chi == pytest.approx(chi1, rel=1e-11)
    assert stated_chi == pytest.approx(_hermite_e(lambda x: dphi(x) ** 2, stated_q), rel=1e-8)


@pytest.mark.parametrize("sigma_b", [0.0, 0.5, 1.0])
def test_critical_sigma_w_matches_scipy(sigma_b: float) -> None:
    phi, dphi = _phi("sigmoid"), _dphi("sigmoid")

    def chi1_minus_one(sw: float) -> float:
        q = optimize.brentq(
            lambda q: sw**2 * _scipy_e(lambda x: phi(x) ** 2, q) + sigma_b**2 - q, 1e-3, 200.0
        )
        return sw**2 * _scipy_e(lambda x: dphi(x) ** 2, q) - 1

    root = optimize.brentq(chi1_minus_one, 5.0, 20.0, xtol=1e-12)
    lo, hi, _, _ = mf.CRITICAL_BRACKETS[sigma_b]
    assert lo - 1e-8 <= root <= hi + 1e-8
    assert lo >= 4  # the proved bound: χ ≥ 1 needs σ_w ≥ 4


def test_contraction_also_holds_at_the_other_stated_points() -> None:
    for name in ("sigmoid", "tanh"):
        for sw, sb in mfc.STATED_POINTS[1:2]:
            assert mfc.contraction_certificate(name, sw, sb).holds


def test_a_wrong_fixed_point_guess_is_not_certified() -> None:
    with pytest.raises(ArithmeticError):
        mfc.fixed_point("tanh", 1.0, 1.0, guess=1.46385)


def test_a_bracket_without_a_sign_change_is_refused() -> None:
    lo, _, q_lo, _ = mf.CRITICAL_BRACKETS[0.0]
    with pytest.raises(ArithmeticError):
        mfc.critical_sigma_w(0.0, lo * 0.9, lo, q_guess=(None, q_lo))  # type: ignore[arg-type]


def test_relu_expectation_is_a_half_by_scipy() -> None:
    for q in (0.01, 1.0, 100.0):
        assert _scipy_e(lambda x: float(x > 0), q) == pytest.approx(0.5, abs=1e-9)


def test_fourth_derivative_bound_matches_dense_sampling() -> None:
    xs = np.linspace(-30, 30, 200_001)
    for name in ("sigmoid", "tanh"):
        _, p4 = mfc.square_derivative_polys(name)
        uvals = _phi(name)(xs)
        sampled = np.max(np.abs(np.polynomial.polynomial.polyval(uvals, p4)))
        assert float(mfc.fourth_derivative_bound(name)) == pytest.approx(sampled, rel=1e-6)
        # the polynomial is (φ²)⁗: compare with finite differences of φ² at a few points
        h = 1e-2
        phi = _phi(name)
        for x0 in (-1.3, 0.2, 2.1):
            f = lambda x, phi=phi: phi(x) ** 2  # noqa: E731
            fd = (f(x0 - 2 * h) - 4 * f(x0 - h) + 6 * f(x0) - 4 * f(x0 + h) + f(x0 + 2 * h)) / h**4
            exact = np.polynomial.polynomial.polyval(_phi(name)(x0), p4)
            assert fd == pytest.approx(exact, rel=1e-3, abs=1e-3)


def test_the_sanity_net_evaluates_the_gaussian_integrals_and_catches_a_wrong_one() -> None:
    import sympy as sp

    from gradproof import sanity

    st = mf.relu_he_is_critical.formal
    verdict = sanity.evaluate(st.relation, st.definitions)
    assert verdict.failure is None and verdict.points >= 5, verdict.summary
    wrong = st.relation.xreplace({sp.Rational(1, 2): sp.Rational(1, 3)})
    assert sanity.evaluate(wrong, st.definitions).failure is not None
    # a bound the sigmoid's χ does not meet (χ ≤ σ_w²/40 fails near q = 0, where χ ≈ σ_w²/16)
    tight = mf.SIGMOID_CHI_RELATION.xreplace({sp.Rational(1, 16): sp.Rational(1, 40)})
    assert sanity.evaluate(tight, mf.sig.DEFINITIONS).failure is not None
