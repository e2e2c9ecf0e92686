"""The checker's own rules, each with a wrong proof or claim that only a wrong version would pass.

Every rule the checker uses to conclude "proved" is tested here by a statement it must *not*
prove — false, with the point where it fails worked out by hand (or by mpmath) — chosen so that
the counterexample search cannot find that point (it lies off the small rationals the search
and the sanity net use, e.g. w1 = 137/1009, or the formula agrees with the truth at every point
searched). Only the rule itself then stands between the statement and a false "proved"; a
mutation of the rule (``mutations/checker_entries.py``) must make one of these tests fail. Each
rule also gets a true statement it must prove, so that a rule too strict to prove anything
fails too.

Rules: the sign certificate (the ranges of σ, σ′, tanh′; |u| from the sign of u or the range
of u; closed and open ends; the numerator's coefficients all of one sign; strictness), a
product assumed nonzero has nonzero factors, an equality needs both inequalities, rational
cancellation after naming e^u by t and e^{−u} by 1/t (chain and ``--sizes``), ReLU sign
patterns (all of them), the derivative atoms' values, and the relation a chain of links implies.
"""

from __future__ import annotations

from typing import Any

import mpmath
import pytest
import sympy as sp

from gradproof.checker import check, check_steps, core
from gradproof.checker.layers import solve_layers
from gradproof.checker.network import Network
from gradproof.checker.parser import parse_expression
from gradproof.checker.signs import Range, Sig, SigP, Tanh, TanhP, certify_sign
from gradproof.checker.steps import composite

u = sp.Symbol("u", real=True)
w = sp.Symbol("w", real=True)
HIDDEN = sp.Rational(137, 1009)  # a point no search and no net ever tries
ARG = "1000*w1 - 137000/1009"  # = 0 exactly at w1 = 137/1009, |·| ≥ 5 at every searched w1


def sig(z: Any) -> Any:
    return 1 / (1 + mpmath.exp(-z))


def statuses(text: str, **options: Any) -> list[str]:
    return [link.status for link in check_steps(text, **options).links]


# ------------------------------------------------------------------ ranges of the atoms


def test_sigma_prime_range_is_zero_to_a_quarter_not_less() -> None:
    assert certify_sign(sp.Rational(1, 4) - SigP(u), False, {})[0]  # σ′ ≤ 1/4 (claim)
    assert certify_sign(SigP(u), True, {})[0]  # σ′ > 0
    # σ′(0) = 1/4: neither ≤ 1/8 nor ≤ 1/5 holds for every u
    assert not certify_sign(sp.Rational(1, 8) - SigP(u), False, {})[0]
    assert not certify_sign(sp.Rational(1, 5) - SigP(u), False, {})[0]


def test_a_false_bound_on_sigma_prime_away_from_the_searched_points_is_not_proved() -> None:
    # σ′(1000 w1 − 137000/1009) ≤ 1/8 fails at w1 = 137/1009, where σ′(0) = 1/4
    with mpmath.workdps(30):
        assert sig(0) * (1 - sig(0)) == mpmath.mpf(1) / 4
    assert statuses(f"σ'({ARG})\n <= 1/8\n") == ["undecided"]
    assert statuses(f"σ'({ARG})\n <= 1/5\n") == ["undecided"]
    assert statuses(f"σ'({ARG})\n <= 1/4\n") == ["proved"]


def test_sigma_and_tanh_ranges() -> None:
    assert certify_sign(1 - Sig(u), True, {})[0] and certify_sign(Sig(u), True, {})[0]
    assert not certify_sign(sp.Rational(1, 2) - Sig(u), False, {})[0]  # σ(1) > 1/2
    assert certify_sign(1 - TanhP(u), False, {})[0] and certify_sign(TanhP(u), True, {})[0]
    assert not certify_sign(sp.Rational(1, 2) - TanhP(u), False, {})[0]  # tanh′(0) = 1
    assert certify_sign(1 - Tanh(u), True, {})[0] and certify_sign(1 + Tanh(u), True, {})[0]


def test_a_false_bound_on_tanh_prime_away_from_the_searched_points_is_not_proved() -> None:
    # tanh′(0) = 1 > 1/2 at w1 = 137/1009
    assert statuses(f"tanh'({ARG})\n <= 1/2\n", activation="tanh") == ["undecided"]
    assert statuses(f"tanh'({ARG})\n <= 1\n", activation="tanh") == ["proved"]


# ------------------------------------------------------------------ |u|, ends, strictness


def test_abs_of_a_variable_is_bounded_by_the_farther_end_of_its_range() -> None:
    r = {w: Range(sp.Integer(-1), sp.Rational(1, 2))}  # −1 < w < 1/2: |w| < 1, not < 1/2
    assert certify_sign(1 - sp.Abs(w), True, r)[0]
    assert not certify_sign(sp.Rational(1, 2) - sp.Abs(w), False, r)[0]  # |−9/10| > 1/2


