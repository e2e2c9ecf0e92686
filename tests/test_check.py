"""``gradproof.check`` / ``gradproof check``: textbook gradients proved, wrong variants refuted.

Every counterexample is re-checked here independently of the checker: the network's forward pass
and the claimed formula are written out in mpmath, the true derivative is mpmath's numerical
differentiation of the cost at 60 digits, and the claim must differ from it at the reported point
while the reported values must match ours to 40 digits.
"""

from __future__ import annotations

import builtins
import json
import multiprocessing
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import pytest

from gradproof.checker import CheckInputError, CheckResult, check
from gradproof.checker.core import solve
from gradproof.checker.network import Network
from gradproof.checker.parser import parse_expression
from gradproof.cli import main

Params = dict[str, Any]

EQ_122 = "σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)"


# ----------------------------------------------------------------- an independent mpmath model


def mp_sigmoid(z: Any) -> Any:
    return 1 / (1 + mpmath.exp(-z))


def mp_sigmoid_prime(z: Any) -> Any:
    return mp_sigmoid(z) * (1 - mp_sigmoid(z))


def forward(P: Params, layers: int) -> tuple[list[Any], list[Any]]:
    """(z, a) lists with z[0] unused and a[0] = x, for a chain of sigmoid neurons."""
    zs: list[Any] = [None]
    acts: list[Any] = [P["x"]]
    for j in range(1, layers + 1):
        zs.append(P[f"w{j}"] * acts[-1] + P.get(f"b{j}", 0))
        acts.append(mp_sigmoid(zs[-1]))
    return zs, acts


def mp_cost(P: Params, layers: int, cost: str) -> Any:
    a = forward(P, layers)[1][-1]
    y = P["y"]
    if cost == "quadratic":
        return (y - a) ** 2 / 2
    if cost == "squared":
        return (y - a) ** 2
    return -(y * mpmath.log(a) + (1 - y) * mpmath.log(1 - a))


def mp_point(point: dict[str, str]) -> Params:
    out = {}
    for k, v in point.items():
        f = Fraction(v)
        out[k] = mpmath.mpf(f.numerator) / f.denominator
    return out


def mp_true_derivative(P: Params, layers: int, cost: str, var: str) -> Any:
    def c(t: Any) -> Any:
        return mp_cost({**P, var: t}, layers, cost)

    return mpmath.diff(c, P[var])


def assert_really_separates(
    result: CheckResult,
    claimed: Callable[[Params], Any],
    *,
    layers: int,
    cost: str,
    var: str,
) -> None:
    """Recompute both sides at the reported point at 60 digits, independently of the checker."""
    assert result.status == "refuted", result.detail
    assert result.counterexample is not None
    with mpmath.workdps(60):
        P = mp_point(result.counterexample.point)
        ours_claim = claimed(P)
        ours_true = mp_true_derivative(P, layers, cost, var)
        gap = abs(ours_claim - ours_true)
        assert gap > mpmath.mpf("1e-6") * max(1, abs(ours_true)), (ours_claim, ours_true)
        assert abs(mpmath.mpf(result.counterexample.claimed_value) - ours_claim) < mpmath.mpf(
            "1e-40"
        )
        assert abs(mpmath.mpf(result.counterexample.correct_value) - ours_true) < mpmath.mpf(
            "1e-40"
        )


def z_a(P: Params, layers: int) -> tuple[list[Any], list[Any]]:
    return forward(P, layers)


# ----------------------------------------------------------------- textbook formulas proved


def test_eq_122_bias_gradient_of_four_neuron_chain_is_proved() -> None:
    # Nielsen ch. 5 eq. (122) with the quadratic cost, so ∂C/∂a4 = a4 − y
    r = check("dC/db1", EQ_122, layers=4)
    assert r.status == "proved", r.detail
    assert r.exit_code == 0 and r.counterexample is None
    assert r.correct == EQ_122  # the backpropagation display is Nielsen's product, verbatim


def test_cross_entropy_gradient_is_proved_and_needs_no_sigma_prime() -> None:
    # lecture notes §1: ∂C/∂w = x(σ(z) − y) and ∂C/∂b = σ(z) − y
    assert check("dC/dw1", "x*(σ(z1) - y)", cost="cross_entropy").status == "proved"
    assert check("∂C/∂b₁", "sigmoid(z1) - y", cost="cross_entropy").status == "proved"


def test_quadratic_cost_gradient_is_proved() -> None:
    # lecture notes §1: ∂C/∂w = (a − y)σ′(z)x and ∂C/∂b = (a − y)σ′(z)
    assert check("dC/dw1", "(a1 - y)*σ'(z1)*x").status == "proved"
    assert check("dC/db1", "(a1 - y)*sigmoid_prime(z1)").status == "proved"


