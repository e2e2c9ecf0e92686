"""The sanity net: a proof the prover got wrong is a kernel error (exit 4), never "proved".

Every "proved" of ``check``, ``check --sizes`` and ``check-steps`` is evaluated at ≥ 20 points of
its domain (special points first: 0, ±1, ±1/2, the ends of assumed intervals, either side of a
ReLU kink; then random rationals) by interval arithmetic that shares no code with the prover. To
show it works, the prover is forced to say "proved" for false formulas (monkeypatched; the worker
process inherits the patch by fork): the result must be ``kernel-error`` with exit code 4 and the
point, and an independent mpmath model (written out here) must confirm that the formula is false
there. The net must also stay silent on true results, including cancellation-heavy ones, must
not call the prover, and must not outlive the time limit as a "proof".
"""

from __future__ import annotations

import json
import multiprocessing
import time
from fractions import Fraction
from typing import Any

import mpmath
import pytest
import sympy as sp

from gradproof.checker import check, check_steps, core, layers, links, signs
from gradproof.checker.network import Network
from gradproof.checker.parser import parse_expression
from gradproof.checker.signs import Range
from gradproof.cli import main

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="patch reaches the worker by fork"
)


def mp(text: str) -> Any:
    f = Fraction(text)
    return mpmath.mpf(f.numerator) / f.denominator


def sig(z: Any) -> Any:
    return 1 / (1 + mpmath.exp(-z))


def force_chain_proofs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chain prover says proved, whatever the claim; the counterexample search finds none."""
    monkeypatch.setattr(core, "prove_zero", lambda *_a, **_k: (True, "forced by the test"))
    monkeypatch.setattr(core, "is_identically_zero", lambda *_a, **_k: True)
    monkeypatch.setattr(core, "find_counterexample", lambda *_a, **_k: None)


def force_link_proofs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The link prover says proved, whatever the link; the search finds no violation."""
    monkeypatch.setattr(links, "find_violation", lambda *_a, **_k: None)
    monkeypatch.setattr(links, "_certify", lambda *_a, **_k: (True, "forced by the test"))
    monkeypatch.setattr(links, "prove_zero", lambda *_a, **_k: (True, "forced by the test"))


# ------------------------------------------------------------------ a forced wrong proof