def test_abs_is_u_only_where_the_sign_of_u_is_proved() -> None:
    assert not certify_sign(w - sp.Abs(w), False, {})[0]  # |w| ≤ w fails at w = −1
    assert certify_sign(w - sp.Abs(w), False, {w: Range(sp.Integer(0))})[0]  # w > 0: |w| = w


def test_a_closed_end_is_not_taken_for_an_open_one() -> None:
    assert not certify_sign(w, True, {w: Range(sp.Integer(0), lo_closed=True)})[0]  # w = 0
    assert certify_sign(w, True, {w: Range(sp.Integer(0))})[0]
    assert certify_sign(w, False, {w: Range(sp.Integer(0), lo_closed=True)})[0]
    # w1 ≥ 137/1009 does not give w1 > 137/1009 (equal at the end)
    assert statuses("w1\n > 137/1009\n", assume=["w1 >= 137/1009"]) == ["undecided"]
    assert statuses("w1\n >= 137/1009\n", assume=["w1 >= 137/1009"]) == ["proved"]


def test_the_numerators_sign_is_that_of_all_its_terms_not_the_first() -> None:
    # with σ′ = (1/4)/(1 + t): 1/5 − σ′ = (4t − 1)/(20(1 + t)), first term 4t > 0, then −1
    assert not certify_sign(sp.Rational(1, 5) - SigP(u), False, {})[0]
    assert not certify_sign(SigP(u) - sp.Rational(1, 5), False, {})[0]
    # (1 − w)(1 + w) = 1 − w² on −1 < w < 2: first term positive, yet −5/4 at w = 3/2
    r = {w: Range(sp.Integer(-1), sp.Integer(2))}
    assert not certify_sign((1 - w) * (1 + w), False, r)[0]


def test_a_strict_inequality_needs_a_strictly_positive_term() -> None:
    # |w1 − 137/1009|·σ′(z1) > 0 fails at w1 = 137/1009, where the product is 0
    assert statuses("abs(w1 - 137/1009)*σ'(z1)\n > 0\n") == ["undecided"]
    assert statuses("abs(w1 - 137/1009)*σ'(z1)\n >= 0\n") == ["proved"]
    assert not certify_sign(sp.Abs(w) * SigP(u), True, {})[0]
    assert certify_sign(sp.Abs(w) * SigP(u), True, {sp.Abs(w): Range(sp.Integer(0))})[0]


# ------------------------------------------------------------------ assumptions on products


def test_a_product_bounded_around_zero_says_nothing_about_its_factors() -> None:
    # −1 < w1·(w2 − 137/1009) < 1 allows w2 = 137/1009, where |w2 − 137/1009| = 0
    text = "abs(w2 - 137/1009)\n > 0\n"
    assume = ["-1 < w1*(w2 - 137/1009) < 1"]
    assert statuses(text, layers=2, assume=assume) == ["undecided"]


def test_a_product_assumed_nonzero_has_nonzero_factors() -> None:
    assert statuses("abs(w2)\n > 0\n", layers=2, assume=["abs(w1*w2) > 0"]) == ["proved"]


def test_an_equality_needs_both_inequalities() -> None:
    # relu(1/1000 − 1000(w1 − 137/1009)²) ≥ 0 always, = 1/1000 > 0 at w1 = 137/1009 (and 0 at
    # every searched point): "= 0" is false, though "≥ 0" is certified
    text = "relu(1/1000 - 1000*(w1 - 137/1009)^2)\n = 0\n"
    assert statuses(text, assume=["w1 > -10"]) == ["undecided"]
    ge = "relu(1/1000 - 1000*(w1 - 137/1009)^2)\n >= 0\n"
    assert statuses(ge, assume=["w1 > -10"]) == ["proved"]


def test_an_assumption_with_an_open_end_keeps_the_end_out_of_the_domain() -> None:
    # w1² > 1 excludes w1 = ±1 (searched points), where "w1² > 1" would be a tie
    r = check_steps("w1*w1\n > 1\n", assume=["w1*w1 > 1"])
    assert r.links[0].status != "refuted", r.links[0]


# ------------------------------------------------------------------ rational cancellation


def test_e_to_the_minus_u_is_one_over_e_to_the_u_not_the_same_atom() -> None:
    # σ(−z) = 1/(1 + e^{z}) ≠ σ(z) = 1/(1 + e^{−z}) for z ≠ 0
    net = Network()
    z = net.data[0].z[1]
    proved, _ = core.prove_zero(net, parse_expression("σ(-z1) - σ(z1)", net) - 0 * z)
    assert not proved
    r = check("dC/dw1", "x*σ'(z1)*(σ(-z1) - y)")
    assert r.status == "refuted" and r.counterexample is not None
    assert check("dC/dw1", "x*σ'(z1)*(1 - σ(-z1) - y)").status == "proved"  # σ(z) = 1 − σ(−z)


