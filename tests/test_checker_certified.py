"""A refutation is certified: the checker never refutes a correct formula, whatever cancellation.

Issue 20: ``check --sizes 2,3,2 dC/dz1 "(W2.T @ delta2) * σ'(z1) * (exp(1000*z1)*(z1/z1 +
exp(-1000*z1)) - exp(1000*z1))"`` was refuted. The extra factor is e^{1000 z}(1 + e^{−1000 z}) −
e^{1000 z} = 1 wherever z ≠ 0, but at 50 and at 70 digits 1 + e^{−500} rounds to 1 and the factor
evaluates to 0 at both precisions: two wrong values that agree, which fooled the "agree to 20
digits" guard. Now every refutation rests on an interval enclosure (mpmath.iv, outward rounding)
of claim − truth that excludes 0, with the precision raised while cancellation keeps it wide; a
point counts only where the formula *as written* is defined (z1/z1 at z1 = 0 is not, even though
SymPy cancels it to 1); and a proof states the points it excludes.

Expected values come from mathematics (the factor is 1; σ′(0) = 1/4) or from mpmath at a precision
high enough to see through the cancellation, never from the checker.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import mpmath
import pytest
import sympy as sp

from gradproof.checker import check, check_steps, core, layers
from gradproof.checker.layers import LayerNetwork, layer_conditions, parse_matrix_expression
from gradproof.cli import main

SIZES_CLAIM = "(W2.T @ delta2) * σ'(z1) * (exp(1000*z1)*(z1/z1 + exp(-1000*z1)) - exp(1000*z1))"
CHAIN_CLAIM = "x*σ'(z1)*(a1 - y)*(exp(1000*z1)*(z1/z1 + exp(-1000*z1)) - exp(1000*z1))"


def mp(text: str) -> Any:
    f = Fraction(text)
    return mpmath.mpf(f.numerator) / f.denominator


def factor(z: Any) -> Any:
    """e^{1000 z}(z/z + e^{−1000 z}) − e^{1000 z}, written as in the claim (z/z = 1 for z ≠ 0)."""
    e = mpmath.exp(1000 * z)
    return e * (z / z + mpmath.exp(-1000 * z)) - e


def test_the_old_guard_is_fooled_two_precisions_agree_on_a_wrong_value() -> None:
    # the failure mode itself, at the network the old checker reported: z1[1] = 1/2
    z = mp("1/2") * mp("-3/2") + mp("-3/2") * mp("-1/3") + mp("3/4")
    assert z == mp("1/2")
    with mpmath.workdps(50):
        at_50 = factor(z)
    with mpmath.workdps(70):
        at_70 = factor(z)
    with mpmath.workdps(600):  # enough digits to keep e^{−500} next to 1
        exact = factor(z)
    assert at_50 == at_70 == 0  # both precisions lose e^{−500} the same way
    assert abs(exact - 1) < mpmath.mpf("1e-300")  # the factor is 1


def test_the_issue_20_sizes_formula_is_not_refuted_but_proved_off_z1_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["check", "--sizes", "2,3,2", "--json", "dC/dz1", SIZES_CLAIM])
    report = json.loads(capsys.readouterr().out)
    assert code == 0, report
    assert report["status"] == "proved" and report["counterexample"] is None
    # the excluded points are stated: z1/z1 is undefined where an entry of z1 is 0
    assert "z1 ≠ 0" in report["domain"]


def test_the_chain_version_is_proved_with_its_excluded_points_stated() -> None:
    r = check("dC/dw1", CHAIN_CLAIM)
    assert r.status == "proved", r.detail
    assert "z1 ≠ 0" in r.domain and "defined" in r.domain


def test_a_wrong_factor_hidden_in_the_same_cancellation_is_refuted_at_a_real_difference() -> None:
    # e^{1000 z}(1 + 2e^{−1000 z}) − e^{1000 z} = 2: the claim is twice the true derivative
    claim = CHAIN_CLAIM.replace("exp(-1000*z1)", "2*exp(-1000*z1)", 1)
    r = check("dC/dw1", claim)
    assert r.status == "refuted" and r.counterexample is not None
    p = {k: mp(v) for k, v in r.counterexample.point.items()}
    with mpmath.workdps(3000):  # recompute through the cancellation
        z = p["w1"] * p["x"] + p["b1"]
        s = 1 / (1 + mpmath.exp(-z))
        true = p["x"] * s * (1 - s) * (s - p["y"])
        e = mpmath.exp(1000 * z)
        mine = true * (e * (1 + 2 * mpmath.exp(-1000 * z)) - e)
        assert abs(mine - 2 * true) < mpmath.mpf("1e-100")
        assert abs(true) > mpmath.mpf("1e-10")  # so the claim really differs here
        for shown, value in (
            (r.counterexample.claimed_value, mine),
            (r.counterexample.correct_value, true),
        ):
            assert abs(mpmath.mpf(shown) - value) < mpmath.mpf("1e-45") * abs(value)


def test_the_enclosure_of_a_cancelled_difference_contains_zero_at_every_precision() -> None:
    z = sp.Symbol("z", real=True)
    written = sp.exp(1000 * z) * (1 + sp.exp(-1000 * z)) - sp.exp(1000 * z)
    for value in ("3", "1/2", "-5/3"):
        g = core.certified_gap(sp.Integer(1), written, {z: sp.Rational(value)})
        # exact value 1 − 1 = 0: the gap's sign is never certified as nonzero
        assert g is None or g.sign is None or g.sign == 0, (value, g)


def test_the_precision_is_raised_until_a_real_difference_hidden_by_cancellation_shows() -> None:
    z = sp.Symbol("z", real=True)
    written = sp.exp(1000 * z) * (1 + 2 * sp.exp(-1000 * z)) - sp.exp(1000 * z)  # = 2
    g = core.certified_gap(sp.Integer(1), written, {z: sp.Integer(3)})  # e^{3000}: 1303 digits
    assert g is not None and g.sign == 1 and g.digits > 1303


def test_a_counterexample_is_never_a_point_where_the_claim_as_written_is_undefined() -> None:
    # (w1 − 1/2)/(w1 − 1/2) is undefined at w1 = 1/2 — the first test point — though SymPy
    # cancels it to 1; the claim (σ′ missing) must be refuted somewhere else
    r = check("dC/dw1", "(a1 - y)*x*(w1 - 1/2)/(w1 - 1/2)")
    assert r.status == "refuted" and r.counterexample is not None
    assert mp(r.counterexample.point["w1"]) != mp("1/2")
    assert core._points(core.Network(), 1, seed=1)[0][sp.Symbol("w1", real=True)] == sp.Rational(
        1, 2
    )  # (so the point skipped really is the first one tried)


def test_a_layer_counterexample_is_never_a_network_where_the_formula_is_undefined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the only network tried has z1 = 1·1 + (−1) = 0, where the claim's z1/z1 is undefined
    net = LayerNetwork((1, 1, 1))
    syms = {str(s): s for s in layers.layer_variables(net)}
    point = {syms["W1[1,1]"]: 1, syms["x[1]"]: 1, syms["b1[1]"]: -1}
    point.update({syms["W2[1,1]"]: 2, syms["b2[1]"]: 1, syms["y[1]"]: 0})
    monkeypatch.setattr(
        layers, "_point", lambda *_a, **_k: {k: sp.Integer(v) for k, v in point.items()}
    )
    text = "(W2.T @ delta2) * σ(z1) * z1/z1"  # σ for σ′: wrong, and wrong at this network too
    claim, true = parse_matrix_expression(text, net), net.true_derivative("z", 1)
    conditions = layer_conditions(text, net)
    assert [c.statement() for c in conditions] == ["z1 ≠ 0"]
    assert layers.find_layer_counterexample(net, claim, true, 1, conditions) is None
    # without the condition this network would be reported (so the test can fail)
    assert layers.find_layer_counterexample(net, claim, true, 1) is not None


def test_proofs_state_the_points_they_exclude_and_only_those() -> None:
    base = "x*σ'(z1)*(a1 - y)"
    assert "z1 > 0" in check("dC/dw1", f"{base} + log(z1) - log(z1)").domain
    two = check("dC/dw1", f"{base} + 1/w1 - 1/w1 + b1/(x*y) - b1/(x*y)")
    assert two.status == "proved" and "w1 ≠ 0" in two.domain and "x * y ≠ 0" in two.domain
    # divisors that are never 0 (σ > 0, 1 − σ > 0, e^u > 0) exclude nothing
    clean = check("dC/dw1", f"{base}*σ(z1)/σ(z1)*(1 - σ(z1))/(1 - σ(z1))*exp(b1)/exp(b1)")
    assert clean.status == "proved" and "≠" not in clean.domain and ">" not in clean.domain


def test_a_proved_link_states_where_its_sides_are_undefined() -> None:
    r = check_steps("x*σ'(z1)*(a1 - y)\n = x*σ'(z1)*(a1 - y)*w1/w1\n")
    assert r.status == "proved", r.links[0].detail
    assert "w1 ≠ 0" in r.links[0].detail


def test_the_sizes_domain_names_every_entry() -> None:
    r = layers.check_layers("dC/db1", "delta1 * b1/b1", sizes="2,2,1")
    assert r.status == "proved" and "b1 ≠ 0 (every entry)" in r.domain
    assert "b1 ≠ 0" in r.text()


def test_an_assumption_is_judged_with_certainty_not_by_two_agreeing_roundings() -> None:
    # the assumption's expression is exactly 1 (so "< 1/2" holds nowhere: the domain is empty),
    # but 50- and 100-digit evaluations both round it to 0 at w1 = 1/2
    fooled = "exp(1000*w1)*(1 + exp(-1000*w1)) - exp(1000*w1) < 1/2"
    r = check_steps("w1\n < 0\n", assume=[fooled])
    assert r.links[0].status != "refuted", r.links[0]
    assert r.links[0].point is None


def test_every_printed_digit_of_a_counterexample_is_right() -> None:
    # the docs' example point: w1 = 1/2, b1 = −3/2, x = 1, y = 0 (z1 = −1)
    r = check_steps("dC/dw1\n = (a1 - y)*σ'(z1)*x\n = (a1 - y)*x\n")
    wrong = r.links[1]
    assert wrong.status == "refuted" and wrong.point is not None
    p = {k: mp(v) for k, v in wrong.point.items()}
    with mpmath.workdps(80):
        s = 1 / (1 + mpmath.exp(-(p["w1"] * p["x"] + p["b1"])))
        left = (s - p["y"]) * s * (1 - s) * p["x"]
        right = (s - p["y"]) * p["x"]
        for shown, value in ((wrong.left_value, left), (wrong.right_value, right)):
            assert shown is not None
            digits = len(shown.lstrip("-0.").replace(".", "").split("e")[0])
            # correctly rounded to the digits shown (±1 in the last one at most)
            unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(value))) - digits + 1)
            assert abs(mpmath.mpf(shown) - value) <= unit, (shown, value)
    if wrong.point == {"w1": "1/2", "b1": "-3/2", "x": "1", "y": "0"}:
        # the value printed in docs/check_steps.md: …6450890815 rounds to …645089081
        assert wrong.left_value == "0.052877092784266721547472559693973349749607645089081"


def test_an_identity_exact_at_binary_points_is_proved_not_refuted() -> None:
    # at w1 = 1/2, 2, 3/4 … both sides are computed exactly: the gap's enclosure is [0, 0]
    r = check_steps("w1*(w1 + 1)*(b1 - 2)\n = w1^2*b1 + w1*b1 - 2*w1^2 - 2*w1\n")
    assert r.status == "proved", r.links[0].detail