def test_seed_004_squared_error_chain_without_biases_summed_over_pairs_is_proved() -> None:
    # the “gradient vanish” blog post: four sigmoid units without biases, C = Σ (y − o)²,
    # gradient in the first weight
    claim = "sum(2*(a4 - y)*σ'(z4)*w4*σ'(z3)*w3*σ'(z2)*w2*σ'(z1)*x)"
    r = check("dC/dw1", claim, layers=4, cost="squared", biases=False, pairs=2)
    assert r.status == "proved", r.detail


def test_claim_written_with_explicit_exponentials_is_proved() -> None:
    r = check("dC/dw1", "x*(1/(1 + exp(-w1*x - b1)) - y)", cost="cross_entropy")
    assert r.status == "proved", r.detail


# ----------------------------------------------------------------- wrong variants refuted


def test_eq_122_missing_sigma_prime_is_refuted_at_a_separating_point() -> None:
    claim = "w2*σ'(z2)*w3*σ'(z3)*w4*σ'(z4)*(a4 - y)"
    r = check("dC/db1", claim, layers=4)

    def f(P: Params) -> Any:
        z, a = z_a(P, 4)
        s = mp_sigmoid_prime
        return P["w2"] * s(z[2]) * P["w3"] * s(z[3]) * P["w4"] * s(z[4]) * (a[4] - P["y"])

    assert_really_separates(r, f, layers=4, cost="quadratic", var="b1")
    assert r.exit_code == 1 and r.correct == EQ_122 and r.correct_checked


def test_eq_122_extra_weight_factor_is_refuted_at_a_separating_point() -> None:
    r = check("dC/db1", "w1*" + EQ_122, layers=4)

    def f(P: Params) -> Any:
        z, a = z_a(P, 4)
        s = mp_sigmoid_prime
        prod = s(z[1]) * P["w2"] * s(z[2]) * P["w3"] * s(z[3]) * P["w4"] * s(z[4])
        return P["w1"] * prod * (a[4] - P["y"])

    assert_really_separates(r, f, layers=4, cost="quadratic", var="b1")


def test_eq_122_wrong_sign_is_refuted_at_a_separating_point() -> None:
    r = check("dC/db1", EQ_122.replace("(a4 - y)", "(y - a4)"), layers=4)

    def f(P: Params) -> Any:
        z, a = z_a(P, 4)
        s = mp_sigmoid_prime
        prod = s(z[1]) * P["w2"] * s(z[2]) * P["w3"] * s(z[3]) * P["w4"] * s(z[4])
        return prod * (P["y"] - a[4])

    assert_really_separates(r, f, layers=4, cost="quadratic", var="b1")


@pytest.mark.parametrize(
    ("claim", "fn"),
    [
        ("(a1 - y)*x", lambda P, z, a: (a[1] - P["y"]) * P["x"]),
        (
            "w1*(a1 - y)*σ'(z1)*x",
            lambda P, z, a: P["w1"] * (a[1] - P["y"]) * mp_sigmoid_prime(z[1]) * P["x"],
        ),
        ("(y - a1)*σ'(z1)*x", lambda P, z, a: (P["y"] - a[1]) * mp_sigmoid_prime(z[1]) * P["x"]),
    ],
    ids=["missing_sigma_prime", "extra_weight", "wrong_sign"],
)
def test_wrong_quadratic_gradient_variants_are_refuted(claim: str, fn: Any) -> None:
    r = check("dC/dw1", claim)

    def f(P: Params) -> Any:
        z, a = z_a(P, 1)
        return fn(P, z, a)

    assert_really_separates(r, f, layers=1, cost="quadratic", var="w1")


@pytest.mark.parametrize(
    ("claim", "fn"),
    [
        (
            "x*(σ(z1) - y)*σ'(z1)",
            lambda P, z, a: P["x"] * (a[1] - P["y"]) * mp_sigmoid_prime(z[1]),
        ),
        ("w1*x*(σ(z1) - y)", lambda P, z, a: P["w1"] * P["x"] * (a[1] - P["y"])),
        ("x*(y - σ(z1))", lambda P, z, a: P["x"] * (P["y"] - a[1])),
    ],
    ids=["spurious_sigma_prime", "extra_weight", "wrong_sign"],
)
def test_wrong_cross_entropy_gradient_variants_are_refuted(claim: str, fn: Any) -> None:
    r = check("dC/dw1", claim, cost="cross_entropy")

    def f(P: Params) -> Any:
        z, a = z_a(P, 1)
        return fn(P, z, a)

    assert_really_separates(r, f, layers=1, cost="cross_entropy", var="w1")