@needs_fork
def test_a_forced_proof_of_a_false_chain_formula_is_a_kernel_error_with_exit_4(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    force_chain_proofs(monkeypatch)
    code = main(["check", "dC/dw1", "(a1 - y)*x", "--json"])  # σ′(z1) missing: false
    report = json.loads(capsys.readouterr().out)
    assert code == 4 and report["status"] == "kernel-error", report
    assert "sanity net" in report["detail"] and "bug" in report["detail"]
    ce = report["counterexample"]
    p = {k: mp(v) for k, v in ce["point"].items()}
    with mpmath.workdps(60):  # the independent model: the claim is false at the point shown
        s = sig(p["w1"] * p["x"] + p["b1"])
        claimed, true = (s - p["y"]) * p["x"], (s - p["y"]) * s * (1 - s) * p["x"]
        assert abs(claimed - true) > mpmath.mpf("1e-6")
        assert abs(mp_float(ce["claimed_value"]) - claimed) < mpmath.mpf("1e-25")
        assert abs(mp_float(ce["correct_value"]) - true) < mpmath.mpf("1e-25")
    assert main(["check", "dC/dw1", "(a1 - y)*x"]) == 4
    out = capsys.readouterr().out
    assert "KERNEL ERROR" in out and "claimed value" in out and "PROVED" not in out


def mp_float(text: str) -> Any:
    return mpmath.mpf(text)


@needs_fork
def test_a_forced_proof_of_the_correct_expression_is_checked_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the claim is refuted honestly, but the check of the displayed correct expression is a
    # proof as well: a forced false one must not pass
    monkeypatch.setattr(core.Network, "correct_text", lambda self, kind, index: "2*x*(a1 - y)")
    real = core.prove_zero
    monkeypatch.setattr(
        core,
        "prove_zero",
        lambda net, diff, simplify=True: (
            (True, "forced") if simplify else real(net, diff, simplify=False)
        ),
    )
    r = check("dC/dw1", "(a1 - y)*x")
    assert r.status == "kernel-error" and r.exit_code == 4, r.detail


@needs_fork
def test_a_forced_proof_of_a_false_sizes_formula_is_a_kernel_error_with_exit_4(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(layers, "prove_entry_zero", lambda *_a: True)
    monkeypatch.setattr(layers, "find_layer_counterexample", lambda *_a, **_k: None)
    code = main(["check", "--sizes", "1,2,1", "--json", "dC/dz1", "(W2.T @ delta2) * σ(z1)"])
    report = json.loads(capsys.readouterr().out)
    assert code == 4 and report["status"] == "kernel-error", report
    ce = report["counterexample"]
    p = {k: mp(v) for k, v in ce["point"].items()}
    r, _ = ce["entry"]
    with mpmath.workdps(60):  # BP1, BP2 written out for sizes (1, 2, 1)
        z1 = [p[f"W1[{j},1]"] * p["x[1]"] + p[f"b1[{j}]"] for j in (1, 2)]
        a1 = [sig(z) for z in z1]
        z2 = p["W2[1,1]"] * a1[0] + p["W2[1,2]"] * a1[1] + p["b2[1]"]
        delta2 = (sig(z2) - p["y[1]"]) * sig(z2) * (1 - sig(z2))
        back = p[f"W2[1,{r}]"] * delta2
        true = back * sig(z1[r - 1]) * (1 - sig(z1[r - 1]))
        claimed = back * sig(z1[r - 1])
        assert abs(claimed - true) > mpmath.mpf("1e-12")
        assert abs(mpmath.mpf(ce["claimed_value"]) - claimed) < mpmath.mpf("1e-25")
        assert abs(mpmath.mpf(ce["correct_value"]) - true) < mpmath.mpf("1e-25")


@needs_fork
def test_a_forced_proof_of_a_false_link_is_a_kernel_error_with_exit_4(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    force_link_proofs(monkeypatch)
    r = check_steps("dC/dw1\n = (a1 - y)*x\n")
    link = r.links[0]
    assert link.status == "kernel-error" and r.status == "kernel-error" and r.exit_code == 4
    assert r.case == "kernel_error" and "KERNEL ERROR" in r.summary
    assert link.point is not None and link.left_value and link.right_value
    p = {k: mp(v) for k, v in link.point.items()}
    with mpmath.workdps(60):
        s = sig(p["w1"] * p["x"] + p["b1"])
        left, right = (s - p["y"]) * s * (1 - s) * p["x"], (s - p["y"]) * p["x"]
        assert abs(left - right) > mpmath.mpf("1e-6")
        assert abs(mpmath.mpf(link.left_value) - left) < mpmath.mpf("1e-25")
        assert abs(mpmath.mpf(link.right_value) - right) < mpmath.mpf("1e-25")
    f = tmp_path / "wrong.txt"
    f.write_text("dC/dw1\n = (a1 - y)*x\n", encoding="utf-8")
    assert main(["check-steps", str(f)]) == 4
    out = capsys.readouterr().out
    assert "KERNEL-ERROR" in out and "at w1 = " in out
    assert main(["check-steps", str(f), "--json"]) == 4
    assert json.loads(capsys.readouterr().out)["status"] == "kernel-error"


@needs_fork
def test_a_forced_proof_of_a_false_inequality_fails_at_the_special_point_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # σ′(z1) ≤ 1/5 is false exactly where |z1| < 1.09…; the all-zero point has z1 = 0, σ′ = 1/4
    force_link_proofs(monkeypatch)
    r = check_steps("σ'(z1)\n <= 1/5\n")
    link = r.links[0]
    assert link.status == "kernel-error", link.detail
    assert link.point == {"w1": "0", "b1": "0", "x": "0", "y": "0"}
    assert mpmath.mpf(link.left_value) == mpmath.mpf("0.25")


@needs_fork
def test_a_kernel_error_outranks_a_refuted_link_in_the_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = links.find_violation
    calls: list[int] = []

    def first_link_unrefuted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return None if args[3] == "<=" else real(*args, **kwargs)

    monkeypatch.setattr(links, "find_violation", first_link_unrefuted)
    monkeypatch.setattr(links, "_certify", lambda *_a, **_k: (True, "forced by the test"))
    r = check_steps("σ'(z1)\n <= 1/5\n = 2\n")  # link 1 forced "proved" (false), link 2 refuted
    assert [link.status for link in r.links] == ["kernel-error", "refuted"]
    assert r.status == "kernel-error" and r.exit_code == 4 and r.case == "kernel_error"


# ------------------------------------------------------------------ no false alarms


@pytest.mark.parametrize(
    ("derivative", "claim", "options"),
    [
        ("dC/dw1", "x*step(z1)*(relu(z1) - y)", {"activation": "relu"}),
        ("dC/db2", "step(z2)*(relu(z2) - y)", {"activation": "relu", "layers": 2}),
        ("dC/dw1", "x*(σ(z1) - y)", {"cost": "cross_entropy"}),
        ("dC/db1", "tanh'(z1)*2*(a1 - y)", {"activation": "tanh", "cost": "squared"}),
        ("dC/dw1", "sum(x*σ'(z1)*(a1 - y))/n", {"pairs": 3, "average": True}),
    ],
)
def test_true_results_pass_the_net(derivative: str, claim: str, options: dict[str, Any]) -> None:
    r = check(derivative, claim, **options)
    assert r.status == "proved", r.detail
    assert "sanity net: the relation holds at" in r.detail


def test_the_net_confirms_at_least_twenty_points_of_the_domain_with_special_ones() -> None:
    net = Network(layers=2)
    claim = parse_expression("σ'(z2)*(a2 - y)", net)
    report = core.chain_net(net, net.true_derivative("b", 2), claim)
    assert report.ok and report.in_domain >= 20 and report.confirmed == report.in_domain
    assert report.special >= 8
    variables = core.chain_variables(net)
    first = [pt for pt, _ in zip(core.net_points(variables, {}), range(3), strict=False)]
    assert [set(pt.values()) for pt, _ in first] == [{0}, {1}, {-1}]


def test_the_net_puts_points_at_the_ends_of_assumed_intervals() -> None:
    w = sp.Symbol("w1", real=True)
    closed = {w: Range(sp.Integer(-1), sp.Integer(1), True, True)}
    opened = {w: Range(sp.Integer(-1), sp.Integer(1))}
    seen_closed = {pt[w] for pt, special in _first(core.net_points([w], closed), 12) if special}
    seen_open = {pt[w] for pt, special in _first(core.net_points([w], opened), 12) if special}
    assert {-1, 1} <= seen_closed
    assert {sp.Rational(-999, 1000), sp.Rational(999, 1000)} <= seen_open
    assert all(opened[w].contains(v) for v in seen_open)


def _first(it: Any, n: int) -> list[Any]:
    return [x for x, _ in zip(it, range(n), strict=False)]


def test_the_net_looks_either_side_of_every_relu_kink() -> None:
    net = Network(layers=2, activation="relu")
    pts = core.kink_points(net)
    z = [net.data[0].z[j] for j in (1, 2)]
    values = {(j, z[j - 1].xreplace(pt)) for pt in pts for j in (1, 2)}
    for j in (1, 2):
        for target in (0, sp.Rational(1, 1000), sp.Rational(-1, 1000)):
            assert (j, target) in values
    # at z = 0 the relu chain has no derivative: those points are outside the domain
    claim = parse_expression("step(z2)*(relu(z2) - y)", net)
    report = core.chain_net(net, net.true_derivative("b", 2), claim)
    assert report.ok and report.candidates > report.in_domain


def test_the_net_uses_none_of_the_provers_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the sanity net called the prover")

    for module, name in (
        (core, "prove_zero"),
        (core, "_atomize"),
        (core, "_rational_zero"),
        (core, "_relu_patterns"),
        (core, "is_identically_zero"),
        (signs, "certify_sign"),
        (links, "_certify"),
        (sp, "cancel"),
        (sp, "together"),
        (sp, "simplify"),
    ):
        monkeypatch.setattr(module, name, forbidden)
    net = Network(layers=2)
    true = net.true_derivative("w", 1)
    good = parse_expression("x*σ'(z1)*w2*σ'(z2)*(a2 - y)", net)
    bad = parse_expression("x*σ'(z1)*w2*(a2 - y)", net)
    assert core.chain_net(net, true, good).ok
    assert not core.chain_net(net, true, bad).ok


@needs_fork
def test_a_net_that_does_not_finish_in_time_leaves_the_result_undecided(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def slow(*_a: Any, **_k: Any) -> Any:
        time.sleep(600)

    monkeypatch.setattr(core, "sanity_net", slow)
    r = check("dC/dw1", "x*σ'(z1)*(a1 - y)", timeout=10)  # room to prove under load
    assert r.status == "undecided" and r.exit_code == 3
    assert "sanity net" in r.detail and "did not finish" in r.detail
    assert multiprocessing.active_children() == []