# P vanishes at every value the --sizes search gives a weight, so the wrong term below agrees
# with the truth at every network searched; P(−1) ≠ 0, so it is wrong wherever z2 ≠ 0
P = "*".join(
    f"(sum(W2) - ({v}))" for v in ("1/2", "-3/2", "2", "3/4", "-1/3", "5/4", "-2", "1", "-1/2")
)


def test_sizes_cancellation_keeps_e_to_the_minus_u_apart_from_e_to_the_u() -> None:
    claim = f"(a2 - y) * σ'(z2) + {P} * (σ(-z2) - σ(z2))"
    out = solve_layers((1, 1, 1), "quadratic", "dC/dz2", claim)
    assert out["status"] == "undecided", out
    with mpmath.workdps(30):  # the wrong term at W2 = −1 (b2 = 0, any z1): P(−1)·(σ(−z) − σ(z))
        p_minus_one = mpmath.fprod(
            -1 - mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q
            for v in ("1/2", "-3/2", "2", "3/4", "-1/3", "5/4", "-2", "1", "-1/2")
        )
        z2 = -sig(mpmath.mpf(1) / 2)
        assert abs(p_minus_one * (sig(-z2) - sig(z2))) > mpmath.mpf("1e-3")
    right = f"(a2 - y) * σ'(z2) + {P} * (exp(0*z2) - σ(-z2) - σ(z2))"  # the added term is 0
    assert solve_layers((1, 1, 1), "quadratic", "dC/dz2", right)["status"] == "proved"


# ------------------------------------------------------------------ ReLU sign patterns


def test_every_relu_sign_pattern_is_checked_not_only_the_first() -> None:
    # right for z1 < 0 (both 0), twice the truth for z1 > 0
    net = Network(activation="relu")
    diff = parse_expression("2*x*step(z1)*(relu(z1) - y)", net) - net.true_derivative("w", 1)
    assert core._relu_patterns(net, diff)[0] is False
    r = check("dC/dw1", "2*x*step(z1)*(relu(z1) - y)", activation="relu")
    assert r.status == "refuted", r.detail
    two = Network(layers=2, activation="relu")
    wrong = "2*step(z2)*(relu(z2) - y)*step(z1)*w2*step(z1)"  # right only where a z is < 0
    diff2 = parse_expression(wrong, two) - two.true_derivative("b", 1)
    assert core._relu_patterns(two, diff2)[0] is False


# ------------------------------------------------------------------ derivative atoms


@pytest.mark.parametrize(
    ("link", "options"),
    [
        ("dC/da1\n = a1 - y\n", {}),
        ("d(a1)/d(z1)\n = σ'(z1)\n", {}),
        ("d(z2)/d(a1)\n = w2\n", {"layers": 2}),
        ("dC/dz1\n = dC/da1 * d(a1)/d(z1)\n", {}),
        ("dC/dx\n = w1*σ'(z1)*(a1 - y)\n", {}),
        ("dC/db2\n = σ'(z2)*(a2 - y)\n", {"layers": 2}),
        ("d(a2)/d(a1)\n = σ'(z2)*w2\n", {"layers": 2}),
        (
            "sum(dC/da1 * d(a1)/d(z1) * x)\n = sum(x*σ'(z1)*(a1 - y))/n\n",
            {"pairs": 2, "average": True},
        ),
        ("dC/dw1\n = sum(dC/da1 * d(a1)/d(z1) * x)\n", {"pairs": 2, "average": True}),
    ],
)
def test_each_derivative_atom_has_its_textbook_value(link: str, options: dict[str, Any]) -> None:
    assert statuses(link, **options) == ["proved"]


@pytest.mark.parametrize(
    ("link", "options"),
    [
        ("dC/da1\n = y - a1\n", {}),
        ("dC/dz1\n = dC/da1\n", {}),
        ("d(a2)/d(a1)\n = σ'(z1)*w2\n", {"layers": 2}),
        (
            "sum(dC/da1 * d(a1)/d(z1) * x)\n = sum(x*σ'(z1)*(a1 - y))\n",
            {"pairs": 2, "average": True},
        ),
    ],
)
def test_wrong_atom_values_are_refuted(link: str, options: dict[str, Any]) -> None:
    assert statuses(link, **options) == ["refuted"]


# ------------------------------------------------------------------ a chain of links


def test_the_relation_a_chain_implies_is_strict_only_with_a_strict_link() -> None:
    assert composite(["<=", "<="]) == "<=" and composite(["=", "<="]) == "<="
    assert composite(["<=", "<"]) == "<" and composite(["<", "="]) == "<"
    assert composite([">=", ">="]) == ">=" and composite([">=", ">"]) == ">"
    assert composite(["=", "="]) == "="
    assert composite(["<=", ">="]) is None and composite(["<", ">"]) is None
    r = check_steps("σ'(z1)\n <= 1/4\n <= 1/4\n")
    assert r.overall is not None and r.overall.relation == "<="
    assert r.overall.status == "proved" and "line 1 ≤ line 3" in r.summary