def test_difference_of_one_part_in_ten_to_the_48_is_still_refuted() -> None:
    # the claim is the true gradient plus the constant 10⁻⁴⁸: the difference is known exactly
    r = check("dC/db2", "σ'(z2)*(a2 - y) + (1/1000000)**8", layers=2)
    assert r.status == "refuted" and r.counterexample is not None
    with mpmath.workdps(60):
        reported = mpmath.mpf(r.counterexample.difference)
        assert abs(reported - mpmath.mpf("1e-48")) < mpmath.mpf("1e-90")


def test_counterexample_gives_every_variable_of_the_network() -> None:
    r = check("dC/dw2", "a1*(a2 - y)", layers=2)
    assert r.counterexample is not None
    assert set(r.counterexample.point) == {"w1", "w2", "b1", "b2", "x", "y"}
    for v in r.counterexample.point.values():
        Fraction(v)  # exact rationals


# ----------------------------------------------------------------- other activations and sums


def test_relu_chain_gradient_is_proved_off_the_kinks_and_missing_step_is_refuted() -> None:
    good = check("dC/dw1", "x*step(z1)*w2*step(z2)*(a2 - y)", layers=2, activation="relu")
    assert good.status == "proved", good.detail
    assert "no z_j is 0" in good.domain
    bad = check("dC/dw1", "x*w2*step(z2)*(a2 - y)", layers=2, activation="relu")
    assert bad.status == "refuted" and bad.counterexample is not None
    # at the point shown the first unit is off (z1 < 0), so the true gradient is 0
    with mpmath.workdps(60):
        P = mp_point(bad.counterexample.point)
        z1 = P["w1"] * P["x"] + P["b1"]
        a1 = max(z1, 0)
        z2 = P["w2"] * a1 + P["b2"]
        a2 = max(z2, 0)
        assert z1 != 0 and z2 != 0
        claimed = P["x"] * P["w2"] * (1 if z2 > 0 else 0) * (a2 - P["y"])
        true = P["x"] * (1 if z1 > 0 else 0) * P["w2"] * (1 if z2 > 0 else 0) * (a2 - P["y"])
        assert claimed != true
        assert abs(mpmath.mpf(bad.counterexample.claimed_value) - claimed) < mpmath.mpf("1e-40")


def test_tanh_chain_with_squared_error_is_proved() -> None:
    r = check(
        "dC/db1", "tanh'(z1)*w2*tanh'(z2)*2*(a2 - y)", layers=2, activation="tanh", cost="squared"
    )
    assert r.status == "proved", r.detail


def test_average_over_pairs_needs_the_one_over_n() -> None:
    assert check("dC/db1", "sum((a1 - y)*σ'(z1))/n", pairs=3, average=True).status == "proved"
    r = check("dC/db1", "sum((a1 - y)*σ'(z1))", pairs=3, average=True)
    assert r.status == "refuted"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"layers": 3},
        {"layers": 2, "biases": False},
        {"layers": 2, "activation": "tanh"},
        {"layers": 2, "activation": "relu", "cost": "squared"},
        {"layers": 3, "cost": "cross_entropy"},
        {"layers": 2, "pairs": 2, "average": True},
    ],
)
def test_displayed_correct_expression_is_itself_proved(kwargs: dict[str, Any]) -> None:
    net = Network(**kwargs)
    names = ["dC/dw1", f"dC/dw{net.layers}"]
    if net.biases:
        names.append("dC/db1")
    if net.pairs is None:
        names.append("dC/dx")
    for name in names:
        kind = name[4]
        index = 0 if kind == "x" else int(name[5:])
        text = net.correct_text(kind, index)
        r = check(name, text, **kwargs)
        assert r.status == "proved", (name, text, r.detail)
        assert r.correct == text


# ----------------------------------------------------------------- time limit, bad input


def test_time_limit_gives_undecided_not_a_hang() -> None:
    claim = "sum(" + "*".join(f"σ'(z{j})*w{j + 1}" for j in range(1, 8)) + "*σ'(z8)*(a8 - y))"
    r = check("dC/db1", claim, layers=8, pairs=4, timeout=0.2)
    assert r.status == "undecided" and r.exit_code == 3
    assert "time limit" in r.detail
    assert multiprocessing.active_children() == []  # the worker was stopped, not left running


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="patch reaches the worker by fork"
)
def test_refutation_survives_when_the_proof_of_the_correct_expression_times_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from gradproof.checker import core

    cheap_proof = core.prove_zero

    def never_finishes(*args: Any, simplify: bool = True) -> tuple[bool, str]:
        if not simplify:  # the claim's quick exact attempt runs (and fails: the claim is false)
            return cheap_proof(*args, simplify=False)
        time.sleep(600)  # the full proof of the correct expression never ends
        return False, "unreachable"

    monkeypatch.setattr(core, "prove_zero", never_finishes)
    r = check("dC/dw1", "(a1 - y)*x", timeout=3)
    assert r.status == "refuted" and r.counterexample is not None
    assert r.correct_checked is False and "did not finish" in r.detail
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("derivative", "expression", "kwargs", "message"),
    [
        ("dC/dw1", "q1", {}, "unknown name 'q1'"),
        ("dC/dw1", "w3", {"layers": 2}, "unknown variable 'w3'"),
        ("dC/dw1", "b1", {"biases": False}, "no biases"),
        ("dC/dw1", "z0", {}, "unknown variable 'z0'"),
        ("dC/dw1", "sum(x)", {}, "pairs=n"),
        ("dC/dw1", "x", {"pairs": 2}, "inside sum"),
        ("dC/dw1", "sum(sum(x))", {"pairs": 2}, "cannot be nested"),
        ("dC/dw5", "x", {"layers": 4}, "w1 … w4"),
        ("dC/dq", "x", {}, "not understood"),
        ("dC/dx", "sum(x)", {"pairs": 2}, "one training pair"),
        ("dC/dw1", "x", {"activation": "tanh", "cost": "cross_entropy"}, "activation 'sigmoid'"),
        ("dC/dw1", "x", {"layers": 0}, "layers must be between 1 and 8"),
        ("dC/dw1", "x", {"activation": "softmax"}, "activation must be one of"),
        ("dC/dw1", "x", {"timeout": 0}, "timeout must be a positive number"),
        ("dC/dw1", "x", {"timeout": float("inf")}, "at most 86400"),
        ("dC/dw1", "x", {"timeout": 1e300}, "at most 86400"),
        ("dC/dw1", "x*σ'(z1)*(a1 - y) + log(-1)", {}, "not a real number"),
        ("dC/dw1", "1/(w1 - w1)", {}, "division by zero"),
    ],
)
def test_bad_input_names_the_problem(
    derivative: str, expression: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(CheckInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check(derivative, expression, **kwargs)


def test_undecided_never_claims_agreement_at_points_it_could_not_compare() -> None:
    # log(−e^{w1}) is not real anywhere, so no test point can compare the two sides
    r = check("dC/dw1", "x*σ'(z1)*(a1 - y) + log(-exp(w1))")
    assert r.status == "undecided" and r.exit_code == 3
    assert "nothing could be compared" in r.detail and "agrees" not in r.detail


def test_user_text_never_reaches_eval_or_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_eval, real_exec = builtins.eval, builtins.exec

    # source text passed to eval/exec is what sympify does with strings; module imports pass
    # code objects, which are not user text
    def spy_eval(*args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], str):
            calls.append(f"eval{args[:1]!r}")
        return real_eval(*args, **kwargs)

    def spy_exec(*args: Any, **kwargs: Any) -> Any:
        # SymPy's polynomial rings generate their monomial helpers from the number of variables
        # (sympy.polys.monomials.MonomialOps, e.g. "def monomial_gcd(A, B): ..."): not user text
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if args and isinstance(args[0], str) and caller != "sympy.polys.monomials":
            calls.append(f"exec{args[:1]!r}")
        return real_exec(*args, **kwargs)

    monkeypatch.setattr(builtins, "eval", spy_eval)
    monkeypatch.setattr(builtins, "exec", spy_exec)
    spec = {"layers": 2, "activation": "sigmoid", "cost": "quadratic"}
    proved = solve(spec, "dC/db1", "σ'(z1)*w2*σ'(z2)*(a2 - y)")
    refuted = solve(spec, "dC/db1", "w2*σ'(z2)*(a2 - y)")
    parse_expression("exp(-x)/(1 + exp(-x))**2 + log(σ(z1)) + tanh(w1)**3", Network(layers=2))
    assert proved["status"] == "proved" and refuted["status"] == "refuted"
    assert calls == []


# ----------------------------------------------------------------- the command line


def test_cli_exit_codes_follow_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "dC/db1", EQ_122, "--layers", "4"]) == 0
    assert "PROVED" in capsys.readouterr().out
    assert main(["check", "dC/dw1", "(a1 - y)*x"]) == 1
    out = capsys.readouterr().out
    assert "REFUTED" in out and "claimed value" in out and "x*σ'(z1)*(a1 - y)" in out
    assert main(["check", "dC/dw1", "__import__('os')"]) == 2
    assert "bad input" in capsys.readouterr().err
    claim = "sum(" + "*".join(f"σ'(z{j})*w{j + 1}" for j in range(1, 8)) + "*σ'(z8)*(a8 - y))"
    code = main(["check", "dC/db1", claim, "--layers", "8", "--pairs", "4", "--timeout", "0.2"])
    assert code == 3
    assert "UNDECIDED" in capsys.readouterr().out


def test_cli_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "dC/dw1", "x*(σ(z1) - y)*σ'(z1)", "--cost", "cross_entropy", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(report) == {
        "status",
        "derivative",
        "network",
        "claimed",
        "correct",
        "correct_checked",
        "definitions",
        "domain",
        "counterexample",
        "detail",
        "seconds",
    }
    assert report["status"] == "refuted" and report["derivative"] == "∂C/∂w1"
    assert set(report["network"]) == {
        "layers",
        "activation",
        "cost",
        "biases",
        "pairs",
        "average",
        "description",
    }
    assert report["correct"] == "x*(a1 - y)" and report["correct_checked"] is True
    ce = report["counterexample"]
    assert set(ce) == {"point", "claimed_value", "correct_value", "difference"}
    assert set(ce["point"]) == {"w1", "b1", "x", "y"}
    assert main(["check", "dC/dw1", "x[0]", "--json"]) == 2
    bad = json.loads(capsys.readouterr().out)
    assert bad["status"] == "invalid" and "not allowed" in bad["error"]
    assert main(["check", "dC/dw1", "x", "--timeout", "inf", "--json"]) == 2
    bad = json.loads(capsys.readouterr().out)
    assert bad["status"] == "invalid" and "timeout" in bad["error"]


# ----------------------------------------------------------------- prove first, capped precision

EIGHT_LAYER_TRUE = "*".join(f"σ'(z{j})*w{j + 1}" for j in range(1, 8)) + "*σ'(z8)*(a8 - y)"


def test_a_true_formula_is_proved_without_any_counterexample_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gradproof.checker import core

    def no_search(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the counterexample search ran although the proof closes")

    monkeypatch.setattr(core, "find_counterexample", no_search)
    answer = core.solve({"layers": 8}, "dC/db1", EIGHT_LAYER_TRUE)
    assert answer["status"] == "proved", answer
    assert "cancels to 0 as a rational function" in answer["detail"]


def test_a_false_formula_is_refuted_after_the_quick_proof_fails() -> None:
    from gradproof.checker import core

    wrong = "σ'(z1)*w2*σ'(z2)*w3*σ'(z3)*w4*(a4 - y)"  # eq. (122) for 4 layers without σ′(z4)
    net = core.Network(layers=4)
    kind, index = core.parse_derivative("dC/db1", net)
    diff = core.parse_expression(wrong, net) - net.true_derivative(kind, index)
    assert core.prove_zero(net, diff, simplify=False) == (
        False,
        "the difference is not 0 as a rational function",
    )
    answer = core.solve({"layers": 4}, "dC/db1", wrong)
    assert answer["status"] == "refuted", answer


def test_evalf_never_raises_precision_without_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import sympy as sp

    from gradproof.checker import core

    asked: list[tuple[int, object]] = []
    real_evalf = sp.Expr.evalf

    def spy(self: Any, n: int = 15, *args: Any, **kwargs: Any) -> Any:
        if n >= core.DIGITS:  # SymPy's own low-precision evalf calls (sign tests) aside
            asked.append((n, kwargs.get("maxn")))
        return real_evalf(self, n, *args, **kwargs)

    monkeypatch.setattr(sp.Expr, "evalf", spy)
    x = sp.Rational(1, 3)
    exact_zero = sp.Add(sp.exp(x) * sp.exp(-x), -1, sp.sin(x) ** 2, sp.cos(x) ** 2, -1)
    value = core._value(exact_zero)
    assert asked == [
        (core.DIGITS, core.DIGITS + core.EXTRA_DIGITS),
        (2 * core.DIGITS, 2 * core.DIGITS + core.EXTRA_DIGITS),
    ]
    assert value is None or value[0] == 0 or value[1] >= abs(value[0]) * sp.Float("1e-20")


def test_nonzero_filter_sees_a_nonzero_rational_function_and_passes_an_identity() -> None:
    import sympy as sp

    from gradproof.checker import core

    t, w = sp.Symbol("t", positive=True), sp.Symbol("w")
    assert core._nonzero_somewhere(w / (1 + t) - w * t / (1 + t))
    assert not core._nonzero_somewhere(w / (1 + t) + w * t / (1 + t) - w)
